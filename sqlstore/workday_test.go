package sqlstore

import (
	"context"
	"testing"
	"time"

	"zhifa"
)

func testWorkdayImports(t *testing.T, db *DB) {
	ctx := context.Background()
	var before int
	view(t, db, func(tx zhifa.Tx) (err error) { before, err = tx.WorkdayImportCount(ctx); return err })
	at := time.Date(2026, 11, 20, 9, 30, 0, 123000, time.UTC)
	in := &zhifa.WorkdayImport{Notice: "2027-01-01 holiday 元旦\n", Years: "2027", ImportedAt: at, ImportedBy: "admin"}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddWorkdayImport(ctx, in) })
	view(t, db, func(tx zhifa.Tx) error {
		n, err := tx.WorkdayImportCount(ctx)
		if err != nil || n != before+1 {
			t.Fatalf("count = %d, %v; want %d", n, err, before+1)
		}
		all, err := tx.WorkdayImports(ctx)
		if err != nil {
			return err
		}
		last := all[len(all)-1]
		if last.ID != in.ID || last.Notice != in.Notice || last.Years != "2027" || !last.ImportedAt.Equal(at) || last.ImportedBy != "admin" {
			t.Errorf("stored import %+v, want %+v", last, in)
		}
		return nil
	})
	for _, q := range []string{`UPDATE workday_imports SET years = '2028'`, `DELETE FROM workday_imports`} {
		if _, err := db.sql.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded on an append-only table", q)
		}
	}
}
