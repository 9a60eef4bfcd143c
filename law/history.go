package law

import (
	"fmt"
	"slices"

	"zhifa"
)

// The party's history (issue 10): 行政处罚法第二十九条 (一事不再罚) and 第三十三条第一款
// (首违不罚: 初次违法). The history is the cases of the case's agency and its peers that
// name the same party by 统一社会信用代码 or 身份证号 (app reads them with PartyCases).

// Citations of the history rules.
const (
	RuleOneFine      = "行政处罚法第二十九条"
	RuleFirstOffence = "行政处罚法第三十三条第一款"
	// FirstOffenceEntry is the built-in 首违不罚 entry (BuiltinListEntries).
	FirstOffenceEntry = "APL33-1B"
)

// SameParty reports whether two cases name a common party: the same 统一社会信用代码 or
// the same 身份证号.
func SameParty(a, b *zhifa.Case) bool {
	for _, p := range a.Parties {
		for _, q := range b.Parties {
			if (p.CreditCode != "" && p.CreditCode == q.CreditCode) || (p.IDNumber != "" && p.IDNumber == q.IDNumber) {
				return true
			}
		}
	}
	return false
}

// SameAct reports whether other is a case on the same act as c (Art. 29): another penalty
// case against a common party, for the same item and the same act date.
func SameAct(c, other *zhifa.Case) bool {
	return other.ID != c.ID && other.Kind == zhifa.CasePenalty && other.ItemID == c.ItemID &&
		!c.OccurredOn.IsZero() && other.OccurredOn == c.OccurredOn && SameParty(c, other)
}

// fined reports whether a case decided a fine that stands: decided with a fine and not
// withdrawn (撤案).
func fined(c *zhifa.Case) bool {
	if c.State.DecidedOn.IsZero() || c.Outcome == zhifa.OutcomeWithdrawn {
		return false
	}
	return c.State.FineFen > 0 || (c.State.Proposal != nil && c.State.Proposal.FineFen > 0)
}

// SameActWarning is the warning at filing when the history holds a case on the same act
// (Art. 29); "" if none.
func SameActWarning(c *zhifa.Case, history []*zhifa.Case) string {
	for _, o := range history {
		if SameAct(c, o) {
			return fmt.Sprintf("当事人同一违法行为（同一执法事项、违法行为发生日%s）已有案件%s：对同一个违法行为不得给予两次以上罚款的行政处罚（%s）", c.OccurredOn.Chinese(), o.Number, RuleOneFine)
		}
	}
	return ""
}

// CheckOneFine refuses a second fine for the same act (Art. 29): a proposal with a fine
// while a case on the same act decided a fine that stands.
func CheckOneFine(c *zhifa.Case, history []*zhifa.Case, p *zhifa.Proposal) error {
	if p.NoPenalty || !slices.Contains(p.Penalties, "罚款") {
		return nil
	}
	for _, o := range history {
		if SameAct(c, o) && fined(o) {
			return Gate(RuleOneFine, fmt.Sprintf("当事人的同一违法行为已于%s由案件%s决定罚款，对同一个违法行为不得给予两次以上罚款的行政处罚", o.State.DecidedOn.Chinese(), o.Number))
		}
	}
	return nil
}

// CheckFirstOffence applies 首违不罚 (Art. 33 ¶1: 初次违法且危害后果轻微并及时改正的，可以
// 不予行政处罚): citing the entry needs a party without an earlier penalty decision in the
// history. Its other conditions (危害后果轻微, 及时改正) are stated in the reason.
func CheckFirstOffence(c *zhifa.Case, history []*zhifa.Case, p *zhifa.Proposal) error {
	if !slices.Contains(p.ListEntries, FirstOffenceEntry) {
		return nil
	}
	for _, o := range history {
		decided := !o.State.DecidedOn.IsZero() && o.Outcome != zhifa.OutcomeWithdrawn && o.Outcome != zhifa.OutcomeNoPenalty
		if o.ID != c.ID && o.Kind == zhifa.CasePenalty && decided && SameParty(c, o) {
			return Gate(RuleFirstOffence, fmt.Sprintf("当事人曾受行政处罚（案件%s，%s决定），不属于初次违法，不能适用首违不罚", o.Number, o.State.DecidedOn.Chinese()))
		}
	}
	return nil
}
