package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAnnualReport: the officer generates last year's report and adds a note, the
// head approves it, and the portal's report page shows the charts, the note and the
// downloads (issue 13; C6).
func TestBrowserAnnualReport(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: drives Chromium (-short)")
	}
	env := newTestEnv(t)
	env.reportFixture(t)
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginOfficer)
	caseDo(t, ctx, "generate the report", chromedp.Navigate(env.HTTP.URL+"/staff/reports"),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("generate-%d", env.Market.ID))),
		domClick(fmt.Sprintf(`#generate-%d button[type=submit]`, env.Market.ID)), caseFlash("统计年报已根据执法数据生成"))
	caseDo(t, ctx, "the report page", chromedp.WaitVisible(chromedp.ID("notes-form")))
	detail := caseGet(t, ctx, "report URL", chromedp.Location())
	caseDo(t, ctx, "note a figure", chromedp.SetValue(chromedp.CSS(`input[name="note.money.fines"]`), "含一件从轻处罚"),
		domClick(`#notes-form button[type=submit]`), caseFlash("说明已保存"))
	caseDo(t, ctx, "log out", domClick(`form[action="/logout"] button[type=submit]`), chromedp.WaitVisible(chromedp.Search(`//a[contains(., "工作人员登录")]`)))
	caseLogin(t, ctx, env, loginHead)
	caseDo(t, ctx, "approve", chromedp.Navigate(detail), chromedp.WaitVisible(chromedp.ID("approve-form")),
		domClick(`#approve-form button[type=submit]`), caseFlash("统计年报已公开"))
	id := detail[strings.LastIndex(detail, "/")+1:]
	caseDo(t, ctx, "open the portal page", chromedp.Navigate(env.HTTP.URL+"/reports/"+id), chromedp.WaitVisible(chromedp.CSS(".chart-box svg")))
	charts := caseGet(t, ctx, "charts", chromedp.Evaluate[int](`document.querySelectorAll('.chart-box svg').length`))
	text := caseGet(t, ctx, "report page", chromedp.Text(chromedp.CSS("main")))
	if charts < 5 || !strings.Contains(text, "含一件从轻处罚") || !strings.Contains(text, "5000.00") || !strings.Contains(text, "Excel") {
		t.Errorf("%d charts; page text: %q", charts, text)
	}
}
