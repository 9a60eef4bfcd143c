package app

import (
	"hash/maphash"
	"strings"
	"unicode/utf8"
)

// A copy's text substitution without searching the model's text again (zhifa gen,
// issue 11, genpar). Every copy of a model replaces the same old strings — the model's
// number, its party's name and codes, its officers' names and certificate numbers, its
// payment codes — in the same texts (facts, history, titles, entries, audit lines, the
// issued documents' HTML); only the new strings differ. A strings.Replacer searched each
// text anew for every copy (a sixth of building a copy). Where a match is found depends
// only on the text and the old strings (and their order, which decides between matches
// at one place), never on the new ones, so a text is split once at the matches of a list
// of old strings (copyTemplate) and each copy only joins the pieces with its own new
// strings: the same result as strings.NewReplacer(pairs...).Replace, byte for byte.

// copyTemplates are the texts of one model already split at the matches of one list of
// old strings (copyTexts.templates, keyed by that list).
type copyTemplates struct {
	// marker replaces each old string by a marker naming its place in the list.
	marker *strings.Replacer
	// texts are the split texts met more than once, by the text.
	texts map[string]copyTemplate
	// seen are the hashes of texts met once: a text a copy built itself (a row's JSON
	// with the copy's IDs, a key naming the copy's ID) is met once and never kept.
	seen map[uint64]struct{}
}

// copyTemplate is a text split at the matches of the old strings: literal pieces, each
// followed by the new string of a pair (slot) or, for the last, by nothing (-1).
type copyTemplate []copySpan

type copySpan struct {
	lit  string
	slot int
}

// maxCopyTemplates bounds the texts kept for one list of old strings, and the texts
// remembered as met once.
const maxCopyTemplates = 4096

// seenSeed hashes the texts met once.
var seenSeed = maphash.MakeSeed()

// maxCopyPairs bounds the pairs whose slot a marker byte names.
const maxCopyPairs = 250

// copyTexts holds a model's copyTemplates by their list of old strings. A model's
// copies are built one after the other (CaseCopier.Copy), so it needs no lock.
type copyTexts struct {
	templates map[string]*copyTemplates
}

// copyReplacer substitutes one copy's new strings for the model's old ones.
type copyReplacer struct {
	pairs []string
	set   *copyTemplates // nil when the pairs are too many to mark
	plain *strings.Replacer
	// cleanness caches clean: 0 unknown, 1 clean, 2 not.
	cleanness int8
}

// clean reports whether the substitution keeps canonical JSON canonical wherever it
// matches inside strings only (copyFieldsDigest): every old string is non-empty valid
// UTF-8 with no quote, backslash or control character, does not begin with n and is not
// made of JSON's punctuation ({}:,) alone — so that a match lies inside one string of a
// text whose only escapes are \n, and outside them — and every new string is valid UTF-8 without a character encoding/json escapes (a
// quote, a backslash, <, >, &, a control character, U+2028, U+2029).
func (r *copyReplacer) clean() bool {
	if r.cleanness == 0 {
		r.cleanness = 1
		for i := 0; i+1 < len(r.pairs); i += 2 {
			if !cleanOld(r.pairs[i]) || !cleanNew(r.pairs[i+1]) {
				r.cleanness = 2
				break
			}
		}
	}
	return r.cleanness == 1
}

func cleanOld(s string) bool {
	if s == "" || s[0] == 'n' || !utf8.ValidString(s) || strings.Trim(s, "{}:,") == "" {
		return false
	}
	for _, c := range s {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

func cleanNew(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, c := range s {
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029' {
			return false
		}
	}
	return true
}

// replacer returns the substitution of pairs (old, new, …) for a copy of the model, as
// strings.NewReplacer(pairs...) would make it.
func (ct *copyTexts) replacer(pairs []string) *copyReplacer {
	r := &copyReplacer{pairs: pairs}
	if len(pairs)/2 > maxCopyPairs {
		return r
	}
	var key strings.Builder
	for i := 0; i < len(pairs); i += 2 {
		key.WriteString(pairs[i])
		key.WriteByte(0)
	}
	if ct.templates == nil {
		ct.templates = map[string]*copyTemplates{}
	}
	set, ok := ct.templates[key.String()]
	if !ok {
		marks := make([]string, len(pairs))
		for i := 0; i < len(pairs); i += 2 {
			marks[i], marks[i+1] = pairs[i], string([]byte{0, byte(i/2 + 1)})
		}
		set = &copyTemplates{marker: strings.NewReplacer(marks...), texts: map[string]copyTemplate{},
			seen: map[uint64]struct{}{}}
		ct.templates[key.String()] = set
	}
	r.set = set
	return r
}

// Replace returns s with the copy's new strings in place of the model's old ones.
func (r *copyReplacer) Replace(s string) string {
	if r.set == nil {
		return r.plainReplace(s)
	}
	tpl, ok := r.set.texts[s]
	if !ok {
		if strings.IndexByte(s, 0) >= 0 { // a marker could not be told from the text
			return r.plainReplace(s)
		}
		tpl = splitTemplate(r.set.marker.Replace(s))
		r.set.keep(s, tpl)
	}
	if len(tpl) == 1 { // no match: the text itself
		return s
	}
	return tpl.render(r.pairs)
}

// keep keeps the split text s the second time it is met.
func (set *copyTemplates) keep(s string, tpl copyTemplate) {
	h := maphash.String(seenSeed, s)
	if _, ok := set.seen[h]; !ok {
		if len(set.seen) >= maxCopyTemplates {
			clear(set.seen)
		}
		set.seen[h] = struct{}{}
		return
	}
	delete(set.seen, h)
	if len(set.texts) < maxCopyTemplates {
		set.texts[s] = tpl
	}
}

func (r *copyReplacer) plainReplace(s string) string {
	if r.plain == nil {
		r.plain = strings.NewReplacer(r.pairs...)
	}
	return r.plain.Replace(s)
}

// splitTemplate splits a text whose matches were replaced by markers (a zero byte, then
// the pair's place plus one).
func splitTemplate(marked string) copyTemplate {
	var tpl copyTemplate
	for {
		i := strings.IndexByte(marked, 0)
		if i < 0 {
			return append(tpl, copySpan{lit: marked, slot: -1})
		}
		tpl = append(tpl, copySpan{lit: marked[:i], slot: int(marked[i+1]) - 1})
		marked = marked[i+2:]
	}
}

// render joins the template's pieces with the new strings of pairs.
func (tpl copyTemplate) render(pairs []string) string {
	n := 0
	for _, sp := range tpl {
		n += len(sp.lit)
		if sp.slot >= 0 {
			n += len(pairs[2*sp.slot+1])
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, sp := range tpl {
		b.WriteString(sp.lit)
		if sp.slot >= 0 {
			b.WriteString(pairs[2*sp.slot+1])
		}
	}
	return b.String()
}
