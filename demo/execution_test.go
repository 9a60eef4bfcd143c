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

// TestSeedExecution: the demo shows every path of the execution of decisions (issue 15):
// paid cases, one paid late with its late fee, one in instalments, one with a 催告 and a
// court application, one collected on the spot and remitted; the collection statistics
// count them.
func TestSeedExecution(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: seeds the demo city (-short)")
	}
	ctx := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	st, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := blob.OpenDir(ctx, filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, zhifa.CST)
	a := app.New(st, app.Options{Now: func() time.Time { return now }, Blobs: blobs})
	if err := demo.Seed(ctx, a); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	sys := app.WithActor(ctx, app.SystemActor("test"))
	var all []*app.CaseView
	for off := 0; ; off += 200 {
		list, err := a.Cases(sys, app.CaseFilter{Kind: zhifa.CasePenalty, Page: zhifa.Page{Limit: 200, Offset: off}})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, list.Cases...)
		if off+200 >= list.Total {
			break
		}
	}
	var paid, late, instalments, court, accepted, onSpot int
	for _, c := range all {
		pv, err := a.Execution().Payment(sys, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pv == nil {
			continue
		}
		x := pv.Execution
		switch {
		case pv.OutstandingFen == 0 && pv.LateFeeFen > 0:
			late++
		case pv.OutstandingFen == 0:
			paid++
		}
		if x.Deferral != nil && x.Deferral.Approved && len(x.Deferral.Instalments) == 2 {
			instalments++
		}
		if x.Reminder != nil && x.Court != nil {
			court++
			if !x.Court.AcceptedOn.IsZero() {
				accepted++
			}
		}
		if x.OnSpot != nil && !x.OnSpot.BankedOn.IsZero() {
			onSpot++
		}
	}
	t.Logf("paid %d, paid late %d, instalments %d, court %d (accepted %d), on the spot %d", paid, late, instalments, court, accepted, onSpot)
	if paid < 3 || late == 0 || instalments == 0 || accepted == 0 || onSpot == 0 {
		t.Errorf("execution paths: paid %d, late %d, instalments %d, court accepted %d, on the spot %d", paid, late, instalments, accepted, onSpot)
	}
	// Seized property is listed with custody and value, and disposed of after the decision
	// with the head's approval and its proof (行政处罚法第七十四条).
	comp, err := a.Cases(sys, app.CaseFilter{Kind: zhifa.CaseCompulsory, Page: zhifa.Page{Limit: 200}})
	if err != nil {
		t.Fatal(err)
	}
	var held, disposed int
	for _, c := range comp.Cases {
		items, err := a.Execution().Property(sys, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			switch it.Status {
			case zhifa.PropertyHeld:
				held++
			case zhifa.PropertyDisposed:
				disposed++
			}
		}
	}
	if held == 0 || disposed == 0 {
		t.Errorf("property: %d held, %d disposed; want both", held, disposed)
	}
	stats, err := a.Execution().Stats(sys)
	if err != nil || len(stats) == 0 || stats[0].Obligations < paid+late {
		t.Errorf("stats %+v %v", stats, err)
	}
}
