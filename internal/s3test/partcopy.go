package s3test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// isPartCopy reports whether r is UploadPartCopy: a multipart upload part
// whose bytes come from an existing object. minio-go's ComposeObject, which
// blob/s3.go uses to move a finished upload to its final name, sends it;
// gofakes3 does not implement it, so partCopy turns it into an ordinary
// UploadPart.
func isPartCopy(r *http.Request) bool {
	return r.Method == http.MethodPut && r.URL.Query().Get("uploadId") != "" &&
		r.Header.Get("X-Amz-Copy-Source") != ""
}

// partCopy serves UploadPartCopy by reading the source range from the
// backend and passing it to gofakes3 as the part's body.
func (h *authHandler) partCopy(w http.ResponseWriter, r *http.Request) {
	src, size, err := h.openCopySource(r.Header.Get("X-Amz-Copy-Source"), r.Header.Get("X-Amz-Copy-Source-Range"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", err.Error())
		return
	}
	defer src.Close()
	part := r.Clone(r.Context())
	for k := range part.Header {
		if strings.HasPrefix(k, "X-Amz-Copy-Source") {
			part.Header.Del(k)
		}
	}
	part.Body = src
	part.ContentLength = size
	part.Header.Set("Content-Length", strconv.FormatInt(size, 10))
	part.Header.Set("X-Amz-Content-Sha256", unsignedPayload)
	rec := httptest.NewRecorder()
	h.next.ServeHTTP(rec, part)
	if rec.Code != http.StatusOK {
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		return
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	xml.NewEncoder(&buf).Encode(struct {
		XMLName      xml.Name `xml:"CopyPartResult"`
		ETag         string
		LastModified string
	}{ETag: rec.Header().Get("ETag"), LastModified: time.Now().UTC().Format(time.RFC3339)})
	w.Header().Set("Content-Type", "application/xml")
	w.Write(buf.Bytes())
}

// openCopySource opens "bucket/key" (URL-encoded, optionally with a leading
// slash), limited to "bytes=FIRST-LAST" when rng is set, and returns the
// number of bytes it will read.
func (h *authHandler) openCopySource(src, rng string) (io.ReadCloser, int64, error) {
	src, err := url.PathUnescape(strings.TrimPrefix(src, "/"))
	if err != nil {
		return nil, 0, fmt.Errorf("bad copy source: %w", err)
	}
	bucket, key, ok := strings.Cut(src, "/")
	if !ok || key == "" {
		return nil, 0, fmt.Errorf("copy source %q is not bucket/key", src)
	}
	key, _, _ = strings.Cut(key, "?") // no versions here
	var rr *gofakes3.ObjectRangeRequest
	if rng != "" {
		first, last, ok := strings.Cut(strings.TrimPrefix(rng, "bytes="), "-")
		a, errA := strconv.ParseInt(first, 10, 64)
		b, errB := strconv.ParseInt(last, 10, 64)
		if !ok || errA != nil || errB != nil || a < 0 || b < a {
			return nil, 0, fmt.Errorf("bad copy source range %q", rng)
		}
		rr = &gofakes3.ObjectRangeRequest{Start: a, End: b}
	}
	obj, err := h.backend.GetObject(bucket, key, rr)
	if err != nil {
		return nil, 0, fmt.Errorf("copy source %s: %w", src, err)
	}
	size := obj.Size
	if obj.Range != nil {
		size = obj.Range.Length
	}
	return obj.Contents, size, nil
}
