package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserProblemOpenAndClose: the bureau's supervisor lists a problem found by a
// fault review through the form; the market bureau's officer reports its rectification
// on the problem's page; the supervisor accepts it and the list shows it closed.
func TestBrowserProblemOpenAndClose(t *testing.T) {
	env := newTestEnv(t)
	src := problemSource(t, env)
	sup := caseBrowser(t)
	caseLogin(t, sup, env, loginSupervisor)
	caseDo(t, sup, "open the form from the list",
		chromedp.Navigate(env.HTTP.URL+"/staff/problems"),
		chromedp.WaitVisible(chromedp.ID("problem-new")), domClick("#problem-new"),
		chromedp.WaitVisible(chromedp.ID("f-title")),
	)
	caseDo(t, sup, "list the problem",
		chromedp.SetValue(chromedp.ID("f-source"), "fault"),
		chromedp.SetValue(chromedp.ID("f-source_id"), fmt.Sprint(src.ID)),
		chromedp.SetValue(chromedp.ID("f-title"), "证据审查不严"),
		chromedp.SetValue(chromedp.ID("f-detail"), "完善证据审查制度并组织培训"),
		domClick(`form[action="/staff/problems/new"] button[type=submit]`),
		caseFlash("已列入突出问题清单"),
	)
	url := caseGet(t, sup, "address", chromedp.Evaluate[string](`location.pathname`))

	off := caseBrowser(t)
	caseLogin(t, off, env, loginOfficer)
	caseDo(t, off, "report the rectification",
		chromedp.Navigate(env.HTTP.URL+url),
		chromedp.WaitVisible(chromedp.ID("problem-report")),
		chromedp.SetValue(chromedp.ID("f-report"), "已修订证据审查制度，附制度文本和培训签到表"),
		domClick("#problem-report"),
		caseFlash("待验收"),
	)
	caseDo(t, sup, "accept it",
		chromedp.Navigate(env.HTTP.URL+url),
		chromedp.WaitVisible(chromedp.ID("problem-accept")),
		chromedp.SetValue(chromedp.ID("f-note"), "整改到位"),
		domClick("#problem-accept"),
		caseFlash("已验收销号"),
	)
	caseDo(t, sup, "the list", chromedp.Navigate(env.HTTP.URL+"/staff/problems"), chromedp.WaitVisible(chromedp.ID("results")))
	body := caseGet(t, sup, "list", chromedp.Evaluate[string](`document.querySelector("main").textContent`))
	for _, want := range []string{"证据审查不严", "已验收销号", env.Market.Name} {
		if !strings.Contains(body, want) {
			t.Errorf("the list does not show %q\n%s", want, body)
		}
	}
}
