package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/ledger"
)

// The ledger (防删改, D3): every recorded change appends one entry in the transaction of
// the change (appendEntry); an integrator (RunLedger) extends both Merkle trees with the
// committed entries, stores their hashes and signs a checkpoint, in one transaction of
// its own; the read side serves checkpoints, tiles and proofs to anyone.

const (
	// LedgerInterval is how often the integrator looks for new entries; it also runs
	// promptly after every local write, but not more often than this.
	LedgerInterval = 200 * time.Millisecond
	// ledgerBatch bounds the entries integrated in one transaction.
	ledgerBatch = 4096
	// maxLedgerPage bounds one page of the staff ledger view.
	maxLedgerPage = 200
)

// ledgerState is the App's part of the ledger: the signer and the integrator's cached
// tree.
type ledgerState struct {
	signer *ledger.Signer
	// poke wakes the integrator after a local write.
	poke chan struct{}

	mu sync.Mutex // one integration at a time in this process; guards the fields below
	// tree is the tree of the integrated size last seen, reused while no other
	// process integrates.
	tree *ledger.Tree
	// checked is set once the latest checkpoint is known to carry this signer's
	// signatures (a new or added key signs the current size again, once).
	checked bool
	// lastAnchor is when this process last linked and anchored audit rows.
	lastAnchor time.Time
}

// LedgerActor is the entry Actor for an actor (kernel.LedgerActor): it names no person.
func LedgerActor(actor *Actor) string { return kernel.LedgerActor(actor) }

// appendEntry appends e to the ledger in tx, the transaction of the change it records,
// and returns its index. It sets e.Actor from the context's actor and e.Time from the
// App's clock, and writes it in format 2: every meta field that is not structured
// (clearMetaKey) enters as a salted commitment, its opening stored in the same
// transaction (ledger_privacy.go), because entries are permanent and their hashes public.
func (a *App) appendEntry(ctx context.Context, tx zhifa.Tx, e *ledger.Entry) (int64, error) {
	e.Actor = LedgerActor(ActorFrom(ctx))
	e.Time = a.now().UTC().Truncate(time.Microsecond)
	return appendCommitted(ctx, tx, e)
}

// appendCommitted writes e, whose Actor and Time are set, in format 2 with the openings
// of its committed fields (appendEntry).
func appendCommitted(ctx context.Context, tx zhifa.Tx, e *ledger.Entry) (int64, error) {
	openings := commitFields(e)
	data, err := e.Canonical()
	if err != nil {
		return 0, fmt.Errorf("ledger entry %s: %w", e.Kind, err)
	}
	index, err := tx.AppendLedgerEntry(ctx, data, e.Time)
	if err != nil || len(openings) == 0 {
		return index, err
	}
	for _, o := range openings {
		o.Index = index
	}
	return index, tx.AddLedgerOpenings(ctx, openings)
}

// appendCaseEntry appends e for the case c and links it to the case (case_entries), so
// the case page and the case file list the case's entries (D1). Every write about a
// case appends through here.
func (a *App) appendCaseEntry(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, e *ledger.Entry) (int64, error) {
	e.Case = c.Number
	index, err := a.appendEntry(ctx, tx, e)
	if err != nil {
		return 0, err
	}
	if err := tx.LinkCaseEntry(ctx, c.ID, index, e.Kind); err != nil {
		return 0, err
	}
	return index, nil
}

// queueCaseEntry is appendCaseEntry for a write that does not need the entry's index:
// the entry is queued and sequenced after commit (zhifa.Tx.QueueLedgerEntry), so on
// PostgreSQL the transaction takes no lock shared by all writers (issue 11). The
// entry's content, commitments and openings are those appendEntry writes; the
// transaction's Update returns once it has its index.
func (a *App) queueCaseEntry(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, e *ledger.Entry) error {
	e.Case = c.Number
	e.Actor = LedgerActor(ActorFrom(ctx))
	e.Time = a.now().UTC().Truncate(time.Microsecond)
	openings := commitFields(e)
	data, err := e.Canonical()
	if err != nil {
		return fmt.Errorf("ledger entry %s: %w", e.Kind, err)
	}
	return tx.QueueLedgerEntry(ctx, &zhifa.QueuedLedgerEntry{Data: data, At: e.Time, CaseID: c.ID, Kind: e.Kind, Openings: openings})
}

