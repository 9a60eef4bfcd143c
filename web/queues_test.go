package web

import (
	"net/http"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
)

// TestCaseListMine: 我的案件 opens on the officer's own cases with a visible switch to the
// whole agency (issue #11); the API filters by mine=1 or handler; an account without an
// officer record gets no switch and a precise error for mine=1; a tampered cursor of
// the filings list is EINVALID, on the page and in the API.
func TestCaseListMine(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	c, err := env.App.FileCase(appCtx(env.actor(t, loginOfficer)), app.CaseInput{Kind: zhifa.CasePenalty, Item: env.City.Item.Code,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市某某食品有限公司", CreditCode: "91371800MA3C4B5X6Y"}},
		Officers: []int64{env.City.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售超过保质期的食品"})
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, "officer's default", string(env.page(t, "GET", "/staff/cases", loginOfficer, nil).Body),
		`href="/staff/cases?mine=1" aria-current="page">只看我的`, `href="/staff/cases?mine=0">全部`, c.Number, `name="mine" value="1"`)
	wantText(t, "whole agency", string(env.page(t, "GET", "/staff/cases?mine=0&stage=open", loginOfficer, nil).Body),
		`aria-current="page">全部`, c.Number, `name="mine" value="0"`)
	wantText(t, "supervisor", string(env.page(t, "GET", "/staff/cases", loginSupervisor, nil).Body), "!只看我的", c.Number)

	var list app.CaseList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/cases?mine=1", loginOfficer, nil, &list)
	if !list.Mine || len(list.Cases) != 1 || list.Cases[0].ID != c.ID {
		t.Errorf("mine=1: %+v", list)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/cases?handler=999999", loginHead, nil, &list)
	if len(list.Cases) != 0 {
		t.Errorf("handler of no case: %d cases", len(list.Cases))
	}
	for _, path := range []string{"/api/v1/cases?mine=1", "/api/v1/cases?handler=x", "/api/v1/filings?cursor=garbage"} {
		if res := env.api(t, "GET", path, loginSupervisor, nil); res.Status != http.StatusUnprocessableEntity || res.ErrorCode() != zhifa.EINVALID {
			t.Errorf("%s: status %d, code %s", path, res.Status, res.ErrorCode())
		}
	}
	if res := env.page(t, "GET", "/staff/filings?cursor=garbage", loginSupervisor, nil); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("filings page with a tampered cursor: %d", res.Status)
	}
	var filings filing.FilingList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/filings?limit=1", loginSupervisor, nil, &filings)
	if filings.TotalText != "0" || filings.Next != "" {
		t.Errorf("filings %+v", filings)
	}
}
