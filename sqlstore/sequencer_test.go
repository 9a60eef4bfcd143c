package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"zhifa"
)

// testLedgerQueue checks queued entries (issue 11): after Update returns they are in
// the ledger after the transaction's synchronous append, linked to their case, with
// their openings under their index; a rolled-back transaction queues nothing.
func testLedgerQueue(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		c, err = newCase(ctx, tx, tr, item, 2026)
		return err
	})
	base := ledgerSize(t, db)
	salt := []byte("0123456789abcdef")
	update(t, db, func(tx zhifa.Tx) error {
		idx, err := tx.AppendLedgerEntry(ctx, []byte("sync/1"), time.Time{})
		if err != nil {
			return err
		}
		if idx != base {
			t.Errorf("synchronous append got %d, want %d", idx, base)
		}
		if err := tx.QueueLedgerEntry(ctx, &zhifa.QueuedLedgerEntry{Data: []byte("queued/1"), CaseID: c.ID, Kind: "case.test",
			Openings: []*zhifa.LedgerOpening{{Field: "facts", Salt: salt, Value: "销售过期食品"}}}); err != nil {
			return err
		}
		return tx.QueueLedgerEntry(ctx, &zhifa.QueuedLedgerEntry{Data: []byte("queued/2")})
	})
	view(t, db, func(tx zhifa.Tx) error {
		list, err := tx.LedgerEntries(ctx, base, base+10)
		if err != nil {
			return err
		}
		var data []string
		for i, e := range list {
			data = append(data, string(e.Data))
			if e.Index != base+int64(i) {
				t.Errorf("entry %d has index %d", i, e.Index)
			}
		}
		if want := []string{"sync/1", "queued/1", "queued/2"}; !slices.Equal(data, want) {
			t.Errorf("ledger after the write = %q, want %q", data, want)
		}
		if n, err := tx.LedgerSize(ctx); err != nil || n != base+3 {
			t.Errorf("LedgerSize = %d, %v; want %d", n, err, base+3)
		}
		links, err := tx.CaseEntries(ctx, c.ID)
		if err != nil {
			return err
		}
		if want := (zhifa.CaseEntry{Index: base + 1, Kind: "case.test"}); !slices.Contains(links, want) {
			t.Errorf("case entries %v lack %v", links, want)
		}
		openings, err := tx.LedgerOpenings(ctx, base, base+3)
		if err != nil {
			return err
		}
		if len(openings) != 1 || openings[0].Index != base+1 || openings[0].Field != "facts" ||
			openings[0].Value != "销售过期食品" || string(openings[0].Salt) != string(salt) {
			t.Errorf("openings = %+v, want facts of entry %d", openings, base+1)
		}
		pending, err := tx.PendingLedgerEntries(ctx)
		if err != nil || len(pending) != 0 {
			t.Errorf("pending after Update = %d entries, %v; want none", len(pending), err)
		}
		return nil
	})

	errRollback := errors.New("roll back")
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		if err := tx.QueueLedgerEntry(ctx, &zhifa.QueuedLedgerEntry{Data: []byte("rolled/back"), CaseID: c.ID, Kind: "case.test"}); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("rollback: %v", err)
	}
	if _, err := db.SequenceLedger(ctx); err != nil {
		t.Fatal(err)
	}
	if n := ledgerSize(t, db); n != base+3 {
		t.Errorf("ledger size after a rolled-back queue %d, want %d", n, base+3)
	}
	err = db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.QueueLedgerEntry(ctx, &zhifa.QueuedLedgerEntry{})
	})
	if err == nil {
		t.Error("empty queued entry accepted")
	}
	if db.Engine() == EnginePostgres {
		err := db.Update(ctx, func(tx zhifa.Tx) error {
			if err := tx.QueueLedgerEntry(ctx, &zhifa.QueuedLedgerEntry{Data: []byte("altered")}); err != nil {
				return err
			}
			_, err := tx.(*txImpl).exec(ctx, `UPDATE ledger_pending SET data = $1`, []byte("forged"))
			return err
		})
		if err == nil {
			t.Error("ledger_pending row updated")
		}
	}
}

// txImpl names the store's transaction type for tests that run raw SQL in it.
type txImpl = tx

// testLedgerQueueConcurrent runs writers that queue entries and writers that append
// synchronously side by side: the ledger ends dense, each entry once, nothing pending.
func testLedgerQueueConcurrent(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	base := ledgerSize(t, db)
	const workers, each = 16, 5
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				errs <- db.Update(ctx, func(tx zhifa.Tx) error {
					object := fmt.Sprintf("queue/%d/%d/%d", tr.city.ID, w, i)
					if err := tx.AppendAudit(ctx, &zhifa.AuditEntry{Login: "admin", Action: "ledger.test", Object: object, Success: true}); err != nil {
						return err
					}
					if (w+i)%4 == 0 {
						_, err := tx.AppendLedgerEntry(ctx, []byte(object), time.Time{})
						return err
					}
					return tx.QueueLedgerEntry(ctx, &zhifa.QueuedLedgerEntry{Data: []byte(object)})
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
		list, err := tx.LedgerEntries(ctx, base, base+n+1)
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
		}
		if len(list) != n {
			t.Errorf("%d entries, want %d", len(list), n)
		}
		pending, err := tx.PendingLedgerEntries(ctx)
		if err != nil || len(pending) != 0 {
			t.Errorf("pending = %d entries, %v; want none", len(pending), err)
		}
		return nil
	})
}

