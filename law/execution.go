package law

import (
	"slices"
	"strings"

	"zhifa"
	"zhifa/workday"
)

// Execution of decisions (行政处罚法第六章第二节 Arts. 66–75; 行政强制法 Arts. 35–38, 45–46,
// 53–54). Pure functions over amounts and dates; app/execution enforces them.

// Periods and amounts of the execution stage.
const (
	// PaymentDays: 当事人应当自收到行政处罚决定书之日起十五日内…缴纳罚款 (行政处罚法第六十七条
	// 第三款). Calendar days: 第八十五条 makes only 二日、三日、五日、七日 working days.
	PaymentDays = 15
	// LateFeePercent: 到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款 (第七十二条第一款第一项).
	LateFeePercent = 3
	// OnSpotMaxFen: 依法给予一百元以下罚款的 may be collected on the spot (第六十八条第一项).
	OnSpotMaxFen = 100_00
	// RemitDays: 二日内交至行政机关 and 二日内缴付指定的银行 (第七十一条), working days by
	// 第八十五条.
	RemitDays = 2
	// ReminderDays: 催告书送达十日后当事人仍未履行义务的，可以申请 (行政强制法第五十四条),
	// working days by 行政强制法第六十九条 (十日以内期限…是指工作日).
	ReminderDays = 10
	// CourtMonths: 自期限届满之日起三个月内…申请人民法院强制执行 (行政强制法第五十三条).
	CourtMonths = 3
)

// Citations of the execution rules.
const (
	RulePayment        = "行政处罚法第六十七条第三款"
	RuleLateFee        = "行政处罚法第七十二条第一款第一项、行政强制法第四十五条"
	RuleLateFeeRemedy  = "行政处罚法第七十三条第三款"
	RuleDeferral       = "行政处罚法第六十六条第二款"
	RuleOnSpot         = "行政处罚法第六十八条、第六十九条"
	RuleOnSpotReceipt  = "行政处罚法第七十条"
	RuleRemit          = "行政处罚法第七十一条、第八十五条"
	RuleReminder       = "行政强制法第三十五条、第五十四条、第六十九条"
	RuleReminderRecord = "行政强制法第三十六条"
	RuleCourt          = "行政强制法第五十三条"
	RuleCourtDeferral  = "行政处罚法第七十二条第二款"
	RuleExecuted       = "行政处罚法第六十六条第一款"
)

// PaymentDue is the last day to pay a decision served on served (十五日, calendar days,
// ending on a working day by PeriodEnd).
func PaymentDue(cal *workday.Calendar, served zhifa.Date) Due {
	return CalendarDue(cal, served, PaymentDays)
}

// PaymentClock is the payment clock of a decision served on served.
func PaymentClock(cal *workday.Calendar, served zhifa.Date) zhifa.Clock {
	return NewClock(zhifa.ClockPayment, served, PaymentDue(cal, served), zhifa.UnitCalendar, PaymentDays, RulePayment+"、"+RulePeriodRoll)
}

// LateFee is the late fee (加处罚款) on a fine of fineFen whose deadline was due, counted
// to until: every day after due up to and including until, except the days in the
// suspensions (申请行政复议或者提起行政诉讼期间不予计算, 第七十三条第三款), at 3% of the fine
// a day, never more than the fine (第七十二条第一款第一项、行政强制法第四十五条第二款).
// until is the day the fine was paid in full, or today while it is not. The fee is
// truncated to the 分.
func LateFee(fineFen int64, due, until zhifa.Date, suspensions []zhifa.Suspension) (feeFen int64, days int) {
	if fineFen <= 0 || due.IsZero() || !until.After(due) {
		return 0, 0
	}
	for d := due.AddDays(1); !d.After(until); d = d.AddDays(1) {
		if !suspended(d, suspensions) {
			days++
		}
		// Beyond this many days the cap holds; stop counting the calendar.
		if int64(days)*LateFeePercent >= 100 {
			break
		}
	}
	return min(fineFen*LateFeePercent*int64(days)/100, fineFen), days
}

func suspended(d zhifa.Date, spans []zhifa.Suspension) bool {
	for _, s := range spans {
		if !d.Before(s.From) && (s.To.IsZero() || !d.After(s.To)) {
			return true
		}
	}
	return false
}

