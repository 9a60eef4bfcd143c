package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/ledger"
)

// auditBatch is the number of audit links or anchors read at once.
const auditBatch = 4096

// auditReport is what verifyAudit found.
type auditReport struct {
	links    int64 // audit rows in the chain, each rehashed
	anchors  int   // signed anchors verified
	anchored int64 // links up to the last anchor
}

// auditError names the audit row (or link) where the audit log departs from its chain.
type auditError struct{ msg string }

func (e *auditError) Error() string { return "audit log diverges: " + e.msg }

// verifyAudit checks the audit log against its hash chain and the chain against its
// signed anchors (app/audit_chain.go): every link's row is present and rehashes to the
// link, every anchor is signed with keys and names a head the chain reproduces, and
// every audit row up to the last anchored one is in the chain. It names the first audit
// row that was removed, altered or inserted.
func verifyAudit(ctx context.Context, db zhifa.Store, keys []string) (*auditReport, error) {
	rep := &auditReport{}
	anchors := map[int64][]byte{}
	var lastAnchor int64
	var lastAnchorAt time.Time
	for after := int64(0); ; {
		var page []*zhifa.AuditAnchor
		if err := db.View(ctx, func(tx zhifa.Tx) error {
			var err error
			page, err = tx.AuditAnchors(ctx, after, auditBatch)
			return err
		}); err != nil {
			return nil, err
		}
		if len(page) == 0 {
			break
		}
		for _, a := range page {
			h, err := ledger.VerifyAuditHead(a.Note, keys...)
			if err != nil {
				return nil, &auditError{fmt.Sprintf("the anchor of audit link %d does not verify: %v", a.Seq, err)}
			}
			if h.Seq != a.Seq {
				return nil, &auditError{fmt.Sprintf("the anchor stored for audit link %d is signed for link %d", a.Seq, h.Seq)}
			}
			anchors[a.Seq] = h.Head
			if a.Seq > lastAnchor {
				lastAnchor, lastAnchorAt = a.Seq, a.CreatedAt
			}
		}
		rep.anchors += len(page)
		after = page[len(page)-1].Seq
	}

	var prev []byte
	var maxAnchoredRow int64
	next := int64(1)
	for {
		var page []*zhifa.AuditLink
		if err := db.View(ctx, func(tx zhifa.Tx) error {
			var err error
			page, err = tx.AuditChain(ctx, next-1, auditBatch)
			return err
		}); err != nil {
			return nil, err
		}
		if len(page) == 0 {
			break
		}
		for _, l := range page {
			if l.Seq != next {
				return nil, &auditError{fmt.Sprintf("audit link %d is missing (the next one is %d): the chain was cut", next, l.Seq)}
			}
			if l.Entry == nil {
				return nil, &auditError{fmt.Sprintf("audit row %d has been removed (chain link %d)", l.AuditID, l.Seq)}
			}
			h := app.AuditLinkHash(prev, l.Entry)
			if !bytes.Equal(h, l.Hash) {
				return nil, &auditError{fmt.Sprintf("audit row %d has been altered (%s at %s no longer hashes to chain link %d)",
					l.AuditID, l.Entry.Action, l.Entry.At.In(zhifa.CST).Format("2006-01-02 15:04:05"), l.Seq)}
			}
			if want, ok := anchors[l.Seq]; ok && !bytes.Equal(h, want) {
				return nil, &auditError{fmt.Sprintf("the audit chain up to link %d (row %d) differs from its signed anchor: rows or links at or before it were rewritten", l.Seq, l.AuditID)}
			}
			if l.Seq <= lastAnchor {
				maxAnchoredRow = max(maxAnchoredRow, l.AuditID)
			}
			prev = h
			next++
		}
	}
	rep.links = next - 1
	if lastAnchor > rep.links {
		return nil, &auditError{fmt.Sprintf("the audit chain ends at link %d, but an anchor is signed for link %d: links were removed", rep.links, lastAnchor)}
	}
	rep.anchored = lastAnchor
	// A row the chain lacks although it is older than anchored rows — by more IDs than
	// the integrator looks back (a transaction may commit a row after rows with higher
	// IDs were anchored), or by more time than a transaction may take to commit — was
	// inserted behind the chain's back. Rows newer than that wait for the next anchor
	// and cannot be told from rows inserted now: the anchor protects what it covers.
	var before time.Time
	if !lastAnchorAt.IsZero() {
		before = lastAnchorAt.Add(-app.AuditAnchorInterval)
	}
	var inserted []int64
	if err := db.View(ctx, func(tx zhifa.Tx) error {
		var err error
		inserted, err = tx.UnlinkedAuditIDs(ctx, maxAnchoredRow-app.AuditChainSlack, before, 1)
		return err
	}); err != nil {
		return nil, err
	}
	if len(inserted) > 0 {
		return nil, &auditError{fmt.Sprintf("audit row %d has been inserted: it is older than anchored rows but not in the chain", inserted[0])}
	}
	return rep, nil
}
