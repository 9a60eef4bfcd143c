package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa"
)

// TestBrowserExecution: the 执行 section of the case page in a real browser (issue 15):
// the payment state, a refused act with its article, the reminder served through its
// form, the bank's payment, and execute resting on it.
func TestBrowserExecution(t *testing.T) {
	env := newTestEnv(t)
	v := env.servedFine(t, 200_00, "销售过期食品（浏览器执行）")
	ctx := caseBrowser(t)
	caseLogin(t, ctx, env, loginOfficer)
	casePath := fmt.Sprintf("%s/staff/cases/%d", env.HTTP.URL, v.ID)
	text := func(step string) string {
		return caseGet(t, ctx, step, chromedp.Text(chromedp.ID("execution")))
	}
	caseDo(t, ctx, "open the case", chromedp.Navigate(casePath), chromedp.WaitVisible(chromedp.ID("execution")))
	if got := text("unpaid"); !strings.Contains(got, "200.00元") || !strings.Contains(got, "缴款码") || strings.Contains(got, "送达催告书") {
		t.Errorf("execution section before the deadline: %q", got)
	}

	// Past the deadline: three days of late fee, and the reminder's form.
	caseAdvance(env, 18)
	caseLogin(t, ctx, env, loginOfficer)
	caseDo(t, ctx, "reload", chromedp.Navigate(casePath), chromedp.WaitVisible(chromedp.ID("exec-serve_reminder")))
	if got := caseGet(t, ctx, "late fee", chromedp.Text(chromedp.ID("exec-late"))); !strings.Contains(got, "18.00元") || !strings.Contains(got, "逾期 3 日") {
		t.Errorf("late fee %q", got)
	}
	// Without the proof of service the reminder is refused, naming the statute.
	caseDo(t, ctx, "reminder without proof",
		chromedp.WaitVisible(chromedp.CSS("#exec-serve_reminder > summary")), domClick("#exec-serve_reminder > summary"),
		caseClearMessages(), domClick("#exec-submit-serve_reminder"),
		chromedp.WaitVisible(chromedp.CSS("#exec-serve_reminder .alert.bad")))
	if got := caseGet(t, ctx, "refusal", chromedp.Text(chromedp.CSS("#exec-serve_reminder .alert.bad"))); !strings.Contains(got, "行政强制法第三十五条") {
		t.Errorf("refusal %q", got)
	}
	// The reminder is written first (第三十五条): issued from the case's documents.
	env.issueDoc(t, v.ID, zhifa.DocReminder)
	caseDo(t, ctx, "serve the reminder",
		chromedp.SendKeys(chromedp.ID("x-serve_reminder-proof"), "直接送达，当事人在送达回证上签收"),
		caseClearMessages(), domClick("#exec-submit-serve_reminder"),
		caseFlash("已完成：送达催告书"))
	if got := text("reminder"); !strings.Contains(got, "催告书") || !strings.Contains(got, "直接送达") {
		t.Errorf("reminder not shown: %q", got)
	}

	// The bank reports the fine and the late fee paid; execute states its basis.
	env.bankPays(t, v.ID)
	caseDo(t, ctx, "paid", chromedp.Navigate(casePath), chromedp.WaitVisible(chromedp.ID("exec-payments")))
	if got := caseGet(t, ctx, "outstanding", chromedp.Text(chromedp.ID("exec-outstanding"))); !strings.Contains(got, "已缴清") {
		t.Errorf("outstanding after payment %q", got)
	}
	caseDo(t, ctx, "execute", append(caseStep("execute"), caseFlash("已完成：执行"))...)
	if got := caseGet(t, ctx, "basis", chromedp.Text(chromedp.ID("exec-basis"))); !strings.Contains(got, "已全部缴清") {
		t.Errorf("basis %q", got)
	}
}
