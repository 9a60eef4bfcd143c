package law

import (
	"fmt"
	"slices"
	"strings"

	"zhifa"
)

// Major decisions (重大执法决定, REQUIREMENTS E3, B5): which decisions need a legal review
// before they are made. The statute names some cases itself (行政处罚法第五十八条第一款,
// 国办发〔2018〕118号 (十二)); each agency's catalog (重大执法决定法制审核目录清单) adds rules by
// case kind, domain, item, penalty kind and amount. A superior agency publishes a template
// its subordinates adopt and may only tighten.

// Rule citations of the legal review.
const (
	RuleMajorReview = "国办发〔2018〕118号（四）、行政处罚法第五十八条"
	RuleArt58       = "行政处罚法第五十八条"
	// RuleReviewerQual: 行政机关中初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格 (Art. 58 ¶2).
	RuleReviewerQual = "行政处罚法第五十八条第二款"
	// RuleReviewScope: the catalog by kind, level, domain and amount (国办发〔2018〕118号 (十二)).
	RuleReviewScope = "国办发〔2018〕118号（十二）"
	// RuleReviewContent: the review points and the written opinion (国办发〔2018〕118号 (十三)).
	RuleReviewContent = "国办发〔2018〕118号（十三）"
	// RuleReviewDuty: materials, time limit and the coordination mechanism (国办发〔2018〕118号 (十四)).
	RuleReviewDuty = "国办发〔2018〕118号（十四）"
	// RuleReviewUnit: the review unit and pooled legal advisors (国办发〔2018〕118号 (十一)).
	RuleReviewUnit = "国办发〔2018〕118号（十一）"
)

// Handler flags of a proposal (Proposal.Flags), E3.
const (
	FlagPublicInterest = "重大公共利益"
	FlagSocialImpact   = "重大社会影响"
	FlagComplex        = "疑难复杂"
	FlagMultiRelations = "多个法律关系"
)

// MajorFlags lists the flags a handler may set.
var MajorFlags = []string{FlagPublicInterest, FlagSocialImpact, FlagComplex, FlagMultiRelations}

// MajorPenalties are the penalty kinds a catalog rule may name (行政处罚法第九条, and 没收较大数额
// 财物 by amount).
var MajorPenalties = []string{"警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件",
	"降低资质等级", "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留"}

// statutoryRules apply to every agency whatever its catalog says.
var statutoryRules = []zhifa.MajorRule{
	{Clause: "行政处罚法第五十八条第一款第（一）项", Label: "涉及重大公共利益", Flags: []string{FlagPublicInterest}},
	{Clause: "行政处罚法第五十八条第一款第（二）项", Label: "直接关系当事人或者第三人重大权益，经过听证程序", Hearing: true},
	{Clause: "行政处罚法第五十八条第一款第（三）项", Label: "案件情况疑难复杂、涉及多个法律关系", Flags: []string{FlagComplex, FlagMultiRelations}},
	{Clause: "国办发〔2018〕118号（十二）", Label: "可能造成重大社会影响或引发社会风险", Flags: []string{FlagSocialImpact}},
}

// StatutoryRules returns the rules that apply whatever the catalog.
func StatutoryRules() []zhifa.MajorRule { return slices.Clone(statutoryRules) }

// Major tells whether the case's decision is major and gives every reason with the clause
// it comes from: the statutory rules, the catalog's rules (cat may be nil) and the reasons
// the handler added (CaseState.MajorAdded). item is the case's catalog item (its code and
// domain), nil when unknown. Amounts are the proposal's (c.State.Proposal): before there
// is one, amount and penalty rules do not match.
func Major(c *zhifa.Case, item *zhifa.Item, cat *zhifa.MajorCatalog) (bool, []zhifa.MajorReason) {
	reasons := []zhifa.MajorReason{}
	for _, r := range statutoryRules {
		if ok, why := matchRule(c, item, &r); ok {
			reasons = append(reasons, zhifa.MajorReason{Source: "statute", Clause: r.Clause, Text: r.Label + why})
		}
	}
	if cat != nil {
		for _, r := range cat.Rules {
			if ok, why := matchRule(c, item, &r); ok {
				reasons = append(reasons, zhifa.MajorReason{Source: "catalog", Clause: catalogClause(cat, r.Clause), Text: r.Label + why})
			}
		}
	}
	for _, r := range c.State.MajorAdded {
		r.Source = "handler"
		reasons = append(reasons, r)
	}
	return len(reasons) > 0, reasons
}

func catalogClause(cat *zhifa.MajorCatalog, clause string) string {
	return fmt.Sprintf("本机关重大执法决定法制审核目录清单（第%d版）%s", cat.Version, clause)
}

