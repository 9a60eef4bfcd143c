package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/blob"
	"zhifa/idcode"
	"zhifa/internal/testenv"
	"zhifa/ledger"
	"zhifa/sqlstore"
)

// TestCrash kills the real server with SIGKILL at random moments while concurrent
// clients change certificates' states and upload evidence files through the API, and
// after every kill checks what a crash must not break:
//
//   - `zhifa verify` passes (every entry, stored hash, checkpoint and evidence file),
//     also given the last checkpoint a client saw before the kill;
//   - in the database: every acknowledged write is there exactly once, with its ledger
//     entry and its business row (certificate history, evidence row); no entry lacks
//     its row and no row its entry; a write cut off by the kill is there once or not at
//     all; every evidence row's file is in blob storage and rehashes to its digest;
//   - after the restart, through the API: the signed checkpoint covers every entry and
//     is consistent with the last one seen before the kill (consistency proof), the
//     staff API shows every acknowledged change, and every acknowledged file is served
//     and rehashes.
//
// It runs 50 kill cycles on SQLite (synchronous=FULL) and 50 on PostgreSQL (5 each
// with -short).
func TestCrash(t *testing.T) {
	clearEnv(t)
	cycles := 50
	if testing.Short() {
		cycles = 5
	}
	bin := buildZhifa(t)
	t.Run("sqlite", func(t *testing.T) {
		newCrashWorld(t, bin, "").run(cycles)
	})
	t.Run("postgres", func(t *testing.T) {
		newCrashWorld(t, bin, crashPostgres(t)).run(cycles)
	})
}

// buildZhifa builds the binary into a temporary directory.
func buildZhifa(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool to build the binary: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "zhifa")
	start := time.Now()
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built %s in %v", bin, time.Since(start).Round(time.Millisecond))
	return bin
}

// crashPostgres creates a database of its own on the test server.
func crashPostgres(t *testing.T) string {
	t.Helper()
	admin := testenv.PostgresURL(t)
	name := testenv.DatabaseName(t)
	adb, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	if _, err := adb.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		adb, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer adb.Close()
		adb.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return testenv.PostgresDatabaseURL(t, name)
}

const (
	crashPassword    = "crash-pass-123"
	crashCertClients = 6 // each owns a certificate and suspends and restores it
	crashUploaders   = 2 // each uploads small files as an officer
	crashReason      = "崩溃测试"
)

// crashWorld is one engine's data, server and clients, and what they have seen.
type crashWorld struct {
	t        *testing.T
	bin      string
	data, db string // the data directory; the PostgreSQL URL or ""
	rng      *rand.Rand

	srv    *crashServer
	client *http.Client
	key    string // the ledger's verifier key, from /ledger/key

	adminToken string
	upTokens   []string
	certs      []*crashCert

	mu       sync.Mutex
	seq      int
	certAck  map[string]*certWrite // by reason
	certWait map[string]*certWrite // sent, fate unknown (the kill cut them off)
	upAck    map[string]*upload    // by title
	upWait   map[string]*upload
	lastCP   *crashCheckpoint // the latest checkpoint a client saw
	newUps   []*upload        // acknowledged since the last API check
	// cutOff counts the writes the kills cut off; cutCommitted those of them committed.
	cutOff, cutCommitted int

	// Progress of the database checks: entries before checked were checked already.
	checked        int64
	entryReasons   map[string]int   // certificate.state entries by reason
	evidenceByIdx  map[int64]string // evidence.add entries: index → content SHA-256 (hex)
	evidenceTitles map[string]int64 // evidence.add entries: title → index
	seedSize       int64
}

type crashCert struct {
	id, officer int64
	state       zhifa.CertState // the recorded state, as far as is known
}

type certWrite struct {
	cert   int64
	to     zhifa.CertState
	reason string
}

type upload struct {
	title   string
	content []byte
	sha256  string
	id      int64
}

type crashCheckpoint struct {
	note []byte
	cp   ledger.Checkpoint
}

