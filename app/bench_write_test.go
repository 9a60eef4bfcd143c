package app

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/idcode"
	"zhifa/internal/testenv"
	"zhifa/sqlstore"
)

// caseBenchClients is the number of concurrent clients of BenchmarkCaseWrites (issue
// #11: FileCase and case actions with 32 clients).
const caseBenchClients = 32

// BenchmarkCaseWrites measures the real write path through app — FileCase, and
// FileCase followed by the case's first step (Act "investigate") — with 32 concurrent
// clients on SQLite and PostgreSQL, the ledger integrator running as in zhifa serve.
// The baseline, in the same run on the same engine and a database seeded the same way,
// is 32 clients each committing one plain INSERT (an audit line) per durable
// transaction. Each reports writes/s (one write = one committed use case); the use
// cases also report x-baseline. Targets: ≥ 1,000/s on SQLite, ≥ 500/s on PostgreSQL.
// PostgreSQL runs with ZHIFA_TEST_PG. The clients file in one agency, the worst case
// for its number sequence, and again spread over caseBenchAgencies agencies, whose
// filings do not wait for each other's numbers (issue 11). On PostgreSQL the filings
// run also through two servers (",servers=2"): two App instances, each over a store of
// its own on the same database, as two zhifa serve processes behind a load balancer
// (README), every agency's clients split over both — their filings of one sequence
// refute each other's guessed numbers (sqlstore/casenumbers.go) —, and with eight
// agencies again each agency's clients on one server (",by-agency"), as a load
// balancer that routes an agency's staff to one server (docs/ARCHITECTURE.md).
//
// Each runs cold, on a store that holds only the world (every bigram of a filing's
// search text is new, and its count is written by every filing), and warm (",warm",
// caseBenchWorld.warm): in the steady state of a province's store, where the bigrams
// of the agencies, items, officers and numbers are long at the cap of their counts
// and a filing counts only the rare bigrams of its parties.
func BenchmarkCaseWrites(b *testing.B) {
	for _, engine := range []string{sqlstore.EngineSQLite, sqlstore.EnginePostgres} {
		b.Run(engine, func(b *testing.B) {
			var baseline float64
			b.Run("baseline=plain-insert", func(b *testing.B) {
				w := newCaseBenchWorld(b, engine, 1, caseBenchServing{servers: 1})
				raw, err := sql.Open(w.driver, w.dsn)
				if err != nil {
					b.Fatal(err)
				}
				defer raw.Close()
				raw.SetMaxOpenConns(caseBenchClients)
				m := w.startCost()
				runCaseBenchClients(b, func(ctx context.Context, client, i int) error {
					tx, err := raw.BeginTx(ctx, nil)
					if err != nil {
						return err
					}
					defer tx.Rollback()
					if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, login, agency_id, action, object, ip, success, detail, object_path)
						VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
						time.Now().UTC().Truncate(time.Microsecond), nil, "bench", nil, "case.open", fmt.Sprintf("case/%d-%d", client, i), "", true, "", "/1/"); err != nil {
						return err
					}
					return tx.Commit()
				})
				m.reportCPU(1)
				baseline = writeRate(b, 1)
			})
			for _, warm := range []bool{false, true} {
				for _, agencies := range []int{1, caseBenchAgencies} {
					for _, serving := range caseBenchServings(engine, agencies) {
						suffix := ""
						if agencies > 1 {
							suffix = fmt.Sprintf(",agencies=%d", agencies)
						}
						suffix += serving.suffix()
						if warm {
							suffix += ",warm"
						}
						// run runs op, which makes writes writes, from every client on a
						// world of this line's shape and reports its cost and ratio.
						run := func(b *testing.B, writes int, op func(w *caseBenchWorld, client, i int) error) {
							w := newCaseBenchWorld(b, engine, agencies, serving)
							if warm {
								w.warm()
							}
							stop := w.runLedger()
							m := w.startCost()
							runCaseBenchClients(b, func(ctx context.Context, client, i int) error { return op(w, client, i) })
							m.report(writes)
							reportRatio(b, writeRate(b, writes), baseline)
							stop()
						}
						b.Run("FileCase"+suffix, func(b *testing.B) {
							run(b, 1, func(w *caseBenchWorld, client, i int) error {
								a, as := w.client(client)
								_, err := a.FileCase(as, w.caseInput(client, i))
								return err
							})
						})
						if serving.servers > 1 {
							continue // the filings are what several servers contend on
						}
						b.Run("FileCase+Act"+suffix, func(b *testing.B) {
							run(b, 2, func(w *caseBenchWorld, client, i int) error {
								a, as := w.client(client)
								v, err := a.FileCase(as, w.caseInput(client, i))
								if err != nil {
									return err
								}
								_, err = a.Act(as, v.ID, "investigate", ActionInput{Version: v.Version})
								return err
							})
						})
					}
				}
			}
		})
	}
}

