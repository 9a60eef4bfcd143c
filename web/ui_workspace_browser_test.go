package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa/app"
	"zhifa/internal/testenv"
)

// TestBrowserTodoDashboard opens /staff/ in a real browser as each role and finds the
// person's own work: the officer the deadline of the case they handle, the reviewer the
// review assigned, the head the approval asked of them, the supervisor the filings and
// warnings; each count links to its list, and the header counts the notifications.
func TestBrowserTodoDashboard(t *testing.T) {
	chromium := testenv.Chromium(t)
	env := newTestEnv(t)
	id := reviewCase(t, env)
	report, list := reviewRecords(t, env, id)
	path := fmt.Sprintf("/api/v1/cases/%d", id)
	var v app.CaseView
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/submit_review", loginOfficer, map[string]any{"version": v.Version,
		"review": map[string]any{"materials": []map[string]any{{"code": "investigation_report", "record_id": report}, {"code": "evidence_list", "record_id": list}}}}, &v)
	extend := map[string]any{"version": v.Version, "days": 5, "reason": "案情复杂", "approver_id": env.Users[loginHead].ID}
	env.apiOK(t, http.StatusCreated, "POST", path+"/approvals", loginOfficer, map[string]any{"action": "extend", "input": extend}, nil)

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
	text := func(name string, actions ...chromedp.Action[chromedp.Void]) string {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("todo")))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	for _, tc := range []struct {
		login string
		want  []string
		tile  string // a count and the list it opens
		list  string
	}{
		{loginOfficer, []string{"我的待办", v.Number, "作出决定期限", "作出处理决定", "法制审核期限", "等待法制审核意见", "办理"}, "#todo-mine_soon", "/staff/cases?mine=1&due=soon"},
		{loginReviewer, []string{"待我审核", v.Number, "法制审核（第1轮）", "出具法制审核意见"}, "#todo-review", "/staff/reviews?status=pending"},
		{loginHead, []string{"待我审批", v.Number, "审批：延长期限", "本机关逾期事项"}, "#todo-approval", "/staff/approvals"},
		{loginSupervisor, []string{"待审查备案", "案件预警"}, "#todo-filing", "/staff/filings?status=filed"},
	} {
		got := text("dashboard of "+tc.login,
			chromedp.Navigate(env.HTTP.URL+"/login?next=/staff/"),
			chromedp.WaitVisible(chromedp.ID("f-login")),
			chromedp.SendKeys(chromedp.ID("f-login"), tc.login),
			chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/login"] button[type=submit]`)), domClick(`form[action="/login"] button[type=submit]`),
			chromedp.WaitVisible(chromedp.ID("todo")),
		)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s's to-do lacks %q:\n%s", tc.login, w, got)
			}
		}
		href, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).getAttribute("href")`, tc.tile)))
		if err != nil || href != tc.list {
			t.Errorf("%s's tile %s links to %q (%v), want %q", tc.login, tc.tile, href, err, tc.list)
		}
		if err := chromedp.Do(ctx, domClick(tc.tile), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
			t.Errorf("%s opens %s: %v", tc.login, tc.list, err)
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"] button`)), domClick(`form[action="/logout"] button`),
			chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"flash") and contains(., "您已安全退出")]`))); err != nil {
			t.Fatalf("log out %s: %v", tc.login, err)
		}
	}
	// The reviewer and the head were notified; the header counts it on every page.
	for _, login := range []string{loginReviewer, loginHead} {
		body := string(env.page(t, "GET", "/staff/laws", login, nil).Body)
		if !strings.Contains(body, `aria-label="1条未读"`) {
			t.Errorf("%s's header lacks the count", login)
		}
	}
}
