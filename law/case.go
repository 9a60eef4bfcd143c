package law

import (
	"fmt"
	"slices"
	"time"

	"zhifa"
	"zhifa/workday"
)

// Case rules: the stage machine of cases (行政处罚法 Chapter V, 行政强制法 Chapter III
// Section 2) and the gates and clocks of each step. Pure functions over a case and the
// facts the use-case layer reads for it.

// Further periods.
const (
	// StatementDays is the default statement period (陈述申辩期) after the notice, in working
	// days. The statute sets no number (Art. 44-45 require hearing the party before the
	// decision); agencies set one by their own rule, 3 working days by default.
	StatementDays = 3
	// SeizureDays and SeizureExtendDays bound a seizure (行政强制法 Art. 25: 查封、扣押的期限
	// 不得超过三十日；情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日).
	SeizureDays       = 30
	SeizureExtendDays = 30
	// DueSoonWorkdays is the warning window of a clock (yellow): at most this many working
	// days left.
	DueSoonWorkdays = 3
)

// Citations of the case rules.
const (
	RuleNotice          = "行政处罚法第四十四条、第六十二条"
	RuleStatement       = "行政处罚法第四十五条"
	RuleDiscussion      = "行政处罚法第五十七条第二款"
	RuleHearingRight    = "行政处罚法第六十三条"
	RuleCompulsoryTwo   = "行政强制法第十八条"
	RuleSeizure         = "行政强制法第二十五条"
	RuleSeizureDecide   = "行政强制法第二十七条"
	RuleAVSeizure       = "国办发〔2018〕118号（八）（查封扣押全过程音像记录）"
	RuleInspectionTwo   = "行政处罚法第四十二条（持证执法，执法人员不得少于两人）"
	RuleHeadApproval    = "行政处罚法第五十七条（行政机关负责人审查决定）"
	RuleStatementAgency = "本机关陈述申辩期规定（默认3个工作日）；行政处罚法第四十五条"
)

// Step is one action of the stage machine: from which stages of which cases it leads to
// which stage.
type Step struct {
	Action zhifa.Action
	Label  string
	Kinds  []zhifa.CaseKind
	// Procs limits the step to these procedures; nil means any.
	Procs []zhifa.Procedure
	From  []zhifa.Stage
	// To is the stage after the step; "" keeps the stage (an act within it).
	To zhifa.Stage
	// Head marks a step that needs a head of the agency (机关负责人): the actor, or an
	// approver named by the officer.
	Head bool
	// Reason marks a step that needs a written reason.
	Reason bool
	// Outcome is set on the case by the step; "" leaves it.
	Outcome zhifa.Outcome
	// Reviewer marks a step taken by the assigned legal reviewer (法制审核人员), not by the
	// handling agency (E1, review.go).
	Reviewer bool
	// Track limits the step to cases whose latest transfer of a suspected crime is in one
	// of these statuses (zhifa.TransferNone for none); nil means any (transfer.go, G3).
	Track []zhifa.TransferStatus
}

var (
	penalty    = []zhifa.CaseKind{zhifa.CasePenalty}
	inspection = []zhifa.CaseKind{zhifa.CaseInspection}
	compulsory = []zhifa.CaseKind{zhifa.CaseCompulsory}
	allKinds   = []zhifa.CaseKind{zhifa.CasePenalty, zhifa.CaseInspection, zhifa.CaseCompulsory}
	ordinary   = []zhifa.Procedure{zhifa.ProcOrdinary}
	summary    = []zhifa.Procedure{zhifa.ProcSummary}
	running    = []zhifa.Stage{zhifa.StageOpen, zhifa.StageInvestigate, zhifa.StageNotify, zhifa.StageReview,
		zhifa.StageDecide, zhifa.StageServe, zhifa.StageExecute, zhifa.StageInspect, zhifa.StageConclude,
		zhifa.StageSeize, zhifa.StageRelease}
)

