package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"zhifa"
	"zhifa/ledger"
	"zhifa/sqlstore"
)

// verifyBatch is the number of entries read at once: large pages by index, so that
// the per-query and per-transaction costs vanish beside the rows (issue #11).
const verifyBatch = 4096

// progressMin is the number of entries from which a terminal gets a progress bar.
const progressMin = 20000

// ledgerSource is a ledger as zhifa verify reads it: from the database, or from a
// server's public endpoints.
type ledgerSource interface {
	// checkpoints returns every checkpoint the source knows, in the order issued.
	checkpoints(ctx context.Context) ([]*zhifa.LedgerCheckpoint, error)
	// sizes returns the number of entries appended and the number covered by stored
	// hashes (the integrated size).
	sizes(ctx context.Context) (appended, integrated int64, err error)
	// entries returns the entries with from <= index < to that exist, by index.
	entries(ctx context.Context, from, to int64) ([]*zhifa.LedgerEntry, error)
	// hashes reads the stored hashes of each tree.
	hashes() (sha, sm ledger.HashReader)
	// describe names the source for the report.
	describe() string
}

// openingSource is a ledgerSource that also holds the openings of committed entry
// fields (the database; a server does not publish them).
type openingSource interface {
	// entriesAndOpenings is entries with the openings of the entries read, from the
	// same snapshot.
	entriesAndOpenings(ctx context.Context, from, to int64) ([]*zhifa.LedgerEntry, []*zhifa.LedgerOpening, error)
}

// verifyOptions are the checks of verifyLedger beyond recomputing the trees.
type verifyOptions struct {
	// keys are the verifier keys (Ed25519, and SM2 if given) every checkpoint must be
	// signed with.
	keys []string
	// extra are checkpoints kept by the user (signed notes), checked like the log's own.
	extra [][]byte
	// checkEntry, if set, checks each entry's evidence: evidence storage plugs in here
	// to rehash every blob an entry names against its digests (e.Hashes). An error is
	// reported as a divergence of that entry (ledger.WhatEvidence).
	checkEntry func(index int64, e *ledger.Entry) error
	// progress, if set, receives a progress bar.
	progress io.Writer
}

// verifyReport is what a successful verification found.
type verifyReport struct {
	origin      string
	checkpoints int
	latest      ledger.Checkpoint
	latestAt    time.Time
	entries     int64 // entries read
	opened      int64 // committed fields whose stored value and salt were rechecked
	// openings is false when the source holds no openings (a server), so commitments
	// were not rechecked.
	openings   bool
	integrated int64 // entries recomputed into the trees and compared with the stored hashes
	uncovered  int64 // entries after the latest checkpoint, checked for form only
	pending    int64 // entries committed but not yet sequenced (PostgreSQL), checked for form
}

// pendingSource is a ledgerSource that also holds entries committed but not yet
// sequenced (the database on PostgreSQL, issue 11): part of the record, so checked too.
type pendingSource interface {
	pending(ctx context.Context) ([]*zhifa.LedgerEntry, error)
}

