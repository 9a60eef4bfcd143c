package law

import (
	"fmt"
	"slices"
	"strings"

	"zhifa"
	"zhifa/workday"
)

// Publication of enforcement decisions (执法决定公示, REQUIREMENTS C3–C5).
//
// 行政处罚法第四十八条：具有一定社会影响的行政处罚决定应当依法公开。公开的行政处罚决定被依法
// 变更、撤销、确认违法或者确认无效的，行政机关应当在三日内撤回行政处罚决定信息并公开说明理由。
// (第八十五条: 三日 are working days.)
//
// 国办发〔2018〕118号（六）：行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内
// 公开，其他执法决定信息在20个工作日内公开，法律、行政法规另有规定的除外 — the 20 working days
// being also 政府信息公开条例第二十六条's period for information published on the agency's
// own initiative.
//
// 市场监督管理行政处罚信息公示规定: penalties of the ordinary procedure are published
// (第二条), the party told so when the decision is served (第八条), withdrawn within three
// working days when the decision falls (第十一条), displayed three months for 通报批评 or a
// low fine, three years for others, the real period for longer restrictions (第十三条).

// Citations of the publication rules.
const (
	RulePublishDue      = "国办发〔2018〕118号（六）；政府信息公开条例第二十六条"
	RulePublishDuty     = "行政处罚法第四十八条第一款；市场监督管理行政处罚信息公示规定第二条"
	RuleWithdraw        = "行政处罚法第四十八条第二款、第八十五条；市场监督管理行政处罚信息公示规定第十一条"
	RuleDisplayPeriod   = "市场监督管理行政处罚信息公示规定第十三条"
	RuleNoPublishSecret = "政府信息公开条例第十四条"
	RuleNoPublishThird  = "政府信息公开条例第十五条"
	RulePublishRedact   = "政府信息公开条例第十五条；市场监督管理行政处罚信息公示规定第六条；个人信息保护法第二十八条"
)

// Publication periods in working days from the decision (118号（六）).
const (
	// PublishDaysDecision: 行政许可、行政处罚 decisions, 7 个工作日.
	PublishDaysDecision = 7
	// PublishDaysOther: other enforcement decisions, 20 个工作日.
	PublishDaysOther = 20
	// WithdrawDays: a fallen decision is withdrawn within 三日 (第四十八条第二款), working
	// days by 第八十五条, as 公示规定第十一条 says outright.
	WithdrawDays = 3
)

// Display periods (公示规定第十三条).
const (
	// DisplayMonthsLow: 仅受到通报批评或者较低数额罚款的……自公示之日起届满三个月的，停止公示.
	DisplayMonthsLow = 3
	// DisplayMonths: 其他行政处罚信息自公示之日起届满三年的，停止公示.
	DisplayMonths = 36
)

// PublicationDays is the statutory publication period of a category: 7 working days for
// licence and penalty decisions, 20 for the others (118号（六）). A 不予处罚 decision is not
// a 处罚 decision, so it has the 20 days of other decisions.
func PublicationDays(cat zhifa.PublicationCategory) int {
	if cat == zhifa.PubPenalty || cat == zhifa.PubLicence {
		return PublishDaysDecision
	}
	return PublishDaysOther
}

// AgencyPublicationDays is the period an agency applies: its own when shorter than the
// statute's, never longer (0: the statute's).
func AgencyPublicationDays(cat zhifa.PublicationCategory, r *zhifa.PublicityRule) int {
	days := PublicationDays(cat)
	if r == nil {
		return days
	}
	own := r.OtherDays
	if cat == zhifa.PubPenalty || cat == zhifa.PubLicence { // the 7-day class of 118号（六）
		own = r.PenaltyDays
	}
	if own > 0 && own < days {
		return own
	}
	return days
}

