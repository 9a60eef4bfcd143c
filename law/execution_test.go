package law

import (
	"testing"

	"zhifa"
	"zhifa/workday"
)

// TestPaymentDue: 行政处罚法第六十七条第三款, fifteen calendar days (第八十五条 does not reach
// 十五日), ending on a working day (民法典第二百零三条).
func TestPaymentDue(t *testing.T) {
	cal := workday.Default()
	for _, tc := range []struct{ served, due string }{
		{"2026-03-02", "2026-03-17"}, // Monday + 15 = Tuesday
		{"2026-03-06", "2026-03-23"}, // + 15 = Saturday 21st → Monday 23rd
		{"2026-09-20", "2026-10-08"}, // + 15 = 10-05 in the National Day holiday → 10-08
	} {
		if got := PaymentClock(cal, d(tc.served)); got.Due != d(tc.due) || got.Kind != zhifa.ClockPayment || got.Unit != zhifa.UnitCalendar {
			t.Errorf("served %s: %+v, want due %s in calendar days", tc.served, got, tc.due)
		}
	}
}

// TestLateFee: 第七十二条第一款第一项 (3% of the fine a day from the day after the deadline),
// 行政强制法第四十五条第二款 (never more than the fine), 第七十三条第三款 (not counted while a
// reconsideration or suit runs).
func TestLateFee(t *testing.T) {
	const fine = 1000_00
	due := d("2026-03-17")
	remedy := []zhifa.Suspension{{From: d("2026-03-20"), To: d("2026-03-24"), Basis: "申请行政复议"}}
	open := []zhifa.Suspension{{From: d("2026-03-19"), Basis: "提起行政诉讼"}}
	for _, tc := range []struct {
		name  string
		until string
		susp  []zhifa.Suspension
		fee   int64
		days  int
	}{
		{"paid on the last day", "2026-03-17", nil, 0, 0},
		{"paid before", "2026-03-10", nil, 0, 0},
		{"one day late", "2026-03-18", nil, 30_00, 1},
		{"ten days late", "2026-03-27", nil, 300_00, 10},
		{"33 days: 99%", "2026-04-19", nil, 990_00, 33},
		{"34 days: capped at the fine", "2026-04-20", nil, fine, 34},
		{"a year: capped", "2027-03-17", nil, fine, 34},
		{"reconsideration not counted", "2026-03-27", remedy, 150_00, 5},
		{"suit still running", "2026-03-27", open, 30_00, 1},
	} {
		fee, days := LateFee(fine, due, d(tc.until), tc.susp)
		if fee != tc.fee || days != tc.days {
			t.Errorf("%s: fee %d over %d days, want %d over %d", tc.name, fee, days, tc.fee, tc.days)
		}
	}
	if fee, _ := LateFee(333, due, d("2026-03-18"), nil); fee != 9 { // 9.99 分 truncated
		t.Errorf("fee on 3.33 元 after one day = %d, want 9", fee)
	}
	if gateRule(CheckSuspension(zhifa.Suspension{From: due})) != RuleLateFeeRemedy {
		t.Error("a suspension without its basis was accepted")
	}
}

// TestCheckDeferral: 第六十六条第二款.
func TestCheckDeferral(t *testing.T) {
	ok := func() *zhifa.Deferral {
		return &zhifa.Deferral{Reason: "经营困难", AppliedOn: d("2026-03-10"), Instalments: []zhifa.Instalment{
			{Due: d("2026-04-10"), AmountFen: 500_00}, {Due: d("2026-05-10"), AmountFen: 500_00}}}
	}
	for _, tc := range []struct {
		name string
		edit func(*zhifa.Deferral)
		want string
	}{
		{"two instalments", func(*zhifa.Deferral) {}, ""},
		{"no reason", func(x *zhifa.Deferral) { x.Reason = " " }, RuleDeferral},
		{"no schedule", func(x *zhifa.Deferral) { x.Instalments = nil }, RuleDeferral},
		{"sum short", func(x *zhifa.Deferral) { x.Instalments[1].AmountFen = 400_00 }, RuleDeferral},
		{"out of order", func(x *zhifa.Deferral) { x.Instalments[1].Due = d("2026-04-01") }, RuleDeferral},
		{"before the application", func(x *zhifa.Deferral) { x.Instalments[0].Due = d("2026-03-10") }, RuleDeferral},
		{"zero part", func(x *zhifa.Deferral) { x.Instalments[0].AmountFen, x.Instalments[1].AmountFen = 0, 1000_00 }, RuleDeferral},
	} {
		x := ok()
		tc.edit(x)
		if got := gateRule(CheckDeferral(x, 1000_00)); got != tc.want {
			t.Errorf("%s: rule %q, want %q", tc.name, got, tc.want)
		}
	}
	if ok().End() != d("2026-05-10") {
		t.Error("deferral end is not its last instalment")
	}
}

