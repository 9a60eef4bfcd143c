package web

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"runtime"
	"runtime/debug"
	"sync"
	"syscall"
	"testing"
	"time"

	"zhifa/web/cases"
)

// genVideo is a generated "video" of size bytes: an MP4 head, then pseudo-random bytes
// (xorshift64*), hashed with SHA-256 on the way so the test knows the digest without
// holding the content.
type genVideo struct {
	left  int64
	state uint64
	head  []byte
	sum   hash.Hash
}

func newGenVideo(size int64) *genVideo {
	return &genVideo{left: size, state: 0x9E3779B97F4A7C15, head: append([]byte(nil), mp4Head...), sum: sha256.New()}
}

func (g *genVideo) Read(p []byte) (int, error) {
	if g.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n := copy(p, g.head)
	g.head = g.head[n:]
	for ; n+8 <= len(p); n += 8 {
		g.state ^= g.state >> 12
		g.state ^= g.state << 25
		g.state ^= g.state >> 27
		binary.LittleEndian.PutUint64(p[n:], g.state*0x2545F4914F6CDD1D)
	}
	for ; n < len(p); n++ {
		p[n] = byte(g.state >> (8 * (n % 8)))
	}
	g.sum.Write(p)
	g.left -= int64(len(p))
	return len(p), nil
}

// TestEvidenceUploadMemory streams a generated video of 2 GiB (512 MiB when the disk
// has less than 6 GiB free: the blob lands in t.TempDir()) through the real handler —
// an httptest server, a real client whose body is an io.Pipe fed by a multipart writer —
// and checks that the process's memory does not grow with it: the Go heap in use and
// the memory obtained from the OS (Sys) each grow by less than 64 MiB (issue 3).
func TestEvidenceUploadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: streams hundreds of MiB")
	}
	const limit = 64 << 20
	env := newTestEnv(t)
	var st syscall.Statfs_t
	if err := syscall.Statfs(env.Blobs.Root(), &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	size := int64(2 << 30)
	if free < 6<<30 {
		size = 512 << 20
	}
	t.Logf("%.1f GiB free in %s: uploading %d MiB", float64(free)/(1<<30), env.Blobs.Root(), size>>20)

	fields := env.evidenceFields()
	token := env.token(t, loginOfficer)
	gen := newGenVideo(size)
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for _, k := range []string{"kind", "title", "captured_at", "device_id", "officer_ids", "place", "case_ref"} {
			mw.WriteField(k, fields.Get(k))
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="long.mp4"`)
		h.Set("Content-Type", "video/mp4")
		w, err := mw.CreatePart(h)
		if err == nil {
			_, err = io.Copy(w, gen)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequest("POST", env.HTTP.URL+"/api/v1/evidence", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)

	runtime.GC()
	debug.FreeOSMemory()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peakHeap, peakSys uint64
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peakHeap, peakSys = max(peakHeap, m.HeapInuse), max(peakSys, m.Sys)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				sample()
			}
		}
	})
	start := time.Now()
	res := env.send(t, req)
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()
	sample()

	if res.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	var doc cases.EvidenceDoc
	res.JSON(t, &doc)
	if doc.Size != size || doc.SHA256 != hex.EncodeToString(gen.sum.Sum(nil)) {
		t.Errorf("stored %d bytes with sha256 %s, sent %d with %x", doc.Size, doc.SHA256, size, gen.sum.Sum(nil))
	}
	heap := int64(peakHeap) - int64(before.HeapInuse)
	sys := int64(peakSys) - int64(before.Sys)
	t.Logf("uploaded %d MiB in %v (%.0f MB/s): heap in use +%.1f MiB (peak), Sys +%.1f MiB",
		size>>20, elapsed.Round(time.Millisecond), float64(size)/elapsed.Seconds()/1e6, float64(heap)/(1<<20), float64(sys)/(1<<20))
	if heap >= limit || sys >= limit {
		t.Errorf("memory grew by %d MiB (heap in use) and %d MiB (Sys) for a %d MiB upload, want under %d MiB",
			heap>>20, sys>>20, size>>20, limit>>20)
	}
}
