// Package blob is content-addressed evidence storage.
//
// Every blob is stored once, under the SHA-256 of its bytes; its SM3 hash
// (国密) is computed in the same pass and returned to the caller, who records
// both (the ledger entry of the record holds them). Two backends implement
// Store:
//
//   - Dir, the default: a directory under the data dir. Content is written to
//     a temp file, fsynced and then given its real name atomically, so a crash
//     never leaves a half file under a real name.
//   - S3, for scale: any S3-compatible object store, through minio-go.
//
// Both use the same key layout, sha256/ab/cd/<64 hex digits>, so a Dir tree
// copied into a bucket (or the reverse) is a valid store.
//
// Uploads stream: Put reads its input once, in bounded memory, hashing with
// SHA-256 and SM3 on two goroutines while a third writes, so ingest runs at
// about the speed of the slowest of the three rather than their sum.
//
// Evidence is never deleted by the application, so Store has no Delete.
// The package knows nothing of HTTP or SQL; an Object is an io.ReadSeeker
// so that the web layer can serve it with http.ServeContent (range
// requests, for scrubbing video).
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"zhifa"
)

// Hashes are the digests and size of one blob's content.
type Hashes struct {
	SHA256 [32]byte // the key the blob is stored under
	SM3    [32]byte // GB/T 32905 (国密 SM3)
	Size   int64    // bytes
}

// SHA256Hex returns the SHA-256 digest in lower-case hex.
func (h Hashes) SHA256Hex() string { return hex.EncodeToString(h.SHA256[:]) }

// Sum returns the hashes of content held in memory, those Put gives it.
func Sum(content []byte) Hashes {
	return Hashes{SHA256: sha256.Sum256(content), SM3: sm3.Sum(content), Size: int64(len(content))}
}

// SM3Hex returns the SM3 digest in lower-case hex.
func (h Hashes) SM3Hex() string { return hex.EncodeToString(h.SM3[:]) }

// Info describes a stored blob.
type Info struct {
	SHA256  [32]byte
	Size    int64
	ModTime time.Time // when it was stored
}

// SHA256Hex returns the blob's key in lower-case hex.
func (i Info) SHA256Hex() string { return hex.EncodeToString(i.SHA256[:]) }

// Object is an open blob. Read, Seek and ReadAt may be mixed; it is suitable
// for http.ServeContent(w, r, name, o.ModTime(), o). It is not safe for
// concurrent use, except ReadAt. Close it when done.
type Object interface {
	io.ReadSeekCloser
	io.ReaderAt
	// Size is the length of the content in bytes.
	Size() int64
	// ModTime is when the blob was stored.
	ModTime() time.Time
}

// Store is content-addressed blob storage keyed by SHA-256. All methods are
// safe for concurrent use, also by several processes sharing one store.
type Store interface {
	// Put reads r to EOF and stores its content under its SHA-256, computing
	// the SHA-256 and SM3 hashes in the same pass. Content already stored is
	// not written again (Put still reads r to the end, as it needs the hash).
	// If r yields more than maxSize bytes, Put fails with an error that
	// matches ErrTooLarge (an EINVALID *zhifa.Error) and keeps nothing.
	// maxSize must be positive. On any error nothing is stored, and what was
	// written on the way is removed (or, after a crash, removed by Cleanup).
	Put(ctx context.Context, r io.Reader, maxSize int64) (Hashes, error)
	// Open opens the blob with the given SHA-256 for reading. A missing blob
	// is an error that matches ErrNotFound (an ENOTFOUND *zhifa.Error).
	Open(ctx context.Context, sha256 [32]byte) (Object, error)
	// Stat describes the blob with the given SHA-256; a missing blob is an
	// error that matches ErrNotFound.
	Stat(ctx context.Context, sha256 [32]byte) (Info, error)
	// Exists reports whether a blob with the given SHA-256 is stored.
	Exists(ctx context.Context, sha256 [32]byte) (bool, error)
	// Walk calls fn for every stored blob, in ascending order of SHA-256
	// (for `zhifa verify`, which rehashes each one). It stops at the first
	// error from fn and returns it. Entries whose names are not well-formed
	// keys are skipped.
	Walk(ctx context.Context, fn func(Info) error) error
}

// Sentinel errors; match them with errors.Is. The errors returned by the
// stores wrap them in a *zhifa.Error with a user-facing message in Chinese.
var (
	// ErrNotFound: no blob with that SHA-256 is stored.
	ErrNotFound = errors.New("blob: not found")
	// ErrTooLarge: the content is larger than the maxSize given to Put.
	ErrTooLarge = errors.New("blob: content exceeds the size limit")
	// ErrCorrupt: a stored blob does not match its key (its size differs
	// from the content just hashed to the same SHA-256). It needs an
	// operator: run `zhifa verify`.
	ErrCorrupt = errors.New("blob: stored content does not match its key")
)

func errNotFound(sum [32]byte) error {
	return &zhifa.Error{Code: zhifa.ENOTFOUND, Message: "证据文件不存在",
		Err: fmt.Errorf("%w: sha256 %x", ErrNotFound, sum)}
}

func errTooLarge(maxSize int64) error {
	return &zhifa.Error{Code: zhifa.EINVALID,
		Message: fmt.Sprintf("文件过大：单个文件不能超过 %s", formatSize(maxSize)),
		Err:     fmt.Errorf("%w of %d bytes", ErrTooLarge, maxSize)}
}

func errCorrupt(sum [32]byte, stored, want int64) error {
	return &zhifa.Error{Code: zhifa.EINTERNAL, Message: "证据存储校验失败，请联系系统管理员",
		Err: fmt.Errorf("%w: sha256 %x is stored with %d bytes, the content has %d", ErrCorrupt, sum, stored, want)}
}

func errMaxSize(maxSize int64) error {
	return fmt.Errorf("blob: Put: maxSize must be positive, got %d", maxSize)
}

// formatSize formats n bytes for a user: "2 GiB", "500 MiB", "1.5 KiB", "12 字节".
func formatSize(n int64) string {
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

// ParseSum parses a SHA-256 (or SM3) digest written as 64 hex digits, in
// either case. Anything else is an EINVALID *zhifa.Error.
func ParseSum(s string) ([32]byte, error) {
	var sum [32]byte
	if len(s) != 64 {
		return sum, &zhifa.Error{Code: zhifa.EINVALID, Message: "文件摘要格式有误：应为 64 位十六进制数",
			Err: fmt.Errorf("blob: digest %q has %d characters, want 64", s, len(s))}
	}
	if _, err := hex.Decode(sum[:], []byte(s)); err != nil {
		return sum, &zhifa.Error{Code: zhifa.EINVALID, Message: "文件摘要格式有误：应为 64 位十六进制数",
			Err: fmt.Errorf("blob: digest %q: %w", s, err)}
	}
	return sum, nil
}

// Key returns the slash-separated path of the blob with the given SHA-256
// relative to the store's root: "sha256/ab/cd/abcd…" (64 hex digits).
func Key(sha256 [32]byte) string {
	h := hex.EncodeToString(sha256[:])
	return "sha256/" + h[0:2] + "/" + h[2:4] + "/" + h
}

// isLowerHex reports whether s is non-empty lower-case hex.
func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return s != ""
}

// parseKeyName parses the file name of a blob (64 lower-case hex digits).
func parseKeyName(name string) ([32]byte, bool) {
	var sum [32]byte
	if len(name) != 64 || !isLowerHex(name) {
		return sum, false
	}
	hex.Decode(sum[:], []byte(name))
	return sum, true
}
