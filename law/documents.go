package law

import (
	"fmt"
	"slices"
	"strings"

	"zhifa"
)

// Document rules (文书, REQUIREMENTS D1): which standard documents a case of a kind may
// draft in a stage, which issued document a step needs, and the elements a penalty
// decision (行政处罚法 Art. 59) and a seizure decision (行政强制法 Art. 24) must state.

// Citations of the document rules.
const (
	RuleNoticeDocument   = "行政处罚法第四十四条（事先告知书）"
	RuleDecisionDocument = "行政处罚法第五十九条"
	RuleDecisionService  = "行政处罚法第五十九条、第六十一条（送达行政处罚决定书）"
	RuleSeizureDocument  = "行政强制法第二十四条"
	RuleClosingDocument  = "行政处罚法第四十七条（全过程记录）；国办发〔2018〕118号（七）（文字记录：结案审批表）"
	// RuleRemedyReview and RuleRemedySuit are the remedy periods the documents state:
	// 行政复议法 Art. 20 (自知道或者应当知道该行政行为之日起六十日内) and 行政诉讼法 Art. 46
	// (自知道或者应当知道作出行政行为之日起六个月内).
	RuleRemedyReview = "行政复议法第二十条"
	RuleRemedySuit   = "行政诉讼法第四十六条"
	// RuleFinePayment is the payment period of a fine (行政处罚法 Art. 67: 自收到行政处罚决定书
	// 之日起十五日内).
	RuleFinePayment = "行政处罚法第六十七条"
)

// Periods the documents state.
const (
	RemedyReviewDays = 60 // 行政复议法 Art. 20
	RemedySuitMonths = 6  // 行政诉讼法 Art. 46
	FinePaymentDays  = 15 // 行政处罚法 Art. 67
)

// docUse says in which cases and stages a document type may be drafted.
type docUse struct {
	Kinds  []zhifa.CaseKind
	Procs  []zhifa.Procedure // nil: any
	Stages []zhifa.Stage
}

var docUses = map[zhifa.DocType][]docUse{
	zhifa.DocFilingApproval:   {{Kinds: allKinds, Stages: running}},
	zhifa.DocInspectionRecord: {{Kinds: allKinds, Stages: running}},
	zhifa.DocInquiryRecord:    {{Kinds: []zhifa.CaseKind{zhifa.CasePenalty, zhifa.CaseInspection}, Stages: running}},
	zhifa.DocSeizureDecision:  {{Kinds: compulsory, Stages: []zhifa.Stage{zhifa.StageOpen}}},
	zhifa.DocPenaltyNotice:    {{Kinds: penalty, Procs: ordinary, Stages: noticeStages}},
	zhifa.DocHearingNotice:    {{Kinds: penalty, Procs: ordinary, Stages: []zhifa.Stage{zhifa.StageNotify}}},
	zhifa.DocHearingRecord:    {{Kinds: penalty, Procs: ordinary, Stages: []zhifa.Stage{zhifa.StageNotify}}},
	zhifa.DocPenaltyDecision: {
		{Kinds: penalty, Procs: ordinary, Stages: []zhifa.Stage{zhifa.StageReview, zhifa.StageDecide}},
		{Kinds: penalty, Procs: summary, Stages: []zhifa.Stage{zhifa.StageOpen, zhifa.StageDecide}},
	},
	zhifa.DocNoPenaltyDecision: {{Kinds: penalty, Procs: ordinary, Stages: []zhifa.Stage{zhifa.StageInvestigate, zhifa.StageNotify, zhifa.StageReview}}},
	zhifa.DocServiceReceipt:    {{Kinds: allKinds, Stages: running}},
	// The execution stage's documents, while the decision served awaits its execution.
	zhifa.DocReminder:            {{Kinds: penalty, Stages: []zhifa.Stage{zhifa.StageServe}}},
	zhifa.DocEnforcementDecision: {{Kinds: penalty, Stages: []zhifa.Stage{zhifa.StageServe}}},
	zhifa.DocCourtApplication:    {{Kinds: penalty, Stages: []zhifa.Stage{zhifa.StageServe}}},
	// The review materials (issue 12): the report concludes the investigation of an
	// ordinary penalty case, before the review (and again after a returned one); the
	// evidence list may be drawn up whenever the case runs.
	zhifa.DocInvestigationReport: {{Kinds: penalty, Procs: ordinary, Stages: noticeStages}},
	zhifa.DocEvidenceList:        {{Kinds: allKinds, Stages: running}},
	zhifa.DocClosingApproval: {
		{Kinds: penalty, Stages: []zhifa.Stage{zhifa.StageExecute}},
		{Kinds: inspection, Stages: []zhifa.Stage{zhifa.StageConclude}},
		{Kinds: compulsory, Stages: []zhifa.Stage{zhifa.StageRelease}},
	},
}