// steps is the stage machine, read-only (Steps and StepNamed give copies). Ordinary penalty: open → investigate → notify (statement,
// hearing) → review (discussion) → decide → serve → execute → close → archive. Summary
// penalty: open → decide (on the spot, Art. 51-52) → serve → execute → close → archive.
// Inspection: open → inspect → conclude → close → archive. Compulsory measure: open →
// seize (extend once) → decide → release → close → archive. Alternative endings close
// the case with a reason: no_penalty, transfer, withdraw.
var steps = []Step{
	{Action: zhifa.ActInvestigate, Label: "调查取证", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageOpen}, To: zhifa.StageInvestigate},
	// The proposal (拟处罚决定, B3) comes before the notice, which states it (Art. 44), and
	// may be revised up to the decision; on the spot (summary) it comes at the opening.
	{Action: zhifa.ActPropose, Label: "拟作出处罚决定", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageInvestigate, zhifa.StageNotify, zhifa.StageReview}, Reason: true},
	{Action: zhifa.ActPropose, Label: "拟作出当场处罚决定", Kinds: penalty, Procs: summary, From: []zhifa.Stage{zhifa.StageOpen}, Reason: true},
	{Action: zhifa.ActNotify, Label: "送达告知书", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageInvestigate}, To: zhifa.StageNotify},
	// A heavier proposal needs a new notice (重新告知, Art. 44, 45 ¶2, notice.go): the
	// statement and hearing-request periods restart.
	{Action: zhifa.ActRenotify, Label: "重新告知", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageNotify, zhifa.StageReview}, To: zhifa.StageNotify},
	{Action: zhifa.ActWaiveStatement, Label: "当事人放弃陈述申辩", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageNotify}},
	{Action: zhifa.ActRequestHearing, Label: "当事人申请听证", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageNotify}},
	{Action: zhifa.ActWaiveHearing, Label: "当事人放弃听证", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageNotify}},
	{Action: zhifa.ActScheduleHearing, Label: "通知听证", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageNotify}},
	{Action: zhifa.ActHoldHearing, Label: "举行听证", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageNotify}},
	{Action: zhifa.ActReview, Label: "负责人审查", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageNotify}, To: zhifa.StageReview},
	{Action: zhifa.ActDiscuss, Label: "集体讨论", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageReview}, Head: true},
	{Action: zhifa.ActDecide, Label: "作出处罚决定", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageReview}, To: zhifa.StageDecide, Head: true, Outcome: zhifa.OutcomePenalty},
	{Action: zhifa.ActDecide, Label: "当场作出处罚决定", Kinds: penalty, Procs: summary, From: []zhifa.Stage{zhifa.StageOpen}, To: zhifa.StageDecide, Outcome: zhifa.OutcomePenalty},
	{Action: zhifa.ActServe, Label: "送达决定书", Kinds: penalty, From: []zhifa.Stage{zhifa.StageDecide}, To: zhifa.StageServe},
	{Action: zhifa.ActExecute, Label: "执行", Kinds: penalty, From: []zhifa.Stage{zhifa.StageServe}, To: zhifa.StageExecute},
	// 第五十二条第三款: a summary decision is filed with the agency (summary.go), before closing.
	{Action: zhifa.ActFileSummary, Label: "当场处罚决定报所属行政机关备案", Kinds: penalty, Procs: summary, From: []zhifa.Stage{zhifa.StageDecide, zhifa.StageServe, zhifa.StageExecute}},
	{Action: zhifa.ActClose, Label: "结案", Kinds: penalty, From: []zhifa.Stage{zhifa.StageExecute}, To: zhifa.StageClose, Head: true},

	// 证据先行登记保存 (行政处罚法第五十六条, seizure.go): with the head's approval, decided
	// within seven working days by release or seizure.
	{Action: zhifa.ActPreserve, Label: "证据先行登记保存", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageInvestigate}, Head: true, Reason: true},
	{Action: zhifa.ActEndPreservation, Label: "先行登记保存处理决定", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageInvestigate, zhifa.StageNotify, zhifa.StageReview}, Head: true},

	{Action: zhifa.ActInspect, Label: "实施检查", Kinds: inspection, From: []zhifa.Stage{zhifa.StageOpen}, To: zhifa.StageInspect},
	{Action: zhifa.ActConclude, Label: "作出检查结论", Kinds: inspection, From: []zhifa.Stage{zhifa.StageInspect}, To: zhifa.StageConclude, Reason: true, Outcome: zhifa.OutcomePenalty},
	{Action: zhifa.ActClose, Label: "结案", Kinds: inspection, From: []zhifa.Stage{zhifa.StageConclude}, To: zhifa.StageClose, Head: true},

	// 行政强制法第十八条第一项、第十九条 (seizure.go): the head approves before the seizure, or
	// within 24 hours after one carried out on the spot in an emergency.
	{Action: zhifa.ActApproveSeizure, Label: "负责人批准查封扣押", Kinds: compulsory, From: []zhifa.Stage{zhifa.StageOpen, zhifa.StageSeize}, Head: true},
	{Action: zhifa.ActSeize, Label: "实施查封扣押", Kinds: compulsory, From: []zhifa.Stage{zhifa.StageOpen}, To: zhifa.StageSeize},
	{Action: zhifa.ActPropose, Label: "拟作出处理决定", Kinds: compulsory, From: []zhifa.Stage{zhifa.StageSeize}, Reason: true},
	{Action: zhifa.ActDecide, Label: "作出处理决定", Kinds: compulsory, From: []zhifa.Stage{zhifa.StageSeize}, To: zhifa.StageDecide, Head: true, Outcome: zhifa.OutcomePenalty},
	{Action: zhifa.ActRelease, Label: "解除查封扣押", Kinds: compulsory, From: []zhifa.Stage{zhifa.StageSeize, zhifa.StageDecide}, To: zhifa.StageRelease},
	{Action: zhifa.ActClose, Label: "结案", Kinds: compulsory, From: []zhifa.Stage{zhifa.StageRelease}, To: zhifa.StageClose, Head: true},

	{Action: zhifa.ActArchive, Label: "归档", Kinds: allKinds, From: []zhifa.Stage{zhifa.StageClose}, To: zhifa.StageArchive},

	// 第三十三条第三款: the education of a party not punished by law, before the ending.
	{Action: zhifa.ActEducate, Label: "对当事人进行教育", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageInvestigate, zhifa.StageNotify, zhifa.StageReview}},
	// Alternative endings.
	{Action: zhifa.ActNoPenalty, Label: "不予行政处罚", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageInvestigate, zhifa.StageNotify, zhifa.StageReview}, To: zhifa.StageClose, Head: true, Reason: true, Outcome: zhifa.OutcomeNoPenalty},
	// Transfer of a suspected crime (移送规定, transfer.go, G3): acts within the stage, in the
	// order of Art. 5, 8, 9; the case ends with "transfer" once the receiving organ opened
	// a case (Art. 8, 12), keeping any decision made before (Art. 11 ¶2-3).
	{Action: zhifa.ActProposeTransfer, Label: "报请移送涉嫌犯罪案件", Kinds: allKinds, From: running, Track: []zhifa.TransferStatus{zhifa.TransferNone, zhifa.TransferRejected, zhifa.TransferDeclined}},
	{Action: zhifa.ActApproveTransfer, Label: "批准移送", Kinds: allKinds, From: running, Head: true, Track: []zhifa.TransferStatus{zhifa.TransferProposed}},
	{Action: zhifa.ActRejectTransfer, Label: "不批准移送", Kinds: allKinds, From: running, Head: true, Reason: true, Track: []zhifa.TransferStatus{zhifa.TransferProposed}},
	{Action: zhifa.ActHandOver, Label: "移送受移送机关", Kinds: allKinds, From: running, Track: []zhifa.TransferStatus{zhifa.TransferApproved}},
	{Action: zhifa.ActTransferReply, Label: "登记受移送机关决定", Kinds: allKinds, From: running, Track: []zhifa.TransferStatus{zhifa.TransferHandedOver, zhifa.TransferReconsidering}},
	{Action: zhifa.ActRequestReconsideration, Label: "提请复议不予立案决定", Kinds: allKinds, From: running, Reason: true, Track: []zhifa.TransferStatus{zhifa.TransferDeclined}},
	{Action: zhifa.ActTransfer, Label: "移送结案", Kinds: allKinds, From: running, To: zhifa.StageClose, Head: true, Reason: true, Outcome: zhifa.OutcomeTransfer, Track: []zhifa.TransferStatus{zhifa.TransferAccepted}},
	{Action: zhifa.ActWithdraw, Label: "撤案", Kinds: allKinds, From: []zhifa.Stage{zhifa.StageOpen, zhifa.StageInvestigate, zhifa.StageInspect}, To: zhifa.StageClose, Head: true, Reason: true, Outcome: zhifa.OutcomeWithdrawn},

	// Legal review of major decisions (E1–E6, review.go): acts within the stage.
	{Action: zhifa.ActMarkMajor, Label: "添加重大执法决定情形", Kinds: reviewKinds, From: reviewFrom, Reason: true},
	{Action: zhifa.ActSubmitReview, Label: "提交法制审核", Kinds: reviewKinds, From: reviewFrom},
	{Action: zhifa.ActReviewOpinion, Label: "出具法制审核意见", Kinds: reviewKinds, From: reviewFrom, Reviewer: true},
	{Action: zhifa.ActResubmit, Label: "修改后重新报送法制审核", Kinds: reviewKinds, From: reviewFrom},
	{Action: zhifa.ActRefuseOpinion, Label: "对审核意见提出异议", Kinds: reviewKinds, From: reviewFrom, Reason: true},
	{Action: zhifa.ActCoordinate, Label: "负责人协调审核分歧", Kinds: reviewKinds, From: reviewFrom, Head: true, Reason: true},
	{Action: zhifa.ActDiscuss, Label: "集体讨论", Kinds: penalty, Procs: ordinary, From: []zhifa.Stage{zhifa.StageInvestigate, zhifa.StageNotify}, Head: true},
	{Action: zhifa.ActDiscuss, Label: "集体讨论", Kinds: compulsory, From: []zhifa.Stage{zhifa.StageSeize}, Head: true},
	{Action: zhifa.ActApprove, Label: "负责人审批", Kinds: reviewKinds, From: reviewFrom, Head: true},

	// Clock changes, with a reason and a head's approval.
	{Action: zhifa.ActPauseClock, Label: "中止计算期限", Kinds: allKinds, From: running, Head: true, Reason: true},
	{Action: zhifa.ActResumeClock, Label: "恢复计算期限", Kinds: allKinds, From: running, Head: true, Reason: true},
	{Action: zhifa.ActExtend, Label: "延长期限", Kinds: allKinds, From: running, Head: true, Reason: true},
}

