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

// TestBrowserAnalysisEscalation: the justice bureau's supervisor opens the analytic
// warnings from the dashboard tile, opens a 同案不同罚 warning of the market bureau, reads
// its rule and evidence, and orders it handled within five working days (督办); the page
// shows the warning 督办中 with its deadline, and the bureau's head then explains it.
func TestBrowserAnalysisEscalation(t *testing.T) {
	env := newTestEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	w := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisFineOutlier, Subject: "case/browser", AgencyID: env.Market.ID,
		Rule: "《中华人民共和国行政处罚法》第五条第二款", Finding: "案件东市监罚〔2026〕9号罚款50000元，明显高于同类案件。",
		Evidence: []zhifa.AnalysisEvidence{{Kind: "officer", ID: env.City.Officer.ID, Label: "张三"}}}
	if err := env.Store.Update(sys, func(tx zhifa.Tx) error { return tx.PutAnalysisWarning(sys, w) }); err != nil {
		t.Fatal(err)
	}
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginSupervisor)
	caseDo(t, ctx, "open the warning from the dashboard",
		chromedp.Navigate(env.HTTP.URL+"/staff/"),
		chromedp.WaitVisible(chromedp.ID("tile-analysis")),
		domClick(`#tile-analysis`),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(., "同案不同罚")]`)),
		domClick(fmt.Sprintf(`a[href="/staff/analysis/%d"]`, w.ID)),
		chromedp.WaitVisible(chromedp.ID("analysis-form")),
	)
	caseDo(t, ctx, "order it handled in five working days",
		chromedp.SetValue(chromedp.CSS(`#analysis-form select[name=action]`), "escalate"),
		chromedp.SetValue(chromedp.CSS(`#analysis-form textarea[name=reason]`), "请核查罚款数额的裁量理由并说明"),
		chromedp.SetValue(chromedp.CSS(`#analysis-form input[name=days]`), "5"),
		domClick(`#analysis-form button[type=submit]`),
		caseFlash("已督办"),
	)
	body := caseGet(t, ctx, "page", chromedp.Evaluate[string](`document.querySelector("main").textContent`))
	for _, want := range []string{"督办中", "督办期限", "请核查罚款数额的裁量理由并说明", "第五条第二款", "执法人员 张三"} {
		if !strings.Contains(body, want) {
			t.Errorf("the escalated warning does not show %q\n%s", want, body)
		}
	}

	head := caseBrowser(t)
	caseLogin(t, head, env, loginHead)
	caseDo(t, head, "the head explains",
		chromedp.Navigate(fmt.Sprintf("%s/staff/analysis/%d", env.HTTP.URL, w.ID)),
		chromedp.WaitVisible(chromedp.ID("analysis-form")),
		chromedp.SetValue(chromedp.CSS(`#analysis-form select[name=action]`), "explain"),
		chromedp.SetValue(chromedp.CSS(`#analysis-form textarea[name=reason]`), "当事人违法所得较大，依法从重"),
		domClick(`#analysis-form button[type=submit]`),
		caseFlash("已说明理由"),
	)
}
