package supervision

import (
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/supervision"
	"zhifa/web/kit"
)

// Complaint attachments in the API (issue 14, F5): the public intake takes the same
// multipart form as the portal's complaint form — the fields of the JSON body as form
// fields and up to supervision.MaxFiles files in the repeated part "files", with the same
// size and type limits, proof of work and rate limit (supervision.Service.Submit checks
// them) — and the complaint's handlers download the attachments. The public tracking
// answer never lists them.

// complaintFilesPart is the repeated form part of a complaint's attachments.
const complaintFilesPart = "files"

// complaintUploadMax bounds a multipart complaint: every attachment at its limit plus
// the form fields and framing.
const complaintUploadMax = supervision.MaxFiles*supervision.MaxFileSize + 1<<20

// complaintRequest is a decoded public complaint: its input and attachments, and the
// clean-up of the attachments' temporary files.
type complaintRequest struct {
	In    supervision.ComplaintInput
	Files []supervision.Attachment
	form  *multipart.Form
	open  []multipart.File
}

// Close closes the attachments and removes their temporary files.
func (c *complaintRequest) Close() {
	for _, f := range c.open {
		f.Close()
	}
	if c.form != nil {
		c.form.RemoveAll()
	}
}

// readComplaintRequest reads a public complaint as JSON or, with attachments, as
// multipart/form-data.
func readComplaintRequest(w http.ResponseWriter, r *http.Request) (*complaintRequest, error) {
	c := &complaintRequest{}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return c, kit.DecodeJSON(w, r, &c.In)
	}
	r.Body = http.MaxBytesReader(w, r.Body, complaintUploadMax)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return c, kit.APIInvalid(complaintFilesPart, "附件过大或上传中断，请重试")
	}
	c.form = r.MultipartForm
	v := func(name string) string {
		if vs := c.form.Value[name]; len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
		return ""
	}
	c.In = supervision.ComplaintInput{Kind: zhifa.ComplaintKind(v("kind")), Subject: zhifa.ComplaintSubject(v("subject")),
		Target: v("target"), Content: v("content"), Request: v("request"), Name: v("name"), Phone: v("phone"),
		Address: v("address"), Challenge: v("challenge"), Nonce: v("nonce")}
	switch v("named") {
	case "", "false", "0", "off":
	case "true", "1", "on":
		c.In.Named = true
	default:
		return c, kit.APIInvalid("named", "named 应为 true 或 false")
	}
	if s := v("agency_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return c, kit.APIInvalid("agency_id", "agency_id 应为正整数")
		}
		c.In.AgencyID = id
	}
	for _, fh := range c.form.File[complaintFilesPart] {
		if len(c.Files) == supervision.MaxFiles {
			return c, kit.APIInvalid(complaintFilesPart, "附件不能超过"+strconv.Itoa(supervision.MaxFiles)+"个")
		}
		f, err := fh.Open()
		if err != nil {
			return c, kit.APIInvalid(complaintFilesPart, "附件读取失败，请重试")
		}
		c.open = append(c.open, f)
		c.Files = append(c.Files, supervision.Attachment{Name: fh.Filename, MIME: fh.Header.Get("Content-Type"), R: f})
	}
	return c, nil
}

// apiComplaintFile serves an attachment of a complaint to its handlers, as a download
// (the public uploaded it, so it is never rendered on this origin).
func (s *Handlers) apiComplaintFile(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	fileID, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil || fileID <= 0 {
		kit.WriteError(w, r, zhifa.NotFound("附件"))
		return
	}
	f, obj, err := s.App.Supervision().OpenFile(r.Context(), id, fileID)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	defer obj.Close()
	h := w.Header()
	h.Set("Content-Type", f.MIME)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "no-store")
	http.ServeContent(w, r, "", obj.ModTime(), obj)
}

// complaintFilesDesc describes the attachments of the multipart form.
var complaintFilesDesc = "附件（可选）：以 multipart/form-data 提交时，其余各项作为同名表单字段，附件放在重复的 files 部分；最多" +
	strconv.Itoa(supervision.MaxFiles) + "个，每个不超过" + strconv.Itoa(supervision.MaxFileSize>>20) + "MB，仅限图片（JPEG、PNG）、PDF或文本，按文件内容识别类型。"
