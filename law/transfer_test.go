package law

import (
	"testing"
	"time"

	"zhifa"
	"zhifa/workday"
)

// TestTransferClocks: the transfer periods of 移送规定, each citing its article.
func TestTransferClocks(t *testing.T) {
	cal := workday.Default()
	for _, tc := range []struct {
		name string
		c    zhifa.Clock
		due  string
	}{
		{"第五条第二款：负责人自接到报告之日起3日内决定（周一报告）", TransferDecisionClock(cal, d("2026-03-02")), "2026-03-05"},
		{"第五条第二款：3日末日为周六，顺延至周一（民法典第二百零三条）", TransferDecisionClock(cal, d("2026-03-04")), "2026-03-09"},
		{"第八条：受移送机关3日内审查决定", TransferReplyClock(cal, d("2026-03-10"), RuleTransferReply), "2026-03-13"},
		{"第九条第一款：接到不予立案通知书之日起3日内提请复议，末日为国庆假期顺延", TransferReconClock(cal, d("2026-09-29")), "2026-10-08"},
		{"第十二条：接到立案通知书之日起3日内移交涉案物品", TransferItemsClock(cal, d("2026-03-02")), "2026-03-05"},
	} {
		if tc.c.Due != d(tc.due) || tc.c.Unit != zhifa.UnitCalendar || tc.c.Rule == "" {
			t.Errorf("%s: due %s unit %s, want %s", tc.name, tc.c.Due, tc.c.Unit, tc.due)
		}
	}
	// 第五条第二款：批准后24小时内移送 — to the minute, across midnight and a weekend.
	approved := time.Date(2026, 3, 6, 17, 30, 0, 0, zhifa.CST) // Friday
	c := HandoverClock(approved)
	if c.Unit != zhifa.UnitHour || c.Hours != 24 || c.DueAt == nil || !c.DueAt.Equal(approved.Add(24*time.Hour)) || c.Due != d("2026-03-07") {
		t.Fatalf("handover clock %+v", c)
	}
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{approved.Add(time.Hour), ClockDueSoon},
		{approved.Add(24 * time.Hour), ClockDueSoon},
		{approved.Add(24*time.Hour + time.Minute), ClockOverdue},
	} {
		if got := ClockStatusAt(cal, tc.at, c); got != tc.want {
			t.Errorf("handover clock at %s: %s, want %s", tc.at, got, tc.want)
		}
	}
	c.Done = true
	if got := ClockStatusAt(cal, approved.Add(48*time.Hour), c); got != ClockDone {
		t.Errorf("done handover clock: %s", got)
	}
	// A day clock answers as ClockStatus on the day.
	dc := TransferDecisionClock(cal, d("2026-03-02"))
	if got := ClockStatusAt(cal, time.Date(2026, 3, 6, 0, 30, 0, 0, zhifa.CST), dc); got != ClockOverdue {
		t.Errorf("decision clock on 03-06: %s", got)
	}
}

