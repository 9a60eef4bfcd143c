package web

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"zhifa"
	"zhifa/app"
)

// TestUISummaryForms: the case page of a summary case asks, in Chinese, for the record of
// the decision made on the spot (行政处罚法第五十二条、第四十四条), refuses without it naming
// the article, and then offers the filing (备案) with its clock; an ordinary case offers
// the education form (第三十三条第三款).
func TestUISummaryForms(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	ctx := appCtx(env.actor(t, loginOfficer))
	c, err := env.App.FileCase(ctx, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcSummary, Item: env.City.Item.Code,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市某某食品有限公司", CreditCode: "91371800MA3C4B5X6Y"}},
		Officers: []int64{env.City.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售超过保质期的食品"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Act(ctx, c.ID, "propose", app.ActionInput{Version: c.Version, Penalties: []string{"警告"}, Warning: true,
		Reason: "违法事实确凿、情节轻微，当场给予警告"}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/staff/cases/%d", c.ID)
	version := func() string {
		v, err := env.App.Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(v.Version)
	}
	body := string(env.page(t, "GET", path, loginOfficer, nil).Body)
	wantText(t, "decide form", body, "执法人员已向当事人出示执法证件", "以及陈述、申辩的权利", "当事人的陈述、申辩")
	res := env.page(t, "POST", path+"/act/decide", loginOfficer, url.Values{"version": {version()}, "warning": {"1"}, "summary_statement": {""}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("decide without the record: %d", res.Status)
	}
	wantText(t, "refused decide", string(res.Body), "执法人员未向当事人出示执法证件", "行政处罚法第五十二条第一款")
	location(t, env.page(t, "POST", path+"/act/decide", loginOfficer, url.Values{"version": {version()}, "warning": {"1"},
		"summary_certificates": {"1"}, "summary_informed": {"1"}, "summary_statement": {"当事人无异议"}}))
	body = string(env.page(t, "GET", path, loginOfficer, nil).Body)
	wantText(t, "after decide", body, "当场处罚决定报所属行政机关备案", "当场处罚决定备案期限", "备案日期")

	o, err := env.App.FileCase(ctx, app.CaseInput{Kind: zhifa.CasePenalty, Item: env.City.Item.Code,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市某某商行", CreditCode: "91371800MA3C4B5X7A"}},
		Officers: []int64{env.City.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售超过保质期的食品"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Act(ctx, o.ID, "investigate", app.ActionInput{Version: o.Version}); err != nil {
		t.Fatal(err)
	}
	body = string(env.page(t, "GET", fmt.Sprintf("/staff/cases/%d", o.ID), loginOfficer, nil).Body)
	wantText(t, "education form", body, "对当事人进行教育", "教育方式", "教育内容")
}
