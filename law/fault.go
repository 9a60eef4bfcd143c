package law

import "zhifa"

// Fault accountability (过错责任追究, REQUIREMENTS F3). The county opinion on the
// enforcement responsibility system (seed 003 §4) names the faults pursued: "故意或者过失
// 造成主要事实不清、证据不足、适用依据错误、违反法定程序的，超越或者滥用职权的"; the city's
// three-year measures (seed 002 (二十二)) add the due-diligence exemption (尽职免责) with
// "细化追责、免予问责情形". Sanctions on a person follow the measures' certificate rules
// (seed 002 (五)): a suspended or revoked certificate goes through CertTransition.

// Rules cited in refusals.
const (
	RuleFaultPursuit = "关于进一步深化和完善行政执法责任制工作的若干意见第四部分（加强监督检查，严格评议考核、责任追究）"
	RuleFaultExempt  = "东港市提升行政执法质量三年行动具体举措第（二十二）项（责任追究、尽职免责机制）"
)

// LabeledKey is one entry of a closed list: the stored key and its Chinese label.
type LabeledKey struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// FaultFindings are the faults a review may find (seed 003 §4).
var FaultFindings = []LabeledKey{
	{"facts_unclear", "主要事实不清"},
	{"evidence_insufficient", "证据不足"},
	{"wrong_basis", "适用依据错误"},
	{"procedure_illegal", "违反法定程序"},
	{"abuse_of_power", "超越或者滥用职权"},
	{"other", "其他"},
}

// FaultExemptions are the due-diligence grounds (尽职免责情形) a review considers (seed 002
// (二十二)).
var FaultExemptions = []LabeledKey{
	{"review_followed", "已按规定履行审核、审批程序"},
	{"party_concealed", "因当事人隐瞒、伪造证据致认定错误"},
	{"superior_order", "执行上级机关的决定或者命令"},
	{"law_unclear", "法律依据不明确或者理解存在合理分歧"},
	{"force_majeure", "因不可抗力或者紧急情况无法正常履职"},
	{"new_evidence", "复议诉讼中出现执法时无法取得的新证据"},
}

// Fault sanctions (追责方式) the bureau decides.
const (
	SanctionNone       = "none"       // 不予追究
	SanctionCriticism  = "criticism"  // 批评教育
	SanctionSelfReview = "selfreview" // 责令书面检查
	SanctionNotice     = "notice"     // 通报批评
	SanctionSuspend    = "suspend"    // 暂扣执法证件
	SanctionRevoke     = "revoke"     // 收回执法证件
	SanctionTraining   = "training"   // 离岗培训
)

// FaultSanctions lists the sanctions in order of severity.
var FaultSanctions = []LabeledKey{
	{SanctionNone, "不予追究"},
	{SanctionCriticism, "批评教育"},
	{SanctionSelfReview, "责令书面检查"},
	{SanctionNotice, "通报批评"},
	{SanctionTraining, "离岗培训（暂扣执法证件）"},
	{SanctionSuspend, "暂扣执法证件"},
	{SanctionRevoke, "收回执法证件"},
}

// KeyLabel finds the label of key in list, "" when the key is not in it.
func KeyLabel(list []LabeledKey, key string) string {
	for _, k := range list {
		if k.Key == key {
			return k.Label
		}
	}
	return ""
}

// SanctionCertState is the certificate state a sanction puts the responsible officers'
// certificates in: 暂扣 and 离岗培训 suspend it (the officer may not enforce while away),
// 收回 revokes it; other sanctions leave it alone ("" and false).
func SanctionCertState(sanction string) (zhifa.CertState, bool) {
	switch sanction {
	case SanctionSuspend, SanctionTraining:
		return zhifa.CertSuspended, true
	case SanctionRevoke:
		return zhifa.CertRevoked, true
	}
	return "", false
}

// FaultDecision is what the bureau decides at the end of a fault review.
type FaultDecision struct {
	Finding     string
	Responsible int // number of responsible persons chosen
	Grounds     []string
	Exempt      bool
	Sanction    string
}

// CheckFaultDecision checks a decision against the pursuit and exemption rules: a
// sanction names who bears it; an exemption names the grounds it rests on and pursues no
// one (seed 003 §4, seed 002 (二十二)). Unknown keys are the caller's field errors.
func CheckFaultDecision(d FaultDecision) error {
	if d.Exempt && len(d.Grounds) == 0 {
		return Gate(RuleFaultExempt, "认定尽职免责，应当写明所依据的免责情形")
	}
	if d.Exempt && d.Sanction != SanctionNone {
		return Gate(RuleFaultExempt, "已认定尽职免责，不能再追究责任")
	}
	if d.Sanction != SanctionNone && d.Responsible == 0 {
		return Gate(RuleFaultPursuit, "追究责任应当明确直接责任人员")
	}
	if d.Sanction != SanctionNone && d.Finding == "" {
		return Gate(RuleFaultPursuit, "追究责任应当认定过错情形")
	}
	return nil
}
