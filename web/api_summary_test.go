package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/law"
)

// TestAPISummaryAndNoPenalty: through the API, a summary decision needs its record
// (行政处罚法第五十二条、第四十四条), is handed over on the spot and filed (备案); a case not
// punished by law ends after the education (第三十三条第三款) with the 不予行政处罚决定书.
func TestAPISummaryAndNoPenalty(t *testing.T) {
	env := newTestEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "钱七", IDNumber: testPersonID(t, 78),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.City.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("SUM-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	file := func(proc string) (*app.CaseView, string) {
		var v app.CaseView
		env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases", loginOfficer, map[string]any{"kind": "penalty", "procedure": proc,
			"item": env.City.Item.Code, "parties": []map[string]any{{"kind": "person", "name": "李某", "id_number": "11010519491231002X"}},
			"officers": []int64{env.City.Officer.ID, o2.ID}, "occurred_on": "2026-01-05", "facts": "销售过期食品"}, &v)
		return &v, fmt.Sprintf("/api/v1/cases/%d/actions/", v.ID)
	}
	refused := func(what, login, url string, body map[string]any, rule string) {
		t.Helper()
		res := env.api(t, "POST", url, login, body)
		if res.ErrorCode() != zhifa.EGATE || res.Error().Rule != rule {
			t.Errorf("%s: %d %s, want EGATE %s", what, res.Status, res.Body, rule)
		}
	}

	// Summary procedure.
	v, acts := file("summary")
	env.apiOK(t, http.StatusOK, "POST", acts+"propose", loginOfficer, map[string]any{"version": v.Version, "penalties": []string{"警告"},
		"warning": true, "reason": "违法事实确凿、情节轻微，当场给予警告"}, v)
	refused("decide without the record", loginOfficer, acts+"decide", map[string]any{"version": v.Version}, law.RuleSummaryRecord)
	refused("certificates not shown", loginOfficer, acts+"decide", map[string]any{"version": v.Version,
		"summary": map[string]any{"informed": true, "statement": "无异议"}}, law.RuleSummaryRecord)
	env.apiOK(t, http.StatusOK, "POST", acts+"decide", loginOfficer, map[string]any{"version": v.Version,
		"summary": map[string]any{"certificates_shown": true, "informed": true, "statement": "当事人无异议"}}, v)
	refused("served by mail", loginOfficer, acts+"serve", map[string]any{"version": v.Version,
		"service": map[string]any{"method": "mail", "proof": "EMS1234"}}, law.RuleSummaryHandover)
	env.apiOK(t, http.StatusOK, "POST", acts+"file_summary", loginOfficer, map[string]any{"version": v.Version}, v)
	if v.State.SummaryFiledOn.IsZero() {
		t.Errorf("not filed: %+v", v.State)
	}
	for _, cl := range v.Clocks {
		if cl.Kind == zhifa.ClockSummaryFiling && (!cl.Done || cl.Label != "当场处罚决定备案期限") {
			t.Errorf("filing clock %+v", cl)
		}
	}

	// Not punished by law: education, then the 不予行政处罚决定书.
	v, acts = file("ordinary")
	env.apiOK(t, http.StatusOK, "POST", acts+"investigate", loginOfficer, map[string]any{"version": v.Version}, v)
	env.apiOK(t, http.StatusOK, "POST", acts+"propose", loginOfficer, map[string]any{"version": v.Version,
		"list_entries": []string{"APL33-1A"}, "reason": "违法行为轻微并及时改正，没有造成危害后果"}, v)
	refused("no_penalty before the education", loginHead, acts+"no_penalty", map[string]any{"version": v.Version, "reason": "轻微不罚"}, law.RuleEducation)
	refused("education without content", loginOfficer, acts+"educate", map[string]any{"version": v.Version,
		"education": map[string]any{"method": "当面教育"}}, law.RuleEducation)
	env.apiOK(t, http.StatusOK, "POST", acts+"educate", loginOfficer, map[string]any{"version": v.Version,
		"education": map[string]any{"method": "当面教育", "content": "讲解食品安全法有关规定"}}, v)
	refused("no_penalty before its decision document", loginHead, acts+"no_penalty", map[string]any{"version": v.Version, "reason": "轻微不罚"}, law.RuleNoPenaltyDocument)
}
