package kit

import (
	"net/http"
	"strings"

	"zhifa"
)

// Helpers more than one web context uses: the report years (publicity, assessment), an
// error as one flash line, a form's version field, the server's own address for the
// ledger commands and the headers of a document served as HTML.

// ReportYears are the years offered in the filters, newest first.
func (s *Kit) ReportYears() []int {
	var out []int
	for y := s.App.Today().Year; y >= s.App.Today().Year-5; y-- {
		out = append(out, y)
	}
	return out
}

// FlashMessage is an error's message with its field messages, for a flash.
func FlashMessage(err error) string {
	msg := zhifa.ErrorMessage(err)
	for _, m := range zhifa.ErrorFields(err) {
		msg += "；" + m
	}
	return msg
}

// FormVersion is the version a form was edited at, for the optimistic lock.
func FormVersion(f *Form) int { return int(f.Int("version")) }

// LedgerBase is the address of the server as the request reached it, for the commands
// shown on the pages.
func LedgerBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// WriteDocumentHTML serves a generated document's HTML under the policy csp, never
// cached and framed only by the server's own pages.
func WriteDocumentHTML(w http.ResponseWriter, b []byte, csp string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
