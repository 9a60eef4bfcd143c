package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/app/supervision"
	"zhifa/law"
)

// decided drives an ordinary penalty case to its decision on Monday 2026-03-02: the
// statement period waived, no hearing right, decided by head1. Its natural-person party
// is 李建国 with his 身份证号 and phone.
func (w *caseWorld) decided(t *testing.T, party string) *app.CaseView {
	t.Helper()
	in := w.input(zhifa.CasePenalty)
	in.Parties = []app.PartyInput{{Kind: zhifa.PartyPerson, Name: party, IDNumber: "370202199001011237", Phone: "13912345678",
		Address: "东港市海滨路18号3栋501室"}}
	in.Facts = "经查，" + party + "在东港市海滨路18号经营的摊位销售超过保质期的食品，联系电话13912345678。"
	v := w.file(t, in)
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"警告", "罚款"}, Fine: 500000, Reason: "销售超过保质期的食品，首次违法，情节一般"})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "waive_statement", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{})
	return w.mustAct(t, "head1", v, "decide", app.ActionInput{Fine: 500000})
}

// TestPublicationFlow: the decision enters the queue with its 7-working-day clock (118号
// （六）), the generated public version is redacted, the head alone approves, the
// publication is a public ledger entry and stops the clock, the portal lists and finds
// it without personal data, a withdrawal keeps the reason public, and nothing outside
// the actor's scope is visible (issue 13; C3–C5).
func TestPublicationFlow(t *testing.T) {
	w := newCaseWorld(t)
	pub := w.app.Publicity()
	v := w.decided(t, "李建国")
	cl := clockOf(v, zhifa.ClockPublish)
	if cl == nil || cl.Due != zhifa.MustDate("2026-03-11") || cl.Status == law.ClockDone {
		t.Fatalf("publish clock %+v, want running, due 2026-03-11 (7 working days from 2026-03-02)", cl)
	}
	officer, head := w.as(t, "officer1"), w.as(t, "head1")
	p, err := pub.OfCase(officer, v.ID)
	if err != nil || p == nil || p.Status != zhifa.PubQueued || p.PublicParty != "李某" {
		t.Fatalf("publication of the case: %+v, %v", p, err)
	}
	if _, err := pub.OfCase(w.as(t, "outsider"), v.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("another government's admin reads the publication: %v", err)
	}
	if _, err := pub.Get(w.as(t, "outsider"), p.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("another government's admin opens the publication: %v", err)
	}
	view, err := pub.Get(officer, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(view.Original, "370202199001011237") || strings.Contains(view.Draft, "370202199001011237") ||
		strings.Contains(view.Draft, "李建国") || strings.Contains(view.Draft, "13912345678") || !strings.Contains(view.Draft, "李某") {
		t.Errorf("draft not redacted against the original:\n%s\n---\n%s", view.Original, view.Draft)
	}
	if !view.MayPrepare || view.MayApprove {
		t.Errorf("officer may prepare %v, approve %v", view.MayPrepare, view.MayApprove)
	}

	// Approval before preparation, by the officer, and of a text with an ID: refused.
	if _, err := pub.Approve(head, p.ID, p.Version); zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Errorf("approve unprepared: %v", err)
	}
	_, err = pub.Prepare(officer, p.ID, publicity.PrepareInput{Version: p.Version, Keep: []publicity.Keep{{Text: "370202199001011237", Reason: "要求公开"}}})
	wantCode(t, err, zhifa.EINVALID)
	p, err = pub.Prepare(officer, p.ID, publicity.PrepareInput{Version: p.Version,
		Text: view.Draft + "\n补充：当事人身份证号370202199001011237。", Secrets: []string{"补充"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(p.Draft, "370202199001011237") || strings.Contains(p.Draft, "补充") || p.Status != zhifa.PubPrepared {
		t.Errorf("an edited version is redacted again: %s", p.Draft)
	}
	if _, err := pub.Approve(officer, p.ID, p.Version); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Errorf("the officer approves: %v", err)
	}
	before := w.ledgerSize(t)
	w.clock.Advance(24 * time.Hour)
	p, err = pub.Approve(head, p.ID, p.Version)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != zhifa.PubPublished || p.PublishedOn != zhifa.MustDate("2026-03-03") || p.DisplayUntil != zhifa.MustDate("2029-03-02") {
		t.Errorf("published %+v", p)
	}
	if w.ledgerSize(t)-before != 1 {
		t.Errorf("publication appended %d entries, want 1", w.ledgerSize(t)-before)
	}
	if cl := clockOf(w.view(t, "officer1", v.ID), zhifa.ClockPublish); cl.Status != law.ClockDone {
		t.Errorf("publish clock after publication: %+v", cl)
	}

	// The portal: listed, found by a two-character word and by number, no personal data.
	public := context.Background()
	for _, q := range []string{"", "李某", v.Number, "食品"} {
		page, err := pub.Decisions(public, publicity.PublicQuery{Q: q})
		if err != nil || len(page.Decisions) != 1 || page.Decisions[0].ID != p.ID {
			t.Errorf("portal search %q: %+v, %v", q, page, err)
		}
	}
	d, err := pub.Decision(public, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"李建国", "370202199001011237", "13912345678", "18号", "首次违法"} {
		if strings.Contains(d.Text+d.Party+d.Conclusion+d.EntryData, secret) {
			t.Errorf("the portal shows %q", secret)
		}
	}
	if !strings.Contains(d.EntryData, `"publicity.publish"`) || !strings.Contains(d.EntryData, "李某") {
		t.Errorf("entry data %s", d.EntryData)
	}
	if _, err := pub.Decisions(public, publicity.PublicQuery{Q: "李"}); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("one-character search: %v", err)
	}

	// The decision falls: a 3-working-day withdrawal clock, the warning once it runs out,
	// then the head withdraws with the reason published.
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if err := w.store.Update(sys, func(tx zhifa.Tx) error {
		return pub.WithdrawTx(sys, tx, v.ID, "行政复议决定撤销原处罚决定")
	}); err != nil {
		t.Fatal(err)
	}
	if cl := clockOf(w.view(t, "officer1", v.ID), zhifa.ClockWithdraw); cl == nil || cl.Due != zhifa.MustDate("2026-03-06") {
		t.Errorf("withdraw clock %+v, want due 2026-03-06", cl)
	}
	w.clock.Advance(4 * 24 * time.Hour)
	warns, err := w.app.CaseWarnings(head)
	if err != nil || !hasWarningKind(warns, app.WarnPublishOverdue) {
		t.Errorf("no overdue-publication warning: %+v, %v", warns, err)
	}
	p, _ = pub.OfCase(officer, v.ID)
	_, err = pub.Withdraw(head, p.ID, publicity.WithdrawInput{Version: p.Version})
	wantCode(t, err, zhifa.EINVALID)
	if p, err = pub.Withdraw(head, p.ID, publicity.WithdrawInput{Version: p.Version, Reason: "原处罚决定已被行政复议机关撤销"}); err != nil {
		t.Fatal(err)
	}
	d, err = pub.Decision(public, p.ID)
	if err != nil || d.Status != string(zhifa.PubWithdrawn) || d.Text != "" || d.WithdrawReason != "原处罚决定已被行政复议机关撤销" ||
		strings.Contains(d.EntryData, "李某") || !strings.Contains(d.EntryData, "publicity.withdraw") {
		t.Errorf("withdrawn decision on the portal: %+v, %v", d, err)
	}
	if warns, _ := w.app.CaseWarnings(head); hasWarningKind(warns, app.WarnPublishOverdue) {
		t.Errorf("warning left after withdrawal: %+v", warns)
	}
	// After the display period the decision leaves the portal.
	w.clock.Advance(3 * 366 * 24 * time.Hour)
	if _, err := pub.Decision(public, p.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("after the display period: %v", err)
	}
}

// TestPublicationDecline: not publishing needs the head, a ground the law gives and a
// reason; a declined decision never reaches the portal.
func TestPublicationDecline(t *testing.T) {
	w := newCaseWorld(t)
	pub := w.app.Publicity()
	v := w.decided(t, "王海燕")
	p, err := pub.OfCase(w.as(t, "officer1"), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	head := w.as(t, "head1")
	for _, tt := range []struct {
		login string
		in    publicity.DeclineInput
		code  string
	}{
		{"officer1", publicity.DeclineInput{Ground: "trade_secret", Reason: "涉及配方"}, zhifa.EFORBIDDEN},
		{"head1", publicity.DeclineInput{Ground: "inconvenient", Reason: "不便公开"}, zhifa.EINVALID},
		{"head1", publicity.DeclineInput{Ground: "trade_secret"}, zhifa.EINVALID},
		{"outsider", publicity.DeclineInput{Ground: "trade_secret", Reason: "涉及配方"}, zhifa.EFORBIDDEN},
	} {
		tt.in.Version = p.Version
		_, err := pub.Decline(w.as(t, tt.login), p.ID, tt.in)
		if zhifa.ErrorCode(err) != tt.code && !(tt.login == "outsider" && zhifa.ErrorCode(err) == zhifa.ENOTFOUND) {
			t.Errorf("%s %+v: %v, want %s", tt.login, tt.in, err, tt.code)
		}
	}
	p, err = pub.Decline(head, p.ID, publicity.DeclineInput{Version: p.Version, Ground: "trade_secret", Reason: "处罚决定载明的工艺配方属于商业秘密，无法通过处理消除"})
	if err != nil || p.Status != zhifa.PubDeclined || p.Ground != "trade_secret" {
		t.Fatalf("decline: %+v, %v", p, err)
	}
	if _, err := pub.Decision(context.Background(), p.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("a declined decision on the portal: %v", err)
	}
	if cl := clockOf(w.view(t, "officer1", v.ID), zhifa.ClockPublish); cl.Status != law.ClockDone {
		t.Errorf("publish clock after decline: %+v", cl)
	}
}

// TestPublicityRule: only the head sets the agency's rule, never a longer period; a
// shorter period applies to the next decision.
func TestPublicityRule(t *testing.T) {
	w := newCaseWorld(t)
	pub := w.app.Publicity()
	r := zhifa.PublicityRule{AgencyID: w.market.ID, PenaltyDays: 8}
	if _, err := pub.SetRule(w.as(t, "head1"), r); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("8 days: %v", err)
	}
	r.PenaltyDays = 3
	if _, err := pub.SetRule(w.as(t, "officer1"), r); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Errorf("officer sets the rule: %v", err)
	}
	if _, err := pub.SetRule(w.as(t, "head1"), r); err != nil {
		t.Fatal(err)
	}
	v := w.decided(t, "赵志强")
	if cl := clockOf(v, zhifa.ClockPublish); cl == nil || cl.Due != zhifa.MustDate("2026-03-05") {
		t.Errorf("publish clock with the agency's 3 days: %+v", cl)
	}
}

