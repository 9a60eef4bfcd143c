package ledger

import (
	"context"
	"fmt"

	"github.com/transparency-dev/merkle/compact"
)

// rangeFactories build compact ranges of each tree.
var rangeFactories = [...]*compact.RangeFactory{
	SHA256: {Hash: nodeHasher(SHA256)},
	SM3:    {Hash: nodeHasher(SM3)},
}

// nodeHasher returns tree a's interior-node hash for compact ranges: NodeHash over a
// stack buffer for the 32-byte hashes a range always holds, rather than a new hasher
// per node (rfc6962's allocates one: a tenth of zhifa verify's garbage, issue #11).
func nodeHasher(a Algorithm) compact.HashFn {
	general := a.LogHasher().HashChildren
	return func(left, right []byte) []byte {
		if len(left) != HashSize || len(right) != HashSize {
			return general(left, right)
		}
		h := a.NodeHash(Hash(left), Hash(right))
		return h[:]
	}
}

// Tree is the right edge of both Merkle trees (a compact range over
// [0, Size) of each, github.com/transparency-dev/merkle/compact): enough to
// append entries and compute roots without reading any stored hash. A writer
// keeps one in memory, and reloads it with LoadTree when another process may
// have appended. A Tree is not safe for concurrent use; Clone it to stage an
// append that may roll back.
type Tree struct {
	size int64
	rng  [2]*compact.Range
}

// NewTree returns the empty tree.
func NewTree() *Tree {
	return &Tree{rng: [2]*compact.Range{
		rangeFactories[SHA256].NewEmptyRange(0),
		rangeFactories[SM3].NewEmptyRange(0),
	}}
}

// FrontierIndexes returns the stored-hash indexes of the complete subtrees
// that make up the right edge of a tree with size entries, left to right:
// what LoadTree reads.
func FrontierIndexes(size int64) []int64 {
	return nodeIndexes(compact.RangeNodes(0, uint64(size), nil))
}

// LoadTree rebuilds the Tree of the given size from stored hashes, reading
// FrontierIndexes(size) from each tree's reader.
func LoadTree(ctx context.Context, size int64, sha, sm HashReader) (*Tree, error) {
	if size < 0 {
		return nil, fmt.Errorf("ledger: negative tree size %d", size)
	}
	t := &Tree{size: size}
	idx := FrontierIndexes(size)
	for _, a := range Algorithms {
		r := sha
		if a == SM3 {
			r = sm
		}
		var hashes []Hash
		if len(idx) > 0 {
			var err error
			if hashes, err = readHashes(ctx, r, idx); err != nil {
				return nil, err
			}
		}
		rng, err := rangeFactories[a].NewRange(0, uint64(size), toSlices(hashes))
		if err != nil {
			return nil, err
		}
		t.rng[a] = rng
	}
	return t, nil
}

// Size returns the number of entries in the tree.
func (t *Tree) Size() int64 { return t.size }

// Clone returns an independent copy of t.
func (t *Tree) Clone() *Tree {
	c := &Tree{size: t.size}
	for _, a := range Algorithms {
		c.rng[a], _ = rangeFactories[a].NewRange(0, uint64(t.size), append([][]byte(nil), t.rng[a].Hashes()...))
	}
	return c
}

// Appended describes one appended entry: its index and the hashes to store.
type Appended struct {
	// Index is the entry's index (the tree size before the append).
	Index int64
	// StoredIndex is StoredHashIndex(0, Index): the stored-hash index of
	// SHA256[0] and SM3[0]; the others follow consecutively.
	StoredIndex int64
	// SHA256 and SM3 are the new stored hashes of each tree: the leaf hash,
	// then the hash of each subtree this entry completes, bottom up. Both have
	// the same length.
	SHA256, SM3 []Hash
}

// Append adds an entry (its canonical bytes) to both trees and returns the
// hashes to store.
func (t *Tree) Append(entry []byte) Appended {
	sha, sm := LeafHashes(entry)
	return t.AppendLeafHashes(sha, sm)
}

// AppendLeafHashes is Append for precomputed leaf hashes.
func (t *Tree) AppendLeafHashes(sha, sm Hash) Appended {
	ap := Appended{Index: t.size, StoredIndex: StoredHashIndex(0, t.size)}
	ap.SHA256, ap.SM3 = t.appendLeafHashesTo(make([]Hash, 0, 4), make([]Hash, 0, 4), sha, sm)
	return ap
}

// appendLeafHashesTo appends the leaf hashes to both trees and the new stored hashes
// of each tree to shaOut and smOut, which it returns: the auditor collects them in its
// pending batch without a slice per entry (issue #11).
func (t *Tree) appendLeafHashesTo(shaOut, smOut []Hash, sha, sm Hash) ([]Hash, []Hash) {
	// Append reports the leaf and then each new node, bottom up.
	if err := t.rng[SHA256].Append(sha[:], func(_ compact.NodeID, h []byte) { shaOut = append(shaOut, Hash(h)) }); err != nil {
		panic("ledger: compact range append: " + err.Error()) // cannot happen: ranges start at 0
	}
	if err := t.rng[SM3].Append(sm[:], func(_ compact.NodeID, h []byte) { smOut = append(smOut, Hash(h)) }); err != nil {
		panic("ledger: compact range append: " + err.Error())
	}
	t.size++
	return shaOut, smOut
}

// Root returns the root of tree a.
func (t *Tree) Root(a Algorithm) Hash {
	if t.size == 0 {
		return a.EmptyRoot()
	}
	h, err := t.rng[a].GetRootHash(nil)
	if err != nil {
		panic("ledger: compact range root: " + err.Error()) // cannot happen: ranges start at 0
	}
	return Hash(h)
}

// Checkpoint returns the unsigned checkpoint of t for origin.
func (t *Tree) Checkpoint(origin string) Checkpoint {
	return Checkpoint{Origin: origin, Size: t.size, Root: t.Root(SHA256), SM3Root: t.Root(SM3)}
}

func toSlices(hashes []Hash) [][]byte {
	out := make([][]byte, len(hashes))
	for i := range hashes {
		out[i] = hashes[i][:]
	}
	return out
}
