package app

import (
	"net/netip"
	"sync"
	"time"
)

// Login throttling (等保 2.0 level 3, 登录失败处理). Failures are counted in memory, per
// process: a restart forgets them, and each server of a cluster counts its own. That is
// enough to turn guessing into a crawl without ever locking an account: an address that
// keeps failing waits longer and longer, and the owner logging in from another address
// is not slowed by it.
const (
	// pairFreeFailures failures of one login from one address may come without delay;
	// after the last of them the address waits before trying that login again.
	pairFreeFailures = 5
	// addressFreeFailures failures from one address (over all logins) may come without delay;
	// more than pairFreeFailures because an office behind NAT shares one address.
	addressFreeFailures = 20
	// throttleBaseDelay is the wait after the first failure beyond the free ones; each
	// further failure doubles it up to throttleMaxDelay.
	throttleBaseDelay = time.Second
	throttleMaxDelay  = 5 * time.Minute
	// throttleForget drops the failures of a key this long after its last one.
	throttleForget = time.Hour
	// throttleMaxKeys bounds the memory of the counters.
	throttleMaxKeys = 100_000
)

// throttleKey is an address (login "") or a login tried from an address.
type throttleKey struct{ login, addr string }

type failureCount struct {
	n    int
	last time.Time
}

// loginThrottle counts failed logins by address and by login and address.
type loginThrottle struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[throttleKey]*failureCount
}

func newLoginThrottle(now func() time.Time) *loginThrottle {
	return &loginThrottle{now: now, m: map[throttleKey]*failureCount{}}
}

// throttleKeys are the counters a login attempt of login from addr touches.
func throttleKeys(login, ip string) [2]throttleKey {
	addr := throttleAddr(ip)
	return [2]throttleKey{{addr: addr}, {login: login, addr: addr}}
}

// throttleAddr groups IPv6 addresses by /64, the block one subscriber usually holds.
func throttleAddr(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// delayAfter is the wait imposed after n failures when the first free-1 of them pass
// without one: the free-th failure imposes throttleBaseDelay, each further one doubles it.
func delayAfter(n, free int) time.Duration {
	if n < free {
		return 0
	}
	d := throttleBaseDelay
	for i := free; i < n && d < throttleMaxDelay; i++ {
		d *= 2
	}
	return min(d, throttleMaxDelay)
}

func freeFailures(k throttleKey) int {
	if k.login == "" {
		return addressFreeFailures
	}
	return pairFreeFailures
}

// wait returns how long an attempt of login from ip must still wait; 0 lets it through.
func (t *loginThrottle) wait(login, ip string) time.Duration {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	var wait time.Duration
	for _, k := range throttleKeys(login, ip) {
		if c := t.m[k]; c != nil {
			wait = max(wait, c.last.Add(delayAfter(c.n, freeFailures(k))).Sub(now))
		}
	}
	return wait
}

// fail counts a failed attempt of login from ip.
func (t *loginThrottle) fail(login, ip string) {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.m) >= throttleMaxKeys {
		t.sweep(now)
	}
	for _, k := range throttleKeys(login, ip) {
		c := t.m[k]
		if c == nil || now.Sub(c.last) > throttleForget {
			c = &failureCount{}
			t.m[k] = c
		}
		c.n++
		c.last = now
	}
}

// succeed clears the failures of login from ip. The address's own count stays: one good
// account must not reset the guessing budget of its address.
func (t *loginThrottle) succeed(login, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, throttleKeys(login, ip)[1])
}

// sweep drops forgotten counters; if the map is still full (a flood of addresses), it
// drops counters at random until half is free, trading some precision for bounded memory.
func (t *loginThrottle) sweep(now time.Time) {
	for k, c := range t.m {
		if now.Sub(c.last) > throttleForget {
			delete(t.m, k)
		}
	}
	for k := range t.m {
		if len(t.m) < throttleMaxKeys/2 {
			break
		}
		delete(t.m, k)
	}
}
