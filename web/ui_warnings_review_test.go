package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zhifa/app"
	"zhifa/web/workspace"
)

// TestCaseWarningsPages: a major case submitted for legal review shows in the case list
// (API and staff page) as 重大 with its review status (E1, E3); once its review clock (5
// working days, E5) is overdue, the staff dashboard of its agency and of the justice
// bureau's supervisor (and GET /api/v1/warnings/cases) warns with a link to the case,
// another government's does not.
func TestCaseWarningsPages(t *testing.T) {
	env := newTestEnv(t)
	id := reviewCase(t, env)
	path := fmt.Sprintf("/api/v1/cases/%d", id)
	var v app.CaseView
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	var mats []map[string]any
	for code, title := range map[string]string{"investigation_report": "调查终结报告", "evidence_list": "证据清单"} {
		var r struct{ ID int64 }
		env.apiOK(t, http.StatusCreated, "POST", path+"/records", loginOfficer, map[string]any{"kind": "document", "title": title, "act": "review"}, &r)
		mats = append(mats, map[string]any{"code": code, "record_id": r.ID})
	}
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/submit_review", loginOfficer, map[string]any{"version": v.Version,
		"review": map[string]any{"materials": mats}}, &v)

	var list struct {
		Cases []struct {
			ID           int64  `json:"id"`
			Major        bool   `json:"major"`
			ReviewStatus string `json:"review_status"`
		} `json:"cases"`
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/cases", loginOfficer, nil, &list)
	found := false
	for _, c := range list.Cases {
		if c.ID == id {
			found = true
			if !c.Major || c.ReviewStatus != "pending" {
				t.Errorf("API list: major %v review_status %q, want true and pending", c.Major, c.ReviewStatus)
			}
		}
	}
	if !found {
		t.Fatalf("case %d not in the API list %+v", id, list)
	}
	res := env.page(t, "GET", "/staff/cases", loginOfficer, nil)
	if body := string(res.Body); res.Status != http.StatusOK || !strings.Contains(body, ">重大<") || !strings.Contains(body, "法制审核：待审核") {
		t.Errorf("staff case list: %d\n%.3000s", res.Status, body)
	}

	// Submitted Monday 2026-03-02: due 03-09; on Tuesday 03-10 the review is overdue.
	caseAdvance(env, 8)
	link := fmt.Sprintf(`href="/staff/cases/%d"`, id)
	for login, sees := range map[string]bool{loginOfficer: true, loginHead: true, loginReviewer: true, loginSupervisor: true, loginCountyAdmin: false} {
		res := env.page(t, "GET", "/staff/", login, nil)
		body := string(res.Body)
		if res.Status != http.StatusOK {
			t.Fatalf("%s dashboard: %d\n%.500s", login, res.Status, body)
		}
		got := strings.Contains(body, "法制审核已超期") && strings.Contains(body, link) && strings.Contains(body, v.Number)
		if got != sees {
			t.Errorf("%s dashboard warns of the overdue review: %v, want %v\n%.3000s", login, got, sees, body)
		}
		// The same over the API (GET /api/v1/warnings/cases).
		var api workspace.CaseWarningList
		env.apiOK(t, http.StatusOK, "GET", "/api/v1/warnings/cases", login, nil, &api)
		got = false
		for _, x := range api.Warnings {
			got = got || (x.Kind == app.WarnReviewOverdue && x.CaseID == id && x.CaseNumber == v.Number)
		}
		if got != sees || api.Total != len(api.Warnings) {
			t.Errorf("%s API case warnings %+v: overdue review %v, want %v", login, api, got, sees)
		}
	}
}
