package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"zhifa"
)

// ledgerSize returns the current number of entries.
func ledgerSize(t *testing.T, db *DB) int64 {
	t.Helper()
	var n int64
	view(t, db, func(tx zhifa.Tx) error {
		var err error
		n, err = tx.LedgerSize(context.Background())
		return err
	})
	return n
}

// testLedger appends entries, reads them back and checks that a rolled-back append
// leaves no gap: the next transaction gets its index.
func testLedger(t *testing.T, db *DB) {
	ctx := context.Background()
	base := ledgerSize(t, db)
	at := time.Date(2026, 3, 2, 9, 15, 30, 123456789, zhifa.CST)
	var got []int64
	update(t, db, func(tx zhifa.Tx) error {
		for i := range 3 {
			idx, err := tx.AppendLedgerEntry(ctx, []byte(fmt.Sprintf(`{"n":%d}`, i)), at)
			if err != nil {
				return err
			}
			got = append(got, idx)
		}
		return nil
	})
	if want := []int64{base, base + 1, base + 2}; !slices.Equal(got, want) {
		t.Fatalf("indexes %v, want %v", got, want)
	}

	// A rolled-back append gives its index to the next one.
	errRollback := errors.New("roll back")
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		idx, err := tx.AppendLedgerEntry(ctx, []byte(`{"rolled":"back"}`), at)
		if err != nil {
			return err
		}
		if idx != base+3 {
			t.Errorf("index in rolled-back tx %d, want %d", idx, base+3)
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("rollback: %v", err)
	}
	update(t, db, func(tx zhifa.Tx) error {
		idx, err := tx.AppendLedgerEntry(ctx, []byte(`{"n":3}`), time.Time{})
		if err == nil && idx != base+3 {
			t.Errorf("index after rollback %d, want %d", idx, base+3)
		}
		return err
	})
	if _, err := appendOne(ctx, db, nil); err == nil {
		t.Error("empty entry accepted")
	}

	tests := []struct {
		name     string
		from, to int64
		want     []string
	}{
		{"all", base, base + 4, []string{`{"n":0}`, `{"n":1}`, `{"n":2}`, `{"n":3}`}},
		{"middle", base + 1, base + 3, []string{`{"n":1}`, `{"n":2}`}},
		{"past the end", base + 3, base + 100, []string{`{"n":3}`}},
		{"empty range", base + 2, base + 2, nil},
		{"beyond", base + 4, base + 10, nil},
	}
	view(t, db, func(tx zhifa.Tx) error {
		if n, err := tx.LedgerSize(ctx); err != nil || n != base+4 {
			t.Errorf("LedgerSize = %d, %v; want %d", n, err, base+4)
		}
		for _, tt := range tests {
			list, err := tx.LedgerEntries(ctx, tt.from, tt.to)
			if err != nil {
				return err
			}
			var data []string
			for i, e := range list {
				data = append(data, string(e.Data))
				if e.Index != tt.from+int64(i) {
					t.Errorf("%s: entry %d has index %d", tt.name, i, e.Index)
				}
			}
			if !slices.Equal(data, tt.want) {
				t.Errorf("%s: LedgerEntries(%d, %d) = %q, want %q", tt.name, tt.from, tt.to, data, tt.want)
			}
		}
		list, err := tx.LedgerEntries(ctx, base, base+1)
		if err != nil {
			return err
		}
		if want := utc(at); !list[0].CreatedAt.Equal(want) || list[0].CreatedAt.Location() != time.UTC {
			t.Errorf("CreatedAt = %v, want %v in UTC", list[0].CreatedAt, want)
		}
		return nil
	})
}

// appendOne appends data in a transaction of its own.
func appendOne(ctx context.Context, db *DB, data []byte) (int64, error) {
	var idx int64
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		var err error
		idx, err = tx.AppendLedgerEntry(ctx, data, time.Time{})
		return err
	})
	return idx, err
}

func hashOf(i int64, tree byte) [32]byte {
	var h [32]byte
	h[0] = tree
	copy(h[1:], fmt.Sprintf("%031d", i))
	return h
}

