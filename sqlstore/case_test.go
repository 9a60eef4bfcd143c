package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"zhifa"
)

// newCase files a case of the market bureau in tx with the next number of the year.
func newCase(ctx context.Context, tx zhifa.Tx, tr *tree, itemID int64, year int) (*zhifa.Case, error) {
	seq, err := tx.NextCaseSeq(ctx, tr.market.ID, year, zhifa.CasePenalty)
	if err != nil {
		return nil, err
	}
	c := &zhifa.Case{AgencyID: tr.market.ID, Number: fmt.Sprintf("东市监罚〔%d〕%d号", year, seq), Year: year, Seq: seq,
		Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, ItemID: itemID, OfficerIDs: []int64{1, 2},
		OccurredOn: zhifa.MustDate("2026-01-05"), DiscoveredOn: zhifa.MustDate("2026-03-02"), Facts: "销售过期食品",
		Stage: zhifa.StageOpen, Outcome: zhifa.OutcomeNone,
		Parties: []zhifa.Party{{Kind: zhifa.PartyPerson, Name: "张三", IDNumber: "11010519491231002x", Phone: "13800138000"},
			{Kind: zhifa.PartyOrg, Name: "某公司", CreditCode: "91350100M000100Y43"}},
		Clocks:  []zhifa.Clock{{Kind: zhifa.ClockDecision, Start: zhifa.MustDate("2026-03-02"), Due: zhifa.MustDate("2026-06-01"), Unit: zhifa.UnitCalendar}},
		NextDue: zhifa.MustDate("2026-06-01")}
	c.State.FiledOn = zhifa.MustDate("2026-03-02")
	return c, tx.CreateCase(ctx, c)
}

func caseItem(t *testing.T, db *DB, tr *tree) int64 {
	it := &zhifa.Item{Code: uniq("CASE-ITEM"), Name: "事项", Category: zhifa.CatPenalty, AgencyID: tr.market.ID, Domain: "食品安全"}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateItem(context.Background(), it, "") })
	return it.ID
}

// testCases covers CreateCase, Case, UpdateCase (optimistic locking), Cases filters,
// events, records and HasAVRecord, and that parties' 身份证号 are stored encrypted.
func testCases(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) (err error) { c, err = newCase(ctx, tx, tr, itemID, 2026); return err })
	if c.Version != 1 || c.Seq != 1 || c.Parties[0].IDMasked != "110105********002X" {
		t.Fatalf("created %+v", c)
	}
	var stored string
	if err := db.sql.QueryRowContext(ctx, `SELECT id_number_enc FROM case_parties WHERE case_id = $1 AND seq = 1`, c.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored == "" || stored == "11010519491231002X" {
		t.Errorf("身份证号 stored as %q, want ciphertext", stored)
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Case(ctx, c.ID)
		if err != nil {
			return err
		}
		if got.Number != c.Number || len(got.Parties) != 2 || got.Parties[0].IDNumber != "11010519491231002X" ||
			got.Parties[1].CreditCode != "91350100M000100Y43" || got.State.FiledOn != c.State.FiledOn ||
			len(got.Clocks) != 1 || got.Clocks[0].Due != zhifa.MustDate("2026-06-01") || len(got.OfficerIDs) != 2 {
			t.Errorf("read back %+v", got)
		}
		return nil
	})
	// Optimistic locking: the second update with the same version fails.
	stale := *c
	c.Stage = zhifa.StageInvestigate
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateCase(ctx, c) })
	if c.Version != 2 {
		t.Errorf("version %d after update, want 2", c.Version)
	}
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateCase(ctx, &stale) })
	wantCode(t, "stale update", err, zhifa.ECONFLICT)
	missing := stale
	missing.ID = 1 << 40
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateCase(ctx, &missing) })
	wantCode(t, "update of a missing case", err, zhifa.ENOTFOUND)

	view(t, db, func(tx zhifa.Tx) error {
		for _, tc := range []struct {
			f    zhifa.CaseFilter
			want int
		}{
			{zhifa.CaseFilter{UnderPath: tr.city.Path}, 1},
			{zhifa.CaseFilter{UnderPath: tr.district.Path}, 0},
			{zhifa.CaseFilter{UnderPath: tr.city.Path, Stage: zhifa.StageInvestigate}, 1},
			{zhifa.CaseFilter{UnderPath: tr.city.Path, Stage: zhifa.StageOpen}, 0},
			{zhifa.CaseFilter{UnderPath: tr.city.Path, Kind: zhifa.CasePenalty}, 1},
			{zhifa.CaseFilter{UnderPath: tr.city.Path, Kind: zhifa.CaseInspection}, 0},
			{zhifa.CaseFilter{UnderPath: tr.city.Path, DueFrom: zhifa.MustDate("2026-05-29"), DueTo: zhifa.MustDate("2026-06-01")}, 1},
			{zhifa.CaseFilter{UnderPath: tr.city.Path, DueTo: zhifa.MustDate("2026-05-31")}, 0},
		} {
			list, total, err := tx.Cases(ctx, tc.f)
			if err != nil {
				return err
			}
			if total != tc.want || len(list) != tc.want {
				t.Errorf("Cases(%+v) = %d (total %d), want %d", tc.f, len(list), total, tc.want)
			}
			if len(list) > 0 && len(list[0].Parties) != 2 {
				t.Errorf("list without parties")
			}
		}
		return nil
	})

	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: c.ID, From: zhifa.StageOpen, To: zhifa.StageInvestigate, Action: "investigate", ActorID: 3, Actor: "officer1", Reason: "r"}); err != nil {
			return err
		}
		return tx.AddRecord(ctx, &zhifa.Record{CaseID: c.ID, Kind: zhifa.RecordPhoto, Title: "现场照片", Act: "seize", CreatedBy: 3})
	})
	view(t, db, func(tx zhifa.Tx) error {
		ev, err := tx.CaseEvents(ctx, c.ID)
		if err != nil || len(ev) != 1 || ev[0].Action != "investigate" || ev[0].To != zhifa.StageInvestigate {
			t.Errorf("events %v, %v", ev, err)
		}
		if ok, err := tx.HasAVRecord(ctx, c.ID, "seize"); err != nil || ok {
			t.Errorf("HasAVRecord with only a photo = %v, %v", ok, err)
		}
		return nil
	})
	update(t, db, func(tx zhifa.Tx) error {
		return tx.AddRecord(ctx, &zhifa.Record{CaseID: c.ID, Kind: zhifa.RecordAV, Title: "查封扣押执法记录仪视频", Act: "seize", EvidenceID: 77, CreatedBy: 3})
	})
	view(t, db, func(tx zhifa.Tx) error {
		if ok, err := tx.HasAVRecord(ctx, c.ID, "seize"); err != nil || !ok {
			t.Errorf("HasAVRecord = %v, %v; want true", ok, err)
		}
		recs, err := tx.Records(ctx, c.ID)
		if err != nil || len(recs) != 2 || recs[1].EvidenceID != 77 || recs[0].EvidenceID != 0 {
			t.Errorf("records %v, %v", recs, err)
		}
		return nil
	})
	update(t, db, func(tx zhifa.Tx) error {
		for _, i := range []int64{1 << 41, 1<<41 + 7} {
			if err := tx.LinkCaseEntry(ctx, c.ID, i, "case.open"); err != nil {
				return err
			}
		}
		return nil
	})
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.LinkCaseEntry(ctx, c.ID, 1<<41, "record.add") })
	wantCode(t, "an entry linked twice", err, zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		list, err := tx.CaseEntries(ctx, c.ID)
		if err != nil || len(list) != 2 || list[0] != (zhifa.CaseEntry{Index: 1 << 41, Kind: "case.open"}) || list[1].Index != 1<<41+7 {
			t.Errorf("CaseEntries = %v, %v", list, err)
		}
		return nil
	})
	for _, q := range []string{`UPDATE case_events SET reason = 'x'`, `DELETE FROM case_records`, `DELETE FROM case_entries`} {
		if _, err := db.sql.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded on an append-only table", q)
		}
	}
}

