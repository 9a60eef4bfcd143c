package blob

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"zhifa"
)

// TestStore runs one suite against every backend: Dir in a temporary
// directory and S3 on the test server (ZHIFA_TEST_S3) under a key prefix of
// its own. Each test gets a fresh, empty store.
func TestStore(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			for _, tc := range suiteTests {
				t.Run(tc.name, func(t *testing.T) {
					tc.run(t, b.open(t))
				})
			}
		})
	}
}

// suiteTests is the store suite. Add a line here for every new Store method.
var suiteTests = []struct {
	name string
	run  func(t *testing.T, b backend)
}{
	{"RoundTrip", testRoundTrip},
	{"NotFound", testNotFound},
	{"Dedup", testDedup},
	{"MaxSize", testMaxSize},
	{"Interrupted", testInterrupted},
	{"RangeRequests", testRangeRequests},
	{"ConcurrentPuts", testConcurrentPuts},
	{"Walk", testWalk},
}

func mustHex(s string) [32]byte {
	var b [32]byte
	if n, err := hex.Decode(b[:], []byte(s)); err != nil || n != 32 {
		panic("bad hex " + s)
	}
	return b
}

func testRoundTrip(t *testing.T, b backend) {
	tests := []struct {
		name    string
		content []byte
		want    Hashes // zero: compute with crypto/sha256 and sm3.Sum
	}{
		{"empty", nil, Hashes{
			SHA256: mustHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
			SM3:    mustHex("1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"),
		}},
		{"abc", []byte("abc"), Hashes{ // FIPS 180-2 B.1; GB/T 32905 A.1
			SHA256: mustHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
			SM3:    mustHex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
			Size:   3,
		}},
		{"abcd*16", bytes.Repeat([]byte("abcd"), 16), Hashes{ // GB/T 32905 A.2
			SHA256: mustHex("625b41490b883891943c5fa54ad45d7c900b9b6e91e159334e320b1f5215a209"),
			SM3:    mustHex("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
			Size:   64,
		}},
		{"chunk plus 3", randBytes(chunkSize+3, 1), Hashes{}},
		{"exactly two chunks", randBytes(2*chunkSize, 2), Hashes{}},
		{"beyond the ring", randBytes((numChunks+2)*chunkSize+12345, 3), Hashes{}}, // S3: multipart
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want == (Hashes{}) {
				want = hashesOf(tc.content)
			}
			before := time.Now().Add(-b.timeRes)
			// iotest-style reader: small, odd reads exercise ReadFull.
			h, err := b.store.Put(t.Context(), &oddReader{r: bytes.NewReader(tc.content)}, 1<<30)
			if err != nil {
				t.Fatalf("Put: %v", err)
			}
			if h != want {
				t.Fatalf("Put = {%s %s %d}, want {%s %s %d}", h.SHA256Hex(), h.SM3Hex(), h.Size,
					want.SHA256Hex(), want.SM3Hex(), want.Size)
			}
			if got := readAll(t, b.store, h.SHA256); !bytes.Equal(got, tc.content) {
				t.Fatalf("read back %d bytes, differing from the %d put", len(got), len(tc.content))
			}
			info, err := b.store.Stat(t.Context(), h.SHA256)
			if err != nil {
				t.Fatalf("Stat: %v", err)
			}
			if info.SHA256 != h.SHA256 || info.Size != h.Size || info.ModTime.Before(before) || info.ModTime.After(time.Now().Add(b.timeRes)) {
				t.Errorf("Stat = %+v, want SHA-256 %s, size %d, stored just now", info, h.SHA256Hex(), h.Size)
			}
			if ok, err := b.store.Exists(t.Context(), h.SHA256); err != nil || !ok {
				t.Errorf("Exists = %v, %v; want true", ok, err)
			}
			if l := b.leftovers(t); len(l) > 0 {
				t.Errorf("leftovers after Put: %q", l)
			}
		})
	}
}

// oddReader returns at most 7777 bytes a Read, to exercise partial reads.
type oddReader struct{ r io.Reader }

func (o *oddReader) Read(p []byte) (int, error) {
	if len(p) > 7777 {
		p = p[:7777]
	}
	return o.r.Read(p)
}

