package kit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/law"
)

// Page sizes of the lists.
const (
	PortalPageSize = 20
	StaffPageSize  = 20
)

// Common query parameters.
var (
	qLimit    = APIParam{"limit", "integer", "每页条数，1–200，默认50"}
	qOffset   = APIParam{"offset", "integer", "跳过的条数，默认0"}
	QQuery    = APIParam{"q", "string", "关键词"}
	QAgencyID = APIParam{"agency_id", "integer", "所属机关ID"}
	Paging    = []APIParam{qLimit, qOffset}
	// qFormat asks a list for a file instead of JSON (issue #12).
	QFormat = APIParam{"format", "string", "xlsx 或 csv：以文件（XLSX 工作簿或 UTF-8 CSV）返回全部符合筛选条件的记录，忽略分页；" +
		"超过1000条时返回 EINVALID，请增加筛选条件；导出记入审计日志"}
)

// apiPrefix is the path prefix of the JSON API.
const APIPrefix = "/api/v1"

// apiOp is one API route: its registration, its handler and what the OpenAPI document
// says about it. The route table in apiOps is the single source of both, so a route
// cannot be served without being documented.
type APIOp struct {
	Route
	Handler http.HandlerFunc
	// Desc is the longer Chinese description of the operation.
	Desc string
	// Query lists the query parameters.
	Query []APIParam
	// Body is a value of the JSON request body's type; nil for none.
	Body any
	// Upload marks a multipart/form-data request with the file in the part "file".
	Upload bool
	// Form, for an upload, is a value of the type whose JSON fields are the other form
	// fields; FileDesc describes the file. Without them the file is an import file.
	Form     any
	FileDesc string
	// Status is the success status; 0 means 200.
	Status int
	// Resp is a value of the JSON success response's type; nil for none (204) or for
	// a non-JSON response, see RespType.
	Resp any
	// RespType is the media type of a non-JSON success response, e.g. "text/csv".
	RespType string
}

// apiParam documents a query parameter.
type APIParam struct {
	Name string
	Type string // "integer", "string" or "boolean"
	Desc string
}

// apiReply answers v with status, or err.
func APIReply(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, status, v)
}

// tooLargeError is the EINVALID error of an upload over the size limit.
func TooLargeError(maxSize int64) error {
	return APIInvalid("file", fmt.Sprintf("文件过大：单个文件不能超过 %s", FormatBytes(maxSize)))
}

// readEvidenceUpload reads the metadata fields of a multipart upload up to its file.
// The returned Values hold what was read even on error, for a form to show again.
func ReadEvidenceUpload(w http.ResponseWriter, r *http.Request, maxSize int64) (*EvidenceUpload, error) {
	up := &EvidenceUpload{Values: url.Values{}}
	r.Body = http.MaxBytesReader(w, &idleReader{ReadCloser: r.Body, rc: http.NewResponseController(w)}, maxSize+uploadOverhead)
	if r.ContentLength > maxSize+uploadOverhead {
		return up, TooLargeError(maxSize)
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
			return up, APIInvalid(name, "内容过长或包含无效字符")
		}
		up.Values.Add(name, string(data))
	}
}

