package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"zhifa"
)

// Group commit (SQLite). SQLite has one writer and Update promises durability
// (synchronous=FULL), so every write transaction costs an fsync of the WAL, and
// transactions waiting for the write lock queue behind it. A committer therefore runs
// the Update calls that are waiting back to back in one transaction and commits them
// with one fsync:
//
//   - Each caller's fn still runs in the caller's own goroutine (so panics, t.Fatal
//     and stack traces behave as before); the committer hands the transaction to the
//     waiting callers one at a time, in arrival order.
//   - Each fn runs inside a SAVEPOINT: when it returns an error or panics, ROLLBACK TO
//     undoes its writes alone and its caller gets the error (or the panic) at once.
//   - After the last fn of the batch the committer commits once and returns the
//     commit's result to every caller whose fn succeeded; Update returns only then, so
//     a nil error still means the writes are durable.
//   - A lone caller is committed at once: nothing waits for company.
//   - If the transaction cannot go on (an error SQLite answers by rolling back the
//     whole transaction, or a failed COMMIT), the callers whose fns had succeeded run
//     their fns again, each in a transaction of its own — as Update may already run
//     fn again on PostgreSQL — so one caller's failure never becomes another's.
//
// PostgreSQL commits concurrent transactions together on its own (its WAL writer
// batches the flushes), so Update there keeps one transaction per call, and sends its
// last writes with its COMMIT (pgcommit.go, which says why one agency's filings are
// not grouped either).

// maxBatch bounds the fns committed together, and so the wait of the first of them.
const maxBatch = 128

// savepoint is the name of the savepoint around each fn of a batch.
const savepoint = "zhifa_update"

// errRetry tells a caller whose fn succeeded that its batch did not commit and that
// it must run fn again, alone.
var errRetry = errors.New("sqlstore: group commit failed; run again alone")

// groupCommit queues the Update calls of one SQLite database.
type groupCommit struct {
	db      *DB
	mu      sync.Mutex
	queue   []*commitReq // solo requests first, then the others in arrival order
	running bool         // a committer goroutine is running
}

// commitReq is one Update call waiting for, or holding, its turn.
type commitReq struct {
	solo bool         // run in a transaction of its own (a retry)
	turn chan turn    // committer → caller: the transaction to run fn in
	ack  chan ackKind // caller → committer: how fn ended
	done chan error   // committer → caller whose fn succeeded: the commit's result
}

// turn hands the batch's transaction to a caller, or the error of beginning it.
type turn struct {
	tx  *sql.Tx
	err error
}

type ackKind int

const (
	ackOK     ackKind = iota // fn succeeded; its savepoint is released
	ackFailed                // fn failed or panicked; its writes are rolled back
	ackBroken                // the transaction can no longer be used
)

func newGroupCommit(db *DB) *groupCommit { return &groupCommit{db: db} }

// update is Update for SQLite.
func (g *groupCommit) update(ctx context.Context, fn func(zhifa.Tx) error) error {
	solo := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		req := g.enqueue(solo)
		var t turn
		select {
		case t = <-req.turn:
		case <-ctx.Done():
			if g.dequeue(req) {
				return ctx.Err()
			}
			// The committer has taken req: runFn sees the context is done.
			t = <-req.turn
		}
		if t.err != nil {
			return t.err
		}
		ran, err := g.runFn(ctx, req, t.tx, fn)
		switch {
		case err != nil && ran:
			return err // fn's own error; its writes are undone
		case err != nil && solo:
			return err // the transaction failed before fn ran, alone
		case err != nil:
			solo = true // the transaction failed before fn ran: again, alone
			continue
		}
		if err := <-req.done; !errors.Is(err, errRetry) {
			return err
		}
		solo = true
	}
}

