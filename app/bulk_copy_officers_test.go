package app

import (
	"slices"
	"testing"
)

// TestMapOfficerList: a copy's evidence.add entry names the copy's officers in the
// order the evidence row keeps them (ascending), an officer the map does not name kept.
func TestMapOfficerList(t *testing.T) {
	ids := map[int64]int64{3: 40, 7: 12}
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"3,7", "12,40"},
		{"7", "12"},
		{"3,9", "9,40"},
		{"9", "9"},
	} {
		got, err := mapOfficerList(tc.in, ids)
		if err != nil || got != tc.want {
			t.Errorf("mapOfficerList(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := mapOfficerList("3,x", ids); err == nil {
		t.Error("a list with no ID was mapped")
	}
	om := &officerMap{ids: ids}
	if got := om.mapped([]int64{3, 7, 9}); !slices.Equal(got, []int64{9, 12, 40}) {
		t.Errorf("mapped = %v", got)
	}
}

// TestOfficersKeyClass: evidence.add's officers are mapped for a copy, not kept, and a
// decision's handlers (their names) are substituted as text.
func TestOfficersKeyClass(t *testing.T) {
	if k, ok := entryKeyClass("case.decide", "review_handlers"); !ok || k.class != metaText {
		t.Errorf("case.decide/review_handlers: %+v %v", k, ok)
	}
	k, ok := entryKeyClass("evidence.add", "officers")
	if !ok || k.class != metaOfficers {
		t.Fatalf("evidence.add/officers: %+v %v", k, ok)
	}
	if b := entryBlockers("evidence.add", map[string]string{"officers": "1,2"}); len(b) != 0 {
		t.Errorf("officers block a model: %v", b)
	}
}
