package law

import "zhifa"

// The rules behind three indicators of the assessment of agencies (评议考核, REQUIREMENTS
// F2, issue 14): decisions served within the statutory period, steps recorded on
// audio/video as required (AVRequiredUnder, 行政处罚法第四十七条 and the recording lists),
// and major decisions reviewed before they were made (RuleMissingReview, 第五十八条).

// RuleServiceOnTime is the period the service indicator measures.
const RuleServiceOnTime = "《中华人民共和国行政处罚法》第六十一条第一款：行政处罚决定书应当在宣告后当场交付当事人；" +
	"当事人不在场的，行政机关应当在七日内依照《中华人民共和国民事诉讼法》的有关规定，将行政处罚决定书送达当事人"

// ServiceCounted judges a penalty decision for the service indicator as of asOf, given
// the last day of its Art. 61 period (due, ServiceDue) and the day it was served (zero
// while not served). It counts once served, or once the period is over unserved; it is
// on time when served on or before the due day (handed over on the spot included). A
// decision without a service period (zero due) is not counted. sqlstore's count of
// service_on_time computes the same over case_stats (service_due, served_on).
func ServiceCounted(due, served, asOf zhifa.Date) (counted, onTime bool) {
	if due.IsZero() {
		return false, false
	}
	if served.IsZero() {
		return due.Before(asOf), false
	}
	return true, !served.After(due)
}

// RuleComplaintFinding: a complaint about an agency's enforcement conduct is examined and
// an error found is corrected, so its handling ends with what it found.
const RuleComplaintFinding = "《中华人民共和国行政处罚法》第七十五条第二款：公民、法人或者其他组织对行政机关实施行政处罚的行为，" +
	"有权申诉或者检举；行政机关应当认真审查，发现有错误的，应当主动改正"

// CheckComplaintFinding checks the finding given with a complaint's final reply: a
// complaint about enforcement conduct states whether it was found well-founded
// (RuleComplaintFinding); any finding given must be a known one.
func CheckComplaintFinding(subject zhifa.ComplaintSubject, f zhifa.ComplaintFinding) error {
	if f != "" && !f.Valid() {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "查实情况无效", Fields: map[string]string{"finding": "请选择属实、部分属实或不属实"}}
	}
	if subject == zhifa.ComplaintAboutConduct && f == "" {
		return Gate(RuleComplaintFinding, "对执法行为的投诉举报，答复办结时应当写明查实情况（属实、部分属实或不属实）")
	}
	return nil
}

// ComplaintUpheld reports whether a finding counts as upheld (查实) for the assessment:
// found well-founded in whole or in part — either way the agency erred.
func ComplaintUpheld(f zhifa.ComplaintFinding) bool {
	return f == zhifa.FindingUpheld || f == zhifa.FindingPartly
}