func newCrashWorld(t *testing.T, bin, db string) *crashWorld {
	w := &crashWorld{t: t, bin: bin, data: t.TempDir(), db: db, rng: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7)),
		certAck: map[string]*certWrite{}, certWait: map[string]*certWrite{}, upAck: map[string]*upload{}, upWait: map[string]*upload{},
		entryReasons: map[string]int{}, evidenceByIdx: map[int64]string{}, evidenceTitles: map[string]int64{}}
	w.seed()
	return w
}

// storeArgs are the flags naming the database.
func (w *crashWorld) storeArgs() []string {
	if w.db != "" {
		return []string{"--data", w.data, "--db", w.db}
	}
	return []string{"--data", w.data}
}

// openStore opens the database as the server does (no migration).
func (w *crashWorld) openStore() *sqlstore.DB {
	w.t.Helper()
	raw, err := os.ReadFile(keyPath(w.data))
	if err != nil {
		w.t.Fatal(err)
	}
	key, err := decodeKey(string(raw))
	if err != nil {
		w.t.Fatal(err)
	}
	dsn := w.db
	if dsn == "" {
		dsn = filepath.Join(w.data, "zhifa.db")
	}
	st, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{PIIKey: key, NoMigrate: true})
	if err != nil {
		w.t.Fatal(err)
	}
	return st
}