// testCaseNumbersConcurrent files 1,000 cases at once in one agency and year: the numbers
// are 1..1000, each once. Filings that fail roll their counter bump back, leaving no gap.
func testCaseNumbersConcurrent(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	const n = 1000
	const year = 2031
	errFail := errors.New("filing refused")
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 64) // bounded like a server's connection pool
	for i := range n + 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			err := db.Update(ctx, func(tx zhifa.Tx) error {
				if _, err := tx.AppendLedgerEntry(ctx, fmt.Appendf(nil, "case-number-test %d %d", tr.market.ID, i), time.Time{}); err != nil {
					return err
				}
				if _, err := newCase(ctx, tx, tr, itemID, year); err != nil {
					return err
				}
				if i >= n {
					return errFail // one in 21 filings fails after taking its number
				}
				return nil
			})
			if i < n || !errors.Is(err, errFail) {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	view(t, db, func(tx zhifa.Tx) error {
		list, total, err := tx.Cases(ctx, zhifa.CaseFilter{UnderPath: tr.market.Path, Page: zhifa.Page{Limit: 500}})
		if err != nil {
			return err
		}
		if total != n {
			t.Fatalf("%d cases, want %d", total, n)
		}
		seen := map[int64]bool{}
		for off := 0; off < n; off += 500 {
			if off > 0 {
				// Keyset paging: the next page starts below the last ID seen.
				f := zhifa.CaseFilter{UnderPath: tr.market.Path, After: &zhifa.CaseKey{ID: list[len(list)-1].ID}, Page: zhifa.Page{Limit: 500}}
				if list, _, err = tx.Cases(ctx, f); err != nil {
					return err
				}
			}
			for _, c := range list {
				if seen[c.Seq] {
					t.Errorf("number %d twice", c.Seq)
				}
				seen[c.Seq] = true
			}
		}
		for i := int64(1); i <= n; i++ {
			if !seen[i] {
				t.Errorf("number %d missing (a gap)", i)
			}
		}
		return nil
	})
	// The next filing continues without a gap.
	update(t, db, func(tx zhifa.Tx) error {
		c, err := newCase(ctx, tx, tr, itemID, year)
		if err == nil && c.Seq != n+1 {
			t.Errorf("next number %d, want %d", c.Seq, n+1)
		}
		return err
	})
}
