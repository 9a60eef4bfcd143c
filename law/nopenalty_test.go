package law

import (
	"testing"

	"zhifa"
)

// TestCheckEducation: 行政处罚法第三十三条第三款 — the education given, by method and content.
func TestCheckEducation(t *testing.T) {
	tests := []struct {
		name string
		r    *zhifa.EducationRecord
		rule string
	}{
		{"nothing recorded", nil, RuleEducation},
		{"no method", &zhifa.EducationRecord{Content: "讲解食品安全法第三十四条"}, RuleEducation},
		{"no content", &zhifa.EducationRecord{Method: "当面教育", Content: " "}, RuleEducation},
		{"complete", &zhifa.EducationRecord{Method: "当面教育", Content: "讲解食品安全法第三十四条及过期食品的危害"}, ""},
	}
	for _, tt := range tests {
		if got := ruleOf(CheckEducation(tt.r)); got != tt.rule {
			t.Errorf("%s: rule %q, want %q", tt.name, got, tt.rule)
		}
	}
}

// TestNoPenaltyEnding: 第三十三条第三款 — a 不予处罚 proposal (a cited 不予处罚清单 entry)
// ends only after the education; a case whose violation was not established (第五十七条
// 第一款第三项, no such proposal) needs none.
func TestNoPenaltyEnding(t *testing.T) {
	spared := &zhifa.Proposal{NoPenalty: true, ListEntries: []string{"APL33-1B"}, Revision: 2}
	taught := &zhifa.EducationRecord{Method: "约谈", Content: "讲解相关规定"}
	tests := []struct {
		name string
		st   zhifa.CaseState
		rule string
	}{
		{"spared, not educated", zhifa.CaseState{Proposal: spared}, RuleEducation},
		{"spared and educated", zhifa.CaseState{Proposal: spared, Education: taught}, ""},
		{"violation not established", zhifa.CaseState{}, ""},
		{"a penalty proposal", zhifa.CaseState{Proposal: &zhifa.Proposal{Penalties: []string{"警告"}}}, ""},
	}
	for _, tt := range tests {
		if got := ruleOf(checkNoPenaltyEnding(&zhifa.Case{State: tt.st})); got != tt.rule {
			t.Errorf("%s: rule %q, want %q", tt.name, got, tt.rule)
		}
	}
}

// TestCheckNoPenaltyDocument: the 不予行政处罚决定书 states the party, facts, evidence, the
// grounds (list entry and 第三十三条), the remedy with both channels and periods, the
// agency, date and seal.
func TestCheckNoPenaltyDocument(t *testing.T) {
	full := map[string]string{"party_name": "某食品店", "party_address": "东港市海滨路1号", "facts": "销售超过保质期的食品",
		"evidence": "现场检查笔录", "grounds": "首违不罚，依据行政处罚法第三十三条第一款", "agency": "东港市市场监督管理局",
		"remedy": "可以在六十日内申请行政复议，或者在六个月内提起行政诉讼", "date": "2026年3月2日", "seal": "（印章）"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for kk, vv := range full {
			m[kk] = vv
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name   string
		values map[string]string
		rule   string
	}{
		{"complete", full, ""},
		{"no grounds", with("grounds", ""), RuleNoPenaltyDocument},
		{"no party", with("party_name", ""), RuleNoPenaltyDocument},
		{"remedy names one channel", with("remedy", "可以在六十日内申请行政复议"), RuleNoPenaltyDocument},
		{"no seal", with("seal", ""), RuleNoPenaltyDocument},
	}
	for _, tt := range tests {
		if got := ruleOf(CheckNoPenaltyDocument(tt.values)); got != tt.rule {
			t.Errorf("%s: rule %q, want %q", tt.name, got, tt.rule)
		}
	}
}