// caseBenchAgencies is the number of agencies of the spread variant of
// BenchmarkCaseWrites.
const caseBenchAgencies = 8

// caseBenchServing is how BenchmarkCaseWrites's clients reach the store: through
// servers servers, each agency's clients spread over them or, byAgency, all on one.
type caseBenchServing struct {
	servers  int
	byAgency bool
}

// caseBenchServings are the servings BenchmarkCaseWrites measures on engine with
// agencies agencies: several processes share a database only on PostgreSQL (README,
// 多实例部署), and routing by agency differs from spreading only with more than one.
func caseBenchServings(engine string, agencies int) []caseBenchServing {
	servings := []caseBenchServing{{servers: 1}}
	if engine == sqlstore.EnginePostgres {
		servings = append(servings, caseBenchServing{servers: 2})
		if agencies > 1 {
			servings = append(servings, caseBenchServing{servers: 2, byAgency: true})
		}
	}
	return servings
}

// suffix is the serving's part of a benchmark's name.
func (s caseBenchServing) suffix() string {
	switch {
	case s.servers == 1:
		return ""
	case s.byAgency:
		return fmt.Sprintf(",servers=%d,by-agency", s.servers)
	}
	return fmt.Sprintf(",servers=%d", s.servers)
}

// caseBenchWorld is one or more agencies, each with two certified officers, an
// officer's account and a penalty item, on one engine, served by one or more servers.
type caseBenchWorld struct {
	b           *testing.B
	app         *App // the first server's, which sets the world up
	driver, dsn string
	store       *sqlstore.DB
	servers     []*App // every server's App, each over a store of its own (stores)
	stores      []*sqlstore.DB
	byAgency    bool              // each agency's clients on one server (caseBenchServing)
	officers    []context.Context // an officer's session per agency
	inputs      []CaseInput       // a filing per agency
}

// client is the server and session client files with: the clients are spread evenly
// over the agencies, and each agency's clients evenly over the servers (with 32
// clients, 8 agencies and 2 servers, clients 0 and 16 of agency 0 on the first, 8 and
// 24 on the second), as a load balancer that does not know agencies spreads them; or,
// byAgency, each agency's clients on one server (agency n on server n mod servers).
// Sessions live in the database, so a session serves on every server.
func (w *caseBenchWorld) client(client int) (*App, context.Context) {
	agencies := len(w.officers)
	server := client / agencies
	if w.byAgency {
		server = client % agencies
	}
	return w.servers[server%len(w.servers)], w.officers[client%agencies]
}

