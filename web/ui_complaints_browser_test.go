package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhifa/app/supervision"
)

// TestBrowserComplaintForm: a citizen fills the public complaint form, the page does the
// proof of work in the browser and submits; the receipt shows the number and the code,
// and the tracking page shows the progress with them, without the complainant's data.
func TestBrowserComplaintForm(t *testing.T) {
	env := newTestEnv(t)
	// A real difficulty for the page's own SHA-256, kept small for a loaded machine.
	env.App.Supervision().SetAbuseControl(supervision.NewRateLimiter(10, time.Hour, env.Clock.Now),
		supervision.NewRateLimiter(10, time.Hour, env.Clock.Now), supervision.NewPoW(12, time.Hour, env.Clock.Now))
	ctx := caseBrowser(t)
	set := func(id, v string) chromedp.Action[chromedp.Void] { return chromedp.SetValue(chromedp.ID(id), v) }
	caseDo(t, ctx, "fill the form",
		chromedp.Navigate(env.HTTP.URL+"/complaints/new"),
		chromedp.WaitVisible(chromedp.ID("complaint-submit")),
		set("f-kind", "report"), set("f-subject", "enterprise"), set("f-agency_id", fmt.Sprint(env.Market.ID)),
		set("f-target", "东港市某超市"), set("f-content", "货架上有过期奶粉"),
		caseCheck("#f-named"), set("f-name", "赵秘密"), set("f-phone", "13700001111"),
		// The page does the work as it loads and marks the form when it is done.
		chromedp.WaitVisible(chromedp.CSS("form[data-pow-ready]")),
		domClick("#complaint-submit"),
		chromedp.WaitVisible(chromedp.ID("receipt-code")),
	)
	number := caseGet(t, ctx, "number", chromedp.Text(chromedp.ID("receipt-number")))
	code := caseGet(t, ctx, "code", chromedp.Text(chromedp.ID("receipt-code")))
	if !strings.HasPrefix(number, "TS") || len(code) != supervision.CodeLength {
		t.Fatalf("receipt %q %q", number, code)
	}
	caseDo(t, ctx, "track it",
		chromedp.Navigate(env.HTTP.URL+"/complaints/track"),
		chromedp.WaitVisible(chromedp.ID("f-number")),
		set("f-number", number), set("f-code", strings.ToLower(code)),
		domClick(`form[action="/complaints/track"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.ID("track-state")),
	)
	state := caseGet(t, ctx, "state", chromedp.Text(chromedp.ID("track-state")))
	body := caseGet(t, ctx, "page", chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(state, "待受理") || !strings.Contains(body, env.Market.Name) {
		t.Errorf("tracking shows %q\n%s", state, body)
	}
	for _, p := range personalData {
		if strings.Contains(body, p) {
			t.Errorf("tracking page shows %q", p)
		}
	}
}
