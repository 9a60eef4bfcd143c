package law

import (
	"fmt"
	"strings"
	"time"

	"zhifa"
	"zhifa/workday"
)

// Seizure procedure (行政强制法第十八条、第十九条) and registered preservation of evidence
// (行政处罚法第五十六条): pure rules over the case and the step's record.

// Citations of the seizure and preservation rules.
const (
	RuleSeizureApproval  = "行政强制法第十八条第一项"
	RuleSeizureNotice    = "行政强制法第十八条第五项"
	RuleSeizureRecord    = "行政强制法第十八条第七项、第八项"
	RuleSeizureWitness   = "行政强制法第十八条第九项"
	RuleSeizureEmergency = "行政强制法第十九条"
	RulePreservation     = "行政处罚法第五十六条"
	RulePreservationDays = "行政处罚法第五十六条、第八十五条"
)

const (
	// SeizureReportHours is the time within which officers who seized on the spot report
	// to the head and obtain the approval (第十九条：二十四小时内).
	SeizureReportHours = 24
	// PreservationDays is the period for the handling decision on preserved evidence:
	// 七日 in 行政处罚法 are working days (第八十五条).
	PreservationDays = 7
)

// CheckSeizure checks the record of a seizure on day (行政强制法第十八条): the head's prior
// approval (approvedOn, zero for none; not after the seizure) or, on the emergency path,
// none yet (第十九条); the party told the reasons,
// basis, rights and remedies; a 现场笔录 signed by the party or noting the refusal; a
// witness who signed it when the party was absent. Two certified officers are checked
// with the case's officers (CheckCaseOfficers).
func CheckSeizure(rec *zhifa.SeizureRecord, approvedOn, day zhifa.Date) error {
	approved := !approvedOn.IsZero()
	if rec == nil {
		return Gate(RuleSeizureRecord, "请记录查封、扣押的实施情况：告知当事人、现场笔录签名或拒签、当事人不到场时的见证人")
	}
	if !approved && !rec.Emergency {
		return Gate(RuleSeizureApproval, "实施查封、扣押前须向行政机关负责人报告并经批准；情况紧急需要当场实施的，请注明，并在24小时内报告负责人补办批准手续")
	}
	if approved && !rec.Emergency && day.Before(approvedOn) {
		return Gate(RuleSeizureApproval, fmt.Sprintf("查封、扣押的日期%s早于负责人批准的日期%s；实施前须经批准，当场实施的请注明情况紧急", day.Chinese(), approvedOn.Chinese()))
	}
	if !rec.Notified {
		return Gate(RuleSeizureNotice, "应当场告知当事人采取查封、扣押的理由、依据以及当事人依法享有的权利、救济途径")
	}
	if rec.PartyPresent {
		if !rec.Signed && strings.TrimSpace(rec.Refusal) == "" {
			return Gate(RuleSeizureRecord, "现场笔录应由当事人和执法人员签名或者盖章；当事人拒绝的，应在笔录中注明")
		}
		return nil
	}
	if strings.TrimSpace(rec.Witness) == "" {
		return Gate(RuleSeizureWitness, "当事人不到场的，应邀请见证人到场，由见证人和执法人员在现场笔录上签名或者盖章；请填写见证人")
	}
	return nil
}

// SeizureReportClock is the 第十九条 clock of an emergency seizure at at: 24 hours to the
// minute, kept as an instant like every hour period (民法典第二百零一条第二款).
func SeizureReportClock(at time.Time) zhifa.Clock {
	due := at.Add(SeizureReportHours * time.Hour).UTC()
	return zhifa.Clock{Kind: zhifa.ClockSeizureReport, Start: zhifa.DateOf(at), Due: zhifa.DateOf(due), Unit: zhifa.UnitHour,
		Hours: SeizureReportHours, DueAt: &due, Rule: RuleSeizureEmergency + "、民法典第二百零一条第二款"}
}

// SeizureUnapproved reports whether c holds an emergency seizure the head has not
// approved; overdue is set once its 24 hours passed at now: the measure must be lifted.
func SeizureUnapproved(c *zhifa.Case, now time.Time) (unapproved, overdue bool) {
	if c.State.Seizure == nil || !c.State.Seizure.Emergency || c.State.SeizureApproved {
		return false, false
	}
	cl := c.Clock(zhifa.ClockSeizureReport)
	return true, cl != nil && cl.DueAt != nil && now.After(*cl.DueAt)
}

