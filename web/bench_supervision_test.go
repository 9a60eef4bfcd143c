package web

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"zhifa"
	"zhifa/demo"
	"zhifa/sqlstore"
)

// BenchmarkSupervisionPages measures the pages and API lists of the supervision
// features (issue 14) through the HTTP server, as the roles that open them, on the demo
// city grown to ZHIFA_BENCH_SUPERVISION cases (default 5,000; 2,000 with -short;
// 1,000,000 for README's figures) against the target of issue 11: p99 < 100 ms at
// 1,000,000 cases. It covers what BenchmarkSupervisionScale (sqlstore) measures at the
// store — the templates, the actor's scope and the session or token check are added
// here — as supervisor1 (the justice bureau's supervisor, whose scope is the city),
// head1 and officer1 (the market bureau), social1 (a social supervisor) and the
// anonymous public. Each sub-benchmark reports p50-ns, p99-ns and x-baseline-p99: its
// p99 over the p99 of a primary-key SELECT of one case without the store or the app,
// measured first in the same run on the same database.
//
// The store is the demo city (demo.Seed, with the app's clock on the bench province's
// day) and a bench province filled into its agencies, officers and items
// (sqlstore.FillBenchProvince), so the demo accounts see it. It is kept in a cache
// directory (ZHIFA_BENCH_CACHE, default the user cache directory) and, on PostgreSQL
// (when ZHIFA_TEST_PG is set), in a database named after the size and versions, its
// prefix set by ZHIFA_BENCH_PG_PREFIX; later runs reuse both.
func BenchmarkSupervisionPages(b *testing.B) {
	n := 5000
	if testing.Short() {
		n = 2000
	}
	if s := os.Getenv("ZHIFA_BENCH_SUPERVISION"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1000 {
			b.Fatalf("ZHIFA_BENCH_SUPERVISION=%q: want a number of cases of at least 1000", s)
		}
	}
	engines := []string{sqlstore.EngineSQLite}
	if os.Getenv("ZHIFA_TEST_PG") != "" {
		engines = append(engines, sqlstore.EnginePostgres)
	}
	for _, engine := range engines {
		b.Run(engine, func(b *testing.B) {
			st, p := openSupervisionStore(b, engine, n)
			benchSupervisionPages(b, st, p)
		})
	}
}

// supPagesVersion names the cached demo provinces with sqlstore.BenchProvinceVersion:
// raise it when the seeding here changes.
const supPagesVersion = 1

// supPagesNow is the clock of the app over the province: 09:00 in Beijing on the bench
// province's day.
var supPagesNow = time.Date(2026, 6, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// openSupervisionStore opens the cached demo city with its province of n cases,
// filling it first if the cache lacks it.
func openSupervisionStore(b *testing.B, engine string, n int) (*scaleStore, *sqlstore.BenchProvince) {
	b.Helper()
	prefix := os.Getenv("ZHIFA_BENCH_PG_PREFIX")
	if prefix == "" {
		prefix = "zhifa_"
	}
	c := benchCache{
		dir:    fmt.Sprintf("supervision-demo-%s-%d-v%d-%d", engine, n, sqlstore.BenchProvinceVersion, supPagesVersion),
		pgName: fmt.Sprintf("%ssupervision_demo_%d_v%d_%d", prefix, n, sqlstore.BenchProvinceVersion, supPagesVersion),
		done:   "province.json",
		fill: func(ctx context.Context, dir, dsn string) error {
			return fillSupervisionStore(ctx, dir, dsn, n)
		},
	}
	st, dir := c.open(b, engine)
	if st.gen > 0 {
		b.Logf("%s: seeded the demo city and filled %d cases in %v, cached in %s", engine, n, st.gen.Round(time.Second), dir)
	}
	var p sqlstore.BenchProvince
	data, err := os.ReadFile(filepath.Join(dir, c.done))
	if err == nil {
		err = json.Unmarshal(data, &p)
	}
	if err != nil {
		b.Fatal(err)
	}
	return st, &p
}

// fillSupervisionStore seeds the demo city into dsn (with its key and blobs in dir),
// fills a province of n cases into its agencies and writes province.json, which marks
// the cache complete.
func fillSupervisionStore(ctx context.Context, dir, dsn string, n int) error {
	a, db, err := newBenchApp(ctx, dir, dsn, func() time.Time { return supPagesNow })
	if err != nil {
		return err
	}
	defer db.Close()
	if err := demo.Seed(ctx, a); err != nil {
		return err
	}
	scope, err := demoBenchScope(ctx, db)
	if err != nil {
		return err
	}
	p, err := sqlstore.FillBenchProvince(ctx, db, n, scope)
	if err != nil {
		return err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "province.json"), data, 0o600)
}

