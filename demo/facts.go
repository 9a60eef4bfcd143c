package demo

import (
	"slices"
	"strings"

	"zhifa/app/catalog"
)

// The facts of a demo case state the violation its item names (issue 12: a decision
// states what the case holds, so a case's facts must be those of its item).

// violationOf is the violation an item names: "对…的行政处罚" without its frame.
func violationOf(itemName string) string {
	return strings.TrimSuffix(strings.TrimPrefix(itemName, "对"), "的行政处罚")
}

// itemFacts states the facts of a penalty case of the item, found the way source says.
func itemFacts(source, itemName, party string) string {
	return source + "，当事人" + party + "涉嫌" + violationOf(itemName) + "。"
}

// preferItems orders the items with those whose name holds want first, keeping the order
// otherwise, so that a case filed from a complaint is filed under the item it reports.
func preferItems(items []*catalog.ItemView, want string) []*catalog.ItemView {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b *catalog.ItemView) int {
		ha, hb := strings.Contains(a.Name, want), strings.Contains(b.Name, want)
		switch {
		case ha && !hb:
			return -1
		case hb && !ha:
			return 1
		}
		return 0
	})
	return out
}
