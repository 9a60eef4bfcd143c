package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserEvaluationScoring: the bureau's evaluator opens a sampled file from the
// evaluation, reads the case file beside the checklist, deducts on one item with a note
// and saves; the page shows the score, the grade and the rectification deadline.
func TestBrowserEvaluationScoring(t *testing.T) {
	env := newTestEnv(t)
	number, ev := env.evaluationFixture(t)
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginSupervisor)
	caseDo(t, ctx, "open the evaluation and its file",
		chromedp.Navigate(fmt.Sprintf("%s/staff/evaluations/%d", env.HTTP.URL, ev.ID)),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(., "`+number+`")]`)),
		domClickXPath(`//a[contains(., "`+number+`")]`),
		chromedp.WaitVisible(chromedp.ID("score-form")),
		chromedp.WaitVisible(chromedp.ID("case-file")),
	)
	caseDo(t, ctx, "deduct on the documents item and save",
		chromedp.SetValue(chromedp.ID("deduct-12"), "4"),
		chromedp.SetValue(chromedp.ID("note-12"), "送达回证缺少受送达人签名"),
		domClick(`#score-form button[type=submit]`),
		caseFlash("已评分"),
	)
	body := caseGet(t, ctx, "page", chromedp.Evaluate[string](`document.querySelector("main").textContent`))
	for _, want := range []string{"96分 · 优秀", "前整改", "以该评查为事由记入审计日志", "结案"} {
		if !strings.Contains(body, want) {
			t.Errorf("the scored file does not show %q\n%s", want, body)
		}
	}
	if note := caseGet(t, ctx, "note", chromedp.Value(chromedp.ID("note-12"))); note != "送达回证缺少受送达人签名" {
		t.Errorf("the note reads %q after saving", note)
	}
}
