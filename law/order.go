package law

import (
	"fmt"
	"slices"

	"zhifa"
)

// Order of acts. A case file is read in the order of its acts: an act is dated on or after
// the filing (立案) and on or after the act or document it rests on. The system records
// acts when they are entered; an act entered later than it happened (补录) may carry its
// real date, but only within that order and with a reason (CheckBackdate).

// Citations of the order rules.
const (
	RuleFiledFirst       = "行政处罚法第五十四条第二款（先立案后调查处理）"
	RuleCompulsoryFirst  = "行政强制法第十八条（实施前须立案审批）"
	RuleDecideAfterNote  = "行政处罚法第六十二条（未告知不得作出决定）"
	RuleHearingDay       = "行政处罚法第六十四条第一款第二项（按通知的时间举行听证）"
	RuleDecideOnRecord   = "行政处罚法第六十五条（听证结束后根据听证笔录作出决定）"
	RuleDiscussFirst     = "行政处罚法第五十七条第二款（集体讨论决定）"
	RuleServeAfter       = "行政处罚法第六十一条（决定书宣告后交付、送达）"
	RuleExecuteAfter     = "行政处罚法第六十六条（决定书载明的期限内履行）"
	RuleSeizureOrder     = "行政强制法第二十七条、第二十八条（在查封、扣押期限内作出处理决定或解除）"
	RuleCloseAfter       = "行政处罚法第五十七条（调查终结、作出决定后结案）"
	RuleArchiveAfterShut = "行政处罚法第四十七条（全过程记录，归档保存）"
)

// orderDep is one thing an act rests on: acts of the listed actions (and kinds) cannot be
// dated before the date on returns, when it is set.
type orderDep struct {
	actions []zhifa.Action // nil: every act
	kinds   []zhifa.CaseKind
	what    string
	on      func(f *CaseFacts) zhifa.Date
	rule    string
}

func state(f *CaseFacts) *zhifa.CaseState { return &f.Case.State }

var orderDeps = []orderDep{
	{kinds: []zhifa.CaseKind{zhifa.CasePenalty, zhifa.CaseInspection}, what: "立案", rule: RuleFiledFirst,
		on: func(f *CaseFacts) zhifa.Date { return state(f).FiledOn }},
	{kinds: compulsory, what: "立案", rule: RuleCompulsoryFirst,
		on: func(f *CaseFacts) zhifa.Date { return state(f).FiledOn }},
	{actions: []zhifa.Action{zhifa.ActWaiveStatement, zhifa.ActRequestHearing, zhifa.ActWaiveHearing, zhifa.ActReview, zhifa.ActHoldHearing}, kinds: penalty,
		what: "告知书送达", rule: RuleNotice, on: func(f *CaseFacts) zhifa.Date { return state(f).NoticeServedOn }},
	{actions: []zhifa.Action{zhifa.ActHoldHearing}, kinds: penalty, what: "通知的听证日期", rule: RuleHearingDay,
		on: func(f *CaseFacts) zhifa.Date { return state(f).HearingOn }},
	{actions: []zhifa.Action{zhifa.ActDecide, zhifa.ActNoPenalty}, kinds: penalty, what: "告知书送达", rule: RuleDecideAfterNote,
		on: func(f *CaseFacts) zhifa.Date { return state(f).NoticeServedOn }},
	{actions: []zhifa.Action{zhifa.ActDecide, zhifa.ActNoPenalty}, kinds: penalty, what: "听证", rule: RuleDecideOnRecord,
		on: func(f *CaseFacts) zhifa.Date { return state(f).HearingHeldOn }},
	{actions: []zhifa.Action{zhifa.ActDecide}, what: "集体讨论", rule: RuleDiscussFirst,
		on: func(f *CaseFacts) zhifa.Date { return state(f).DiscussedOn }},
	{actions: []zhifa.Action{zhifa.ActServe}, what: "作出处罚决定", rule: RuleServeAfter,
		on: func(f *CaseFacts) zhifa.Date { return state(f).DecidedOn }},
	{actions: []zhifa.Action{zhifa.ActExecute}, what: "送达决定书", rule: RuleExecuteAfter,
		on: func(f *CaseFacts) zhifa.Date { return state(f).ServedOn }},
	{actions: []zhifa.Action{zhifa.ActDecide, zhifa.ActRelease}, kinds: compulsory, what: "实施查封、扣押", rule: RuleSeizureOrder,
		on: func(f *CaseFacts) zhifa.Date { return state(f).SeizedOn }},
	{actions: []zhifa.Action{zhifa.ActRelease}, kinds: compulsory, what: "作出处理决定", rule: RuleSeizureOrder,
		on: func(f *CaseFacts) zhifa.Date { return state(f).DecidedOn }},
	{actions: []zhifa.Action{zhifa.ActClose}, what: "作出决定", rule: RuleCloseAfter,
		on: func(f *CaseFacts) zhifa.Date { return state(f).DecidedOn }},
	{actions: []zhifa.Action{zhifa.ActClose}, what: "送达决定书", rule: RuleCloseAfter,
		on: func(f *CaseFacts) zhifa.Date { return state(f).ServedOn }},
	{actions: []zhifa.Action{zhifa.ActClose}, what: "解除查封、扣押", rule: RuleCloseAfter,
		on: func(f *CaseFacts) zhifa.Date { return state(f).ReleasedOn }},
	{actions: []zhifa.Action{zhifa.ActArchive}, what: "结案", rule: RuleArchiveAfterShut,
		on: func(f *CaseFacts) zhifa.Date { return state(f).ClosedOn }},
}

