package sqlstore

import (
	"context"
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
