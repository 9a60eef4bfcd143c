package kit

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"

	"zhifa"
	"zhifa/app"
)

// Downloads of tables (issue #12): the numbers behind a chart and the lists of the
// workspace, as CSV (UTF-8 with a BOM, which Excel and WPS open as such) or XLSX,
// streamed row by row to the response.

// Export formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

const XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// tableSink receives the rows of a download.
type tableSink interface {
	Row(cells ...string) error
	Close() error
}

// ExportFormat reads the format parameter: "csv" or "xlsx"; anything else is EINVALID.
func ExportFormat(r *http.Request, fallback string) (string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "":
		return fallback, nil
	case FormatCSV, FormatXLSX:
		return f, nil
	}
	return "", &zhifa.Error{Code: zhifa.EINVALID, Message: "下载格式应为 CSV 或 XLSX",
		Fields: zhifa.FieldErrors{"format": "下载格式应为 csv 或 xlsx"}}
}

// NewTableSink starts the download of a table named name (without extension) in the
// format: it sets the headers and the status, so it is called once the request is known
// to succeed.
func NewTableSink(w http.ResponseWriter, format, name string) (tableSink, error) {
	h := w.Header()
	h.Set("Content-Disposition", `attachment; filename="export.`+format+`"; filename*=UTF-8''`+url.PathEscape(name+"."+format))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if format == FormatXLSX {
		h.Set("Content-Type", XLSXType)
		w.WriteHeader(http.StatusOK)
		return app.NewXLSXWriter(w, name)
	}
	h.Set("Content-Type", "text/csv; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write([]byte("\uFEFF")); err != nil {
		return nil, err
	}
	return &csvSink{w: csv.NewWriter(w)}, nil
}

// csvSink writes CSV. A cell that a spreadsheet would run as a formula (= + - @ at the
// start) is prefixed with an apostrophe, so an exported party name cannot become one.
type csvSink struct{ w *csv.Writer }

func (c *csvSink) Row(cells ...string) error {
	out := make([]string, len(cells))
	for i, v := range cells {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			v = "'" + v
		}
		out[i] = v
	}
	return c.w.Write(out)
}

func (c *csvSink) Close() error {
	c.w.Flush()
	return c.w.Error()
}
