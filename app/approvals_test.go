package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
	"zhifa/app/personnel"
	"zhifa/law"
)

// extendInput extends the decision clock: a head-only step with no other gate.
func extendInput(days int) app.ActionInput {
	return app.ActionInput{Days: days, Reason: "案情复杂，需补充检验"}
}

func (w *caseWorld) request(t *testing.T, login string, v *app.CaseView, action zhifa.Action, in app.ActionInput, asked string) (*app.ApprovalView, error) {
	t.Helper()
	in.Version, in.ApproverID = v.Version, w.users[asked].ID
	return w.app.RequestApproval(w.as(t, login), v.ID, app.ApprovalRequestInput{Action: action, Input: in})
}

// TestApprovalRequest: a head-only step is the head's own act (issue 9 §1). The officer
// cannot take it nor name a head as having approved; the officer's request reaches the
// head, whose approval runs the step as the head's act naming both; a request on a case
// that changed since is void; a rejection needs a reason.
func TestApprovalRequest(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))

	_, err := w.act(t, "officer1", v, "extend", extendInput(5))
	wantCode(t, err, zhifa.EFORBIDDEN)
	in := extendInput(5)
	in.ApproverID = w.users["head1"].ID
	_, err = w.act(t, "officer1", v, "extend", in)
	wantCode(t, err, zhifa.EFORBIDDEN) // approver_id never says who approved

	for asked, code := range map[string]string{"reviewer1": zhifa.EINVALID, "officer1": zhifa.EINVALID} {
		_, err := w.request(t, "officer1", v, "extend", extendInput(5), asked)
		wantCode(t, err, code)
	}
	_, err = w.request(t, "officer1", v, "investigate", app.ActionInput{}, "head1")
	wantCode(t, err, zhifa.EINVALID) // not a head's step
	req, err := w.request(t, "officer1", v, "extend", extendInput(5), "head1")
	if err != nil {
		t.Fatal(err)
	}
	if req.Status != zhifa.ApprovalPending || req.RequesterName != "officer1" || req.ApproverName != "head1" || req.CanDecide {
		t.Errorf("request %+v", req)
	}
	if n, err := w.app.PendingApprovals(w.as(t, "head1")); err != nil || n != 1 {
		t.Errorf("head's pending count %d %v", n, err)
	}
	if l, err := w.app.Approvals(w.as(t, "head1"), app.ApprovalListFilter{Mine: true, Status: zhifa.ApprovalPending}); err != nil || l.Total != 1 || !l.Approvals[0].CanDecide {
		t.Fatalf("head's list %+v %v", l, err)
	}
	// Nobody but a head of the agency decides, and not on their own request.
	_, err = w.app.ApproveRequest(w.as(t, "officer1"), req.ID, app.ApprovalDecision{})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.ApproveRequest(w.as(t, "reviewer1"), req.ID, app.ApprovalDecision{})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.ApproveRequest(w.as(t, "outsider"), req.ID, app.ApprovalDecision{})
	wantCode(t, err, zhifa.EFORBIDDEN)

	done, err := w.app.ApproveRequest(w.as(t, "head1"), req.ID, app.ApprovalDecision{Opinion: "同意延长。"})
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != zhifa.ApprovalApproved || done.DeciderName != "head1" || done.Opinion != "同意延长。" {
		t.Errorf("approved %+v", done)
	}
	v = w.view(t, "officer1", v.ID)
	e := v.Events[len(v.Events)-1]
	if e.Action != "extend" || e.Actor != "officer1" || e.Approver != "head1" || !strings.Contains(e.Detail, "审批意见：同意延长。") {
		t.Errorf("event %+v, want the officer's request approved by the head with the opinion", e)
	}
	if last := v.Entries[len(v.Entries)-1]; last.Kind != "case.extend" {
		t.Errorf("last entry %+v", last)
	}
	_, err = w.app.ApproveRequest(w.as(t, "head1"), req.ID, app.ApprovalDecision{})
	wantCode(t, err, zhifa.ECONFLICT) // decided once

	// A request is void once the case changes. Extensions after the head's first one
	// are decided by collective discussion (行政处罚法第六十条, the agency's default rule).
	again := extendInput(3)
	again.ByDiscussion = true
	againBy2 := again
	againBy2.Days = 2
	stale, err := w.request(t, "officer1", v, "extend", again, "head1")
	if err != nil {
		t.Fatal(err)
	}
	v = w.mustAct(t, "head1", v, "extend", againBy2) // the head acts in their own session
	if e := v.Events[len(v.Events)-1]; e.Actor != "head1" || e.Approver != "head1" {
		t.Errorf("head's own act %+v", e)
	}
	_, err = w.app.ApproveRequest(w.as(t, "head1"), stale.ID, app.ApprovalDecision{})
	wantCode(t, err, zhifa.ECONFLICT)
	if s, err := w.app.Approval(w.as(t, "head1"), stale.ID); err != nil || s.Status != zhifa.ApprovalVoid || s.StatusLabel != "已失效" {
		t.Errorf("stale request %+v %v", s, err)
	}

	// A rejection needs a reason and runs nothing.
	rej, err := w.request(t, "officer1", v, "extend", again, "head1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.app.RejectRequest(w.as(t, "head1"), rej.ID, app.ApprovalDecision{})
	wantCode(t, err, zhifa.EINVALID)
	if r, err := w.app.RejectRequest(w.as(t, "head1"), rej.ID, app.ApprovalDecision{Opinion: "理由不充分"}); err != nil || r.Status != zhifa.ApprovalRejected {
		t.Errorf("reject %+v %v", r, err)
	}
	if after := w.view(t, "officer1", v.ID); after.Version != v.Version {
		t.Errorf("a rejection changed the case: version %d → %d", v.Version, after.Version)
	}
}