// CheckSeizureApproval gates the head's approval of a seizure at now: before it (prior
// approval, 第十八条第一项) once, or after an emergency seizure within its 24 hours
// (第十九条); later the measure must be lifted, not approved.
func CheckSeizureApproval(c *zhifa.Case, now time.Time) error {
	if c.State.SeizureApproved {
		return Gate(RuleSeizureApproval, "负责人已批准本次查封、扣押")
	}
	if c.Stage == zhifa.StageOpen {
		return nil
	}
	unapproved, overdue := SeizureUnapproved(c, now)
	switch {
	case !unapproved:
		return Gate(RuleSeizureApproval, "查封、扣押已经实施，批准应在实施前作出")
	case overdue:
		return Gate(RuleSeizureEmergency, "当场实施的查封、扣押未在24小时内报告负责人并补办批准手续，不能再补办批准，应当立即解除")
	}
	return nil
}

// CheckSeizureApproved gates the steps that continue a seizure (decision, extension):
// an emergency seizure needs the head's approval first (第十九条).
func CheckSeizureApproved(c *zhifa.Case, now time.Time) error {
	unapproved, overdue := SeizureUnapproved(c, now)
	switch {
	case overdue:
		return Gate(RuleSeizureEmergency, "当场实施的查封、扣押超过24小时未经负责人批准，应当立即解除")
	case unapproved:
		return Gate(RuleSeizureEmergency, "当场实施的查封、扣押须在24小时内报告负责人并补办批准手续后，才能继续")
	}
	return nil
}

// CheckMeasureClockChange refuses to pause, resume or extend the fixed periods of
// this file: the statutes give the 24 hours (行政强制法第十九条) and the seven days
// (行政处罚法第五十六条) no pause nor extension.
func CheckMeasureClockChange(k zhifa.ClockKind) error {
	switch k {
	case zhifa.ClockSeizureReport:
		return Gate(RuleSeizureEmergency, "当场实施查封、扣押后24小时内报告并补办批准手续的期限不得中止或延长")
	case zhifa.ClockPreservation:
		return Gate(RulePreservationDays, "先行登记保存七日内作出处理决定的期限不得中止或延长")
	}
	return nil
}

// PreservationDue is the last day for the handling decision on evidence preserved on day.
func PreservationDue(cal *workday.Calendar, day zhifa.Date) Due {
	d, prov := cal.AddWorkdays(day, PreservationDays)
	return Due{d, prov}
}

// PreservationClock is the 第五十六条 clock of evidence preserved on day.
func PreservationClock(cal *workday.Calendar, day zhifa.Date) zhifa.Clock {
	return NewClock(zhifa.ClockPreservation, day, PreservationDue(cal, day), zhifa.UnitWorkday, PreservationDays, RulePreservationDays)
}

// CheckPreserve gates a registered preservation of evidence (第五十六条): the items
// listed, and no earlier one still awaiting its decision.
func CheckPreserve(c *zhifa.Case, items string) error {
	if c.State.Preservation.Active() {
		return Gate(RulePreservation, "本案已有先行登记保存的证据尚未作出处理决定，请先作出处理决定")
	}
	if strings.TrimSpace(items) == "" {
		return Gate(RulePreservation, "请填写先行登记保存的证据物品清单")
	}
	return nil
}

// CheckEndPreservation gates the handling decision on preserved evidence made on day:
// release (解除) at any time, seizure (转为查封、扣押) only within the seven working days;
// after them the preservation has lapsed and the items go back.
func CheckEndPreservation(c *zhifa.Case, disposal string, day zhifa.Date) error {
	p := c.State.Preservation
	if !p.Active() {
		return Gate(RulePreservation, "本案没有待作出处理决定的先行登记保存")
	}
	if day.Before(p.On) {
		return Gate(RulePreservation, fmt.Sprintf("处理决定的日期%s早于先行登记保存的日期%s", day.Chinese(), p.On.Chinese()))
	}
	switch disposal {
	case "release":
		return nil
	case "seize":
		if cl := c.Clock(zhifa.ClockPreservation); cl != nil && day.After(cl.Due) {
			return Gate(RulePreservationDays, fmt.Sprintf("先行登记保存应在七个工作日内（%s前）作出处理决定，已逾期，不能再转为查封、扣押，应当解除", cl.Due.Chinese()))
		}
		return nil
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "请选择处理决定：解除先行登记保存，或转为查封、扣押",
		Fields: map[string]string{"disposal": "处理决定应为 release（解除）或 seize（转为查封、扣押）"}}
}

// CheckPreservationResolved gates the steps that end the investigation (decision, the
// endings): preserved evidence needs its handling decision first (第五十六条).
func CheckPreservationResolved(c *zhifa.Case) error {
	if c.State.Preservation.Active() {
		return Gate(RulePreservation, "先行登记保存的证据尚未作出处理决定（解除或转为查封、扣押）")
	}
	return nil
}