// demoBenchScope is the demo city as the bench province's scope: its government, the
// justice bureau of supervisor1, the bureaus with officers (head1's first), their items
// and officers. The k-th officer belongs to the (k mod bureaus)-th bureau, so that each
// case is handled by an officer of its own bureau (the fill gives case i bureau
// i mod bureaus and officer i mod officers), officer1 among them.
func demoBenchScope(ctx context.Context, db *sqlstore.DB) (*sqlstore.BenchScope, error) {
	sc := &sqlstore.BenchScope{}
	err := db.View(ctx, func(tx zhifa.Tx) error {
		agencies, err := tx.Agencies(ctx, "")
		if err != nil {
			return err
		}
		supervisor, err := tx.UserByLogin(ctx, "supervisor1")
		if err != nil {
			return err
		}
		head, err := tx.UserByLogin(ctx, "head1")
		if err != nil {
			return err
		}
		officer, err := tx.UserByLogin(ctx, "officer1")
		if err != nil {
			return err
		}
		sc.Justice = supervisor.AgencyID
		officers, _, err := tx.Officers(ctx, zhifa.OfficerFilter{Page: zhifa.Page{Limit: 10000}})
		if err != nil {
			return err
		}
		users, err := tx.Users(ctx, "")
		if err != nil {
			return err
		}
		reviewers := map[int64]int64{} // the first reviewer of each agency
		for _, u := range users {
			if u.Role == zhifa.RoleReviewer && reviewers[u.AgencyID] == 0 {
				reviewers[u.AgencyID] = u.ID
			}
		}
		byAgency := map[int64][]int64{}
		for _, o := range officers {
			if o.ID == officer.OfficerID { // officer1 handles the first case of their bureau
				byAgency[o.AgencyID] = append([]int64{o.ID}, byAgency[o.AgencyID]...)
			} else {
				byAgency[o.AgencyID] = append(byAgency[o.AgencyID], o.ID)
			}
		}
		var most int
		for _, ag := range agencies {
			if ag.ParentID == 0 {
				sc.Root, sc.City = ag.Path, ag.Path
			}
			if ag.Type != zhifa.AgencyAdministrative || ag.ID == sc.Justice || len(byAgency[ag.ID]) == 0 {
				continue
			}
			bu := sqlstore.BenchBureau{ID: ag.ID, JusticeID: sc.Justice, Path: ag.Path, ReviewerID: reviewers[ag.ID]}
			if ag.ID == head.AgencyID {
				sc.Bureaus = append([]sqlstore.BenchBureau{bu}, sc.Bureaus...)
			} else {
				sc.Bureaus = append(sc.Bureaus, bu)
			}
			most = max(most, len(byAgency[ag.ID]))
		}
		for k := range most * len(sc.Bureaus) {
			own := byAgency[sc.Bureaus[k%len(sc.Bureaus)].ID]
			sc.Officers = append(sc.Officers, own[(k/len(sc.Bureaus))%len(own)])
		}
		items, _, err := tx.Items(ctx, zhifa.ItemFilter{Category: zhifa.CatPenalty, Page: zhifa.Page{Limit: 10000}})
		if err != nil {
			return err
		}
		for _, it := range items {
			sc.Items = append(sc.Items, sqlstore.BenchItem{ID: it.ID, Name: it.Name})
		}
		return nil
	})
	if err == nil && sc.Root == "" {
		err = fmt.Errorf("the demo city has no government")
	}
	return sc, err
}