// matchRule reports whether the rule matches the case, with a short account of the
// amount that matched.
func matchRule(c *zhifa.Case, item *zhifa.Item, r *zhifa.MajorRule) (bool, string) {
	if !hasAnyCondition(r) {
		return false, ""
	}
	p := c.State.Proposal
	if len(r.Kinds) > 0 && !slices.Contains(r.Kinds, c.Kind) {
		return false, ""
	}
	if len(r.Domains) > 0 && (item == nil || !slices.Contains(r.Domains, item.Domain)) {
		return false, ""
	}
	if len(r.Items) > 0 && (item == nil || !slices.Contains(r.Items, item.Code)) {
		return false, ""
	}
	if len(r.Penalties) > 0 {
		if p == nil || !slices.ContainsFunc(p.Penalties, func(s string) bool { return slices.Contains(r.Penalties, s) }) {
			return false, ""
		}
	}
	if r.Hearing && !c.State.HearingHeld {
		return false, ""
	}
	if len(r.Flags) > 0 {
		if p == nil || !slices.ContainsFunc(p.Flags, func(s string) bool { return slices.Contains(r.Flags, s) }) {
			return false, ""
		}
	}
	if !hasAmount(r) {
		return true, ""
	}
	if p == nil {
		return false, ""
	}
	for _, party := range partyKinds(c) {
		fine, value := r.PersonFineFen, r.PersonValueFen
		who := "公民"
		if party == zhifa.PartyOrg {
			fine, value, who = r.OrgFineFen, r.OrgValueFen, "法人或者其他组织"
		}
		if fine > 0 && p.FineFen >= fine {
			return true, fmt.Sprintf("（对%s拟罚款%s元，达到%s元）", who, Yuan(p.FineFen), Yuan(fine))
		}
		if value > 0 && p.ConfiscateFen >= value {
			return true, fmt.Sprintf("（对%s拟没收财物价值%s元，达到%s元）", who, Yuan(p.ConfiscateFen), Yuan(value))
		}
	}
	return false, ""
}

func partyKinds(c *zhifa.Case) []zhifa.PartyKind {
	var out []zhifa.PartyKind
	for _, p := range c.Parties {
		if !slices.Contains(out, p.Kind) {
			out = append(out, p.Kind)
		}
	}
	return out
}

func hasAmount(r *zhifa.MajorRule) bool {
	return r.PersonFineFen > 0 || r.OrgFineFen > 0 || r.PersonValueFen > 0 || r.OrgValueFen > 0
}

func hasAnyCondition(r *zhifa.MajorRule) bool {
	return len(r.Kinds) > 0 || len(r.Domains) > 0 || len(r.Items) > 0 || len(r.Penalties) > 0 || r.Hearing ||
		len(r.Flags) > 0 || hasAmount(r)
}

// broader reports whether the list condition sub matches at least what tmpl matches: an
// empty list matches everything.
func broader[T comparable](sub, tmpl []T) bool {
	if len(sub) == 0 {
		return true
	}
	if len(tmpl) == 0 {
		return false
	}
	for _, x := range tmpl {
		if !slices.Contains(sub, x) {
			return false
		}
	}
	return true
}

// threshold reports whether sub's threshold catches at least what tmpl's does (0 is none).
func threshold(sub, tmpl int64) bool {
	if tmpl == 0 {
		return true // an extra threshold where the template sets none only catches more
	}
	return sub > 0 && sub <= tmpl
}

// Covers reports whether rule sub matches every case tmpl matches: the same or fewer
// restrictions, thresholds the same or lower (E3: a subordinate may only tighten).
func Covers(sub, tmpl zhifa.MajorRule) bool {
	if !broader(sub.Kinds, tmpl.Kinds) || !broader(sub.Domains, tmpl.Domains) || !broader(sub.Items, tmpl.Items) {
		return false
	}
	// Penalties and flags match on any listed one: more listed is broader, none is
	// unrestricted.
	if !broader(sub.Penalties, tmpl.Penalties) || !broader(sub.Flags, tmpl.Flags) {
		return false
	}
	if sub.Hearing && !tmpl.Hearing {
		return false
	}
	if hasAmount(&sub) {
		if !hasAmount(&tmpl) {
			return false // the template's rule has no amount condition
		}
		return threshold(sub.PersonFineFen, tmpl.PersonFineFen) && threshold(sub.OrgFineFen, tmpl.OrgFineFen) &&
			threshold(sub.PersonValueFen, tmpl.PersonValueFen) && threshold(sub.OrgValueFen, tmpl.OrgValueFen)
	}
	return true
}

// ReviewDays is the default time limit of a review in working days (agencies set their own,
// 国办发〔2018〕118号 (十四) 明确审核时限).
const ReviewDays = 5

// MaxReviewDays bounds an agency's review time limit.
const MaxReviewDays = 30

// Material codes of a submission (送审材料, 国办发〔2018〕118号 (十四)).
const (
	MatReport     = "investigation_report" // 调查终结报告
	MatEvidence   = "evidence_list"        // 证据清单
	MatProposal   = "proposal"             // 拟处理决定
	MatDiscretion = "discretion"           // 裁量说明
	MatHearing    = "hearing_record"       // 听证笔录（举行听证的）
	MatOther      = "other"                // 其他材料
)

