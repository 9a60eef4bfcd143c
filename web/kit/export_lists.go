package kit

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"zhifa"
	"zhifa/app"
)

// Exports of the lists (issue #12): each list page and list API answers
// ?format=xlsx (or csv) with the whole list under the same filters, read page by page
// through the list's own cursor (or offset) so that no page is held beyond the one being
// written. The app refuses an export above app.ExportCap and audits it before the first
// row is read.

// ExportPageSize is the page size an export reads the list in.
const ExportPageSize = 200

// ListExport is one list as exported: its Chinese name (the file's and the audit line's),
// its header, and page, which reads the page at token ("" the first) and returns its
// rows, the total (from the first page) and the next token ("" after the last page).
type ListExport struct {
	Name   string
	Header []string
	Page   func(ctx context.Context, token string) (rows [][]string, total int, next string, err error)
}

// WantsExport says whether the request asks for a file instead of the list.
func WantsExport(r *http.Request) bool { return r.URL.Query().Get("format") != "" }

// ServeExport writes the export of e in the request's format. Errors before the first
// byte (a bad format, a refusal, too many rows) go to fail; once the file has started,
// an error can only end it early, and is logged.
func (s *Kit) ServeExport(w http.ResponseWriter, r *http.Request, e ListExport, fail func(http.ResponseWriter, *http.Request, error)) {
	ctx := r.Context()
	format, err := ExportFormat(r, FormatXLSX)
	if err != nil {
		fail(w, r, err)
		return
	}
	rows, total, next, err := e.Page(ctx, "")
	if err != nil {
		fail(w, r, err)
		return
	}
	if err := s.App.StartExport(ctx, e.Name, exportFilters(r), total); err != nil {
		fail(w, r, err)
		return
	}
	sink, err := NewTableSink(w, format, e.Name)
	if err != nil {
		s.Log.Error("export", "list", e.Name, "err", err)
		return
	}
	if err := sink.Row(e.Header...); err != nil {
		return
	}
	for written := 0; ; {
		for _, row := range rows {
			if written == app.ExportCap {
				break
			}
			if err := sink.Row(row...); err != nil {
				return // the client went away
			}
			written++
		}
		if next == "" || written == app.ExportCap {
			break
		}
		if rows, _, next, err = e.Page(ctx, next); err != nil {
			s.Log.Error("export", "list", e.Name, "err", err)
			return
		}
	}
	if err := sink.Close(); err != nil {
		s.Log.Error("export", "list", e.Name, "err", err)
	}
}

// exportFilters describes the request's filters for the audit line.
func exportFilters(r *http.Request) string {
	q := r.URL.Query()
	for _, k := range []string{"format", "cursor", "page", "offset", "limit"} {
		q.Del(k)
	}
	if len(q) == 0 {
		return ""
	}
	return "，筛选条件：" + q.Encode()
}

// OffsetToken pages a list read by offset: the token is the next offset.
func OffsetToken(token string) int {
	n, _ := strconv.Atoi(token)
	return max(n, 0)
}

func NextOffset(offset, got, total int) string {
	if got < ExportPageSize || offset+got >= total {
		return ""
	}
	return strconv.Itoa(offset + got)
}

// CSTMinute is an instant in Beijing time to the minute, "" for none.
func CSTMinute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zhifa.CST).Format("2006-01-02 15:04")
}

func YesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// exportLink is the request's list as an XLSX file: the same filters, from the start.
func exportLink(r *http.Request) string {
	q := r.URL.Query()
	q.Del("cursor")
	q.Del("page")
	q.Set("format", FormatXLSX)
	return PathWithQuery(r.URL.Path, q)
}
