package law

import (
	"slices"

	"zhifa"
)

// The one next step of a case (issue 12; REQUIREMENTS D1, H1): of the steps the stage
// machine allows, the one the procedure waits for now, whose form the case page shows
// first; and which acts apply at all in the case's state, so that no form is shown that
// the law gives no occasion for (no hearing forms without a hearing right).

// SideSteps are the steps off a case's main path: alternative endings, optional acts and
// clock changes. They are offered below the next step, never as it.
var SideSteps = []zhifa.Action{zhifa.ActRenotify, zhifa.ActEducate, zhifa.ActNoPenalty, zhifa.ActProposeTransfer, zhifa.ActApproveTransfer, zhifa.ActRejectTransfer, zhifa.ActHandOver, zhifa.ActTransferReply, zhifa.ActRequestReconsideration, zhifa.ActTransfer, zhifa.ActWithdraw, zhifa.ActPreserve, zhifa.ActEndPreservation, zhifa.ActMarkMajor, zhifa.ActRefuseOpinion, zhifa.ActPauseClock, zhifa.ActResumeClock, zhifa.ActExtend}

// Applies reports whether the act has an occasion in the case's state, beyond what the
// stage allows (Transition). The hearing acts need the hearing right the notice gave
// (行政处罚法第六十三条): the party asks for a hearing or waives it within five days of the
// notice (第六十四条第一项), the agency then sets the day and notifies the party seven days
// before (第六十四条第二项) and holds it once. The statement is waived once, while its period
// runs (第四十五条).
func Applies(c *zhifa.Case, action zhifa.Action) bool {
	st := &c.State
	switch action {
	case zhifa.ActRequestHearing, zhifa.ActWaiveHearing:
		return st.HearingRight && st.HearingAsked.IsZero() && !st.HearingWaived
	case zhifa.ActScheduleHearing:
		return st.HearingRight && !st.HearingAsked.IsZero() && !st.HearingHeld
	case zhifa.ActHoldHearing:
		return st.HearingRight && !st.HearingOn.IsZero() && !st.HearingHeld
	case zhifa.ActWaiveStatement:
		cl := c.Clock(zhifa.ClockStatement)
		return !st.StatementWaived && cl != nil && !cl.Done
	}
	return true
}

// ReviewAct is the legal-review act a major case waits for before its decision, by the
// state of its review (国办发〔2018〕118号（十三）、（十四）; 行政处罚法第五十八条): submit it,
// the reviewer's opinion, the handler's resubmission, the head's coordination of a
// dispute, the heads' collective discussion, or the head's approval of the reviewed
// proposal. "" when the case is not major or needs none of them now.
func ReviewAct(c *zhifa.Case, major bool) zhifa.Action {
	if !major || !ReviewStage(c.Stage) {
		return ""
	}
	r := c.State.Review
	if r == nil {
		return zhifa.ActSubmitReview
	}
	switch r.Status {
	case zhifa.ReviewPending:
		return zhifa.ActReviewOpinion
	case zhifa.ReviewProblems:
		return zhifa.ActResubmit
	case zhifa.ReviewDisputed:
		return zhifa.ActCoordinate
	case zhifa.ReviewDiscussion:
		return zhifa.ActDiscuss
	case zhifa.ReviewPassed:
		p := c.State.Proposal
		switch {
		case !ReviewPassedFor(c):
			return zhifa.ActSubmitReview // the proposal changed after the pass: reviewed again
		case p != nil && (r.ApprovedBy == 0 || r.ApprovedRevision != p.Revision):
			return zhifa.ActApprove
		}
	}
	return ""
}

// NextStep is the step a case waits for now and who takes it.
type NextStep struct {
	Step *Step
	// Party is the party's period the case waits on (陈述申辩期, 听证申请期), if any: the
	// step comes after it or after the party's answer.
	Party *zhifa.Clock
	// Unmet are the step's rules not yet met (from Missing).
	Unmet []Unmet
}

// Next picks the one next step of the case: an act within the stage that the next
// stage waits for (inStageDue: the proposal, the hearing, the collective discussion, the
// seizure's approval, the summary filing); for a major case due for its decision, its
// legal review (ReviewAct); else the first step to another stage (Steps order, SideSteps
// apart) whose rules are met today, or the first one with its unmet rules (unmet is
// Missing's answer). nil when the case has no next step (archived).
func Next(c *zhifa.Case, major bool, unmet []Unmet, today zhifa.Date) *NextStep {
	out := &NextStep{}
	if cl, ok := ClockWaiting(c, today); ok {
		out.Party = &cl
	}
	var acts, steps []*Step
	for _, action := range Actions() { // in the order of the step table
		if slices.Contains(SideSteps, action) {
			continue
		}
		s, err := Transition(c, action)
		switch {
		case err != nil:
		case s.To != "":
			steps = append(steps, s)
		case inStageDue(c, action):
			acts = append(acts, s)
		}
	}
	if _, err := Transition(c, zhifa.ActDecide); err == nil {
		if act := ReviewAct(c, major); act != "" {
			if s, err := Transition(c, act); err == nil {
				acts = append(acts, s)
			}
		}
	}
	blocked := func(s *Step) []Unmet {
		var out []Unmet
		for _, u := range unmet {
			if u.Action == s.Action {
				out = append(out, u)
			}
		}
		return out
	}
	switch {
	case len(acts) > 0:
		out.Step = acts[0]
	case len(steps) > 0:
		out.Step = steps[0]
		for _, s := range steps {
			if len(blocked(s)) == 0 {
				out.Step = s
				break
			}
		}
	default:
		return nil
	}
	out.Unmet = blocked(out.Step)
	return out
}

// inStageDue reports whether an act within the stage is one the next stage waits for:
// the proposal not yet made (行政处罚法第四十四条: the notice states it), the hearing the
// party asked for, to be set and held (第六十四条), the collective discussion the review
// required (第五十七条第二款), the head's approval of a seizure (行政强制法第十八条第一项)
// and the filing of a summary decision (第五十二条第三款).
func inStageDue(c *zhifa.Case, action zhifa.Action) bool {
	st := &c.State
	switch action {
	case zhifa.ActPropose:
		return st.Proposal == nil
	case zhifa.ActScheduleHearing:
		return Applies(c, action) && st.HearingOn.IsZero()
	case zhifa.ActHoldHearing:
		return Applies(c, action)
	case zhifa.ActDiscuss:
		return st.DiscussionReq && !st.Discussed
	case zhifa.ActApproveSeizure:
		return !st.SeizureApproved && c.Stage == zhifa.StageOpen
	case zhifa.ActFileSummary:
		cl := c.Clock(zhifa.ClockSummaryFiling)
		return cl != nil && !cl.Done
	}
	return false
}
