package law

import (
	"fmt"
	"slices"

	"zhifa"
	"zhifa/workday"
)

// The workspace's reading of a case's clocks (issue 12; REQUIREMENTS H1, H4): which
// periods run for the party rather than for the agency, and what each period of the
// agency waits for.

// WaitsOnOthers reports whether a clock of the kind runs for someone other than the
// agency, so that its end is no overdue work of the agency: the party's statement period
// (行政处罚法第四十五条; the agency's own rule sets its length), the party's period to ask
// for a hearing (第六十四条第一项：当事人要求听证的，应当在行政机关告知后五日内提出), the
// party's periods to pay (第六十七条第三款：十五日内……缴纳罚款; 第六十六条第二款 the deferral
// or instalment approved) and to perform after the reminder (行政强制法第五十四条：催告书送达
// 十日后当事人仍未履行义务的), the receiving organ's decision on a transfer (移送规定第八条)
// and the agency's own right to ask it to reconsider (第九条第一款), which lapses without
// fault.
func WaitsOnOthers(k zhifa.ClockKind) bool {
	return slices.Contains(OthersClocks, k)
}

// WaitsOnParty reports whether a clock of the kind is a period of the party (陈述申辩期,
// 听证申请期): while it runs, the case waits for the party (等待当事人).
func WaitsOnParty(k zhifa.ClockKind) bool {
	return k == zhifa.ClockStatement || k == zhifa.ClockHearingRequest
}

// PartyPeriod reports whether a clock of the kind is a period the party has for an act
// of its own: to state, to ask for a hearing (WaitsOnParty), to pay, to perform after
// the reminder. While it runs the case shows it as 等待当事人.
func PartyPeriod(k zhifa.ClockKind) bool {
	return WaitsOnParty(k) || k == zhifa.ClockPayment || k == zhifa.ClockInstalment || k == zhifa.ClockReminder
}

// Lapses reports whether a clock of the kind is a period that simply runs out: the
// party's periods (to state and to ask for a hearing, 行政处罚法第四十五条、第六十四条第一项;
// to pay, 第六十七条第三款、第六十六条第二款; to perform after the reminder, 行政强制法第五十四条),
// after which the agency takes its next step (a party in default is the execution's
// business, app/execution), and the agency's own right to ask the receiving organ to
// reconsider (移送规定第九条第一款：可以……提请复议), which lapses without fault. Past its
// due date such a clock has ended (ClockEnded), it is not overdue. The receiving organ's
// period (移送规定第八条) is not one: its delay is warned about.
func Lapses(k zhifa.ClockKind) bool {
	return WaitsOnOthers(k) && k != zhifa.ClockTransferReply
}

// OthersClocks are the clock kinds WaitsOnOthers reports, for the store's filters.
// Migration 00049 names them too, to recompute the stored next due dates.
var OthersClocks = []zhifa.ClockKind{zhifa.ClockStatement, zhifa.ClockHearingRequest, zhifa.ClockPayment,
	zhifa.ClockInstalment, zhifa.ClockReminder, zhifa.ClockTransferReply, zhifa.ClockTransferRecon}

// ClockTask says what must be done by the end of a clock of the kind: the act the
// period waits for, in the words of the statute that sets it.
func ClockTask(k zhifa.ClockKind) string {
	return map[zhifa.ClockKind]string{
		zhifa.ClockDecision:         "作出处理决定",           // 行政处罚法第六十条
		zhifa.ClockStatement:        "等待当事人陈述、申辩",       // 第四十五条
		zhifa.ClockHearingRequest:   "等待当事人提出听证要求",      // 第六十四条第一项
		zhifa.ClockHearingNotice:    "通知当事人听证的时间、地点",    // 第六十四条第二项
		zhifa.ClockService:          "送达行政处罚决定书",        // 第六十一条
		zhifa.ClockSeizure:          "作出处理决定或者解除查封、扣押",  // 行政强制法第二十七条
		zhifa.ClockReview:           "出具法制审核意见",         // 本机关规定
		zhifa.ClockSeizureReport:    "报告机关负责人并补办批准手续",   // 行政强制法第十九条
		zhifa.ClockPreservation:     "对先行登记保存的证据作出处理决定", // 行政处罚法第五十六条
		zhifa.ClockTransferDecision: "作出批准或者不批准移送的决定",   // 移送规定第五条第二款
		zhifa.ClockTransferHandover: "向公安机关移送",          // 第五条第二款
		zhifa.ClockTransferReply:    "等待受移送机关作出立案决定",    // 第八条
		zhifa.ClockTransferRecon:    "可以提请受移送机关复议",      // 第九条第一款
		zhifa.ClockTransferItems:    "移交涉案物品以及有关材料",     // 第十二条
		zhifa.ClockSummaryFiling:    "报所属行政机关备案",        // 第五十二条第三款
		zhifa.ClockPayment:          "等待当事人缴纳罚没款",       // 第六十七条第三款
		zhifa.ClockInstalment:       "等待当事人按批准暂缓或分期缴纳",  // 第六十六条第二款
		zhifa.ClockReminder:         "等待当事人履行催告书载明的义务",  // 行政强制法第五十四条
	}[k]
}

// ProvisionalNote explains in words a due date marked 暂定: the calendar holds no
// holiday notice of the due date's year, so working days are counted as Monday to
// Friday until the State Council's notice is imported (行政处罚法第八十五条 counts the
// periods of 二日、三日、五日、七日 in working days).
func ProvisionalNote(due zhifa.Date) string {
	return fmt.Sprintf("暂定：系统尚未导入%d年国务院节假日安排，该期限暂按周一至周五为工作日计算，导入后将重新计算", due.Year)
}

// ClockWaiting reports whether the case waits on the party today: a running period of
// the party (WaitsOnParty) that has not ended.
func ClockWaiting(c *zhifa.Case, today zhifa.Date) (zhifa.Clock, bool) {
	for _, cl := range c.Clocks {
		if WaitsOnParty(cl.Kind) && !cl.Done && !cl.Paused && !today.After(cl.Due) {
			return cl, true
		}
	}
	return zhifa.Clock{}, false
}

// AgencyOverdue counts the running clocks of the agency's own work past their due
// date on today; the party's periods and the receiving organ's are not counted
// (WaitsOnOthers).
func AgencyOverdue(cal *workday.Calendar, c *zhifa.Case, today zhifa.Date) int {
	n := 0
	for _, cl := range c.Clocks {
		if !WaitsOnOthers(cl.Kind) && ClockStatus(cal, today, cl) == ClockOverdue {
			n++
		}
	}
	return n
}
