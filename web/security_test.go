package web

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"zhifa/web/kit"
)

// loginVia posts an API login through srv, as if forwarded for xff ("" sends no header).
func loginVia(t *testing.T, srv *httptest.Server, xff, login, password string) *http.Response {
	t.Helper()
	body := fmt.Sprintf(`{"login":%q,"password":%q}`, login, password)
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/login", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func TestAPILoginThrottle(t *testing.T) {
	env := newTestEnv(t)
	proxied := httptest.NewServer(New(env.App, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}))
	t.Cleanup(proxied.Close)
	for i := range 5 {
		if res := loginVia(t, proxied, "203.0.113.5", loginHead, "Wrong-pass-1"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, res.StatusCode)
		}
	}
	if res := loginVia(t, proxied, "203.0.113.5", loginHead, testPassword); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("right password from the throttled address: %d", res.StatusCode)
	}
	// The owner, from another address behind the same proxy, logs in.
	if res := loginVia(t, proxied, "198.51.100.7", loginHead, testPassword); res.StatusCode != http.StatusOK {
		t.Fatalf("owner from another address: %d", res.StatusCode)
	}
	// Without a trusted proxy, X-Forwarded-For is the client's word and is ignored: five
	// failures from the loopback address under five made-up addresses still count.
	for i := range 5 {
		loginVia(t, env.HTTP, fmt.Sprintf("192.0.2.%d", i+1), loginReviewer, "Wrong-pass-1")
	}
	if res := loginVia(t, env.HTTP, "192.0.2.99", loginReviewer, testPassword); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("spoofed X-Forwarded-For escaped the throttle: %d", res.StatusCode)
	}
	// Every failure answers alike; a success carries a token and is not cached.
	res := env.api(t, "POST", "/api/v1/login", "", loginRequest{Login: "nobody", Password: "whatever-1"})
	if res.Status != http.StatusUnauthorized || res.Error().Message != "登录名或密码错误" {
		t.Errorf("unknown login: %d %s", res.Status, res.Body)
	}
	var ok loginResponse
	res = env.api(t, "POST", "/api/v1/login", "", loginRequest{Login: loginAdmin, Password: testPassword})
	res.JSON(t, &ok)
	if res.Status != http.StatusOK || ok.Token == "" || ok.TokenType != "Bearer" || res.Header.Get("Cache-Control") != "no-store" || strings.Contains(string(res.Body), "argon2") {
		t.Errorf("login answer %d %s, headers %v", res.Status, res.Body, res.Header)
	}
	if res := env.api(t, "POST", "/api/v1/login", "", `{"login": "", "password": ""}`); res.Status != 422 {
		t.Errorf("empty login: %d %s", res.Status, res.Body)
	}
}

func TestClientAddr(t *testing.T) {
	proxies, err := ParseTrustedProxies("10.0.0.0/8, 127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{opts: Options{TrustedProxies: proxies}}
	tests := []struct {
		name, peer, xff, want string
	}{
		{"direct client", "203.0.113.1:5000", "", "203.0.113.1"},
		{"direct client lies", "203.0.113.1:5000", "198.51.100.1", "203.0.113.1"},
		{"through the proxy", "127.0.0.1:5000", "198.51.100.1", "198.51.100.1"},
		{"client prepends a lie", "127.0.0.1:5000", "1.2.3.4, 198.51.100.1", "198.51.100.1"},
		{"two proxies", "10.1.1.1:5000", "198.51.100.1, 10.2.2.2", "198.51.100.1"},
		{"garbage hop", "127.0.0.1:5000", "nonsense", "127.0.0.1"},
		{"proxy without header", "127.0.0.1:5000", "", "127.0.0.1"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := s.clientAddr(r); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if _, err := ParseTrustedProxies("10.0.0.0/33"); err == nil {
		t.Error("a bad CIDR block was accepted")
	}
}

func TestHTTPSDeployment(t *testing.T) {
	env := newTestEnv(t)
	for _, https := range []bool{false, true} {
		srv := httptest.NewServer(New(env.App, Options{HTTPS: https}))
		form := url.Values{"login": {loginAdmin}, "password": {testPassword}}
		req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := env.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		srv.Close()
		var secure bool
		for _, c := range res.Cookies() {
			if c.Name == kit.SessionCookie {
				secure = c.Secure
			}
		}
		hsts := res.Header.Get("Strict-Transport-Security")
		if secure != https || (hsts != "") != https {
			t.Errorf("https=%v: cookie Secure %v, HSTS %q", https, secure, hsts)
		}
	}
}

// TestSlowBodyTimesOut trickles a login body a byte at a time over a real connection:
// the server gives up after BodyTimeout instead of waiting for minutes.
func TestSlowBodyTimesOut(t *testing.T) {
	env := newTestEnv(t)
	srv := httptest.NewServer(New(env.App, Options{BodyTimeout: 300 * time.Millisecond}))
	t.Cleanup(srv.Close)
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"login":"admin","password":"test-pass-123"}`
	fmt.Fprintf(conn, "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	start := time.Now()
	done := make(chan *http.Response, 1)
	go func() {
		res, _ := http.ReadResponse(bufio.NewReader(conn), nil)
		done <- res
	}()
	for i := 0; i < len(body); i++ {
		select {
		case res := <-done:
			took := time.Since(start)
			if res == nil {
				t.Fatalf("connection closed without an answer after %v", took)
			}
			if res.StatusCode != http.StatusUnprocessableEntity || took > 2*time.Second {
				t.Fatalf("trickled body: %d after %v", res.StatusCode, took)
			}
			return
		case <-time.After(100 * time.Millisecond):
			if _, err := conn.Write([]byte{body[i]}); err != nil {
				return // the server has closed the connection: also a refusal
			}
		}
	}
	t.Fatalf("the server read a body trickled over %v", time.Since(start))
}

func TestSmallBodyStillWorksFast(t *testing.T) {
	env := newTestEnv(t)
	srv := httptest.NewServer(New(env.App, Options{BodyTimeout: 300 * time.Millisecond}))
	t.Cleanup(srv.Close)
	// Two requests on one kept-alive connection: the deadline of the first does not
	// cut off the second.
	for i := range 2 {
		if res := loginVia(t, srv, "", loginAdmin, testPassword); res.StatusCode != http.StatusOK {
			t.Fatalf("login %d: %d", i+1, res.StatusCode)
		}
		time.Sleep(400 * time.Millisecond)
	}
}

// TestSmallBodyDeadlineLifted: once the body is in, a handler may take longer than the
// body timeout without its request being cancelled.
func TestSmallBodyDeadlineLifted(t *testing.T) {
	s := &Server{opts: Options{BodyTimeout: 100 * time.Millisecond}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer s.smallBody(w, r)()
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		time.Sleep(300 * time.Millisecond)
		if err := r.Context().Err(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	res, err := http.Post(srv.URL, "application/json", strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Errorf("slow handler after a quick body: %d", res.StatusCode)
	}
}
