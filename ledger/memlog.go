package ledger

import (
	"context"
	"fmt"
)

// MemLog is an in-memory ledger: entries and the stored hashes of both trees.
// It is the reference implementation of the storage a database provides,
// used by tests and benchmarks. It is not safe for concurrent use.
type MemLog struct {
	entries [][]byte
	stored  [2][]Hash
	tree    *Tree
}

// NewMemLog returns an empty log.
func NewMemLog() *MemLog { return &MemLog{tree: NewTree()} }

// Append adds canonical entry bytes (not checked; see AppendEntry) and
// returns the entry's index.
func (m *MemLog) Append(entry []byte) int64 {
	ap := m.tree.Append(entry)
	m.entries = append(m.entries, entry)
	m.stored[SHA256] = append(m.stored[SHA256], ap.SHA256...)
	m.stored[SM3] = append(m.stored[SM3], ap.SM3...)
	return ap.Index
}

// AppendEntry encodes e canonically and appends it.
func (m *MemLog) AppendEntry(e *Entry) (int64, error) {
	b, err := e.Canonical()
	if err != nil {
		return 0, err
	}
	return m.Append(b), nil
}

// Size returns the number of entries.
func (m *MemLog) Size() int64 { return int64(len(m.entries)) }

// Entry returns the bytes of entry i.
func (m *MemLog) Entry(i int64) []byte { return m.entries[i] }

// Entries returns all entries, in order (the log's own slice).
func (m *MemLog) Entries() [][]byte { return m.entries }

// Tree returns the log's current tree (not a copy).
func (m *MemLog) Tree() *Tree { return m.tree }

// Checkpoint returns the unsigned checkpoint of the current tree.
func (m *MemLog) Checkpoint(origin string) Checkpoint { return m.tree.Checkpoint(origin) }

// Stored returns the stored hashes of tree a (the log's own slice), indexed
// by stored-hash index. Tests may corrupt it.
func (m *MemLog) Stored(a Algorithm) []Hash { return m.stored[a] }

// Reader returns a HashReader over the stored hashes of tree a.
func (m *MemLog) Reader(a Algorithm) HashReader {
	return HashReaderFunc(func(_ context.Context, indexes []int64) ([]Hash, error) {
		s := m.stored[a]
		out := make([]Hash, len(indexes))
		for i, x := range indexes {
			if x < 0 || x >= int64(len(s)) {
				return nil, fmt.Errorf("ledger: stored hash %d not in log of %d hashes", x, len(s))
			}
			out[i] = s[x]
		}
		return out, nil
	})
}

// ProveInclusion returns the inclusion proof of entry index in the tree of the given size.
func (m *MemLog) ProveInclusion(ctx context.Context, index, size int64) (*InclusionProof, error) {
	return ProveInclusion(ctx, index, size, m.Reader(SHA256), m.Reader(SM3))
}

// ProveConsistency returns the consistency proof between two tree sizes.
func (m *MemLog) ProveConsistency(ctx context.Context, oldSize, newSize int64) (*ConsistencyProof, error) {
	return ProveConsistency(ctx, oldSize, newSize, m.Reader(SHA256), m.Reader(SM3))
}

// Bundle returns the entry bundle t (t.L must be EntriesLevel).
func (m *MemLog) Bundle(t Tile) ([]byte, error) {
	if t.L != EntriesLevel || !t.InTree(m.Size()) {
		return nil, fmt.Errorf("ledger: no entry bundle %s in log of %d entries", t.Path(), m.Size())
	}
	var b []byte
	for i := range int64(t.W) {
		var err error
		if b, err = AppendBundleEntry(b, m.entries[t.N*TileWidth+i]); err != nil {
			return nil, err
		}
	}
	return b, nil
}
