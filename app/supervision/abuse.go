package supervision

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"time"

	"zhifa"
)

// Abuse control of the public complaint form (REQUIREMENTS F5): a rate limit per client
// address and a proof-of-work challenge, both in memory and without third-party services.
// Several servers behind one address each keep their own counts and keys; a challenge is
// answered to the server that issued it.

// RateLimiter allows at most Max events per address in any Window (a sliding log per
// address, pruned as it is read). The clock is injectable so tests need not sleep.
type RateLimiter struct {
	Max    int
	Window time.Duration
	now    func() time.Time

	mu     sync.Mutex
	events map[string][]time.Time
}

// NewRateLimiter returns a limiter of max events per window on the clock now.
func NewRateLimiter(max int, window time.Duration, now func() time.Time) *RateLimiter {
	return &RateLimiter{Max: max, Window: window, now: now, events: map[string][]time.Time{}}
}

// Allow records one event of addr and reports whether it is within the limit; an event
// over the limit is not recorded, so a client that waits gets through again.
func (l *RateLimiter) Allow(addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	cut := now.Add(-l.Window)
	kept := l.events[addr][:0]
	for _, t := range l.events[addr] {
		if t.After(cut) {
			kept = append(kept, t)
		}
	}
	if len(kept) >= l.Max {
		l.events[addr] = kept
		return false
	}
	l.events[addr] = append(kept, now)
	// Forget idle addresses now and then, so the map does not grow with every client.
	if len(l.events) > 10000 {
		for a, ts := range l.events {
			if len(ts) == 0 || !ts[len(ts)-1].After(cut) {
				delete(l.events, a)
			}
		}
	}
	return true
}

// errRateLimited is the answer to a client over the limit.
func errRateLimited() error {
	return zhifa.Errorf(zhifa.EFORBIDDEN, "提交过于频繁，请稍后再试")
}

// PoW issues and checks proof-of-work challenges: a challenge is random bytes and an
// expiry signed with a key of this process; the client finds a nonce such that
// SHA-256(challenge ":" nonce) begins with Bits zero bits. A solved challenge is accepted
// once.
type PoW struct {
	Bits int
	TTL  time.Duration
	key  []byte
	now  func() time.Time

	mu   sync.Mutex
	used map[string]time.Time
}

// NewPoW returns a challenger of the difficulty (leading zero bits) on the clock now.
func NewPoW(difficulty int, ttl time.Duration, now func() time.Time) *PoW {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic("supervision: no randomness for the proof-of-work key: " + err.Error())
	}
	return &PoW{Bits: difficulty, TTL: ttl, key: key, now: now, used: map[string]time.Time{}}
}

// Challenge is what the client is asked to solve.
type Challenge struct {
	Challenge string `json:"challenge"`
	Bits      int    `json:"bits"`
	Expires   string `json:"expires"`
}

// Issue returns a new signed challenge.
func (p *PoW) Issue() Challenge {
	body := make([]byte, 8+16)
	exp := p.now().Add(p.TTL)
	binary.BigEndian.PutUint64(body, uint64(exp.Unix()))
	if _, err := rand.Read(body[8:]); err != nil {
		panic("supervision: no randomness for a challenge: " + err.Error())
	}
	enc := base64.RawURLEncoding.EncodeToString(body)
	return Challenge{Challenge: enc + "." + p.sign(enc), Bits: p.Bits, Expires: exp.UTC().Format(time.RFC3339)}
}

func (p *PoW) sign(s string) string {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// Verify checks a solution: the challenge is ours, unexpired and unused, and the nonce
// does the work. It answers EINVALID on the field "pow" otherwise.
func (p *PoW) Verify(challenge, nonce string) error {
	bad := func(msg string) error {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: zhifa.FieldErrors{"pow": msg}}
	}
	enc, sig, ok := strings.Cut(challenge, ".")
	if !ok || len(nonce) == 0 || len(nonce) > 64 || !hmac.Equal([]byte(sig), []byte(p.sign(enc))) {
		return bad("防刷验证未通过，请重新提交")
	}
	body, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || len(body) != 24 {
		return bad("防刷验证未通过，请重新提交")
	}
	now := p.now()
	exp := time.Unix(int64(binary.BigEndian.Uint64(body)), 0)
	if !now.Before(exp) {
		return bad("防刷验证已过期，请重新提交")
	}
	if LeadingZeroBits(sha256.Sum256([]byte(challenge+":"+nonce))) < p.Bits {
		return bad("防刷验证未通过，请重新提交")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for c, e := range p.used {
		if !now.Before(e) {
			delete(p.used, c)
		}
	}
	if _, seen := p.used[challenge]; seen {
		return bad("防刷验证已使用，请重新提交")
	}
	p.used[challenge] = exp
	return nil
}

// LeadingZeroBits counts the zero bits at the start of a digest.
func LeadingZeroBits(sum [32]byte) int {
	n := 0
	for _, b := range sum {
		if b != 0 {
			return n + bits.LeadingZeros8(b)
		}
		n += 8
	}
	return n
}

// Solve finds a nonce for a challenge of the difficulty (for tests and scripted intake;
// browsers run the same loop in JavaScript).
func Solve(challenge string, difficulty int) string {
	for i := 0; ; i++ {
		nonce := strconv.Itoa(i)
		if LeadingZeroBits(sha256.Sum256([]byte(challenge+":"+nonce))) >= difficulty {
			return nonce
		}
	}
}
