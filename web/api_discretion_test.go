package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	catalogweb "zhifa/web/catalog"
)

// TestAPIDiscretion: benchmarks (B3) through /api/v1/items/{code}/benchmarks — managers
// write, anyone reads, versions conflict; the four lists (B4); the propose action and the
// consistency aid through the case API; the portal and staff pages show them.
func TestAPIDiscretion(t *testing.T) {
	env := newTestEnv(t)
	code := env.City.Item.Code // 食品安全法第一百二十四条: 五万元以上十万元以下, 十倍以上二十倍以下
	base := "/api/v1/items/" + url.PathEscape(code) + "/benchmarks"
	level := func(name string, lo, hi int64) map[string]any {
		return map[string]any{"name": name, "conditions": name + "情形", "penalties": []string{"罚款", "没收违法所得"},
			"fine": map[string]any{"kind": "fixed", "min_fen": lo * 100, "max_fen": hi * 100}}
	}
	body := map[string]any{"levels": []any{level("一般", 50000, 70000), level("严重", 70000, 100000),
		map[string]any{"name": "货值一万元以上", "conditions": "货值金额一万元以上", "penalties": []string{"罚款"},
			"fine": map[string]any{"kind": "multiple", "min_times": 10, "max_times": 20, "base": "货值金额"}}}}
	if res := env.api(t, "POST", base, loginOfficer, body); res.Status != http.StatusForbidden {
		t.Errorf("officer writes a benchmark: %d", res.Status)
	}
	over := map[string]any{"levels": []any{level("一般", 50000, 200000)}}
	if res := env.api(t, "POST", base, loginAdmin, over); res.ErrorCode() != zhifa.EINVALID || !strings.Contains(string(res.Body), "levels.0.fine.max_fen") {
		t.Errorf("over the statute (食品安全法第一百二十四条): %d %s", res.Status, res.Body)
	}
	var b catalog.BenchmarkView
	env.apiOK(t, http.StatusCreated, "POST", base, loginAdmin, body, &b)
	if b.Version != 1 || len(b.Statute) != 2 {
		t.Errorf("created %+v", b)
	}
	if res := env.api(t, "GET", base, "", nil); res.Status != http.StatusOK || !strings.Contains(string(res.Body), "严重情形") {
		t.Errorf("public read: %d %s", res.Status, res.Body)
	}
	body["version"] = 1
	env.apiOK(t, http.StatusOK, "PUT", base, loginAdmin, body, &b)
	if res := env.api(t, "PUT", base, loginAdmin, body); res.Status != http.StatusConflict {
		t.Errorf("stale version: %d", res.Status)
	}
	var versions catalogweb.BenchmarkVersionList
	env.apiOK(t, http.StatusOK, "GET", base+"/versions", "", nil, &versions)
	if versions.Total != 2 {
		t.Errorf("versions %+v", versions)
	}

	var lists catalog.FourLists
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/lists?agency_id=%d", env.Market.ID), "", nil, &lists)
	if len(lists.Lists) != 4 || lists.Lists[0].Entries[0].Key != "APL33-1A" {
		t.Errorf("lists %+v", lists)
	}
	var entry catalog.ListEntryView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/lists", loginAdmin, map[string]any{"agency_id": env.Market.ID, "kind": "mitigated",
		"title": "主动退赔消费者损失", "conditions": "立案后主动退赔全部损失", "basis": []map[string]string{{"law": "行政处罚法", "article": "第三十二条"}}}, &entry)
	if entry.Key == "" || entry.Basis[0].Text == "" {
		t.Errorf("entry %+v", entry)
	}

	// A case: propose through the action API, then the consistency aid for a reviewer.
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "钱七", IDNumber: testPersonID(t, 78),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.City.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("DISC-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	var v app.CaseView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases", loginOfficer, map[string]any{"kind": "penalty", "procedure": "ordinary", "item": code,
		"parties":  []map[string]any{{"kind": "org", "name": "某食品公司", "credit_code": "91350100M000100Y43"}},
		"officers": []int64{env.City.Officer.ID, o2.ID}, "occurred_on": "2026-01-05", "facts": "生产经营超过保质期的食品"}, &v)
	path := fmt.Sprintf("/api/v1/cases/%d", v.ID)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/investigate", loginOfficer, map[string]any{"version": v.Version}, &v)
	res := env.api(t, "POST", path+"/actions/propose", loginOfficer, map[string]any{"version": v.Version, "penalties": []string{"罚款"},
		"fine": 4000000, "level": "一般", "reason": "货值金额不足一万元，情节一般"})
	if res.ErrorCode() != zhifa.EGATE || !strings.Contains(res.Error().Message, "减轻") {
		t.Errorf("below the level without 减轻: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/propose", loginOfficer, map[string]any{"version": v.Version, "penalties": []string{"罚款"},
		"fine": 4000000, "level": "一般", "reason": "货值金额不足一万元，主动退赔全部损失", "list_entries": []string{entry.Key}}, &v)
	if p := v.State.Proposal; p == nil || p.FineFen != 4000000 || p.Revision != 1 || p.BenchmarkVersion != 2 {
		t.Errorf("proposal %+v", v.State.Proposal)
	}
	var sim app.SimilarFines
	env.apiOK(t, http.StatusOK, "GET", path+"/similar", loginReviewer, nil, &sim)
	if sim.Level != "一般" || sim.Count != 0 || len(sim.Agencies) == 0 {
		t.Errorf("similar %+v", sim)
	}

	// Pages: the portal item page publishes the benchmark; the lists page; the staff
	// propose page with its levels and the cited entry.
	if p := env.page(t, "GET", "/items/"+url.PathEscape(code), "", nil); p.Status != http.StatusOK || !strings.Contains(string(p.Body), "裁量基准") || !strings.Contains(string(p.Body), "70000元以上100000元以下") {
		t.Errorf("portal item page: %d", p.Status)
	}
	if p := env.page(t, "GET", fmt.Sprintf("/lists?agency_id=%d", env.Market.ID), "", nil); p.Status != http.StatusOK || !strings.Contains(string(p.Body), "首违不罚") || !strings.Contains(string(p.Body), "主动退赔消费者损失") {
		t.Errorf("portal lists page: %d", p.Status)
	}
	if p := env.page(t, "GET", "/items/"+url.PathEscape(code)+"/benchmarks", "", nil); p.Status != http.StatusOK || !strings.Contains(string(p.Body), "第2版") {
		t.Errorf("benchmark history page: %d", p.Status)
	}
	pp := fmt.Sprintf("/staff/cases/%d/propose", v.ID)
	if p := env.page(t, "GET", pp, loginOfficer, nil); p.Status != http.StatusOK || !strings.Contains(string(p.Body), "50000–70000元") || !strings.Contains(string(p.Body), entry.Key) {
		t.Errorf("propose page: %d", p.Status)
	}
	form := url.Values{"version": {fmt.Sprint(v.Version)}, "level": {"一般"}, "penalties": {"罚款"}, "fine": {"80000"}, "reason": {"货值金额不足一万元，情节一般"}}
	if p := env.page(t, "POST", pp, loginOfficer, form); p.Status != http.StatusUnprocessableEntity || !strings.Contains(string(p.Body), "超过") {
		t.Errorf("propose above the level: %d", p.Status)
	}
	recalc := url.Values{"version": {fmt.Sprint(v.Version)}, "goods_value": {"20000"}, "action": {"recalc"}}
	if p := env.page(t, "POST", pp, loginOfficer, recalc); p.Status != http.StatusOK || !strings.Contains(string(p.Body), "200000–400000元") {
		t.Errorf("ranges for a 货值金额 of 20000 yuan (货值金额10–20倍): %d", p.Status)
	}
	form.Set("fine", "60000")
	if p := env.page(t, "POST", pp, loginOfficer, form); p.Status != http.StatusSeeOther {
		t.Errorf("propose: %d %.500s", p.Status, p.Body)
	}
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	if p := v.State.Proposal; p.FineFen != 6000000 || p.Revision != 2 {
		t.Errorf("proposal after the form %+v", p)
	}
	if p := env.page(t, "GET", "/staff/items/"+fmt.Sprint(env.City.Item.ID)+"/benchmark", loginAdmin, nil); p.Status != http.StatusOK || !strings.Contains(string(p.Body), "现行第2版") {
		t.Errorf("benchmark editor: %d", p.Status)
	}
	edit := url.Values{"version": {"2"}, "levels.0.name": {"一般"}, "levels.0.conditions": {"首次"}, "levels.0.penalties": {"罚款"},
		"levels.0.fine.kind": {"fixed"}, "levels.0.fine.min_fen": {"50000"}, "levels.0.fine.max_fen": {"60000"},
		"levels.2.name": {"严重"}, "levels.2.conditions": {"多次"}, "levels.2.penalties": {"罚款"},
		"levels.2.fine.kind": {"fixed"}, "levels.2.fine.min_fen": {"55000"}, "levels.2.fine.max_fen": {"100000"}}
	if p := env.page(t, "POST", "/staff/items/"+fmt.Sprint(env.City.Item.ID)+"/benchmark", loginAdmin, edit); p.Status != http.StatusUnprocessableEntity || !strings.Contains(string(p.Body), `err-levels.2.fine.min_fen`) {
		t.Errorf("overlapping levels: %d (the error belongs to form row 2)", p.Status)
	}
	edit.Set("levels.2.fine.min_fen", "60000")
	if p := env.page(t, "POST", "/staff/items/"+fmt.Sprint(env.City.Item.ID)+"/benchmark", loginAdmin, edit); p.Status != http.StatusSeeOther {
		t.Errorf("save benchmark: %d %.600s", p.Status, p.Body)
	}
}