// DocumentKindAllowed reports whether cases of c's kind and procedure use the type at all.
func DocumentKindAllowed(c *zhifa.Case, t zhifa.DocType) bool {
	for _, u := range docUses[t] {
		if slices.Contains(u.Kinds, c.Kind) && (u.Procs == nil || slices.Contains(u.Procs, c.Procedure)) {
			return true
		}
	}
	return false
}

// DocumentAllowed checks that a new document of the type may be drafted for c in its
// current stage: EINVALID naming the stage otherwise.
func DocumentAllowed(c *zhifa.Case, t zhifa.DocType) error {
	if !t.Valid() {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "未知的文书类型", Fields: map[string]string{"type": "未知的文书类型"}}
	}
	if !DocumentKindAllowed(c, t) {
		msg := fmt.Sprintf("%s案件不使用%s", c.Kind.Label(), t.Label())
		return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{"type": msg}}
	}
	for _, u := range docUses[t] {
		if slices.Contains(u.Kinds, c.Kind) && (u.Procs == nil || slices.Contains(u.Procs, c.Procedure)) && slices.Contains(u.Stages, c.Stage) {
			return nil
		}
	}
	msg := fmt.Sprintf("案件当前处于“%s”阶段，不能制作%s", c.Stage.Label(), t.Label())
	return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{"type": msg}}
}

// DocumentTypes returns the types a new document of c may have now, in case-file order.
func DocumentTypes(c *zhifa.Case) []zhifa.DocType {
	var out []zhifa.DocType
	for _, t := range zhifa.DocTypes {
		if DocumentAllowed(c, t) == nil {
			out = append(out, t)
		}
	}
	return out
}

// stepDocument is a document that must be issued before a step.
type stepDocument struct {
	Action zhifa.Action
	Kinds  []zhifa.CaseKind
	Type   zhifa.DocType
	Rule   string
	Why    string
}

// StepDocuments orders the documents with the stage machine: the notice before the
// party is notified (Art. 44: the notice is the written form of 告知), the decision
// before it is served (Art. 59, 61), the seizure decision before the seizure (行政强制法
// Art. 24: 制作并当场交付查封、扣押决定书), the closing approval before the case closes.
var StepDocuments = []stepDocument{
	{Action: "notify", Kinds: penalty, Type: zhifa.DocPenaltyNotice, Rule: RuleNoticeDocument,
		Why: "送达告知书前，须先签发行政处罚事先告知书"},
	{Action: "renotify", Kinds: penalty, Type: zhifa.DocPenaltyNotice, Rule: RuleRenotice,
		Why: "重新告知前，须先签发载明新的拟处罚内容的行政处罚事先告知书（在上次告知之后签发）"},
	{Action: "serve", Kinds: penalty, Type: zhifa.DocPenaltyDecision, Rule: RuleDecisionService,
		Why: "送达前，须先签发载明第五十九条全部事项的行政处罚决定书"},
	{Action: "seize", Kinds: compulsory, Type: zhifa.DocSeizureDecision, Rule: RuleSeizureDocument,
		Why: "实施查封、扣押，须制作并当场交付查封扣押决定书；请先签发查封扣押决定书"},
	{Action: "no_penalty", Kinds: penalty, Type: zhifa.DocNoPenaltyDecision, Rule: RuleNoPenaltyDocument,
		Why: "不予行政处罚的，须先签发载明不予处罚的理由和依据的不予行政处罚决定书"},
	{Action: "close", Kinds: allKinds, Type: zhifa.DocClosingApproval, Rule: RuleClosingDocument,
		Why: "结案前，须先签发结案审批表"},
}

