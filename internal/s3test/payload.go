package s3test

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxBody bounds a request body that is read into memory to be checked.
const maxBody = 256 << 20

const streamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"

// checkPayload makes r's body what its signature says: a streaming
// (aws-chunked) body is decoded with each chunk's signature checked, a body
// with a signed SHA-256 is checked against it. r is then left with a plain
// body, its length and an UNSIGNED-PAYLOAD marker, which gofakes3 handles on
// every route (it decodes aws-chunked only for single-part PUTs).
func checkPayload(r *http.Request, sig signedRequest) error {
	declared := r.Header.Get("X-Amz-Content-Sha256")
	switch {
	case declared == "" || declared == unsignedPayload:
		return nil
	case declared == streamingPayload:
		data, err := decodeChunks(r.Body, sig)
		if err != nil {
			return err
		}
		setBody(r, data)
		r.Header.Del("X-Amz-Decoded-Content-Length")
		if ce := strings.TrimPrefix(strings.TrimPrefix(r.Header.Get("Content-Encoding"), "aws-chunked"), ","); ce != "" {
			r.Header.Set("Content-Encoding", ce)
		} else {
			r.Header.Del("Content-Encoding")
		}
		return nil
	case strings.HasPrefix(declared, "STREAMING-"):
		return fmt.Errorf("payload mode %s is not supported by this test server", declared)
	}
	if r.Body == nil {
		setBody(r, nil)
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return err
	}
	if len(data) > maxBody {
		return errors.New("body too large for the test server")
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != declared {
		return errors.New("body does not match X-Amz-Content-Sha256")
	}
	setBody(r, data)
	return nil
}

func setBody(r *http.Request, data []byte) {
	r.Body = io.NopCloser(bytes.NewReader(data))
	r.ContentLength = int64(len(data))
	r.Header.Set("Content-Length", strconv.Itoa(len(data)))
	r.Header.Set("X-Amz-Content-Sha256", unsignedPayload)
}

// decodeChunks reads an aws-chunked body: chunks of
// "HEXSIZE;chunk-signature=SIG\r\nDATA\r\n", ending with a chunk of size 0.
func decodeChunks(body io.Reader, sig signedRequest) ([]byte, error) {
	br := bufio.NewReader(body)
	var out bytes.Buffer
	prev := sig.signature
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("chunk header: %w", err)
		}
		sizeHex, chunkSig, ok := strings.Cut(strings.TrimRight(line, "\r\n"), ";chunk-signature=")
		size, perr := strconv.ParseInt(sizeHex, 16, 64)
		if !ok || perr != nil || size < 0 || int64(out.Len())+size > maxBody {
			return nil, fmt.Errorf("bad chunk header %q", line)
		}
		data := make([]byte, size)
		if _, err := io.ReadFull(br, data); err != nil {
			return nil, fmt.Errorf("chunk data: %w", err)
		}
		if crlf, err := br.ReadString('\n'); err != nil || crlf != "\r\n" {
			return nil, errors.New("chunk not ended by CRLF")
		}
		want := sig.chunkSignature(prev, data)
		if !hmac.Equal([]byte(want), []byte(chunkSig)) {
			return nil, errors.New("chunk signature does not match")
		}
		prev = chunkSig
		if size == 0 {
			return out.Bytes(), nil
		}
		out.Write(data)
	}
}
