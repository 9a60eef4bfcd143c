package law

import (
	"strings"

	"zhifa"
)

// Not punishing by law (行政处罚法第三十三条, 第五十七条第一款第二项):
//
//	违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正
//	的，可以不予行政处罚。……对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。
//
// The case ends with a 不予行政处罚决定书 (the written decision of 第五十七条第一款第二项) and,
// where an entry of the 不予处罚清单 was cited, the record of the education given.

// Citations of the no-penalty rules.
const (
	RuleNoPenaltyDocument = "行政处罚法第五十七条第一款第二项、第三十三条（不予行政处罚决定书）"
	RuleEducation         = "行政处罚法第三十三条第三款（对当事人进行教育）"
)

// NoPenaltyElements are what a 不予行政处罚决定书 states, the elements of 第五十九条 that
// apply to a decision imposing nothing: the party, the facts and evidence, the reason and
// basis for not punishing (the list entry and the article relied on), the remedy (the
// party may challenge the finding of a violation), the agency, the date and the seal.
var NoPenaltyElements = []Element{
	{"party_name", "当事人的姓名或者名称（参照第五十九条第一款第一项）"},
	{"party_address", "当事人的地址（第一项）"},
	{"facts", "违法事实（第二项）"},
	{"evidence", "证据（第二项）"},
	{"grounds", "不予行政处罚的理由和依据（第三十三条）"},
	{"remedy", "申请行政复议、提起行政诉讼的途径和期限（第五项）"},
	{"agency", "行政机关名称（第六项）"},
	{"date", "作出决定的日期（第六项）"},
	{"seal", "行政机关印章（第五十九条第二款）"},
}

// CheckNoPenaltyDocument checks that a 不予行政处罚决定书 states every element of
// NoPenaltyElements, the remedy with both channels and their periods.
func CheckNoPenaltyDocument(values map[string]string) error {
	return checkElements(RuleNoPenaltyDocument, "不予行政处罚决定书", NoPenaltyElements, values, true)
}

// CheckEducation checks the record of the education given (第三十三条第三款): its method
// and content.
func CheckEducation(r *zhifa.EducationRecord) error {
	var missing []string
	if r == nil || strings.TrimSpace(r.Method) == "" {
		missing = append(missing, "教育方式")
	}
	if r == nil || strings.TrimSpace(r.Content) == "" {
		missing = append(missing, "教育内容")
	}
	if len(missing) > 0 {
		return Gate(RuleEducation, "对当事人进行教育，应当记录"+strings.Join(missing, "、"))
	}
	return nil
}

// EducationRequired tells whether ending the case without a penalty needs the education
// record: the proposal is 不予处罚, which CheckProposal sets only when an entry of the
// 不予处罚清单 is cited — the violation is established and only the law spares it, so
// 第三十三条第三款 requires the education. A case ended because the violation was not
// established (第五十七条第一款第三项) has no such proposal and needs none.
func EducationRequired(p *zhifa.Proposal) bool {
	return p != nil && p.NoPenalty
}

// checkNoPenaltyEnding gates the no_penalty ending on the education a cited no-penalty
// entry requires; the 不予行政处罚决定书 is its document gate (StepDocuments).
func checkNoPenaltyEnding(c *zhifa.Case) error {
	if EducationRequired(c.State.Proposal) && c.State.Education == nil {
		return Gate(RuleEducation, "依据不予处罚清单不予行政处罚的，应当对当事人进行教育；请先记录教育情况（对当事人进行教育）")
	}
	return nil
}
