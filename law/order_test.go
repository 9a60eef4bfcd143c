package law

import (
	"strings"
	"testing"

	"zhifa"
)

// TestCheckActOrder: an act is not dated before the filing nor before what it rests on.
func TestCheckActOrder(t *testing.T) {
	pen := func(st zhifa.CaseState) *zhifa.Case {
		return &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, State: st}
	}
	filed := zhifa.CaseState{FiledOn: d("2026-03-02")}
	noticed := zhifa.CaseState{FiledOn: d("2026-03-02"), NoticeServedOn: d("2026-03-20")}
	hearing := zhifa.CaseState{FiledOn: d("2026-03-02"), NoticeServedOn: d("2026-03-20"), HearingOn: d("2026-04-10")}
	held := zhifa.CaseState{FiledOn: d("2026-03-02"), NoticeServedOn: d("2026-03-20"), HearingHeldOn: d("2026-04-10"), DiscussedOn: d("2026-04-15")}
	decided := zhifa.CaseState{FiledOn: d("2026-03-02"), DecidedOn: d("2026-04-20")}
	seized := zhifa.CaseState{FiledOn: d("2026-03-02"), SeizedOn: d("2026-03-03")}
	tests := []struct {
		name   string
		c      *zhifa.Case
		issued map[zhifa.DocType]zhifa.Date
		action zhifa.Action
		day    string
		rule   string // "" = allowed
	}{
		{"investigation before filing", pen(filed), nil, "investigate", "2026-03-01", RuleFiledFirst},
		{"investigation on the filing day", pen(filed), nil, "investigate", "2026-03-02", ""},
		{"seizure before filing", &zhifa.Case{Kind: zhifa.CaseCompulsory, State: filed}, nil, "seize", "2026-03-01", RuleCompulsoryFirst},
		{"seizure before its 决定书", &zhifa.Case{Kind: zhifa.CaseCompulsory, State: filed}, map[zhifa.DocType]zhifa.Date{zhifa.DocSeizureDecision: d("2026-03-04")}, "seize", "2026-03-03", RuleSeizureDocument},
		{"notice served before its 告知书 is issued", pen(filed), map[zhifa.DocType]zhifa.Date{zhifa.DocPenaltyNotice: d("2026-03-19")}, "notify", "2026-03-18", RuleNoticeDocument},
		{"notice served the day it is issued", pen(filed), map[zhifa.DocType]zhifa.Date{zhifa.DocPenaltyNotice: d("2026-03-19")}, "notify", "2026-03-19", ""},
		{"hearing request before the notice", pen(noticed), nil, "request_hearing", "2026-03-19", RuleNotice},
		{"hearing held before the notified day", pen(hearing), nil, "hold_hearing", "2026-04-09", RuleHearingDay},
		{"hearing held on the notified day", pen(hearing), nil, "hold_hearing", "2026-04-10", ""},
		{"decision before the hearing", pen(held), nil, "decide", "2026-04-09", RuleDecideOnRecord},
		{"decision before the discussion", pen(held), nil, "decide", "2026-04-14", RuleDiscussFirst},
		{"decision after both", pen(held), nil, "decide", "2026-04-15", ""},
		{"service before the decision", pen(decided), nil, "serve", "2026-04-19", RuleServeAfter},
		{"release before the seizure", &zhifa.Case{Kind: zhifa.CaseCompulsory, State: seized}, nil, "release", "2026-03-02", RuleSeizureOrder},
		{"close before the decision", pen(decided), nil, "close", "2026-04-01", RuleCloseAfter},
		{"the hearing day is not the act's day", pen(noticed), nil, "schedule_hearing", "2026-03-01", ""},
	}
	for _, tt := range tests {
		err := CheckActOrder(&CaseFacts{Case: tt.c, IssuedOn: tt.issued}, tt.action, d(tt.day))
		if got := ruleOf(err); got != tt.rule {
			t.Errorf("%s: rule %q (%v), want %q", tt.name, got, err, tt.rule)
		}
	}
}

func ruleOf(err error) string {
	if e, ok := err.(*zhifa.Error); ok {
		return e.Rule
	}
	return ""
}

// TestCheckBackdate: an act dated before today needs a reason.
func TestCheckBackdate(t *testing.T) {
	today := d("2026-05-06")
	for _, tt := range []struct {
		day, reason string
		backdated   bool
		ok          bool
	}{
		{"2026-05-06", "", false, true},
		{"", "", false, true},
		{"2026-05-05", "", true, false},
		{"2026-05-05", "现场执法终端离线，次日录入", true, true},
	} {
		var day zhifa.Date
		if tt.day != "" {
			day = d(tt.day)
		}
		back, err := CheckBackdate(today, day, tt.reason)
		if back != tt.backdated || (err == nil) != tt.ok {
			t.Errorf("CheckBackdate(%s, %q) = %v, %v", tt.day, tt.reason, back, err)
		}
		if err != nil && err.(*zhifa.Error).Fields["backdate_reason"] == "" {
			t.Errorf("the error names no field: %v", err)
		}
	}
}

// TestDiscussionRequired: 行政处罚法第五十七条第二款 — the agency's cases, and always a major
// decision and a case after a hearing.
func TestDiscussionRequired(t *testing.T) {
	for _, tt := range []struct {
		name  string
		st    zhifa.CaseState
		major bool
		want  bool
	}{
		{"ordinary case", zhifa.CaseState{}, false, false},
		{"marked by the agency", zhifa.CaseState{DiscussionReq: true}, false, true},
		{"major decision", zhifa.CaseState{}, true, true},
		{"after a hearing", zhifa.CaseState{HearingHeld: true}, false, true},
		{"hearing waived", zhifa.CaseState{HearingWaived: true}, false, false},
	} {
		if got, why := DiscussionRequired(&tt.st, tt.major); got != tt.want || got == (why == "") {
			t.Errorf("%s: %v %q, want %v", tt.name, got, why, tt.want)
		}
	}
}

// TestCheckDecisionExtension: 行政处罚法第六十条 within the agency's rule — by default one
// extension of at most 30 days by the head, further ones only by collective discussion.
func TestCheckDecisionExtension(t *testing.T) {
	def := DecisionExtension{}
	own := DecisionExtension{Days: 15, HeadExtends: 2}
	for _, tt := range []struct {
		name       string
		rule       DecisionExtension
		prior      int
		days       int
		discussion bool
		ok         bool
	}{
		{"first, 30 days", def, 0, 30, false, true},
		{"first, 31 days", def, 0, 31, false, false},
		{"second by the head", def, 1, 10, false, false},
		{"second by discussion", def, 1, 10, true, true},
		{"second by discussion, too long", def, 1, 31, true, false},
		{"agency rule: second by the head", own, 1, 15, false, true},
		{"agency rule: 16 days", own, 0, 16, false, false},
		{"agency rule: third by the head", own, 2, 5, false, false},
	} {
		err := CheckDecisionExtension(tt.rule, tt.prior, tt.days, tt.discussion)
		if (err == nil) != tt.ok || (err != nil && ruleOf(err) != RuleDecisionExtend) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if b := def.Basis(); !strings.Contains(b, "1次") || !strings.Contains(b, "30日") {
		t.Errorf("basis %q", b)
	}
}
