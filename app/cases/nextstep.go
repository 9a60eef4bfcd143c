package cases

import (
	"fmt"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/workday"
)

// The case page's next step (issue 12; REQUIREMENTS D1, H1): the one step the case waits
// for (law.Next), who takes it, whether the actor can take it now, and what the case
// waits on: the party's period (等待当事人), or the legal reviewer.

// NextStepView is the next step of a case as the actor sees it.
type NextStepView struct {
	Action zhifa.Action `json:"action"`
	Label  string       `json:"label"`
	// Who takes the step: 承办人员, 机关负责人 or 法制审核人员.
	Who string `json:"who"`
	// Mine: the actor takes it; ViaApproval: the actor asks the head to (提请负责人审批).
	Mine        bool `json:"mine"`
	ViaApproval bool `json:"via_approval"`
	// Ready: no rule of the step is unmet today; Unmet lists those that are.
	Ready bool        `json:"ready"`
	Unmet []law.Unmet `json:"unmet"`
	// Waiting says, in words, whom the case waits on first ("" for no one).
	Waiting string `json:"waiting,omitempty"`
	// Party is set when the wait is the party's period (陈述申辩期, 听证申请期).
	Party bool `json:"party,omitempty"`
}

// nextStep is the next step of v for the actor on today; nil for a case without one.
func nextStep(actor *kernel.Actor, v *CaseView, cal *workday.Calendar, today zhifa.Date) *NextStepView {
	n := law.Next(v.Case, v.Major, v.Missing, today)
	if n == nil {
		return nil
	}
	s := n.Step
	out := &NextStepView{Action: s.Action, Label: s.Label, Who: "承办人员", Ready: len(n.Unmet) == 0, Unmet: n.Unmet}
	if out.Unmet == nil {
		out.Unmet = []law.Unmet{}
	}
	own := actor.Can(kernel.PermHandleCases) && actor.AgencyID == v.AgencyID
	switch {
	case s.Reviewer:
		out.Who = "法制审核人员"
		rs := v.State.Review
		out.Mine = rs != nil && rs.ReviewerID == actor.UserID && actor.UserID > 0
		if !out.Mine {
			out.Waiting = "等待法制审核人员出具审核意见"
			if rs != nil && !rs.Due.IsZero() {
				out.Waiting += "（期限至" + rs.Due.Chinese() + "）"
			}
		}
	case s.Head:
		out.Who = "机关负责人"
		out.Mine = own && actor.Role == zhifa.RoleHead
		out.ViaApproval = own && actor.Role != zhifa.RoleHead
	default:
		out.Mine = own
	}
	if cl := n.Party; cl != nil {
		left, _ := cal.WorkdaysBetween(today, cl.Due)
		out.Party = true
		out.Waiting = fmt.Sprintf("等待当事人：%s至%s届满（剩余%d个工作日）。当事人可在期限内%s；期满或当事人明确放弃后，方可办理下一步",
			cl.Kind.Label(), cl.Due.Chinese(), left, partyMay(cl.Kind))
	}
	return out
}

// partyMay says what the party may do within its period.
func partyMay(k zhifa.ClockKind) string {
	if k == zhifa.ClockHearingRequest {
		return "要求听证（行政处罚法第六十四条第一项）"
	}
	return "陈述、申辩（行政处罚法第四十五条）"
}