// Steps returns the steps of the stage machine in order: a copy, the table is read-only.
func Steps() []Step { return slices.Clone(steps) }

// StepNamed returns the first step named action (its label and role flags are the same
// in every kind and stage), false when there is none.
func StepNamed(action zhifa.Action) (Step, bool) {
	for _, s := range steps {
		if s.Action == action {
			return s, true
		}
	}
	return Step{}, false
}

// Actions lists the distinct action names, for documentation and input checks.
func Actions() []zhifa.Action {
	var out []zhifa.Action
	for _, s := range steps {
		if !slices.Contains(out, s.Action) {
			out = append(out, s.Action)
		}
	}
	return out
}

func (s *Step) applies(c *zhifa.Case) bool {
	return slices.Contains(s.Kinds, c.Kind) && (s.Procs == nil || slices.Contains(s.Procs, c.Procedure)) &&
		(s.Track == nil || slices.Contains(s.Track, c.State.Transfer))
}

// ActionLabel is the Chinese name of action in any case ("decide" is 作出处罚决定); the
// action itself when it is no step.
func ActionLabel(action zhifa.Action) string {
	if st, ok := StepNamed(action); ok {
		return st.Label
	}
	return string(action)
}

// StepLabel is the label of action for c: of its step for c's kind and procedure (the
// label is the same in every stage), else of any step of action; action itself when
// there is none.
func StepLabel(c *zhifa.Case, action zhifa.Action) string {
	for i := range steps {
		if s := &steps[i]; s.Action == action && slices.Contains(s.Kinds, c.Kind) && (s.Procs == nil || slices.Contains(s.Procs, c.Procedure)) {
			return s.Label
		}
	}
	for i := range steps {
		if steps[i].Action == action {
			return steps[i].Label
		}
	}
	return string(action)
}

