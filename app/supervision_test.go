package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/law"
)

// easyPoW makes the proof of work cheap in tests: 4 bits.
func easyPoW(w *caseWorld) {
	w.app.Supervision().SetAbuseControl(supervision.NewRateLimiter(5, time.Hour, w.clock.Now),
		supervision.NewRateLimiter(30, time.Hour, w.clock.Now), supervision.NewPoW(4, time.Minute, w.clock.Now))
}

// unsolved is a nonce that does not do the challenge's work (at 4 bits, one nonce in
// sixteen does it by chance).
func unsolved(ch supervision.Challenge) string {
	for i := 0; ; i++ {
		nonce := "x" + strconv.Itoa(i)
		if supervision.LeadingZeroBits(sha256.Sum256([]byte(ch.Challenge+":"+nonce))) < ch.Bits {
			return nonce
		}
	}
}

func public(ip string) context.Context {
	return app.WithActor(context.Background(), &app.Actor{IP: ip})
}

func solved(w *caseWorld, in supervision.ComplaintInput) supervision.ComplaintInput {
	ch := w.app.Supervision().Challenge()
	in.Challenge, in.Nonce = ch.Challenge, supervision.Solve(ch.Challenge, ch.Bits)
	return in
}

func namedComplaint(agency int64) supervision.ComplaintInput {
	return supervision.ComplaintInput{Kind: zhifa.ComplaintKindComplaint, Subject: zhifa.ComplaintAboutEnterprise, AgencyID: agency,
		Target: "东港市某超市", Content: "购买的牛奶已过保质期", Request: "退货并赔偿", Named: true, Name: "李秀英",
		Phone: "13912345678", Address: "东港市海滨路1号"}
}

