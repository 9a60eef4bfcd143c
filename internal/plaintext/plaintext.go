// Package plaintext checks that what users read is plain Chinese (issue 12): no
// requirement IDs ("REQUIREMENTS D2", "（B3）") and no English codes (propose,
// approver_id, kind=ui), in a package's Chinese string literals or in a page's text.
package plaintext

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

var (
	// RequirementID matches a requirement ID ("REQUIREMENTS D2", "（B3）", "A2"), not
	// letters and digits inside a base64 hash ("…+F8+…", "…/B3=").
	RequirementID = regexp.MustCompile(`REQUIREMENTS|(^|[^A-Za-z0-9_\-./#+=])[A-I][0-9]{1,2}([^A-Za-z0-9_\-.+/=]|$)`)
	// EnglishCode matches the codes users must not read: action and field keys, kinds,
	// booleans, permission and audit keys.
	EnglishCode = regexp.MustCompile(`\b(propose|approver_id|waive_statement|waive_hearing|no_penalty|submit_review|review_opinion|` +
		`decide|resubmit|kind=\w*|true|false|version|read_personal|officer\.create|item\.create)\b`)
)

// ChineseLiterals returns the string literals with Chinese text in the non-test Go files
// of dir, by position: the rules, gate messages and warnings users read.
func ChineseLiterals(t testing.TB, dir string) map[string]string {
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

// CheckPackage fails t on a requirement ID or an English code in a Chinese string literal
// of the package in dir, and when it finds fewer than atLeast of them (the scan would
// have missed the package's messages).
func CheckPackage(t testing.TB, dir string, atLeast int) {
	t.Helper()
	lits := ChineseLiterals(t, dir)
	if len(lits) < atLeast {
		t.Fatalf("only %d Chinese strings found", len(lits))
	}
	for pos, s := range lits {
		if m := RequirementID.FindString(s); m != "" {
			t.Errorf("%s: requirement ID %q in %q", pos, m, s)
		}
		if m := EnglishCode.FindString(s); m != "" {
			t.Errorf("%s: English code %q in %q", pos, m, s)
		}
	}
}
