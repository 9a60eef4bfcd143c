package app_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/execution"
	"zhifa/law"
)

// TestExecutionInstalmentLateFee: under an approved schedule each instalment missed accrues
// its own late fee from the day after its day (行政处罚法第六十六条第二款、第七十二条第一款第一项),
// not only after the schedule's end; the instalment clock shows it overdue.
func TestExecutionInstalmentLateFee(t *testing.T) {
	w := newCaseWorld(t)
	v := w.servedSummary(t, 200_00) // served 2026-03-02
	schedule := []zhifa.Instalment{{Due: zhifa.MustDate("2026-04-10"), AmountFen: 100_00}, {Due: zhifa.MustDate("2026-05-11"), AmountFen: 100_00}}
	if _, err := w.execAct(t, "officer1", v.ID, execution.ActInput{Act: execution.ActApplyDeferral, Reason: "经营困难，申请分两期缴纳", Instalments: schedule}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.execAct(t, "head1", v.ID, execution.ActInput{Act: execution.ActDecideDeferral, Approve: true, Opinion: "同意分期"}); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(44 * 24 * time.Hour) // 2026-04-15: the first instalment five days late
	pv := w.payment(t, v.ID)
	if pv.LateFeeFen != 15_00 || pv.LateFeeDays != 5 || pv.OutstandingFen != 215_00 {
		t.Errorf("first instalment five days late: fee %d over %d days, outstanding %d; want 15.00 元 over 5 days, 215.00 元", pv.LateFeeFen, pv.LateFeeDays, pv.OutstandingFen)
	}
	bank, _ := w.channel(t, w.market)
	if _, err := w.app.Execution().RecordNotice(bank, execution.NoticeInput{Reference: pv.Reference, ReceiptNo: "ICBC-I1", AmountFen: 100_00, PaidOn: w.app.Today()}); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(10 * 24 * time.Hour) // 2026-04-25: paid on 04-15, the fee stopped there
	if pv = w.payment(t, v.ID); pv.LateFeeFen != 15_00 || pv.Next == nil || pv.Next.Due != schedule[1].Due {
		t.Errorf("after paying the first instalment late: fee %d, next %+v; want 15.00 元 and the second instalment next", pv.LateFeeFen, pv.Next)
	}
}

// TestExecutionSuspensionPausesClock: while the late fee is not counted (行政处罚法第七十三条
// 第三款) the payment clock shows paused, so no overdue warning runs; it runs again when
// the suspension ends, the deadline unchanged.
func TestExecutionSuspensionPausesClock(t *testing.T) {
	w := newCaseWorld(t)
	v := w.servedSummary(t, 200_00)
	w.clock.Advance(5 * 24 * time.Hour)
	if _, err := w.execAct(t, "officer1", v.ID, execution.ActInput{Act: execution.ActSuspend, Reason: "当事人于2026年3月6日申请行政复议"}); err != nil {
		t.Fatal(err)
	}
	v = w.view(t, "officer1", v.ID)
	if cl := clockOf(v, zhifa.ClockPayment); cl == nil || !cl.Paused || cl.PausedOn != zhifa.MustDate("2026-03-07") || cl.Status != "paused" {
		t.Errorf("payment clock during the suspension %+v", cl)
	}
	w.clock.Advance(20 * 24 * time.Hour)
	if _, err := w.execAct(t, "officer1", v.ID, execution.ActInput{Act: execution.ActEndSuspension}); err != nil {
		t.Fatal(err)
	}
	v = w.view(t, "officer1", v.ID)
	if cl := clockOf(v, zhifa.ClockPayment); cl == nil || cl.Paused || cl.Due != zhifa.MustDate("2026-03-17") {
		t.Errorf("payment clock after the suspension %+v", cl)
	}
	if pv := w.payment(t, v.ID); pv.LateFeeDays != 0 {
		t.Errorf("late fee counted %d days of the suspension", pv.LateFeeDays)
	}
}

// TestExecutionSelfEnforcement: an agency with the power enforces the fine itself
// (行政强制法第四十六条第一款): the head's own written decision after the reminder and more
// than thirty days of late fee (第三十五条、第三十七条), not on a statutory holiday
// (第四十三条); the court path closes once the agency decided to enforce.
func TestExecutionSelfEnforcement(t *testing.T) {
	w := newCaseWorld(t)
	v := w.servedSummary(t, 200_00)      // due 2026-03-17
	w.clock.Advance(16 * 24 * time.Hour) // 2026-03-18
	w.issueDoc(t, "officer1", v.ID, zhifa.DocReminder)
	if _, err := w.execAct(t, "officer1", v.ID, execution.ActInput{Act: execution.ActReminder, Proof: "直接送达，当事人签收"}); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(33 * 24 * time.Hour) // 2026-04-20: late fee 34 days, the reminder's ten working days past
	enforce := execution.ActInput{Act: execution.ActEnforce, Method: law.EnforceOwnPower, Basis: "《中华人民共和国税收征收管理法》第四十条"}
	_, err := w.execAct(t, "officer1", v.ID, enforce)
	wantCode(t, err, zhifa.EFORBIDDEN) // the head's own act
	_, err = w.execAct(t, "head1", v.ID, execution.ActInput{Act: execution.ActEnforce, Method: law.EnforceOwnPower, Basis: "本机关决定"})
	wantGate(t, err, law.RuleEnforce) // the law giving the power named
	_, err = w.execAct(t, "head1", v.ID, enforce)
	wantGate(t, err, law.RuleEnforceDecision) // in writing
	ed := w.issueDoc(t, "officer1", v.ID, zhifa.DocEnforcementDecision)
	if !strings.Contains(ed.Fields["reason"], "送达催告书") || !strings.Contains(ed.Fields["reason"], "尚欠") {
		t.Errorf("enforcement decision reason %q", ed.Fields["reason"])
	}
	pv, err := w.execAct(t, "head1", v.ID, enforce)
	if err != nil {
		t.Fatal(err)
	}
	if e := pv.Execution.Enforcement; e == nil || e.Method != law.EnforceOwnPower || slices.Contains(pv.Acts, execution.ActApplyCourt) {
		t.Fatalf("enforcement %+v acts %v", pv.Execution.Enforcement, pv.Acts)
	}
	w.clock.Advance(16 * 24 * time.Hour) // 2026-05-06
	done := execution.ActInput{Act: execution.ActEnforced, Date: zhifa.MustDate("2026-05-01"), Result: "依法划拨当事人存款", Proof: "划拨存款通知书回执"}
	_, err = w.execAct(t, "officer1", v.ID, done)
	wantGate(t, err, law.RuleEnforceHoliday)
	done.Date = zhifa.MustDate("2026-05-06")
	if pv, err = w.execAct(t, "officer1", v.ID, done); err != nil || pv.Execution.Enforcement.DoneOn != done.Date {
		t.Fatalf("enforced %+v %v", pv, err)
	}
	v = w.payInFull(t, w.view(t, "officer1", v.ID))
	w.mustAct(t, "officer1", v, "execute", app.ActionInput{})
}

// TestExecutionEnded: the head terminates the execution on a ground of 行政强制法第四十条
// with its proof; the clocks stop, no act is offered after it, and the case closes on it.
func TestExecutionEnded(t *testing.T) {
	w := newCaseWorld(t)
	v := w.servedSummary(t, 200_00)
	w.clock.Advance(20 * 24 * time.Hour) // overdue
	end := execution.ActInput{Act: execution.ActEnd, Ground: law.EndDeath, Proof: "死亡证明及遗产情况调查记录"}
	_, err := w.execAct(t, "officer1", v.ID, end)
	wantCode(t, err, zhifa.EFORBIDDEN) // the head's own decision
	_, err = w.execAct(t, "head1", v.ID, execution.ActInput{Act: execution.ActEnd, Ground: law.EndDeath})
	wantGate(t, err, law.RuleEndExecution) // its proof
	pv, err := w.execAct(t, "head1", v.ID, end)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Execution.Ended == nil || len(pv.Acts) != 0 || pv.Basis != law.BasisEnded {
		t.Errorf("ended: %+v acts %v basis %q", pv.Execution.Ended, pv.Acts, pv.Basis)
	}
	v = w.view(t, "officer1", v.ID)
	if cl := clockOf(v, zhifa.ClockPayment); cl == nil || !cl.Done {
		t.Errorf("payment clock after the end %+v", cl)
	}
	v = w.mustAct(t, "officer1", v, "execute", app.ActionInput{})
	if e := v.Events[len(v.Events)-1]; !strings.Contains(e.Detail, law.BasisLabel(law.BasisEnded)) {
		t.Errorf("execute event %+v", e)
	}
}
