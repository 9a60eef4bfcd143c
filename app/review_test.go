package app_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/review"
	"zhifa/law"
)

// reviewWorld is a caseWorld with a major-decision catalog for the market bureau
// (persons: fine from 10,000 yuan; organizations: from 100,000 yuan; any 吊销许可证件), a
// qualified reviewer (reviewer1, 法律职业资格) and a penalty case ready for its decision
// but for the legal review: notice served, statement waived, a proposal of 50,000 yuan.
type reviewWorld struct {
	*caseWorld
	caseID int64
}

func newReviewWorld(t *testing.T) *reviewWorld {
	t.Helper()
	w := &reviewWorld{caseWorld: newCaseWorld(t)}
	_, err := w.app.Review().SaveMajorCatalog(w.as(t, "admin"), w.market.ID, review.CatalogInput{Version: 0,
		Rules: []zhifa.MajorRule{
			{Clause: "第二条第（一）项", Label: "较大数额罚款", Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, PersonFineFen: 1_000_000, OrgFineFen: 10_000_000},
			{Clause: "第二条第（二）项", Label: "吊销许可证件", Penalties: []string{"吊销许可证件"}},
		},
		Materials: []string{law.MatReport, law.MatEvidence, law.MatProposal, law.MatDiscretion}, ReviewDays: 5})
	if err != nil {
		t.Fatalf("save catalog: %v", err)
	}
	v := w.file(t, w.input(zhifa.CasePenalty))
	w.caseID = v.ID
	w.setCase(t, func(c *zhifa.Case) {
		c.Stage = zhifa.StageReview
		c.State.NoticeServedOn, c.State.StatementWaived = zhifa.MustDate("2026-03-02"), true
		c.State.Proposal = &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 5_000_000, Level: "一般", Reason: "销售过期食品货值较大", Revision: 1}
		// The heads' collective discussion a major case needs (行政处罚法第五十七条第二款) is
		// held; the legal review is what these tests walk.
		c.State.Discussed = true
	})
	return w
}