// CheckSuspension refuses a suspension without its basis or ending before it starts.
func CheckSuspension(s zhifa.Suspension) error {
	if strings.TrimSpace(s.Basis) == "" {
		return Gate(RuleLateFeeRemedy, "请写明不计算加处罚款的依据（如当事人申请行政复议或者提起行政诉讼）")
	}
	if s.From.IsZero() || (!s.To.IsZero() && s.To.Before(s.From)) {
		return Gate(RuleLateFeeRemedy, "不计算加处罚款的期间起止日期不正确")
	}
	return nil
}

// CheckDeferral checks an application to defer or pay in instalments (第六十六条第二款:
// 当事人确有经济困难…经当事人申请和行政机关批准): the party's reason, and a schedule that
// pays exactly what is outstanding, in dated parts after the application.
func CheckDeferral(d *zhifa.Deferral, outstandingFen int64) error {
	if d == nil || strings.TrimSpace(d.Reason) == "" {
		return Gate(RuleDeferral, "请写明当事人申请暂缓或者分期缴纳的理由（确有经济困难）")
	}
	if len(d.Instalments) == 0 {
		return Gate(RuleDeferral, "请填写暂缓或者分期缴纳的期限和金额")
	}
	var sum int64
	prev := d.AppliedOn
	for _, in := range d.Instalments {
		if in.AmountFen <= 0 {
			return Gate(RuleDeferral, "每期缴纳金额应大于零")
		}
		if in.Due.IsZero() || !in.Due.After(prev) {
			return Gate(RuleDeferral, "各期缴纳期限应晚于申请日并依次递增")
		}
		prev = in.Due
		sum += in.AmountFen
	}
	if sum != outstandingFen {
		return Gate(RuleDeferral, "各期金额之和应等于尚未缴纳的罚没款金额")
	}
	return nil
}

// On-the-spot grounds (当场收缴).
const (
	OnSpotSmall  = "small"  // 第六十八条第一项：依法给予一百元以下罚款
	OnSpotHard   = "hard"   // 第六十八条第二项：不当场收缴事后难以执行
	OnSpotRemote = "remote" // 第六十九条：边远、水上、交通不便地区，当事人提出
)

// OnSpotGroundLabel is the Chinese name of a ground.
func OnSpotGroundLabel(g string) string {
	return map[string]string{OnSpotSmall: "一百元以下罚款（第六十八条第一项）", OnSpotHard: "不当场收缴事后难以执行（第六十八条第二项）",
		OnSpotRemote: "边远、水上、交通不便地区，当事人提出（第六十九条）"}[g]
}

// CheckOnSpot decides whether a fine may be collected on the spot: Art. 68 only for a
// decision made on the spot (第五十一条, summary procedure) of at most 100 yuan or that
// could not be enforced later; Art. 69 for a decision under Art. 51 or 57 in a remote
// area when the party asks. The official receipt is required (第七十条).
func CheckOnSpot(proc zhifa.Procedure, fineFen int64, ground, receiptNo string) error {
	switch ground {
	case OnSpotSmall:
		if proc != zhifa.ProcSummary || fineFen > OnSpotMaxFen {
			return Gate(RuleOnSpot, "只有当场作出的一百元以下罚款可以依第六十八条第一项当场收缴")
		}
	case OnSpotHard:
		if proc != zhifa.ProcSummary {
			return Gate(RuleOnSpot, "依第六十八条第二项当场收缴，限于依第五十一条当场作出的处罚决定")
		}
	case OnSpotRemote:
		// Art. 69 covers decisions under Art. 51 (summary) and Art. 57 (ordinary).
	default:
		return Gate(RuleOnSpot, "当场收缴罚款须符合第六十八条或者第六十九条规定的情形，除此以外行政机关及其执法人员不得自行收缴罚款（第六十七条第二款）")
	}
	if strings.TrimSpace(receiptNo) == "" {
		return Gate(RuleOnSpotReceipt, "当场收缴罚款必须出具财政部门统一制发的专用票据，请填写票据号码")
	}
	return nil
}

