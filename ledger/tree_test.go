package ledger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/emmansun/gmsm/sm3"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"golang.org/x/mod/sumdb/tlog"
)

// tlogReader adapts a HashReader to golang.org/x/mod/sumdb/tlog.
func tlogReader(r HashReader) tlog.HashReader {
	return tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		hs, err := r.ReadHashes(context.Background(), idx)
		out := make([]tlog.Hash, len(hs))
		for i, h := range hs {
			out[i] = tlog.Hash(h)
		}
		return out, err
	})
}

func toHashes(p []tlog.Hash) []Hash {
	out := make([]Hash, len(p))
	for i, h := range p {
		out[i] = Hash(h)
	}
	return out
}

// memLog returns a MemLog of testEntries(n).
func memLog(tb testing.TB, n int) *MemLog {
	tb.Helper()
	m := NewMemLog()
	for _, e := range testEntries(tb, n) {
		m.Append(e)
	}
	return m
}

// compactRoot computes the root of tree a over entries with the
// transparency-dev compact range and the tree's LogHasher, independently of
// Tree and the stored hashes.
func compactRoot(t *testing.T, a Algorithm, entries [][]byte) Hash {
	t.Helper()
	h := a.LogHasher()
	f := &compact.RangeFactory{Hash: h.HashChildren}
	r := f.NewEmptyRange(0)
	for _, e := range entries {
		if err := r.Append(h.HashLeaf(e), nil); err != nil {
			t.Fatal(err)
		}
	}
	if len(entries) == 0 {
		return Hash(h.EmptyRoot())
	}
	root, err := r.GetRootHash(nil)
	if err != nil {
		t.Fatal(err)
	}
	return Hash(root)
}

func TestHashers(t *testing.T) {
	data := []byte("entry")
	var l, r Hash
	l[0], r[31] = 1, 2
	node := append(append([]byte{1}, l[:]...), r[:]...)
	long := bytes.Repeat([]byte{7}, 5000) // beyond the stack buffer
	tests := []struct {
		name      string
		got, want Hash
	}{
		{"sha256 leaf = tlog.RecordHash", SHA256.LeafHash(data), Hash(tlog.RecordHash(data))},
		{"sha256 long leaf", SHA256.LeafHash(long), Hash(tlog.RecordHash(long))},
		{"sha256 node = tlog.NodeHash", SHA256.NodeHash(l, r), Hash(tlog.NodeHash(tlog.Hash(l), tlog.Hash(r)))},
		{"sha256 empty root", SHA256.EmptyRoot(), sha256.Sum256(nil)},
		{"sm3 leaf", SM3.LeafHash(data), sm3.Sum(append([]byte{0}, data...))},
		{"sm3 long leaf", SM3.LeafHash(long), sm3.Sum(append([]byte{0}, long...))},
		{"sm3 node", SM3.NodeHash(l, r), sm3.Sum(node)},
		{"sm3 empty root", SM3.EmptyRoot(), sm3.Sum(nil)},
		{"sm3 LogHasher leaf", Hash(SM3Hasher.HashLeaf(data)), sm3.Sum(append([]byte{0}, data...))},
		{"sm3 LogHasher node", Hash(SM3Hasher.HashChildren(l[:], r[:])), sm3.Sum(node)},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, tt.got, tt.want)
		}
	}
	// Untrusted proof elements of other sizes must not panic.
	if got, want := SM3Hasher.HashChildren([]byte{1}, []byte{2, 3}), sm3.Sum([]byte{1, 1, 2, 3}); !bytes.Equal(got, want[:]) {
		t.Errorf("HashChildren of short inputs = %x, want %x", got, want)
	}
}

