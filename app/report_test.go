package app_test

import (
	"context"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/report"
)

// figure returns the value of the figure with the key.
func figure(t *testing.T, figs []zhifa.ReportFigure, key string) zhifa.ReportFigure {
	t.Helper()
	for _, f := range figs {
		if f.Key == key {
			return f
		}
	}
	t.Fatalf("no figure %q", key)
	return zhifa.ReportFigure{}
}

// TestAnnualReport: the market bureau's report of 2026 is generated from its decided
// case (one penalty decision with 警告 and 罚款 5,000 yuan, its publication due), only
// after the year is over, by its own officer; notes are saved on figures that exist;
// only the head approves, and the approval publishes it with one ledger entry, reports it
// to the city government, stops the warning and puts it on the portal and in the city's
// roll-up; another government's admin sees nothing; the county has no report (C6; 118号
// （六））.
func TestAnnualReport(t *testing.T) {
	w := newCaseWorld(t)
	rep := w.app.Report()
	w.decided(t, "李建国")
	officer, head := w.as(t, "officer1"), w.as(t, "head1")

	if _, err := rep.Generate(officer, w.market.ID, 2026); zhifa.ErrorCode(err) != zhifa.EGATE {
		t.Errorf("report of the running year: %v", err)
	}
	w.clock.Advance(310 * 24 * time.Hour) // 2027-01-06
	warns, err := w.app.CaseWarnings(head)
	if err != nil || !hasReportWarning(warns, app.WarnAnnualReport, w.market.ID) {
		t.Errorf("no annual report warning in January: %+v, %v", warns, err)
	}
	if _, err := rep.Generate(w.as(t, "reviewer1"), w.market.ID, 2026); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Errorf("a reviewer generates: %v", err)
	}
	if _, err := rep.Generate(w.as(t, "outsider"), w.market.ID, 2026); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN &&
		zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("another government's admin generates: %v", err)
	}
	if _, err := rep.Generate(officer, w.city.ID, 2026); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("an officer generates the government's: %v", err)
	}
	r, err := rep.Generate(officer, w.market.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int64{"acts.penalty": 1, "penalty.0": 1, "penalty.2": 1, "penalty.1": 0,
		"money.fines": 500000, "publications.due": 1, "publications.on_time": 0, "hearings": 0} {
		if got := figure(t, r.Figures, key).Value; got != want {
			t.Errorf("%s = %d, want %d", key, got, want)
		}
	}
	if _, err := rep.Get(w.as(t, "outsider"), r.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("another government's admin reads the draft: %v", err)
	}
	if _, err := rep.Published(context.Background(), r.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("the public reads the draft: %v", err)
	}
	_, err = rep.SaveNotes(officer, r.ID, report.NotesInput{Version: r.Version, Notes: map[string]string{"no.such": "x"}})
	wantCode(t, err, zhifa.EINVALID)
	r, err = rep.SaveNotes(officer, r.ID, report.NotesInput{Version: r.Version, Notes: map[string]string{"publications.on_time": "一件于次年公示"}})
	if err != nil || figure(t, r.Figures, "publications.on_time").Note != "一件于次年公示" {
		t.Fatalf("notes: %+v, %v", r, err)
	}
	// Generating again keeps the note.
	if r, err = rep.Generate(officer, w.market.ID, 2026); err != nil || figure(t, r.Figures, "publications.on_time").Note == "" {
		t.Fatalf("regenerated: %v", err)
	}

	if _, err := rep.Approve(officer, r.ID, r.Version); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Errorf("the officer approves: %v", err)
	}
	if _, err := rep.Approve(head, r.ID, r.Version-1); zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Errorf("stale approval: %v", err)
	}
	before := w.ledgerSize(t)
	r, err = rep.Approve(head, r.ID, r.Version)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != zhifa.ReportPublished || r.PublishedOn != zhifa.MustDate("2027-01-06") || r.Entry == 0 ||
		len(r.ReportedTo) != 1 || r.ReportedTo[0].AgencyID != w.city.ID {
		t.Errorf("published %+v", r)
	}
	if w.ledgerSize(t)-before != 1 {
		t.Errorf("publication appended %d entries, want 1", w.ledgerSize(t)-before)
	}
	if _, err := rep.SaveNotes(officer, r.ID, report.NotesInput{Version: r.Version, Notes: map[string]string{"hearings": "x"}}); zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Errorf("notes after publication: %v", err)
	}
	if _, err := rep.Generate(officer, w.market.ID, 2026); zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Errorf("regenerate after publication: %v", err)
	}
	warns, err = w.app.CaseWarnings(head)
	if err != nil || hasReportWarning(warns, app.WarnAnnualReport, w.market.ID) {
		t.Errorf("warning after publication: %v", err)
	}

	pub, err := rep.Published(context.Background(), r.ID)
	if err != nil || pub.Approver == "" {
		t.Errorf("portal: %+v, %v", pub, err)
	}
	roll, err := rep.GovernmentRollup(context.Background(), w.city.ID, 2026)
	if err != nil || len(roll.Reports) != 1 || figure(t, roll.Figures, "money.fines").Value != 500000 {
		t.Errorf("roll-up: %+v, %v", roll, err)
	}
	if _, err := rep.GovernmentRollup(context.Background(), w.market.ID, 2026); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("roll-up of a bureau: %v", err)
	}
	list, err := rep.PublishedList(context.Background(), 2026, "")
	if err != nil || len(list.Reports) != 1 {
		t.Errorf("portal list: %+v, %v", list, err)
	}
	_, missing, err := rep.Overview(w.as(t, "outsider"), 2026)
	if err != nil || len(missing) == 0 {
		t.Errorf("the county's bureau has no report: %v, %v", missing, err)
	}
}

func hasReportWarning(ws []app.Warning, kind string, agency int64) bool {
	for _, w := range ws {
		if w.Kind == kind && w.AgencyID == agency {
			return true
		}
	}
	return false
}

// TestAnnualReportCollection: the report states the collection of the year's fines at the
// year's end (罚缴分离, 行政处罚法第六十七条): ordered, paid, and still overdue.
func TestAnnualReportCollection(t *testing.T) {
	w := newCaseWorld(t)
	w.servedSummary(t, 200_00)                         // served 2026-03-02, never paid
	paid := w.payInFull(t, w.servedSummary(t, 100_00)) // paid the day it was served
	if paid == nil {
		t.Fatal("no case")
	}
	w.clock.Advance(310 * 24 * time.Hour) // 2027-01-06
	r, err := w.app.Report().Generate(w.as(t, "officer1"), w.market.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int64{"collection.ordered": 300_00, "collection.paid": 100_00, "collection.overdue": 1} {
		if got := figure(t, r.Figures, key).Value; got != want {
			t.Errorf("%s = %d, want %d", key, got, want)
		}
	}
}
