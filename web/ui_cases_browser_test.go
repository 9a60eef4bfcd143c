package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/casefile"
	"zhifa/internal/testenv"
	"zhifa/law"
)

// Browser tests of the case pages (issue #4), in a real Chromium (ZHIFA_CHROMIUM or
// /usr/bin/chromium; skipped without one).

// caseBrowser starts a headless Chromium for the test.
func caseBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(testenv.Chromium(t)), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900)}
	for _, f := range testenv.ChromiumFlags() {
		opts = append(opts, chromedp.Flag(strings.TrimPrefix(f, "--"), true))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// caseStepTimeout bounds one step of a browser test: generous, because the suite runs
// packages in parallel on small machines, but each step gets its own budget.
const caseStepTimeout = 45 * time.Second

// caseDo runs browser actions, failing the test with the step's name and what the
// page shows.
func caseDo(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, caseStepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v\n%s", step, err, casePageState(ctx))
	}
}

// caseGet runs one browser action that returns a value.
func caseGet[T any](t *testing.T, ctx context.Context, step string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, caseStepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		t.Fatalf("%s: %v\n%s", step, err, casePageState(ctx))
	}
	return v
}

// casePageState describes the page for a failure message: its address and the
// messages it shows.
func casePageState(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`location.href + "\n" + [...document.querySelectorAll('div.flash, .alert')].map(e => e.innerText.trim()).join("\n")`))
	if err != nil {
		return "(page state unavailable: " + err.Error() + ")"
	}
	return "page: " + s
}

// caseFlash waits for the one-time message of a completed form.
func caseFlash(text string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"flash") and contains(., "` + text + `")]`))
}

// caseClearMessages removes the messages of the page, so that the next wait sees the
// next page's.
func caseClearMessages() chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('div.flash, .alert.bad').forEach(e => e.remove())`)
}

// caseCheck ticks the checkbox or radio button sel unless it is ticked already. It clicks through the
// DOM rather than at screen coordinates, which a layout still settling on a loaded
// machine can move under the pointer.
func caseCheck(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e.checked) e.click(); })()`, sel))
}

// domClick clicks the first element matching the CSS selector through the DOM, as
// caseCheck does: a pointer click at the element's centre can land on another element
// while a loaded machine is still laying the page out. It fails at once if nothing
// matches, so wait for the element first.
func domClick(css string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) throw new Error("no element " + %q); e.click(); })()`, css, css))
}

// domClickXPath is domClick for an XPath expression.
func domClickXPath(xpath string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.evaluate(%q, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue; if (!e) throw new Error("no element " + %q); e.click(); })()`, xpath, xpath))
}

// caseLogin logs login in through the login page.
func caseLogin(t *testing.T, ctx context.Context, env *testEnv, login string) {
	t.Helper()
	caseDo(t, ctx, "log in as "+login,
		chromedp.Navigate(env.HTTP.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-login")),
		chromedp.SendKeys(chromedp.ID("f-login"), login),
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login"] button[type=submit]`)), domClick(`form[action="/login"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "工作台")]`)),
	)
}

// caseStep opens the form of a step on the case page and submits it.
func caseStep(action zhifa.Action, fill ...chromedp.Action[chromedp.Void]) []chromedp.Action[chromedp.Void] {
	sel := "#step-" + string(action)
	out := []chromedp.Action[chromedp.Void]{
		chromedp.WaitVisible(chromedp.CSS(sel + " > summary")),
		chromedp.WaitVisible(chromedp.CSS(sel + " > summary")), domClick(sel + " > summary"),
		chromedp.WaitVisible(chromedp.CSS(sel + " button[type=submit]")),
	}
	out = append(out, fill...)
	return append(out, caseClearMessages(), chromedp.WaitVisible(chromedp.CSS(sel+" button[type=submit]")), domClick(sel+" button[type=submit]"))
}