// testLedgerHashes stores hashes and the integrated size and reads them back in runs,
// scattered and repeated.
func testLedgerHashes(t *testing.T, db *DB) {
	ctx := context.Background()
	var start int64
	view(t, db, func(tx zhifa.Tx) error {
		// Stored hashes of other tests' entries are never written in this suite, so
		// start well past anything this test wrote before (the database is shared).
		n, err := tx.LedgerIntegrated(ctx, false)
		start = 1_000_000 + n*2
		return err
	})
	const n = 700 // more than one INSERT batch
	sha, sm := make([][32]byte, n), make([][32]byte, n)
	for i := range int64(n) {
		sha[i], sm[i] = hashOf(start+i, 'a'), hashOf(start+i, 'b')
	}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddLedgerHashes(ctx, start, sha, sm) })

	var run []int64
	for i := range int64(600) {
		run = append(run, start+i)
	}
	tests := []struct {
		name    string
		indexes []int64
	}{
		{"one", []int64{start + 5}},
		{"run", run},
		{"scattered", []int64{start + 699, start + 3, start + 1, start + 400}},
		{"repeated", []int64{start + 2, start + 2, start + 10, start + 11, start + 12, start + 13, start + 14, start + 15, start + 16, start + 17, start + 2}},
	}
	view(t, db, func(tx zhifa.Tx) error {
		for _, tt := range tests {
			gotSHA, gotSM, err := tx.ReadLedgerHashes(ctx, tt.indexes)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if len(gotSHA) != len(tt.indexes) || len(gotSM) != len(tt.indexes) {
				t.Errorf("%s: %d and %d hashes for %d indexes", tt.name, len(gotSHA), len(gotSM), len(tt.indexes))
				continue
			}
			for i, idx := range tt.indexes {
				if gotSHA[i] != hashOf(idx, 'a') || gotSM[i] != hashOf(idx, 'b') {
					t.Errorf("%s: hash %d wrong", tt.name, idx)
				}
			}
		}
		if _, _, err := tx.ReadLedgerHashes(ctx, []int64{start, start + n}); err == nil || !strings.Contains(err.Error(), "missing") {
			t.Errorf("missing hash: err = %v", err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.AddLedgerHashes(ctx, start+n-1, sha[:1], sm[:1]) })
	wantCode(t, "stored hash written twice", err, zhifa.ECONFLICT)
	if err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.AddLedgerHashes(ctx, start+n, sha[:2], sm[:1]) }); err == nil {
		t.Error("AddLedgerHashes with unequal lengths succeeded")
	}

	// The integrated size only grows; reading it with the lock works in a write transaction.
	var before int64
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		if before, err = tx.LedgerIntegrated(ctx, true); err != nil {
			return err
		}
		return tx.SetLedgerIntegrated(ctx, before+5)
	})
	view(t, db, func(tx zhifa.Tx) error {
		if got, err := tx.LedgerIntegrated(ctx, false); err != nil || got != before+5 {
			t.Errorf("LedgerIntegrated = %d, %v; want %d", got, err, before+5)
		}
		return nil
	})
	if err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.SetLedgerIntegrated(ctx, before) }); err == nil || !strings.Contains(err.Error(), "only grow") {
		t.Errorf("integrated size decreased: err = %v", err)
	}
}

// testLedgerCheckpoints stores checkpoints and pages through them.
func testLedgerCheckpoints(t *testing.T, db *DB) {
	ctx := context.Background()
	var last int64
	view(t, db, func(tx zhifa.Tx) error {
		c, err := tx.LatestCheckpoint(ctx)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return nil
		}
		if err == nil {
			last = c.ID
		}
		return err
	})
	at := time.Date(2026, 1, 2, 3, 4, 5, 6000, zhifa.CST)
	var added []*zhifa.LedgerCheckpoint
	update(t, db, func(tx zhifa.Tx) error {
		for i := range 5 {
			c := &zhifa.LedgerCheckpoint{Size: int64(10 * i), Note: []byte(fmt.Sprintf("zhifa.test/ledger\n%d\n", 10*i))}
			if i == 0 {
				c.CreatedAt = at
			}
			if err := tx.AddCheckpoint(ctx, c); err != nil {
				return err
			}
			added = append(added, c)
		}
		return nil
	})
	if !added[0].CreatedAt.Equal(at) || added[1].CreatedAt.IsZero() {
		t.Errorf("CreatedAt %v, %v", added[0].CreatedAt, added[1].CreatedAt)
	}
	view(t, db, func(tx zhifa.Tx) error {
		latest, err := tx.LatestCheckpoint(ctx)
		if err != nil {
			return err
		}
		if latest.ID != added[4].ID || latest.Size != 40 || string(latest.Note) != string(added[4].Note) {
			t.Errorf("latest = %+v, want %+v", latest, added[4])
		}
		tests := []struct {
			after int64
			limit int
			want  []int64
		}{
			{last, 10, []int64{0, 10, 20, 30, 40}},
			{last, 2, []int64{0, 10}},
			{added[1].ID, 2, []int64{20, 30}},
			{added[4].ID, 10, nil},
		}
		for _, tt := range tests {
			list, err := tx.Checkpoints(ctx, tt.after, tt.limit)
			if err != nil {
				return err
			}
			var sizes []int64
			for _, c := range list {
				sizes = append(sizes, c.Size)
			}
			if !slices.Equal(sizes, tt.want) {
				t.Errorf("Checkpoints(%d, %d) sizes %v, want %v", tt.after, tt.limit, sizes, tt.want)
			}
		}
		list, err := tx.Checkpoints(ctx, last, 1)
		if err == nil && (!list[0].CreatedAt.Equal(at) || list[0].CreatedAt.Location() != time.UTC) {
			t.Errorf("CreatedAt read back %v", list[0].CreatedAt)
		}
		return err
	})
}

