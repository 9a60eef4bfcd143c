package zhifa

// SeizureRecord is how a seizure (查封、扣押) was carried out, recorded on the seize step
// (行政强制法第十八条、第十九条; law.CheckSeizure).
type SeizureRecord struct {
	// Emergency: the officers acted on the spot before the head's approval (情况紧急，需要
	// 当场实施, 第十九条); they report within 24 hours and the head approves afterwards.
	Emergency bool `json:"emergency,omitempty"`
	// Notified: the party was told on the spot the reasons, the basis, their rights and
	// remedies (第十八条第五项).
	Notified bool `json:"notified"`
	// PartyPresent: the party came (第十八条第四项). Then the 现场笔录 is Signed by the
	// party, or Refusal notes the refusal (第八项); otherwise Witness names the witness who
	// signed it (第九项).
	PartyPresent bool   `json:"party_present"`
	Signed       bool   `json:"signed,omitempty"`
	Refusal      string `json:"refusal,omitempty"`
	Witness      string `json:"witness,omitempty"`
}

// Preservation is a registered preservation of evidence (证据先行登记保存, 行政处罚法第五十六
// 条): what was preserved, from when, and how it ended.
type Preservation struct {
	// Items lists what is preserved (先行登记保存物品清单).
	Items string `json:"items"`
	On    Date   `json:"on,omitempty"`
	// Disposal ends it: "release" (解除) or "seize" (转为查封、扣押); EndedOn is its day.
	Disposal string `json:"disposal,omitempty"`
	EndedOn  Date   `json:"ended_on,omitempty"`
}

// Active reports whether the preservation awaits its handling decision.
func (p *Preservation) Active() bool { return p != nil && p.EndedOn.IsZero() }

// PreservationDisposalLabel is the Chinese name of a preservation's disposal.
func PreservationDisposalLabel(d string) string {
	return map[string]string{"release": "解除先行登记保存", "seize": "转为查封、扣押"}[d]
}