// verifyLedger recomputes both trees from all entries of src and checks every checkpoint
// (signature, and roots at its size), every stored hash and, with opts.checkEntry, the
// evidence. It returns the first problem: a *ledger.Divergence for the entries, or an
// error naming the checkpoint whose signature fails.
func verifyLedger(ctx context.Context, src ledgerSource, opts verifyOptions) (*verifyReport, error) {
	rep := &verifyReport{}
	rows, err := src.checkpoints(ctx)
	if err != nil {
		return nil, err
	}
	var cps []ledger.Checkpoint
	check := func(what string, note []byte, rowSize int64) error {
		c, err := ledger.VerifyCheckpoint(note, opts.keys...)
		if err != nil {
			return fmt.Errorf("%s: signature does not verify: %v", what, err)
		}
		if rowSize >= 0 && c.Size != rowSize {
			return fmt.Errorf("%s: the signed size is %d but the row says %d", what, c.Size, rowSize)
		}
		if rep.origin == "" {
			rep.origin = c.Origin
		}
		cps = append(cps, c)
		return nil
	}
	for _, r := range rows {
		what := fmt.Sprintf("checkpoint %d (size %d, %s)", r.ID, r.Size, r.CreatedAt.In(zhifa.CST).Format(time.DateTime))
		if r.ID == 0 {
			what = fmt.Sprintf("checkpoint of size %d", r.Size)
		}
		if err := check(what, r.Note, r.Size); err != nil {
			return nil, err
		}
		if c := cps[len(cps)-1]; c.Size >= rep.latest.Size {
			rep.latest, rep.latestAt = c, r.CreatedAt
		}
	}
	for i, note := range opts.extra {
		if err := check(fmt.Sprintf("kept checkpoint %d", i+1), note, -1); err != nil {
			return nil, err
		}
	}
	rep.checkpoints = len(cps)

	// Pending entries first: one the sequencer places meanwhile is then read twice,
	// never missed.
	if ps, ok := src.(pendingSource); ok {
		if rep.pending, err = checkPending(ctx, ps, opts.checkEntry); err != nil {
			return nil, err
		}
	}
	appended, integrated, err := src.sizes(ctx)
	if err != nil {
		return nil, err
	}
	sha, sm := src.hashes()
	// Each entry's commitments are rechecked against the openings read with its batch.
	var current []ledger.Opening
	_, rep.openings = src.(openingSource)
	checkEntry := func(index int64, e *ledger.Entry) error {
		if rep.openings {
			if err := ledger.CheckOpenings(e, current); err != nil {
				return err
			}
			rep.opened += int64(len(current))
		}
		if opts.checkEntry != nil {
			return opts.checkEntry(index, e)
		}
		return nil
	}
	auditor := ledger.NewAuditor(ledger.AuditOptions{Checkpoints: cps, StoredSHA256: sha, StoredSM3: sm, CheckEntry: checkEntry})
	total := max(appended, integrated)
	var bar *progressbar.ProgressBar
	if opts.progress != nil {
		bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(opts.progress),
			progressbar.OptionSetDescription("核验账本 verifying"), progressbar.OptionShowCount(), progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("entries"), progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(opts.progress) }))
		defer bar.Exit()
	}
	// Entries up to the integrated size are audited in full; those appended since have
	// no stored hashes or checkpoint yet and are checked for form (and evidence) only.
	batches, stop := prefetchEntries(ctx, src)
	defer stop()
	next := int64(0)
	for {
		batch, ok := <-batches
		if !ok { // the reading stopped: ctx is done
			return nil, cmp.Or(ctx.Err(), errors.New("reading the entries stopped"))
		}
		list, err := batch.list, batch.err
		if err != nil {
			return nil, err
		}
		if len(list) == 0 {
			break
		}
		for k, e := range list {
			current = batch.openings[e.Index]
			if e.Index != next {
				return nil, &ledger.Divergence{Index: next, What: ledger.WhatMissing,
					Detail: fmt.Sprintf("there is no entry %d: the next one stored is entry %d (deleted or renumbered rows)", next, e.Index)}
			}
			if next < integrated {
				if err := auditor.AddLeaf(ctx, batch.leaves[k]); err != nil {
					return nil, err
				}
			} else if err := checkForm(next, batch.leaves[k], checkEntry); err != nil {
				return nil, err
			}
			next++
		}
		if bar != nil {
			bar.Add64(int64(len(list)))
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	rep.entries, rep.integrated = next, auditor.Size()
	head, err := auditor.Finish(ctx)
	if err != nil {
		return nil, err
	}
	if next < total {
		return nil, &ledger.Divergence{Index: next, What: ledger.WhatMissing,
			Detail: fmt.Sprintf("the log ends at entry %d, but %d entries were appended", next, total)}
	}
	if bar != nil {
		bar.Finish()
	}
	if integrated > 0 && head.Size != integrated {
		return nil, fmt.Errorf("recomputed tree has %d entries, the integrated size is %d", head.Size, integrated)
	}
	rep.uncovered = next - rep.latest.Size
	return rep, nil
}

// checkPending checks the form (and, with checkEntry, the evidence) of the entries
// committed but not yet sequenced, and returns how many there are. A damaged one is
// reported under its negative arrival number.
func checkPending(ctx context.Context, src pendingSource, checkEntry func(int64, *ledger.Entry) error) (int64, error) {
	list, err := src.pending(ctx)
	if err != nil {
		return 0, err
	}
	for i, leaf := range prepareLeaves(list) {
		if err := checkForm(list[i].Index, leaf, checkEntry); err != nil {
			return 0, err
		}
	}
	return int64(len(list)), nil
}

// entryBatch is one batch of entries read, or the error of reading it.
type entryBatch struct {
	list     []*zhifa.LedgerEntry
	leaves   []ledger.Leaf              // list's entries parsed and leaf-hashed
	openings map[int64][]ledger.Opening // by entry index, if the source holds them
	err      error
}

// prefetchEntries reads the entries of src in batches of verifyBatch, from entry 0 on,
// and prepares their leaves (ledger.PrepareLeaf), each stage on a goroutine of its own
// one batch ahead of the next, so that reading, parsing and hashing overlap the audit,
// which must go in order (issue #11). The last batch sent is empty or holds the error.
// stop ends the reading and waits for it.
func prefetchEntries(ctx context.Context, src ledgerSource) (batches <-chan entryBatch, stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	read := make(chan entryBatch, 1)
	go func() {
		defer close(read)
		from := int64(0)
		for {
			var list []*zhifa.LedgerEntry
			var openings map[int64][]ledger.Opening
			var err error
			if os, ok := src.(openingSource); ok {
				var stored []*zhifa.LedgerOpening
				list, stored, err = os.entriesAndOpenings(ctx, from, from+verifyBatch)
				openings = byEntry(stored)
			} else {
				list, err = src.entries(ctx, from, from+verifyBatch)
			}
			select {
			case read <- entryBatch{list: list, openings: openings, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil || len(list) == 0 {
				return
			}
			from = list[len(list)-1].Index + 1
		}
	}()
	prepared := make(chan entryBatch, 1)
	go func() {
		defer close(prepared)
		for b := range read {
			b.leaves = prepareLeaves(b.list)
			select {
			case prepared <- b:
			case <-ctx.Done():
				for range read {
				}
				return
			}
		}
	}()
	return prepared, func() {
		cancel()
		for range prepared {
		}
	}
}

// prepareLeaves parses and leaf-hashes the entries of list on every core, each worker
// taking a contiguous share, into a slice in list's order: the fan-in is ordered by
// position, so the auditor sees the leaves exactly as if prepared one by one.
func prepareLeaves(list []*zhifa.LedgerEntry) []ledger.Leaf {
	leaves := make([]ledger.Leaf, len(list))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(list)/minShare))
	share := (len(list) + workers - 1) / max(workers, 1)
	var wg sync.WaitGroup
	for lo := 0; lo < len(list); lo += share {
		hi := min(lo+share, len(list))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				leaves[i] = ledger.PrepareLeaf(list[i].Data)
			}
		}()
	}
	wg.Wait()
	return leaves
}

