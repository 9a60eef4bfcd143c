package law

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// Issue 12: what users read cites statutes and documents by name, with no requirement IDs
// ("REQUIREMENTS D2", "（B3）") and no English codes (propose, approver_id, kind=ui).

var (
	requirementIDRE = regexp.MustCompile(`REQUIREMENTS|(^|[^A-Za-z0-9_\-./])[A-I][0-9]{1,2}([^A-Za-z0-9_\-.]|$)`)
	englishCodeRE   = regexp.MustCompile(`\b(propose|approver_id|waive_statement|waive_hearing|no_penalty|submit_review|review_opinion|` +
		`decide|resubmit|kind=\w*|true|false|version)\b`)
)

// chineseLiterals returns the string literals with Chinese text in the non-test Go files
// of dir, by position: the rules, gate messages and warnings users read.
func chineseLiterals(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
				out[fset.Position(lit.Pos()).String()] = s
			}
			return true
		})
	}
	return out
}

// TestPlainChineseRules fails on a requirement ID or an English code in a Chinese string
// of package law: the Rule* citations, gate messages and field errors.
func TestPlainChineseRules(t *testing.T) {
	lits := chineseLiterals(t, ".")
	if len(lits) < 100 {
		t.Fatalf("only %d Chinese strings found", len(lits))
	}
	for pos, s := range lits {
		if m := requirementIDRE.FindString(s); m != "" {
			t.Errorf("%s: requirement ID %q in %q", pos, m, s)
		}
		if m := englishCodeRE.FindString(s); m != "" {
			t.Errorf("%s: English code %q in %q", pos, m, s)
		}
	}
	for _, rule := range []string{RuleAVStatutory, RuleAVDemolish, RuleAVList, RuleAVTemplate, RuleFiling, RuleBenchmark, RuleReason,
		RuleAVSeizure, RuleInspectionTwo, RuleClosingDocument, RuleArchiveAfterShut, RuleCertificateGrant, RuleCertificateState} {
		if !strings.ContainsAny(rule, "法号清单") {
			t.Errorf("rule %q names no statute, document or list", rule)
		}
	}
}
