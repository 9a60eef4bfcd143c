package law

import (
	"testing"

	"zhifa"
)

func penaltyCase(stage zhifa.Stage, st zhifa.CaseState, clocks ...zhifa.Clock) *zhifa.Case {
	return &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Stage: stage, State: st, Clocks: clocks}
}

// The hearing acts need the hearing right (行政处罚法第六十三条) and follow its order
// (第六十四条); the statement is waived once, while its period runs (第四十五条).
func TestApplies(t *testing.T) {
	d := zhifa.MustDate
	running := zhifa.Clock{Kind: zhifa.ClockStatement, Due: d("2026-12-08")}
	done := running
	done.Done = true
	for _, tc := range []struct {
		name   string
		st     zhifa.CaseState
		clocks []zhifa.Clock
		want   map[zhifa.Action]bool
	}{
		{"no hearing right", zhifa.CaseState{}, []zhifa.Clock{running},
			map[zhifa.Action]bool{"request_hearing": false, "waive_hearing": false, "schedule_hearing": false, "hold_hearing": false, "waive_statement": true, "review": true}},
		{"hearing right, not yet asked", zhifa.CaseState{HearingRight: true}, nil,
			map[zhifa.Action]bool{"request_hearing": true, "waive_hearing": true, "schedule_hearing": false, "hold_hearing": false, "waive_statement": false}},
		{"asked", zhifa.CaseState{HearingRight: true, HearingAsked: d("2026-12-02")}, nil,
			map[zhifa.Action]bool{"request_hearing": false, "waive_hearing": false, "schedule_hearing": true, "hold_hearing": false}},
		{"scheduled", zhifa.CaseState{HearingRight: true, HearingAsked: d("2026-12-02"), HearingOn: d("2026-12-15")}, nil,
			map[zhifa.Action]bool{"schedule_hearing": true, "hold_hearing": true}},
		{"held", zhifa.CaseState{HearingRight: true, HearingAsked: d("2026-12-02"), HearingOn: d("2026-12-15"), HearingHeld: true}, nil,
			map[zhifa.Action]bool{"schedule_hearing": false, "hold_hearing": false}},
		{"waived", zhifa.CaseState{HearingRight: true, HearingWaived: true, StatementWaived: true}, []zhifa.Clock{done},
			map[zhifa.Action]bool{"request_hearing": false, "waive_hearing": false, "waive_statement": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := penaltyCase(zhifa.StageNotify, tc.st, tc.clocks...)
			for action, want := range tc.want {
				if got := Applies(c, action); got != want {
					t.Errorf("%s: %v, want %v", action, got, want)
				}
			}
		})
	}
}

// A major case goes through legal review before its decision (国办发〔2018〕118号（十三）、
// （十四）; 行政处罚法第五十八条).
func TestReviewAct(t *testing.T) {
	prop := &zhifa.Proposal{Revision: 2}
	for _, tc := range []struct {
		name   string
		major  bool
		review *zhifa.ReviewState
		want   zhifa.Action
	}{
		{"not major", false, nil, ""},
		{"not yet submitted", true, nil, "submit_review"},
		{"pending", true, &zhifa.ReviewState{Status: zhifa.ReviewPending}, "review_opinion"},
		{"problems", true, &zhifa.ReviewState{Status: zhifa.ReviewProblems}, "resubmit"},
		{"disputed", true, &zhifa.ReviewState{Status: zhifa.ReviewDisputed}, "coordinate"},
		{"to discussion", true, &zhifa.ReviewState{Status: zhifa.ReviewDiscussion}, "discuss"},
		{"passed, proposal changed", true, &zhifa.ReviewState{Status: zhifa.ReviewPassed, PassedRevision: 1}, "submit_review"},
		{"passed, to approve", true, &zhifa.ReviewState{Status: zhifa.ReviewPassed, PassedRevision: 2}, "approve"},
		{"passed and approved", true, &zhifa.ReviewState{Status: zhifa.ReviewPassed, PassedRevision: 2, ApprovedBy: 7, ApprovedRevision: 2}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := penaltyCase(zhifa.StageReview, zhifa.CaseState{Proposal: prop, Review: tc.review})
			if got := ReviewAct(c, tc.major); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}

func TestNext(t *testing.T) {
	d := zhifa.MustDate
	today := d("2026-12-07")
	statement := zhifa.Clock{Kind: zhifa.ClockStatement, Due: d("2026-12-08")}
	prop := &zhifa.Proposal{Revision: 1}
	for _, tc := range []struct {
		name  string
		c     *zhifa.Case
		major bool
		unmet []Unmet
		want  zhifa.Action
		party bool
	}{
		{"open", penaltyCase(zhifa.StageOpen, zhifa.CaseState{}), false, nil, "investigate", false},
		{"investigating, no proposal", penaltyCase(zhifa.StageInvestigate, zhifa.CaseState{}), false,
			[]Unmet{{Action: "notify", Message: "须先拟作出处罚决定"}}, "propose", false},
		{"proposal made, notice missing", penaltyCase(zhifa.StageInvestigate, zhifa.CaseState{Proposal: prop}), false,
			[]Unmet{{Action: "notify", Message: "须先签发告知书"}}, "notify", false},
		{"waiting on the party", penaltyCase(zhifa.StageNotify, zhifa.CaseState{Proposal: prop}, statement), false,
			[]Unmet{{Action: "review", Message: "陈述申辩期未满"}}, "review", true},
		{"hearing asked", penaltyCase(zhifa.StageNotify, zhifa.CaseState{Proposal: prop, HearingRight: true, HearingAsked: d("2026-12-03")}), false,
			nil, "schedule_hearing", false},
		{"major case in review", penaltyCase(zhifa.StageReview, zhifa.CaseState{Proposal: prop}), true,
			[]Unmet{{Action: "decide", Message: "未经法制审核"}}, "submit_review", false},
		{"ordinary case in review", penaltyCase(zhifa.StageReview, zhifa.CaseState{Proposal: prop}), false, nil, "decide", false},
		{"discussion required", penaltyCase(zhifa.StageReview, zhifa.CaseState{Proposal: prop, DiscussionReq: true}), false, nil, "discuss", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := Next(tc.c, tc.major, tc.unmet, today)
			if n == nil || n.Step.Action != tc.want || (n.Party != nil) != tc.party {
				t.Fatalf("next %+v, want %s (party %v)", n, tc.want, tc.party)
			}
			for _, u := range n.Unmet {
				if u.Action != tc.want {
					t.Errorf("unmet %+v of another step", u)
				}
			}
		})
	}
	if n := Next(penaltyCase(zhifa.StageArchive, zhifa.CaseState{}), false, nil, today); n != nil {
		t.Errorf("archived case: next %+v", n)
	}
}