// pokeLedger wakes the integrator, if one runs, without waiting.
func (a *App) pokeLedger() {
	select {
	case a.ledger.poke <- struct{}{}:
	default:
	}
}

// LedgerSigner returns the checkpoint signer, nil if none is configured.
func (a *App) LedgerSigner() *ledger.Signer { return a.ledger.signer }

// errNoSigner is the error of ledger operations that need the signer.
func errNoSigner() error {
	return zhifa.Errorf(zhifa.ENOTFOUND, "本系统未配置账本签名密钥")
}

// RunLedger integrates new entries and signs checkpoints until ctx ends: every
// LedgerInterval, and promptly after a local write, so a checkpoint covers every entry
// within a second of its commit. Errors are logged and retried at the next round. It is
// safe to run in several processes over one PostgreSQL database: integrations are
// serialized by the store (see zhifa.LedgerStore.LedgerIntegrated). It returns an error
// only when the App has no signer.
func (a *App) RunLedger(ctx context.Context) error {
	if a.ledger.signer == nil {
		return errors.New("app: RunLedger without a ledger signer")
	}
	tick := time.NewTicker(LedgerInterval)
	defer tick.Stop()
	failing := false
	for {
		start := time.Now()
		if _, err := a.IntegrateLedger(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if !failing { // log once per outage, not five times a second
				a.log.Error("ledger integration failed; retrying", "err", err)
			}
			failing = true
		} else if failing {
			a.log.Info("ledger integration recovered")
			failing = false
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		case <-a.ledger.poke:
			// Coalesce a burst of writes into one checkpoint per interval.
			if wait := LedgerInterval - time.Since(start); wait > 0 {
				select {
				case <-ctx.Done():
					return nil
				case <-time.After(wait):
				}
			}
		}
	}
}

