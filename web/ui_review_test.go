package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/app/review"
	"zhifa/internal/testenv"
	"zhifa/law"
)

// reviewRecords adds the investigation report and the evidence list to the case and
// returns their IDs.
func reviewRecords(t *testing.T, env *testEnv, id int64) (report, list int64) {
	t.Helper()
	ctx := appCtx(env.actor(t, loginOfficer))
	r1, err := env.App.AddRecord(ctx, id, app.RecordInput{Kind: zhifa.RecordDocument, Title: "案件调查终结报告", Act: "review"})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := env.App.AddRecord(ctx, id, app.RecordInput{Kind: zhifa.RecordDocument, Title: "证据清单", Act: "review"})
	if err != nil {
		t.Fatal(err)
	}
	return r1.ID, r2.ID
}

// findingsActions gives the reviewer's finding on every review point: the point named
// wanting is found wanting, every other sound.
func findingsActions(wanting string) chromedp.Action[chromedp.Void] {
	var acts []chromedp.Action[chromedp.Void]
	for _, p := range law.ReviewPoints {
		v := "ok"
		if p == wanting {
			v = "problem"
		}
		acts = append(acts, caseCheck(fmt.Sprintf(`input[name="point_%s"][value="%s"]`, p, v)))
	}
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		var v chromedp.Void
		for _, a := range acts {
			if _, err := a(ctx, t); err != nil {
				return v, err
			}
		}
		return v, nil
	}
}

