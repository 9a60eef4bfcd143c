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
	trades   = []string{"食品", "商贸", "餐饮", "建材", "物流", "医药", "电子", "服装"}
)

// genCase is one generated case before insertion.
type genCase struct {
	number, party, credit string
	item                  *zhifa.Item
	offs                  [2]*zhifa.Officer
	clock                 *zhifa.Clock
	agency                int64
}

// genProvince fills db with a province of n cases: 4 cities of 8 bureaus, 40 items,
// 200 officers; most cases archived, 3% open with a running clock, 1% under legal
// review. The rows are those the store writes (its search text and clock index
// included), inserted in bulk.
func genProvince(b *testing.B, db *DB, n int) *province {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	r := rand.New(rand.NewPCG(1, 2))
	p := &province{today: zhifa.MustDate("2026-06-01")}
	var bureaus []*zhifa.Agency
	var items []*zhifa.Item
	var officers []*zhifa.Officer
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
				p.city = city.Path
			}
			for k := range 8 {
				bu, err := mk(city.ID, fmt.Sprintf("第%d市第%d局", c+1, k+1), zhifa.AgencyAdministrative)
				if err != nil {
					return err
				}
				bureaus = append(bureaus, bu)
			}
		}
		p.bureau = bureaus[0].Path
		for i := range 40 {
			it := &zhifa.Item{Code: fmt.Sprintf("BENCH-%03d", i), Name: "销售不符合安全标准的" + trades[i%len(trades)],
				Category: zhifa.CatPenalty, AgencyID: bureaus[i%len(bureaus)].ID}
			if err := tx.CreateItem(ctx, it, ""); err != nil {
				return err
			}
			items = append(items, it)
		}
		for i := range 200 {
			o := &zhifa.Officer{AgencyID: bureaus[i%len(bureaus)].ID, Name: personName(r), Active: true}
			if err := tx.CreateOfficer(ctx, o); err != nil {
				return err
			}
			officers = append(officers, o)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	seqs := map[int64]int64{}
	const batch = 200
	for lo := 0; lo < n; lo += batch {
		gens := make([]genCase, 0, batch)
		for i := lo; i < min(lo+batch, n); i++ {
			ag := bureaus[r.IntN(len(bureaus))]
			seqs[ag.ID]++
			g := genCase{number: fmt.Sprintf("%s罚〔2026〕%d号", ag.Name, seqs[ag.ID]), item: items[r.IntN(len(items))],
				offs: [2]*zhifa.Officer{officers[r.IntN(len(officers))], officers[r.IntN(len(officers))]}, agency: ag.ID}
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
				due := p.today.AddDays(r.IntN(60) - 20)
				g.clock = &zhifa.Clock{Kind: kind, Start: due.AddDays(-30), Due: due, Unit: zhifa.UnitCalendar}
			}
			gens = append(gens, g)
		}
		err := db.Update(ctx, func(ztx zhifa.Tx) error {
			ids, err := insertGenCases(ctx, ztx.(*tx), seqs, gens)
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

// insertGenCases inserts a batch of generated cases with their parties, running
// clocks, search text and bigrams, and returns their IDs in order.
func insertGenCases(ctx context.Context, t *tx, seqs map[int64]int64, gens []genCase) ([]int64, error) {
	var cw where
	var cv []string
	row := func(w *where, vals ...any) string {
		ph := make([]string, len(vals))
		for i, v := range vals {
			ph[i] = w.arg(v)
		}
		return "(" + strings.Join(ph, ", ") + ")"
	}
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
		cv = append(cv, row(&cw, g.agency, g.number, 2026, seq, "penalty", "ordinary", g.item.ID, officers, stage, "none",
			"{}", clocks, next, 1, 1, now, now))
	}
	rows, err := t.query(ctx, `INSERT INTO cases (agency_id, number, year, seq, kind, procedure, item_id, officer_ids,
		stage, outcome, state, clocks, next_due, version, created_by, created_at, updated_at) VALUES `+strings.Join(cv, ", ")+
		` RETURNING id`, cw.args...)
	if err != nil {
		return nil, err
	}
	ids, err := collectValues[int64](rows, "generate cases")
	if err != nil {
		return nil, err
	}
	var pw, kw, sw, tw where
	var pv, kv, sv, tv []string
	for j, g := range gens {
		id := ids[j]
		kind, idIndex, masked := "org", any(nil), ""
		if g.credit == "" {
			kind = "person"
			idIndex, masked = t.db.pii.index(fmt.Sprintf("3701021980%08d", id)), "3701**********0000"
		}
		pv = append(pv, row(&pw, id, 1, kind, g.party, idIndex, masked, g.credit))
		if g.clock != nil {
			kv = append(kv, row(&kw, id, string(g.clock.Kind), g.clock.Due, g.agency))
		}
		doc := strings.Join([]string{foldText(g.number), foldText(g.item.Code), g.item.Name, g.party, g.offs[0].Name, g.offs[1].Name}, "\n")
		sv = append(sv, row(&sw, id, doc))
		for _, term := range docTerms(doc) {
			tv = append(tv, row(&tw, term, id))
		}
	}
	for _, ins := range []struct {
		q    string
		vals []string
		w    *where
	}{
		{`INSERT INTO case_parties (case_id, seq, kind, name, id_number_index, id_masked, credit_code) VALUES `, pv, &pw},
		{`INSERT INTO case_clocks (case_id, kind, due, agency_id) VALUES `, kv, &kw},
		{`INSERT INTO case_search (case_id, doc) VALUES `, sv, &sw},
		{`INSERT INTO case_terms (term, case_id) VALUES `, tv, &tw},
	} {
		if len(ins.vals) == 0 {
			continue
		}
		if _, err := t.exec(ctx, ins.q+strings.Join(ins.vals, ", "), ins.w.args...); err != nil {
			return nil, fmt.Errorf("generate: %w", err)
		}
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

// measure runs fn b.N times and reports its p99 in ms and, with a baseline, the ratio
// of the p99s; it returns the p99.
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
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	if baseline > 0 {
		b.ReportMetric(float64(p99)/float64(baseline), "ratio")
	}
	return p99
}
