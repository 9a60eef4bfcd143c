package web

import (
	"net/http"
	"net/url"
)

// cursorPager is the paging bar of a list paged by keyset (issue #11): the count as the
// app gives it ("1000+" beyond the cap), a link back to the first page once past it,
// and a link to the next page carrying the app's cursor. Links keep the request's other
// query parameters.
type cursorPager struct {
	Total       string
	First, Next string
}

func newCursorPager(r *http.Request, total, next string) *cursorPager {
	link := func(cursor string) string {
		q := r.URL.Query()
		q.Del("cursor")
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		return pathWithQuery(r.URL.Path, q)
	}
	p := &cursorPager{Total: total}
	if r.URL.Query().Get("cursor") != "" {
		p.First = link("")
	}
	if next != "" {
		p.Next = link(next)
	}
	return p
}

func pathWithQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
