package main

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"zhifa/web"
)

// httpFlags are the deployment settings of the HTTP server: HTTPS, trusted reverse
// proxies and how /metrics is reached.
type httpFlags struct {
	https        bool
	trustedProxy string
	proxies      []netip.Prefix
	metricsAddr  string
	metricsToken string
	envErr       error // a bad ZHIFA_HTTPS
}

func (h *httpFlags) register(fs *flagSet, e *env) {
	if v := e.getenv("ZHIFA_HTTPS"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			h.envErr = &usageError{"ZHIFA_HTTPS: want true or false, got " + strconv.Quote(v)}
		}
		h.https = b
	}
	fs.BoolVar(&h.https, "https", h.https,
		"the deployment is served over HTTPS (by a reverse proxy): session cookies are Secure and responses carry HSTS (env ZHIFA_HTTPS)\n经 HTTPS 提供服务：Cookie 加 Secure，响应加 HSTS")
	fs.StringVar(&h.trustedProxy, "trusted-proxy", e.getenv("ZHIFA_TRUSTED_PROXY"),
		"reverse proxies `CIDR[,CIDR]` whose X-Forwarded-For names the client (login throttling, audit); without it the client is the connection's peer (env ZHIFA_TRUSTED_PROXY)\n可信反向代理地址段")
	fs.StringVar(&h.metricsAddr, "metrics-addr", e.getenv("ZHIFA_METRICS_ADDR"),
		"serve /metrics on its own listener `HOST:PORT` (keep it off the public network) (env ZHIFA_METRICS_ADDR)\n监控指标独立监听地址")
	fs.StringVar(&h.metricsToken, "metrics-token", e.getenv("ZHIFA_METRICS_TOKEN"),
		"serve /metrics on the main address to requests with Authorization: Bearer `TOKEN`; without this or --metrics-addr, /metrics is not served (env ZHIFA_METRICS_TOKEN)\n监控指标访问令牌")
}

// resolve checks the flags after parsing.
func (h *httpFlags) resolve(httpsSet bool) error {
	if h.envErr != nil && !httpsSet {
		return h.envErr
	}
	proxies, err := web.ParseTrustedProxies(h.trustedProxy)
	if err != nil {
		return &usageError{"--trusted-proxy: " + err.Error()}
	}
	h.proxies = proxies
	if h.metricsToken != "" && len(h.metricsToken) < 16 {
		return &usageError{"--metrics-token: use at least 16 characters"}
	}
	return nil
}

// webOptions are the web server's options of these settings.
func (h *httpFlags) webOptions(log *slog.Logger) web.Options {
	return web.Options{Logger: log, HTTPS: h.https, TrustedProxies: h.proxies}
}

// metricsHandler guards /metrics on the main listener with the bearer token; without a
// token it is not found there.
func (h *httpFlags) metricsHandler(m *metrics) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if h.metricsToken == "" || h.metricsAddr != "" {
			http.NotFound(w, r)
			return
		}
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(h.metricsToken)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		m.serve(w, r)
	}
}

// metricsOnly serves /metrics alone, for the --metrics-addr listener.
func metricsOnly(m *metrics) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", m.serve)
	return mux
}

// describe says where /metrics is, for the log.
func (h *httpFlags) describe() string {
	switch {
	case h.metricsAddr != "":
		return fmt.Sprintf("http://%s/metrics", h.metricsAddr)
	case h.metricsToken != "":
		return "/metrics (bearer token)"
	}
	return "off"
}
