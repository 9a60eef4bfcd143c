package cases

import (
	"strconv"
	"strings"
	"testing"

	"zhifa/law"
)

// FuzzParseFen: ParseFen (yuan typed in a form → fen, REQUIREMENTS B3 propose form)
// never panics, never returns a negative amount or one above MaxFen, and what it
// accepts reads back the same when formatted as yuan (law.Yuan).
func FuzzParseFen(f *testing.F) {
	for _, s := range []string{"", "0", "5000", "1234.5", "1234.50", "1,234.56", " 12 ", ".5", "5.", ".",
		"-0.50", "1.-5", "1.+5", "+5", "-5", "1e3", "1.234", "1000000000000", "1000000000001", "99999999999999999999",
		"０", "五千", "1.2.3", "0x10", "1_000", "NaN", "1..2", ",", "1,,0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fen, err := ParseFen(s)
		if err != nil {
			if fen != 0 {
				t.Fatalf("ParseFen(%q) = %d with error %v", s, fen, err)
			}
			return
		}
		if fen < 0 || fen > MaxFen {
			t.Fatalf("ParseFen(%q) = %d, out of [0, MaxFen]", s, fen)
		}
		clean := strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
		if clean == "" {
			if fen != 0 {
				t.Fatalf("ParseFen(%q) = %d, want 0", s, fen)
			}
			return
		}
		// Accepted input is digits with at most one point and two decimals.
		for _, r := range clean {
			if (r < '0' || r > '9') && r != '.' {
				t.Fatalf("ParseFen(%q) accepted %q", s, r)
			}
		}
		back, err := ParseFen(law.Yuan(fen))
		if err != nil || back != fen {
			t.Fatalf("ParseFen(%q) = %d; Yuan = %q reads back as %d, %v", s, fen, law.Yuan(fen), back, err)
		}
		whole, frac, _ := strings.Cut(clean, ".")
		w, _ := strconv.ParseInt("0"+whole, 10, 64)
		fr, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
		if fen != w*100+fr {
			t.Fatalf("ParseFen(%q) = %d, want %d", s, fen, w*100+fr)
		}
	})
}

// TestParseFen pins the refusals the fuzzer found: a sign anywhere is refused, never
// read as a positive amount ("-0.50" was 50 fen) or a negative one ("1.-5" was 95 fen).
func TestParseFen(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"", 0, true}, {"5000", 500000, true}, {"1234.5", 123450, true}, {"1,234.56", 123456, true},
		{".5", 50, true}, {"5.", 500, true}, {"1000000000000", MaxFen, true},
		{"-0.50", 0, false}, {"1.-5", 0, false}, {"1.+5", 0, false}, {"+5", 0, false}, {"-5", 0, false},
		{".", 0, false}, {"1.234", 0, false}, {"1000000000000.01", 0, false}, {"1e3", 0, false}, {"五千", 0, false},
	} {
		got, err := ParseFen(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseFen(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