// minShare is the fewest entries worth a goroutine of prepareLeaves.
const minShare = 256

// byEntry groups openings by entry index.
func byEntry(list []*zhifa.LedgerOpening) map[int64][]ledger.Opening {
	out := map[int64][]ledger.Opening{}
	for _, o := range list {
		out[o.Index] = append(out[o.Index], ledger.Opening{Field: o.Field, Salt: o.Salt, Value: o.Value})
	}
	return out
}

// checkForm checks an entry not yet integrated, prepared as leaf: canonical, its
// commitments and its evidence.
func checkForm(index int64, leaf ledger.Leaf, checkEntry func(int64, *ledger.Entry) error) error {
	if leaf.ParseErr != nil {
		return &ledger.Divergence{Index: index, What: ledger.WhatEntry, Err: leaf.ParseErr}
	}
	if checkEntry != nil {
		if err := checkEntry(index, leaf.Entry); err != nil {
			return &ledger.Divergence{Index: index, What: ledger.CheckEntryWhat(err), Err: err}
		}
	}
	return nil
}

// explain turns a divergence into the one-line report of zhifa verify: the entry index,
// what differs, and what that means.
func explain(err error) error {
	var d *ledger.Divergence
	if !errors.As(err, &d) {
		return err
	}
	var msg string
	switch d.What {
	case ledger.WhatEntry:
		msg = fmt.Sprintf("entry %d has been altered: it is not a valid canonical entry", d.Index)
	case ledger.WhatStoredHash:
		msg = fmt.Sprintf("entry %d differs from the entry that was integrated into the tree (changed, replaced or moved)", d.Index)
	case ledger.WhatRoot:
		msg = fmt.Sprintf("the entries no longer reproduce a signed checkpoint: entries 0..%d match the checkpoints, a change lies at or after entry %d", d.Index-1, d.Index)
		if d.Index == 0 {
			msg = "the entries no longer reproduce a signed checkpoint: a change lies at or after entry 0"
		}
	case ledger.WhatMissing:
		msg = fmt.Sprintf("entry %d is missing", d.Index)
	case ledger.WhatEvidence:
		msg = fmt.Sprintf("the evidence of entry %d does not match its digests", d.Index)
	case ledger.WhatCommitment:
		msg = fmt.Sprintf("the stored plaintext of entry %d does not match its commitments (a business value or its salt was altered or removed)", d.Index)
	default:
		msg = fmt.Sprintf("entry %d: %s", d.Index, d.What)
	}
	if d.Detail != "" {
		msg += " (" + d.Detail + ")"
	}
	if d.Err != nil {
		msg += ": " + d.Err.Error()
	}
	return fmt.Errorf("ledger diverges: %s", msg)
}

