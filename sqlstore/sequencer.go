package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"zhifa"
)

// The ledger write path on PostgreSQL (issue 11, migration 00038).
//
// Bumping ledger_state's 'next' row in every business transaction serialised all the
// writes of an installation on that one row until commit (24 filings/s with 32
// clients). An entry whose index the writer does not need is queued instead
// (QueueLedgerEntry): one INSERT into ledger_pending, whose identity column is not
// transactional, so writers never wait on each other; the entry commits with the
// business rows and the audit line, or not at all.
//
// The sequencer moves committed pending rows into the ledger: in one READ COMMITTED
// transaction it takes the ledger's append lock (the same lock a synchronous
// AppendLedgerEntry holds until its commit, so the two never interleave, and two
// sequencers — one per server — never run at once), reads 'next', inserts the pending
// rows it sees into ledger_entries under the next indexes in arrival order, links them
// to their case, stores their openings, deletes them and advances 'next'. A pending row
// is deleted only in the transaction that sequences it and every row the sequencer sees
// is sequenced, so no committed entry is skipped, whatever order the writers committed
// in (there is no high-water mark to overtake); a row that commits after the
// sequencer's snapshot is taken by the next round. The ledger stays dense: indexes are
// assigned only to committed entries, under the lock.
//
// Every server runs a sequencer goroutine: promptly for its own writers, which wait in
// Update until a round that started after their commit has ended, so that a read after
// Update sees the entry's index (case pages, receipts, proofs); and every
// sequenceInterval for entries a crashed process committed but never saw sequenced.

const (
	// sequenceInterval is how often the sequencer looks for entries that no local
	// writer waits for.
	sequenceInterval = time.Second
	// sequenceBatch bounds the entries of one sequencing transaction.
	sequenceBatch = 1000
	// sequenceTimeout bounds one round.
	sequenceTimeout = 30 * time.Second
)

// sequencer is the sequencing goroutine of one DB (PostgreSQL).
type sequencer struct {
	db   *DB
	kick chan struct{} // buffered: a round is due
	mu   sync.Mutex
	// waiters are released by the next round that starts after they registered.
	waiters []chan struct{}
	stopped chan struct{} // closed when the goroutine ends
	failing bool          // the last round failed (logged once per outage)
}

func newSequencer(db *DB) *sequencer {
	return &sequencer{db: db, kick: make(chan struct{}, 1), stopped: make(chan struct{})}
}

// await returns once a round that started after the call has ended, or ctx ends, or
// the sequencer stops. The caller's entries are committed already: if the round fails
// they stay pending and a later round places them, so await reports nothing.
func (s *sequencer) await(ctx context.Context) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.waiters = append(s.waiters, ch)
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
	select {
	case <-ch:
	case <-ctx.Done():
	case <-s.stopped:
	}
}

// run sequences until stop is closed: on a kick, and every sequenceInterval.
func (s *sequencer) run(stop <-chan struct{}) {
	defer close(s.stopped)
	base, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-stop:
			cancel() // a round in progress ends too
		case <-base.Done():
		}
	}()
	tick := time.NewTicker(sequenceInterval)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-s.kick:
		case <-tick.C:
		}
		s.mu.Lock()
		waiting := s.waiters
		s.waiters = nil
		s.mu.Unlock()
		ctx, done := context.WithTimeout(base, sequenceTimeout)
		_, err := s.db.SequenceLedger(ctx)
		done()
		if base.Err() != nil {
			err = nil // stopping: not a failure
		}
		s.report(err)
		for _, ch := range waiting {
			close(ch)
		}
	}
}

// report logs a failing round once per outage, and the recovery.
func (s *sequencer) report(err error) {
	switch {
	case err != nil && !s.failing:
		slog.Error("ledger sequencer failed; pending entries are retried", "err", err)
		s.failing = true
	case err == nil && s.failing:
		slog.Info("ledger sequencer recovered")
		s.failing = false
	}
}

// pendingOpening is an opening as queued: its index is not known yet.
type pendingOpening struct {
	Field string `json:"field"`
	Salt  []byte `json:"salt"`
	Value string `json:"value"`
}

// QueueLedgerEntry records e in the transaction; see zhifa.Tx. SQLite appends it
// inline: its write transaction holds the database's lock anyway.
func (t *tx) QueueLedgerEntry(ctx context.Context, e *zhifa.QueuedLedgerEntry) error {
	const op = "queue ledger entry"
	if len(e.Data) == 0 {
		return fmt.Errorf("%s: empty entry", op)
	}
	if t.db.engine != EnginePostgres {
		return t.appendInline(ctx, e)
	}
	ops := make([]pendingOpening, len(e.Openings))
	for i, o := range e.Openings {
		ops[i] = pendingOpening{Field: o.Field, Salt: o.Salt, Value: o.Value}
	}
	openings, err := json.Marshal(ops)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	var caseID any
	if e.CaseID != 0 {
		caseID = e.CaseID
	}
	err = t.deferWrite(ctx, op, errMsgs{missing: "案件不存在"}, "ledger_pending", nil, `INSERT INTO ledger_pending (data, created_at, case_id, kind, openings) VALUES ($1, $2, $3, $4, $5)`,
		e.Data, t.stamp(e.At), caseID, e.Kind, string(openings))
	if err != nil {
		return err
	}
	t.queued = true
	return nil
}

