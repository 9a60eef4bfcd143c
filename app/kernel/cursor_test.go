package kernel

import (
	"testing"

	"zhifa"
)

func TestCursor(t *testing.T) {
	due, _ := zhifa.ParseDate("2026-03-02")
	for _, k := range []zhifa.CaseKey{{ID: 1}, {ID: 42, Due: due}} {
		got, err := DecodeCursor(EncodeCursor(k))
		if err != nil || got == nil || *got != k {
			t.Errorf("round trip of %+v: %+v, %v", k, got, err)
		}
	}
	if k, err := DecodeCursor(""); k != nil || err != nil {
		t.Errorf("empty cursor: %+v, %v", k, err)
	}
	for _, bad := range []string{"x", "!!", EncodeCursor(zhifa.CaseKey{ID: 1})[1:], "azE6MA", "azE6LTE", "azE6MTp4"} {
		if _, err := DecodeCursor(bad); zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("cursor %q: %v, want EINVALID", bad, err)
		}
	}
}

func TestPageLimit(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{-1, 50}, {0, 50}, {1, 1}, {500, 500}, {501, 500}} {
		if got := PageLimit(tc.in); got != tc.want {
			t.Errorf("PageLimit(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
