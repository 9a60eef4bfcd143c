package report

import (
	"testing"

	"zhifa"
)

// TestFigures: the counts become figures with stable keys — acts by item category (the
// confirmation, payment and other categories together), inspections split by initiation (a random draw or not),
// penalty kinds from the masks (a decision with two kinds counts under both), remedies by
// kind and outcome, publications, licence decisions received by kind (and among the
// acts) — and Sum adds reports by key without their notes.
func TestFigures(t *testing.T) {
	n := &zhifa.AnnualCounts{
		Acts: []zhifa.StatCount{{Key: "penalty", Label: "penalty", Count: 3}, {Key: "penalty", Label: "payment", Count: 1},
			{Key: "penalty", Label: "other", Count: 2}, {Key: "compulsory", Label: "compulsion", Count: 4}},
		PenaltyMasks: []zhifa.StatCount{{Key: "5", Count: 2, Sum: 300, Hits: 0}, {Key: "4", Count: 1, Sum: 100}, {Key: "x", Count: 9}},
		Inspections:  []zhifa.StatCount{{Key: "random", Count: 5}, {Key: "complaint", Count: 1}, {Key: "ex_officio", Count: 1}},
		FinesFen:     400, ConfiscatedFen: 50, Hearings: 1,
		Reviews:      []zhifa.StatCount{{Key: "passed", Count: 2}, {Key: "pending", Count: 1}},
		Remedies:     []zhifa.StatCount{{Key: "reconsideration/revoke", Count: 1}, {Key: "litigation/uphold", Count: 2}},
		Publications: zhifa.StatCount{Count: 6, Hits: 5, Sum: 1},
		Licences:     []zhifa.StatCount{{Key: "grant", Count: 4}, {Key: "revoke", Count: 1}},
	}
	figs := Figures(n)
	want := map[string]int64{"acts.penalty": 3, "acts.compulsion": 4, "acts.other": 3, "acts.license": 5,
		"licence.grant": 4, "licence.revoke": 1, "licence.refuse": 0,
		"acts.inspection_random": 5, "acts.inspection_other": 2, "penalty.0": 2, "penalty.2": 3, "penalty.1": 0,
		"money.fines": 400, "money.confiscated": 50, "hearings": 1, "reviews": 3,
		"remedy.reconsideration.revoke": 1, "remedy.litigation.uphold": 2, "remedy.litigation.revoke": 0,
		"publications.due": 6, "publications.on_time": 5, "publications.declined": 1}
	got := map[string]int64{}
	for _, f := range figs {
		if _, dup := got[f.Key]; dup {
			t.Errorf("figure %s twice", f.Key)
		}
		got[f.Key] = f.Value
		if f.Label == "" || f.Group == "" || (f.Unit != UnitCount && f.Unit != UnitYuan) {
			t.Errorf("figure %+v", f)
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d", k, got[k], v)
		}
	}
	a := &zhifa.AnnualReport{Figures: Figures(n)}
	a.Figures[0].Note = "说明"
	sum := Sum([]*zhifa.AnnualReport{a, {Figures: Figures(n)}})
	if len(sum) != len(figs) || sum[1].Value != 2*figs[1].Value || sum[0].Note != "" {
		t.Errorf("sum: %+v", sum[:2])
	}
	if ValueText(zhifa.ReportFigure{Value: 123456, Unit: UnitYuan}) != "1234.56" || ValueText(zhifa.ReportFigure{Value: 7, Unit: UnitCount}) != "7" {
		t.Errorf("value text")
	}
}
