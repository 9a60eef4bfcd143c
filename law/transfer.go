package law

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"zhifa"
	"zhifa/workday"
)

// Transfer of suspected crimes (移送涉嫌犯罪案件, REQUIREMENTS G3) under 《行政执法机关移送涉嫌
// 犯罪案件的规定》 (国务院令第310号, 2020年修订; 移送规定 below): the written report and the head's
// decision within three days (Art. 5), the handover within 24 hours of the approval with
// the materials of Art. 6, the receiving organ's decision (Art. 8), the reconsideration of
// a refusal (Art. 9), the handover of the items after it opened a case (Art. 12), and no
// administrative penalty in place of the transfer (Art. 11). The steps are rows of Steps;
// their Track names the transfer statuses they need.

// TransferReg is the regulation's title, for citations.
const TransferReg = "《行政执法机关移送涉嫌犯罪案件的规定》"

// Citations of the transfer rules.
const (
	RuleTransferReport   = TransferReg + "第五条第一款"
	RuleTransferDecision = TransferReg + "第五条第二款"
	RuleTransferDocs     = TransferReg + "第六条"
	RuleTransferReply    = TransferReg + "第八条"
	RuleTransferRecon    = TransferReg + "第九条"
	RuleTransferItems    = TransferReg + "第十二条"
	// RuleNoPenaltyInstead: 行政执法机关对应当向公安机关移送的涉嫌犯罪案件，不得以行政处罚代替移送
	// (Art. 11 ¶1); penalties of Art. 11 ¶2 decided before the transfer continue.
	RuleNoPenaltyInstead = TransferReg + "第十一条"
	// RuleDayCount: a period in days starts the day after the event and a last day that is
	// a statutory holiday moves to the day after it (民法典第二百零一条第一款、第二百零三条).
	RuleDayCount = "民法典第二百零一条、第二百零三条"
)

// Transfer periods.
const (
	// TransferDecisionDays: 正职负责人或者主持工作的负责人应当自接到报告之日起３日内作出批准移送
	// 或者不批准移送的决定 (Art. 5 ¶2). The head "receives the report" when it is proposed
	// in the system, so the clock starts then.
	TransferDecisionDays = 3
	// HandoverHours: 决定批准的，应当在２４小时内向同级公安机关移送 (Art. 5 ¶2).
	HandoverHours = 24
	// TransferReplyDays: 公安机关应当自接受…之日起３日内…进行审查 (Art. 8), and the same for
	// its decision on a reconsideration (Art. 9 ¶2).
	TransferReplyDays = 3
	// TransferReconDays: 可以自接到不予立案通知书之日起３日内，提请…复议 (Art. 9 ¶1).
	TransferReconDays = 3
	// TransferItemsDays: 应当自接到立案通知书之日起３日内将涉案物品以及与案件有关的其他材料移交
	// 公安机关 (Art. 12).
	TransferItemsDays = 3
)

// TransferDoc is one material a transfer carries (Art. 6). Act is the act of the case
// record that holds it (zhifa.Record.Act).
type TransferDoc struct {
	Act      string `json:"act"`
	Title    string `json:"title"`
	Clause   string `json:"clause"`
	Required bool   `json:"required"`
}

// TransferDocs are the materials of Art. 6. The inspection reports (四) and other
// materials (五) are attached where there are any ("有关"), so they are not required.
var TransferDocs = []TransferDoc{
	{"transfer_notice", "涉嫌犯罪案件移送书", "第六条第（一）项", true},
	{"transfer_report", "涉嫌犯罪案件情况的调查报告", "第六条第（二）项", true},
	{"transfer_items", "涉案物品清单", "第六条第（三）项", true},
	{"transfer_inspection", "有关检验报告或者鉴定结论", "第六条第（四）项", false},
	{"transfer_other", "其他有关涉嫌犯罪的材料", "第六条第（五）项", false},
}

// IsTransferDoc reports whether act is the act of a transfer material.
func IsTransferDoc(act string) bool {
	return slices.ContainsFunc(TransferDocs, func(d TransferDoc) bool { return d.Act == act })
}

// MissingTransferDocs returns the titles of the required materials without a record.
func MissingTransferDocs(have map[string]bool) []string {
	var out []string
	for _, d := range TransferDocs {
		if d.Required && !have[d.Act] {
			out = append(out, d.Title)
		}
	}
	return out
}