func TestStoredHashIndex(t *testing.T) {
	for level := 0; level < 20; level++ {
		for n := int64(0); n < 3000; n += 1 + n/7 {
			x := StoredHashIndex(level, n)
			if want := tlog.StoredHashIndex(level, n); x != want {
				t.Fatalf("StoredHashIndex(%d, %d) = %d, want %d", level, n, x, want)
			}
			if l, nn := SplitStoredHashIndex(x); l != level || nn != n {
				t.Fatalf("SplitStoredHashIndex(%d) = %d, %d; want %d, %d", x, l, nn, level, n)
			}
		}
	}
	for n := int64(0); n < 5000; n++ {
		if got, want := StoredHashCount(n), tlog.StoredHashCount(n); got != want {
			t.Fatalf("StoredHashCount(%d) = %d, want %d", n, got, want)
		}
	}
	for x := int64(0); x < 10000; x++ {
		l, n := SplitStoredHashIndex(x)
		if wl, wn := tlog.SplitStoredHashIndex(x); l != wl || n != wn {
			t.Fatalf("SplitStoredHashIndex(%d) = %d, %d; want %d, %d", x, l, n, wl, wn)
		}
	}
}

// TestTree checks Tree against tlog (SHA-256), the transparency-dev compact
// range (SM3), StoredHashes and TreeHash, at every size up to 300.
func TestTree(t *testing.T) {
	entries := testEntries(t, 300)
	m := NewMemLog()
	var tlogStored []tlog.Hash
	tlogR := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = tlogStored[x]
		}
		return out, nil
	})
	for n, e := range entries {
		// What StoredHashes computes from the earlier stored hashes must be
		// what Append stores, and (for SHA-256) what tlog computes.
		var want [2][]Hash
		for _, a := range Algorithms {
			got, err := StoredHashes(context.Background(), a, int64(n), e, m.Reader(a))
			if err != nil {
				t.Fatal(err)
			}
			want[a] = got
		}
		tw, err := tlog.StoredHashes(int64(n), e, tlogR)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(want[SHA256]) != fmt.Sprint(toHashes(tw)) {
			t.Fatalf("StoredHashes(context.Background(), sha256, %d) = %v, tlog says %v", n, want[SHA256], tw)
		}
		tlogStored = append(tlogStored, tw...)
		m.Append(e)
		for _, a := range Algorithms {
			if got := m.Stored(a)[StoredHashIndex(0, int64(n)):]; fmt.Sprint(got) != fmt.Sprint(want[a]) {
				t.Fatalf("Append(%d) stored %v in %s, StoredHashes says %v", n, got, a, want[a])
			}
		}
		size := int64(n + 1)
		if got := int64(len(m.Stored(SHA256))); got != StoredHashCount(size) || int64(len(m.Stored(SM3))) != got {
			t.Fatalf("size %d: %d stored hashes, want %d", size, got, StoredHashCount(size))
		}
		for _, a := range Algorithms {
			want := compactRoot(t, a, entries[:size])
			if a == SHA256 {
				th, err := tlog.TreeHash(size, tlogR)
				if err != nil || Hash(th) != want {
					t.Fatalf("tlog.TreeHash(%d) = %s, %v; compact range says %s", size, th, err, want)
				}
			}
			if got := m.Tree().Root(a); got != want {
				t.Fatalf("Tree.Root(%s) at size %d = %s, want %s", a, size, got, want)
			}
			if got, err := TreeHash(context.Background(), a, size, m.Reader(a)); err != nil || got != want {
				t.Fatalf("TreeHash(%s, %d) = %s, %v; want %s", a, size, got, err, want)
			}
		}
		// A tree loaded from stored hashes continues like the original.
		if n%37 == 0 {
			lt, err := LoadTree(context.Background(), size, m.Reader(SHA256), m.Reader(SM3))
			if err != nil {
				t.Fatal(err)
			}
			c := m.Tree().Clone()
			extra := []byte(`{"extra":true}`)
			ap1, ap2 := lt.Append(extra), c.Append(extra)
			if fmt.Sprint(ap1) != fmt.Sprint(ap2) || lt.Checkpoint("o") != c.Checkpoint("o") {
				t.Fatalf("loaded tree diverges at size %d: %v vs %v", size, ap1, ap2)
			}
			if m.Tree().Size() != size {
				t.Fatal("Clone shares state with the original")
			}
		}
	}
	if got, want := NewTree().Checkpoint("o"), (Checkpoint{Origin: "o", Root: SHA256.EmptyRoot(), SM3Root: SM3.EmptyRoot()}); got != want {
		t.Fatalf("empty tree checkpoint = %+v, want %+v", got, want)
	}
}

