package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"zhifa/app"
	"zhifa/demo"
	"zhifa/sqlstore"
	"zhifa/web"
)

// HTTP server limits.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 5 * time.Minute // evidence transfers push it back while data flows (web)
	writeTimeout      = 5 * time.Minute // reports and exports
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 15 * time.Second
	healthTimeout     = 3 * time.Second
)

// serveFlags are the flags of serve and demo.
type serveFlags struct {
	storeFlags
	ledger ledgerFlags
	addr   string
	http   httpFlags
	blobs  blobFlags
	// maxEvidence is the size limit of one evidence file; 0 is app's default.
	maxEvidence sizeFlag
	envErr      error // a bad ZHIFA_MAX_EVIDENCE
}

func (s *serveFlags) register(fs *flagSet, e *env) {
	fs.StringVar(&s.addr, "addr", or(e.getenv("ZHIFA_ADDR"), defaultAddr),
		"listen address `HOST:PORT`; port 0 picks a free port (env ZHIFA_ADDR)\n监听地址")
	s.storeFlags.register(fs, e)
	s.http.register(fs, e)
	s.ledger.register(fs, e)
	s.blobs.register(fs, e)
	if v := e.getenv("ZHIFA_MAX_EVIDENCE"); v != "" {
		if err := s.maxEvidence.Set(v); err != nil {
			s.envErr = &usageError{"ZHIFA_MAX_EVIDENCE: " + err.Error()}
		}
	}
	fs.Var(&s.maxEvidence, "max-evidence", "largest evidence `SIZE` accepted, e.g. 8GiB (default "+maxEvidenceDefault+") (env ZHIFA_MAX_EVIDENCE)\n单个证据文件大小上限")
}

// resolve checks the flags after parsing.
func (s *serveFlags) resolve(fs *flagSet) error {
	set, httpsSet := false, false
	fs.Visit(func(fl *flag.Flag) {
		set = set || fl.Name == "max-evidence"
		httpsSet = httpsSet || fl.Name == "https"
	})
	if s.envErr != nil && !set {
		return s.envErr
	}
	if err := s.http.resolve(httpsSet); err != nil {
		return err
	}
	return s.blobs.resolve(fs)
}

// openApp opens the store and the ledger signer and returns the App and its options;
// close stops the ledger integrator, if started, and closes the store.
func (s *serveFlags) openApp(ctx context.Context, e *env, log *slog.Logger) (*app.App, app.Options, *sqlstore.DB, error) {
	db, err := openStore(ctx, e, &s.storeFlags, log)
	if err != nil {
		return nil, app.Options{}, nil, err
	}
	signer, err := loadLedgerSigner(ctx, e, &s.ledger, s.data, db, log)
	if err != nil {
		db.Close()
		return nil, app.Options{}, nil, err
	}
	blobs, err := s.blobs.open(ctx, s.data, log)
	if err != nil {
		db.Close()
		return nil, app.Options{}, nil, err
	}
	sealCA, err := loadSealCA(ctx, s.data, db, log)
	if err != nil {
		db.Close()
		return nil, app.Options{}, nil, err
	}
	opts := app.Options{Logger: log, LedgerSigner: signer, Blobs: blobs, MaxEvidenceSize: s.maxEvidence.n, SealCA: sealCA}
	opts.Printer = newPrinter(e, log)
	return app.New(db, opts), opts, db, nil
}

// newLogger logs text to stderr.
func newLogger(e *env, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
}

