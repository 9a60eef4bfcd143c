package law

import (
	"testing"

	"zhifa"
)

// TestCheckHearing: 行政处罚法第六十四条第一款第三项、第四项、第八项.
func TestCheckHearing(t *testing.T) {
	investigators := []int64{1, 2}
	ok := zhifa.HearingRecord{PresiderID: 7, Public: true, Signed: true}
	with := func(f func(h *zhifa.HearingRecord)) *zhifa.HearingRecord { h := ok; f(&h); return &h }
	tests := []struct {
		name string
		h    *zhifa.HearingRecord
		rule string
	}{
		{"nothing recorded", nil, RuleHearingPresider},
		{"public, signed, presided by a non-investigator", &ok, ""},
		{"presided by an investigator", with(func(h *zhifa.HearingRecord) { h.PresiderID = 2 }), RuleHearingPresider},
		{"recusal not decided", with(func(h *zhifa.HearingRecord) { h.Recusal = "主持人与当事人有亲属关系" }), RuleHearingPresider},
		{"recusal decided", with(func(h *zhifa.HearingRecord) {
			h.Recusal = "亲属关系"
			h.RecusalDecision = "经核实不存在，驳回"
		}), ""},
		{"closed without ground", with(func(h *zhifa.HearingRecord) { h.Public = false }), RuleHearingPublic},
		{"closed for a trade secret", with(func(h *zhifa.HearingRecord) { h.Public = false; h.ClosedGround = "商业秘密" }), ""},
		{"not signed, no note", with(func(h *zhifa.HearingRecord) { h.Signed = false }), RuleHearingRecord},
		{"refusal noted", with(func(h *zhifa.HearingRecord) {
			h.Signed = false
			h.Refusal = "当事人拒绝签字，主持人已注明"
		}), ""},
	}
	for _, tt := range tests {
		if got := ruleOf(CheckHearing(tt.h, investigators)); got != tt.rule {
			t.Errorf("%s: rule %q, want %q", tt.name, got, tt.rule)
		}
	}
}