// TestComplaintIntake: the public form's validation, proof of work, rate limit, and the
// tracking query that shows progress only to the holder of the code.
func TestComplaintIntake(t *testing.T) {
	w := newCaseWorld(t)
	easyPoW(w)
	sv := w.app.Supervision()
	ctx := public("198.51.100.7")

	anon := namedComplaint(w.market.ID)
	anon.Named = false
	_, err := sv.Submit(ctx, solved(w, anon), nil)
	wantCode(t, err, zhifa.EINVALID) // 暂行办法第九条: a complaint names the complainant

	noWork := namedComplaint(w.market.ID)
	ch := sv.Challenge()
	noWork.Challenge, noWork.Nonce = ch.Challenge, unsolved(ch)
	_, err = sv.Submit(ctx, noWork, nil)
	wantCode(t, err, zhifa.EINVALID)

	in := solved(w, namedComplaint(w.market.ID))
	rc, err := sv.Submit(ctx, in, []supervision.Attachment{{Name: "小票.txt", R: strings.NewReader("小票：牛奶一盒 12.5元")}})
	if err != nil {
		t.Fatal(err)
	}
	// 第十四条: seven working days from Monday 2026-03-02.
	if rc.Number == "" || len(rc.Code) != supervision.CodeLength || rc.AgencyName != w.market.Name || rc.AcceptDue != zhifa.MustDate("2026-03-11") {
		t.Fatalf("receipt %+v", rc)
	}
	_, err = sv.Submit(ctx, in, nil) // the same solved challenge again
	wantCode(t, err, zhifa.EINVALID)

	got, err := sv.Track(public("203.0.113.9"), rc.Number, strings.ToLower(rc.Code))
	if err != nil {
		t.Fatal(err)
	}
	if got.State != zhifa.ComplaintReceived.Label() || len(got.Progress) != 1 || got.Reply != "" {
		t.Errorf("tracking %+v", got)
	}
	body, _ := json.Marshal(got)
	for _, personal := range []string{"李秀英", "13912345678", "海滨路", "牛奶"} {
		if strings.Contains(string(body), personal) {
			t.Errorf("tracking shows %q: %s", personal, body)
		}
	}
	for _, q := range [][2]string{{rc.Number, "WRONGCODE2345678"}, {rc.Number, ""}, {"TS2026030212345678", rc.Code}} {
		_, err := sv.Track(public("203.0.113.9"), q[0], q[1])
		wantCode(t, err, zhifa.ENOTFOUND)
		if zhifa.ErrorMessage(err) != "编号或查询码不正确" {
			t.Errorf("wrong number or code tells %q", zhifa.ErrorMessage(err))
		}
	}

	// Rate limit: five submissions an hour per address (one refused above was counted
	// too); another address is not affected, and the window passes.
	var limited error
	for range 5 {
		if _, limited = sv.Submit(ctx, solved(w, namedComplaint(w.market.ID)), nil); limited != nil {
			break
		}
	}
	wantCode(t, limited, zhifa.EFORBIDDEN)
	if _, err := sv.Submit(public("198.51.100.8"), solved(w, namedComplaint(w.market.ID)), nil); err != nil {
		t.Errorf("another address: %v", err)
	}
	w.clock.Advance(time.Hour + time.Second)
	easyPoW(w) // fresh challenges: the old key's expired ones are gone with it
	if _, err := sv.Submit(ctx, solved(w, namedComplaint(w.market.ID)), nil); err != nil {
		t.Errorf("after the window: %v", err)
	}
	// The attachment opens for the handlers only, as stored.
	page, err := sv.Complaints(w.as(t, "officer1"), supervision.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	first := page.Items[len(page.Items)-1].ID
	v, err := sv.Complaint(w.as(t, "officer1"), first)
	if err != nil || len(v.Files) != 1 || v.Files[0].MIME != "text/plain; charset=utf-8" {
		t.Fatalf("files %+v, %v", v, err)
	}
	f, obj, err := sv.OpenFile(w.as(t, "officer1"), first, v.Files[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	content, _ := io.ReadAll(obj)
	obj.Close()
	if f.Name != "小票.txt" || string(content) != "小票：牛奶一盒 12.5元" {
		t.Errorf("attachment %q: %q", f.Name, content)
	}
	for _, login := range []string{"supervisor1", "outsider"} {
		_, _, err := sv.OpenFile(w.as(t, login), first, v.Files[0].ID)
		wantCode(t, err, zhifa.ENOTFOUND)
	}
	_, _, err = sv.OpenFile(w.as(t, "officer1"), first, v.Files[0].ID+1000)
	wantCode(t, err, zhifa.ENOTFOUND)
	// Attachments: type sniffed from the content.
	_, err = sv.Submit(public("198.51.100.20"), solved(w, namedComplaint(w.market.ID)), []supervision.Attachment{{Name: "a.exe", R: strings.NewReader("MZ\x90\x00\x03\x00\x00\x00\x04\x00")}})
	wantCode(t, err, zhifa.EINVALID)
}

// TestComplaintHandling: routing, scope for other agencies and roles, transfer, the
// acceptance and reply clocks, and the reply the public then sees.
func TestComplaintHandling(t *testing.T) {
	w := newCaseWorld(t)
	easyPoW(w)
	sv := w.app.Supervision()
	conduct := namedComplaint(w.market.ID)
	conduct.Subject, conduct.Target = zhifa.ComplaintAboutConduct, "东港市市场监督管理局执法人员"
	rcConduct, err := sv.Submit(public("198.51.100.1"), solved(w, conduct), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rcConduct.AgencyName != w.judge.Name {
		t.Errorf("a conduct complaint went to %s, want the justice bureau", rcConduct.AgencyName)
	}
	rc, err := sv.Submit(public("198.51.100.1"), solved(w, namedComplaint(w.market.ID)), nil)
	if err != nil {
		t.Fatal(err)
	}
	officer := w.as(t, "officer1")
	page, err := sv.Complaints(officer, supervision.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Number != rc.Number || len(page.Items[0].Clocks) != 1 {
		t.Fatalf("officer's list %+v", page.Items)
	}
	id := page.Items[0].ID
	v, err := sv.Complaint(officer, id)
	if err != nil {
		t.Fatal(err)
	}
	if v.Complainant.Name != "李秀英" || !v.MayHandle {
		t.Errorf("handler's view %+v", v.Complainant)
	}
	// Outside the scope the complaint does not exist; a reviewer has no business with it;
	// the supervisor reads it without the complainant and cannot act on it.
	_, err = sv.Complaint(w.as(t, "outsider"), id)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = sv.Act(w.as(t, "outsider"), id, "accept", supervision.ActionInput{Version: v.Version})
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = sv.Complaint(w.as(t, "reviewer1"), id)
	wantCode(t, err, zhifa.EFORBIDDEN)
	sup, err := sv.Complaint(w.as(t, "supervisor1"), id)
	if err != nil {
		t.Fatal(err)
	}
	if sup.Complainant.Name != "" || sup.Complainant.Phone != "" || sup.MayHandle {
		t.Errorf("supervisor sees %+v", sup.Complainant)
	}
	_, err = sv.Act(w.as(t, "supervisor1"), id, "accept", supervision.ActionInput{Version: v.Version})
	wantCode(t, err, zhifa.EFORBIDDEN)
	outsiderList, err := sv.Complaints(w.as(t, "outsider"), supervision.ListFilter{})
	if err != nil || len(outsiderList.Items) != 0 {
		t.Errorf("outsider's list %+v, %v", outsiderList, err)
	}

	_, err = sv.Act(officer, id, "transfer", supervision.ActionInput{Version: v.Version, AgencyID: w.branch.ID})
	wantCode(t, err, zhifa.EINVALID) // a reason is required
	_, err = sv.Act(officer, id, "transfer", supervision.ActionInput{Version: v.Version, AgencyID: w.city.ID, Reason: "管辖"})
	wantCode(t, err, zhifa.EINVALID) // a government is not an enforcement agency
	_, err = sv.Act(officer, id, "accept", supervision.ActionInput{Version: v.Version, ReplyDays: law.MaxReplyDays + 1})
	wantGate(t, err, law.RuleComplaintReply)
	v, err = sv.Act(officer, id, "accept", supervision.ActionInput{Version: v.Version, ReplyDays: 10})
	if err != nil {
		t.Fatal(err)
	}
	if v.State != zhifa.ComplaintAccepted || len(v.ClockViews) != 2 || !v.ClockViews[0].Done || v.ClockViews[1].Due != zhifa.MustDate("2026-03-16") {
		t.Errorf("accepted %+v", v.ClockViews)
	}
	_, err = sv.Act(officer, id, "reply", supervision.ActionInput{Version: v.Version - 1, Reply: "x"})
	wantCode(t, err, zhifa.ECONFLICT)
	_, err = sv.Act(officer, id, "refuse", supervision.ActionInput{Version: v.Version, Reply: "不属于本机关职责"})
	wantCode(t, err, zhifa.EINVALID)
	// Overdue filter: the reply is due 2026-03-16; on the 17th the complaint is overdue.
	w.clock.Advance(15 * 24 * time.Hour)
	overdue, err := sv.Complaints(officer, supervision.ListFilter{Overdue: true})
	if err != nil || len(overdue.Items) != 1 || overdue.Items[0].Clocks[0].Status != law.ClockOverdue {
		t.Errorf("overdue %+v, %v", overdue, err)
	}
	v, err = sv.Act(officer, id, "reply", supervision.ActionInput{Version: v.Version, Reply: "经核查，已责令该超市下架并退款。"})
	if err != nil {
		t.Fatal(err)
	}
	if v.State != zhifa.ComplaintReplied || !v.NextDue.IsZero() {
		t.Errorf("replied %+v", v.Complaint)
	}
	got, err := sv.Track(public("203.0.113.1"), rc.Number, rc.Code)
	if err != nil {
		t.Fatal(err)
	}
	if got.Reply != "经核查，已责令该超市下架并退款。" || len(got.Progress) != 3 {
		t.Errorf("public view %+v", got)
	}

	// The justice bureau transfers the conduct complaint back to the market bureau.
	judge := w.as(t, "supervisor1")
	list, err := sv.Complaints(judge, supervision.ListFilter{State: zhifa.ComplaintReceived})
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("justice bureau list %+v, %v", list, err)
	}
	jv, err := sv.Complaint(judge, list.Items[0].ID)
	if err != nil || !jv.MayHandle {
		t.Fatalf("justice bureau view %+v, %v", jv, err)
	}
	jv, err = sv.Act(judge, jv.ID, "transfer", supervision.ActionInput{Version: jv.Version, AgencyID: w.market.ID, Reason: "属市场监管业务投诉"})
	if err != nil {
		t.Fatal(err)
	}
	if jv.AgencyID != w.market.ID || jv.MayHandle || jv.Events[1].ToName != w.market.Name {
		t.Errorf("transferred %+v", jv.Events)
	}
}

// TestComplaintOpensCase: a case filed from a named report links both ways and starts
// the reporter's notice; another agency's complaint is refused and nothing is filed.
func TestComplaintOpensCase(t *testing.T) {
	w := newCaseWorld(t)
	easyPoW(w)
	sv := w.app.Supervision()
	report := namedComplaint(w.market.ID)
	report.Kind = zhifa.ComplaintKindReport
	rc, err := sv.Submit(public("198.51.100.1"), solved(w, report), nil)
	if err != nil {
		t.Fatal(err)
	}
	other := namedComplaint(w.bureau.ID)
	if _, err := sv.Submit(public("198.51.100.2"), solved(w, other), nil); err != nil {
		t.Fatal(err)
	}
	officer := w.as(t, "officer1")
	page, _ := sv.Complaints(officer, supervision.ListFilter{})
	id := page.Items[0].ID
	in := w.input(zhifa.CasePenalty)
	in.ComplaintID = id
	cv := w.file(t, in)
	v, err := sv.Complaint(officer, id)
	if err != nil {
		t.Fatal(err)
	}
	// 第三十一条第二款: five working days from the filing decision of Monday 2026-03-02.
	if v.CaseID != cv.ID || v.State != zhifa.ComplaintAccepted || v.ClockViews[len(v.ClockViews)-1].Kind != law.ClockReportNotice ||
		v.ClockViews[len(v.ClockViews)-1].Due != zhifa.MustDate("2026-03-09") {
		t.Errorf("linked complaint %+v %+v", v.Complaint, v.ClockViews)
	}
	back, err := sv.CaseComplaints(officer, cv.ID)
	if err != nil || len(back) != 1 || back[0].Number != rc.Number {
		t.Errorf("case's complaints %+v, %v", back, err)
	}
	v, err = sv.Act(officer, id, "notify", supervision.ActionInput{Version: v.Version})
	if err != nil || v.Notified.IsZero() {
		t.Errorf("notify: %v", err)
	}
	// Linked once only; a complaint of the county bureau is not the market bureau's.
	in.ComplaintID = id
	_, err = w.app.FileCase(officer, in)
	wantCode(t, err, zhifa.EINVALID)
	county, err := sv.Complaints(w.as(t, "outsider"), supervision.ListFilter{})
	if err != nil || len(county.Items) != 1 {
		t.Fatalf("county list %+v, %v", county, err)
	}
	in.ComplaintID = county.Items[0].ID
	before := w.ledgerSize(t)
	_, err = w.app.FileCase(officer, in)
	wantCode(t, err, zhifa.EINVALID)
	if w.ledgerSize(t) != before {
		t.Error("a refused filing wrote to the ledger")
	}
}

// TestReconsiderationOutcomes: an outcome that revokes the decision marks the case and
// counts for the correction rate; attackers and undecided cases are refused.
func TestReconsiderationOutcomes(t *testing.T) {
	w := newCaseWorld(t)
	sv := w.app.Supervision()
	in := w.input(zhifa.CasePenalty)
	in.Procedure = zhifa.ProcSummary
	v := w.file(t, in)
	open := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 20000, Reason: "当场查获，违法事实确凿，情节轻微"})
	v = w.mustAct(t, "officer1", v, "decide", app.ActionInput{Summary: onTheSpot()})
	officer := w.as(t, "officer1")
	rin := supervision.ReviewInput{Kind: zhifa.ReviewReconsideration, Applicant: "李某", Body: "东港市人民政府",
		ReceivedOn: zhifa.MustDate("2026-03-02"), ViaAgency: true, CopyReceivedOn: zhifa.MustDate("2026-03-02")}
	_, err := sv.RecordReview(officer, open.ID, rin)
	wantCode(t, err, zhifa.EINVALID) // not decided
	_, err = sv.RecordReview(w.as(t, "outsider"), v.ID, rin)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = sv.RecordReview(w.as(t, "reviewer1"), v.ID, rin)
	wantCode(t, err, zhifa.EFORBIDDEN)
	bad := rin
	bad.ReceivedOn = zhifa.MustDate("2026-03-03")
	_, err = sv.RecordReview(officer, v.ID, bad)
	wantCode(t, err, zhifa.EINVALID) // after today

	r, err := sv.RecordReview(officer, v.ID, rin)
	if err != nil {
		t.Fatal(err)
	}
	// 行政复议法第三十二条第二款 five and 第四十八条 ten working days from Monday 2026-03-02.
	due := map[zhifa.ClockKind]string{}
	for _, c := range r.ClockViews {
		due[c.Kind] = c.Due.String()
	}
	if due[law.ClockReconForward] != "2026-03-09" || due[law.ClockReconAnswer] != "2026-03-16" {
		t.Errorf("clocks %v", due)
	}
	w.clock.Advance(24 * time.Hour)
	upd := rin
	upd.Version, upd.Outcome, upd.OutcomeOn = r.Version, zhifa.OutcomeRevoke, zhifa.MustDate("2026-03-03")
	r, err = sv.UpdateReview(officer, r.ID, upd)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Corrects || r.Article != "行政复议法第六十四条" {
		t.Errorf("outcome %+v", r)
	}
	cv, err := w.app.Case(officer, v.ID)
	if err != nil || cv.State.Corrected != zhifa.OutcomeRevoke {
		t.Errorf("case not marked: %+v, %v", cv.State.Corrected, err)
	}
	_, err = sv.UpdateReview(officer, r.ID, upd)
	wantCode(t, err, zhifa.ECONFLICT)

	_, err = sv.CorrectionRates(officer, 2026)
	wantCode(t, err, zhifa.EFORBIDDEN)
	rates, err := sv.CorrectionRates(w.as(t, "supervisor1"), 2026)
	if err != nil {
		t.Fatal(err)
	}
	var market, gov *supervision.RateRow
	for i := range rates.Rows {
		switch rates.Rows[i].Name {
		case w.market.Name:
			market = &rates.Rows[i]
		case w.city.Name:
			gov = &rates.Rows[i]
		}
	}
	if market == nil || market.Decisions != 1 || market.Corrected != 1 || !market.Warning || market.Percent != "100.0%" {
		t.Errorf("market rate %+v", market)
	}
	if gov == nil || !gov.Government || gov.Corrected != 1 {
		t.Errorf("government rate %+v", gov)
	}
	outsider, err := sv.CorrectionRates(w.as(t, "outsider"), 2026)
	if err != nil || len(outsider.Rows) != 0 {
		t.Errorf("outsider's rates %+v, %v", outsider, err)
	}
}

// TestComplaintTodo: a complaint whose acceptance deadline is three working days away is
// on the to-do list of its agency's handlers (the supervision context's to-do source,
// wired by app), not before and not on another government's.
func TestComplaintTodo(t *testing.T) {
	w := newCaseWorld(t)
	easyPoW(w)
	sv := w.app.Supervision()
	rc, err := sv.Submit(public("198.51.100.7"), solved(w, namedComplaint(w.market.ID)), nil)
	if err != nil {
		t.Fatal(err)
	}
	complaintItems := func(login string) []zhifa.TodoItem {
		t.Helper()
		list, err := w.app.Todo(w.as(t, login))
		if err != nil {
			t.Fatal(err)
		}
		var out []zhifa.TodoItem
		for _, it := range list.Items {
			if it.Kind == zhifa.TodoComplaint {
				out = append(out, it)
			}
		}
		return out
	}
	if got := complaintItems("officer1"); len(got) != 0 {
		t.Fatalf("a complaint due 2026-03-11 is on the list on 2026-03-02: %+v", got)
	}
	w.clock.Advance(6 * 24 * time.Hour) // Sunday 03-08: the deadline is three working days away
	got := complaintItems("officer1")
	if len(got) != 1 || got[0].Due != rc.AcceptDue || !strings.Contains(got[0].Title, rc.Number) || !strings.HasPrefix(got[0].URL, "/staff/complaints/") {
		t.Fatalf("officer's complaint to-dos %+v, want the complaint due %s", got, rc.AcceptDue)
	}
	if got := complaintItems("outsider"); len(got) != 0 {
		t.Errorf("another government's admin sees %+v", got)
	}
}
