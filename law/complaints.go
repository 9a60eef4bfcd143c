package law

import (
	"zhifa"
	"zhifa/workday"
)

// Complaints and reports (投诉举报, REQUIREMENTS F5) under 市场监督管理投诉举报处理暂行办法
// (总局令第20号, 2022年修改). Its periods are stated in 工作日, so every clock here counts
// working days on the calendar (workday.Calendar.AddWorkdays: the day of the event is not
// counted).

// Citations of the complaint rules.
const (
	// RuleComplaintAccept: 第十四条 "应当自收到投诉之日起七个工作日内作出受理或者不予受理的决定，
	// 并告知投诉人。"
	RuleComplaintAccept = "市场监督管理投诉举报处理暂行办法第十四条"
	// RuleConductComplaintAccept: complaints about enforcement conduct are not consumer
	// disputes; 第三十八条第一款 lets other complaints be handled by the same procedure
	// ("处理依法提起的除本办法第三条规定以外的其他投诉的，可以参照本办法执行"), so the
	// seven working days of 第十四条 apply to them as well.
	RuleConductComplaintAccept = "市场监督管理投诉举报处理暂行办法第三十八条第一款、第十四条"
	// RuleReportNotice: 第三十一条第二款 "举报人实名举报的，有处理权限的市场监督管理部门还应当
	// 自作出是否立案决定之日起五个工作日内告知举报人。"
	RuleReportNotice = "市场监督管理投诉举报处理暂行办法第三十一条第二款"
	// RuleComplaintTransfer: 第二十九条 and 第三十七条: a receiving agency without jurisdiction
	// passes the matter on to the agency that has it.
	RuleComplaintTransfer = "市场监督管理投诉举报处理暂行办法第二十九条、第三十七条"
	// RuleComplaintRefuse: 第十五条 lists the grounds on which a complaint is not accepted;
	// the agency tells the complainant (第十四条), so a refusal carries its ground.
	RuleComplaintRefuse = "市场监督管理投诉举报处理暂行办法第十五条"
	// RuleComplaintReply is the agency's own deadline for the substantive reply after
	// acceptance (本机关规定): the 办法 sets none for it.
	RuleComplaintReply = "本机关投诉举报答复时限规定"
	// RuleReporterSecrecy: 第三十三条: the reporter's personal data is kept confidential.
	RuleReporterSecrecy = "市场监督管理投诉举报处理暂行办法第三十三条"
)

// Periods of the 办法, in working days.
const (
	// ComplaintAcceptDays: 第十四条 "七个工作日内作出受理或者不予受理的决定".
	ComplaintAcceptDays = 7
	// ReportNoticeDays: 第三十一条第二款 "自作出是否立案决定之日起五个工作日内告知举报人".
	ReportNoticeDays = 5
	// DefaultReplyDays is the reply deadline after acceptance when the agency sets none
	// (本机关规定, a policy default); MaxReplyDays bounds what a handler may set. 第二十一条
	// 第一款第五项 ends a mediation 45 working days after acceptance, so no reply deadline
	// is longer than that.
	DefaultReplyDays = 15
	MaxReplyDays     = 45
)

// Complaint clock kinds (stored on the complaint, not on a case).
const (
	ClockComplaintAccept zhifa.ClockKind = "complaint_accept" // 受理决定（第十四条）
	ClockReportNotice    zhifa.ClockKind = "report_notice"    // 告知实名举报人（第三十一条第二款）
	ClockComplaintReply  zhifa.ClockKind = "complaint_reply"  // 答复（本机关规定）
)

// ComplaintClockLabel is the Chinese name of a complaint clock.
func ComplaintClockLabel(k zhifa.ClockKind) string {
	return map[zhifa.ClockKind]string{ClockComplaintAccept: "受理决定期限", ClockReportNotice: "告知举报人期限",
		ClockComplaintReply: "答复期限"}[k]
}

// AcceptRule is the article that sets the acceptance deadline of a matter of the kind and
// subject, and false when the 办法 sets none: a report (举报) is handled as a lead under the
// penalty procedure (第三十一条第一款), only a complaint (投诉) waits for acceptance.
func AcceptRule(kind zhifa.ComplaintKind, subject zhifa.ComplaintSubject) (string, bool) {
	if kind != zhifa.ComplaintKindComplaint {
		return "", false
	}
	if subject == zhifa.ComplaintAboutConduct {
		return RuleConductComplaintAccept, true
	}
	return RuleComplaintAccept, true
}

// AcceptClock is the 第十四条 clock of a complaint received on received: seven working days.
func AcceptClock(cal *workday.Calendar, received zhifa.Date, rule string) zhifa.Clock {
	d, prov := cal.AddWorkdays(received, ComplaintAcceptDays)
	return NewClock(ClockComplaintAccept, received, Due{d, prov}, zhifa.UnitWorkday, ComplaintAcceptDays, rule)
}

// ReportNoticeClock is the 第三十一条第二款 clock of a named report whose filing decision
// (立案 or 不予立案) was taken on decided: five working days to tell the reporter.
func ReportNoticeClock(cal *workday.Calendar, decided zhifa.Date) zhifa.Clock {
	d, prov := cal.AddWorkdays(decided, ReportNoticeDays)
	return NewClock(ClockReportNotice, decided, Due{d, prov}, zhifa.UnitWorkday, ReportNoticeDays, RuleReportNotice)
}

// ReplyClock is the agency's reply deadline after acceptance on accepted: days working
// days, DefaultReplyDays when days is 0.
func ReplyClock(cal *workday.Calendar, accepted zhifa.Date, days int) zhifa.Clock {
	if days <= 0 {
		days = DefaultReplyDays
	}
	d, prov := cal.AddWorkdays(accepted, days)
	return NewClock(ClockComplaintReply, accepted, Due{d, prov}, zhifa.UnitWorkday, days, RuleComplaintReply)
}

// CheckReplyDays refuses a reply deadline outside 1…MaxReplyDays working days (0 means the
// default).
func CheckReplyDays(days int) error {
	if days < 0 || days > MaxReplyDays {
		return Gate(RuleComplaintReply, "答复期限应在1至45个工作日之间")
	}
	return nil
}

// ComplaintNextStates are the states a complaint may move to from each state: received →
// accepted or refused (or transferred, staying received at the new agency); accepted →
// replied. Refused and replied are final.
var ComplaintNextStates = map[zhifa.ComplaintState][]zhifa.ComplaintState{
	zhifa.ComplaintReceived: {zhifa.ComplaintAccepted, zhifa.ComplaintRefused},
	zhifa.ComplaintAccepted: {zhifa.ComplaintReplied},
}

// CheckComplaintStep refuses moving a complaint from one state to another that the
// procedure does not allow.
func CheckComplaintStep(from, to zhifa.ComplaintState) error {
	for _, s := range ComplaintNextStates[from] {
		if s == to {
			return nil
		}
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "投诉举报当前为“" + from.Label() + "”，不能" + to.Verb()}
}

// FinishClock marks the running clock of the kind done.
func FinishClock(clocks []zhifa.Clock, kind zhifa.ClockKind) {
	for i := range clocks {
		if clocks[i].Kind == kind {
			clocks[i].Done = true
		}
	}
}
