package law

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"zhifa"
	"zhifa/workday"
)

// Legal review rules (法制审核, REQUIREMENTS E1, E4, E5, E6): what a submission carries, what
// an opinion says, how rounds differ, and the hard gate on the decision of a major case.

// reviewKinds and reviewFrom: which cases are reviewed and in which stages the review steps
// of Steps are taken (before the decision).
var (
	reviewKinds = []zhifa.CaseKind{zhifa.CasePenalty, zhifa.CaseCompulsory}
	reviewFrom  = []zhifa.Stage{zhifa.StageInvestigate, zhifa.StageNotify, zhifa.StageReview, zhifa.StageSeize}
)

// ReviewStage reports whether the review steps of Steps are taken in the stage (before
// the decision).
func ReviewStage(s zhifa.Stage) bool { return slices.Contains(reviewFrom, s) }

// IsReviewerStep reports whether action is taken by the assigned reviewer.
func IsReviewerStep(action zhifa.Action) bool {
	for _, s := range steps {
		if s.Action == action && s.Reviewer {
			return true
		}
	}
	return false
}

// Review points (审核内容, E4; 国办发〔2018〕118号 (十三)).
const (
	PointAgency     = "agency"     // 主体合法
	PointOfficers   = "officers"   // 人员资格
	PointProcedure  = "procedure"  // 程序合法
	PointFacts      = "facts"      // 事实清楚
	PointEvidence   = "evidence"   // 证据合法充分
	PointLaw        = "law"        // 适用法律准确
	PointDiscretion = "discretion" // 裁量适当
	PointAuthority  = "authority"  // 未超越职权
	PointDocuments  = "documents"  // 文书规范齐备
	PointCrime      = "crime"      // 是否涉嫌犯罪需移送
)

// ReviewPoints lists the review points in order.
var ReviewPoints = []string{PointAgency, PointOfficers, PointProcedure, PointFacts, PointEvidence, PointLaw,
	PointDiscretion, PointAuthority, PointDocuments, PointCrime}

// PointLabel is the Chinese name of a review point.
func PointLabel(p string) string {
	return map[string]string{PointAgency: "执法主体是否合法", PointOfficers: "执法人员是否具备执法资格",
		PointProcedure: "执法程序是否合法", PointFacts: "案件事实是否清楚", PointEvidence: "证据是否合法充分",
		PointLaw: "适用法律、法规、规章是否准确", PointDiscretion: "裁量基准运用是否适当", PointAuthority: "是否超越法定权限",
		PointDocuments: "执法文书是否完备、规范", PointCrime: "是否涉嫌犯罪、需要移送司法机关"}[p]
}

// PointOKLabel says what a passed finding means: for the crime point, that no crime is
// suspected.
func PointOKLabel(p string, ok bool) string {
	if p == PointCrime {
		if ok {
			return "不涉嫌犯罪"
		}
		return "涉嫌犯罪，需移送"
	}
	if ok {
		return "符合"
	}
	return "存在问题"
}

// Opinions.
const (
	OpinionAgree    = "agree"    // 同意
	OpinionProblems = "problems" // 存在问题
)

// Coordination results and discussion conclusions (E5, E6).
const (
	CoordUphold      = "uphold"     // the opinion stands: the handler fixes and resubmits
	CoordDiscussion  = "discussion" // collective discussion of the heads decides
	ConcludeProposal = "proposal"   // adopt the handler's proposal
	ConcludeOpinion  = "opinion"    // uphold the review opinion
)

// ReviewStatusLabel is the Chinese name of a round status.
func ReviewStatusLabel(s string) string {
	return map[string]string{zhifa.ReviewPending: "待审核", zhifa.ReviewProblems: "存在问题，退回承办机构",
		zhifa.ReviewDisputed: "承办机构有异议，待负责人协调", zhifa.ReviewDiscussion: "待集体讨论",
		zhifa.ReviewPassed: "审核通过", zhifa.ReviewSuperseded: "已重新报送"}[s]
}

