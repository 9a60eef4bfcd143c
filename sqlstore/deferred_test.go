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

// testDeferredWrites checks the writes PostgreSQL defers to the next statement or the
// commit (deferred.go): ids are set by then and in the order of the calls, a read in the
// same transaction sees them, and a failing one fails its Update with its own error,
// leaving nothing of the transaction behind.
func testDeferredWrites(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		c, err = newCase(ctx, tx, tr, item, 2033)
		return err
	})
	first := &zhifa.CaseEvent{CaseID: c.ID, From: zhifa.StageOpen, To: zhifa.StageInvestigate, Action: "investigate", Actor: "officer1"}
	second := &zhifa.CaseEvent{CaseID: c.ID, From: zhifa.StageInvestigate, To: zhifa.StageInvestigate, Action: "note", Actor: "officer1"}
	audit := &zhifa.AuditEntry{Login: "officer1", Action: "case.investigate", Object: fmt.Sprintf("case/%d", c.ID), Success: true}
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.AddCaseEvent(ctx, first); err != nil {
			return err
		}
		if err := tx.AddCaseEvent(ctx, second); err != nil {
			return err
		}
		events, err := tx.CaseEvents(ctx, c.ID) // read your writes
		if err != nil {
			return err
		}
		if len(events) != 2 || events[0].Action != "investigate" || events[1].Action != "note" {
			t.Errorf("events in the writing transaction = %d, want the two written in order", len(events))
		}
		return tx.AppendAudit(ctx, audit)
	})
	if first.ID == 0 || second.ID <= first.ID || audit.ID == 0 {
		t.Errorf("ids after Update: events %d, %d, audit %d; want set, in order", first.ID, second.ID, audit.ID)
	}

	// A deferred write that fails — an event of a case that does not exist — fails the
	// Update with its own message, and the audit line written before it is rolled back.
	lost := &zhifa.AuditEntry{Login: "officer1", Action: "deferred.test", Object: "case/missing", Success: true}
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		if err := tx.AppendAudit(ctx, lost); err != nil {
			return err
		}
		return tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: c.ID + 1_000_000, To: zhifa.StageOpen, Action: "open"})
	})
	if zhifa.ErrorCode(err) != zhifa.EINVALID || zhifa.ErrorMessage(err) != "案件不存在" {
		t.Fatalf("failing deferred write: %v; want EINVALID 案件不存在", err)
	}
	view(t, db, func(tx zhifa.Tx) error {
		list, _, err := tx.Audit(ctx, zhifa.AuditFilter{Action: "deferred.test"})
		if err == nil && len(list) != 0 {
			t.Errorf("the failed transaction left %d audit lines", len(list))
		}
		return err
	})
}

// testRowLockedFilings files cases concurrently in transactions marked zhifa.RowLocked
// (READ COMMITTED on PostgreSQL), some rolled back after taking their number, in two
// agencies: each agency's numbers are 1..n without gaps. A case written without the
// counter (as a bulk load does) is not numbered twice: the next filing follows it.
func testRowLockedFilings(t *testing.T, db *DB) {
	ctx := zhifa.RowLocked(context.Background())
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	agencies := []*zhifa.Agency{tr.market, tr.branch}
	const year = 2034
	file := func(tx zhifa.Tx, ag *zhifa.Agency, seq int64) error {
		c := &zhifa.Case{AgencyID: ag.ID, Number: fmt.Sprintf("锁〔%d〕%d号", year, seq), Year: year, Seq: seq,
			Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, ItemID: item, OfficerIDs: []int64{},
			OccurredOn: zhifa.MustDate("2026-01-05"), DiscoveredOn: zhifa.MustDate("2026-03-02"),
			Stage: zhifa.StageOpen, Outcome: zhifa.OutcomeNone,
			Parties: []zhifa.Party{{Kind: zhifa.PartyPerson, Name: "李四"}, {Kind: zhifa.PartyOrg, Name: "某商行"}}}
		return tx.CreateCase(ctx, c)
	}
	const workers, each = 16, 5
	errRollback := errors.New("roll back")
	var wg sync.WaitGroup
	var mu sync.Mutex
	committed := map[int64][]int64{}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				ag := agencies[(w+i)%2]
				rollback := (w*each+i)%4 == 0
				var seq int64
				err := db.Update(ctx, func(tx zhifa.Tx) error {
					var err error
					if seq, err = tx.NextCaseSeq(ctx, ag.ID, year, zhifa.CasePenalty); err != nil {
						return err
					}
					if err := file(tx, ag, seq); err != nil {
						return err
					}
					if rollback {
						return errRollback
					}
					return tx.AppendAudit(ctx, &zhifa.AuditEntry{Login: "officer1", Action: "case.open", Object: "case/row-locked", Success: true})
				})
				switch {
				case rollback && errors.Is(err, errRollback):
				case err != nil:
					t.Error(err)
				default:
					mu.Lock()
					committed[ag.ID] = append(committed[ag.ID], seq)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, ag := range agencies {
		got := committed[ag.ID]
		slices.Sort(got)
		for i, seq := range got {
			if seq != int64(i+1) {
				t.Fatalf("agency %d numbers %v: want 1..%d without gaps", ag.ID, got, len(got))
			}
		}
	}
	// A case numbered outside the counter, above the sequence.
	n := int64(len(committed[tr.market.ID]))
	update(t, db, func(tx zhifa.Tx) error { return file(tx, tr.market, n+5) })
	// The number a filing took the last time fn ran: a number guessed from this
	// process's last filing is refuted by the counter, and fn runs again
	// (casenumbers.go).
	var seq int64
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		if seq, err = tx.NextCaseSeq(ctx, tr.market.ID, year, zhifa.CasePenalty); err != nil {
			return err
		}
		return file(tx, tr.market, seq)
	})
	if seq != n+6 {
		t.Errorf("number after a case written without the counter = %d, want %d", seq, n+6)
	}
}