// CheckPublicityRule validates an agency's rule: its periods may shorten the statutory
// ones, never lengthen them (118号（六）); the low-fine threshold is not negative.
func CheckPublicityRule(r *zhifa.PublicityRule) error {
	if r.PenaltyDays < 0 || r.PenaltyDays > PublishDaysDecision {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "公示期限设置有误",
			Fields: zhifa.FieldErrors{"penalty_days": fmt.Sprintf("行政处罚决定的公示期限不得超过%d个工作日（%s）", PublishDaysDecision, RulePublishDue)}}
	}
	if r.OtherDays < 0 || r.OtherDays > PublishDaysOther {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "公示期限设置有误",
			Fields: zhifa.FieldErrors{"other_days": fmt.Sprintf("其他执法决定的公示期限不得超过%d个工作日（%s）", PublishDaysOther, RulePublishDue)}}
	}
	if r.LowFineFen < 0 {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "较低数额罚款标准有误",
			Fields: zhifa.FieldErrors{"low_fine": "较低数额罚款标准不能为负数"}}
	}
	return nil
}

// PublicationOf says whether the decision a case step makes must be published, and as
// what: the decision of a penalty case of the ordinary procedure (第四十八条, 公示规定第二条),
// of the summary procedure where the agency's rule says so, a compulsory case's decision,
// an inspection's conclusion, and a 不予处罚 decision where the agency's rule requires it.
// Other steps publish nothing.
func PublicationOf(c *zhifa.Case, action zhifa.Action, r *zhifa.PublicityRule) (zhifa.PublicationCategory, bool) {
	if r == nil {
		r = &zhifa.PublicityRule{}
	}
	switch {
	case action == zhifa.ActDecide && c.Kind == zhifa.CasePenalty && c.Procedure == zhifa.ProcSummary:
		return zhifa.PubPenalty, r.PublishSummary
	case action == zhifa.ActDecide && c.Kind == zhifa.CasePenalty:
		return zhifa.PubPenalty, true
	case action == zhifa.ActDecide && c.Kind == zhifa.CaseCompulsory:
		return zhifa.PubCompulsory, true
	case action == zhifa.ActConclude && c.Kind == zhifa.CaseInspection:
		return zhifa.PubInspection, true
	case action == zhifa.ActNoPenalty:
		return zhifa.PubNoPenalty, r.PublishNoPenalty
	}
	return "", false
}

// PublishClock is the publication clock of a decision made on decided: days working days
// (AgencyPublicationDays) on the calendar, from the day after the decision.
func PublishClock(cal *workday.Calendar, decided zhifa.Date, days int) zhifa.Clock {
	d, prov := cal.AddWorkdays(decided, days)
	return NewClock(zhifa.ClockPublish, decided, Due{d, prov}, zhifa.UnitWorkday, days, RulePublishDue)
}

// WithdrawClock is the clock of withdrawing a publication whose decision fell on fell:
// three working days (第四十八条第二款、第八十五条; 公示规定第十一条).
func WithdrawClock(cal *workday.Calendar, fell zhifa.Date) zhifa.Clock {
	d, prov := cal.AddWorkdays(fell, WithdrawDays)
	return NewClock(zhifa.ClockWithdraw, fell, Due{d, prov}, zhifa.UnitWorkday, WithdrawDays, RuleWithdraw)
}

// NoPublishGround is a legal ground for not publishing a decision that must be published.
type NoPublishGround struct {
	Code  string
	Label string
	Rule  string
}

// NoPublishGrounds are the grounds the law gives (政府信息公开条例第十四条、第十五条); personal
// privacy only where redaction cannot cure it (第十五条; 公示规定第六条 requires the
// redaction first).
var NoPublishGrounds = []NoPublishGround{
	{"state_secret", "依法确定为国家秘密", RuleNoPublishSecret},
	{"other_law", "法律、行政法规禁止公开", RuleNoPublishSecret},
	{"security", "公开后可能危及国家安全、公共安全、经济安全、社会稳定", RuleNoPublishSecret},
	{"trade_secret", "涉及商业秘密，公开会对第三方合法权益造成损害", RuleNoPublishThird},
	{"privacy", "涉及个人隐私，且经处理仍无法消除", RuleNoPublishThird},
}

