package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/internal/testenv"
	"zhifa/sqlstore"
)

// clearEnv keeps the developer's ZHIFA_* variables out of the tests.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"ZHIFA_ADDR", "ZHIFA_DATA", "ZHIFA_DB", "ZHIFA_PII_KEY", "ZHIFA_LEDGER_KEY", "ZHIFA_LEDGER_SM2_KEY", "ZHIFA_LEDGER_ORIGIN",
		"ZHIFA_BLOBS", "ZHIFA_S3", "ZHIFA_MAX_EVIDENCE", "ZHIFA_HTTPS", "ZHIFA_TRUSTED_PROXY", "ZHIFA_METRICS_ADDR", "ZHIFA_METRICS_TOKEN"} {
		t.Setenv(k, "")
	}
}

// result is the outcome of one run.
type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

func runZhifa(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	start := time.Now()
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
}

// oneLine checks that stderr is exactly one line containing want.
func oneLine(t *testing.T, r result, want string) {
	t.Helper()
	if n := strings.Count(r.stderr, "\n"); n != 1 || !strings.HasSuffix(r.stderr, "\n") {
		t.Errorf("stderr has %d lines, want 1: %q", n, r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q does not contain %q", r.stderr, want)
	}
}

func TestVersion(t *testing.T) {
	clearEnv(t)
	r := runZhifa(t, "", "version")
	if r.code != 0 || !regexp.MustCompile(`^zhifa \S+\n$`).MatchString(r.stdout) {
		t.Fatalf("version: code %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	old := version
	version = "v1.2.3"
	t.Cleanup(func() { version = old })
	if r := runZhifa(t, "", "version"); r.stdout != "zhifa v1.2.3\n" {
		t.Errorf("with -ldflags version: %q", r.stdout)
	}
}

func TestCommandLine(t *testing.T) {
	clearEnv(t)
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stdout string // substring of stdout
		stderr string // substring of the one stderr line; "" means stderr must be empty
	}{
		{"no args", nil, exitUsage, "", ""},
		{"help", []string{"help"}, exitOK, "Commands:", ""},
		{"help serve", []string{"help", "serve"}, exitOK, "HOST:PORT", ""},
		{"serve -h", []string{"serve", "-h"}, exitOK, "-addr HOST:PORT", ""},
		{"demo --help", []string{"demo", "--help"}, exitOK, "Demo@2026zf", ""},
		{"user -h", []string{"user", "-h"}, exitOK, "add", ""},
		{"user add -h", []string{"user", "add", "-h"}, exitOK, "-login NAME", ""},
		{"unknown command", []string{"frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{"help unknown", []string{"help", "frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{"bad flag", []string{"serve", "--port", "80"}, exitUsage, "", "flag provided but not defined: -port"},
		{"bad flag value", []string{"user", "add", "--officer", "x"}, exitUsage, "", `invalid value "x"`},
		{"stray argument", []string{"migrate", "now"}, exitUsage, "", `unexpected argument "now"`},
		{"user without subcommand", []string{"user"}, exitUsage, "", "missing subcommand"},
		{"user bad subcommand", []string{"user", "delete"}, exitUsage, "", `unknown subcommand "delete"`},
		{"db not postgres", []string{"migrate", "--db", "mysql://x/y"}, exitUsage, "", "--db must be a postgres:// URL"},
		{"user add missing flags", []string{"user", "add", "--login", "x1"}, exitUsage, "", "missing --name, --role, --agency"},
		{"user add bad role", []string{"user", "add", "--login", "x1", "--name", "X", "--role", "king", "--agency", "1"}, exitUsage, "", `--role "king"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runZhifa(t, "", c.args...)
			if r.code != c.code {
				t.Errorf("exit %d, want %d (stderr %q)", r.code, c.code, r.stderr)
			}
			if !strings.Contains(r.stdout, c.stdout) {
				t.Errorf("stdout %q does not contain %q", r.stdout, c.stdout)
			}
			switch {
			case c.stderr != "":
				oneLine(t, r, c.stderr)
			case c.args == nil:
				if !strings.Contains(r.stderr, "Commands:") {
					t.Errorf("no args: stderr %q, want the usage", r.stderr)
				}
			case r.stderr != "":
				t.Errorf("stderr %q, want none", r.stderr)
			}
		})
	}
}

func TestPostgresUnreachable(t *testing.T) {
	clearEnv(t)
	data := t.TempDir()
	for _, cmd := range []string{"serve", "migrate"} {
		r := runZhifa(t, "", cmd, "--data", data, "--db", "postgres://nobody@127.0.0.1:1/x")
		if r.code != exitError {
			t.Errorf("%s: exit %d, want %d", cmd, r.code, exitError)
		}
		oneLine(t, r, "127.0.0.1:1")
		if r.took > 5*time.Second {
			t.Errorf("%s: took %v to fail", cmd, r.took)
		}
	}
	// No key is written for a database that was never reached.
	if _, err := os.Stat(filepath.Join(data, "keys")); !os.IsNotExist(err) {
		t.Errorf("keys directory created for an unreachable database: %v", err)
	}
}

func TestMigrateCreatesKey(t *testing.T) {
	clearEnv(t)
	data := filepath.Join(t.TempDir(), "data")
	r := runZhifa(t, "", "migrate", "--data", data)
	if r.code != 0 || !strings.Contains(r.stdout, "database migrated (sqlite)") {
		t.Fatalf("migrate: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "zhifa.db")); err != nil {
		t.Fatal(err)
	}
	key1 := readKey(t, data)
	for path, want := range map[string]os.FileMode{data: 0o700, filepath.Join(data, "keys"): 0o700, keyPath(data): 0o600, filepath.Join(data, "zhifa.db"): 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, st.Mode().Perm(), want)
		}
	}
	if !strings.Contains(r.stderr, "generated a new personal-data key") || strings.Contains(r.stderr, base64.StdEncoding.EncodeToString(key1)) {
		t.Errorf("stderr should announce the new key without printing it: %q", r.stderr)
	}
	// A second run keeps the key and is quiet.
	r = runZhifa(t, "", "migrate", "--data", data)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("second migrate: exit %d stderr %q", r.code, r.stderr)
	}
	if !bytes.Equal(readKey(t, data), key1) {
		t.Error("second migrate changed the key")
	}
	// ZHIFA_DATA works like --data.
	t.Setenv("ZHIFA_DATA", data)
	if r := runZhifa(t, "", "migrate"); r.code != 0 {
		t.Errorf("migrate with ZHIFA_DATA: exit %d stderr %q", r.code, r.stderr)
	}
}

func readKey(t *testing.T, data string) []byte {
	t.Helper()
	b, err := os.ReadFile(keyPath(data))
	if err != nil {
		t.Fatal(err)
	}
	key, err := decodeKey(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// openTestStore opens the data directory's database with its key, as the binary does.
func openTestStore(t *testing.T, data string) (*sqlstore.DB, *app.App) {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), filepath.Join(data, "zhifa.db"), sqlstore.Options{PIIKey: readKey(t, data)})
	if err != nil {
		t.Fatal(err)
	}
	return db, app.New(db, app.Options{})
}

func sysCtx() context.Context {
	return app.WithActor(context.Background(), app.SystemActor("test"))
}

func TestUserAdd(t *testing.T) {
	clearEnv(t)
	data := t.TempDir()
	if r := runZhifa(t, "", "migrate", "--data", data); r.code != 0 {
		t.Fatalf("migrate: %q", r.stderr)
	}
	db, a := openTestStore(t, data)
	res, err := a.Personnel().CreateAgency(sysCtx(), personnel.AgencyInput{Name: "东港市市场监督管理局", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative, RegionCode: "371800", LegalBasis: "《中华人民共和国食品安全法》第六条"})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	agency := res.Agency

	for _, c := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		err   string
	}{
		{"by id", "s3cret-pass\n", []string{"--login", "alice", "--name", "王丽", "--role", "admin", "--agency", "1"}, 0, ""},
		{"by name, no newline", "another-pass-2", []string{"--login", "bob", "--name", "李强", "--role", "officer", "--agency", agency.Name}, 0, ""},
		{"duplicate login", "s3cret-pass\n", []string{"--login", "alice", "--name", "王丽", "--role", "admin", "--agency", "1"}, exitError, "ECONFLICT"},
		{"empty stdin", "", []string{"--login", "carol", "--name", "C", "--role", "head", "--agency", "1"}, exitUsage, "no password on stdin"},
		{"short password", "short\n", []string{"--login", "carol", "--name", "C", "--role", "head", "--agency", "1"}, exitError, "password"},
		{"common password", "P@ssw0rd\n", []string{"--login", "carol", "--name", "C", "--role", "head", "--agency", "1"}, exitError, "常见"},
		{"unknown agency", "s3cret-pass\n", []string{"--login", "carol", "--name", "C", "--role", "head", "--agency", "西山县"}, exitError, `no agency named "西山县"`},
		{"missing agency id", "s3cret-pass\n", []string{"--login", "carol", "--name", "C", "--role", "head", "--agency", "99"}, exitError, "agency 99"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runZhifa(t, c.stdin, append([]string{"user", "add", "--data", data}, c.args...)...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", r.code, c.code, r.stdout, r.stderr)
			}
			if c.code == 0 {
				if !strings.Contains(r.stdout, "created user "+c.args[1]) || r.stderr != "" {
					t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
				}
				return
			}
			oneLine(t, r, c.err)
		})
	}

	// The accounts log in with the passwords given on stdin, and only with them.
	db, a = openTestStore(t, data)
	defer db.Close()
	public := app.WithActor(context.Background(), &app.Actor{IP: "192.0.2.1"})
	for _, c := range []struct {
		login, password string
		ok              bool
		role            zhifa.Role
	}{
		{"alice", "s3cret-pass", true, zhifa.RoleAdmin},
		{"bob", "another-pass-2", true, zhifa.RoleOfficer},
		{"alice", "s3cret-pass\n", false, ""},
		{"carol", "s3cret-pass", false, ""},
	} {
		_, u, err := a.Login(public, c.login, c.password, zhifa.SessionAPI)
		if (err == nil) != c.ok {
			t.Errorf("login %s/%q: err %v, want ok=%v", c.login, c.password, err, c.ok)
			continue
		}
		if c.ok && (u.Role != c.role || u.AgencyID != agency.ID) {
			t.Errorf("login %s: role %s agency %d", c.login, u.Role, u.AgencyID)
		}
	}

	r := runZhifa(t, "", "user", "list", "--data", data)
	if r.code != 0 || !strings.Contains(r.stdout, "alice") || !strings.Contains(r.stdout, "东港市市场监督管理局") {
		t.Errorf("user list: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestKeyProtection(t *testing.T) {
	clearEnv(t)
	data := t.TempDir()
	if r := runZhifa(t, "", "migrate", "--data", data); r.code != 0 {
		t.Fatalf("migrate: %q", r.stderr)
	}
	db, a := openTestStore(t, data)
	ag, err := a.Personnel().CreateAgency(sysCtx(), personnel.AgencyInput{Name: "东港市应急管理局", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative, RegionCode: "371800", LegalBasis: "《中华人民共和国安全生产法》第十条"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Personnel().CreateOfficer(sysCtx(), personnel.OfficerInput{AgencyID: ag.Agency.ID, Name: "张三", IDNumber: "370202199001011237", Active: true}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	good := readKey(t, data)

	// A wrong key from the environment is refused before serving anything.
	other := bytes.Repeat([]byte{7}, 32)
	t.Setenv("ZHIFA_PII_KEY", base64.StdEncoding.EncodeToString(other))
	r := runZhifa(t, "", "migrate", "--data", data)
	if r.code != exitError {
		t.Errorf("wrong key: exit %d", r.code)
	}
	oneLine(t, r, "cannot read officers' personal data")

	t.Setenv("ZHIFA_PII_KEY", "not-a-key")
	r = runZhifa(t, "", "migrate", "--data", data)
	if r.code != exitError {
		t.Errorf("malformed key: exit %d", r.code)
	}
	oneLine(t, r, "ZHIFA_PII_KEY")

	// The right key in the environment works without the file.
	t.Setenv("ZHIFA_PII_KEY", base64.RawURLEncoding.EncodeToString(good))
	if r := runZhifa(t, "", "migrate", "--data", data); r.code != 0 {
		t.Errorf("key from env: exit %d stderr %q", r.code, r.stderr)
	}

	// A lost key file is not silently replaced while personal data exists.
	t.Setenv("ZHIFA_PII_KEY", "")
	if err := os.Remove(keyPath(data)); err != nil {
		t.Fatal(err)
	}
	r = runZhifa(t, "", "migrate", "--data", data)
	if r.code != exitError {
		t.Errorf("missing key: exit %d", r.code)
	}
	oneLine(t, r, "restore the key from your backup")
	if _, err := os.Stat(keyPath(data)); !os.IsNotExist(err) {
		t.Errorf("a new key was written over lost data: %v", err)
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server runs a serving command in the background until the test stops it.
type server struct {
	url    string
	stdout *syncBuffer
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan int
}

var urlRE = regexp.MustCompile(`serving on (http://127\.0\.0\.1:\d+/)`)

func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	go func() { s.done <- run(ctx, args, strings.NewReader(""), s.stdout, s.stderr) }()
	deadline := time.After(testenv.StartupTimeout)
	for {
		if m := urlRE.FindStringSubmatch(s.stdout.String()); m != nil {
			s.url = m[1]
			break
		}
		select {
		case code := <-s.done:
			t.Fatalf("%v exited with %d before serving: %s", args, code, s.stderr.String())
		case <-deadline:
			cancel()
			t.Fatalf("%v did not start within %s; it wrote: %s%s", args, testenv.StartupTimeout, s.stdout.String(), s.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return s
}

// stop cancels the context (as SIGINT does) and returns the exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		return code
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop")
		return -1
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// getAuth is get with an Authorization header.
func getAuth(t *testing.T, url, auth string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeSecurityFlags(t *testing.T) {
	clearEnv(t)
	t.Setenv("ZHIFA_ADDR", "127.0.0.1:0")
	const token = "metrics-secret-0123456789"
	// Metrics behind a bearer token on the main listener; HTTPS from the environment.
	t.Setenv("ZHIFA_HTTPS", "true")
	s := startServer(t, "serve", "--data", t.TempDir(), "--metrics-token", token, "--trusted-proxy", "127.0.0.1/32")
	for _, c := range []struct {
		auth   string
		status int
	}{{"", 401}, {"Bearer wrong-token-0123456789", 401}, {"Bearer " + token, 200}} {
		if status, body := getAuth(t, s.url+"metrics", c.auth); status != c.status || (status == 200 && !strings.Contains(body, "zhifa_http_requests_total")) {
			t.Errorf("metrics with %q: %d %q", c.auth, status, body)
		}
	}
	resp, err := http.Get(s.url + "login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("ZHIFA_HTTPS=true: no HSTS header")
	}
	s.stop(t)

	// Metrics on their own listener only.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	maddr := ln.Addr().String()
	ln.Close()
	s = startServer(t, "serve", "--data", t.TempDir(), "--metrics-addr", maddr)
	if status, _ := get(t, s.url+"metrics"); status != 404 {
		t.Errorf("metrics on the main listener with --metrics-addr: %d", status)
	}
	if status, body := get(t, "http://"+maddr+"/metrics"); status != 200 || !strings.Contains(body, "go_goroutines") {
		t.Errorf("metrics listener: %d %q", status, body)
	}
	s.stop(t)

	for _, args := range [][]string{
		{"serve", "--data", t.TempDir(), "--trusted-proxy", "10.0.0.0/99"},
		{"serve", "--data", t.TempDir(), "--metrics-token", "short"},
	} {
		if r := runZhifa(t, "", args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want usage error; %s", args, r.code, r.stderr)
		}
	}
}

func TestServe(t *testing.T) {
	clearEnv(t)
	data := t.TempDir()
	t.Setenv("ZHIFA_ADDR", "127.0.0.1:0")
	s := startServer(t, "serve", "--data", data)
	for _, c := range []struct {
		path   string
		status int
		body   string
	}{
		{"healthz", 200, "ok\n"},
		{"readyz", 200, "ok\n"},
		{"metrics", 404, ""}, // not public: neither --metrics-addr nor --metrics-token
		{"api/v1/public/items", 200, `"total":0`},
	} {
		status, body := get(t, s.url+c.path)
		if status != c.status || !strings.Contains(body, c.body) {
			t.Errorf("GET /%s: %d %q, want %d containing %q", c.path, status, body, c.status, c.body)
		}
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("exit %d after cancel; stderr %s", code, s.stderr.String())
	}
	if !strings.Contains(s.stderr.String(), "msg=stopped") {
		t.Errorf("no clean shutdown in the log: %s", s.stderr.String())
	}
	// A second server cannot take a port that is in use: one line, exit 1.
	s = startServer(t, "serve", "--data", data)
	r := runZhifa(t, "", "serve", "--data", t.TempDir(), "--addr", strings.TrimSuffix(strings.TrimPrefix(s.url, "http://"), "/"))
	if r.code != exitError {
		t.Errorf("busy port: exit %d", r.code)
	}
	if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); !strings.Contains(lines[len(lines)-1], "listen on") {
		t.Errorf("busy port: stderr %q", r.stderr)
	}
	s.stop(t)
}

func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: seeds the demo city (-short)")
	}
	clearEnv(t)
	data := filepath.Join(t.TempDir(), "demo")
	s := startServer(t, "demo", "--data", data, "--addr", "127.0.0.1:0")
	// The banner is printed line by line after the URL: wait for its last account.
	out := s.stdout.String()
	for deadline := time.Now().Add(testenv.StartupTimeout); !strings.Contains(out, "东港市司法局") && time.Now().Before(deadline); out = s.stdout.String() {
		time.Sleep(20 * time.Millisecond)
	}
	for _, want := range []string{"demo city seeded", "Demo@2026zf", "admin", "officer1", "officer2", "reviewer1", "head1", "supervisor1", "东港市司法局"} {
		if !strings.Contains(out, want) {
			t.Errorf("banner lacks %q:\n%s", want, out)
		}
	}
	status, body := get(t, s.url+"api/v1/public/items?limit=5")
	var items struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal([]byte(body), &items); status != 200 || err != nil || items.Total < 90 {
		t.Errorf("public items: %d, %d items (%v)", status, items.Total, err)
	}
	if status, body := get(t, s.url+"api/v1/public/items/SJ-CF-0001"); status != 200 || !strings.Contains(body, "第一百二十二条") {
		t.Errorf("public item SJ-CF-0001: %d %.300s", status, body)
	}
	resp, err := http.Post(s.url+"api/v1/login", "application/json", strings.NewReader(`{"login":"officer1","password":"Demo@2026zf"}`))
	if err != nil {
		t.Fatal(err)
	}
	var login struct {
		Token string `json:"token"`
	}
	json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	if resp.StatusCode != 200 || login.Token == "" {
		t.Errorf("login officer1: %d token %q", resp.StatusCode, login.Token)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit %d: %s", code, s.stderr.String())
	}

	// An existing data directory is served as is, not seeded again.
	s = startServer(t, "demo", "--data", data, "--addr", "127.0.0.1:0")
	if out := s.stdout.String(); !strings.Contains(out, "existing data served as is") {
		t.Errorf("second start: %s", out)
	}
	s.stop(t)
	db, a := openTestStore(t, data)
	defer db.Close()
	ags, err := a.Personnel().Agencies(sysCtx())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ags); n < 10 || n > 20 {
		t.Errorf("%d agencies after two demo starts", n)
	}
}