// TestTransferTrack: the transfer steps are rows of the one stage machine, each allowed
// only in the transfer statuses of 移送规定第五条、第八条、第九条.
func TestTransferTrack(t *testing.T) {
	pc := func(st zhifa.TransferStatus, stage zhifa.Stage) *zhifa.Case {
		return &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Stage: stage, State: zhifa.CaseState{Transfer: st}}
	}
	for _, tc := range []struct {
		name   string
		c      *zhifa.Case
		action zhifa.Action
		ok     bool
	}{
		{"第五条第一款：调查中报请移送", pc(zhifa.TransferNone, zhifa.StageInvestigate), "propose_transfer", true},
		{"已作出处罚决定后仍可移送（第十一条第二款、第三款）", pc(zhifa.TransferNone, zhifa.StageExecute), "propose_transfer", true},
		{"结案后不能报请移送", pc(zhifa.TransferNone, zhifa.StageClose), "propose_transfer", false},
		{"已报请的不能重复报请", pc(zhifa.TransferProposed, zhifa.StageInvestigate), "propose_transfer", false},
		{"不批准后可再次报请", pc(zhifa.TransferRejected, zhifa.StageInvestigate), "propose_transfer", true},
		{"第五条第二款：负责人批准", pc(zhifa.TransferProposed, zhifa.StageInvestigate), "approve_transfer", true},
		{"未报请不能批准", pc(zhifa.TransferNone, zhifa.StageInvestigate), "approve_transfer", false},
		{"批准后移送", pc(zhifa.TransferApproved, zhifa.StageInvestigate), "hand_over", true},
		{"未批准不能移送", pc(zhifa.TransferProposed, zhifa.StageInvestigate), "hand_over", false},
		{"第八条：登记立案或不予立案", pc(zhifa.TransferHandedOver, zhifa.StageInvestigate), "transfer_reply", true},
		{"第九条：复议决定", pc(zhifa.TransferReconsidering, zhifa.StageInvestigate), "transfer_reply", true},
		{"第九条：不予立案后提请复议", pc(zhifa.TransferDeclined, zhifa.StageInvestigate), "request_reconsideration", true},
		{"第十二条：立案后移送结案", pc(zhifa.TransferAccepted, zhifa.StageServe), "transfer", true},
		{"未立案不能移送结案", pc(zhifa.TransferHandedOver, zhifa.StageInvestigate), "transfer", false},
		{"无移送不能移送结案", pc(zhifa.TransferNone, zhifa.StageInvestigate), "transfer", false},
	} {
		s, err := Transition(tc.c, tc.action)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil && zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("%s: %v, want EINVALID", tc.name, err)
		}
		if tc.ok && s.Action == "approve_transfer" && !s.Head {
			t.Errorf("%s: approval needs the head (第五条第二款)", tc.name)
		}
	}
}

// TestNoPenaltyInstead: 移送规定第十一条 — while a transfer is pending, no decision or
// ending puts a penalty in place of the transfer; the penalties of ¶2 may be decided.
func TestNoPenaltyInstead(t *testing.T) {
	cal := workday.Default()
	step := func(action zhifa.Action) *Step {
		for i := range steps {
			if steps[i].Action == action {
				return &steps[i]
			}
		}
		t.Fatalf("no step %s", action)
		return nil
	}
	for _, tc := range []struct {
		name   string
		st     zhifa.TransferStatus
		action zhifa.Action
		in     StepInput
		prop   *zhifa.Proposal
		rule   string
	}{
		{"第十一条第一款：移送待批准时不得决定罚款", zhifa.TransferProposed, "decide", StepInput{FineFen: 500000}, nil, RuleNoPenaltyInstead},
		{"第十一条第一款：已移送待决定时拟罚款亦不得决定", zhifa.TransferHandedOver, "decide", StepInput{}, &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 100000}, RuleNoPenaltyInstead},
		{"第十一条第一款：没收违法所得亦不得代替移送", zhifa.TransferAccepted, "decide", StepInput{}, &zhifa.Proposal{Penalties: []string{"没收违法所得"}}, RuleNoPenaltyInstead},
		{"第十一条第二款：吊销许可证件不停止执行", zhifa.TransferApproved, "decide", StepInput{}, &zhifa.Proposal{Penalties: []string{"吊销许可证件", "警告"}}, ""},
		{"第十一条第二款：警告可以作出", zhifa.TransferApproved, "decide", StepInput{Warning: true}, nil, ""},
		{"不予立案后依第十条依法处罚", zhifa.TransferDeclined, "decide", StepInput{FineFen: 500000}, nil, ""},
		{"不批准移送后依法处罚", zhifa.TransferRejected, "decide", StepInput{FineFen: 500000}, nil, ""},
		{"第十一条：移送未办结不得结案", zhifa.TransferHandedOver, "close", StepInput{}, nil, RuleNoPenaltyInstead},
		{"第十一条：移送未办结不得撤案", zhifa.TransferProposed, "withdraw", StepInput{}, nil, RuleNoPenaltyInstead},
		{"第十一条：移送未办结不得不予处罚结案", zhifa.TransferProposed, "no_penalty", StepInput{}, nil, RuleNoPenaltyInstead},
		{"不予立案后可以结案", zhifa.TransferDeclined, "close", StepInput{}, nil, ""},
		{"第四条、第十二条：移送未办结不得销毁涉案物品", zhifa.TransferHandedOver, "decide", StepInput{Disposal: "destroy"}, nil, RuleTransferItems},
		{"第五条第二款：移送期限不能延长", zhifa.TransferApproved, "extend", StepInput{Clock: zhifa.ClockTransferHandover, Days: 1}, nil, RuleTransferDecision},
	} {
		kind := zhifa.CasePenalty
		if tc.in.Disposal != "" {
			kind = zhifa.CaseCompulsory
		}
		c := &zhifa.Case{Kind: kind, Procedure: zhifa.ProcOrdinary, OfficerIDs: []int64{1, 2},
			State: zhifa.CaseState{Transfer: tc.st, Proposal: tc.prop, NoticeServedOn: d("2026-01-05"), StatementWaived: true}}
		f := &CaseFacts{Case: c, Today: d("2026-03-02"), Cal: cal}
		err := checkTransferStep(f, step(tc.action), tc.in, f.Today)
		switch {
		case tc.rule == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.rule != "":
			e, ok := err.(*zhifa.Error)
			if !ok || e.Code != zhifa.EGATE || e.Rule != tc.rule {
				t.Errorf("%s: %v, want EGATE %s", tc.name, err, tc.rule)
			}
		}
	}
	// 第五条第一款：专案组须2名以上执法人员.
	c := &zhifa.Case{Kind: zhifa.CasePenalty, OfficerIDs: []int64{1}}
	if err := checkTransferStep(&CaseFacts{Case: c, Cal: cal}, step("propose_transfer"), StepInput{}, d("2026-03-02")); zhifa.ErrorCode(err) != zhifa.EGATE {
		t.Errorf("one officer: %v", err)
	}
}

