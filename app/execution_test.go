package app_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/app/execution"
	"zhifa/law"
)

// channel issues a payment channel for the agency as the city's admin and returns the
// context of its actor (the bank's system posting notices).
func (w *world) channel(t *testing.T, ag *zhifa.Agency) (context.Context, string) {
	t.Helper()
	iss, err := w.app.Execution().IssueChannel(w.as(t, "admin"), ag.ID, execution.ChannelInput{Name: "工商银行缴款通知"})
	if err != nil {
		t.Fatalf("issue channel: %v", err)
	}
	actor, err := w.app.Execution().AuthenticateChannel(context.Background(), iss.Token)
	if err != nil {
		t.Fatalf("authenticate channel: %v", err)
	}
	return app.WithActor(context.Background(), actor), iss.Token
}

// payment is the case's payment view as officer1 reads it.
func (w *caseWorld) payment(t *testing.T, id int64) *execution.PaymentView {
	t.Helper()
	pv, err := w.app.Execution().Payment(w.as(t, "officer1"), id)
	if err != nil || pv == nil {
		t.Fatalf("payment of case %d: %v %v", id, pv, err)
	}
	return pv
}

// payInFull has the bank report the outstanding amount paid today.
func (w *caseWorld) payInFull(t *testing.T, v *app.CaseView) *app.CaseView {
	t.Helper()
	pv := w.payment(t, v.ID)
	bank, _ := w.channel(t, w.market)
	if _, err := w.app.Execution().RecordNotice(bank, execution.NoticeInput{Reference: pv.Reference, ReceiptNo: "FULL-" + pv.Reference,
		AmountFen: pv.OutstandingFen, PaidOn: w.app.Today()}); err != nil {
		t.Fatalf("notice: %v", err)
	}
	return w.view(t, "officer1", v.ID)
}

// servedSummary files a summary case with the fine, decides and serves it today.
func (w *caseWorld) servedSummary(t *testing.T, fineFen int64) *app.CaseView {
	t.Helper()
	in := w.input(zhifa.CasePenalty)
	in.Procedure = zhifa.ProcSummary
	// Another act each time: one act is fined once (行政处罚法第二十九条).
	w.served++
	in.OccurredOn = in.OccurredOn.AddDays(-w.served)
	in.Facts = fmt.Sprintf("第%d次：%s", w.served, in.Facts)
	v := w.file(t, in)
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: fineFen, Reason: "当场查获，违法事实确凿，情节轻微"})
	v = w.mustAct(t, "officer1", v, "decide", app.ActionInput{Summary: onTheSpot()})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyDecision)
	return w.mustAct(t, "officer1", v, "serve", app.ActionInput{Service: &zhifa.Service{Method: zhifa.ServeDirect, Proof: "当场交付"}})
}

func (w *caseWorld) execAct(t *testing.T, login string, id int64, in execution.ActInput) (*execution.PaymentView, error) {
	t.Helper()
	in.Version = w.payment(t, id).Version
	return w.app.Execution().Act(w.as(t, login), id, in)
}

