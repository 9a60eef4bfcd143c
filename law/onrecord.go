package law

import (
	"fmt"

	"zhifa"
)

// CheckDecisionOnRecord is the gate of 行政处罚法第六十五条 on a decision after a hearing:
//
//	听证结束后，行政机关应当根据听证笔录，依照本法第五十七条的规定，作出决定。
//
// The decision rests on the 听证笔录, so a proposal made or changed after the hearing
// (a revision above st.HearingProposalRev) may not rely on evidence the party never saw
// at the hearing. evidenceAfter is the latest day on which an evidence record was added
// to the case after the day of the hearing (zero: none); records of the hearing day
// itself belong to it. Renotifying the party (重新告知) puts the new evidence and proposal
// before them again, with a new statement period and hearing right (notice.go resets
// HearingHeld), so the gate no longer applies.
func CheckDecisionOnRecord(st *zhifa.CaseState, evidenceAfter zhifa.Date) error {
	if !st.HearingHeld || st.Proposal == nil || st.Proposal.Revision <= st.HearingProposalRev {
		return nil
	}
	if evidenceAfter.IsZero() || !evidenceAfter.After(st.HearingHeldOn) {
		return nil
	}
	return Gate(RuleDecideOnRecord, fmt.Sprintf("听证于%s结束后，本案于%s补充了证据材料，拟处罚决定第%d稿系听证后作出或修改。"+
		"决定应当根据听证笔录作出；依据听证后补充的证据作出决定的，须重新告知当事人并听取其陈述、申辩（重新告知）",
		st.HearingHeldOn.Chinese(), evidenceAfter.Chinese(), st.Proposal.Revision))
}

// IsEvidenceRecord tells whether a record of a case is evidence the decision may rest on
// (第四十六条): an audio/video record, photo or other material, except the record of the
// hearing itself; of the documents, the 笔录 of the investigation (现场检查笔录, 询问笔录:
// 第四十六条第一款第七项、第八项) and files attached as documents under no act. The
// procedural documents the agency issues (告知书, 听证笔录, 决定书, 送达回证) are not.
func IsEvidenceRecord(r *zhifa.Record) bool {
	if r.Kind != zhifa.RecordDocument {
		return r.Act != "hearing" && r.Act != "hold_hearing"
	}
	switch r.Act {
	case "investigate", "inspect":
		return true
	case "":
		return r.EvidenceID != 0
	}
	return false
}
