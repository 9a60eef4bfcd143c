package sqlstore

import (
	"context"
	"testing"
	"time"

	"zhifa"
)

// testTransfers covers CreateTransfer, Transfer, UpdateTransfer (optimistic locking and
// the nullable instants), CaseTransfers (newest first) and the Transfers filters (scope,
// status, pending).
func testTransfers(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) (err error) { c, err = newCase(ctx, tx, tr, itemID, 2026); return err })
	proposed := time.Date(2026, 3, 2, 9, 15, 0, 123000, time.UTC)
	x := &zhifa.Transfer{CaseID: c.ID, AgencyID: c.AgencyID, Status: zhifa.TransferProposed, Facts: "涉嫌销售伪劣产品",
		Offence: "生产、销售伪劣产品罪", ProposedAt: proposed, ProposedBy: "officer1", DecisionDue: zhifa.MustDate("2026-03-05")}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateTransfer(ctx, x) })
	if x.ID == 0 || x.Version != 1 {
		t.Fatalf("created %+v", x)
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Transfer(ctx, x.ID)
		if err != nil {
			return err
		}
		if got.Offence != x.Offence || !got.ProposedAt.Equal(proposed) || got.DecisionDue != x.DecisionDue || got.DecidedAt != nil ||
			got.HandoverDue != nil || !got.ReplyOn.IsZero() {
			t.Errorf("read back %+v", got)
		}
		return nil
	})
	stale := *x
	decided := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)
	due := decided.Add(24 * time.Hour)
	x.Status, x.DecidedAt, x.DecidedBy, x.HandoverDue = zhifa.TransferApproved, &decided, "head1", &due
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateTransfer(ctx, x) })
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateTransfer(ctx, &stale) })
	wantCode(t, "stale transfer update", err, zhifa.ECONFLICT)
	missing := stale
	missing.ID = 1 << 40
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateTransfer(ctx, &missing) })
	wantCode(t, "update of a missing transfer", err, zhifa.ENOTFOUND)
	err = db.View(ctx, func(tx zhifa.Tx) error { _, err := tx.Transfer(ctx, 1<<40); return err })
	wantCode(t, "missing transfer", err, zhifa.ENOTFOUND)
	bad := &zhifa.Transfer{CaseID: c.ID, AgencyID: c.AgencyID, Status: "lost", Facts: "f", Offence: "o", DecisionDue: zhifa.MustDate("2026-03-05")}
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.CreateTransfer(ctx, bad) })
	wantCode(t, "unknown status", err, zhifa.EINVALID)

	// A second, later transfer of the same case, declined.
	y := &zhifa.Transfer{CaseID: c.ID, AgencyID: c.AgencyID, Status: zhifa.TransferDeclined, Facts: "f", Offence: "o",
		DecisionDue: zhifa.MustDate("2026-03-20"), Reply: zhifa.ReplyDeclined, ReplyOn: zhifa.MustDate("2026-03-25"), ReplyReason: "证据不足"}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateTransfer(ctx, y) })
	view(t, db, func(tx zhifa.Tx) error {
		list, err := tx.CaseTransfers(ctx, c.ID)
		if err != nil {
			return err
		}
		if len(list) != 2 || list[0].ID != y.ID || list[1].DecidedAt == nil || !list[1].DecidedAt.Equal(decided) ||
			!list[1].HandoverDue.Equal(due) || list[0].ReplyOn != zhifa.MustDate("2026-03-25") {
			t.Errorf("case transfers %+v", list)
		}
		for _, tc := range []struct {
			name string
			f    zhifa.TransferFilter
			want int
		}{
			{"scope", zhifa.TransferFilter{UnderPath: tr.city.Path}, 2},
			{"other subtree", zhifa.TransferFilter{UnderPath: tr.district.Path}, 0},
			{"pending", zhifa.TransferFilter{UnderPath: tr.market.Path, Pending: true}, 1},
			{"status", zhifa.TransferFilter{UnderPath: tr.market.Path, Status: zhifa.TransferDeclined}, 1},
			{"agency", zhifa.TransferFilter{AgencyID: tr.market.ID, Page: zhifa.Page{Limit: 1}}, 2},
		} {
			got, total, err := tx.Transfers(ctx, tc.f)
			if err != nil {
				return err
			}
			if total != tc.want || (tc.f.Page.Limit == 1 && len(got) != 1) {
				t.Errorf("%s: %d (%d rows), want %d", tc.name, total, len(got), tc.want)
			}
		}
		return nil
	})
}

