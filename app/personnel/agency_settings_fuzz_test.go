package personnel

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"zhifa"
)

// FuzzNumberTemplate: checkNumberTemplate (the per-agency case-number template, issue #4)
// never panics; a template it accepts is short, free of control characters, quotes and
// backslashes, and numbers cases one to one: two cases differing in kind, year or sequence
// never get the same number (FileCase relies on it; the counter runs per agency, year
// and kind).
func FuzzNumberTemplate(f *testing.F) {
	for _, s := range []string{"", zhifa.DefaultNumberTemplate, "〔{代字}〕{类}〔{年}〕{号}号", "市监{类}〔{年}〕第{号}号",
		"{类}{年}{号}", "{号}{年}{类}", "{年}{号}{类}", "{代字}{类}〔{年}〕", "{代字}{类}〔{年}〕{月}{号}号",
		"{年}{代字}{类}〔{年}〕{号}号", "{代字{类}〔{年}〕{号}号", "{{年}}{类}{号}", "{类}{年}{号}}", "{类{年}}{号}",
		"\"{类}{年}{号}", "{类}{年}{号}\x00", "{类}{年}\n{号}", "{类}{年}{号}\u200b", "{类}/{年}/{号}",
		"\xe5{类}{年}{号}"} { // invalid UTF-8: found by this fuzzer
		f.Add(s)
	}
	kinds := []zhifa.CaseKind{zhifa.CasePenalty, zhifa.CaseInspection, zhifa.CaseCompulsory}
	years := []int{2025, 2026, 2100}
	seqs := []int64{1, 2, 10, 11, 12, 20, 21, 101, 111, 112, 1111, 2025, 2026, 20261}
	f.Fuzz(func(t *testing.T, tmpl string) {
		if msg := checkNumberTemplate(tmpl); msg != "" {
			return
		}
		if utf8.RuneCountInString(tmpl) > maxNumberTemplate || !utf8.ValidString(tmpl) {
			t.Fatalf("accepted %q: too long or invalid UTF-8", tmpl)
		}
		if strings.ContainsFunc(tmpl, func(r rune) bool { return unicode.IsControl(r) || r == '"' || r == '\\' }) {
			t.Fatalf("accepted %q with a control character, quote or backslash", tmpl)
		}
		seen := map[string]string{}
		for _, k := range kinds {
			for _, y := range years {
				for _, s := range seqs {
					n := FormatCaseNumber(tmpl, "东市监", k.Char(), y, s)
					key := string(k) + "/" + strconv.Itoa(y) + "/" + strconv.Itoa(int(s))
					if other, dup := seen[n]; dup {
						t.Fatalf("template %q numbers %s and %s alike: %q", tmpl, other, key, n)
					}
					seen[n] = key
				}
			}
		}
	})
}
