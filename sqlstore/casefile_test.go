package sqlstore

import (
	"context"
	"testing"
	"time"

	"zhifa"
	"zhifa/ledger"
)

// testCaseFileStore covers CaseLedgerEntries (the entries whose case member is the
// number, and no others: not a longer number, not a number quoted inside a meta value)
// and EvidenceRecords (the records of every case that link an evidence file).
func testCaseFileStore(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var c, d *zhifa.Case
	update(t, db, func(tx zhifa.Tx) (err error) {
		if c, err = newCase(ctx, tx, tr, itemID, 2026); err != nil {
			return err
		}
		d, err = newCase(ctx, tx, tr, itemID, 2026)
		return err
	})
	number := uniq("青市监罚〔2026〕\"引号\"") + "号" // canonical entries escape the quotes
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	add := func(e *ledger.Entry) int64 {
		e.Actor, e.Time = "user/1", at
		b, err := e.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		var idx int64
		update(t, db, func(tx zhifa.Tx) (err error) { idx, err = tx.AppendLedgerEntry(ctx, b, at); return err })
		return idx
	}
	want := []int64{
		add(&ledger.Entry{Kind: "case.open", Case: number, Meta: map[string]string{"case": "1"}}),
		add(&ledger.Entry{Kind: "record.add", Case: number, Meta: map[string]string{"case": "1", "record": "2"}}),
	}
	add(&ledger.Entry{Kind: "case.open", Case: number + "1"})
	add(&ledger.Entry{Kind: "note", Meta: map[string]string{"x": `"case":"` + number + `"`}})
	add(&ledger.Entry{Kind: "note", Meta: map[string]string{"case": number}})
	want = append(want, add(&ledger.Entry{Kind: "case.investigate", Case: number}))
	view(t, db, func(tx zhifa.Tx) error {
		list, err := tx.CaseLedgerEntries(ctx, number)
		if err != nil {
			return err
		}
		var got []int64
		for _, e := range list {
			got = append(got, e.Index)
			if _, err := ledger.ParseEntry(e.Data); err != nil {
				t.Errorf("entry %d: %v", e.Index, err)
			}
		}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("case entries %v, want %v", got, want)
		}
		none, err := tx.CaseLedgerEntries(ctx, uniq("无此案号"))
		if err != nil || len(none) != 0 {
			t.Errorf("unknown number: %v %v", none, err)
		}
		return nil
	})

	u := newUser(t, db, tr.market.ID)
	e := newEvidence(t, db, tr.market.ID, u.ID, nil, nil)
	other := newEvidence(t, db, tr.market.ID, u.ID, nil, nil)
	var r1, r2 *zhifa.Record
	update(t, db, func(tx zhifa.Tx) error {
		r1 = &zhifa.Record{CaseID: c.ID, Kind: zhifa.RecordAV, Title: "扣押录像", Act: "seize", EvidenceID: e.ID, CreatedBy: u.ID}
		r2 = &zhifa.Record{CaseID: d.ID, Kind: zhifa.RecordAV, Title: "扣押录像", Act: "seize", EvidenceID: e.ID, CreatedBy: u.ID}
		for _, r := range []*zhifa.Record{r1, {CaseID: c.ID, Kind: zhifa.RecordDocument, Title: "笔录", CreatedBy: u.ID}, r2} {
			if err := tx.AddRecord(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, db, func(tx zhifa.Tx) error {
		list, err := tx.EvidenceRecords(ctx, e.ID)
		if err != nil {
			return err
		}
		if len(list) != 2 || list[0].ID != r1.ID || list[1].ID != r2.ID || list[1].CaseID != d.ID || list[0].EvidenceID != e.ID || list[0].Act != "seize" {
			t.Errorf("records of evidence %d: %+v", e.ID, list)
		}
		none, err := tx.EvidenceRecords(ctx, other.ID)
		if err != nil || len(none) != 0 {
			t.Errorf("unlinked evidence: %v %v", none, err)
		}
		return nil
	})
}

// testAgencySettings covers the per-agency case settings (migration 00007): the
// statement period and the case-number template are stored, read back and updated,
// and the period is bounded by the table's CHECK.
func testAgencySettings(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	ag := tr.market
	ag.StatementDays, ag.NumberTemplate = 5, "〔{代字}〕{类}〔{年}〕{号}号"
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateAgency(ctx, ag) })
	a := &zhifa.Agency{ParentID: tr.city.ID, Name: uniq("青岛市生态环境局"), Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		RegionCode: "370200", StatementDays: 7, NumberTemplate: "{代字}环罚{类}〔{年}〕{号}号"}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateAgency(ctx, a) })
	view(t, db, func(tx zhifa.Tx) error {
		for _, w := range []*zhifa.Agency{ag, a} {
			got, err := tx.Agency(ctx, w.ID)
			if err != nil {
				return err
			}
			if got.StatementDays != w.StatementDays || got.NumberTemplate != w.NumberTemplate {
				t.Errorf("agency %d: %d %q, want %d %q", w.ID, got.StatementDays, got.NumberTemplate, w.StatementDays, w.NumberTemplate)
			}
		}
		list, err := tx.Agencies(ctx, tr.city.Path)
		if err != nil {
			return err
		}
		for _, x := range list {
			if x.ID == a.ID && x.StatementDays != 7 {
				t.Errorf("listed agency: %d days", x.StatementDays)
			}
		}
		return nil
	})
	// Back to the defaults.
	ag.StatementDays, ag.NumberTemplate = 0, ""
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateAgency(ctx, ag) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Agency(ctx, ag.ID)
		if err == nil && (got.StatementDays != 0 || got.NumberTemplate != "") {
			t.Errorf("defaults: %d %q", got.StatementDays, got.NumberTemplate)
		}
		return err
	})
	for _, days := range []int{-1, 31} {
		bad := *ag
		bad.StatementDays = days
		if err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateAgency(ctx, &bad) }); err == nil {
			t.Errorf("statement period of %d days stored", days)
		}
	}
}
