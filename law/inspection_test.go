package law

import (
	"testing"

	"zhifa"
)

// TestInitiation: an inspection case names how it was initiated, the other kinds do not;
// only a random draw is counted as 双随机抽查, whatever the item is called.
func TestInitiation(t *testing.T) {
	for _, tc := range []struct {
		kind    zhifa.CaseKind
		in      zhifa.Initiation
		ok      bool
		random  bool
		comment string
	}{
		{zhifa.CaseInspection, zhifa.InitRandom, true, true, "a random draw"},
		{zhifa.CaseInspection, zhifa.InitComplaint, true, false, "on a complaint, even under an item named 抽查"},
		{zhifa.CaseInspection, zhifa.InitAssigned, true, false, "assigned by a superior"},
		{zhifa.CaseInspection, zhifa.InitExOfficio, true, false, "of the agency's own motion"},
		{zhifa.CaseInspection, "", false, false, "required for an inspection"},
		{zhifa.CaseInspection, "daily", false, false, "unknown"},
		{zhifa.CasePenalty, zhifa.InitRandom, false, true, "a penalty case has none"},
		{zhifa.CasePenalty, "", true, false, "a penalty case without one"},
		{zhifa.CaseCompulsory, "", true, false, "a compulsory case without one"},
	} {
		if got := InitiationProblem(tc.kind, tc.in) == ""; got != tc.ok {
			t.Errorf("%s: InitiationProblem(%s, %q) ok = %v, want %v", tc.comment, tc.kind, tc.in, got, tc.ok)
		}
		if got := RandomInspection(tc.in); got != tc.random {
			t.Errorf("%s: RandomInspection(%q) = %v, want %v", tc.comment, tc.in, got, tc.random)
		}
	}
	for _, in := range zhifa.Initiations {
		if !in.Valid() || InitiationProblem(zhifa.CaseInspection, in) != "" {
			t.Errorf("offered initiation %s refused", in)
		}
	}
}
