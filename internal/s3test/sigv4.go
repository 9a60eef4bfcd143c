package s3test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// AWS Signature Version 4, header form, as the blob package's client
// (minio-go) sends it. gofakes3 accepts any request; a test server that let
// a wrong secret through would hide a broken client configuration, so every
// request is checked here first (payload.go checks the body against it).

const (
	sigAlgorithm    = "AWS4-HMAC-SHA256"
	amzDateLayout   = "20060102T150405Z"
	maxClockSkew    = 15 * time.Minute
	unsignedPayload = "UNSIGNED-PAYLOAD"
)

// sigV4Auth is the parsed Authorization header.
type sigV4Auth struct {
	accessKey     string
	scope         string // date/region/service/aws4_request
	date          string // yyyymmdd, first part of scope
	region        string
	service       string
	signedHeaders []string
	signature     string
}

// parseSigV4 parses "AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/s3/aws4_request,
// SignedHeaders=host;x-amz-date, Signature=hex".
func parseSigV4(header string) (sigV4Auth, error) {
	rest, ok := strings.CutPrefix(header, sigAlgorithm+" ")
	if !ok {
		return sigV4Auth{}, errors.New("not an AWS4-HMAC-SHA256 signature")
	}
	var a sigV4Auth
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return sigV4Auth{}, fmt.Errorf("malformed Authorization part %q", part)
		}
		switch k {
		case "Credential":
			cred := strings.Split(v, "/")
			if len(cred) != 5 || cred[4] != "aws4_request" {
				return sigV4Auth{}, fmt.Errorf("malformed credential %q", v)
			}
			a.accessKey, a.date, a.region, a.service = cred[0], cred[1], cred[2], cred[3]
			a.scope = strings.Join(cred[1:], "/")
		case "SignedHeaders":
			a.signedHeaders = strings.Split(v, ";")
		case "Signature":
			a.signature = v
		}
	}
	if a.accessKey == "" || len(a.signedHeaders) == 0 || a.signature == "" {
		return sigV4Auth{}, errors.New("incomplete Authorization header")
	}
	return a, nil
}

// signedRequest is what a verified request's signature binds, kept to
// check the chunk signatures of a streaming upload.
type signedRequest struct {
	key       []byte // the derived signing key
	amzDate   string
	scope     string
	signature string
}

// verifySigV4 checks r's signature against the secret of its access key.
func verifySigV4(r *http.Request, keys map[string]string, now time.Time) (signedRequest, error) {
	a, err := parseSigV4(r.Header.Get("Authorization"))
	if err != nil {
		return signedRequest{}, err
	}
	secret, ok := keys[a.accessKey]
	if !ok {
		return signedRequest{}, fmt.Errorf("unknown access key %q", a.accessKey)
	}
	amzDate := r.Header.Get("X-Amz-Date")
	t, err := time.Parse(amzDateLayout, amzDate)
	if err != nil {
		return signedRequest{}, fmt.Errorf("bad X-Amz-Date %q", amzDate)
	}
	if d := now.Sub(t); d > maxClockSkew || d < -maxClockSkew {
		return signedRequest{}, fmt.Errorf("request time %s too far from now", amzDate)
	}
	if !strings.HasPrefix(amzDate, a.date) {
		return signedRequest{}, errors.New("credential date differs from X-Amz-Date")
	}
	if !signs(a.signedHeaders, "host") || !signs(a.signedHeaders, "x-amz-date") {
		return signedRequest{}, errors.New("host and x-amz-date must be signed")
	}
	payload := r.Header.Get("X-Amz-Content-Sha256")
	if payload == "" {
		payload = unsignedPayload
	}
	canonical := canonicalRequest(r, a.signedHeaders, payload)
	sum := sha256.Sum256([]byte(canonical))
	toSign := strings.Join([]string{sigAlgorithm, amzDate, a.scope, hex.EncodeToString(sum[:])}, "\n")
	key := hmacSHA256([]byte("AWS4"+secret), a.date)
	for _, s := range []string{a.region, a.service, "aws4_request"} {
		key = hmacSHA256(key, s)
	}
	want := hex.EncodeToString(hmacSHA256(key, toSign))
	if !hmac.Equal([]byte(want), []byte(a.signature)) {
		return signedRequest{}, errors.New("signature does not match")
	}
	return signedRequest{key: key, amzDate: amzDate, scope: a.scope, signature: a.signature}, nil
}

// chunkSignature is the signature of one chunk of a streaming upload,
// chained to the previous one (the request's for the first).
func (s signedRequest) chunkSignature(prev string, data []byte) string {
	empty := sha256.Sum256(nil)
	sum := sha256.Sum256(data)
	toSign := strings.Join([]string{sigAlgorithm + "-PAYLOAD", s.amzDate, s.scope, prev,
		hex.EncodeToString(empty[:]), hex.EncodeToString(sum[:])}, "\n")
	return hex.EncodeToString(hmacSHA256(s.key, toSign))
}

func signs(headers []string, name string) bool {
	for _, h := range headers {
		if h == name {
			return true
		}
	}
	return false
}

// canonicalRequest builds the SigV4 canonical request of r.
func canonicalRequest(r *http.Request, signed []string, payload string) string {
	var b strings.Builder
	b.WriteString(r.Method + "\n")
	b.WriteString(r.URL.EscapedPath() + "\n")
	b.WriteString(canonicalQuery(r.URL.Query()) + "\n")
	for _, h := range signed {
		b.WriteString(h + ":" + headerValue(r, h) + "\n")
	}
	b.WriteString("\n" + strings.Join(signed, ";") + "\n" + payload)
	return b.String()
}

func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vals := append([]string(nil), q[k]...)
		sort.Strings(vals)
		for _, v := range vals {
			parts = append(parts, sigEscape(k)+"="+sigEscape(v))
		}
	}
	return strings.Join(parts, "&")
}

// sigEscape is URI encoding as SigV4 defines it: everything but unreserved
// characters percent-encoded, space as %20.
func sigEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

func headerValue(r *http.Request, name string) string {
	switch name {
	case "host":
		return r.Host
	case "content-length":
		return fmt.Sprint(r.ContentLength)
	}
	vals := r.Header.Values(name)
	for i, v := range vals {
		vals[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(vals, ",")
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
