package app

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCopyReplacerMatchesReplacer checks that a copy's substitution through split
// templates gives what strings.NewReplacer gives, for texts met the first time and
// again, with overlapping, nested and repeated old strings.
func TestCopyReplacerMatchesReplacer(t *testing.T) {
	cases := []struct {
		name  string
		pairs []string
		texts []string
	}{
		{"number and party", []string{"东市监罚〔2026〕1号", "东市监罚〔2026〕17号", "张三", "李四", "张*", "李*"},
			[]string{"东市监罚〔2026〕1号：当事人张三（张*）", "", "无关的文字", "张三张三张三"}},
		{"prefix and order", []string{"ab", "X", "abc", "Y", "b", "Z"}, []string{"abcabc", "bbab", "cab"}},
		{"same old twice, first wins", []string{"王五", "赵六", "王五", "孙七"}, []string{"王五与王五"}},
		{"single bytes", []string{"a", "1", "b", "2"}, []string{"abcab"}},
		{"one pair", []string{"12345", "67890"}, []string{"012345123456"}},
		{"zero byte in text", []string{"x", "y"}, []string{"a\x00x", "x\x00\x01"}},
		{"empty old", []string{"", "-", "a", "b"}, []string{"aXa", ""}},
		{"no pairs", nil, []string{"text"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ct copyTexts
			want := strings.NewReplacer(tc.pairs...)
			for range 3 { // split, split and kept, then from the kept template
				r := ct.replacer(tc.pairs)
				for _, s := range tc.texts {
					if got, w := r.Replace(s), want.Replace(s); got != w {
						t.Errorf("Replace(%q) = %q, want %q", s, got, w)
					}
				}
			}
		})
	}
}

// TestCopyReplacerRandom compares the two on random texts over a small alphabet, where
// matches overlap often, with new strings that change from copy to copy.
func TestCopyReplacerRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte("abc"[rng.IntN(3)])
		}
		return b.String()
	}
	var ct copyTexts
	olds := []string{word(2), word(1), word(3), word(2)}
	texts := make([]string, 20)
	for i := range texts {
		texts[i] = word(rng.IntN(30))
	}
	for copyN := range 50 {
		pairs := make([]string, 0, 2*len(olds))
		for _, o := range olds {
			pairs = append(pairs, o, word(copyN%4))
		}
		r, want := ct.replacer(pairs), strings.NewReplacer(pairs...)
		for _, s := range texts {
			if got, w := r.Replace(s), want.Replace(s); got != w {
				t.Fatalf("pairs %q: Replace(%q) = %q, want %q", pairs, s, got, w)
			}
		}
	}
}

// TestCopyReplacerKeepsRecurringTexts checks that a text met once is not kept (a copy's
// own text would fill memory) and one met again is.
func TestCopyReplacerKeepsRecurringTexts(t *testing.T) {
	var ct copyTexts
	pairs := []string{"甲", "乙"}
	r := ct.replacer(pairs)
	for i := range 100 {
		r.Replace("甲" + strings.Repeat("x", i)) // each met once
	}
	r.Replace("甲的文书")
	r.Replace("甲的文书")
	set := ct.templates["甲\x00"]
	if len(set.texts) != 1 {
		t.Fatalf("kept %d texts, want the one met twice", len(set.texts))
	}
	if got := ct.replacer([]string{"甲", "丙"}).Replace("甲的文书"); got != "丙的文书" {
		t.Errorf("kept text with other new strings = %q", got)
	}
}