// caseIssueDocument drafts a document of the type from the case page, fills the fields
// the case data did not, saves and issues it (the document gates of law.StepDocuments),
// and returns to the case page.
func caseIssueDocument(t *testing.T, ctx context.Context, casePath string, typ zhifa.DocType) {
	t.Helper()
	caseDo(t, ctx, "draft "+string(typ),
		chromedp.Navigate(casePath),
		chromedp.WaitVisible(chromedp.ID("f-doc-type")),
		chromedp.SetValue(chromedp.ID("f-doc-type"), string(typ)),
		chromedp.WaitVisible(chromedp.CSS(`#doc-new button[type=submit]`)), domClick(`#doc-new button[type=submit]`),
		chromedp.WaitVisible(chromedp.ID("doc-save")),
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('#doc-form textarea').forEach(e => { if (!e.value.trim()) e.value = '见案卷'; })`),
		caseClearMessages(),
		chromedp.Click(chromedp.ID("doc-save")),
		chromedp.WaitVisible(chromedp.CSS(`div.flash, .alert.bad`)),
	)
	if msg := caseGet(t, ctx, "draft saved", chromedp.Text(chromedp.CSS(`div.flash, .alert.bad`))); !strings.Contains(msg, "草稿已保存") {
		t.Fatalf("save %s: %s", typ, msg)
	}
	if law.IsApprovalForm(typ) { // the head signs the approval on the form (issue 9 §1)
		caseDo(t, ctx, "sign "+string(typ),
			chromedp.WaitVisible(chromedp.ID("doc-sign")),
			chromedp.SendKeys(chromedp.ID("f-opinion"), "同意。"),
			caseClearMessages(),
			chromedp.Click(chromedp.ID("doc-sign")),
			chromedp.WaitVisible(chromedp.CSS(`div.flash, .alert.bad`)),
		)
		if msg := caseGet(t, ctx, "signed", chromedp.Text(chromedp.CSS(`div.flash, .alert.bad`))); !strings.Contains(msg, "已签署审批意见") {
			t.Fatalf("sign %s: %s", typ, msg)
		}
	}
	caseDo(t, ctx, "issue "+string(typ),
		chromedp.Click(chromedp.ID("f-confirm")),
		caseClearMessages(),
		chromedp.Click(chromedp.ID("doc-issue")),
		chromedp.WaitVisible(chromedp.CSS(`div.flash, .alert.bad`)),
	)
	if msg := caseGet(t, ctx, "issued", chromedp.Text(chromedp.CSS(`div.flash, .alert.bad`))); !strings.Contains(msg, "已签发") {
		t.Fatalf("issue %s: %s", typ, msg)
	}
	caseDo(t, ctx, "back to the case", chromedp.Navigate(casePath), chromedp.WaitVisible(chromedp.ID("stage")))
}

// caseStage reads the stage badge of the case page.
func caseStage(t *testing.T, ctx context.Context) string {
	t.Helper()
	return strings.TrimSpace(caseGet(t, ctx, "read stage", chromedp.Text(chromedp.ID("stage"))))
}

// TestBrowserCaseLifecycle: an officer files a penalty case with a colleague through
// the wizard, uploads a photo from the case page, takes the case through 调查取证 and the
// notice (after the proposal and the issued notice, 行政处罚法第四十四条), sees the
// statement-period clock, is refused the decision with the rule named (第四十五条) until
// the period has passed; then the head decides, and the case is served, executed, closed
// and archived — each document issued through the document pages.
func TestBrowserCaseLifecycle(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginOfficer)

	caseDo(t, ctx, "file the case",
		chromedp.Navigate(env.HTTP.URL+"/staff/cases/new"),
		chromedp.WaitVisible(chromedp.ID("f-item")),
		chromedp.SetValue(chromedp.ID("f-item"), env.City.Item.Code),
		chromedp.SendKeys(chromedp.CSS(`[id="f-parties[0].name"]`), "东港市某某食品有限公司"),
		chromedp.SendKeys(chromedp.CSS(`[id="f-parties[0].credit_code"]`), "91371800MA3C4B5X6Y"),
		chromedp.SendKeys(chromedp.CSS(`[id="f-parties[0].address"]`), "东港市港城区人民路1号"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=officers][value="%d"]`, o2.ID))),
		chromedp.SetValue(chromedp.ID("f-occurred_on"), "2026-02-20"),
		chromedp.SendKeys(chromedp.ID("f-facts"), "当事人销售超过保质期的食品。"),
		chromedp.WaitVisible(chromedp.CSS(`form.wizard .actions button.primary`)), domClick(`form.wizard .actions button.primary`),
		caseFlash("已立案"),
	)
	casePath := caseGet(t, ctx, "case URL", chromedp.Location())
	if !strings.Contains(casePath, "/staff/cases/") || caseStage(t, ctx) != "立案" {
		t.Fatalf("after filing: %s %s", casePath, caseStage(t, ctx))
	}

	// A photo from the phone's camera, linked to the case as a record of 调查取证.
	photo := filepath.Join(t.TempDir(), "scene.jpg")
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(1, 1, color.Black)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	caseDo(t, ctx, "upload a photo",
		chromedp.WaitVisible(chromedp.CSS(`#upload summary`)), domClick(`#upload summary`),
		chromedp.WaitVisible(chromedp.ID("f-device_id")),
		chromedp.SetValue(chromedp.ID("f-act"), "investigate"),
		chromedp.SendKeys(chromedp.ID("f-title"), "现场照片"),
		chromedp.SendKeys(chromedp.ID("f-device_id"), "JLY-001"),
		chromedp.SendKeys(chromedp.ID("f-place"), "东港市港城区人民路1号"),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{photo}),
		chromedp.WaitVisible(chromedp.CSS(`#upload button[type=submit]`)), domClick(`#upload button[type=submit]`),
		caseFlash("已上传并登记照片"),
	)
	if rec := caseGet(t, ctx, "records", chromedp.Text(chromedp.ID("records"))); !strings.Contains(rec, "现场照片") || !strings.Contains(rec, "账本条目") {
		t.Errorf("records after the upload: %s", rec)
	}

	caseDo(t, ctx, "investigate", append(caseStep("investigate"), caseFlash("已完成：调查取证"))...)

	// The proposal on its page (discretion benchmarks), then the notice.
	caseDo(t, ctx, "propose",
		chromedp.WaitVisible(chromedp.Search(`//section[@id="actions"]//a[contains(., "拟作出处罚决定")]`)), domClickXPath(`//section[@id="actions"]//a[contains(., "拟作出处罚决定")]`),
		chromedp.WaitVisible(chromedp.CSS(`input[name=penalties][value="罚款"]`)),
		caseCheck(`input[name=penalties][value="罚款"]`),
		chromedp.SendKeys(chromedp.ID("f-fine"), "60000"),
		chromedp.SendKeys(chromedp.ID("f-reason"), "当事人首次违法，违法情节一般，积极配合调查，依法处以罚款"),
		caseClearMessages(),
		chromedp.WaitVisible(chromedp.Search(`//button[contains(., "保存拟处罚决定")]`)), domClickXPath(`//button[contains(., "保存拟处罚决定")]`),
		chromedp.WaitVisible(chromedp.CSS(`div.flash, .alert.bad`)),
	)
	if msg := caseGet(t, ctx, "proposal saved", chromedp.Text(chromedp.CSS(`div.flash, .alert.bad`))); !strings.Contains(msg, "拟") {
		t.Fatalf("proposal: %s", msg)
	}
	caseIssueDocument(t, ctx, casePath, zhifa.DocPenaltyNotice)
	caseDo(t, ctx, "notify", append(caseStep("notify"), caseFlash("已完成：送达告知书"))...)
	clocks := caseGet(t, ctx, "clocks", chromedp.Text(chromedp.ID("clocks")))
	if !strings.Contains(clocks, "陈述申辩期") || !strings.Contains(clocks, "2026年3月5日") {
		t.Errorf("clocks after the notice: %s", clocks)
	}
	caseDo(t, ctx, "review", append(caseStep("review"), caseFlash("已完成：负责人审查"))...)

	// The decision within the statement period is refused, naming the rule; nothing changes.
	caseDo(t, ctx, "decide too early", append(caseStep("decide",
		chromedp.SetValue(chromedp.ID("a-decide-approver_id"), fmt.Sprint(env.Users[loginHead].ID))),
		chromedp.WaitVisible(chromedp.CSS(`#step-decide .alert.bad`)))...)
	refusal := caseGet(t, ctx, "refusal", chromedp.Text(chromedp.CSS(`#step-decide .alert.bad`)))
	missing := caseGet(t, ctx, "missing", chromedp.Text(chromedp.ID("missing")))
	if !strings.Contains(refusal, "陈述申辩期至2026年3月5日届满") || !strings.Contains(missing, "行政处罚法第四十五条") {
		t.Errorf("refused decision: %q; missing: %q", refusal, missing)
	}
	if st := caseStage(t, ctx); st != "审查" {
		t.Errorf("stage after the refusal: %s", st)
	}

	// Four days later the period has passed: the head decides (the fine follows the
	// proposal), the decision is issued and served, executed, the case closed and archived.
	caseAdvance(env, 4)
	caseLogin(t, ctx, env, loginHead)
	caseDo(t, ctx, "decide", chromedp.Navigate(casePath))
	caseDo(t, ctx, "decide", append(caseStep("decide"), caseFlash("已完成：作出处罚决定"))...)
	caseIssueDocument(t, ctx, casePath, zhifa.DocPenaltyDecision)
	caseDo(t, ctx, "serve", append(caseStep("serve", chromedp.SendKeys(chromedp.ID("a-serve-service_proof"), "送达回证由当事人签收")),
		caseFlash("已完成：送达决定书"))...)
	// The bank reports the fine paid (罚缴分离); execution rests on it (issue 15).
	caseID, err := strconv.ParseInt(casePath[strings.LastIndex(casePath, "/")+1:], 10, 64)
	if err != nil {
		t.Fatalf("case URL %s: %v", casePath, err)
	}
	env.bankPays(t, caseID)
	caseDo(t, ctx, "execute", chromedp.Navigate(casePath))
	caseDo(t, ctx, "execute", append(caseStep("execute"), caseFlash("已完成：执行"))...)
	caseIssueDocument(t, ctx, casePath, zhifa.DocClosingApproval)
	caseDo(t, ctx, "close", append(caseStep("close"), caseFlash("已完成：结案"))...)
	caseDo(t, ctx, "archive", append(caseStep("archive"), caseFlash("已完成：归档"))...)
	if st := caseStage(t, ctx); st != "归档" {
		t.Errorf("final stage %s", st)
	}
	timeline := caseGet(t, ctx, "timeline", chromedp.Text(chromedp.ID("records")))
	for _, want := range []string{"立案", "调查取证", "送达告知书", "作出处罚决定", "head1", "送达决定书", "执行", "结案", "归档", "账本条目"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q", want)
		}
	}

	// The sealed case file, downloaded from the case page with the browser's session,
	// verifies offline against the log's keys.
	zipB64 := caseGet(t, ctx, "export the case file", chromedp.Evaluate[string](`fetch(location.pathname + "/casefile.zip")
		.then(r => r.ok ? r.arrayBuffer() : r.text().then(m => Promise.reject(r.status + " " + m)))
		.then(b => { let s = ""; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); return btoa(s); })`, chromedp.EvalAwaitPromise))
	zip, err := base64.StdEncoding.DecodeString(zipB64)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := casefile.Verify(bytes.NewReader(zip), int64(len(zip)), casefile.Options{Keys: []string{env.Signer.VerifierKey(), env.Signer.SM2VerifierKey()}})
	if err != nil {
		t.Fatalf("the exported case file does not verify: %v", err)
	}
	if rep.Files < 4 { // the photo and the three issued documents
		t.Errorf("case file holds %d files", rep.Files)
	}
}

