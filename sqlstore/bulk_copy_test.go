package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"zhifa"
)

// testBulkLoad checks a loader's transaction (UpdateBulk, issue 11): the rows it holds
// back until its end — history, audit lines, ledger openings and links, clocks, the
// officers of 我的案件 and the search terms — are all there after it, in the order they
// were written, as Update would have written them; and a failed loader leaves nothing.
func testBulkLoad(t *testing.T, db *DB) { bulkLoad(t, db, false) }

// testBulkLoadHandOff is testBulkLoad with the rows of each case handed off to be
// written while the next is built (FlushBulk).
func testBulkLoadHandOff(t *testing.T, db *DB) { bulkLoad(t, db, true) }

func bulkLoad(t *testing.T, db *DB, handOff bool) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	u := newUser(t, db, tr.market.ID)
	oa, ob := newOfficer(t, db, tr.market.ID, "王强"), newOfficer(t, db, tr.market.ID, "李娜")
	const n = 3
	var cases []*zhifa.Case
	var indexes []int64
	var evidence []*zhifa.Evidence
	var records []*zhifa.Record
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	err := db.UpdateBulk(ctx, func(tx zhifa.Tx) error {
		for i := range n {
			c, err := newCase(ctx, tx, tr, itemID, 2026)
			if err != nil {
				return err
			}
			cases = append(cases, c)
			for _, action := range []string{"open", "investigate"} {
				e := &zhifa.CaseEvent{CaseID: c.ID, At: at, To: zhifa.StageOpen, Action: zhifa.Action(action), Actor: "bulk", Reason: c.Number}
				if err := tx.AddCaseEvent(ctx, e); err != nil {
					return err
				}
			}
			line := &zhifa.AuditEntry{At: at, Login: "bulk", AgencyID: tr.market.ID, Action: "case.open",
				Object: fmt.Sprintf("case/%d", c.ID), Success: true, Detail: c.Number, ObjectPath: tr.market.Path}
			if err := tx.AppendAudit(ctx, line); err != nil {
				return err
			}
			idx, err := tx.AppendLedgerEntry(ctx, fmt.Appendf(nil, `{"bulk":%d,"case":%d}`, i, c.ID), at)
			if err != nil {
				return err
			}
			indexes = append(indexes, idx)
			if err := tx.AddLedgerOpenings(ctx, []*zhifa.LedgerOpening{{Index: idx, Field: "detail", Salt: []byte("salt-of-sixteen!"), Value: c.Number}}); err != nil {
				return err
			}
			if err := tx.LinkCaseEntry(ctx, c.ID, idx, "case.open"); err != nil {
				return err
			}
			n := seq.Add(1)
			ev := &zhifa.Evidence{AgencyID: tr.market.ID, Kind: zhifa.EvidenceVideo, Title: "现场检查录像", MIME: "video/mp4", Size: 1 << 10,
				SHA256: fmt.Sprintf("%064x", n), SM3: fmt.Sprintf("%064x", n+1<<40), CapturedAt: at, DeviceID: "DSJ-0001",
				OfficerIDs: []int64{ob.ID, oa.ID, ob.ID}, Place: "崂山区海尔路1号", CaseRef: c.Number, UploadedBy: u.ID, LedgerIndex: idx}
			if err := tx.CreateEvidence(ctx, ev); err != nil {
				return err
			}
			evidence = append(evidence, ev)
			rec := &zhifa.Record{CaseID: c.ID, Kind: zhifa.RecordAV, Title: "现场检查录像", Act: "seize", EvidenceID: ev.ID, CreatedAt: at, CreatedBy: u.ID}
			if err := tx.AddRecord(ctx, rec); err != nil {
				return err
			}
			records = append(records, rec)
			step := &zhifa.AVStep{CaseID: c.ID, AgencyID: tr.market.ID, Action: "seize", Act: "seize", ActedOn: zhifa.MustDate("2026-03-02"), Recorded: i == 0}
			if err := tx.AddAVStep(ctx, step); err != nil {
				return err
			}
			if handOff {
				if err := storeTx(tx).FlushBulk(ctx); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("UpdateBulk: %v", err)
	}
	view(t, db, func(tx zhifa.Tx) error {
		for i, c := range cases {
			events, err := tx.CaseEvents(ctx, c.ID)
			if err != nil {
				return err
			}
			if got := actionsOf(events); !slices.Equal(got, []string{"open", "investigate"}) || events[0].ID >= events[1].ID {
				t.Errorf("case %d: events %v, want open then investigate in ID order", c.ID, got)
			}
			lines, _, err := tx.Audit(ctx, zhifa.AuditFilter{Object: fmt.Sprintf("case/%d", c.ID), Page: zhifa.Page{Limit: 10}})
			if err != nil {
				return err
			}
			if len(lines) != 1 || lines[0].Detail != c.Number || !lines[0].At.Equal(at) {
				t.Errorf("case %d: audit %+v, want one line naming %s", c.ID, lines, c.Number)
			}
			entries, err := tx.CaseEntries(ctx, c.ID)
			if err != nil {
				return err
			}
			if len(entries) != 1 || entries[0].Index != indexes[i] {
				t.Errorf("case %d: entries %+v, want index %d", c.ID, entries, indexes[i])
			}
			openings, err := tx.LedgerOpenings(ctx, indexes[i], indexes[i]+1)
			if err != nil {
				return err
			}
			if len(openings) != 1 || openings[0].Value != c.Number {
				t.Errorf("case %d: openings %+v", c.ID, openings)
			}
			// The search text held back is the one caseDoc reads back.
			st := storeTx(tx)
			want, err := st.caseDoc(ctx, c.ID)
			if err != nil {
				return err
			}
			var doc string
			if err := st.queryRow(ctx, `SELECT doc FROM case_search WHERE case_id = $1`, c.ID).Scan(&doc); err != nil {
				return err
			}
			if doc != want {
				t.Errorf("case %d: search text %q, want %q", c.ID, doc, want)
			}
			// The bigram counts held back are those of the postings, capped as
			// changeTerms keeps them.
			for _, term := range docTerms(doc) {
				var n, postings int
				if err := st.queryRow(ctx, `SELECT n FROM case_term_counts WHERE term = $1`, term).Scan(&n); err != nil {
					return fmt.Errorf("count of %q: %w", term, err)
				}
				if err := st.queryRow(ctx, `SELECT COUNT(*) FROM case_terms WHERE term = $1`, term).Scan(&postings); err != nil {
					return err
				}
				if want := min(postings, termCountCap); n != want {
					t.Errorf("case %d: term %q counted %d, want %d", c.ID, term, n, want)
				}
			}
			// Evidence and records held back under the ids they were given.
			ev, err := tx.Evidence(ctx, evidence[i].ID)
			if err != nil {
				return err
			}
			if ev.LedgerIndex != indexes[i] || ev.CaseRef != c.Number || !slices.Equal(ev.OfficerIDs, []int64{min(oa.ID, ob.ID), max(oa.ID, ob.ID)}) {
				t.Errorf("case %d: evidence %+v", c.ID, ev)
			}
			recs, err := tx.Records(ctx, c.ID)
			if err != nil {
				return err
			}
			if len(recs) != 1 || recs[0].ID != records[i].ID || recs[0].EvidenceID != ev.ID || recs[0].Act != "seize" {
				t.Errorf("case %d: records %+v, want record %d of evidence %d", c.ID, recs, records[i].ID, ev.ID)
			}
			steps, err := tx.CaseAVSteps(ctx, c.ID)
			if err != nil {
				return err
			}
			if len(steps) != 1 || steps[0].Act != "seize" || steps[0].ActedOn != zhifa.MustDate("2026-03-02") || steps[0].Recorded != (i == 0) {
				t.Errorf("case %d: A/V steps %+v", c.ID, steps)
			}
			mine, _, err := tx.Cases(ctx, zhifa.CaseFilter{UnderPath: tr.market.Path, OfficerID: 2, Query: c.Number, Page: zhifa.Page{Limit: 5}})
			if err != nil {
				return err
			}
			if len(mine) != 1 || mine[0].ID != c.ID {
				t.Errorf("case %d: officer 2's search for %s found %d cases", c.ID, c.Number, len(mine))
			}
		}
		found, _, err := tx.Cases(ctx, zhifa.CaseFilter{UnderPath: tr.market.Path, Query: "张三", Page: zhifa.Page{Limit: 50}})
		if err != nil {
			return err
		}
		if len(found) != n {
			t.Errorf("search by party name found %d cases, want %d", len(found), n)
		}
		// The ledger's counter is past the entries held back.
		size, err := tx.LedgerSize(ctx)
		if err != nil {
			return err
		}
		if size <= indexes[n-1] {
			t.Errorf("ledger size %d, want past the last entry held back, %d", size, indexes[n-1])
		}
		var clocks int
		if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_clocks WHERE case_id IN ($1, $2, $3)`,
			cases[0].ID, cases[1].ID, cases[2].ID).Scan(&clocks); err != nil {
			return err
		}
		if clocks != n {
			t.Errorf("%d running clocks indexed, want %d", clocks, n)
		}
		return nil
	})

	// The numbers the loader counted are 1..n, and a filing after it takes n+1: the
	// counter's row was set to the last (nextCaseSeq).
	for i, c := range cases {
		if c.Seq != int64(i+1) {
			t.Errorf("copy %d numbered %d, want %d", i, c.Seq, i+1)
		}
	}
	var after *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		after, err = newCase(ctx, tx, tr, itemID, 2026)
		return err
	})
	if after.Seq != n+1 {
		t.Errorf("a filing after the loader numbered %d, want %d", after.Seq, n+1)
	}
	if after.ID <= cases[n-1].ID {
		t.Errorf("a filing after the loader has id %d, not past the loader's %d", after.ID, cases[n-1].ID)
	}

	// A loader writes a case once: an update could not see the rows held back.
	err = db.UpdateBulk(ctx, func(tx zhifa.Tx) error {
		c, err := newCase(ctx, tx, tr, itemID, 2024)
		if err != nil {
			return err
		}
		c.Stage = zhifa.StageInvestigate
		return tx.UpdateCase(ctx, c)
	})
	if err == nil {
		t.Error("a loader updated a case it created")
	}

	// A loader that fails leaves nothing of what it held back or wrote.
	failed := errors.New("loader failed")
	var number string
	err = db.UpdateBulk(ctx, func(tx zhifa.Tx) error {
		c, err := newCase(ctx, tx, tr, itemID, 2025)
		if err != nil {
			return err
		}
		number = c.Number
		if err := tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: c.ID, To: zhifa.StageOpen, Action: "open", Actor: "bulk"}); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("failing loader: %v, want its error", err)
	}
	view(t, db, func(tx zhifa.Tx) error {
		list, _, err := tx.Cases(ctx, zhifa.CaseFilter{UnderPath: tr.market.Path, Query: number, Page: zhifa.Page{Limit: 5}})
		if err != nil {
			return err
		}
		if len(list) != 0 {
			t.Errorf("the failed loader's case %s is there", number)
		}
		return nil
	})
}

func actionsOf(events []*zhifa.CaseEvent) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = string(e.Action)
	}
	return out
}

// storeTx is the store's own transaction behind the interface.
func storeTx(t zhifa.Tx) *tx { return t.(*tx) }

// TestCopyTablesCoverSchema: every table with a case_id column is either written by a
// copy or makes its case no model (CaseFootprint), so the bulk path of zhifa gen never
// leaves a row of its model behind (issue 11). The two engines' schemas are the same
// (TestSchemasMatch), so SQLite's stands for both.
func TestCopyTablesCoverSchema(t *testing.T) {
	db := openSQLite(t)
	rows, err := db.sql.QueryContext(context.Background(), `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'case_id' ORDER BY m.name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var withCase []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		withCase = append(withCase, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	known := append(slices.Clone(copiedTables), uncopiedTables...)
	for _, table := range withCase {
		if !slices.Contains(known, table) {
			t.Errorf("table %s has a case_id column but is neither copied nor in CaseFootprint", table)
		}
	}
	for _, table := range known {
		if !slices.Contains(withCase, table) {
			t.Errorf("table %s is listed for the bulk path but has no case_id column", table)
		}
	}
}
