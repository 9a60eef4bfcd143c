package law

import "zhifa"

// Approval rules (issue 9 §1, issue 10): approvals are the approver's own act.

// RuleApprovalForm is the rule that an approval form (立案审批表, 结案审批表) carries the
// head's opinion as the head signed it: a signature only its signer controls, any later
// change to the form detectable (电子签名法第十三条第一款第二项、第四项).
const RuleApprovalForm = "电子签名法第十三条（签署时仅由签名人控制，签署后的改动能够被发现）"

// RuleLimitationOverride is the rule of filing a penalty case after the two-year (or
// five-year) period of 行政处罚法第三十六条 on a ground a law provides ("法律另有规定的除
// 外"): the ground is the head's approval with its reason, not free text from the handler.
const RuleLimitationOverride = "行政处罚法第三十六条第一款（法律另有规定的除外，须经行政机关负责人批准）"

// IsApprovalForm reports whether documents of type t record a head's approval: the approval
// forms, and the application to the court, which the head signs (行政强制法第五十五条第二款).
func IsApprovalForm(t zhifa.DocType) bool {
	return t == zhifa.DocFilingApproval || t == zhifa.DocClosingApproval || t == zhifa.DocCourtApplication
}

// CheckApprovalForm gates the issue of a document: an approval form needs the head's own
// signed opinion (signed reports whether the draft carries one).
func CheckApprovalForm(t zhifa.DocType, signed bool) error {
	if IsApprovalForm(t) && !signed {
		return Gate(RuleApprovalForm, t.Label()+"须由负责人本人签署审批意见后方可签发")
	}
	return nil
}

// CheckLimitationOverride gates filing a case whose limitation period has run (Art. 36):
// without a reason it is CheckLimitation's refusal; with one, only a head (headApproves)
// may file it, the reason being the head's.
func CheckLimitationOverride(ended, discovered zhifa.Date, harm bool, reason string, headApproves bool) error {
	if err := CheckLimitation(ended, discovered, harm, ""); err == nil || reason == "" {
		return err
	}
	if !headApproves {
		return Gate(RuleLimitationOverride, "违法行为已超过追责期限；依法律另有规定立案的，须由行政机关负责人本人审批立案并说明依据")
	}
	return nil
}
