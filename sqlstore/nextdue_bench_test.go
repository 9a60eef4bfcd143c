package sqlstore

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"zhifa"
)

// BenchmarkFinePeers measures the 同案不同罚 peer read (migration 00049) on SQLite with
// ZHIFA_BENCH_FINES fines (default 100,000) in one item and level spread over six years:
// the bounded read of the newest law.FinePeerSample within three years against a
// primary-key SELECT as the same-run baseline. Its cost does not follow the group's size.
func BenchmarkFinePeers(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("ZHIFA_BENCH_FINES")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db := openSQLite(b)
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	// Fines without their cases: the summary alone is what the read touches.
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
		b.Fatal(err)
	}
	const chunk = 500
	for start := 0; start < n; start += chunk {
		var sb strings.Builder
		sb.WriteString(`INSERT INTO case_fines (case_id, item_id, level, scope_id, fine_fen, decided_on) VALUES `)
		for i := start; i < min(start+chunk, n); i++ {
			if i > start {
				sb.WriteString(", ")
			}
			day := zhifa.MustDate("2020-03-02").AddDays(i % (6 * 365))
			fmt.Fprintf(&sb, "(%d, 1, '一般', 7, %d, '%s')", i+1, 100000+(i*7919)%900000, day)
		}
		if _, err := conn.ExecContext(ctx, sb.String()); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	q := zhifa.FinePeerQuery{ScopeID: 7, ItemID: 1, Level: "一般", Since: zhifa.MustDate("2023-03-02"), ExceptCase: 1, Limit: 200}
	b.Run("bounded", func(b *testing.B) {
		for b.Loop() {
			if err := db.View(ctx, func(tx zhifa.Tx) error {
				p, err := tx.FinePeers(ctx, q)
				if err == nil && p.Count != 200 {
					err = fmt.Errorf("peers %+v", p)
				}
				return err
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		for b.Loop() {
			var v int64
			if err := db.sql.QueryRowContext(ctx, `SELECT fine_fen FROM case_fines WHERE case_id = 5000`).Scan(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
