package sqlstore

import (
	"context"
	"crypto/sha256"
	"slices"
	"testing"
	"time"

	"zhifa"
)

// testAnalysisMore covers the periodic rules' queries (items without a case since a
// month, complaints clustered on one target within a window), the warning a periodic
// run leaves closed, and the link between a warning and the problem raised from it,
// whose origin survives a later change of the warning (migration 00042).
func testAnalysisMore(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	used, idle := caseItem(t, db, tr), caseItem(t, db, tr)
	update(t, db, func(tx zhifa.Tx) error {
		_, err := newCase(ctx, tx, tr, used, 2026)
		return err
	})
	idleIDs := func(path, since string, held time.Time) (ids []int64, last map[int64]string) {
		last = map[int64]string{}
		view(t, db, func(tx zhifa.Tx) error {
			var after int64
			for {
				page, err := tx.IdleItems(ctx, path, since, held, after, 1)
				if err != nil {
					return err
				}
				if len(page) == 0 {
					return nil
				}
				for _, it := range page {
					if it.ItemID == used || it.ItemID == idle {
						ids = append(ids, it.ItemID)
						last[it.ItemID] = it.LastFiled
					}
				}
				after = page[len(page)-1].ItemID
			}
		})
		return ids, last
	}
	future := time.Now().Add(time.Hour)
	if ids, last := idleIDs(tr.city.Path, "2000-01", future); !slices.Equal(ids, []int64{idle}) || last[idle] != "" {
		t.Errorf("idle since 2000: %v %v", ids, last)
	}
	if ids, last := idleIDs(tr.city.Path, "2999-01", future); !slices.Equal(ids, []int64{used, idle}) || last[used] == "" {
		t.Errorf("idle since 2999: %v %v", ids, last)
	}
	if ids, _ := idleIDs(tr.city.Path, "2000-01", time.Now().Add(-time.Hour)); len(ids) != 0 {
		t.Errorf("items added since: %v", ids)
	}
	if ids, _ := idleIDs(tr.district.Path, "2000-01", future); len(ids) != 0 {
		t.Errorf("another subtree: %v", ids)
	}

	code := sha256.Sum256([]byte("code"))
	complain := func(target, received string) {
		c := &zhifa.Complaint{Number: uniq("CL"), CodeHash: code[:], Kind: zhifa.ComplaintKindReport,
			Subject: zhifa.ComplaintAboutEnterprise, Channel: zhifa.ChannelPortal, AgencyID: tr.market.ID, Target: target,
			Content: "销售过期食品", State: zhifa.ComplaintReceived, ReceivedOn: zhifa.MustDate(received)}
		update(t, db, func(tx zhifa.Tx) error { return tx.CreateComplaint(ctx, c) })
	}
	target := uniq("海鲜批发公司")
	complain(target, "2026-03-01")
	complain(" "+target+" ", "2026-03-05")
	complain(target, "2026-04-01")
	complain(target, "2025-01-01") // before the window
	complain(uniq("另一家"), "2026-03-02")
	clusters := func(since string, threshold int) (found []*zhifa.ComplaintCluster) {
		view(t, db, func(tx zhifa.Tx) error {
			all, err := tx.ComplaintClusters(ctx, tr.city.Path, zhifa.MustDate(since), threshold)
			for _, k := range all {
				if k.AgencyID == tr.market.ID {
					found = append(found, k)
				}
			}
			return err
		})
		return found
	}
	if got := clusters("2026-02-01", 3); len(got) != 1 || got[0].Target != target || got[0].Count != 3 ||
		len(got[0].Complaints) != 3 || got[0].Complaints[0].Kind != "complaint" || got[0].Complaints[0].ID < got[0].Complaints[2].ID {
		t.Errorf("clusters %+v", got)
	}
	if got := clusters("2026-02-01", 4); len(got) != 0 {
		t.Errorf("threshold 4: %+v", got)
	}
	if got := clusters("2024-01-01", 4); len(got) != 1 || got[0].Count != 4 {
		t.Errorf("longer window: %+v", got)
	}
	if err := db.View(ctx, func(tx zhifa.Tx) error {
		_, err := tx.ComplaintClusters(ctx, tr.district.Path, zhifa.MustDate("2024-01-01"), 2)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	// A periodic run leaves a closed finding closed; a decision's finding reopens it.
	w := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisIdleItem, Subject: uniq("item/"), AgencyID: tr.market.ID, Rule: "规则",
		Finding: "五年未发生", Evidence: []zhifa.AnalysisEvidence{{Kind: "item", ID: idle, Label: "事项"}}, KeepClosed: true}
	update(t, db, func(tx zhifa.Tx) error { return tx.PutAnalysisWarning(ctx, w) })
	w.State = zhifa.AnalysisClosed
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateAnalysisWarning(ctx, w) })
	update(t, db, func(tx zhifa.Tx) error { return tx.PutAnalysisWarning(ctx, w) })
	if w.State != zhifa.AnalysisClosed {
		t.Errorf("periodic run reopened: %s", w.State)
	}
	w.KeepClosed = false
	update(t, db, func(tx zhifa.Tx) error { return tx.PutAnalysisWarning(ctx, w) })
	if w.State != zhifa.AnalysisOpen {
		t.Errorf("new finding left it %s", w.State)
	}

	p := &zhifa.Problem{AgencyID: tr.market.ID, BureauID: tr.city.ID, Source: zhifa.ProblemFromWarning, SourceID: w.ID,
		Title: "闲置事项", Detail: "建议清理", State: zhifa.ProblemOpen, OpenedOn: zhifa.MustDate("2026-06-01"), DueOn: zhifa.MustDate("2026-07-01"),
		Origin: &zhifa.ProblemOrigin{Kind: w.Kind, KindLabel: "五年未发生的执法事项", Rule: w.Rule, Finding: w.Finding, Evidence: w.Evidence}}
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.CreateProblem(ctx, p); err != nil {
			return err
		}
		return tx.SetAnalysisWarningProblem(ctx, w.ID, p.ID)
	})
	w.Finding = "重新计算后的结论"
	update(t, db, func(tx zhifa.Tx) error { return tx.PutAnalysisWarning(ctx, w) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.AnalysisWarning(ctx, w.ID)
		if err != nil || got.ProblemID != p.ID {
			t.Errorf("warning's problem: %+v %v", got, err)
		}
		gp, err := tx.Problem(ctx, p.ID)
		if err != nil || gp.Origin == nil || gp.Origin.Finding != "五年未发生" || len(gp.Origin.Evidence) != 1 || gp.Origin.Evidence[0].ID != idle {
			t.Errorf("problem's origin: %+v %v", gp, err)
		}
		return nil
	})
	wantCode(t, "missing warning", db.Update(ctx, func(tx zhifa.Tx) error { return tx.SetAnalysisWarningProblem(ctx, -1, p.ID) }), zhifa.ENOTFOUND)

	testCaseFindings(t, db, tr, used)
}

