package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testDecisionCounts: the penalty decisions per agency and year (migration 00054) follow
// the cases as they are decided, as a decision's day or agency is corrected and as a
// decision is withdrawn, CorrectionStats reads them, and the migration counts the cases
// decided before it.
func testDecisionCounts(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	counts := func() map[[2]int64]int64 {
		t.Helper()
		rows, err := db.sql.QueryContext(ctx, `SELECT d.agency_id, d.year, d.decisions FROM decision_counts d
			JOIN agencies a ON a.id = d.agency_id WHERE a.path LIKE $1 || '%' AND d.decisions <> 0`, tr.city.Path)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[[2]int64]int64{}
		for rows.Next() {
			var agency, year, n int64
			if err := rows.Scan(&agency, &year, &n); err != nil {
				t.Fatal(err)
			}
			out[[2]int64{agency, year}] = n
		}
		return out
	}
	want := func(step string, w map[[2]int64]int64) {
		t.Helper()
		got := counts()
		if len(got) != len(w) {
			t.Errorf("%s: decision counts %v, want %v", step, got, w)
			return
		}
		for k, n := range w {
			if got[k] != n {
				t.Errorf("%s: decision counts %v, want %v", step, got, w)
				return
			}
		}
	}
	market, branch := tr.market.ID, tr.branch.ID
	var cases []*zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		for i := range 4 {
			c, err := newCase(ctx, tx, tr, itemID, 2026)
			if err != nil {
				return err
			}
			if i < 3 { // the fourth is not decided yet
				c.State.DecidedOn = zhifa.MustDate("2026-04-01")
				if i == 2 {
					c.State.DecidedOn = zhifa.MustDate("2025-12-30")
				}
				if err := tx.UpdateCase(ctx, c); err != nil {
					return err
				}
			}
			cases = append(cases, c)
		}
		return nil
	})
	want("decided", map[[2]int64]int64{{market, 2026}: 2, {market, 2025}: 1})
	// A step that leaves the decision as it is changes nothing.
	update(t, db, func(tx zhifa.Tx) error {
		cases[0].Facts += "。"
		return tx.UpdateCase(ctx, cases[0])
	})
	want("unchanged", map[[2]int64]int64{{market, 2026}: 2, {market, 2025}: 1})
	// The decision day corrected into the other year, a case moved to another agency, a
	// decision withdrawn.
	update(t, db, func(ztx zhifa.Tx) error {
		cases[0].State.DecidedOn = zhifa.MustDate("2025-11-02")
		if err := ztx.UpdateCase(ctx, cases[0]); err != nil {
			return err
		}
		if _, err := ztx.(*tx).exec(ctx, `UPDATE case_stats SET agency_id = $1 WHERE case_id = $2`, branch, cases[1].ID); err != nil {
			return err
		}
		cases[2].State.DecidedOn = zhifa.Date{}
		return ztx.UpdateCase(ctx, cases[2])
	})
	want("corrected", map[[2]int64]int64{{market, 2025}: 1, {branch, 2026}: 1})
	view(t, db, func(tx zhifa.Tx) error {
		stats, err := tx.CorrectionStats(ctx, tr.city.Path, 2026, []zhifa.ReviewOutcome{zhifa.OutcomeRevoke})
		if err != nil {
			return err
		}
		if len(stats) != 1 || stats[0].AgencyID != branch || stats[0].Decisions != 1 {
			t.Errorf("2026 correction stats %+v, want the branch's one decision", stats)
		}
		return nil
	})
	// The migration counts the decisions already made.
	p := newMigrator(t, db)
	if _, err := p.DownTo(ctx, 53); err != nil {
		t.Fatalf("down to 53: %v", err)
	}
	// Up to the newest, so that the suite's later tests see every migration.
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up from 53: %v", err)
	}
	want("migrated", map[[2]int64]int64{{market, 2025}: 1, {branch, 2026}: 1})
	update(t, db, func(tx zhifa.Tx) error {
		cases[3].State.DecidedOn = zhifa.MustDate("2026-05-06")
		return tx.UpdateCase(ctx, cases[3])
	})
	want("decided after the migration", map[[2]int64]int64{{market, 2025}: 1, {branch, 2026}: 1, {market, 2026}: 1})
}
