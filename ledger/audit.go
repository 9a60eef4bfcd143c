package ledger

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
)

// What a Divergence found to differ.
const (
	// WhatEntry: the bytes at Index are not a canonical entry.
	WhatEntry = "entry"
	// WhatEvidence: AuditOptions.CheckEntry rejected entry Index, e.g. because
	// a blob no longer matches its digest.
	WhatEvidence = "evidence"
	// WhatStoredHash: a stored hash differs from the one recomputed from the
	// entries; Index is the entry whose append created it (for a leaf hash,
	// the entry itself).
	WhatStoredHash = "stored hash"
	// WhatRoot: a checkpoint's root differs from the recomputed one. The
	// entries up to the last matching checkpoint are intact, so the change is
	// in entries [Index, checkpoint size).
	WhatRoot = "root"
	// WhatMissing: the log ends at Index, before the size of a checkpoint.
	WhatMissing = "missing entries"
	// WhatCommitment: CheckEntry rejected entry Index with ErrCommitment: a stored
	// field value or salt no longer opens the entry's commitment.
	WhatCommitment = "commitment"
)

// Divergence is the first place where a log departs from what its entries,
// stored hashes, evidence and checkpoints say it should be.
type Divergence struct {
	Index  int64  // entry index (see the What constants for its meaning)
	What   string // one of the What constants
	Detail string // specifics: which tree, expected and recomputed values
	Err    error  // underlying error, if any
}

// Error describes d: index, what differs and the specifics.
func (d *Divergence) Error() string {
	s := fmt.Sprintf("ledger: divergence at entry %d: %s", d.Index, d.What)
	if d.Detail != "" {
		s += ": " + d.Detail
	}
	if d.Err != nil {
		s += ": " + d.Err.Error()
	}
	return s
}

// CheckEntryWhat is the What of a Divergence for an error of AuditOptions.CheckEntry:
// WhatCommitment for ErrCommitment, else WhatEvidence.
func CheckEntryWhat(err error) string {
	if errors.Is(err, ErrCommitment) {
		return WhatCommitment
	}
	return WhatEvidence
}

// Unwrap returns d.Err.
func (d *Divergence) Unwrap() error { return d.Err }

// AuditOptions says what an audit checks besides recomputing the trees.
type AuditOptions struct {
	// Checkpoints are checkpoints issued for the log, in any order (their
	// signatures are the caller's business). Each must match the recomputed
	// roots at its size, and the log must reach every size.
	Checkpoints []Checkpoint
	// StoredSHA256 and StoredSM3, if set, read the log's stored hashes, which
	// must equal the recomputed ones. They are read in batches of consecutive
	// indexes.
	StoredSHA256, StoredSM3 HashReader
	// CheckEntry, if set, is called with every parsed entry, e.g. to rehash
	// its evidence blobs against e.Hashes. An error is reported as a
	// Divergence with What WhatEvidence.
	CheckEntry func(index int64, e *Entry) error
}

// storedBatch is the number of stored hashes compared at once.
const storedBatch = 1 << 13

// Auditor recomputes both trees from a log's entries, fed one at a time in
// order, and checks them as AuditOptions says. It keeps only O(log n) state
// besides a bounded batch of stored hashes. After the first divergence every
// method returns it.
type Auditor struct {
	opts    AuditOptions
	cps     []Checkpoint // sorted by size
	next    int          // first checkpoint not yet reached
	intact  int64        // size of the last matching checkpoint
	tree    *Tree
	pending [2][]Hash // recomputed stored hashes not yet compared
	pendAt  int64     // stored-hash index of pending[*][0]
	err     error
}

// NewAuditor returns an Auditor for an empty log.
func NewAuditor(opts AuditOptions) *Auditor {
	cps := slices.Clone(opts.Checkpoints)
	slices.SortStableFunc(cps, func(a, b Checkpoint) int { return cmp.Compare(a.Size, b.Size) })
	return &Auditor{opts: opts, cps: cps, tree: NewTree()}
}

// Size returns the number of entries added.
func (a *Auditor) Size() int64 { return a.tree.Size() }

// Leaf is an entry parsed and leaf-hashed for Auditor.AddLeaf. PrepareLeaf depends on
// nothing but the entry's bytes, so a verifier prepares the leaves of a batch on other
// goroutines while the auditor, which must go in order, extends the trees (issue #11:
// parsing and the two leaf hashes are about half of the audit's work).
type Leaf struct {
	Entry    *Entry // the parsed entry; nil when Err is set
	SHA256   Hash   // leaf hashes of the entry's bytes
	SM3      Hash
	ParseErr error // the bytes are not a canonical entry
}

// PrepareLeaf parses entry and computes its leaf hashes in both trees.
func PrepareLeaf(entry []byte) Leaf {
	e, err := ParseEntry(entry)
	if err != nil {
		return Leaf{ParseErr: err}
	}
	sha, sm := LeafHashes(entry)
	return Leaf{Entry: e, SHA256: sha, SM3: sm}
}

// Add audits the next entry.
func (a *Auditor) Add(ctx context.Context, entry []byte) error {
	return a.AddLeaf(ctx, PrepareLeaf(entry))
}

