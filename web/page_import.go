package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
)

// registerImportPages registers the bulk import pages: the upload forms, the CSV
// templates and the two uploads.
func (s *Server) registerImportPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/import", app.PermStaff, "批量导入", s.importPage)
	staff("GET", "/staff/import/officers.csv", app.PermStaff, "执法人员导入模板", s.importTemplate(app.OfficerImportTemplate, "执法人员导入模板.csv"))
	staff("GET", "/staff/import/items.csv", app.PermStaff, "执法事项导入模板", s.importTemplate(app.ItemImportTemplate, "执法事项导入模板.csv"))
	staff("POST", "/staff/import/officers", app.PermManageOfficers, "批量导入执法人员", s.importUpload("officers", s.App.ImportOfficers))
	staff("POST", "/staff/import/items", app.PermManageCatalog, "批量导入执法事项", s.importUpload("items", s.App.ImportItems))
}

// importColumnView describes one column of an import file.
type importColumnView struct {
	Header   string
	Required bool
}

// importRowError is the problem of one row of a failed import.
type importRowError struct {
	Row     string
	Message string
}

// importView is the data of the import page. Kind names the form that failed
// ("officers" or "items"), whose problems are shown below it.
type importView struct {
	Kind           string
	Message        string
	Rows           []importRowError
	OfficerColumns []importColumnView
	ItemColumns    []importColumnView
}

func newImportView() *importView {
	v := &importView{}
	for _, c := range app.OfficerImportColumns {
		v.OfficerColumns = append(v.OfficerColumns, importColumnView{c.Header, c.Required})
	}
	for _, c := range app.ItemImportColumns {
		v.ItemColumns = append(v.ItemColumns, importColumnView{c.Header, c.Required})
	}
	return v
}

// importPage shows the upload forms the actor may use.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "staff_import", &page{Title: "批量导入", Nav: "import", D: newImportView()})
}

// importTemplate serves a CSV import template.
func (s *Server) importTemplate(body func() []byte, filename string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+urlPathEscape(filename))
		h.Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(body())
	}
}

// importUpload handles an uploaded CSV or XLSX file. A file with any bad row imports
// nothing; the page then lists the problems by row.
func (s *Server) importUpload(kind string, run func(context.Context, string, io.Reader) (*app.ImportResult, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := newImportView()
		v.Kind = kind
		r.Body = http.MaxBytesReader(w, r.Body, app.MaxImportSize+1<<20)
		file, header, err := r.FormFile("file")
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				v.Message = "文件超过" + strconv.Itoa(app.MaxImportSize>>20) + " MiB上限，请分批导入"
			} else {
				v.Message = "请选择要导入的文件"
			}
			s.render(w, r, http.StatusUnprocessableEntity, "staff_import", &page{Title: "批量导入", Nav: "import", D: v})
			return
		}
		defer file.Close()
		res, err := run(r.Context(), header.Filename, file)
		if err != nil {
			code := zhifa.ErrorCode(err)
			if code != zhifa.EINVALID && code != zhifa.EGATE && code != zhifa.ECONFLICT {
				s.fail(w, r, err)
				return
			}
			v.Message = zhifa.ErrorMessage(err)
			v.Rows = rowErrors(zhifa.ErrorFields(err))
			s.render(w, r, statusOf(err), "staff_import", &page{Title: "批量导入", Nav: "import", D: v})
			return
		}
		var msg, target string
		if kind == "officers" {
			msg = "已导入执法人员" + strconv.Itoa(len(res.IDs)) + "名"
			if res.Certificates > 0 {
				msg += "，发放执法证件" + strconv.Itoa(res.Certificates) + "个"
			}
			target = "/staff/officers"
		} else {
			msg, target = "已导入执法事项"+strconv.Itoa(len(res.IDs))+"项", "/staff/items"
		}
		s.redirectFlash(w, r, target, msg)
	}
}

// rowErrors orders the problems of a failed import by row number ("第3行" before "第12行").
func rowErrors(fields map[string]string) []importRowError {
	out := make([]importRowError, 0, len(fields))
	for k, msg := range fields {
		out = append(out, importRowError{k, msg})
	}
	num := func(s string) int {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(s, "第"), "行"))
		if err != nil {
			return 1 << 30
		}
		return n
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := num(out[i].Row), num(out[j].Row)
		if a != b {
			return a < b
		}
		return out[i].Row < out[j].Row
	})
	return out
}

// urlPathEscape escapes a file name for the filename* parameter (RFC 5987).
func urlPathEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
		}
	}
	return b.String()
}
