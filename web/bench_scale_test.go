package web

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/blob"
	"zhifa/demo"
	"zhifa/internal/testenv"
	"zhifa/sqlstore"
	"zhifa/web/kit"
)

// BenchmarkScale measures the pages and API calls users open daily on a province-shaped
// store (issue #11): /staff/ for every role, the case
// warnings, the clocks overview, the case list (first page, each filter, a deep page by
// cursor), the filings and review queues and case search (a two-character word, a case
// number, a credit code). Each sub-benchmark reports p50-ns, p99-ns and x-baseline-p99:
// its p99 over the p99 of the raw-SQL baseline measured first in the same run on the same
// database (a primary-key SELECT of one case, without the store or the app).
//
// ZHIFA_BENCH_CASES sets the number of cases (default 2,000). The store is the one of
// BenchmarkSupervisionPages for that number (openBenchStore): the demo city with a
// five-year province filled into its agencies, mostly closed cases, 2% open with their
// clocks, the app's clock on the province's day. With ZHIFA_BENCH_STORE=gen it is made
// by the generator of zhifa gen instead (demo.Generate: above demo.DefaultGenModels
// cases by its bulk path), on the real clock. Either is filled once per engine and size
// into a cache directory (ZHIFA_BENCH_CACHE, default the user cache directory) and
// reused; PostgreSQL runs too when ZHIFA_TEST_PG is set, in a database named after the
// size and version that is kept as well.
func BenchmarkScale(b *testing.B) {
	n := benchCases(b, 2000)
	if n < 2000 {
		scaleWalkPage = 10
	}
	for _, engine := range benchEngines() {
		b.Run(engine, func(b *testing.B) {
			benchScale(b, openBenchStore(b, engine, n))
		})
	}
}

// benchCases is ZHIFA_BENCH_CASES, or def.
func benchCases(b *testing.B, def int) int {
	b.Helper()
	s := os.Getenv("ZHIFA_BENCH_CASES")
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < demo.MinGenCases || n > demo.MaxGenCases || n < 1000 {
		b.Fatalf("ZHIFA_BENCH_CASES=%q: want a number from %d to %d", s, max(1000, demo.MinGenCases), demo.MaxGenCases)
	}
	return n
}

// benchEngines are SQLite and, when ZHIFA_TEST_PG is set, PostgreSQL.
func benchEngines() []string {
	engines := []string{sqlstore.EngineSQLite}
	if os.Getenv("ZHIFA_TEST_PG") != "" {
		engines = append(engines, sqlstore.EnginePostgres)
	}
	return engines
}

// openBenchStore opens the store BenchmarkScale and BenchmarkServerMemory run on: the
// demo city's bench province of n cases (the cache BenchmarkSupervisionPages shares),
// or with ZHIFA_BENCH_STORE=gen the store of zhifa gen.
func openBenchStore(b *testing.B, engine string, n int) *scaleStore {
	b.Helper()
	switch os.Getenv("ZHIFA_BENCH_STORE") {
	case "", "province":
		st, _ := openSupervisionStore(b, engine, n)
		st.now = func() time.Time { return supPagesNow }
		st.supervisor = "supervisor1" // the bench province is the demo city's
		return st
	case "gen":
		return openScaleStore(b, engine, n)
	default:
		b.Fatalf("ZHIFA_BENCH_STORE=%q: want province or gen", os.Getenv("ZHIFA_BENCH_STORE"))
		return nil
	}
}

// scaleStore is a filled store opened for a benchmark.
type scaleStore struct {
	db  *sqlstore.DB
	raw *sql.DB // the same database without the store, for the baseline
	gen time.Duration
	now func() time.Time // the app's clock; nil for the real one
	// supervisor is the login of a supervisor who sees every case of the store.
	supervisor string
}