// setCase changes the stored case directly (fixtures for steps other engineers own).
func (w *reviewWorld) setCase(t *testing.T, fn func(c *zhifa.Case)) {
	t.Helper()
	ctx := context.Background()
	err := w.store.Update(ctx, func(tx zhifa.Tx) error {
		c, err := tx.Case(ctx, w.caseID)
		if err != nil {
			return err
		}
		fn(c)
		return tx.UpdateCase(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (w *reviewWorld) view(t *testing.T, login string) *app.CaseView {
	t.Helper()
	v, err := w.app.Case(w.as(t, login), w.caseID)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// qualify links reviewer login to a new officer with (or without) 法律职业资格.
func (w *reviewWorld) qualify(t *testing.T, login string, n int, qual bool) {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	in := officerInput(w.market.ID, n)
	in.Reviewer, in.LegalQual = true, qual
	if qual {
		in.LegalQualNo = "A20190000" + itoa(n)
	}
	o, err := w.app.Personnel().CreateOfficer(sys, in)
	if err != nil {
		t.Fatal(err)
	}
	u := w.users[login]
	if _, err := w.app.UpdateUser(sys, u.ID, app.UserInput{Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: u.AgencyID, OfficerID: o.ID}); err != nil {
		t.Fatal(err)
	}
}

func (w *reviewWorld) records(t *testing.T) []app.MaterialInput {
	t.Helper()
	var out []app.MaterialInput
	for _, m := range []struct{ code, title string }{{law.MatReport, "调查终结报告"}, {law.MatEvidence, "证据清单"}} {
		r, err := w.app.AddRecord(w.as(t, "officer1"), w.caseID, app.RecordInput{Kind: zhifa.RecordDocument, Title: m.title, Act: "review"})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, app.MaterialInput{Code: m.code, RecordID: r.ID})
	}
	return out
}

func allFindings(ok bool, bad ...string) []zhifa.ReviewFinding {
	var out []zhifa.ReviewFinding
	for _, p := range law.ReviewPoints {
		f := zhifa.ReviewFinding{Point: p, OK: ok}
		for _, b := range bad {
			if b == p {
				f.OK, f.Note = false, "罚款数额与裁量基准不符"
			}
		}
		out = append(out, f)
	}
	return out
}

// TestMajorReviewFlow walks the legal review of a major case (E1–E5): the decision is
// refused before the pass with the rule named; materials per checklist; the reviewer's
// qualification (Art. 58 ¶2); problems, answers and the diff; the pass, the head's
// approval, a proposal change reopening the review; the decision naming who answers for it.
func TestMajorReviewFlow(t *testing.T) {
	w := newReviewWorld(t)
	v := w.view(t, "officer1")
	if !v.Major || len(v.MajorReasons) != 1 || !strings.Contains(v.MajorReasons[0].Clause, "第二条第（一）项") || v.ReviewStatus != "none" {
		t.Fatalf("major %v reasons %+v status %s, want the catalog's 第二条第（一）项 (B5)", v.Major, v.MajorReasons, v.ReviewStatus)
	}
	if !hasMissing(v, "decide", law.RuleMajorReview) {
		t.Errorf("missing %+v, want the E1 gate for decide", v.Missing)
	}
	// E1: no decision before the review, on any path of Act.
	_, err := w.act(t, "head1", v, "decide", app.ActionInput{Fine: 5_000_000})
	wantGate(t, err, law.RuleMajorReview)
	if !strings.Contains(zhifa.ErrorMessage(err), "未经法制审核") {
		t.Errorf("gate message %q does not say why", zhifa.ErrorMessage(err))
	}

	// 国办发〔2018〕118号 (十四): missing materials block the submission.
	_, err = w.act(t, "officer1", v, "submit_review", app.ActionInput{})
	wantGate(t, err, law.RuleReviewDuty)
	if msg := zhifa.ErrorMessage(err); !strings.Contains(msg, "调查终结报告") || !strings.Contains(msg, "证据清单") {
		t.Errorf("missing materials message %q", msg)
	}
	mats := w.records(t)
	v = w.view(t, "officer1")
	// Art. 58 ¶2: a first-time reviewer without 法律职业资格 cannot be assigned.
	_, err = w.act(t, "officer1", v, "submit_review", app.ActionInput{Review: &app.ReviewInput{Materials: mats}})
	wantGate(t, err, law.RuleReviewerQual)
	w.qualify(t, "reviewer1", 3, true)

	before := w.ledgerSize(t)
	v = w.mustAct(t, "officer1", v, "submit_review", app.ActionInput{Review: &app.ReviewInput{Materials: mats}})
	if got := w.ledgerSize(t) - before; got != 1 {
		t.Errorf("submit_review appended %d ledger entries, want 1", got)
	}
	if len(v.Reviews) != 1 || v.Reviews[0].ReviewerID != w.users["reviewer1"].ID || v.ReviewStatus != zhifa.ReviewPending {
		t.Fatalf("round 1: %+v status %s", v.Reviews, v.ReviewStatus)
	}
	// Monday 2026-03-02 + 5 working days = Monday 2026-03-09.
	if c := clockOf(v, zhifa.ClockReview); c == nil || c.Due != zhifa.MustDate("2026-03-09") || c.Unit != zhifa.UnitWorkday {
		t.Errorf("review clock %+v, want due 2026-03-09", c)
	}
	q, err := w.app.Review().ReviewQueue(w.as(t, "reviewer1"), review.ReviewQueueFilter{})
	if err != nil || len(q.Reviews) != 1 || q.Reviews[0].CaseNumber != v.Number || q.Reviews[0].ClockStatus != law.ClockOK {
		t.Fatalf("queue %+v %v", q, err)
	}
	_, err = w.app.Review().ReviewQueue(w.as(t, "officer1"), review.ReviewQueueFilter{})
	wantCode(t, err, zhifa.EFORBIDDEN)

	// Only the assigned reviewer gives the opinion; every point needs a finding (E4).
	_, err = w.act(t, "officer1", v, "review_opinion", app.ActionInput{Review: &app.ReviewInput{Opinion: "agree"}})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.act(t, "reviewer1", v, "review_opinion", app.ActionInput{Review: &app.ReviewInput{Opinion: "agree", OpinionText: "同意",
		Findings: allFindings(true)[:5]}})
	wantCode(t, err, zhifa.EINVALID)
	_, err = w.act(t, "reviewer1", v, "review_opinion", app.ActionInput{Review: &app.ReviewInput{Opinion: "agree", OpinionText: "同意",
		Findings: allFindings(true, law.PointDiscretion)}})
	wantCode(t, err, zhifa.EINVALID)
	v = w.mustAct(t, "reviewer1", v, "review_opinion", app.ActionInput{Review: &app.ReviewInput{Opinion: "problems",
		OpinionText: "裁量不当，请修改", Findings: allFindings(true, law.PointDiscretion),
		Problems: []zhifa.ReviewProblem{{Point: law.PointDiscretion, Text: "罚款数额高于一般情节的幅度"}}}})
	if v.ReviewStatus != zhifa.ReviewProblems || clockOf(v, zhifa.ClockReview).Status != law.ClockDone {
		t.Fatalf("after problems: %s %+v", v.ReviewStatus, clockOf(v, zhifa.ClockReview))
	}
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{Fine: 5_000_000})
	wantGate(t, err, law.RuleMajorReview)

	// The handler answers each problem and resubmits; the round keeps what changed.
	_, err = w.act(t, "officer1", v, "resubmit", app.ActionInput{Review: &app.ReviewInput{Materials: mats}})
	wantCode(t, err, zhifa.EINVALID)
	w.setCase(t, func(c *zhifa.Case) { c.State.Proposal.FineFen, c.State.Proposal.Revision = 3_000_000, 2 })
	v = w.view(t, "officer1")
	v = w.mustAct(t, "officer1", v, "resubmit", app.ActionInput{Review: &app.ReviewInput{Materials: mats,
		Answers: []string{"已按一般情节下调罚款至3万元"}}})
	r2 := v.Reviews[1]
	if len(v.Reviews) != 2 || v.Reviews[0].Status != zhifa.ReviewSuperseded || r2.Answers[0].Answer == "" || r2.ReviewerID != w.users["reviewer1"].ID {
		t.Fatalf("round 2: %+v", v.Reviews)
	}
	if !hasChange(r2.Changes, "proposal.fine_fen", "50000", "30000") || !hasChange(r2.Changes, "proposal.revision", "第1版", "第2版") {
		t.Errorf("round 2 changes %+v, want the fine 50000 → 30000", r2.Changes)
	}
	v = w.mustAct(t, "reviewer1", v, "review_opinion", app.ActionInput{Review: &app.ReviewInput{Opinion: "agree",
		OpinionText: "同意", Findings: allFindings(true)}})
	if v.ReviewStatus != zhifa.ReviewPassed || v.State.Review.PassedRevision != 2 {
		t.Fatalf("after agree: %s %+v", v.ReviewStatus, v.State.Review)
	}
	// Passed, but the head has not approved (行政处罚法第五十七条).
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{Fine: 3_000_000})
	wantGate(t, err, law.RuleHeadApproval)
	w.mustAct(t, "head1", v, "approve", app.ActionInput{})

	// E1: a change of the proposal after the pass reopens the review.
	w.setCase(t, func(c *zhifa.Case) { c.State.Proposal.FineFen, c.State.Proposal.Revision = 3_500_000, 3 })
	v = w.view(t, "officer1")
	if v.ReviewStatus != "reopened" {
		t.Errorf("review status after a proposal change %s, want reopened", v.ReviewStatus)
	}
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{Fine: 3_500_000})
	wantGate(t, err, law.RuleMajorReview)
	_, err = w.act(t, "head1", v, "approve", app.ActionInput{})
	wantGate(t, err, law.RuleMajorReview)
	v = w.mustAct(t, "officer1", v, "submit_review", app.ActionInput{Review: &app.ReviewInput{Materials: mats}})
	v = w.mustAct(t, "reviewer1", v, "review_opinion", app.ActionInput{Review: &app.ReviewInput{Opinion: "agree",
		OpinionText: "同意", Findings: allFindings(true)}})
	v = w.mustAct(t, "head1", v, "approve", app.ActionInput{})
	v = w.mustAct(t, "head1", v, "decide", app.ActionInput{Fine: 3_500_000})
	if v.Stage != zhifa.StageDecide {
		t.Fatalf("stage %s after decide", v.Stage)
	}
	// E5: the decision names the handlers, the reviewer and the approving head.
	e := v.Events[len(v.Events)-1]
	if e.Action != "decide" || !strings.Contains(e.Detail, "承办人员：张三") || !strings.Contains(e.Detail, "法制审核人员：reviewer1") ||
		!strings.Contains(e.Detail, "审批负责人：head1") {
		t.Errorf("decide event %+v", e)
	}
}

func hasChange(cs []zhifa.ReviewChange, field, before, after string) bool {
	for _, c := range cs {
		if c.Field == field && c.Before == before && c.After == after {
			return true
		}
	}
	return false
}

// TestReviewerExclusion: a reviewer who took part in the case cannot review it
// (国办发〔2018〕118号 (十四)); an unknown reviewer is refused; without any eligible
// reviewer the submission names the review-unit rule.
func TestReviewerExclusion(t *testing.T) {
	w := newReviewWorld(t)
	mats := w.records(t)
	v := w.view(t, "officer1")
	// reviewer1 is linked to one of the case's officers: excluded.
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	u := w.users["reviewer1"]
	if _, err := w.app.UpdateUser(sys, u.ID, app.UserInput{Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: u.AgencyID, OfficerID: w.certified[0]}); err != nil {
		t.Fatal(err)
	}
	_, err := w.act(t, "officer1", v, "submit_review", app.ActionInput{Review: &app.ReviewInput{Materials: mats, ReviewerID: u.ID}})
	wantGate(t, err, law.RuleReviewDuty)
	if !strings.Contains(zhifa.ErrorMessage(err), "承办人员") {
		t.Errorf("message %q", zhifa.ErrorMessage(err))
	}
	_, err = w.act(t, "officer1", v, "submit_review", app.ActionInput{Review: &app.ReviewInput{Materials: mats, ReviewerID: w.users["head1"].ID}})
	wantCode(t, err, zhifa.EINVALID)
	choices, err := w.app.Review().CaseReviewers(w.as(t, "officer1"), w.caseID)
	if err != nil || len(choices) != 1 || choices[0].Problem == "" {
		t.Fatalf("choices %+v %v", choices, err)
	}
}

// TestReviewPool: a reviewer of the justice bureau in a pool serving the market bureau
// (E2) is assigned, reads the case though it is outside their agency, and gives the opinion.
func TestReviewPool(t *testing.T) {
	w := newReviewWorld(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	lawyer, err := w.app.CreateUser(sys, app.UserInput{Login: "lawyer1", Name: "公职律师", Role: zhifa.RoleReviewer, AgencyID: w.judge.ID, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	w.users["lawyer1"] = lawyer
	o := officerInput(w.judge.ID, 3)
	o.LegalQual, o.LegalQualNo = true, "A2018000001"
	ov, err := w.app.Personnel().CreateOfficer(sys, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.UpdateUser(sys, lawyer.ID, app.UserInput{Login: "lawyer1", Name: "公职律师", Role: zhifa.RoleReviewer, AgencyID: w.judge.ID, OfficerID: ov.ID}); err != nil {
		t.Fatal(err)
	}
	_, err = w.app.Review().SaveReviewPool(w.as(t, "officer1"), 0, review.PoolInput{Name: "东港市法律顾问库", Agencies: []int64{w.market.ID}, Reviewers: []int64{lawyer.ID}})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.Review().SaveReviewPool(w.as(t, "admin"), 0, review.PoolInput{Name: "东港市法律顾问库", Agencies: []int64{w.bureau.ID}, Reviewers: []int64{lawyer.ID}})
	wantCode(t, err, zhifa.EINVALID) // the county bureau is outside the city admin's scope
	p, err := w.app.Review().SaveReviewPool(w.as(t, "admin"), 0, review.PoolInput{Name: "东港市法律顾问库", Agencies: []int64{w.market.ID, w.branch.ID}, Reviewers: []int64{lawyer.ID}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.app.Review().SaveReviewPool(w.as(t, "admin"), p.ID, review.PoolInput{Name: "东港市法律顾问库", Agencies: []int64{w.market.ID}, Reviewers: []int64{lawyer.ID}, Version: p.Version + 1})
	wantCode(t, err, zhifa.ECONFLICT)

	_, err = w.app.Case(w.as(t, "lawyer1"), w.caseID)
	wantCode(t, err, zhifa.ENOTFOUND) // not assigned yet
	mats := w.records(t)
	v := w.view(t, "officer1")
	v = w.mustAct(t, "officer1", v, "submit_review", app.ActionInput{Review: &app.ReviewInput{Materials: mats, ReviewerID: lawyer.ID}})
	lv, err := w.app.Case(w.as(t, "lawyer1"), w.caseID)
	if err != nil || lv.Number != v.Number {
		t.Fatalf("assigned pool reviewer reads the case: %v", err)
	}
	v = w.mustAct(t, "lawyer1", v, "review_opinion", app.ActionInput{Review: &app.ReviewInput{Opinion: "agree", OpinionText: "同意", Findings: allFindings(true)}})
	if v.ReviewStatus != zhifa.ReviewPassed {
		t.Errorf("status %s", v.ReviewStatus)
	}
	// The pool reviewer cannot take the agency's own steps.
	_, err = w.act(t, "lawyer1", v, "approve", app.ActionInput{})
	wantCode(t, err, zhifa.EFORBIDDEN)
}

// TestReviewDispute: the handler refuses an opinion, the head coordinates and sends it to
// collective discussion, which records attendees and views and, concluding against the
// majority, its reason (E5, E6; 行政处罚法第五十七条第二款).
func TestReviewDispute(t *testing.T) {
	w := newReviewWorld(t)
	w.qualify(t, "reviewer1", 3, true)
	mats := w.records(t)
	v := w.view(t, "officer1")
	v = w.mustAct(t, "officer1", v, "submit_review", app.ActionInput{Review: &app.ReviewInput{Materials: mats}})
	v = w.mustAct(t, "reviewer1", v, "review_opinion", app.ActionInput{Review: &app.ReviewInput{Opinion: "problems",
		OpinionText: "证据不足", Findings: allFindings(true, law.PointEvidence), Problems: []zhifa.ReviewProblem{{Point: law.PointEvidence, Text: "缺少检验报告"}}}})
	_, err := w.act(t, "officer1", v, "refuse_opinion", app.ActionInput{})
	wantCode(t, err, zhifa.EINVALID) // a reason is required
	v = w.mustAct(t, "officer1", v, "refuse_opinion", app.ActionInput{Reason: "现场检查笔录已能证明"})
	_, err = w.act(t, "officer1", v, "coordinate", app.ActionInput{Reason: "协调", Review: &app.ReviewInput{Coordination: "discussion"}})
	wantCode(t, err, zhifa.EFORBIDDEN) // the head's own act (issue 9 §1)
	v = w.mustAct(t, "head1", v, "coordinate", app.ActionInput{Reason: "意见分歧较大", Review: &app.ReviewInput{Coordination: "discussion"}})
	if v.ReviewStatus != zhifa.ReviewDiscussion {
		t.Fatalf("status %s", v.ReviewStatus)
	}
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{Fine: 5_000_000})
	// Sent to collective discussion (行政处罚法第五十七条第二款): the review is not passed
	// until the heads discuss it.
	wantGate(t, err, law.RuleMajorReview)
	if !strings.Contains(zhifa.ErrorMessage(err), "待集体讨论") {
		t.Errorf("the refusal does not say the review waits for the discussion: %v", err)
	}
	d := &zhifa.Discussion{Presider: "王局长", Conclusion: "proposal", Attendees: []zhifa.DiscussionView{
		{Name: "王局长", View: "proposal"}, {Name: "李副局长", View: "opinion"}, {Name: "赵副局长", View: "opinion"}}}
	_, err = w.act(t, "head1", v, "discuss", app.ActionInput{Review: &app.ReviewInput{Discussion: d}})
	wantCode(t, err, zhifa.EINVALID) // against the majority without a reason
	if f := zhifa.ErrorFields(err); f["discussion.reason"] == "" {
		t.Errorf("fields %v", f)
	}
	d.Reason = "检验报告不影响违法事实认定"
	v = w.mustAct(t, "head1", v, "discuss", app.ActionInput{Review: &app.ReviewInput{Discussion: d}})
	r := v.Reviews[0]
	if v.ReviewStatus != zhifa.ReviewPassed || r.Discussion == nil || !r.Discussion.AgainstMajority || r.Refusal == "" || r.Coordinator != "head1" {
		t.Fatalf("after discussion: %s %+v", v.ReviewStatus, r)
	}
	v = w.mustAct(t, "head1", v, "approve", app.ActionInput{})
	w.clock.Advance(24 * time.Hour)
	v = w.mustAct(t, "head1", v, "decide", app.ActionInput{Fine: 5_000_000})
	if v.Stage != zhifa.StageDecide {
		t.Errorf("stage %s", v.Stage)
	}
}

// TestMajorCatalogTemplate: a superior publishes a template; the agency below adopts it and
// may only tighten it (E3, 国办发〔2018〕118号 (十二)); every version is kept.
func TestMajorCatalogTemplate(t *testing.T) {
	w := newReviewWorld(t)
	admin := w.as(t, "admin")
	cv, err := w.app.Review().MajorCatalog(admin, w.market.ID)
	if err != nil || !cv.Own || cv.Current.Version != 1 {
		t.Fatalf("market catalog %+v %v", cv, err)
	}
	tmpl := cv.Current
	_, err = w.app.Review().SaveMajorCatalog(admin, w.market.ID, review.CatalogInput{Version: 0, Template: true, Rules: tmpl.Rules, Materials: tmpl.Materials})
	wantCode(t, err, zhifa.ECONFLICT)
	if _, err = w.app.Review().SaveMajorCatalog(admin, w.market.ID, review.CatalogInput{Version: 1, Template: true, Rules: tmpl.Rules, Materials: tmpl.Materials, ReviewDays: 5}); err != nil {
		t.Fatal(err)
	}
	// The branch has no catalog: the template applies.
	bv, err := w.app.Review().MajorCatalog(admin, w.branch.ID)
	if err != nil || bv.Own || bv.Template == nil || bv.Current.AgencyID != w.market.ID {
		t.Fatalf("branch view %+v %v", bv, err)
	}
	loose := append([]zhifa.MajorRule(nil), tmpl.Rules...)
	loose[0].PersonFineFen = 2_000_000
	_, err = w.app.Review().SaveMajorCatalog(admin, w.branch.ID, review.CatalogInput{Rules: loose, Materials: tmpl.Materials})
	wantCode(t, err, zhifa.EINVALID)
	_, err = w.app.Review().SaveMajorCatalog(admin, w.branch.ID, review.CatalogInput{Rules: tmpl.Rules[:1], Materials: tmpl.Materials})
	wantCode(t, err, zhifa.EINVALID)
	bv, err = w.app.Review().AdoptMajorTemplate(admin, w.branch.ID, 0)
	if err != nil || !bv.Own || bv.Current.BaseAgencyID != w.market.ID || bv.Current.BaseVersion != 2 {
		t.Fatalf("adopt %+v %v", bv, err)
	}
	tight := append([]zhifa.MajorRule(nil), tmpl.Rules...)
	tight[0].PersonFineFen = 500_000
	tight = append(tight, zhifa.MajorRule{Clause: "第三条", Label: "责令停产停业", Penalties: []string{"责令停产停业"}})
	bv, err = w.app.Review().SaveMajorCatalog(admin, w.branch.ID, review.CatalogInput{Version: 1, Rules: tight, Materials: tmpl.Materials, ReviewDays: 3})
	if err != nil || len(bv.Versions) != 2 || bv.Current.Version != 2 {
		t.Fatalf("tighten %+v %v", bv, err)
	}
	_, err = w.app.Review().SaveMajorCatalog(w.as(t, "officer1"), w.branch.ID, review.CatalogInput{Version: 2, Rules: tight})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.Review().SaveMajorCatalog(w.as(t, "outsider"), w.branch.ID, review.CatalogInput{Version: 2, Rules: tight})
	wantCode(t, err, zhifa.ENOTFOUND)
}

// TestMarkMajor: a handler adds a reason (E3); the catalog's reasons stay.
func TestMarkMajor(t *testing.T) {
	w := newReviewWorld(t)
	w.setCase(t, func(c *zhifa.Case) { c.State.Proposal.FineFen = 100_000 }) // 1,000 yuan: below the threshold
	v := w.view(t, "officer1")
	if v.Major {
		t.Fatalf("a 1,000 yuan fine is not major: %+v", v.MajorReasons)
	}
	_, err := w.act(t, "officer1", v, "mark_major", app.ActionInput{})
	wantCode(t, err, zhifa.EINVALID)
	v = w.mustAct(t, "officer1", v, "mark_major", app.ActionInput{Reason: "涉及学校食堂，社会关注度高"})
	if !v.Major || len(v.MajorReasons) != 1 || v.MajorReasons[0].Source != "handler" {
		t.Fatalf("after mark_major: %+v", v.MajorReasons)
	}
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{Fine: 100_000})
	wantGate(t, err, law.RuleMajorReview)
}

// passReview takes the case through a passing legal review: reviewer1 gets 法律职业资格 (if
// not linked yet), the handler submits the materials (with the hearing record after a
// hearing), reviewer1 agrees and head1 approves.
func (w *caseWorld) passReview(t *testing.T, v *app.CaseView) *app.CaseView {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if u := w.users["reviewer1"]; u.OfficerID == 0 {
		in := officerInput(w.market.ID, 3)
		in.Reviewer, in.LegalQual, in.LegalQualNo = true, true, "A2019000099"
		o, err := w.app.Personnel().CreateOfficer(sys, in)
		if err != nil {
			t.Fatal(err)
		}
		nu, err := w.app.UpdateUser(sys, u.ID, app.UserInput{Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: u.AgencyID, OfficerID: o.ID})
		if err != nil {
			t.Fatal(err)
		}
		w.users["reviewer1"] = nu
	}
	titles := map[string]string{law.MatReport: "调查终结报告", law.MatEvidence: "证据清单"}
	if v.State.HearingHeld {
		titles[law.MatHearing] = "听证笔录"
	}
	var mats []app.MaterialInput
	for code, title := range titles {
		r, err := w.app.AddRecord(w.as(t, "officer1"), v.ID, app.RecordInput{Kind: zhifa.RecordDocument, Title: title, Act: "review"})
		if err != nil {
			t.Fatal(err)
		}
		mats = append(mats, app.MaterialInput{Code: code, RecordID: r.ID})
	}
	v, err := w.app.Case(w.as(t, "officer1"), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	v = w.mustAct(t, "officer1", v, "submit_review", app.ActionInput{Review: &app.ReviewInput{Materials: mats}})
	v = w.mustAct(t, "reviewer1", v, "review_opinion", app.ActionInput{Review: &app.ReviewInput{Opinion: "agree", OpinionText: "同意", Findings: allFindings(true)}})
	return w.mustAct(t, "head1", v, "approve", app.ActionInput{})
}

// TestDecisionOnlyThroughAct guards the E1 gate on every path: the only code of the use
// case layer that records a decision on a case (its decision date, or the decide stage)
// is the decide step of Act, which runs law.CheckStep and with it law.CheckMajorDecision.
// Imports (officers, items) and every other use case cannot set one.
func TestDecisionOnlyThroughAct(t *testing.T) {
	// app and its bounded contexts (app/cases holds Act since issue 16).
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	contexts, err := filepath.Glob("*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, contexts...)
	sets := regexp.MustCompile(`(State\.|st\.)DecidedOn\s*=[^=]|Stage\s*=\s*zhifa\.StageDecide|Outcome\s*=\s*zhifa\.OutcomePenalty`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range sets.FindAllString(string(b), -1) {
			if f != filepath.Join("cases", "cases.go") {
				t.Errorf("%s: %q records a decision outside Act (cases/cases.go); route it through Act so the E1 gate applies", f, m)
			}
		}
	}
}
