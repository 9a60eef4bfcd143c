package demo_test

import (
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/law"
)

// TestSeedDiscretion: a dozen market items carry a valid benchmark within their
// statutory range (B3, 行政处罚法第三十四条), and the market bureau's four lists hold its
// own entries besides the built-in ones (B4).
func TestSeedDiscretion(t *testing.T) {
	t.Parallel() // own database; the sequential tests that change demoCases run first
	a, _, _ := seeded(t)
	ctx := sys()
	items, err := a.Catalog().Items(ctx, zhifa.ItemFilter{Category: zhifa.CatPenalty, Page: zhifa.Page{Limit: 200}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var market int64
	for _, it := range items.Items {
		b, err := a.Catalog().Benchmark(ctx, it.Code)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		market = it.AgencyID
		if errs := law.ValidateBenchmark(b.Benchmark, law.StatuteFines(it.Basis)); errs != nil || len(b.Levels) < 3 {
			t.Errorf("%s: %v (%d levels)", it.Code, errs, len(b.Levels))
		}
	}
	if n != 12 {
		t.Errorf("%d benchmarks, want 12", n)
	}
	lists, err := a.Catalog().FourLists(app.WithActor(ctx, &app.Actor{}), market)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range lists.Lists {
		own := 0
		for _, e := range g.Entries {
			if !e.Builtin {
				own++
			}
		}
		if own == 0 {
			t.Errorf("the %s list has no entry of the bureau", g.Label)
		}
	}
}
