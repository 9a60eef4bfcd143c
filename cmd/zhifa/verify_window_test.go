package main

import "testing"

// TestStoredWindow checks the read-ahead window of verify's stored hashes: it serves
// consecutive indexes it holds, drops what it served, refuses what it lacks (the audit
// then reads the database) and ignores hashes that do not follow on.
func TestStoredWindow(t *testing.T) {
	h := func(vals ...byte) [][32]byte {
		out := make([][32]byte, len(vals))
		for i, v := range vals {
			out[i][0] = v
		}
		return out
	}
	var w storedWindow
	if _, _, ok := w.take(0, 1); ok {
		t.Fatal("an empty window served hashes")
	}
	w.add(10, h(10, 11, 12), h(110, 111, 112))
	w.add(20, h(20), h(120)) // a gap: ignored
	w.add(13, h(13), h(113))
	for _, tc := range []struct {
		lo, hi int64
		ok     bool
		first  byte
	}{
		{9, 11, false, 0},  // before the window
		{10, 15, false, 0}, // beyond it
		{10, 12, true, 10}, // served, and 10..11 dropped
		{10, 11, false, 0}, // gone
		{12, 14, true, 12}, // the rest
		{14, 15, false, 0}, // empty again
	} {
		sha, sm, ok := w.take(tc.lo, tc.hi)
		if ok != tc.ok {
			t.Fatalf("take(%d, %d): ok %v, want %v", tc.lo, tc.hi, ok, tc.ok)
		}
		if ok && (len(sha) != int(tc.hi-tc.lo) || sha[0][0] != tc.first || sm[0][0] != tc.first+100) {
			t.Errorf("take(%d, %d) = %v, %v", tc.lo, tc.hi, sha, sm)
		}
	}
}