func (d *orderDep) applies(c *zhifa.Case, action zhifa.Action) bool {
	return (d.actions == nil || slices.Contains(d.actions, action)) && (d.kinds == nil || slices.Contains(d.kinds, c.Kind))
}

// CheckActOrder refuses an act dated day before the filing or before what it rests on:
// the acts of orderDeps and the document the step needs (StepDocuments: a notice is not
// served before its 告知书 is issued, a seizure not before its 决定书). schedule_hearing is
// dated with the hearing day, not the act's, and is checked by its own gate.
func CheckActOrder(f *CaseFacts, action zhifa.Action, day zhifa.Date) error {
	if action == zhifa.ActScheduleHearing || day.IsZero() {
		return nil
	}
	c := f.Case
	for i := range orderDeps {
		dep := &orderDeps[i]
		if !dep.applies(c, action) {
			continue
		}
		if on := dep.on(f); !on.IsZero() && day.Before(on) {
			return orderGate(c, action, day, dep.what, on, dep.rule)
		}
	}
	if t, rule, _, ok := RequiredDocument(c, action); ok {
		if on := f.IssuedOn[t]; !on.IsZero() && day.Before(on) {
			return orderGate(c, action, day, "签发"+t.Label(), on, rule)
		}
	}
	return nil
}

func orderGate(c *zhifa.Case, action zhifa.Action, day zhifa.Date, what string, on zhifa.Date, rule string) error {
	return Gate(rule, fmt.Sprintf("“%s”的日期%s早于其所依据的%s（%s），不符合办案顺序", StepLabel(c, action), day.Chinese(), what, on.Chinese()))
}

// CheckBackdate requires a reason for an act dated before today (补录): the case file must
// say why the act is recorded later than it happened. It returns whether the act is
// backdated.
func CheckBackdate(today, day zhifa.Date, reason string) (bool, error) {
	if day.IsZero() || !day.Before(today) {
		return false, nil
	}
	if reason == "" {
		msg := fmt.Sprintf("办案日期%s早于今天，属于补录，请说明补录理由", day.Chinese())
		return true, &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{"backdate_reason": msg}}
	}
	return true, nil
}