// TestApprovalChecksAtApproval: approval runs every check of the step at that moment,
// as the head's own act would; a refused step leaves the request pending and the case
// unchanged.
func TestApprovalChecksAtApproval(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	req, err := w.request(t, "officer1", v, "extend", extendInput(20), "head1")
	if err != nil {
		t.Fatal(err)
	}
	// The agency's rule changes after the request was filed: one extension is now at
	// most 10 days (行政处罚法第六十条), which the approval must apply.
	admin := w.as(t, "admin")
	ag, err := w.app.Personnel().Agency(admin, w.market.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := personnel.AgencyInputOf(ag)
	in.DecisionExtendDays = 10
	if _, err := w.app.Personnel().UpdateAgency(admin, w.market.ID, in); err != nil {
		t.Fatal(err)
	}
	_, direct := w.act(t, "head1", v, "extend", extendInput(20))
	_, viaRequest := w.app.ApproveRequest(w.as(t, "head1"), req.ID, app.ApprovalDecision{})
	wantGate(t, direct, law.RuleDecisionExtend)
	wantGate(t, viaRequest, law.RuleDecisionExtend)
	if r, err := w.app.Approval(w.as(t, "head1"), req.ID); err != nil || r.Status != zhifa.ApprovalPending {
		t.Errorf("refused approval left %+v %v", r, err)
	}
}

// TestDelegation: a head names a deputy for a period; only then, and only within it,
// does the deputy approve (issue 9 §1).
func TestDelegation(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	today := w.app.Today()
	in := personnel.DelegationInput{DeputyID: w.users["officer1"].ID, From: today, To: today.AddDays(2), Reason: "负责人外出学习"}

	_, err := w.app.Personnel().CreateDelegation(w.as(t, "officer1"), in)
	wantCode(t, err, zhifa.EFORBIDDEN) // only the head delegates
	bad := in
	bad.DeputyID = w.users["reviewer1"].ID
	_, err = w.app.Personnel().CreateDelegation(w.as(t, "head1"), bad)
	wantCode(t, err, zhifa.EINVALID) // a reviewer does not handle cases
	bad = in
	bad.DeputyID = w.users["outsider"].ID
	_, err = w.app.Personnel().CreateDelegation(w.as(t, "head1"), bad)
	wantCode(t, err, zhifa.EINVALID) // another agency's user
	bad = in
	bad.To = today.AddDays(400)
	_, err = w.app.Personnel().CreateDelegation(w.as(t, "head1"), bad)
	wantCode(t, err, zhifa.EINVALID)

	_, err = w.act(t, "officer1", v, "extend", extendInput(5))
	wantCode(t, err, zhifa.EFORBIDDEN) // before the delegation
	d, err := w.app.Personnel().CreateDelegation(w.as(t, "head1"), in)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Active {
		t.Errorf("delegation %+v", d)
	}
	v = w.mustAct(t, "officer1", v, "extend", extendInput(5))
	if e := v.Events[len(v.Events)-1]; e.Approver != "officer1" {
		t.Errorf("deputy's act %+v", e)
	}
	w.clock.Advance(3 * 24 * time.Hour) // past the period
	_, err = w.act(t, "officer1", v, "extend", extendInput(5))
	wantCode(t, err, zhifa.EFORBIDDEN)

	// Revoked, the deputy approves nothing even within a new period's days.
	in.From, in.To = w.app.Today(), w.app.Today().AddDays(5)
	d, err = w.app.Personnel().CreateDelegation(w.as(t, "head1"), in)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.app.Personnel().RevokeDelegation(w.as(t, "officer1"), d.ID); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Errorf("officer revokes: %v", err)
	}
	if err := w.app.Personnel().RevokeDelegation(w.as(t, "head1"), d.ID); err != nil {
		t.Fatal(err)
	}
	_, err = w.act(t, "officer1", v, "extend", extendInput(5))
	wantCode(t, err, zhifa.EFORBIDDEN)
	list, err := w.app.Personnel().Delegations(w.as(t, "head1"))
	if err != nil || len(list) != 2 || list[0].RevokedAt == nil || list[0].DeputyName != "officer1" {
		t.Errorf("delegations %+v %v", list, err)
	}
}

