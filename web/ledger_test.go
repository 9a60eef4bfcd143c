package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"zhifa"
	"zhifa/app"
	"zhifa/web/ledger"
)

// The test in this file checks the ledger the way an outside party would: over HTTP,
// through the public endpoints only, with an independent implementation — Go's
// golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog (and SM3 from gmsm) —
// never with package ledger.

// fetch GETs a public ledger resource and returns its body; status must be 200.
func fetch(t *testing.T, base, path string) []byte {
	t.Helper()
	return fetchAs(t, base, path, "")
}

// fetchAs is fetch with an API bearer token (none if empty).
func fetchAs(t *testing.T, base, path, token string) []byte {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return b
}

// publicCheckpoint is a checkpoint as an outsider reads it: note.Open with the key
// from /ledger/key, then the tlog-checkpoint lines.
type publicCheckpoint struct {
	origin  string
	size    int64
	root    tlog.Hash
	sm3Root tlog.Hash
	raw     []byte
}

func openPublicCheckpoint(t *testing.T, msg []byte, v note.Verifier) publicCheckpoint {
	t.Helper()
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		t.Fatalf("note.Open: %v\n%s", err, msg)
	}
	if len(n.Sigs) != 1 || len(n.UnverifiedSigs) != 1 {
		t.Errorf("signatures: %d verified, %d unverified (the SM2 line); want 1 and 1", len(n.Sigs), len(n.UnverifiedSigs))
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[3], "sm3 ") {
		t.Fatalf("checkpoint text %q", n.Text)
	}
	c := publicCheckpoint{origin: lines[0], raw: msg}
	if c.size, err = strconv.ParseInt(lines[1], 10, 64); err != nil {
		t.Fatal(err)
	}
	if c.root, err = tlog.ParseHash(lines[2]); err != nil {
		t.Fatal(err)
	}
	if c.sm3Root, err = tlog.ParseHash(strings.TrimPrefix(lines[3], "sm3 ")); err != nil {
		t.Fatal(err)
	}
	return c
}

// httpTiles serves tlog's tiles of height 8 from /ledger/tile, whose paths are tlog's
// without the height segment.
type httpTiles struct {
	t     *testing.T
	base  string
	reads int
}

func (h *httpTiles) Height() int { return 8 }

func (h *httpTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, tl := range tiles {
		h.reads++
		out[i] = fetch(h.t, h.base, "/ledger/"+strings.Replace(tl.Path(), "tile/8/", "tile/", 1))
	}
	return out, nil
}

func (h *httpTiles) SaveTiles([]tlog.Tile, [][]byte) {}

// splitBundle splits an entry bundle: a big-endian uint16 length before each entry.
func splitBundle(t *testing.T, b []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for len(b) > 0 {
		n := int(binary.BigEndian.Uint16(b))
		out = append(out, b[2:2+n])
		b = b[2+n:]
	}
	return out
}

