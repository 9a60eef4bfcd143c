package blob

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/minio/minio-go/v7"

	"zhifa/internal/testenv"
)

// backend is one Store under test, fresh for each test.
type backend struct {
	store Store
	// leftovers lists what Puts left behind: temp files, temp objects,
	// unfinished multipart uploads.
	leftovers func(t *testing.T) []string
	// timeRes is the resolution of Info.ModTime.
	timeRes time.Duration
}

// backends are the Stores every suite test runs against.
var backends = []struct {
	name string
	open func(t *testing.T) backend
}{
	{"dir", openDirBackend},
	{"s3", openS3Backend},
}

func openDirBackend(t *testing.T) backend {
	t.Helper()
	d, err := OpenDir(t.Context(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return backend{store: d, leftovers: d.leftovers, timeRes: 20 * time.Millisecond} // kernel timestamps go by clock ticks
}

// leftovers lists the entries of DIR/tmp other than the lock file.
func (d *Dir) leftovers(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(d.tmpDir())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != ".lock" {
			names = append(names, e.Name())
		}
	}
	return names
}

var s3Bucket sync.Once

// openS3 returns an S3 store on the test server (ZHIFA_TEST_S3) under a
// key prefix of its own, creating the bucket if need be.
func openS3(t testing.TB) *S3 {
	t.Helper()
	cfg, err := ParseS3URL(testenv.S3(t))
	if err != nil {
		t.Fatalf("%s: %v", "ZHIFA_TEST_S3", err)
	}
	var berr error
	s3Bucket.Do(func() { berr = ensureBucket(t.Context(), cfg) })
	if berr != nil {
		t.Fatal(berr)
	}
	cfg.Prefix = "test-" + randHex(12) + "/"
	s, err := NewS3(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func randHex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[rand.IntN(16)]
	}
	return string(b)
}

// ensureBucket creates the test bucket unless it exists.
func ensureBucket(ctx context.Context, cfg S3Config) error {
	client, err := newMinioClient(cfg)
	if err != nil {
		return err
	}
	ok, err := client.BucketExists(ctx, cfg.Bucket)
	if err != nil || ok {
		return err
	}
	if err := client.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
		return fmt.Errorf("create test bucket %q: %w", cfg.Bucket, err)
	}
	return nil
}

func openS3Backend(t *testing.T) backend {
	t.Helper()
	s := openS3(t)
	return backend{store: s, leftovers: s.leftovers, timeRes: time.Second}
}

// leftovers lists the temp objects and unfinished multipart uploads.
func (s *S3) leftovers(t *testing.T) []string {
	t.Helper()
	var names []string
	tmp := s.cfg.Prefix + "tmp/"
	for obj := range s.client.ListObjects(t.Context(), s.cfg.Bucket, minio.ListObjectsOptions{Prefix: tmp, Recursive: true}) {
		if obj.Err != nil {
			t.Fatal(obj.Err)
		}
		names = append(names, obj.Key)
	}
	for up := range s.client.ListIncompleteUploads(t.Context(), s.cfg.Bucket, tmp, true) {
		if up.Err != nil {
			t.Fatal(up.Err)
		}
		names = append(names, "upload "+up.Key)
	}
	return names
}

// walkAll returns every blob Walk reports, checking the order.
func walkAll(t *testing.T, s Store) []Info {
	t.Helper()
	var infos []Info
	if err := s.Walk(t.Context(), func(i Info) error {
		infos = append(infos, i)
		return nil
	}); err != nil {
		t.Fatalf("Walk: %v", err)
	}
	if !sort.SliceIsSorted(infos, func(i, j int) bool { return string(infos[i].SHA256[:]) < string(infos[j].SHA256[:]) }) {
		t.Errorf("Walk is not in key order")
	}
	return infos
}

// readAll reads the blob with the given SHA-256.
func readAll(t *testing.T, s Store, sum [32]byte) []byte {
	t.Helper()
	o, err := s.Open(t.Context(), sum)
	if err != nil {
		t.Fatalf("Open %x: %v", sum, err)
	}
	defer o.Close()
	b, err := io.ReadAll(o)
	if err != nil {
		t.Fatalf("read %x: %v", sum, err)
	}
	if int64(len(b)) != o.Size() {
		t.Errorf("Open %x: read %d bytes, Size() = %d", sum, len(b), o.Size())
	}
	return b
}

// hashesOf computes the Hashes of b directly.
func hashesOf(b []byte) Hashes {
	return Hashes{SHA256: sha256.Sum256(b), SM3: sm3.Sum(b), Size: int64(len(b))}
}

// randBytes returns n pseudo-random bytes determined by seed.
func randBytes(n int, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, 0x7a686966))
	for i := 0; i < n; i += 8 {
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], r.Uint64())
		copy(b[i:], w[:])
	}
	return b
}

// genReader yields size pseudo-random bytes quickly: a random 1 MiB block
// repeated, with the first 8 bytes of each repetition derived from nonce
// and the block number, so that contents with different nonces differ.
type genReader struct {
	block []byte
	off   int64
	size  int64
	nonce uint64
}

const genBlock = 1 << 20

var genBlockBytes = sync.OnceValue(func() []byte { return randBytes(genBlock, 42) })

func newGenReader(size int64, nonce uint64) *genReader {
	return &genReader{block: genBlockBytes(), size: size, nonce: nonce}
}

func (g *genReader) Read(p []byte) (int, error) {
	if g.off >= g.size {
		return 0, io.EOF
	}
	if rem := g.size - g.off; int64(len(p)) > rem {
		p = p[:rem]
	}
	n := 0
	for n < len(p) {
		i := int(g.off % genBlock)
		seg := p[n:]
		if len(seg) > genBlock-i {
			seg = seg[:genBlock-i]
		}
		copy(seg, g.block[i:])
		if i < 8 {
			var stamp [8]byte
			binary.LittleEndian.PutUint64(stamp[:], (g.nonce+1)*0x9e3779b97f4a7c15^uint64(g.off/genBlock))
			copy(seg, stamp[i:])
		}
		n += len(seg)
		g.off += int64(len(seg))
	}
	return n, nil
}

// failReader yields data, then fails with err.
type failReader struct {
	data []byte
	err  error
}

func (f *failReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// tmpFiles lists the put-* files in a Dir's tmp directory.
func tmpFiles(t *testing.T, root string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(root, "tmp", "put-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}
