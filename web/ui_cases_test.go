package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
)

// caseColleague adds a second officer of the market bureau and gives both officers a
// certificate covering the food-safety domain of the seeded item (行政处罚法 Art. 42:
// two certified officers), and returns the colleague.
func caseColleague(t *testing.T, env *testEnv) *zhifa.Officer {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "钱七", IDNumber: testPersonID(t, 77),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.City.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("FOOD-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	return o2.Officer
}

// caseDocument issues a document of the type for the case as login, filling the fields
// the template could not prefill (the document gates of law.StepDocuments).
func caseDocument(t *testing.T, env *testEnv, login string, caseID int64, typ zhifa.DocType) {
	t.Helper()
	ctx := appCtx(env.actor(t, login))
	d, err := env.App.CreateDocument(ctx, caseID, app.DocumentCreate{Type: typ})
	if err != nil {
		t.Fatalf("create %s: %v", typ, err)
	}
	_, err = env.App.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
	if fields := zhifa.ErrorFields(err); len(fields) > 0 {
		in := app.DocumentInput{Version: d.Version, Fields: map[string]string{}}
		for k := range fields {
			in.Fields[k] = "见案卷"
		}
		if d, err = env.App.SaveDocument(ctx, d.ID, in); err != nil {
			t.Fatalf("save %s: %v", typ, err)
		}
		_, err = env.App.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
	}
	if err != nil {
		t.Fatalf("issue %s: %v", typ, err)
	}
}

// caseAdvance moves the test clock on by days and drops the cached sessions, which
// expire meanwhile.
func caseAdvance(env *testEnv, days int) {
	env.Clock.Advance(time.Duration(days) * 24 * time.Hour)
	env.mu.Lock()
	defer env.mu.Unlock()
	env.tokens, env.cookie = map[string]string{}, map[string]string{}
}

// caseWizardForm is a complete filing form of a penalty case against an organization.
func caseWizardForm(env *testEnv, officers ...int64) url.Values {
	f := url.Values{"kind": {"penalty"}, "procedure": {"ordinary"}, "item": {env.City.Item.Code},
		"parties[0].kind": {"org"}, "parties[0].name": {"东港市某某食品有限公司"}, "parties[0].credit_code": {"91371800MA3C4B5X6Y"},
		"occurred_on": {"2026-02-20"}, "discovered_on": {"2026-03-01"}, "facts": {"销售超过保质期的食品"}}
	for _, id := range officers {
		f.Add("officers", fmt.Sprint(id))
	}
	return f
}

// TestUICaseWizard files a case through the wizard form: field errors in Chinese next
// to their inputs with the values kept, the two-officer gate with its article
// (行政处罚法第四十二条), an added party row, and the filed case's page.
func TestUICaseWizard(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	me := env.City.Officer.ID

	res := env.page(t, "GET", "/staff/cases/new", loginOfficer, nil)
	wantText(t, "wizard", string(res.Body), "立案", "今日可执法", "钱七", env.City.Item.Code, `name="parties[0].name"`,
		fmt.Sprintf(`name="officers" value="%d" checked`, me))
	if res := env.page(t, "GET", "/staff/cases/new", loginReviewer, nil); res.Status != http.StatusForbidden {
		t.Errorf("reviewer opens the wizard: %d", res.Status)
	}

	tests := []struct {
		name   string
		mod    func(url.Values)
		status int
		want   []string
	}{
		{"bad 身份证", func(f url.Values) {
			f.Set("parties[0].kind", "person")
			f.Set("parties[0].id_number", "110105194912310021")
		}, 422, []string{`id="err-parties[0].id_number"`, `value="110105194912310021"`, `value="东港市某某食品有限公司"`}},
		{"no item", func(f url.Values) { f.Set("item", "") }, 422, []string{`id="err-item"`, "必填"}},
		{"one officer", func(f url.Values) { f["officers"] = []string{fmt.Sprint(me)} }, 422,
			[]string{"执法人员不得少于2人", "依据：行政处罚法第四十二条"}},
		{"bad date", func(f url.Values) { f.Set("occurred_on", "2026-02-31") }, 422, []string{`id="err-occurred_on"`, "日期格式"}},
	}
	for _, tt := range tests {
		f := caseWizardForm(env, me, o2.ID)
		tt.mod(f)
		res := env.page(t, "POST", "/staff/cases/new", loginOfficer, f)
		if res.Status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, res.Status, tt.status)
		}
		wantText(t, tt.name, string(res.Body), tt.want...)
	}

	// Adding a party row keeps what was typed.
	f := caseWizardForm(env, me, o2.ID)
	f.Set("add_party", "1")
	res = env.page(t, "POST", "/staff/cases/new", loginOfficer, f)
	wantText(t, "add party", string(res.Body), `name="parties[1].name"`, `value="东港市某某食品有限公司"`, "当事人 2")

	f = caseWizardForm(env, me, o2.ID)
	f.Set("parties[1].kind", "person")
	f.Set("parties[1].name", "王某")
	f.Set("parties[1].id_number", "11010519491231002X")
	target := location(t, env.page(t, "POST", "/staff/cases/new", loginOfficer, f))
	if !strings.HasPrefix(target, "/staff/cases/") {
		t.Fatalf("filed: redirect to %s", target)
	}
	body := string(env.page(t, "GET", target, loginOfficer, nil).Body)
	wantText(t, "case page", body, "东市监罚〔2026〕1号", "王某", "110105********002X", "!11010519491231002X", "作出决定期限",
		"还缺什么", "调查取证", `id="documents"`, "账本条目", "立案")
	// The supervisor reads the case, but has no steps to take; the county does not see it.
	wantText(t, "supervisor", string(env.page(t, "GET", target, loginSupervisor, nil).Body), "东市监罚〔2026〕1号", "只有本机关的执法人员和负责人可以办理本案")
	if res := env.page(t, "GET", target, loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("county admin: %d", res.Status)
	}
	list := string(env.page(t, "GET", "/staff/cases?kind=penalty&stage=open", loginOfficer, nil).Body)
	wantText(t, "list", list, "东市监罚〔2026〕1号", "东港市某某食品有限公司、王某")
	list = string(env.page(t, "GET", "/staff/cases?kind=inspection", loginOfficer, nil).Body)
	wantText(t, "list of inspections", list, "!东市监罚〔2026〕1号", "没有符合条件的案件")
}