// RemitClocks are the clocks of a fine collected on the spot on collected: to the agency
// within two working days; the agency's to the bank runs from the day it is handed in
// (handedIn, zero while it is not) — the same length from collection until then.
func RemitClocks(cal *workday.Calendar, collected, handedIn zhifa.Date) []zhifa.Clock {
	d, prov := cal.AddWorkdays(collected, RemitDays)
	agency := NewClock(zhifa.ClockRemitAgency, collected, Due{d, prov}, zhifa.UnitWorkday, RemitDays, RuleRemit)
	agency.Done = !handedIn.IsZero()
	if handedIn.IsZero() {
		return []zhifa.Clock{agency}
	}
	d, prov = cal.AddWorkdays(handedIn, RemitDays)
	return []zhifa.Clock{agency, NewClock(zhifa.ClockRemitBank, handedIn, Due{d, prov}, zhifa.UnitWorkday, RemitDays, RuleRemit)}
}

// ReminderClock is the wait after a 催告书 served on served: ten working days (行政强制法
// 第五十四条、第六十九条).
func ReminderClock(cal *workday.Calendar, served zhifa.Date) zhifa.Clock {
	d, prov := cal.AddWorkdays(served, ReminderDays)
	return NewClock(zhifa.ClockReminder, served, Due{d, prov}, zhifa.UnitWorkday, ReminderDays, RuleReminder)
}

// RemedyPeriodEnd is the last day the party may challenge a decision served on served:
// 行政复议法第二十条 (六十日) and 行政诉讼法第四十六条 (六个月) run side by side, so the
// later one ends the period; a decision that must go to reconsideration first
// (ReconsiderationFirst) has only the sixty days.
func RemedyPeriodEnd(cal *workday.Calendar, served zhifa.Date, reconsiderationFirst bool) Due {
	review := CalendarDue(cal, served, RemedyReviewDays)
	if reconsiderationFirst {
		return review
	}
	suit := PeriodEnd(cal, AddMonths(served, RemedySuitMonths))
	if suit.Date.After(review.Date) {
		return suit
	}
	return review
}

// CourtWindow is when the agency may apply to the court (行政强制法第五十三条): from the
// day after the remedy period ends, for three months; when payment was deferred or in
// instalments, counted from the end of that schedule instead (行政处罚法第七十二条第二款).
func CourtWindow(cal *workday.Calendar, served zhifa.Date, reconsiderationFirst bool, deferralEnd zhifa.Date) (from zhifa.Date, last Due) {
	end := RemedyPeriodEnd(cal, served, reconsiderationFirst)
	if deferralEnd.After(end.Date) {
		end = Due{Date: deferralEnd}
	}
	last = PeriodEnd(cal, AddMonths(end.Date, CourtMonths))
	last.Provisional = last.Provisional || end.Provisional
	return end.Date.AddDays(1), last
}

// CheckCourtApplication refuses an application to the court before the reminder was served
// and ten working days passed (行政强制法第五十四条), while the party may still challenge
// the decision, or after the three months (第五十三条).
func CheckCourtApplication(cal *workday.Calendar, r *zhifa.Reminder, on, windowFrom, windowLast zhifa.Date) error {
	if r == nil || r.ServedOn.IsZero() {
		return Gate(RuleReminder, "申请人民法院强制执行前，应当书面催告当事人履行义务")
	}
	wait, _ := cal.AddWorkdays(r.ServedOn, ReminderDays)
	if !on.After(wait) {
		return Gate(RuleReminder, "催告书送达十日（工作日）后当事人仍未履行的，方可申请强制执行；最早可于"+wait.AddDays(1).Chinese()+"申请")
	}
	if on.Before(windowFrom) {
		return Gate(RuleCourt, "当事人申请行政复议或者提起行政诉讼的法定期限尚未届满，"+windowFrom.Chinese()+"起方可申请人民法院强制执行")
	}
	if on.After(windowLast) {
		return Gate(RuleCourt, "已超过申请人民法院强制执行的期限（法定期限届满之日起三个月，至"+windowLast.Chinese()+"）")
	}
	return nil
}

// Execution bases: what a closed penalty case rests on (结案审批表).
const (
	BasisNone     = "none"     // the decision orders no payment (e.g. 警告): executed by service
	BasisPaid     = "paid"     // 罚没款及加处罚款已全部缴清
	BasisDeferred = "deferred" // 经批准暂缓或者分期缴纳
	BasisCourt    = "court"    // 已申请人民法院强制执行并经受理
	BasisEnded    = "ended"    // 依法终结执行（行政强制法第四十条）
)

