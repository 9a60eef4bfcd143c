package demo_test

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
	"zhifa/app/transfer"
	"zhifa/blob"
	"zhifa/demo"
	"zhifa/sqlstore"
)

// TestSeedSupervision: supervisor1 sees, on the dashboard's case warnings and in the
// lists, the demo's pending transfers of suspected crimes (G3) with one handover overdue
// (移送规定第五条第二款: 24 hours), a major decision filed after the filing deadline and a
// filing reviewed (F6), and a legal review due soon (E5); the market bureau's officer and
// reviewer see the same of their bureau.
func TestSeedSupervision(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: seeds the demo city (-short)")
	}
	// A Friday in November, and the Tuesday after the Spring Festival holiday, whose
	// working days the review and filing deadlines skip.
	for _, day := range []string{"2026-11-20", "2026-02-24"} {
		t.Run(day, func(t *testing.T) { seedSupervision(t, zhifa.MustDate(day).Time().Add(10*time.Hour)) })
	}
}

func seedSupervision(t *testing.T, at time.Time) {
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
	defer demo.SetDemoCases(20)() // the planned cases are not what this test is about
	a := app.New(st, app.Options{Now: func() time.Time { return at }, Blobs: blobs})
	start := time.Now()
	if err := demo.Seed(bg, a); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	t.Logf("seed with 20 planned cases and the supervision cases took %v", time.Since(start))

	for _, login := range []string{"supervisor1", "officer1", "reviewer1"} {
		ctx := demoLogin(t, a, login)
		trs, err := a.Transfer().Transfers(ctx, transfer.TransferFilter{Pending: true})
		if err != nil {
			t.Fatal(err)
		}
		statuses := map[zhifa.TransferStatus]int{}
		for _, tr := range trs.Transfers {
			statuses[tr.Status]++
		}
		if statuses[zhifa.TransferApproved] == 0 || statuses[zhifa.TransferHandedOver] == 0 || statuses[zhifa.TransferProposed] == 0 {
			t.Errorf("%s: pending transfers by status %v, want approved, handed over and proposed", login, statuses)
		}
		warns, err := a.CaseWarnings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		handover, late, review := 0, 0, 0
		for _, w := range warns {
			switch {
			case w.Kind == app.WarnTransferOverdue && strings.Contains(w.Message, "24小时"):
				handover++
			case w.Kind == app.WarnFilingLate:
				late++
			case w.Kind == app.WarnReviewDueSoon:
				review++
			}
		}
		if handover == 0 || late == 0 || review == 0 {
			t.Errorf("%s: %d overdue handovers, %d late filings, %d reviews due soon among the warnings %+v", login, handover, late, review, warns)
		}
		fl, err := a.Filing().Filings(ctx, filing.FilingFilter{Status: zhifa.FilingReviewed})
		if err != nil || fl.Total == 0 || fl.Late == 0 {
			t.Errorf("%s: reviewed filings %d, late %d (%v)", login, fl.Total, fl.Late, err)
		}
	}
}

// demoLogin acts as a demo account, through a real login.
func demoLogin(t *testing.T, a *app.App, login string) context.Context {
	t.Helper()
	ctx := app.WithActor(context.Background(), &app.Actor{IP: "192.0.2.1"})
	token, _, err := a.Login(ctx, login, demo.Password, zhifa.SessionAPI)
	if err != nil {
		t.Fatalf("login %s: %v", login, err)
	}
	actor, err := a.Authenticate(ctx, token, zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), actor)
}
