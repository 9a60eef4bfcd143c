package app_test

import (
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
)

// TestFilingOnDecide: a major penalty decision is filed with the justice bureau of the
// same government in the decision's transaction (REQUIREMENTS F6), with its major reasons
// and a 15-day deadline; the bureau's supervisor sees it with the case summary and
// reviews it (责令纠正 needs a remark, 已审查 is final); the deciding agency sees its own
// filing but cannot review it; another government sees nothing.
func TestFilingOnDecide(t *testing.T) {
	w := newReviewWorld(t)
	head := w.users["head1"].ID
	w.setCase(t, func(c *zhifa.Case) {
		c.State.Review = &zhifa.ReviewState{Round: 1, Status: zhifa.ReviewPassed, PassedRevision: 1, ApprovedBy: head, ApprovedRevision: 1}
	})
	// A case that is not major is not filed.
	plain := w.file(t, w.input(zhifa.CasePenalty))
	setCaseState(t, w.caseWorld, plain.ID, func(c *zhifa.Case) {
		c.Stage = zhifa.StageReview
		c.State.NoticeServedOn, c.State.StatementWaived = zhifa.MustDate("2026-03-02"), true
		c.State.Proposal = &zhifa.Proposal{Penalties: []string{"警告"}, Level: "轻微", Reason: "初次违法", Revision: 1}
	})
	w.mustAct(t, "head1", w.caseWorld.view(t, "officer1", plain.ID), "decide", app.ActionInput{Warning: true})

	before := w.ledgerSize(t)
	v := w.mustAct(t, "head1", w.view(t, "officer1"), "decide", app.ActionInput{Fine: 5_000_000})
	if got := w.ledgerSize(t) - before; got != 1 {
		t.Errorf("decide with filing appended %d entries, want 1", got)
	}
	if e := v.Events[len(v.Events)-1]; !strings.Contains(e.Detail, "已报东港市司法局备案") {
		t.Errorf("decide event detail %q", e.Detail)
	}
	list, err := w.app.Filing().Filings(w.as(t, "supervisor1"), filing.FilingFilter{})
	if err != nil || list.Total != 1 || list.Pending != 1 || list.Late != 0 {
		t.Fatalf("supervisor's filings %+v, %v", list, err)
	}
	f := list.Filings[0]
	if f.CaseID != w.caseID || f.Kind != zhifa.FilingPenalty || f.ToAgencyName != "东港市司法局" || f.Due != zhifa.MustDate("2026-03-17") ||
		len(f.Reasons) == 0 || !strings.Contains(f.Reasons[0], "第二条第（一）项") || !strings.Contains(f.Summary, "罚款50000元") {
		t.Errorf("filing %+v", f.Filing)
	}
	for login, want := range map[string]int{"head1": 1, "officer1": 1, "outsider": 0} {
		l, err := w.app.Filing().Filings(w.as(t, login), filing.FilingFilter{})
		if err != nil || l.Total != want {
			t.Errorf("%s lists %d filings (%v), want %d", login, l.Total, err, want)
		}
	}
	_, err = w.app.Filing().Filing(w.as(t, "outsider"), f.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
	d, err := w.app.Filing().Filing(w.as(t, "supervisor1"), f.ID)
	if err != nil || !d.CanReview || d.Case.Number != v.Number || d.Case.Parties[0].IDNumber != "" || d.Case.FineFen != 5_000_000 {
		t.Fatalf("filing detail %+v, %v", d, err)
	}
	if hd, _ := w.app.Filing().Filing(w.as(t, "head1"), f.ID); hd == nil || hd.CanReview {
		t.Error("the deciding agency's head may review its own filing")
	}
	_, err = w.app.Filing().ReviewFiling(w.as(t, "head1"), f.ID, filing.FilingReviewInput{Version: 1, Result: zhifa.FilingReviewed})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.Filing().ReviewFiling(w.as(t, "officer1"), f.ID, filing.FilingReviewInput{Version: 1, Result: zhifa.FilingReviewed})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: 1, Result: zhifa.FilingCorrection})
	wantCode(t, err, zhifa.EINVALID) // 责令纠正 needs the remark
	before = w.ledgerSize(t)
	d, err = w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: 1, Result: zhifa.FilingCorrection, Remark: "罚款数额未说明裁量理由"})
	if err != nil || d.Status != zhifa.FilingCorrection || d.Reviewer != "supervisor1" || len(d.Events) != 1 || w.ledgerSize(t) != before+1 {
		t.Fatalf("correction: %+v, %v", d, err)
	}
	_, err = w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: 1, Result: zhifa.FilingReviewed})
	wantCode(t, err, zhifa.ECONFLICT)
	d, err = w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: d.Version, Result: zhifa.FilingReviewed, Remark: "已补正"})
	if err != nil || d.Status != zhifa.FilingReviewed || len(d.Events) != 2 || d.CanReview {
		t.Fatalf("reviewed: %+v, %v", d, err)
	}
	_, err = w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: d.Version, Result: zhifa.FilingCorrection, Remark: "再次"})
	wantCode(t, err, zhifa.EINVALID)
	l, _ := w.app.Filing().Filings(w.as(t, "supervisor1"), filing.FilingFilter{Status: zhifa.FilingFiled})
	if l.Total != 0 || l.Pending != 0 {
		t.Errorf("pending after review: %+v", l)
	}
	_, err = w.app.Filing().Filings(w.as(t, "supervisor1"), filing.FilingFilter{Kind: "tax"})
	wantCode(t, err, zhifa.EINVALID)
}

// TestFilingOnSeize: a compulsory measure (查封、扣押) is filed with the justice bureau
// when it is taken (REQUIREMENTS F6), once; its later decision is not filed again.
func TestFilingOnSeize(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CaseCompulsory))
	if _, err := w.app.AddRecord(w.as(t, "officer1"), v.ID, app.RecordInput{Kind: zhifa.RecordAV, Title: "查封现场执法记录仪视频", Act: "seize"}); err != nil {
		t.Fatal(err)
	}
	w.issueDoc(t, "officer1", v.ID, zhifa.DocSeizureDecision)
	v = w.view(t, "officer1", v.ID)
	v = w.mustAct(t, "head1", v, "approve_seizure", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "seize", signedSeizure())
	list, err := w.app.Filing().Filings(w.as(t, "supervisor1"), filing.FilingFilter{Kind: zhifa.FilingCompulsory})
	if err != nil || list.Total != 1 || list.Filings[0].CaseID != v.ID || !strings.Contains(list.Filings[0].Summary, "查封、扣押，期限至2026年") {
		t.Fatalf("compulsory filings %+v, %v", list, err)
	}
	if l, _ := w.app.Filing().Filings(w.as(t, "outsider"), filing.FilingFilter{}); l.Total != 0 {
		t.Errorf("outsider sees %d filings", l.Total)
	}
}
