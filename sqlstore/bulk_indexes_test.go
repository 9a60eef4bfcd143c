package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"zhifa"
)

// testDeferIndexes checks a bulk load with its indexes deferred (DeferIndexes, issue
// 11): during the load the non-unique indexes of the tables it fills are gone and the
// unique ones are there; after it — succeeded or failed — the schema and the planner's
// statistics are exactly those before, and every index holds the rows the load wrote.
func testDeferIndexes(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	load := func() error {
		return db.UpdateBulk(ctx, func(tx zhifa.Tx) error {
			for range 3 {
				c, err := newCase(ctx, tx, tr, itemID, 2026)
				if err != nil {
					return err
				}
				line := &zhifa.AuditEntry{Login: "bulk", AgencyID: tr.market.ID, Action: "case.open",
					Object: fmt.Sprintf("case/%d", c.ID), Success: true, Detail: c.Number, ObjectPath: tr.market.Path}
				if err := tx.AppendAudit(ctx, line); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := load(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, "ANALYZE"); err != nil { // statistics to keep
		t.Fatal(err)
	}
	before := schemaSnapshot(t, db)
	if db.engine == EngineSQLite && !slices.ContainsFunc(before, func(s string) bool { return strings.HasPrefix(s, "stat|cases|cases_stage|") }) {
		t.Fatal("no statistics of cases_stage to keep")
	}
	errLoad := errors.New("load failed")
	for _, fail := range []bool{false, true} {
		err := db.DeferIndexes(ctx, func() error {
			if db.engine == EngineSQLite {
				during := schemaSnapshot(t, db)
				for _, name := range []string{"cases_stage", "audit_log_object", "case_events_case"} {
					if slices.ContainsFunc(during, func(s string) bool { return strings.Contains(s, "|"+name+"|") }) {
						t.Errorf("index %s is there during the load", name)
					}
				}
				for _, name := range []string{"documents_number", "publications_case", "sqlite_autoindex_cases_1"} {
					if !slices.ContainsFunc(during, func(s string) bool { return strings.Contains(s, "|"+name+"|") }) {
						t.Errorf("unique index %s is gone during the load", name)
					}
				}
			}
			if err := load(); err != nil {
				return err
			}
			if fail {
				return errLoad
			}
			return nil
		})
		if fail != errors.Is(err, errLoad) || (!fail && err != nil) {
			t.Fatalf("DeferIndexes (failing %v): %v", fail, err)
		}
		if after := schemaSnapshot(t, db); !slices.Equal(after, before) {
			t.Errorf("schema after the load (failing %v) differs:\n%s\nwant\n%s", fail, strings.Join(after, "\n"),
				strings.Join(before, "\n"))
		}
	}
	if db.engine == EngineSQLite {
		var ok string
		if err := db.sql.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
			t.Errorf("integrity check: %q, %v", ok, err)
		}
		var n int
		if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases INDEXED BY cases_stage WHERE stage <> ''`).Scan(&n); err != nil || n < 9 {
			t.Errorf("cases through a recreated index: %d, %v; want the 9 loaded at least", n, err)
		}
	}
}

// schemaSnapshot lists the schema's objects with their definitions and, on SQLite, the
// planner's statistics, one line each, sorted.
func schemaSnapshot(t *testing.T, db *DB) []string {
	t.Helper()
	q := `SELECT type || '|' || name || '|' || tbl_name || '|' || COALESCE(sql, '') FROM sqlite_master
		UNION ALL SELECT 'stat|' || tbl || '|' || COALESCE(idx, '') || '|' || stat FROM sqlite_stat1`
	if db.engine == EnginePostgres {
		q = `SELECT 'index|' || indexname || '|' || tablename || '|' || indexdef FROM pg_indexes WHERE schemaname = current_schema()`
	}
	rows, err := db.sql.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestDeferIndexesIdleConnection recreates the deferred indexes on a pooled connection
// that loaded the schema before they were dropped and sat idle since: SQLite checks a
// CREATE INDEX against the connection's own copy of the schema, so without a reload
// it refused the first index as already there, and an interrupted zhifa gen left the
// store without its indexes.
func TestDeferIndexesIdleConnection(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	before := schemaSnapshot(t, db)
	idle, err := db.sql.Conn(ctx) // held, so the drop runs on another connection
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	if _, err := idle.ExecContext(ctx, `SELECT 1 FROM approval_requests LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	var saved []*savedIndex
	err = db.run(ctx, nil, func(ztx zhifa.Tx) error {
		saved, err = ztx.(*tx).dropDeferredIndexes(ctx)
		return err
	})
	if err != nil || len(saved) == 0 {
		t.Fatalf("drop: %d indexes, %v", len(saved), err)
	}
	sqlTx, err := idle.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := (&tx{db: db, tx: sqlTx}).recreateIndexes(ctx, saved); err != nil {
		sqlTx.Rollback()
		t.Fatalf("recreate on the idle connection: %v", err)
	}
	if err := sqlTx.Commit(); err != nil {
		t.Fatal(err)
	}
	idle.Close()
	if after := schemaSnapshot(t, db); !slices.Equal(after, before) {
		t.Errorf("schema after the recreate differs:\n%s\nwant\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
}