// TestTransferDocs: 移送规定第六条 — the transfer carries the notice, the investigation
// report and the list of items; reports of inspection are attached where there are any.
func TestTransferDocs(t *testing.T) {
	if err := CheckTransferDocs(map[string]bool{"transfer_notice": true, "transfer_report": true}); zhifa.ErrorCode(err) != zhifa.EGATE {
		t.Errorf("without the list of items: %v", err)
	}
	if err := CheckTransferDocs(map[string]bool{"transfer_notice": true, "transfer_report": true, "transfer_items": true}); err != nil {
		t.Errorf("with (一)-(三): %v", err)
	}
	if !IsTransferDoc("transfer_inspection") || IsTransferDoc("seize") {
		t.Error("IsTransferDoc")
	}
}

// TestFilingRules: REQUIREMENTS F6 — what is filed, and the default 15-day deadline.
func TestFilingRules(t *testing.T) {
	cal := workday.Default()
	if due := FilingDue(cal, d("2026-03-02")); due.Date != d("2026-03-17") {
		t.Errorf("filing due %s, want 2026-03-17", due.Date)
	}
	if due := FilingDue(cal, d("2026-03-06")); due.Date != d("2026-03-23") { // 03-21 is a Saturday
		t.Errorf("filing due %s, want 2026-03-23", due.Date)
	}
	pen := &zhifa.Case{Kind: zhifa.CasePenalty}
	comp := &zhifa.Case{Kind: zhifa.CaseCompulsory}
	for _, tc := range []struct {
		c      *zhifa.Case
		action zhifa.Action
		major  bool
		kind   zhifa.FilingKind
		ok     bool
	}{
		{pen, "decide", true, zhifa.FilingPenalty, true},
		{pen, "decide", false, "", false},
		{pen, "serve", true, "", false},
		{comp, "seize", false, zhifa.FilingCompulsory, true},
		{comp, "decide", true, "", false},
	} {
		k, ok := FilingKindOf(tc.c, tc.action, tc.major)
		if k != tc.kind || ok != tc.ok {
			t.Errorf("%s %s major=%v: %s %v", tc.c.Kind, tc.action, tc.major, k, ok)
		}
	}
}
