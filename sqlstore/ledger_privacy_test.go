package sqlstore

import (
	"bytes"
	"context"
	"testing"
	"time"

	"zhifa"
)

// testLedgerOpenings: openings are stored with their entry, read by range and
// append-only (migration 00016).
func testLedgerOpenings(t *testing.T, db *DB) {
	ctx := context.Background()
	var idx int64
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		if idx, err = tx.AppendLedgerEntry(ctx, []byte(`{"openings":"test"}`), time.Time{}); err != nil {
			return err
		}
		return tx.AddLedgerOpenings(ctx, []*zhifa.LedgerOpening{
			{Index: idx, Field: "title", Salt: bytes.Repeat([]byte{1}, 16), Value: "现场照片"},
			{Index: idx, Field: "facts", Salt: bytes.Repeat([]byte{2}, 16), Value: "事实"},
		})
	})
	view(t, db, func(tx zhifa.Tx) error {
		list, err := tx.LedgerOpenings(ctx, idx, idx+1)
		if err != nil {
			return err
		}
		if len(list) != 2 || list[0].Field != "facts" || list[1].Value != "现场照片" || !bytes.Equal(list[1].Salt, bytes.Repeat([]byte{1}, 16)) {
			t.Errorf("openings %+v", list)
		}
		agencies, err := tx.LedgerEntryAgencies(ctx, idx, idx+1)
		if err != nil || len(agencies) != 0 {
			t.Errorf("agencies of an entry about no case: %v, %v", agencies, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.AddLedgerOpenings(ctx, []*zhifa.LedgerOpening{{Index: idx, Field: "title", Salt: []byte{1}, Value: "x"}})
	})
	wantCode(t, "opening twice", err, zhifa.ECONFLICT)
	for _, q := range []string{`UPDATE ledger_openings SET value = 'x'`, `DELETE FROM ledger_openings`} {
		if err := db.Update(ctx, func(ztx zhifa.Tx) error { _, err := ztx.(*tx).exec(ctx, q); return err }); err == nil {
			t.Errorf("%s succeeded", q)
		}
	}
}

// testAuditChainStore: links, anchors and the unknown-login counters.
func testAuditChainStore(t *testing.T, db *DB) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e := &zhifa.AuditEntry{At: at, Login: "chain", Action: "test.chain", Success: true, Detail: uniq("chain")}
	update(t, db, func(tx zhifa.Tx) error { return tx.AppendAudit(ctx, e) })
	const seq = 1_000_000_000 + 1 // far beyond what other tests of the shared database use
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.AddAuditLinks(ctx, []zhifa.AuditLink{{Seq: seq, AuditID: e.ID, Hash: []byte("h")}}); err != nil {
			return err
		}
		return tx.AddAuditAnchor(ctx, seq, []byte("note"), at)
	})
	view(t, db, func(tx zhifa.Tx) error {
		head, err := tx.AuditChainHead(ctx)
		if err != nil || head.Seq != seq || head.AuditID != e.ID {
			t.Errorf("head %+v, %v", head, err)
		}
		links, err := tx.AuditChain(ctx, seq-1, 10)
		if err != nil || len(links) != 1 || links[0].Entry == nil || links[0].Entry.Detail != e.Detail || !links[0].Entry.At.Equal(at) {
			t.Errorf("chain %+v, %v", links, err)
		}
		anchors, err := tx.AuditAnchors(ctx, seq-1, 10)
		if err != nil || len(anchors) != 1 || string(anchors[0].Note) != "note" {
			t.Errorf("anchors %+v, %v", anchors, err)
		}
		rows, err := tx.UnchainedAudit(ctx, e.ID-1, 10)
		for _, r := range rows {
			if r.ID == e.ID {
				t.Errorf("linked row %d listed as unchained", e.ID)
			}
		}
		return err
	})
	ip := uniq("192.0.2.")
	for i, want := range []bool{true, false, false} {
		var first bool
		update(t, db, func(tx zhifa.Tx) error {
			var err error
			first, err = tx.CountLoginFailure(ctx, ip, at.Truncate(time.Hour), at.Add(time.Duration(i)*time.Second))
			return err
		})
		if first != want {
			t.Errorf("failure %d: first = %v", i, first)
		}
	}
	for _, q := range []string{`UPDATE audit_chain SET hash = 'x'`, `DELETE FROM audit_anchors`} {
		if err := db.Update(ctx, func(ztx zhifa.Tx) error { _, err := ztx.(*tx).exec(ctx, q); return err }); err == nil {
			t.Errorf("%s succeeded", q)
		}
	}
}
