package app

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/ledger"
)

// App is the kernel of the bounded contexts (app/publicity, app/supervision,
// app/execution): they reach the transaction, the audit line, the ledger and the scope
// checks only through these methods.
var _ kernel.Kernel = (*App)(nil)

// Write runs fn in one transaction with its audit line (see write).
func (a *App) Write(ctx context.Context, action string, fn func(tx zhifa.Tx, rec *kernel.Audit) error) error {
	return a.write(ctx, action, fn)
}

// Read runs fn in a read-only transaction.
func (a *App) Read(ctx context.Context, fn func(tx zhifa.Tx) error) error { return a.read(ctx, fn) }

// AppendEntry appends e to the ledger in tx (see appendEntry).
func (a *App) AppendEntry(ctx context.Context, tx zhifa.Tx, e *ledger.Entry) (int64, error) {
	return a.appendEntry(ctx, tx, e)
}

// AppendCaseEntry appends e for the case c and links it to the case (see appendCaseEntry).
func (a *App) AppendCaseEntry(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, e *ledger.Entry) (int64, error) {
	return a.appendCaseEntry(ctx, tx, c, e)
}

// QueueCaseEntry queues e for the case c, to be sequenced after commit (see queueCaseEntry).
func (a *App) QueueCaseEntry(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, e *ledger.Entry) error {
	return a.queueCaseEntry(ctx, tx, c, e)
}

// VisibleCase returns the case and its agency if the actor may read it, ENOTFOUND otherwise.
func (a *App) VisibleCase(ctx context.Context, tx zhifa.Tx, actor *Actor, id int64) (*zhifa.Case, *zhifa.Agency, error) {
	return a.visibleCase(ctx, tx, actor, id)
}

// VisibleAgency returns an agency inside the actor's scope, ENOTFOUND otherwise.
func (a *App) VisibleAgency(ctx context.Context, tx zhifa.Tx, actor *Actor, id int64) (*zhifa.Agency, error) {
	return a.visibleAgency(ctx, tx, actor, id)
}

// MayApprove reports whether the actor approves for the agency on day (see mayApprove).
func (a *App) MayApprove(ctx context.Context, tx zhifa.Tx, actor *Actor, agencyID int64, day zhifa.Date) (bool, error) {
	return a.mayApprove(ctx, tx, actor, agencyID, day)
}

// WriteUnaudited runs fn in one read-write transaction without an audit line.
func (a *App) WriteUnaudited(ctx context.Context, fn func(tx zhifa.Tx) error) error {
	return a.store.Update(ctx, fn)
}

// AuditFailure records the failed action of the context's actor (see recordFailure).
func (a *App) AuditFailure(ctx context.Context, rec *kernel.Audit, cause error) {
	a.recordFailure(ctx, ActorFrom(ctx), rec, cause)
}
