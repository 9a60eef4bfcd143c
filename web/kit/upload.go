package kit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zhifa"
	"zhifa/app/evidence"
)

// from shared.go
// tooLargeError is the EINVALID error of an upload over the size limit.
func TooLargeError(maxSize int64) error {
	return APIInvalid("file", fmt.Sprintf("文件过大：单个文件不能超过 %s", FormatBytes(maxSize)))
}

// from shared.go
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

// from shared.go
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

// from shared.go
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

// from shared.go
// uploadReader reports an over-long request body as the size limit's EINVALID error.
type UploadReader struct {
	R      io.Reader
	TooBig error
}

// from shared.go
// drainBody reads what is left of a request body, up to maxDrain, so that a browser
// still sending a file receives the answer rather than a reset connection. A larger
// rest is not worth the transfer: the connection is then closed on it.
func DrainBody(r *http.Request) {
	io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
}

// from shared.go
// evidenceUpload is an upload read up to its file part.
type EvidenceUpload struct {
	Values url.Values
	// File is the first non-empty part named "file"; nil when there is none.
	File *multipart.Part
	// first is the first byte of File, read to tell it from an empty file input.
	first []byte
}

// from shared.go
// uploadPartError is the error of reading an upload's form: over the size limit, or
// malformed or cut off.
func uploadPartError(err error, maxSize int64) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return TooLargeError(maxSize)
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "无法解析上传的表单（上传可能已中断）", Err: err}
}

// from shared.go
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

// from shared.go
// idleReader extends the connection's deadlines while a request body is read: the
// read deadline, and the write deadline so that the answer can still be written.
type idleReader struct {
	io.ReadCloser
	rc   *http.ResponseController
	next time.Time
}

// from shared.go
// maxDrain bounds what drainBody reads.
const maxDrain = 64 << 20

// from shared.go
// bodyReadError explains a failed read of a small body; a timed-out body also ends the
// connection, which cannot be trusted to carry another request.
func bodyReadError(w http.ResponseWriter, err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		w.Header().Set("Connection", "close")
		return zhifa.Errorf(zhifa.EINVALID, "请求体传输超时，请检查网络后重试")
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "读取请求体失败", Err: err}
}

// from shared.go
// Content returns the reader of the file's content.
func (u *EvidenceUpload) Content() io.Reader {
	return io.MultiReader(bytes.NewReader(u.first), u.File)
}

// from shared.go
func (r *idleReader) Read(p []byte) (int, error) {
	if now := time.Now(); now.After(r.next) {
		// Errors mean the connection has no deadlines to extend (ErrNotSupported).
		_ = r.rc.SetReadDeadline(now.Add(TransferIdle))
		_ = r.rc.SetWriteDeadline(now.Add(TransferIdle))
		r.next = now.Add(time.Second)
	}
	return r.ReadCloser.Read(p)
}

// from shared.go
// captureLayouts are the accepted forms of captured_at: RFC 3339, and local times in
// CST as a datetime-local input sends them.
var captureLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05"}

// from shared.go
// transferIdle is how long an evidence upload or download may stall. Evidence files are
// large and phones' networks slow: such a transfer is limited by inactivity rather than
// by the server's overall read and write timeouts, which idleReader and idleWriter
// push back while data flows.
const TransferIdle = 2 * time.Minute

// from shared.go
func (u *UploadReader) Read(p []byte) (int, error) {
	n, err := u.R.Read(p)
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		err = u.TooBig
	}
	return n, err
}

// Limits of an evidence upload's form.
const (
	uploadOverhead = 1 << 20 // multipart framing and metadata fields
	maxFieldBytes  = 8 << 10 // one metadata field
	maxFields      = 64      // metadata fields
)
