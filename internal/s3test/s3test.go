// Package s3test is the S3-compatible server that the tests run against: an
// in-memory gofakes3 (a small real implementation of the S3 REST API in Go)
// behind a check of AWS Signature Version 4, so that a client with a wrong
// key is refused as by a real service. scripts/s3test.sh starts it as a
// separate process (cmd/s3testd) and exports ZHIFA_TEST_S3.
package s3test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Handler returns an S3 handler holding the given buckets, accepting only
// requests signed with a key in keys (access key → secret key).
func Handler(keys map[string]string, buckets ...string) (http.Handler, error) {
	backend := s3mem.New()
	for _, b := range buckets {
		if err := backend.CreateBucket(b); err != nil {
			return nil, fmt.Errorf("s3test: create bucket %q: %w", b, err)
		}
	}
	fake := gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server()
	for _, b := range buckets {
		if err := primeUploads(fake, b); err != nil {
			return nil, fmt.Errorf("s3test: bucket %q: %w", b, err)
		}
	}
	return &authHandler{keys: keys, backend: backend, next: fake}, nil
}

// primeUploads starts and aborts one multipart upload in bucket: gofakes3
// answers ListMultipartUploads with NoSuchUpload for a bucket that has never
// had one, where S3 answers with an empty list.
func primeUploads(fake http.Handler, bucket string) error {
	key := "/" + bucket + "/.s3test-prime"
	rec := httptest.NewRecorder()
	fake.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, key+"?uploads", nil))
	var started struct{ UploadId string }
	if err := xml.Unmarshal(rec.Body.Bytes(), &started); err != nil || rec.Code != http.StatusOK {
		return fmt.Errorf("start upload: %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	fake.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, key+"?uploadId="+url.QueryEscape(started.UploadId), nil))
	if rec.Code != http.StatusNoContent {
		return fmt.Errorf("abort upload: %d %s", rec.Code, rec.Body)
	}
	return nil
}

type authHandler struct {
	keys    map[string]string
	backend gofakes3.Backend
	next    http.Handler
}

func (h *authHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sig, err := verifySigV4(r, h.keys, time.Now())
	if err != nil {
		slog.Info("s3test: refused request", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusForbidden, "SignatureDoesNotMatch", err.Error())
		return
	}
	if err := checkPayload(r, sig); err != nil {
		slog.Info("s3test: refused body", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusBadRequest, "XAmzContentSHA256Mismatch", err.Error())
		return
	}
	if isPartCopy(r) {
		h.partCopy(w, r)
		return
	}
	h.next.ServeHTTP(w, r)
}

// writeError answers in S3's XML error format, which clients parse.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	xml.NewEncoder(&buf).Encode(struct {
		XMLName xml.Name `xml:"Error"`
		Code    string
		Message string
	}{Code: code, Message: msg})
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	io.Copy(w, &buf)
}
