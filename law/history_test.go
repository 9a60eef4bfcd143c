package law

import (
	"testing"

	"zhifa"
)

// TestHistoryRules: 行政处罚法第二十九条 (a second fine for the same act is refused, filing
// a case on it warns) and 第三十三条第一款 (首违不罚 needs a first violation).
func TestHistoryRules(t *testing.T) {
	firm := zhifa.Party{Kind: zhifa.PartyOrg, Name: "某公司", CreditCode: "91350100M000100Y43"}
	other := zhifa.Party{Kind: zhifa.PartyOrg, Name: "另一公司", CreditCode: "91350100M000200Y11"}
	day := zhifa.MustDate("2026-02-20")
	c := &zhifa.Case{ID: 9, Kind: zhifa.CasePenalty, ItemID: 1, OccurredOn: day, Parties: []zhifa.Party{firm}}
	decided := func(id int64, item int64, on zhifa.Date, p zhifa.Party, fine int64, outcome zhifa.Outcome) *zhifa.Case {
		return &zhifa.Case{ID: id, Number: "东市监罚〔2026〕" + string(rune('0'+id)) + "号", Kind: zhifa.CasePenalty, ItemID: item, OccurredOn: on,
			Parties: []zhifa.Party{p}, Outcome: outcome, State: zhifa.CaseState{DecidedOn: zhifa.MustDate("2026-03-01"), FineFen: fine}}
	}
	fine := &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 100_00}
	warning := &zhifa.Proposal{Penalties: []string{"警告"}}
	first := &zhifa.Proposal{ListEntries: []string{FirstOffenceEntry}}
	for _, tc := range []struct {
		name    string
		history []*zhifa.Case
		p       *zhifa.Proposal
		warn    bool
		rule    string
	}{
		{"no history", nil, fine, false, ""},
		{"same act fined", []*zhifa.Case{decided(1, 1, day, firm, 500_00, zhifa.OutcomePenalty)}, fine, true, RuleOneFine},
		{"same act fined, a warning only now", []*zhifa.Case{decided(1, 1, day, firm, 500_00, zhifa.OutcomePenalty)}, warning, true, ""},
		{"same act, first case withdrawn", []*zhifa.Case{decided(1, 1, day, firm, 500_00, zhifa.OutcomeWithdrawn)}, fine, true, ""},
		{"same act, not yet decided", []*zhifa.Case{{ID: 2, Kind: zhifa.CasePenalty, ItemID: 1, OccurredOn: day, Parties: []zhifa.Party{firm}}}, fine, true, ""},
		{"another act date", []*zhifa.Case{decided(1, 1, day.AddDays(-1), firm, 500_00, zhifa.OutcomePenalty)}, fine, false, ""},
		{"another item", []*zhifa.Case{decided(1, 2, day, firm, 500_00, zhifa.OutcomePenalty)}, fine, false, ""},
		{"another party", []*zhifa.Case{decided(1, 1, day, other, 500_00, zhifa.OutcomePenalty)}, fine, false, ""},
		{"首违不罚 with an earlier penalty", []*zhifa.Case{decided(1, 2, day.AddDays(-100), firm, 500_00, zhifa.OutcomePenalty)}, first, false, RuleFirstOffence},
		{"首违不罚 after a 不予处罚 only", []*zhifa.Case{decided(1, 2, day.AddDays(-100), firm, 0, zhifa.OutcomeNoPenalty)}, first, false, ""},
		{"首违不罚 on a clean history", nil, first, false, ""},
	} {
		if got := SameActWarning(c, tc.history) != ""; got != tc.warn {
			t.Errorf("%s: warning %v, want %v", tc.name, got, tc.warn)
		}
		err := CheckOneFine(c, tc.history, tc.p)
		if err == nil {
			err = CheckFirstOffence(c, tc.history, tc.p)
		}
		got := ""
		if e, ok := err.(*zhifa.Error); ok {
			got = e.Rule
		} else if err != nil {
			got = err.Error()
		}
		if got != tc.rule {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.rule)
		}
	}
}
