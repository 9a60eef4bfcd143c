package ledger

import (
	"net/http"
	"strings"

	"zhifa/app"
	"zhifa/ledger"
	"zhifa/web/kit"
)

// The public ledger endpoints: the signed checkpoint and the verifier key as text, tiles
// and entry bundles as C2SP tlog-tiles (under /ledger/), and proofs as JSON (under
// /api/v1/ledger/). Anyone may read checkpoints, hash tiles and proofs; an entry bundle
// is served to a reader who may read each of its entries (app/ledger_privacy.go), signed
// in with the session cookie or an API bearer token (zhifa verify --server --token).

// maxLedgerIndex bounds the integer query parameters of the proof endpoints.
const maxLedgerIndex = 1 << 53

func (s *Handlers) APIInclusionProof(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	index := q.Int("index", -1, 0, maxLedgerIndex)
	size := q.Int("size", 0, 1, maxLedgerIndex)
	if index < 0 && q.Errs["index"] == "" {
		q.Errs.Add("index", "请提供条目序号 index")
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	p, err := s.App.InclusionProof(kit.APIPublicCtx(r), index, size)
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) APIConsistencyProof(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	old := q.Int("old", -1, 0, maxLedgerIndex)
	newSize := q.Int("new", 0, 1, maxLedgerIndex)
	if old < 0 && q.Errs["old"] == "" {
		q.Errs.Add("old", "请提供旧树大小 old")
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	p, err := s.App.ConsistencyProof(kit.APIPublicCtx(r), old, newSize)
	kit.APIReply(w, r, http.StatusOK, p, err)
}

// writeLedger answers a plain-text or binary ledger resource; errors are plain text too,
// as the clients of these endpoints (note and tlog tools) expect.
func (s *Handlers) writeLedger(w http.ResponseWriter, r *http.Request, contentType, cache string, body []byte, err error) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Access-Control-Allow-Origin", "*")
	if err != nil {
		status := kit.StatusOf(err)
		if status >= 500 {
			s.Log.Error("ledger endpoint", "path", r.URL.Path, "err", err)
		}
		h.Set("Cache-Control", "no-store")
		http.Error(w, "ledger: "+http.StatusText(status), status)
		return
	}
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", cache)
	w.Write(body)
}

// LedgerCheckpoint serves the latest signed checkpoint (C2SP signed note).
func (s *Handlers) LedgerCheckpoint(w http.ResponseWriter, r *http.Request) {
	c, err := s.App.LedgerCheckpoint(kit.PublicContext(r))
	var note []byte
	if err == nil {
		note = c.Note
	}
	s.writeLedger(w, r, "text/plain; charset=utf-8", "no-cache", note, err)
}

// LedgerKey serves the Ed25519 verifier key in golang.org/x/mod/sumdb/note form.
func (s *Handlers) LedgerKey(w http.ResponseWriter, r *http.Request) {
	key, err := s.App.LedgerVerifierKey()
	s.writeLedger(w, r, "text/plain; charset=utf-8", "public, max-age=300", []byte(key+"\n"), err)
}

// LedgerTile serves a hash tile of either tree or an entry bundle. A full tile never
// changes and may be cached for ever; a partial one only briefly, as clients ask for the
// wider tile of a larger tree.
func (s *Handlers) LedgerTile(w http.ResponseWriter, r *http.Request) {
	path := "tile/" + r.PathValue("path")
	ctx := r.Context()
	if !app.ActorFrom(ctx).LoggedIn() && strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		actor, _ := s.ResolveActor(r, true)
		ctx = app.WithActor(ctx, actor)
	}
	data, err := s.App.LedgerTile(ctx, path)
	t, perr := ledger.ParseTilePath(path)
	cache := "public, max-age=60"
	switch {
	case perr == nil && t.L == ledger.EntriesLevel:
		// What a bundle shows depends on who asks: no shared caches.
		cache = "private, no-store"
	case perr == nil && t.W == ledger.TileWidth:
		cache = "public, max-age=31536000, immutable"
	}
	s.writeLedger(w, r, "application/octet-stream", cache, data, err)
}
