// Package statute is the embedded law library (法律法规库): the official
// texts of the laws and regulations the system cites, parsed into chapters,
// sections and articles.
//
// The texts live in texts/ as Markdown, one file per statute, named
// "<short title>(<version date>).md". Each file starts with a level-1
// heading carrying the full title, followed by the legislative history up to
// a "<!-- INFO END -->" marker; the body uses "## 第X章" and "### 第X节"
// headings, and every article starts a line with its label, "第X条 ".
// They are copied unchanged from the LawRefBook/Laws collection (commit
// 2f4c5c2), which republishes the official texts.
package statute

import (
	"cmp"
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed texts/*.md
var texts embed.FS

// A Law is one version of a statute.
type Law struct {
	// ID identifies the version: ShortTitle + "@" + Version,
	// e.g. "行政处罚法@2021-01-22".
	ID string
	// Title is the full official title, e.g. "中华人民共和国行政处罚法".
	Title string
	// ShortTitle is Title without the "中华人民共和国" prefix,
	// e.g. "行政处罚法"; for most regulations it equals Title.
	ShortTitle string
	// Version is the date of this version (its enactment or latest
	// amendment) as YYYY-MM-DD.
	Version string
	// History lists the enactment and amendment notes that precede the body,
	// e.g. "2021年1月22日 第十三届全国人民代表大会常务委员会第二十五次会议修订".
	History []string
	// Chapters is the table of contents; empty if the statute has no chapters.
	Chapters []Chapter
	// Articles holds the articles in order, numbered 1..len(Articles).
	Articles []Article
}

// A Chapter is a chapter (章) of a statute.
type Chapter struct {
	// Title is the heading, e.g. "第五章 行政处罚的决定".
	Title string
	// Sections lists the sections (节) of the chapter, if it has any.
	Sections []Section
	// First and Last are the numbers of the first and last article in the
	// chapter.
	First, Last int
}

// A Section is a section (节) of a chapter.
type Section struct {
	// Title is the heading, e.g. "第四节 听证程序".
	Title string
	// First and Last are the numbers of the first and last article in the
	// section.
	First, Last int
}

// An Article is one article (条) of a statute.
type Article struct {
	// Number is the article number, starting at 1.
	Number int
	// Label is the article label, e.g. "第四十二条".
	Label string
	// Chapter is the title of the enclosing chapter, e.g.
	// "第五章 行政处罚的决定", or "" if the statute has no chapters.
	Chapter string
	// Section is the title of the enclosing section, e.g. "第一节 一般规定",
	// or "" if the chapter has no sections.
	Section string
	// Text is the text of the article without its label: its paragraphs
	// (款) and items (项), one per line, joined with "\n".
	Text string
}

// Article returns article n of l.
func (l *Law) Article(n int) (Article, bool) {
	if n >= 1 && n <= len(l.Articles) && l.Articles[n-1].Number == n {
		return l.Articles[n-1], true
	}
	for _, a := range l.Articles {
		if a.Number == n {
			return a, true
		}
	}
	return Article{}, false
}

type library struct {
	laws    []*Law
	byTitle map[string]*Law // by ID, Title and ShortTitle; the latest version
}

var load = sync.OnceValue(func() library {
	files, err := texts.ReadDir("texts")
	if err != nil {
		panic(err)
	}
	lib := library{byTitle: make(map[string]*Law)}
	for _, f := range files {
		src, err := texts.ReadFile("texts/" + f.Name())
		if err != nil {
			panic(err)
		}
		l, err := parse(f.Name(), string(src))
		if err != nil {
			panic(err)
		}
		lib.laws = append(lib.laws, l)
	}
	slices.SortFunc(lib.laws, func(a, b *Law) int {
		return cmp.Or(strings.Compare(a.ShortTitle, b.ShortTitle), strings.Compare(a.Version, b.Version))
	})
	for _, l := range lib.laws {
		if lib.byTitle[l.ID] != nil {
			panic(fmt.Sprintf("statute: duplicate law %s", l.ID))
		}
		// Later versions sort later and replace earlier ones.
		lib.byTitle[l.ID] = l
		lib.byTitle[l.Title] = l
		lib.byTitle[l.ShortTitle] = l
	}
	return lib
})

// Library returns all statutes in the library, sorted by ShortTitle and
// then Version. The texts are parsed on first use. The returned laws are
// shared and must not be modified.
func Library() []*Law {
	return slices.Clone(load().laws)
}

// Lookup returns the statute with the given title, which may be the full
// title ("中华人民共和国行政处罚法"), the short title ("行政处罚法"), either
// one in book-title marks ("《行政处罚法》"), or an ID
// ("行政处罚法@2021-01-22"). A title finds the latest version in the
// library.
func Lookup(title string) (*Law, bool) {
	title = strings.TrimSpace(title)
	if t, ok := strings.CutPrefix(title, "《"); ok {
		title, _ = strings.CutSuffix(t, "》")
	}
	l, ok := load().byTitle[title]
	return l, ok
}

// A Hit is an article found by Search.
type Hit struct {
	Law     *Law    // the statute
	Article Article // the matching article
}

// Search returns up to limit articles whose text contains query (all of
// them if limit <= 0), in library order. If query is an article reference
// that ParseArticleRef accepts and that names an article in the library,
// such as "行政处罚法第42条", that article comes first. A blank query
// matches nothing.
func Search(query string, limit int) []Hit {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil
	}
	var hits []Hit
	full := func() bool { return limit > 0 && len(hits) >= limit }
	var ref *Law
	var refNum int
	if title, n, err := ParseArticleRef(query); err == nil {
		if l, ok := Lookup(title); ok {
			if a, ok := l.Article(n); ok {
				hits = append(hits, Hit{l, a})
				ref, refNum = l, n
			}
		}
	}
	for _, l := range load().laws {
		for _, a := range l.Articles {
			if full() {
				return hits
			}
			if strings.Contains(a.Text, query) && (l != ref || a.Number != refNum) {
				hits = append(hits, Hit{l, a})
			}
		}
	}
	return hits
}