// ---- sources ----

// storeSource reads the ledger from the database, in read-only transactions.
type storeSource struct {
	db   zhifa.Store
	name string
}

func (s *storeSource) describe() string { return s.name }

func (s *storeSource) checkpoints(ctx context.Context) ([]*zhifa.LedgerCheckpoint, error) {
	var out []*zhifa.LedgerCheckpoint
	var after int64
	for {
		var page []*zhifa.LedgerCheckpoint
		err := s.db.View(ctx, func(tx zhifa.Tx) error {
			var err error
			page, err = tx.Checkpoints(ctx, after, 5000)
			return err
		})
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			return out, nil
		}
		out = append(out, page...)
		after = page[len(page)-1].ID
	}
}

func (s *storeSource) sizes(ctx context.Context) (appended, integrated int64, err error) {
	err = s.db.View(ctx, func(tx zhifa.Tx) error {
		if appended, err = tx.LedgerSize(ctx); err != nil {
			return err
		}
		integrated, err = tx.LedgerIntegrated(ctx, false)
		return err
	})
	return appended, integrated, err
}

func (s *storeSource) pending(ctx context.Context) ([]*zhifa.LedgerEntry, error) {
	var list []*zhifa.LedgerEntry
	err := s.db.View(ctx, func(tx zhifa.Tx) error {
		var err error
		list, err = tx.PendingLedgerEntries(ctx)
		return err
	})
	return list, err
}

func (s *storeSource) entries(ctx context.Context, from, to int64) ([]*zhifa.LedgerEntry, error) {
	var list []*zhifa.LedgerEntry
	err := s.db.View(ctx, func(tx zhifa.Tx) error {
		var err error
		list, err = tx.LedgerEntries(ctx, from, to)
		return err
	})
	return list, err
}

func (s *storeSource) entriesAndOpenings(ctx context.Context, from, to int64) ([]*zhifa.LedgerEntry, []*zhifa.LedgerOpening, error) {
	var list []*zhifa.LedgerEntry
	var openings []*zhifa.LedgerOpening
	err := s.db.View(ctx, func(tx zhifa.Tx) error {
		var err error
		if list, err = tx.LedgerEntries(ctx, from, to); err != nil || len(list) == 0 {
			return err
		}
		openings, err = tx.LedgerOpenings(ctx, from, list[len(list)-1].Index+1)
		return err
	})
	return list, openings, err
}

func (s *storeSource) hashes() (sha, sm ledger.HashReader) {
	// One row holds both trees' hashes of an index, and the auditor reads the same
	// indexes of each tree in turn: the rows read for one tree serve the other.
	var last struct {
		indexes []int64
		hashes  [2][][32]byte // by tree
	}
	read := func(alg ledger.Algorithm) ledger.HashReader {
		return ledger.HashReaderFunc(func(ctx context.Context, indexes []int64) ([]ledger.Hash, error) {
			if !slices.Equal(indexes, last.indexes) {
				var a, b [][32]byte
				err := s.db.View(ctx, func(tx zhifa.Tx) error {
					var err error
					a, b, err = tx.ReadLedgerHashes(ctx, indexes)
					return err
				})
				if err != nil {
					return nil, err
				}
				last.indexes, last.hashes = slices.Clone(indexes), [2][][32]byte{a, b}
			}
			h := last.hashes[0]
			if alg == ledger.SM3 {
				h = last.hashes[1]
			}
			out := make([]ledger.Hash, len(h))
			for i := range h {
				out[i] = h[i]
			}
			return out, nil
		})
	}
	return read(ledger.SHA256), read(ledger.SM3)
}

// serverSource reads the ledger through a server's public endpoints: the latest
// checkpoint, entry bundles and hash tiles (C2SP tlog-tiles).
type serverSource struct {
	base   string
	token  string // API bearer token: entry bundles are served to staff only
	client *http.Client
	latest []byte // the signed checkpoint
	size   int64
	tiles  map[string][]byte
}

