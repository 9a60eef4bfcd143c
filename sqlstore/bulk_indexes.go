package sqlstore

import (
	"context"
	"errors"
	"strings"

	"zhifa"
)

// Deferred indexes of a bulk load (zhifa gen's copies, issue 11). A copy writes about
// 540 b-tree cells, most of them entries of secondary indexes (the audit log's five, the
// case's events, clocks, statistics…), and each lands on another page of its index: on
// SQLite the index maintenance was a third of a copy's inserts. Built once after the
// load, an index is a sort of its table instead. So a loader drops the non-unique
// secondary indexes of the tables it fills and recreates them afterwards from the very
// text the migrations left in sqlite_master, with their planner statistics: the schema
// after the load is the one before (TestDeferIndexes). Unique indexes and the tables'
// own keys stay, so every row is still checked against them as it is inserted, and the
// reads of the load itself (ids, case numbers, ledger indexes, term counts) use keys
// only.

// deferredIndexTables are the tables whose non-unique indexes DeferIndexes drops: those
// a copy fills (copiedTables), the case, evidence and ledger tables it writes besides
// and the audit log.
var deferredIndexTables = append([]string{"cases", "evidence", "evidence_officers", "ledger_entries",
	"ledger_openings", "audit_log", "filing_events", "publication_terms"}, copiedTables...)

// savedIndex is a dropped index: its name, its definition and its statistics row.
type savedIndex struct {
	name, sql string
	stat      *string // sqlite_stat1's stat of the index, nil for none
	table     string
}

// DeferIndexes runs fn, a loader's transactions (UpdateBulk), with the non-unique
// secondary indexes of the tables they fill dropped, and recreates them when fn returns,
// whether it failed or not. On PostgreSQL it runs fn alone. Only the store's only writer
// may call it (zhifa gen): other readers meanwhile would scan whole tables.
func (db *DB) DeferIndexes(ctx context.Context, fn func() error) error {
	if db.engine != EngineSQLite {
		return fn()
	}
	var saved []*savedIndex
	err := db.run(ctx, nil, func(t zhifa.Tx) error {
		var err error
		saved, err = t.(*tx).dropDeferredIndexes(ctx)
		return err
	})
	if err != nil {
		return err
	}
	ferr := fn()
	// A cancelled load still leaves the schema whole.
	ctx = context.WithoutCancel(ctx)
	err = db.run(ctx, nil, func(t zhifa.Tx) error {
		return t.(*tx).recreateIndexes(ctx, saved)
	})
	return errors.Join(ferr, err)
}

// dropDeferredIndexes drops the non-unique indexes of deferredIndexTables and returns
// them as they were.
func (t *tx) dropDeferredIndexes(ctx context.Context) ([]*savedIndex, error) {
	const op = "defer indexes"
	var w where
	tables := make([]string, len(deferredIndexTables))
	for i, table := range deferredIndexTables {
		tables[i] = w.arg(table)
	}
	// Unique indexes and the tables' keys (sql IS NULL) stay.
	rows, err := t.query(ctx, `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
		AND tbl_name IN (`+strings.Join(tables, ", ")+`) ORDER BY tbl_name, name`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	saved, err := collect(rows, op, func(s scanner) (*savedIndex, error) {
		var ix savedIndex
		err := s.Scan(&ix.name, &ix.table, &ix.sql)
		return &ix, err
	})
	if err != nil {
		return nil, err
	}
	saved = removeUnique(saved)
	stats, err := t.indexStats(ctx)
	if err != nil {
		return nil, err
	}
	for i := range saved {
		if s, ok := stats[saved[i].name]; ok {
			saved[i].stat = &s
		}
		if _, err := t.exec(ctx, `DROP INDEX `+quoteIdent(saved[i].name)); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
	}
	return saved, nil
}

// removeUnique leaves out the unique indexes: they check the rows as they come.
func removeUnique(list []*savedIndex) []*savedIndex {
	out := list[:0]
	for _, ix := range list {
		if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(ix.sql)), "CREATE UNIQUE") {
			out = append(out, ix)
		}
	}
	return out
}

// indexStats reads sqlite_stat1's stat of each index, none before the first ANALYZE.
func (t *tx) indexStats(ctx context.Context) (map[string]string, error) {
	const op = "read index statistics"
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'`).Scan(&n); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	out := map[string]string{}
	if n == 0 {
		return out, nil
	}
	rows, err := t.query(ctx, `SELECT idx, stat FROM sqlite_stat1 WHERE idx IS NOT NULL`)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	type stat struct{ idx, stat string }
	list, err := collect(rows, op, func(s scanner) (*stat, error) {
		var st stat
		err := s.Scan(&st.idx, &st.stat)
		return &st, err
	})
	for _, st := range list {
		out[st.idx] = st.stat
	}
	return out, err
}

// recreateIndexes creates the dropped indexes from their definitions, each a sort of
// its table, and puts their statistics back as they were.
func (t *tx) recreateIndexes(ctx context.Context, saved []*savedIndex) error {
	const op = "recreate deferred indexes"
	// A pooled connection idle since before the drop still holds the schema it loaded
	// then, and SQLite checks a CREATE INDEX's name against that copy when it prepares
	// the statement ("index … already exists"); a read of the schema table checks the
	// schema's version first and reloads a stale copy.
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM sqlite_master`).Scan(&n); err != nil {
		return dbErr(err, op, errMsgs{})
	}
	for _, ix := range saved {
		if _, err := t.exec(ctx, ix.sql); err != nil {
			return dbErr(err, op+" "+ix.name, errMsgs{})
		}
		if ix.stat == nil {
			continue
		}
		if _, err := t.exec(ctx, `INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ($1, $2, $3)`,
			ix.table, ix.name, *ix.stat); err != nil {
			return dbErr(err, op+" "+ix.name, errMsgs{})
		}
	}
	return nil
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
