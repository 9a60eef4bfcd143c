package app

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// Hashes made ahead (issue 11): zhifa gen opens about four hundred accounts, all with
// the demo password, one after the other through CreateUser, and each hash is a
// production argon2id run (DefaultArgon2Params) that the hasher's slots run one at a
// time on this machine. A loader that knows how many accounts it will open names the
// password and the count (PreparePasswordHashes); the hashes are then made in the
// background on every core while the loader does its other work, and CreateUser takes
// one instead of hashing the password in turn. Each prepared hash has a salt of its own
// and the App's parameters, as any other.

// preparedHashes are hashes of one password made ahead.
type preparedHashes struct {
	mu       sync.Mutex
	password string
	left     int         // prepared hashes not yet taken
	ready    chan string // hashes as they are made; "" for one that failed
}

// PreparePasswordHashes starts hashing password n times in the background on every
// core, for the n accounts the caller is about to open with it (CreateUser, an
// administrator's act as always); CreateUser then takes one of them for that password
// instead of hashing it in turn. It replaces the hashes prepared before and not yet
// taken. It is for a loader of an empty store (the demo seeder, zhifa gen); n <= 0
// prepares none. The password must pass the policy, as CreateUser's must.
func (a *App) PreparePasswordHashes(ctx context.Context, password string, n int) error {
	if err := require(ActorFrom(ctx), PermManageUsers); err != nil {
		return err
	}
	if p := PasswordProblem(password, ""); p != "" {
		return fieldError("password", p)
	}
	a.passwords.prepare(password, min(n, maxPreparedHashes))
	return nil
}

// maxPreparedHashes bounds one preparation: a loader opens a few accounts an agency.
const maxPreparedHashes = 100_000

// prepare starts making n hashes of password (PreparePasswordHashes). The workers of
// an earlier preparation finish their hashes for whoever already waits on them.
func (h *passwordHasher) prepare(password string, n int) {
	p := &h.prepared
	p.mu.Lock()
	defer p.mu.Unlock()
	p.password, p.left, p.ready = "", 0, nil
	if n <= 0 {
		return
	}
	p.password, p.left, p.ready = password, n, make(chan string, n)
	jobs := make(chan struct{}, n)
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	ready := p.ready
	for range min(runtime.NumCPU(), n) {
		go func() {
			for range jobs {
				hash, _ := h.hash(password) // "" on failure: the taker hashes in turn
				ready <- hash
			}
		}()
	}
}

// takePrepared returns a prepared hash of password, waiting for it to be made, or ""
// when none is prepared for that password.
func (h *passwordHasher) takePrepared(ctx context.Context, password string) (string, error) {
	p := &h.prepared
	p.mu.Lock()
	if p.left == 0 || p.password != password {
		p.mu.Unlock()
		return "", nil
	}
	ready := p.ready
	if p.left--; p.left == 0 {
		p.password, p.ready = "", nil
	}
	p.mu.Unlock()
	select {
	case hash := <-ready:
		return hash, nil
	case <-ctx.Done():
		return "", fmt.Errorf("wait for password hashing: %w", ctx.Err())
	}
}
