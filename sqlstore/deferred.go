package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Deferred writes (PostgreSQL, issue 11).
//
// A filing wrote its case's rows one statement at a time — parties, clocks, officers,
// statistics, search text and terms, history, ledger entry, audit line — each a round
// trip, most of them after the case number was taken and so under the number lock. The
// inserts whose outcome nothing in the transaction reads back are deferred instead: they
// are kept in the transaction and sent together, as the data-modifying WITH clauses of
// one statement, just before the transaction's next statement or its commit. The rows
// and their order relative to every other statement are those of running them one by
// one, so the transaction commits the same rows: the deferred inserts are independent of
// each other (none reads what another writes; a batch writes each table at most once),
// which is what running them in one statement, under one snapshot, needs. A foreign key
// from one to another (a party to its case) holds: PostgreSQL checks it at the end of
// the statement, when both rows are there.
// A deferred insert may return its row's id, set when the batch runs.
//
// On SQLite, and outside an Update, a deferred write runs at once.

// deferredWrite is one deferred INSERT.
type deferredWrite struct {
	op    string
	msgs  errMsgs
	table string
	query string // one INSERT with placeholders $1…, without RETURNING
	args  []any
	id    *int64 // set from RETURNING id; nil when the id is not wanted
}

// maxDeferredArgs bounds the arguments of one batch; a write that would pass it sends
// the batch first (PostgreSQL allows 65,535 to a statement).
const maxDeferredArgs = 3000

// deferWrite runs the INSERT query into table now, or defers it in a PostgreSQL write
// transaction. id, when not nil, receives the new row's id (RETURNING id) by the time
// the transaction runs its next statement or commits. Errors are reported as dbErr
// with op and msgs, a deferred one by the statement or commit it precedes.
func (t *tx) deferWrite(ctx context.Context, op string, msgs errMsgs, table string, id *int64, query string, args ...any) error {
	if !t.deferring {
		if id != nil {
			return dbErr(t.queryRow(ctx, query+` RETURNING id`, args...).Scan(id), op, msgs)
		}
		_, err := t.exec(ctx, query, args...)
		return dbErr(err, op, msgs)
	}
	if t.deferErr != nil {
		return t.deferErr
	}
	if t.deferredArgs+len(args) > maxDeferredArgs || t.defers(table) {
		if err := t.flush(ctx); err != nil {
			return err
		}
	}
	t.deferred = append(t.deferred, deferredWrite{op: op, msgs: msgs, table: table, query: query, args: args, id: id})
	t.deferredArgs += len(args)
	return nil
}

// defers reports whether a write into table is deferred. A batch writes each table
// once: the sub-statements of one statement run in no set order, so two inserts into one
// table — two queued ledger entries, two history events — would take their ids in
// either order.
func (t *tx) defers(table string) bool {
	for _, w := range t.deferred {
		if w.table == table {
			return true
		}
	}
	return false
}

// placeholder matches a $n placeholder of a deferred query.
var placeholder = regexp.MustCompile(`\$([0-9]+)`)

// flush sends the deferred writes as one statement. Its error is kept: the
// transaction is aborted, and fn's next statement fails with a less telling error.
func (t *tx) flush(ctx context.Context) error {
	if t.deferErr != nil {
		return t.deferErr
	}
	// A number taken with the commit is bumped before the rows that carry it
	// (casenumbers.go).
	if err := t.sendBump(ctx); err != nil {
		return err
	}
	if len(t.deferred) == 0 {
		return nil
	}
	batch := t.deferred
	t.deferred, t.deferredArgs = nil, 0
	var err error
	t.db.counts.statements.Add(1)
	query, args, dest := deferredStatement(batch)
	if dest == nil {
		_, err = t.tx.ExecContext(t.stmtCtx(ctx), query, args...)
	} else {
		err = t.tx.QueryRowContext(t.stmtCtx(ctx), query, args...).Scan(dest...)
	}
	if err != nil {
		return t.failDeferred(batch, err)
	}
	return nil
}

// deferredStatement is the statement that runs batch: its query and arguments, and the
// destinations of the ids it returns (nil: nothing to scan, run it as an exec).
func deferredStatement(batch []deferredWrite) (query string, args []any, dest []any) {
	if len(batch) == 1 && batch[0].id == nil {
		return batch[0].query, batch[0].args, nil
	}
	query, args, ids := combineDeferred(batch)
	dest = make([]any, len(ids))
	for i := range ids {
		dest[i] = ids[i]
	}
	return query, args, dest
}

// failDeferred keeps err, the failure of the statement that ran batch, as the
// transaction's deferErr, reported as the write it names would report it.
func (t *tx) failDeferred(batch []deferredWrite, err error) error {
	w := blame(batch, err)
	t.deferErr = dbErr(err, w.op, w.msgs)
	return t.deferErr
}

// combineDeferred builds the statement of a batch: each write a WITH clause, the ids
// wanted selected by the main query (one constant column when none is).
func combineDeferred(batch []deferredWrite) (query string, args []any, ids []*int64) {
	var b strings.Builder
	var cols []string
	for i, w := range batch {
		if i == 0 {
			b.WriteString("WITH ")
		} else {
			b.WriteString(", ")
		}
		name := "w" + strconv.Itoa(i)
		offset := len(args)
		b.WriteString(name + " AS (")
		b.WriteString(placeholder.ReplaceAllStringFunc(w.query, func(p string) string {
			n, _ := strconv.Atoi(p[1:])
			return "$" + strconv.Itoa(n+offset)
		}))
		if w.id != nil {
			b.WriteString(" RETURNING id")
			cols = append(cols, "(SELECT id FROM "+name+")")
			ids = append(ids, w.id)
		}
		b.WriteString(")")
		args = append(args, w.args...)
	}
	if len(cols) == 0 {
		cols = []string{"1"}
		ids = []*int64{new(int64)}
	}
	b.WriteString(" SELECT " + strings.Join(cols, ", "))
	return b.String(), args, ids
}

// blame is the write of a batch that err names by its table, else the first.
func blame(batch []deferredWrite, err error) deferredWrite {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		for _, w := range batch {
			if w.table == pe.TableName {
				return w
			}
		}
	}
	return batch[0]
}

// flushed runs the deferred writes before a statement of the transaction's own.
func (t *tx) flushed(ctx context.Context) error {
	if len(t.deferred) == 0 && t.deferErr == nil && t.bump == nil {
		return nil
	}
	if err := t.flush(ctx); err != nil {
		return fmt.Errorf("deferred writes: %w", err)
	}
	return nil
}
