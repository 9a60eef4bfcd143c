package sqlstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"zhifa"
)

// BenchmarkPublicDecisionSearch measures the portal's decision list and search (issue 13)
// on ZHIFA_BENCH_PUBLICATIONS published decisions (default 20,000; 2,000 with -short),
// one per case of a generated province (genProvince). Each sub-benchmark reports its p99
// and ratio = p99 ÷ the p99 of the raw-SQL baseline of the same run (the first page of
// publications by primary key, without the store). PostgreSQL runs too when
// ZHIFA_TEST_PG is set.
func BenchmarkPublicDecisionSearch(b *testing.B) {
	n := benchSize(b, "ZHIFA_BENCH_PUBLICATIONS", 20000, 2000)
	for _, e := range benchEngines() {
		b.Run(e.name, func(b *testing.B) {
			db := e.open(b)
			p := genProvince(b, db, n)
			g := genPublications(b, db, p)
			benchPublications(b, db, p, g)
		})
	}
}

// genPublished is what the search benchmark looks for in the generated publications.
type genPublished struct {
	word, code, number string // a two-character word of a party, a credit code, a 案号
	agency             int64  // an agency with publications
	deep               int64  // a publication ID a tenth of the way from the oldest: a deep keyset page
}

// genPublications publishes a decision of every generated case through the store and
// returns what to search for.
func genPublications(b *testing.B, db *DB, p *province) genPublished {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	r := rand.New(rand.NewPCG(3, 4))
	type caseRow struct {
		id, agency int64
		number     string
		path       string
	}
	var cases []caseRow
	err := db.View(ctx, func(tx zhifa.Tx) error {
		rows, err := db.sql.QueryContext(ctx, `SELECT c.id, c.agency_id, c.number, a.path FROM cases c JOIN agencies a ON a.id = c.agency_id ORDER BY c.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c caseRow
			if err := rows.Scan(&c.id, &c.agency, &c.number, &c.path); err != nil {
				return err
			}
			cases = append(cases, c)
		}
		return rows.Err()
	})
	if err != nil {
		b.Fatal(err)
	}
	var g genPublished
	const batch = 500
	for lo := 0; lo < len(cases); lo += batch {
		err := db.Update(ctx, func(tx zhifa.Tx) error {
			for i := lo; i < min(lo+batch, len(cases)); i++ {
				c := cases[i]
				pub := &zhifa.Publication{AgencyID: c.agency, AgencyPath: c.path, CaseID: c.id, CaseNumber: c.number,
					ItemName: "销售不符合安全标准的" + trades[i%len(trades)], Category: zhifa.PubPenalty, Status: zhifa.PubPublished,
					DecidedOn: p.today.AddDays(-r.IntN(300)), Due: p.today, PublishedOn: p.today, DisplayUntil: p.today.AddDays(1000),
					PublicText: "公开文本", Conclusion: "罚款5000元"}
				if i%2 == 0 {
					pub.PublicParty = string(surnames[r.IntN(len(surnames))]) + "某"
				} else {
					pub.PublicParty = "东港市" + string([]rune{surnames[r.IntN(len(surnames))], givens[r.IntN(len(givens))]}) +
						trades[r.IntN(len(trades))] + "有限公司"
					pub.PublicCode = fmt.Sprintf("91370000MA%07dY", i)
					if g.word == "" {
						g.word, g.code = string([]rune(pub.PublicParty)[3:5]), pub.PublicCode
					}
				}
				if err := tx.AddPublication(ctx, pub); err != nil {
					return err
				}
				if i == len(cases)/2 {
					g.number, g.agency = c.number, c.agency
				}
				if i == len(cases)/10 {
					g.deep = pub.ID
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
	b.Logf("%s: published %d decisions in %v", db.engine, len(cases), time.Since(start).Round(time.Millisecond))
	return g
}

// benchPublications runs the portal's reads against the baseline.
func benchPublications(b *testing.B, db *DB, p *province, g genPublished) {
	ctx := context.Background()
	var baseline time.Duration
	b.Run("baseline=raw-first-page", func(b *testing.B) {
		baseline = measure(b, func() error {
			rows, err := db.sql.QueryContext(ctx, `SELECT id FROM publications ORDER BY id DESC LIMIT 21`)
			if err != nil {
				return err
			}
			_, err = collectValues[int64](rows, "baseline")
			return err
		}, 0)
	})
	list := func(f zhifa.PublicationFilter) func() error {
		f.Public, f.Today, f.Limit = true, p.today, 21
		return func() error {
			return db.View(ctx, func(tx zhifa.Tx) error {
				_, err := tx.Publications(ctx, f)
				return err
			})
		}
	}
	for _, op := range []readOp{
		{"portal/first-page", list(zhifa.PublicationFilter{})},
		{"portal/word-2-chars", list(zhifa.PublicationFilter{Terms: []string{g.word}})},
		{"portal/credit-code", list(zhifa.PublicationFilter{Terms: []string{g.code}})},
		{"portal/case-number", list(zhifa.PublicationFilter{Terms: []string{g.number}})},
		{"portal/common-word", list(zhifa.PublicationFilter{Terms: []string{"有限公司"}})},
		{"portal/date-range", list(zhifa.PublicationFilter{From: p.today.AddDays(-30), To: p.today.AddDays(-20)})},
		{"portal/agency-date-range", list(zhifa.PublicationFilter{AgencyID: g.agency, From: p.today.AddDays(-30), To: p.today.AddDays(-20)})},
		{"portal/deep-page", list(zhifa.PublicationFilter{After: g.deep})},
	} {
		b.Run(op.name, func(b *testing.B) { measure(b, op.fn, baseline) })
	}
}