// Transition returns the step of action for the case in its current stage. An unknown
// action, or one the stage does not allow, is EINVALID naming the current stage.
func Transition(c *zhifa.Case, action zhifa.Action) (*Step, error) {
	known := false
	for i := range steps {
		s := &steps[i]
		if s.Action != action {
			continue
		}
		known = true
		if s.applies(c) && slices.Contains(s.From, c.Stage) {
			step := *s
			return &step, nil
		}
	}
	if !known {
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: fmt.Sprintf("未知的办案操作“%s”", action)}
	}
	if msg := trackMismatch(c, action); msg != "" {
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: msg}
	}
	return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: fmt.Sprintf("案件当前处于“%s”阶段，不能执行该操作（%s）", c.Stage.Label(), action)}
}

// NextSteps returns the steps the case may take from its stage, clock changes excepted.
func NextSteps(c *zhifa.Case) []*Step {
	var out []*Step
	for i := range steps {
		s := &steps[i]
		if s.applies(c) && slices.Contains(s.From, c.Stage) && s.To != "" {
			step := *s
			out = append(out, &step)
		}
	}
	return out
}

// CaseFacts is what the gates of a case look at besides the case itself.
type CaseFacts struct {
	Case  *zhifa.Case
	Today zhifa.Date
	Cal   *workday.Calendar
	// Domain is the certificate domain the case's item needs (Item.Domain).
	Domain string
	// Officers are the names of the case's officers; Certs the certificate that lets each
	// act (see CheckOfficers).
	Officers []string
	Certs    map[string]*zhifa.Certificate
	// AV tells which acts (RecordableAct keys) have an audio/video record.
	AV map[string]bool
	// Recording is the agency's whole-process-recording list (B5); nil applies the
	// statutory minimum only (D2, recording.go).
	Recording *zhifa.RecordingList
	// RecordingTemplate is the nearest ancestor's published template (B5), nil for none:
	// what it requires is required whatever the agency's own list says (recording.go).
	RecordingTemplate *zhifa.RecordingList
	// StatementDays is the agency's statement period; 0 means StatementDays.
	StatementDays int
	// Issued tells which document types the case has issued (documents.go).
	Issued map[zhifa.DocType]bool
	// IssuedOn is the day the latest document of each type was issued (order.go).
	IssuedOn map[zhifa.DocType]zhifa.Date
	// NoticeID is the ID of the latest issued 行政处罚事先告知书 (0: none); renotify needs
	// one newer than CaseState.NoticeDocID (notice.go).
	NoticeID int64
	// HearingThresholds are the agency's 较大数额 thresholds (Art. 63; zero: the default).
	HearingThresholds HearingThresholds
	// DecisionExtension is the agency's rule for extending the decision period (第六十条).
	DecisionExtension DecisionExtension
	// Major and MajorReasons: whether the decision is major (law.Major, E3) and why.
	Major        bool
	MajorReasons []zhifa.MajorReason
	// Now is the instant of the check, for hour periods (行政强制法第十九条).
	Now time.Time
	// EvidenceAfterHearing is the latest day an evidence record was added after the day
	// of the hearing held (zero: none), for 第六十五条 (CheckDecisionOnRecord).
	EvidenceAfterHearing zhifa.Date
	// SummaryFilingDays is the agency's deadline for filing a summary decision (0: the
	// default SummaryFilingDays, summary.go).
	SummaryFilingDays int
}

