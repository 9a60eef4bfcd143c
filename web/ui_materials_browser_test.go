package web

import (
	"context"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app"
)

// TestBrowserInvestigationReport: the officer drafts the 调查终结报告 from the case page,
// prefilled from the case (party, facts, the provisions, the proposed penalty), and issues
// it; the legal review's submission then offers the issued report as its material.
func TestBrowserInvestigationReport(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	casePath := location(t, env.page(t, "POST", "/staff/cases/new", loginOfficer, caseWizardForm(env, env.City.Officer.ID, o2.ID)))
	id, err := strconv.ParseInt(path.Base(casePath), 10, 64)
	if err != nil {
		t.Fatalf("case path %q", casePath)
	}
	officer := app.WithActor(context.Background(), env.actor(t, loginOfficer))
	v, err := env.App.Case(officer, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		action zhifa.Action
		in     app.ActionInput
	}{
		{"investigate", app.ActionInput{}},
		{"propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 6_000_000, Reason: "当事人首次违法，违法情节一般"}},
	} {
		step.in.Version = v.Version
		if v, err = env.App.Act(officer, id, step.action, step.in); err != nil {
			t.Fatalf("%s: %v", step.action, err)
		}
	}

	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginOfficer)
	caseIssueDocument(t, ctx, env.HTTP.URL+casePath, zhifa.DocInvestigationReport)

	list, err := env.App.CaseDocuments(officer, id)
	if err != nil {
		t.Fatal(err)
	}
	var report *app.DocumentView
	for _, d := range list.Documents {
		if d.Type == zhifa.DocInvestigationReport {
			report = d
		}
	}
	if report == nil || report.State != zhifa.DocIssued || report.RecordID == 0 {
		t.Fatalf("no issued report among %+v", list.Documents)
	}
	f := report.Fields
	if !strings.Contains(f["proposed"], "罚款人民币60000元") || strings.TrimSpace(f["facts"]) == "" || !strings.Contains(f["basis"], "《") ||
		!strings.Contains(f["opinion"], "第五十七条") {
		t.Errorf("issued report fields %+v", f)
	}

	caseDo(t, ctx, "open the legal review", chromedp.Navigate(env.HTTP.URL+casePath+"/legal-review"), chromedp.WaitVisible(chromedp.ID("submit")))
	selected := caseGet(t, ctx, "report material", chromedp.Value(chromedp.ID("m-investigation_report")))
	if selected != strconv.FormatInt(report.RecordID, 10) {
		t.Errorf("report material selected %q, want record %d", selected, report.RecordID)
	}
	form := caseGet(t, ctx, "submission form", chromedp.Text(chromedp.ID("submit")))
	if !strings.Contains(form, "本案已签发的调查终结报告（"+report.Number+"）") || !strings.Contains(form, "本案尚未签发证据清单") {
		t.Errorf("submission form: %s", form)
	}
}