// IntegrateLedger integrates every entry committed so far into both trees, stores their
// hashes and signs a checkpoint of the new size, in batches of one transaction each,
// and returns the integrated size. With nothing new it only reads. RunLedger calls it;
// tests and tools may call it directly.
func (a *App) IntegrateLedger(ctx context.Context) (int64, error) {
	l := &a.ledger
	if l.signer == nil {
		return 0, errNoSigner()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var size, integrated int64
	var latest *zhifa.LedgerCheckpoint
	var auditWaits bool
	err := a.store.View(ctx, func(tx zhifa.Tx) error {
		var err error
		if size, err = tx.LedgerSize(ctx); err != nil {
			return err
		}
		if integrated, err = tx.LedgerIntegrated(ctx, false); err != nil {
			return err
		}
		if a.auditDue() {
			if auditWaits, err = auditPending(ctx, tx); err != nil {
				return err
			}
		}
		latest, err = latestCheckpoint(ctx, tx)
		return err
	})
	if err != nil {
		return 0, err
	}
	if size == integrated && !auditWaits && !a.needsCheckpoint(latest, integrated) {
		return integrated, nil
	}
	// More than one batch waits (a bulk load): the entries are read and hashed, and the
	// audit rows linked, ahead of the transactions that write them (ledger_ahead.go).
	var entries <-chan *entriesAhead
	var links <-chan *linksAhead
	if size-integrated > ledgerBatch {
		aheadCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		entries = a.readEntriesAhead(aheadCtx, integrated, size)
		if auditWaits {
			links = a.linkAuditAhead(aheadCtx)
		}
	}
	for {
		var pre *entriesAhead
		if entries != nil {
			pre = <-entries // nil once none is left: the transaction reads its batch
		}
		// The audit rows are linked in the first batch, or with links computed ahead in
		// the last, by when they are.
		chain := a.auditDue() && (links == nil || pre == nil || pre.from+int64(len(pre.sha)) >= size)
		var ahead *linksAhead
		if chain && links != nil {
			ahead = <-links // nil if it failed: the transaction links the rows
		}
		var next *ledger.Tree
		added := 0
		err := a.store.Update(ctx, func(tx zhifa.Tx) error {
			var err error
			next, added, err = a.integrate(ctx, tx, pre, chain, ahead)
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("integrate ledger: %w", err)
		}
		l.tree, l.checked = next, true
		if chain {
			l.lastAnchor = a.now()
			links = nil
		}
		if added == 0 || next.Size() >= size {
			if links != nil && entries != nil {
				// Another process integrated the last batches: link the rows anyway.
				entries = nil
				continue
			}
			return next.Size(), nil
		}
	}
}

// needsCheckpoint reports whether the integrated size needs a (new) checkpoint: there
// is none for it, or this process has not yet seen one signed with its keys.
func (a *App) needsCheckpoint(latest *zhifa.LedgerCheckpoint, integrated int64) bool {
	if latest == nil || latest.Size != integrated {
		return true
	}
	return !a.ledger.checked && !a.signedByUs(latest)
}

// signedByUs reports whether c carries valid signatures of every key of the signer.
func (a *App) signedByUs(c *zhifa.LedgerCheckpoint) bool {
	keys := []string{a.ledger.signer.VerifierKey()}
	if k := a.ledger.signer.SM2VerifierKey(); k != "" {
		keys = append(keys, k)
	}
	_, err := ledger.VerifyCheckpoint(c.Note, keys...)
	return err == nil
}

// integrate is one integration transaction: it locks the integrated size, links the
// audit rows if chain (with the links computed ahead, if they start at the chain's
// head), appends up to ledgerBatch new entries to a copy of the tree (with their leaf
// hashes computed ahead, if they start at the integrated size), stores the new hashes,
// signs and stores the checkpoint and advances the integrated size. It returns the new
// tree (installed by the caller after commit) and the number of entries added.
func (a *App) integrate(ctx context.Context, tx zhifa.Tx, pre *entriesAhead, chain bool, links *linksAhead) (*ledger.Tree, int, error) {
	n, err := tx.LedgerIntegrated(ctx, true)
	if err != nil {
		return nil, 0, err
	}
	// Link new audit rows and sign their head (§7), at most every AuditAnchorInterval.
	if chain {
		if err := a.chainAudit(ctx, tx, links); err != nil {
			return nil, 0, err
		}
	}
	tree := a.ledger.tree
	if tree == nil || tree.Size() != n {
		sha, sm := hashReaders(tx)
		if tree, err = ledger.LoadTree(ctx, n, sha, sm); err != nil {
			return nil, 0, fmt.Errorf("load ledger tree of size %d: %w", n, err)
		}
	}
	var leafSHA, leafSM []ledger.Hash
	if pre != nil && pre.from == n {
		leafSHA, leafSM = pre.sha, pre.sm
	} else {
		entries, err := tx.LedgerEntries(ctx, n, n+ledgerBatch)
		if err != nil {
			return nil, 0, err
		}
		if err := checkEntryRun(entries, n); err != nil {
			return nil, 0, err
		}
		leafSHA, leafSM = leafHashes(entries)
	}
	latest, err := latestCheckpoint(ctx, tx)
	if err != nil {
		return nil, 0, err
	}
	if len(leafSHA) == 0 && !a.needsCheckpoint(latest, n) {
		return tree, 0, nil
	}
	next := tree.Clone()
	// An entry stores its leaf and the subtrees it completes: two hashes on average.
	sha, sm := make([][32]byte, 0, 2*len(leafSHA)+8), make([][32]byte, 0, 2*len(leafSHA)+8)
	for i := range leafSHA {
		ap := next.AppendLeafHashes(leafSHA[i], leafSM[i])
		for j := range ap.SHA256 {
			sha, sm = append(sha, ap.SHA256[j]), append(sm, ap.SM3[j])
		}
	}
	if err := tx.AddLedgerHashes(ctx, ledger.StoredHashIndex(0, n), sha, sm); err != nil {
		return nil, 0, err
	}
	note, err := a.ledger.signer.Sign(next.Checkpoint(a.ledger.signer.Origin()))
	if err != nil {
		return nil, 0, fmt.Errorf("sign ledger checkpoint: %w", err)
	}
	if err := tx.AddCheckpoint(ctx, &zhifa.LedgerCheckpoint{Size: next.Size(), Note: note, CreatedAt: a.now()}); err != nil {
		return nil, 0, err
	}
	if next.Size() != n {
		if err := tx.SetLedgerIntegrated(ctx, next.Size()); err != nil {
			return nil, 0, err
		}
	}
	return next, len(leafSHA), nil
}

// leafHashes returns the leaf hashes of both trees of entries, computed on every core:
// hashing the entries is most of an integration's CPU, and after a bulk load (zhifa
// gen) there are hundreds of thousands of them (issue 11). The trees' interior nodes
// are then appended in order, by one goroutine.
func leafHashes(entries []*zhifa.LedgerEntry) (sha, sm []ledger.Hash) {
	sha, sm = make([]ledger.Hash, len(entries)), make([]ledger.Hash, len(entries))
	workers := min(runtime.GOMAXPROCS(0), (len(entries)+leafHashChunk-1)/leafHashChunk)
	if workers <= 1 {
		for i, e := range entries {
			sha[i], sm[i] = ledger.LeafHashes(e.Data)
		}
		return sha, sm
	}
	var wg sync.WaitGroup
	per := (len(entries) + workers - 1) / workers
	for lo := 0; lo < len(entries); lo += per {
		hi := min(lo+per, len(entries))
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				sha[i], sm[i] = ledger.LeafHashes(entries[i].Data)
			}
		})
	}
	wg.Wait()
	return sha, sm
}