// CheckTransferDocs is the Art. 6 gate of the handover.
func CheckTransferDocs(have map[string]bool) error {
	if miss := MissingTransferDocs(have); len(miss) > 0 {
		return Gate(RuleTransferDocs, "移送涉嫌犯罪案件应当附有下列材料，尚未登记："+strings.Join(miss, "、"))
	}
	return nil
}

// transferClocks are the clocks set by statute that no one may pause or extend.
var transferClocks = []zhifa.ClockKind{zhifa.ClockTransferDecision, zhifa.ClockTransferHandover, zhifa.ClockTransferReply,
	zhifa.ClockTransferRecon, zhifa.ClockTransferItems}

// IsTransferClock reports whether k is a transfer clock.
func IsTransferClock(k zhifa.ClockKind) bool { return slices.Contains(transferClocks, k) }

// PenaltiesWithTransfer are the penalties that a transfer does not stop (Art. 11 ¶2: 警告，
// 责令停产停业，暂扣或者吊销许可证、暂扣或者吊销执照的行政处罚决定，不停止执行), named as in
// Proposal.Penalties.
var PenaltiesWithTransfer = []string{"警告", "责令停产停业", "暂扣许可证件", "吊销许可证件"}

// penaltyInstead reports whether a decision would put a penalty in place of the
// transfer: a fine, or a penalty other than those of Art. 11 ¶2.
func penaltyInstead(c *zhifa.Case, in StepInput) (bool, string) {
	if in.FineFen > 0 {
		return true, "罚款" + Yuan(in.FineFen) + "元"
	}
	if p := c.State.Proposal; p != nil {
		if p.FineFen > 0 {
			return true, "罚款" + Yuan(p.FineFen) + "元"
		}
		for _, k := range p.Penalties {
			if !slices.Contains(PenaltiesWithTransfer, k) {
				return true, k
			}
		}
	}
	return false, ""
}

// checkTransferStep runs the transfer gates of a step: Art. 11 for decisions and endings
// while a transfer is pending, the fixed statutory transfer periods, the special team of
// Art. 5 ¶1 and the reconsideration period of Art. 9.
func checkTransferStep(f *CaseFacts, s *Step, in StepInput, day zhifa.Date) error {
	c := f.Case
	st := c.State.Transfer
	switch s.Action {
	case zhifa.ActDecide:
		if c.Kind == zhifa.CasePenalty && st.Pending() {
			if bad, what := penaltyInstead(c, in); bad {
				return Gate(RuleNoPenaltyInstead, fmt.Sprintf("本案涉嫌犯罪的移送尚未办结（%s），不得以行政处罚（%s）代替移送；移送前已作出的警告、责令停产停业、暂扣或者吊销许可证件不停止执行", st.Label(), what))
			}
		}
		// The seized items are evidence of the suspected crime: kept (Art. 4) and handed
		// to the organ with the case (Art. 12), never confiscated or destroyed meanwhile.
		if c.Kind == zhifa.CaseCompulsory && st.Pending() && (in.Disposal == "confiscate" || in.Disposal == "destroy") {
			return Gate(RuleTransferItems, fmt.Sprintf("本案涉嫌犯罪的移送尚未办结（%s），涉案物品应当妥善保存并随案移交（第四条、第十二条），不得没收或者销毁", st.Label()))
		}
	case zhifa.ActClose, zhifa.ActNoPenalty, zhifa.ActWithdraw:
		if st.Pending() {
			return Gate(RuleNoPenaltyInstead, fmt.Sprintf("本案涉嫌犯罪的移送尚未办结（%s），不得以行政处罚代替移送而结案；受移送机关立案的，以“移送结案”办结；不予立案的，依第十条依法处理", st.Label()))
		}
	case zhifa.ActPauseClock, zhifa.ActResumeClock, zhifa.ActExtend:
		if IsTransferClock(in.Clock) {
			return Gate(RuleTransferDecision, "移送的法定期限不能中止或者延长")
		}
	case zhifa.ActProposeTransfer:
		if len(c.OfficerIDs) < 2 {
			return Gate(RuleTransferReport, "应当指定2名或者2名以上行政执法人员组成专案组专门负责")
		}
	case zhifa.ActRequestReconsideration:
		if cl := c.Clock(zhifa.ClockTransferRecon); cl != nil && day.After(cl.Due) {
			return Gate(RuleTransferRecon, fmt.Sprintf("应当自接到不予立案通知书之日起3日内（%s前）提请复议，已逾期", cl.Due.Chinese()))
		}
	}
	return nil
}

