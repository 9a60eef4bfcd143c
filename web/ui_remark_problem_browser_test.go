package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa/app/supervision"
)

// TestBrowserRaiseRemark: the justice bureau's supervisor opens a social supervisor's
// remark with its photo, raises it as a 突出问题 from the remark's page through the
// prefilled form, and finds the problem and the remark linking each other; the remarked
// agency's head sees the link but is offered no raise.
func TestBrowserRaiseRemark(t *testing.T) {
	env := newTestEnv(t)
	env.appointSocial(t)
	res := env.postRemark(t, loginSocial, "执法人员检查时未出示执法证件", remarkFile{"现场.jpg", remarkJPEG})
	if res.Status != http.StatusCreated {
		t.Fatalf("remark: %d %s", res.Status, res.Body)
	}
	var rm supervision.RemarkView
	res.JSON(t, &rm)
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginSupervisor)
	caseDo(t, ctx, "open the remark and raise it",
		chromedp.Navigate(env.HTTP.URL+"/staff/remarks"),
		chromedp.WaitVisible(chromedp.Search(`//td[contains(., "未出示执法证件")]`)),
		domClick(fmt.Sprintf(`a[href="/staff/remarks/%d"]`, rm.ID)),
		chromedp.WaitVisible(chromedp.ID("remark-files")),
		chromedp.WaitVisible(chromedp.ID("remark-raise")),
		domClick(`#remark-raise`),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/staff/problems/new"]`)),
	)
	source := caseGet(t, ctx, "prefilled source", chromedp.Evaluate[string](`document.querySelector("[name=source]").value + "/" + document.querySelector("[name=source_id]").value + "/" + document.querySelector("[name=detail]").value`))
	if source != fmt.Sprintf("remark/%d/%s", rm.ID, rm.Text) {
		t.Errorf("prefilled form %q", source)
	}
	caseDo(t, ctx, "put it on the list with a deadline",
		chromedp.SetValue(chromedp.ID("f-days"), "15"),
		domClick(`form[action="/staff/problems/new"] button[type=submit]`),
		caseFlash("已列入突出问题清单"),
	)
	body := caseGet(t, ctx, "problem page", chromedp.Evaluate[string](`document.querySelector("main").textContent`))
	for _, want := range []string{"社会监督员意见", env.Market.Name} {
		if !strings.Contains(body, want) {
			t.Errorf("the problem does not show %q\n%s", want, body)
		}
	}
	caseDo(t, ctx, "back to the remark, which links its problem",
		domClick(fmt.Sprintf(`a[href="/staff/remarks/%d"]`, rm.ID)),
		chromedp.WaitVisible(chromedp.ID("remark-problem")),
	)
	if n := caseGet(t, ctx, "raise button", chromedp.Evaluate[int](`document.querySelectorAll("#remark-raise").length`)); n != 0 {
		t.Error("the raise button is still offered")
	}

	head := caseBrowser(t)
	caseLogin(t, head, env, loginHead)
	caseDo(t, head, "the head reads the remark and its problem",
		chromedp.Navigate(fmt.Sprintf("%s/staff/remarks/%d", env.HTTP.URL, rm.ID)),
		chromedp.WaitVisible(chromedp.ID("remark-problem")),
		domClick(`#remark-problem a`),
		chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "未出示执法证件") or contains(., "伴随执法")]`)),
	)
}
