package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config configures an S3 store.
type S3Config struct {
	// Endpoint is the server's host[:port], without scheme.
	Endpoint string
	// Secure selects HTTPS.
	Secure bool
	// AccessKey and SecretKey are the credentials.
	AccessKey, SecretKey string
	// Region; empty lets the client ask the server.
	Region string
	// Bucket must exist.
	Bucket string
	// Prefix is put in front of every key, e.g. "zhifa/" ("" for none; a
	// missing trailing slash is added).
	Prefix string
	// PartSize is the size of the parts of a multipart upload; each upload
	// holds Threads buffers of this size in memory. It bounds the largest
	// blob at 10,000 parts. Default 16 MiB (blobs up to 156 GiB).
	PartSize uint64
	// Threads is how many parts of one upload are sent at once. Default 1:
	// the upload then holds about PartSize + 12 MiB of heap, whatever the
	// blob's size (TestPutMemory: +52 MiB peak, GC headroom included). 2
	// overlaps reading with sending, which pays off with a distant store, at
	// the cost of another PartSize.
	Threads int
	// TempMaxAge is how old a temp object or unfinished multipart upload must
	// be before Cleanup removes it: older than any upload can take. Default
	// 24 hours.
	TempMaxAge time.Duration
}

// Defaults of S3Config.
const (
	DefaultS3PartSize   = 16 << 20
	DefaultS3Threads    = 1
	DefaultS3TempMaxAge = 24 * time.Hour
)

// s3SmallMax is the size up to which Put buffers the content and uploads it
// with one PUT request rather than a multipart upload.
const s3SmallMax = 4 << 20

// ParseS3URL parses the URL form of an S3 configuration:
//
//	http[s]://ACCESS:SECRET@HOST[:PORT]/BUCKET[/PREFIX][?region=REGION]
//
// https selects TLS. Access and secret key are percent-encoded where need be.
func ParseS3URL(s string) (S3Config, error) {
	var c S3Config
	u, err := url.Parse(s)
	if err != nil {
		return c, fmt.Errorf("blob: bad S3 URL: %w", err)
	}
	switch u.Scheme {
	case "http":
	case "https":
		c.Secure = true
	default:
		return c, fmt.Errorf("blob: bad S3 URL %s: the scheme must be http or https", redactURL(u))
	}
	c.Endpoint = u.Host
	if u.User != nil {
		c.AccessKey = u.User.Username()
		c.SecretKey, _ = u.User.Password()
	}
	path := strings.TrimPrefix(u.Path, "/")
	c.Bucket, c.Prefix, _ = strings.Cut(path, "/")
	c.Region = u.Query().Get("region")
	if c.Endpoint == "" || c.Bucket == "" {
		return c, fmt.Errorf("blob: bad S3 URL %s: want http[s]://ACCESS:SECRET@HOST[:PORT]/BUCKET[/PREFIX]", redactURL(u))
	}
	return c, nil
}

func redactURL(u *url.URL) string {
	if _, ok := u.User.Password(); ok {
		v := *u
		v.User = url.UserPassword(u.User.Username(), "xxxxx")
		return v.String()
	}
	return u.String()
}

// String returns the configuration in URL form, without the secret key.
func (c S3Config) String() string {
	u := url.URL{Scheme: "http", Host: c.Endpoint, Path: "/" + c.Bucket + "/" + c.Prefix}
	if c.Secure {
		u.Scheme = "https"
	}
	if c.AccessKey != "" {
		u.User = url.UserPassword(c.AccessKey, "xxxxx")
	}
	if c.Region != "" {
		u.RawQuery = url.Values{"region": {c.Region}}.Encode()
	}
	return u.String()
}

// S3 is a Store in an S3-compatible object store. Blobs are objects named
// PREFIX + Key(sha256); their SM3 hash is kept as user metadata
// (X-Amz-Meta-Zhifa-Sm3) too.
//
// As the key is known only once the content has been read, Put uploads to a
// temp object PREFIX/tmp/<random> (streaming, as a multipart upload in
// bounded memory), then copies it on the server to its real name unless
// that exists already, and removes the temp object. Temp objects and
// multipart uploads that a crash left behind are removed by Cleanup.
//
// Two concurrent Puts of the same new content may both copy it to the real
// name; the second copy replaces the first with the same bytes.
type S3 struct {
	client *minio.Client
	cfg    S3Config
}

var _ Store = (*S3)(nil)

// NewS3 connects to the store, checking that the bucket exists.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	if cfg.PartSize == 0 {
		cfg.PartSize = DefaultS3PartSize
	}
	if cfg.Threads <= 0 {
		cfg.Threads = DefaultS3Threads
	}
	if cfg.TempMaxAge <= 0 {
		cfg.TempMaxAge = DefaultS3TempMaxAge
	}
	cfg.Prefix = strings.TrimPrefix(cfg.Prefix, "/")
	if cfg.Prefix != "" && !strings.HasSuffix(cfg.Prefix, "/") {
		cfg.Prefix += "/"
	}
	client, err := newMinioClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("blob: S3 %s: %w", cfg, err)
	}
	ok, err := client.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("blob: S3 %s: %w", cfg, err)
	}
	if !ok {
		return nil, fmt.Errorf("blob: S3 %s: bucket %q does not exist", cfg, cfg.Bucket)
	}
	return &S3{client: client, cfg: cfg}, nil
}

