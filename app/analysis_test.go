package app_test

import (
	"context"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/analysis"
	"zhifa/law"
)

// TestAnalysisFineOutlier: a decision whose fine lies far above the fines of the same
// item and benchmark level (同案不同罚, 行政处罚法第五条第二款) is found in the decision's own
// transaction, with the rule, the figures and the case as its evidence; the supervisor
// sees it across the government, another government's admin does not (D5, H4).
func TestAnalysisFineOutlier(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a case to its decision")
	}
	w := newCaseWorld(t)
	ctx := context.Background()
	// Eight decided peers of the item without a benchmark level, 1,000 to 1,700 yuan.
	var peers []int64
	for range law.OutlierMinPeers {
		peers = append(peers, w.file(t, w.input(zhifa.CasePenalty)).ID)
	}
	v := w.decidedAt(t, 500000, func() {
		if err := w.store.Update(ctx, func(tx zhifa.Tx) error {
			for i, id := range peers {
				if err := tx.AddCaseFine(ctx, zhifa.CaseFine{CaseID: id, ItemID: peersItem(t, w, id), ScopeID: w.market.ID,
					FineFen: int64(100000 + 10000*i), DecidedOn: zhifa.MustDate("2026-02-27")}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
	page, err := w.app.Analysis().List(w.as(t, "supervisor1"), analysis.Filter{Kind: zhifa.AnalysisFineOutlier})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 {
		t.Fatalf("warnings %+v", page.Items)
	}
	got := page.Items[0]
	if got.Subject != "case/"+itoa(int(v.ID)) || got.AgencyID != w.market.ID || got.Rule != law.RuleFineOutlier ||
		len(got.Evidence) != 1 || got.Evidence[0].Label != v.Number || !strings.Contains(got.Finding, "5000") ||
		!strings.Contains(got.Finding, "其他8件") {
		t.Errorf("warning %+v", got.AnalysisWarning)
	}
	if page, err := w.app.Analysis().List(w.as(t, "outsider"), analysis.Filter{}); err != nil || len(page.Items) != 0 {
		t.Errorf("another government's admin: %+v %v", page, err)
	}
	counts, err := w.app.Analysis().Counts(w.as(t, "head1"))
	if err != nil || counts[zhifa.AnalysisFineOutlier] != 1 {
		t.Errorf("head's counts %v %v", counts, err)
	}
}

// TestAnalysisFinePeerScope: fines of another scope (another agency's practice without a
// benchmark, or another benchmark) and fines older than the window do not make a peer
// group: the same far fine then raises no warning (law.FinePeerScope, FinePeerSince).
func TestAnalysisFinePeerScope(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a case to its decision")
	}
	w := newCaseWorld(t)
	ctx := context.Background()
	var peers []int64
	for range 2 * law.OutlierMinPeers {
		peers = append(peers, w.file(t, w.input(zhifa.CasePenalty)).ID)
	}
	w.decidedAt(t, 500000, func() {
		if err := w.store.Update(ctx, func(tx zhifa.Tx) error {
			for i, id := range peers {
				f := zhifa.CaseFine{CaseID: id, ItemID: peersItem(t, w, id), ScopeID: w.bureau.ID,
					FineFen: int64(100000 + 10000*i), DecidedOn: zhifa.MustDate("2026-02-27")}
				if i%2 == 1 { // the market bureau's own, but decided before the three years
					f.ScopeID, f.DecidedOn = w.market.ID, zhifa.MustDate("2023-03-01")
				}
				if err := tx.AddCaseFine(ctx, f); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
	page, err := w.app.Analysis().List(w.as(t, "supervisor1"), analysis.Filter{Kind: zhifa.AnalysisFineOutlier})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 0 {
		t.Errorf("warnings from another scope's or old fines: %+v", page.Items[0].AnalysisWarning)
	}
}

// peersItem is the item of a case.
func peersItem(t *testing.T, w *caseWorld, id int64) int64 {
	t.Helper()
	var item int64
	if err := w.store.View(context.Background(), func(tx zhifa.Tx) error {
		c, err := tx.Case(context.Background(), id)
		if err == nil {
			item = c.ItemID
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return item
}

// decidedAt is decided with the fine given, running before just before the decision.
func (w *caseWorld) decidedAt(t *testing.T, fine int64, before func()) *zhifa.Case {
	t.Helper()
	in := w.input(zhifa.CasePenalty)
	v := w.file(t, in)
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	in2 := app.ActionInput{}
	in2.Penalties, in2.Fine, in2.Reason = []string{"警告", "罚款"}, fine, "销售超过保质期的食品，情节一般"
	v = w.mustAct(t, "officer1", v, "propose", in2)
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "waive_statement", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{})
	before()
	dec := app.ActionInput{}
	dec.Fine = fine
	return w.mustAct(t, "head1", v, "decide", dec).Case
}
