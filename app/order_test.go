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

// TestActOrderAndBackdating: an act recorded late (补录) carries its day and a reason and
// is marked on the case's history; no act is dated before the filing or before what it
// rests on (law/order.go).
func TestActOrderAndBackdating(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty)) // filed today, 2026-03-02
	filed := v.State.FiledOn
	w.clock.Advance(3 * 24 * time.Hour)

	_, err := w.act(t, "officer1", v, "investigate", app.ActionInput{Date: filed})
	if zhifa.ErrorFields(err)["backdate_reason"] == "" {
		t.Fatalf("backdated without a reason: %v", err)
	}
	_, err = w.act(t, "officer1", v, "investigate", app.ActionInput{Date: filed.AddDays(-1), BackdateReason: "补录"})
	wantGate(t, err, law.RuleFiledFirst)

	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{Date: filed, BackdateReason: "现场检查当日执法终端离线"})
	ev := v.Events[len(v.Events)-1]
	if ev.ActedOn != filed || !ev.Backdated() || ev.BackdateReason != "现场检查当日执法终端离线" {
		t.Errorf("backdated event %+v", ev)
	}
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 100000, Reason: "初次违法，涉案食品数量较小，及时下架"})
	if ev := v.Events[len(v.Events)-1]; ev.Backdated() || ev.ActedOn != w.app.Today() {
		t.Errorf("an act of today is not backdated: %+v", ev)
	}
	// The notice cannot be served before its 告知书 is issued (today).
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	_, err = w.act(t, "officer1", v, "notify", app.ActionInput{Date: w.app.Today().AddDays(-1), BackdateReason: "补录"})
	wantGate(t, err, law.RuleNoticeDocument)

	page, err := w.app.CasePage(w.as(t, "officer1"), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	marked := 0
	for _, it := range page.Timeline {
		if it.Backdated != "" {
			marked++
		}
	}
	if marked != 1 {
		t.Errorf("%d backdated lines on the timeline, want 1", marked)
	}
}

// TestDecisionExtension: the 90-day period (行政处罚法第六十条) extends only within the
// agency's rule — the default, one extension of 30 days by the head, then only by
// collective discussion; an agency's own rule is stored with the agency and applied.
func TestDecisionExtension(t *testing.T) {
	w := newCaseWorld(t)
	admin := w.as(t, "admin")
	v := w.file(t, w.input(zhifa.CasePenalty))
	extend := func(days int, discussion bool) (*app.CaseView, error) {
		return w.act(t, "head1", v, "extend", app.ActionInput{Clock: zhifa.ClockDecision, Days: days, ByDiscussion: discussion, Reason: "案情复杂，需补充检验"})
	}
	_, err := extend(31, false)
	wantGate(t, err, law.RuleDecisionExtend)
	v, err = extend(30, false)
	if err != nil {
		t.Fatal(err)
	}
	if e := v.Events[len(v.Events)-1]; !strings.Contains(e.Detail, "本机关办案期限延长规则") || v.State.DecisionExtends != 1 {
		t.Errorf("extension event %+v, extends %d", e, v.State.DecisionExtends)
	}
	_, err = extend(10, false)
	wantGate(t, err, law.RuleDecisionExtend)
	if v, err = extend(10, true); err != nil {
		t.Fatal(err)
	}
	if e := v.Events[len(v.Events)-1]; !strings.Contains(e.Detail, "集体讨论") {
		t.Errorf("extension by discussion %+v", e)
	}

	// The agency's own rule: two extensions of 15 days by the head.
	ag, err := w.app.Personnel().Agency(admin, w.market.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := personnel.AgencyInputOf(ag)
	in.DecisionExtendDays, in.DecisionHeadExtends = 91, 2
	_, err = w.app.Personnel().UpdateAgency(admin, w.market.ID, in)
	if zhifa.ErrorFields(err)["decision_extend_days"] == "" {
		t.Fatalf("91 days accepted: %v", err)
	}
	in.DecisionExtendDays = 15
	if _, err = w.app.Personnel().UpdateAgency(admin, w.market.ID, in); err != nil {
		t.Fatal(err)
	}
	v = w.file(t, w.input(zhifa.CasePenalty))
	_, err = extend(16, false)
	wantGate(t, err, law.RuleDecisionExtend)
	for range 2 {
		if v, err = extend(15, false); err != nil {
			t.Fatal(err)
		}
	}
	_, err = extend(15, false)
	wantGate(t, err, law.RuleDecisionExtend)
}
