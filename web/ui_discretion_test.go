package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/internal/testenv"
)

// TestBrowserPropose proposes a penalty in a real browser (B3): the propose page shows the
// benchmark's levels with their ranges; an amount above the level is refused with the
// rule named; a proposal within it is saved and the case page says so.
func TestBrowserPropose(t *testing.T) {
	chromium := testenv.Chromium(t)
	env := newTestEnv(t)
	lv := func(name string, lo, hi int64) zhifa.BenchmarkLevel {
		return zhifa.BenchmarkLevel{Name: name, Conditions: name + "情形", Penalties: []string{"罚款"},
			Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: lo * 100, MaxFen: hi * 100}}
	}
	if _, err := env.App.Catalog().CreateBenchmark(appCtx(env.actor(t, loginAdmin)), env.City.Item.Code, catalog.BenchmarkInput{
		Levels: []zhifa.BenchmarkLevel{lv("一般", 50000, 70000), lv("严重", 70000, 100000)}}); err != nil {
		t.Fatal(err)
	}
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
	submit := chromedp.Click(chromedp.CSS(`form[action$="/propose"] button.primary`))
	step("log in and open the propose page",
		chromedp.Navigate(fmt.Sprintf("%s/staff/cases/%d/propose", env.HTTP.URL, v.ID)),
		chromedp.WaitVisible(chromedp.ID("f-login")),
		chromedp.SendKeys(chromedp.ID("f-login"), loginOfficer),
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//label[contains(., "50000–70000元")]`)),
	)
	step("propose above the level",
		caseCheck(`input[name=level][value="一般"]`),
		caseCheck(`input[name=penalties][value="罚款"]`),
		chromedp.SendKeys(chromedp.ID("f-fine"), "80000"),
		chromedp.SendKeys(chromedp.ID("f-reason"), "货值金额不足一万元，情节一般"),
		submit,
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"alert") and contains(., "超过") and contains(., "行政处罚法第三十四条")]`)),
	)
	step("propose within the level",
		chromedp.SetValue(chromedp.ID("f-fine"), "60000"),
		submit,
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"flash") and contains(., "已保存拟处罚决定（第1稿）")]`)),
	)
	got, err := env.App.Case(appCtx(env.actor(t, loginOfficer)), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p := got.State.Proposal; p == nil || p.FineFen != 6000000 || p.Level != "一般" {
		t.Errorf("proposal %+v", got.State.Proposal)
	}
}