// TestApprovalForms: the approval of 立案审批表 and 结案审批表 is the head's signed
// opinion; the handler neither writes it nor issues a form without it; editing a signed
// form voids the signature; drafts are not prefilled with an approval.
func TestApprovalForms(t *testing.T) {
	w := newCaseWorld(t)
	w.withBlobs(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	officer := w.as(t, "officer1")
	d, err := w.app.CreateDocument(officer, v.ID, app.DocumentCreate{Type: zhifa.DocFilingApproval})
	if err != nil {
		t.Fatal(err)
	}
	if d.Fields["approval"] != "" || d.CanSign {
		t.Errorf("draft approval %q, officer may sign %v", d.Fields["approval"], d.CanSign)
	}
	_, err = w.app.SaveDocument(officer, d.ID, app.DocumentInput{Version: d.Version, Fields: map[string]string{"approval": "同意立案。"}})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.IssueDocument(officer, d.ID, app.DocumentIssue{Version: d.Version})
	wantCode(t, err, zhifa.EGATE)
	_, err = w.app.SignApproval(officer, d.ID, app.ApprovalSign{Version: d.Version, Opinion: "同意立案。"})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.SignApproval(w.as(t, "head1"), d.ID, app.ApprovalSign{Version: d.Version})
	wantCode(t, err, zhifa.EINVALID) // an opinion is required

	head, err := w.app.Document(w.as(t, "head1"), d.ID)
	if err != nil || !head.CanSign {
		t.Fatalf("head may sign: %+v %v", head, err)
	}
	d, err = w.app.SignApproval(w.as(t, "head1"), d.ID, app.ApprovalSign{Version: d.Version, Opinion: "同意立案。"})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Signed || !strings.HasPrefix(d.Fields["approval"], "同意立案。\n负责人：head1　2026年") {
		t.Errorf("signed approval %q", d.Fields["approval"])
	}
	// An edit after signing voids the signature.
	d, err = w.app.SaveDocument(officer, d.ID, app.DocumentInput{Version: d.Version, Fields: map[string]string{"source": "投诉举报"}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Signed || d.Fields["approval"] != "" {
		t.Errorf("edit kept the signature: %q", d.Fields["approval"])
	}
	_, err = w.app.IssueDocument(officer, d.ID, app.DocumentIssue{Version: d.Version})
	wantCode(t, err, zhifa.EGATE)
	d, err = w.app.SignApproval(w.as(t, "head1"), d.ID, app.ApprovalSign{Version: d.Version, Opinion: "同意立案。"})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = w.app.IssueDocument(officer, d.ID, app.DocumentIssue{Version: d.Version}); err != nil || d.State != zhifa.DocIssued {
		t.Fatalf("issue signed form: %+v %v", d, err)
	}
}

// TestScopeEscalation: an admin grants only roles and scopes within its own scope; the
// supervision scope comes from the agency being its government's justice bureau (issue
// 9 §2).
func TestScopeEscalation(t *testing.T) {
	w := newWorld(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if _, err := w.app.CreateUser(sys, app.UserInput{Login: "marketadmin", Name: "市场局管理员", Role: zhifa.RoleAdmin, AgencyID: w.market.ID, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	admin := w.as(t, "marketadmin")
	for _, tc := range []struct {
		name   string
		role   zhifa.Role
		agency int64
		code   string
	}{
		{"supervisor in a bureau", zhifa.RoleSupervisor, w.market.ID, zhifa.EFORBIDDEN},
		{"supervisor in a sub-bureau", zhifa.RoleSupervisor, w.branch.ID, zhifa.EFORBIDDEN},
		{"supervisor in the justice bureau", zhifa.RoleSupervisor, w.judge.ID, zhifa.EINVALID}, // out of scope
		{"admin of the city", zhifa.RoleAdmin, w.city.ID, zhifa.EINVALID},
		{"head of the bureau", zhifa.RoleHead, w.market.ID, ""},
	} {
		_, err := w.app.CreateUser(admin, app.UserInput{Login: "u" + string(tc.role) + strings.Repeat("x", len(tc.name)%7), Name: "某某", Role: tc.role, AgencyID: tc.agency, Password: testPassword})
		if zhifa.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
	}
	// Nor by changing a role, nor by marking its own agency the justice bureau.
	u, err := w.app.CreateUser(admin, app.UserInput{Login: "plainofficer", Name: "某某", Role: zhifa.RoleOfficer, AgencyID: w.market.ID, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.app.UpdateUser(admin, u.ID, app.UserInput{Name: "某某", Role: zhifa.RoleSupervisor, AgencyID: w.market.ID})
	wantCode(t, err, zhifa.EFORBIDDEN)
	yes := true
	in := personnel.AgencyInputOf(w.market)
	in.Supervises = &yes
	_, err = w.app.Personnel().UpdateAgency(admin, w.market.ID, in)
	wantCode(t, err, zhifa.EFORBIDDEN)
	// The city's admin may grant the role in the justice bureau; its supervisor reads the
	// city, while the market admin's officer with the role name alone never could.
	city := w.as(t, "admin")
	if _, err := w.app.CreateUser(city, app.UserInput{Login: "supervisor2", Name: "监督员", Role: zhifa.RoleSupervisor, AgencyID: w.judge.ID, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	if l, err := w.app.Personnel().Agencies(w.as(t, "supervisor2")); err != nil || len(l) != 4 {
		t.Errorf("supervisor's agencies %d %v, want the city's 4", len(l), err)
	}
	_, err = w.app.CreateUser(city, app.UserInput{Login: "supervisor3", Name: "监督员", Role: zhifa.RoleSupervisor, AgencyID: w.market.ID, Password: testPassword})
	wantCode(t, err, zhifa.EFORBIDDEN)
}

// TestFilingReviewedOnlyByBureauFiledWith: a supervisor of another supervising agency of
// the same government reads the filing but cannot review it (issue 9 §2).
func TestFilingReviewedOnlyByBureauFiledWith(t *testing.T) {
	w := newCaseWorld(t)
	if _, err := w.app.Catalog().CreateBenchmark(w.as(t, "admin"), w.items[zhifa.CasePenalty], benchmarkInput()); err != nil {
		t.Fatal(err)
	}
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	yes := true
	other, err := w.app.Personnel().CreateAgency(sys, personnel.AgencyInput{ParentID: w.city.ID, Name: "东港市审计局", Level: zhifa.LevelCity,
		Type: zhifa.AgencyAdministrative, RegionCode: "370200", LegalBasis: "《审计法》", Supervises: &yes})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.CreateUser(sys, app.UserInput{Login: "rogue", Name: "某某", Role: zhifa.RoleSupervisor, AgencyID: other.Agency.ID, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	list, err := w.app.Filing().Filings(w.as(t, "rogue"), filing.FilingFilter{})
	if err != nil || list.Total != 1 {
		t.Fatalf("filings %+v %v", list, err)
	}
	f := list.Filings[0]
	if f.ToAgencyID != w.judge.ID {
		t.Fatalf("filed with %d, want the justice bureau %d", f.ToAgencyID, w.judge.ID)
	}
	_, err = w.app.Filing().ReviewFiling(w.as(t, "rogue"), f.ID, filing.FilingReviewInput{Version: f.Version, Result: zhifa.FilingReviewed})
	wantCode(t, err, zhifa.EFORBIDDEN)
	if _, err := w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: f.Version, Result: zhifa.FilingReviewed}); err != nil {
		t.Errorf("the justice bureau reviews: %v", err)
	}
}
