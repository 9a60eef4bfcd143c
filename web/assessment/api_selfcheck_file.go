package assessment

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/assessment"
	"zhifa/web/kit"
)

// The self-check with its attachment through the API (评议考核, issue 14, F2): the
// workspace's form takes the report's file already; the API takes the same multipart
// form (year, text and the part "file") and serves the file to the staff who may read
// it, with the checks of assessment.Service.FileSelfCheck and OpenFile (the head's own
// act, the filing window, the type and size, the reads audited).

// selfCheckFileOps are the API operations of the self-check's attachment.
func (s *Handlers) selfCheckFileOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("POST", "/assessment-inputs/selfcheck/file", app.PermHandleCases, "提交附带附件的年度自查报告", s.apiSelfCheckWithFile), func(o *kit.APIOp) {
			o.Desc = "以 multipart/form-data 提交：year、text 为表单字段，附件放在 file 部分；其余要求同“提交年度自查报告”，新附件替换原附件。"
			o.Upload, o.Form, o.Resp = true, assessment.SelfCheckInput{}, zhifa.AssessmentInput{}
			o.FileDesc = "自查报告附件：PDF、图片（JPEG、PNG）或文本，按文件内容识别类型，不超过" + strconv.Itoa(assessment.MaxFileSize>>20) + "MB"
		}),
		with(op("GET", "/assessment-inputs/{id}/file", app.PermStaff, "下载年度自查报告附件", s.apiSelfCheckFile), func(o *kit.APIOp) {
			o.Desc, o.RespType = "本机关人员和监督范围覆盖它的执法监督人员下载（以附件形式下载）；每次下载记入审计日志。", "application/octet-stream"
		}),
	}
}

// apiSelfCheckWithFile files the self-check from its multipart form.
func (s *Handlers) apiSelfCheckWithFile(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		kit.WriteError(w, r, kit.APIInvalid("file", "请以 multipart/form-data 提交，附件放在 file 部分"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, assessment.MaxFileSize+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		kit.WriteError(w, r, kit.APIInvalid("file", "附件过大或上传中断，请重试"))
		return
	}
	defer r.MultipartForm.RemoveAll()
	value := func(name string) string {
		if vs := r.MultipartForm.Value[name]; len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
		return ""
	}
	year, err := strconv.Atoi(value("year"))
	if err != nil {
		kit.WriteError(w, r, kit.APIInvalid("year", "year 应为整数年度"))
		return
	}
	fhs := r.MultipartForm.File["file"]
	if len(fhs) != 1 {
		kit.WriteError(w, r, kit.APIInvalid("file", "请在 file 部分上传一个附件"))
		return
	}
	file, err := fhs[0].Open()
	if err != nil {
		kit.WriteError(w, r, kit.APIInvalid("file", "附件读取失败，请重试"))
		return
	}
	defer file.Close()
	in := assessment.SelfCheckInput{Year: year, Text: value("text"), File: &assessment.Attachment{Name: fhs[0].Filename, R: file}}
	v, err := s.App.Assessment().FileSelfCheck(r.Context(), in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

// apiSelfCheckFile serves a self-check's attachment as a download, never inline.
func (s *Handlers) apiSelfCheckFile(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	f, obj, err := s.App.Assessment().OpenFile(r.Context(), id)
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
