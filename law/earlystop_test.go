package law

import (
	"strings"
	"testing"

	"zhifa"
)

// TestCheckEarlyStop: the early stop on the party's application (公示规定第十四条) needs
// the four conditions of the first paragraph and is refused for the penalties of the
// third, whatever the conditions.
func TestCheckEarlyStop(t *testing.T) {
	all := EarlyStopFacts{Performed: true, Remedied: true, NoRepeat: true, NotListed: true}
	with := func(f EarlyStopFacts, p ...string) EarlyStopFacts { f.Penalties = p; return f }
	tests := []struct {
		name string
		f    EarlyStopFacts
		rule string
	}{
		{"fine, all conditions", with(all, "警告", "罚款"), ""},
		{"not performed", with(EarlyStopFacts{Remedied: true, NoRepeat: true, NotListed: true}, "罚款"), RuleEarlyStop},
		{"listed", with(EarlyStopFacts{Performed: true, Remedied: true, NoRepeat: true}, "罚款"), RuleEarlyStop},
		{"no condition", with(EarlyStopFacts{}, "罚款"), RuleEarlyStop},
		{"licence revoked", with(all, "罚款", "吊销许可证件"), RuleEarlyStopExcluded},
		{"business suspended", with(all, "责令停产停业"), RuleEarlyStopExcluded},
		{"restriction", with(all, "限制开展生产经营活动"), RuleEarlyStopExcluded},
		{"barred from trade", with(all, "限制从业"), RuleEarlyStopExcluded},
		{"qualification lowered", with(all, "降低资质等级"), RuleEarlyStopExcluded},
		{"confiscation", with(all, "没收违法所得"), ""},
	}
	for _, tt := range tests {
		err := CheckEarlyStop(tt.f)
		if tt.rule == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if err == nil || zhifa.ErrorCode(err) != zhifa.EGATE || !strings.Contains(err.Error(), tt.rule) {
			t.Errorf("%s: %v, want EGATE %s", tt.name, err, tt.rule)
		}
	}
	if d := EarlyStopDisplayUntil(zhifa.MustDate("2026-05-01")); d.String() != "2026-04-30" {
		t.Errorf("display until %s", d)
	}
}
