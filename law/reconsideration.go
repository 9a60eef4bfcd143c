package law

import (
	"zhifa"
	"zhifa/workday"
)

// Reconsideration and litigation outcomes (行政复议、行政诉讼, REQUIREMENTS F7, I3) and the
// correction rate (纠错率). The periods are those of 行政复议法 (2023年修订); its 第八十八条第二款
// makes "三日""五日""七日""十日" working days, longer periods count calendar days.

// Citations of the reconsideration rules.
const (
	// RuleReconForward: 第三十二条第二款 "认为需要维持行政处罚决定的，应当自收到行政复议申请之日起
	// 五日内转送行政复议机关" (an application lodged through the deciding agency).
	RuleReconForward = "行政复议法第三十二条第二款"
	// RuleReconAnswer: 第四十八条 "被申请人应当自收到行政复议申请书副本或者行政复议申请笔录复印件
	// 之日起十日内，提出书面答复".
	RuleReconAnswer = "行政复议法第四十八条"
	// RuleReconAnswerSimple: 第五十四条 (简易程序) "五日内，提出书面答复".
	RuleReconAnswerSimple = "行政复议法第五十四条"
	// RuleReconDecision: 第六十二条 "自受理申请之日起六十日内作出行政复议决定" (简易程序三十日).
	RuleReconDecision = "行政复议法第六十二条"
	// RuleReconWorkdays: 第八十八条第二款, the working-day rule.
	RuleReconWorkdays = "行政复议法第八十八条第二款"
	// RuleCorrectionRate is the 5% ceiling of the share of decisions corrected
	// (REQUIREMENTS F7).
	RuleCorrectionRate = "行政执法监督纠错率控制指标"
)

// Periods of 行政复议法.
const (
	ReconForwardDays        = 5  // 第三十二条第二款，工作日（第八十八条第二款）
	ReconAnswerDays         = 10 // 第四十八条，工作日
	ReconAnswerSimpleDays   = 5  // 第五十四条，工作日
	ReconDecisionDays       = 60 // 第六十二条第一款，日历日
	ReconDecisionSimpleDays = 30 // 第六十二条第二款，日历日
	// ReconExtensionDays: 第六十二条第一款 "延长期限最多不得超过三十日".
	ReconExtensionDays = 30
)

// CorrectionThresholdPermille is the ceiling of the correction rate: 5% (REQUIREMENTS F7:
// "the share of decisions revoked is ≤ 5%"), in per mille to stay in integers.
const CorrectionThresholdPermille = 50

// OutcomeArticle is the article of 行政复议法 behind each reconsideration outcome.
var OutcomeArticle = map[zhifa.ReviewOutcome]string{
	zhifa.OutcomeUphold:    "行政复议法第六十八条",
	zhifa.OutcomeRevoke:    "行政复议法第六十四条",
	zhifa.OutcomeChange:    "行政复议法第六十三条",
	zhifa.OutcomeIllegal:   "行政复议法第六十五条",
	zhifa.OutcomeVoid:      "行政复议法第六十七条",
	zhifa.OutcomeDismiss:   "行政复议法第三十三条、第六十九条", // 驳回申请、驳回请求
	zhifa.OutcomeMediate:   "行政复议法第七十三条",
	zhifa.OutcomeTerminate: "行政复议法第四十一条",
}

// Corrects reports whether an outcome corrects the decision — revokes it (撤销, 第六十四条),
// changes it (变更, 第六十三条), declares it illegal (确认违法, 第六十五条) or void (确认无效,
// 第六十七条) — and so counts for the correction rate and marks the case.
func Corrects(o zhifa.ReviewOutcome) bool {
	switch o {
	case zhifa.OutcomeRevoke, zhifa.OutcomeChange, zhifa.OutcomeIllegal, zhifa.OutcomeVoid:
		return true
	}
	return false
}

