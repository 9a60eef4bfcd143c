package supervision

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zhifa"
	"zhifa/app/supervision"
	"zhifa/web/kit"
)

// A social supervisor's remark with its photos and files (issue 14, F5): the remark's
// form and the API take the fields of the JSON body as form fields and up to
// supervision.MaxFiles attachments in the repeated part "files", with a complaint's size
// and type limits (checked in supervision.Service.RecordRemark); the staff who see the
// remark download them, each read audited. Attachments are never served publicly.

// remarkFilesPart is the repeated form part of a remark's attachments.
const remarkFilesPart = "files"

// remarkRequest is a decoded remark: its input with the attachments, and the clean-up
// of their temporary files.
type remarkRequest struct {
	In   supervision.RemarkInput
	form *multipart.Form
	open []multipart.File
}

// Close closes the attachments and removes their temporary files.
func (c *remarkRequest) Close() {
	for _, f := range c.open {
		f.Close()
	}
	if c.form != nil {
		c.form.RemoveAll()
	}
}

// parseRemarkForm reads a remark form (multipart with attachments, or plain) into f and
// collects its attachments, skipping the empty file input a browser sends; a failure is
// a field error.
func parseRemarkForm(w http.ResponseWriter, r *http.Request, f *kit.Form) (*remarkRequest, error) {
	c := &remarkRequest{}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		// A form without a file input (or a client that sends none) posts plain fields.
		if err := r.ParseForm(); err != nil {
			return c, kit.APIInvalid("text", "表单无效，请重试")
		}
		f.Values = r.PostForm
		return c, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, complaintUploadMax)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return c, kit.APIInvalid(remarkFilesPart, "附件过大或上传中断，请重试")
	}
	c.form = r.MultipartForm
	f.Values = c.form.Value
	for _, fh := range c.form.File[remarkFilesPart] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		if len(c.In.Files) == supervision.MaxFiles {
			return c, kit.APIInvalid(remarkFilesPart, "附件不能超过"+strconv.Itoa(supervision.MaxFiles)+"个")
		}
		file, err := fh.Open()
		if err != nil {
			return c, kit.APIInvalid(remarkFilesPart, "附件读取失败，请重试")
		}
		c.open = append(c.open, file)
		c.In.Files = append(c.In.Files, supervision.Attachment{Name: fh.Filename, MIME: fh.Header.Get("Content-Type"), R: file})
	}
	return c, nil
}

// readRemarkRequest reads a remark of the API as JSON or, with attachments, as
// multipart/form-data.
func readRemarkRequest(w http.ResponseWriter, r *http.Request) (*remarkRequest, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		c := &remarkRequest{}
		return c, kit.DecodeJSON(w, r, &c.In)
	}
	f := kit.NewForm()
	c, err := parseRemarkForm(w, r, f)
	if err != nil {
		return c, err
	}
	for _, name := range []string{"agency_id", "case_id"} {
		if v := strings.TrimSpace(f.V(name)); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				return c, kit.APIInvalid(name, name+" 应为正整数")
			}
			if name == "agency_id" {
				c.In.AgencyID = id
			} else {
				c.In.CaseID = id
			}
		}
	}
	if v := strings.TrimSpace(f.V("accompanied_on")); v != "" {
		d, err := zhifa.ParseDate(v)
		if err != nil {
			return c, kit.APIInvalid("accompanied_on", "日期格式应为 YYYY-MM-DD")
		}
		c.In.AccompaniedOn = d
	}
	c.In.Text = f.V("text")
	return c, nil
}

// remarkFilesDesc describes the attachments of the multipart form.
var remarkFilesDesc = "照片或文件（可选）：以 multipart/form-data 提交时，其余各项作为同名表单字段，附件放在重复的 files 部分；最多" +
	strconv.Itoa(supervision.MaxFiles) + "个，每个不超过" + strconv.Itoa(supervision.MaxFileSize>>20) + "MB，仅限图片（JPEG、PNG）、PDF或文本，按文件内容识别类型。"

// remarkFileIDs reads the remark and file IDs of the path.
func remarkFileIDs(r *http.Request) (int64, int64, bool) {
	id, ok := kit.PathID(r, "id")
	fileID, ok2 := kit.PathID(r, "file")
	return id, fileID, ok && ok2
}

// apiRemarkFile serves an attachment of a remark to the staff who see the remark.
func (s *Handlers) apiRemarkFile(w http.ResponseWriter, r *http.Request) {
	id, fileID, ok := remarkFileIDs(r)
	if !ok {
		kit.WriteError(w, r, zhifa.NotFound("附件"))
		return
	}
	f, obj, err := s.App.Supervision().OpenRemarkFile(r.Context(), id, fileID)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	defer obj.Close()
	serveDownload(w, r, f.Name, f.MIME, obj.ModTime(), obj)
}

// remarkFile is the page route of the same download.
func (s *Handlers) remarkFile(w http.ResponseWriter, r *http.Request) {
	id, fileID, ok := remarkFileIDs(r)
	if !ok {
		s.NotFound(w, r)
		return
	}
	f, obj, err := s.App.Supervision().OpenRemarkFile(r.Context(), id, fileID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	defer obj.Close()
	serveDownload(w, r, f.Name, f.MIME, obj.ModTime(), obj)
}

// serveDownload serves an uploaded file as a download, never rendered on this origin.
func serveDownload(w http.ResponseWriter, r *http.Request, name, mimeType string, mod time.Time, content io.ReadSeeker) {
	h := w.Header()
	h.Set("Content-Type", mimeType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "no-store")
	http.ServeContent(w, r, "", mod, content)
}
