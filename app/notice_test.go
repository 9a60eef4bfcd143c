package app_test

import (
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/law"
)

// setHearingThresholds sets the market agency's 较大数额 thresholds (行政处罚法第六十三条).
func (w *caseWorld) setHearingThresholds(t *testing.T, personFen, orgFen int64) error {
	t.Helper()
	admin := w.as(t, "admin")
	ag, err := w.app.Personnel().Agency(admin, w.market.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := personnel.AgencyInputOf(ag)
	in.HearingPersonFen, in.HearingOrgFen = personFen, orgFen
	_, err = w.app.Personnel().UpdateAgency(admin, w.market.ID, in)
	return err
}

// TestNoticeHeavierDecision: the decision may not be heavier than what was notified
// (行政处罚法第四十五条第二款、第六十二条); a heavier proposal needs a new notice issued
// after the last one and served (renotify), which restarts the statement period, derives
// the hearing right again (第六十三条, the agency's threshold) and resets the waivers.
func TestNoticeHeavierDecision(t *testing.T) {
	w := newCaseWorld(t)
	if err := w.setHearingThresholds(t, 600000, 0); err != nil { // 公民6000元
		t.Fatal(err)
	}
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 500000, Reason: "销售超过保质期的食品，首次违法，情节一般"})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{}) // Monday 2026-03-02
	st := v.State
	if st.HearingRight || st.NotifiedProposal == nil || st.NotifiedProposal.FineFen != 500000 || st.NoticeDocID == 0 {
		t.Fatalf("notify: right %v, snapshot %+v, notice %d", st.HearingRight, st.NotifiedProposal, st.NoticeDocID)
	}
	// After the statement the proposal grows to 8000元: heavier than the notice.
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 800000, Reason: "复核后认定涉案食品数量较大，情节较重"})
	v = w.mustAct(t, "officer1", v, "waive_statement", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{})
	_, err := w.act(t, "head1", v, "decide", app.ActionInput{})
	wantGate(t, err, law.RuleNoHeavier)
	if !strings.Contains(zhifa.ErrorMessage(err), "不得因当事人陈述、申辩而给予更重的处罚") {
		t.Errorf("message %q", zhifa.ErrorMessage(err))
	}
	// renotify needs a new notice: the one served does not do.
	before := w.ledgerSize(t)
	_, err = w.act(t, "officer1", v, "renotify", app.ActionInput{})
	wantGate(t, err, law.RuleRenotice)
	if w.ledgerSize(t) != before || w.refresh(t, v.ID).Version != v.Version {
		t.Error("a refused renotify changed something")
	}
	d := w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice) // in the review stage
	if !strings.Contains(d.Fields["rights"], "有权要求听证") || !strings.Contains(d.Fields["rights"], "6000元") {
		t.Errorf("the new notice does not state the derived hearing right: %q", d.Fields["rights"])
	}
	w.clock.Advance(24 * time.Hour) // Tuesday 2026-03-03
	v = w.refresh(t, v.ID)
	before = w.ledgerSize(t)
	v = w.mustAct(t, "officer1", v, "renotify", app.ActionInput{})
	if w.ledgerSize(t)-before != 1 {
		t.Error("renotify appends one ledger entry")
	}
	st = v.State
	if v.Stage != zhifa.StageNotify || !st.HearingRight || st.StatementWaived || st.Renotified != 1 || st.NotifiedProposal.FineFen != 800000 || st.NoticeDocID != d.ID {
		t.Fatalf("renotify: stage %s state %+v", v.Stage, st)
	}
	if c := clockOf(v, zhifa.ClockStatement); c == nil || c.Start != zhifa.MustDate("2026-03-03") || c.Due != zhifa.MustDate("2026-03-06") {
		t.Errorf("statement clock %+v, want restarted 2026-03-03, due 2026-03-06", c)
	}
	if c := clockOf(v, zhifa.ClockHearingRequest); c == nil || c.Due != zhifa.MustDate("2026-03-10") {
		t.Errorf("hearing request clock %+v, want due 2026-03-10 (第六十四条第一项)", c)
	}
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{})
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{})
	wantGate(t, err, law.RuleStatementAgency) // the period restarted
	w.clock.Advance(8 * 24 * time.Hour)       // Wednesday 2026-03-11: both periods over
	v = w.mustAct(t, "head1", v, "decide", app.ActionInput{})
	if v.State.FineFen != 800000 {
		t.Errorf("decided fine %d", v.State.FineFen)
	}
}

// TestNoticeLighterDecision: a lighter decision than the notice is allowed (第四十五条第一款：
// 当事人提出的事实、理由或者证据成立的，行政机关应当采纳), with no new notice.
func TestNoticeLighterDecision(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 800000, Reason: "销售超过保质期的食品"})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 500000, Reason: "采纳当事人申辩意见，首次违法且及时改正"})
	v = w.mustAct(t, "officer1", v, "waive_statement", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{})
	v = w.mustAct(t, "head1", v, "decide", app.ActionInput{})
	if v.State.FineFen != 500000 {
		t.Errorf("decided fine %d", v.State.FineFen)
	}
}

// TestNoticeHearingRightDerived: the notify step sets the hearing right from the proposal
// and the agency's thresholds (第六十三条; default 市场监督管理行政处罚听证办法第五条：公民
// 一万元); the manual input only adds one. The thresholds are validated.
func TestNoticeHearingRightDerived(t *testing.T) {
	w := newCaseWorld(t)
	notify := func(fine int64, manual bool) *app.CaseView {
		t.Helper()
		v := w.file(t, w.input(zhifa.CasePenalty))
		v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
		v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: fine, Reason: "销售超过保质期的食品"})
		w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
		return w.mustAct(t, "officer1", v, "notify", app.ActionInput{HearingRight: manual})
	}
	for _, tc := range []struct {
		name   string
		fine   int64
		manual bool
		right  bool
	}{
		{"公民罚款一万元：较大数额（默认设置）", 1000000, false, true},
		{"公民罚款五千元：不属于第一项", 500000, false, false},
		{"公民罚款五千元，执法人员认定其他情形（第五项、第六项）", 500000, true, true},
	} {
		v := notify(tc.fine, tc.manual)
		if v.State.HearingRight != tc.right || (tc.right != (clockOf(v, zhifa.ClockHearingRequest) != nil)) {
			t.Errorf("%s: right %v (%q), clocks %+v", tc.name, v.State.HearingRight, v.State.HearingReason, v.Clocks)
		}
	}
	for _, bad := range []int64{-1, app.MaxFen + 1} {
		err := w.setHearingThresholds(t, bad, 0)
		if e, ok := err.(*zhifa.Error); !ok || e.Code != zhifa.EINVALID || e.Fields["hearing_person_fen"] == "" {
			t.Errorf("threshold %d: %v", bad, err)
		}
	}
}