// leafHashChunk is the fewest entries worth a goroutine of leafHashes.
const leafHashChunk = 256

// latestCheckpoint is kernel.LatestCheckpoint: nil, not ENOTFOUND, for none.
func latestCheckpoint(ctx context.Context, tx zhifa.Tx) (*zhifa.LedgerCheckpoint, error) {
	return kernel.LatestCheckpoint(ctx, tx)
}

// hashReaders reads the stored hashes of each tree in tx (kernel.HashReaders).
func hashReaders(tx zhifa.Tx) (sha, sm ledger.HashReader) { return kernel.HashReaders(tx) }

// ---- read side: public ----

// LedgerCheckpoint returns the latest signed checkpoint. Anyone may read it.
func (a *App) LedgerCheckpoint(ctx context.Context) (*zhifa.LedgerCheckpoint, error) {
	var c *zhifa.LedgerCheckpoint
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		c, err = tx.LatestCheckpoint(ctx)
		return err
	})
	return c, err
}

// LedgerVerifierKey returns the log's Ed25519 verifier key in note form; ENOTFOUND
// without a signer.
func (a *App) LedgerVerifierKey() (string, error) {
	if a.ledger.signer == nil {
		return "", errNoSigner()
	}
	return a.ledger.signer.VerifierKey(), nil
}

// checkpointSize returns the size of the latest checkpoint, 0 if there is none.
func checkpointSize(ctx context.Context, tx zhifa.Tx) (int64, error) {
	return kernel.CheckpointSize(ctx, tx)
}

