package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa/app"
	"zhifa/web/kit"
)

// Browser tests of issue #12: every page at the width of a phone, the folding menu, and
// the statistics page with a download.

// phoneWidth is the CSS width of the phone the pages must fit.
const phoneWidth = 375

// phoneLogins are tried in order for a staff page: the first who may open it is the
// one the page is measured as.
var phoneLogins = []string{loginAdmin, loginHead, loginSupervisor, loginReviewer, loginOfficer}

// TestBrowserPhoneWidth walks the route table's GET pages (with a real case, an issued
// document with its print view and a draft) at 375 px and fails for any page whose
// document is wider than the screen: tables and long text must wrap or scroll inside
// their own box.
func TestBrowserPhoneWidth(t *testing.T) {
	if testing.Short() {
		t.Skip("walks every page in a browser")
	}
	env := newTestEnv(t)
	env.seedEvidence(t)
	w := newBadInputWorld(t, env)
	// The officer's and the certificate's pages show a photo.
	var photo bytes.Buffer
	if err := png.Encode(&photo, image.NewGray(image.Rect(0, 0, 600, 800))); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Personnel().SetOfficerPhoto(appCtx(env.actor(t, loginAdmin)), env.City.Officer.ID, &photo); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.IntegrateLedger(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := caseBrowser(t)
	caseDo(t, ctx, "phone viewport", chromedp.EmulateViewport(phoneWidth, 740, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	current, measured := "-", 0
	for _, rt := range env.Server.Routes() {
		if rt.API || rt.Method != http.MethodGet || !isPagePattern(rt.Pattern) {
			continue
		}
		path, _, err := fillPath(rt.Pattern, env.City)
		if err != nil {
			t.Fatalf("%s: %v", rt.Pattern, err)
		}
		path = strings.Replace(path, "/cases/999999", fmt.Sprintf("/cases/%d", w.cityCase.ID), 1)
		paths := []string{path}
		if strings.Contains(path, "/documents/999999") {
			paths = []string{strings.Replace(path, "999999", fmt.Sprint(w.cityIssued.ID), 1), strings.Replace(path, "999999", fmt.Sprint(w.cityDraft.ID), 1)}
		}
		for _, p := range paths {
			login := ""
			if rt.Perm != app.PermPublic {
				if login = firstLoginFor(t, env, p); login == "" {
					continue
				}
			}
			if login != current {
				setSession(t, ctx, env, login)
				current = login
			}
			caseDo(t, ctx, "open "+p+" as "+login, chromedp.Navigate(env.HTTP.URL+p), chromedp.WaitReady(chromedp.CSS("body")))
			width := caseGet(t, ctx, "measure "+p, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			if width > phoneWidth {
				wide := caseGet(t, ctx, "widest of "+p, chromedp.Evaluate[string](widestElementJS))
				t.Errorf("%s (as %q) is %d px wide at %d px: %s", p, login, width, phoneWidth, wide)
			}
			measured++
		}
	}
	if measured < 60 {
		t.Errorf("measured only %d pages", measured)
	}
	// The navigation folds into the 菜单 toggle: hidden until opened.
	setSession(t, ctx, env, loginAdmin)
	caseDo(t, ctx, "open the dashboard", chromedp.Navigate(env.HTTP.URL+"/staff/"), chromedp.WaitVisible(chromedp.CSS("label.nav-toggle-label")))
	navShown := func() bool {
		return caseGet(t, ctx, "nav shown", chromedp.Evaluate[bool](`getComputedStyle(document.querySelector("nav.nav")).display !== "none"`))
	}
	if navShown() {
		t.Error("the navigation is open before the menu is")
	}
	caseDo(t, ctx, "open the menu", domClick("label.nav-toggle-label"), chromedp.WaitVisible(chromedp.CSS(`nav.nav a[href="/staff/cases"]`)))
	if !navShown() {
		t.Error("the menu did not open the navigation")
	}
}

// isPagePattern says whether a GET route answers an HTML page (not a file, an image,
// the ledger's tiles or a download).
func isPagePattern(p string) bool {
	if p == "/" || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/ledger/") || p == "/staff" {
		return false
	}
	// Files and feeds are not pages: images, PDFs, downloads, Atom feeds (XML a browser
	// shows as source).
	for _, suffix := range []string{".png", ".atom", "/photo", "/pdf", "/content", "/export", "/download", "/casefile", "/template"} {
		if strings.HasSuffix(p, suffix) {
			return false
		}
	}
	return true
}

// firstLoginFor is the first of phoneLogins who gets the page as HTML, "" if none.
func firstLoginFor(t *testing.T, env *testEnv, path string) string {
	for _, login := range phoneLogins {
		res := env.page(t, http.MethodGet, path, login, nil)
		if res.Status == http.StatusOK && strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			return login
		}
	}
	return ""
}

// setSession makes the browser send login's session cookie ("" for the public): set by
// script on a page of the server, so that switching users needs no login form.
func setSession(t *testing.T, ctx context.Context, env *testEnv, login string) {
	t.Helper()
	cookie := kit.SessionCookie + "=; path=/; max-age=0"
	if login != "" {
		cookie = kit.SessionCookie + "=" + env.sessionCookie(t, login) + "; path=/"
	}
	caseDo(t, ctx, "session of "+login, chromedp.Navigate(env.HTTP.URL+"/login"), chromedp.WaitReady(chromedp.CSS("body")),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf("document.cookie = %q", cookie)))
}

// widestElementJS names the element reaching furthest beyond the screen outside any
// box that scrolls or clips, for the failure message.
const widestElementJS = `(() => {
  let found = "", right = 375;
  for (const e of document.querySelectorAll("body *")) {
    const r = e.getBoundingClientRect(), reach = Math.max(r.right, r.left + e.scrollWidth);
    let clipped = false;
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") { clipped = true; break; }
    }
    if (!clipped && reach > right + 1 && r.width > 0) {
      right = reach;
      found = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") + " (" + Math.round(reach) + " px)";
    }
  }
  return found;
})()`

// TestBrowserStats opens the statistics page as the head: seven charts, each with its
// title and a table that opens beneath it, and a download that is a real XLSX file.
func TestBrowserStats(t *testing.T) {
	env := newTestEnv(t)
	reviewCase(t, env)
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginHead)
	caseDo(t, ctx, "open the statistics", domClick(`nav a[href="/staff/stats"]`),
		chromedp.WaitVisible(chromedp.Search(`//main//h1[contains(., "统计分析")]`)))
	charts := caseGet(t, ctx, "count charts", chromedp.Evaluate[int](`document.querySelectorAll("svg.chart[role=img] > title").length`))
	if charts != 7 {
		t.Errorf("%d charts with a title, want 7", charts)
	}
	caseDo(t, ctx, "open the kinds' table", domClick(`#stat-kind details summary`),
		chromedp.WaitVisible(chromedp.CSS(`#stat-kind details table`)))
	text := caseGet(t, ctx, "the kinds' table", chromedp.Text(chromedp.CSS(`#stat-kind details table`)))
	if !strings.Contains(text, "行政处罚") || !strings.Contains(text, "1") {
		t.Errorf("the kinds' table reads %q", text)
	}
	bar := caseGet(t, ctx, "a bar", chromedp.Evaluate[float64](`document.querySelector("#stat-kind rect.chart-bar").getBoundingClientRect().width`))
	if bar < 10 {
		t.Errorf("the one kind's bar is %.1f px wide", bar)
	}
	download := caseGet(t, ctx, "download", chromedp.Evaluate[string](`(async () => {
		const a = document.querySelector('#stat-kind a[href*="format=xlsx"]');
		const r = await fetch(a.href);
		const b = new Uint8Array(await r.arrayBuffer());
		return r.status + " " + r.headers.get("content-type") + " " + String.fromCharCode(b[0], b[1]);
	})()`, chromedp.EvalAwaitPromise))
	if download != "200 "+kit.XLSXType+" PK" {
		t.Errorf("the XLSX download: %q", download)
	}
}
