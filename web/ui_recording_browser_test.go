package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
)

// publishMarketTemplate stores the market bureau's recording list as a template for the
// agencies below (B5).
func publishMarketTemplate(t *testing.T, env *testEnv) {
	t.Helper()
	admin := app.WithActor(context.Background(), env.actor(t, loginAdmin))
	in := evidence.RecordingListInput{Template: true, Note: "全局模板",
		Acts: []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true}}}
	if _, err := env.App.Evidence().SaveRecordingList(admin, env.Market.ID, in); err != nil {
		t.Fatal(err)
	}
}

// TestRecordingListBelowTemplate: the page of an agency below a published template
// answers (it was a 500: the form's "publish" choice shadowed the superior's template)
// and names the template it inherits.
func TestRecordingListBelowTemplate(t *testing.T) {
	env := newTestEnv(t)
	publishMarketTemplate(t, env)
	for _, ag := range []*zhifa.Agency{env.MarketBranch, env.Market} {
		res := env.page(t, "GET", fmt.Sprintf("/staff/agencies/%d/recording-list", ag.ID), loginAdmin, nil)
		body := string(res.Body)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", ag.Name, res.Status, body)
		}
		below := ag.ID == env.MarketBranch.ID
		if got := strings.Contains(body, "上级模板（东港市市场监督管理局第1版"); got != below {
			t.Errorf("%s: template line shown %v, want %v", ag.Name, got, below)
		}
	}
}

// TestBrowserRecordingList: an admin opens the list of the sub-unit below the market
// bureau's template, sees where its list comes from, saves the sub-unit's own version,
// and reads the bureau's list with its "publish as a template" choice kept.
func TestBrowserRecordingList(t *testing.T) {
	env := newTestEnv(t)
	publishMarketTemplate(t, env)
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginAdmin)
	branch := fmt.Sprintf("%s/staff/agencies/%d/recording-list", env.HTTP.URL, env.MarketBranch.ID)
	caseDo(t, ctx, "open the sub-unit's list", chromedp.Navigate(branch), chromedp.WaitVisible(chromedp.ID("recording-source")))
	source := caseGet(t, ctx, "list source", chromedp.Text(chromedp.ID("recording-source")))
	if !strings.Contains(source, "上级模板（东港市市场监督管理局第1版") {
		t.Errorf("source line %q does not name the superior's template", source)
	}
	if caseGet(t, ctx, "publish box", chromedp.Evaluate[bool](`document.querySelector('input[name=template]').checked`)) {
		t.Error("the sub-unit's publish box is checked although its list is no template")
	}
	caseDo(t, ctx, "save the sub-unit's version", caseClearMessages(),
		chromedp.Click(chromedp.CSS(`#recording-form button[type=submit]`)),
		caseFlash("全过程记录清单已保存为新版本"))
	caseDo(t, ctx, "open the bureau's list",
		chromedp.Navigate(fmt.Sprintf("%s/staff/agencies/%d/recording-list", env.HTTP.URL, env.Market.ID)),
		chromedp.WaitVisible(chromedp.ID("recording-source")))
	if !caseGet(t, ctx, "bureau publish box", chromedp.Evaluate[bool](`document.querySelector('input[name=template]').checked`)) {
		t.Error("the bureau's list is a template but its publish box is not checked")
	}
	caseDo(t, ctx, "portal list", chromedp.Navigate(fmt.Sprintf("%s/agencies/%d/recording-list", env.HTTP.URL, env.MarketBranch.ID)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "第1版")]`)))
}
