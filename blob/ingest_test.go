package blob

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"zhifa"
)

// limitWriter accepts n bytes, then fails.
type limitWriter struct {
	n   int
	buf bytes.Buffer
}

var errDiskFull = errors.New("no space left on device (test)")

func (w *limitWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		w.buf.Write(p[:w.n])
		n := w.n
		w.n = 0
		return n, errDiskFull
	}
	w.n -= len(p)
	return w.buf.Write(p)
}

func TestIngest(t *testing.T) {
	tests := []struct {
		name    string
		size    int
		maxSize int64
		accept  int // bytes dst accepts before failing
		wantErr error
	}{
		{"empty", 0, 10, 0, nil},
		{"one byte", 1, 10, 1, nil},
		{"one chunk", chunkSize, chunkSize, chunkSize, nil},
		{"many chunks", 5*numChunks*chunkSize + 77, 1 << 40, 1 << 40, nil},
		{"too large", 3*chunkSize + 1, 3 * chunkSize, 1 << 40, ErrTooLarge},
		{"write fails at once", 10, 100, 0, errDiskFull},
		{"write fails later", 3*numChunks*chunkSize + 5, 1 << 40, 2*chunkSize + 3, errDiskFull},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			content := randBytes(tc.size, uint64(900+i))
			dst := &limitWriter{n: tc.accept}
			h, err := ingest(t.Context(), dst, bytes.NewReader(content), tc.maxSize)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("ingest = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if want := hashesOf(content); h != want {
				t.Errorf("ingest = %+v, want %+v", h, want)
			}
			if !bytes.Equal(dst.buf.Bytes(), content) {
				t.Errorf("ingest wrote %d bytes, differing from the %d read", dst.buf.Len(), len(content))
			}
			if hs, err := ingestSerial(io.Discard, bytes.NewReader(content), tc.maxSize); err != nil || hs != h {
				t.Errorf("ingestSerial = %+v, %v; want %+v", hs, err, h)
			}
		})
	}
}

// TestIngestCanceled checks that a done context stops ingest even while
// the writer is stuck, once the writer returns.
func TestIngestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	stuck := make(chan struct{})
	dst := writerFunc(func(p []byte) (int, error) {
		<-stuck
		return len(p), nil
	})
	done := make(chan error, 1)
	go func() {
		_, err := ingest(ctx, dst, newGenReader(1<<40, 1), 1<<50)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	close(stuck)
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("ingest = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ingest did not stop when its context was canceled")
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestParseSum(t *testing.T) {
	const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	tests := []struct {
		in string
		ok bool
	}{
		{abc, true},
		{strings.ToUpper(abc), true},
		{abc[:63], false},
		{abc + "0", false},
		{"zz" + abc[2:], false},
		{"", false},
	}
	for _, tc := range tests {
		sum, err := ParseSum(tc.in)
		if tc.ok {
			if err != nil || sum != mustHex(abc) {
				t.Errorf("ParseSum(%q) = %x, %v", tc.in, sum, err)
			}
		} else if zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("ParseSum(%q) = %v, want EINVALID", tc.in, err)
		}
	}
	if got, want := Key(mustHex(abc)), "sha256/ba/78/"+abc; got != want {
		t.Errorf("Key = %q, want %q", got, want)
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 字节"},
		{1000, "1000 字节"},
		{1 << 10, "1 KiB"},
		{1536, "1.5 KiB"},
		{500 << 20, "500 MiB"},
		{2 << 30, "2 GiB"},
		{3 << 40, "3 TiB"},
	}
	for _, tc := range tests {
		if got := formatSize(tc.n); got != tc.want {
			t.Errorf("formatSize(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	if got, want := zhifa.ErrorMessage(errTooLarge(2<<30)), "文件过大：单个文件不能超过 2 GiB"; got != want {
		t.Errorf("too-large message %q, want %q", got, want)
	}
}

// truncatedReader yields n bytes of r, then fails with err, as the multipart part of a
// request body cut off by the client does (io.ErrUnexpectedEOF).
type truncatedReader struct {
	r   io.Reader
	n   int
	err error
}

func (t *truncatedReader) Read(p []byte) (int, error) {
	if t.n <= 0 {
		return 0, t.err
	}
	n, err := t.r.Read(p[:min(len(p), t.n)])
	t.n -= n
	return n, err
}

// TestIngestSourceFails checks that a source failing with io.ErrUnexpectedEOF (or any
// error but io.EOF) fails ingest, within a chunk and at a chunk's end: a truncated
// upload must never pass for a complete one.
func TestIngestSourceFails(t *testing.T) {
	content := randBytes(3*chunkSize, 77)
	for _, n := range []int{0, 1000, chunkSize, 2*chunkSize + 5} {
		for _, want := range []error{io.ErrUnexpectedEOF, errDiskFull} {
			src := &truncatedReader{bytes.NewReader(content), n, want}
			if _, err := ingest(t.Context(), io.Discard, src, 1<<40); !errors.Is(err, want) {
				t.Errorf("source failing with %v after %d bytes: ingest = %v", want, n, err)
			}
		}
	}
}
