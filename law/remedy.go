package law

import (
	"fmt"
	"strings"

	"zhifa"
)

// Remedies stated in a decision (行政处罚法第五十二条第二款、第五十九条第一款第五项). Whether
// the party may go to court directly depends on the procedure: 行政复议法（2023）第二十三条
// 第一款第一项 makes reconsideration come first for a 当场作出的行政处罚决定 (对行政复议决定
// 不服的，可以再依法向人民法院提起行政诉讼), and its second paragraph requires the agency to
// say so when it decides (行政机关在作出行政行为时应当告知…先向行政复议机关申请行政复议).

// RuleRemedyFirst cites the reconsideration-first rule.
const RuleRemedyFirst = "行政复议法第二十三条第一款第一项、第二款"

// ReconsiderationFirst reports whether the case's decision can be challenged in court only
// after reconsideration: a penalty decided on the spot (summary procedure, 第五十一条).
func ReconsiderationFirst(c *zhifa.Case) bool {
	return c.Kind == zhifa.CasePenalty && c.Procedure == zhifa.ProcSummary
}

// RemedyText is the remedy sentence of the case's decision, generated once from the case:
// the procedure decides the order of the channels, body names the reconsideration body
// (行政复议机关; "" when the agency tree does not say), with the periods of 行政复议法
// 第二十条 (六十日) and 行政诉讼法第四十六条 (六个月).
func RemedyText(c *zhifa.Case, body string) string {
	to := "行政复议机关"
	if body = strings.TrimSpace(body); body != "" {
		to = body
	}
	if ReconsiderationFirst(c) {
		return fmt.Sprintf("本决定系当场作出的行政处罚决定。如不服本决定，应当自收到本决定书之日起%d日内先向%s申请行政复议；"+
			"对行政复议决定不服的，可以再依法向人民法院提起行政诉讼（%s、%s）。", RemedyReviewDays, to, RuleRemedyFirst, RuleRemedyReview)
	}
	return fmt.Sprintf("如不服本决定，可以自收到本决定书之日起%d日内向%s申请行政复议，或者自收到本决定书之日起%d个月内依法向人民法院提起行政诉讼（%s、%s）。",
		RemedyReviewDays, to, RemedySuitMonths, RuleRemedyReview, RuleRemedySuit)
}

// CheckRemedy refuses a decision of a case that needs reconsideration first whose remedy
// does not tell the party so, or offers the court as an alternative (复议或者诉讼).
func CheckRemedy(c *zhifa.Case, remedy string) error {
	if !ReconsiderationFirst(c) {
		return nil
	}
	if !strings.Contains(remedy, "先") || !strings.Contains(remedy, "复议") || strings.Contains(remedy, "或者自收到") ||
		strings.Contains(remedy, "或者向人民法院") || strings.Contains(remedy, "或者依法向人民法院") {
		return Gate(RuleRemedyFirst, "当场作出的行政处罚决定，应当告知当事人先申请行政复议、对复议决定不服的再提起行政诉讼；救济途径不得写为“复议或者诉讼”")
	}
	return nil
}

// ReconsiderationBody is the reconsideration body (行政复议机关) named in the decisions of
// agency, whose ancestors are given nearest first:
//   - the agency's own setting when it has one: an agency under vertical leadership, tax
//     or state security (行政复议法第二十七条: 向上一级主管部门申请行政复议), or a 派出机构 whose
//     body the law sets apart (第二十四条第四款), is not placed in the tree that way;
//   - for a people's government, the government one level up (第二十四条第一款第二项), or
//     itself at the provincial level (第二十四条第二款); for a department of the State
//     Council, itself (第二十五条第一项);
//   - otherwise the people's government of its level: the nearest ancestor that is a
//     government (第二十四条第一款第一项、第三项、第四项).
//
// "" when none of these is known; the decision then names 行政复议机关 generically.
func ReconsiderationBody(agency *zhifa.Agency, ancestors []*zhifa.Agency) string {
	if b := strings.TrimSpace(agency.ReviewBody); b != "" {
		return b
	}
	switch {
	case agency.Type == zhifa.AgencyGovernment && agency.Level == zhifa.LevelProvince,
		agency.Type != zhifa.AgencyGovernment && agency.Level == zhifa.LevelNational:
		return agency.Name
	}
	for _, up := range ancestors {
		if up.Type == zhifa.AgencyGovernment {
			return up.Name
		}
	}
	return ""
}