// runFn runs fn in the batch's transaction inside a savepoint and tells the committer
// how it ended. ran reports whether fn was called; err is fn's error, or the error
// that made the transaction unusable.
func (g *groupCommit) runFn(ctx context.Context, req *commitReq, sqlTx *sql.Tx, fn func(zhifa.Tx) error) (ran bool, err error) {
	if err := ctx.Err(); err != nil {
		req.ack <- ackFailed // nothing written
		return true, err
	}
	bg := context.WithoutCancel(ctx)
	if _, err := sqlTx.ExecContext(bg, `SAVEPOINT `+savepoint); err != nil {
		req.ack <- ackBroken
		return false, fmt.Errorf("begin transaction: %w", err)
	}
	finished := false
	defer func() {
		if !finished {
			// fn panicked (or called runtime.Goexit): undo its writes, let the panic go on.
			req.ack <- rollbackTo(bg, sqlTx)
		}
	}()
	ferr := fn(&tx{db: g.db, tx: sqlTx, batched: true})
	finished = true
	if ferr != nil {
		req.ack <- rollbackTo(bg, sqlTx)
		return true, ferr
	}
	if _, err := sqlTx.ExecContext(bg, `RELEASE `+savepoint); err != nil {
		req.ack <- ackBroken
		return false, fmt.Errorf("commit: %w", err)
	}
	req.ack <- ackOK
	return true, nil
}

// rollbackTo undoes the writes since the savepoint.
func rollbackTo(ctx context.Context, sqlTx *sql.Tx) ackKind {
	// SQLite answers a few errors (a full disk, an I/O error, an interrupted write) by
	// rolling back the whole transaction; then the savepoint is gone too.
	if _, err := sqlTx.ExecContext(ctx, `ROLLBACK TO `+savepoint); err != nil {
		return ackBroken
	}
	if _, err := sqlTx.ExecContext(ctx, `RELEASE `+savepoint); err != nil {
		return ackBroken
	}
	return ackFailed
}

// enqueue queues a request and starts the committer if none runs.
func (g *groupCommit) enqueue(solo bool) *commitReq {
	req := &commitReq{solo: solo, turn: make(chan turn, 1), ack: make(chan ackKind, 1), done: make(chan error, 1)}
	g.mu.Lock()
	if solo {
		// Retries go first: their callers have waited one batch already.
		i := 0
		for i < len(g.queue) && g.queue[i].solo {
			i++
		}
		g.queue = append(g.queue, nil)
		copy(g.queue[i+1:], g.queue[i:])
		g.queue[i] = req
	} else {
		g.queue = append(g.queue, req)
	}
	start := !g.running
	g.running = true
	g.mu.Unlock()
	if start {
		go g.commitLoop()
	}
	return req
}

// dequeue removes req from the queue, reporting whether it was still there.
func (g *groupCommit) dequeue(req *commitReq) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, r := range g.queue {
		if r == req {
			g.queue = append(g.queue[:i], g.queue[i+1:]...)
			return true
		}
	}
	return false
}

// next takes the first queued request; with joinable only a request that may join a
// running batch (not solo). When the queue is empty and !joinable, the committer
// stops (running is cleared under the same lock that enqueue checks).
func (g *groupCommit) next(joinable bool) *commitReq {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		if !joinable {
			g.running = false
		}
		return nil
	}
	req := g.queue[0]
	if joinable && req.solo {
		return nil
	}
	g.queue[0] = nil
	g.queue = g.queue[1:]
	return req
}

// commitLoop runs batches until the queue is empty.
func (g *groupCommit) commitLoop() {
	for {
		req := g.next(false)
		if req == nil {
			return
		}
		g.batch(req)
	}
}

// batch runs one transaction: first's fn, then those of the requests queued meanwhile
// (unless first is solo), and commits.
func (g *groupCommit) batch(first *commitReq) {
	sqlTx, err := g.db.sql.BeginTx(context.Background(), nil) // BEGIN IMMEDIATE
	if err != nil {
		first.turn <- turn{err: fmt.Errorf("begin transaction: %w", err)}
		return
	}
	var ok []*commitReq // the requests whose fn succeeded
	broken := false
	for n, req := 1, first; req != nil; n++ {
		req.turn <- turn{tx: sqlTx}
		switch <-req.ack {
		case ackOK:
			ok = append(ok, req)
		case ackBroken:
			broken = true
		}
		if broken || first.solo || n == maxBatch {
			break
		}
		req = g.next(true)
	}
	if broken || len(ok) == 0 {
		sqlTx.Rollback()
		for _, req := range ok {
			req.done <- errRetry
		}
		return
	}
	if err := sqlTx.Commit(); err != nil {
		for _, req := range ok {
			if req.solo {
				req.done <- fmt.Errorf("commit: %w", err)
			} else {
				req.done <- errRetry
			}
		}
		return
	}
	for _, req := range ok {
		req.done <- nil
	}
}
