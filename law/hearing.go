package law

import (
	"slices"
	"strings"

	"zhifa"
)

// The hearing itself (行政处罚法第六十四条第一款):
//
//	（三）除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行；
//	（四）听证由行政机关指定的非本案调查人员主持；当事人认为主持人与本案有直接利害关系的，
//	    有权申请回避；
//	（八）听证应当制作笔录。笔录应当交当事人或者其代理人核对无误后签字或者盖章。当事人或者
//	    其代理人拒绝签字或者盖章的，由听证主持人在笔录中注明。

// Citations of the hearing rules.
const (
	RuleHearingPublic   = "行政处罚法第六十四条第一款第三项"
	RuleHearingPresider = "行政处罚法第六十四条第一款第四项"
	RuleHearingRecord   = "行政处罚法第六十四条第一款第八项"
)

// ClosedHearingGrounds are the only grounds for a hearing not held in public.
var ClosedHearingGrounds = []string{"国家秘密", "商业秘密", "个人隐私"}

// CheckHearing checks the record of a hearing held on a case investigated by the officers
// investigators.
func CheckHearing(h *zhifa.HearingRecord, investigators []int64) error {
	if h == nil || h.PresiderID == 0 {
		return Gate(RuleHearingPresider, "请记录行政机关指定的听证主持人")
	}
	if slices.Contains(investigators, h.PresiderID) {
		return Gate(RuleHearingPresider, "听证应由非本案调查人员主持；所选主持人是本案的办案人员")
	}
	if strings.TrimSpace(h.Recusal) != "" && strings.TrimSpace(h.RecusalDecision) == "" {
		return Gate(RuleHearingPresider, "当事人申请主持人回避的，须记录对回避申请的决定")
	}
	if !h.Public && !slices.Contains(ClosedHearingGrounds, h.ClosedGround) {
		return Gate(RuleHearingPublic, "听证应当公开举行；不公开的，须属于涉及国家秘密、商业秘密或者个人隐私依法予以保密的情形")
	}
	if !h.Signed && strings.TrimSpace(h.Refusal) == "" {
		return Gate(RuleHearingRecord, "听证笔录应当交当事人或者其代理人核对无误后签字或者盖章；拒绝签字或者盖章的，由主持人在笔录中注明")
	}
	return nil
}