// TestBrowserLegalReview takes a major case (a fine over the catalog's threshold)
// through the legal review in a real browser: the head's decision is refused before the
// pass with the rule named; the handler submits; the reviewer finds a problem on the E4
// checklist; the handler fixes the proposal and resubmits with an answer; the reviewer
// agrees; the head approves and decides (E1, E4, E5).
func TestBrowserLegalReview(t *testing.T) {
	chromium := testenv.Chromium(t)
	env := newTestEnv(t)
	id := reviewCase(t, env)
	report, list := reviewRecords(t, env, id)

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
	flashText := func(s string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"flash") and contains(., "` + s + `")]`))
	}
	loginAs := func(login string) {
		t.Helper()
		step("log in as "+login,
			chromedp.Navigate(env.HTTP.URL+"/login?next="+url.QueryEscape(fmt.Sprintf("/staff/cases/%d/legal-review", id))),
			chromedp.WaitVisible(chromedp.ID("f-login")),
			chromedp.SendKeys(chromedp.ID("f-login"), login),
			chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/login"] button[type=submit]`)), domClick(`form[action="/login"] button[type=submit]`),
			chromedp.WaitVisible(chromedp.ID("review-status")),
		)
	}
	logout := func() {
		t.Helper()
		step("log out", chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"] button`)), domClick(`form[action="/logout"] button`), flashText("您已安全退出"))
	}

	// Before the review, the head's decision is refused with the rule named (E1).
	loginAs(loginHead)
	step("the case is major and the decision refused",
		chromedp.WaitVisible(chromedp.Search(`//span[@id="major-badge" and contains(., "重大执法决定")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#decide button[type=submit]`)), domClick(`#decide button[type=submit]`),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"alert") and contains(., "`+law.RuleMajorReview+`")]`)),
	)
	logout()

	// The handler submits the materials of the checklist.
	loginAs(loginOfficer)
	step("submit for review",
		chromedp.WaitVisible(chromedp.ID("submit")),
		chromedp.SetValue(chromedp.ID("m-investigation_report"), fmt.Sprint(report)),
		chromedp.SetValue(chromedp.ID("m-evidence_list"), fmt.Sprint(list)),
		chromedp.WaitVisible(chromedp.CSS(`#submit button[type=submit]`)), domClick(`#submit button[type=submit]`),
		flashText("提交法制审核"),
		chromedp.WaitVisible(chromedp.ID("round-1")),
	)
	logout()

	// The reviewer opens the task from the queue and finds a problem.
	step("the reviewer's queue", chromedp.Navigate(env.HTTP.URL+"/login?next=/staff/reviews"),
		chromedp.WaitVisible(chromedp.ID("f-login")),
		chromedp.SendKeys(chromedp.ID("f-login"), loginReviewer),
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login"] button[type=submit]`)), domClick(`form[action="/login"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.Search(`//table//span[contains(@class,"badge") and contains(., "期限内")]`)),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(., "审核") and contains(@class, "primary")]`)), domClickXPath(`//a[contains(., "审核") and contains(@class, "primary")]`),
		chromedp.WaitVisible(chromedp.ID("opinion")),
	)
	// No point is pre-selected: each needs the reviewer's own finding (issue 12).
	preselected, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#opinion input[type=radio]:checked').length`))
	if err != nil {
		t.Fatal(err)
	}
	if preselected != 0 {
		t.Errorf("%d findings or opinions pre-selected", preselected)
	}
	// "同意" with a point found wanting is refused, and the findings are kept.
	step("agree with a point found wanting",
		findingsActions("discretion"),
		chromedp.SendKeys(chromedp.CSS(`input[name="note_discretion"]`), "罚款数额偏高"),
		caseCheck(`input[name="opinion"][value="agree"]`),
		chromedp.SendKeys(chromedp.ID("f-opinion_text"), "同意"),
		chromedp.WaitVisible(chromedp.CSS(`#opinion button[type=submit]`)), domClick(`#opinion button[type=submit]`),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "存在问题的审核要点时不能出具同意的审核意见")]`)),
		chromedp.WaitVisible(chromedp.ID("opinion")),
	)
	step("opinion: problems",
		findingsActions("discretion"),
		caseCheck(`input[name="opinion"][value="problems"]`),
		chromedp.SendKeys(chromedp.ID("f-problems"), "罚款数额高于一般情节的裁量幅度"),
		chromedp.SendKeys(chromedp.ID("f-opinion_text"), "裁量不当，请修改后重新报送"),
		chromedp.WaitVisible(chromedp.CSS(`#opinion button[type=submit]`)), domClick(`#opinion button[type=submit]`),
		flashText("出具法制审核意见"),
	)
	logout()

	// The handler fixes the proposal (the propose step, another page) and resubmits with
	// an answer; the round shows what changed.
	fixProposal(t, env, id, 3_000_000, 2)
	loginAs(loginOfficer)
	step("resubmit",
		chromedp.WaitVisible(chromedp.ID("resubmit")),
		chromedp.SendKeys(chromedp.ID("f-answer_0"), "已按一般情节下调罚款至3万元"),
		chromedp.SetValue(chromedp.ID("rm-investigation_report"), fmt.Sprint(report)),
		chromedp.SetValue(chromedp.ID("rm-evidence_list"), fmt.Sprint(list)),
		chromedp.WaitVisible(chromedp.CSS(`#resubmit button[type=submit]`)), domClick(`#resubmit button[type=submit]`),
		flashText("重新报送"),
		chromedp.WaitVisible(chromedp.Search(`//article[@id="round-2"]//ul[contains(@class,"changes")]//li[contains(., "罚款") and contains(., "30000")]`)),
	)
	logout()

	loginAs(loginReviewer)
	step("opinion: agree",
		chromedp.WaitVisible(chromedp.ID("opinion")),
		findingsActions(""),
		caseCheck(`input[name="opinion"][value="agree"]`),
		chromedp.SendKeys(chromedp.ID("f-opinion_text"), "同意"),
		chromedp.WaitVisible(chromedp.CSS(`#opinion button[type=submit]`)), domClick(`#opinion button[type=submit]`),
		flashText("出具法制审核意见"),
		chromedp.WaitVisible(chromedp.Search(`//span[@id="review-status" and contains(., "审核通过")]`)),
	)
	logout()

	loginAs(loginHead)
	step("approve, discuss and decide",
		chromedp.WaitVisible(chromedp.CSS(`#approve button[type=submit]`)), domClick(`#approve button[type=submit]`),
		flashText("负责人审批"),
		// A major decision is the heads' collective decision (行政处罚法第五十七条第二款).
		chromedp.WaitVisible(chromedp.ID("discussion")),
		chromedp.SendKeys(chromedp.CSS(`#discussion input[name="presider"]`), "王局长"),
		chromedp.SendKeys(chromedp.CSS(`#discussion input[name="attendee_0"]`), "王局长"),
		chromedp.SendKeys(chromedp.CSS(`#discussion input[name="attendee_1"]`), "李副局长"),
		chromedp.SendKeys(chromedp.CSS(`#discussion input[name="attendee_2"]`), "赵副局长"),
		caseCheck(`#discussion input[name="conclusion"][value="proposal"]`),
		chromedp.WaitVisible(chromedp.CSS(`#discussion button[type=submit]`)), domClick(`#discussion button[type=submit]`),
		flashText("集体讨论"),
		chromedp.WaitVisible(chromedp.CSS(`#decide button[type=submit]`)), domClick(`#decide button[type=submit]`),
		flashText("作出处罚决定"),
	)
	var v app.CaseView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/cases/%d", id), loginOfficer, nil, &v)
	if v.Stage != zhifa.StageDecide || len(v.Reviews) != 2 {
		t.Errorf("after the browser flow: stage %s, %d rounds", v.Stage, len(v.Reviews))
	}
}