// LedgerTile returns a hash tile or entry bundle (C2SP tlog-tiles; path as
// ledger.Tile.Path, e.g. "tile/0/000.p/7", "tile/sm3/0/000", "tile/entries/000") of the
// tree of the latest checkpoint; ENOTFOUND for a malformed path or a tile outside that
// tree. Anyone may read a hash tile; an entry bundle only a reader who may read each of
// its entries (ledger_privacy.go).
func (a *App) LedgerTile(ctx context.Context, path string) ([]byte, error) {
	tile, err := ledger.ParseTilePath(path)
	if err != nil {
		return nil, zhifa.NotFound("账本瓦片")
	}
	var data []byte
	err = a.read(ctx, func(tx zhifa.Tx) error {
		size, err := checkpointSize(ctx, tx)
		if err != nil {
			return err
		}
		if !tile.InTree(size) {
			return zhifa.NotFound("账本瓦片")
		}
		if tile.L >= 0 {
			sha, sm := hashReaders(tx)
			r := sha
			if tile.Tree == ledger.SM3 {
				r = sm
			}
			data, err = ledger.ReadTileData(ctx, tile, r)
			return err
		}
		from := tile.N * ledger.TileWidth
		entries, err := tx.LedgerEntries(ctx, from, from+int64(tile.W))
		if err != nil {
			return err
		}
		data = nil
		for i, e := range entries {
			if e.Index != from+int64(i) {
				return fmt.Errorf("ledger entry %d is missing", from+int64(i))
			}
			if data, err = ledger.AppendBundleEntry(data, e.Data); err != nil {
				return err
			}
		}
		if len(entries) != tile.W {
			return fmt.Errorf("ledger entry bundle %s: %d of %d entries", path, len(entries), tile.W)
		}
		return a.readableEntries(ctx, tx, entries)
	})
	return data, err
}

// InclusionProof proves that entry index is in both trees of the given size (0 means
// the latest checkpoint's), which must not exceed the latest checkpoint's. Anyone may
// read it.
func (a *App) InclusionProof(ctx context.Context, index, size int64) (*ledger.InclusionProof, error) {
	var p *ledger.InclusionProof
	err := a.read(ctx, func(tx zhifa.Tx) error {
		latest, err := checkpointSize(ctx, tx)
		if err != nil {
			return err
		}
		if size == 0 {
			size = latest
		}
		f := zhifa.FieldErrors{}
		if size < 1 || size > latest {
			f.Add("size", fmt.Sprintf("树大小应在1到%d之间", latest))
		}
		if index < 0 || index >= size {
			f.Add("index", "条目序号应小于树大小且不小于0")
		}
		if err := f.Err(); err != nil {
			return err
		}
		sha, sm := hashReaders(tx)
		p, err = ledger.ProveInclusion(ctx, index, size, sha, sm)
		return err
	})
	return p, err
}

// ConsistencyProof proves that both trees of size newSize (0 means the latest
// checkpoint's) extend those of size oldSize. Anyone may read it.
func (a *App) ConsistencyProof(ctx context.Context, oldSize, newSize int64) (*ledger.ConsistencyProof, error) {
	var p *ledger.ConsistencyProof
	err := a.read(ctx, func(tx zhifa.Tx) error {
		latest, err := checkpointSize(ctx, tx)
		if err != nil {
			return err
		}
		if newSize == 0 {
			newSize = latest
		}
		f := zhifa.FieldErrors{}
		if newSize < 0 || newSize > latest {
			f.Add("new", fmt.Sprintf("新树大小应在0到%d之间", latest))
		}
		if oldSize < 0 || oldSize > newSize {
			f.Add("old", "旧树大小应在0到新树大小之间")
		}
		if err := f.Err(); err != nil {
			return err
		}
		sha, sm := hashReaders(tx)
		p, err = ledger.ProveConsistency(ctx, oldSize, newSize, sha, sm)
		return err
	})
	return p, err
}

// ---- read side: staff ----

// LedgerItem is one entry as the staff ledger view shows it.
type LedgerItem struct {
	Index     int64         `json:"index"`
	Entry     *ledger.Entry `json:"-"`
	JSON      string        `json:"entry"` // the canonical bytes
	CreatedAt time.Time     `json:"created_at"`
	// Covered is set when the latest checkpoint includes the entry, so a proof exists.
	Covered bool `json:"covered"`
	// Hidden is set when the entry is outside the reader's scope: only its index, kind
	// and time are shown.
	Hidden bool `json:"hidden,omitempty"`
}

// LedgerOverview is the latest checkpoint with one page of entries, newest first.
type LedgerOverview struct {
	Checkpoint *ledger.Checkpoint      `json:"checkpoint"`
	Signed     *zhifa.LedgerCheckpoint `json:"signed"`
	Size       int64                   `json:"size"` // entries appended, covered or not yet
	Entries    []*LedgerItem           `json:"entries"`
	Proof      *ledger.InclusionProof  `json:"proof,omitempty"`
	// Openings are the committed fields of the one entry LedgerEntry shows, each
	// checked against the entry's commitment.
	Openings []*zhifa.LedgerOpening `json:"openings,omitempty"`
}

