package kit

import (
	"net/http"
	"net/url"
)

// CursorPager is the paging bar of a list paged by keyset (issue #11): the count as the
// app gives it ("1000+" beyond the cap), a link back to the first page once past it,
// and a link to the next page carrying the app's cursor. Links keep the request's other
// query parameters.
type CursorPager struct {
	Total       string
	First, Next string
}

func NewCursorPager(r *http.Request, total, next string) *CursorPager {
	link := func(cursor string) string {
		q := r.URL.Query()
		q.Del("cursor")
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		return PathWithQuery(r.URL.Path, q)
	}
	p := &CursorPager{Total: total}
	if r.URL.Query().Get("cursor") != "" {
		p.First = link("")
	}
	if next != "" {
		p.Next = link(next)
	}
	return p
}

func PathWithQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
