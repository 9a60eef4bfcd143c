package ledger

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

func TestTilePath(t *testing.T) {
	tests := []struct {
		tile Tile
		path string
	}{
		{Tile{L: 0, N: 0, W: 256}, "tile/0/000"},
		{Tile{L: 0, N: 1234, W: 256}, "tile/0/x001/234"},
		{Tile{L: 0, N: 1234067, W: 7}, "tile/0/x001/x234/067.p/7"},
		{Tile{L: 2, N: 5, W: 1}, "tile/2/005.p/1"},
		{Tile{Tree: SM3, L: 1, N: 1000, W: 256}, "tile/sm3/1/x001/000"},
		{Tile{Tree: SM3, L: 0, N: 12, W: 255}, "tile/sm3/0/012.p/255"},
		{Tile{L: EntriesLevel, N: 1234, W: 256}, "tile/entries/x001/234"},
		{Tile{L: EntriesLevel, N: 0, W: 3}, "tile/entries/000.p/3"},
		{Tile{L: 63, N: 999999, W: 256}, "tile/63/x999/999"},
	}
	for _, tt := range tests {
		if got := tt.tile.Path(); got != tt.path {
			t.Errorf("%+v.Path() = %q, want %q", tt.tile, got, tt.path)
		}
		got, err := ParseTilePath(tt.path)
		if err != nil || got != tt.tile {
			t.Errorf("ParseTilePath(%q) = %+v, %v; want %+v", tt.path, got, err, tt.tile)
		}
		// The SHA-256 tree's paths are tlog's without the height.
		if tt.tile.Tree == SHA256 && tt.tile.L >= 0 {
			tl := tlog.Tile{H: 8, L: tt.tile.L, N: tt.tile.N, W: tt.tile.W}
			if want := strings.Replace(tl.Path(), "tile/8/", "tile/", 1); want != tt.path {
				t.Errorf("tlog path %q, ours %q", want, tt.path)
			}
		}
	}
	for _, bad := range []string{
		"", "tile/", "tile/0", "tile/0/", "tile/0/1234", "tile/0/001/234", "tile/0/x01/234",
		"tile/0/x001/x234", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/07", "tile/0/000.p/",
		"tile/64/000", "tile/-1/000", "tile/01/000", "tile/+1/000", "tile/data/000", "tile/8/0/000",
		"tile/sm3/entries/000", "tile/entries/sm3/000", "tile/0/-01", "tile/0/x-01/000", "/tile/0/000",
		"tile/0/x999/x999/x999/x999/x999/x999/x999/999",
	} {
		if tile, err := ParseTilePath(bad); err == nil {
			t.Errorf("ParseTilePath(%q) = %+v, want error", bad, tile)
		}
	}
}

func TestTileInTree(t *testing.T) {
	tests := []struct {
		tile Tile
		size int64
		want bool
	}{
		{Tile{L: 0, N: 0, W: 256}, 256, true},
		{Tile{L: 0, N: 0, W: 256}, 255, false},
		{Tile{L: 0, N: 0, W: 255}, 255, true},
		{Tile{L: 0, N: 1, W: 1}, 256, false},
		{Tile{L: 0, N: 1, W: 1}, 257, true},
		{Tile{L: 1, N: 0, W: 1}, 256, true},
		{Tile{L: 1, N: 0, W: 2}, 511, false},
		{Tile{L: 1, N: 0, W: 2}, 512, true},
		{Tile{L: 2, N: 0, W: 1}, 65535, false},
		{Tile{L: 2, N: 0, W: 1}, 65536, true},
		{Tile{L: EntriesLevel, N: 0, W: 3}, 3, true},
		{Tile{L: EntriesLevel, N: 0, W: 3}, 2, false},
		{Tile{L: 0, N: 1 << 60, W: 256}, 1<<62 + 5, false},
		{Tile{L: 8, N: 0, W: 1}, 1<<62 + 5, false},
		{Tile{L: 0, N: 0, W: 0}, 100, false},
	}
	for _, tt := range tests {
		if got := tt.tile.InTree(tt.size); got != tt.want {
			t.Errorf("%s InTree(%d) = %v, want %v", tt.tile.Path(), tt.size, got, tt.want)
		}
	}
}

// tileReader serves tiles of m to golang.org/x/mod/sumdb/tlog.
type tileReader struct {
	t *testing.T
	m *MemLog
}

func (r tileReader) Height() int { return TileHeight }

