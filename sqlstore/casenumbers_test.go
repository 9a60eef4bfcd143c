package sqlstore

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"zhifa"
)

// TestCaseNumbersTwoProcesses files in one agency from two processes over one
// PostgreSQL database (two DB handles), each guessing its next number from its own
// last filing (casenumbers.go): a guess the counter refutes — the other process filed
// meanwhile, a filing rolled back — is run again with the number the counter gives, and
// the numbers stay 1..n, once each.
func TestCaseNumbersTwoProcesses(t *testing.T) {
	ctx := context.Background()
	dsn := newPostgresDatabase(t)
	var dbs [2]*DB
	for i := range dbs {
		db, err := Open(ctx, dsn, Options{PIIKey: testKey()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	tr := newTree(t, dbs[0])
	item := caseItem(t, dbs[0], tr)
	errRollback := errors.New("roll back")
	file := func(db *DB, year int, rollback bool) (int64, error) {
		var seq int64
		err := db.Update(ctx, func(tx zhifa.Tx) error {
			c, err := newCase(ctx, tx, tr, item, year)
			if err != nil {
				return err
			}
			seq = c.Seq
			if rollback {
				return errRollback
			}
			return nil
		})
		if rollback && errors.Is(err, errRollback) {
			err = nil
		}
		return seq, err
	}

	t.Run("in turn", func(t *testing.T) {
		for _, step := range []struct {
			name        string
			process     int
			rollback    bool
			wantSeq     int64
			wantRetries int64
		}{
			{"first filing bumps", 0, false, 1, 0},
			{"guessed", 0, false, 2, 0},
			{"the other process bumps", 1, false, 3, 0},
			{"guess refuted, run again", 0, false, 4, 1},
			{"guessed again", 0, false, 5, 0},
			{"guessed, rolled back", 0, true, 6, 0},
			{"after a rollback, the number given back", 0, false, 6, 0},
			{"the other process's guess refuted", 1, false, 7, 1},
			{"guessed after the other", 1, false, 8, 0},
		} {
			db := dbs[step.process]
			before := db.WriteStats()
			seq, err := file(db, 2026, step.rollback)
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			retries := db.WriteStats().Sub(before).Retries
			if seq != step.wantSeq || retries != step.wantRetries {
				t.Errorf("%s: number %d after %d retries, want %d after %d", step.name, seq, retries, step.wantSeq, step.wantRetries)
			}
		}
	})

	t.Run("concurrently", func(t *testing.T) {
		const workers, each, year = 16, 6, 2027
		var wg sync.WaitGroup
		var mu sync.Mutex
		committed := 0
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					rollback := (w*each+i)%7 == 0
					if _, err := file(dbs[w%2], year, rollback); err != nil {
						t.Error(err)
						return
					}
					if !rollback {
						mu.Lock()
						committed++
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		rows, err := dbs[0].sql.QueryContext(ctx, `SELECT seq FROM cases WHERE agency_id = $1 AND year = $2 ORDER BY seq`, tr.market.ID, year)
		if err != nil {
			t.Fatal(err)
		}
		seqs, err := collectValues[int64](rows, "read numbers")
		if err != nil {
			t.Fatal(err)
		}
		want := make([]int64, committed)
		for i := range want {
			want[i] = int64(i + 1)
		}
		if !slices.Equal(seqs, want) {
			t.Errorf("numbers %v, want %v", seqs, want)
		}
	})
}