// RequiredDocument returns the document type the step needs issued first, if any.
func RequiredDocument(c *zhifa.Case, action zhifa.Action) (zhifa.DocType, string, string, bool) {
	for _, d := range StepDocuments {
		if d.Action == action && slices.Contains(d.Kinds, c.Kind) {
			return d.Type, d.Rule, d.Why, true
		}
	}
	return "", "", "", false
}

// checkStepDocument is the document gate of a step: the document it needs must have been
// issued (f.Issued).
func checkStepDocument(f *CaseFacts, s *Step) error {
	t, rule, why, ok := RequiredDocument(f.Case, s.Action)
	if ok && s.Action == zhifa.ActRenotify { // a notice newer than the last one served
		return checkNewNotice(f, rule, why)
	}
	if !ok || f.Issued[t] {
		return nil
	}
	return Gate(rule, why)
}

// Element is one thing a document must state, by key; the document package maps its
// fields onto these keys.
type Element struct {
	Key   string
	Label string
}

// DecisionElements are the elements of a penalty decision (行政处罚法 Art. 59): 当事人的
// 姓名或者名称、地址；违反法律、法规、规章的事实和证据；行政处罚的种类和依据；行政处罚的履行
// 方式和期限；申请行政复议、提起行政诉讼的途径和期限；作出行政处罚决定的行政机关名称和作出决定
// 的日期；and the agency's seal (盖有作出行政处罚决定的行政机关的印章).
var DecisionElements = []Element{
	{"party_name", "当事人的姓名或者名称（第五十九条第一款第一项）"},
	{"party_address", "当事人的地址（第一项）"},
	{"facts", "违法事实（第二项）"},
	{"evidence", "证据（第二项）"},
	{"penalty", "行政处罚的种类（第三项）"},
	{"basis", "行政处罚的依据（第三项）"},
	{"performance", "履行方式和期限（第四项）"},
	{"remedy", "申请行政复议、提起行政诉讼的途径和期限（第五项）"},
	{"agency", "行政机关名称（第六项）"},
	{"date", "作出决定的日期（第六项）"},
	{"seal", "行政机关印章（第五十九条第二款）"},
}

// SeizureElements are the elements of a seizure decision (行政强制法 Art. 24): 当事人的姓名
// 或者名称、地址；查封、扣押的理由、依据和期限；查封、扣押场所、设施或者财物的名称、数量等；申请
// 行政复议或者提起行政诉讼的途径和期限；行政机关的名称、印章和日期.
var SeizureElements = []Element{
	{"party_name", "当事人的姓名或者名称（第二十四条第二款第一项）"},
	{"party_address", "当事人的地址（第一项）"},
	{"reason", "查封、扣押的理由（第二项）"},
	{"basis", "查封、扣押的依据（第二项）"},
	{"period", "查封、扣押的期限（第二项）"},
	{"items", "查封、扣押的场所、设施或者财物的名称、数量（第三项）"},
	{"remedy", "申请行政复议或者提起行政诉讼的途径和期限（第四项）"},
	{"agency", "行政机关的名称（第五项）"},
	{"date", "日期（第五项）"},
	{"seal", "行政机关印章（第五项）"},
}

// ReminderElements are the elements of a reminder (催告书, 行政强制法第三十五条): 履行义务的
// 期限；履行义务的方式；涉及金钱给付的，应当有明确的金额和给付方式；当事人依法享有的陈述权和
// 申辩权 — in writing, to the party, by the agency.
var ReminderElements = []Element{
	{"party_name", "当事人的姓名或者名称"},
	{"deadline", "履行义务的期限（第三十五条第一项）"},
	{"manner", "履行义务的方式（第二项）"},
	{"amount", "金额和给付方式（第三项）"},
	{"rights", "当事人依法享有的陈述权和申辩权（第四项）"},
	{"agency", "行政机关名称"},
	{"date", "日期"},
	{"seal", "行政机关印章"},
}

