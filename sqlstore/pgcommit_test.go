package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"zhifa"
)

// testFailedFilingsLeaveNoRows: 32 concurrent row-locked filings of one agency (as
// FileCase runs them), some failing after they took their number — by their own
// error, or because a row of theirs is refused when it is written (on PostgreSQL the
// case row goes out with the COMMIT, pgcommit.go: a foreign key the statement breaks
// there) — leave case numbers 1..n without gaps or repeats, the counter at n, and
// none of a failed filing's rows: case, parties, search text, audit line.
func testFailedFilingsLeaveNoRows(t *testing.T, db *DB) {
	ctx := zhifa.RowLocked(context.Background())
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	const year, workers, each = 2035, 32, 4
	failed := uniq("失败当事人")     // the parties of failed filings
	object := uniq("case/fail") // their audit lines' object; the committed ones' too
	errRefused := errors.New("filing refused")
	const (
		commits    = iota // the filing commits
		failsInFn         // fn fails after its rows are written
		failsAtEnd        // a row of the filing is refused when it goes out
		modes
	)
	file := func(tx zhifa.Tx, mode int) (int64, error) {
		seq, err := tx.NextCaseSeq(ctx, tr.market.ID, year, zhifa.CasePenalty)
		if err != nil {
			return 0, err
		}
		party := uniq("当事人")
		itemID := item
		if mode != commits {
			party = failed
		}
		if mode == failsAtEnd {
			itemID = item + 1_000_000 // no such item: the case row's foreign key fails
		}
		c := &zhifa.Case{AgencyID: tr.market.ID, Number: fmt.Sprintf("败〔%d〕%d号", year, seq), Year: year, Seq: seq,
			Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, ItemID: itemID, OfficerIDs: []int64{},
			OccurredOn: zhifa.MustDate("2026-01-05"), DiscoveredOn: zhifa.MustDate("2026-03-02"),
			Stage: zhifa.StageOpen, Outcome: zhifa.OutcomeNone,
			Parties: []zhifa.Party{{Kind: zhifa.PartyPerson, Name: party}}}
		if err := tx.CreateCase(ctx, c); err != nil {
			return 0, err
		}
		if err := tx.AppendAudit(ctx, &zhifa.AuditEntry{Login: "officer1", Action: "case.open", Object: object, Detail: party, Success: true}); err != nil {
			return 0, err
		}
		if mode == failsInFn {
			return 0, errRefused
		}
		return seq, nil
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var numbers []int64
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				mode := (w + i) % modes
				var seq int64
				err := db.Update(ctx, func(tx zhifa.Tx) (err error) {
					seq, err = file(tx, mode)
					return err
				})
				switch {
				case mode == commits && err != nil:
					t.Errorf("filing: %v", err)
				case mode == failsInFn && !errors.Is(err, errRefused):
					t.Errorf("filing failing in fn: %v, want %v", err, errRefused)
				case mode == failsAtEnd && zhifa.ErrorCode(err) != zhifa.ENOTFOUND:
					t.Errorf("filing of a missing item: %v, want ENOTFOUND", err)
				case mode == commits:
					mu.Lock()
					numbers = append(numbers, seq)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	n := len(numbers)
	if n == 0 || n == workers*each {
		t.Fatalf("%d of %d filings committed", n, workers*each)
	}
	count := func(query string, args ...any) int {
		t.Helper()
		var got int
		if err := db.sql.QueryRowContext(context.Background(), query, args...).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	var seqs []int64
	rows, err := db.sql.QueryContext(context.Background(), `SELECT seq FROM cases WHERE agency_id = $1 AND year = $2 ORDER BY seq`, tr.market.ID, year)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s int64
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for i, s := range seqs {
		if s != int64(i+1) {
			t.Fatalf("case numbers %v, want 1..%d", seqs, n)
		}
	}
	if len(seqs) != n {
		t.Errorf("%d cases, %d filings committed", len(seqs), n)
	}
	if got := count(`SELECT value FROM case_counters WHERE agency_id = $1 AND year = $2 AND kind = $3`, tr.market.ID, year, string(zhifa.CasePenalty)); got != n {
		t.Errorf("counter at %d after %d filings", got, n)
	}
	if got := count(`SELECT count(*) FROM case_parties WHERE name = $1`, failed); got != 0 {
		t.Errorf("%d parties of failed filings stored", got)
	}
	if got := count(`SELECT count(*) FROM case_search s JOIN cases c ON c.id = s.case_id WHERE c.agency_id = $1 AND c.year = $2`, tr.market.ID, year); got != n {
		t.Errorf("%d search texts of %d cases", got, n)
	}
	if got := count(`SELECT count(*) FROM audit_log WHERE object = $1 AND detail = $2`, object, failed); got != 0 {
		t.Errorf("%d audit lines of failed filings", got)
	}
	if got := count(`SELECT count(*) FROM audit_log WHERE object = $1`, object); got != n {
		t.Errorf("%d audit lines of %d filings", got, n)
	}
}

// testCommitWithRows: on PostgreSQL a write whose last writes are deferred sends them
// with its COMMIT (no round trip besides BEGIN and its statements), and the row is
// there after the commit with the id its statement returned; a write without deferred
// writes sends its COMMIT alone; a write after a failed one commits on a healthy
// connection.
func testCommitWithRows(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	object := uniq("case/commit-with-rows")
	var last *zhifa.AuditEntry
	audit := func(tx zhifa.Tx) error {
		last = &zhifa.AuditEntry{Login: "officer1", Action: "case.open", Object: object, Success: true}
		return tx.AppendAudit(ctx, last)
	}
	errRefused := errors.New("refused")
	tests := []struct {
		name  string
		fn    func(tx zhifa.Tx) error
		err   error
		extra int64 // round trips besides the statements on PostgreSQL: BEGIN, a COMMIT alone
		rows  int   // audit lines of object after it
	}{
		{"deferred row with the commit", audit, nil, 1, 1},
		{"no deferred row", func(tx zhifa.Tx) error { _, err := tx.Agency(ctx, tr.market.ID); return err }, nil, 2, 1},
		{"failed write", func(tx zhifa.Tx) error {
			if err := audit(tx); err != nil {
				return err
			}
			return errRefused
		}, errRefused, 2, 1}, // BEGIN, ROLLBACK
		{"after the failed write", audit, nil, 1, 2},
	}
	for _, tc := range tests {
		last = nil
		before := db.WriteStats()
		if err := db.Update(ctx, tc.fn); !errors.Is(err, tc.err) {
			t.Fatalf("%s: %v, want %v", tc.name, err, tc.err)
		}
		d := db.WriteStats().Sub(before)
		if db.engine == EnginePostgres && d.RoundTrips-d.Statements != tc.extra {
			t.Errorf("%s: %d round trips for %d statements, want %d more", tc.name, d.RoundTrips, d.Statements, tc.extra)
		}
		if tc.err == nil && last != nil {
			var got string
			if err := db.sql.QueryRowContext(ctx, `SELECT object FROM audit_log WHERE id = $1`, last.ID).Scan(&got); err != nil || got != object {
				t.Errorf("%s: audit line %d: %q, %v", tc.name, last.ID, got, err)
			}
		}
		var n int
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE object = $1`, object).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != tc.rows {
			t.Errorf("%s: %d audit lines, want %d", tc.name, n, tc.rows)
		}
	}
}