func testNotFound(t *testing.T, b backend) {
	missing := hashesOf([]byte("never stored")).SHA256
	if _, err := b.store.Put(t.Context(), strings.NewReader("stored"), 100); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		err  error
	}{
		{"Open", func() error { _, err := b.store.Open(t.Context(), missing); return err }()},
		{"Stat", func() error { _, err := b.store.Stat(t.Context(), missing); return err }()},
	}
	for _, c := range checks {
		if !errors.Is(c.err, ErrNotFound) || zhifa.ErrorCode(c.err) != zhifa.ENOTFOUND || zhifa.ErrorMessage(c.err) != "证据文件不存在" {
			t.Errorf("%s(missing) = %v, want ErrNotFound as ENOTFOUND 证据文件不存在", c.name, c.err)
		}
	}
	if ok, err := b.store.Exists(t.Context(), missing); ok || err != nil {
		t.Errorf("Exists(missing) = %v, %v; want false, nil", ok, err)
	}
}

func testDedup(t *testing.T, b backend) {
	tests := []struct {
		name    string
		content []byte
	}{
		{"small", []byte("证据：现场照片 001")},
		{"multipart", randBytes(6<<20, 7)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h1, err := b.store.Put(t.Context(), bytes.NewReader(tc.content), 1<<30)
			if err != nil {
				t.Fatal(err)
			}
			info1, err := b.store.Stat(t.Context(), h1.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			n := len(walkAll(t, b.store))
			// A second write would change the modification time.
			time.Sleep(b.timeRes + 10*time.Millisecond)
			h2, err := b.store.Put(t.Context(), bytes.NewReader(tc.content), 1<<30)
			if err != nil {
				t.Fatal(err)
			}
			if h2 != h1 {
				t.Fatalf("second Put = %+v, want %+v", h2, h1)
			}
			info2, err := b.store.Stat(t.Context(), h1.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			if !info2.ModTime.Equal(info1.ModTime) {
				t.Errorf("second Put rewrote the blob: ModTime %v, then %v", info1.ModTime, info2.ModTime)
			}
			if got := len(walkAll(t, b.store)); got != n {
				t.Errorf("after the second Put Walk finds %d blobs, want %d", got, n)
			}
			if l := b.leftovers(t); len(l) > 0 {
				t.Errorf("leftovers after Put: %q", l)
			}
		})
	}
}

func testMaxSize(t *testing.T, b backend) {
	tests := []struct {
		name    string
		size    int
		maxSize int64
		ok      bool
	}{
		{"empty", 0, 1, true},
		{"at the limit", 100, 100, true},
		{"one over", 101, 100, false},
		{"far over", 3 << 20, 1000, false},
		{"at a chunk limit", chunkSize, chunkSize, true},
		{"one over a chunk limit", chunkSize + 1, chunkSize, false},
		{"over, multipart started", 7 << 20, 6 << 20, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			content := randBytes(tc.size, uint64(100+i))
			h, err := b.store.Put(t.Context(), bytes.NewReader(content), tc.maxSize)
			stored, xerr := b.store.Exists(t.Context(), hashesOf(content).SHA256)
			if xerr != nil {
				t.Fatal(xerr)
			}
			if tc.ok {
				if err != nil || h != hashesOf(content) || !stored {
					t.Fatalf("Put(%d bytes, max %d) = %v, stored %v; want it stored", tc.size, tc.maxSize, err, stored)
				}
			} else {
				if !errors.Is(err, ErrTooLarge) || zhifa.ErrorCode(err) != zhifa.EINVALID ||
					!strings.HasPrefix(zhifa.ErrorMessage(err), "文件过大") {
					t.Fatalf("Put(%d bytes, max %d) = %v, want ErrTooLarge as EINVALID 文件过大…", tc.size, tc.maxSize, err)
				}
				if stored {
					t.Errorf("content over the limit was stored")
				}
			}
			if l := b.leftovers(t); len(l) > 0 {
				t.Errorf("leftovers: %q", l)
			}
		})
	}
	for _, max := range []int64{0, -1} {
		if _, err := b.store.Put(t.Context(), strings.NewReader("x"), max); err == nil {
			t.Errorf("Put with maxSize %d succeeded", max)
		}
	}
	if got := walkAll(t, b.store); len(got) != 3 {
		t.Errorf("Walk finds %d blobs, want the 3 within their limits", len(got))
	}
}