func hasWarningKind(ws []app.Warning, kind string) bool {
	for _, w := range ws {
		if w.Kind == kind {
			return true
		}
	}
	return false
}

// TestCorrectedDecisionWithdrawn: a reconsideration that revokes a published decision
// starts its withdrawal from the portal in the outcome's transaction: the withdrawal
// clock of three working days on the case, the reason kept for publication (行政处罚法
// 第四十八条第二款; the supervision and publicity contexts wired by app).
func TestCorrectedDecisionWithdrawn(t *testing.T) {
	w := newCaseWorld(t)
	pub := w.app.Publicity()
	v := w.decided(t, "李建国")
	officer, head := w.as(t, "officer1"), w.as(t, "head1")
	p, err := pub.OfCase(officer, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	view, err := pub.Get(officer, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = pub.Prepare(officer, p.ID, publicity.PrepareInput{Version: p.Version, Text: view.Draft}); err != nil {
		t.Fatal(err)
	}
	if p, err = pub.Approve(head, p.ID, p.Version); err != nil || p.Status != zhifa.PubPublished {
		t.Fatalf("publish: %+v, %v", p, err)
	}
	sv := w.app.Supervision()
	rin := supervision.ReviewInput{Kind: zhifa.ReviewReconsideration, Applicant: "李某", Body: "东港市人民政府",
		ReceivedOn: zhifa.MustDate("2026-03-02"), ViaAgency: true, CopyReceivedOn: zhifa.MustDate("2026-03-02")}
	r, err := sv.RecordReview(officer, v.ID, rin)
	if err != nil {
		t.Fatal(err)
	}
	rin.Version, rin.Outcome, rin.OutcomeOn = r.Version, zhifa.OutcomeRevoke, zhifa.MustDate("2026-03-02")
	if _, err := sv.UpdateReview(officer, r.ID, rin); err != nil {
		t.Fatal(err)
	}
	cl := clockOf(w.view(t, "officer1", v.ID), zhifa.ClockWithdraw)
	if cl == nil || cl.Due != zhifa.MustDate("2026-03-05") {
		t.Fatalf("withdraw clock %+v, want due 2026-03-05 (3 working days from 2026-03-02)", cl)
	}
	if p, err = pub.OfCase(officer, v.ID); err != nil || p.WithdrawDue != cl.Due || !strings.Contains(p.WithdrawReason, "撤销") {
		t.Errorf("publication after the revocation: %+v, %v", p, err)
	}
}