// BasisLabel is the Chinese statement of a basis.
func BasisLabel(b string) string {
	return map[string]string{BasisNone: "决定无金钱给付内容，送达即履行", BasisPaid: "罚没款及加处罚款已全部缴清",
		BasisDeferred: "经行政机关负责人批准暂缓或者分期缴纳", BasisCourt: "已申请人民法院强制执行，人民法院已受理",
		BasisEnded: "依法终结执行（行政强制法第四十条）"}[b]
}

// ExecutionFacts are what the closing gate looks at.
type ExecutionFacts struct {
	HasObligation    bool
	OutstandingFen   int64 // principal and late fee not yet paid
	DeferralApproved bool
	CourtAccepted    bool
	// Ended: the head terminated the execution on a ground of 行政强制法第四十条.
	Ended bool
}

// ExecutionBasis names what the execution of a decision rests on, or refuses with EGATE:
// a decision is executed (第六十六条第一款) when paid in full with its late fee, deferred
// by approval (第六十六条第二款), or handed to the court with its acceptance (行政强制法
// 第五十三条).
func ExecutionBasis(f ExecutionFacts) (string, error) {
	switch {
	case !f.HasObligation:
		return BasisNone, nil
	case f.OutstandingFen <= 0:
		return BasisPaid, nil
	case f.CourtAccepted:
		return BasisCourt, nil
	case f.Ended:
		return BasisEnded, nil
	case f.DeferralApproved:
		return BasisDeferred, nil
	}
	return "", Gate(RuleExecuted+"、"+RuleCourt, "处罚决定尚未执行完毕：罚没款（含加处罚款）未缴清，也未经批准暂缓或者分期缴纳，或者申请人民法院强制执行并经受理")
}

// Disposal methods of confiscated property (行政处罚法第七十四条第一款: 除依法应当予以销毁的物品
// 外，依法没收的非法财物必须按照国家规定公开拍卖或者按照国家有关规定处理). Nothing confiscated
// is kept or used by the agency: there is no such method.
const (
	DisposalAuction  = "auction"  // 公开拍卖
	DisposalSale     = "sale"     // 变卖
	DisposalDestroy  = "destroy"  // 销毁
	DisposalTransfer = "transfer" // 移交有关部门
)

// RuleDisposal cites the disposal of confiscated property and its proceeds.
const RuleDisposal = "行政处罚法第七十四条"

// DisposalLabel is the Chinese name of a disposal method.
func DisposalLabel(m string) string {
	return map[string]string{DisposalAuction: "公开拍卖", DisposalSale: "变卖", DisposalDestroy: "销毁", DisposalTransfer: "移交有关部门"}[m]
}

// CheckDisposalMethod refuses a method the statute does not give.
func CheckDisposalMethod(m string) error {
	if DisposalLabel(m) == "" {
		return Gate(RuleDisposal, "依法没收的非法财物只能公开拍卖、变卖、销毁或者移交有关部门处理，不得由行政机关留用")
	}
	return nil
}

// CheckDisposalRecord checks the record of a disposal carried out: its proof, and for a
// sale or auction the proceeds paid to the treasury with the receipt (第七十四条第二款:
// 拍卖的款项，必须全部上缴国库).
func CheckDisposalRecord(method, proof string, proceedsFen int64, receipt string) error {
	if strings.TrimSpace(proof) == "" {
		return Gate(RuleDisposal, "请记录处置的凭证（拍卖成交确认书、销毁记录、移交清单等）")
	}
	switch method {
	case DisposalAuction, DisposalSale:
		if proceedsFen <= 0 || strings.TrimSpace(receipt) == "" {
			return Gate(RuleDisposal, "拍卖、变卖的款项必须全部上缴国库，请填写所得金额和国库缴款凭证号")
		}
	default:
		if proceedsFen != 0 {
			return Gate(RuleDisposal, "销毁或者移交的财物没有处置所得")
		}
	}
	return nil
}

