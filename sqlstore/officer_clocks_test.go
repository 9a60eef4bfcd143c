package sqlstore

import (
	"context"
	"slices"
	"testing"

	"zhifa"
)

// testOfficerClocks covers officer_clocks (migration 00062), which an officer's
// DueClocks reads: it follows every change of a case's clocks and officers — a clock
// done, a new clock, an officer taken off and one added, a clock held twice — and pages
// by keyset within an officer's clocks only.
func testOfficerClocks(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	wang, li := newOfficer(t, db, tr.market.ID, "王磊"), newOfficer(t, db, tr.market.ID, "李娜")
	clock := func(kind zhifa.ClockKind, due string) zhifa.Clock {
		return zhifa.Clock{Kind: kind, Start: zhifa.MustDate("2026-11-02"), Due: zhifa.MustDate(due), Unit: zhifa.UnitWorkday}
	}
	a := fileCase(t, db, tr.market, item, zhifa.StageNotify, []int64{wang.ID, li.ID},
		[]zhifa.Clock{clock(zhifa.ClockDecision, "2026-12-20"), clock(zhifa.ClockStatement, "2026-12-08")})
	b := fileCase(t, db, tr.market, item, zhifa.StageInvestigate, []int64{wang.ID}, []zhifa.Clock{clock(zhifa.ClockDecision, "2026-12-07")})

	type dc = zhifa.DueClock
	clk := func(id int64, kind zhifa.ClockKind, due string) dc {
		return dc{CaseID: id, Kind: kind, Due: zhifa.MustDate(due)}
	}
	// all reads the officer's clocks a page of one at a time.
	all := func(officer int64) []dc {
		t.Helper()
		var got []dc
		q := zhifa.ClockQuery{OfficerID: officer, UnderPath: tr.city.Path, Limit: 1}
		for range 10 {
			var page []dc
			view(t, db, func(tx zhifa.Tx) (err error) { page, err = tx.DueClocks(ctx, q); return err })
			if len(page) == 0 {
				break
			}
			got = append(got, page...)
			q.After = &page[len(page)-1]
		}
		return got
	}
	change := func(c *zhifa.Case, fn func(c *zhifa.Case)) {
		t.Helper()
		update(t, db, func(tx zhifa.Tx) error {
			cur, err := tx.Case(ctx, c.ID)
			if err != nil {
				return err
			}
			fn(cur)
			return tx.UpdateCase(ctx, cur)
		})
	}
	for _, step := range []struct {
		name     string
		change   func()
		wang, li []dc
	}{
		{"filed", func() {},
			[]dc{clk(b.ID, zhifa.ClockDecision, "2026-12-07"), clk(a.ID, zhifa.ClockStatement, "2026-12-08"), clk(a.ID, zhifa.ClockDecision, "2026-12-20")},
			[]dc{clk(a.ID, zhifa.ClockStatement, "2026-12-08"), clk(a.ID, zhifa.ClockDecision, "2026-12-20")}},
		{"the statement period done, a review period started", func() {
			change(a, func(c *zhifa.Case) {
				c.Clocks[1].Done = true
				c.Clocks = append(c.Clocks, clock(zhifa.ClockReview, "2026-12-10"))
			})
		},
			[]dc{clk(b.ID, zhifa.ClockDecision, "2026-12-07"), clk(a.ID, zhifa.ClockReview, "2026-12-10"), clk(a.ID, zhifa.ClockDecision, "2026-12-20")},
			[]dc{clk(a.ID, zhifa.ClockReview, "2026-12-10"), clk(a.ID, zhifa.ClockDecision, "2026-12-20")}},
		{"officers swapped on a case", func() {
			change(a, func(c *zhifa.Case) { c.OfficerIDs = []int64{li.ID} })
			change(b, func(c *zhifa.Case) { c.OfficerIDs = []int64{li.ID, wang.ID} })
		},
			[]dc{clk(b.ID, zhifa.ClockDecision, "2026-12-07")},
			[]dc{clk(b.ID, zhifa.ClockDecision, "2026-12-07"), clk(a.ID, zhifa.ClockReview, "2026-12-10"), clk(a.ID, zhifa.ClockDecision, "2026-12-20")}},
		{"a clock held twice, then once", func() {
			change(b, func(c *zhifa.Case) { c.Clocks = append(c.Clocks, c.Clocks[0]) })
			change(b, func(c *zhifa.Case) { c.Clocks = c.Clocks[:1] })
		},
			[]dc{clk(b.ID, zhifa.ClockDecision, "2026-12-07")},
			[]dc{clk(b.ID, zhifa.ClockDecision, "2026-12-07"), clk(a.ID, zhifa.ClockReview, "2026-12-10"), clk(a.ID, zhifa.ClockDecision, "2026-12-20")}},
		{"all clocks done", func() {
			for _, c := range []*zhifa.Case{a, b} {
				change(c, func(c *zhifa.Case) {
					for i := range c.Clocks {
						c.Clocks[i].Done = true
					}
				})
			}
		}, nil, nil},
	} {
		t.Run(step.name, func(t *testing.T) {
			step.change()
			if got := all(wang.ID); !slices.Equal(got, step.wang) {
				t.Errorf("王磊's clocks %v, want %v", got, step.wang)
			}
			if got := all(li.ID); !slices.Equal(got, step.li) {
				t.Errorf("李娜's clocks %v, want %v", got, step.li)
			}
		})
	}
}
