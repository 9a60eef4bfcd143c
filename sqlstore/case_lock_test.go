package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"zhifa"
)

// testCaseLock: in a write transaction Case locks the case (zhifa.Tx.Case, issue 11).
// A second write of the same case waits for the first and reads the case as the
// first committed it; on PostgreSQL a write of another case and a read of the locked
// one do not wait (SQLite has one writer, so there only the first half applies).
func testCaseLock(t *testing.T, db *DB) {
	ctx := zhifa.RowLocked(context.Background())
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	a := fileCase(t, db, tr.market, item, zhifa.StageOpen, nil, nil)
	b := fileCase(t, db, tr.market, item, zhifa.StageOpen, nil, nil)

	locked, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- db.Update(ctx, func(tx zhifa.Tx) error {
			c, err := tx.Case(ctx, a.ID)
			if err != nil {
				return err
			}
			close(locked)
			<-release
			c.Facts = "第一笔写入"
			return tx.UpdateCase(ctx, c)
		})
	}()
	<-locked
	var seen *zhifa.Case
	second := make(chan error, 1)
	go func() {
		second <- db.Update(ctx, func(tx zhifa.Tx) error {
			var err error
			seen, err = tx.Case(ctx, a.ID)
			return err
		})
	}()
	if db.engine == EnginePostgres {
		within := func(what string, fn func() error) {
			t.Helper()
			done := make(chan error, 1)
			go func() { done <- fn() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("%s: %v", what, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%s waited for the lock of another case", what)
			}
		}
		within("write of another case", func() error {
			return db.Update(ctx, func(tx zhifa.Tx) error {
				c, err := tx.Case(ctx, b.ID)
				if err != nil {
					return err
				}
				c.Facts = "另一案件"
				return tx.UpdateCase(ctx, c)
			})
		})
		within("read of the locked case", func() error {
			return db.View(ctx, func(tx zhifa.Tx) error { _, err := tx.Case(ctx, a.ID); return err })
		})
		select {
		case err := <-second:
			t.Fatalf("second write of the case did not wait for the first: %v", err)
		case <-time.After(200 * time.Millisecond):
		}
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if seen.Version != a.Version+1 || seen.Facts != "第一笔写入" {
		t.Errorf("second write read version %d facts %q, want version %d as the first committed it", seen.Version, seen.Facts, a.Version+1)
	}
}

// testTermCountsConcurrent: filings that share bigrams and take no common number
// (each its own year) run side by side at READ COMMITTED without a deadlock or a
// retry, and count every bigram exactly (issue 11: the counts are locked in term order).
func testTermCountsConcurrent(t *testing.T, db *DB) {
	ctx := zhifa.RowLocked(context.Background())
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	const n = 16
	// Characters no other test writes, so the counts are this test's alone; the parties
	// share their bigrams in different orders.
	names := []string{"犇骉猋", "猋骉犇", "骉犇猋", "犇猋骉"}
	before := db.WriteStats()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- db.Update(ctx, func(tx zhifa.Tx) error {
				year := 2100 + i
				seq, err := tx.NextCaseSeq(ctx, tr.market.ID, year, zhifa.CasePenalty)
				if err != nil {
					return err
				}
				c := &zhifa.Case{AgencyID: tr.market.ID, Number: fmt.Sprintf("词〔%d〕%d号", year, seq), Year: year, Seq: seq,
					Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, ItemID: item, OfficerIDs: []int64{}, Clocks: []zhifa.Clock{},
					Stage: zhifa.StageOpen, Outcome: zhifa.OutcomeNone,
					Parties: []zhifa.Party{{Kind: zhifa.PartyPerson, Name: names[i%len(names)], IDNumber: randomID()},
						{Kind: zhifa.PartyOrg, Name: strings.Repeat(names[(i+1)%len(names)], 2)}}}
				return tx.CreateCase(ctx, c)
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if r := db.WriteStats().Sub(before).Retries; r != 0 {
		t.Errorf("%d filings ran again (serialization failure or deadlock)", r)
	}
	// Each bigram is counted once per case whose parties hold it.
	want := map[string]int64{}
	for i := range n {
		seen := map[string]bool{}
		for _, doc := range []string{names[i%len(names)], strings.Repeat(names[(i+1)%len(names)], 2)} {
			for _, term := range docTerms(doc) {
				seen[term] = true
			}
		}
		for term := range seen {
			want[term]++
		}
	}
	wantCounts := map[string][2]int64{}
	for term, k := range want {
		wantCounts[term] = [2]int64{k, k}
	}
	wantTerms(t, db, caseTermIndex, "concurrent filings", wantCounts)
}