// testCaseNumbersTwoAgencies files cases of two agencies from concurrent writers, some
// two in one transaction, some rolled back after taking their numbers: each agency's
// numbers are 1..n, no gaps, no repeats.
func testCaseNumbersTwoAgencies(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	agencies := []*zhifa.Agency{tr.market, tr.branch}
	const workers, each = 12, 4
	var wg sync.WaitGroup
	var mu sync.Mutex
	committed := map[int64]int{}
	errRollback := errors.New("roll back")
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				ag := agencies[(w+i)%2]
				rollback := (w*each+i)%5 == 0
				filings := 1 + i%2 // some transactions file two cases
				err := db.Update(ctx, func(tx zhifa.Tx) error {
					for range filings {
						seq, err := tx.NextCaseSeq(ctx, ag.ID, 2026, zhifa.CasePenalty)
						if err != nil {
							return err
						}
						c := &zhifa.Case{AgencyID: ag.ID, Number: fmt.Sprintf("测〔2026〕%d号", seq), Year: 2026, Seq: seq,
							Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, ItemID: item, OfficerIDs: []int64{},
							OccurredOn: zhifa.MustDate("2026-01-05"), DiscoveredOn: zhifa.MustDate("2026-03-02"),
							Stage: zhifa.StageOpen, Outcome: zhifa.OutcomeNone}
						if err := tx.CreateCase(ctx, c); err != nil {
							return err
						}
					}
					if rollback {
						return errRollback
					}
					return nil
				})
				switch {
				case rollback && errors.Is(err, errRollback):
				case err != nil:
					t.Error(err)
				default:
					mu.Lock()
					committed[ag.ID] += filings
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, ag := range agencies {
		rows, err := db.sql.QueryContext(ctx, `SELECT seq FROM cases WHERE agency_id = $1 AND year = 2026 ORDER BY seq`, ag.ID)
		if err != nil {
			t.Fatal(err)
		}
		seqs, err := collectValues[int64](rows, "read numbers")
		if err != nil {
			t.Fatal(err)
		}
		want := make([]int64, committed[ag.ID])
		for i := range want {
			want[i] = int64(i + 1)
		}
		if !slices.Equal(seqs, want) {
			t.Errorf("agency %d: numbers %v, want %v", ag.ID, seqs, want)
		}
	}
}

// TestLedgerSequencerCrash plays a server that dies between the commit of a write and
// the sequencing of its entry (PostgreSQL): the entry stays pending, part of the
// record, and the next sequencer — here another process's periodic round — places it
// with its case link and openings.
func TestLedgerSequencerCrash(t *testing.T) {
	ctx := context.Background()
	url := newPostgresDatabase(t)
	crashed, err := Open(ctx, url, Options{PIIKey: testKey(), NoSequencer: true})
	if err != nil {
		t.Fatal(err)
	}
	tr := newTree(t, crashed)
	item := caseItem(t, crashed, tr)
	var c *zhifa.Case
	update(t, crashed, func(tx zhifa.Tx) error {
		var err error
		c, err = newCase(ctx, tx, tr, item, 2026)
		return err
	})
	base := ledgerSize(t, crashed)
	update(t, crashed, func(tx zhifa.Tx) error {
		if err := tx.AppendAudit(ctx, &zhifa.AuditEntry{Login: "admin", Action: "case.open", Object: "case/crash", Success: true}); err != nil {
			return err
		}
		return tx.QueueLedgerEntry(ctx, &zhifa.QueuedLedgerEntry{Data: []byte("crash/1"), CaseID: c.ID, Kind: "case.open",
			Openings: []*zhifa.LedgerOpening{{Field: "facts", Salt: []byte("salt"), Value: "事实"}}})
	})
	crashed.Close()

	idle, err := Open(ctx, url, Options{PIIKey: testKey(), NoSequencer: true})
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	view(t, idle, func(tx zhifa.Tx) error {
		pending, err := tx.PendingLedgerEntries(ctx)
		if err != nil {
			return err
		}
		if len(pending) != 1 || string(pending[0].Data) != "crash/1" || pending[0].Index >= 0 {
			t.Errorf("pending after the crash = %+v, want crash/1 with a negative index", pending)
		}
		return nil
	})
	if n := ledgerSize(t, idle); n != base {
		t.Fatalf("ledger size %d before sequencing, want %d", n, base)
	}

	next, err := Open(ctx, url, Options{PIIKey: testKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	deadline := time.Now().Add(10 * sequenceInterval)
	for ledgerSize(t, next) == base {
		if time.Now().After(deadline) {
			t.Fatal("the next sequencer did not place the pending entry")
		}
		time.Sleep(50 * time.Millisecond)
	}
	view(t, next, func(tx zhifa.Tx) error {
		list, err := tx.LedgerEntries(ctx, base, base+2)
		if err != nil {
			return err
		}
		if len(list) != 1 || string(list[0].Data) != "crash/1" {
			t.Errorf("ledger after recovery = %+v, want crash/1 at %d", list, base)
		}
		links, err := tx.CaseEntries(ctx, c.ID)
		if err != nil {
			return err
		}
		if !slices.Contains(links, zhifa.CaseEntry{Index: base, Kind: "case.open"}) {
			t.Errorf("case entries %v lack the recovered entry", links)
		}
		openings, err := tx.LedgerOpenings(ctx, base, base+1)
		if err != nil {
			return err
		}
		if len(openings) != 1 || openings[0].Value != "事实" {
			t.Errorf("openings after recovery = %+v", openings)
		}
		pending, err := tx.PendingLedgerEntries(ctx)
		if err != nil || len(pending) != 0 {
			t.Errorf("pending after recovery = %d, %v", len(pending), err)
		}
		return nil
	})
}