// cmdServe serves the system.
func cmdServe(ctx context.Context, e *env, args []string) error {
	var f serveFlags
	fs := newFlagSet(e, "serve", "[--addr HOST:PORT] [--data DIR] [--db URL] [--blobs DIR | --s3 URL] [--origin NAME] [--sm2-key FILE]",
		"Serves the staff workspace, the public portal and the JSON API (/api/v1) over HTTP, with\n"+
			"GET /healthz (liveness), GET /readyz (readiness) and GET /metrics. The database is SQLite in DIR/zhifa.db unless --db names a\n"+
			"PostgreSQL URL; migrations are applied on start. Stops gracefully on SIGINT or SIGTERM.\n"+
			"Ledger checkpoints are signed with DATA/keys/ledger.key (Ed25519, generated on first start;\n"+
			"every server of one database needs the same key) and, if configured, an SM2 key.\n"+
			"Evidence files are stored in DATA/blobs (--blobs) or an S3-compatible bucket (--s3); every\n"+
			"server of one database needs the same storage. Leftovers of interrupted uploads are removed\n"+
			"on start.\n"+
			"启动服务：工作台、公示平台与 API。")
	f.register(fs, e)
	if err := fs.parse(args); err != nil {
		return err
	}
	if err := f.resolve(fs); err != nil {
		return err
	}
	log := newLogger(e, slog.LevelInfo)
	a, _, db, err := f.openApp(ctx, e, log)
	if err != nil {
		return err
	}
	defer db.Close()
	defer runLedger(ctx, a, log)()
	return serveHTTP(ctx, log, a, &f, func(url string) {
		fmt.Fprintf(e.stdout, "zhifa %s serving on %s\n", buildVersion(), url)
	})
}

// cmdDemo seeds an empty database with the demo city and serves it.
func cmdDemo(ctx context.Context, e *env, args []string) error {
	var f serveFlags
	fs := newFlagSet(e, "demo", "[--addr HOST:PORT] [--data DIR] [--db URL]",
		"Like serve, but a fresh data directory (or an empty database) is first filled with the demo\n"+
			"city of 东港市: agencies, officers, certificates, training, an enforcement catalog and the\n"+
			"demo accounts (password "+demo.Password+"). A database that already holds data is served as is.\n"+
			"演示模式：空数据目录先写入东港市演示数据，再启动服务。")
	f.register(fs, e)
	if err := fs.parse(args); err != nil {
		return err
	}
	if err := f.resolve(fs); err != nil {
		return err
	}
	log := newLogger(e, slog.LevelInfo)
	path := f.sqlitePath()
	_, statErr := os.Stat(path)
	created := path != "" && errors.Is(statErr, os.ErrNotExist)
	a, opts, db, err := f.openApp(ctx, e, log)
	if err != nil {
		return err
	}
	defer db.Close()
	agencies, err := a.Personnel().Agencies(app.WithActor(ctx, app.SystemActor(demo.Actor)))
	if err != nil {
		return err
	}
	seeded := false
	if len(agencies) == 0 {
		start := time.Now()
		// The demo's documents are issued without printing them (a Chromium start each);
		// their PDF is printed on request. Documents issued later get theirs at issue.
		opts.Printer = nil
		if err := demo.Seed(ctx, app.New(db, opts)); err != nil {
			if created {
				// Leave no half-filled database behind: the next start seeds afresh.
				db.Close()
				for _, suffix := range []string{"", "-wal", "-shm"} {
					os.Remove(path + suffix)
				}
			}
			return err
		}
		seeded = true
		log.Info("demo city seeded", "took", time.Since(start).Round(time.Millisecond))
	}
	defer runLedger(ctx, a, log)()
	return serveHTTP(ctx, log, a, &f, func(url string) {
		printDemoBanner(e, url, f.data, seeded)
	})
}

// printDemoBanner prints where to go and how to log in.
func printDemoBanner(e *env, url, dataDir string, seeded bool) {
	w := e.stdout
	fmt.Fprintf(w, "zhifa %s demo serving on %s\n", buildVersion(), url)
	if seeded {
		fmt.Fprintf(w, "演示数据已写入 / demo city seeded into %s\n", dataDir)
	} else {
		fmt.Fprintf(w, "已有数据，按原样提供服务 / existing data served as is (%s)\n", dataDir)
	}
	fmt.Fprintf(w, "\n  公示平台 public portal   %s\n  工作台登录 staff login   %slogin\n  API (OpenAPI)           %sapi/v1/openapi.json\n", url, url, url)
	fmt.Fprintf(w, "\n演示账号 demo accounts (password 密码: %s)\n", demo.Password)
	for _, acc := range demo.Accounts {
		fmt.Fprintf(w, "  %-12s %-11s %s（%s）\n", acc.Login, acc.Role, acc.Agency, acc.Role.Label())
	}
}

