package demo_test

import (
	"context"
	"testing"

	"zhifa"
	"zhifa/app"
)

// checkDemoReport: the market bureau's report of last year (and the approval bureau's,
// with its licence decisions) is published by 31 January
// with its note, the figures of every group, the head as approver, reported to the city
// government; the bureau has no warning left (C6). (The demo's cases start in January of
// this year, so last year's counts are mostly zero.)
func checkDemoReport(t *testing.T, a *app.App) {
	t.Helper()
	year := a.Today().Year - 1
	list, err := a.Report().PublishedList(context.Background(), year, "")
	if err != nil || len(list.Reports) != 2 {
		t.Fatalf("published demo reports of %d: %v, %v", year, list, err)
	}
	r, licences := list.Reports[0], list.Reports[1]
	if r.AgencyName != "东港市市场监督管理局" {
		r, licences = licences, r
	}
	// The approval bureau's report counts last year's licence decisions (licences.go).
	want := map[string]int64{"licence.grant": 3, "licence.revoke": 1, "licence.refuse": 1, "acts.license": 5}
	for _, f := range licences.Figures {
		if w, ok := want[f.Key]; ok && f.Value != w {
			t.Errorf("the approval bureau's %s = %d, want %d", f.Key, f.Value, w)
		}
	}
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
