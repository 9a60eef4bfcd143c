package app

import (
	"io"
	"strings"
	"testing"
)

// TestCappedReader: inflated bytes are counted as they are read, whatever the zip
// header claimed.
func TestCappedReader(t *testing.T) {
	r := &cappedReader{rc: io.NopCloser(strings.NewReader(strings.Repeat("x", 20))), left: 10}
	n, err := io.Copy(io.Discard, r)
	if n != 10 || err != errXLSXTooBig {
		t.Errorf("read %d bytes, error %v; want 10 and the too-big error", n, err)
	}
}

func TestCellColumn(t *testing.T) {
	tests := []struct {
		ref  string
		col  int
		fail bool
	}{
		{"A1", 1, false}, {"Z9", 26, false}, {"AA10", 27, false}, {"XFD1048576", 16384, false},
		{"XFE1", 0, true}, {"AAAA1", 0, true}, {"1", 0, true}, {"", 0, true},
	}
	for _, tt := range tests {
		col, err := cellColumn(tt.ref)
		if col != tt.col || (err != nil) != tt.fail {
			t.Errorf("cellColumn(%q) = %d, %v", tt.ref, col, err)
		}
		if !tt.fail && columnName(col) != strings.TrimRight(tt.ref, "0123456789") {
			t.Errorf("columnName(%d) = %q", col, columnName(col))
		}
	}
}