func newCaseBenchWorld(b *testing.B, engine string, agencies int, serving caseBenchServing) *caseBenchWorld {
	b.Helper()
	ctx := context.Background()
	w := &caseBenchWorld{b: b, byAgency: serving.byAgency}
	if engine == sqlstore.EnginePostgres {
		w.driver, w.dsn = "pgx", benchPostgres(b)
	} else {
		w.driver = "sqlite"
		path := filepath.Join(b.TempDir(), "zhifa.db")
		w.dsn = path
		defer func() { w.dsn = sqliteDSN(path) }()
	}
	// The servers share the keys (README, 多实例部署).
	key := make([]byte, 32)
	rand.Read(key)
	signer := benchSigner(b)
	for range serving.servers {
		st, err := sqlstore.Open(ctx, w.dsn, sqlstore.Options{PIIKey: key})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		w.stores = append(w.stores, st)
		w.servers = append(w.servers, New(st, Options{LedgerSigner: signer, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	}
	w.app, w.store = w.servers[0], w.stores[0]
	sys := WithActor(ctx, SystemActor("bench"))
	for n := range agencies {
		w.addAgency(sys, n)
	}
	if _, err := w.app.IntegrateLedger(ctx); err != nil {
		b.Fatal(err)
	}
	return w
}

// addAgency creates agency n of the world with its officers, account and item.
func (w *caseBenchWorld) addAgency(sys context.Context, n int) {
	b := w.b
	ctx := context.Background()
	ag, err := w.app.Personnel().CreateAgency(sys, personnel.AgencyInput{Name: fmt.Sprintf("东港市第%d执法局", n+1), ShortName: fmt.Sprintf("东%d执", n+1), Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		RegionCode: "370200", LegalBasis: "《地方各级人民代表大会和地方各级人民政府组织法》"})
	if err != nil {
		b.Fatal(err)
	}
	var officers []int64
	for i := range 2 {
		id, err := idcode.NewPersonID("370202", time.Date(1980+i, time.Month(1+n), 1, 0, 0, 0, 0, time.UTC), i)
		if err != nil {
			b.Fatal(err)
		}
		o, err := w.app.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: ag.Agency.ID, Name: fmt.Sprintf("执法员%d%02d", n, i), IDNumber: id.String(),
			Phone: "13800138000", Domains: []string{"市场监管"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.app.Personnel().IssueCertificate(sys, o.Officer.ID, personnel.CertInput{Number: fmt.Sprintf("3702002%d%06d", n, i), Issuer: "东港市人民政府",
			IssuedOn: zhifa.MustDate("2024-01-01"), ValidFrom: zhifa.MustDate("2024-01-01"), ValidUntil: zhifa.MustDate("2099-12-31"), Domains: []string{"市场监管"}}); err != nil {
			b.Fatal(err)
		}
		officers = append(officers, o.Officer.ID)
	}
	if _, err := w.app.CreateUser(sys, UserInput{Login: fmt.Sprintf("officer%d", n), Name: fmt.Sprintf("执法员%d00", n), Role: zhifa.RoleOfficer, AgencyID: ag.Agency.ID,
		OfficerID: officers[0], Password: "bench-pass-123"}); err != nil {
		b.Fatal(err)
	}
	if _, err := w.app.Catalog().CreateItem(sys, catalog.ItemInput{Code: fmt.Sprintf("DG-SC-%d", n), Name: "销售不符合标准商品的处罚", Category: zhifa.CatPenalty, AgencyID: ag.Agency.ID,
		Domain: "市场监管", Basis: []zhifa.Basis{{Law: "产品质量法", Article: "第四十九条"}}}); err != nil {
		b.Fatal(err)
	}
	token, _, err := w.app.Login(WithActor(ctx, &Actor{IP: "192.0.2.1"}), fmt.Sprintf("officer%d", n), "bench-pass-123", zhifa.SessionAPI)
	if err != nil {
		b.Fatal(err)
	}
	actor, err := w.app.Authenticate(ctx, token, zhifa.SessionAPI)
	if err != nil {
		b.Fatal(err)
	}
	w.officers = append(w.officers, WithActor(ctx, actor))
	w.inputs = append(w.inputs, CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: fmt.Sprintf("DG-SC-%d", n), Officers: officers,
		OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售不符合标准的商品"})
}

// caseBenchWarmFilings is the number of filings of each client that warm files before
// the timed ones, times the number of servers.
const caseBenchWarmFilings = 6

// warm brings the world's store to the steady state of a large one for the filings
// the benchmark makes. Its clients file caseBenchWarmFilings cases each (times the
// servers), concurrently, so that every pooled connection has run a filing's
// statements past PostgreSQL's first five custom plans, as a server's connections
// have; then the count of every bigram those filings indexed is set to the cap at
// which counts stop (1,000, sqlstore's termCountCap), as a store of a million cases
// has them for its agencies' numbers, items and officers. A timed filing then writes the counts of the bigrams
// of its party's name that no warm-up filing had, and those only.
func (w *caseBenchWorld) warm() {
	b := w.b
	errs := make(chan error, caseBenchClients)
	for client := range caseBenchClients {
		go func() {
			// Each server's pool is warmed as one server's is: with n servers, a server
			// has 1/n of the clients, each filing n times as many (caseBenchWarmFilings).
			for k := range caseBenchWarmFilings * len(w.servers) {
				// Operation numbers the timed loop does not reach: parties of their own.
				a, as := w.client(client)
				if _, err := a.FileCase(as, w.caseInput(client, 50000+k)); err != nil {
					errs <- fmt.Errorf("warm-up client %d, filing %d: %w", client, k, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range caseBenchClients {
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	raw, err := sql.Open(w.driver, w.dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE case_term_counts SET n = 1000`); err != nil {
		b.Fatal(err)
	}
	if _, err := w.app.IntegrateLedger(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// caseInput is the filing of operation i of a client: each case has a party of its
// own, as filings of a city do (a party's history is read at filing, law.SameActWarning).
func (w *caseBenchWorld) caseInput(client, i int) CaseInput {
	id, err := idcode.NewPersonID("370202", time.Date(1950+i%50, time.Month(1+client%12), 1+i/50%28, 0, 0, 0, 0, time.UTC), client*10+i/1400%10)
	if err != nil {
		w.b.Fatal(err)
	}
	in := w.inputs[client%len(w.inputs)]
	in.Parties = []PartyInput{{Kind: zhifa.PartyPerson, Name: fmt.Sprintf("当事人%d号", client*100000+i), IDNumber: id.String(), Phone: "13912345678"}}
	return in
}

// benchPostgres creates a database of its own on the test server.
func benchPostgres(b *testing.B) string {
	admin := testenv.PostgresURL(b)
	name := testenv.DatabaseName(b)
	adb, err := sql.Open("pgx", admin)
	if err != nil {
		b.Fatal(err)
	}
	defer adb.Close()
	if _, err := adb.Exec("CREATE DATABASE " + name); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if adb, err := sql.Open("pgx", admin); err == nil {
			adb.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			adb.Close()
		}
	})
	return testenv.PostgresDatabaseURL(b, name)
}

// runLedger runs the integrator of every server as zhifa serve does; stop ends them
// and integrates the rest, failing if the ledger does not integrate.
func (w *caseBenchWorld) runLedger() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var running sync.WaitGroup
	for _, a := range w.servers {
		running.Go(func() { a.RunLedger(ctx) })
	}
	return func() {
		cancel()
		running.Wait()
		if _, err := w.app.IntegrateLedger(context.Background()); err != nil {
			w.b.Fatal(err)
		}
	}
}

// runCaseBenchClients runs b.N operations on caseBenchClients concurrent clients.
func runCaseBenchClients(b *testing.B, op func(ctx context.Context, client, i int) error) {
	b.Helper()
	ctx := context.Background()
	var next atomic.Int64
	errs := make(chan error, caseBenchClients)
	done := make(chan struct{})
	b.ResetTimer()
	for c := range caseBenchClients {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; next.Add(1) <= int64(b.N); i++ {
				if err := op(ctx, c, i); err != nil {
					errs <- fmt.Errorf("client %d, op %d: %w", c, i, err)
					return
				}
			}
		}()
	}
	for range caseBenchClients {
		<-done
	}
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// writeRate reports and returns the committed writes per second, perOp writes per
// operation.
func writeRate(b *testing.B, perOp int) float64 {
	r := float64(b.N*perOp) / b.Elapsed().Seconds()
	b.ReportMetric(r, "writes/s")
	return r
}

func reportRatio(b *testing.B, rate, baseline float64) {
	if baseline > 0 {
		b.ReportMetric(rate/baseline, "x-baseline")
	}
}
