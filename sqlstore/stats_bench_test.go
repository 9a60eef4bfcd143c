package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"zhifa"
)

// BenchmarkCaseStats measures CaseStats (issue #12; since migration 00055 one grouped read
// of each summary of case_stats and the review and overdue counts) behind the
// statistics page, for the province, a city and one bureau over one year, on a province
// of ZHIFA_BENCH_CASES cases (default 20,000; 5,000 with -short) generated as for
// BenchmarkReadPath, with their case_stats rows spread over the twelve months. Each
// sub-benchmark reports its p99 and ratio = p99 ÷ the p99 of the raw-SQL baseline of
// the same run: one GROUP BY over the whole cases table without the store.
func BenchmarkCaseStats(b *testing.B) {
	n := benchSize(b, "ZHIFA_BENCH_CASES", 20000, 5000)
	for _, e := range benchEngines() {
		b.Run(e.name, func(b *testing.B) {
			ctx := context.Background()
			db := e.open(b)
			p := genProvince(b, db, n)
			if err := genCaseStats(ctx, db); err != nil {
				b.Fatal(err)
			}
			var baseline time.Duration
			b.Run("baseline=raw-group-by", func(b *testing.B) {
				baseline = measure(b, func() error {
					rows, err := db.sql.QueryContext(ctx, `SELECT kind, COUNT(*) FROM cases GROUP BY kind`)
					if err != nil {
						return err
					}
					return rows.Close()
				}, 0)
			})
			for _, scope := range []struct{ name, path string }{{"province", ""}, {"city", p.city}, {"bureau", p.bureau}} {
				b.Run("stats/"+scope.name, func(b *testing.B) {
					measure(b, func() error {
						return db.View(ctx, func(tx zhifa.Tx) error {
							_, err := tx.CaseStats(ctx, zhifa.StatsFilter{UnderPath: scope.path, FromMonth: "2026-01",
								ToMonth: "2026-12", Today: p.today})
							return err
						})
					}, baseline)
				})
			}
		})
	}
}

// genCaseStats writes the case_stats rows of the generated cases: months spread over
// 2026, a fine on most archived cases, one decision in ten late.
func genCaseStats(ctx context.Context, db *DB) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, agency_id, item_id, stage FROM cases ORDER BY id`)
	if err != nil {
		return err
	}
	type row struct {
		id, agency, item int64
		stage            string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.agency, &r.item, &r.stage); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	const batch = 500
	for lo := 0; lo < len(all); lo += batch {
		var w where
		var vals []string
		for _, r := range all[lo:min(lo+batch, len(all))] {
			fine, onTime := int64(0), any(nil)
			if r.stage == "archive" {
				fine, onTime = (r.id%7)*100_000, min(r.id%10, 1)
			}
			vals = append(vals, fmt.Sprintf("(%s, %s, %s, 'penalty', %s, %s, %s, %s)", w.arg(r.id), w.arg(r.agency),
				w.arg(fmt.Sprintf("2026-%02d", r.id%12+1)), w.arg(r.stage), w.arg(r.item), w.arg(fine), w.arg(onTime)))
		}
		_, err := db.sql.ExecContext(ctx, `INSERT INTO case_stats (case_id, agency_id, filed_month, kind, stage, item_id, fine_fen, on_time) VALUES `+
			strings.Join(vals, ", "), w.args...)
		if err != nil {
			return err
		}
	}
	_, err = db.sql.ExecContext(ctx, `ANALYZE`)
	return err
}