// NoPublishGroundOf returns the ground with the code, or nil.
func NoPublishGroundOf(code string) *NoPublishGround {
	for i := range NoPublishGrounds {
		if NoPublishGrounds[i].Code == code {
			return &NoPublishGrounds[i]
		}
	}
	return nil
}

// DisplayInput is what the display period depends on: the penalty kinds and the fine
// decided, the agency's low-fine threshold, and the length of a restriction (限制开展
// 生产经营活动、限制从业) in months.
type DisplayInput struct {
	Penalties         []string
	FineFen           int64
	LowFineFen        int64
	RestrictionMonths int
}

// lowPenalties are the kinds a 3-month publication may consist of: 通报批评 and a fine
// (公示规定第十三条第一款); a warning alongside adds nothing heavier.
var lowPenalties = []string{"通报批评", "罚款", "警告"}

// DisplayMonthsOf is the display period in months (公示规定第十三条): three months for a
// decision of only 通报批评 or a fine at most the agency's low-fine threshold (第二款: the
// threshold is set by the province), three years for the others, and the real length of
// a restriction longer than three years (第三款).
func DisplayMonthsOf(in DisplayInput) int {
	if in.RestrictionMonths > DisplayMonths {
		return in.RestrictionMonths
	}
	low := len(in.Penalties) > 0
	for _, p := range in.Penalties {
		if !slices.Contains(lowPenalties, p) {
			low = false
		}
	}
	if low && slices.Contains(in.Penalties, "罚款") && (in.LowFineFen <= 0 || in.FineFen > in.LowFineFen) {
		low = false
	}
	if low && !slices.Contains(in.Penalties, "通报批评") && !slices.Contains(in.Penalties, "罚款") {
		low = false // a warning alone is not among 第十三条's short kinds
	}
	if low {
		return DisplayMonthsLow
	}
	return DisplayMonths
}

// DisplayUntil is the last day a decision published on published stays on the portal:
// the period runs from the publication day (自公示之日起届满), so it ends the day before the
// same date months later.
func DisplayUntil(published zhifa.Date, months int) zhifa.Date {
	return zhifa.DateOf(published.Time().AddDate(0, months, 0)).AddDays(-1)
}

// CheckPublishable gates the approval of a public version: it is not empty and carries
// none of the identifiers redaction must remove (公示规定第六条, 个人信息保护法第二十八条).
// found lists what the redaction rules still find in the text.
func CheckPublishable(text string, found []string) error {
	if strings.TrimSpace(text) == "" {
		return Gate(RulePublishRedact, "公开版本为空，不能公示")
	}
	if len(found) > 0 {
		return Gate(RulePublishRedact, "公开版本仍含有应当处理的个人信息："+strings.Join(found, "、"))
	}
	return nil
}

// RulePublishNotice cites the duty to tell the party, in writing when the decision is
// served, that the decision will be published.
const RulePublishNotice = "市场监督管理行政处罚信息公示规定第八条"

// PublicationNotice is the paragraph of a penalty decision that will be published (公示
// 规定第八条：送达行政处罚决定书时……书面告知行政处罚当事人行政处罚信息将向社会进行公示): that it
// will be published, within how many working days of the decision (118号（六）, the
// agency's shorter period if it set one), and where. "" when the decision is not one
// that must be published.
func PublicationNotice(must bool, days int, where string) string {
	if !must {
		return ""
	}
	return fmt.Sprintf("根据《中华人民共和国行政处罚法》第四十八条和《市场监督管理行政处罚信息公示规定》第八条，本行政处罚决定信息"+
		"将自作出之日起%d个工作日内向社会公示，公示网址：%s。", days, where)
}
