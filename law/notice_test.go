package law

import (
	"strings"
	"testing"

	"zhifa"
	"zhifa/workday"
)

func prop(fineYuan, confYuan int64, kinds ...string) *zhifa.Proposal {
	return &zhifa.Proposal{Penalties: kinds, FineFen: fineYuan * 100, ConfiscateFen: confYuan * 100, Revision: 1}
}

// TestHeavier: what makes a decision heavier than the notice (行政处罚法第四十五条第二款：
// 行政机关不得因当事人陈述、申辩而给予更重的处罚; 第六十二条: a penalty not notified under
// 第四十四条 may not be decided).
func TestHeavier(t *testing.T) {
	notified := prop(5000, 2000, "警告", "罚款", "没收违法所得")
	for _, tc := range []struct {
		name    string
		p       *zhifa.Proposal
		heavier bool
	}{
		{"equal to the notice (第四十五条第二款 allows)", prop(5000, 2000, "警告", "罚款", "没收违法所得"), false},
		{"a lower fine after the statement (第四十五条第一款：采纳)", prop(3000, 2000, "警告", "罚款", "没收违法所得"), false},
		{"a kind dropped (lighter)", prop(5000, 0, "警告", "罚款"), false},
		{"a higher fine (第四十五条第二款)", prop(5001, 2000, "警告", "罚款", "没收违法所得"), true},
		{"a higher confiscated value (第四十五条第二款)", prop(5000, 2500, "警告", "罚款", "没收违法所得"), true},
		{"a kind not notified: 吊销许可证件 (第四十四条、第六十二条)", prop(5000, 2000, "警告", "罚款", "没收违法所得", "吊销许可证件"), true},
		{"a kind not notified with a lower fine is still heavier", prop(1000, 0, "罚款", "责令停产停业"), true},
		{"不予处罚 is never heavier (第三十三条)", &zhifa.Proposal{NoPenalty: true}, false},
	} {
		if got := len(Heavier(tc.p, notified)) > 0; got != tc.heavier {
			t.Errorf("%s: heavier = %v, want %v (%v)", tc.name, got, tc.heavier, Heavier(tc.p, notified))
		}
	}
	if Heavier(prop(9999, 0, "罚款"), nil) != nil {
		t.Error("no snapshot (a case notified before snapshots): nothing to compare")
	}
}

// TestCheckNotHeavier: the decision gate cites 第四十五条第二款 and 第六十二条 and tells the
// handler to notify again.
func TestCheckNotHeavier(t *testing.T) {
	c := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary}
	c.State.NotifiedProposal = prop(5000, 0, "罚款")
	c.State.Proposal = prop(8000, 0, "罚款")
	err := CheckNotHeavier(c)
	e, ok := err.(*zhifa.Error)
	if !ok || e.Code != zhifa.EGATE || e.Rule != RuleNoHeavier || !strings.Contains(e.Message, "不得因当事人陈述、申辩而给予更重的处罚") || !strings.Contains(e.Message, "重新告知") {
		t.Fatalf("heavier decision: %v", err)
	}
	if !strings.Contains(RuleNoHeavier, "第四十五条第二款") || !strings.Contains(RuleNoHeavier, "第六十二条") {
		t.Errorf("rule %q must cite 第四十五条第二款 and 第六十二条", RuleNoHeavier)
	}
	c.State.Proposal = prop(4000, 0, "罚款")
	if err := CheckNotHeavier(c); err != nil {
		t.Errorf("lighter decision refused: %v", err)
	}
}

// TestHearingRight: the right to request a hearing derived from the proposal (行政处罚法
// 第六十三条), the amounts per party kind with the default thresholds (市场监督管理行政处罚
// 听证办法第五条: 公民一万元、法人或者其他组织十万元, 以上 includes the amount) or an agency's.
func TestHearingRight(t *testing.T) {
	person := []zhifa.PartyKind{zhifa.PartyPerson}
	org := []zhifa.PartyKind{zhifa.PartyOrg}
	both := []zhifa.PartyKind{zhifa.PartyOrg, zhifa.PartyPerson}
	def := HearingThresholds{}
	for _, tc := range []struct {
		clause  string
		p       *zhifa.Proposal
		parties []zhifa.PartyKind
		t       HearingThresholds
		right   bool
	}{
		{"第六十三条第一款第一项：公民罚款一万元（默认，达到即有）", prop(10000, 0, "罚款"), person, def, true},
		{"第一项：公民罚款9999元，未达到", prop(9999, 0, "罚款"), person, def, false},
		{"第一项：组织罚款五万元，未达到十万元", prop(50000, 0, "罚款"), org, def, false},
		{"第一项：组织罚款十万元", prop(100000, 0, "罚款"), org, def, true},
		{"第一项：共同当事人含公民，按公民标准", prop(50000, 0, "罚款"), both, def, true},
		{"第一项：本机关标准（公民五千元）", prop(6000, 0, "罚款"), person, HearingThresholds{PersonFen: 500_000}, true},
		{"第一项：本机关标准（组织二十万元）", prop(150000, 0, "罚款"), org, HearingThresholds{OrgFen: 20_000_000}, false},
		{"第二项：没收违法所得价值一万元（公民）", prop(0, 10000, "没收违法所得"), person, def, true},
		{"第二项：没收非法财物价值五万元（组织），未达到", prop(0, 50000, "没收非法财物"), org, def, false},
		{"第三项：吊销许可证件", prop(0, 0, "吊销许可证件"), org, def, true},
		{"第三项：降低资质等级", prop(0, 0, "降低资质等级"), org, def, true},
		{"第四项：责令停产停业", prop(0, 0, "责令停产停业"), org, def, true},
		{"第四项：责令关闭", prop(0, 0, "责令关闭"), org, def, true},
		{"第四项：限制从业", prop(0, 0, "限制从业"), person, def, true},
		{"警告：不属于第六十三条", prop(0, 0, "警告"), person, def, false},
		{"不予处罚：无听证", &zhifa.Proposal{NoPenalty: true}, person, def, false},
		{"无拟处罚决定", nil, person, def, false},
	} {
		got, why := HearingRight(tc.p, tc.parties, tc.t)
		if got != tc.right || (got && !strings.Contains(why, "第六十三条")) {
			t.Errorf("%s: right = %v (%q), want %v", tc.clause, got, why, tc.right)
		}
	}
}