// seed migrates the database with the binary, then creates through the use cases an
// agency, one officer with a certificate per client, an admin and the uploaders.
func (w *crashWorld) seed() {
	t := w.t
	if out, err := exec.Command(w.bin, append([]string{"migrate"}, w.storeArgs()...)...).CombinedOutput(); err != nil {
		t.Fatalf("migrate: %v: %s", err, out)
	}
	st := w.openStore()
	defer st.Close()
	a := app.New(st, app.Options{})
	sys := app.WithActor(context.Background(), app.SystemActor("crash-test"))
	gov, err := a.Personnel().CreateAgency(sys, personnel.AgencyInput{Name: "东港市人民政府", Level: zhifa.LevelCity, Type: zhifa.AgencyGovernment, RegionCode: "210681"})
	if err != nil {
		t.Fatal(err)
	}
	market, err := a.Personnel().CreateAgency(sys, personnel.AgencyInput{ParentID: gov.Agency.ID, Name: "东港市市场监督管理局", Level: zhifa.LevelCity,
		Type: zhifa.AgencyAdministrative, RegionCode: "210681", LegalBasis: "《中华人民共和国食品安全法》第六条"})
	if err != nil {
		t.Fatal(err)
	}
	var officers []int64
	for i := range crashCertClients + crashUploaders {
		id, err := idcode.NewPersonID("210681", time.Date(1980+i, time.Month(1+i), 1+i, 0, 0, 0, 0, time.UTC), i)
		if err != nil {
			t.Fatal(err)
		}
		o, err := a.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: market.Agency.ID, Name: fmt.Sprintf("执法员%d", i+1), IDNumber: id.String(),
			Domains: []string{"市场监管"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
		if err != nil {
			t.Fatalf("officer %d: %v", i, err)
		}
		officers = append(officers, o.Officer.ID)
		if i < crashCertClients {
			c, err := a.Personnel().IssueCertificate(sys, o.Officer.ID, personnel.CertInput{Number: fmt.Sprintf("210681202600%02d", i), Issuer: "东港市人民政府",
				IssuedOn: zhifa.MustDate("2024-01-01"), ValidFrom: zhifa.MustDate("2024-01-01"), ValidUntil: zhifa.MustDate("2099-12-31"),
				Domains: []string{"市场监管"}})
			if err != nil {
				t.Fatalf("certificate %d: %v", i, err)
			}
			w.certs = append(w.certs, &crashCert{id: c.ID, officer: o.Officer.ID, state: c.State})
		}
	}
	users := []app.UserInput{{Login: "admin", Name: "管理员", Role: zhifa.RoleAdmin, AgencyID: market.Agency.ID, Password: crashPassword}}
	for i := range crashUploaders {
		users = append(users, app.UserInput{Login: fmt.Sprintf("uploader%d", i+1), Name: fmt.Sprintf("执法员%d", crashCertClients+i+1),
			Role: zhifa.RoleOfficer, AgencyID: market.Agency.ID, OfficerID: officers[crashCertClients+i], Password: crashPassword})
	}
	for _, u := range users {
		if _, err := a.CreateUser(sys, u); err != nil {
			t.Fatalf("user %s: %v", u.Login, err)
		}
	}
	err = st.View(context.Background(), func(tx zhifa.Tx) error {
		var err error
		w.seedSize, err = tx.LedgerSize(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// run starts the server and logs in, then runs the kill cycles.
func (w *crashWorld) run(cycles int) {
	t := w.t
	start := time.Now()
	w.start()
	w.adminToken = w.login("admin")
	for i := range crashUploaders {
		w.upTokens = append(w.upTokens, w.login(fmt.Sprintf("uploader%d", i+1)))
	}
	for cycle := 1; cycle <= cycles && !t.Failed(); cycle++ {
		w.load(cycle)
		w.verify()
		w.checkStore()
		w.start()
		w.checkAPI()
	}
	w.srv.kill()
	t.Logf("%d kill cycles in %v: %d state changes and %d uploads committed, %d entries; the kills cut off %d writes, of which %d had committed",
		cycles, time.Since(start).Round(time.Millisecond), len(w.certAck), len(w.upAck), w.checked, w.cutOff, w.cutCommitted)
}

// ---- the server ----

// crashServer is one run of `zhifa serve`.
type crashServer struct {
	cmd    *exec.Cmd
	url    string
	stderr *tailBuffer
	done   chan struct{}
}

var servingRE = regexp.MustCompile(`serving on (http://127\.0\.0\.1:\d+/)`)

// start starts the server on a random port and waits until it answers /healthz.
func (w *crashWorld) start() {
	t := w.t
	t.Helper()
	cmd := exec.Command(w.bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, w.storeArgs()...)...)
	cmd.Env = crashEnv()
	s := &crashServer{cmd: cmd, stderr: &tailBuffer{max: 64 << 10}, done: make(chan struct{})}
	cmd.Stderr = s.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.srv = s
	t.Cleanup(s.kill)
	urls := make(chan string, 1)
	go func() {
		defer close(s.done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingRE.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		cmd.Wait()
	}()
	select {
	case s.url = <-urls:
	case <-s.done:
		t.Fatalf("the server exited before serving: %s", s.stderr)
	case <-time.After(testenv.StartupTimeout):
		t.Fatalf("the server did not start within %s: %s", testenv.StartupTimeout, s.stderr)
	}
	s.url = strings.TrimSuffix(s.url, "/")
	w.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	if err := testenv.WaitHTTP(t.Context(), s.url+"/healthz", s.done); err != nil {
		t.Fatalf("%v; the server wrote: %s", err, s.stderr)
	}
	if w.key == "" {
		w.key = strings.TrimSpace(string(w.get("/ledger/key", "")))
	}
}

// kill sends SIGKILL and waits for the process to end. Safe to call again.
func (s *crashServer) kill() {
	if s.cmd.ProcessState == nil {
		s.cmd.Process.Kill() // SIGKILL
	}
	<-s.done
}

// crashEnv is the environment without the developer's ZHIFA_ variables.
func crashEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZHIFA_") {
			env = append(env, kv)
		}
	}
	return env
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	b   []byte
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b = append(b.b, p...)
	if len(b.b) > b.max {
		b.b = append(b.b[:0], b.b[len(b.b)-b.max:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.b)
}

// ---- HTTP ----

// do sends a request and returns the status and body; err is a transport error (the
// server died).
func (w *crashWorld) do(method, path, token, contentType string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, w.srv.url+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, b, nil
}

// get GETs path from the running server; it must answer 200.
func (w *crashWorld) get(path, token string) []byte {
	w.t.Helper()
	status, body, err := w.do("GET", path, token, "", nil)
	if err != nil || status != http.StatusOK {
		w.t.Fatalf("GET %s: %d %v: %.300s", path, status, err, body)
	}
	return body
}

func (w *crashWorld) login(login string) string {
	w.t.Helper()
	status, body, err := w.do("POST", "/api/v1/login", "", "application/json", []byte(`{"login":"`+login+`","password":"`+crashPassword+`"}`))
	var r struct {
		Token string `json:"token"`
	}
	if err != nil || status != http.StatusOK || json.Unmarshal(body, &r) != nil || r.Token == "" {
		w.t.Fatalf("login %s: %d %v %s", login, status, err, body)
	}
	return r.Token
}

// checkpoint reads and verifies the latest signed checkpoint.
func (w *crashWorld) checkpoint() (*crashCheckpoint, error) {
	status, note, err := w.do("GET", "/ledger/checkpoint", "", "", nil)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("GET /ledger/checkpoint: %d %s", status, note)
	}
	cp, err := ledger.VerifyCheckpoint(note, w.key)
	if err != nil {
		return nil, fmt.Errorf("checkpoint does not verify: %v\n%s", err, note)
	}
	return &crashCheckpoint{note: note, cp: cp}, nil
}

// ---- one cycle ----

// load runs the clients for a random 0.2 to 0.5 s, then kills the server and waits for
// the clients to notice.
func (w *crashWorld) load(cycle int) {
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i, c := range w.certs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.certClient(cycle, i, c)
		}()
	}
	for i, token := range w.upTokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.uploadClient(cycle, i, token)
		}()
	}
	// A reader keeps the latest checkpoint, as an outside party would.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			cp, err := w.checkpoint()
			if err != nil {
				return
			}
			w.mu.Lock()
			if w.lastCP == nil || cp.cp.Size >= w.lastCP.cp.Size {
				w.lastCP = cp
			}
			w.mu.Unlock()
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	time.Sleep(time.Duration(200+w.rng.IntN(300)) * time.Millisecond)
	w.srv.kill()
	close(stop)
	wg.Wait()
}

