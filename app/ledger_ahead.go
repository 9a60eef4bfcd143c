package app

import (
	"context"
	"fmt"

	"zhifa"
	"zhifa/ledger"
)

// Work done ahead of the integrator (issue 11). After a bulk load (zhifa gen) hundreds
// of thousands of entries and audit rows wait; the integrator's transactions write
// their hashes and links one batch after another. What those writes depend on — the
// entries' leaf hashes, the audit rows' links — is read and computed meanwhile, in read
// transactions of their own on another connection and core: entries and audit rows are
// append-only, so what a reader sees of them is what the integrator would read. Each
// integration transaction still locks the integrated size and the chain's head and uses
// the work done ahead only if it starts where the transaction does; otherwise it reads
// and hashes as before.

// entriesAhead is one batch of entries read and hashed ahead: the leaf hashes of both
// trees of the entries from index from on.
type entriesAhead struct {
	from    int64
	sha, sm []ledger.Hash
}

// readEntriesAhead reads the entries [from, to) in batches of ledgerBatch and hashes
// them, sending each batch in order; it stops at the first error, at the end, or when
// ctx ends, and closes the channel.
func (a *App) readEntriesAhead(ctx context.Context, from, to int64) <-chan *entriesAhead {
	out := make(chan *entriesAhead, 2)
	go func() {
		defer close(out)
		for lo := from; lo < to; lo += ledgerBatch {
			hi := min(lo+ledgerBatch, to)
			var entries []*zhifa.LedgerEntry
			err := a.store.View(ctx, func(tx zhifa.Tx) error {
				var err error
				entries, err = tx.LedgerEntries(ctx, lo, hi)
				return err
			})
			if err != nil || checkEntryRun(entries, lo) != nil || int64(len(entries)) != hi-lo {
				return // the integrator reads the batch itself, and reports what is wrong
			}
			b := &entriesAhead{from: lo}
			b.sha, b.sm = leafHashes(entries)
			select {
			case out <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// checkEntryRun reports an entry missing from a run that starts at index from.
func checkEntryRun(entries []*zhifa.LedgerEntry, from int64) error {
	for i, e := range entries {
		if e.Index != from+int64(i) {
			return fmt.Errorf("ledger entry %d is missing (found %d)", from+int64(i), e.Index)
		}
	}
	return nil
}

// linksAhead are the audit chain's links computed ahead from head on.
type linksAhead struct {
	head  zhifa.AuditLink
	links []zhifa.AuditLink
}

// linkAuditAhead computes the links of the audit rows not yet linked, after the
// chain's head as a read transaction sees it; nil on an error (the integrator links
// them itself).
func (a *App) linkAuditAhead(ctx context.Context) <-chan *linksAhead {
	out := make(chan *linksAhead, 1)
	go func() {
		defer close(out)
		r := &linksAhead{}
		err := a.store.View(ctx, func(tx zhifa.Tx) error {
			var err error
			if r.head, err = tx.AuditChainHead(ctx); err != nil {
				return err
			}
			r.links, err = nextAuditLinks(ctx, tx, r.head)
			return err
		})
		if err == nil {
			out <- r
		}
	}()
	return out
}

// nextAuditLinks returns the links of the audit rows that a read transaction sees
// unlinked after head, by ID: in one snapshot, what chainAudit links page by page.
func nextAuditLinks(ctx context.Context, tx zhifa.Tx, head zhifa.AuditLink) ([]zhifa.AuditLink, error) {
	var links []zhifa.AuditLink
	last, after := head, max(head.AuditID-AuditChainSlack, 0)
	for {
		rows, err := tx.UnchainedAudit(ctx, after, auditChainBatch)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			last = zhifa.AuditLink{Seq: last.Seq + 1, AuditID: r.ID, Hash: AuditLinkHash(last.Hash, r)}
			links = append(links, last)
		}
		if len(rows) < auditChainBatch {
			return links, nil
		}
		// Nothing is linked in this snapshot, so the next page starts after this one,
		// where chainAudit's next page starts once this one is linked.
		after = rows[len(rows)-1].ID
	}
}
