package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"zhifa"
)

// The write path of filings and case steps (issue 11). Each statement is a round trip
// and server CPU; a filing or a step, and the case view it returns, read the same few
// rows several times (the acting agency, the case's documents) and each of a case's
// officers one by one. The officers come in one statement, and a transaction keeps
// what it read of agencies and documents until it writes to them (txMemo).

// OfficersByID returns the officers with the given IDs, by ID; an ID without an
// officer is left out.
func (t *tx) OfficersByID(ctx context.Context, ids ...int64) ([]*zhifa.Officer, error) {
	const op = "get officers"
	if len(ids) == 0 {
		return nil, nil
	}
	q, args := officersQuery(ids)
	officers, err := memoCollect(ctx, t, "officers", op, t.scanOfficer, q, args...)
	if err != nil {
		return nil, err
	}
	for _, o := range officers {
		t.names.officer(o)
	}
	return officers, nil
}

// officersQuery is OfficersByID's query: also read ahead (Prefetch).
func officersQuery(ids []int64) (string, []any) {
	var w where
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	return `SELECT ` + officerCols + ` FROM officers o WHERE o.id IN (` + strings.Join(ph, ", ") + `) ORDER BY o.id`, w.args
}

// txMemo holds rows the transaction read, for its further reads of them. An entry
// stays until the transaction writes to its table (forget*), so a read after the
// transaction's own write sees the write; what other transactions commit meanwhile it
// does not see again, as a snapshot would not (View, SERIALIZABLE), and as the
// row-locked writes allow for reference data and for rows of the locked case
// (zhifa.RowLocked, zhifa.Tx.Case). Callers get copies, which they may change.
type txMemo struct {
	agencies  map[int64]*zhifa.Agency
	documents map[int64][]*zhifa.Document    // by case
	queries   map[string]map[string]memoRows // by table, then query and arguments
}

func (m *txMemo) agency(id int64) (*zhifa.Agency, bool) {
	a, ok := m.agencies[id]
	if !ok {
		return nil, false
	}
	return copyAgency(a), true
}

func (m *txMemo) keepAgency(a *zhifa.Agency) {
	if m.agencies == nil {
		m.agencies = map[int64]*zhifa.Agency{}
	}
	m.agencies[a.ID] = copyAgency(a)
}

func (m *txMemo) forgetAgencies() { m.agencies = nil }

func copyAgency(a *zhifa.Agency) *zhifa.Agency {
	c := *a
	c.Domains = slices.Clone(a.Domains)
	return &c
}

func (m *txMemo) caseDocuments(caseID int64) ([]*zhifa.Document, bool) {
	docs, ok := m.documents[caseID]
	if !ok {
		return nil, false
	}
	return copyDocuments(docs), true
}

func (m *txMemo) keepDocuments(caseID int64, docs []*zhifa.Document) {
	if m.documents == nil {
		m.documents = map[int64][]*zhifa.Document{}
	}
	m.documents[caseID] = copyDocuments(docs)
}

func (m *txMemo) forgetDocuments() { m.documents = nil }

func copyDocuments(docs []*zhifa.Document) []*zhifa.Document {
	if docs == nil {
		return nil
	}
	out := make([]*zhifa.Document, len(docs))
	for i, d := range docs {
		c := *d
		c.Fields = maps.Clone(d.Fields)
		out[i] = &c
	}
	return out
}

// Rows a step reads twice (issue 11): its gates and the view it returns both read the
// case's officers, their certificates, the agency's recording list and review catalog
// and the case's A/V records (HasAVRecord), five statements a step. A transaction keeps
// the column values it scanned for such a query, under the query's text and arguments,
// and replays them through the same scan function when it runs the query again, until
// it writes to the query's table. A replay builds new values, so callers may change
// them as they may change what a statement returned.

// memoRows is what one memoized query returned: the scanned values of each row, or
// none.
type memoRows [][]any

func (m *txMemo) rows(table, key string) (memoRows, bool) {
	r, ok := m.queries[table][key]
	return r, ok
}

func (m *txMemo) keepRows(table, key string, r memoRows) {
	if m.queries == nil {
		m.queries = map[string]map[string]memoRows{}
	}
	if m.queries[table] == nil {
		m.queries[table] = map[string]memoRows{}
	}
	m.queries[table][key] = r
}

// forget drops the queries of table: the transaction writes to it.
func (m *txMemo) forget(table string) { delete(m.queries, table) }

// memoKey is the key of a query with its arguments (%#v quotes strings, so that no
// two argument lists print alike).
func memoKey(query string, args []any) string {
	return query + "\x00" + fmt.Sprintf("%#v", args)
}

// recorder is a scanner that keeps a copy of what it scanned.
type recorder struct {
	s    scanner
	rows memoRows
}

