// Package e2e holds whole-system tests: the real server over a real store, driven by a
// real browser.
package e2e

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/internal/testenv"
	"zhifa/sqlstore"
	"zhifa/web"
)

// Seeded account of the browser test.
const (
	adminLogin    = "admin"
	adminPassword = "browser-pass-123"
)

// site is the server under test with the IDs the test needs.
type site struct {
	URL    string
	App    *app.App
	Sys    context.Context // the system actor's context, for seeding
	Market *zhifa.Agency
}

// startSite serves zhifa over a fresh SQLite store with a city government, its
// market-regulation bureau and an admin of that bureau.
func startSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	st, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Logger: quiet})
	ts := httptest.NewServer(web.New(a, web.Options{Logger: quiet}))
	t.Cleanup(ts.Close)

	sys := app.WithActor(ctx, app.SystemActor("e2e"))
	gov, err := a.Personnel().CreateAgency(sys, personnel.AgencyInput{Name: "东港市人民政府", Level: zhifa.LevelCity, Type: zhifa.AgencyGovernment, RegionCode: "210681"})
	if err != nil {
		t.Fatalf("seed government: %v", err)
	}
	market, err := a.Personnel().CreateAgency(sys, personnel.AgencyInput{ParentID: gov.Agency.ID, Name: "东港市市场监督管理局", ShortName: "东市监",
		Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative, RegionCode: "210681", Domains: []string{"市场监管", "食品安全"},
		LegalBasis: "《中华人民共和国食品安全法》第六条", Duties: "负责本行政区域内市场监督管理工作。"})
	if err != nil {
		t.Fatalf("seed bureau: %v", err)
	}
	if _, err := a.CreateUser(sys, app.UserInput{Login: adminLogin, Name: "系统管理员", Role: zhifa.RoleAdmin,
		AgencyID: market.Agency.ID, Password: adminPassword}); err != nil {
		t.Fatalf("seed admin: %v", err)
	}
	return &site{URL: ts.URL, App: a, Sys: sys, Market: market.Agency}
}

// newBrowser starts a headless Chromium for the test and returns its context. The
// browser lives until the test ends, at most two minutes.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(testenv.Chromium(t)), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900)}
	for _, f := range testenv.ChromiumFlags() {
		opts = append(opts, chromedp.Flag(strings.TrimPrefix(f, "--"), true))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, testenv.StartupTimeout)
	t.Cleanup(cancelTimeout)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// consoleErrors records what the page reports as errors — a blocked script or style