// testLedgerAppendOnly checks that the ledger tables refuse changes, even outside the
// store's methods, and that the counters never go back.
func testLedgerAppendOnly(t *testing.T, db *DB) {
	ctx := context.Background()
	idx, err := appendOne(ctx, db, []byte(`{"orig":"inal"}`))
	if err != nil {
		t.Fatal(err)
	}
	var cp zhifa.LedgerCheckpoint
	var hashAt int64 = 5_000_000 + idx
	update(t, db, func(tx zhifa.Tx) error {
		cp = zhifa.LedgerCheckpoint{Size: idx + 1, Note: []byte("note")}
		if err := tx.AddCheckpoint(ctx, &cp); err != nil {
			return err
		}
		return tx.AddLedgerHashes(ctx, hashAt, [][32]byte{{1}}, [][32]byte{{2}})
	})
	tests := []struct {
		stmt string
		arg  int64
		msg  string
	}{
		{`UPDATE ledger_entries SET data = 'x' WHERE idx = $1`, idx, "append-only"},
		{`DELETE FROM ledger_entries WHERE idx = $1`, idx, "append-only"},
		{`UPDATE ledger_hashes SET sha256 = sm3 WHERE idx = $1`, hashAt, "append-only"},
		{`DELETE FROM ledger_hashes WHERE idx = $1`, hashAt, "append-only"},
		{`UPDATE ledger_checkpoints SET size = 0 WHERE id = $1`, cp.ID, "append-only"},
		{`DELETE FROM ledger_checkpoints WHERE id = $1`, cp.ID, "append-only"},
		{`UPDATE ledger_state SET value = value - $1 WHERE name = 'next'`, 1, "only grow"},
		{`DELETE FROM ledger_state WHERE name = 'next' AND value >= $1`, 1, "only grow"},
		{`INSERT INTO ledger_state (name, value) VALUES ('other', $1)`, 1, "only grow"},
	}
	for _, tt := range tests {
		if _, err := db.sql.ExecContext(ctx, tt.stmt, tt.arg); err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: err = %v, want %q", tt.stmt, err, tt.msg)
		}
	}
	if db.engine == EnginePostgres {
		for _, table := range []string{"ledger_entries", "ledger_hashes", "ledger_checkpoints", "ledger_state"} {
			if _, err := db.sql.ExecContext(ctx, `TRUNCATE `+table); err == nil {
				t.Errorf("TRUNCATE %s succeeded", table)
			}
		}
	}
	view(t, db, func(tx zhifa.Tx) error {
		list, err := tx.LedgerEntries(ctx, idx, idx+1)
		if err != nil {
			return err
		}
		if len(list) != 1 || string(list[0].Data) != `{"orig":"inal"}` {
			t.Errorf("entry after tampering attempts: %+v", list)
		}
		if n, err := tx.LedgerSize(ctx); err != nil || n <= idx {
			t.Errorf("size after tampering attempts %d, %v", n, err)
		}
		return nil
	})
}

// testLedgerConcurrentAppends appends from many goroutines at once, each entry in a
// transaction with a business write, and checks that every index was given exactly once
// with no gap and each entry committed with its row.
func testLedgerConcurrentAppends(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	base := ledgerSize(t, db)
	const workers, each = 20, 6
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				errs <- db.Update(ctx, func(tx zhifa.Tx) error {
					object := fmt.Sprintf("ledger/%d/%d/%d", tr.city.ID, w, i)
					if err := tx.AppendAudit(ctx, &zhifa.AuditEntry{Login: "admin", Action: "ledger.test", Object: object, Success: true}); err != nil {
						return err
					}
					_, err := tx.AppendLedgerEntry(ctx, []byte(object), time.Time{})
					return err
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	const n = workers * each
	view(t, db, func(tx zhifa.Tx) error {
		if size, err := tx.LedgerSize(ctx); err != nil || size != base+n {
			t.Errorf("size %d, %v; want %d", size, err, base+n)
		}
		list, err := tx.LedgerEntries(ctx, base, base+n)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for i, e := range list {
			if e.Index != base+int64(i) {
				t.Errorf("entry %d has index %d", i, e.Index)
			}
			if seen[string(e.Data)] {
				t.Errorf("entry %q twice", e.Data)
			}
			seen[string(e.Data)] = true
			audit, total, err := tx.Audit(ctx, zhifa.AuditFilter{Object: string(e.Data)})
			if err != nil {
				return err
			}
			if total != 1 || len(audit) != 1 {
				t.Errorf("entry %q has %d audit rows", e.Data, total)
			}
		}
		if len(list) != n {
			t.Errorf("%d entries, want %d", len(list), n)
		}
		return nil
	})
}
