package law

import (
	"testing"

	"zhifa"
	"zhifa/workday"
)

func d(s string) zhifa.Date { return zhifa.MustDate(s) }

// TestCaseClocks: each clock's due date and status, citing its rule.
func TestCaseClocks(t *testing.T) {
	cal := workday.Default()
	for _, tc := range []struct {
		rule string
		got  zhifa.Clock
		due  string
	}{
		{"行政处罚法第六十条：90日，末日为休息日顺延", DecisionClock(cal, d("2026-03-02")), "2026-06-01"},
		{"本机关规定：陈述申辩期3个工作日（第四十五条）", StatementClock(cal, d("2026-03-02"), 0), "2026-03-05"},
		{"行政处罚法第六十四条（一）：5个工作日（第八十五条）", HearingRequestClock(cal, d("2026-04-30")), "2026-05-11"},
		{"行政处罚法第六十一条：7个工作日，跨国庆（10月10日调休上班）", ServiceClock(cal, d("2026-09-29")), "2026-10-14"},
		{"行政强制法第二十五条：30日", SeizureClock(cal, d("2026-03-02")), "2026-04-01"},
	} {
		if tc.got.Due != d(tc.due) {
			t.Errorf("%s: due %s, want %s", tc.rule, tc.got.Due, tc.due)
		}
	}
	// The party's statement period ends (已届满), it is never the agency's overdue; the
	// agency's decision period is overdue after its day.
	statement, decision := StatementClock(cal, d("2026-03-02"), 0), DecisionClock(cal, d("2026-03-02"))
	for _, tc := range []struct {
		c           zhifa.Clock
		today, want string
	}{
		{statement, "2026-02-20", ClockOK}, {statement, "2026-03-02", ClockDueSoon}, {statement, "2026-03-05", ClockDueSoon},
		{statement, "2026-03-06", ClockEnded}, {decision, "2026-06-01", ClockDueSoon}, {decision, "2026-06-02", ClockOverdue},
	} {
		if got := ClockStatus(cal, d(tc.today), tc.c); got != tc.want {
			t.Errorf("%s status on %s = %s, want %s (yellow: ≤%d working days left)", tc.c.Kind, tc.today, got, tc.want, DueSoonWorkdays)
		}
	}
}

// TestTransitions: the stage machine names the current stage on a wrong step.
func TestTransitions(t *testing.T) {
	for _, tc := range []struct {
		kind   zhifa.CaseKind
		proc   zhifa.Procedure
		stage  zhifa.Stage
		action zhifa.Action
		to     zhifa.Stage // "" = refused
	}{
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageOpen, "investigate", zhifa.StageInvestigate},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageOpen, "decide", ""},
		{zhifa.CasePenalty, zhifa.ProcSummary, zhifa.StageOpen, "decide", zhifa.StageDecide}, // Art. 51-52
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageReview, "decide", zhifa.StageDecide},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageClose, "archive", zhifa.StageArchive},
		{zhifa.CaseInspection, zhifa.ProcOrdinary, zhifa.StageOpen, "inspect", zhifa.StageInspect},
		{zhifa.CaseInspection, zhifa.ProcOrdinary, zhifa.StageOpen, "seize", ""},
		{zhifa.CaseCompulsory, zhifa.ProcOrdinary, zhifa.StageOpen, "seize", zhifa.StageSeize}, // 行政强制法 Art. 24
		{zhifa.CaseCompulsory, zhifa.ProcOrdinary, zhifa.StageSeize, "release", zhifa.StageRelease},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageNotify, "no_penalty", zhifa.StageClose},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageArchive, "withdraw", ""},
	} {
		c := &zhifa.Case{Kind: tc.kind, Procedure: tc.proc, Stage: tc.stage}
		s, err := Transition(c, tc.action)
		switch {
		case tc.to == "" && zhifa.ErrorCode(err) != zhifa.EINVALID:
			t.Errorf("%s %s at %s: %v, want EINVALID", tc.kind, tc.action, tc.stage, err)
		case tc.to != "" && (err != nil || s.To != tc.to):
			t.Errorf("%s %s at %s: %v, want → %s", tc.kind, tc.action, tc.stage, err, tc.to)
		}
	}
}

