package sqlstore

import (
	"context"
	"reflect"
	"testing"

	"zhifa"
)

// TestObligationYearsRestored: a PostgreSQL restore loads the obligations and case
// statistics through their triggers, which count them into obligation_years and
// case_stat_counts; the summaries of the restored store equal the rows grouped, not
// twice them (triggerKeptTables).
func TestObligationYearsRestored(t *testing.T) {
	ctx := context.Background()
	db := openPostgres(t)
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	update(t, db, func(ztx zhifa.Tx) error {
		for i := range 5 {
			c, err := newCase(ctx, ztx, tr, itemID, 2026)
			if err != nil {
				return err
			}
			o := &zhifa.Obligation{CaseID: c.ID, AgencyID: tr.market.ID, AgencyPath: tr.market.Path, FineFen: int64(1+i) * 10_000,
				Payee: zhifa.Payee{Name: "财政局"}, Reference: uniq("JK"), ServedOn: zhifa.MustDate("2026-03-02"),
				Due: zhifa.MustDate("2026-03-17")}
			if err := ztx.CreateObligation(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
	restored := restoredCopy(t, db, testKey())
	const summary = `SELECT agency_id, CAST(SUM(obligations) AS BIGINT), CAST(SUM(principal_fen) AS BIGINT), CAST(SUM(paid_fen) AS BIGINT)
		FROM obligation_years GROUP BY agency_id HAVING SUM(obligations) <> 0`
	const grouped = `SELECT agency_id, COUNT(*), CAST(SUM(fine_fen + confiscate_fen) AS BIGINT), CAST(SUM(paid_fen) AS BIGINT)
		FROM obligations GROUP BY agency_id`
	read := func(db *DB, q string) map[int64][3]int64 {
		rows, err := db.sql.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int64][3]int64{}
		for rows.Next() {
			var id int64
			var n [3]int64
			if err := rows.Scan(&id, &n[0], &n[1], &n[2]); err != nil {
				t.Fatal(err)
			}
			out[id] = n
		}
		return out
	}
	got, want := read(restored, summary), read(restored, grouped)
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("restored summary %v, want %v", got, want)
	}
	const stats = `SELECT agency_id, CAST(SUM(cases) AS BIGINT), CAST(SUM(timed) AS BIGINT), CAST(SUM(on_time) AS BIGINT)
		FROM case_stat_counts GROUP BY agency_id HAVING SUM(cases) <> 0`
	const statRows = `SELECT agency_id, COUNT(*), COUNT(on_time), coalesce(SUM(on_time), 0) FROM case_stats GROUP BY agency_id`
	if got, want := read(restored, stats), read(restored, statRows); len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("restored case_stat_counts %v, want %v", got, want)
	}
}
