package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
)

// TestAPICases files a case through the API and checks the answers to bad input: unknown
// party kind, invalid 身份证, unknown item code (400), a wrong transition (400), a stale
// version (409) and an unmet gate (EGATE naming the article).
func TestAPICases(t *testing.T) {
	env := newTestEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	// A second officer of the market bureau; both certified for the item's domain.
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
	body := func() map[string]any {
		return map[string]any{"kind": "penalty", "procedure": "ordinary", "item": env.City.Item.Code,
			"parties":  []map[string]any{{"kind": "person", "name": "李某", "id_number": "11010519491231002X"}},
			"officers": []int64{env.City.Officer.ID, o2.ID}, "occurred_on": "2026-01-05", "facts": "销售过期食品"}
	}
	for _, tc := range []struct {
		name  string
		mod   func(map[string]any)
		field string
	}{
		{"unknown party kind", func(b map[string]any) { b["parties"] = []map[string]any{{"kind": "robot", "name": "x"}} }, "parties[0].kind"},
		{"invalid 身份证", func(b map[string]any) {
			b["parties"] = []map[string]any{{"kind": "person", "name": "x", "id_number": "110105194912310021"}}
		}, "parties[0].id_number"},
		{"unknown item", func(b map[string]any) { b["item"] = "NO-SUCH-ITEM" }, "item"},
	} {
		b := body()
		tc.mod(b)
		res := env.api(t, "POST", "/api/v1/cases", loginOfficer, b)
		if res.Status != http.StatusBadRequest && res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 400/422\n%s", tc.name, res.Status, res.Body)
		}
		if res.ErrorCode() != zhifa.EINVALID {
			t.Errorf("%s: %s", tc.name, res.Body)
		}
	}
	b := body()
	b["officers"] = []int64{env.City.Officer.ID}
	if res := env.api(t, "POST", "/api/v1/cases", loginOfficer, b); res.ErrorCode() != zhifa.EGATE || res.Status < 400 {
		t.Errorf("one officer: %d %s, want EGATE (行政处罚法第四十二条)", res.Status, res.Body)
	}

	var v app.CaseView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases", loginOfficer, body(), &v)
	if v.Number != "东市监罚〔2026〕1号" || v.Parties[0].IDMasked != "110105********002X" || v.Parties[0].IDNumber != "" {
		t.Errorf("created %s %+v", v.Number, v.Parties)
	}
	path := fmt.Sprintf("/api/v1/cases/%d", v.ID)
	if res := env.api(t, "POST", path+"/actions/serve", loginOfficer, map[string]any{"version": 1}); res.Status != http.StatusBadRequest && res.Status != http.StatusUnprocessableEntity {
		t.Errorf("wrong transition: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/investigate", loginOfficer, map[string]any{"version": 1}, &v)
	if res := env.api(t, "POST", path+"/actions/notify", loginOfficer, map[string]any{"version": 1}); res.Status != http.StatusConflict || res.ErrorCode() != zhifa.ECONFLICT {
		t.Errorf("stale version: %d %s, want 409", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusCreated, "POST", path+"/records", loginOfficer, map[string]any{"kind": "document", "title": "立案审批表", "act": "open"}, nil)
	var got app.CaseView
	env.apiOK(t, http.StatusOK, "GET", path, loginSupervisor, nil, &got)
	if got.Stage != zhifa.StageInvestigate || len(got.Clocks) != 1 || len(got.Events) != 2 || len(got.Records) != 1 {
		t.Errorf("case view %+v", got)
	}
	if res := env.api(t, "GET", path, loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("other government: %d", res.Status)
	}
	var list app.CaseList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/cases?stage=investigate", loginOfficer, nil, &list)
	if list.Total != 1 {
		t.Errorf("list %+v", list)
	}
}
