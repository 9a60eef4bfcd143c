// Package supervision is the supervision bounded context (执法监督, issue 14): complaints
// and reports from the public (投诉举报, REQUIREMENTS F5) with their routing, clocks and
// replies, and the outcomes of reconsideration and litigation against decisions with the
// correction rate (纠错率, F7, I3). It builds on the shared kernel only.
package supervision

import (
	"context"
	"fmt"
	"sync"
	"time"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
	"zhifa/ledger"
)

// Limits of the public intake.
const (
	// MaxFiles and MaxFileSize bound the attachments of one complaint.
	MaxFiles    = 5
	MaxFileSize = 10 << 20
	// SubmitsPerWindow complaints per client address in SubmitWindow; LookupsPerWindow
	// tracking queries (the code guessing a stranger would try) in the same window.
	SubmitsPerWindow = 5
	LookupsPerWindow = 30
	SubmitWindow     = time.Hour
	// PoWBits is the default difficulty: about 260,000 SHA-256 evaluations, a second or
	// two in a browser.
	PoWBits = 18
	// PoWTTL is how long a challenge may be solved and submitted.
	PoWTTL = 30 * time.Minute
)

// BlobSource is implemented by a kernel that stores files (the App): complaint
// attachments go to the same evidence store.
type BlobSource interface {
	Blobs() blob.Store
}

// Service holds the use cases of the context.
type Service struct {
	k       kernel.Kernel
	blobs   blob.Store
	submits *RateLimiter
	lookups *RateLimiter
	pow     *PoW
	rates   rateCache
	// corrected are told, in the outcome's transaction, of a decision an outcome corrects
	// (OnCorrected).
	corrected []func(ctx context.Context, tx zhifa.Tx, caseID int64, reason string) error
	// warnings are the analytic warnings a problem may be raised from (WarningsFrom).
	warnings WarningSource
}

// OnCorrected registers fn to run in the transaction that records an outcome revoking,
// changing, or declaring illegal or void a case's decision, with the reason to publish
// (app wires the publicity context's withdrawal, 行政处罚法第四十八条第二款).
func (s *Service) OnCorrected(fn func(ctx context.Context, tx zhifa.Tx, caseID int64, reason string) error) {
	s.corrected = append(s.corrected, fn)
}

// New returns the context's service over the kernel.
func New(k kernel.Kernel) *Service {
	s := &Service{k: k,
		submits: NewRateLimiter(SubmitsPerWindow, SubmitWindow, k.Now),
		lookups: NewRateLimiter(LookupsPerWindow, SubmitWindow, k.Now),
		pow:     NewPoW(PoWBits, PoWTTL, k.Now)}
	if b, ok := k.(BlobSource); ok {
		s.blobs = b.Blobs()
	}
	// An outcome correcting a decision opens a fault review in its transaction (F3).
	s.OnCorrected(s.openFaultOnCorrection)
	return s
}

// SetAbuseControl replaces the rate limits and the proof-of-work difficulty (tests, and a
// deployment that tunes them).
func (s *Service) SetAbuseControl(submits, lookups *RateLimiter, pow *PoW) {
	s.submits, s.lookups, s.pow = submits, lookups, pow
}

// Stages is empty: the context does not hook case steps (a corrected decision is marked
// by RecordOutcome, not by a step).
func (s *Service) Stages() []kernel.Stage { return nil }

// mayHandle reports whether the actor works on complaints of the agency: officers and
// heads of an enforcement agency, supervisors of the justice bureau — each in their own
// agency only.
func mayHandle(actor *kernel.Actor, agencyID int64) bool {
	if !actor.LoggedIn() || actor.AgencyID != agencyID {
		return false
	}
	return actor.Can(kernel.PermHandleCases) || actor.Role == zhifa.RoleSupervisor
}

// mayRead reports whether the actor may read complaints of an agency at path: handlers
// of that agency and supervisors (and heads) whose scope covers it.
func mayRead(actor *kernel.Actor, agencyID int64, path string) bool {
	if mayHandle(actor, agencyID) {
		return true
	}
	return actor.Can(kernel.PermSupervise) && actor.InScope(path)
}

// requireStaff answers the public with EUNAUTHORIZED and users who neither handle nor
// supervise with EFORBIDDEN.
func requireStaff(actor *kernel.Actor) error {
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return err
	}
	if actor.Can(kernel.PermHandleCases) || actor.Can(kernel.PermSupervise) {
		return nil
	}
	return zhifa.Forbidden()
}

// entry appends a ledger entry about the context: IDs and kinds only, never content.
func (s *Service) entry(ctx context.Context, tx zhifa.Tx, kind string, meta map[string]string) error {
	return s.entryWithFiles(ctx, tx, kind, meta, nil)
}

// entryWithFiles appends an entry that names the attachments it records, so that zhifa
// verify rehashes them (its evidence kinds list the entry's kind).
func (s *Service) entryWithFiles(ctx context.Context, tx zhifa.Tx, kind string, meta map[string]string, files []kernel.StoredFile) error {
	hashes, err := kernel.FileHashes(files)
	if err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	_, err = s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: kind, Meta: meta, Hashes: hashes})
	return err
}

// RateCacheTTL is how long a correction-rate table is reused: the table counts a whole
// year's decisions, and the dashboard of every supervisor shows it. Recording an outcome
// clears the cache.
const RateCacheTTL = 5 * time.Minute

// rateCache keeps the correction-rate tables by scope and year.
type rateCache struct {
	mu      sync.Mutex
	entries map[string]rateEntry
}

type rateEntry struct {
	rates *Rates
	until time.Time
}

func (c *rateCache) get(key string, now time.Time) *Rates {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok && now.Before(e.until) {
		return e.rates
	}
	return nil
}

func (c *rateCache) put(key string, r *Rates, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) > 1000 {
		c.entries = map[string]rateEntry{}
	}
	c.entries[key] = rateEntry{r, until}
}

func (c *rateCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = nil
}