// openScaleStore opens the cached generated store of the engine and size, generating it
// first if the cache lacks it.
func openScaleStore(b *testing.B, engine string, n int) *scaleStore {
	b.Helper()
	c := benchCache{
		dir:    fmt.Sprintf("%s-%d-a%d-v%d", engine, n, demo.DefaultGenAgencies, demo.GenVersion),
		pgName: fmt.Sprintf("zhifa_bench_%d_a%d_v%d", n, demo.DefaultGenAgencies, demo.GenVersion),
		done:   "done",
		fill: func(ctx context.Context, dir, dsn string) error {
			a, db, err := newBenchApp(ctx, dir, dsn, nil)
			if err != nil {
				return err
			}
			defer db.Close()
			// zhifa gen's defaults: a province of DefaultGenAgencies agencies, the bulk path.
			o := demo.GenOptions{Cases: n, Years: 2, Seed: 1, Agencies: demo.DefaultGenAgencies,
				Models: demo.DefaultModels(demo.DefaultGenAgencies)}
			if o.Models >= n {
				o.Models = 0 // every case through the use cases
			}
			if _, err := demo.Generate(ctx, a, o); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, "done"), []byte(time.Now().Format(time.RFC3339)+"\n"), 0o600)
		},
	}
	st, dir := c.open(b, engine)
	st.supervisor = demo.ProvinceSupervisorLogin
	if st.gen > 0 {
		b.Logf("%s: generated %d cases in %v (%.1f cases/s), cached in %s", engine, n, st.gen.Round(time.Second),
			float64(n)/st.gen.Seconds(), dir)
	}
	return st
}

// benchCache is a benchmark's store kept between runs: a directory under
// ZHIFA_BENCH_CACHE (default the user cache directory) holding the SQLite database or,
// on PostgreSQL, the key and blobs of a database of its own, complete once fill wrote
// the file done.
type benchCache struct {
	dir, pgName, done string
	fill              func(ctx context.Context, dir, dsn string) error
}

// open opens the cached store of the engine, filling it first if the cache lacks it; it
// returns the store and its directory.
func (c benchCache) open(b *testing.B, engine string) (*scaleStore, string) {
	b.Helper()
	ctx := context.Background()
	root := testenv.BenchCache()
	dir := filepath.Join(root, c.dir)
	dsn, rawDriver, rawDSN := filepath.Join(dir, "zhifa.db"), "sqlite", "file:"+filepath.Join(dir, "zhifa.db")+"?mode=ro"
	fresh := !fileExists(filepath.Join(dir, c.done))
	if engine == sqlstore.EnginePostgres {
		dsn = testenv.PostgresDatabaseURL(b, c.pgName)
		rawDriver, rawDSN = "pgx", dsn
		if fresh {
			recreateDatabase(b, c.pgName)
		}
	}
	var took time.Duration
	if fresh {
		if err := os.RemoveAll(dir); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := c.fill(ctx, dir, dsn); err != nil {
			b.Fatalf("fill %s on %s: %v", c.dir, engine, err)
		}
		took = time.Since(start)
	}
	key, err := os.ReadFile(filepath.Join(dir, "pii.key"))
	if err != nil {
		b.Fatal(err)
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{PIIKey: key})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	raw, err := sql.Open(rawDriver, rawDSN)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { raw.Close() })
	return &scaleStore{db: db, raw: raw, gen: took}, dir
}

// newBenchApp creates a store to fill in dir (a new personal-data key, the blobs; the
// SQLite database or dsn), committing without waiting for the disk, and an app over it
// with the clock now (nil for the real one); the caller closes the store.
func newBenchApp(ctx context.Context, dir, dsn string, now func() time.Time) (*app.App, *sqlstore.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, err
	}
	key := make([]byte, 32)
	crand.Read(key)
	if err := os.WriteFile(filepath.Join(dir, "pii.key"), key, 0o600); err != nil {
		return nil, nil, err
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{PIIKey: key, Bulk: true})
	if err != nil {
		return nil, nil, err
	}
	blobs, err := blob.OpenDir(ctx, filepath.Join(dir, "blobs"))
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	return app.New(db, app.Options{Logger: quiet, Blobs: blobs, Now: now}), db, nil
}

