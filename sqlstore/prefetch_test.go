package sqlstore

import (
	"context"
	"reflect"
	"testing"

	"zhifa"
)

// prefetchReads is what a case write reads of the rows a Prefetch names.
type prefetchReads struct {
	Agency      *zhifa.Agency
	ItemByCode  *zhifa.Item
	Item        *zhifa.Item
	Officers    []*zhifa.Officer
	Certs       []*zhifa.Certificate
	Recording   *zhifa.RecordingList
	Catalog     *zhifa.MajorCatalog
	Documents   []*zhifa.Document
	Statements  int64 // statements the reads sent
	MissingList bool  // the other agency has no recording list
}

func readPrefetched(ctx context.Context, tx zhifa.Tx, db *DB, p zhifa.Prefetch, other int64) (r prefetchReads, err error) {
	before := db.WriteStats().Statements
	if r.Agency, err = tx.Agency(ctx, p.AgencyID); err != nil {
		return r, err
	}
	if r.ItemByCode, err = tx.ItemByCode(ctx, p.ItemCode); err != nil {
		return r, err
	}
	if r.Item, err = tx.Item(ctx, p.ItemID); err != nil {
		return r, err
	}
	if r.Officers, err = tx.OfficersByID(ctx, p.OfficerIDs...); err != nil {
		return r, err
	}
	if r.Certs, err = tx.Certificates(ctx, p.OfficerIDs...); err != nil {
		return r, err
	}
	if r.Recording, err = tx.RecordingList(ctx, p.AgencyID, 0); err != nil {
		return r, err
	}
	if r.Catalog, err = tx.MajorCatalog(ctx, p.AgencyID, 0); err != nil {
		return r, err
	}
	if r.Documents, err = tx.Documents(ctx, p.CaseID); err != nil {
		return r, err
	}
	r.Statements = db.WriteStats().Statements - before
	_, err = tx.RecordingList(ctx, other, 0)
	r.MissingList = zhifa.ErrorCode(err) == zhifa.ENOTFOUND
	return r, nil
}

// testPrefetch (issue 11, CPU per case write): the rows a Prefetch read ahead are
// those the ordinary reads return, value for value (pgx's scan of the pipeline against
// database/sql's); on PostgreSQL the reads then send no statement and the read ahead
// takes one round trip; a row missing stays missing; a write to a table drops what
// was read ahead of it.
func testPrefetch(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	a := newOfficer(t, db, tr.market.ID, "甲预读")
	b := newOfficer(t, db, tr.market.ID, "乙预读")
	update(t, db, func(tx zhifa.Tx) error {
		for _, o := range []*zhifa.Officer{a, b} {
			if err := tx.CreateCertificate(ctx, &zhifa.Certificate{OfficerID: o.ID, Number: uniq("CERT"), Issuer: "青岛市人民政府", State: zhifa.CertValid,
				IssuedOn: zhifa.MustDate("2024-01-01"), ValidFrom: zhifa.MustDate("2024-01-01"), ValidUntil: zhifa.MustDate("2029-12-31"), Domains: []string{"食品安全"}}); err != nil {
				return err
			}
		}
		if err := tx.AddRecordingList(ctx, &zhifa.RecordingList{AgencyID: tr.market.ID, Version: 1, CreatedBy: "admin",
			Acts: []zhifa.RecordingAct{{Act: "seize", Level: zhifa.RecordingRequired, WholeProcess: true}}, Note: "首版"}); err != nil {
			return err
		}
		return tx.AddMajorCatalog(ctx, &zhifa.MajorCatalog{AgencyID: tr.market.ID, Version: 1, CreatedBy: "admin", ReviewDays: 5,
			Rules: []zhifa.MajorRule{{Clause: "第二条第（一）项", Label: "较大数额罚款", Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, PersonFineFen: 1_000_000}}})
	})
	var item *zhifa.Item
	view(t, db, func(tx zhifa.Tx) (err error) { item, err = tx.Item(ctx, itemID); return err })
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) (err error) { c, err = newCase(ctx, tx, tr, itemID, 2032); return err })
	for _, d := range []*zhifa.Document{
		{CaseID: c.ID, AgencyID: tr.market.ID, Type: zhifa.DocPenaltyNotice, State: zhifa.DocDraft, Fields: map[string]string{"facts": "销售过期食品"}, CreatedBy: 7},
		{CaseID: c.ID, AgencyID: tr.market.ID, Type: zhifa.DocInquiryRecord, State: zhifa.DocDraft, Fields: map[string]string{}, CreatedBy: 7},
	} {
		update(t, db, func(tx zhifa.Tx) error { return tx.CreateDocument(ctx, d) })
	}
	p := zhifa.Prefetch{AgencyID: tr.market.ID, ItemCode: item.Code, ItemID: itemID, OfficerIDs: []int64{b.ID, a.ID}, CaseID: c.ID}

	var plain, ahead prefetchReads
	update(t, db, func(tx zhifa.Tx) (err error) { plain, err = readPrefetched(ctx, tx, db, p, tr.branch.ID); return err })
	update(t, db, func(tx zhifa.Tx) error {
		before := db.WriteStats()
		if err := tx.Prefetch(ctx, p); err != nil {
			return err
		}
		spent := db.WriteStats().Sub(before)
		var err error
		ahead, err = readPrefetched(ctx, tx, db, p, tr.branch.ID)
		if db.Engine() == EnginePostgres && (spent.RoundTrips != 1 || spent.Statements != 8 || ahead.Statements != 0) {
			t.Errorf("read ahead in %d round trips, %d statements, then %d statements; want 1, 8, 0", spent.RoundTrips, spent.Statements, ahead.Statements)
		}
		if db.Engine() == EngineSQLite && spent.Statements != 0 {
			t.Errorf("read ahead on SQLite sent %d statements", spent.Statements)
		}
		return err
	})
	ahead.Statements, plain.Statements = 0, 0
	if !reflect.DeepEqual(ahead, plain) {
		t.Errorf("read ahead:\n%+v\nread:\n%+v", ahead, plain)
	}
	if !plain.MissingList || len(plain.Officers) != 2 || len(plain.Certs) != 2 || plain.Officers[0].IDNumber != a.IDNumber || len(plain.Documents) != 2 {
		t.Errorf("reads %+v", plain)
	}

	// A write to a table read ahead is seen by the transaction's further reads.
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.Prefetch(ctx, p); err != nil {
			return err
		}
		it, err := tx.Item(ctx, itemID)
		if err != nil {
			return err
		}
		it.Name = "改名后的事项"
		if err := tx.UpdateItem(ctx, it, ""); err != nil {
			return err
		}
		for _, read := range []func() (*zhifa.Item, error){
			func() (*zhifa.Item, error) { return tx.Item(ctx, itemID) },
			func() (*zhifa.Item, error) { return tx.ItemByCode(ctx, item.Code) },
		} {
			got, err := read()
			if err != nil {
				return err
			}
			if got.Name != "改名后的事项" {
				t.Errorf("read after the write: %q", got.Name)
			}
		}
		return nil
	})
}