// NeededMaterials is what a submission for legal review must carry: the agency's
// checklist, with the hearing record exactly when a hearing was held (行政处罚法第六十五
// 条: the decision rests on the hearing record).
func NeededMaterials(checklist []string, hearingHeld bool) []string {
	need := slices.DeleteFunc(slices.Clone(checklist), func(code string) bool { return code == MatHearing && !hearingHeld })
	if hearingHeld && !slices.Contains(need, MatHearing) {
		need = append(need, MatHearing)
	}
	return need
}

// CheckMaterials checks a submission against the agency's checklist: each listed
// material is provided, the hearing record whenever a hearing was held (行政处罚法第六十五
// 条: the decision rests on the hearing record), the proposal exists and states its
// discretion reasoning. It returns EGATE naming every missing material.
func CheckMaterials(checklist []string, hearingHeld bool, p *zhifa.Proposal, provided []zhifa.ReviewMaterial) error {
	has := func(code string) bool {
		return slices.ContainsFunc(provided, func(m zhifa.ReviewMaterial) bool { return m.Code == code && m.RecordID != 0 })
	}
	var missing []string
	for _, code := range NeededMaterials(checklist, hearingHeld) {
		switch code {
		case MatProposal:
			if p == nil && !has(code) {
				missing = append(missing, MaterialLabel(code))
			}
		case MatDiscretion:
			if (p == nil || strings.TrimSpace(p.Reason) == "") && !has(code) {
				missing = append(missing, MaterialLabel(code))
			}
		default:
			if !has(code) {
				missing = append(missing, MaterialLabel(code))
			}
		}
	}
	if p == nil && !slices.Contains(missing, MaterialLabel(MatProposal)) {
		missing = append(missing, MaterialLabel(MatProposal))
	}
	if len(missing) > 0 {
		return Gate(RuleReviewDuty, "送审材料不全，缺少："+strings.Join(missing, "、"))
	}
	return nil
}

// CheckOpinion validates an opinion: the reviewer's own finding on every review point
// (国办发〔2018〕118号（十三）: 法制审核机构 reviews each of 执法主体、执法人员、程序、事实、
// 证据、法律适用、裁量、权限、文书 and the transfer of a crime); "agree" only when every
// finding passes and no problem is listed; "problems" only when at least one point is
// found wanting, with each problem listed, and a problem naming a point only if that
// point is found wanting (E4) — so that no opinion contradicts its own checklist.
func CheckOpinion(findings []zhifa.ReviewFinding, opinion, text string, problems []zhifa.ReviewProblem) error {
	fe := zhifa.FieldErrors{}
	got := map[string]bool{}
	wanting := map[string]bool{}
	failed := 0
	for i, f := range findings {
		if PointLabel(f.Point) == "" {
			fe.Add(fmt.Sprintf("findings[%d].point", i), "未知的审核要点："+f.Point)
			continue
		}
		if got[f.Point] {
			fe.Add(fmt.Sprintf("findings[%d].point", i), "审核要点重复")
		}
		got[f.Point] = true
		if !f.OK {
			failed++
			wanting[f.Point] = true
			if strings.TrimSpace(f.Note) == "" {
				fe.Add(fmt.Sprintf("findings[%d].note", i), "存在问题的审核要点须写明问题")
			}
		}
	}
	for _, p := range ReviewPoints {
		if !got[p] {
			fe.Add("findings", "须对每一审核要点作出审核结论，缺少："+PointLabel(p))
			break
		}
	}
	for i, p := range problems {
		if strings.TrimSpace(p.Text) == "" {
			fe.Add(fmt.Sprintf("problems[%d].text", i), "请写明问题")
		}
		switch {
		case p.Point == "":
		case PointLabel(p.Point) == "":
			fe.Add(fmt.Sprintf("problems[%d].point", i), "未知的审核要点："+p.Point)
		case !wanting[p.Point]:
			fe.Add(fmt.Sprintf("problems[%d].point", i), "所列问题对应的审核要点“"+PointLabel(p.Point)+"”未认定存在问题")
		}
	}
	switch opinion {
	case OpinionAgree:
		if failed > 0 || len(problems) > 0 {
			fe.Add("opinion", "存在问题的审核要点时不能出具同意的审核意见")
		}
	case OpinionProblems:
		if failed == 0 {
			fe.Add("opinion", "审核意见为“存在问题”的，须至少认定一项审核要点存在问题")
		}
		if len(problems) == 0 {
			fe.Add("problems", "存在问题的审核意见须逐项列明问题")
		}
	default:
		fe.Add("opinion", "审核意见应为同意或存在问题")
	}
	if strings.TrimSpace(text) == "" {
		fe.Add("opinion_text", "请填写书面审核意见")
	}
	return fe.Err()
}