// recreateDatabase drops and creates the PostgreSQL database name.
func recreateDatabase(b *testing.B, name string) {
	b.Helper()
	ctx := context.Background()
	adb, err := sql.Open("pgx", testenv.PostgresURL(b))
	if err != nil {
		b.Fatal(err)
	}
	defer adb.Close()
	for _, stmt := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
		if _, err := adb.ExecContext(ctx, stmt); err != nil {
			b.Fatal(err)
		}
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// scaleWarmup is the number of baseline queries run before it is measured.
const scaleWarmup = 50

// scaleTarget is one measured request: a page (session cookie) or an API call (bearer
// token) of a demo account.
type scaleTarget struct {
	name, login, path string
	api               bool
}

// benchServer is a server over a benchmark's store, with the demo accounts' sessions
// (cookie for pages, token for the API) made as each account is first needed.
type benchServer struct {
	a               *app.App
	url             string
	client          *http.Client
	cookies, tokens map[string]string
}

// newBenchServer starts a server over db with the clock now (nil for the real one).
func newBenchServer(b *testing.B, db *sqlstore.DB, now func() time.Time) *benchServer {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(db, app.Options{Logger: quiet, Now: now})
	srv := httptest.NewServer(New(a, Options{Logger: quiet}))
	b.Cleanup(srv.Close)
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &benchServer{a: a, url: srv.URL, client: client, cookies: map[string]string{}, tokens: map[string]string{}}
}

// login makes the account's sessions unless it has them ("" is the public). Only the
// targets' accounts log in, so a store generated before a demo account was added still
// serves the benchmark.
func (s *benchServer) login(name string) error {
	if _, ok := s.cookies[name]; ok || name == "" {
		return nil
	}
	anon := app.WithActor(context.Background(), &app.Actor{IP: "127.0.0.1"})
	var err error
	if s.cookies[name], _, err = s.a.Login(anon, name, demo.Password, zhifa.SessionUI); err != nil {
		return fmt.Errorf("login %s: %w", name, err)
	}
	if s.tokens[name], _, err = s.a.Login(anon, name, demo.Password, zhifa.SessionAPI); err != nil {
		return fmt.Errorf("login %s: %w", name, err)
	}
	return nil
}

// get requests the target as its account and returns the body of a 200 response.
func (s *benchServer) get(t scaleTarget) ([]byte, error) {
	if err := s.login(t.login); err != nil {
		return nil, err
	}
	req, err := http.NewRequest("GET", s.url+t.path, nil)
	if err != nil {
		return nil, err
	}
	switch {
	case t.login == "":
	case t.api:
		req.Header.Set("Authorization", "Bearer "+s.tokens[t.login])
	default:
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: s.cookies[t.login]})
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s as %q: status %d: %.200s", t.path, t.login, resp.StatusCode, body)
	}
	return body, err
}

