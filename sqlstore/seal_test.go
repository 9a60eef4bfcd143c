package sqlstore

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"zhifa"
)

// testSealKeys covers the seal register: one active key per agency, rotation and
// revocation as guarded state changes, lookups by fingerprint and keyset pages, and the
// seal's uses found by the signed PDF's SHA-256.
func testSealKeys(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	at := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
	newKey := func(agency int64, n byte) *zhifa.SealKey {
		return &zhifa.SealKey{AgencyID: agency, Agency: "机关", Algorithm: "sm2",
			Fingerprint: strings.Repeat(string('a'+rune(n)), 64), Certificate: []byte{0x30, n}, NotBefore: at,
			NotAfter: at.AddDate(3, 0, 0), WrappedKey: []byte{1, 2, n}, State: zhifa.SealActive, CreatedAt: at, CreatedBy: 1, LedgerIndex: int64(n)}
	}
	k1 := newKey(tr.market.ID, 1)
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateSealKey(ctx, k1) })
	// A second active key of the same agency is refused; another agency's is not.
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.CreateSealKey(ctx, newKey(tr.market.ID, 2)) })
	if zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Fatalf("second active key: %v", err)
	}
	other := newKey(tr.district.ID, 3)
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateSealKey(ctx, other) })
	// Rotation: retire k1, then a new active key.
	update(t, db, func(tx zhifa.Tx) error { return tx.EndSealKey(ctx, k1.ID, zhifa.SealRetired, at.Add(time.Hour), "") })
	k2 := newKey(tr.market.ID, 4)
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateSealKey(ctx, k2) })
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.EndSealKey(ctx, k1.ID, zhifa.SealRetired, at, "") })
	if zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Fatalf("retiring twice: %v", err)
	}
	update(t, db, func(tx zhifa.Tx) error {
		return tx.EndSealKey(ctx, k1.ID, zhifa.SealRevoked, at.Add(2*time.Hour), "密钥泄露")
	})
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.EndSealKey(ctx, k1.ID, zhifa.SealRevoked, at, "") })
	if zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Fatalf("revoking twice: %v", err)
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.SealKey(ctx, k1.ID)
		if err != nil {
			return err
		}
		if got.State != zhifa.SealRevoked || got.RevokeReason != "密钥泄露" || got.EndedAt == nil || !got.EndedAt.Equal(at.Add(2*time.Hour)) ||
			!bytes.Equal(got.WrappedKey, k1.WrappedKey) || !bytes.Equal(got.Certificate, k1.Certificate) || !got.NotAfter.Equal(k1.NotAfter) {
			t.Errorf("revoked key %+v", got)
		}
		active, err := tx.ActiveSealKey(ctx, tr.market.ID)
		if err != nil || active.ID != k2.ID {
			t.Errorf("active = %+v, %v", active, err)
		}
		byFP, err := tx.SealKeyByFingerprint(ctx, other.Fingerprint)
		if err != nil || byFP.ID != other.ID {
			t.Errorf("by fingerprint = %+v, %v", byFP, err)
		}
		if _, err := tx.SealKeyByFingerprint(ctx, strings.Repeat("0", 64)); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			t.Errorf("unknown fingerprint: %v", err)
		}
		page, err := tx.SealKeys(ctx, zhifa.SealKeyFilter{AgencyID: tr.market.ID, Limit: 1})
		if err != nil || len(page) != 1 || page[0].ID != k2.ID {
			t.Fatalf("first page %v, %v", page, err)
		}
		page, err = tx.SealKeys(ctx, zhifa.SealKeyFilter{AgencyID: tr.market.ID, AfterID: page[0].ID, Limit: 5})
		if err != nil || len(page) != 1 || page[0].ID != k1.ID {
			t.Errorf("second page %v, %v", page, err)
		}
		return nil
	})
	if err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.EndSealKey(ctx, k2.ID, "bogus", at, "") }); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("bogus state: %v", err)
	}
	// Uses: one per document, found by the signed PDF's digest.
	itemID := caseItem(t, db, tr)
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) (err error) { c, err = newCase(ctx, tx, tr, itemID, 3031); return err })
	d := &zhifa.Document{CaseID: c.ID, AgencyID: tr.market.ID, Type: zhifa.DocPenaltyNotice, State: zhifa.DocDraft, Fields: map[string]string{}, CreatedBy: 7}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateDocument(ctx, d) })
	use := &zhifa.SealUse{DocumentID: d.ID, SealKeyID: k2.ID, PDFSHA256: strings.Repeat("c", 64), LedgerIndex: 9, SealedAt: at}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateSealUse(ctx, use) })
	err = db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateSealUse(ctx, &zhifa.SealUse{DocumentID: d.ID, SealKeyID: k2.ID, PDFSHA256: strings.Repeat("d", 64), LedgerIndex: 10, SealedAt: at})
	})
	if zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Errorf("second use of one document: %v", err)
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.SealUseByPDF(ctx, use.PDFSHA256)
		if err != nil || *got != *use {
			t.Errorf("use = %+v, %v; want %+v", got, err, use)
		}
		if got, err := tx.SealUseOfDocument(ctx, d.ID); err != nil || *got != *use {
			t.Errorf("use of the document = %+v, %v", got, err)
		}
		if _, err := tx.SealUseOfDocument(ctx, d.ID+1000); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			t.Errorf("unsealed document: %v", err)
		}
		if _, err := tx.SealUseByPDF(ctx, strings.Repeat("e", 64)); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			t.Errorf("unknown PDF: %v", err)
		}
		return nil
	})
}