// testFilings covers CreateFiling (one per case and kind), Filing, UpdateFiling
// (optimistic locking), the Filings filters (scope, status, kind, late) and the
// append-only review history.
func testFilings(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) (err error) { c, err = newCase(ctx, tx, tr, itemID, 2026); return err })
	f := &zhifa.Filing{CaseID: c.ID, CaseNumber: c.Number, AgencyID: c.AgencyID, Kind: zhifa.FilingPenalty, ToAgencyID: tr.district.ID,
		Reasons: []string{"较大数额罚款"}, Summary: "罚款50000元", DecidedOn: zhifa.MustDate("2026-03-02"), Due: zhifa.MustDate("2026-03-17"),
		FiledAt: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), Status: zhifa.FilingFiled}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateFiling(ctx, f) })
	dup := *f
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.CreateFiling(ctx, &dup) })
	wantCode(t, "second filing of the decision", err, zhifa.ECONFLICT)
	// A compulsory measure filed late: decided 2026-01-05, due 2026-01-20, filed 2026-03-02.
	late := &zhifa.Filing{CaseID: c.ID, CaseNumber: c.Number, AgencyID: tr.branch.ID, Kind: zhifa.FilingCompulsory, Reasons: nil,
		Summary: "查封", DecidedOn: zhifa.MustDate("2026-01-05"), Due: zhifa.MustDate("2026-01-20"),
		FiledAt: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), Status: zhifa.FilingFiled}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateFiling(ctx, late) })
	if !late.Late() || f.Late() {
		t.Errorf("late %v / %v", late.Late(), f.Late())
	}
	stale := *f
	now := time.Date(2026, 3, 5, 2, 0, 0, 0, time.UTC)
	f.Status, f.Remark, f.ReviewerID, f.Reviewer, f.ReviewedAt = zhifa.FilingCorrection, "补充裁量理由", 7, "supervisor1", &now
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.UpdateFiling(ctx, f); err != nil {
			return err
		}
		return tx.AddFilingEvent(ctx, &zhifa.FilingEvent{FilingID: f.ID, At: now, ActorID: 7, Actor: "supervisor1", Status: f.Status, Remark: f.Remark})
	})
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateFiling(ctx, &stale) })
	wantCode(t, "stale filing update", err, zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Filing(ctx, f.ID)
		if err != nil {
			return err
		}
		if got.Version != 2 || got.Status != zhifa.FilingCorrection || got.ReviewedAt == nil || !got.ReviewedAt.Equal(now) ||
			got.ToAgencyID != tr.district.ID || len(got.Reasons) != 1 || got.Due != f.Due {
			t.Errorf("read back %+v", got)
		}
		events, err := tx.FilingEvents(ctx, f.ID)
		if err != nil || len(events) != 1 || events[0].Remark != "补充裁量理由" || !events[0].At.Equal(now) {
			t.Errorf("events %+v, %v", events, err)
		}
		list, err := tx.CaseFilings(ctx, c.ID)
		if err != nil || len(list) != 2 || list[0].ID != f.ID || list[1].Reasons == nil {
			t.Errorf("case filings %+v, %v", list, err)
		}
		for _, tc := range []struct {
			name string
			f    zhifa.FilingFilter
			want int
		}{
			{"government", zhifa.FilingFilter{UnderPath: tr.city.Path}, 2},
			{"market subtree", zhifa.FilingFilter{UnderPath: tr.market.Path}, 2},
			{"branch only", zhifa.FilingFilter{UnderPath: tr.branch.Path}, 1},
			{"other agency", zhifa.FilingFilter{UnderPath: tr.district.Path}, 0},
			{"pending", zhifa.FilingFilter{UnderPath: tr.city.Path, Status: zhifa.FilingFiled}, 1},
			{"kind", zhifa.FilingFilter{UnderPath: tr.city.Path, Kind: zhifa.FilingPenalty}, 1},
			{"late", zhifa.FilingFilter{UnderPath: tr.city.Path, Late: true}, 1},
			{"agency", zhifa.FilingFilter{AgencyID: tr.market.ID}, 1},
		} {
			_, total, err := tx.Filings(ctx, tc.f)
			if err != nil {
				return err
			}
			if total != tc.want {
				t.Errorf("%s: %d, want %d", tc.name, total, tc.want)
			}
		}
		return nil
	})
	// The review history is append-only.
	for _, q := range []string{`UPDATE filing_events SET remark = 'x'`, `DELETE FROM filing_events`} {
		if _, err := db.sql.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded", q)
		}
	}
}
