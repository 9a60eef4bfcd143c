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
	"zhifa/app/personnel"
	"zhifa/app/review"
	"zhifa/law"
	reviewweb "zhifa/web/review"
)

// reviewCase files a penalty case of the market bureau with two certified officers, sets
// the market bureau's catalog (persons: fines from 10,000 yuan are major) and brings the
// case, through the store, to the point where only the legal review stands between it and
// the decision: notice served, statement waived, a proposal of 50,000 yuan. reviewer1 gets
// 法律职业资格. It returns the case ID.
func reviewCase(t *testing.T, env *testEnv) int64 {
	t.Helper()
	return reviewCaseWithFacts(t, env, "销售过期食品")
}

// reviewCaseWithFacts is reviewCase with the case's facts.
func reviewCaseWithFacts(t *testing.T, env *testEnv, facts string) int64 {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "钱七", IDNumber: testPersonID(t, 77),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.City.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("REV-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	rv, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "孙审核", IDNumber: testPersonID(t, 78),
		Domains: []string{"食品安全"}, Reviewer: true, LegalQual: true, LegalQualNo: "A20190001", ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	u := env.Users[loginReviewer]
	if _, err := env.App.UpdateUser(sys, u.ID, app.UserInput{Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: u.AgencyID, OfficerID: rv.ID}); err != nil {
		t.Fatal(err)
	}
	env.apiOK(t, http.StatusOK, "PUT", fmt.Sprintf("/api/v1/agencies/%d/major-catalog", env.Market.ID), loginAdmin, review.CatalogInput{
		Rules:     []zhifa.MajorRule{{Clause: "第二条第（一）项", Label: "对公民处1万元以上、对法人或者其他组织处10万元以上罚款", PersonFineFen: 1_000_000, OrgFineFen: 10_000_000}},
		Materials: []string{law.MatReport, law.MatEvidence, law.MatProposal, law.MatDiscretion}, ReviewDays: 5}, nil)
	var v app.CaseView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases", loginOfficer, map[string]any{"kind": "penalty", "procedure": "ordinary",
		"item": env.City.Item.Code, "parties": []map[string]any{{"kind": "person", "name": "李某", "id_number": "11010519491231002X"}},
		"officers": []int64{env.City.Officer.ID, o2.ID}, "occurred_on": "2026-01-05", "facts": facts}, &v)
	ctx := context.Background()
	err = env.Store.Update(ctx, func(tx zhifa.Tx) error {
		c, err := tx.Case(ctx, v.ID)
		if err != nil {
			return err
		}
		c.Stage = zhifa.StageReview
		c.State.NoticeServedOn, c.State.StatementWaived = zhifa.MustDate("2026-03-02"), true
		c.State.Proposal = &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 5_000_000, Level: "一般", Reason: "货值较大", Revision: 1}
		return tx.UpdateCase(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// TestAPIReview takes a major case through the legal review over the API and checks the
// E1 gate on every path that can decide: the API action and the staff form handler.
func TestAPIReview(t *testing.T) {
	env := newTestEnv(t)
	id := reviewCase(t, env)
	path := fmt.Sprintf("/api/v1/cases/%d", id)
	var v app.CaseView
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	if !v.Major || len(v.MajorReasons) != 1 || v.ReviewStatus != "none" {
		t.Fatalf("major %v %+v %s", v.Major, v.MajorReasons, v.ReviewStatus)
	}
	// E1 on the API path.
	res := env.api(t, "POST", path+"/actions/decide", loginHead, map[string]any{"version": v.Version, "fine": 5_000_000})
	if res.ErrorCode() != zhifa.EGATE || res.Error().Rule != law.RuleMajorReview || (res.Status != http.StatusConflict && res.Status != http.StatusUnprocessableEntity) {
		t.Fatalf("API decide before review: %d %s", res.Status, res.Body)
	}
	// E1 on the staff form path: the page shows the rule; nothing changes.
	form := url.Values{"version": {fmt.Sprint(v.Version)}, "fine": {"50000"}}
	page := env.page(t, "POST", fmt.Sprintf("/staff/cases/%d/act/decide", id), loginHead, form)
	if page.Status < 400 || !strings.Contains(string(page.Body), law.RuleMajorReview) {
		t.Errorf("form decide before review: %d, rule not named\n%.500s", page.Status, page.Body)
	}
	var after app.CaseView
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &after)
	if after.Version != v.Version || after.Stage != zhifa.StageReview {
		t.Fatalf("a refused decision changed the case: %d %s", after.Version, after.Stage)
	}

	var choices reviewweb.ReviewerList
	env.apiOK(t, http.StatusOK, "GET", path+"/reviewers", loginOfficer, nil, &choices)
	if len(choices.Reviewers) != 1 || choices.Reviewers[0].Login != loginReviewer || choices.Reviewers[0].Problem != "" {
		t.Fatalf("reviewers %+v", choices)
	}
	var recs []zhifa.Record
	for _, title := range []string{"调查终结报告", "证据清单"} {
		var r zhifa.Record
		env.apiOK(t, http.StatusCreated, "POST", path+"/records", loginOfficer, map[string]any{"kind": "document", "title": title, "act": "review"}, &r)
		recs = append(recs, r)
	}
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/submit_review", loginOfficer, map[string]any{"version": v.Version,
		"review": map[string]any{"materials": []map[string]any{{"code": "investigation_report", "record_id": recs[0].ID}, {"code": "evidence_list", "record_id": recs[1].ID}}}}, &v)
	var q review.ReviewQueueList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/reviews", loginReviewer, nil, &q)
	if len(q.Reviews) != 1 || q.Reviews[0].CaseID != id || q.Reviews[0].ClockStatus != law.ClockOK {
		t.Fatalf("queue %+v", q)
	}
	if res := env.api(t, "GET", "/api/v1/reviews", loginOfficer, nil); res.Status != http.StatusForbidden {
		t.Errorf("officer's queue: %d", res.Status)
	}
	findings := []map[string]any{}
	for _, p := range law.ReviewPoints {
		findings = append(findings, map[string]any{"point": p, "ok": true})
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/review_opinion", loginReviewer, map[string]any{"version": v.Version,
		"review": map[string]any{"findings": findings, "opinion": "agree", "opinion_text": "同意"}}, &v)
	if v.ReviewStatus != zhifa.ReviewPassed {
		t.Fatalf("status %s", v.ReviewStatus)
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/approve", loginHead, map[string]any{"version": v.Version}, &v)
	// A major decision is the heads' collective decision (行政处罚法第五十七条第二款).
	if res := env.api(t, "POST", path+"/actions/decide", loginHead, map[string]any{"version": v.Version, "fine": 5_000_000}); res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), law.RuleDiscussion) {
		t.Errorf("decide without the discussion: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/discuss", loginHead, map[string]any{"version": v.Version}, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/decide", loginHead, map[string]any{"version": v.Version, "fine": 5_000_000}, &v)
	if v.Stage != zhifa.StageDecide || !strings.Contains(v.Events[len(v.Events)-1].Detail, "法制审核人员：reviewer1") {
		t.Errorf("decided %s %+v", v.Stage, v.Events[len(v.Events)-1])
	}

	var cat review.CatalogView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/agencies/%d/major-catalog", env.MarketBranch.ID), loginOfficer, nil, &cat)
	if cat.Own || len(cat.Statutory) == 0 {
		t.Errorf("branch catalog %+v", cat)
	}
	var doc map[string]any
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/openapi.json", "", nil, &doc)
	paths, _ := doc["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/reviews", "/api/v1/agencies/{id}/major-catalog", "/api/v1/review-pools/{id}"} {
		if paths[p] == nil {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}
