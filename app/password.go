package app

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id costs of new password hashes. A stored hash carries its
// own parameters (PHC format), so changing them only affects passwords set afterwards.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultArgon2Params are the production costs: the OWASP minimum for argon2id
// (19 MiB, 2 passes, 1 lane).
func DefaultArgon2Params() Argon2Params {
	return Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1}
}

// argonKeyLen is the length of the derived key, in bytes.
const argonKeyLen = 32

// valid reports whether p can hash at all (zero costs cannot).
func (p Argon2Params) valid() bool { return p.Memory >= 8 && p.Time >= 1 && p.Threads >= 1 }

// passwordHasher hashes new passwords with the App's parameters. The dummy hash, checked
// when a login is unknown, is made on first use with the same parameters, so an unknown
// login costs as much as a known one and nothing is computed at package load.
type passwordHasher struct {
	params Argon2Params
	// slots bounds the argon2 runs at once to half the cores (at least one): each takes
	// Memory KiB and a core, so a flood of logins queues here and leaves the other half
	// of the machine to every other request.
	slots     chan struct{}
	dummyOnce sync.Once
	dummy     string
	// checks counts password checks, so a test can show that every failed login does the
	// same work (one argon2 run with the same costs) without timing it.
	checks atomic.Int64
	// prepared are hashes made ahead for a loader (password_prepared.go).
	prepared preparedHashes
}

func newPasswordHasher(p Argon2Params) *passwordHasher {
	return &passwordHasher{params: p, slots: make(chan struct{}, max(1, runtime.NumCPU()/2))}
}

// acquire takes a hashing slot; release gives it back.
func (h *passwordHasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for password hashing: %w", ctx.Err())
	}
}

func (h *passwordHasher) release() { <-h.slots }

// hashNew hashes a new password, waiting for a slot.
func (h *passwordHasher) hashNew(ctx context.Context, password string) (string, error) {
	if hash, err := h.takePrepared(ctx, password); err != nil || hash != "" {
		return hash, err
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return h.hash(password)
}

// check reports whether password matches hash, waiting for a slot. An empty hash is
// checked against the dummy hash, so that it costs the same and never matches.
func (h *passwordHasher) check(ctx context.Context, hash, password string) (bool, error) {
	known := hash != ""
	if !known {
		hash = h.dummyHash()
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	h.checks.Add(1)
	return checkPassword(hash, password) && known, nil
}

// hash returns the PHC-format argon2id hash of password.
func (h *passwordHasher) hash(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	p := h.params
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// dummyHash is a hash no password is known to match.
func (h *passwordHasher) dummyHash() string {
	h.dummyOnce.Do(func() {
		raw := make([]byte, 24)
		_, _ = rand.Read(raw) // crypto/rand.Read does not fail (Go 1.24)
		h.dummy, _ = h.hash(base64.RawStdEncoding.EncodeToString(raw))
	})
	return h.dummy
}

// checkPassword reports whether password matches the PHC-format hash.
func checkPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 16 || p == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
