package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The commit of a PostgreSQL write in the round trip of its last writes (issue 11).
//
// A filing's case rows are deferred (deferred.go) and go out just before the commit:
// with database/sql they are one round trip and the COMMIT another, both under the
// number lock of the agency's case counter, which its other filings queue on. A
// write transaction on PostgreSQL therefore runs on a pooled connection of its own
// (database/sql's Conn) that it begins and ends itself, and at the end it sends the
// deferred writes and the COMMIT in one pgx pipeline: one round trip, one Sync. When
// the deferred statement fails, the server skips the COMMIT (a pipeline's statements
// after an error are skipped up to its Sync) and the transaction is rolled back, as
// before. The number lock is held from its bump for two round trips instead of three;
// for a filing that guessed its number (casenumbers.go), whose bump goes first in the
// same pipeline, for none: only while the server runs the bump, the rows and the
// COMMIT.
//
// A group commit of one agency's filings, as on SQLite (groupcommit.go), would share
// the COMMIT's WAL flush among them, but run their statements one after another on the
// group's connection: all of a filing's reads under the lock, or, joining the group at
// the bump, SAVEPOINT and RELEASE beside the bump and the rows. Even pipelined, that is
// the two round trips a filing holds the lock for now, less the flush, and a commit's
// flush costs next to nothing here (pgbench, one client: 0.09–0.12 ms a commit with
// synchronous_commit on, 0.12 ms off; docs/ARCHITECTURE.md).

// beginStatement is the BEGIN of a transaction with opts.
func beginStatement(opts *sql.TxOptions) string {
	s := "BEGIN"
	if opts == nil {
		return s
	}
	switch opts.Isolation {
	case sql.LevelSerializable:
		s += " ISOLATION LEVEL SERIALIZABLE"
	case sql.LevelRepeatableRead:
		s += " ISOLATION LEVEL REPEATABLE READ"
	case sql.LevelReadCommitted:
		s += " ISOLATION LEVEL READ COMMITTED"
	}
	if opts.ReadOnly {
		s += " READ ONLY"
	}
	return s
}

// pgTx is a PostgreSQL transaction on a connection of its own.
type pgTx struct {
	db   *DB
	conn *sql.Conn
}

// beginPG takes a connection from the pool and begins a transaction with opts on it.
func (db *DB) beginPG(ctx context.Context, opts *sql.TxOptions) (*pgTx, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	db.counts.control.Add(1)
	if _, err := conn.ExecContext(ctx, beginStatement(opts)); err != nil {
		discard(conn)
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	return &pgTx{db: db, conn: conn}, nil
}

// rollback ends the transaction without its writes and returns the connection. It
// runs also when ctx is cancelled (the writes must not stay open on a pooled
// connection). A connection that cannot roll back is discarded: closing the session
// rolls the transaction back on the server, so there is nothing to report.
func (p *pgTx) rollback(ctx context.Context) error {
	p.db.counts.control.Add(1)
	if _, err := p.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); err != nil {
		discard(p.conn)
		return nil
	}
	return p.conn.Close()
}

// commit sends t's deferred writes and the COMMIT in one round trip and returns the
// connection. A deferred write's failure is reported as flush reports it (t.deferErr),
// and the transaction is rolled back.
func (p *pgTx) commit(ctx context.Context, t *tx) error {
	if t.deferErr != nil { // an earlier batch failed and aborted the transaction
		p.rollback(ctx)
		return t.deferErr
	}
	batch := t.deferred
	t.deferred, t.deferredArgs = nil, 0
	var committed bool
	err := p.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("commit: connection of %T, not pgx", dc)
		}
		var err error
		committed, err = t.sendWithCommit(ctx, c.Conn(), batch)
		if c.Conn().IsClosed() {
			return errors.Join(err, driver.ErrBadConn)
		}
		return err
	})
	if committed {
		// Committed is committed: a connection lost after the COMMIT's answer is the
		// pool's concern (Raw discarded it), not the write's.
		p.conn.Close()
		return nil
	}
	p.rollback(ctx)
	return err
}

// sendWithCommit runs the bump of a number taken with the commit (t.bump,
// casenumbers.go), batch (the deferred writes, possibly none) and COMMIT in one pipeline
// on c and reports whether the transaction committed.
func (t *tx) sendWithCommit(ctx context.Context, c *pgx.Conn, batch []deferredWrite) (committed bool, err error) {
	b := &pgx.Batch{}
	// A number taken with the commit is bumped first, and the rows and the COMMIT are
	// skipped when the counter gives another (casenumbers.go).
	bump := t.bump
	t.bump = nil
	if bump != nil {
		t.db.counts.statements.Add(1)
		query, args := bump.statement()
		b.Queue(query, args...)
	}
	var dest []any // the ids the deferred statement returns
	if len(batch) > 0 {
		t.db.counts.statements.Add(1)
		if bump != nil {
			t.db.counts.pipelined.Add(1) // in the bump's round trip
		}
		var query string
		var args []any
		query, args, dest = deferredStatement(batch)
		b.Queue(query, args...)
	} else if bump == nil {
		t.db.counts.control.Add(1) // the COMMIT alone
	}
	b.Queue("COMMIT")
	br := c.SendBatch(ctx, b)
	if bump != nil {
		var one int
		if err := br.QueryRow().Scan(&one); err != nil {
			br.Close()
			t.deferErr = bumpErr(err)
			return false, t.deferErr
		}
	}
	if len(batch) > 0 {
		var werr error
		if dest == nil {
			_, werr = br.Exec()
		} else {
			werr = br.QueryRow().Scan(dest...)
		}
		if werr != nil {
			br.Close()
			return false, t.failDeferred(batch, werr)
		}
	}
	tag, cerr := br.Exec()
	br.Close() // what it could report, the COMMIT's result has
	switch {
	case cerr != nil:
		return false, fmt.Errorf("commit: %w", cerr)
	case tag.String() == "ROLLBACK":
		// COMMIT of a transaction that had failed rolls it back and says so.
		return false, errors.New("commit: the transaction was rolled back")
	}
	return true, nil
}

// discard closes conn for good: the pool does not hand it out again.
func discard(conn *sql.Conn) {
	conn.Raw(func(any) error { return driver.ErrBadConn })
	conn.Close()
}
