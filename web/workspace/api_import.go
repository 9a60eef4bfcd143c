package workspace

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// importFunc is an app import: ImportOfficers or ImportItems.
type importFunc func(ctx context.Context, filename string, r io.Reader) (*app.ImportResult, error)

func (s *Handlers) APIImportOfficers(w http.ResponseWriter, r *http.Request) {
	s.apiImport(w, r, s.App.ImportOfficers)
}

func (s *Handlers) APIImportItems(w http.ResponseWriter, r *http.Request) {
	s.apiImport(w, r, s.App.ImportItems)
}

// apiImport streams the multipart part "file" into an import. The body is capped a little
// above app.MaxImportSize for the multipart framing; the app checks the file's own size.
func (s *Handlers) apiImport(w http.ResponseWriter, r *http.Request, fn importFunc) {
	tooBig := zhifa.Errorf(zhifa.EINVALID, "文件超过%d MiB上限，请分批导入", app.MaxImportSize>>20)
	if r.ContentLength > app.MaxImportSize+(1<<20) {
		kit.WriteError(w, r, tooBig)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, app.MaxImportSize+(1<<20))
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		kit.WriteError(w, r, zhifa.Errorf(zhifa.EINVALID, "请以 multipart/form-data 上传文件（表单字段 file）"))
		return
	}
	mr, err := r.MultipartReader()
	if err != nil {
		kit.WriteError(w, r, zhifa.Errorf(zhifa.EINVALID, "无法解析上传的表单"))
		return
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			var mb *http.MaxBytesError
			switch {
			case errors.As(err, &mb):
				kit.WriteError(w, r, tooBig)
			case err == io.EOF:
				kit.WriteError(w, r, kit.APIInvalid("file", "请选择要上传的文件（表单字段 file）"))
			default:
				kit.WriteError(w, r, zhifa.Errorf(zhifa.EINVALID, "无法解析上传的表单"))
			}
			return
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		res, err := fn(r.Context(), part.FileName(), &kit.UploadReader{R: part, TooBig: tooBig})
		part.Close()
		kit.APIReply(w, r, http.StatusCreated, res, err)
		return
	}
}

func (s *Handlers) APIOfficerTemplate(w http.ResponseWriter, r *http.Request) {
	writeCSV(w, "执法人员导入模板.csv", app.OfficerImportTemplate())
}

func (s *Handlers) APIItemTemplate(w http.ResponseWriter, r *http.Request) {
	writeCSV(w, "执法事项导入模板.csv", app.ItemImportTemplate())
}

// writeCSV answers a CSV download named filename.
func writeCSV(w http.ResponseWriter, filename string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="template.csv"; filename*=UTF-8''`+url.PathEscape(filename))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

// ImportHeaders lists the header of an import file, for the API description.
func ImportHeaders(cols []app.ImportColumn) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Header
		if c.Required {
			names[i] += "（必填）"
		}
	}
	return strings.Join(names, "、")
}
