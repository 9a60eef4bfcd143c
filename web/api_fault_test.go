package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
)

// faultCase files and decides a summary case of the market bureau's officer and a
// colleague, and returns it.
func faultCase(t *testing.T, env *testEnv) *app.CaseView {
	t.Helper()
	o2 := caseColleague(t, env)
	ctx := appCtx(env.actor(t, loginOfficer))
	c, err := env.App.FileCase(ctx, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcSummary, Item: env.City.Item.Code,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市某某食品有限公司", CreditCode: "91371800MA3C4B5X6Y"}},
		Officers: []int64{env.City.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售超过保质期的食品"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := env.App.Act(ctx, c.ID, "propose", app.ActionInput{Version: c.Version, Penalties: []string{"警告"}, Warning: true,
		Reason: "违法事实确凿、情节轻微，当场给予警告"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Act(ctx, c.ID, "decide", app.ActionInput{Version: v.Version, Warning: true,
		Summary: &zhifa.SummaryRecord{CertificatesShown: true, Informed: true, Statement: "当事人无异议"}}); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestFaultAPI: a reconsideration revoking the decision opens a fault review in its own
// transaction; only the justice bureau's supervisor decides it, choosing the responsible
// among the case's officers; a suspension moves the officer's certificate through its
// state machine; every other identity is refused (the county as if the case were missing).
func TestFaultAPI(t *testing.T) {
	env := newTestEnv(t)
	c := faultCase(t, env)
	today := env.App.Today().String()
	env.apiOK(t, http.StatusCreated, "POST", fmt.Sprintf("/api/v1/cases/%d/reviews", c.ID), loginOfficer, map[string]any{
		"kind": "reconsideration", "applicant": "东港市某某食品有限公司", "body": "东港市人民政府", "received_on": today,
		"outcome": "revoke", "outcome_on": today, "summary": "认定事实不清"}, nil)

	path := fmt.Sprintf("/api/v1/cases/%d/faults", c.ID)
	var mine supervision.CaseFaults
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &mine)
	if len(mine.Reviews) != 1 || mine.Reviews[0].State != zhifa.FaultOpen || !strings.Contains(mine.Reviews[0].Reason, "撤销") ||
		mine.MayAct || len(mine.Candidates) != 0 {
		t.Fatalf("the officer's view %+v", mine)
	}
	var sup supervision.CaseFaults
	env.apiOK(t, http.StatusOK, "GET", path, loginSupervisor, nil, &sup)
	handler := ""
	for _, p := range sup.Candidates {
		if p.Role == zhifa.FaultRoleHandler && p.OfficerID == env.City.Officer.ID {
			handler = p.Key
		}
	}
	if !sup.MayAct || handler == "" {
		t.Fatalf("the supervisor's view %+v", sup)
	}
	f := sup.Reviews[0]
	decision := fmt.Sprintf("/api/v1/faults/%d/decision", f.ID)
	valid := supervision.FaultDecisionInput{Version: f.Version, Finding: "facts_unclear", Responsible: []string{handler},
		Grounds: []string{"review_followed"}, Reasoning: "未核实进货票据即认定违法事实", Sanction: "suspend"}

	for _, tc := range []struct {
		login, method, path string
		body                any
		status              int
	}{
		{"", "GET", path, nil, http.StatusUnauthorized},
		{loginCountyOfficer, "GET", path, nil, http.StatusNotFound},
		{loginCountyAdmin, "GET", fmt.Sprintf("/api/v1/faults/%d", f.ID), nil, http.StatusNotFound},
		{loginOfficer, "POST", decision, valid, http.StatusForbidden},
		{loginHead, "POST", decision, valid, http.StatusForbidden},
		{loginReviewer, "POST", path, supervision.FaultOpenInput{Reason: "抽查发现"}, http.StatusForbidden},
		{loginAdmin, "POST", decision, valid, http.StatusForbidden},
		{loginCountyOfficer, "POST", decision, valid, http.StatusForbidden},
		{loginSupervisor, "POST", path, supervision.FaultOpenInput{Reason: "再次启动"}, http.StatusConflict},
		{loginSupervisor, "POST", decision, supervision.FaultDecisionInput{Version: f.Version, Finding: "facts_unclear",
			Responsible: []string{"handler:o999999"}, Reasoning: "外来人员", Sanction: "notice"}, http.StatusUnprocessableEntity},
		{loginSupervisor, "POST", decision, supervision.FaultDecisionInput{Version: f.Version, Finding: "facts_unclear",
			Reasoning: "无责任人员", Sanction: "notice"}, http.StatusUnprocessableEntity},
		{loginSupervisor, "POST", decision, supervision.FaultDecisionInput{Version: f.Version, Responsible: []string{handler},
			Grounds: []string{"party_concealed"}, Exempt: true, Reasoning: "免责又追责", Sanction: "notice"}, http.StatusUnprocessableEntity},
		{loginSupervisor, "POST", decision, supervision.FaultDecisionInput{Version: f.Version, Reasoning: "处理结果无效", Sanction: "fine"}, http.StatusUnprocessableEntity},
	} {
		if res := env.api(t, tc.method, tc.path, tc.login, tc.body); res.Status != tc.status {
			t.Errorf("%s %s as %q: %d, want %d\n%s", tc.method, tc.path, tc.login, res.Status, tc.status, res.Body)
		}
	}

	var got supervision.FaultView
	env.apiOK(t, http.StatusOK, "POST", decision, loginSupervisor, valid, &got)
	if got.State != zhifa.FaultDecided || got.SanctionLabel != "暂扣执法证件" || len(got.Persons) != 1 ||
		got.Persons[0].OfficerID != env.City.Officer.ID || got.Decider == "" {
		t.Fatalf("decided %+v", got)
	}
	if res := env.api(t, "POST", decision, loginSupervisor, valid); res.Status != http.StatusConflict {
		t.Errorf("decided twice: %d", res.Status)
	}
	if err := env.Store.View(t.Context(), func(tx zhifa.Tx) error {
		cert, err := tx.Certificate(t.Context(), env.City.Cert.ID)
		if err != nil || cert.State != zhifa.CertSuspended || !strings.Contains(cert.StateReason, "过错责任追究") {
			t.Errorf("certificate %+v, %v", cert, err)
		}
		events, err := tx.CertEvents(t.Context(), env.City.Cert.ID)
		if err != nil || len(events) == 0 || events[len(events)-1].To != zhifa.CertSuspended {
			t.Errorf("certificate history %v, %v", events, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	body := string(env.page(t, "GET", fmt.Sprintf("/staff/cases/%d", c.ID), loginOfficer, nil).Body)
	wantText(t, "case page", body, "过错责任追究：已决定（暂扣执法证件）")
}

// TestFaultPages: the supervisor opens a fault review from the case's page, the officer
// sees it without a form, and the supervisor decides it as due diligence (尽职免责).
func TestFaultPages(t *testing.T) {
	env := newTestEnv(t)
	c := faultCase(t, env)
	path := fmt.Sprintf("/staff/cases/%d/faults", c.ID)
	if res := env.page(t, "POST", path, loginOfficer, url.Values{"reason": {"自行启动"}}); res.Status != http.StatusForbidden {
		t.Errorf("the officer opens a review: %d", res.Status)
	}
	if res := env.page(t, "POST", path, loginSupervisor, url.Values{"reason": {""}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("opened without a reason: %d", res.Status)
	}
	location(t, env.page(t, "POST", path, loginSupervisor, url.Values{"reason": {"案卷评查发现事实认定存疑"}}))
	body := string(env.page(t, "GET", path, loginOfficer, nil).Body)
	wantText(t, "officer's page", body, "案卷评查发现事实认定存疑", "调查中", "!作出决定")
	if res := env.page(t, "GET", path, loginCountyOfficer, nil); res.Status != http.StatusNotFound {
		t.Errorf("the county reads the case's faults: %d", res.Status)
	}
	body = string(env.page(t, "GET", path, loginSupervisor, nil).Body)
	wantText(t, "supervisor's page", body, "作出决定", "钱七（承办人员）", "认定尽职免责")
	cf, err := env.App.Supervision().CaseFaults(appCtx(env.actor(t, loginSupervisor)), c.ID)
	if err != nil || len(cf.Reviews) != 1 {
		t.Fatalf("faults %v, %v", cf, err)
	}
	f := cf.Reviews[0]
	form := url.Values{"version": {fmt.Sprint(f.Version)}, "finding": {"evidence_insufficient"}, "grounds": {"party_concealed"},
		"exempt": {"1"}, "sanction": {"notice"}, "reasoning": {"当事人隐瞒进货来源"}}
	res := env.page(t, "POST", fmt.Sprintf("/staff/faults/%d", f.ID), loginSupervisor, form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "已认定尽职免责，不能再追究责任") {
		t.Fatalf("exempt yet sanctioned: %d", res.Status)
	}
	form.Set("sanction", "none")
	location(t, env.page(t, "POST", fmt.Sprintf("/staff/faults/%d", f.ID), loginSupervisor, form))
	body = string(env.page(t, "GET", path, loginOfficer, nil).Body)
	wantText(t, "decided", body, "已决定", "因当事人隐瞒、伪造证据致认定错误", "认定尽职免责", "不予追究")
}
