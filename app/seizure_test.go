package app_test

import (
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/law"
)

// signedSeizure is the record of a seizure carried out by the book (行政强制法第十八条):
// the party present, told, and signing the 现场笔录.
func signedSeizure() app.ActionInput {
	return app.ActionInput{Seizure: &zhifa.SeizureRecord{Notified: true, PartyPresent: true, Signed: true}}
}

// readyToSeize files a compulsory case with the A/V record and the 查封扣押决定书 the
// seizure needs (D2, 行政强制法第二十四条).
func (w *caseWorld) readyToSeize(t *testing.T) *app.CaseView {
	t.Helper()
	v := w.file(t, w.input(zhifa.CaseCompulsory))
	if _, err := w.app.AddRecord(w.as(t, "officer1"), v.ID, app.RecordInput{Kind: zhifa.RecordAV, Title: "查封现场执法记录仪视频", Act: "seize"}); err != nil {
		t.Fatal(err)
	}
	w.issueDoc(t, "officer1", v.ID, zhifa.DocSeizureDecision)
	return w.view(t, "officer1", v.ID)
}

// TestSeizureProcedure: 行政强制法第十八条 — the head's prior approval (the head's own act),
// notice, 现场笔录 and witness; the record is kept on the case.
func TestSeizureProcedure(t *testing.T) {
	w := newCaseWorld(t)
	v := w.readyToSeize(t)
	absent := &zhifa.SeizureRecord{Notified: true, PartyPresent: false}
	tests := []struct {
		name string
		in   app.ActionInput
		rule string
	}{
		{"no record", app.ActionInput{}, law.RuleSeizureRecord},
		{"no approval, not an emergency", signedSeizure(), law.RuleSeizureApproval},
	}
	for _, tt := range tests {
		_, err := w.act(t, "officer1", v, "seize", tt.in)
		wantGate(t, err, tt.rule)
	}
	// The approval is the head's own act: an officer cannot take it.
	_, err := w.act(t, "officer1", v, "approve_seizure", app.ActionInput{})
	wantCode(t, err, zhifa.EFORBIDDEN)
	v = w.mustAct(t, "head1", v, "approve_seizure", app.ActionInput{})
	_, err = w.act(t, "head1", v, "approve_seizure", app.ActionInput{})
	wantGate(t, err, law.RuleSeizureApproval)
	for _, tt := range []struct {
		name string
		rec  *zhifa.SeizureRecord
		rule string
	}{
		{"not told", &zhifa.SeizureRecord{PartyPresent: true, Signed: true}, law.RuleSeizureNotice},
		{"unsigned, no refusal noted", &zhifa.SeizureRecord{Notified: true, PartyPresent: true}, law.RuleSeizureRecord},
		{"absent, no witness", absent, law.RuleSeizureWitness},
	} {
		_, err := w.act(t, "officer1", v, "seize", app.ActionInput{Seizure: tt.rec})
		wantGate(t, err, tt.rule)
	}
	absent.Witness = "王某（社区工作人员）"
	v = w.mustAct(t, "officer1", v, "seize", app.ActionInput{Seizure: absent})
	if s := v.State.Seizure; v.Stage != zhifa.StageSeize || s == nil || s.Witness != "王某（社区工作人员）" || s.Emergency || clockOf(v, zhifa.ClockSeizureReport) != nil {
		t.Errorf("seized %s %+v", v.Stage, s)
	}
}

