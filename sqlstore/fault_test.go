package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"zhifa"
)

// testFaultReviews covers a fault review's creation, its JSON lists, the case's list and
// the decision under optimistic locking.
func testFaultReviews(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		c, err = newCase(ctx, tx, tr, itemID, 2025)
		return err
	})
	f := &zhifa.FaultReview{CaseID: c.ID, AgencyID: c.AgencyID, State: zhifa.FaultOpen, Reason: "行政复议结果：撤销",
		OpenedBy: 1, OpenedOn: zhifa.MustDate("2025-07-01")}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateFaultReview(ctx, f) })
	if f.ID == 0 || f.Version != 1 {
		t.Fatalf("created %+v", f)
	}
	stale := *f
	f.State, f.Finding, f.Sanction, f.Exempt, f.Reasoning = zhifa.FaultDecided, "facts_unclear", "suspend", false, "事实认定错误"
	f.Responsible = []zhifa.FaultParty{{Role: zhifa.FaultRoleHandler, OfficerID: 7, Name: "张三"}}
	f.Grounds = []string{"review_followed"}
	f.DecidedBy, f.Decider, f.DecidedOn = 2, "李四", zhifa.MustDate("2025-07-10")
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateFaultReview(ctx, f) })
	wantCode(t, "stale update", db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateFaultReview(ctx, &stale) }), zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.FaultReview(ctx, f.ID)
		if err != nil || got.State != zhifa.FaultDecided || got.Version != 2 || len(got.Responsible) != 1 ||
			got.Responsible[0].Name != "张三" || len(got.Grounds) != 1 || got.DecidedOn != f.DecidedOn || got.OpenedOn != f.OpenedOn {
			t.Errorf("read back %+v, %v", got, err)
		}
		list, err := tx.CaseFaultReviews(ctx, c.ID)
		if err != nil || len(list) != 1 || list[0].ID != f.ID {
			t.Errorf("case reviews %v, %v", list, err)
		}
		_, err = tx.FaultReview(ctx, f.ID+1000)
		wantCode(t, "missing review", err, zhifa.ENOTFOUND)
		return nil
	})
}

// testProblems covers the prominent-problem list: creation, the lists by subtree, owner,
// state and overdue day with keyset paging, and the owner's report under optimistic
// locking.
func testProblems(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	var ps []*zhifa.Problem
	update(t, db, func(tx zhifa.Tx) error {
		for i, due := range []string{"2025-07-01", "2025-08-01", "2025-09-01"} {
			p := &zhifa.Problem{AgencyID: tr.market.ID, BureauID: tr.city.ID, Source: zhifa.ProblemFromComplaint, SourceID: int64(i + 1),
				Title: "问题", Detail: "说明", State: zhifa.ProblemOpen, OpenedOn: zhifa.MustDate("2025-06-01"), DueOn: zhifa.MustDate(due)}
			if err := tx.CreateProblem(ctx, p); err != nil {
				return err
			}
			ps = append(ps, p)
		}
		return nil
	})
	stale := *ps[0]
	ps[0].State, ps[0].Report, ps[0].ReportedOn = zhifa.ProblemReported, "已整改", zhifa.MustDate("2025-06-20")
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateProblem(ctx, ps[0]) })
	wantCode(t, "stale problem", db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateProblem(ctx, &stale) }), zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Problem(ctx, ps[0].ID)
		if err != nil || got.State != zhifa.ProblemReported || got.Version != 2 || got.AgencyName == "" || got.ReportedOn != ps[0].ReportedOn {
			t.Errorf("problem %+v, %v", got, err)
		}
		for _, tc := range []struct {
			name string
			f    zhifa.ProblemFilter
			want []int64
		}{
			{"subtree", zhifa.ProblemFilter{UnderPath: tr.city.Path}, []int64{ps[2].ID, ps[1].ID, ps[0].ID}},
			{"page", zhifa.ProblemFilter{UnderPath: tr.city.Path, BeforeID: ps[2].ID, Limit: 1}, []int64{ps[1].ID}},
			{"owner and state", zhifa.ProblemFilter{AgencyID: tr.market.ID, State: zhifa.ProblemOpen}, []int64{ps[2].ID, ps[1].ID}},
			{"overdue", zhifa.ProblemFilter{AgencyID: tr.market.ID, OverdueOn: zhifa.MustDate("2025-08-15")}, []int64{ps[1].ID, ps[0].ID}},
			{"other agency", zhifa.ProblemFilter{AgencyID: tr.city.ID}, nil},
		} {
			list, err := tx.Problems(ctx, tc.f)
			var ids []int64
			for _, p := range list {
				ids = append(ids, p.ID)
			}
			if err != nil || fmt.Sprint(ids) != fmt.Sprint(tc.want) {
				t.Errorf("%s: %v, %v; want %v", tc.name, ids, err, tc.want)
			}
		}
		return nil
	})
}
