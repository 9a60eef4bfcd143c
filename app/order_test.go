package app_test

import (
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
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
