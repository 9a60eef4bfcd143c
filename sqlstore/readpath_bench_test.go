package sqlstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"zhifa"
)

// BenchmarkReadPath measures the read path of issue #11 on a province generated in
// the benchmark by bulk inserts (ZHIFA_BENCH_CASES cases, default 100,000; 5,000 with
// -short): the case list (first page, each filter, a deep page) for the province, a
// city and one bureau, the warnings' clock lookup and case search. Each sub-benchmark
// reports its p99 and ratio = p99 ÷ the p99 of the raw-SQL baseline of the same run on
// the same database (the first page by primary key, without the store). PostgreSQL
// runs too when ZHIFA_TEST_PG is set.
func BenchmarkReadPath(b *testing.B) {
	n := benchSize(b, "ZHIFA_BENCH_CASES", 100000, 5000)
	for _, e := range benchEngines() {
		b.Run(e.name, func(b *testing.B) {
			db := e.open(b)
			p := genProvince(b, db, n)
			benchReads(b, db, p)
		})
	}
}

// province is what genProvince made: scopes of three sizes and search keys.
type province struct {
	city, bureau string // agency paths
	midID        int64  // a case ID half-way, for a deep page
	today        zhifa.Date
	name2        string // a two-character part of a person's name
	credit       string // a credit code
}

var (
	surnames = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
	givens   = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
)

// genCase is one generated case before insertion.
type genCase struct {
	number, party, credit string
	item                  *zhifa.Item
	offs                  [2]*zhifa.Officer
	clock                 *zhifa.Clock
	agency                int64
}