// testNewCaseDocFromReads checks that the search text CreateCase writes from the names
// its transaction read (readNames) is the text read back from the tables (caseDoc).
func testNewCaseDocFromReads(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	a, b := newOfficer(t, db, tr.market.ID, "赵敏"), newOfficer(t, db, tr.market.ID, "钱进")
	var c *zhifa.Case
	update(t, db, func(z zhifa.Tx) error {
		if _, err := z.Item(ctx, itemID); err != nil {
			return err
		}
		for _, id := range []int64{b.ID, a.ID} {
			if _, err := z.Officer(ctx, id); err != nil {
				return err
			}
		}
		if _, ok := z.(*tx).names.doc(&zhifa.Case{ItemID: itemID, OfficerIDs: []int64{b.ID, a.ID, b.ID}}); !ok {
			t.Error("the names read are not used")
		}
		c = &zhifa.Case{AgencyID: tr.market.ID, Number: "名〔2035〕1号", Year: 2035, Seq: 1, Kind: zhifa.CasePenalty,
			Procedure: zhifa.ProcOrdinary, ItemID: itemID, OfficerIDs: []int64{b.ID, a.ID, b.ID},
			OccurredOn: zhifa.MustDate("2026-01-05"), DiscoveredOn: zhifa.MustDate("2026-03-02"),
			Stage: zhifa.StageOpen, Outcome: zhifa.OutcomeNone, Parties: []zhifa.Party{{Kind: zhifa.PartyOrg, Name: "某超市"}}}
		return z.CreateCase(ctx, c)
	})
	view(t, db, func(z zhifa.Tx) error {
		tt := z.(*tx)
		want, err := tt.caseDoc(ctx, c.ID)
		if err != nil {
			return err
		}
		var got string
		if err := tt.queryRow(ctx, `SELECT doc FROM case_search WHERE case_id = $1`, c.ID).Scan(&got); err != nil {
			return err
		}
		if got != want {
			t.Errorf("search text written %q, read back %q", got, want)
		}
		return nil
	})
}

// testStepIndexes checks that UpdateCase keeps a case's index rows when a step leaves
// its clocks and officers, and rewrites them when it changes them.
func testStepIndexes(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	off := newOfficer(t, db, tr.market.ID, "孙立")
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		c, err = newCase(ctx, tx, tr, itemID, 2036)
		return err
	})
	clocks := func() []zhifa.DueClock {
		var list []zhifa.DueClock
		view(t, db, func(tx zhifa.Tx) (err error) {
			list, err = tx.DueClocks(ctx, zhifa.ClockQuery{UnderPath: tr.market.Path, Limit: 10})
			return err
		})
		return list
	}
	mine := func() int {
		var list []zhifa.DueClock
		view(t, db, func(tx zhifa.Tx) (err error) {
			list, err = tx.DueClocks(ctx, zhifa.ClockQuery{OfficerID: off.ID, Limit: 10})
			return err
		})
		return len(list)
	}
	step := func(change func(*zhifa.Case)) {
		update(t, db, func(tx zhifa.Tx) error {
			k, err := tx.Case(ctx, c.ID)
			if err != nil {
				return err
			}
			change(k)
			return tx.UpdateCase(ctx, k)
		})
	}
	step(func(k *zhifa.Case) { k.Facts = "补充事实" }) // neither clocks nor officers
	if got := clocks(); len(got) != 1 || got[0].CaseID != c.ID {
		t.Fatalf("clocks after a step that leaves them = %v, want the case's one", got)
	}
	step(func(k *zhifa.Case) { k.OfficerIDs = append(k.OfficerIDs, off.ID) })
	if n := mine(); n != 1 {
		t.Errorf("the added officer's clocks = %d, want 1", n)
	}
	step(func(k *zhifa.Case) { k.Clocks[0].Done = true })
	if got := clocks(); len(got) != 0 {
		t.Errorf("clocks after the step that stopped it = %v, want none", got)
	}
}
