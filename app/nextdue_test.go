package app_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/law"
)

// TestNextDueAgencyOwn: a case whose statement period ended before its decision is not
// overdue for the agency — not in due=overdue, not in the statistics' overdue count, its
// statement clock 已届满 (law.ClockEnded) — while a case past its decision deadline is
// (law.NextDue; issue 14).
func TestNextDueAgencyOwn(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a case to its notice")
	}
	w := newCaseWorld(t)
	late := w.file(t, w.input(zhifa.CasePenalty)) // decision due 1 June (31 May rolled)
	w.clock.Advance(85 * 24 * time.Hour)          // Tuesday 26 May
	waiting := w.file(t, w.input(zhifa.CasePenalty))
	waiting = w.mustAct(t, "officer1", waiting, "investigate", app.ActionInput{})
	in := app.ActionInput{}
	in.Penalties, in.Fine, in.Reason = []string{"警告", "罚款"}, 300000, "销售超过保质期的食品，情节一般"
	waiting = w.mustAct(t, "officer1", waiting, "propose", in)
	w.issueDoc(t, "officer1", waiting.ID, zhifa.DocPenaltyNotice)
	waiting = w.mustAct(t, "officer1", waiting, "notify", app.ActionInput{})
	statement := clockOf(waiting, zhifa.ClockStatement)
	if waiting.NextDue == statement.Due || waiting.NextDue != clockOf(waiting, zhifa.ClockDecision).Due {
		t.Fatalf("next due %s: the statement period (%s) counted as the agency's", waiting.NextDue, statement.Due)
	}
	w.clock.Advance(7 * 24 * time.Hour) // Tuesday 2 June: the statement period and the late decision period are over

	list, err := w.app.Cases(w.as(t, "officer1"), app.CaseFilter{Due: "overdue"})
	if err != nil {
		t.Fatal(err)
	}
	if list.Total != 1 || len(list.Cases) != 1 || list.Cases[0].ID != late.ID {
		t.Errorf("overdue: %d cases, want only %s", list.Total, late.Number)
	}
	v, err := w.app.Case(w.as(t, "officer1"), waiting.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range v.Clocks {
		if cl.Kind == zhifa.ClockStatement && cl.Status != law.ClockEnded {
			t.Errorf("statement period: status %s, want %s", cl.Status, law.ClockEnded)
		}
	}
	st, err := w.app.Stats(w.as(t, "supervisor1"), 2026)
	if err != nil {
		t.Fatal(err)
	}
	if tab := st.Table("overdue"); tab == nil || len(tab.Rows) != 1 || tab.Rows[0][1] != "1" {
		t.Errorf("overdue by agency: %+v, want one case of the market bureau", tab)
	}
}

// TestInspectionInitiation: an inspection case names how it was initiated, validated at
// filing; one opened without it is refused; a penalty case names none (issue 13).
func TestInspectionInitiation(t *testing.T) {
	w := newCaseWorld(t)
	ctx := w.as(t, "officer1")
	in := w.input(zhifa.CaseInspection)
	in.Initiation = ""
	_, err := w.app.FileCase(ctx, in)
	wantField(t, err, "initiation")
	in.Initiation = "daily"
	_, err = w.app.FileCase(ctx, in)
	wantField(t, err, "initiation")
	pen := w.input(zhifa.CasePenalty)
	pen.Initiation = zhifa.InitRandom
	_, err = w.app.FileCase(ctx, pen)
	wantField(t, err, "initiation")
	in.Initiation = zhifa.InitRandom
	v := w.file(t, in)
	if v.State.Initiation != zhifa.InitRandom {
		t.Errorf("stored initiation %q", v.State.Initiation)
	}
}

// wantField fails unless err is EINVALID naming the field.
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var e *zhifa.Error
	if !asError(err, &e) || e.Code != zhifa.EINVALID || e.Fields[field] == "" {
		t.Fatalf("error %v, want EINVALID on %s", err, field)
	}
}

// TestMigration49Kinds: the migration that recomputes the stored next due dates names
// exactly the clock kinds law.NextDue leaves out (law.OthersClocks), on both engines.
func TestMigration49Kinds(t *testing.T) {
	want := make([]string, 0, len(law.OthersClocks))
	for _, k := range law.OthersClocks {
		want = append(want, string(k))
	}
	slices.Sort(want)
	list := regexp.MustCompile(`\('statement'[^)]*\)`)
	for _, engine := range []string{"sqlite", "postgres"} {
		b, err := os.ReadFile("../sqlstore/migrations/" + engine + "/00049_nextdue.sql")
		if err != nil {
			t.Fatal(err)
		}
		lists := list.FindAllString(string(b), -1)
		if len(lists) != 3 {
			t.Fatalf("%s: %d kind lists, want 3", engine, len(lists))
		}
		for _, l := range lists {
			var got []string
			for _, f := range strings.Split(strings.Trim(l, "()"), ",") {
				got = append(got, strings.Trim(strings.TrimSpace(f), "'"))
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s: kinds %v, want law.OthersClocks %v", engine, got, want)
			}
		}
	}
}
