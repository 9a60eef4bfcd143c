package demo_test

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/blob"
	"zhifa/demo"
	"zhifa/sqlstore"
)

// TestSeedReview: the market bureau's catalog is a template, the 开发区分局 tightens it, the
// bureau's reviewers form a pool (E2, E3, B5), and no demo case was decided as a major
// decision without a passed, approved review (E1).
func TestSeedReview(t *testing.T) {
	t.Parallel() // own database; the sequential tests that change demoCases run first
	if testing.Short() {
		t.Skip("slow: seeds the demo city (-short)")
	}
	bg := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	st, err := sqlstore.Open(bg, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := blob.OpenDir(bg, filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(st, app.Options{Now: func() time.Time { return now }, Blobs: blobs})
	if err := demo.Seed(bg, a); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	ctx := sys()
	ags, err := a.Personnel().Agencies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*zhifa.Agency{}
	for _, ag := range ags {
		byName[ag.Name] = ag
	}
	market, dev := byName["东港市市场监督管理局"], byName["东港市市场监督管理局开发区分局"]
	mc, err := a.Review().MajorCatalog(ctx, market.ID)
	if err != nil || !mc.Own || !mc.Current.Template || len(mc.Current.Rules) < 4 {
		t.Fatalf("market catalog %+v %v", mc, err)
	}
	dc, err := a.Review().MajorCatalog(ctx, dev.ID)
	if err != nil || !dc.Own || dc.Current.BaseAgencyID != market.ID || dc.Current.ReviewDays != 3 || len(dc.Versions) != 2 {
		t.Fatalf("branch catalog %+v %v", dc, err)
	}
	pools, err := a.Review().ReviewPools(ctx)
	if err != nil || len(pools) != 1 || len(pools[0].Agencies) != 3 || len(pools[0].Reviewers) == 0 {
		t.Fatalf("pools %+v %v", pools, err)
	}
	list, err := a.Cases(ctx, app.CaseFilter{Page: zhifa.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	reviewed := 0
	for _, c := range list.Cases {
		if c.State.Review != nil && c.State.Review.Status == zhifa.ReviewPassed {
			reviewed++
		}
		if c.State.DecidedOn.IsZero() || c.Kind != zhifa.CasePenalty {
			continue
		}
		v, err := a.Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Major && (c.State.Review == nil || c.State.Review.ApprovedBy == 0) {
			t.Errorf("case %s decided as major without an approved review: %+v", c.Number, v.MajorReasons)
		}
	}
	if reviewed == 0 {
		t.Errorf("no demo case went through legal review (%d cases)", list.Total)
	}
}
