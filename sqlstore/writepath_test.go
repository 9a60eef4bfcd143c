package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"zhifa"
)

// testOfficersByID: the officers of the IDs asked, by ID, with their personal data
// decrypted; an unknown ID is left out.
func testOfficersByID(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	a := newOfficer(t, db, tr.market.ID, "甲执法员")
	b := newOfficer(t, db, tr.branch.ID, "乙执法员")
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.OfficersByID(ctx, b.ID, 987654321, a.ID)
		if err != nil {
			return err
		}
		if ids := ids(got, func(o *zhifa.Officer) int64 { return o.ID }); !slices.Equal(ids, []int64{a.ID, b.ID}) {
			t.Errorf("officers %v, want %v", ids, []int64{a.ID, b.ID})
		}
		if len(got) == 2 && (got[0].IDNumber != a.IDNumber || got[1].Name != b.Name || got[1].AgencyID != tr.branch.ID) {
			t.Errorf("officers %+v %+v", got[0], got[1])
		}
		none, err := tx.OfficersByID(ctx)
		if err != nil || len(none) != 0 {
			t.Errorf("no IDs: %v, %v", none, err)
		}
		return nil
	})
}

// testTxMemo: a transaction reads an agency and a case's documents again from what it
// read, as copies its caller may change, and after its own write to them from the
// database (writepath.go).
func testTxMemo(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	update(t, db, func(tx zhifa.Tx) error {
		a, err := tx.Agency(ctx, tr.market.ID)
		if err != nil {
			return err
		}
		a.Duties, a.Domains[0] = "改动副本", "改动"
		again, err := tx.Agency(ctx, tr.market.ID)
		if err != nil {
			return err
		}
		if again.Duties == "改动副本" || again.Domains[0] == "改动" {
			t.Errorf("a caller's change reached the memo: %+v", again)
		}
		again.Duties = "职责已更新"
		if err := tx.UpdateAgency(ctx, again); err != nil {
			return err
		}
		if after, err := tx.Agency(ctx, tr.market.ID); err != nil || after.Duties != "职责已更新" {
			t.Errorf("agency after the transaction's update: %+v, %v", after, err)
		}

		c, err := newCase(ctx, tx, tr, itemID, 2036)
		if err != nil {
			return err
		}
		docs, err := tx.Documents(ctx, c.ID)
		if err != nil || len(docs) != 0 {
			t.Errorf("documents of a new case: %v, %v", docs, err)
		}
		d := &zhifa.Document{CaseID: c.ID, AgencyID: tr.market.ID, Type: zhifa.DocPenaltyNotice, State: zhifa.DocDraft,
			Fields: map[string]string{"facts": "销售过期食品"}, CreatedBy: 7}
		if err := tx.CreateDocument(ctx, d); err != nil {
			return err
		}
		if docs, err = tx.Documents(ctx, c.ID); err != nil || len(docs) != 1 {
			t.Fatalf("documents after the transaction's insert: %v, %v", docs, err)
		}
		docs[0].Fields["facts"] = "改动副本"
		if again, err := tx.Documents(ctx, c.ID); err != nil || again[0].Fields["facts"] != "销售过期食品" {
			t.Errorf("a caller's change reached the memo: %+v, %v", again, err)
		}
		d.Fields["facts"] = "销售超过保质期的食品"
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		if again, err := tx.Documents(ctx, c.ID); err != nil || again[0].Fields["facts"] != "销售超过保质期的食品" || again[0].Version != 2 {
			t.Errorf("documents after the transaction's update: %+v, %v", again, err)
		}
		return nil
	})
}

