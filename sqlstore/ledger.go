package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"zhifa"
)

// The ledger tables (migration 00002): ledger_entries, ledger_hashes and
// ledger_checkpoints are append-only; ledger_state holds the counters 'next' and
// 'integrated', which only grow.
//
// Appending bumps 'next' with one UPDATE ... RETURNING in the caller's transaction. On
// SQLite the write transaction holds the database's write lock (BEGIN IMMEDIATE), so
// appends are serial. On PostgreSQL the UPDATE takes the row lock of the counter: a
// concurrent appender waits for it and, its SERIALIZABLE snapshot being stale once the
// first commits, is aborted with a serialization failure. Update runs it again, and
// this time takes the append lock (LOCK TABLE ledger_entries IN SHARE ROW EXCLUSIVE
// MODE) as its first statement, before its snapshot is taken (every append takes that
// lock before the counter's row lock, so the order is the same everywhere): appenders that collided
// once then wait for each other instead of failing again, however long the other's
// transaction (a bulk import, say) runs. Readers and the integrator, which only read
// ledger_entries, are not blocked by it. So committed indexes are always 0..n-1
// without gaps, in every process.
//
// That is the synchronous append, for writers that need the index in their
// transaction. The others queue their entry (QueueLedgerEntry, sequencer.go): on
// PostgreSQL the sequencer places it after commit under the same append lock, so the
// two kinds of appends share one dense sequence.

const (
	// inBatch bounds the placeholders of one "idx IN (...)" lookup.
	inBatch = 500
	// minRun is the shortest run of consecutive indexes read with BETWEEN rather than IN.
	minRun = 8
)

// AppendLedgerEntry appends canonical entry bytes under the next index.
func (t *tx) AppendLedgerEntry(ctx context.Context, data []byte, at time.Time) (int64, error) {
	const op = "append ledger entry"
	if len(data) == 0 {
		return 0, fmt.Errorf("%s: empty entry", op)
	}
	t.appended = true
	if t.bulk != nil { // a loader's transaction: written at its end, the counter kept here
		return t.bulk.appendLedgerEntry(ctx, t, data, at)
	}
	// The append lock before the counter's row lock, in every transaction: the same
	// order as a transaction that took it first (see runOnce), so no deadlock.
	if t.db.engine == EnginePostgres && !t.ledgerLocked {
		if err := t.lockLedgerAppends(ctx); err != nil {
			return 0, err
		}
	}
	var idx int64
	err := t.queryRow(ctx, `UPDATE ledger_state SET value = value + 1 WHERE name = 'next' RETURNING value - 1`).Scan(&idx)
	if err != nil {
		return 0, dbErr(err, op, errMsgs{})
	}
	_, err = t.exec(ctx, `INSERT INTO ledger_entries (idx, data, created_at) VALUES ($1, $2, $3)`, idx, data, t.stamp(at))
	if err != nil {
		return 0, dbErr(err, op, errMsgs{conflict: "账本条目序号冲突"})
	}
	return idx, nil
}

