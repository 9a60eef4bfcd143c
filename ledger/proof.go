package ledger

import (
	"context"
	"fmt"

	"github.com/transparency-dev/merkle/proof"
)

// InclusionPath returns the RFC 6962 (RFC 9162 section 2.1.3) inclusion proof
// (audit path) of entry index in tree a of the given size, reading stored
// hashes from r in one call.
func InclusionPath(ctx context.Context, a Algorithm, index, size int64, r HashReader) ([]Hash, error) {
	if index < 0 || size < 0 {
		return nil, fmt.Errorf("ledger: invalid inclusion proof request (%d, %d)", index, size)
	}
	nodes, err := proof.Inclusion(uint64(index), uint64(size))
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return rehash(ctx, a, nodes, r)
}

// ConsistencyPath returns the RFC 6962 (RFC 9162 section 2.1.4) consistency
// proof between sizes oldSize ≤ newSize of tree a, reading stored hashes from
// r in one call. It is empty if oldSize is 0 or equals newSize.
func ConsistencyPath(ctx context.Context, a Algorithm, oldSize, newSize int64, r HashReader) ([]Hash, error) {
	if oldSize < 0 || newSize < 0 {
		return nil, fmt.Errorf("ledger: invalid consistency proof request (%d, %d)", oldSize, newSize)
	}
	nodes, err := proof.Consistency(uint64(oldSize), uint64(newSize))
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return rehash(ctx, a, nodes, r)
}

// rehash reads the perfect subtrees nodes lists and folds the ones that
// make up an imperfect ("ephemeral") node of the proof.
func rehash(ctx context.Context, a Algorithm, nodes proof.Nodes, r HashReader) ([]Hash, error) {
	if len(nodes.IDs) == 0 {
		return []Hash{}, nil
	}
	hashes, err := readHashes(ctx, r, nodeIndexes(nodes.IDs))
	if err != nil {
		return nil, err
	}
	_, begin, end := nodes.Ephem()
	out := hashes[:0]
	for i := 0; i < len(hashes); i++ {
		h := hashes[i]
		if i == begin && begin < end {
			for i++; i < end; i++ {
				h = a.NodeHash(hashes[i], h)
			}
			i--
		}
		out = append(out, h)
	}
	return out, nil
}

// VerifyInclusion checks an inclusion proof of the entry with leaf hash leaf
// at index in tree a of the given size and root.
func VerifyInclusion(a Algorithm, index, size int64, leaf Hash, path []Hash, root Hash) error {
	if index < 0 || size < 0 {
		return fmt.Errorf("ledger: invalid inclusion proof (%d, %d)", index, size)
	}
	if err := proof.VerifyInclusion(a.LogHasher(), uint64(index), uint64(size), leaf[:], toSlices(path), root[:]); err != nil {
		return fmt.Errorf("ledger: %s inclusion proof: %w", a, err)
	}
	return nil
}

// VerifyConsistency checks a consistency proof between tree a of size
// oldSize with root oldRoot and of size newSize with root newRoot. Every tree
// is consistent with the empty tree, whose proof is empty.
func VerifyConsistency(a Algorithm, oldSize, newSize int64, path []Hash, oldRoot, newRoot Hash) error {
	if oldSize < 0 || newSize < oldSize {
		return fmt.Errorf("ledger: invalid consistency proof (%d, %d)", oldSize, newSize)
	}
	if oldSize == 0 {
		if len(path) != 0 || oldRoot != a.EmptyRoot() {
			return fmt.Errorf("ledger: %s consistency proof from the empty tree must be empty", a)
		}
		return nil
	}
	if err := proof.VerifyConsistency(a.LogHasher(), uint64(oldSize), uint64(newSize), toSlices(path), oldRoot[:], newRoot[:]); err != nil {
		return fmt.Errorf("ledger: %s consistency proof: %w", a, err)
	}
	return nil
}

// InclusionProof proves that an entry is in both trees of a checkpoint.
// Hashes are base64 in JSON.
type InclusionProof struct {
	Index    int64  `json:"index"`
	TreeSize int64  `json:"tree_size"`
	SHA256   []Hash `json:"sha256"`
	SM3      []Hash `json:"sm3"`
}

// ProveInclusion returns the inclusion proof of entry index in both trees of
// the given size; sha and sm read each tree's stored hashes.
func ProveInclusion(ctx context.Context, index, size int64, sha, sm HashReader) (*InclusionProof, error) {
	p := &InclusionProof{Index: index, TreeSize: size}
	var err error
	if p.SHA256, err = InclusionPath(ctx, SHA256, index, size, sha); err != nil {
		return nil, err
	}
	if p.SM3, err = InclusionPath(ctx, SM3, index, size, sm); err != nil {
		return nil, err
	}
	return p, nil
}

// Verify checks that entry (canonical bytes) is at p.Index in both trees of c.
func (p *InclusionProof) Verify(entry []byte, c Checkpoint) error {
	if p.TreeSize != c.Size {
		return fmt.Errorf("ledger: proof is for tree size %d, checkpoint has %d", p.TreeSize, c.Size)
	}
	sha, sm := LeafHashes(entry)
	if err := VerifyInclusion(SHA256, p.Index, p.TreeSize, sha, p.SHA256, c.Root); err != nil {
		return err
	}
	return VerifyInclusion(SM3, p.Index, p.TreeSize, sm, p.SM3, c.SM3Root)
}

// ConsistencyProof proves that both trees of size NewSize extend those of
// size OldSize. Hashes are base64 in JSON.
type ConsistencyProof struct {
	OldSize int64  `json:"old_size"`
	NewSize int64  `json:"new_size"`
	SHA256  []Hash `json:"sha256"`
	SM3     []Hash `json:"sm3"`
}

// ProveConsistency returns the consistency proof between sizes oldSize and
// newSize of both trees; sha and sm read each tree's stored hashes.
func ProveConsistency(ctx context.Context, oldSize, newSize int64, sha, sm HashReader) (*ConsistencyProof, error) {
	p := &ConsistencyProof{OldSize: oldSize, NewSize: newSize}
	var err error
	if p.SHA256, err = ConsistencyPath(ctx, SHA256, oldSize, newSize, sha); err != nil {
		return nil, err
	}
	if p.SM3, err = ConsistencyPath(ctx, SM3, oldSize, newSize, sm); err != nil {
		return nil, err
	}
	return p, nil
}

// Verify checks p between checkpoints older and newer of the same log.
func (p *ConsistencyProof) Verify(older, newer Checkpoint) error {
	if older.Origin != newer.Origin {
		return fmt.Errorf("ledger: checkpoints of different logs %q and %q", older.Origin, newer.Origin)
	}
	if p.OldSize != older.Size || p.NewSize != newer.Size {
		return fmt.Errorf("ledger: proof is for sizes %d→%d, checkpoints have %d→%d", p.OldSize, p.NewSize, older.Size, newer.Size)
	}
	if err := VerifyConsistency(SHA256, p.OldSize, p.NewSize, p.SHA256, older.Root, newer.Root); err != nil {
		return err
	}
	return VerifyConsistency(SM3, p.OldSize, p.NewSize, p.SM3, older.SM3Root, newer.SM3Root)
}
