package catalog

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zhifa/statute"
	"zhifa/web/kit"
)

// lawEntry is a law in the library list.
type lawEntry struct {
	Law  *statute.Law
	Href string
}

// lawHit is a search hit with the matching text highlighted.
type lawHit struct {
	Law     *statute.Law
	Article statute.Article
	Href    string
	Text    template.HTML
}

// lawListView is the data of the library page: the laws, or the hits of a search.
type lawListView struct {
	Laws    []lawEntry
	Query   string
	Hits    []lawHit
	More    bool
	Prefix  string
	Library int
}

// lawSearchLimit caps the hits shown for one search.
const lawSearchLimit = 100

// lawPrefix is "/staff" when the request is in the workspace, "" on the portal.
func lawPrefix(r *http.Request) string {
	if kit.IsStaffPath(r.URL.Path) {
		return "/staff"
	}
	return ""
}

// lawHref is the address of a law page: by short title for the latest version, by ID for
// an older one.
func lawHref(prefix string, l *statute.Law) string {
	key := l.ShortTitle
	if cur, ok := statute.Lookup(l.ShortTitle); !ok || cur != l {
		key = l.ID
	}
	return prefix + "/laws/" + url.PathEscape(key)
}

// LawList shows the law library (法律法规库) and searches article texts with ?q=.
func (s *Handlers) LawList(w http.ResponseWriter, r *http.Request) {
	prefix := lawPrefix(r)
	v := &lawListView{Query: strings.TrimSpace(r.URL.Query().Get("q")), Prefix: prefix}
	lib := statute.Library()
	v.Library = len(lib)
	for _, l := range lib {
		v.Laws = append(v.Laws, lawEntry{Law: l, Href: lawHref(prefix, l)})
	}
	if v.Query != "" {
		if len([]rune(v.Query)) > 50 {
			v.Query = string([]rune(v.Query)[:50])
		}
		hits := statute.Search(v.Query, lawSearchLimit+1)
		if len(hits) > lawSearchLimit {
			hits, v.More = hits[:lawSearchLimit], true
		}
		for _, h := range hits {
			v.Hits = append(v.Hits, lawHit{Law: h.Law, Article: h.Article,
				Href: lawHref(prefix, h.Law) + "#art-" + strconv.Itoa(h.Article.Number), Text: highlight(h.Article.Text, v.Query)})
		}
	}
	s.Render(w, r, http.StatusOK, "laws", &kit.Page{Title: "法律法规库", Nav: "laws", D: v})
}

// lawArticle is an article on a law page, with the chapter or section heading that
// starts before it.
type lawArticle struct {
	statute.Article
	ChapterHead string
	SectionHead string
	Text        template.HTML
}

// lawView is the data of a law page.
type lawView struct {
	Law      *statute.Law
	Articles []lawArticle
	Query    string
	Prefix   string
	Href     string
}

// LawPage shows a law with its table of contents and every article anchored #art-N;
// ?q= keeps only the articles that contain the words.
func (s *Handlers) LawPage(w http.ResponseWriter, r *http.Request) {
	l, ok := statute.Lookup(r.PathValue("law"))
	if !ok {
		s.NotFound(w, r)
		return
	}
	prefix := lawPrefix(r)
	v := &lawView{Law: l, Query: strings.TrimSpace(r.URL.Query().Get("q")), Prefix: prefix, Href: lawHref(prefix, l)}
	var chapter, section string
	for _, a := range l.Articles {
		if v.Query != "" && !strings.Contains(a.Text, v.Query) {
			continue
		}
		la := lawArticle{Article: a, Text: highlight(a.Text, v.Query)}
		if a.Chapter != chapter {
			chapter, section = a.Chapter, ""
			la.ChapterHead = a.Chapter
		}
		if a.Section != section {
			section = a.Section
			la.SectionHead = a.Section
		}
		v.Articles = append(v.Articles, la)
	}
	s.Render(w, r, http.StatusOK, "law", &kit.Page{Title: l.Title, Nav: "laws", D: v})
}

// highlight escapes text and marks every occurrence of q.
func highlight(text, q string) template.HTML {
	esc := template.HTMLEscapeString(text)
	if q == "" {
		return template.HTML(esc)
	}
	eq := template.HTMLEscapeString(q)
	return template.HTML(strings.ReplaceAll(esc, eq, "<mark>"+eq+"</mark>"))
}
