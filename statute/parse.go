package statute

import (
	"cmp"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// stripEmphasis removes Markdown emphasis markers.
var stripEmphasis = strings.NewReplacer("**", "", "__", "").Replace

// dropFormat removes invisible format characters such as the zero-width
// space (U+200B) and the byte order mark, which occur in the source texts.
func dropFormat(r rune) rune {
	if unicode.Is(unicode.Cf, r) {
		return -1
	}
	return r
}

// parse parses the statute file with the given name and content.
func parse(name, src string) (*Law, error) {
	short, version, ok := strings.Cut(strings.TrimSuffix(name, ".md"), "(")
	version, closed := strings.CutSuffix(version, ")")
	if !ok || !closed || short == "" {
		return nil, fmt.Errorf("statute: %s: file name is not \"<title>(<YYYY-MM-DD>).md\"", name)
	}
	if _, err := time.Parse(time.DateOnly, version); err != nil {
		return nil, fmt.Errorf("statute: %s: bad version date: %v", name, err)
	}
	l := &Law{Version: version}
	var (
		body  bool     // past the title and history
		paras []string // paragraphs of the current article
	)
	flush := func() {
		if len(paras) > 0 {
			l.Articles[len(l.Articles)-1].Text = strings.Join(paras, "\n")
			paras = nil
		}
	}
	for i, line := range strings.Split(src, "\n") {
		fail := func(format string, args ...any) (*Law, error) {
			return nil, fmt.Errorf("statute: %s:%d: %s", name, i+1, fmt.Sprintf(format, args...))
		}
		line = strings.TrimSpace(stripEmphasis(strings.Map(dropFormat, line)))
		heading := strings.HasPrefix(line, "#")
		if heading {
			line = strings.TrimSpace(strings.TrimLeft(line, "#"))
		}
		switch {
		case line == "":
		case strings.HasPrefix(line, "<!--"):
			body = body || strings.Contains(line, "INFO END")
		case heading && l.Title == "":
			l.Title = line
		case isDivision(line, "章"):
			flush()
			body = true
			l.Chapters = append(l.Chapters, Chapter{Title: normalizeHeading(line)})
		case isDivision(line, "节"):
			if len(l.Chapters) == 0 {
				return fail("section outside a chapter: %s", line)
			}
			flush()
			body = true
			c := &l.Chapters[len(l.Chapters)-1]
			c.Sections = append(c.Sections, Section{Title: normalizeHeading(line)})
		case heading:
			return fail("unexpected heading: %s", line)
		default:
			n, text, isArticle := cutArticleLabel(line)
			if !isArticle {
				if !body {
					l.History = append(l.History, line)
				} else if len(l.Articles) == 0 {
					return fail("text before the first article: %s", line)
				} else {
					paras = append(paras, line)
				}
				break
			}
			if strings.HasPrefix(text, "之") {
				return fail("sub-numbered articles (第X条之Y) are not supported: %s", line)
			}
			flush()
			body = true
			a := Article{Number: n, Label: FormatArticleLabel(n)}
			if c := len(l.Chapters); c > 0 {
				ch := &l.Chapters[c-1]
				a.Chapter = ch.Title
				ch.First = cmp.Or(ch.First, n)
				ch.Last = n
				if s := len(ch.Sections); s > 0 {
					sec := &ch.Sections[s-1]
					a.Section = sec.Title
					sec.First = cmp.Or(sec.First, n)
					sec.Last = n
				}
			}
			l.Articles = append(l.Articles, a)
			if text != "" {
				paras = append(paras, text)
			}
		}
	}
	flush()
	switch {
	case l.Title == "":
		return nil, fmt.Errorf("statute: %s: no title heading", name)
	case len(l.Articles) == 0:
		return nil, fmt.Errorf("statute: %s: no articles", name)
	}
	l.ShortTitle = strings.TrimPrefix(l.Title, "中华人民共和国")
	if short != l.ShortTitle && short != l.Title {
		return nil, fmt.Errorf("statute: %s: file name does not match title %q", name, l.Title)
	}
	l.ID = l.ShortTitle + "@" + l.Version
	return l, nil
}

// cutArticleLabel splits a line starting with an article label, "第X条",
// into the article number and the rest of the line. The label must be
// followed by white space, the end of the line or 之 (a sub-numbered
// article), so that a paragraph starting with a cross-reference such as
// "第二十条规定的" is not mistaken for an article.
func cutArticleLabel(line string) (n int, rest string, ok bool) {
	num, rest, ok := cutOrdinal(line, "条")
	if !ok {
		return 0, "", false
	}
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && r != '之' && !unicode.IsSpace(r) {
		return 0, "", false
	}
	n, err := ParseChineseNumber(num)
	if err != nil || n < 1 {
		return 0, "", false
	}
	return n, strings.TrimSpace(rest), true
}

// isDivision reports whether line is the heading of a division such as a
// chapter ("第一章 总则", unit 章) or section ("第一节 一般规定", unit 节).
func isDivision(line, unit string) bool {
	num, rest, ok := cutOrdinal(line, unit)
	if !ok {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if rest != "" && !unicode.IsSpace(r) {
		return false
	}
	_, err := ParseChineseNumber(num)
	return err == nil
}

// normalizeHeading removes the typographic spacing inside a division name:
// "第一章 总 则" becomes "第一章 总则".
func normalizeHeading(line string) string {
	label, name := line, ""
	if i := strings.IndexFunc(line, unicode.IsSpace); i >= 0 {
		label, name = line[:i], strings.Join(strings.Fields(line[i:]), "")
	}
	if name == "" {
		return label
	}
	return label + " " + name
}
