package testenv_test

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"zhifa/internal/testenv"
)

// fakeTB records Fatalf/Skipf and stops its goroutine, like testing.T does.
type fakeTB struct {
	testing.TB
	fatal, skip bool
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Fatalf(string, ...any) { f.fatal = true; runtime.Goexit() }
func (f *fakeTB) Skipf(string, ...any)  { f.skip = true; runtime.Goexit() }
func (f *fakeTB) run(fn func(testing.TB)) {
	done := make(chan struct{})
	go func() { defer close(done); fn(f) }()
	<-done
}

func TestMissingPostgresSkipsOrFailsUnderCI(t *testing.T) {
	t.Setenv(testenv.PostgresEnv, "")
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		f := &fakeTB{TB: t}
		f.run(func(tb testing.TB) { testenv.PostgresURL(tb) })
		if wantFatal := ci == "true"; f.fatal != wantFatal || f.skip == wantFatal {
			t.Errorf("CI=%q: fatal=%v skip=%v, want fatal=%v", ci, f.fatal, f.skip, wantFatal)
		}
	}
}

func TestPostgresDatabaseURL(t *testing.T) {
	t.Setenv(testenv.PostgresEnv, "postgres://zhifa@127.0.0.1:54329/postgres?sslmode=disable")
	got := testenv.PostgresDatabaseURL(t, "zt_abc_1")
	if want := "postgres://zhifa@127.0.0.1:54329/zt_abc_1?sslmode=disable"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	for _, bad := range []string{"", "Abc", "a-b", "x;drop", strings.Repeat("a", 64)} {
		f := &fakeTB{TB: t}
		f.run(func(tb testing.TB) { testenv.PostgresDatabaseURL(tb, bad) })
		if !f.fatal {
			t.Errorf("PostgresDatabaseURL(%q) did not fail", bad)
		}
	}
}

func TestDatabaseName(t *testing.T) {
	seen := map[string]bool{}
	for range 3 {
		n := testenv.DatabaseName(t)
		if !strings.HasPrefix(n, "zt_testdatabasename_") || len(n) > 63 || seen[n] {
			t.Errorf("bad or repeated name %q", n)
		}
		seen[n] = true
		t.Setenv(testenv.PostgresEnv, "postgres://u@h:1/postgres")
		testenv.PostgresDatabaseURL(t, n) // fails the test if n is invalid
	}
	t.Run("a very long sub-test name / with 中文 and symbols !!! that goes on and on", func(t *testing.T) {
		n := testenv.DatabaseName(t)
		if len(n) > 63 || strings.Contains(n, "__") {
			t.Errorf("bad name %q", n)
		}
	})
}

// TestPostgresReachable checks the server in ZHIFA_TEST_PG accepts the URL's
// user and database with trust auth, speaking the wire protocol directly.
func TestPostgresReachable(t *testing.T) {
	u, err := url.Parse(testenv.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", u.Host, err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))

	// StartupMessage: length, protocol 3.0, key/value pairs, final NUL.
	body := binary.BigEndian.AppendUint32(nil, 3<<16)
	for _, s := range []string{"user", u.User.Username(), "database", strings.TrimPrefix(u.Path, "/"), ""} {
		body = append(append(body, s...), 0)
	}
	msg := binary.BigEndian.AppendUint32(nil, uint32(4+len(body)))
	if _, err := conn.Write(append(msg, body...)); err != nil {
		t.Fatal(err)
	}
	// Expect AuthenticationOk: 'R', length 8, code 0.
	var reply [9]byte
	if _, err := io.ReadFull(conn, reply[:]); err != nil {
		t.Fatalf("reading startup reply: %v", err)
	}
	if reply[0] != 'R' || binary.BigEndian.Uint32(reply[5:]) != 0 {
		t.Fatalf("server did not accept %s with trust auth: reply %q", u.Redacted(), reply)
	}
	conn.Write([]byte{'X', 0, 0, 0, 4}) // Terminate
}

// TestChromiumRuns runs the headless browser on a page whose Chinese text is
// written by JavaScript and checks the resulting DOM.
func TestChromiumRuns(t *testing.T) {
	bin := testenv.Chromium(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	page := "data:text/html;charset=utf-8," + url.PathEscape(`<script>document.write("行政"+"执法")</script>`)
	args := append(testenv.ChromiumFlags(), "--user-data-dir="+t.TempDir(), "--dump-dom", page)
	out, err := exec.CommandContext(ctx, bin, args...).Output()
	if err != nil {
		t.Fatalf("%s: %v", bin, err)
	}
	if !strings.Contains(string(out), "行政执法") {
		t.Fatalf("DOM lacks the script's text: %s", out)
	}
}

// TestWaitHTTP: the wait returns once the server answers 200, and reports a
// server that exited instead of waiting out the deadline.
func TestWaitHTTP(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			http.Error(w, "starting", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	if err := testenv.WaitHTTP(t.Context(), srv.URL, nil); err != nil || calls.Load() != 3 {
		t.Fatalf("WaitHTTP = %v after %d calls, want nil after 3", err, calls.Load())
	}

	exited := make(chan struct{})
	close(exited)
	start := time.Now()
	err := testenv.WaitHTTP(t.Context(), "http://127.0.0.1:1/healthz", exited)
	if err == nil || !strings.Contains(err.Error(), "exited") || time.Since(start) > 10*time.Second {
		t.Fatalf("WaitHTTP on a dead server = %v after %s", err, time.Since(start))
	}
}