// TestUICaseSteps takes a case through its steps by posting the step forms: a stale
// version is ECONFLICT ("案件已被他人修改"), an unmet rule (the statement period, 行政处罚法
// 第四十五条) is refused with its article and changes nothing, a head's step needs a head,
// the fine is entered in yuan and kept in fen.
func TestUICaseSteps(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	c, err := env.App.FileCase(appCtx(env.actor(t, loginOfficer)), app.CaseInput{Kind: zhifa.CasePenalty, Item: env.City.Item.Code,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市某某食品有限公司", CreditCode: "91371800MA3C4B5X6Y"}},
		Officers: []int64{env.City.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售超过保质期的食品"})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/staff/cases/%d", c.ID)
	act := func(login string, action zhifa.Action, f url.Values) *response {
		t.Helper()
		return env.page(t, "POST", path+"/act/"+string(action), login, f)
	}
	version := func() string {
		v, err := env.App.Case(appCtx(env.actor(t, loginOfficer)), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(v.Version)
	}
	if got := flashOf(act(loginOfficer, "investigate", url.Values{"version": {"1"}})); !strings.Contains(got, "调查取证") {
		t.Errorf("investigate flash %q", got)
	}
	// The proposal is made on its own page (discretion); here through the app.
	if _, err := env.App.Act(appCtx(env.actor(t, loginOfficer)), c.ID, "propose", app.ActionInput{Version: 2, Penalties: []string{"罚款"}, Fine: 6000000,
		Reason: "当事人首次违法，违法情节一般，积极配合调查，依裁量基准处以罚款"}); err != nil {
		t.Fatal(err)
	}
	caseDocument(t, env, loginOfficer, c.ID, zhifa.DocPenaltyNotice)
	res := act(loginOfficer, "notify", url.Values{"version": {"1"}})
	if res.Status != http.StatusConflict {
		t.Errorf("stale version: %d", res.Status)
	}
	wantText(t, "conflict", string(res.Body), "案件已被他人修改", "请刷新", `id="step-notify" open`)
	location(t, act(loginOfficer, "notify", url.Values{"version": {version()}, "date": {"2026-03-02"}}))
	body := string(env.page(t, "GET", path, loginOfficer, nil).Body)
	wantText(t, "after notify", body, "陈述申辩期", "截止 2026年3月5日", "负责人审查")
	location(t, act(loginOfficer, "review", url.Values{"version": {version()}}))
	before := version()
	res = act(loginOfficer, "decide", url.Values{"version": {before}, "fine": {"60000"}, "approver_id": {fmt.Sprint(env.Users[loginHead].ID)}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("decide in the statement period: %d", res.Status)
	}
	wantText(t, "refused decision", string(res.Body), "陈述申辩期至2026年3月5日届满", "行政处罚法第四十五条", `id="step-decide" open`, `value="60000"`)
	if version() != before {
		t.Fatal("a refused step changed the case")
	}
	caseAdvance(env, 4) // Friday 2026-03-06: the period has passed
	res = act(loginOfficer, "decide", url.Values{"version": {before}, "fine": {"12.5x"}})
	wantText(t, "bad fine", string(res.Body), "罚款金额应为元")
	res = act(loginOfficer, "decide", url.Values{"version": {before}, "fine": {"60000"}})
	wantText(t, "decide without approver", string(res.Body), "须由本机关负责人（或其指定的负责人）本人办理", "请提交审批请求")
	// Naming the head files an approval request; the head approves it on the to-do list.
	location(t, act(loginOfficer, "decide", url.Values{"version": {before}, "fine": {"60000.00"}, "approver_id": {fmt.Sprint(env.Users[loginHead].ID)}}))
	todo := string(env.page(t, "GET", "/staff/approvals", loginHead, nil).Body)
	wantText(t, "head's to-do", todo, "作出处罚决定", "待审批", "批准", "驳回")
	list, err := env.App.Approvals(appCtx(env.actor(t, loginHead)), app.ApprovalListFilter{Mine: true, Status: zhifa.ApprovalPending})
	if err != nil || list.Total != 1 {
		t.Fatalf("head's approvals %+v %v", list, err)
	}
	if dash := string(env.page(t, "GET", "/staff/", loginHead, nil).Body); !strings.Contains(dash, "待我审批") {
		t.Errorf("dashboard lacks the approvals tile")
	}
	location(t, env.page(t, "POST", fmt.Sprintf("/staff/approvals/%d/approve", list.Approvals[0].ID), loginHead, url.Values{"opinion": {"同意。"}}))
	v, _ := env.App.Case(appCtx(env.actor(t, loginOfficer)), c.ID)
	if v.State.FineFen != 6000000 || v.Stage != zhifa.StageDecide {
		t.Errorf("decided %+v", v.State)
	}
	body = string(env.page(t, "GET", path, loginOfficer, nil).Body)
	wantText(t, "decided", body, "60000 元", "送达期限", "head1", "批准")
}

// TestUICaseClocks checks the clock colours of the list and the overview: yellow within
// three working days, red when overdue (law.ClockStatus). The party's statement period is
// not the agency's deadline: it is never listed as due soon or overdue, and once over it
// reads 已届满 on the case page; the decision period overdue is (law.NextDue).
func TestUICaseClocks(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	c, err := env.App.FileCase(appCtx(env.actor(t, loginOfficer)), app.CaseInput{Kind: zhifa.CasePenalty, Item: env.City.Item.Code,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市某某食品有限公司", CreditCode: "91371800MA3C4B5X6Y"}},
		Officers: []int64{env.City.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售超过保质期的食品"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := appCtx(env.actor(t, loginOfficer))
	if _, err := env.App.Act(ctx, c.ID, "investigate", app.ActionInput{Version: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Act(ctx, c.ID, "propose", app.ActionInput{Version: 2, Penalties: []string{"罚款"}, Fine: 6000000, Reason: "当事人首次违法，违法情节一般，积极配合调查，依裁量基准处以罚款"}); err != nil {
		t.Fatal(err)
	}
	caseDocument(t, env, loginOfficer, c.ID, zhifa.DocPenaltyNotice)
	if _, err := env.App.Act(ctx, c.ID, "notify", app.ActionInput{Version: 3}); err != nil {
		t.Fatal(err)
	}
	// The statement period (3 working days from Monday 2 March) ends on Thursday 5 March:
	// the case waits on the party, nothing of the agency's is due soon.
	page := func(path, login string) string { return string(env.page(t, "GET", path, login, nil).Body) }
	wantText(t, "due soon", page("/staff/cases?due=soon", loginOfficer), "!"+c.Number)
	wantText(t, "clocks", page("/staff/cases/clocks", loginSupervisor), "!"+c.Number, "!陈述申辩期 截止")
	wantText(t, "list", page("/staff/cases", loginOfficer), `badge ok">作出决定期限 2026-06-01 · 正常`)
	caseAdvance(env, 5)
	// The period ended on 5 March: no overdue of the agency's, 已届满 on the case page.
	wantText(t, "overdue", page("/staff/cases?due=overdue", loginOfficer), "!"+c.Number)
	wantText(t, "clocks after the statement period", page("/staff/cases/clocks", loginOfficer), "!"+c.Number, "!陈述申辩期 截止",
		`<strong>0</strong><span>已超期案件</span>`)
	wantText(t, "case page", page("/staff/cases/"+strconv.FormatInt(c.ID, 10), loginOfficer), "陈述申辩期", "已届满")
	// Past the decision period (1 June) the case is overdue for the agency.
	caseAdvance(env, 90)
	wantText(t, "overdue", page("/staff/cases?due=overdue", loginOfficer), `badge bad">作出决定期限 2026-06-01 · 已超期`)
	wantText(t, "clocks overdue", page("/staff/cases/clocks", loginOfficer), `id="overdue"`, c.Number,
		"作出决定期限 截止2026年6月1日 · 已超期", `<strong>1</strong><span>已超期案件</span>`, "!陈述申辩期 截止")
}