func (r tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, tl := range tiles {
		tile := Tile{Tree: SHA256, L: tl.L, N: tl.N, W: tl.W}
		if !tile.InTree(r.m.Size()) {
			return nil, fmt.Errorf("tile %s not in tree", tile.Path())
		}
		data, err := ReadTileData(context.Background(), tile, r.m.Reader(SHA256))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (tileReader) SaveTiles([]tlog.Tile, [][]byte) {}

// TestTilesWithTlog reads a 70,000-entry log only through its SHA-256 tiles
// with tlog.TileHashReader (which authenticates every tile against the tree
// hash) and checks proofs and tile contents; and checks the SM3 tiles hold
// the same geometry of SM3 hashes.
func TestTilesWithTlog(t *testing.T) {
	const size = 70000 // 273 full level-0 tiles, partial widths 112 (L0), 17 (L1), 1 (L2)
	m := memLog(t, size)
	c := m.Checkpoint("o")
	thr := tlog.TileHashReader(tlog.Tree{N: size, Hash: tlog.Hash(c.Root)}, tileReader{t, m})
	if h, err := tlog.TreeHash(size, thr); err != nil || Hash(h) != c.Root {
		t.Fatalf("tree hash via tiles = %s, %v; want %s", h, err, c.Root)
	}
	for _, i := range []int64{0, 255, 256, 65535, 65536, 69887, 69999} {
		want, err := tlog.ProveRecord(size, i, thr)
		if err != nil {
			t.Fatalf("tlog.ProveRecord(%d) via tiles: %v", i, err)
		}
		got, err := InclusionPath(context.Background(), SHA256, i, size, m.Reader(SHA256))
		if err != nil || fmt.Sprint(got) != fmt.Sprint(toHashes(want)) {
			t.Fatalf("inclusion(%d) = %v, %v; via tiles %v", i, got, err, want)
		}
	}
	for _, tl := range tlog.NewTiles(TileHeight, 0, size) {
		for _, a := range Algorithms {
			tile := Tile{Tree: a, L: tl.L, N: tl.N, W: tl.W}
			if !tile.InTree(size) {
				t.Fatalf("tlog tile %s not InTree(%d)", tile.Path(), size)
			}
			data, err := ReadTileData(context.Background(), tile, m.Reader(a))
			if err != nil {
				t.Fatal(err)
			}
			if len(data) != tile.W*HashSize {
				t.Fatalf("%s: %d bytes", tile.Path(), len(data))
			}
			if a == SHA256 {
				want, err := tlog.ReadTileData(tl, tlogReader(m.Reader(SHA256)))
				if err != nil || !bytes.Equal(data, want) {
					t.Fatalf("%s differs from tlog.ReadTileData (%v)", tile.Path(), err)
				}
			}
			// A full tile's hashes fold to the hash one level-tile up.
			if tile.W == TileWidth {
				up := Tile{Tree: a, L: tile.L + 1, N: tile.N / TileWidth, W: int(tile.N%TileWidth) + 1}
				upData, err := ReadTileData(context.Background(), up, m.Reader(a))
				if err != nil {
					t.Fatal(err)
				}
				if got, want := foldTile(a, data), Hash(upData[len(upData)-HashSize:]); got != want {
					t.Fatalf("%s folds to %s, %s has %s", tile.Path(), got, up.Path(), want)
				}
			}
		}
	}
	// Level-0 SM3 tiles hold SM3 leaf hashes.
	data, err := ReadTileData(context.Background(), Tile{Tree: SM3, L: 0, N: 1, W: 2}, m.Reader(SM3))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Hash(data[HashSize:]), SM3.LeafHash(m.Entry(257)); got != want {
		t.Fatalf("SM3 tile leaf = %s, want %s", got, want)
	}
	if _, err := ReadTileData(context.Background(), Tile{L: EntriesLevel, W: 1}, m.Reader(SHA256)); err == nil {
		t.Fatal("ReadTileData of an entry bundle")
	}
}

// foldTile returns the root of the perfect tree whose leaves are the hashes in data.
func foldTile(a Algorithm, data []byte) Hash {
	level := make([]Hash, len(data)/HashSize)
	for i := range level {
		level[i] = Hash(data[i*HashSize:])
	}
	for len(level) > 1 {
		next := level[:0]
		for i := 0; i < len(level); i += 2 {
			next = append(next, a.NodeHash(level[i], level[i+1]))
		}
		level = next
	}
	return level[0]
}

func TestEntryBundle(t *testing.T) {
	m := memLog(t, 300)
	for _, tile := range []Tile{{L: EntriesLevel, N: 0, W: 256}, {L: EntriesLevel, N: 1, W: 44}} {
		b, err := m.Bundle(tile)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := ParseEntryBundle(b)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != tile.W {
			t.Fatalf("%s: %d entries", tile.Path(), len(entries))
		}
		// Each entry hashes to the matching hash of the level-0 tile.
		hashes, err := ReadTileData(context.Background(), Tile{L: 0, N: tile.N, W: tile.W}, m.Reader(SHA256))
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range entries {
			if SHA256.LeafHash(e) != Hash(hashes[i*HashSize:]) {
				t.Fatalf("%s entry %d does not match the level-0 tile", tile.Path(), i)
			}
		}
	}
	if _, err := m.Bundle(Tile{L: EntriesLevel, N: 1, W: 45}); err == nil {
		t.Fatal("bundle beyond the log")
	}
	tests := []struct {
		name string
		data []byte
		want [][]byte
		ok   bool
	}{
		{"empty", nil, nil, true},
		{"two", []byte{0, 1, 'a', 0, 0}, [][]byte{[]byte("a"), {}}, true},
		{"short length", []byte{0}, nil, false},
		{"short entry", []byte{0, 2, 'a'}, nil, false},
	}
	for _, tt := range tests {
		got, err := ParseEntryBundle(tt.data)
		if (err == nil) != tt.ok || fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: ParseEntryBundle = %q, %v", tt.name, got, err)
		}
	}
	if _, err := AppendBundleEntry(nil, make([]byte, MaxEntrySize+1)); err == nil {
		t.Error("AppendBundleEntry accepted an oversized entry")
	}
	b, _ := AppendBundleEntry([]byte{9}, []byte("xyz"))
	if !bytes.Equal(b, []byte{9, 0, 3, 'x', 'y', 'z'}) {
		t.Errorf("AppendBundleEntry = %v", b)
	}
}