// genProvince fills db with a province of n cases (genOrgs, genCase). The rows are
// those the store writes (its search text and clock index included), inserted in bulk.
func genProvince(b *testing.B, db *DB, n int) *province {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	r := rand.New(rand.NewPCG(1, 2))
	p := &province{today: zhifa.MustDate("2026-06-01")}
	o, err := genOrgs(ctx, db, r)
	if err != nil {
		b.Fatal(err)
	}
	p.city, p.bureau = o.city, o.bureaus[0].Path
	seqs := map[int64]int64{}
	const batch = 200
	for lo := 0; lo < n; lo += batch {
		gens := make([]genCase, 0, batch)
		for i := lo; i < min(lo+batch, n); i++ {
			gens = append(gens, o.genCase(r, seqs, i, p.today))
		}
		err := db.Update(ctx, func(ztx zhifa.Tx) error {
			ids, err := insertGenCases(ctx, ztx.(*tx), gens)
			if err != nil {
				return err
			}
			for j, g := range gens {
				if p.midID == 0 && lo+j >= n/2 {
					p.midID = ids[j]
				}
				if p.name2 == "" && g.credit == "" {
					p.name2 = string([]rune(g.party)[1:])
				}
				if g.credit != "" {
					p.credit = g.credit
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := db.analyze(ctx); err != nil {
		b.Fatal(err)
	}
	if err := db.optimize(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: generated %d cases in %v", db.engine, n, time.Since(start).Round(time.Millisecond))
	return p
}

// genOrg is a generated province's organization: 4 cities of 8 bureaus, 40 items, 200
// officers.
type genOrg struct {
	city     string // the first city's path
	bureaus  []*zhifa.Agency
	byID     map[int64]*zhifa.Agency
	items    []*zhifa.Item
	officers []*zhifa.Officer
}

// genOrgs creates the agencies, items and officers of a generated province.
func genOrgs(ctx context.Context, db *DB, r *rand.Rand) (*genOrg, error) {
	o := &genOrg{byID: map[int64]*zhifa.Agency{}}
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		mk := func(parent int64, name string, typ zhifa.AgencyType) (*zhifa.Agency, error) {
			a := &zhifa.Agency{ParentID: parent, Name: name, Level: zhifa.LevelCity, Type: typ, RegionCode: "370000"}
			return a, tx.CreateAgency(ctx, a)
		}
		root, err := mk(0, "山东省人民政府", zhifa.AgencyGovernment)
		if err != nil {
			return err
		}
		for c := range 4 {
			city, err := mk(root.ID, fmt.Sprintf("第%d市人民政府", c+1), zhifa.AgencyGovernment)
			if err != nil {
				return err
			}
			if c == 0 {
				o.city = city.Path
			}
			for k := range 8 {
				bu, err := mk(city.ID, fmt.Sprintf("第%d市第%d局", c+1, k+1), zhifa.AgencyAdministrative)
				if err != nil {
					return err
				}
				o.bureaus = append(o.bureaus, bu)
				o.byID[bu.ID] = bu
			}
		}
		for i := range 40 {
			it := &zhifa.Item{Code: fmt.Sprintf("BENCH-%03d", i), Name: "销售不符合安全标准的" + trades[i%len(trades)],
				Category: zhifa.CatPenalty, AgencyID: o.bureaus[i%len(o.bureaus)].ID}
			if err := tx.CreateItem(ctx, it, ""); err != nil {
				return err
			}
			o.items = append(o.items, it)
		}
		for i := range 200 {
			off := &zhifa.Officer{AgencyID: o.bureaus[i%len(o.bureaus)].ID, Name: personName(r), Active: true}
			if err := tx.CreateOfficer(ctx, off); err != nil {
				return err
			}
			o.officers = append(o.officers, off)
		}
		return nil
	})
	return o, err
}

// genCase is the i-th generated case: of a random bureau (seqs numbers its cases),
// item and two officers; every other party a person, the others companies with a
// credit code; 3% open with a running clock due around today, a third of them under
// legal review, the others archived.
func (o *genOrg) genCase(r *rand.Rand, seqs map[int64]int64, i int, today zhifa.Date) genCase {
	ag := o.bureaus[r.IntN(len(o.bureaus))]
	seqs[ag.ID]++
	g := genCase{number: fmt.Sprintf("%s罚〔2026〕%d号", ag.Name, seqs[ag.ID]), item: o.items[r.IntN(len(o.items))],
		offs: [2]*zhifa.Officer{o.officers[r.IntN(len(o.officers))], o.officers[r.IntN(len(o.officers))]}, agency: ag.ID}
	if i%2 == 0 {
		g.party = personName(r)
	} else {
		g.party = "某某" + trades[r.IntN(len(trades))] + string(surnames[r.IntN(len(surnames))]) + "有限公司"
		g.credit = fmt.Sprintf("91370000MA%07dX", i)
	}
	if i%100 < 3 {
		kind := zhifa.ClockDecision
		if i%100 == 0 {
			kind = zhifa.ClockReview
		}
		due := today.AddDays(r.IntN(60) - 20)
		g.clock = &zhifa.Clock{Kind: kind, Start: due.AddDays(-30), Due: due, Unit: zhifa.UnitCalendar}
	}
	return g
}

// officerNames are the names of the case's officers by officer ID, each once, as the
// store reads them for the search text.
func (g genCase) officerNames() []string {
	offs := slices.Clone(g.offs[:])
	slices.SortFunc(offs, func(x, y *zhifa.Officer) int { return int(x.ID - y.ID) })
	offs = slices.CompactFunc(offs, func(x, y *zhifa.Officer) bool { return x.ID == y.ID })
	names := make([]string, len(offs))
	for i, off := range offs {
		names[i] = off.Name
	}
	return names
}

// insertGenCases inserts a batch of generated cases with their parties, running
// clocks, search text and bigrams, and returns their IDs in order.
func insertGenCases(ctx context.Context, t *tx, gens []genCase) ([]int64, error) {
	var cv [][]any
	now := t.now()
	for _, g := range gens {
		stage, clocks, next := "archive", "[]", any(nil)
		if g.clock != nil {
			js, err := jsonText([]zhifa.Clock{*g.clock})
			if err != nil {
				return nil, err
			}
			stage, clocks, next = "investigate", js, g.clock.Due
		}
		officers, err := jsonText([]int64{g.offs[0].ID, g.offs[1].ID})
		if err != nil {
			return nil, err
		}
		seq := strings.TrimSuffix(g.number[strings.LastIndex(g.number, "〕")+len("〕"):], "号")
		cv = append(cv, []any{g.agency, g.number, 2026, seq, "penalty", "ordinary", g.item.ID, officers, stage, "none",
			"{}", clocks, next, 1, 1, now, now})
	}
	ids, err := insertRows(ctx, t, `INSERT INTO cases (agency_id, number, year, seq, kind, procedure, item_id, officer_ids,
		stage, outcome, state, clocks, next_due, version, created_by, created_at, updated_at) VALUES `, ` RETURNING id`, cv)
	if err != nil {
		return nil, fmt.Errorf("generate cases: %w", err)
	}
	var pv, kv, sv [][]any
	var terms []string
	var owners []int64
	for j, g := range gens {
		id := ids[j]
		kind, idIndex, masked := "org", any(nil), ""
		if g.credit == "" {
			kind = "person"
			idIndex, masked = t.db.pii.index(genIDNumber(id)), "3701**********0000"
		}
		pv = append(pv, []any{id, 1, kind, g.party, idIndex, masked, g.credit})
		if g.clock != nil {
			kv = append(kv, []any{id, string(g.clock.Kind), g.clock.Due, g.agency})
		}
		doc := caseDocText(g.number, g.item.Code, g.item.Name, []string{g.party}, g.officerNames())
		sv = append(sv, []any{id, doc})
		for _, term := range docTerms(doc) {
			terms, owners = append(terms, term), append(owners, id)
		}
	}
	for _, ins := range []struct {
		q    string
		rows [][]any
	}{
		{`INSERT INTO case_parties (case_id, seq, kind, name, id_number_index, id_masked, credit_code) VALUES `, pv},
		{`INSERT INTO case_clocks (case_id, kind, due, agency_id) VALUES `, kv},
		{`INSERT INTO case_search (case_id, doc) VALUES `, sv},
	} {
		if _, err := insertRows(ctx, t, ins.q, "", ins.rows); err != nil {
			return nil, fmt.Errorf("generate: %w", err)
		}
	}
	if err := bulkPostings(ctx, t, "case_terms", "case_id", terms, owners); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	return ids, nil
}

func personName(r *rand.Rand) string {
	return string([]rune{surnames[r.IntN(len(surnames))], givens[r.IntN(len(givens))], givens[r.IntN(len(givens))]})
}

// readOp is one measured read.
type readOp struct {
	name string
	fn   func() error
}

// benchReads runs the read-path sub-benchmarks against the baseline.
func benchReads(b *testing.B, db *DB, p *province) {
	ctx := context.Background()
	var baseline time.Duration
	b.Run("baseline=raw-first-page", func(b *testing.B) {
		baseline = measure(b, func() error {
			rows, err := db.sql.QueryContext(ctx, `SELECT id FROM cases ORDER BY id DESC LIMIT 30`)
			if err != nil {
				return err
			}
			_, err = collectValues[int64](rows, "baseline")
			return err
		}, 0)
	})
	list := func(f zhifa.CaseFilter) func() error {
		f.Limit = 30
		return func() error {
			return db.View(ctx, func(tx zhifa.Tx) error {
				_, _, err := tx.Cases(ctx, f)
				return err
			})
		}
	}
	soon := p.today.AddDays(5)
	ops := []readOp{
		{"warnings/province", warningsOp(ctx, db, "", p.today, soon)},
		{"warnings/city", warningsOp(ctx, db, p.city, p.today, soon)},
		{"search/name-2-chars", list(zhifa.CaseFilter{Query: p.name2})},
		{"search/credit-code", list(zhifa.CaseFilter{Query: p.credit})},
		{"search/bureau-scope", list(zhifa.CaseFilter{UnderPath: p.bureau, Query: p.name2})},
	}
	for _, scope := range []struct{ name, path string }{{"province", ""}, {"city", p.city}, {"bureau", p.bureau}} {
		ops = append(ops,
			readOp{"list/" + scope.name + "/first", list(zhifa.CaseFilter{UnderPath: scope.path})},
			readOp{"list/" + scope.name + "/deep", list(zhifa.CaseFilter{UnderPath: scope.path, After: &zhifa.CaseKey{ID: p.midID}})},
			readOp{"list/" + scope.name + "/stage", list(zhifa.CaseFilter{UnderPath: scope.path, Stage: zhifa.StageInvestigate})},
			readOp{"list/" + scope.name + "/kind", list(zhifa.CaseFilter{UnderPath: scope.path, Kind: zhifa.CasePenalty})},
			readOp{"list/" + scope.name + "/due-soon", list(zhifa.CaseFilter{UnderPath: scope.path, DueFrom: p.today, DueTo: soon})},
		)
	}
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) { measure(b, op.fn, baseline) })
	}
}

// warningsOp is the case part of the warnings (app.CaseWarnings): the cases with a
// review clock due soon or a transfer clock overdue, read with their parties.
func warningsOp(ctx context.Context, db *DB, scope string, today, soon zhifa.Date) func() error {
	return func() error {
		return db.View(ctx, func(tx zhifa.Tx) error {
			ids, err := tx.CasesWithClocksDue(ctx, scope, zhifa.ClocksDue{Kinds: []zhifa.ClockKind{zhifa.ClockReview}, To: soon},
				zhifa.ClocksDue{Kinds: []zhifa.ClockKind{zhifa.ClockTransferDecision, zhifa.ClockTransferReply}, To: today})
			if err != nil {
				return err
			}
			_, err = tx.CasesByIDs(ctx, ids)
			return err
		})
	}
}

// measure runs fn b.N times and reports its p50 and p99 in ms and, with a baseline, the
// ratio of the p99s; it returns the p99.
func measure(b *testing.B, fn func() error, baseline time.Duration) time.Duration {
	b.Helper()
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	p99 := times[min(len(times)-1, len(times)*99/100)]
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	if baseline > 0 {
		b.ReportMetric(float64(p99)/float64(baseline), "ratio")
	}
	return p99
}
