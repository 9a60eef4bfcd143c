package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zhifa"
	"zhifa/app/evidence"
)

// Evidence uploads are multipart/form-data, read as a stream with mime/multipart: the
// metadata fields come first and are read into memory (a few KiB at most), then the
// part "file" is handed to the app as a reader, so a file of any size passes through
// in bounded memory. The request body is capped at the size limit plus uploadOverhead
// for the framing and the fields. Fields after the file part are not read.

// Limits of an evidence upload's form.
const (
	uploadOverhead = 1 << 20 // multipart framing and metadata fields
	maxFieldBytes  = 8 << 10 // one metadata field
	maxFields      = 64      // metadata fields
)

// evidenceUpload is an upload read up to its file part.
type evidenceUpload struct {
	Values url.Values
	// File is the first non-empty part named "file"; nil when there is none.
	File *multipart.Part
	// first is the first byte of File, read to tell it from an empty file input.
	first []byte
}

// Content returns the reader of the file's content.
func (u *evidenceUpload) Content() io.Reader {
	return io.MultiReader(bytes.NewReader(u.first), u.File)
}

// tooLargeError is the EINVALID error of an upload over the size limit.
func tooLargeError(maxSize int64) error {
	return apiInvalid("file", fmt.Sprintf("文件过大：单个文件不能超过 %s", formatBytes(maxSize)))
}

// readEvidenceUpload reads the metadata fields of a multipart upload up to its file.
// The returned Values hold what was read even on error, for a form to show again.
func readEvidenceUpload(w http.ResponseWriter, r *http.Request, maxSize int64) (*evidenceUpload, error) {
	up := &evidenceUpload{Values: url.Values{}}
	r.Body = http.MaxBytesReader(w, &idleReader{ReadCloser: r.Body, rc: http.NewResponseController(w)}, maxSize+uploadOverhead)
	if r.ContentLength > maxSize+uploadOverhead {
		return up, tooLargeError(maxSize)
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return up, zhifa.Errorf(zhifa.EINVALID, "请以 multipart/form-data 上传：先填写各项信息，最后是文件（表单字段 file）")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return up, zhifa.Errorf(zhifa.EINVALID, "无法解析上传的表单")
	}
	fields := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return up, nil
		} else if err != nil {
			return up, uploadPartError(err, maxSize)
		}
		name := part.FormName()
		if name == "file" {
			// The file, unless empty: a form may offer two file inputs (camera and files),
			// one of them left empty.
			var b [1]byte
			n, err := io.ReadFull(part, b[:])
			if n == 1 {
				up.File, up.first = part, b[:]
				return up, nil
			}
			part.Close()
			if err != io.EOF {
				return up, uploadPartError(err, maxSize)
			}
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		part.Close()
		if err != nil {
			return up, uploadPartError(err, maxSize)
		}
		if name == "" {
			continue
		}
		if fields++; fields > maxFields {
			return up, zhifa.Errorf(zhifa.EINVALID, "表单字段过多")
		}
		if len(data) > maxFieldBytes || !utf8.Valid(data) {
			return up, apiInvalid(name, "内容过长或包含无效字符")
		}
		up.Values.Add(name, string(data))
	}
}

// uploadPartError is the error of reading an upload's form: over the size limit, or
// malformed or cut off.
func uploadPartError(err error, maxSize int64) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return tooLargeError(maxSize)
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "无法解析上传的表单（上传可能已中断）", Err: err}
}

// captureLayouts are the accepted forms of captured_at: RFC 3339, and local times in
// CST as a datetime-local input sends them.
var captureLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05"}

