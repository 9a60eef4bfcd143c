package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAssessment: the justice bureau's supervisor runs last year's assessment
// and records a deduction, the bureau's head approves it, the supervisor publishes it,
// the portal shows the ranking with its chart, and the market bureau's head drills down
// from a score to the officers behind it (issue 14, F2).
func TestBrowserAssessment(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: drives Chromium (-short)")
	}
	env := newTestEnv(t)
	env.assessmentPeople(t)
	ctx := caseBrowser(t)
	logout := func() {
		caseDo(t, ctx, "log out", domClick(`form[action="/logout"] button[type=submit]`), chromedp.WaitVisible(chromedp.Search(`//a[contains(., "工作人员登录")]`)))
	}
	caseLogin(t, ctx, env, loginSupervisor)
	caseDo(t, ctx, "run the assessment", chromedp.Navigate(env.HTTP.URL+"/staff/assessments"), chromedp.WaitVisible(chromedp.ID("run-form")),
		chromedp.SetValue(chromedp.ID("run-year"), "2025"), domClick(`#run-form button[type=submit]`), caseFlash("已根据执法数据生成考核结果"))
	caseDo(t, ctx, "the run's page", chromedp.WaitVisible(chromedp.ID("adjust-form")), chromedp.WaitVisible(chromedp.CSS(".chart-box svg")))
	detail := caseGet(t, ctx, "run URL", chromedp.Location())
	caseDo(t, ctx, "deduct", chromedp.SetValue(chromedp.ID("adjust-agency"), fmt.Sprint(env.Market.ID)),
		chromedp.SetValue(chromedp.ID("adjust-points"), "-2"), chromedp.SetValue(chromedp.ID("adjust-reason"), "未按期报送执法统计数据"),
		domClick(`#adjust-form button[type=submit]`), caseFlash("加减分已记录"))
	logout()
	caseLogin(t, ctx, env, loginJusticeHead)
	caseDo(t, ctx, "approve", chromedp.Navigate(detail), chromedp.WaitVisible(chromedp.ID("approve-form")),
		domClick(`#approve-form button[type=submit]`), caseFlash("考核结果已审定"))
	logout()
	caseLogin(t, ctx, env, loginSupervisor)
	caseDo(t, ctx, "publish", chromedp.Navigate(detail), chromedp.WaitVisible(chromedp.ID("publish-form")),
		domClick(`#publish-form button[type=submit]`), caseFlash("考核结果已在门户网站公布"))
	logout()
	id := detail[strings.LastIndex(detail, "/")+1:]
	caseDo(t, ctx, "the portal's page", chromedp.Navigate(env.HTTP.URL+"/assessments/"+id), chromedp.WaitVisible(chromedp.CSS(".chart-box svg")))
	text := caseGet(t, ctx, "portal text", chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, env.Market.Name) || !strings.Contains(text, "群众满意度测评") || strings.Contains(text, "未按期报送") {
		t.Errorf("portal page: %q", text)
	}
	caseLogin(t, ctx, env, loginHead)
	cell := fmt.Sprintf(`tr[data-agency="%d"] td[data-key="training"] a`, env.Market.ID)
	caseDo(t, ctx, "the agency's result", chromedp.Navigate(detail), chromedp.WaitVisible(chromedp.CSS(cell)),
		domClick(cell), chromedp.WaitVisible(chromedp.ID("records")))
	records := caseGet(t, ctx, "drill-down text", chromedp.Text(chromedp.ID("records")))
	if !strings.Contains(records, env.City.Officer.Name) || !strings.Contains(records, "年度培训学时不足") {
		t.Errorf("drill-down: %q", records)
	}
}