// appendEntries appends n entries through the store, as the use cases do.
func appendEntries(t *testing.T, env *testEnv, n int) {
	t.Helper()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	err := env.Store.Update(context.Background(), func(tx zhifa.Tx) error {
		for i := range n {
			data := fmt.Appendf(nil, `{"actor":"system/test","kind":"test.entry","meta":{"n":"%d"},"time":"2026-03-02T10:00:00.000000Z","v":1}`, i)
			if _, err := tx.AppendLedgerEntry(context.Background(), data, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLedgerPublicVerification reads only the public endpoints over HTTP and verifies,
// with note and tlog: the checkpoint's signature, the inclusion of entries (proof hashes
// from the JSON API, and independently through tlog.TileHashReader over the tiles),
// and the consistency between two checkpoints; plus the SM3 tiles and the errors.
func TestLedgerPublicVerification(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	base := env.HTTP.URL

	vkey := strings.TrimSpace(string(fetch(t, base, "/ledger/key")))
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatalf("note.NewVerifier(%q): %v", vkey, err)
	}
	old := openPublicCheckpoint(t, fetch(t, base, "/ledger/checkpoint"), verifier)
	if old.origin != "zhifa.test/ledger" || old.size != 2 { // the two seeded certificates
		t.Fatalf("first checkpoint %+v", old)
	}

	// A certificate change through the API, then enough entries for full tiles.
	sys := app.WithActor(ctx, app.SystemActor("test"))
	if _, err := env.App.Personnel().ChangeCertificateState(sys, env.City.Cert.ID, zhifa.CertSuspended, "暂扣"); err != nil {
		t.Fatal(err)
	}
	appendEntries(t, env, 600)
	if _, err := env.App.IntegrateLedger(ctx); err != nil {
		t.Fatal(err)
	}
	cur := openPublicCheckpoint(t, fetch(t, base, "/ledger/checkpoint"), verifier)
	if cur.size != 603 {
		t.Fatalf("checkpoint size %d, want 603", cur.size)
	}

	// The tree hash from the tiles matches the signed root (TileHashReader checks every
	// tile it reads against it).
	tiles := &httpTiles{t: t, base: base}
	thr := tlog.TileHashReader(tlog.Tree{N: cur.size, Hash: cur.root}, tiles)
	if h, err := tlog.TreeHash(cur.size, thr); err != nil || h != cur.root {
		t.Fatalf("tree hash through tiles %v, %v; signed %v", h, err, cur.root)
	}

	// Entry bundles holding entries that are not public (here format-1 test entries
	// naming no agency) are refused to the public and served to a supervisor, whose scope
	// is the government's agencies (issue 9 §3).
	var entries [][]byte
	supervisor := env.token(t, loginSupervisor)
	for n := int64(0); n*256 < cur.size; n++ {
		w := min(cur.size-n*256, 256)
		path := fmt.Sprintf("/ledger/tile/entries/%03d", n)
		if w < 256 {
			path += fmt.Sprintf(".p/%d", w)
		}
		if resp, err := http.Get(base + path); err != nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s without login: %v, %v; want 401", path, resp, err)
		} else {
			resp.Body.Close()
		}
		entries = append(entries, splitBundle(t, fetchAs(t, base, path, supervisor))...)
	}
	if int64(len(entries)) != cur.size {
		t.Fatalf("%d entries in the bundles, want %d", len(entries), cur.size)
	}
	if !bytes.Contains(entries[2], []byte(`"kind":"certificate.state"`)) || !bytes.Contains(entries[2], []byte(`"state":"suspended"`)) {
		t.Errorf("entry 2 = %s", entries[2])
	}

	for _, i := range []int64{0, 1, 2, 255, 256, 511, 602} {
		var p struct {
			Index    int64            `json:"index"`
			TreeSize int64            `json:"tree_size"`
			SHA256   tlog.RecordProof `json:"sha256"`
			SM3      []string         `json:"sm3"`
		}
		if err := json.Unmarshal(fetch(t, base, fmt.Sprintf("/api/v1/ledger/proof/inclusion?index=%d&size=%d", i, cur.size)), &p); err != nil {
			t.Fatal(err)
		}
		leaf := tlog.RecordHash(entries[i])
		if err := tlog.CheckRecord(p.SHA256, cur.size, cur.root, i, leaf); err != nil {
			t.Errorf("entry %d: tlog.CheckRecord with the API's proof: %v", i, err)
		}
		fromTiles, err := tlog.ProveRecord(cur.size, i, thr)
		if err != nil {
			t.Fatalf("tlog.ProveRecord(%d) via tiles: %v", i, err)
		}
		if fmt.Sprint(fromTiles) != fmt.Sprint(p.SHA256) || len(p.SM3) != len(p.SHA256) || p.Index != i || p.TreeSize != cur.size {
			t.Errorf("entry %d: API proof %+v differs from the tiles' %v", i, p, fromTiles)
		}
		if err := tlog.CheckRecord(fromTiles, cur.size, cur.root, i, leaf); err != nil {
			t.Errorf("entry %d: tlog.CheckRecord with the tiles' proof: %v", i, err)
		}
	}
	// Inclusion in the older checkpoint's tree too.
	var p struct {
		SHA256 tlog.RecordProof `json:"sha256"`
	}
	json.Unmarshal(fetch(t, base, fmt.Sprintf("/api/v1/ledger/proof/inclusion?index=1&size=%d", old.size)), &p)
	if err := tlog.CheckRecord(p.SHA256, old.size, old.root, 1, tlog.RecordHash(entries[1])); err != nil {
		t.Errorf("inclusion in the old checkpoint: %v", err)
	}

	// The log only grew: the old checkpoint is consistent with the new one.
	var cp struct {
		SHA256 tlog.TreeProof `json:"sha256"`
	}
	if err := json.Unmarshal(fetch(t, base, fmt.Sprintf("/api/v1/ledger/proof/consistency?old=%d&new=%d", old.size, cur.size)), &cp); err != nil {
		t.Fatal(err)
	}
	if err := tlog.CheckTree(cp.SHA256, cur.size, cur.root, old.size, old.root); err != nil {
		t.Errorf("tlog.CheckTree: %v", err)
	}
	if fromTiles, err := tlog.ProveTree(cur.size, old.size, thr); err != nil || fmt.Sprint(fromTiles) != fmt.Sprint(cp.SHA256) {
		t.Errorf("consistency via tiles %v, %v; API %v", fromTiles, err, cp.SHA256)
	}
	// A forged old root fails.
	forged := old.root
	forged[0] ^= 1
	if err := tlog.CheckTree(cp.SHA256, cur.size, cur.root, old.size, forged); err == nil {
		t.Error("consistency with a forged old root holds")
	}

	// The SM3 tree: its level-0 tile holds the SM3 leaf hashes H(0x00 || entry).
	sm3tile := fetch(t, base, "/ledger/tile/sm3/0/000")
	for _, i := range []int{0, 2, 255} {
		want := sm3.Sum(append([]byte{0}, entries[i]...))
		if !bytes.Equal(sm3tile[i*32:(i+1)*32], want[:]) {
			t.Errorf("SM3 leaf %d differs", i)
		}
	}
	// The SM3 root signed in the checkpoint is the SM3 root of the tiles' tree: fold
	// the level-1 tile (two full level-0 subtrees of 256) with the rest of level 0.
	level1 := fetch(t, base, "/ledger/tile/sm3/1/000.p/2")
	rest := fetch(t, base, "/ledger/tile/sm3/0/002.p/91")
	node := func(l, r []byte) []byte { h := sm3.Sum(append(append([]byte{1}, l...), r...)); return h[:] }
	fold := func(hs [][]byte) []byte { // RFC 6962 root of leaf-level hashes
		var root func(hs [][]byte) []byte
		root = func(hs [][]byte) []byte {
			if len(hs) == 1 {
				return hs[0]
			}
			k := 1
			for k*2 < len(hs) {
				k *= 2
			}
			return node(root(hs[:k]), root(hs[k:]))
		}
		return root(hs)
	}
	var restHashes [][]byte
	for i := 0; i < len(rest); i += 32 {
		restHashes = append(restHashes, rest[i:i+32])
	}
	root := node(node(level1[:32], level1[32:64]), fold(restHashes))
	if !bytes.Equal(root, cur.sm3Root[:]) {
		t.Errorf("SM3 root from the tiles %s, signed %s", base64.StdEncoding.EncodeToString(root), cur.sm3Root)
	}

	// Caching, content types and refusals.
	for _, c := range []struct {
		path, status, cache, ctype string
	}{
		{"/ledger/tile/0/000", "200", "immutable", "application/octet-stream"},
		{"/ledger/tile/entries/001", "401", "no-store", "text/plain"}, // not public: see above
		{"/ledger/tile/0/002.p/91", "200", "max-age=60", "application/octet-stream"},
		{"/ledger/checkpoint", "200", "no-cache", "text/plain"},
		{"/ledger/key", "200", "max-age", "text/plain"},
		{"/ledger/tile/0/002", "404", "no-store", ""},      // not full yet
		{"/ledger/tile/0/002.p/92", "404", "no-store", ""}, // beyond the tree
		{"/ledger/tile/entries/003.p/1", "404", "no-store", ""},
		{"/ledger/tile/8/0/000", "404", "no-store", ""}, // tlog's own path, with the height
		{"/ledger/tile/0/x", "404", "no-store", ""},
	} {
		resp, err := http.Get(base + c.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := strconv.Itoa(resp.StatusCode); got != c.status || !strings.Contains(resp.Header.Get("Cache-Control"), c.cache) || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.ctype) {
			t.Errorf("GET %s: %s, Cache-Control %q, Content-Type %q; want %s, %q, %q", c.path, got, resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Type"), c.status, c.cache, c.ctype)
		}
	}
	for _, c := range []struct {
		path, field string
	}{
		{"/api/v1/ledger/proof/inclusion", "index"},
		{"/api/v1/ledger/proof/inclusion?index=x", "index"},
		{"/api/v1/ledger/proof/inclusion?index=603", "index"},
		{"/api/v1/ledger/proof/inclusion?index=1&size=604", "size"},
		{"/api/v1/ledger/proof/inclusion?index=1&size=0", "size"},
		{"/api/v1/ledger/proof/consistency", "old"},
		{"/api/v1/ledger/proof/consistency?old=5&new=4", "old"},
		{"/api/v1/ledger/proof/consistency?old=1&new=604", "new"},
	} {
		res := env.api(t, "GET", c.path, "", nil)
		if res.Status != http.StatusUnprocessableEntity || res.ErrorCode() != zhifa.EINVALID || res.Error().Fields[c.field] == "" {
			t.Errorf("GET %s: %d %s, want EINVALID on %s", c.path, res.Status, res.Body, c.field)
		}
	}
}

// TestLedgerPages renders the staff ledger, an entry with its proof, and the public
// explanation with the commands.
func TestLedgerPages(t *testing.T) {
	env := newTestEnv(t)
	// html/template writes '+' as a character reference.
	esc := strings.NewReplacer("+", "&#43;").Replace
	res := env.page(t, "GET", "/staff/ledger", loginOfficer, nil)
	for _, want := range []string{"防篡改账本", "最新检查点", "zhifa.test/ledger", "certificate.issue", `href="/staff/ledger/1"`, esc(env.Signer.VerifierKey())} {
		if res.Status != 200 || !strings.Contains(string(res.Body), want) {
			t.Errorf("/staff/ledger: %d, lacks %q", res.Status, want)
		}
	}
	if strings.Contains(string(res.Body), "张三") {
		t.Error("the ledger page shows an officer's name")
	}
	res = env.page(t, "GET", "/staff/ledger/1", loginReviewer, nil)
	for _, want := range []string{"账本条目 1", "已核验", "certificate.issue", "西市监执001", "/api/v1/ledger/proof/inclusion?index=1&amp;size=2"} {
		if res.Status != 200 || !strings.Contains(string(res.Body), want) {
			t.Errorf("/staff/ledger/1: %d, lacks %q", res.Status, want)
		}
	}
	for _, path := range []string{"/staff/ledger/2", "/staff/ledger/x", "/staff/ledger/-1"} {
		if res := env.page(t, "GET", path, loginOfficer, nil); res.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.Status)
		}
	}
	if res := env.page(t, "GET", "/staff/ledger", "", nil); res.Status != http.StatusSeeOther {
		t.Errorf("/staff/ledger as the public: %d", res.Status)
	}
	res = env.page(t, "GET", "/ledger", "", nil)
	for _, want := range []string{"账本核验", "note.Open", "tlog.CheckRecord", "tlog.CheckTree", esc(env.Signer.VerifierKey()), esc(env.Signer.SM2VerifierKey()),
		env.HTTP.URL + "/ledger/checkpoint", "zhifa verify --server " + env.HTTP.URL, "golang.org/x/mod/sumdb/tlog"} {
		if res.Status != 200 || !strings.Contains(string(res.Body), want) {
			t.Errorf("/ledger: %d, lacks %q", res.Status, want)
		}
	}
	if res := env.page(t, "GET", "/static/ledgercheck.go.txt", "", nil); res.Status != 200 || !strings.Contains(string(res.Body), "package main") {
		t.Errorf("ledgercheck.go.txt: %d", res.Status)
	}
}

// TestLedgerCheckProgram builds the verification program the public page offers and
// runs it against the server, as a member of the public would. It needs the go command
// and golang.org/x/mod in the module cache (both there whenever this module's tests
// build); without them it is skipped, or fails when CI=true.
func TestLedgerCheckProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	env := newTestEnv(t)
	modVersion := ""
	goSum, err := os.ReadFile("../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	var sums []string
	for _, line := range strings.Split(string(goSum), "\n") {
		if strings.HasPrefix(line, "golang.org/x/mod ") {
			sums = append(sums, line)
			modVersion = strings.TrimSuffix(strings.Fields(line)[1], "/go.mod")
		}
	}
	dir := t.TempDir()
	files := map[string]string{
		"main.go": ledger.LedgerCheckSource,
		"go.mod":  "module ledgercheck\n\ngo 1.22\n\nrequire golang.org/x/mod " + modVersion + "\n",
		"go.sum":  strings.Join(sums, "\n") + "\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command(goTool, "build", "-o", "ledgercheck", ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot build the program offline: %v\n%s", err, out)
		}
		t.Skipf("cannot build the program offline: %v\n%s", err, out)
	}
	oldFile := filepath.Join(dir, "old.txt")
	if err := os.WriteFile(oldFile, fetch(t, env.HTTP.URL, "/ledger/checkpoint"), 0o644); err != nil {
		t.Fatal(err)
	}
	appendEntries(t, env, 300)
	if _, err := env.App.IntegrateLedger(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		ok   bool
		want string
	}{
		{[]string{"-index", "1", "-old", oldFile}, true, "核验通过"},
		{[]string{"-index", "301", "-key", env.Signer.VerifierKey(), "-token", env.token(t, loginSupervisor)}, true, "条目 301 已包含在检查点中"},
		{[]string{"-index", "301"}, false, "条目内容不公开"},
		{[]string{"-index", "302"}, false, "不在大小为 302 的树中"},
		{[]string{"-key", "other+01234567+AX3LbjWDXVlkHnxeTmhX+P5W5Nw5v8zJbmtUIzTfHyoU"}, false, "核验失败"},
	} {
		cmd := exec.Command(filepath.Join(dir, "ledgercheck"), append([]string{"-server", env.HTTP.URL}, c.args...)...)
		out, err := cmd.CombinedOutput()
		if (err == nil) != c.ok || !strings.Contains(string(out), c.want) {
			t.Errorf("ledgercheck %v: %v\n%s", c.args, err, out)
		}
	}
}
