package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app/filing"
)

// TestAPIRuleFilings: REQUIREMENTS B3 "changes are filed with the justice bureau" through
// the API and the staff pages — each benchmark version saved through the API is filed;
// the supervisor lists it by kind, reads the version with its link and diff, and reviews
// it on the page; another government sees nothing; a bad kind is a field error.
func TestAPIRuleFilings(t *testing.T) {
	env := newTestEnv(t)
	code := env.City.Item.Code
	base := "/api/v1/items/" + url.PathEscape(code) + "/benchmarks"
	level := func(cond string) map[string]any {
		return map[string]any{"name": "一般", "conditions": cond, "penalties": []string{"罚款"},
			"fine": map[string]any{"kind": "fixed", "min_fen": 5_000_000, "max_fen": 7_000_000}}
	}
	env.apiOK(t, http.StatusCreated, "POST", base, loginAdmin, map[string]any{"levels": []any{level("初次违法")}}, nil)
	env.apiOK(t, http.StatusOK, "PUT", base, loginAdmin, map[string]any{"version": 1, "note": "细化情形", "levels": []any{level("初次违法且货值较小")}}, nil)

	var list filing.FilingList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/filings?kind=benchmark", loginSupervisor, nil, &list)
	if list.Total != 2 || list.Pending < 2 || list.Filings[0].Kind != zhifa.FilingBenchmark || list.Filings[0].SubjectVersion != 2 ||
		list.Filings[0].KindLabel != "裁量基准" || list.Filings[0].ToAgencyName != env.Justice.Name || list.Filings[0].CaseID != 0 {
		t.Fatalf("benchmark filings %+v", list)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/filings?kind=benchmark", loginCountyAdmin, nil, &list)
	if list.Total != 0 {
		t.Errorf("another government lists %d filings", list.Total)
	}
	if res := env.api(t, "GET", "/api/v1/filings?kind=rules", loginSupervisor, nil); res.ErrorCode() != zhifa.EINVALID {
		t.Errorf("unknown kind: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/filings?kind=benchmark", loginSupervisor, nil, &list)
	id := list.Filings[0].ID
	var d filing.FilingDetail
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/filings/%d", id), loginSupervisor, nil, &d)
	if d.Subject == nil || d.Subject.Version != 2 || d.Subject.Previous != 1 || !d.CanReview ||
		!strings.HasSuffix(d.Subject.Link, "/benchmarks#v2") || len(d.Subject.Diff) == 0 {
		t.Fatalf("detail %+v", d)
	}

	// The pages: the list names the rule and version, the filing shows the diff and the form.
	title := "裁量基准 " + code + " 第2版"
	if res := env.page(t, "GET", "/staff/filings?kind=benchmark", loginSupervisor, nil); res.Status != http.StatusOK ||
		!strings.Contains(string(res.Body), title) || !strings.Contains(string(res.Body), `<option value="list"`) {
		t.Errorf("filing list page: %d\n%.2000s", res.Status, res.Body)
	}
	pp := fmt.Sprintf("/staff/filings/%d", id)
	res := env.page(t, "GET", pp, loginSupervisor, nil)
	body := string(res.Body)
	for _, want := range []string{title, "与上一版本的差异", "<del>－ 阶次【一般】适用情形：初次违法</del>", "<ins>＋ 阶次【一般】适用情形：初次违法且货值较小</ins>",
		`href="/items/` + url.PathEscape(code) + `/benchmarks#v2"`, "提交审查结果"} {
		if !strings.Contains(body, want) {
			t.Errorf("filing page lacks %q: %d\n%.3000s", want, res.Status, body)
		}
	}
	if strings.Contains(body, "案件概况") {
		t.Error("a benchmark filing shows a case summary")
	}
	res = env.page(t, "POST", pp+"/review", loginSupervisor, url.Values{"version": {"1"}, "result": {"correction"}, "remark": {"情形表述不清"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("review from the page: %d\n%.800s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/filings/%d", id), loginSupervisor, nil, &d)
	if d.Status != zhifa.FilingCorrection || d.Remark != "情形表述不清" || len(d.Events) != 1 {
		t.Errorf("after review %+v", d.Filing)
	}
}