// parseCaptureTime parses captured_at.
func parseCaptureTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range captureLayouts {
		if t, err := time.ParseInLocation(layout, s, zhifa.CST); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// evidenceInputOf reads the metadata of an upload. The declared type is the field
// "mime", else the file part's Content-Type. Problems of form are EINVALID.
func evidenceInputOf(v url.Values, file *multipart.Part) (evidence.EvidenceInput, error) {
	errs := zhifa.FieldErrors{}
	in := evidence.EvidenceInput{Kind: zhifa.EvidenceKind(strings.TrimSpace(v.Get("kind"))), Title: v.Get("title"), MIME: v.Get("mime"),
		DeviceID: v.Get("device_id"), Place: v.Get("place"), CaseRef: v.Get("case_ref")}
	if in.MIME == "" && file != nil {
		in.MIME = file.Header.Get("Content-Type")
	}
	if s := strings.TrimSpace(v.Get("captured_at")); s != "" {
		t, ok := parseCaptureTime(s)
		if !ok {
			errs.Add("captured_at", "时间格式应为 2026-03-02T09:30（北京时间）或 RFC 3339")
		}
		in.CapturedAt = t
	}
	for _, s := range v["officer_ids"] {
		for _, f := range splitList(s) {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil || id <= 0 {
				errs.Add("officer_ids", "执法人员编号应为正整数")
				continue
			}
			in.OfficerIDs = append(in.OfficerIDs, id)
		}
	}
	coord := func(name string) *float64 {
		s := strings.TrimSpace(v.Get(name))
		if s == "" {
			return nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			errs.Add(name, "请输入数字（十进制度）")
			return nil
		}
		return &f
	}
	in.Lat, in.Lng = coord("lat"), coord("lng")
	if err := errs.Err(); err != nil {
		return in, err
	}
	return in, nil
}

// readAPIUpload reads the fields of a multipart evidence upload of the API, up to its
// file part, after refusing early (before a large body is read) an actor who may not
// upload. It returns the evidence input and the file's content, limited to the
// configured size; on error it has answered and ok is false. The caller closes up.File.
func (s *Server) readAPIUpload(w http.ResponseWriter, r *http.Request) (up *evidenceUpload, in evidence.EvidenceInput, content io.Reader, ok bool) {
	if err := s.App.Evidence().EvidenceUploadAllowed(r.Context()); err != nil {
		writeError(w, r, err)
		return nil, in, nil, false
	}
	maxSize := s.App.Evidence().MaxEvidenceSize()
	up, err := readEvidenceUpload(w, r, maxSize)
	if err == nil && up.File == nil {
		err = apiInvalid("file", "请选择要上传的文件（表单字段 file，置于其他字段之后）")
	}
	if err == nil {
		if in, err = evidenceInputOf(up.Values, up.File); err != nil {
			up.File.Close()
		}
	}
	if err != nil {
		writeError(w, r, err)
		return nil, in, nil, false
	}
	return up, in, &uploadReader{up.Content(), tooLargeError(maxSize)}, true
}

// apiUploadEvidence handles POST /api/v1/evidence.
func (s *Server) apiUploadEvidence(w http.ResponseWriter, r *http.Request) {
	up, in, content, ok := s.readAPIUpload(w, r)
	if !ok {
		return
	}
	defer up.File.Close()
	v, err := s.App.Evidence().UploadEvidence(r.Context(), in, content)
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Location", apiPrefix+"/evidence/"+id64(v.ID))
	writeJSON(w, http.StatusCreated, newEvidenceDoc(v))
}

// evidenceDoc is an evidence file's metadata as the API answers it, with links to its
// content, its access log and the proof of its ledger entry.
type evidenceDoc struct {
	*evidence.EvidenceView
	Links evidenceLinks `json:"links"`
}

// evidenceLinks are the addresses of an evidence file's resources.
type evidenceLinks struct {
	Content string `json:"content"`
	Access  string `json:"access"`
	// Proof is the inclusion proof of the ledger entry, once a checkpoint covers it.
	Proof string `json:"proof,omitempty"`
	// Entry is the ledger entry's bundle (C2SP tlog-tiles), once a checkpoint covers it.
	Entry string `json:"entry,omitempty"`
}

func newEvidenceDoc(v *evidence.EvidenceView) *evidenceDoc {
	base := apiPrefix + "/evidence/" + id64(v.ID)
	d := &evidenceDoc{EvidenceView: v, Links: evidenceLinks{Content: base + "/content", Access: base + "/access"}}
	if v.Ledger.Covered {
		d.Links.Proof = fmt.Sprintf("%s/ledger/proof/inclusion?index=%d", apiPrefix, v.Ledger.Index)
		d.Links.Entry = "/staff/ledger/" + strconv.FormatInt(v.Ledger.Index, 10)
	}
	return d
}

// evidenceDocList is one page of evidence.
type evidenceDocList struct {
	Evidence []*evidenceDoc `json:"evidence"`
	Total    int            `json:"total"`
}

// evidenceFilterOf reads the evidence list filters.
func evidenceFilterOf(q *apiQuery) zhifa.EvidenceFilter {
	f := zhifa.EvidenceFilter{AgencyID: q.id("agency_id"), Query: q.text("q"), Page: q.page(apiMaxLimit)}
	if k := zhifa.EvidenceKind(q.text("kind")); k != "" {
		if !k.Valid() {
			q.errs.Add("kind", "证据类别无效")
		}
		f.Kind = k
	}
	return f
}

func (s *Server) apiEvidenceList(w http.ResponseWriter, r *http.Request) {
	q := newAPIQuery(r)
	f := evidenceFilterOf(q)
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	list, err := s.App.Evidence().EvidenceList(r.Context(), f)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := &evidenceDocList{Evidence: []*evidenceDoc{}, Total: list.Total}
	for _, v := range list.Evidence {
		out.Evidence = append(out.Evidence, newEvidenceDoc(v))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiEvidence(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.App.Evidence().Evidence(r.Context(), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newEvidenceDoc(v))
}

func (s *Server) apiEvidenceAccess(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	q := newAPIQuery(r)
	p := q.page(apiMaxLimit)
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	list, err := s.App.Evidence().EvidenceAccess(r.Context(), id, p)
	apiReply(w, r, http.StatusOK, list, err)
}

func (s *Server) apiEvidenceContent(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.serveEvidenceContent(w, r, id, func(err error) { writeError(w, r, err) })
}

// serveEvidenceContent serves an evidence file's content with range support (so video
// can be scrubbed), after the app has logged the read: ?reason= is the reason of the
// read (required of supervisors), ?download=1 asks for a download rather than inline
// display. The ETag is the SHA-256 of the content. fail answers errors.
func (s *Server) serveEvidenceContent(w http.ResponseWriter, r *http.Request, id int64, fail func(error)) {
	q := r.URL.Query()
	obj, e, err := s.App.Evidence().OpenEvidence(r.Context(), id, q.Get("reason"))
	if err != nil {
		if r.Context().Err() != nil {
			return // the client went away (a player often cancels a request); nothing was read
		}
		fail(err)
		return
	}
	defer obj.Close()
	name := "evidence-" + id64(e.ID) + evidence.EvidenceFileExt(e.MIME)
	disposition := "inline"
	if q.Get("download") == "1" {
		disposition = "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", e.MIME)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	w = &idleWriter{ResponseWriter: w, rc: http.NewResponseController(w)}
	h.Set("ETag", `"`+e.SHA256+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	// Evidence is confidential and every read is logged: nothing keeps a copy.
	h.Set("Cache-Control", "private, no-store")
	if e.MIME != "application/pdf" {
		// Opened by itself, the file runs no script (the types accepted run none anyway).
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; media-src 'self'")
	}
	http.ServeContent(w, r, name, e.UploadedAt, obj)
}

// formatBytes formats a size for people: "12.3 MiB", "4 GiB", "800 字节".
func formatBytes(n int64) string {
	units := []struct {
		name string
		size int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}}
	for _, u := range units {
		if n >= u.size {
			if n%u.size == 0 {
				return fmt.Sprintf("%d %s", n/u.size, u.name)
			}
			return fmt.Sprintf("%.1f %s", float64(n)/float64(u.size), u.name)
		}
	}
	return fmt.Sprintf("%d 字节", n)
}

// transferIdle is how long an evidence upload or download may stall. Evidence files are
// large and phones' networks slow: such a transfer is limited by inactivity rather than
// by the server's overall read and write timeouts, which idleReader and idleWriter
// push back while data flows.
const transferIdle = 2 * time.Minute

// idleReader extends the connection's deadlines while a request body is read: the
// read deadline, and the write deadline so that the answer can still be written.
type idleReader struct {
	io.ReadCloser
	rc   *http.ResponseController
	next time.Time
}

func (r *idleReader) Read(p []byte) (int, error) {
	if now := time.Now(); now.After(r.next) {
		// Errors mean the connection has no deadlines to extend (ErrNotSupported).
		_ = r.rc.SetReadDeadline(now.Add(transferIdle))
		_ = r.rc.SetWriteDeadline(now.Add(transferIdle))
		r.next = now.Add(time.Second)
	}
	return r.ReadCloser.Read(p)
}

// idleWriter extends the connection's write deadline while a response is written.
type idleWriter struct {
	http.ResponseWriter
	rc   *http.ResponseController
	next time.Time
}

func (w *idleWriter) Write(p []byte) (int, error) {
	if now := time.Now(); now.After(w.next) {
		_ = w.rc.SetWriteDeadline(now.Add(transferIdle))
		w.next = now.Add(time.Second)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *idleWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