// lockLedgerAppends takes PostgreSQL's ledger append lock for the rest of the
// transaction. It conflicts with itself and with INSERT into ledger_entries, not with
// SELECT.
func (t *tx) lockLedgerAppends(ctx context.Context) error {
	if _, err := t.exec(ctx, `LOCK TABLE ledger_entries IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return dbErr(err, "lock ledger appends", errMsgs{})
	}
	t.ledgerLocked = true
	return nil
}

// ledgerCounter reads one counter of ledger_state.
func (t *tx) ledgerCounter(ctx context.Context, name string, lock bool) (int64, error) {
	q := `SELECT value FROM ledger_state WHERE name = $1`
	if lock && t.db.engine == EnginePostgres {
		// SQLite's write transaction is exclusive already.
		q += ` FOR UPDATE`
	}
	var v int64
	if err := t.queryRow(ctx, q, name).Scan(&v); err != nil {
		return 0, dbErr(err, "read ledger state "+name, errMsgs{})
	}
	return v, nil
}

// LedgerSize returns the number of entries.
func (t *tx) LedgerSize(ctx context.Context) (int64, error) {
	return t.ledgerCounter(ctx, "next", false)
}

// LedgerEntries returns the entries with from <= index < to, by index.
func (t *tx) LedgerEntries(ctx context.Context, from, to int64) ([]*zhifa.LedgerEntry, error) {
	const op = "read ledger entries"
	rows, err := t.query(ctx, `
		SELECT idx, data, created_at FROM ledger_entries
		WHERE idx >= $1 AND idx < $2 ORDER BY idx`, from, to)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.LedgerEntry, error) {
		var e zhifa.LedgerEntry
		if err := s.Scan(&e.Index, &e.Data, &e.CreatedAt); err != nil {
			return nil, err
		}
		e.CreatedAt = e.CreatedAt.UTC()
		return &e, nil
	})
}

// LedgerIntegrated returns the integrated size, locking it for the transaction if lock.
func (t *tx) LedgerIntegrated(ctx context.Context, lock bool) (int64, error) {
	return t.ledgerCounter(ctx, "integrated", lock)
}

// SetLedgerIntegrated records the integrated size.
func (t *tx) SetLedgerIntegrated(ctx context.Context, size int64) error {
	_, err := t.exec(ctx, `UPDATE ledger_state SET value = $1 WHERE name = 'integrated'`, size)
	return dbErr(err, "set ledger integrated size", errMsgs{})
}

// AddLedgerHashes stores stored hashes from index start on, as one set (insertColumns).
func (t *tx) AddLedgerHashes(ctx context.Context, start int64, sha256, sm3 [][32]byte) error {
	const op = "add ledger hashes"
	if len(sha256) != len(sm3) {
		return fmt.Errorf("%s: %d SHA-256 and %d SM3 hashes", op, len(sha256), len(sm3))
	}
	idx := make([]int64, len(sha256))
	a, b := make([][]byte, len(sha256)), make([][]byte, len(sm3))
	for i := range sha256 {
		idx[i], a[i], b[i] = start+int64(i), sha256[i][:], sm3[i][:]
	}
	return t.insertColumns(ctx, op, errMsgs{conflict: "账本哈希已存在"}, "ledger_hashes",
		int64Column("idx", idx), bytesColumn("sha256", a), bytesColumn("sm3", b))
}

// ReadLedgerHashes returns the stored hashes with the given indexes, in order. Runs of
// consecutive indexes are read with one range query each, the rest in batches.
func (t *tx) ReadLedgerHashes(ctx context.Context, indexes []int64) (sha256, sm3 [][32]byte, err error) {
	const op = "read ledger hashes"
	if len(indexes) == 0 {
		return nil, nil, nil
	}
	uniq := slices.Clone(indexes)
	slices.Sort(uniq)
	uniq = slices.Compact(uniq)
	// The hashes are placed by their position in uniq rather than in a map, and
	// scanned as RawBytes: the verifier reads every stored hash of the log this way
	// (issue #11), so a map entry and two copies per hash were a third of its reading.
	found := make([][2][32]byte, len(uniq))
	seen := make([]bool, len(uniq))
	scan := func(query string, args ...any) error {
		rows, err := t.query(ctx, query, args...)
		if err != nil {
			return dbErr(err, op, errMsgs{})
		}
		defer rows.Close()
		var a, b sql.RawBytes
		for rows.Next() {
			var idx int64
			if err := rows.Scan(&idx, &a, &b); err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
			if len(a) != 32 || len(b) != 32 {
				return fmt.Errorf("%s: stored hash %d has %d and %d bytes, want 32", op, idx, len(a), len(b))
			}
			if k, ok := slices.BinarySearch(uniq, idx); ok {
				found[k], seen[k] = [2][32]byte{[32]byte(a), [32]byte(b)}, true
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		return nil
	}
	var singles []int64
	for i := 0; i < len(uniq); {
		j := i + 1
		for j < len(uniq) && uniq[j] == uniq[j-1]+1 {
			j++
		}
		if j-i >= minRun {
			if err := scan(`SELECT idx, sha256, sm3 FROM ledger_hashes WHERE idx >= $1 AND idx <= $2`, uniq[i], uniq[j-1]); err != nil {
				return nil, nil, err
			}
		} else {
			singles = append(singles, uniq[i:j]...)
		}
		i = j
	}
	for lo := 0; lo < len(singles); lo += inBatch {
		hi := min(lo+inBatch, len(singles))
		var w where
		ph := make([]string, 0, hi-lo)
		for _, idx := range singles[lo:hi] {
			ph = append(ph, w.arg(idx))
		}
		if err := scan(`SELECT idx, sha256, sm3 FROM ledger_hashes WHERE idx IN (`+strings.Join(ph, ", ")+`)`, w.args...); err != nil {
			return nil, nil, err
		}
	}
	sha256, sm3 = make([][32]byte, len(indexes)), make([][32]byte, len(indexes))
	for i, idx := range indexes {
		k, _ := slices.BinarySearch(uniq, idx)
		if !seen[k] {
			return nil, nil, fmt.Errorf("%s: stored hash %d is missing", op, idx)
		}
		sha256[i], sm3[i] = found[k][0], found[k][1]
	}
	return sha256, sm3, nil
}

// AddCheckpoint stores a signed checkpoint.
func (t *tx) AddCheckpoint(ctx context.Context, c *zhifa.LedgerCheckpoint) error {
	c.CreatedAt = t.stamp(c.CreatedAt)
	err := t.queryRow(ctx, `
		INSERT INTO ledger_checkpoints (size, note, created_at) VALUES ($1, $2, $3)
		RETURNING id`, c.Size, c.Note, c.CreatedAt).Scan(&c.ID)
	return dbErr(err, "add ledger checkpoint", errMsgs{})
}

const checkpointColumns = `id, size, note, created_at`

func scanCheckpoint(s scanner) (*zhifa.LedgerCheckpoint, error) {
	var c zhifa.LedgerCheckpoint
	if err := s.Scan(&c.ID, &c.Size, &c.Note, &c.CreatedAt); err != nil {
		return nil, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	return &c, nil
}

// LatestCheckpoint returns the checkpoint stored last.
func (t *tx) LatestCheckpoint(ctx context.Context) (*zhifa.LedgerCheckpoint, error) {
	c, err := scanCheckpoint(t.queryRow(ctx, `SELECT `+checkpointColumns+` FROM ledger_checkpoints ORDER BY id DESC LIMIT 1`))
	if err != nil {
		return nil, rowErr(err, "read latest ledger checkpoint", "账本检查点")
	}
	return c, nil
}

// Checkpoints returns up to limit checkpoints after afterID, oldest first.
func (t *tx) Checkpoints(ctx context.Context, afterID int64, limit int) ([]*zhifa.LedgerCheckpoint, error) {
	const op = "list ledger checkpoints"
	if limit <= 0 {
		limit = defaultLimit
	}
	rows, err := t.query(ctx, `SELECT `+checkpointColumns+` FROM ledger_checkpoints WHERE id > $1 ORDER BY id LIMIT $2`, afterID, limit)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanCheckpoint)
}
