package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"zhifa"
)

// TestCaseNumbersTwoProcesses files in one agency from two processes over one
// PostgreSQL database (two DB handles), each guessing its next number from its own
// last filing (casenumbers.go): a guess the counter refutes — the other process filed
// meanwhile, a filing rolled back — is run again with the number the counter gives,
// the process then bumps until seqDoubt bumps in a row show no filing of the other
// process, and the numbers stay 1..n, once each.
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
		type step struct {
			name     string
			process  int
			rollback bool
			// guesses and retries are the filing's: a refuted guess is one of each.
			guesses, retries int64
		}
		// doubting is process p's seqDoubt filings that bump while it doubts, each
		// finding the counter where p's last filing left it.
		doubting := func(p int) []step {
			steps := make([]step, seqDoubt)
			for i := range steps {
				steps[i] = step{name: fmt.Sprintf("in doubt, bumped %d", i+1), process: p}
			}
			return steps
		}
		steps := []step{
			{"first filing bumps", 0, false, 0, 0},
			{"guessed", 0, false, 1, 0},
			{"the other process bumps", 1, false, 0, 0},
			{"guess refuted, run again", 0, false, 1, 1},
		}
		steps = append(steps, doubting(0)...)
		steps = append(steps, []step{
			{"guesses again", 0, false, 1, 0},
			{"guessed, rolled back", 0, true, 1, 0},
			{"after a rollback, the number given back", 0, false, 0, 0},
			{"guessed after the rollback", 0, false, 1, 0},
			{"the other process's guess refuted", 1, false, 1, 1},
			{"in doubt, bumped", 1, false, 0, 0},
			{"in doubt, bumped again", 1, false, 0, 0},
			{"this process's guess refuted", 0, false, 1, 1},
			{"in doubt, finds the other's filing", 1, false, 0, 0},
		}...)
		// The other process's filing put it back in full doubt.
		steps = append(steps, doubting(1)...)
		steps = append(steps, step{"guesses after its doubt", 1, false, 1, 0})
		committed := int64(0)
		for _, step := range steps {
			db := dbs[step.process]
			before := db.WriteStats()
			seq, err := file(db, 2026, step.rollback)
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			d := db.WriteStats().Sub(before)
			if want := committed + 1; seq != want || d.Guesses != step.guesses || d.Retries != step.retries {
				t.Errorf("%s (process %d): number %d after %d guesses and %d retries, want %d after %d and %d",
					step.name, step.process, seq, d.Guesses, d.Retries, want, step.guesses, step.retries)
			}
			if !step.rollback {
				committed++
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