func (s *serverSource) describe() string { return s.base }

func (s *serverSource) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+path, nil)
	if err != nil {
		return nil, err
	}
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return nil, fmt.Errorf("GET %s: %s: entry bundles are served to staff whose scope covers every entry; pass --token (or ZHIFA_TOKEN) with an API token of such an account", path, resp.Status)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return b, nil
}

func (s *serverSource) checkpoints(ctx context.Context) ([]*zhifa.LedgerCheckpoint, error) {
	b, err := s.get(ctx, "/ledger/checkpoint")
	if err != nil {
		return nil, err
	}
	c, err := ledger.ParseCheckpoint(noteText(b))
	if err != nil {
		return nil, fmt.Errorf("the server's checkpoint: %w", err)
	}
	s.latest, s.size = b, c.Size
	return []*zhifa.LedgerCheckpoint{{Size: c.Size, Note: b}}, nil
}

// noteText is the body of a signed note, up to the blank line before the signatures.
func noteText(signed []byte) []byte {
	if i := strings.Index(string(signed), "\n\n"); i >= 0 {
		return signed[:i+1]
	}
	return signed
}

// sizes: a server publishes only what its latest checkpoint covers.
func (s *serverSource) sizes(context.Context) (int64, int64, error) { return s.size, s.size, nil }

func (s *serverSource) entries(ctx context.Context, from, to int64) ([]*zhifa.LedgerEntry, error) {
	to = min(to, s.size)
	var out []*zhifa.LedgerEntry
	for n := from / ledger.TileWidth; n*ledger.TileWidth < to; n++ {
		w := min(s.size-n*ledger.TileWidth, ledger.TileWidth)
		b, err := s.get(ctx, "/ledger/"+ledger.Tile{L: ledger.EntriesLevel, N: n, W: int(w)}.Path())
		if err != nil {
			return nil, err
		}
		list, err := ledger.ParseEntryBundle(b)
		if err != nil {
			return nil, fmt.Errorf("entry bundle %d: %w", n, err)
		}
		if int64(len(list)) != w {
			return nil, &ledger.Divergence{Index: n*ledger.TileWidth + int64(len(list)), What: ledger.WhatMissing,
				Detail: fmt.Sprintf("entry bundle %d holds %d entries, want %d", n, len(list), w)}
		}
		for i, data := range list {
			if idx := n*ledger.TileWidth + int64(i); idx >= from && idx < to {
				out = append(out, &zhifa.LedgerEntry{Index: idx, Data: data})
			}
		}
	}
	return out, nil
}

// hashes reads stored hashes from the hash tiles: a hash at tree level 8L+k is the
// root of 2^k consecutive hashes of the level-L tile.
func (s *serverSource) hashes() (sha, sm ledger.HashReader) {
	read := func(alg ledger.Algorithm) ledger.HashReader {
		return ledger.HashReaderFunc(func(ctx context.Context, indexes []int64) ([]ledger.Hash, error) {
			out := make([]ledger.Hash, len(indexes))
			for i, idx := range indexes {
				level, n := ledger.SplitStoredHashIndex(idx)
				L, k := level/ledger.TileHeight, level%ledger.TileHeight
				first := n << k // first hash at level 8L
				tn := first / ledger.TileWidth
				avail := s.size >> (ledger.TileHeight * L)
				w := min(avail-tn*ledger.TileWidth, ledger.TileWidth)
				if w <= 0 || (first%ledger.TileWidth)+(1<<k) > w {
					return nil, fmt.Errorf("stored hash %d is not in the tree of size %d", idx, s.size)
				}
				data, err := s.tile(ctx, ledger.Tile{Tree: alg, L: L, N: tn, W: int(w)})
				if err != nil {
					return nil, err
				}
				off := int(first % ledger.TileWidth)
				hs := make([]ledger.Hash, 1<<k)
				for j := range hs {
					hs[j] = ledger.Hash(data[(off+j)*ledger.HashSize:])
				}
				for len(hs) > 1 {
					for j := 0; j < len(hs)/2; j++ {
						hs[j] = alg.NodeHash(hs[2*j], hs[2*j+1])
					}
					hs = hs[:len(hs)/2]
				}
				out[i] = hs[0]
			}
			return out, nil
		})
	}
	return read(ledger.SHA256), read(ledger.SM3)
}