// TestCheckOnSpot: 第六十八条 (summary, ≤100元 or hard to enforce), 第六十九条 (remote, either
// procedure), 第七十条 (the official receipt), 第六十七条第二款 (otherwise never).
func TestCheckOnSpot(t *testing.T) {
	for _, tc := range []struct {
		name    string
		proc    zhifa.Procedure
		fine    int64
		ground  string
		receipt string
		want    string
	}{
		{"第六十八条第一项: 100元 on the spot", zhifa.ProcSummary, 100_00, OnSpotSmall, "NO1", ""},
		{"第六十八条第一项: 100.01元", zhifa.ProcSummary, 100_01, OnSpotSmall, "NO1", RuleOnSpot},
		{"第六十八条第一项: ordinary procedure", zhifa.ProcOrdinary, 50_00, OnSpotSmall, "NO1", RuleOnSpot},
		{"第六十八条第二项: summary 200元", zhifa.ProcSummary, 200_00, OnSpotHard, "NO1", ""},
		{"第六十八条第二项: ordinary", zhifa.ProcOrdinary, 200_00, OnSpotHard, "NO1", RuleOnSpot},
		{"第六十九条: ordinary, remote", zhifa.ProcOrdinary, 5000_00, OnSpotRemote, "NO1", ""},
		{"第六十七条第二款: no ground", zhifa.ProcSummary, 50_00, "", "NO1", RuleOnSpot},
		{"第七十条: no receipt", zhifa.ProcSummary, 50_00, OnSpotSmall, " ", RuleOnSpotReceipt},
	} {
		if got := gateRule(CheckOnSpot(tc.proc, tc.fine, tc.ground, tc.receipt)); got != tc.want {
			t.Errorf("%s: rule %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestRemitClocks: 第七十一条, two working days each (第八十五条).
func TestRemitClocks(t *testing.T) {
	cal := workday.Default()
	cs := RemitClocks(cal, d("2026-04-30"), zhifa.Date{}) // Thursday before the May Day holiday
	if len(cs) != 1 || cs[0].Kind != zhifa.ClockRemitAgency || cs[0].Due != d("2026-05-07") || cs[0].Done {
		t.Fatalf("collected 04-30: %+v, want the agency clock due 2026-05-07", cs)
	}
	cs = RemitClocks(cal, d("2026-03-02"), d("2026-03-03"))
	if len(cs) != 2 || !cs[0].Done || cs[1].Kind != zhifa.ClockRemitBank || cs[1].Due != d("2026-03-05") {
		t.Fatalf("handed in 03-03: %+v, want the bank clock due 2026-03-05", cs)
	}
}

// TestCourtWindow: 行政强制法第五十三条 (three months after the remedy period), 行政复议法
// 第二十条 (60 days), 行政诉讼法第四十六条 (6 months), 行政处罚法第七十二条第二款 (from the end
// of a deferral), 行政强制法第五十四条 (ten working days after the reminder).
func TestCourtWindow(t *testing.T) {
	cal := workday.Default()
	from, last := CourtWindow(cal, d("2026-03-02"), false, zhifa.Date{})
	if from != d("2026-09-03") || last.Date != d("2026-12-02") { // 09-02 Wednesday; +3 months
		t.Errorf("ordinary: window %s–%s, want 2026-09-03–2026-12-02", from, last.Date)
	}
	// Reconsideration first: only the sixty days, ending 05-01 in the May Day holiday.
	end := RemedyPeriodEnd(cal, d("2026-03-02"), true)
	if end.Date != d("2026-05-06") {
		t.Errorf("reconsideration first: remedy end %s, want 2026-05-06", end.Date)
	}
	if from, _ = CourtWindow(cal, d("2026-03-02"), true, zhifa.Date{}); from != d("2026-05-07") {
		t.Errorf("reconsideration first: window from %s", from)
	}
	from, last = CourtWindow(cal, d("2026-03-02"), false, d("2026-10-15"))
	if from != d("2026-10-16") || last.Date != d("2027-01-15") {
		t.Errorf("deferred to 10-15: window %s–%s", from, last.Date)
	}
	rem := &zhifa.Reminder{ServedOn: d("2026-09-01")} // + 10 working days = 09-15
	wf, wl := d("2026-09-03"), d("2026-12-02")
	for _, tc := range []struct {
		name string
		r    *zhifa.Reminder
		on   string
		want string
	}{
		{"第五十四条: no reminder", nil, "2026-10-01", RuleReminder},
		{"第五十四条: on the tenth working day", rem, "2026-09-15", RuleReminder},
		{"第五十四条: the day after", rem, "2026-09-16", ""},
		{"第五十三条: after three months", rem, "2026-12-03", RuleCourt},
		{"第五十三条: remedy period open", &zhifa.Reminder{ServedOn: d("2026-03-20")}, "2026-04-20", RuleCourt},
	} {
		if got := gateRule(CheckCourtApplication(cal, tc.r, d(tc.on), wf, wl)); got != tc.want {
			t.Errorf("%s: rule %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestExecutionBasis: the closing gate (第六十六条; 行政强制法第五十三条).
func TestExecutionBasis(t *testing.T) {
	for _, tc := range []struct {
		name  string
		f     ExecutionFacts
		basis string
		rule  string
	}{
		{"warning only", ExecutionFacts{}, BasisNone, ""},
		{"paid in full", ExecutionFacts{HasObligation: true}, BasisPaid, ""},
		{"outstanding", ExecutionFacts{HasObligation: true, OutstandingFen: 1}, "", RuleExecuted + "、" + RuleCourt},
		{"deferred", ExecutionFacts{HasObligation: true, OutstandingFen: 1, DeferralApproved: true}, BasisDeferred, ""},
		{"court accepted", ExecutionFacts{HasObligation: true, OutstandingFen: 1, CourtAccepted: true}, BasisCourt, ""},
	} {
		b, err := ExecutionBasis(tc.f)
		if b != tc.basis || gateRule(err) != tc.rule {
			t.Errorf("%s: basis %q rule %q, want %q %q", tc.name, b, gateRule(err), tc.basis, tc.rule)
		}
		if b != "" && BasisLabel(b) == "" {
			t.Errorf("%s: no label", tc.name)
		}
	}
}

// TestDisposal: 行政处罚法第七十四条 — the four methods, proof, and the proceeds of a sale
// or auction to the treasury with the receipt.
func TestDisposal(t *testing.T) {
	for _, m := range []string{DisposalAuction, DisposalSale, DisposalDestroy, DisposalTransfer} {
		if CheckDisposalMethod(m) != nil || DisposalLabel(m) == "" {
			t.Errorf("%s refused", m)
		}
	}
	if gateRule(CheckDisposalMethod("use")) != RuleDisposal {
		t.Error("the agency's own use accepted")
	}
	for _, tc := range []struct {
		name, method, proof string
		proceeds            int64
		receipt, want       string
	}{
		{"auction with receipt", DisposalAuction, "成交确认书", 5000_00, "国库001", ""},
		{"auction without receipt", DisposalAuction, "成交确认书", 5000_00, "", RuleDisposal},
		{"sale without proceeds", DisposalSale, "变卖协议", 0, "国库001", RuleDisposal},
		{"destroy", DisposalDestroy, "销毁记录及音像", 0, "", ""},
		{"destroy with proceeds", DisposalDestroy, "销毁记录", 100, "", RuleDisposal},
		{"no proof", DisposalTransfer, " ", 0, "", RuleDisposal},
	} {
		if got := gateRule(CheckDisposalRecord(tc.method, tc.proof, tc.proceeds, tc.receipt)); got != tc.want {
			t.Errorf("%s: rule %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestLateFeeInstalments: under an approved schedule (第六十六条第二款) each instalment
// missed accrues 3% a day (第七十二条第一款第一项) of the part of the fine it carries, from
// the day after its own day until it is covered, capped at that part (行政强制法第四十五条).
func TestLateFeeInstalments(t *testing.T) {
	schedule := []zhifa.Instalment{{Due: d("2026-04-10"), AmountFen: 600_00}, {Due: d("2026-05-11"), AmountFen: 600_00}}
	pay := func(on string, fen int64) zhifa.Payment { return zhifa.Payment{PaidOn: d(on), AmountFen: fen} }
	for _, tc := range []struct {
		name     string
		fine     int64 // the rest of the 1,200 元 is the confiscated amount
		payments []zhifa.Payment
		until    string
		susp     []zhifa.Suspension
		fee      int64
		days     int
	}{
		{"both on time", 1200_00, []zhifa.Payment{pay("2026-04-10", 600_00), pay("2026-05-11", 600_00)}, "2026-06-01", nil, 0, 0},
		{"first 5 days late", 1200_00, []zhifa.Payment{pay("2026-04-15", 600_00), pay("2026-05-11", 600_00)}, "2026-06-01", nil, 90_00, 5},
		{"second unpaid, 10 days on", 1200_00, []zhifa.Payment{pay("2026-04-10", 600_00)}, "2026-05-21", nil, 180_00, 10},
		{"second covered by a partial then the rest", 1200_00, []zhifa.Payment{pay("2026-04-10", 900_00), pay("2026-05-13", 300_00)}, "2026-06-01", nil, 36_00, 2},
		{"nothing paid, both capped at their part", 1200_00, nil, "2027-01-01", nil, 1200_00, 34},
		{"confiscation carried last: no fee on it", 600_00, []zhifa.Payment{pay("2026-04-10", 600_00)}, "2026-05-21", nil, 0, 0},
		{"fine split across the instalments", 900_00, nil, "2026-04-11", nil, 18_00, 1},
		{"suspension not counted", 1200_00, []zhifa.Payment{pay("2026-04-20", 600_00), pay("2026-05-11", 600_00)}, "2026-06-01",
			[]zhifa.Suspension{{From: d("2026-04-12"), To: d("2026-04-16"), Basis: "申请行政复议"}}, 90_00, 5},
	} {
		fee, days := LateFeeInstalments(tc.fine, schedule, tc.payments, d(tc.until), tc.susp)
		if fee != tc.fee || days != tc.days {
			t.Errorf("%s: fee %d over %d days, want %d over %d", tc.name, fee, days, tc.fee, tc.days)
		}
	}
}

// TestCheckEnforcementDecision: 行政强制法第三十五条、第三十七条 (the reminder and its period
// first), 第四十六条第一款 (own power: the late fee over thirty days, the law named),
// 第四十六条第三款 (auction of seized property: the remedy periods passed unused).
func TestCheckEnforcementDecision(t *testing.T) {
	cal := workday.Default()
	reminder := &zhifa.Reminder{ServedOn: d("2026-05-04")} // ten working days to 05-18
	own := EnforcementFacts{Method: EnforceOwnPower, Basis: "《中华人民共和国税收征收管理法》第四十条", Reminder: reminder, LateFeeDays: 31, On: d("2026-05-19")}
	auction := EnforcementFacts{Method: EnforceAuctionSeized, Basis: "东市监封〔2026〕3号查封扣押决定书所列财物", Reminder: reminder,
		RemedyEnd: d("2026-05-18"), On: d("2026-05-19")}
	with := func(f EnforcementFacts, change func(*EnforcementFacts)) EnforcementFacts { change(&f); return f }
	for _, tc := range []struct {
		name string
		f    EnforcementFacts
		rule string
	}{
		{"own power", own, ""},
		{"auction after the remedy periods", auction, ""},
		{"no method: apply to the court", with(own, func(f *EnforcementFacts) { f.Method = "" }), RuleEnforce},
		{"no reminder", with(own, func(f *EnforcementFacts) { f.Reminder = nil }), RuleEnforceDecision},
		{"within the reminder's period", with(own, func(f *EnforcementFacts) { f.On = d("2026-05-18") }), RuleEnforceDecision},
		{"late fee only thirty days", with(own, func(f *EnforcementFacts) { f.LateFeeDays = 30 }), RuleEnforce},
		{"no law named", with(own, func(f *EnforcementFacts) { f.Basis = "本机关决定" }), RuleEnforce},
		{"remedy sought", with(auction, func(f *EnforcementFacts) { f.RemedySought = true }), RuleEnforce},
		{"remedy period running", with(auction, func(f *EnforcementFacts) { f.RemedyEnd = d("2026-05-19") }), RuleEnforce},
		{"seizure not named", with(auction, func(f *EnforcementFacts) { f.Basis = " " }), RuleEnforce},
	} {
		if got := gateRule(CheckEnforcementDecision(cal, tc.f)); got != tc.rule {
			t.Errorf("%s: rule %q, want %q", tc.name, got, tc.rule)
		}
	}
}

// TestCheckEnforcementDay: 行政强制法第四十三条 — not on a statutory holiday unless urgent.
func TestCheckEnforcementDay(t *testing.T) {
	cal := workday.Default()
	for _, tc := range []struct {
		day, urgent, rule string
	}{
		{"2026-05-19", "", ""},
		{"2026-05-23", "", ""}, // a Saturday is a rest day, not a 法定节假日
		{"2026-10-01", "", RuleEnforceHoliday},
		{"2026-10-01", "当事人正在转移财物", ""},
	} {
		if got := gateRule(CheckEnforcementDay(cal, d(tc.day), tc.urgent)); got != tc.rule {
			t.Errorf("%s %q: rule %q, want %q", tc.day, tc.urgent, got, tc.rule)
		}
	}
}

// TestCheckExecutionDocument: the elements of 行政强制法第三十五条 (催告书), 第三十七条
// (强制执行决定书) and 第五十五条 (强制执行申请书).
func TestCheckExecutionDocument(t *testing.T) {
	full := func(els []Element) map[string]string {
		v := map[string]string{}
		for _, e := range els {
			v[e.Key] = "有"
		}
		v["remedy"] = "可在收到本决定书之日起六十日内申请行政复议"
		return v
	}
	for _, tc := range []struct {
		t    zhifa.DocType
		els  []Element
		rule string
	}{
		{zhifa.DocReminder, ReminderElements, RuleReminder},
		{zhifa.DocEnforcementDecision, EnforcementDecisionElements, RuleEnforceDecision},
		{zhifa.DocCourtApplication, CourtApplicationElements, RuleCourtDocument},
	} {
		if err := CheckExecutionDocument(tc.t, full(tc.els)); err != nil {
			t.Errorf("%s complete: %v", tc.t, err)
		}
		for _, e := range tc.els {
			v := full(tc.els)
			delete(v, e.Key)
			if got := gateRule(CheckExecutionDocument(tc.t, v)); got != tc.rule {
				t.Errorf("%s without %s: rule %q, want %q", tc.t, e.Key, got, tc.rule)
			}
		}
	}
}

// TestEndExecution: 行政强制法第四十条 — a ground of the article with its proof, and the
// agency's other grounds with a reason; an ended execution is a basis to close.
func TestEndExecution(t *testing.T) {
	for _, tc := range []struct {
		ground, reason, proof, rule string
	}{
		{EndDeath, "", "死亡证明", ""},
		{EndRevoked, "", "撤销决定书", ""},
		{EndOther, "当事人下落不明且无财产", "查询记录", ""},
		{EndOther, "", "查询记录", RuleEndExecution},
		{EndLost, "", " ", RuleEndExecution},
		{"poor", "", "证明", RuleEndExecution},
	} {
		if got := gateRule(CheckEndExecution(tc.ground, tc.reason, tc.proof)); got != tc.rule {
			t.Errorf("%s %q %q: rule %q, want %q", tc.ground, tc.reason, tc.proof, got, tc.rule)
		}
	}
	for _, g := range EndGrounds {
		if EndGroundLabel(g) == "" {
			t.Errorf("%s: no label", g)
		}
	}
	if b, err := ExecutionBasis(ExecutionFacts{HasObligation: true, OutstandingFen: 1, Ended: true}); b != BasisEnded || err != nil || BasisLabel(b) == "" {
		t.Errorf("ended: %q %v", b, err)
	}
}
