package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/law"
)

// TestAPIStatutoryRange: issue 10 through /api/v1 — the propose action refuses, with
// EGATE naming the article, a fine outside the statutory range chosen by the 货值金额
// (食品安全法第一百二十四条第一款), an illegal gain not confiscated (行政处罚法第二十八条
// 第二款) and a second fine for the same act (第二十九条, after the filing warned); the
// staff item API carries the range warnings.
func TestAPIStatutoryRange(t *testing.T) {
	env := newTestEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "钱七", IDNumber: testPersonID(t, 79),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.City.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("LD-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	file := func() app.CaseView {
		var v app.CaseView
		env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases", loginOfficer, map[string]any{"kind": "penalty", "procedure": "ordinary",
			"item": env.City.Item.Code, "parties": []map[string]any{{"kind": "org", "name": "某食品公司", "credit_code": "91350100M000100Y43"}},
			"officers": []int64{env.City.Officer.ID, o2.ID}, "occurred_on": "2026-01-05", "facts": "生产经营超过保质期的食品"}, &v)
		return v
	}
	v := file()
	path := fmt.Sprintf("/api/v1/cases/%d", v.ID)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/investigate", loginOfficer, map[string]any{"version": v.Version}, &v)
	const why = "生产经营超过保质期的食品，货值金额已查明"
	for _, tc := range []struct {
		name string
		body map[string]any
		rule string
	}{
		{"货值两万元: 20万–40万", map[string]any{"penalties": []string{"罚款"}, "fine": 6000000, "goods_value": 2000000}, law.RuleMitigated},
		{"above 货值 × 20", map[string]any{"penalties": []string{"罚款"}, "fine": 40000001, "goods_value": 2000000}, "《食品安全法》第一百二十四条第一款"},
		{"gain not confiscated", map[string]any{"penalties": []string{"罚款"}, "fine": 6000000, "goods_value": 500000, "illegal_gain": 300000}, law.RuleGain},
	} {
		tc.body["version"], tc.body["reason"] = v.Version, why
		res := env.api(t, "POST", path+"/actions/propose", loginOfficer, tc.body)
		if e := res.Error(); e.Code != zhifa.EGATE || e.Rule != tc.rule || !strings.Contains(e.Message, "依据") {
			t.Errorf("%s: %d %s, want EGATE %s", tc.name, res.Status, res.Body, tc.rule)
		}
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/propose", loginOfficer, map[string]any{"version": v.Version, "reason": why,
		"penalties": []string{"罚款", "没收违法所得"}, "fine": 6000000, "goods_value": 500000, "illegal_gain": 300000, "confiscate": 300000}, &v)
	if p := v.State.Proposal; p == nil || p.GoodsValueFen != 500000 || p.ConfiscateFen != 300000 {
		t.Errorf("proposal %+v", v.State.Proposal)
	}
	second := file()
	if !strings.Contains(strings.Join(second.Warnings, "；"), law.RuleOneFine) {
		t.Errorf("second case on the same act: warnings %q", second.Warnings)
	}
	var item catalog.ItemView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/items/%d", env.City.Item.ID), loginOfficer, nil, &item)
	if item.RangeWarnings != nil {
		t.Errorf("食品安全法第一百二十四条 is readable: %q", item.RangeWarnings)
	}
}