func (r *recorder) Scan(dest ...any) error {
	if err := r.s.Scan(dest...); err != nil {
		return err
	}
	row := make([]any, len(dest))
	for i, d := range dest {
		v := reflect.ValueOf(d).Elem().Interface()
		if b, ok := v.([]byte); ok {
			v = bytes.Clone(b)
		}
		row[i] = v
	}
	r.rows = append(r.rows, row)
	return nil
}

// replay is a scanner over one kept row.
type replay []any

func (r replay) Scan(dest ...any) error {
	if len(dest) != len(r) {
		return fmt.Errorf("replay: %d columns kept, %d scanned", len(r), len(dest))
	}
	for i, d := range dest {
		v := r[i]
		if b, ok := v.([]byte); ok {
			v = bytes.Clone(b)
		}
		dv := reflect.ValueOf(d).Elem()
		if v == nil {
			dv.SetZero()
			continue
		}
		dv.Set(reflect.ValueOf(v))
	}
	return nil
}

// noRow is the scanner of a kept query that returned no row.
type noRow struct{}

func (noRow) Scan(...any) error { return sql.ErrNoRows }

// memoRow runs a query of table that returns at most one row, or replays it. The
// result is kept once it is scanned (also when there was no row).
func (t *tx) memoRow(ctx context.Context, table, query string, args ...any) scanner {
	key := memoKey(query, args)
	if r, ok := t.memo.rows(table, key); ok {
		if len(r) == 0 {
			return noRow{}
		}
		return replay(r[0])
	}
	return &rowRecorder{t: t, table: table, key: key, row: t.queryRow(ctx, query, args...)}
}

// rowRecorder scans a row and keeps what it scanned, or that there was none.
type rowRecorder struct {
	t          *tx
	table, key string
	row        *sql.Row
}

func (r *rowRecorder) Scan(dest ...any) error {
	rec := &recorder{s: r.row}
	err := rec.Scan(dest...)
	if err == nil || errors.Is(err, sql.ErrNoRows) {
		r.t.memo.keepRows(r.table, r.key, rec.rows)
	}
	return err
}

// memoCollect is collect over a query of table, run once per transaction until the
// transaction writes to table.
func memoCollect[T any](ctx context.Context, t *tx, table, op string, scan func(scanner) (*T, error), query string, args ...any) ([]*T, error) {
	key := memoKey(query, args)
	if r, ok := t.memo.rows(table, key); ok {
		var out []*T
		for _, row := range r {
			v, err := scan(replay(row))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", op, err)
			}
			out = append(out, v)
		}
		return out, nil
	}
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	rec := &recorder{}
	out, err := collect(rows, op, func(s scanner) (*T, error) {
		rec.s = s
		return scan(rec)
	})
	if err != nil {
		return nil, err
	}
	t.memo.keepRows(table, key, rec.rows)
	return out, nil
}

// sqlRunner is what a tx sends its statements through: its database/sql transaction,
// or the pool for a read of one statement (viewOne).
type sqlRunner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// errSecondStatement is the error of a View marked zhifa.OneStatement that ran a
// second statement.
var errSecondStatement = errors.New("a read of one statement ran a second statement")

// errOneStatementWrite is the error of a write in a View marked zhifa.OneStatement.
var errOneStatementWrite = errors.New("a read of one statement ran a write")

// viewOne runs fn, a read of one statement (zhifa.OneStatement), on the pool without a
// transaction: PostgreSQL runs a statement in a snapshot of its own, so the read is as
// consistent as in a transaction, for one round trip instead of three (issue 11: a
// write's view reads its ledger entries after the commit).
func (db *DB) viewOne(ctx context.Context, fn func(zhifa.Tx) error) error {
	one := &oneStatement{db: db.sql}
	err := fn(&tx{db: db, tx: one})
	if one.err != nil {
		return fmt.Errorf("view: %w", one.err)
	}
	return err
}

// oneStatement runs the first statement, a SELECT, on the pool and refuses any other.
type oneStatement struct {
	db   *sql.DB
	used bool
	err  error // errSecondStatement once a second statement was refused
}

// next admits query as the read's statement: the first one, and a SELECT, as a View's
// read-only transaction admits only reads.
func (o *oneStatement) next(query string) error {
	switch {
	case o.used:
		o.err = errSecondStatement
	case !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(query)), "SELECT"):
		o.err = errOneStatementWrite
	}
	o.used = true
	return o.err
}

func (o *oneStatement) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	o.err = errOneStatementWrite
	return nil, o.err
}

func (o *oneStatement) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := o.next(query); err != nil {
		return nil, err
	}
	return o.db.QueryContext(ctx, query, args...)
}

func (o *oneStatement) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if o.next(query) != nil {
		// A *sql.Row carries no error of the caller's making: a cancelled context makes
		// one that fails, and viewOne reports o.err.
		done, cancel := context.WithCancel(ctx)
		cancel()
		return o.db.QueryRowContext(done, query, args...)
	}
	return o.db.QueryRowContext(ctx, query, args...)
}