// CheckAnswers checks that a resubmission answers every problem of the previous round.
func CheckAnswers(problems, answers []zhifa.ReviewProblem) error {
	fe := zhifa.FieldErrors{}
	if len(answers) != len(problems) {
		fe.Add("answers", fmt.Sprintf("须逐项答复上一轮审核意见列明的%d个问题", len(problems)))
	}
	for i := range answers {
		if strings.TrimSpace(answers[i].Answer) == "" {
			fe.Add(fmt.Sprintf("answers[%d].answer", i), "请答复该问题的处理情况")
		}
	}
	return fe.Err()
}

// Diff lists what changed from one submission to the next: the proposal's fields, the
// facts and the materials.
func Diff(prev, cur zhifa.ReviewSnapshot) []zhifa.ReviewChange {
	out := []zhifa.ReviewChange{}
	add := func(field, label, before, after string) {
		if before != after {
			out = append(out, zhifa.ReviewChange{Field: field, Label: label, Before: before, After: after})
		}
	}
	var pp, cp zhifa.Proposal
	if prev.Proposal != nil {
		pp = *prev.Proposal
	}
	if cur.Proposal != nil {
		cp = *cur.Proposal
	}
	add("proposal.revision", "拟处理决定版本", revision(prev.Proposal), revision(cur.Proposal))
	add("proposal.penalties", "处罚种类", strings.Join(pp.Penalties, "、"), strings.Join(cp.Penalties, "、"))
	add("proposal.fine_fen", "罚款（元）", amount(pp.FineFen), amount(cp.FineFen))
	add("proposal.confiscate_fen", "没收财物价值（元）", amount(pp.ConfiscateFen), amount(cp.ConfiscateFen))
	add("proposal.illegal_gain_fen", "违法所得（元）", amount(pp.IllegalGainFen), amount(cp.IllegalGainFen))
	add("proposal.level", "裁量阶次", pp.Level, cp.Level)
	add("proposal.list_entries", "适用清单", strings.Join(pp.ListEntries, "、"), strings.Join(cp.ListEntries, "、"))
	add("proposal.reason", "裁量理由", pp.Reason, cp.Reason)
	add("proposal.flags", "情形标记", strings.Join(pp.Flags, "、"), strings.Join(cp.Flags, "、"))
	add("facts", "案件事实", prev.Facts, cur.Facts)
	add("materials", "送审材料", materialList(prev.Materials), materialList(cur.Materials))
	return out
}

func revision(p *zhifa.Proposal) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf("第%d版", p.Revision)
}

func amount(fen int64) string {
	if fen == 0 {
		return ""
	}
	return Yuan(fen)
}

func materialList(ms []zhifa.ReviewMaterial) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, fmt.Sprintf("%s：%s（记录%d）", m.Label, m.Title, m.RecordID))
	}
	return strings.Join(parts, "；")
}

// ReviewClock is the review time limit of a submission on start (the agency's working
// days, 国办发〔2018〕118号 (十四)).
func ReviewClock(cal *workday.Calendar, start zhifa.Date, days int) zhifa.Clock {
	if days <= 0 {
		days = ReviewDays
	}
	d, prov := cal.AddWorkdays(start, days)
	return NewClock(zhifa.ClockReview, start, Due{d, prov}, zhifa.UnitWorkday, days, RuleReviewDuty+"（本机关审核时限）")
}

