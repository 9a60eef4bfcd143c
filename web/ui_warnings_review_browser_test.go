package web

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa/app"
)

// TestBrowserCaseWarningsPhone opens, in a real Chromium at the width of a phone, the
// dashboard with an overdue legal review (E5) and the case list with the 重大 and review
// status badges (E1, E3): neither is wider than the screen, and the warning's case link
// leads to the case page.
func TestBrowserCaseWarningsPhone(t *testing.T) {
	env := newTestEnv(t)
	id := reviewCase(t, env)
	path := fmt.Sprintf("/api/v1/cases/%d", id)
	var mats []map[string]any
	for code, title := range map[string]string{"investigation_report": "调查终结报告", "evidence_list": "证据清单"} {
		var r struct{ ID int64 }
		env.apiOK(t, http.StatusCreated, "POST", path+"/records", loginOfficer, map[string]any{"kind": "document", "title": title, "act": "review"}, &r)
		mats = append(mats, map[string]any{"code": code, "record_id": r.ID})
	}
	var v app.CaseView
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/submit_review", loginOfficer, map[string]any{"version": v.Version,
		"review": map[string]any{"materials": mats}}, &v)
	caseAdvance(env, 8) // past the five working days

	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginSupervisor)
	caseDo(t, ctx, "phone viewport", chromedp.EmulateViewport(375, 740, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, p := range []string{"/staff/", "/staff/cases"} {
		caseDo(t, ctx, "open "+p, chromedp.Navigate(env.HTTP.URL+p), chromedp.WaitVisible(chromedp.CSS("main h1")))
		overflow := caseGet(t, ctx, "measure "+p, chromedp.Evaluate[string](
			`(() => { const w = document.documentElement.scrollWidth, v = window.innerWidth; return w > v ? w + ">" + v : ""; })()`))
		if overflow != "" {
			t.Errorf("%s is wider than the phone: %s px", p, overflow)
		}
		text := caseGet(t, ctx, "text "+p, chromedp.Text(chromedp.CSS("main")))
		for _, want := range map[string][]string{"/staff/": {"法制审核已超期", v.Number}, "/staff/cases": {"重大", "法制审核：待审核"}}[p] {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", p, want)
			}
		}
		shot := filepath.Join(os.TempDir(), "zhifa-warnings-phone-"+strings.Trim(strings.ReplaceAll(p, "/", "-"), "-")+".png")
		if err := os.WriteFile(shot, caseGet(t, ctx, "screenshot "+p, chromedp.FullScreenshot(100)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", shot)
	}
	caseDo(t, ctx, "follow the warning", chromedp.Navigate(env.HTTP.URL+"/staff/"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#review_overdue a[href="/staff/cases/%d"]`, id))),
		// The case page, not the dashboard still shown while it loads.
		chromedp.WaitVisible(chromedp.Search(fmt.Sprintf(`//main//h1[contains(., "%s")]`, v.Number))))
	if url := caseGet(t, ctx, "case URL", chromedp.Location()); !strings.HasSuffix(url, fmt.Sprintf("/staff/cases/%d", id)) {
		t.Errorf("the warning's link opened %s, want case %d", url, id)
	}
}