// benchScale runs the baseline, then every target against a server over st.
func benchScale(b *testing.B, st *scaleStore) {
	ctx := context.Background()
	get := newBenchServer(b, st.db, st.now).get
	sup := st.supervisor

	// The baseline: one case by primary key, straight from the database.
	var maxID int64
	if err := st.raw.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM cases`).Scan(&maxID); err != nil || maxID == 0 {
		b.Fatalf("no cases (%v)", err)
	}
	var baseline float64
	b.Run("baseline=pk-select", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 2))
		pkSelect := func() error {
			// The first case from a random ID on: a generated store on PostgreSQL has gaps
			// between its IDs (they are taken from a sequence in blocks).
			var number string
			return st.raw.QueryRowContext(ctx, `SELECT number FROM cases WHERE id >= $1 ORDER BY id LIMIT 1`, 1+rng.Int64N(maxID)).Scan(&number)
		}
		// Warm the pool's connections and the page cache first, as the server's are.
		for range scaleWarmup {
			if err := pkSelect(); err != nil {
				b.Fatal(err)
			}
		}
		baseline = measure(b, st.gen, pkSelect)
	})

	targets := []scaleTarget{
		{"staff/role=officer", "officer1", "/staff/", false},
		{"staff/role=reviewer", "reviewer1", "/staff/", false},
		{"staff/role=head", "head1", "/staff/", false},
		{"staff/role=supervisor", sup, "/staff/", false},
		{"staff/role=admin", "admin", "/staff/", false},
		{"warnings/role=officer", "officer1", "/api/v1/warnings/cases", true},
		{"warnings/role=supervisor", sup, "/api/v1/warnings/cases", true},
		{"personnel/role=supervisor", sup, "/api/v1/warnings", true},
		{"clocks/role=supervisor", sup, "/staff/cases/clocks", false},
		{"cases/first", sup, "/api/v1/cases", true},
		{"cases/stage=investigate", sup, "/api/v1/cases?stage=investigate", true},
		{"cases/kind=inspection", sup, "/api/v1/cases?kind=inspection", true},
		{"cases/due=soon", sup, "/api/v1/cases?due=soon", true},
		{"cases/due=overdue", sup, "/api/v1/cases?due=overdue", true},
		{"cases/mine", "officer1", "/api/v1/cases?mine=true", true},
		{"cases/page=staff", sup, "/staff/cases", false},
		{"filings", sup, "/staff/filings", false},
		{"reviews", "reviewer1", "/staff/reviews", false},
	}
	deep, search, err := scaleKeys(func(path string) ([]byte, error) {
		return get(scaleTarget{login: sup, path: path, api: true})
	})
	if err != nil {
		b.Fatal(err)
	}
	targets = append(targets, scaleTarget{"cases/deep", sup, "/api/v1/cases?cursor=" + url.QueryEscape(deep), true})
	for _, s := range search {
		targets = append(targets, scaleTarget{"search/" + s.name, sup, "/api/v1/cases?q=" + url.QueryEscape(s.q), true})
	}
	for _, t := range targets {
		b.Run(t.name, func(b *testing.B) {
			request := func() error {
				_, err := get(t)
				return err
			}
			if err := request(); err != nil { // warm up, and fail early on a refusal
				b.Fatal(err)
			}
			p99 := measure(b, st.gen, request)
			if baseline > 0 {
				b.ReportMetric(p99/baseline, "x-baseline-p99")
			}
		})
	}
}

// scaleSearch is one search of the benchmark.
type scaleSearch struct{ name, q string }

// scaleWalkPage is the page size of scaleKeys' walk: the API's largest page reaches deep
// fast, a small one still finds a deep page in a small store.
var scaleWalkPage = 100

// scaleKeys walks the supervisor's case list to a deep cursor (half-way, at most 40 pages
// in) and takes the search keys from the cases it passed: a two-character word of a
// company's name, a case number and a credit code.
func scaleKeys(get func(path string) ([]byte, error)) (deep string, search []scaleSearch, err error) {
	var first struct {
		Total int    `json:"total"`
		Next  string `json:"next"`
	}
	body, err := get("/api/v1/cases?limit=" + strconv.Itoa(scaleWalkPage))
	if err != nil {
		return "", nil, err
	}
	if err := json.Unmarshal(body, &first); err != nil {
		return "", nil, err
	}
	pages := min(40, max(1, first.Total/(2*scaleWalkPage)))
	cursor := first.Next
	var word, number, credit string
	for i := 0; i < pages && cursor != ""; i++ {
		var page struct {
			Cases []struct {
				Number  string `json:"number"`
				Parties []struct {
					Kind       string `json:"kind"`
					Name       string `json:"name"`
					CreditCode string `json:"credit_code"`
				} `json:"parties"`
			} `json:"cases"`
			Next string `json:"next"`
		}
		if body, err = get("/api/v1/cases?limit=" + strconv.Itoa(scaleWalkPage) + "&cursor=" + url.QueryEscape(cursor)); err != nil {
			return "", nil, err
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return "", nil, err
		}
		for _, c := range page.Cases {
			for _, p := range c.Parties {
				if p.Kind == string(zhifa.PartyOrg) && p.CreditCode != "" && number == "" {
					number, credit = c.Number, p.CreditCode
					if r := []rune(p.Name); len(r) >= 5 {
						word = string(r[3:5]) // the trade after the city's name (东港市…)
					}
				}
			}
		}
		deep, cursor = cursor, page.Next
	}
	if deep == "" || number == "" || word == "" {
		return "", nil, errors.New("the generated store is too small for a deep page and search keys")
	}
	return deep, []scaleSearch{{"word", word}, {"number", number}, {"credit", credit}}, nil
}

// measure runs fn b.N times and reports p50-ns, p99-ns and, when the store was generated
// in this run, gen-s; it returns the p99 in nanoseconds.
func measure(b *testing.B, gen time.Duration, fn func() error) float64 {
	b.Helper()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	p99 := float64(lat[min(len(lat)-1, len(lat)*99/100)].Nanoseconds())
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(p99, "p99-ns")
	if gen > 0 {
		b.ReportMetric(gen.Seconds(), "gen-s")
	}
	return p99
}