func TestLoadTreeErrors(t *testing.T) {
	m := memLog(t, 10)
	short := HashReaderFunc(func(_ context.Context, idx []int64) ([]Hash, error) { return make([]Hash, len(idx)-1), nil })
	if _, err := LoadTree(context.Background(), 10, short, m.Reader(SM3)); err == nil {
		t.Error("LoadTree accepted a reader that returned too few hashes")
	}
	if _, err := LoadTree(context.Background(), 11, m.Reader(SHA256), m.Reader(SM3)); err == nil {
		t.Error("LoadTree accepted a size beyond the stored hashes")
	}
	if _, err := LoadTree(context.Background(), -1, m.Reader(SHA256), m.Reader(SM3)); err == nil {
		t.Error("LoadTree accepted a negative size")
	}
}

// TestProofs cross-checks proofs against golang.org/x/mod/sumdb/tlog
// (SHA-256) and github.com/transparency-dev/merkle/proof with roots from
// compact ranges (both trees) for every index and pair of sizes up to 70.
func TestProofs(t *testing.T) {
	const max = 70
	entries := testEntries(t, max)
	m := memLog(t, max)
	tr := tlogReader(m.Reader(SHA256))
	roots := map[Algorithm][]Hash{}
	for _, a := range Algorithms {
		for n := 0; n <= max; n++ {
			roots[a] = append(roots[a], compactRoot(t, a, entries[:n]))
		}
	}
	for size := int64(1); size <= max; size++ {
		for i := int64(0); i < size; i++ {
			p, err := m.ProveInclusion(context.Background(), i, size)
			if err != nil {
				t.Fatal(err)
			}
			want, err := tlog.ProveRecord(size, i, tr)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(p.SHA256) != fmt.Sprint(toHashes(want)) {
				t.Fatalf("inclusion(%d, %d) = %v, tlog says %v", i, size, p.SHA256, want)
			}
			if err := tlog.CheckRecord(tlog.RecordProof(tlogHashes(p.SHA256)), size, tlog.Hash(roots[SHA256][size]), i, tlog.RecordHash(entries[i])); err != nil {
				t.Fatalf("tlog.CheckRecord(%d, %d): %v", i, size, err)
			}
			for _, a := range Algorithms {
				path := p.SHA256
				if a == SM3 {
					path = p.SM3
				}
				leaf := a.LeafHash(entries[i])
				if err := proof.VerifyInclusion(a.LogHasher(), uint64(i), uint64(size), leaf[:], toSlices(path), roots[a][size][:]); err != nil {
					t.Fatalf("%s: transparency-dev rejects inclusion(%d, %d): %v", a, i, size, err)
				}
			}
			c := Checkpoint{Origin: "o", Size: size, Root: roots[SHA256][size], SM3Root: roots[SM3][size]}
			if err := p.Verify(entries[i], c); err != nil {
				t.Fatal(err)
			}
			if err := p.Verify(entries[(i+1)%size], c); size > 1 && err == nil {
				t.Fatalf("inclusion(%d, %d) verifies another entry", i, size)
			}
		}
		for old := int64(0); old <= size; old++ {
			p, err := m.ProveConsistency(context.Background(), old, size)
			if err != nil {
				t.Fatal(err)
			}
			if old > 0 {
				want, err := tlog.ProveTree(size, old, tr)
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(p.SHA256) != fmt.Sprint(toHashes(want)) {
					t.Fatalf("consistency(%d, %d) = %v, tlog says %v", old, size, p.SHA256, want)
				}
				if err := tlog.CheckTree(tlog.TreeProof(tlogHashes(p.SHA256)), size, tlog.Hash(roots[SHA256][size]), old, tlog.Hash(roots[SHA256][old])); err != nil {
					t.Fatalf("tlog.CheckTree(%d, %d): %v", old, size, err)
				}
				for _, a := range Algorithms {
					path := p.SHA256
					if a == SM3 {
						path = p.SM3
					}
					if err := proof.VerifyConsistency(a.LogHasher(), uint64(old), uint64(size), toSlices(path), roots[a][old][:], roots[a][size][:]); err != nil {
						t.Fatalf("%s: transparency-dev rejects consistency(%d, %d): %v", a, old, size, err)
					}
				}
			}
			oc := Checkpoint{Origin: "o", Size: old, Root: roots[SHA256][old], SM3Root: roots[SM3][old]}
			nc := Checkpoint{Origin: "o", Size: size, Root: roots[SHA256][size], SM3Root: roots[SM3][size]}
			if err := p.Verify(oc, nc); err != nil {
				t.Fatalf("consistency(%d, %d): %v", old, size, err)
			}
		}
	}
}