// testCaseFindings: a major decision filed without a passed review round is found until
// a round passes; a seizure without an A/V record naming it is found until one is added
// (a photo does not count); another subtree finds neither.
func testCaseFindings(t *testing.T, db *DB, tr *tree, item int64) {
	ctx := context.Background()
	var reviewed, unreviewed, seized *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		for _, c := range []**zhifa.Case{&reviewed, &unreviewed, &seized} {
			if *c, err = newCase(ctx, tx, tr, item, 2026); err != nil {
				return err
			}
		}
		for _, c := range []*zhifa.Case{reviewed, unreviewed} {
			f := &zhifa.Filing{CaseID: c.ID, CaseNumber: c.Number, AgencyID: tr.market.ID, Kind: zhifa.FilingPenalty, ToAgencyID: tr.city.ID,
				Reasons: []string{"重大"}, Summary: "罚款", DecidedOn: zhifa.MustDate("2026-05-06"), Due: zhifa.MustDate("2026-05-21"),
				FiledAt: time.Date(2026, 5, 6, 2, 0, 0, 0, time.UTC), Status: zhifa.FilingFiled}
			if err := tx.CreateFiling(ctx, f); err != nil {
				return err
			}
		}
		if err := tx.AddReviewRound(ctx, &zhifa.ReviewRound{CaseID: reviewed.ID, AgencyID: tr.market.ID, Round: 1, Status: zhifa.ReviewPassed,
			ReviewerID: 5, Reviewer: "审核员", SubmitterID: 3, Submitter: "officer1", SubmittedOn: zhifa.MustDate("2026-05-01")}); err != nil {
			return err
		}
		if err := tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: seized.ID, From: zhifa.StageInvestigate, To: zhifa.StageInvestigate,
			Action: zhifa.ActSeize, ActorID: 3, Actor: "officer1", ActedOn: zhifa.MustDate("2026-04-01")}); err != nil {
			return err
		}
		return tx.AddRecord(ctx, &zhifa.Record{CaseID: seized.ID, Kind: zhifa.RecordPhoto, Title: "现场照片", Act: "seize", CreatedBy: 3})
	})
	mine := func(list []zhifa.CaseFinding) (ids []int64) {
		for _, f := range list {
			if f.CaseID == reviewed.ID || f.CaseID == unreviewed.ID || f.CaseID == seized.ID {
				ids = append(ids, f.CaseID)
			}
		}
		return ids
	}
	find := func(path string) (decisions, steps []zhifa.CaseFinding) {
		view(t, db, func(tx zhifa.Tx) error {
			var err error
			if decisions, err = tx.UnreviewedDecisions(ctx, path, 0, 1000); err != nil {
				return err
			}
			steps, err = tx.UnrecordedSteps(ctx, path, zhifa.ActSeize, "seize", 0, 1000)
			return err
		})
		return decisions, steps
	}
	decisions, steps := find(tr.city.Path)
	if got := mine(decisions); !slices.Equal(got, []int64{unreviewed.ID}) {
		t.Errorf("unreviewed decisions %v, want %d", got, unreviewed.ID)
	}
	for _, f := range decisions {
		if f.CaseID == unreviewed.ID && (f.Number != unreviewed.Number || f.On != zhifa.MustDate("2026-05-06") || f.AgencyID != tr.market.ID) {
			t.Errorf("finding %+v", f)
		}
	}
	if got := mine(steps); !slices.Equal(got, []int64{seized.ID}) {
		t.Errorf("unrecorded seizures %v, want %d", got, seized.ID)
	}
	if d, s := find(tr.district.Path); len(mine(d))+len(mine(s)) != 0 {
		t.Errorf("another subtree: %v %v", d, s)
	}
	update(t, db, func(tx zhifa.Tx) error {
		return tx.AddRecord(ctx, &zhifa.Record{CaseID: seized.ID, Kind: zhifa.RecordAV, Title: "扣押录像", Act: "seize", EvidenceID: 78, CreatedBy: 3})
	})
	if _, s := find(tr.city.Path); len(mine(s)) != 0 {
		t.Errorf("recorded seizure still found: %v", s)
	}
}
