package sqlstore

import (
	"context"
	"testing"
	"time"

	"zhifa"
)

// testDocuments covers CreateDocument, Document, Documents, UpdateDocument (optimistic
// locking), the unique number per case, and that an issued document is frozen: only its
// state may become corrected, and no document is ever deleted (REQUIREMENTS D1, D3).
func testDocuments(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) (err error) { c, err = newCase(ctx, tx, tr, itemID, 2031); return err })
	d := &zhifa.Document{CaseID: c.ID, AgencyID: tr.market.ID, Type: zhifa.DocPenaltyNotice, State: zhifa.DocDraft,
		Fields: map[string]string{"facts": "销售过期食品", "party_name": "张三"}, CreatedBy: 7}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateDocument(ctx, d) })
	if d.ID == 0 || d.Version != 1 || d.CreatedAt.IsZero() {
		t.Fatalf("created %+v", d)
	}
	stale := *d
	stale.Fields = map[string]string{"facts": "旧"}
	d.Fields["facts"] = "当事人销售超过保质期的食品"
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateDocument(ctx, d) })
	if d.Version != 2 {
		t.Errorf("version %d, want 2", d.Version)
	}
	wantCode(t, "stale update", db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateDocument(ctx, &stale) }), zhifa.ECONFLICT)
	missing := *d
	missing.ID = 1 << 40
	wantCode(t, "update of a missing document", db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateDocument(ctx, &missing) }), zhifa.ENOTFOUND)

	// Issue it.
	issuedAt := time.Date(2031, 3, 5, 10, 0, 0, 0, time.UTC)
	d.State, d.Number, d.SHA256, d.IssuedOn, d.IssuedBy, d.IssuedAt = zhifa.DocIssued, c.Number+"-告1", "ab12", zhifa.MustDate("2031-03-05"), 7, issuedAt
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateDocument(ctx, d) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Document(ctx, d.ID)
		if err != nil {
			return err
		}
		if got.State != zhifa.DocIssued || got.Number != d.Number || got.Fields["facts"] != "当事人销售超过保质期的食品" ||
			got.IssuedOn != d.IssuedOn || !got.IssuedAt.Equal(issuedAt) || got.Version != 3 || got.SHA256 != "ab12" {
			t.Errorf("read back %+v", got)
		}
		return nil
	})
	// Frozen: the fields, the number, the hash cannot change; back to draft neither.
	for name, change := range map[string]func(x *zhifa.Document){
		"fields": func(x *zhifa.Document) { x.Fields = map[string]string{"facts": "改"} },
		"number": func(x *zhifa.Document) { x.Number = "X" },
		"sha256": func(x *zhifa.Document) { x.SHA256 = "cd34" },
		"draft":  func(x *zhifa.Document) { x.State = zhifa.DocDraft },
	} {
		x := *d
		x.Fields = map[string]string{"facts": d.Fields["facts"], "party_name": "张三"}
		change(&x)
		if err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateDocument(ctx, &x) }); err == nil {
			t.Errorf("changing the %s of an issued document succeeded", name)
		}
	}
	if _, err := db.sql.ExecContext(ctx, `DELETE FROM documents WHERE id = $1`, d.ID); err == nil {
		t.Error("deleting a document succeeded")
	}
	// A correction: the second document of the type; the first becomes corrected.
	corr := &zhifa.Document{CaseID: c.ID, AgencyID: tr.market.ID, Type: zhifa.DocPenaltyNotice, State: zhifa.DocDraft,
		Fields: map[string]string{"facts": "更正"}, Corrects: d.ID, CreatedBy: 7}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateDocument(ctx, corr) })
	corr.State, corr.Number = zhifa.DocIssued, d.Number // same number: refused
	wantCode(t, "duplicate number", db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateDocument(ctx, corr) }), zhifa.ECONFLICT)
	corr.Number = c.Number + "-告2"
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateDocument(ctx, corr) })
	d.State, d.CorrectedBy = zhifa.DocCorrected, corr.ID
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateDocument(ctx, d) })
	view(t, db, func(tx zhifa.Tx) error {
		list, err := tx.Documents(ctx, c.ID)
		if err != nil {
			return err
		}
		if len(list) != 2 || list[0].ID != d.ID || list[0].State != zhifa.DocCorrected || list[0].CorrectedBy != corr.ID ||
			list[1].Corrects != d.ID || !list[1].Issued() {
			t.Errorf("documents %+v %+v", list[0], list[1])
		}
		_, err = tx.Document(ctx, 1<<40)
		wantCode(t, "missing document", err, zhifa.ENOTFOUND)
		return nil
	})
}