// dayDue is the last day of a period of n days after day (RuleDayCount), on the calendar.
func dayDue(cal *workday.Calendar, day zhifa.Date, n int) Due {
	return CalendarDue(cal, day, n)
}

// TransferDecisionClock is the Art. 5 ¶2 clock of a report received on day.
func TransferDecisionClock(cal *workday.Calendar, day zhifa.Date) zhifa.Clock {
	return NewClock(zhifa.ClockTransferDecision, day, dayDue(cal, day, TransferDecisionDays), zhifa.UnitCalendar, TransferDecisionDays, RuleTransferDecision+"、"+RuleDayCount)
}

// HandoverClock is the Art. 5 ¶2 clock of a transfer approved at approved: 24 hours to the
// minute. An hour period runs from the instant of the approval (民法典第二百零一条第二款：
// 按照小时计算期间的，自法律规定或者当事人约定的时间开始计算) and does not move past rest
// days, so the clock keeps the instant (DueAt); Due is its day in CST, for lists.
func HandoverClock(approved time.Time) zhifa.Clock {
	at := approved.Add(HandoverHours * time.Hour).UTC()
	return zhifa.Clock{Kind: zhifa.ClockTransferHandover, Start: zhifa.DateOf(approved), Due: zhifa.DateOf(at), Unit: zhifa.UnitHour,
		Hours: HandoverHours, DueAt: &at, Rule: RuleTransferDecision + "、民法典第二百零一条第二款"}
}

// TransferReplyClock is the receiving organ's Art. 8 (or Art. 9 ¶2) clock from day.
func TransferReplyClock(cal *workday.Calendar, day zhifa.Date, rule string) zhifa.Clock {
	return NewClock(zhifa.ClockTransferReply, day, dayDue(cal, day, TransferReplyDays), zhifa.UnitCalendar, TransferReplyDays, rule+"、"+RuleDayCount)
}

// TransferReconClock is the Art. 9 ¶1 period to ask for reconsideration after a refusal
// notified on day.
func TransferReconClock(cal *workday.Calendar, day zhifa.Date) zhifa.Clock {
	return NewClock(zhifa.ClockTransferRecon, day, dayDue(cal, day, TransferReconDays), zhifa.UnitCalendar, TransferReconDays, RuleTransferRecon+"、"+RuleDayCount)
}

// TransferItemsClock is the Art. 12 period to hand over the items after the organ's
// notice of opening a case on day.
func TransferItemsClock(cal *workday.Calendar, day zhifa.Date) zhifa.Clock {
	return NewClock(zhifa.ClockTransferItems, day, dayDue(cal, day, TransferItemsDays), zhifa.UnitCalendar, TransferItemsDays, RuleTransferItems+"、"+RuleDayCount)
}

// ClockStatusAt is ClockStatus at the instant now: an hour clock is overdue once its
// DueAt passed and due soon while it runs (it is never longer than a day); day clocks
// are ClockStatus on now's day in CST.
func ClockStatusAt(cal *workday.Calendar, now time.Time, c zhifa.Clock) string {
	if c.Unit != zhifa.UnitHour || c.DueAt == nil {
		return ClockStatus(cal, zhifa.DateOf(now), c)
	}
	switch {
	case c.Done:
		return ClockDone
	case c.Paused:
		return ClockPaused
	case now.After(*c.DueAt):
		return pastDue(c.Kind)
	}
	return ClockDueSoon
}

// trackMismatch explains why action cannot be taken in the case's transfer status, or
// returns "" when the status is not the reason.
func trackMismatch(c *zhifa.Case, action zhifa.Action) string {
	for i := range steps {
		s := &steps[i]
		if s.Action == action && s.Track != nil && slices.Contains(s.Kinds, c.Kind) && slices.Contains(s.From, c.Stage) && !slices.Contains(s.Track, c.State.Transfer) {
			return fmt.Sprintf("本案移送状态为“%s”，不能执行该操作（%s）", c.State.Transfer.Label(), action)
		}
	}
	return ""
}