// serveHTTP serves a on addr until ctx ends, then shuts down gracefully. ready is called
// with the URL once the listener is open.
func serveHTTP(ctx context.Context, log *slog.Logger, a *app.App, f *serveFlags, ready func(url string)) error {
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	url := "http://" + ln.Addr().String() + "/"
	m := &metrics{start: time.Now()}
	if f.http.metricsAddr != "" {
		stop, err := serveMetrics(log, f.http.metricsAddr, m)
		if err != nil {
			ln.Close()
			return err
		}
		defer stop()
	}
	srv := &http.Server{
		Handler:           m.wrap(log, rootHandler(a, log, m, &f.http)),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	defer runDailyJobs(ctx, a)() // tomorrow's deadlines notified, the analytic rules run, once a day (issues 12, 14)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "url", url, "https", f.http.https, "trusted_proxies", len(f.http.proxies), "metrics", f.http.describe())
	ready(url)
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// serveMetrics serves /metrics alone on addr until stop is called.
func serveMetrics(log *slog.Logger, addr string, m *metrics) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: metricsOnly(m), ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: healthTimeout,
		WriteTimeout: healthTimeout, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go srv.Serve(ln)
	return func() { srv.Close() }, nil
}

// rootHandler mounts /healthz, /readyz (health.go) and the guarded /metrics in front of
// the web server.
func rootHandler(a *app.App, log *slog.Logger, m *metrics, h *httpFlags) http.Handler {
	mux := http.NewServeMux()
	registerHealth(mux, a, log)
	mux.HandleFunc("GET /metrics", h.metricsHandler(m))
	mux.Handle("/", web.New(a, h.webOptions(log)))
	return mux
}

// metrics counts requests for the Prometheus text format at /metrics.
type metrics struct {
	start    time.Time
	inFlight atomic.Int64
	byClass  [6]atomic.Uint64 // index status/100
	micros   atomic.Uint64    // total handling time
}

// wrap counts and logs every request. Query strings are not logged: they may carry
// names or numbers of people.
func (m *metrics) wrap(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inFlight.Add(1)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			m.inFlight.Add(-1)
			d := time.Since(start)
			m.byClass[min(max(rec.status/100, 0), 5)].Add(1)
			m.micros.Add(uint64(d.Microseconds()))
			if r.URL.Path != "/healthz" && r.URL.Path != "/readyz" && r.URL.Path != "/metrics" && !strings.HasPrefix(r.URL.Path, "/static/") {
				log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "ms", d.Milliseconds())
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

func (m *metrics) serve(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	fmt.Fprintf(w, "# HELP zhifa_build_info Build information.\n# TYPE zhifa_build_info gauge\nzhifa_build_info{version=%q,goversion=%q} 1\n", buildVersion(), runtime.Version())
	fmt.Fprint(w, "# HELP zhifa_http_requests_total HTTP requests served, by status class.\n# TYPE zhifa_http_requests_total counter\n")
	for c := 1; c <= 5; c++ {
		fmt.Fprintf(w, "zhifa_http_requests_total{code=\"%dxx\"} %d\n", c, m.byClass[c].Load())
	}
	fmt.Fprintf(w, "# HELP zhifa_http_request_seconds_total Time spent handling requests.\n# TYPE zhifa_http_request_seconds_total counter\nzhifa_http_request_seconds_total %.6f\n", float64(m.micros.Load())/1e6)
	fmt.Fprintf(w, "# HELP zhifa_http_requests_in_flight Requests being handled.\n# TYPE zhifa_http_requests_in_flight gauge\nzhifa_http_requests_in_flight %d\n", m.inFlight.Load())
	fmt.Fprintf(w, "# HELP zhifa_uptime_seconds Seconds since the server started.\n# TYPE zhifa_uptime_seconds gauge\nzhifa_uptime_seconds %.0f\n", time.Since(m.start).Seconds())
	fmt.Fprintf(w, "# HELP go_goroutines Number of goroutines.\n# TYPE go_goroutines gauge\ngo_goroutines %d\n", runtime.NumGoroutine())
}

// statusRecorder remembers the status code; Unwrap lets http.ResponseController reach
// the underlying writer (flushing, deadlines).
type statusRecorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wroteHeader = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
