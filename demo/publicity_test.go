package demo_test

import (
	"context"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
)

// checkDemoPublications: the demo city's decided cases are in the publication queue and
// worked — published on time and late, one not published with its ground, one withdrawn
// with its reason public — and the portal shows no natural person's full name (C3–C5).
func checkDemoPublications(t *testing.T, a *app.App) {
	t.Helper()
	ctx := app.WithActor(context.Background(), app.SystemActor("test"))
	count, licences := map[zhifa.PublicationStatus]int{}, map[zhifa.PublicationStatus]int{}
	late, licencesLate := 0, 0
	var f publicity.QueueFilter
	for {
		list, next, err := a.Publicity().Queue(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.LicenceID != 0 { // the approval bureau's licence decisions (licences.go)
				licences[p.Status]++
				if p.PublishedLate {
					licencesLate++
				}
				continue
			}
			count[p.Status]++
			if p.PublishedLate {
				late++
			}
		}
		if next == 0 {
			break
		}
		f.Cursor = next
	}
	t.Logf("publications %v, %d published late", count, late)
	// Withdrawn: the one the demo withdraws, and the decision a reconsideration revoked
	// when it had not been published yet (complaints.go, supervision.OnCorrected).
	if count[zhifa.PubPublished] < 5 || count[zhifa.PubDeclined] != 1 || count[zhifa.PubWithdrawn] < 1 || count[zhifa.PubWithdrawn] > 2 || late == 0 {
		t.Errorf("demo publications %v with %d late: want published ones (some late), one declined, one or two withdrawn", count, late)
	}
	// Licence decisions: published (one late), one withdrawn after its revocation.
	t.Logf("licence publications %v, %d published late", licences, licencesLate)
	if licences[zhifa.PubPublished] < 3 || licences[zhifa.PubWithdrawn] != 1 || licencesLate != 1 {
		t.Errorf("demo licence publications %v with %d late: want published ones, one late, one withdrawn", licences, licencesLate)
	}
	page, err := a.Publicity().Decisions(context.Background(), publicity.PublicQuery{Limit: 100})
	if err != nil || len(page.Decisions) == 0 {
		t.Fatalf("portal: %v", err)
	}
	for _, d := range page.Decisions {
		if d.Status == string(zhifa.PubWithdrawn) && d.WithdrawReason == "" {
			t.Errorf("withdrawn %s without its reason", d.CaseNumber)
		}
		if !strings.HasSuffix(d.Party, "某") && d.CreditCode == "" && !strings.Contains(d.Party, "某") {
			t.Errorf("portal party %q of %s is neither masked nor a legal person", d.Party, d.CaseNumber)
		}
	}
}