// LateFeeInstalments is the late fee of a fine paid by an approved schedule (暂缓或者分期
// 缴纳, 第六十六条第二款): each instalment not paid by its own day accrues the late fee
// (第七十二条第一款第一项) on the part of the fine it carries, from the day after its day
// until the payments cover it (until, while they do not), never more than that part — so
// never more than the fine. Payments cover the instalments in order, and an instalment
// carries the fine before the confiscated amount. days is the longest count.
func LateFeeInstalments(fineFen int64, schedule []zhifa.Instalment, payments []zhifa.Payment, until zhifa.Date, suspensions []zhifa.Suspension) (feeFen int64, days int) {
	paid := slices.Clone(payments)
	slices.SortStableFunc(paid, func(a, b zhifa.Payment) int { return a.PaidOn.Compare(b.PaidOn) })
	var before int64 // the schedule's amount before this instalment
	for _, in := range schedule {
		upto := before + in.AmountFen
		finePart := max(min(upto, fineFen)-before, 0)
		before = upto
		if finePart == 0 {
			continue
		}
		end := until
		var sum int64
		for _, p := range paid {
			if sum += p.AmountFen; sum >= upto {
				if p.PaidOn.Before(end) {
					end = p.PaidOn
				}
				break
			}
		}
		fee, d := LateFee(finePart, in.Due, end, suspensions)
		feeFen += fee
		days = max(days, d)
	}
	return min(feeFen, fineFen), days
}

// The agency's own enforcement (行政强制法第四十六条).
const (
	// EnforceOwnPower: 具有行政强制执行权的行政机关可以强制执行 (第四十六条第一款), where a
	// law gives the agency the power.
	EnforceOwnPower = "own_power"
	// EnforceAuctionSeized: 在实施行政管理过程中已经采取查封、扣押措施的行政机关，可以将查封、
	// 扣押的财物依法拍卖抵缴罚款 (第四十六条第三款; 行政处罚法第七十二条第一款第二项).
	EnforceAuctionSeized = "auction_seized"
	// EnforceLateFeeDays: 加处罚款或者滞纳金超过三十日 (第四十六条第一款).
	EnforceLateFeeDays = 30
)

// Citations of the enforcement rules.
const (
	RuleEnforce         = "行政强制法第四十六条"
	RuleEnforceDecision = "行政强制法第三十七条"
	RuleEnforceHoliday  = "行政强制法第四十三条"
	RuleCourtDocument   = "行政强制法第五十五条"
)

// EnforceMethodLabel is the Chinese name of a method of the agency's own enforcement.
func EnforceMethodLabel(m string) string {
	return map[string]string{EnforceOwnPower: "依法律授予的行政强制执行权强制执行（行政强制法第四十六条第一款）",
		EnforceAuctionSeized: "将查封、扣押的财物依法拍卖抵缴罚款（行政强制法第四十六条第三款）"}[m]
}

// EnforcementFacts are what the decision to enforce (强制执行决定) rests on.
type EnforcementFacts struct {
	Method string
	// Basis names the law and article giving the power (own power), or the seizure whose
	// property is auctioned (its decision's number).
	Basis    string
	Reminder *zhifa.Reminder
	// LateFeeDays are the days the late fee has run (Art. 46 ¶1: more than thirty).
	LateFeeDays int
	// RemedyEnd is the last day the party could challenge the decision; RemedySought that
	// the party applied for reconsideration or sued (Art. 46 ¶3 needs neither).
	RemedyEnd    zhifa.Date
	RemedySought bool
	On           zhifa.Date
}