// TestDecisionGates: notice (Art. 44, 62), statement period (Art. 45), hearing (Art. 63-64),
// discussion (Art. 57), summary cap (Art. 51), seizure extension (行政强制法 Art. 25).
func TestDecisionGates(t *testing.T) {
	cal := workday.Default()
	decide := &Step{Action: "decide"}
	proposed := &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 300000, Reason: "首次违法，情节一般", Revision: 1}
	extend := &Step{Action: "extend"}
	for _, tc := range []struct {
		name  string
		c     zhifa.Case
		today string
		step  *Step
		in    StepInput
		rule  string // "" = allowed
	}{
		{"no notice", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary}, "2026-03-10", decide, StepInput{}, RuleNotice},
		{"statement period running", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, State: zhifa.CaseState{NoticeServedOn: d("2026-03-02")}}, "2026-03-05", decide, StepInput{}, RuleStatementAgency},
		{"statement waived", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, State: zhifa.CaseState{NoticeServedOn: d("2026-03-02"), StatementWaived: true, Proposal: proposed}}, "2026-03-03", decide, StepInput{}, ""},
		{"no proposal (B3: the decision equals the proposal)", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, State: zhifa.CaseState{NoticeServedOn: d("2026-03-02"), StatementWaived: true}}, "2026-03-03", decide, StepInput{}, RuleBenchmark},
		{"proposal is 不予处罚 (Art. 33)", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, State: zhifa.CaseState{NoticeServedOn: d("2026-03-02"), StatementWaived: true, Proposal: &zhifa.Proposal{NoPenalty: true}}}, "2026-03-03", decide, StepInput{}, RuleNoPenalty},
		{"hearing requested, not held", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, State: zhifa.CaseState{NoticeServedOn: d("2026-03-02"), HearingRight: true, HearingAsked: d("2026-03-03")}}, "2026-03-20", decide, StepInput{}, RuleHearing},
		{"hearing held, not discussed", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, State: zhifa.CaseState{NoticeServedOn: d("2026-03-02"), HearingRight: true, HearingAsked: d("2026-03-03"), HearingHeld: true, Proposal: proposed}}, "2026-03-20", decide, StepInput{}, RuleDiscussion},
		{"hearing held and discussed", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, State: zhifa.CaseState{NoticeServedOn: d("2026-03-02"), HearingRight: true, HearingAsked: d("2026-03-03"), HearingHeld: true, Discussed: true, Proposal: proposed}}, "2026-03-20", decide, StepInput{}, ""},
		{"discussion required", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, State: zhifa.CaseState{NoticeServedOn: d("2026-03-02"), DiscussionReq: true}}, "2026-03-20", decide, StepInput{}, RuleDiscussion},
		{"summary over cap (person 200 yuan)", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcSummary, Parties: []zhifa.Party{{Kind: zhifa.PartyPerson}}}, "2026-03-02", decide, StepInput{FineFen: 20001}, RuleSummary},
		{"summary org 3000 yuan", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcSummary, Parties: []zhifa.Party{{Kind: zhifa.PartyOrg}}, State: zhifa.CaseState{Proposal: proposed}}, "2026-03-02", decide, StepInput{FineFen: 300000, Summary: &zhifa.SummaryRecord{CertificatesShown: true, Informed: true, Statement: "无异议"}}, ""},
		{"summary without its record (Art. 52)", zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcSummary, Parties: []zhifa.Party{{Kind: zhifa.PartyOrg}}, State: zhifa.CaseState{Proposal: proposed}}, "2026-03-02", decide, StepInput{FineFen: 300000}, RuleSummaryRecord},
		{"seizure extended by 31", zhifa.Case{Kind: zhifa.CaseCompulsory, Clocks: []zhifa.Clock{SeizureClock(cal, d("2026-03-02"))}}, "2026-03-10", extend, StepInput{Days: 31}, RuleSeizure},
		{"seizure extended twice", zhifa.Case{Kind: zhifa.CaseCompulsory, State: zhifa.CaseState{SeizureExtends: 1}, Clocks: []zhifa.Clock{SeizureClock(cal, d("2026-03-02"))}}, "2026-03-10", extend, StepInput{Days: 5}, RuleSeizure},
		{"seizure extended by 30", zhifa.Case{Kind: zhifa.CaseCompulsory, Clocks: []zhifa.Clock{SeizureClock(cal, d("2026-03-02"))}}, "2026-03-10", extend, StepInput{Days: 30}, ""},
		{"decision after seizure expired", zhifa.Case{Kind: zhifa.CaseCompulsory, Clocks: []zhifa.Clock{SeizureClock(cal, d("2026-03-02"))}}, "2026-04-02", decide, StepInput{}, RuleSeizureDecide},
	} {
		f := &CaseFacts{Case: &tc.c, Today: d(tc.today), Cal: cal}
		err := CheckStep(f, tc.step, tc.in)
		var rule string
		if e, ok := err.(*zhifa.Error); ok {
			rule = e.Rule
		}
		if rule != tc.rule {
			t.Errorf("%s: %v, want rule %q", tc.name, err, tc.rule)
		}
	}
}