// CheckDiscussion validates a collective-discussion record (E6, 行政处罚法第五十七条第二款):
// attendees with their views, a conclusion, and a reason when the conclusion goes against
// the majority of views. It sets AgainstMajority.
func CheckDiscussion(d *zhifa.Discussion) error {
	fe := zhifa.FieldErrors{}
	if d == nil {
		return Gate(RuleDiscussion, "请填写集体讨论记录（出席人员、各自意见、讨论结论）")
	}
	d.Presider, d.Reason = strings.TrimSpace(d.Presider), strings.TrimSpace(d.Reason)
	if d.Presider == "" {
		fe.Add("discussion.presider", "请填写主持人")
	}
	if len(d.Attendees) < 3 {
		fe.Add("discussion.attendees", "集体讨论出席的负责人不得少于3人")
	}
	votes := map[string]int{}
	for i, a := range d.Attendees {
		if strings.TrimSpace(a.Name) == "" {
			fe.Add(fmt.Sprintf("discussion.attendees[%d].name", i), "请填写出席人员姓名")
		}
		if a.View != ConcludeProposal && a.View != ConcludeOpinion {
			fe.Add(fmt.Sprintf("discussion.attendees[%d].view", i), "意见应为同意拟处理决定或同意审核意见")
		}
		votes[a.View]++
	}
	if d.Conclusion != ConcludeProposal && d.Conclusion != ConcludeOpinion {
		fe.Add("discussion.conclusion", "结论应为采纳拟处理决定或采纳审核意见")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	other := ConcludeOpinion
	if d.Conclusion == ConcludeOpinion {
		other = ConcludeProposal
	}
	d.AgainstMajority = votes[other] > votes[d.Conclusion]
	if d.AgainstMajority && d.Reason == "" {
		return fieldError2("discussion.reason", "讨论结论与多数意见不一致，主持的负责人须说明理由")
	}
	return nil
}

func fieldError2(field, msg string) error {
	return zhifa.FieldErrors{field: msg}.Err()
}

// ReviewPassedFor reports whether the case's latest review round passed for the
// proposal as it is now.
func ReviewPassedFor(c *zhifa.Case) bool {
	r, p := c.State.Review, c.State.Proposal
	return r != nil && r.Status == zhifa.ReviewPassed && p != nil && r.PassedRevision == p.Revision
}

// CheckMajorDecision is the hard gate of E1 (国办发〔2018〕118号 (四): 未经法制审核或者审核未通过
// 的，不得作出决定; 行政处罚法第五十八条): a major case is decided only after its latest review
// round passed, on the proposal revision that passed, approved by a head.
func CheckMajorDecision(c *zhifa.Case, major bool, reasons []zhifa.MajorReason) error {
	if !major {
		return nil
	}
	why := ""
	if len(reasons) > 0 {
		why = "本案属于重大执法决定（" + reasons[0].Clause + "：" + reasons[0].Text + "），"
	}
	r, p := c.State.Review, c.State.Proposal
	switch {
	case r == nil:
		return Gate(RuleMajorReview, why+"未经法制审核，不得作出决定")
	case r.Status != zhifa.ReviewPassed:
		return Gate(RuleMajorReview, why+fmt.Sprintf("第%d轮法制审核尚未通过（%s），不得作出决定", r.Round, ReviewStatusLabel(r.Status)))
	case p == nil:
		return Gate(RuleMajorReview, why+"没有经审核的拟处理决定")
	case r.PassedRevision != p.Revision:
		return Gate(RuleMajorReview, why+fmt.Sprintf("拟处理决定在审核通过后已修改（审核通过第%d版，现为第%d版），须重新报送法制审核", r.PassedRevision, p.Revision))
	case r.ApprovedRevision != p.Revision || r.ApprovedBy == 0:
		return Gate(RuleHeadApproval, why+"法制审核已通过，尚待行政机关负责人审批")
	}
	return nil
}

// SnapshotJSON is the canonical JSON of a snapshot, for the ledger entry's hash.
func SnapshotJSON(s zhifa.ReviewSnapshot) string {
	b, _ := json.Marshal(s)
	return string(b)
}
