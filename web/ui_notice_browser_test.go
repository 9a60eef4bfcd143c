package web

import (
	"context"
	"fmt"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app"
)

// noticeIssue drafts, fills and issues a document of the case through the app, as login.
func noticeIssue(t *testing.T, ctx context.Context, a *app.App, caseID int64, typ zhifa.DocType) {
	t.Helper()
	d, err := a.CreateDocument(ctx, caseID, app.DocumentCreate{Type: typ})
	if err != nil {
		t.Fatal(err)
	}
	fill := map[string]string{}
	for _, f := range d.FieldList {
		if strings.TrimSpace(d.Fields[f.Key]) == "" {
			fill[f.Key] = "见案卷"
		}
	}
	if d, err = a.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: fill}); err != nil {
		t.Fatal(err)
	}
	if _, err = a.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version}); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserCaseRenotify: after the notice the proposal grew heavier; on the case page
// the head's decision is refused naming 行政处罚法第四十五条第二款、第六十二条; the officer
// issues a new 行政处罚事先告知书 from the case page and takes 重新告知, which brings the case
// back to 告知 with the statement period restarted.
func TestBrowserCaseRenotify(t *testing.T) {
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
	act := func(action zhifa.Action, in app.ActionInput) {
		t.Helper()
		in.Version = v.Version
		if v, err = env.App.Act(officer, id, action, in); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	act("investigate", app.ActionInput{})
	act("propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 6_000_000, Reason: "当事人首次违法，违法情节一般，依法处以罚款"})
	noticeIssue(t, officer, env.App, id, zhifa.DocPenaltyNotice)
	act("notify", app.ActionInput{})
	act("propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 8_000_000, Reason: "复核后认定涉案食品数量较大，情节较重"})
	act("waive_statement", app.ActionInput{})
	act("review", app.ActionInput{})

	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginOfficer)
	caseDo(t, ctx, "open the case", chromedp.Navigate(env.HTTP.URL+casePath), chromedp.WaitVisible(chromedp.ID("stage")))
	caseDo(t, ctx, "decide heavier than notified", append(caseStep("decide",
		chromedp.SetValue(chromedp.ID("a-decide-approver_id"), fmt.Sprint(env.Users[loginHead].ID))),
		chromedp.WaitVisible(chromedp.CSS(`#step-decide .alert.bad`)))...)
	refusal := caseGet(t, ctx, "refusal", chromedp.Text(chromedp.CSS(`#step-decide .alert.bad`)))
	if !strings.Contains(refusal, "第四十五条第二款") || !strings.Contains(refusal, "第六十二条") || !strings.Contains(refusal, "重新告知") {
		t.Errorf("refused decision: %q", refusal)
	}
	if st := caseStage(t, ctx); st != "审查" {
		t.Errorf("stage after the refusal: %s", st)
	}
	caseIssueDocument(t, ctx, env.HTTP.URL+casePath, zhifa.DocPenaltyNotice)
	caseDo(t, ctx, "renotify", append(caseStep("renotify"), caseFlash("已完成：重新告知"))...)
	if st := caseStage(t, ctx); st != "告知" {
		t.Errorf("stage after renotify: %s", st)
	}
	timeline := caseGet(t, ctx, "timeline", chromedp.Text(chromedp.ID("records")))
	if !strings.Contains(timeline, "重新告知（第1次）") || !strings.Contains(timeline, "告知拟处罚第2稿") {
		t.Errorf("timeline lacks the renotify: %s", timeline)
	}
}