// (Content-Security-Policy), a JavaScript exception — and returns a func that lists them.
// Failed HTTP statuses are left out: a form answered 422 is expected.
func consoleErrors(t *testing.T, ctx context.Context) func() []string {
	t.Helper()
	var mu sync.Mutex
	var errs []string
	add := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		errs = append(errs, s)
	}
	entries := chromedp.Events(ctx, cdplog.EntryAdded)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	do(t, ctx, "enable the log", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{})
		return err
	}))
	go func() {
		for ev, err := range entries {
			if err != nil {
				return
			}
			if e := ev.Entry; e != nil && e.Level == cdplog.EntryLevelError && e.Source != cdplog.EntrySourceNetwork {
				add(string(e.Source) + ": " + e.Text + " " + e.URL)
			}
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			if d := ev.ExceptionDetails; d != nil {
				msg := d.Text
				if d.Exception != nil {
					msg += " " + d.Exception.Description
				}
				add("exception: " + msg)
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}

// do runs browser actions, failing the test with the step's name.
func do(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// get runs one browser action that returns a value.
func get[T any](t *testing.T, ctx context.Context, step string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

// verdict opens the public certificate check page and returns its answer.
func verdict(t *testing.T, ctx context.Context, base, number string) string {
	t.Helper()
	do(t, ctx, "open certificate check",
		chromedp.Navigate(base+"/cert/"+number),
		chromedp.WaitVisible(chromedp.CSS(".verdict-label")),
	)
	return strings.TrimSpace(get(t, ctx, "read verdict", chromedp.Text(chromedp.CSS(".verdict-label"))))
}

// screenshot saves a full-page PNG of the current page to the temp directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := get(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	path := filepath.Join(os.TempDir(), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// flash waits for the one-time message of a completed form.
func flash(text string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"flash") and contains(., "` + text + `")]`))
}

// TestBrowserCertificateLifecycle logs in as an admin, adds an officer, issues a
// certificate, checks it on the public page (有效), suspends it through the workspace and
// checks the public page again (暂扣) — all in a real browser.
func TestBrowserCertificateLifecycle(t *testing.T) {
	s := startSite(t)
	ctx := newBrowser(t)
	jsErrors := consoleErrors(t, ctx)
	const (
		name     = "陈晓明"
		idNumber = "11010519491231002X"
		number   = "DGSJ-2026-001"
	)

	do(t, ctx, "log in",
		chromedp.Navigate(s.URL+"/staff/officers/new"),
		// Not logged in: the workspace sends the browser to the login page.
		chromedp.WaitVisible(chromedp.ID("f-login")),
		chromedp.SendKeys(chromedp.ID("f-login"), adminLogin),
		chromedp.SendKeys(chromedp.ID("f-password"), adminPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		// After the login the browser is back on the page it asked for.
		chromedp.WaitVisible(chromedp.ID("f-id_number")),
	)

	do(t, ctx, "add officer",
		chromedp.SetValue(chromedp.ID("f-agency_id"), strconv.FormatInt(s.Market.ID, 10)),
		chromedp.SendKeys(chromedp.ID("f-name"), name),
		chromedp.SendKeys(chromedp.ID("f-id_number"), idNumber),
		chromedp.SendKeys(chromedp.ID("f-position"), "科员"),
		chromedp.SendKeys(chromedp.ID("f-domains"), "市场监管、食品安全"),
		chromedp.SetValue(chromedp.ID("f-exam_date"), "2020-05-01"),
		chromedp.Click(chromedp.ID("f-exam_passed")),
		chromedp.Click(chromedp.CSS(`main form button.primary`)),
		flash("已新增执法人员"),
	)
	officerURL := get(t, ctx, "officer page address", chromedp.Location())
	if !strings.Contains(officerURL, "/staff/officers/") {
		t.Fatalf("after adding the officer the browser is at %s", officerURL)
	}

	do(t, ctx, "issue certificate",
		chromedp.Click(chromedp.Search(`//a[contains(., "发放执法证件")]`)),
		chromedp.WaitVisible(chromedp.ID("f-number")),
		chromedp.SendKeys(chromedp.ID("f-number"), number),
		chromedp.SendKeys(chromedp.ID("f-issuer"), "东港市人民政府"),
		chromedp.SetValue(chromedp.ID("f-valid_from"), "2025-01-01"),
		chromedp.SetValue(chromedp.ID("f-valid_until"), "2030-12-31"),
		chromedp.Click(chromedp.CSS(`main form button.primary`)),
		flash("已发放执法证件"),
	)

	if got := verdict(t, ctx, s.URL, number); got != "有效" {
		t.Fatalf("public check after issue says %q, want 有效", got)
	}
	screenshot(t, ctx, "zhifa-cert-valid.png")

	do(t, ctx, "suspend certificate",
		chromedp.Navigate(officerURL),
		chromedp.Click(chromedp.Search(`//a[normalize-space(.)="暂扣"]`)),
		chromedp.WaitVisible(chromedp.ID("f-reason")),
		chromedp.SetValue(chromedp.ID("f-state"), "suspended"),
		chromedp.SendKeys(chromedp.ID("f-reason"), "涉嫌违纪，立案调查期间暂扣执法证件"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		flash("已暂扣"),
	)
	history := get(t, ctx, "read history", chromedp.Text(chromedp.ID("certificates")))
	if !strings.Contains(history, "有效 → 暂扣") || !strings.Contains(history, "涉嫌违纪") {
		t.Errorf("certificate history does not show the suspension:\n%s", history)
	}
	screenshot(t, ctx, "zhifa-staff-officer.png")

	if got := verdict(t, ctx, s.URL, number); got != "暂扣" {
		t.Fatalf("public check after suspension says %q, want 暂扣", got)
	}
	screenshot(t, ctx, "zhifa-cert-suspended.png")

	// The public officer page on a phone: no personal data, the QR code shown.
	publicURL := strings.Replace(officerURL, "/staff/officers/", "/officers/", 1)
	do(t, ctx, "public officer page on a phone",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(publicURL),
		chromedp.WaitVisible(chromedp.CSS(".qr img")),
	)
	body := get(t, ctx, "read page", chromedp.Text(chromedp.CSS("body")))
	if !strings.Contains(body, name) || !strings.Contains(body, number) {
		t.Errorf("public officer page lacks the name or the certificate number:\n%s", body)
	}
	if strings.Contains(body, idNumber[:6]) || strings.Contains(body, "19491231") {
		t.Errorf("public officer page shows personal data:\n%s", body)
	}
	if !get(t, ctx, "QR image", chromedp.Evaluate[bool](`document.querySelector(".qr img").naturalWidth > 0`)) {
		t.Error("the QR code image did not load")
	}
	screenshot(t, ctx, "zhifa-officer-phone.png")
	for _, e := range jsErrors() {
		t.Errorf("browser error: %s", e)
	}
}