// evidenceInputOf reads the metadata of an upload. The declared type is the field
// "mime", else the file part's Content-Type. Problems of form are EINVALID.
func EvidenceInputOf(v url.Values, file *multipart.Part) (evidence.EvidenceInput, error) {
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
		for _, f := range SplitList(s) {
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

// formatBytes formats a size for people: "12.3 MiB", "4 GiB", "800 字节".
func FormatBytes(n int64) string {
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

// uploadReader reports an over-long request body as the size limit's EINVALID error.
type UploadReader struct {
	R      io.Reader
	TooBig error
}

func APIPublicCtx(r *http.Request) context.Context {
	return app.WithActor(r.Context(), APIPublicActor(r))
}

// requestIfAsked files an approval request instead of taking the step when the form of a
// head's step names someone else to approve it (approver_id): the step then waits for
// that person's own approval. requested is false when the actor acts in their own right.
func (s *Kit) RequestIfAsked(r *http.Request, caseID int64, action zhifa.Action, in app.ActionInput) (requested bool, err error) {
	if in.ApproverID == 0 || in.ApproverID == app.ActorFrom(r.Context()).UserID {
		in.ApproverID = 0
		return false, nil
	}
	_, err = s.App.RequestApproval(r.Context(), caseID, app.ApprovalRequestInput{Action: action, Input: in})
	return err == nil, err
}

// parseYuan parses an amount in yuan with at most two decimals into fen, exactly
// (app.ParseFen); ok is false for a malformed one.
func ParseYuan(s string) (int64, bool) {
	fen, err := app.ParseFen(s)
	return fen, err == nil
}

// yuanField formats fen as yuan for a form field; 0 is "".
func YuanField(fen int64) string {
	if fen == 0 {
		return ""
	}
	return law.Yuan(fen)
}

// drainBody reads what is left of a request body, up to maxDrain, so that a browser
// still sending a file receives the answer rather than a reset connection. A larger
// rest is not worth the transfer: the connection is then closed on it.
func DrainBody(r *http.Request) {
	io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
}

// importRowError is the problem of one row of a failed import.
type ImportRowError struct {
	Row     string
	Message string
}

// rowErrors orders the problems of a failed import by row number ("第3行" before "第12行").
func RowErrors(fields map[string]string) []ImportRowError {
	out := make([]ImportRowError, 0, len(fields))
	for k, msg := range fields {
		out = append(out, ImportRowError{k, msg})
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

// noteBody is the text of a signed note: everything up to the blank line before the
// signatures.
func NoteBody(signed []byte) []byte {
	for i := 0; i+1 < len(signed); i++ {
		if signed[i] == '\n' && signed[i+1] == '\n' {
			return signed[:i+1]
		}
	}
	return signed
}

// check is one checkbox of a group.
type Check struct {
	Value, Label string
	Checked      bool
}

// queryID reads a positive ID from the query string.
func QueryID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	return id, err == nil && id > 0
}

// publicContext is the request's context with the anonymous public as the actor, so
// that portal pages show what the public sees even to a logged-in user.
func PublicContext(r *http.Request) context.Context {
	return app.WithActor(r.Context(), &app.Actor{IP: ClientIP(r)})
}

// Route is one registered route and the permission it declares. The permission is what
// the route needs at least; the app method checks role and scope in full.
type Route struct {
	Method  string
	Pattern string
	Perm    app.Permission
	// API routes answer JSON and take bearer tokens; the others are HTML pages with cookies.
	API     bool
	Summary string // Chinese, one line; for the API it is the OpenAPI summary
}

type TokenKey struct{}

// sessionToken returns the token the request authenticated with, if any.
func SessionToken(r *http.Request) string {
	t, _ := r.Context().Value(TokenKey{}).(string)
	return t
}

// sessionCookie names the browser session cookie.
const SessionCookie = "zhifa_session"

// evidenceUpload is an upload read up to its file part.
type EvidenceUpload struct {
	Values url.Values
	// File is the first non-empty part named "file"; nil when there is none.
	File *multipart.Part
	// first is the first byte of File, read to tell it from an empty file input.
	first []byte
}

// uploadPartError is the error of reading an upload's form: over the size limit, or
// malformed or cut off.
func uploadPartError(err error, maxSize int64) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return TooLargeError(maxSize)
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "无法解析上传的表单（上传可能已中断）", Err: err}
}

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

// idleReader extends the connection's deadlines while a request body is read: the
// read deadline, and the write deadline so that the answer can still be written.
type idleReader struct {
	io.ReadCloser
	rc   *http.ResponseController
	next time.Time
}

// apiPublicActor is the anonymous public: the public endpoints answer the same to
// everyone, whether or not a token came with the request.
func APIPublicActor(r *http.Request) *app.Actor { return &app.Actor{IP: ClientIP(r)} }

// maxDrain bounds what drainBody reads.
const maxDrain = 64 << 20

// clientIP is the client address of the request (see Server.clientAddr).
func ClientIP(r *http.Request) string {
	if a, ok := r.Context().Value(ClientAddrKey{}).(string); ok {
		return a
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// bodyReadError explains a failed read of a small body; a timed-out body also ends the
// connection, which cannot be trusted to carry another request.
func bodyReadError(w http.ResponseWriter, err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		w.Header().Set("Connection", "close")
		return zhifa.Errorf(zhifa.EINVALID, "请求体传输超时，请检查网络后重试")
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "读取请求体失败", Err: err}
}

// Limits of an evidence upload's form.
const (
	uploadOverhead = 1 << 20 // multipart framing and metadata fields
	maxFieldBytes  = 8 << 10 // one metadata field
	maxFields      = 64      // metadata fields
)

// Content returns the reader of the file's content.
func (u *EvidenceUpload) Content() io.Reader {
	return io.MultiReader(bytes.NewReader(u.first), u.File)
}

func (r *idleReader) Read(p []byte) (int, error) {
	if now := time.Now(); now.After(r.next) {
		// Errors mean the connection has no deadlines to extend (ErrNotSupported).
		_ = r.rc.SetReadDeadline(now.Add(TransferIdle))
		_ = r.rc.SetWriteDeadline(now.Add(TransferIdle))
		r.next = now.Add(time.Second)
	}
	return r.ReadCloser.Read(p)
}

// captureLayouts are the accepted forms of captured_at: RFC 3339, and local times in
// CST as a datetime-local input sends them.
var captureLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05"}

// transferIdle is how long an evidence upload or download may stall. Evidence files are
// large and phones' networks slow: such a transfer is limited by inactivity rather than
// by the server's overall read and write timeouts, which idleReader and idleWriter
// push back while data flows.
const TransferIdle = 2 * time.Minute

type ClientAddrKey struct{}

func (u *UploadReader) Read(p []byte) (int, error) {
	n, err := u.R.Read(p)
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		err = u.TooBig
	}
	return n, err
}

// Has reports whether a field holding several values (checkboxes) holds value.
func (f *Form) Has(name, value string) bool {
	return slices.Contains(f.Values[name], value)
}