// Ledger returns the latest checkpoint and one page of entries, newest first. Entries
// outside the actor's scope show only their index, kind and time (ledger_privacy.go).
func (a *App) Ledger(ctx context.Context, p zhifa.Page) (*LedgerOverview, error) {
	if err := require(ActorFrom(ctx), PermStaff); err != nil {
		return nil, err
	}
	limit := p.Limit
	if limit <= 0 || limit > maxLedgerPage {
		limit = 50
	}
	offset := int64(max(p.Offset, 0))
	v := &LedgerOverview{}
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		if v.Size, err = tx.LedgerSize(ctx); err != nil {
			return err
		}
		if err := v.setCheckpoint(ctx, tx); err != nil {
			return err
		}
		hi := v.Size - offset
		lo := max(hi-int64(limit), 0)
		if hi <= 0 {
			return nil
		}
		entries, err := tx.LedgerEntries(ctx, lo, hi)
		if err != nil {
			return err
		}
		visible, err := a.entriesVisible(ctx, tx, entries)
		if err != nil {
			return err
		}
		for i := len(entries) - 1; i >= 0; i-- {
			it := v.item(entries[i])
			if !visible[i] {
				it.hide()
			}
			v.Entries = append(v.Entries, it)
		}
		return nil
	})
	return v, err
}

// LedgerEntry returns one entry with its inclusion proof in the latest checkpoint (nil
// while no checkpoint covers it yet).
func (a *App) LedgerEntry(ctx context.Context, index int64) (*LedgerOverview, error) {
	if err := require(ActorFrom(ctx), PermStaff); err != nil {
		return nil, err
	}
	v := &LedgerOverview{}
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		if v.Size, err = tx.LedgerSize(ctx); err != nil {
			return err
		}
		if err := v.setCheckpoint(ctx, tx); err != nil {
			return err
		}
		entries, err := tx.LedgerEntries(ctx, index, index+1)
		if err != nil {
			return err
		}
		if index < 0 || len(entries) != 1 {
			return zhifa.NotFound("账本条目")
		}
		if err := a.readableEntries(ctx, tx, entries); err != nil {
			return err
		}
		item := v.item(entries[0])
		v.Entries = []*LedgerItem{item}
		if v.Openings, err = tx.LedgerOpenings(ctx, index, index+1); err != nil {
			return err
		}
		if item.Covered {
			sha, sm := hashReaders(tx)
			v.Proof, err = ledger.ProveInclusion(ctx, index, v.Checkpoint.Size, sha, sm)
		}
		return err
	})
	return v, err
}

func (v *LedgerOverview) setCheckpoint(ctx context.Context, tx zhifa.Tx) error {
	c, err := latestCheckpoint(ctx, tx)
	if err != nil || c == nil {
		return err
	}
	v.Signed = c
	cp, err := ledger.ParseCheckpoint(kernel.NoteBody(c.Note))
	if err != nil {
		return fmt.Errorf("latest ledger checkpoint: %w", err)
	}
	v.Checkpoint = &cp
	return nil
}

// hide reduces the item to its index, kind and time.
func (it *LedgerItem) hide() {
	it.Hidden, it.JSON = true, ""
	if it.Entry != nil {
		it.Entry = &ledger.Entry{Kind: it.Entry.Kind, Time: it.Entry.Time}
	}
}

func (v *LedgerOverview) item(e *zhifa.LedgerEntry) *LedgerItem {
	it := &LedgerItem{Index: e.Index, JSON: string(e.Data), CreatedAt: e.CreatedAt}
	it.Entry, _ = ledger.ParseEntry(e.Data) // nil for a damaged entry; the JSON shows it
	it.Covered = v.Checkpoint != nil && e.Index < v.Checkpoint.Size
	return it
}
