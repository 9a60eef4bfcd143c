package demo_test

import (
	"context"
	"testing"

	"zhifa"
	"zhifa/app"
)

// checkDemoReport: the market bureau's report of last year is published by 31 January
// with its note, the figures of every group, the head as approver, reported to the city
// government; the bureau has no warning left (C6). (The demo's cases start in January of
// this year, so last year's counts are mostly zero.)
func checkDemoReport(t *testing.T, a *app.App) {
	t.Helper()
	year := a.Today().Year - 1
	list, err := a.Report().PublishedList(context.Background(), year, "")
	if err != nil || len(list.Reports) != 1 {
		t.Fatalf("published demo reports of %d: %v, %v", year, list, err)
	}
	r := list.Reports[0]
	note := ""
	for _, f := range r.Figures {
		if f.Key == "acts.penalty" {
			note = f.Note
		}
	}
	if len(r.Figures) < 30 || note == "" || len(r.ReportedTo) == 0 || r.Approver == "" {
		t.Errorf("demo report: %d figures, note %q, reported to %+v, approver %q", len(r.Figures), note, r.ReportedTo, r.Approver)
	}
	if r.PublishedOn.After(zhifa.Date{Year: year + 1, Month: 1, Day: 31}) {
		t.Errorf("published on %s, after 31 January", r.PublishedOn)
	}
	ctx := app.WithActor(context.Background(), app.SystemActor("test"))
	ws, err := a.CaseWarnings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.Kind == app.WarnAnnualReport && w.AgencyID == r.AgencyID {
			t.Errorf("warning for the bureau that published: %+v", w)
		}
	}
}
