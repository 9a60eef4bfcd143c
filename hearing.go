package zhifa

// HearingRecord is what a hearing (行政处罚法第六十四条) leaves on the case: who presided,
// whether it was public, the party's 回避 request and its decision, and whether the
// parties read and signed the 听证笔录 (or the presider noted their refusal).
type HearingRecord struct {
	// PresiderID is the officer the agency appointed to preside; Presider the name.
	PresiderID int64  `json:"presider_id"`
	Presider   string `json:"presider,omitempty"`
	Public     bool   `json:"public"`
	// ClosedGround is why a hearing was not public: 国家秘密, 商业秘密 or 个人隐私.
	ClosedGround string `json:"closed_ground,omitempty"`
	// Recusal is the party's 回避 request against the presider ("" for none) and
	// RecusalDecision the agency's decision on it.
	Recusal         string `json:"recusal,omitempty"`
	RecusalDecision string `json:"recusal_decision,omitempty"`
	// Signed: the parties read the 笔录 and signed it; else Refusal is the presider's note.
	Signed  bool   `json:"signed"`
	Refusal string `json:"refusal,omitempty"`
}
