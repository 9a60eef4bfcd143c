package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
)

// TestUICaseNextStep: the case page leads with the one next step and who takes it; a
// case in the party's statement period shows as waiting on the party, counted apart from
// the agency's overdue clocks, and the ended period as over, not overdue; the hearing
// forms appear only with a hearing right; a 暂定 due date explains itself in words.
func TestUICaseNextStep(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	caseAdvance(env, 247) // Wednesday 2026-11-04: the decision falls due in 2027, beyond the calendar
	c, err := env.App.FileCase(appCtx(env.actor(t, loginOfficer)), app.CaseInput{Kind: zhifa.CasePenalty, Item: env.City.Item.Code,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市某某食品有限公司", CreditCode: "91371800MA3C4B5X6Y"}},
		Officers: []int64{env.City.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-10-20"), Facts: "销售超过保质期的食品"})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/staff/cases/%d", c.ID)
	page := func(login string) string {
		t.Helper()
		res := env.page(t, "GET", path, login, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("case page as %s: %d", login, res.Status)
		}
		return string(res.Body)
	}
	version := func() string {
		v, err := env.App.Case(appCtx(env.actor(t, loginOfficer)), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(v.Version)
	}
	body := page(loginOfficer)
	wantText(t, "open case", body, `id="next-step"`, "下一步：调查取证", "由承办人员办理", "可以办理", `href="#step-investigate"`,
		"暂定：系统尚未导入2027年国务院节假日安排", "!title=\"该年度")
	if strings.Index(body, `id="next-step"`) > strings.Index(body, `id="summary"`) {
		t.Errorf("the next step does not lead the page")
	}
	wantText(t, "supervisor's view", page(loginSupervisor), "下一步：调查取证", "您无需办理此步骤", `!href="#step-investigate"`)

	location(t, env.page(t, "POST", path+"/act/investigate", loginOfficer, url.Values{"version": {version()}}))
	wantText(t, "investigating", page(loginOfficer), "下一步：拟作出处罚决定", fmt.Sprintf(`href="/staff/cases/%d/propose"`, c.ID))
	if _, err := env.App.Act(appCtx(env.actor(t, loginOfficer)), c.ID, "propose", app.ActionInput{Version: 2, Penalties: []string{"罚款"}, Fine: 6000000,
		Reason: "当事人首次违法，违法情节一般，积极配合调查，依裁量基准处以罚款"}); err != nil {
		t.Fatal(err)
	}
	wantText(t, "notice missing", page(loginOfficer), "下一步：送达告知书", "办理前还须", "行政处罚事先告知书")
	caseDocument(t, env, loginOfficer, c.ID, zhifa.DocPenaltyNotice)
	location(t, env.page(t, "POST", path+"/act/notify", loginOfficer, url.Values{"version": {version()}, "date": {"2026-11-04"}}))
	v, err := env.App.Case(appCtx(env.actor(t, loginOfficer)), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	body = page(loginOfficer)
	wantText(t, "statement period", body, `id="next-waiting"`, "等待当事人：陈述申辩期至2026年11月9日届满", "等待当事人 1 项",
		"下一步：负责人审查", "!本机关逾期")
	for _, form := range []string{`id="step-request_hearing"`, `id="step-waive_hearing"`} {
		if strings.Contains(body, form) != v.State.HearingRight {
			t.Errorf("hearing right %v, but the page has %s: %v", v.State.HearingRight, form, !v.State.HearingRight)
		}
	}
	if !strings.Contains(body, `id="step-waive_statement"`) {
		t.Errorf("the party's waiver form is missing during the statement period")
	}

	caseAdvance(env, 7) // 2026-11-11: the period has ended
	body = page(loginOfficer)
	wantText(t, "period over", body, "已届满", "!等待当事人 1 项", "!本机关逾期", "下一步：负责人审查", "可以办理")
}