// StepInput is the part of an action's input that gates look at.
type StepInput struct {
	Date     zhifa.Date // the day of the act (default today)
	FineFen  int64
	Warning  bool
	Days     int             // extension
	Clock    zhifa.ClockKind // clock to pause, resume or extend
	Approved bool            // a head approved (or acts)
	Disposal string          // compulsory decide: confiscate, destroy or release (transfer.go)
	// ByDiscussion (extend): the heads decided the extension collectively (extension.go).
	ByDiscussion bool
	// Preservation (preserve): the items preserved (行政处罚法第五十六条).
	Preservation *zhifa.Preservation
	// Summary (summary decide): how the decision was made on the spot (summary.go).
	Summary *zhifa.SummaryRecord
	// Service (serve): how the decision was served; a summary one is handed over (summary.go).
	Service *zhifa.Service
	// Education (educate): the education given (nopenalty.go).
	Education *zhifa.EducationRecord
}

// officerRule is the rule requiring two certified officers for the kind of case.
func officerRule(k zhifa.CaseKind) string {
	switch k {
	case zhifa.CaseCompulsory:
		return RuleCompulsoryTwo
	case zhifa.CaseInspection:
		return RuleInspectionTwo
	}
	return RuleTwoOfficers
}

// CheckCaseOfficers is CheckOfficers with the rule of the case's kind.
func CheckCaseOfficers(f *CaseFacts, day zhifa.Date) error {
	err := CheckOfficers(day, f.Domain, f.Officers, f.Certs)
	if e, ok := err.(*zhifa.Error); ok && f.Case.Kind != zhifa.CasePenalty {
		rule := officerRule(f.Case.Kind)
		return Gate(rule, trimRule(e.Message))
	}
	return err
}

// trimRule removes the "（依据：…）" suffix Gate added.
func trimRule(msg string) string {
	r := []rune(msg)
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == '（' {
			return string(r[:i])
		}
	}
	return msg
}

