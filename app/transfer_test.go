package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/transfer"
	"zhifa/law"
)

// setCaseState changes a stored case directly: fixtures for stages other steps own.
func setCaseState(t *testing.T, w *caseWorld, id int64, fn func(c *zhifa.Case)) {
	t.Helper()
	ctx := context.Background()
	if err := w.store.Update(ctx, func(tx zhifa.Tx) error {
		c, err := tx.Case(ctx, id)
		if err != nil {
			return err
		}
		fn(c)
		return tx.UpdateCase(ctx, c)
	}); err != nil {
		t.Fatal(err)
	}
}

func (w *caseWorld) view(t *testing.T, login string, id int64) *app.CaseView {
	t.Helper()
	v, err := w.app.Case(w.as(t, login), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (w *caseWorld) transferPage(t *testing.T, login string, id int64) *transfer.CaseTransferView {
	t.Helper()
	v, err := w.app.Transfer().CaseTransfer(w.as(t, login), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func hasWarning(list []string, s string) bool {
	for _, w := range list {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

// TestTransferFlow walks a transfer of a suspected crime (移送规定): the written report,
// the head's decision within 3 days (Art. 5 ¶2) with its clock and warning, the 24-hour
// handover clock to the minute, the materials of Art. 6, the organ's refusal, the
// reconsideration (Art. 9), its acceptance (Art. 8, 12) and the transfer ending; while
// pending, no fine-only decision or close (Art. 11). One ledger entry per step.
func TestTransferFlow(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	if p := w.transferPage(t, "officer1", v.ID); len(p.Next) != 1 || p.Next[0] != "propose_transfer" || !p.CanAct {
		t.Errorf("transfer steps %v (can act %v): want propose_transfer only", p.Next, p.CanAct)
	}
	_, err := w.act(t, "officer1", v, "propose_transfer", app.ActionInput{})
	wantCode(t, err, zhifa.EINVALID)
	before := w.ledgerSize(t)
	v = w.mustAct(t, "officer1", v, "propose_transfer", app.ActionInput{Transfer: &app.TransferInput{
		Facts: "销售过期食品货值金额逾十万元", Offence: "生产、销售伪劣产品罪"}})
	if got := w.ledgerSize(t) - before; got != 1 {
		t.Errorf("propose appended %d entries, want 1", got)
	}
	if v.State.Transfer != zhifa.TransferProposed || v.Stage != zhifa.StageInvestigate {
		t.Errorf("after propose: transfer %q stage %s", v.State.Transfer, v.Stage)
	}
	// Art. 5 ¶2: three days from the report of Monday 2026-03-02.
	if c := clockOf(v, zhifa.ClockTransferDecision); c == nil || c.Due != zhifa.MustDate("2026-03-05") || c.Status != law.ClockDueSoon {
		t.Errorf("decision clock %+v, want due 2026-03-05", c)
	}
	_, err = w.act(t, "officer1", v, "hand_over", app.ActionInput{})
	wantCode(t, err, zhifa.EINVALID) // not approved yet
	_, err = w.act(t, "officer1", v, "approve_transfer", app.ActionInput{})
	wantCode(t, err, zhifa.EFORBIDDEN) // the head's own act (issue 9 §1)

	w.clock.Advance(4 * 24 * time.Hour) // Friday 2026-03-06 09:00: the three days are over
	if p := w.transferPage(t, "officer1", v.ID); !hasWarning(p.Warnings, "已逾期") || p.Status != zhifa.TransferProposed {
		t.Errorf("transfer page warnings %v status %s, want the overdue decision", p.Warnings, p.Status)
	}
	if cv := w.view(t, "officer1", v.ID); !hasWarning(cv.Warnings, "移送审批期限（已逾期）") {
		t.Errorf("case warnings %v, want the overdue transfer decision", cv.Warnings)
	}
	v = w.mustAct(t, "head1", v, "approve_transfer", app.ActionInput{})
	hc := clockOf(v, zhifa.ClockTransferHandover)
	if hc == nil || hc.DueAt == nil || !hc.DueAt.Equal(w.clock.Now().Add(24*time.Hour)) || hc.Unit != zhifa.UnitHour || hc.Status != law.ClockDueSoon {
		t.Fatalf("handover clock %+v", hc)
	}
	if e := v.Events[len(v.Events)-1]; e.Approver != "head1" || !strings.Contains(e.Detail, "超过") {
		t.Errorf("approve event %+v: want the head and the late decision noted", e)
	}

	// Art. 11: no fine while the transfer is pending, whatever the stage.
	setCaseState(t, w, v.ID, func(c *zhifa.Case) {
		c.Stage = zhifa.StageReview
		c.State.NoticeServedOn, c.State.StatementWaived = zhifa.MustDate("2026-03-02"), true
	})
	v = w.view(t, "officer1", v.ID)
	before = w.ledgerSize(t)
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{Fine: 500000})
	wantGate(t, err, law.RuleNoPenaltyInstead)
	if !strings.Contains(zhifa.ErrorMessage(err), "不得以行政处罚") {
		t.Errorf("gate message %q", zhifa.ErrorMessage(err))
	}
	if w.ledgerSize(t) != before || w.view(t, "officer1", v.ID).Version != v.Version {
		t.Error("a refused decision changed something")
	}
	_, err = w.act(t, "head1", v, "no_penalty", app.ActionInput{Reason: "情节轻微"})
	wantGate(t, err, law.RuleNoPenaltyInstead)

	// Art. 6: the materials before the handover.
	_, err = w.act(t, "officer1", v, "hand_over", app.ActionInput{Transfer: &app.TransferInput{OrganKind: zhifa.OrganPublicSecurity, Organ: "东港市公安局"}})
	wantGate(t, err, law.RuleTransferDocs)
	for _, d := range law.TransferDocs[:3] {
		if _, err := w.app.AddRecord(w.as(t, "officer1"), v.ID, app.RecordInput{Kind: zhifa.RecordDocument, Title: d.Title, Act: d.Act}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = w.act(t, "officer1", v, "hand_over", app.ActionInput{Transfer: &app.TransferInput{OrganKind: "court", Organ: "东港市公安局"}})
	wantCode(t, err, zhifa.EINVALID)
	// Art. 5 ¶2: 24 hours, to the minute.
	w.clock.Advance(24*time.Hour + 30*time.Minute)
	if c := clockOf(w.view(t, "officer1", v.ID), zhifa.ClockTransferHandover); c.Status != law.ClockOverdue {
		t.Errorf("handover clock after 24h30m: %s", c.Status)
	}
	v = w.mustAct(t, "officer1", v, "hand_over", app.ActionInput{Transfer: &app.TransferInput{OrganKind: zhifa.OrganPublicSecurity, Organ: "东港市公安局"}})
	if e := v.Events[len(v.Events)-1]; !strings.Contains(e.Detail, "逾期30分钟") {
		t.Errorf("hand-over event detail %q: want the 30 minutes late", e.Detail)
	}
	if c := clockOf(v, zhifa.ClockTransferReply); c == nil || c.Due != zhifa.MustDate("2026-03-10") {
		t.Errorf("reply clock (Art. 8, 3 days from 2026-03-07) %+v", c)
	}

	// Art. 8: a refusal needs its reason; Art. 9: one reconsideration within 3 days.
	_, err = w.act(t, "officer1", v, "transfer_reply", app.ActionInput{Transfer: &app.TransferInput{Reply: zhifa.ReplyDeclined}})
	wantCode(t, err, zhifa.EINVALID)
	v = w.mustAct(t, "officer1", v, "transfer_reply", app.ActionInput{Reason: "现有证据不足以证明货值金额", Transfer: &app.TransferInput{Reply: zhifa.ReplyDeclined}})
	if v.State.Transfer != zhifa.TransferDeclined || clockOf(v, zhifa.ClockTransferRecon) == nil {
		t.Fatalf("after refusal: %s %+v", v.State.Transfer, v.Clocks)
	}
	v = w.mustAct(t, "officer1", v, "request_reconsideration", app.ActionInput{Reason: "检验报告证明货值金额达十二万元"})
	v = w.mustAct(t, "officer1", v, "transfer_reply", app.ActionInput{Transfer: &app.TransferInput{Reply: zhifa.ReplyFiled}})
	if v.State.Transfer != zhifa.TransferAccepted || clockOf(v, zhifa.ClockTransferItems) == nil {
		t.Fatalf("after acceptance: %s", v.State.Transfer)
	}
	// Still pending after the organ opened a case: no close with a penalty.
	setCaseState(t, w, v.ID, func(c *zhifa.Case) {
		c.Stage, c.Outcome, c.State.FineFen = zhifa.StageExecute, zhifa.OutcomePenalty, 300000
	})
	v = w.view(t, "officer1", v.ID)
	_, err = w.act(t, "head1", v, "close", app.ActionInput{})
	wantGate(t, err, law.RuleNoPenaltyInstead)
	// Art. 11 ¶3: the fine imposed before stays on record when the case ends by transfer.
	v = w.mustAct(t, "head1", v, "transfer", app.ActionInput{Reason: "公安机关已立案侦查"})
	if v.Stage != zhifa.StageClose || v.Outcome != zhifa.OutcomeTransfer || v.State.FineFen != 300000 {
		t.Errorf("after transfer: %s %s fine %d", v.Stage, v.Outcome, v.State.FineFen)
	}
	if e := v.Events[len(v.Events)-1]; !strings.Contains(e.Detail, "折抵") {
		t.Errorf("transfer event %q: want the set-off of the fine noted", e.Detail)
	}
	p := w.transferPage(t, "officer1", v.ID)
	if p.Current == nil || p.Current.Organ != "东港市公安局" || p.Current.Reconsidered.IsZero() || len(p.Docs) != len(law.TransferDocs) || !p.Docs[0].Have {
		t.Errorf("transfer page %+v", p)
	}
}

// TestTransferRejectAndScope: a head's refusal needs its reason (Art. 5 ¶2) and lets the
// case go on to a penalty; the statutory transfer clocks cannot be extended; other
// governments do not see transfers; supervisors see but do not act.
func TestTransferRejectAndScope(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "propose_transfer", app.ActionInput{Transfer: &app.TransferInput{Facts: "涉嫌", Offence: "销售假药罪"}})
	_, err := w.act(t, "head1", v, "extend", app.ActionInput{Clock: zhifa.ClockTransferDecision, Days: 3, Reason: "需研究"})
	wantGate(t, err, law.RuleTransferDecision)
	_, err = w.act(t, "supervisor1", v, "approve_transfer", app.ActionInput{})
	wantCode(t, err, zhifa.EFORBIDDEN)
	if _, err := w.app.Transfer().CaseTransfer(w.as(t, "outsider"), v.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("outsider reads the transfer: %v", err)
	}
	for login, want := range map[string]int{"supervisor1": 1, "officer1": 1, "outsider": 0} {
		list, err := w.app.Transfer().Transfers(w.as(t, login), transfer.TransferFilter{Pending: true})
		if err != nil || list.Total != want {
			t.Errorf("%s lists %d pending transfers (%v), want %d", login, list.Total, err, want)
		}
	}
	_, err = w.act(t, "head1", v, "reject_transfer", app.ActionInput{})
	wantCode(t, err, zhifa.EINVALID)
	v = w.mustAct(t, "head1", v, "reject_transfer", app.ActionInput{Reason: "未达追诉标准"})
	if v.State.Transfer != zhifa.TransferRejected || clockOf(v, zhifa.ClockTransferDecision).Status != law.ClockDone {
		t.Errorf("rejected: %s %+v", v.State.Transfer, v.Clocks)
	}
	p := w.transferPage(t, "supervisor1", v.ID)
	if p.Current.RejectReason != "未达追诉标准" || p.Pending || p.CanAct || !slices.Contains(p.Next, zhifa.ActProposeTransfer) {
		t.Errorf("supervisor's page %+v", p)
	}
	// A new report after the refusal starts a new transfer with a new clock.
	v = w.mustAct(t, "officer1", v, "propose_transfer", app.ActionInput{Transfer: &app.TransferInput{Facts: "新证据", Offence: "销售假药罪"}})
	if p := w.transferPage(t, "officer1", v.ID); len(p.Earlier) != 1 || len(p.Clocks) != 1 || p.Clocks[0].Done {
		t.Errorf("second transfer: earlier %d clocks %+v", len(p.Earlier), p.Clocks)
	}
}