var errBoom = errors.New("connection reset by the test")

// cancelReader yields data, cancelling a context once it has yielded after
// bytes, and fails with io.ErrUnexpectedEOF when it runs out.
type cancelReader struct {
	data   []byte
	after  int
	cancel context.CancelFunc
	read   int
}

func (c *cancelReader) Read(p []byte) (int, error) {
	if c.read >= c.after {
		c.cancel()
	}
	if len(c.data) == 0 {
		return 0, io.ErrUnexpectedEOF
	}
	n := copy(p, c.data)
	c.data = c.data[n:]
	c.read += n
	return n, nil
}

func testInterrupted(t *testing.T, b backend) {
	tests := []struct {
		name    string
		size    int // bytes read before the interruption
		cancel  bool
		wantErr error
	}{
		{"read error at once", 0, false, errBoom},
		{"read error, small", 1000, false, errBoom},
		{"read error, multipart started", 9 << 20, false, errBoom},
		// A request body cut off by the client: its multipart part fails with
		// io.ErrUnexpectedEOF, which must not pass for the end of the content.
		{"truncated body", 1000, false, io.ErrUnexpectedEOF},
		{"truncated body, a whole chunk", chunkSize, false, io.ErrUnexpectedEOF},
		{"canceled, small", 1000, true, context.Canceled},
		{"canceled, multipart started", 9 << 20, true, context.Canceled},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			content := randBytes(tc.size, uint64(200+i))
			var r io.Reader = &failReader{data: content, err: tc.wantErr}
			ctx := t.Context()
			if tc.cancel {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				defer cancel()
				r = &cancelReader{data: append(content, randBytes(20<<20, 9)...), after: tc.size, cancel: cancel}
			}
			_, err := b.store.Put(ctx, r, 1<<30)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Put = %v, want %v", err, tc.wantErr)
			}
			if got := walkAll(t, b.store); len(got) > 0 {
				t.Errorf("an interrupted Put stored %d blobs", len(got))
			}
			if l := b.leftovers(t); len(l) > 0 {
				t.Errorf("leftovers: %q", l)
			}
		})
	}
}

func testRangeRequests(t *testing.T, b backend) {
	content := randBytes(3<<20+17, 300)
	h, err := b.store.Put(t.Context(), bytes.NewReader(content), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	// The way web/ serves evidence.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o, err := b.store.Open(r.Context(), h.SHA256)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer o.Close()
		w.Header().Set("Content-Type", "video/mp4")
		http.ServeContent(w, r, "", o.ModTime(), o)
	}))
	defer srv.Close()

	n := len(content)
	tests := []struct {
		rangeHdr   string
		wantStatus int
		want       [][2]int // byte ranges [from, to) of content
	}{
		{"", http.StatusOK, [][2]int{{0, n}}},
		{"bytes=0-9", http.StatusPartialContent, [][2]int{{0, 10}}},
		{"bytes=1048570-1048589", http.StatusPartialContent, [][2]int{{1048570, 1048590}}},
		{"bytes=-100", http.StatusPartialContent, [][2]int{{n - 100, n}}},
		{fmt.Sprintf("bytes=%d-", n-5000), http.StatusPartialContent, [][2]int{{n - 5000, n}}},
		{"bytes=2000000-2999999", http.StatusPartialContent, [][2]int{{2000000, 3000000}}},
		{"bytes=0-0,3000000-3000009", http.StatusPartialContent, [][2]int{{0, 1}, {3000000, 3000010}}},
		{fmt.Sprintf("bytes=%d-", n), http.StatusRequestedRangeNotSatisfiable, nil},
	}
	for _, tc := range tests {
		t.Run(tc.rangeHdr, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), "GET", srv.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.rangeHdr != "" {
				req.Header.Set("Range", tc.rangeHdr)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tc.wantStatus, body)
			}
			var parts [][]byte
			if len(tc.want) > 1 {
				mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
				if err != nil || mt != "multipart/byteranges" {
					t.Fatalf("Content-Type %q, want multipart/byteranges", resp.Header.Get("Content-Type"))
				}
				mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
				for {
					p, err := mr.NextPart()
					if err == io.EOF {
						break
					} else if err != nil {
						t.Fatal(err)
					}
					b, err := io.ReadAll(p)
					if err != nil {
						t.Fatal(err)
					}
					parts = append(parts, b)
				}
			} else if len(tc.want) == 1 {
				parts = [][]byte{body}
				if r := tc.want[0]; tc.wantStatus == http.StatusPartialContent {
					want := fmt.Sprintf("bytes %d-%d/%d", r[0], r[1]-1, n)
					if got := resp.Header.Get("Content-Range"); got != want {
						t.Errorf("Content-Range %q, want %q", got, want)
					}
				}
			}
			if len(parts) != len(tc.want) {
				t.Fatalf("%d parts, want %d", len(parts), len(tc.want))
			}
			for i, r := range tc.want {
				if !bytes.Equal(parts[i], content[r[0]:r[1]]) {
					t.Errorf("part %d: got %d bytes, want bytes [%d, %d) of the content", i, len(parts[i]), r[0], r[1])
				}
			}
		})
	}

	// ReadAt, as used for thumbnails and container parsing.
	o, err := b.store.Open(t.Context(), h.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	buf := make([]byte, 1000)
	if _, err := o.ReadAt(buf, 2<<20); err != nil || !bytes.Equal(buf, content[2<<20:2<<20+1000]) {
		t.Errorf("ReadAt(1000 bytes at 2 MiB) = %v or wrong bytes", err)
	}
}