// CheckStep runs the gates of step for the case with input in. It checks the facts, not
// the stage (Transition does) nor the actor (the use case does).
func CheckStep(f *CaseFacts, s *Step, in StepInput) error {
	c := f.Case
	day := in.Date
	if day.IsZero() {
		day = f.Today
	}
	// 移送规定第十一条 first: a step it forbids needs no document (transfer.go).
	if err := checkTransferStep(f, s, in, day); err != nil {
		return err
	}
	// The order of acts (order.go): not before the filing nor what the act rests on.
	if err := CheckActOrder(f, s.Action, day); err != nil {
		return err
	}
	switch s.Action {
	case zhifa.ActInvestigate, zhifa.ActInspect:
		if err := CheckCaseOfficers(f, day); err != nil {
			return err
		}
	case zhifa.ActSeize:
		if err := CheckCaseOfficers(f, day); err != nil {
			return err
		}
	case zhifa.ActApproveSeizure:
		if err := CheckSeizureApproval(c, f.Now); err != nil {
			return err
		}
	case zhifa.ActPreserve:
		items := ""
		if in.Preservation != nil {
			items = in.Preservation.Items
		}
		if err := CheckPreserve(c, items); err != nil {
			return err
		}
	case zhifa.ActEndPreservation:
		if err := CheckEndPreservation(c, in.Disposal, day); err != nil {
			return err
		}
	case zhifa.ActWithdraw:
		if err := CheckPreservationResolved(c); err != nil {
			return err
		}
	case zhifa.ActRenotify:
		if err := checkRenotify(c); err != nil {
			return err
		}
	case zhifa.ActRequestHearing:
		if !c.State.HearingRight {
			return Gate(RuleHearingRight, "本案拟作出的处罚不属于当事人有权要求听证的情形")
		}
		if due := HearingRequestDue(f.Cal, c.State.NoticeServedOn); day.After(due.Date) {
			return Gate(RuleHearing, fmt.Sprintf("当事人应在告知后五个工作日内（%s前）要求听证，已逾期", due.Date.Chinese()))
		}
	case zhifa.ActScheduleHearing, zhifa.ActHoldHearing:
		if c.State.HearingAsked.IsZero() {
			return Gate(RuleHearing, "当事人未要求听证")
		}
		if s.Action == zhifa.ActScheduleHearing {
			if latest := LatestHearingNotice(f.Cal, in.Date); f.Today.After(latest.Date) {
				return Gate(RuleHearing, fmt.Sprintf("应在举行听证的七个工作日前通知当事人：%s举行的听证最迟应于%s通知", in.Date.Chinese(), latest.Date.Chinese()))
			}
		} else if c.State.HearingOn.IsZero() {
			return Gate(RuleHearing, "尚未通知当事人听证的时间、地点")
		}
	case zhifa.ActServe:
		if c.Procedure == zhifa.ProcSummary {
			if err := CheckSummaryHandover(c.State.DecidedOn, day, in.Service); err != nil {
				return err
			}
		}
	case zhifa.ActEducate:
		if err := CheckEducation(in.Education); err != nil {
			return err
		}
	case zhifa.ActNoPenalty:
		if err := CheckPreservationResolved(c); err != nil {
			return err
		}
		if err := checkNoPenaltyEnding(c); err != nil {
			return err
		}
	case zhifa.ActFileSummary:
		if !c.State.SummaryFiledOn.IsZero() {
			return Gate(RuleSummaryFiling, "当场作出的行政处罚决定已于"+c.State.SummaryFiledOn.Chinese()+"备案")
		}
		if day.Before(c.State.DecidedOn) {
			return Gate(RuleSummaryFiling, "备案日期不能早于作出决定的日期"+c.State.DecidedOn.Chinese())
		}
	case zhifa.ActClose:
		if c.Kind == zhifa.CasePenalty && c.Procedure == zhifa.ProcSummary {
			if err := CheckSummaryFiled(&c.State); err != nil {
				return err
			}
		}
	case zhifa.ActDecide:
		switch {
		case c.Kind == zhifa.CaseCompulsory:
			if cl := c.Clock(zhifa.ClockSeizure); cl != nil && day.After(cl.Due) {
				return Gate(RuleSeizureDecide, fmt.Sprintf("查封、扣押期限已于%s届满，应当解除查封、扣押", cl.Due.Chinese()))
			}
			if err := CheckSeizureApproved(c, f.Now); err != nil {
				return err
			}
		case c.Procedure == zhifa.ProcSummary:
			for _, p := range c.Parties {
				if err := SummaryAllowed(PartyKind(p.Kind), in.FineFen, in.Warning); err != nil {
					return err
				}
			}
			if err := CheckSummaryRecord(in.Summary); err != nil {
				return err
			}
		default:
			if err := checkDecision(f, day); err != nil {
				return err
			}
			if err := CheckPreservationResolved(c); err != nil {
				return err
			}
			if err := CheckDecisionOnRecord(&c.State, f.EvidenceAfterHearing); err != nil {
				return err
			}
		}
		// E1: no major decision without a passed legal review (review.go), checked after
		// the procedural gates so that the handler sees those first.
		if err := CheckMajorDecision(c, f.Major, f.MajorReasons); err != nil {
			return err
		}
		if c.Kind == zhifa.CasePenalty && c.Procedure == zhifa.ProcOrdinary {
			if err := checkDiscussion(f); err != nil {
				return err
			}
		}
	case zhifa.ActPauseClock, zhifa.ActResumeClock:
		if err := CheckServiceClockChange(in.Clock); err != nil {
			return err
		}
		if err := CheckMeasureClockChange(in.Clock); err != nil {
			return err
		}
	case zhifa.ActExtend:
		if err := CheckServiceClockChange(in.Clock); err != nil {
			return err
		}
		if err := CheckMeasureClockChange(in.Clock); err != nil {
			return err
		}
		if extendsDecision(c, in.Clock) {
			if err := CheckDecisionExtension(f.DecisionExtension, c.State.DecisionExtends, in.Days, in.ByDiscussion); err != nil {
				return err
			}
		}
		if in.Clock == zhifa.ClockSeizure || (in.Clock == "" && c.Kind == zhifa.CaseCompulsory) {
			if err := CheckSeizureApproved(c, f.Now); err != nil {
				return err
			}
			if c.State.SeizureExtends > 0 {
				return Gate(RuleSeizure, "查封、扣押期限只能延长一次")
			}
			if in.Days < 1 || in.Days > SeizureExtendDays {
				return Gate(RuleSeizure, fmt.Sprintf("查封、扣押的延长期限不得超过%d日", SeizureExtendDays))
			}
			if cl := c.Clock(zhifa.ClockSeizure); cl == nil || day.After(cl.Due) {
				return Gate(RuleSeizure, "查封、扣押期限已届满或尚未开始，不能延长")
			}
		}
	}
	// The A/V record the statutory minimum or the agency's list requires (D2, B5,
	// recording.go), after the step's own gates.
	if err := checkAV(f, s); err != nil {
		return err
	}
	// The decision equals the proposal (law/discretion.go).
	if s.Action == zhifa.ActDecide {
		return CheckProposalStep(c, s.Action)
	}
	// The documents the step needs issued (documents.go), after the step's own gates.
	return checkStepDocument(f, s)
}

// checkDecision gates an ordinary penalty decision: the notice served (Art. 44, 62), the
// statement period over or waived (Art. 45, the agency's period), a requested hearing
// held or waived (Art. 63-64) and no pending hearing request period; the collective
// discussion is checked after the legal review (checkDiscussion).
func checkDecision(f *CaseFacts, day zhifa.Date) error {
	st := f.Case.State
	if st.NoticeServedOn.IsZero() {
		return Gate(RuleNotice, "作出行政处罚决定前，应当告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩、听证权利；尚未送达告知书")
	}
	// Not heavier than what was notified (Art. 45 ¶2, 62; notice.go).
	if err := CheckNotHeavier(f.Case); err != nil {
		return err
	}
	if !st.StatementWaived {
		due := StatementDue(f.Cal, st.NoticeServedOn, f.StatementDays)
		if !day.After(due.Date) {
			return Gate(RuleStatementAgency, fmt.Sprintf("陈述申辩期至%s届满，期满后方可作出决定（当事人明确放弃的除外）", due.Date.Chinese()))
		}
	}
	if st.HearingRight && !st.HearingWaived {
		switch {
		case !st.HearingAsked.IsZero() && !st.HearingHeld:
			return Gate(RuleHearing, "当事人已要求听证，须举行听证并形成听证笔录（或当事人放弃听证）后方可作出决定")
		case st.HearingAsked.IsZero():
			if due := HearingRequestDue(f.Cal, st.NoticeServedOn); !day.After(due.Date) {
				return Gate(RuleHearing, fmt.Sprintf("当事人要求听证的期限至%s届满，期满或当事人放弃听证后方可作出决定", due.Date.Chinese()))
			}
		}
	}
	return nil
}

