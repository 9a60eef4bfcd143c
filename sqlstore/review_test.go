package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testMajorCatalogs covers AddMajorCatalog (versions in sequence, append-only),
// MajorCatalog (latest and a given version) and MajorCatalogs (E3, B5).
func testMajorCatalogs(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	view(t, db, func(tx zhifa.Tx) error {
		_, err := tx.MajorCatalog(ctx, tr.market.ID, 0)
		wantCode(t, "no catalog", err, zhifa.ENOTFOUND)
		return nil
	})
	rules := []zhifa.MajorRule{{Clause: "第二条第（一）项", Label: "较大数额罚款", Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, PersonFineFen: 1_000_000, OrgFineFen: 10_000_000}}
	v1 := &zhifa.MajorCatalog{AgencyID: tr.market.ID, Version: 1, Template: true, Rules: rules, Materials: []string{"investigation_report"}, ReviewDays: 5, CreatedBy: "admin"}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddMajorCatalog(ctx, v1) })
	stale := &zhifa.MajorCatalog{AgencyID: tr.market.ID, Version: 1, Rules: rules}
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.AddMajorCatalog(ctx, stale) })
	wantCode(t, "stale version", err, zhifa.ECONFLICT)
	v2 := &zhifa.MajorCatalog{AgencyID: tr.branch.ID, Version: 1, BaseAgencyID: tr.market.ID, BaseVersion: 1, Rules: rules, ReviewDays: 3}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddMajorCatalog(ctx, v2) })
	v3 := &zhifa.MajorCatalog{AgencyID: tr.market.ID, Version: 2, Template: true, Rules: append(rules, zhifa.MajorRule{Clause: "三", Label: "吊销", Penalties: []string{"吊销许可证件"}}), ReviewDays: 5}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddMajorCatalog(ctx, v3) })
	view(t, db, func(tx zhifa.Tx) error {
		latest, err := tx.MajorCatalog(ctx, tr.market.ID, 0)
		if err != nil {
			return err
		}
		if latest.Version != 2 || len(latest.Rules) != 2 || !latest.Template || latest.ReviewDays != 5 || latest.CreatedAt.IsZero() {
			t.Errorf("latest %+v", latest)
		}
		first, err := tx.MajorCatalog(ctx, tr.market.ID, 1)
		if err != nil {
			return err
		}
		if first.Rules[0].OrgFineFen != 10_000_000 || first.Materials[0] != "investigation_report" || first.CreatedBy != "admin" {
			t.Errorf("version 1 %+v", first)
		}
		b, err := tx.MajorCatalog(ctx, tr.branch.ID, 0)
		if err != nil || b.BaseAgencyID != tr.market.ID || b.BaseVersion != 1 || len(b.Materials) != 0 {
			t.Errorf("branch %+v %v", b, err)
		}
		all, err := tx.MajorCatalogs(ctx, tr.market.ID)
		if err != nil || len(all) != 2 || all[0].Version != 2 {
			t.Errorf("versions %+v %v", all, err)
		}
		return nil
	})
	_, err = db.sql.ExecContext(ctx, `UPDATE major_catalogs SET version = 9 WHERE id = $1`, v1.ID)
	if err == nil {
		t.Error("major_catalogs accepted an UPDATE")
	}
}

// testReviewPools covers the reviewer pools (E2) with optimistic locking.
func testReviewPools(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	p := &zhifa.ReviewPool{Name: uniq("法律顾问库"), AgencyID: tr.city.ID, Agencies: []int64{tr.market.ID, tr.branch.ID}, Reviewers: []int64{7, 8}}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateReviewPool(ctx, p) })
	dup := &zhifa.ReviewPool{Name: p.Name, AgencyID: tr.city.ID}
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.CreateReviewPool(ctx, dup) })
	wantCode(t, "duplicate name", err, zhifa.ECONFLICT)
	stale := *p
	p.Reviewers = []int64{9}
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateReviewPool(ctx, p) })
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateReviewPool(ctx, &stale) })
	wantCode(t, "stale pool", err, zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.ReviewPool(ctx, p.ID)
		if err != nil || got.Version != 2 || len(got.Reviewers) != 1 || got.Reviewers[0] != 9 || len(got.Agencies) != 2 {
			t.Errorf("pool %+v %v", got, err)
		}
		all, err := tx.ReviewPools(ctx)
		if err != nil || len(all) == 0 {
			t.Errorf("pools %v %v", all, err)
		}
		_, err = tx.ReviewPool(ctx, 1<<40)
		wantCode(t, "missing pool", err, zhifa.ENOTFOUND)
		return nil
	})
}

