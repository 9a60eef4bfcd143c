package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa/internal/testenv"
)

// TestBrowserDocumentNotice drafts, edits and issues a 行政处罚事先告知书 in a real browser:
// from the case page's documents section to the edit page (fields prefilled, the draft
// previewed in a frame), a save, the confirmed 签发, and the print view with its print
// button (REQUIREMENTS D1).
func TestBrowserDocumentNotice(t *testing.T) {
	chromium := testenv.Chromium(t)
	env := newTestEnv(t)
	v := documentCase(t, env)

	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900)}
	for _, f := range testenv.ChromiumFlags() {
		opts = append(opts, chromedp.Flag(strings.TrimPrefix(f, "--"), true))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, testenv.StartupTimeout)
	defer cancelTimeout()
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(name, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return strings.TrimSpace(s)
	}
	flashText := func(s string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"flash") and contains(., "` + s + `")]`))
	}

	step("log in and open the case",
		chromedp.Navigate(fmt.Sprintf("%s/staff/cases/%d", env.HTTP.URL, v.ID)),
		chromedp.WaitVisible(chromedp.ID("f-login")),
		chromedp.SendKeys(chromedp.ID("f-login"), loginOfficer),
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("doc-new")),
	)
	step("draft a notice",
		chromedp.SetValue(chromedp.ID("f-doc-type"), "penalty_notice"),
		chromedp.Click(chromedp.CSS(`#doc-new button[type=submit]`)),
		flashText("已新建行政处罚事先告知书草稿"),
		chromedp.WaitVisible(chromedp.ID("doc-form")),
		chromedp.WaitVisible(chromedp.CSS(`iframe.doc-preview`)),
	)
	party, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[id="f-fields.party_name"]`)))
	if err != nil || party != "东港市某某食品有限公司" {
		t.Fatalf("prefilled party %q %v", party, err)
	}
	step("edit and save",
		chromedp.SetValue(chromedp.CSS(`[id="f-fields.proposed"]`), "罚款人民币五千元"),
		chromedp.Click(chromedp.ID("doc-save")),
		flashText("草稿已保存"),
	)
	step("issue",
		chromedp.Click(chromedp.ID("f-confirm")),
		chromedp.Click(chromedp.ID("doc-issue")),
		flashText("已签发"),
		chromedp.WaitVisible(chromedp.ID("doc-print")),
	)
	if state := text("state", "#doc-state"); state != "已签发" {
		t.Errorf("state %q, want 已签发", state)
	}
	number := text("number", "#doc-number")
	if !strings.HasPrefix(number, v.Number) {
		t.Errorf("document number %q, want one under %s", number, v.Number)
	}
	docURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	step("print view",
		chromedp.Navigate(docURL+"/print"),
		chromedp.WaitVisible(chromedp.ID("zhifa-print")),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(., "罚款人民币五千元")]`)),
	)
	if title := text("title", "h1"); title != "行政处罚事先告知书" {
		t.Errorf("printed title %q", title)
	}
}
