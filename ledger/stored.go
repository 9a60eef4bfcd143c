package ledger

import (
	"context"
	"fmt"
	"math/bits"

	"github.com/transparency-dev/merkle/compact"
)

// A HashReader reads stored hashes of one tree (see StoredHashIndex).
type HashReader interface {
	// ReadHashes returns the hashes with the given stored-hash indexes, in
	// the same order. It must return exactly len(indexes) hashes or an error.
	ReadHashes(ctx context.Context, indexes []int64) ([]Hash, error)
}

// HashReaderFunc adapts a function to a HashReader.
type HashReaderFunc func(ctx context.Context, indexes []int64) ([]Hash, error)

// ReadHashes calls f(ctx, indexes).
func (f HashReaderFunc) ReadHashes(ctx context.Context, indexes []int64) ([]Hash, error) {
	return f(ctx, indexes)
}

// readHashes calls r and checks the number of hashes returned.
func readHashes(ctx context.Context, r HashReader, indexes []int64) ([]Hash, error) {
	hashes, err := r.ReadHashes(ctx, indexes)
	if err != nil {
		return nil, err
	}
	if len(hashes) != len(indexes) {
		return nil, fmt.Errorf("ledger: ReadHashes(%d indexes) returned %d hashes", len(indexes), len(hashes))
	}
	return hashes, nil
}

// StoredHashIndex returns the position, in the sequence of stored hashes, of
// the hash of the n-th complete subtree at the given level (level 0 holds
// leaf hashes; level l node n covers entries [n·2^l, (n+1)·2^l)). Hashes are
// stored in the order they are created while appending entries: entry m adds
// its leaf hash, then the hash of every subtree it completes, bottom up. The
// numbering is that of golang.org/x/mod/sumdb/tlog, and is the same for both
// trees.
func StoredHashIndex(level int, n int64) int64 {
	// The last entry of the subtree completes it; its leaf hash is stored at
	// 2m - popcount(m) (one hash per complete subtree of the first m entries,
	// plus m's own), and then levels 1..level follow.
	m := (n+1)<<level - 1
	return 2*m - int64(bits.OnesCount64(uint64(m))) + int64(level)
}

// SplitStoredHashIndex is the inverse of StoredHashIndex.
func SplitStoredHashIndex(index int64) (level int, n int64) {
	// Find the last entry m whose leaf hash is stored at or before index.
	m := index / 2 // 2m - popcount(m) <= index holds for m = index/2.
	for StoredHashIndex(0, m+1) <= index {
		m++
	}
	level = int(index - StoredHashIndex(0, m))
	return level, m >> level
}

// StoredHashCount returns the number of stored hashes of a tree with n entries.
func StoredHashCount(n int64) int64 {
	return 2*n - int64(bits.OnesCount64(uint64(n)))
}

// StoredHashes returns the hashes to store, in order from StoredHashIndex(0, n),
// when entry n (data) is appended to tree a, reading at most log₂ n earlier
// stored hashes from r in one call.
func StoredHashes(ctx context.Context, a Algorithm, n int64, data []byte, r HashReader) ([]Hash, error) {
	var need []int64
	for level, m := 0, n; m&1 == 1; level, m = level+1, m>>1 {
		need = append(need, StoredHashIndex(level, m-1))
	}
	out := make([]Hash, 1, 1+len(need))
	out[0] = a.LeafHash(data)
	if len(need) == 0 {
		return out, nil
	}
	siblings, err := readHashes(ctx, r, need)
	if err != nil {
		return nil, err
	}
	for _, s := range siblings {
		out = append(out, a.NodeHash(s, out[len(out)-1]))
	}
	return out, nil
}

// TreeHash returns the root of tree a with n entries, reading the stored
// hashes of at most log₂ n complete subtrees from r in one call.
func TreeHash(ctx context.Context, a Algorithm, n int64, r HashReader) (Hash, error) {
	if n < 0 {
		return Hash{}, fmt.Errorf("ledger: negative tree size %d", n)
	}
	if n == 0 {
		return a.EmptyRoot(), nil
	}
	hashes, err := readHashes(ctx, r, nodeIndexes(compact.RangeNodes(0, uint64(n), nil)))
	if err != nil {
		return Hash{}, err
	}
	h := hashes[len(hashes)-1]
	for i := len(hashes) - 2; i >= 0; i-- {
		h = a.NodeHash(hashes[i], h)
	}
	return h, nil
}

// nodeIndexes maps perfect subtree IDs to stored-hash indexes.
func nodeIndexes(ids []compact.NodeID) []int64 {
	idx := make([]int64, len(ids))
	for i, id := range ids {
		idx[i] = StoredHashIndex(int(id.Level), int64(id.Index))
	}
	return idx
}
