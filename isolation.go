package zhifa

import "context"

// rowLockedKey marks a context whose Update may run at READ COMMITTED (RowLocked).
type rowLockedKey struct{}

// RowLocked returns ctx marking the Store.Update it is passed to as a row-locked write:
// one that keeps its rules without serializable isolation, because it changes existing
// rows only under an optimistic version check (UPDATE … WHERE version = $v, ECONFLICT
// when stale) or an explicit lock, takes its sequence numbers under a lock of their own
// (the case-number lock), and otherwise inserts new rows. Its reads of reference data
// (agency, item, officers' certificates) are ordered before any concurrent change of
// them, as a serializable run would order them.
//
// On PostgreSQL such an Update runs at READ COMMITTED, so it is never aborted for a
// serialization failure because another writer inserted into an index page it read
// (issue 11: 352 of 400 filings of 32 clients were, at least once). SQLite has one
// writer at a time and ignores the mark.
func RowLocked(ctx context.Context) context.Context {
	return context.WithValue(ctx, rowLockedKey{}, true)
}

// IsRowLocked reports whether ctx was marked by RowLocked.
func IsRowLocked(ctx context.Context) bool {
	v, _ := ctx.Value(rowLockedKey{}).(bool)
	return v
}

// oneStatementKey marks a context whose Store.View runs one statement (OneStatement).
type oneStatementKey struct{}

// OneStatement returns ctx marking the Store.View it is passed to as a read of one
// statement, which is consistent on its own: PostgreSQL then runs it without a
// transaction, one round trip instead of three (BEGIN, the statement, COMMIT; issue 11:
// a write's view reads its ledger entries after the commit). A second statement of
// such a View fails. SQLite ignores the mark.
func OneStatement(ctx context.Context) context.Context {
	return context.WithValue(ctx, oneStatementKey{}, true)
}

// IsOneStatement reports whether ctx was marked by OneStatement.
func IsOneStatement(ctx context.Context) bool {
	v, _ := ctx.Value(oneStatementKey{}).(bool)
	return v
}
