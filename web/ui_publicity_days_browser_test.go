package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserWeekNotice: the 公告栏 notice of the agency's week lists the published
// decision redacted, its print button calls the browser's print, the toolbar is hidden
// in print, and the week form moves to another week (issue 13, C7).
func TestBrowserWeekNotice(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: drives Chromium (-short)")
	}
	env := newTestEnv(t)
	p := env.publishFixture(t)
	ctx := caseBrowser(t)
	caseDo(t, ctx, "open the notice", chromedp.Navigate(fmt.Sprintf("%s/agencies/%d/notice", env.HTTP.URL, env.Market.ID)),
		chromedp.WaitVisible(chromedp.ID("zhifa-print")))
	text := caseGet(t, ctx, "notice text", chromedp.Text(chromedp.CSS("table")))
	if !strings.Contains(text, p.CaseNumber) || !strings.Contains(text, "李某") || strings.Contains(text, "李建国") {
		t.Errorf("notice table: %q", text)
	}
	caseDo(t, ctx, "print", chromedp.Evaluate[chromedp.Void](`window.print = () => { window.__printed = true; }`), domClick("#zhifa-print"))
	if !caseGet(t, ctx, "printed", chromedp.Evaluate[bool](`window.__printed === true`)) {
		t.Errorf("the print button did not print")
	}
	hidden := caseGet(t, ctx, "print rule", chromedp.Evaluate[bool](
		`[...document.styleSheets[0].cssRules].some(r => r.media && r.media.mediaText === 'print' && r.cssText.includes('.toolbar') && r.cssText.includes('display: none'))`))
	if !hidden {
		t.Errorf("the toolbar is not hidden in print")
	}
	caseDo(t, ctx, "another week", chromedp.Evaluate[chromedp.Void](`document.getElementById('week').value = '2026-W01'`),
		domClick(`.toolbar form button[type=submit]`), chromedp.WaitVisible(chromedp.Search(`//td[contains(., "本周没有公示的执法决定")]`)))
	if loc := caseGet(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "week=2026-W01") {
		t.Errorf("location %s", loc)
	}
}
