package web

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"zhifa/web/kit"
)

// DefaultBodyTimeout is how long a small request body (a JSON object, a posted form) may
// take to arrive. 1 MiB at 1 Mbit/s takes about 8 seconds; a client trickling a byte a
// second is cut off instead of holding a connection for minutes.
const DefaultBodyTimeout = 20 * time.Second

// hstsHeader asks browsers to use HTTPS only, for a year. includeSubDomains is left out:
// an agency's domain may carry other sites this server cannot speak for.
const hstsHeader = "max-age=31536000"

// ParseTrustedProxies parses a comma-separated list of CIDR blocks or single addresses
// (the --trusted-proxy flag).
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			a, err := netip.ParseAddr(part)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR block", part)
			}
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR block", part)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// trusted reports whether addr is one of the configured reverse proxies.
func (s *Server) trusted(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// clientAddr is the address of the client: the peer of the connection, or, when the
// peer is a trusted proxy, the nearest address in X-Forwarded-For that is not one.
// Addresses a client writes into the header itself sit left of the proxies' and are
// never reached past an untrusted hop.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.trusted(peer) {
		return host
	}
	client := peer.Unmap()
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		client = a.Unmap()
		if !s.trusted(client) {
			break
		}
	}
	return client.String()
}

// secure resolves the client address once per request and, on an HTTPS deployment,
// asks for HTTPS from now on.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.opts.HTTPS {
			w.Header().Set("Strict-Transport-Security", hstsHeader)
		}
		r = r.WithContext(context.WithValue(r.Context(), kit.ClientAddrKey{}, s.clientAddr(r)))
		next.ServeHTTP(w, r)
	})
}

// hasSmallBody reports whether r carries a body read whole before handling: JSON or a
// posted form. Files (multipart, raw uploads) stream under their own deadlines.
func hasSmallBody(r *http.Request) bool {
	if r.Body == nil || r.Body == http.NoBody || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return false
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "" || mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "application/x-www-form-urlencoded"
}

// smallBody bounds the time the small body of r may take to arrive (see
// DefaultBodyTimeout). The deadline is lifted as soon as the body has been read, so that
// it cannot cut off a handler that merely takes long; done lifts it in any case once the
// handler returns. Streaming uploads do not use this: they extend their deadlines while
// data flows (idleReader).
func (s *Server) smallBody(w http.ResponseWriter, r *http.Request) (done func()) {
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Now().Add(s.opts.BodyTimeout)); err != nil {
		return func() {} // a writer without deadlines (tests' recorders)
	}
	lift := func() { _ = rc.SetReadDeadline(time.Time{}) }
	r.Body = &deadlineBody{ReadCloser: r.Body, lift: lift}
	return lift
}

// deadlineBody lifts the read deadline when the body has been read to its end.
type deadlineBody struct {
	io.ReadCloser
	lift func()
	done bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && !b.done {
		b.done = true
		b.lift()
	}
	return n, err
}