// benchSupervisionPages runs the baseline, then every supervision page and API list
// against a server over st, as the account that opens it ("" for the public).
func benchSupervisionPages(b *testing.B, st *scaleStore, p *sqlstore.BenchProvince) {
	ctx := context.Background()
	srv := newBenchServer(b, st.db, func() time.Time { return supPagesNow })
	for _, login := range []string{"supervisor1", "head1", "officer1", "social1"} {
		if err := srv.login(login); err != nil {
			b.Fatal(err)
		}
	}
	get := srv.get

	var baseline float64
	b.Run("baseline=pk-select", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 2))
		lo := p.MidCase - int64(p.N/2)
		pkSelect := func() error {
			var number string
			return st.raw.QueryRowContext(ctx, `SELECT number FROM cases WHERE id = $1`, lo+1+rng.Int64N(int64(p.N))).Scan(&number)
		}
		for range scaleWarmup {
			if err := pkSelect(); err != nil {
				b.Fatal(err)
			}
		}
		baseline = measure(b, st.gen, pkSelect)
	})

	deep, err := supDeepCursor(get)
	if err != nil {
		b.Fatal(err)
	}
	const sup, head, officer, social = "supervisor1", "head1", "officer1", "social1"
	id := func(format string, v int64) string { return fmt.Sprintf(format, v) }
	records := fmt.Sprintf("/staff/assessments/%d/agencies/%d/records/%s", p.Run, p.Bureau, zhifa.IndDecisionOnTime)
	targets := []scaleTarget{
		// Complaints (F5).
		{"complaints/page/role=supervisor", sup, "/staff/complaints", false},
		{"complaints/page-overdue/role=supervisor", sup, "/staff/complaints?overdue=1", false},
		{"complaints/api/role=supervisor", sup, "/api/v1/complaints", true},
		{"complaints/api-state/role=supervisor", sup, "/api/v1/complaints?state=received", true},
		{"complaints/api-overdue/role=supervisor", sup, "/api/v1/complaints?overdue=1", true},
		{"complaints/api-deep/role=supervisor", sup, "/api/v1/complaints?cursor=" + url.QueryEscape(deep), true},
		{"complaints/page/role=head", head, "/staff/complaints", false},
		{"complaints/api/role=head", head, "/api/v1/complaints", true},
		{"complaints/page/role=officer", officer, "/staff/complaints", false},
		// Social supervisors and their remarks.
		{"social/page/role=supervisor", sup, "/staff/social-supervisors", false},
		{"social/api/role=supervisor", sup, "/api/v1/social-supervisors", true},
		{"social/portal/role=public", "", "/social-supervisors", false},
		{"social/api-public/role=public", "", "/api/v1/public/social-supervisors", true},
		{"remarks/page/role=supervisor", sup, "/staff/remarks", false},
		{"remarks/page-unanswered/role=supervisor", sup, "/staff/remarks?unanswered=1", false},
		{"remarks/api/role=supervisor", sup, "/api/v1/remarks", true},
		{"remarks/page/role=head", head, "/staff/remarks", false},
		{"remarks/mine-page/role=social", social, "/staff/my-remarks", false},
		{"remarks/mine-api/role=social", social, "/api/v1/social-supervision/remarks", true},
		// Case-file evaluation (F4).
		{"evaluations/page/role=supervisor", sup, "/staff/evaluations", false},
		{"evaluations/api/role=supervisor", sup, "/api/v1/evaluations", true},
		{"evaluations/detail/role=supervisor", sup, id("/staff/evaluations/%d", p.Evaluation), false},
		{"evaluations/files-page/role=supervisor", sup, "/staff/evaluation-files", false},
		{"evaluations/files-api/role=supervisor", sup, "/api/v1/evaluation-files", true},
		{"evaluations/files-page/role=head", head, "/staff/evaluation-files", false},
		{"evaluations/portal/role=public", "", "/evaluations", false},
		// Reconsideration, litigation, 纠错率 and fault reviews (F7, F3).
		{"reviews/case-page/role=supervisor", sup, id("/staff/cases/%d/reviews", p.Case), false},
		{"reviews/case-api/role=supervisor", sup, id("/api/v1/cases/%d/reviews", p.Case), true},
		{"corrections/page/role=supervisor", sup, "/staff/supervision/corrections", false},
		{"corrections/api/role=supervisor", sup, "/api/v1/supervision/correction-rates", true},
		{"faults/case-page/role=supervisor", sup, id("/staff/cases/%d/faults", p.Case), false},
		{"faults/case-api/role=supervisor", sup, id("/api/v1/cases/%d/faults", p.Case), true},
		// 突出问题清单 (F8).
		{"problems/page/role=supervisor", sup, "/staff/problems", false},
		{"problems/api/role=supervisor", sup, "/api/v1/problems", true},
		{"problems/api-open/role=supervisor", sup, "/api/v1/problems?state=open", true},
		{"problems/api-overdue/role=supervisor", sup, "/api/v1/problems?overdue=1", true},
		{"problems/page/role=head", head, "/staff/problems", false},
		{"problems/page/role=officer", officer, "/staff/problems", false},
		// Analytic warnings (D5, H4).
		{"analysis/page/role=supervisor", sup, "/staff/analysis", false},
		{"analysis/api/role=supervisor", sup, "/api/v1/analysis/warnings", true},
		{"analysis/api-escalated/role=supervisor", sup, "/api/v1/analysis/warnings?state=escalated", true},
		{"analysis/api-kind/role=supervisor", sup, "/api/v1/analysis/warnings?kind=" + string(zhifa.AnalysisFineOutlier), true},
		{"analysis/page/role=head", head, "/staff/analysis", false},
		{"analysis/page/role=officer", officer, "/staff/analysis", false},
		// Assessment of agencies (F2, A5).
		{"assessments/page/role=supervisor", sup, "/staff/assessments", false},
		{"assessments/api/role=supervisor", sup, "/api/v1/assessments", true},
		{"assessments/run/role=supervisor", sup, id("/staff/assessments/%d", p.Run), false},
		{"assessments/records/role=supervisor", sup, records, false},
		// Dashboards and statistics.
		{"dashboard/role=supervisor", sup, "/staff/", false},
		{"dashboard/role=head", head, "/staff/", false},
		{"dashboard/role=officer", officer, "/staff/", false},
		{"stats/page/role=supervisor", sup, "/staff/stats", false},
		// Licence decisions.
		{"licences/page/role=supervisor", sup, "/staff/licences", false},
		{"licences/api/role=supervisor", sup, "/api/v1/licences", true},
		{"licences/page/role=head", head, "/staff/licences", false},
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

// supDeepCursor walks the supervisor's complaints 20 pages in (or to the last page) and
// returns the cursor of the page reached.
func supDeepCursor(get func(scaleTarget) ([]byte, error)) (string, error) {
	path := "/api/v1/complaints"
	var cursor string
	for range 20 {
		body, err := get(scaleTarget{login: "supervisor1", path: path, api: true})
		if err != nil {
			return "", err
		}
		var page struct {
			Next string `json:"next"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return "", err
		}
		if page.Next == "" {
			break
		}
		cursor, path = page.Next, "/api/v1/complaints?cursor="+url.QueryEscape(page.Next)
	}
	if cursor == "" {
		return "", fmt.Errorf("the supervisor's complaints fill one page only")
	}
	return cursor, nil
}