// TestEmergencySeizure: 行政强制法第十九条 — on the spot without approval, a 24-hour clock to
// report and obtain it; approved in time the measure goes on; after 24 hours no
// approval, a warning, and the measure is lifted.
func TestEmergencySeizure(t *testing.T) {
	w := newCaseWorld(t)
	emergency := signedSeizure()
	emergency.Seizure.Emergency = true

	late := w.mustAct(t, "officer1", w.readyToSeize(t), "seize", emergency)
	cl := clockOf(late, zhifa.ClockSeizureReport)
	if cl == nil || cl.DueAt == nil || !cl.DueAt.Equal(w.clock.Now().Add(24*time.Hour)) || cl.Status != law.ClockDueSoon {
		t.Fatalf("report clock %+v", cl)
	}
	// Not continued before the approval.
	_, err := w.act(t, "head1", late, "extend", app.ActionInput{Clock: zhifa.ClockSeizure, Days: 10, Reason: "需检验"})
	wantGate(t, err, law.RuleSeizureEmergency)

	inTime := w.mustAct(t, "officer1", w.readyToSeize(t), "seize", emergency)
	w.clock.Advance(23 * time.Hour)
	inTime = w.mustAct(t, "head1", inTime, "approve_seizure", app.ActionInput{})
	if c := clockOf(inTime, zhifa.ClockSeizureReport); !inTime.State.SeizureApproved || c == nil || !c.Done {
		t.Errorf("approved in time: %+v", c)
	}

	w.clock.Advance(2 * time.Hour)
	late = w.view(t, "officer1", late.ID)
	if c := clockOf(late, zhifa.ClockSeizureReport); c.Status != law.ClockOverdue || !hasWarning(late.Warnings, "应当立即解除") {
		t.Errorf("25 hours: clock %+v, warnings %v", c, late.Warnings)
	}
	_, err = w.act(t, "head1", late, "approve_seizure", app.ActionInput{})
	wantGate(t, err, law.RuleSeizureEmergency)
	late = w.mustAct(t, "officer1", late, "release", app.ActionInput{})
	if late.Stage != zhifa.StageRelease {
		t.Errorf("stage %s", late.Stage)
	}
	inTime = w.mustAct(t, "head1", inTime, "extend", app.ActionInput{Clock: zhifa.ClockSeizure, Days: 10, Reason: "需检验"})
	if hasWarning(inTime.Warnings, "应当立即解除") {
		t.Errorf("approved seizure warns: %v", inTime.Warnings)
	}
}

// TestPreservationFlow: 行政处罚法第五十六条 — registered preservation is a head's act with a
// seven-working-day clock; the investigation does not end without its decision; after
// the period the items can only be released.
func TestPreservationFlow(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	items := &zhifa.Preservation{Items: "涉案过期食品20箱"}
	_, err := w.act(t, "officer1", v, "preserve", app.ActionInput{Reason: "证据可能灭失", Preservation: items})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.act(t, "head1", v, "preserve", app.ActionInput{Reason: "证据可能灭失"})
	wantGate(t, err, law.RulePreservation)
	v = w.mustAct(t, "head1", v, "preserve", app.ActionInput{Reason: "证据可能灭失", Preservation: items})
	cl := clockOf(v, zhifa.ClockPreservation)
	if cl == nil || cl.Due != zhifa.MustDate("2026-03-11") || !v.State.Preservation.Active() || v.NextDue != cl.Due {
		t.Fatalf("preservation clock %+v, next due %s", cl, v.NextDue)
	}
	_, err = w.act(t, "head1", v, "preserve", app.ActionInput{Reason: "再次", Preservation: items})
	wantGate(t, err, law.RulePreservation)
	_, err = w.act(t, "head1", v, "withdraw", app.ActionInput{Reason: "不构成违法"})
	wantGate(t, err, law.RulePreservation)
	_, err = w.act(t, "head1", v, "extend", app.ActionInput{Clock: zhifa.ClockPreservation, Days: 3, Reason: "需检验"})
	wantGate(t, err, law.RulePreservationDays)

	w.clock.Advance(10 * 24 * time.Hour) // 2026-03-12: past the seventh working day
	v = w.view(t, "officer1", v.ID)
	if c := clockOf(v, zhifa.ClockPreservation); c.Status != law.ClockOverdue || !hasWarning(v.Warnings, "先行登记保存") {
		t.Errorf("overdue: clock %+v, warnings %v", c, v.Warnings)
	}
	_, err = w.act(t, "head1", v, "end_preservation", app.ActionInput{Disposal: "seize"})
	wantGate(t, err, law.RulePreservationDays)
	_, err = w.act(t, "head1", v, "end_preservation", app.ActionInput{Disposal: "keep"})
	wantCode(t, err, zhifa.EINVALID)
	v = w.mustAct(t, "head1", v, "end_preservation", app.ActionInput{Disposal: "release"})
	if p := v.State.Preservation; p.Active() || p.Disposal != "release" || !clockOf(v, zhifa.ClockPreservation).Done {
		t.Errorf("ended %+v", p)
	}
	v = w.mustAct(t, "head1", v, "withdraw", app.ActionInput{Reason: "不构成违法"})
	if v.Stage != zhifa.StageClose {
		t.Errorf("stage %s", v.Stage)
	}
}