func testConcurrentPuts(t *testing.T, b backend) {
	contents := [][]byte{[]byte("同一份证据"), randBytes(6<<20, 400)}
	const n = 6
	type result struct {
		h   Hashes
		err error
	}
	results := make([]result, n*len(contents))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range results {
		wg.Go(func() {
			<-start
			h, err := b.store.Put(t.Context(), bytes.NewReader(contents[i%len(contents)]), 1<<30)
			results[i] = result{h, err}
		})
	}
	close(start)
	wg.Wait()
	for i, r := range results {
		if want := hashesOf(contents[i%len(contents)]); r.err != nil || r.h != want {
			t.Errorf("Put %d = %+v, %v; want %+v", i, r.h, r.err, want)
		}
	}
	infos := walkAll(t, b.store)
	if len(infos) != len(contents) {
		t.Fatalf("Walk finds %d blobs, want %d", len(infos), len(contents))
	}
	for _, c := range contents {
		if got := readAll(t, b.store, hashesOf(c).SHA256); !bytes.Equal(got, c) {
			t.Errorf("blob %x reads back wrong", hashesOf(c).SHA256)
		}
	}
	if l := b.leftovers(t); len(l) > 0 {
		t.Errorf("leftovers: %q", l)
	}
}

func testWalk(t *testing.T, b backend) {
	if got := walkAll(t, b.store); len(got) != 0 {
		t.Fatalf("Walk of an empty store finds %d blobs", len(got))
	}
	want := map[[32]byte]int64{}
	for i := range 25 {
		c := randBytes(i*97, uint64(500+i))
		h, err := b.store.Put(t.Context(), bytes.NewReader(c), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		want[h.SHA256] = h.Size
	}
	got := walkAll(t, b.store)
	if len(got) != len(want) {
		t.Fatalf("Walk finds %d blobs, want %d", len(got), len(want))
	}
	for _, info := range got {
		if size, ok := want[info.SHA256]; !ok || size != info.Size || info.ModTime.IsZero() {
			t.Errorf("Walk reports %s (%d bytes, %v), want a stored blob", info.SHA256Hex(), info.Size, info.ModTime)
		}
	}

	errStop := errors.New("stop")
	calls := 0
	err := b.store.Walk(t.Context(), func(Info) error {
		calls++
		if calls == 3 {
			return errStop
		}
		return nil
	})
	if err != errStop || calls != 3 {
		t.Errorf("Walk stopped by its callback: %v after %d calls, want %v after 3", err, calls, errStop)
	}
}
