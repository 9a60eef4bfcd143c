package app

import (
	"context"
	"testing"

	"zhifa"
	"zhifa/ledger"
)

// TestIntegrateWorkAhead checks that an integration transaction uses the work done
// ahead (ledger_ahead.go) only where it starts where the transaction does: leaf hashes
// of another start and links after another head are ignored, and the result is the one
// of an integration without them.
func TestIntegrateWorkAhead(t *testing.T) {
	ctx := context.Background()
	const n = 3 * ledgerBatch / 2
	tests := []struct {
		name  string
		stale bool // the work ahead starts elsewhere than the transaction
	}{
		{"ahead", false},
		{"stale", true},
	}
	var roots []ledger.Checkpoint
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, st := newPendingLedgerT(t, n)
			pre := a.readEntriesAhead(ctx, 0, n)
			links := <-a.linkAuditAhead(ctx)
			if links == nil || len(links.links) == 0 {
				t.Fatal("no audit links computed ahead")
			}
			first := <-pre
			if first == nil || first.from != 0 || len(first.sha) != ledgerBatch {
				t.Fatalf("first batch ahead = %+v", first)
			}
			if tt.stale {
				first = &entriesAhead{from: 1, sha: first.sha[1:], sm: first.sm[1:]}
				links.head = zhifa.AuditLink{Seq: 7, AuditID: 7, Hash: []byte("elsewhere")}
				for i := range links.links {
					links.links[i].Hash = []byte("wrong")
				}
			}
			for _, step := range []struct {
				pre   *entriesAhead
				chain bool
				links *linksAhead
			}{{first, true, links}, {nil, false, nil}} {
				err := st.Update(ctx, func(tx zhifa.Tx) error {
					next, _, err := a.integrate(ctx, tx, step.pre, step.chain, step.links)
					if err == nil {
						a.ledger.tree = next
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if a.ledger.tree.Size() != n {
				t.Fatalf("integrated %d, want %d", a.ledger.tree.Size(), n)
			}
			roots = append(roots, a.ledger.tree.Checkpoint("o"))
			err := st.View(ctx, func(tx zhifa.Tx) error {
				chain, err := tx.AuditChain(ctx, 0, 1<<20)
				if err != nil {
					return err
				}
				var prev []byte
				for _, l := range chain {
					if want := AuditLinkHash(prev, l.Entry); string(l.Hash) != string(want) {
						t.Fatalf("link %d: hash does not chain", l.Seq)
					}
					prev = l.Hash
				}
				if len(chain) == 0 {
					t.Fatal("no audit row linked")
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	if len(roots) == 2 && (roots[0].Root != roots[1].Root || roots[0].SM3Root != roots[1].SM3Root) {
		t.Errorf("roots differ: %+v and %+v", roots[0], roots[1])
	}
}