// checkDiscussion gates an ordinary penalty decision on the collective discussion it needs
// (行政处罚法第五十七条第二款, DiscussionRequired). It comes after the legal review: the
// heads discuss a reviewed proposal (国办发〔2018〕118号: 法制审核 before the decision).
func checkDiscussion(f *CaseFacts) error {
	if need, why := DiscussionRequired(&f.Case.State, f.Major); need && !f.Case.State.Discussed {
		return Gate(RuleDiscussion, why)
	}
	return nil
}

// Unmet is one rule not yet met for a next step.
type Unmet struct {
	Action  zhifa.Action `json:"action"`
	Rule    string       `json:"rule"`
	Message string       `json:"message"`
}

// Missing returns the unmet rules of the case's next steps, as of today, with no further
// input: what the handler still has to do before each step can be taken. Steps whose
// gates depend on the action's input (a fine, an extension) are checked for that part
// when taken.
func Missing(f *CaseFacts) []Unmet {
	out := []Unmet{}
	for _, s := range NextSteps(f.Case) {
		if s.Procs != nil && slices.Contains(s.Procs, zhifa.ProcSummary) && s.Action == zhifa.ActDecide {
			continue // the cap depends on the fine
		}
		if s.Action == zhifa.ActRenotify {
			continue // optional: only a heavier proposal needs it (decide says so)
		}
		if s.Action == zhifa.ActEducate {
			continue // its record is its input; no_penalty says when it is needed
		}
		if err := CheckStep(f, s, StepInput{}); err != nil {
			if e, ok := err.(*zhifa.Error); ok {
				out = append(out, Unmet{Action: s.Action, Rule: e.Rule, Message: e.Message})
			}
		}
	}
	// Acts within the stage (holding the hearing) show their A/V requirement before the
	// act once it is the rule they still need (D2, B5).
	for i := range steps {
		s := &steps[i]
		if s.To == "" && s.applies(f.Case) && slices.Contains(s.From, f.Case.Stage) {
			if u, ok := avUnmet(f, s); ok {
				out = append(out, u)
			}
		}
	}
	return out
}

// ---- clocks ----

// StatementDue is the end of the statement period after a notice served on served.
func StatementDue(cal *workday.Calendar, served zhifa.Date, days int) Due {
	if days <= 0 {
		days = StatementDays
	}
	d, prov := cal.AddWorkdays(served, days)
	return Due{d, prov}
}

// SeizureDue is the last day of a seizure begun on seized, extended by extra days
// (行政强制法 Art. 25: 三十日, calendar days — Art. 69 makes only periods of ten days or
// less working days), ending on a working day like every period (PeriodEnd).
func SeizureDue(cal *workday.Calendar, seized zhifa.Date, extra int) Due {
	return CalendarDue(cal, seized, SeizureDays+extra)
}

// NewClock builds a running clock.
func NewClock(kind zhifa.ClockKind, start zhifa.Date, due Due, unit string, days int, rule string) zhifa.Clock {
	return zhifa.Clock{Kind: kind, Start: start, Due: due.Date, Unit: unit, Days: days, Provisional: due.Provisional, Rule: rule}
}

// DecisionClock is the Art. 60 clock of a case filed on filed.
func DecisionClock(cal *workday.Calendar, filed zhifa.Date) zhifa.Clock {
	return NewClock(zhifa.ClockDecision, filed, DecisionDue(cal, filed), zhifa.UnitCalendar, DecisionDays, RuleDecision)
}

// StatementClock is the statement period after a notice served on served.
func StatementClock(cal *workday.Calendar, served zhifa.Date, days int) zhifa.Clock {
	if days <= 0 {
		days = StatementDays
	}
	return NewClock(zhifa.ClockStatement, served, StatementDue(cal, served, days), zhifa.UnitWorkday, days, RuleStatementAgency)
}

// HearingRequestClock is the Art. 64(一) period after a notice served on served.
func HearingRequestClock(cal *workday.Calendar, served zhifa.Date) zhifa.Clock {
	return NewClock(zhifa.ClockHearingRequest, served, HearingRequestDue(cal, served), zhifa.UnitWorkday, HearingRequestDays, RuleHearing)
}

// HearingNoticeClock is the Art. 64(二) deadline to notify the party of a hearing held on
// hearing.
func HearingNoticeClock(cal *workday.Calendar, today, hearing zhifa.Date) zhifa.Clock {
	return NewClock(zhifa.ClockHearingNotice, today, LatestHearingNotice(cal, hearing), zhifa.UnitWorkday, HearingNoticeDays, RuleHearing)
}

