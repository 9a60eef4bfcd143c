package ledger

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

const (
	// TileHeight is the height of every tile (C2SP tlog-tiles): a full tile
	// holds TileWidth = 2^TileHeight hashes or entries.
	TileHeight = 8
	// TileWidth is the number of hashes (or entries) in a full tile.
	TileWidth = 1 << TileHeight
	// EntriesLevel is the Tile.L of entry bundles.
	EntriesLevel = -1
	// maxTileLevel is the highest hash tile level in C2SP tlog-tiles.
	maxTileLevel = 63
)

// Tile names a hash tile of one tree or an entry bundle.
//
// Hash tile (Tree, L ≥ 0, N, W) holds the W hashes at tree level 8·L with
// indexes N·256 … N·256+W-1, each the root of a perfect subtree of 256^L
// entries. The entry bundle (L = EntriesLevel, N, W) holds entries N·256 …
// N·256+W-1. W is 1 … 256; W < 256 is a partial tile.
type Tile struct {
	Tree Algorithm // ignored for entry bundles
	L    int
	N    int64
	W    int
}

// Path returns the tile's path relative to the log prefix:
//
//	tile/<L>/<N>[.p/<W>]        SHA-256 tree (C2SP tlog-tiles)
//	tile/sm3/<L>/<N>[.p/<W>]    SM3 tree, same geometry
//	tile/entries/<N>[.p/<W>]    entry bundles
//
// N is written in 3-digit groups, all but the last prefixed with 'x'
// (1234067 is x001/x234/067).
func (t Tile) Path() string {
	b := make([]byte, 0, 32)
	b = append(b, "tile/"...)
	switch {
	case t.L == EntriesLevel:
		b = append(b, "entries"...)
	case t.Tree == SM3:
		b = append(b, "sm3/"...)
		b = strconv.AppendInt(b, int64(t.L), 10)
	default:
		b = strconv.AppendInt(b, int64(t.L), 10)
	}
	var groups []int64
	for n := t.N; ; n /= 1000 {
		groups = append(groups, n%1000)
		if n < 1000 {
			break
		}
	}
	for i := len(groups) - 1; i >= 0; i-- {
		b = append(b, '/')
		if i > 0 {
			b = append(b, 'x')
		}
		b = append(b, byte('0'+groups[i]/100), byte('0'+groups[i]/10%10), byte('0'+groups[i]%10))
	}
	if t.W != TileWidth {
		b = append(b, ".p/"...)
		b = strconv.AppendInt(b, int64(t.W), 10)
	}
	return string(b)
}

// ParseTilePath parses a path written by Tile.Path, and nothing else.
func ParseTilePath(path string) (Tile, error) {
	bad := func() (Tile, error) { return Tile{}, fmt.Errorf("ledger: malformed tile path %q", path) }
	rest, ok := strings.CutPrefix(path, "tile/")
	if !ok {
		return bad()
	}
	var t Tile
	if rest, ok = strings.CutPrefix(rest, "entries/"); ok {
		t.L = EntriesLevel
	} else {
		if rest, ok = strings.CutPrefix(rest, "sm3/"); ok {
			t.Tree = SM3
		}
		l, r, _ := strings.Cut(rest, "/")
		lv, err := strconv.Atoi(l)
		if err != nil || lv < 0 || lv > maxTileLevel {
			return bad()
		}
		t.L, rest = lv, r
	}
	t.W = TileWidth
	if nPart, w, ok := strings.Cut(rest, ".p/"); ok {
		ww, err := strconv.Atoi(w)
		if err != nil || ww < 1 || ww >= TileWidth {
			return bad()
		}
		t.W, rest = ww, nPart
	}
	for g := range strings.SplitSeq(rest, "/") {
		if len(g) == 4 && g[0] == 'x' {
			g = g[1:]
		}
		if len(g) != 3 || t.N > (1<<62)/1000 {
			return bad()
		}
		d, err := strconv.Atoi(g)
		if err != nil || d < 0 {
			return bad()
		}
		t.N = t.N*1000 + int64(d)
	}
	if t.Path() != path { // settles leading zeros, 'x' placement, signs
		return bad()
	}
	return t, nil
}

// InTree reports whether the whole tile exists in a tree of the given size,
// so that it can be served for it.
func (t Tile) InTree(size int64) bool {
	if t.W < 1 || t.W > TileWidth || t.N < 0 || t.L < EntriesLevel || t.L > maxTileLevel {
		return false
	}
	// Hashes at level 8L: one per complete subtree of 256^L entries.
	level := 0
	if t.L > 0 {
		level = TileHeight * t.L
	}
	if level >= 63 {
		return false
	}
	return t.N <= (size>>level)/TileWidth && t.N*TileWidth+int64(t.W) <= size>>level
}

// TileIndexes returns the stored-hash indexes of the hashes in hash tile t.
func TileIndexes(t Tile) []int64 {
	idx := make([]int64, t.W)
	for i := range idx {
		idx[i] = StoredHashIndex(TileHeight*t.L, t.N*TileWidth+int64(i))
	}
	return idx
}

// ReadTileData returns the contents of hash tile t (its W hashes,
// concatenated), reading them from r, the stored hashes of t.Tree, in one call.
func ReadTileData(ctx context.Context, t Tile, r HashReader) ([]byte, error) {
	if t.L < 0 || t.L > maxTileLevel || t.W < 1 || t.W > TileWidth || t.N < 0 {
		return nil, fmt.Errorf("ledger: not a hash tile: %+v", t)
	}
	hashes, err := readHashes(ctx, r, TileIndexes(t))
	if err != nil {
		return nil, err
	}
	data := make([]byte, 0, len(hashes)*HashSize)
	for _, h := range hashes {
		data = append(data, h[:]...)
	}
	return data, nil
}

// AppendBundleEntry appends entry to an entry bundle: a big-endian uint16
// length, then the bytes.
func AppendBundleEntry(bundle, entry []byte) ([]byte, error) {
	if len(entry) > MaxEntrySize {
		return nil, fmt.Errorf("ledger: entry is %d bytes, more than %d", len(entry), MaxEntrySize)
	}
	bundle = binary.BigEndian.AppendUint16(bundle, uint16(len(entry)))
	return append(bundle, entry...), nil
}

// ParseEntryBundle splits an entry bundle into its entries (sharing data's memory).
func ParseEntryBundle(data []byte) ([][]byte, error) {
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			return nil, errors.New("ledger: truncated entry bundle")
		}
		n := int(binary.BigEndian.Uint16(data))
		if len(data) < 2+n {
			return nil, errors.New("ledger: truncated entry bundle")
		}
		entries = append(entries, data[2:2+n:2+n])
		data = data[2+n:]
	}
	return entries, nil
}