func newMinioClient(cfg S3Config) (*minio.Client, error) {
	return minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.Secure,
		Region: cfg.Region,
	})
}

// Config returns the configuration in use, defaults filled in.
func (s *S3) Config() S3Config { return s.cfg }

func (s *S3) key(sha256 [32]byte) string { return s.cfg.Prefix + Key(sha256) }

func (s *S3) putOptions() minio.PutObjectOptions {
	return minio.PutObjectOptions{
		ContentType:           "application/octet-stream",
		PartSize:              s.cfg.PartSize,
		NumThreads:            uint(s.cfg.Threads),
		ConcurrentStreamParts: s.cfg.Threads > 1,
	}
}

// Put implements Store.
func (s *S3) Put(ctx context.Context, r io.Reader, maxSize int64) (Hashes, error) {
	h, err := s.put(ctx, r, maxSize)
	if err != nil {
		return Hashes{}, err
	}
	return h, nil
}

func (s *S3) put(ctx context.Context, r io.Reader, maxSize int64) (Hashes, error) {
	if maxSize <= 0 {
		return Hashes{}, errMaxSize(maxSize)
	}
	tmp := s.cfg.Prefix + "tmp/" + rand.Text()
	up := &s3Upload{s: s, ctx: ctx, key: tmp}
	h, err := ingest(ctx, up, r, maxSize)
	if err != nil {
		up.abort(err)
		return h, err
	}
	if err := up.finish(); err != nil {
		return h, s3Error("upload", err)
	}
	defer func() {
		// Best effort, also when ctx is done: Cleanup removes what is left.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		s.client.RemoveObject(rctx, s.cfg.Bucket, tmp, minio.RemoveObjectOptions{})
	}()

	final := s.key(h.SHA256)
	info, err := s.stat(ctx, final, h.SHA256)
	if err == nil {
		if info.Size != h.Size {
			return h, errCorrupt(h.SHA256, info.Size, h.Size)
		}
		return h, nil // stored already
	} else if !errors.Is(err, ErrNotFound) {
		return h, err
	}
	// ComposeObject copies on the server: in one request up to 5 GiB, as a
	// multipart copy above.
	_, err = s.client.ComposeObject(ctx,
		minio.CopyDestOptions{
			Bucket: s.cfg.Bucket, Object: final,
			UserMetadata: map[string]string{"Zhifa-Sm3": h.SM3Hex()}, ReplaceMetadata: true,
		},
		minio.CopySrcOptions{Bucket: s.cfg.Bucket, Object: tmp})
	if err != nil {
		return h, s3Error("copy", err)
	}
	info, err = s.stat(ctx, final, h.SHA256)
	if err != nil {
		return h, err
	}
	if info.Size != h.Size {
		return h, errCorrupt(h.SHA256, info.Size, h.Size)
	}
	return h, nil
}

// s3Upload is the writer end of Put: it buffers up to s3SmallMax bytes, and
// beyond that streams them into a multipart upload (PutObject of unknown
// size) through a pipe.
type s3Upload struct {
	s     *S3
	ctx   context.Context
	key   string
	small []byte
	pw    *io.PipeWriter
	done  chan error
}

func (u *s3Upload) Write(p []byte) (int, error) {
	if u.pw == nil {
		if len(u.small)+len(p) <= s3SmallMax {
			if u.small == nil && len(p) == chunkSize {
				// ingest writes whole chunks until the last: there may be
				// more, so allocate the buffer once.
				u.small = make([]byte, 0, s3SmallMax)
			}
			u.small = append(u.small, p...)
			return len(p), nil
		}
		pr, pw := io.Pipe()
		u.pw, u.done = pw, make(chan error, 1)
		body := io.MultiReader(bytes.NewReader(u.small), pr)
		go func() {
			_, err := u.s.client.PutObject(u.ctx, u.s.cfg.Bucket, u.key, body, -1, u.s.putOptions())
			if err == nil {
				err = io.ErrClosedPipe
			}
			pr.CloseWithError(err) // unblock a writer if PutObject failed
			if err == io.ErrClosedPipe {
				err = nil
			}
			u.done <- err
		}()
	}
	return u.pw.Write(p)
}

// finish completes the upload.
func (u *s3Upload) finish() error {
	if u.pw == nil {
		_, err := u.s.client.PutObject(u.ctx, u.s.cfg.Bucket, u.key,
			bytes.NewReader(u.small), int64(len(u.small)), u.s.putOptions())
		return err
	}
	u.pw.Close()
	return <-u.done
}

