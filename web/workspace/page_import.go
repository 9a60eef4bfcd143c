package workspace

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// RegisterImportPages registers the bulk import pages: the upload forms, the CSV
// templates and the two uploads.
func (s *Handlers) RegisterImportPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/import", app.PermStaff, "批量导入", s.importPage)
	staff("GET", "/staff/import/officers.csv", app.PermStaff, "执法人员导入模板", s.importTemplate(app.OfficerImportTemplate, "执法人员导入模板.csv"))
	staff("GET", "/staff/import/items.csv", app.PermStaff, "执法事项导入模板", s.importTemplate(app.ItemImportTemplate, "执法事项导入模板.csv"))
	staff("POST", "/staff/import/officers", app.PermManageOfficers, "批量导入执法人员", s.importUpload("officers", s.App.ImportOfficers))
	staff("POST", "/staff/import/items", app.PermManageCatalog, "批量导入执法事项", s.importUpload("items", s.App.ImportItems))
	staff("GET", "/staff/import/licences.csv", app.PermStaff, "行政许可决定导入模板", s.importTemplate(app.LicenceImportTemplate, "行政许可决定导入模板.csv"))
	staff("POST", "/staff/import/licences", app.PermHandleCases, "批量导入行政许可决定", s.importUpload("licences", s.App.ImportLicences))
}

// importColumnView describes one column of an import file.
type importColumnView struct {
	Header   string
	Required bool
}

// importView is the data of the import page. Kind names the form that failed
// ("officers" or "items"), whose problems are shown below it.
type importView struct {
	Kind           string
	Message        string
	Rows           []kit.ImportRowError
	OfficerColumns []importColumnView
	ItemColumns    []importColumnView
	LicenceColumns []importColumnView
}

func newImportView() *importView {
	v := &importView{}
	for _, c := range app.OfficerImportColumns {
		v.OfficerColumns = append(v.OfficerColumns, importColumnView{c.Header, c.Required})
	}
	for _, c := range app.ItemImportColumns {
		v.ItemColumns = append(v.ItemColumns, importColumnView{c.Header, c.Required})
	}
	for _, c := range app.LicenceImportColumns {
		v.LicenceColumns = append(v.LicenceColumns, importColumnView{c.Header, c.Required})
	}
	return v
}

// importPage shows the upload forms the actor may use.
func (s *Handlers) importPage(w http.ResponseWriter, r *http.Request) {
	s.Render(w, r, http.StatusOK, "staff_import", &kit.Page{Title: "批量导入", Nav: "import", D: newImportView()})
}

// importTemplate serves a CSV import template.
func (s *Handlers) importTemplate(body func() []byte, filename string) http.HandlerFunc {
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
func (s *Handlers) importUpload(kind string, run func(context.Context, string, io.Reader) (*app.ImportResult, error)) http.HandlerFunc {
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
			s.Render(w, r, http.StatusUnprocessableEntity, "staff_import", &kit.Page{Title: "批量导入", Nav: "import", D: v})
			return
		}
		defer file.Close()
		res, err := run(r.Context(), header.Filename, file)
		if err != nil {
			code := zhifa.ErrorCode(err)
			if code != zhifa.EINVALID && code != zhifa.EGATE && code != zhifa.ECONFLICT {
				s.Fail(w, r, err)
				return
			}
			v.Message = zhifa.ErrorMessage(err)
			v.Rows = kit.RowErrors(zhifa.ErrorFields(err))
			s.Render(w, r, kit.StatusOf(err), "staff_import", &kit.Page{Title: "批量导入", Nav: "import", D: v})
			return
		}
		var msg, target string
		if kind == "officers" {
			msg = "已导入执法人员" + strconv.Itoa(len(res.IDs)) + "名"
			if res.Certificates > 0 {
				msg += "，发放执法证件" + strconv.Itoa(res.Certificates) + "个"
			}
			target = "/staff/officers"
		} else if kind == "licences" {
			msg, target = "已导入行政许可决定"+strconv.Itoa(len(res.IDs))+"项，已进入公示队列", "/staff/licences"
		} else {
			msg, target = "已导入执法事项"+strconv.Itoa(len(res.IDs))+"项", "/staff/items"
		}
		s.RedirectFlash(w, r, target, msg)
	}
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