// ReconClocks are the deadlines of a reconsideration of a decision: the answer within ten
// working days (five under the simple procedure) of the day the agency received the copy
// of the application; when the application was lodged through the agency, forwarding it
// within five working days of that day; and, once the body accepted it, the body's
// decision within sixty calendar days (thirty under the simple procedure). Zero dates
// leave their clocks out.
func ReconClocks(cal *workday.Calendar, r *zhifa.Reconsideration) []zhifa.Clock {
	var out []zhifa.Clock
	if r.ViaAgency && !r.ReceivedOn.IsZero() {
		d, prov := cal.AddWorkdays(r.ReceivedOn, ReconForwardDays)
		out = append(out, NewClock(ClockReconForward, r.ReceivedOn, Due{d, prov}, zhifa.UnitWorkday, ReconForwardDays, RuleReconForward))
	}
	if !r.CopyReceivedOn.IsZero() {
		days, rule := ReconAnswerDays, RuleReconAnswer
		if r.Simple {
			days, rule = ReconAnswerSimpleDays, RuleReconAnswerSimple
		}
		d, prov := cal.AddWorkdays(r.CopyReceivedOn, days)
		out = append(out, NewClock(ClockReconAnswer, r.CopyReceivedOn, Due{d, prov}, zhifa.UnitWorkday, days, rule))
	}
	if !r.AcceptedOn.IsZero() {
		days := ReconDecisionDays
		if r.Simple {
			days = ReconDecisionSimpleDays
		}
		out = append(out, NewClock(ClockReconDecision, r.AcceptedOn, CalendarDue(cal, r.AcceptedOn, days), zhifa.UnitCalendar, days, RuleReconDecision))
	}
	done := !r.OutcomeOn.IsZero()
	for i := range out {
		switch out[i].Kind {
		case ClockReconForward:
			out[i].Done = done || !r.ForwardedOn.IsZero()
		case ClockReconAnswer:
			out[i].Done = done || !r.AnsweredOn.IsZero()
		default:
			out[i].Done = done
		}
	}
	return out
}

// Reconsideration clock kinds.
const (
	ClockReconForward  zhifa.ClockKind = "recon_forward"  // 转送（第三十二条第二款）
	ClockReconAnswer   zhifa.ClockKind = "recon_answer"   // 书面答复（第四十八条、第五十四条）
	ClockReconDecision zhifa.ClockKind = "recon_decision" // 复议决定（第六十二条）
)

// ReconClockLabel is the Chinese name of a reconsideration clock.
func ReconClockLabel(k zhifa.ClockKind) string {
	return map[zhifa.ClockKind]string{ClockReconForward: "转送期限", ClockReconAnswer: "书面答复期限", ClockReconDecision: "复议决定期限"}[k]
}

// CorrectionRate is the share of decisions corrected, in per mille rounded down: corrected
// decisions of a year over the decisions made that year; 0 without decisions.
func CorrectionRate(corrected, decisions int) int {
	if decisions <= 0 {
		return 0
	}
	return corrected * 1000 / decisions
}

// CorrectionWarning reports whether corrected of decisions exceeds the 5% ceiling
// (REQUIREMENTS F7), compared exactly (corrected/decisions > 5/100), not on the rounded
// rate.
func CorrectionWarning(corrected, decisions int) bool {
	return decisions > 0 && corrected*1000 > decisions*CorrectionThresholdPermille
}

// CheckOutcomeDates refuses an outcome dated before the matter began or after today.
func CheckOutcomeDates(began, outcome, today zhifa.Date) error {
	if outcome.IsZero() {
		return nil
	}
	if !began.IsZero() && outcome.Before(began) {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "结果日期不能早于收到日期", Fields: zhifa.FieldErrors{"outcome_on": "结果日期不能早于收到日期"}}
	}
	if outcome.After(today) {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "结果日期不能晚于今天", Fields: zhifa.FieldErrors{"outcome_on": "结果日期不能晚于今天"}}
	}
	return nil
}