// appendInline appends a queued entry under the next index, with its case link and
// openings, in the caller's transaction.
func (t *tx) appendInline(ctx context.Context, e *zhifa.QueuedLedgerEntry) error {
	idx, err := t.AppendLedgerEntry(ctx, e.Data, e.At)
	if err != nil {
		return err
	}
	if e.CaseID != 0 {
		if err := t.LinkCaseEntry(ctx, e.CaseID, idx, e.Kind); err != nil {
			return err
		}
	}
	for _, o := range e.Openings {
		o.Index = idx
	}
	return t.AddLedgerOpenings(ctx, e.Openings)
}

// PendingLedgerEntries returns the committed entries not yet sequenced; see zhifa.Tx.
func (t *tx) PendingLedgerEntries(ctx context.Context) ([]*zhifa.LedgerEntry, error) {
	const op = "read pending ledger entries"
	rows, err := t.query(ctx, `SELECT id, data, created_at FROM ledger_pending ORDER BY id`)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.LedgerEntry, error) {
		var e zhifa.LedgerEntry
		if err := s.Scan(&e.Index, &e.Data, &e.CreatedAt); err != nil {
			return nil, err
		}
		e.Index, e.CreatedAt = -e.Index, e.CreatedAt.UTC()
		return &e, nil
	})
}

// SequenceLedger moves every pending entry committed so far into the ledger, in
// batches of one transaction each, and returns how many it moved. The sequencer
// goroutine calls it; tools and tests may too. SQLite has nothing to sequence.
func (db *DB) SequenceLedger(ctx context.Context) (int, error) {
	if db.engine != EnginePostgres {
		return 0, nil
	}
	total := 0
	for {
		n, err := db.sequenceBatch(ctx)
		total += n
		if err != nil || n < sequenceBatch {
			return total, err
		}
	}
}

// sequenceBatch sequences up to sequenceBatch pending entries in one transaction.
func (db *DB) sequenceBatch(ctx context.Context) (int, error) {
	// Most rounds find nothing: look without taking the append lock.
	var waiting bool
	if err := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM ledger_pending)`).Scan(&waiting); err != nil {
		return 0, fmt.Errorf("sequence ledger: %w", err)
	}
	if !waiting {
		return 0, nil
	}
	n := 0
	// READ COMMITTED: each statement sees what committed before it, so the rows read
	// after the lock are all committed ones, and a serializable writer's reads are
	// never in conflict with the sequencer's writes.
	err := db.runSequencing(ctx, func(t *tx) error {
		if err := t.lockLedgerAppends(ctx); err != nil {
			return err
		}
		return dbErr(t.queryRow(ctx, placePending, sequenceBatch).Scan(&n), "place pending ledger entries", errMsgs{})
	})
	if err != nil {
		return 0, fmt.Errorf("sequence ledger: %w", err)
	}
	return n, nil
}

// runSequencing runs fn in one READ COMMITTED transaction and commits it.
func (db *DB) runSequencing(ctx context.Context, fn func(*tx) error) error {
	sqlTx, err := db.sql.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(&tx{db: db, tx: sqlTx}); err != nil {
		if rerr := sqlTx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("roll back: %w", rerr))
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// placePending places up to $1 pending rows, in arrival order, in the ledger from
// index 'next' on, with their case links and openings, deletes them from ledger_pending
// and advances 'next'; it returns how many it placed. One statement (issue 11: a round
// was eight statements under the append lock, and 32 writing clients start a round every
// few writes): its parts see one snapshot, taken after the append lock, and the foreign
// keys from the links and openings to the entries are checked at its end. The openings
// are queued as JSON (pendingOpening: salt in base64, as encoding/json writes []byte).
const placePending = `
	WITH next AS (SELECT value FROM ledger_state WHERE name = 'next'),
	p AS (
		SELECT q.id, q.data, q.created_at, q.case_id, q.kind, q.openings,
			(SELECT value FROM next) + row_number() OVER (ORDER BY q.id) - 1 AS idx
		FROM (SELECT * FROM ledger_pending ORDER BY id LIMIT $1) q),
	entries AS (
		INSERT INTO ledger_entries (idx, data, created_at) SELECT idx, data, created_at FROM p),
	links AS (
		INSERT INTO case_entries (entry_index, case_id, kind)
		SELECT idx, case_id, kind FROM p WHERE case_id IS NOT NULL ORDER BY idx),
	openings AS (
		INSERT INTO ledger_openings (entry_index, field, salt, value)
		SELECT p.idx, o.field, decode(o.salt, 'base64'), o.value
		FROM p, jsonb_to_recordset(p.openings::jsonb) AS o(field TEXT, salt TEXT, value TEXT)),
	placed AS (DELETE FROM ledger_pending WHERE id IN (SELECT id FROM p)),
	advanced AS (
		UPDATE ledger_state SET value = value + (SELECT count(*) FROM p)
		WHERE name = 'next' AND EXISTS (SELECT 1 FROM p))
	SELECT count(*) FROM p`