func (s *serverSource) tile(ctx context.Context, t ledger.Tile) ([]byte, error) {
	path := t.Path()
	if b, ok := s.tiles[path]; ok {
		return b, nil
	}
	b, err := s.get(ctx, "/ledger/"+path)
	if err != nil {
		return nil, err
	}
	if len(b) != t.W*ledger.HashSize {
		return nil, fmt.Errorf("tile %s has %d bytes, want %d", path, len(b), t.W*ledger.HashSize)
	}
	if len(s.tiles) > 4096 {
		clear(s.tiles)
	}
	s.tiles[path] = b
	return b, nil
}

// ---- the command ----

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// cmdVerify checks the ledger: of the data directory's database, of a PostgreSQL
// database, or of a server.
func cmdVerify(ctx context.Context, e *env, args []string) error {
	var f storeFlags
	var blobs blobFlags
	var server, caseFile, token, pdfFile, sealCA string
	var keys, keyFiles, kept multiFlag
	var progress bool
	fs := newFlagSet(e, "verify", "[--data DIR | --db URL | --server URL] [--blobs DIR | --s3 URL] [--key VKEY]... [--checkpoint FILE]... [--progress]\n"+
		"       zhifa verify --casefile FILE [--key VKEY | --key-file F]...\n"+
		"       zhifa verify --pdf FILE [--seal-ca CERT] [--data DIR | --db URL]",
		"Verifies the tamper-evident ledger: recomputes the SHA-256 and SM3 trees from every entry,\n"+
			"checks every checkpoint ever issued (its signature, and that the recomputed trees reproduce\n"+
			"its roots at its size), every stored hash, and the form of every entry. Exits 0 only when\n"+
			"all holds; otherwise prints the first divergence — the entry's index and what differs — and\n"+
			"exits 1. For a database it also rehashes every evidence file an entry names (in DATA/blobs,\n"+
			"--blobs or --s3) with SHA-256 and SM3 and reports a file missing or replaced; files no entry\n"+
			"names (left by failed uploads) are only counted. It rechecks every committed entry field\n"+
			"against its stored value and salt, and the audit log against its hash chain and the chain's\n"+
			"signed heads, naming an audit row inserted, altered or removed. Nothing is written.\n"+
			"With --server, it reads the server's latest checkpoint, entry bundles and hash tiles\n"+
			"over HTTP; bundles need --token of a staff account whose scope covers their entries. The verifier key defaults to the one of DIR/keys/ledger.key (or ZHIFA_LEDGER_KEY);\n"+
			"for a server, to the server's own /ledger/key, which only an independent --key makes a\n"+
			"real check. 核验防篡改账本：重算两棵默克尔树，核对全部检查点与存储哈希，报告第一处不一致。\n\n"+
			"With --casefile, it checks an exported case file (案卷 ZIP) offline instead: the checkpoint's\n"+
			"signature, every entry's inclusion proof in both trees, the seal over the manifest, every\n"+
			"file's SHA-256 and SM3 against its entry and the manifest against the entries. Pin the key\n"+
			"with --key or --key-file (obtained independently, e.g. from the portal's /ledger/key);\n"+
			"without one the key inside the file is used, and the report says so.\n\n"+
			"With --pdf, it checks an issued document's PDF: the electronic seal's signature over the\n"+
			"whole file, its certificate against the seal CA (--seal-ca, default DATA/keys/seal-ca.pem),\n"+
			"the seal register's revocations, and that the ledger recorded this very file when the\n"+
			"document was issued. 核验文书 PDF 的电子签章。")
	f.register(fs, e)
	blobs.register(fs, e)
	fs.StringVar(&server, "server", "", "verify the server at `URL` (e.g. https://zhifa.example.gov.cn) through its public ledger endpoints\n核验服务器的公开账本接口")
	fs.StringVar(&token, "token", e.getenv("ZHIFA_TOKEN"), "with --server, the API bearer `TOKEN` (POST /api/v1/login) of a staff account that may read every entry bundle\n读取账本条目包所用的接口令牌")
	fs.Var(&keys, "key", "verifier `KEY` (note form) or a file holding one; repeat for an SM2 key as well. Every checkpoint must carry a valid signature of each\n检查点验证公钥（可重复）")
	fs.StringVar(&caseFile, "casefile", "", "verify the exported case file `FILE` (ZIP) offline\n核验导出的案卷文件")
	fs.Var(&keyFiles, "key-file", "`FILE` holding a verifier key (as --key; repeatable)\n验证公钥文件")
	fs.Var(&kept, "checkpoint", "`FILE` with a checkpoint kept earlier (signed note); it must be consistent with the log (repeatable)\n之前保存的检查点文件（可重复）")
	fs.StringVar(&pdfFile, "pdf", "", "verify the electronic seal of the issued document's PDF `FILE`\n核验文书 PDF 的电子签章")
	fs.StringVar(&sealCA, "seal-ca", "", "with --pdf, the seal CA's certificate `FILE` (PEM, from the portal's /seals page); default DATA/keys/seal-ca.pem\n电子印章证书机构的证书")
	fs.BoolVar(&progress, "progress", isTerminal(e.stderr), "show a progress bar on stderr (default: when stderr is a terminal and the log is long)\n显示进度条")
	if err := fs.parse(args); err != nil {
		return err
	}
	if caseFile != "" {
		return verifyCaseFile(e, fs, caseFile, keys, keyFiles)
	}
	if pdfFile != "" {
		return verifyPDF(ctx, e, fs, &f, pdfFile, sealCA)
	}
	if len(keyFiles) > 0 {
		keys = append(keys, keyFiles...)
	}
	if err := blobs.resolve(fs); err != nil {
		return err
	}
	progressSet := false
	fs.Visit(func(fl *flag.Flag) { progressSet = progressSet || fl.Name == "progress" })
	log := newLogger(e, slog.LevelWarn)
	var opts verifyOptions
	for _, k := range keys {
		key, err := readVerifierKey(k)
		if err != nil {
			return err
		}
		opts.keys = append(opts.keys, key)
	}
	for _, path := range kept {
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("read kept checkpoint: %w", err)
		}
		opts.extra = append(opts.extra, b)
	}

	var src ledgerSource
	var evidence *evidenceCheck // checks the evidence storage; nil for a server
	var db zhifa.Store          // the database, for the audit chain; nil for a server
	if server != "" {
		u, err := url.Parse(server)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &usageError{"--server must be an http:// or https:// URL"}
		}
		ss := &serverSource{base: strings.TrimSuffix(server, "/"), token: token, client: &http.Client{Timeout: time.Minute}, tiles: map[string][]byte{}}
		if len(opts.keys) == 0 {
			b, err := ss.get(ctx, "/ledger/key")
			if err != nil {
				return err
			}
			opts.keys = []string{strings.TrimSpace(string(b))}
			fmt.Fprintf(e.stderr, "note: using the key the server itself publishes (%s); pass --key with a key obtained independently to pin it\n", opts.keys[0])
		}
		src = ss
	} else {
		store, err := openForVerify(ctx, e, &f)
		if err != nil {
			return err
		}
		defer store.Close()
		db = store
		if len(opts.keys) == 0 {
			if opts.keys, err = localVerifierKeys(e, f.data, log); err != nil {
				return err
			}
		}
		name := f.sqlitePath()
		if f.db != "" {
			name = redactedURL(f.db)
		}
		src = &storeSource{db: store, name: name}
		blobStore, err := blobs.openReadOnly(ctx, f.data)
		if err != nil {
			return err
		}
		evidence = newEvidenceCheck(ctx, blobStore, blobs.describe(f.data))
		opts.checkEntry = evidence.entry
	}
	if progress {
		opts.progress = e.stderr
		if !progressSet {
			// By default only long runs get a bar.
			if appended, integrated, err := src.sizes(ctx); err != nil || max(appended, integrated) < progressMin {
				opts.progress = nil
			}
		}
	}
	rep, err := verifyLedger(ctx, src, opts)
	if err != nil {
		return explain(err)
	}
	var audit *auditReport
	if db != nil {
		if audit, err = verifyAudit(ctx, db, opts.keys); err != nil {
			return err
		}
	}
	w := e.stdout
	fmt.Fprintf(w, "ledger %s (%s)\n", rep.origin, src.describe())
	fmt.Fprintf(w, "  %d entries read, %d recomputed into both trees; every stored hash matches\n", rep.entries, rep.integrated)
	fmt.Fprintf(w, "  %d checkpoint(s) verified: signatures valid, roots reproduced at their sizes\n", rep.checkpoints)
	if rep.checkpoints > 0 {
		at := ""
		if !rep.latestAt.IsZero() {
			at = ", signed " + rep.latestAt.In(zhifa.CST).Format(time.DateTime)
		}
		fmt.Fprintf(w, "  latest checkpoint: %d entries%s\n    SHA-256 root %s\n    SM3 root     %s\n", rep.latest.Size, at, rep.latest.Root, rep.latest.SM3Root)
	}
	if rep.openings {
		fmt.Fprintf(w, "  %d committed field(s) rechecked: each stored value and salt reproduce the entry's SHA-256 and SM3 commitment\n", rep.opened)
	} else {
		fmt.Fprintln(w, "  committed fields not rechecked: a server does not publish their values (verify the database, or a case file, for that)")
	}
	if rep.pending > 0 {
		fmt.Fprintf(w, "  %d entries committed and awaiting sequencing (checked for form; a server's sequencer places them next)\n", rep.pending)
	}
	if rep.uncovered > 0 {
		fmt.Fprintf(w, "  %d entries appended since the latest checkpoint (checked for form; the next checkpoint covers them)\n", rep.uncovered)
	}
	if evidence != nil && (evidence.store != nil || len(evidence.checked) > 0) {
		fmt.Fprintf(w, "  %d evidence file(s), %s, rehashed with SHA-256 and SM3 in %s: all match their entries\n",
			len(evidence.checked), humanBytes(evidence.bytes), evidence.where)
		n, err := evidence.unreferenced()
		if err != nil {
			return fmt.Errorf("list the evidence storage: %w", err)
		}
		if n > 0 {
			fmt.Fprintf(w, "  %d stored file(s) named by no entry (left by uploads that failed; harmless)\n", n)
		}
	}
	if audit != nil {
		fmt.Fprintf(w, "  %d audit row(s) rehashed along their chain, %d anchored by %d signed head(s); none inserted, altered or removed\n",
			audit.links, audit.anchored, audit.anchors)
	}
	fmt.Fprintln(w, "OK: the ledger is intact 账本完整")
	return nil
}