// fixProposal changes the stored proposal, as the propose step does.
func fixProposal(t *testing.T, env *testEnv, id, fineFen int64, revision int) {
	t.Helper()
	ctx := context.Background()
	err := env.Store.Update(ctx, func(tx zhifa.Tx) error {
		c, err := tx.Case(ctx, id)
		if err != nil {
			return err
		}
		c.State.Proposal.FineFen, c.State.Proposal.Revision = fineFen, revision
		return tx.UpdateCase(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUIReviewPages renders the review pages for each role and saves the catalog through
// its form: a loosened threshold below a template is refused and shown.
func TestUIReviewPages(t *testing.T) {
	env := newTestEnv(t)
	id := reviewCase(t, env)
	path := fmt.Sprintf("/staff/cases/%d/legal-review", id)
	for _, login := range []string{loginOfficer, loginHead, loginReviewer, loginSupervisor} {
		res := env.page(t, "GET", path, login, nil)
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "重大执法决定") {
			t.Errorf("%s: %d", login, res.Status)
		}
	}
	if res := env.page(t, "GET", path, loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("other government: %d", res.Status)
	}
	if res := env.page(t, "GET", "/staff/reviews", loginReviewer, nil); res.Status != http.StatusOK {
		t.Errorf("queue: %d", res.Status)
	}
	if res := env.page(t, "GET", "/staff/reviews", loginOfficer, nil); res.Status != http.StatusForbidden {
		t.Errorf("queue as officer: %d", res.Status)
	}
	// The market bureau publishes its catalog as a template; the branch's form may not loosen it.
	cat := fmt.Sprintf("/staff/agencies/%d/major-catalog", env.Market.ID)
	form := url.Values{"version": {"1"}, "template": {"1"}, "review_days": {"5"}, "materials": {"investigation_report", "evidence_list"},
		"rule_0_clause": {"第二条第（一）项"}, "rule_0_label": {"较大数额罚款"}, "rule_0_person_fine": {"10000"}, "rule_0_org_fine": {"100000"},
		"rule_1_clause": {""}, "rule_1_label": {""}}
	res := env.page(t, "POST", cat, loginAdmin, form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save catalog: %d\n%.400s", res.Status, res.Body)
	}
	branch := fmt.Sprintf("/staff/agencies/%d/major-catalog", env.MarketBranch.ID)
	form.Set("version", "0")
	form.Set("rule_0_person_fine", "20000")
	res = env.page(t, "POST", branch, loginAdmin, form)
	if res.Status != http.StatusBadRequest && res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "只能比上级模板更严") {
		t.Errorf("loosened catalog: %d\n%.600s", res.Status, res.Body)
	}
	if res := env.page(t, "POST", branch+"/adopt", loginAdmin, url.Values{"version": {"0"}}); res.Status != http.StatusSeeOther {
		t.Errorf("adopt: %d", res.Status)
	}
	if res := env.page(t, "GET", branch, loginOfficer, nil); res.Status != http.StatusOK || !strings.Contains(string(res.Body), "基于上级模板第2版") {
		t.Errorf("branch catalog page: %d", res.Status)
	}
	if res := env.page(t, "POST", branch, loginOfficer, form); res.Status != http.StatusForbidden {
		t.Errorf("officer saves catalog: %d", res.Status)
	}
	// Pools (E2): the admin creates one through the page; a stale edit is refused.
	pool := url.Values{"name": {"开发区审核人员库"}, "agencies": {fmt.Sprint(env.MarketBranch.ID)}, "reviewers": {fmt.Sprint(env.Users[loginReviewer].ID)}}
	if res := env.page(t, "POST", "/staff/review-pools", loginAdmin, pool); res.Status != http.StatusSeeOther {
		t.Fatalf("create pool: %d\n%.400s", res.Status, res.Body)
	}
	res = env.page(t, "GET", "/staff/review-pools", loginAdmin, nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "开发区审核人员库") {
		t.Errorf("pools page: %d", res.Status)
	}
	pools, err := env.App.Review().ReviewPools(appCtx(env.actor(t, loginAdmin)))
	if err != nil || len(pools) != 1 {
		t.Fatalf("pools %v %v", pools, err)
	}
	pool.Set("version", "7")
	if res := env.page(t, "POST", fmt.Sprintf("/staff/review-pools/%d", pools[0].ID), loginAdmin, pool); res.Status != http.StatusConflict {
		t.Errorf("stale pool edit: %d", res.Status)
	}
	if res := env.page(t, "GET", "/staff/review-pools", loginOfficer, nil); res.Status != http.StatusOK {
		t.Errorf("pools page as officer: %d", res.Status)
	}
}

// TestUIPoolReviewerPage: a reviewer of another agency's pool (E2) opens the assigned case's
// review page and gives the opinion from it.
func TestUIPoolReviewerPage(t *testing.T) {
	env := newTestEnv(t)
	id := reviewCase(t, env)
	report, list := reviewRecords(t, env, id)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Justice.ID, Name: "周律师", IDNumber: testPersonID(t, 79),
		Reviewer: true, LegalQual: true, LegalQualNo: "A20180002", ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	lawyer, err := env.App.CreateUser(sys, app.UserInput{Login: "lawyer1", Name: "周律师", Role: zhifa.RoleReviewer, AgencyID: env.Justice.ID, OfficerID: o.ID, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	// The market bureau's admin may not pool the justice bureau's lawyer (outside its scope);
	// the city (here the system) may.
	if res := env.api(t, "POST", "/api/v1/review-pools", loginAdmin, review.PoolInput{Name: "法律顾问库", Agencies: []int64{env.Market.ID}, Reviewers: []int64{lawyer.ID}}); res.ErrorCode() != zhifa.EINVALID {
		t.Errorf("pool with a reviewer outside the scope: %d %s", res.Status, res.Body)
	}
	if _, err := env.App.Review().SaveReviewPool(sys, 0, review.PoolInput{AgencyID: env.Justice.ID, Name: "东港市法律顾问和公职律师库", Agencies: []int64{env.Market.ID}, Reviewers: []int64{lawyer.ID}}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/staff/cases/%d/legal-review", id)
	if res := env.page(t, "GET", path, "lawyer1", nil); res.Status != http.StatusNotFound {
		t.Errorf("before the assignment: %d", res.Status)
	}
	var v app.CaseView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/cases/%d", id), loginOfficer, nil, &v)
	res := env.page(t, "POST", path+"/submit_review", loginOfficer, url.Values{"version": {fmt.Sprint(v.Version)},
		"material_investigation_report": {fmt.Sprint(report)}, "material_evidence_list": {fmt.Sprint(list)}, "reviewer_id": {fmt.Sprint(lawyer.ID)}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%.500s", res.Status, res.Body)
	}
	res = env.page(t, "GET", path, "lawyer1", nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `id="opinion"`) {
		t.Fatalf("pool reviewer's page: %d", res.Status)
	}
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/cases/%d", id), loginOfficer, nil, &v)
	form := url.Values{"version": {fmt.Sprint(v.Version)}, "opinion": {"agree"}, "opinion_text": {"同意"}}
	for _, p := range law.ReviewPoints {
		form.Set("point_"+p, "ok")
	}
	if res := env.page(t, "POST", path+"/review_opinion", "lawyer1", form); res.Status != http.StatusSeeOther {
		t.Fatalf("opinion: %d\n%.500s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/cases/%d", id), loginOfficer, nil, &v)
	if v.ReviewStatus != zhifa.ReviewPassed {
		t.Errorf("status %s", v.ReviewStatus)
	}
}