// Materials lists the material codes in display order.
var Materials = []string{MatReport, MatEvidence, MatProposal, MatDiscretion, MatHearing, MatOther}

// MaterialLabel is the Chinese name of a material.
func MaterialLabel(code string) string {
	return map[string]string{MatReport: "调查终结报告", MatEvidence: "证据清单", MatProposal: "拟处理决定",
		MatDiscretion: "裁量说明", MatHearing: "听证笔录", MatOther: "其他材料"}[code]
}

// DefaultMaterials is the checklist of an agency without a catalog of its own.
var DefaultMaterials = []string{MatReport, MatEvidence, MatProposal, MatDiscretion, MatHearing}

// DefaultCatalog is the effective catalog of an agency that has none and no template
// above it: the statutory rules only, the default materials and time limit.
func DefaultCatalog(agencyID int64) *zhifa.MajorCatalog {
	return &zhifa.MajorCatalog{AgencyID: agencyID, Rules: []zhifa.MajorRule{}, Materials: slices.Clone(DefaultMaterials), ReviewDays: ReviewDays}
}

// CheckCatalog validates a catalog version; base is the template it adopts (nil for
// none). Every template rule must be covered by a rule of the catalog with the same
// clause (E3: subordinates may only tighten).
func CheckCatalog(cat *zhifa.MajorCatalog, base *zhifa.MajorCatalog) error {
	fe := zhifa.FieldErrors{}
	seen := map[string]bool{}
	for i := range cat.Rules {
		r := &cat.Rules[i]
		f := fmt.Sprintf("rules[%d].", i)
		r.Clause, r.Label = strings.TrimSpace(r.Clause), strings.TrimSpace(r.Label)
		if r.Clause == "" {
			fe.Add(f+"clause", "请填写条款编号")
		} else if seen[r.Clause] {
			fe.Add(f+"clause", "条款编号重复")
		}
		seen[r.Clause] = true
		if r.Label == "" {
			fe.Add(f+"label", "请填写条款内容")
		}
		if !hasAnyCondition(r) {
			fe.Add(f+"label", "条款至少应设置一个条件（案件类型、领域、事项、处罚种类、金额、听证或情形标记）")
		}
		for _, k := range r.Kinds {
			if !k.Valid() {
				fe.Add(f+"kinds", "未知的案件类型："+string(k))
			}
		}
		for _, p := range r.Penalties {
			if !slices.Contains(MajorPenalties, p) {
				fe.Add(f+"penalties", "未知的处罚种类："+p)
			}
		}
		for _, fl := range r.Flags {
			if !slices.Contains(MajorFlags, fl) {
				fe.Add(f+"flags", "未知的情形标记："+fl)
			}
		}
		if r.PersonFineFen < 0 || r.OrgFineFen < 0 || r.PersonValueFen < 0 || r.OrgValueFen < 0 {
			fe.Add(f+"person_fine_fen", "金额不能为负数")
		}
		if r.PersonFineFen > 0 && r.OrgFineFen > 0 && r.PersonFineFen > r.OrgFineFen {
			fe.Add(f+"person_fine_fen", "对公民的罚款标准不应高于对法人或者其他组织的标准")
		}
	}
	for _, m := range cat.Materials {
		if MaterialLabel(m) == "" {
			fe.Add("materials", "未知的送审材料："+m)
		}
	}
	if cat.ReviewDays == 0 {
		cat.ReviewDays = ReviewDays
	}
	if cat.ReviewDays < 1 || cat.ReviewDays > MaxReviewDays {
		fe.Add("review_days", fmt.Sprintf("审核时限应在1到%d个工作日之间", MaxReviewDays))
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if base == nil {
		return nil
	}
	for _, t := range base.Rules {
		i := slices.IndexFunc(cat.Rules, func(r zhifa.MajorRule) bool { return r.Clause == t.Clause })
		if i < 0 {
			fe.Add("rules", fmt.Sprintf("不得删除上级模板（第%d版）的条款%s“%s”", base.Version, t.Clause, t.Label))
			continue
		}
		if !Covers(cat.Rules[i], t) {
			fe.Add(fmt.Sprintf("rules[%d].clause", i), fmt.Sprintf("条款%s只能比上级模板更严（金额标准不高于模板、条件不多于模板）", t.Clause))
		}
	}
	for _, m := range base.Materials {
		if !slices.Contains(cat.Materials, m) {
			fe.Add("materials", "不得删除上级模板要求的送审材料："+MaterialLabel(m))
		}
	}
	if base.ReviewDays > 0 && cat.ReviewDays > base.ReviewDays {
		fe.Add("review_days", fmt.Sprintf("审核时限不得长于上级模板的%d个工作日", base.ReviewDays))
	}
	return fe.Err()
}