// openForVerify opens the database without migrating it and without writing anything,
// not even a key.
func openForVerify(ctx context.Context, e *env, f *storeFlags) (*sqlstore.DB, error) {
	dsn := f.db
	if dsn == "" {
		if f.data == "" {
			return nil, &usageError{"--data must name a directory"}
		}
		dsn = f.sqlitePath()
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("no database at %s: %w", dsn, err)
		}
	} else if _, err := f.dsn(); err != nil {
		return nil, err
	}
	key, _, err := loadKey(e, f.data)
	if err != nil {
		return nil, err
	}
	// The personal-data key is not used: verify reads only the ledger. A missing key file
	// is replaced by a random key in memory, never written. No sequencer: verify leaves
	// pending entries where they are and checks them there.
	return sqlstore.Open(ctx, dsn, sqlstore.Options{PIIKey: key, NoMigrate: true, NoSequencer: true})
}

// localVerifierKeys derives the verifier keys from the signing keys of the data
// directory (or the environment).
func localVerifierKeys(e *env, dataDir string, log *slog.Logger) ([]string, error) {
	skey, source, err := ledgerKey(e, &ledgerFlags{}, dataDir, log)
	if err != nil {
		return nil, err
	}
	if skey == "" {
		return nil, &usageError{fmt.Sprintf("no ledger key at %s: pass --key with the ledger's verifier key", ledgerKeyPath(dataDir))}
	}
	signer, err := ledger.NewSigner(skey, "")
	if err != nil {
		return nil, fmt.Errorf("ledger signing key %s: %v", source, err)
	}
	keys := []string{signer.VerifierKey()}
	sm2skey, sm2source, err := ledgerSM2Key(e, &ledgerFlags{}, dataDir, signer.Origin(), skey, log)
	if err != nil {
		return nil, err
	}
	if sm2skey != "" {
		both, err := ledger.NewSigner(skey, sm2skey)
		if err != nil {
			return nil, fmt.Errorf("SM2 key %s: %v", sm2source, err)
		}
		keys = append(keys, both.SM2VerifierKey())
	}
	return keys, nil
}

// readVerifierKey returns a verifier key given as text or as the name of a file.
func readVerifierKey(v string) (string, error) {
	if b, err := os.ReadFile(filepath.Clean(v)); err == nil {
		v = strings.TrimSpace(string(b))
	} else if !errors.Is(err, fs.ErrNotExist) && !strings.Contains(v, "+") {
		return "", fmt.Errorf("read --key: %w", err)
	}
	if _, err := ledger.NewVerifier(v); err != nil {
		return "", &usageError{fmt.Sprintf("--key %q is not a verifier key: %v", v, err)}
	}
	return v, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// redactedURL hides the password of a database URL.
func redactedURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(database URL)"
	}
	return u.Redacted()
}