// TestBrowserCasePhone opens the case pages at 375 px, the width of a small phone: no
// page is wider than the screen, and the buttons and step headers are large enough to
// tap (44 px).
func TestBrowserCasePhone(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	target := location(t, env.page(t, "POST", "/staff/cases/new", loginOfficer, caseWizardForm(env, env.City.Officer.ID, o2.ID)))
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginOfficer)
	caseDo(t, ctx, "phone viewport", chromedp.EmulateViewport(375, 740, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, path := range []string{"/staff/cases", "/staff/cases/clocks", "/staff/cases/new", target} {
		caseDo(t, ctx, "open "+path, chromedp.Navigate(env.HTTP.URL+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		overflow := caseGet(t, ctx, "measure "+path, chromedp.Evaluate[string](
			`(() => { const w = document.documentElement.scrollWidth, v = window.innerWidth; return w > v ? w + ">" + v : ""; })()`))
		if overflow != "" {
			t.Errorf("%s is wider than the phone: %s px", path, overflow)
		}
		small := caseGet(t, ctx, "tap targets "+path, chromedp.Evaluate[string](
			`Array.from(document.querySelectorAll('.cases .btn, .cases select, .cases .step > summary, .cases a.case-link'))
			  .filter(e => e.offsetParent !== null)
			  .filter(e => e.getBoundingClientRect().height < 43.5)
			  .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 12) + ' ' + e.getBoundingClientRect().height).join('; ')`))
		if small != "" {
			t.Errorf("%s: targets smaller than 44 px: %s", path, small)
		}
		shot := filepath.Join(os.TempDir(), "zhifa-case-phone-"+strings.NewReplacer("/", "-", "?", "-").Replace(strings.Trim(path, "/"))+".png")
		if err := os.WriteFile(shot, caseGet(t, ctx, "screenshot "+path, chromedp.FullScreenshot(100)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", shot)
	}
}
