package law

import (
	"strings"
	"testing"

	"zhifa"
)

// TestRemedy: 行政复议法第二十三条 — a summary penalty states reconsideration first, once.
func TestRemedy(t *testing.T) {
	summary := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcSummary}
	ordinary := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary}
	s := RemedyText(summary, "东港市人民政府")
	if !strings.Contains(s, "先向东港市人民政府申请行政复议") || strings.Count(s, "申请行政复议") != 1 || CheckRemedy(summary, s) != nil {
		t.Errorf("summary remedy %q", s)
	}
	o := RemedyText(ordinary, "")
	if !strings.Contains(o, "或者自收到本决定书之日起6个月内") || !strings.Contains(o, "向行政复议机关") || strings.Contains(o, "先向") {
		t.Errorf("ordinary remedy %q", o)
	}
	for _, tt := range []struct {
		c      *zhifa.Case
		remedy string
		ok     bool
	}{
		{summary, o, false}, // 复议或者诉讼 on a summary decision
		{summary, "如不服，可以申请行政复议。", false},
		{summary, s, true},
		{ordinary, o, true},
	} {
		if err := CheckRemedy(tt.c, tt.remedy); (err == nil) != tt.ok || (err != nil && ruleOf(err) != RuleRemedyFirst) {
			t.Errorf("CheckRemedy(%s, %q) = %v", tt.c.Procedure, tt.remedy, err)
		}
	}
}
