package law

import (
	"strings"
	"testing"

	"zhifa/internal/plaintext"
)

// TestPlainChineseRules fails on a requirement ID or an English code in a Chinese string
// of package law: the Rule* citations, gate messages and field errors.
func TestPlainChineseRules(t *testing.T) {
	plaintext.CheckPackage(t, ".", 100)
	for _, rule := range []string{RuleAVStatutory, RuleAVDemolish, RuleAVList, RuleAVTemplate, RuleFiling, RuleBenchmark, RuleReason,
		RuleAVSeizure, RuleInspectionTwo, RuleClosingDocument, RuleArchiveAfterShut, RuleCertificateGrant, RuleCertificateState} {
		if !strings.ContainsAny(rule, "法号清单") {
			t.Errorf("rule %q names no statute, document or list", rule)
		}
	}
}
