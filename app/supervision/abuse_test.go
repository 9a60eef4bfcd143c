package supervision

import (
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"zhifa"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestRateLimiter(t *testing.T) {
	c := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	l := NewRateLimiter(2, time.Hour, c.now)
	steps := []struct {
		advance time.Duration
		addr    string
		want    bool
	}{
		{0, "a", true}, {time.Minute, "a", true}, {time.Minute, "a", false}, // third within the hour
		{0, "b", true},                // another address has its own count
		{58 * time.Minute, "a", true}, // the first event left the window
		{0, "a", false},               // the refused one was not counted, the second still is
		{2*time.Minute + time.Second, "a", true},
	}
	for i, s := range steps {
		c.t = c.t.Add(s.advance)
		if got := l.Allow(s.addr); got != s.want {
			t.Errorf("step %d (%s): allowed %v, want %v", i, s.addr, got, s.want)
		}
	}
}

func TestPoW(t *testing.T) {
	c := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	p := NewPoW(8, time.Minute, c.now)
	other := NewPoW(8, time.Minute, c.now)
	fresh := func() (string, string) {
		ch := p.Issue()
		return ch.Challenge, Solve(ch.Challenge, ch.Bits)
	}
	ch, nonce := fresh()
	lazy := "0"
	for LeadingZeroBits(sha256.Sum256([]byte(ch+":"+lazy))) >= 8 {
		lazy += "0"
	}
	enc, _, _ := strings.Cut(ch, ".")
	foreign := other.Issue().Challenge
	tests := []struct {
		name             string
		challenge, nonce string
		ok               bool
	}{
		{"no work", ch, lazy, false},
		{"empty nonce", ch, "", false},
		{"forged signature", enc + ".AAAAAAAAAAAAAAAAAAAAAA", nonce, false},
		{"another server's key", foreign, Solve(foreign, 8), false},
		{"garbage", "not-a-challenge", "1", false},
		{"solved", ch, nonce, true},
		{"replayed", ch, nonce, false},
	}
	for _, tc := range tests {
		err := p.Verify(tc.challenge, tc.nonce)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v, want ok %v", tc.name, err, tc.ok)
		}
		if err != nil && zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("%s: code %s, want EINVALID", tc.name, zhifa.ErrorCode(err))
		}
	}
	ch, nonce = fresh()
	c.t = c.t.Add(time.Minute)
	if err := p.Verify(ch, nonce); err == nil || !strings.Contains(zhifa.ErrorMessage(err), "过期") {
		t.Errorf("expired challenge: %v", err)
	}
}

func TestLeadingZeroBits(t *testing.T) {
	for _, tc := range []struct {
		first [2]byte
		want  int
	}{{[2]byte{0x80, 0}, 0}, {[2]byte{0x01, 0}, 7}, {[2]byte{0, 0x40}, 9}, {[2]byte{0, 0}, 16}} {
		var sum [32]byte
		sum[0], sum[1] = tc.first[0], tc.first[1]
		if tc.want == 16 {
			sum[2] = 0xff
		}
		if got := LeadingZeroBits(sum); got != tc.want {
			t.Errorf("%x: %d, want %d", tc.first, got, tc.want)
		}
	}
}

func TestCodesAndCursor(t *testing.T) {
	code, hash, err := newCode()
	if err != nil || len(code) != CodeLength || strings.ContainsAny(code, "01ILO") {
		t.Fatalf("code %q: %v", code, err)
	}
	if sum := sha256.Sum256([]byte(normalizeCode(strings.ToLower(code[:4]) + " - " + code[4:]))); string(sum[:]) != string(hash) {
		t.Error("a typed code in lower case with spaces does not match")
	}
	n, err := newNumber(zhifa.MustDate("2026-03-02"))
	if err != nil || len(n) != 18 || !strings.HasPrefix(n, "TS20260302") {
		t.Errorf("number %q: %v", n, err)
	}
	for _, bad := range []string{"x", encodeCursor(0), "azE6LTE"} {
		if _, err := decodeCursor(bad); zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("cursor %q: %v", bad, err)
		}
	}
	if id, err := decodeCursor(encodeCursor(42)); id != 42 || err != nil {
		t.Errorf("round trip: %d %v", id, err)
	}
}