// EnforcementDecisionElements are the elements of an enforcement decision (行政强制执行决定书,
// 行政强制法第三十七条第二款): 当事人的姓名或者名称、地址；强制执行的理由和依据；强制执行的
// 方式和时间；申请行政复议或者提起行政诉讼的途径和期限；行政机关的名称、印章和日期.
var EnforcementDecisionElements = []Element{
	{"party_name", "当事人的姓名或者名称（第三十七条第二款第一项）"},
	{"party_address", "当事人的地址（第一项）"},
	{"reason", "强制执行的理由和依据（第二项）"},
	{"manner", "强制执行的方式和时间（第三项）"},
	{"remedy", "申请行政复议或者提起行政诉讼的途径和期限（第四项）"},
	{"agency", "行政机关的名称（第五项）"},
	{"date", "日期（第五项）"},
	{"seal", "行政机关印章（第五项）"},
}

// CourtApplicationElements are what an application to the court states and carries
// (行政强制法第五十五条): the decision with its facts, reasons and basis; the party's opinion
// and the reminder; what is to be enforced; signed by the head, sealed and dated (the head's
// signature is the approval form's, law.IsApprovalForm).
var CourtApplicationElements = []Element{
	{"court", "受理申请的人民法院"},
	{"party_name", "被申请人的姓名或者名称"},
	{"request", "申请事项"},
	{"decision", "行政决定书及作出决定的事实、理由和依据（第五十五条第一款第二项）"},
	{"reminder", "当事人的意见及行政机关催告情况（第三项）"},
	{"subject", "申请强制执行标的情况（第四项）"},
	{"agency", "行政机关名称"},
	{"date", "日期（第五十五条第二款）"},
	{"seal", "行政机关印章（第五十五条第二款）"},
}

// CheckExecutionDocument checks the elements of a reminder, an enforcement decision or an
// application to the court; other types pass.
func CheckExecutionDocument(t zhifa.DocType, values map[string]string) error {
	switch t {
	case zhifa.DocReminder:
		return checkElements(RuleReminder, t.Label(), ReminderElements, values, false)
	case zhifa.DocEnforcementDecision:
		return checkElements(RuleEnforceDecision, t.Label(), EnforcementDecisionElements, values, false)
	case zhifa.DocCourtApplication:
		return checkElements(RuleCourtDocument, t.Label(), CourtApplicationElements, values, false)
	}
	return nil
}

// CheckDecisionDocument checks that a penalty decision states every element of Art. 59.
// The remedy must name both channels (复议 and 诉讼) with their periods.
func CheckDecisionDocument(values map[string]string) error {
	return checkElements(RuleDecisionDocument, "行政处罚决定书", DecisionElements, values, true)
}

// CheckSeizureDocument checks that a seizure decision states every element of 行政强制法
// Art. 24. The statute allows either remedy channel (复议或者诉讼); both are stated by default.
func CheckSeizureDocument(values map[string]string) error {
	return checkElements(RuleSeizureDocument, "查封扣押决定书", SeizureElements, values, false)
}

func checkElements(rule, title string, elements []Element, values map[string]string, both bool) error {
	var missing []string
	for _, e := range elements {
		v := strings.TrimSpace(values[e.Key])
		if v == "" {
			missing = append(missing, e.Label)
			continue
		}
		if e.Key == "remedy" {
			review, suit := strings.Contains(v, "复议"), strings.Contains(v, "诉讼")
			if (both && !(review && suit)) || (!both && !(review || suit)) || !hasPeriod(v) {
				missing = append(missing, e.Label+"：应写明复议、诉讼的途径和期限")
			}
		}
	}
	if len(missing) > 0 {
		return Gate(rule, title+"缺少法定事项："+strings.Join(missing, "；"))
	}
	return nil
}

// hasPeriod reports whether s states a period: a number of days or months (六十日, 6个月).
func hasPeriod(s string) bool {
	for _, unit := range []string{"日", "天", "个月", "月"} {
		for i := 0; ; {
			j := strings.Index(s[i:], unit)
			if j < 0 {
				break
			}
			j += i
			if j > 0 {
				r := []rune(s[:j])
				if strings.ContainsRune("0123456789一二三四五六七八九十百零两", r[len(r)-1]) {
					return true
				}
			}
			i = j + len(unit)
		}
	}
	return false
}