// certClient suspends and restores its certificate until the server dies.
func (w *crashWorld) certClient(cycle, n int, c *crashCert) {
	for {
		to := zhifa.CertSuspended
		if c.state == zhifa.CertSuspended {
			to = zhifa.CertValid
		}
		w.mu.Lock()
		w.seq++
		wr := &certWrite{cert: c.id, to: to, reason: fmt.Sprintf("%s 第%d轮 客户%d 第%d次", crashReason, cycle, n, w.seq)}
		w.certWait[wr.reason] = wr
		w.mu.Unlock()
		body, _ := json.Marshal(map[string]string{"state": string(to), "reason": wr.reason})
		status, resp, err := w.do("POST", fmt.Sprintf("/api/v1/certificates/%d/state", c.id), w.adminToken, "application/json", body)
		if err != nil {
			return // the server died; the write's fate is unknown
		}
		w.mu.Lock()
		delete(w.certWait, wr.reason)
		if status == http.StatusOK {
			w.certAck[wr.reason] = wr
			c.state = to
		}
		w.mu.Unlock()
		if status != http.StatusOK {
			w.t.Errorf("certificate %d → %s: %d %s", c.id, to, status, resp)
			return
		}
	}
}

// uploadClient uploads small text files until the server dies.
func (w *crashWorld) uploadClient(cycle, n int, token string) {
	rng := rand.New(rand.NewPCG(uint64(cycle), uint64(n)))
	for {
		w.mu.Lock()
		w.seq++
		up := &upload{title: fmt.Sprintf("crash c%d u%d #%d", cycle, n, w.seq)}
		w.upWait[up.title] = up
		w.mu.Unlock()
		var content strings.Builder
		for range 16 + rng.IntN(100) {
			fmt.Fprintf(&content, "%s line %d %x\n", up.title, rng.IntN(1000), rng.Uint64())
		}
		up.content = []byte(content.String())
		sum := sha256.Sum256(up.content)
		up.sha256 = hex.EncodeToString(sum[:])

		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("kind", "other")
		mw.WriteField("title", up.title)
		mw.WriteField("captured_at", time.Now().Add(-time.Hour).UTC().Format(time.RFC3339))
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="note.txt"`)
		h.Set("Content-Type", "text/plain")
		part, _ := mw.CreatePart(h)
		part.Write(up.content)
		mw.Close()
		status, resp, err := w.do("POST", "/api/v1/evidence", token, mw.FormDataContentType(), body.Bytes())
		if err != nil {
			return
		}
		var doc struct {
			ID     int64  `json:"id"`
			SHA256 string `json:"sha256"`
		}
		if status == http.StatusCreated {
			if err := json.Unmarshal(resp, &doc); err != nil || doc.SHA256 != up.sha256 || doc.ID == 0 {
				w.t.Errorf("upload %s: %v: %s", up.title, err, resp)
				return
			}
		}
		w.mu.Lock()
		delete(w.upWait, up.title)
		if status == http.StatusCreated {
			up.id = doc.ID
			w.upAck[up.title] = up
			w.newUps = append(w.newUps, up)
		}
		w.mu.Unlock()
		if status != http.StatusCreated {
			w.t.Errorf("upload %s: %d %s", up.title, status, resp)
			return
		}
	}
}

// verify runs `zhifa verify` on the data left by the kill, given the last checkpoint
// a client saw.
func (w *crashWorld) verify() {
	t := w.t
	t.Helper()
	args := append([]string{"verify"}, w.storeArgs()...)
	if w.lastCP != nil {
		kept := filepath.Join(t.TempDir(), "checkpoint")
		if err := os.WriteFile(kept, w.lastCP.note, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--checkpoint", kept)
	}
	cmd := exec.Command(w.bin, args...)
	cmd.Env = crashEnv()
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("OK: the ledger is intact")) {
		t.Fatalf("zhifa verify after the kill: %v\n%s", err, out)
	}
}

// checkStore checks the database left by the kill.
func (w *crashWorld) checkStore() {
	t := w.t
	t.Helper()
	ctx := context.Background()
	st := w.openStore()
	defer st.Close()
	events := map[string]int{} // certificate history rows by reason
	states := map[int64]zhifa.CertState{}
	var rows []*zhifa.Evidence
	var size int64
	err := st.View(ctx, func(tx zhifa.Tx) error {
		var err error
		if size, err = tx.LedgerSize(ctx); err != nil {
			return err
		}
		list, err := tx.LedgerEntries(ctx, w.checked, size)
		if err != nil {
			return err
		}
		// Reasons and titles are committed fields: their openings commit with the entry.
		stored, err := tx.LedgerOpenings(ctx, w.checked, size)
		if err != nil {
			return err
		}
		openings := map[int64][]ledger.Opening{}
		for _, o := range stored {
			openings[o.Index] = append(openings[o.Index], ledger.Opening{Field: o.Field, Salt: o.Salt, Value: o.Value})
		}
		for i, le := range list {
			if le.Index != w.checked+int64(i) {
				return fmt.Errorf("entry %d is missing", w.checked+int64(i))
			}
			e, err := ledger.ParseEntry(le.Data)
			if err != nil {
				return fmt.Errorf("entry %d: %v", le.Index, err)
			}
			if err := ledger.CheckOpenings(e, openings[le.Index]); err != nil {
				return fmt.Errorf("entry %d: %v", le.Index, err)
			}
			for _, o := range openings[le.Index] {
				e.Meta[o.Field] = o.Value
			}
			switch e.Kind {
			case "certificate.state":
				w.entryReasons[e.Meta["reason"]]++
			case "evidence.add":
				d, ok := e.Hashes["content"]
				if !ok {
					return fmt.Errorf("evidence entry %d names no content", le.Index)
				}
				w.evidenceByIdx[le.Index] = hex.EncodeToString(d.SHA256[:])
				w.evidenceTitles[e.Meta["title"]] = le.Index
			}
		}
		for _, c := range w.certs {
			cert, err := tx.Certificate(ctx, c.id)
			if err != nil {
				return err
			}
			states[c.id] = cert.State
			evs, err := tx.CertEvents(ctx, c.id)
			if err != nil {
				return err
			}
			for _, ev := range evs {
				if strings.HasPrefix(ev.Reason, crashReason) { // not the issue at seeding
					events[ev.Reason]++
				}
			}
		}
		for offset := 0; ; offset += 200 {
			page, _, err := tx.EvidenceList(ctx, zhifa.EvidenceFilter{Page: zhifa.Page{Limit: 200, Offset: offset}})
			if err != nil {
				return err
			}
			rows = append(rows, page...)
			if len(page) < 200 {
				return nil
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	w.checked = size

	w.mu.Lock()
	defer w.mu.Unlock()
	// Certificate changes: an entry for each history row and a row for each entry.
	for reason, n := range w.entryReasons {
		if events[reason] != n {
			t.Errorf("change %q: %d ledger entries, %d history rows", reason, n, events[reason])
		}
		if n != 1 {
			t.Errorf("change %q recorded %d times", reason, n)
		}
		if w.certAck[reason] == nil && w.certWait[reason] == nil {
			t.Errorf("change %q was never sent", reason)
		}
	}
	for reason := range events {
		if w.entryReasons[reason] == 0 {
			t.Errorf("history row %q has no ledger entry", reason)
		}
	}
	for reason := range w.certAck {
		if w.entryReasons[reason] != 1 {
			t.Errorf("acknowledged change %q is lost after the kill", reason)
		}
	}
	for reason, wr := range w.certWait {
		w.cutOff++
		if w.entryReasons[reason] == 1 {
			w.certAck[reason] = wr // committed, the answer was lost
			w.cutCommitted++
		}
		delete(w.certWait, reason)
	}
	for _, c := range w.certs {
		c.state = states[c.id]
	}
	// Evidence: a row for each entry, an entry for each row, a file for each row.
	blobs := filepath.Join(w.data, "blobs")
	byTitle := map[string]*zhifa.Evidence{}
	byIdx := map[int64]bool{}
	for _, e := range rows {
		byTitle[e.Title] = e
		byIdx[e.LedgerIndex] = true
		if sha, ok := w.evidenceByIdx[e.LedgerIndex]; !ok || sha != e.SHA256 {
			t.Errorf("evidence %d (%s): its ledger entry %d is missing or names %q", e.ID, e.Title, e.LedgerIndex, sha)
		}
		checkBlob(t, blobs, e)
	}
	for idx := range w.evidenceByIdx {
		if !byIdx[idx] {
			t.Errorf("evidence entry %d has no evidence row", idx)
		}
	}
	for title, up := range w.upAck {
		e := byTitle[title]
		if e == nil || e.ID != up.id || e.SHA256 != up.sha256 {
			t.Errorf("acknowledged upload %q (evidence %d) is lost or changed after the kill: %+v", title, up.id, e)
		}
	}
	for title, up := range w.upWait {
		w.cutOff++
		if e := byTitle[title]; e != nil {
			w.cutCommitted++
			if e.SHA256 != up.sha256 {
				t.Errorf("upload %q cut off by the kill was stored with SHA-256 %s, want %s", title, e.SHA256, up.sha256)
			}
			up.id = e.ID
			w.upAck[title] = up
			w.newUps = append(w.newUps, up)
		}
		delete(w.upWait, title)
	}
	if n := int64(len(w.entryReasons) + len(w.evidenceByIdx)); size != w.seedSize+n {
		t.Errorf("ledger size %d: %d seeded + %d changes and uploads", size, w.seedSize, n)
	}
}

// checkBlob checks that the file of an evidence row is stored and rehashes to its
// digest.
func checkBlob(t *testing.T, dir string, e *zhifa.Evidence) {
	t.Helper()
	if len(e.SHA256) != 64 {
		t.Errorf("evidence %d: SHA-256 %q", e.ID, e.SHA256)
		return
	}
	var sum [32]byte
	hex.Decode(sum[:], []byte(e.SHA256))
	path := filepath.Join(dir, filepath.FromSlash(blob.Key(sum))) // blob.Dir's layout
	b, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("evidence %d (%s): its file is missing: %v", e.ID, e.Title, err)
		return
	}
	if got := sha256.Sum256(b); got != sum || int64(len(b)) != e.Size {
		t.Errorf("evidence %d (%s): its file does not rehash (%d bytes)", e.ID, e.Title, len(b))
	}
}

// checkAPI checks the restarted server: its checkpoint covers every entry and is
// consistent with the last one seen before the kill; the staff API shows every
// acknowledged change and serves every acknowledged file.
func (w *crashWorld) checkAPI() {
	t := w.t
	t.Helper()
	// The integrator runs on start: wait for the checkpoint of every entry.
	var cp *crashCheckpoint
	for deadline := time.Now().Add(20 * time.Second); ; {
		var err error
		cp, err = w.checkpoint()
		if err != nil {
			t.Fatal(err)
		}
		if cp.cp.Size >= w.checked {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("checkpoint size %d after restart, %d entries", cp.cp.Size, w.checked)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if cp.cp.Size != w.checked {
		t.Errorf("checkpoint size %d after restart, %d entries", cp.cp.Size, w.checked)
	}
	if old := w.lastCP; old != nil {
		if old.cp.Size > cp.cp.Size {
			t.Fatalf("checkpoint of %d entries after restart, %d before the kill", cp.cp.Size, old.cp.Size)
		}
		var p ledger.ConsistencyProof
		body := w.get(fmt.Sprintf("/api/v1/ledger/proof/consistency?old=%d&new=%d", old.cp.Size, cp.cp.Size), "")
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatal(err)
		}
		if err := p.Verify(old.cp, cp.cp); err != nil {
			t.Fatalf("checkpoint after restart (%d) is not consistent with the one before the kill (%d): %v", cp.cp.Size, old.cp.Size, err)
		}
	}
	w.lastCP = cp

	// Every acknowledged change is in its certificate's history.
	history := map[string]bool{}
	for _, c := range w.certs {
		var v personnel.OfficerView
		if err := json.Unmarshal(w.get(fmt.Sprintf("/api/v1/officers/%d", c.officer), w.adminToken), &v); err != nil {
			t.Fatal(err)
		}
		for _, cv := range v.Certificates {
			if cv.ID != c.id {
				continue
			}
			if cv.State != c.state {
				t.Errorf("certificate %d is %s, the database says %s", c.id, cv.State, c.state)
			}
			for _, ev := range cv.Events {
				history[ev.Reason] = true
			}
		}
	}
	for reason := range w.certAck {
		if !history[reason] {
			t.Errorf("acknowledged change %q is not in the certificate's history", reason)
		}
	}
	// Every file acknowledged since the last check is served and rehashes.
	for _, up := range w.newUps {
		var doc struct {
			SHA256 string `json:"sha256"`
		}
		if err := json.Unmarshal(w.get(fmt.Sprintf("/api/v1/evidence/%d", up.id), w.adminToken), &doc); err != nil || doc.SHA256 != up.sha256 {
			t.Errorf("evidence %d (%s): %v, SHA-256 %s want %s", up.id, up.title, err, doc.SHA256, up.sha256)
		}
		content := w.get(fmt.Sprintf("/api/v1/evidence/%d/content", up.id), w.adminToken)
		if sum := sha256.Sum256(content); hex.EncodeToString(sum[:]) != up.sha256 || !bytes.Equal(content, up.content) {
			t.Errorf("evidence %d (%s): the content served does not rehash", up.id, up.title)
		}
	}
	w.newUps = nil
}