func tlogHashes(p []Hash) []tlog.Hash {
	out := make([]tlog.Hash, len(p))
	for i, h := range p {
		out[i] = tlog.Hash(h)
	}
	return out
}

func TestProofsRejectTampering(t *testing.T) {
	m := memLog(t, 100)
	c := m.Checkpoint("o")
	e := m.Entry(42)
	incl, err := m.ProveInclusion(context.Background(), 42, 100)
	if err != nil {
		t.Fatal(err)
	}
	old := memLog(t, 60).Checkpoint("o")
	cons, err := m.ProveConsistency(context.Background(), 60, 100)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(h []Hash, i int) []Hash {
		h = append([]Hash(nil), h...)
		h[i][0] ^= 1
		return h
	}
	tests := []struct {
		name string
		err  error
	}{
		{"good inclusion", nil},
		{"sha256 path flipped", (&InclusionProof{42, 100, flip(incl.SHA256, 2), incl.SM3}).Verify(e, c)},
		{"sm3 path flipped", (&InclusionProof{42, 100, incl.SHA256, flip(incl.SM3, 0)}).Verify(e, c)},
		{"sm3 path short", (&InclusionProof{42, 100, incl.SHA256, incl.SM3[1:]}).Verify(e, c)},
		{"wrong index", (&InclusionProof{43, 100, incl.SHA256, incl.SM3}).Verify(e, c)},
		{"wrong size", (&InclusionProof{42, 99, incl.SHA256, incl.SM3}).Verify(e, c)},
		{"wrong sm3 root", incl.Verify(e, Checkpoint{Origin: "o", Size: 100, Root: c.Root})},
		{"sha256 consistency flipped", (&ConsistencyProof{60, 100, flip(cons.SHA256, 1), cons.SM3}).Verify(old, c)},
		{"sm3 consistency flipped", (&ConsistencyProof{60, 100, cons.SHA256, flip(cons.SM3, 1)}).Verify(old, c)},
		{"consistency with forked old tree", cons.Verify(memLog(t, 61).Checkpoint("o"), c)},
		{"consistency of other logs", cons.Verify(Checkpoint{Origin: "p", Size: 60, Root: old.Root, SM3Root: old.SM3Root}, c)},
		{"from empty with a path", (&ConsistencyProof{0, 100, cons.SHA256, nil}).Verify(NewTree().Checkpoint("o"), c)},
	}
	if err := incl.Verify(e, c); err != nil {
		t.Fatalf("good proof rejected: %v", err)
	}
	if err := cons.Verify(old, c); err != nil {
		t.Fatalf("good proof rejected: %v", err)
	}
	for _, tt := range tests[1:] {
		if tt.err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
	if _, err := m.ProveInclusion(context.Background(), 100, 100); err == nil {
		t.Error("inclusion proof of an index beyond the tree")
	}
	if _, err := m.ProveConsistency(context.Background(), 101, 100); err == nil {
		t.Error("consistency proof from a larger tree")
	}
}

func TestProofJSON(t *testing.T) {
	m := memLog(t, 5)
	p, err := m.ProveInclusion(context.Background(), 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`{"index":1,"tree_size":5,"sha256":["%s","%s","%s"],"sm3":["%s","%s","%s"]}`,
		p.SHA256[0], p.SHA256[1], p.SHA256[2], p.SM3[0], p.SM3[1], p.SM3[2])
	if string(b) != want {
		t.Fatalf("JSON = %s, want %s", b, want)
	}
	var back InclusionProof
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Verify(m.Entry(1), m.Checkpoint("o")); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"sha256":["AAAA"]}`), &back); err == nil {
		t.Fatal("short hash accepted")
	}
}
