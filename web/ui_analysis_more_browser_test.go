package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app"
)

// TestBrowserAnalysisProblem: the justice bureau's supervisor opens a complaint-cluster
// warning of the market bureau, raises it as a prominent problem (突出问题) through the
// form prefilled from the warning, and lands on the problem, which shows the warning's
// finding and evidence and links back to it; the warning then links its problem, and the
// bureau's head reads both.
func TestBrowserAnalysisProblem(t *testing.T) {
	env := newTestEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	w := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisComplaintCluster, Subject: "complaints/browser", AgencyID: env.Market.ID,
		Rule: "《市场监督管理投诉举报处理暂行办法》第三十一条第一款", Finding: "90日内收到反映“东港市海鲜批发有限公司”的举报共3件。",
		Evidence: []zhifa.AnalysisEvidence{{Kind: "complaint", ID: 1, Label: "TS20260302001"}}}
	if err := env.Store.Update(sys, func(tx zhifa.Tx) error { return tx.PutAnalysisWarning(sys, w) }); err != nil {
		t.Fatal(err)
	}
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginSupervisor)
	caseDo(t, ctx, "open the warning and raise a problem from it",
		chromedp.Navigate(env.HTTP.URL+"/staff/analysis?kind=complaint_cluster"),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(., "投诉举报集中")]`)),
		domClick(fmt.Sprintf(`a[href="/staff/analysis/%d"]`, w.ID)),
		chromedp.WaitVisible(chromedp.ID("analysis-raise")),
		domClick(`#analysis-raise`),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/staff/problems/new"]`)),
	)
	source := caseGet(t, ctx, "prefilled source", chromedp.Evaluate[string](`document.querySelector("[name=source]").value + "/" + document.querySelector("[name=source_id]").value + "/" + document.querySelector("[name=detail]").value`))
	if source != fmt.Sprintf("warning/%d/%s", w.ID, w.Finding) {
		t.Errorf("prefilled form %q", source)
	}
	caseDo(t, ctx, "put it on the list",
		domClick(`form[action="/staff/problems/new"] button[type=submit]`),
		caseFlash("已列入突出问题清单"),
		chromedp.WaitVisible(chromedp.ID("problem-origin")),
	)
	body := caseGet(t, ctx, "problem page", chromedp.Evaluate[string](`document.querySelector("main").textContent`))
	for _, want := range []string{"分析预警", "投诉举报集中", "东港市海鲜批发有限公司", "投诉举报 TS20260302001", "第三十一条第一款"} {
		if !strings.Contains(body, want) {
			t.Errorf("the problem does not show %q\n%s", want, body)
		}
	}
	caseDo(t, ctx, "back to the warning, which links its problem",
		domClick(fmt.Sprintf(`a[href="/staff/analysis/%d"]`, w.ID)),
		chromedp.WaitVisible(chromedp.ID("analysis-problem")),
	)
	if n := caseGet(t, ctx, "raise button", chromedp.Evaluate[int](`document.querySelectorAll("#analysis-raise").length`)); n != 0 {
		t.Errorf("the raise button is still offered")
	}

	head := caseBrowser(t)
	caseLogin(t, head, env, loginHead)
	caseDo(t, head, "the head reads the warning and its problem",
		chromedp.Navigate(fmt.Sprintf("%s/staff/analysis/%d", env.HTTP.URL, w.ID)),
		chromedp.WaitVisible(chromedp.ID("analysis-problem")),
		domClick(`#analysis-problem a`),
		chromedp.WaitVisible(chromedp.ID("problem-origin")),
	)
}
