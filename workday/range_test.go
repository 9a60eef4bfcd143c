package workday

import (
	"testing"

	"zhifa"
)

func TestInRange(t *testing.T) {
	tests := []struct {
		date string
		want bool
	}{
		{"1995-04-30", false},
		{"1995-05-01", true},
		{"2026-10-01", true},
		{"2100-12-31", true},
		{"2101-01-01", false},
		{"9999-12-31", false},
	}
	for _, tt := range tests {
		if got := InRange(zhifa.MustDate(tt.date)); got != tt.want {
			t.Errorf("InRange(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
}