// CheckEnforcementDecision gates the agency's decision to enforce a fine itself: the
// reminder served and its ten working days passed without performance (第三十五条、第三十七条
// 第一款, as the reminder states them); for its own power, the late fee run more than thirty
// days and the law giving the power named (第四十六条第一款); for the auction of seized
// property, the periods to challenge the decision passed unused (第四十六条第三款). Without
// either, the agency applies to the court (第四十六条第三款、第五十三条).
func CheckEnforcementDecision(cal *workday.Calendar, f EnforcementFacts) error {
	if EnforceMethodLabel(f.Method) == "" {
		return Gate(RuleEnforce, "请选择强制执行的方式：依法律授予的行政强制执行权强制执行，或者将查封、扣押的财物拍卖抵缴罚款；没有行政强制执行权的，应当申请人民法院强制执行")
	}
	if f.Reminder == nil || f.Reminder.ServedOn.IsZero() {
		return Gate(RuleEnforceDecision, "作出强制执行决定前，应当事先书面催告当事人履行义务（行政强制法第三十五条）")
	}
	if wait, _ := cal.AddWorkdays(f.Reminder.ServedOn, ReminderDays); !f.On.After(wait) {
		return Gate(RuleEnforceDecision, "经催告当事人逾期仍不履行的，方可作出强制执行决定；催告期限至"+wait.Chinese())
	}
	switch f.Method {
	case EnforceOwnPower:
		if f.LateFeeDays <= EnforceLateFeeDays {
			return Gate(RuleEnforce, "加处罚款超过三十日，经催告当事人仍不履行的，具有行政强制执行权的行政机关方可强制执行")
		}
		if b := strings.TrimSpace(f.Basis); !strings.Contains(b, "法") || !strings.Contains(b, "条") {
			return Gate(RuleEnforce, "请写明授予本机关行政强制执行权的法律及其条款")
		}
	case EnforceAuctionSeized:
		if f.RemedySought {
			return Gate(RuleEnforce, "当事人已申请行政复议或者提起行政诉讼，不能依第四十六条第三款拍卖查封、扣押的财物抵缴罚款，应当申请人民法院强制执行")
		}
		if !f.On.After(f.RemedyEnd) {
			return Gate(RuleEnforce, "当事人申请行政复议或者提起行政诉讼的法定期限至"+f.RemedyEnd.Chinese()+"届满，届满后方可拍卖查封、扣押的财物抵缴罚款")
		}
		if strings.TrimSpace(f.Basis) == "" {
			return Gate(RuleEnforce, "请写明据以拍卖的查封、扣押决定书文号及财物")
		}
	}
	return nil
}

// CheckEnforcementDay refuses carrying out enforcement on a statutory holiday unless the
// situation is urgent and the urgency is stated (第四十三条第一款: 不得在夜间或者法定节假日
// 实施行政强制执行。但是，情况紧急的除外).
func CheckEnforcementDay(cal *workday.Calendar, day zhifa.Date, urgent string) error {
	if d := cal.Day(day); d.Kind == workday.Holiday && strings.TrimSpace(urgent) == "" {
		return Gate(RuleEnforceHoliday, day.Chinese()+"是法定节假日（"+d.Name+"），不得实施行政强制执行；情况紧急的，请写明紧急情况")
	}
	return nil
}

// Grounds of terminating the execution (终结执行, 行政强制法第四十条).
const (
	EndDeath     = "death"     // 公民死亡，无遗产可供执行，又无义务承受人（第一项）
	EndDissolved = "dissolved" // 法人或者其他组织终止，无财产可供执行，又无义务承受人（第二项）
	EndLost      = "lost"      // 执行标的灭失（第三项）
	EndRevoked   = "revoked"   // 据以执行的行政决定被撤销（第四项）
	EndOther     = "other"     // 行政机关认为需要终结执行的其他情形（第五项）
)

// RuleEndExecution cites the grounds of terminating the execution.
const RuleEndExecution = "行政强制法第四十条"

// EndGrounds lists the grounds in the article's order.
var EndGrounds = []string{EndDeath, EndDissolved, EndLost, EndRevoked, EndOther}

// EndGroundLabel is the Chinese statement of a ground, "" for none.
func EndGroundLabel(g string) string {
	return map[string]string{EndDeath: "公民死亡，无遗产可供执行，又无义务承受人（第四十条第一项）",
		EndDissolved: "法人或者其他组织终止，无财产可供执行，又无义务承受人（第四十条第二项）",
		EndLost:      "执行标的灭失（第四十条第三项）", EndRevoked: "据以执行的行政决定被撤销（第四十条第四项）",
		EndOther: "行政机关认为需要终结执行的其他情形（第四十条第五项）"}[g]
}

// CheckEndExecution gates terminating the execution: a ground the article gives, the
// proof of it (a death certificate, the deregistration, the revoking decision…), and for
// the agency's other grounds the reason in writing.
func CheckEndExecution(ground, reason, proof string) error {
	if EndGroundLabel(ground) == "" {
		return Gate(RuleEndExecution, "终结执行须有行政强制法第四十条规定的情形，请选择")
	}
	if strings.TrimSpace(proof) == "" {
		return Gate(RuleEndExecution, "请记录终结执行情形的证明材料（死亡证明、注销登记、撤销决定等）")
	}
	if ground == EndOther && strings.TrimSpace(reason) == "" {
		return Gate(RuleEndExecution, "依第四十条第五项终结执行的，请写明理由")
	}
	return nil
}