// AddLeaf audits the next entry, prepared by PrepareLeaf.
func (a *Auditor) AddLeaf(ctx context.Context, l Leaf) error {
	if a.err != nil {
		return a.err
	}
	i := a.tree.Size()
	if i == 0 {
		if err := a.reach(ctx); err != nil {
			return err
		}
	}
	if l.ParseErr != nil {
		return a.fail(ctx, &Divergence{Index: i, What: WhatEntry, Err: l.ParseErr})
	}
	if a.opts.CheckEntry != nil {
		if err := a.opts.CheckEntry(i, l.Entry); err != nil {
			return a.fail(ctx, &Divergence{Index: i, What: CheckEntryWhat(err), Err: err})
		}
	}
	if a.opts.StoredSHA256 == nil && a.opts.StoredSM3 == nil {
		a.tree.appendLeafHashesTo(nil, nil, l.SHA256, l.SM3)
	} else {
		a.pending[SHA256], a.pending[SM3] = a.tree.appendLeafHashesTo(a.pending[SHA256], a.pending[SM3], l.SHA256, l.SM3)
		if len(a.pending[SHA256]) >= storedBatch {
			if err := a.flush(ctx); err != nil {
				return err
			}
		}
	}
	return a.reach(ctx)
}

// Finish ends the audit and returns the recomputed tree head (without origin).
func (a *Auditor) Finish(ctx context.Context) (Checkpoint, error) {
	if a.err == nil {
		a.err = a.reach(ctx)
	}
	if a.err == nil {
		a.err = a.flush(ctx)
	}
	if a.err == nil && a.next < len(a.cps) {
		a.err = &Divergence{Index: a.tree.Size(), What: WhatMissing,
			Detail: fmt.Sprintf("the log has %d entries, a checkpoint covers %d", a.tree.Size(), a.cps[len(a.cps)-1].Size)}
	}
	if a.err != nil {
		return Checkpoint{}, a.err
	}
	return a.tree.Checkpoint(""), nil
}

// reach checks the checkpoints of the current size.
func (a *Auditor) reach(ctx context.Context) error {
	size := a.tree.Size()
	for ; a.next < len(a.cps) && a.cps[a.next].Size <= size; a.next++ {
		c := a.cps[a.next]
		if c.Size < size { // only negative sizes get here
			return a.fail(ctx, &Divergence{Index: 0, What: WhatRoot, Detail: fmt.Sprintf("checkpoint has invalid size %d", c.Size)})
		}
		for _, alg := range Algorithms {
			want := c.Root
			if alg == SM3 {
				want = c.SM3Root
			}
			if got := a.tree.Root(alg); got != want {
				return a.fail(ctx, &Divergence{Index: a.intact, What: WhatRoot,
					Detail: fmt.Sprintf("%s root at size %d is %s, checkpoint says %s", alg, size, got, want)})
			}
		}
		a.intact = size
	}
	return nil
}

// fail records d, unless comparing the pending stored hashes finds an
// earlier, more precise divergence.
func (a *Auditor) fail(ctx context.Context, d *Divergence) error {
	if err := a.flush(ctx); err != nil {
		return err
	}
	a.err = d
	return d
}

// flush compares the pending stored hashes with the stored ones.
func (a *Auditor) flush(ctx context.Context) error {
	n := len(a.pending[SHA256])
	if n == 0 {
		return nil
	}
	idx := make([]int64, n)
	for i := range idx {
		idx[i] = a.pendAt + int64(i)
	}
	for _, alg := range Algorithms {
		r := a.opts.StoredSHA256
		if alg == SM3 {
			r = a.opts.StoredSM3
		}
		if r == nil {
			continue
		}
		stored, err := readHashes(ctx, r, idx)
		if err != nil {
			a.err = fmt.Errorf("ledger: reading %s stored hashes: %w", alg, err)
			return a.err
		}
		for i, want := range a.pending[alg] {
			if stored[i] != want {
				level, node := SplitStoredHashIndex(idx[i])
				a.err = &Divergence{Index: (node+1)<<level - 1, What: WhatStoredHash,
					Detail: fmt.Sprintf("%s stored hash %d (level %d, node %d) is %s, recomputed %s", alg, idx[i], level, node, stored[i], want)}
				return a.err
			}
		}
	}
	a.pendAt += int64(n)
	a.pending[SHA256], a.pending[SM3] = a.pending[SHA256][:0], a.pending[SM3][:0]
	return nil
}

// Audit recomputes both trees from entries, in log order, checks them as
// opts says and returns the recomputed tree head. It returns a *Divergence
// for the first divergence found, and the iterator's own errors as they are.
func Audit(ctx context.Context, entries iter.Seq2[[]byte, error], opts AuditOptions) (Checkpoint, error) {
	a := NewAuditor(opts)
	for e, err := range entries {
		if err != nil {
			return Checkpoint{}, err
		}
		if err := a.Add(ctx, e); err != nil {
			return Checkpoint{}, err
		}
	}
	return a.Finish(ctx)
}