// abort ends the upload with err. The client aborts its multipart upload,
// but cannot when the failure was ctx being done, so abort makes sure with
// a context of its own (best effort: Cleanup removes what is left).
func (u *s3Upload) abort(err error) {
	if u.pw == nil {
		return
	}
	u.pw.CloseWithError(err)
	<-u.done
	ctx, cancel := context.WithTimeout(context.WithoutCancel(u.ctx), time.Minute)
	defer cancel()
	u.s.client.RemoveIncompleteUpload(ctx, u.s.cfg.Bucket, u.key)
}

// isNoSuchKey reports whether err says that the object does not exist.
func isNoSuchKey(err error) bool {
	var e minio.ErrorResponse
	if !errors.As(err, &e) {
		return false
	}
	return e.Code == "NoSuchKey" || e.StatusCode == http.StatusNotFound && e.Code != "NoSuchBucket"
}

func s3Error(op string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("blob: S3 %s: %w", op, err)
}

func (s *S3) stat(ctx context.Context, key string, sum [32]byte) (Info, error) {
	st, err := s.client.StatObject(ctx, s.cfg.Bucket, key, minio.StatObjectOptions{})
	if isNoSuchKey(err) {
		return Info{}, errNotFound(sum)
	} else if err != nil {
		return Info{}, s3Error("stat", err)
	}
	return Info{SHA256: sum, Size: st.Size, ModTime: st.LastModified}, nil
}

// Stat implements Store.
func (s *S3) Stat(ctx context.Context, sha256 [32]byte) (Info, error) {
	return s.stat(ctx, s.key(sha256), sha256)
}

// Exists implements Store.
func (s *S3) Exists(ctx context.Context, sha256 [32]byte) (bool, error) {
	_, err := s.Stat(ctx, sha256)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// s3Object is an open blob: a *minio.Object, which reads with ranged GET
// requests from wherever Seek put it (ReadAt too).
type s3Object struct {
	*minio.Object
	size    int64
	modTime time.Time
}

func (o *s3Object) Size() int64        { return o.size }
func (o *s3Object) ModTime() time.Time { return o.modTime }

// Open implements Store. The object's requests use ctx.
func (s *S3) Open(ctx context.Context, sha256 [32]byte) (Object, error) {
	obj, err := s.client.GetObject(ctx, s.cfg.Bucket, s.key(sha256), minio.GetObjectOptions{})
	if err != nil {
		return nil, s3Error("get", err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		if isNoSuchKey(err) {
			return nil, errNotFound(sha256)
		}
		return nil, s3Error("get", err)
	}
	return &s3Object{Object: obj, size: st.Size, modTime: st.LastModified}, nil
}

// Walk implements Store. Object listings are in key order, which is
// SHA-256 order.
func (s *S3) Walk(ctx context.Context, fn func(Info) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the listing if fn stops the walk
	top := s.cfg.Prefix + "sha256/"
	for obj := range s.client.ListObjects(ctx, s.cfg.Bucket, minio.ListObjectsOptions{Prefix: top, Recursive: true}) {
		if obj.Err != nil {
			return s3Error("list", obj.Err)
		}
		// ab/cd/abcd…
		rest := strings.TrimPrefix(obj.Key, top)
		if len(rest) != 6+64 || rest[2] != '/' || rest[5] != '/' || rest[6:10] != rest[0:2]+rest[3:5] {
			continue
		}
		sum, ok := parseKeyName(rest[6:])
		if !ok {
			continue
		}
		if err := fn(Info{SHA256: sum, Size: obj.Size, ModTime: obj.LastModified}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Cleanup removes the temp objects and unfinished multipart uploads that
// interrupted Puts left behind, once they are older than TempMaxAge, and
// returns how many it removed.
func (s *S3) Cleanup(ctx context.Context) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends a listing on an early return
	removed := 0
	before := time.Now().Add(-s.cfg.TempMaxAge)
	tmp := s.cfg.Prefix + "tmp/"
	for obj := range s.client.ListObjects(ctx, s.cfg.Bucket, minio.ListObjectsOptions{Prefix: tmp, Recursive: true}) {
		if obj.Err != nil {
			return removed, s3Error("list", obj.Err)
		}
		if obj.LastModified.After(before) {
			continue
		}
		if err := s.client.RemoveObject(ctx, s.cfg.Bucket, obj.Key, minio.RemoveObjectOptions{}); err != nil {
			return removed, s3Error("cleanup", err)
		}
		removed++
	}
	for up := range s.client.ListIncompleteUploads(ctx, s.cfg.Bucket, tmp, true) {
		if up.Err != nil {
			return removed, s3Error("list uploads", up.Err)
		}
		if up.Initiated.After(before) {
			continue
		}
		if err := s.client.RemoveIncompleteUpload(ctx, s.cfg.Bucket, up.Key); err != nil {
			return removed, s3Error("cleanup", err)
		}
		removed++
	}
	return removed, nil
}
