package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zhifa"
	"zhifa/ledger"
)

// The audit log is tamper-evident (issue 9 §7; REQUIREMENTS D3, 等保 2.0 安全审计). Triggers
// stop UPDATE and DELETE of audit rows, but not an INSERT, nor anyone who drops them. So
// the ledger integrator, in its own transaction, links every audit row it has not seen
// into a hash chain (audit_chain: hash = SHA-256(previous hash ‖ AuditRowBytes(row)))
// and anchors the chain's head in a note signed with the ledger's keys
// (ledger.SignAuditHead, stored in audit_anchors). zhifa verify recomputes the chain from
// the rows, checks every anchor's signature and head, and names an audit row that was
// inserted, altered or removed.
//
// Writers of audit rows take no chain lock: chaining happens in the integrator, which is
// serialized already (one integration at a time, see LedgerIntegrated). It links new
// rows at most every AuditAnchorInterval, so the anchors grow by one small row a minute
// at most, not one per write; a row is protected from its anchoring on. The anchors are
// not ledger entries: the public log's size and content do not depend on the audit log.

const (
	// AuditAnchorInterval is the longest a committed audit row waits for its anchor, and
	// the shortest time between two anchors of one process.
	AuditAnchorInterval = time.Minute
	// auditChainBatch bounds the audit rows linked in one integration.
	auditChainBatch = 4096
	// AuditChainSlack is how far behind the last linked row the integrator looks for rows
	// not yet linked: on PostgreSQL a row may commit after rows with higher IDs, so a
	// row within it that the chain lacks may be one the next integration links.
	AuditChainSlack = 1024
)

// AuditRowBytes is the canonical form of an audit row that the chain hashes: a JSON
// array of its columns in a fixed order, the time in UTC with microseconds — the bytes
// json.Marshal gives for that array, written without reflection (the integrator hashes
// every audit row of a bulk load, and zhifa verify every row of the log; issue 11).
func AuditRowBytes(e *zhifa.AuditEntry) []byte { return appendAuditRow(make([]byte, 0, 256), e) }

// appendAuditRow appends AuditRowBytes(e) to b.
func appendAuditRow(b []byte, e *zhifa.AuditEntry) []byte {
	b = append(b, '[')
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, ',', '"')
	b = e.At.UTC().AppendFormat(b, ledger.TimeLayout) // digits and punctuation only
	b = append(b, '"', ',')
	b = strconv.AppendInt(b, e.UserID, 10)
	b = append(b, ',')
	b = appendJSONString(b, e.Login)
	b = append(b, ',')
	b = strconv.AppendInt(b, e.AgencyID, 10)
	for _, s := range [...]string{e.Action, e.Object, e.IP} {
		b = append(b, ',')
		b = appendJSONString(b, s)
	}
	b = append(b, ',')
	b = strconv.AppendBool(b, e.Success)
	for _, s := range [...]string{e.Detail, e.ObjectPath} {
		b = append(b, ',')
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONString appends s as json.Marshal encodes it: a string that json.Marshal
// copies verbatim (valid UTF-8 without control characters, quotes, backslashes, the
// HTML characters it escapes, or U+2028 and U+2029) is copied between quotes; any other
// goes through json.Marshal itself.
func appendJSONString(b []byte, s string) []byte {
	if verbatimJSON(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// verbatimJSON reports whether json.Marshal writes s between quotes unchanged.
func verbatimJSON(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		case c >= 0x80:
			ascii = false
		}
	}
	return ascii || (utf8.ValidString(s) && !strings.ContainsRune(s, '\u2028') && !strings.ContainsRune(s, '\u2029'))
}

// AuditLinkHash is the chain hash of row e after the link hash prev (nil for the first).
func AuditLinkHash(prev []byte, e *zhifa.AuditEntry) []byte {
	h := sha256.New()
	h.Write(prev)
	h.Write(AuditRowBytes(e))
	return h.Sum(nil)
}

// chainAudit links the audit rows not yet linked and stores the signed anchor of the
// new head, in the integrator's transaction tx. It does nothing when every row is linked.
// Links computed ahead (ahead, ledger_ahead.go) are written first if they start at the
// chain's head; rows they lack are linked after them.
func (a *App) chainAudit(ctx context.Context, tx zhifa.Tx, ahead *linksAhead) error {
	head, err := tx.AuditChainHead(ctx)
	if err != nil {
		return err
	}
	last := head
	if ahead != nil && len(ahead.links) > 0 && sameLink(ahead.head, head) {
		for lo := 0; lo < len(ahead.links); lo += auditChainBatch {
			if err := tx.AddAuditLinks(ctx, ahead.links[lo:min(lo+auditChainBatch, len(ahead.links))]); err != nil {
				return err
			}
		}
		last = ahead.links[len(ahead.links)-1]
	}
	for {
		rows, err := tx.UnchainedAudit(ctx, max(last.AuditID-AuditChainSlack, 0), auditChainBatch)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			break
		}
		links := make([]zhifa.AuditLink, len(rows))
		for i, r := range rows {
			last = zhifa.AuditLink{Seq: last.Seq + 1, AuditID: r.ID, Hash: AuditLinkHash(last.Hash, r)}
			links[i] = last
		}
		if err := tx.AddAuditLinks(ctx, links); err != nil {
			return err
		}
		if len(rows) < auditChainBatch {
			break
		}
	}
	if last.Seq == head.Seq {
		return nil
	}
	note, err := a.ledger.signer.SignAuditHead(last.Seq, last.Hash)
	if err != nil {
		return fmt.Errorf("sign audit head: %w", err)
	}
	return tx.AddAuditAnchor(ctx, last.Seq, note, a.now())
}

// sameLink reports whether two links are the same link of the chain.
func sameLink(x, y zhifa.AuditLink) bool {
	return x.Seq == y.Seq && x.AuditID == y.AuditID && bytes.Equal(x.Hash, y.Hash)
}

// auditDue reports whether this process should look for audit rows to anchor now.
func (a *App) auditDue() bool {
	return a.ledger.lastAnchor.IsZero() || a.now().Sub(a.ledger.lastAnchor) >= AuditAnchorInterval
}

// auditPending reports whether audit rows wait to be linked.
func auditPending(ctx context.Context, tx zhifa.Tx) (bool, error) {
	head, err := tx.AuditChainHead(ctx)
	if err != nil {
		return false, err
	}
	rows, err := tx.UnchainedAudit(ctx, max(head.AuditID-AuditChainSlack, 0), 1)
	return len(rows) > 0, err
}