// TestApplyNotice: notify snapshots the proposal and derives the hearing right; the
// manual input only adds one; renotify restarts the statement and hearing-request
// periods and resets the waivers (行政处罚法第四十四条、第四十五条、第六十三条、第六十四条).
func TestApplyNotice(t *testing.T) {
	cal := workday.Default()
	c := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Stage: zhifa.StageNotify,
		Parties: []zhifa.Party{{Kind: zhifa.PartyPerson, Name: "张三"}}}
	c.State.Proposal = prop(2000, 0, "罚款")
	f := &CaseFacts{Case: c, Cal: cal, Today: d("2026-03-02"), NoticeID: 7}
	ApplyNotice(f, d("2026-03-02"), false)
	st := &c.State
	if st.HearingRight || st.NotifiedProposal == nil || st.NotifiedProposal.FineFen != 200000 || st.NoticeDocID != 7 {
		t.Fatalf("notify: right %v, snapshot %+v, notice %d", st.HearingRight, st.NotifiedProposal, st.NoticeDocID)
	}
	if c.Clock(zhifa.ClockHearingRequest) != nil {
		t.Error("no hearing right: no hearing-request clock (第六十四条第一项)")
	}
	// The snapshot is a copy: revising the proposal does not change it.
	st.Proposal.Penalties[0], st.Proposal.FineFen = "吊销许可证件", 5_000_000
	if st.NotifiedProposal.Penalties[0] != "罚款" {
		t.Fatal("snapshot shares the proposal's penalties")
	}
	st.Proposal = prop(20000, 0, "罚款") // heavier: 2万元, and a hearing right (第一项)
	st.Proposal.Revision = 2
	if CheckNotHeavier(c) == nil {
		t.Fatal("heavier proposal passed the decision gate")
	}
	st.StatementWaived, st.HearingWaived = true, true
	// renotify needs a notice issued after the last one (documents.go).
	step, err := Transition(c, "renotify")
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckStep(f, step, StepInput{}); err == nil || err.(*zhifa.Error).Rule != RuleRenotice {
		t.Fatalf("renotify with the old notice: %v", err)
	}
	f.NoticeID = 9
	if err := CheckStep(f, step, StepInput{}); err != nil {
		t.Fatalf("renotify with a new notice: %v", err)
	}
	ApplyNotice(f, d("2026-03-04"), false)
	if !st.HearingRight || st.StatementWaived || st.HearingWaived || st.Renotified != 1 || st.NoticeDocID != 9 || st.NotifiedProposal.Revision != 2 {
		t.Fatalf("renotify: %+v", st)
	}
	if cl := c.Clock(zhifa.ClockStatement); cl == nil || cl.Start != d("2026-03-04") || cl.Due != d("2026-03-09") {
		t.Errorf("statement clock not restarted: %+v", cl)
	}
	if cl := c.Clock(zhifa.ClockHearingRequest); cl == nil || cl.Start != d("2026-03-04") {
		t.Errorf("hearing-request clock not started: %+v", cl)
	}
	if CheckNotHeavier(c) != nil {
		t.Error("after the new notice the decision equals what was notified")
	}
	n := 0
	for _, cl := range c.Clocks {
		if cl.Kind == zhifa.ClockStatement {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d statement clocks, want one (restarted)", n)
	}
	// The manual input adds a right the proposal does not give (第五项、第六项), and never
	// removes a derived one.
	c2 := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Parties: c.Parties}
	c2.State.Proposal = prop(500, 0, "罚款")
	ApplyNotice(&CaseFacts{Case: c2, Cal: cal}, d("2026-03-02"), true)
	if !c2.State.HearingRight || c2.State.HearingReason == "" {
		t.Error("the manual input should add a hearing right")
	}
}

// TestRenotifySteps: renotify is one step of the stage machine, from the notify and
// review stages back to notify; not from investigate (notify is the first notice).
func TestRenotifySteps(t *testing.T) {
	for _, tc := range []struct {
		stage zhifa.Stage
		ok    bool
	}{{zhifa.StageInvestigate, false}, {zhifa.StageNotify, true}, {zhifa.StageReview, true}, {zhifa.StageDecide, false}} {
		c := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Stage: tc.stage}
		s, err := Transition(c, "renotify")
		if (err == nil) != tc.ok || (err == nil && s.To != zhifa.StageNotify) {
			t.Errorf("renotify from %s: %v", tc.stage, err)
		}
	}
}
