package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa/app/supervision"
)

// TestBrowserSocialRemark: an appointed social supervisor logs in, lands on their own
// page (the workspace's only one for them), records a remark on the market bureau and
// sees it listed as awaiting a reply; the market bureau then finds it on its list.
func TestBrowserSocialRemark(t *testing.T) {
	env := newTestEnv(t)
	env.appointSocial(t)
	ctx := caseBrowser(t)
	caseDo(t, ctx, "log in as the social supervisor",
		chromedp.Navigate(env.HTTP.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-login")),
		chromedp.SendKeys(chromedp.ID("f-login"), loginSocial),
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		domClick(`form[action="/login"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.ID("remark-form")),
	)
	nav := caseGet(t, ctx, "navigation", chromedp.Evaluate[string](`document.querySelector("nav.nav").textContent`))
	if strings.Contains(nav, "我的案件") || strings.Contains(nav, "工作台") {
		t.Errorf("the social supervisor's navigation offers the staff's pages: %s", nav)
	}
	const text = "随同检查超市，执法人员出示了证件，现场检查笔录当场交当事人核对"
	caseDo(t, ctx, "record a remark on the market bureau",
		chromedp.SetValue(chromedp.ID("f-agency_id"), fmt.Sprint(env.Market.ID)),
		chromedp.SetValue(chromedp.ID("f-text"), text),
		domClick(`#remark-form button[type=submit]`),
		caseFlash("监督意见已提交"),
	)
	table := caseGet(t, ctx, "my remarks", chromedp.Evaluate[string](`document.querySelector("#my-remarks").textContent`))
	for _, want := range []string{text, env.Market.Name, "待答复"} {
		if !strings.Contains(table, want) {
			t.Errorf("my remarks lack %q: %s", want, table)
		}
	}
	var p supervision.RemarkPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/remarks?unanswered=true", loginHead, nil, &p)
	if len(p.Items) != 1 || p.Items[0].Text != text || !p.Items[0].MayReply {
		t.Errorf("the market bureau's list %+v", p.Items)
	}
}

// TestBrowserSelfEvaluation: the market bureau's head opens the self-check form from the
// evaluation list, chooses the period and the legal reviewer as evaluator, and lands on
// the self-check marked as such, with the closed case drawn and no publication offered.
func TestBrowserSelfEvaluation(t *testing.T) {
	env := newTestEnv(t)
	number := env.closedTestCase(t)
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginHead)
	caseDo(t, ctx, "open the self-check form",
		chromedp.Navigate(env.HTTP.URL+"/staff/evaluations"),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(., "组织本机关案卷自查")]`)),
		domClickXPath(`//a[contains(., "组织本机关案卷自查")]`),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/staff/self-evaluations/new"]`)),
	)
	caseDo(t, ctx, "fill in and submit",
		chromedp.SetValue(chromedp.ID("f-from"), "2026-01-01"),
		chromedp.SetValue(chromedp.ID("f-to"), "2026-03-02"),
		caseCheck(fmt.Sprintf(`input[name=evaluator_ids][value="%d"]`, env.Users[loginReviewer].ID)),
		domClick(`form[action="/staff/self-evaluations/new"] button[type=submit]`),
		caseFlash("案卷自查"),
	)
	body := caseGet(t, ctx, "page", chromedp.Evaluate[string](`document.querySelector("main").textContent`))
	for _, want := range []string{"本机关自查", number, "不在门户网站公布"} {
		if !strings.Contains(body, want) {
			t.Errorf("the self-check's page lacks %q\n%s", want, body)
		}
	}
	if strings.Contains(body, "公布评查结果") {
		t.Error("the self-check offers publication")
	}
}
