package kernel

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"zhifa"
)

func TestCursorRoundTrip(t *testing.T) {
	due, _ := zhifa.ParseDate("2026-03-02")
	for _, k := range []zhifa.CaseKey{{ID: 1}, {ID: 987654321}, {ID: 12, Due: due}} {
		got, err := DecodeCursor(EncodeCursor(k))
		if err != nil || got == nil || *got != k {
			t.Errorf("round trip of %+v: %+v, %v", k, got, err)
		}
	}
	if k, err := DecodeCursor(""); k != nil || err != nil {
		t.Errorf(`"" is the first page: %+v, %v`, k, err)
	}
}

func TestDecodeCursorRejects(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, bad := range []string{"%%%", enc("12"), enc("k0:12"), enc("k1:"), enc("k1:0"), enc("k1:-3"), enc("k1:x"),
		enc("k1:12:2026-13-40"), enc("k1:12:")} {
		_, err := DecodeCursor(bad)
		var e *zhifa.Error
		if !errors.As(err, &e) || e.Code != zhifa.EINVALID || e.Fields["cursor"] == "" {
			t.Errorf("DecodeCursor(%q) = %v, want EINVALID on cursor", bad, err)
		}
	}
}

func TestCountTextAndPageLimit(t *testing.T) {
	for n, want := range map[int]string{0: "0", zhifa.CountCap: "1000", zhifa.CountCap + 1: "1000+"} {
		if got := CountText(n); got != want {
			t.Errorf("CountText(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]int{-1: 50, 0: 50, 20: 20, 500: 500, 501: 500} {
		if got := PageLimit(n); got != want {
			t.Errorf("PageLimit(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{"13800138000": "138****8000", "0543-8210001": "054*****0001", "12345": "*****", "": ""} {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOverdueBy(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second:               "1分钟",
		45 * time.Minute:               "45分钟",
		25*time.Hour + 5*time.Minute:   "25小时5分钟",
		2*time.Hour + 59*time.Second:   "2小时1分钟",
		time.Hour + 29*time.Second + 1: "1小时0分钟",
	} {
		if got := OverdueBy(d); got != want {
			t.Errorf("OverdueBy(%v) = %q, want %q", d, got, want)
		}
	}
}