// ServiceClock is the Art. 61 clock of a decision made on decided.
func ServiceClock(cal *workday.Calendar, decided zhifa.Date) zhifa.Clock {
	return NewClock(zhifa.ClockService, decided, ServiceDue(cal, decided), zhifa.UnitWorkday, ServiceDays, RuleService+"、"+RuleWorkdays)
}

// SeizureClock is the 行政强制法 Art. 25 clock of a seizure begun on seized.
func SeizureClock(cal *workday.Calendar, seized zhifa.Date) zhifa.Clock {
	return NewClock(zhifa.ClockSeizure, seized, SeizureDue(cal, seized, 0), zhifa.UnitCalendar, SeizureDays, RuleSeizure+"、"+RulePeriodRoll)
}

// Clock statuses.
const (
	ClockOK      = "ok"
	ClockDueSoon = "due_soon" // yellow: at most DueSoonWorkdays working days left
	ClockOverdue = "overdue"  // red
	ClockPaused  = "paused"
	ClockDone    = "done"
	// ClockEnded is a period that lapsed (Lapses): it ran out for the party, or for the
	// agency's own right, and is no one's delay (已届满, never 已超期).
	ClockEnded = "ended"
)

// ClockStatus is the status of c on today.
func ClockStatus(cal *workday.Calendar, today zhifa.Date, c zhifa.Clock) string {
	switch {
	case c.Done:
		return ClockDone
	case c.Paused:
		return ClockPaused
	case today.After(c.Due):
		return pastDue(c.Kind)
	}
	if left, _ := cal.WorkdaysBetween(today, c.Due); left <= DueSoonWorkdays {
		return ClockDueSoon
	}
	return ClockOK
}

// PauseClock stops c on day.
func PauseClock(c *zhifa.Clock, day zhifa.Date) error {
	if c.Done || c.Paused {
		return Gate(RuleDecision, "该期限已停止计算或已完成，不能中止")
	}
	c.Paused, c.PausedOn = true, day
	return nil
}

// ResumeClock restarts a paused clock on day, moving its due date by the days it was
// paused (calendar days, or working days for a working-day clock).
func ResumeClock(cal *workday.Calendar, c *zhifa.Clock, day zhifa.Date) {
	if !c.Paused {
		return
	}
	if c.Unit == zhifa.UnitWorkday {
		n, prov := cal.WorkdaysBetween(c.PausedOn, day)
		c.Due, c.Provisional = addWorkdays(cal, c.Due, n, c.Provisional || prov)
	} else {
		paused := int(day.Time().Sub(c.PausedOn.Time()).Hours() / 24)
		if c.Unit == zhifa.UnitCalendar {
			c.PausedDays += paused
			rollCalendarClock(cal, c)
		} else {
			c.Due = c.Due.AddDays(paused)
		}
	}
	c.Paused, c.PausedOn = false, zhifa.Date{}
}

// rollCalendarClock recomputes the due date of a calendar-day clock from its start, its
// length, its extensions and its pauses, so that a due date once moved off a rest day
// (PeriodEnd) is not counted from again.
func rollCalendarClock(cal *workday.Calendar, c *zhifa.Clock) {
	due := CalendarDue(cal, c.Start, c.Days+c.ExtendedBy+c.PausedDays)
	c.Due, c.Provisional = due.Date, due.Provisional
}

func addWorkdays(cal *workday.Calendar, d zhifa.Date, n int, prov bool) (zhifa.Date, bool) {
	due, p := cal.AddWorkdays(d, n)
	return due, prov || p
}

// ExtendClock adds days to c (in its unit).
func ExtendClock(cal *workday.Calendar, c *zhifa.Clock, days int) {
	c.ExtendedBy += days
	if c.Unit == zhifa.UnitWorkday {
		c.Due, c.Provisional = addWorkdays(cal, c.Due, days, c.Provisional)
	} else if c.Unit == zhifa.UnitCalendar {
		rollCalendarClock(cal, c)
	} else {
		c.Due = c.Due.AddDays(days)
	}
}

// pastDue is the status of a running clock of the kind after its due date: a period
// that lapses has ended, any other is overdue.
func pastDue(k zhifa.ClockKind) string {
	if Lapses(k) {
		return ClockEnded
	}
	return ClockOverdue
}

// NextDue is the agency's own next deadline: the earliest due date of the running (not
// done, not paused) clocks of the agency's work. The periods that run for the party or
// for the receiving organ (WaitsOnOthers: 陈述申辩期, 听证申请期, 受移送机关的审查期, 提请复议期)
// are left out, so that a statement period that ended before the decision never makes
// the case overdue for the agency (issue 14; REQUIREMENTS H1, H4). The store keeps it
// on the case row (next_due) for the list filters due=soon and due=overdue, the clocks
// overview, the to-do counts and the statistics.
func NextDue(clocks []zhifa.Clock) zhifa.Date {
	var d zhifa.Date
	for _, c := range clocks {
		if c.Done || c.Paused || WaitsOnOthers(c.Kind) || c.Due.IsZero() {
			continue
		}
		if d.IsZero() || c.Due.Before(d) {
			d = c.Due
		}
	}
	return d
}
