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

// fileTestCase files a penalty case of the market bureau as officer1, with a second
// certified officer.
func (env *testEnv) fileTestCase(t *testing.T) *app.CaseView {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "钱七", IDNumber: testPersonID(t, 78),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.City.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("APPR-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	res := env.api(t, "POST", "/api/v1/cases", loginOfficer, map[string]any{"kind": "penalty", "procedure": "ordinary",
		"item": env.City.Item.Code, "parties": []map[string]any{{"kind": "person", "name": "李某", "id_number": "11010519491231002X"}},
		"officers": []int64{env.City.Officer.ID, o2.ID}, "occurred_on": "2026-01-05", "facts": "销售过期食品"})
	if res.Status != http.StatusCreated {
		t.Fatalf("file case: %d %s", res.Status, res.Body)
	}
	var v app.CaseView
	res.JSON(t, &v)
	return &v
}

// TestAPIApprovals: through the API, an officer cannot take a head's step by naming the
// head (issue 9 §1); the request appears in the head's to-do list and the head's approval
// takes the step, named in the case's history as the officer's request approved by the
// head; a deputy named by the head approves within the period (delegation).
func TestAPIApprovals(t *testing.T) {
	env := newTestEnv(t)
	v := env.fileTestCase(t)
	head := env.Users[loginHead].ID
	extend := map[string]any{"version": v.Version, "days": 5, "reason": "案情复杂", "approver_id": head}
	path := fmt.Sprintf("/api/v1/cases/%d/actions/extend", v.ID)
	if res := env.api(t, "POST", path, loginOfficer, extend); res.Status != http.StatusForbidden || res.ErrorCode() != zhifa.EFORBIDDEN {
		t.Errorf("officer names the head: %d %s", res.Status, res.Body)
	}
	res := env.api(t, "POST", fmt.Sprintf("/api/v1/cases/%d/approvals", v.ID), loginOfficer, map[string]any{"action": "extend", "input": extend})
	if res.Status != http.StatusCreated {
		t.Fatalf("request: %d %s", res.Status, res.Body)
	}
	var req app.ApprovalView
	res.JSON(t, &req)

	var list app.ApprovalList
	env.api(t, "GET", "/api/v1/approvals", loginHead, nil).JSON(t, &list)
	if list.Total != 1 || list.Approvals[0].ID != req.ID || !list.Approvals[0].CanDecide {
		t.Fatalf("head's pending %+v", list)
	}
	if res := env.api(t, "GET", "/api/v1/approvals", loginReviewer, nil); res.Status != http.StatusForbidden {
		t.Errorf("reviewer lists approvals: %d", res.Status)
	}
	if res := env.api(t, "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", req.ID), loginOfficer, map[string]any{}); res.Status != http.StatusForbidden {
		t.Errorf("officer approves own request: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", req.ID), loginCountyAdmin, map[string]any{}); res.Status < 400 || res.Status >= 500 {
		t.Errorf("county admin approves: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", req.ID), loginHead, map[string]any{"opinion": "同意。"}); res.Status != http.StatusOK {
		t.Fatalf("head approves: %d %s", res.Status, res.Body)
	}
	var after app.CaseView
	env.api(t, "GET", fmt.Sprintf("/api/v1/cases/%d", v.ID), loginOfficer, nil).JSON(t, &after)
	if e := after.Events[len(after.Events)-1]; e.Action != "extend" || e.Actor != loginOfficer || e.Approver != loginHead {
		t.Errorf("event %+v", e)
	}
	env.api(t, "GET", "/api/v1/approvals", loginHead, nil).JSON(t, &list)
	if list.Total != 0 {
		t.Errorf("pending after approval: %+v", list)
	}

	// The head names officer1 deputy for today: officer1 then extends in their own right.
	today := env.App.Today()
	del := map[string]any{"deputy_id": env.Users[loginOfficer].ID, "from": today.String(), "to": today.String(), "reason": "外出"}
	if res := env.api(t, "POST", "/api/v1/delegations", loginOfficer, del); res.Status != http.StatusForbidden {
		t.Errorf("officer delegates: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", "/api/v1/delegations", loginHead, del); res.Status != http.StatusCreated {
		t.Fatalf("head delegates: %d %s", res.Status, res.Body)
	}
	// A second extension is decided collectively (行政处罚法第六十条, the default rule).
	own := map[string]any{"version": after.Version, "days": 3, "reason": "补充检验", "by_discussion": true}
	if res := env.api(t, "POST", path, loginOfficer, own); res.Status != http.StatusOK {
		t.Errorf("deputy extends: %d %s", res.Status, res.Body)
	}
}