// testReviewRounds covers the rounds of a case: insert, update, the reviewer's queue by
// status and due date, the count of opinions given and the assignment check (E1, E4).
func testReviewRounds(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var c1, c2 *zhifa.Case
	update(t, db, func(tx zhifa.Tx) (err error) {
		if c1, err = newCase(ctx, tx, tr, itemID, 2026); err != nil {
			return err
		}
		c2, err = newCase(ctx, tx, tr, itemID, 2026)
		return err
	})
	reviewer := int64(1<<30) + seq.Add(1)
	r1 := &zhifa.ReviewRound{CaseID: c1.ID, AgencyID: tr.market.ID, Round: 1, Status: zhifa.ReviewPending, ReviewerID: reviewer,
		Reviewer: "reviewer1", SubmittedOn: zhifa.MustDate("2026-03-02"), DueOn: zhifa.MustDate("2026-03-09"),
		Snapshot: zhifa.ReviewSnapshot{Facts: "事实", Proposal: &zhifa.Proposal{FineFen: 5_000_000, Revision: 1},
			Materials: []zhifa.ReviewMaterial{{Code: "evidence_list", Label: "证据清单", RecordID: 3, Title: "证据清单"}}}}
	r2 := &zhifa.ReviewRound{CaseID: c2.ID, AgencyID: tr.market.ID, Round: 1, Status: zhifa.ReviewPending, ReviewerID: reviewer,
		DueOn: zhifa.MustDate("2026-03-05")}
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.AddReviewRound(ctx, r1); err != nil {
			return err
		}
		return tx.AddReviewRound(ctx, r2)
	})
	dup := &zhifa.ReviewRound{CaseID: c1.ID, AgencyID: tr.market.ID, Round: 1, Status: zhifa.ReviewPending, ReviewerID: reviewer}
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.AddReviewRound(ctx, dup) })
	wantCode(t, "duplicate round", err, zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		q, err := tx.ReviewQueue(ctx, reviewer, zhifa.ReviewPending)
		if err != nil || len(q) != 2 || q[0].ID != r2.ID {
			t.Errorf("queue by due date %+v %v", q, err)
		}
		n, err := tx.ReviewsGiven(ctx, reviewer)
		if err != nil || n != 0 {
			t.Errorf("given %d %v", n, err)
		}
		return nil
	})
	r1.Status, r1.Opinion, r1.OpinionOn = zhifa.ReviewProblems, "problems", zhifa.MustDate("2026-03-04")
	r1.Problems = []zhifa.ReviewProblem{{Point: "discretion", Text: "裁量不当"}}
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateReviewRound(ctx, r1) })
	view(t, db, func(tx zhifa.Tx) error {
		rs, err := tx.ReviewRounds(ctx, c1.ID)
		if err != nil || len(rs) != 1 {
			t.Fatalf("rounds %+v %v", rs, err)
		}
		got := rs[0]
		if got.Status != zhifa.ReviewProblems || got.Problems[0].Text != "裁量不当" || got.Snapshot.Proposal.FineFen != 5_000_000 ||
			got.Snapshot.Materials[0].RecordID != 3 || got.DueOn != zhifa.MustDate("2026-03-09") || got.CreatedAt.IsZero() {
			t.Errorf("round read back %+v", got)
		}
		q, err := tx.ReviewQueue(ctx, reviewer, zhifa.ReviewPending)
		if err != nil || len(q) != 1 {
			t.Errorf("pending after opinion %+v %v", q, err)
		}
		if all, err := tx.ReviewQueue(ctx, reviewer); err != nil || len(all) != 2 {
			t.Errorf("all statuses %+v %v", all, err)
		}
		n, err := tx.ReviewsGiven(ctx, reviewer)
		if err != nil || n != 1 {
			t.Errorf("given %d %v", n, err)
		}
		ok, err := tx.ReviewerAssigned(ctx, c1.ID, reviewer)
		if err != nil || !ok {
			t.Errorf("assigned %v %v", ok, err)
		}
		ok, err = tx.ReviewerAssigned(ctx, c1.ID, reviewer+1)
		if err != nil || ok {
			t.Errorf("other user assigned %v %v", ok, err)
		}
		return nil
	})
	missing := *r1
	missing.ID = 1 << 40
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateReviewRound(ctx, &missing) })
	wantCode(t, "missing round", err, zhifa.ENOTFOUND)
	_, err = db.sql.ExecContext(ctx, `DELETE FROM review_rounds WHERE id = $1`, r1.ID)
	if err == nil {
		t.Error("review_rounds accepted a DELETE")
	}
}
