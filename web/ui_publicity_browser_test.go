package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPublication: the officer saves the generated public version, the head sees
// it beside the original with the redactions highlighted and approves it, and the
// portal's page shows the redacted text without the person's name (issue 13; C3, C5).
func TestBrowserPublication(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: drives Chromium (-short)")
	}
	env := newTestEnv(t)
	p := env.publicationFixture(t)
	detail := fmt.Sprintf("%s/staff/publicity/%d", env.HTTP.URL, p.ID)
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginOfficer)
	caseDo(t, ctx, "prepare the public version", chromedp.Navigate(detail),
		chromedp.WaitVisible(chromedp.ID("prepare-form")), domClick(`#prepare-form button[type=submit]`),
		caseFlash("公开版本已保存"))
	caseDo(t, ctx, "log out", domClick(`form[action="/logout"] button[type=submit]`), chromedp.WaitVisible(chromedp.Search(`//a[contains(., "工作人员登录")]`)))
	caseLogin(t, ctx, env, loginHead)
	caseDo(t, ctx, "open the prepared version", chromedp.Navigate(detail), chromedp.WaitVisible(chromedp.ID("approve-form")))
	marked := caseGet(t, ctx, "highlighted redactions", chromedp.Evaluate[int](`document.querySelectorAll('#original mark, #draft mark').length`))
	if marked < 4 {
		t.Errorf("%d highlighted spans, want the name, 身份证号, phone and address at least in both versions", marked)
	}
	caseDo(t, ctx, "approve", domClick(`#approve-form button[type=submit]`), caseFlash("已公示"))
	caseDo(t, ctx, "open the public page", chromedp.Navigate(fmt.Sprintf("%s/decisions/%d", env.HTTP.URL, p.ID)),
		chromedp.WaitVisible(chromedp.ID("public-text")))
	text := caseGet(t, ctx, "public text", chromedp.Text(chromedp.ID("public-text")))
	if !strings.Contains(text, "李某") || strings.Contains(text, "李建国") || strings.Contains(text, "11010519491231002X") {
		t.Errorf("public text: %q", text)
	}
}