// testTxMemoQueries: a transaction's second read of officers, their certificates, the
// agency's recording list and review catalog, and of a case's A/V record of an act,
// sends no statement and returns fresh
// copies; after the transaction writes to one of those tables it reads it again
// (writepath.go, issue 11).
func testTxMemoQueries(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	o := newOfficer(t, db, tr.market.ID, "丙执法员")
	reads := func(tx zhifa.Tx) (string, error) {
		os, err := tx.OfficersByID(ctx, o.ID)
		if err != nil || len(os) != 1 {
			return "", fmt.Errorf("officers %v: %w", os, err)
		}
		certs, err := tx.Certificates(ctx, o.ID)
		if err != nil {
			return "", err
		}
		_, lerr := tx.RecordingList(ctx, tr.market.ID, 0)
		_, cerr := tx.MajorCatalog(ctx, tr.market.ID, 0)
		if zhifa.ErrorCode(lerr) != zhifa.ENOTFOUND || zhifa.ErrorCode(cerr) != zhifa.ENOTFOUND {
			return "", fmt.Errorf("list %v, catalog %v", lerr, cerr)
		}
		s := fmt.Sprintf("%s %v %d", os[0].Name, os[0].Domains, len(certs))
		os[0].Name, os[0].Domains[0] = "改动副本", "改动" // a caller's change stays its own
		return s, nil
	}
	update(t, db, func(tx zhifa.Tx) error {
		first, err := reads(tx)
		if err != nil {
			return err
		}
		before := db.WriteStats().Statements
		again, err := reads(tx)
		if err != nil {
			return err
		}
		if sent := db.WriteStats().Statements - before; sent != 0 || again != first {
			t.Errorf("second reads: %d statements, %q, want 0 and %q", sent, again, first)
		}
		if err := tx.CreateCertificate(ctx, &zhifa.Certificate{OfficerID: o.ID, Number: uniq("CERT"), Issuer: "青岛市人民政府",
			State: zhifa.CertValid}); err != nil {
			return err
		}
		o.Name = "丙执法员（更名）"
		if err := tx.UpdateOfficer(ctx, o); err != nil {
			return err
		}
		after, err := reads(tx)
		if err != nil {
			return err
		}
		if want := fmt.Sprintf("%s [市场监管] 1", o.Name); after != want {
			t.Errorf("reads after the transaction's writes: %q, want %q", after, want)
		}
		return nil
	})
	// A case's A/V record of an act, asked twice, then after the transaction adds one.
	itemID := caseItem(t, db, tr)
	update(t, db, func(tx zhifa.Tx) error {
		c, err := newCase(ctx, tx, tr, itemID, 2037)
		if err != nil {
			return err
		}
		for i, want := range []bool{false, false} {
			before := db.WriteStats().Statements
			if ok, err := tx.HasAVRecord(ctx, c.ID, "seize"); err != nil || ok != want {
				t.Errorf("HasAVRecord %d = %v, %v, want %v", i, ok, err, want)
			}
			if sent := db.WriteStats().Statements - before; i == 1 && sent != 0 {
				t.Errorf("HasAVRecord asked again sent %d statements", sent)
			}
		}
		if err := tx.AddRecord(ctx, &zhifa.Record{CaseID: c.ID, Kind: zhifa.RecordAV, Title: "扣押录像", Act: "seize", CreatedBy: 3}); err != nil {
			return err
		}
		if ok, err := tx.HasAVRecord(ctx, c.ID, "seize"); err != nil || !ok {
			t.Errorf("HasAVRecord after the transaction's record = %v, %v", ok, err)
		}
		return nil
	})
}

// testOneStatementView: a View marked zhifa.OneStatement reads as any View; on
// PostgreSQL, where it runs without a transaction, a second statement or a write fails
// it (issue 11).
func testOneStatementView(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	one := zhifa.OneStatement(ctx)
	var got *zhifa.Agency
	if err := db.View(one, func(tx zhifa.Tx) (err error) { got, err = tx.Agency(ctx, tr.market.ID); return err }); err != nil || got.ID != tr.market.ID {
		t.Fatalf("one statement: %+v, %v", got, err)
	}
	two := func(tx zhifa.Tx) error {
		if _, err := tx.Agency(ctx, tr.market.ID); err != nil {
			return err
		}
		_, err := tx.Agency(ctx, tr.branch.ID)
		return err
	}
	write := func(tx zhifa.Tx) error {
		return tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: 1, To: zhifa.StageOpen, Action: "open"})
	}
	for _, tc := range []struct {
		name string
		fn   func(zhifa.Tx) error
		want error
	}{{"second statement", two, errSecondStatement}, {"write", write, errOneStatementWrite}} {
		err := db.View(one, tc.fn)
		if db.Engine() == EnginePostgres && !errors.Is(err, tc.want) {
			t.Errorf("%s in a read of one statement: %v, want %v", tc.name, err, tc.want)
		}
	}
	if db.Engine() == EngineSQLite {
		if err := db.View(one, two); err != nil {
			t.Errorf("SQLite ignores the mark: %v", err)
		}
	}
}