// TestExecutionPaymentNotices: serving the decision creates the obligation and its
// fifteen-day clock (行政处罚法第六十七条第三款); payments come only from the agency's
// channel, idempotent on the receipt, partial payments accumulate, the late fee runs
// from the day after the deadline (第七十二条第一款第一项) and stops with payment; execute
// and close rest on the payment in full.
func TestExecutionPaymentNotices(t *testing.T) {
	w := newCaseWorld(t)
	v := w.servedSummary(t, 200_00) // served Monday 2026-03-02
	pv := w.payment(t, v.ID)
	if pv.Due != zhifa.MustDate("2026-03-17") || pv.PrincipalFen != 200_00 || pv.OutstandingFen != 200_00 || !execution.ValidReference(pv.Reference) {
		t.Fatalf("obligation %+v", pv)
	}
	if cl := clockOf(v, zhifa.ClockPayment); cl == nil || cl.Due != pv.Due || cl.Done {
		t.Errorf("payment clock %+v", cl)
	}
	_, err := w.act(t, "officer1", v, "execute", app.ActionInput{})
	wantGate(t, err, law.RuleExecuted+"、"+law.RuleCourt)

	notice := execution.NoticeInput{Reference: pv.Reference, ReceiptNo: "ICBC-0001", AmountFen: 100_00, PaidOn: zhifa.MustDate("2026-03-02")}
	for _, tc := range []struct {
		who  string
		ctx  context.Context
		code string
	}{
		{"officer", w.as(t, "officer1"), zhifa.EFORBIDDEN},
		{"head", w.as(t, "head1"), zhifa.EFORBIDDEN},
		{"admin", w.as(t, "admin"), zhifa.EFORBIDDEN},
		{"public", context.Background(), zhifa.EUNAUTHORIZED},
	} {
		_, err := w.app.Execution().RecordNotice(tc.ctx, notice)
		if zhifa.ErrorCode(err) != tc.code {
			t.Errorf("%s recorded a payment: %v, want %s", tc.who, err, tc.code)
		}
	}
	// Another agency's channel, and another government's admin issuing one for this agency.
	other, _ := w.channel(t, w.branch)
	_, err = w.app.Execution().RecordNotice(other, notice)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = w.app.Execution().IssueChannel(w.as(t, "outsider"), w.market.ID, execution.ChannelInput{Name: "冒名"})
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = w.app.Execution().IssueChannel(w.as(t, "officer1"), w.market.ID, execution.ChannelInput{Name: "冒名"})
	wantCode(t, err, zhifa.EFORBIDDEN)

	bank, token := w.channel(t, w.market)
	bad := notice
	bad.Reference = pv.Reference[:19] + string('0'+(pv.Reference[19]-'0'+1)%10)
	_, err = w.app.Execution().RecordNotice(bank, bad)
	wantCode(t, err, zhifa.EINVALID)
	res, err := w.app.Execution().RecordNotice(bank, notice)
	if err != nil || res.Duplicate || res.Account.PaidFen != 100_00 || res.Account.OutstandingFen != 100_00 {
		t.Fatalf("partial payment %+v %v", res, err)
	}
	res, err = w.app.Execution().RecordNotice(bank, notice) // sent again
	if err != nil || !res.Duplicate || res.Account.PaidFen != 100_00 {
		t.Fatalf("repeated notice %+v %v", res, err)
	}
	changed := notice
	changed.AmountFen = 150_00
	_, err = w.app.Execution().RecordNotice(bank, changed)
	wantCode(t, err, zhifa.EINVALID)

	// Three days late (03-18, 19, 20): 3% of the fine a day.
	w.clock.Advance(18 * 24 * time.Hour) // 2026-03-20
	pv = w.payment(t, v.ID)
	if pv.LateFeeDays != 3 || pv.LateFeeFen != 18_00 || pv.OutstandingFen != 118_00 || !pv.Overdue {
		t.Errorf("late on 03-20: %+v", pv)
	}
	rest := execution.NoticeInput{Reference: pv.Reference, ReceiptNo: "ICBC-0002", AmountFen: 100_00, PaidOn: w.app.Today()}
	if _, err := w.app.Execution().RecordNotice(bank, rest); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(5 * 24 * time.Hour) // the fee stopped when the fine was paid
	pv = w.payment(t, v.ID)
	if pv.LateFeeFen != 18_00 || pv.OutstandingFen != 18_00 || pv.SettledOn != zhifa.MustDate("2026-03-20") {
		t.Errorf("after paying the fine: %+v", pv)
	}
	v = w.view(t, "officer1", v.ID)
	_, err = w.act(t, "officer1", v, "execute", app.ActionInput{})
	wantGate(t, err, law.RuleExecuted+"、"+law.RuleCourt) // the late fee is still owed
	if _, err := w.app.Execution().RecordNotice(bank, execution.NoticeInput{Reference: pv.Reference, ReceiptNo: "ICBC-0003", AmountFen: 18_00, PaidOn: w.app.Today()}); err != nil {
		t.Fatal(err)
	}
	v = w.view(t, "officer1", v.ID)
	if cl := clockOf(v, zhifa.ClockPayment); cl == nil || !cl.Done {
		t.Errorf("payment clock after payment %+v", cl)
	}
	v = w.mustAct(t, "officer1", v, "execute", app.ActionInput{})
	if e := v.Events[len(v.Events)-1]; !strings.Contains(e.Detail, law.BasisLabel(law.BasisPaid)) {
		t.Errorf("execute event %+v does not state its basis", e)
	}
	pv = w.payment(t, v.ID)
	if pv.Basis != law.BasisPaid || len(pv.Payments) != 3 {
		t.Errorf("paid: %+v", pv)
	}
	// The 结案审批表 states what the execution rests on.
	closing, err := w.app.CreateDocument(w.as(t, "officer1"), v.ID, app.DocumentCreate{Type: zhifa.DocClosingApproval})
	if err != nil {
		t.Fatal(err)
	}
	if r := closing.Fields["result"]; !strings.Contains(r, law.BasisLabel(law.BasisPaid)) || !strings.Contains(r, "加处罚款18.00元") {
		t.Errorf("closing approval result %q", r)
	}
	// A revoked channel is refused.
	chs, err := w.app.Execution().Channels(w.as(t, "admin"), w.market.ID)
	if err != nil || len(chs) != 1 {
		t.Fatalf("channels %+v %v", chs, err)
	}
	if err := w.app.Execution().RevokeChannel(w.as(t, "admin"), w.market.ID, chs[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err = w.app.Execution().AuthenticateChannel(context.Background(), token)
	wantCode(t, err, zhifa.EUNAUTHORIZED)
}

// TestExecutionDeferralAndCourt: instalments approved by the head (第六十六条第二款) carry
// the case; an unpaid one goes through the reminder (行政强制法第三十五条、第五十四条) to the
// court within the window of 第五十三条, whose acceptance carries the case.
func TestExecutionDeferralAndCourt(t *testing.T) {
	w := newCaseWorld(t)
	deferred := w.servedSummary(t, 200_00)
	court := w.servedSummary(t, 200_00)

	instalments := []zhifa.Instalment{{Due: zhifa.MustDate("2026-04-10"), AmountFen: 100_00}, {Due: zhifa.MustDate("2026-05-11"), AmountFen: 100_00}}
	_, err := w.execAct(t, "officer1", deferred.ID, execution.ActInput{Act: execution.ActApplyDeferral, Reason: "经营困难", Instalments: instalments[:1]})
	wantGate(t, err, law.RuleDeferral) // does not add up
	if _, err := w.execAct(t, "officer1", deferred.ID, execution.ActInput{Act: execution.ActApplyDeferral, Reason: "经营困难，申请分两期缴纳", Instalments: instalments}); err != nil {
		t.Fatal(err)
	}
	_, err = w.execAct(t, "officer1", deferred.ID, execution.ActInput{Act: execution.ActDecideDeferral, Approve: true})
	wantCode(t, err, zhifa.EFORBIDDEN) // the head's own act
	pv, err := w.execAct(t, "head1", deferred.ID, execution.ActInput{Act: execution.ActDecideDeferral, Approve: true, Opinion: "同意分期"})
	if err != nil || !pv.Execution.Deferral.Approved || pv.Due != zhifa.MustDate("2026-05-11") || pv.Next == nil || pv.Next.Due != instalments[0].Due {
		t.Fatalf("approved deferral %+v %v", pv, err)
	}
	v := w.view(t, "officer1", deferred.ID)
	if cl := clockOf(v, zhifa.ClockInstalment); cl == nil || cl.Due != instalments[0].Due || !clockOf(v, zhifa.ClockPayment).Done {
		t.Errorf("instalment clock %+v", cl)
	}
	v = w.mustAct(t, "officer1", v, "execute", app.ActionInput{})
	if e := v.Events[len(v.Events)-1]; !strings.Contains(e.Detail, law.BasisLabel(law.BasisDeferred)) {
		t.Errorf("execute event %+v", e)
	}

	// The other party pays nothing. No reminder before the deadline has passed.
	_, err = w.execAct(t, "officer1", court.ID, execution.ActInput{Act: execution.ActReminder, Proof: "直接送达，当事人签收"})
	wantCode(t, err, zhifa.EINVALID)
	w.clock.Advance(16 * 24 * time.Hour) // 2026-03-18
	_, err = w.execAct(t, "officer1", court.ID, execution.ActInput{Act: execution.ActReminder, Proof: "直接送达，当事人签收"})
	wantGate(t, err, law.RuleReminder) // in writing first (第三十五条)
	rd := w.issueDoc(t, "officer1", court.ID, zhifa.DocReminder)
	for key, want := range map[string]string{"amount": "尚欠206.00元", "deadline": "十个工作日", "rights": "陈述和申辩", "manner": "缴款码"} {
		if !strings.Contains(rd.Fields[key], want) && !strings.Contains(rd.Fields[key], strings.ReplaceAll(want, "十", "10")) {
			t.Errorf("reminder %s = %q, want it to state %q (行政强制法第三十五条)", key, rd.Fields[key], want)
		}
	}
	_, err = w.execAct(t, "officer1", court.ID, execution.ActInput{Act: execution.ActReminder})
	wantGate(t, err, law.RuleReminder) // how it was served (第三十八条)
	if _, err := w.execAct(t, "officer1", court.ID, execution.ActInput{Act: execution.ActReminder, Proof: "直接送达，当事人签收"}); err != nil {
		t.Fatal(err)
	}
	v = w.view(t, "officer1", court.ID)
	if cl := clockOf(v, zhifa.ClockReminder); cl == nil || cl.Due != zhifa.MustDate("2026-04-01") {
		t.Errorf("reminder clock %+v, want ten working days to 2026-04-01", cl)
	}
	if _, err := w.execAct(t, "officer1", court.ID, execution.ActInput{Act: execution.ActStatement, Statement: "当事人称资金紧张", Response: "经复核，理由不成立"}); err != nil {
		t.Fatal(err)
	}
	apply := execution.ActInput{Act: execution.ActApplyCourt, Court: "东港市市南区人民法院"}
	_, err = w.execAct(t, "officer1", court.ID, apply)
	wantGate(t, err, law.RuleReminder)   // ten working days not over
	w.clock.Advance(15 * 24 * time.Hour) // 2026-04-02
	_, err = w.execAct(t, "officer1", court.ID, apply)
	wantGate(t, err, law.RuleCourt)      // the sixty days of reconsideration run until 05-06
	w.clock.Advance(36 * 24 * time.Hour) // 2026-05-08
	pv = w.payment(t, court.ID)
	if pv.LateFeeFen != 200_00 || pv.OutstandingFen != 400_00 || pv.CourtFrom != zhifa.MustDate("2026-05-07") {
		t.Errorf("late fee capped at the fine (行政强制法第四十五条): %+v", pv)
	}
	_, err = w.execAct(t, "officer1", court.ID, apply)
	wantGate(t, err, law.RuleCourtDocument) // the application signed by the head (第五十五条)
	ca := w.issueDoc(t, "officer1", court.ID, zhifa.DocCourtApplication)
	if !strings.Contains(ca.Fields["reminder"], "送达催告书") || !strings.Contains(ca.Fields["reminder"], "资金紧张") || !strings.Contains(ca.Fields["approval"], "同意") {
		t.Errorf("court application %+v", ca.Fields)
	}
	if _, err := w.execAct(t, "officer1", court.ID, apply); err != nil {
		t.Fatal(err)
	}
	v = w.view(t, "officer1", court.ID)
	_, err = w.act(t, "officer1", v, "execute", app.ActionInput{})
	wantGate(t, err, law.RuleExecuted+"、"+law.RuleCourt) // applied, not accepted
	if _, err := w.execAct(t, "officer1", court.ID, execution.ActInput{Act: execution.ActCourtAccepted, CourtCase: "（2026）鲁0202行审12号"}); err != nil {
		t.Fatal(err)
	}
	v = w.view(t, "officer1", court.ID)
	v = w.mustAct(t, "officer1", v, "execute", app.ActionInput{})
	if e := v.Events[len(v.Events)-1]; !strings.Contains(e.Detail, law.BasisLabel(law.BasisCourt)) {
		t.Errorf("execute event %+v", e)
	}
	// Another government's officer sees nothing; the head's dashboard counts both.
	_, err = w.app.Execution().Payment(w.as(t, "outsider"), court.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
	stats, err := w.app.Execution().Stats(w.as(t, "head1"))
	if err != nil || len(stats) != 1 || stats[0].Obligations != 2 || stats[0].Overdue != 1 || stats[0].PaidFen != 0 {
		t.Errorf("stats %+v %v", stats, err)
	}
}

// TestExecutionDecisionDocument: the decision states its payment reference and the
// payee account (行政处罚法第五十九条第一款第五项、第六十七条第三款).
func TestExecutionDecisionDocument(t *testing.T) {
	w := newCaseWorld(t)
	ctx := w.as(t, "admin")
	if _, err := w.app.Execution().SetPayee(ctx, w.market.ID, zhifa.Payee{Name: "东港市财政局", Bank: "工商银行", Account: "3701"}); err != nil {
		t.Fatal(err)
	}
	_, err := w.app.Execution().SetPayee(w.as(t, "officer1"), w.market.ID, zhifa.Payee{Name: "冒名", Bank: "某行", Account: "1"})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.Execution().SetPayee(w.as(t, "outsider"), w.market.ID, zhifa.Payee{Name: "冒名", Bank: "某行", Account: "1"})
	wantCode(t, err, zhifa.ENOTFOUND)
	in := w.input(zhifa.CasePenalty)
	in.Procedure = zhifa.ProcSummary
	v := w.file(t, in)
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 100_00, Reason: "当场查获，违法事实确凿"})
	v = w.mustAct(t, "officer1", v, "decide", app.ActionInput{Summary: onTheSpot()})
	d, err := w.app.CreateDocument(w.as(t, "officer1"), v.ID, app.DocumentCreate{Type: zhifa.DocPenaltyDecision})
	if err != nil {
		t.Fatal(err)
	}
	perf := d.Fields["performance"]
	if !strings.Contains(perf, "缴款码："+execution.Reference(w.market.ID, v.ID)) || !strings.Contains(perf, "账号：3701") {
		t.Errorf("performance %q", perf)
	}
}

// TestExecutionOnTheSpot: only where 第六十八条 allows, with the official receipt (第七十条)
// and the remittance clocks of 第七十一条.
func TestExecutionOnTheSpot(t *testing.T) {
	w := newCaseWorld(t)
	big := w.servedSummary(t, 150_00)
	_, err := w.execAct(t, "officer1", big.ID, execution.ActInput{Act: execution.ActOnSpot, Ground: law.OnSpotSmall, ReceiptNo: "鲁财0001", AmountFen: 150_00})
	wantGate(t, err, law.RuleOnSpot) // more than 100 yuan
	small := w.servedSummary(t, 50_00)
	_, err = w.execAct(t, "officer1", small.ID, execution.ActInput{Act: execution.ActOnSpot, Ground: law.OnSpotSmall, AmountFen: 50_00})
	wantGate(t, err, law.RuleOnSpotReceipt)
	pv, err := w.execAct(t, "officer1", small.ID, execution.ActInput{Act: execution.ActOnSpot, Ground: law.OnSpotSmall, ReceiptNo: "鲁财0002", AmountFen: 50_00})
	if err != nil || pv.OutstandingFen != 0 || pv.Payments[0].Source != zhifa.PaymentOnSpot {
		t.Fatalf("on the spot %+v %v", pv, err)
	}
	v := w.view(t, "officer1", small.ID)
	if cl := clockOf(v, zhifa.ClockRemitAgency); cl == nil || cl.Due != zhifa.MustDate("2026-03-04") {
		t.Errorf("remit clock %+v", cl)
	}
	if _, err := w.execAct(t, "officer1", small.ID, execution.ActInput{Act: execution.ActHandIn}); err != nil {
		t.Fatal(err)
	}
	_, err = w.execAct(t, "officer1", small.ID, execution.ActInput{Act: execution.ActBank})
	wantCode(t, err, zhifa.EINVALID) // the bank's receipt
	if _, err := w.execAct(t, "officer1", small.ID, execution.ActInput{Act: execution.ActBank, ReceiptNo: "ICBC-9"}); err != nil {
		t.Fatal(err)
	}
	v = w.view(t, "officer1", small.ID)
	if cl := clockOf(v, zhifa.ClockRemitBank); cl == nil || !cl.Done {
		t.Errorf("bank clock %+v", cl)
	}
	w.mustAct(t, "officer1", v, "execute", app.ActionInput{})
	// Stale version and another agency's officer.
	_, err = w.app.Execution().Act(w.as(t, "officer1"), big.ID, execution.ActInput{Act: execution.ActSuspend, Reason: "申请行政复议", Version: 99})
	wantCode(t, err, zhifa.ECONFLICT)
}

// TestExecutionProperty: items seized or confiscated are listed with custody, value and
// case evidence as photos; disposal (行政处罚法第七十四条) is requested after the decision,
// approved by the head alone, and recorded with its proof, a sale's proceeds with the
// treasury's receipt.
func TestExecutionProperty(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CaseCompulsory))
	wav := append([]byte("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00"), make([]byte, 64)...)
	rec, _, err := w.app.UploadCaseEvidence(w.as(t, "officer1"), v.ID, "seize", evidence.EvidenceInput{Kind: zhifa.EvidenceAudio, Title: "扣押物品清点录音",
		MIME: "audio/wav", CapturedAt: w.clock.Now().Add(-time.Minute), DeviceID: "JLY-7", Place: "东港市人民路1号", OfficerIDs: w.certified}, bytes.NewReader(wav))
	if err != nil {
		t.Fatal(err)
	}
	ex := w.app.Execution()
	in := execution.PropertyInput{Name: "过期奶粉", Quantity: "20箱", ValueFen: 6000_00, Custody: "本局涉案财物库，保管人王某", Photos: []int64{rec.EvidenceID}}
	bad := in
	bad.Photos = []int64{rec.EvidenceID + 1000}
	_, err = ex.AddProperty(w.as(t, "officer1"), v.ID, bad)
	wantCode(t, err, zhifa.EINVALID) // not this case's evidence
	_, err = ex.AddProperty(w.as(t, "outsider"), v.ID, in)
	wantCode(t, err, zhifa.EFORBIDDEN) // no case-handling permission
	item, err := ex.AddProperty(w.as(t, "officer1"), v.ID, in)
	if err != nil || item.Status != zhifa.PropertyHeld || len(item.Acts) != 0 {
		t.Fatalf("listed %+v %v", item, err)
	}
	// After the decision the officer asks to sell; only the head approves.
	if err := w.store.Update(context.Background(), func(tx zhifa.Tx) error {
		c, err := tx.Case(context.Background(), v.ID)
		if err != nil {
			return err
		}
		c.State.DecidedOn = w.app.Today()
		return tx.UpdateCase(context.Background(), c)
	}); err != nil {
		t.Fatal(err)
	}
	act := func(login string, in execution.PropertyActInput) (*execution.PropertyView, error) {
		items, err := ex.Property(w.as(t, "officer1"), v.ID)
		if err != nil || len(items) != 1 {
			t.Fatalf("items %+v %v", items, err)
		}
		in.Version = items[0].Version
		return ex.PropertyAct(w.as(t, login), item.ID, in)
	}
	_, err = act("officer1", execution.PropertyActInput{Act: execution.PropertyRequest, Method: "use", Reason: "留用"})
	wantGate(t, err, law.RuleDisposal)
	if _, err := act("officer1", execution.PropertyActInput{Act: execution.PropertyRequest, Method: law.DisposalSale, Reason: "易腐物品，依法变卖"}); err != nil {
		t.Fatal(err)
	}
	_, err = act("officer1", execution.PropertyActInput{Act: execution.PropertyDecide, Approve: true})
	wantCode(t, err, zhifa.EFORBIDDEN)
	if _, err := act("head1", execution.PropertyActInput{Act: execution.PropertyDecide, Approve: true, Opinion: "同意变卖"}); err != nil {
		t.Fatal(err)
	}
	_, err = act("officer1", execution.PropertyActInput{Act: execution.PropertyRecord, Proof: "变卖协议", ProceedsFen: 3000_00})
	wantGate(t, err, law.RuleDisposal) // the treasury's receipt
	done, err := act("officer1", execution.PropertyActInput{Act: execution.PropertyRecord, Proof: "变卖协议", ProceedsFen: 3000_00, TreasuryReceipt: "国库2026-001"})
	if err != nil || done.Status != zhifa.PropertyDisposed || done.Disposal.TreasuryReceipt != "国库2026-001" {
		t.Fatalf("disposed %+v %v", done, err)
	}
	_, err = ex.Property(w.as(t, "outsider"), v.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = ex.PropertyAct(w.as(t, "outsider"), item.ID, execution.PropertyActInput{Act: execution.PropertyRecord, Version: done.Version})
	wantCode(t, err, zhifa.EFORBIDDEN)
}
