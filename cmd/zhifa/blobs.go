package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"zhifa/app/evidence"
	"zhifa/blob"
	"zhifa/ledger"
)

// blobFlags name the evidence storage: a directory (default DATA/blobs) or an
// S3-compatible bucket.
type blobFlags struct {
	dir string
	s3  string
	// set records which of the two were given as flags, so that a flag wins over the
	// other's environment variable.
	dirSet, s3Set bool
}

// register adds --blobs and --s3 to fs, with defaults from the environment.
func (b *blobFlags) register(fs *flagSet, e *env) {
	fs.StringVar(&b.dir, "blobs", e.getenv("ZHIFA_BLOBS"),
		"evidence storage `DIR` (default DATA/blobs); evidence files are stored once, under their SHA-256 (env ZHIFA_BLOBS)\n证据文件存储目录")
	fs.StringVar(&b.s3, "s3", e.getenv("ZHIFA_S3"),
		"store evidence in the S3-compatible bucket at `URL`: http[s]://ACCESS:SECRET@HOST[:PORT]/BUCKET[/PREFIX][?region=REGION] instead of a directory (env ZHIFA_S3)\n证据文件存储于 S3 兼容对象存储")
}

// resolve settles which storage to use after parsing: a flag wins over the other's
// environment variable; both given is a usage error.
func (b *blobFlags) resolve(fs *flagSet) error {
	fs.Visit(func(fl *flag.Flag) {
		b.dirSet = b.dirSet || fl.Name == "blobs"
		b.s3Set = b.s3Set || fl.Name == "s3"
	})
	switch {
	case b.dirSet && b.s3Set:
		return &usageError{"give either --blobs or --s3, not both"}
	case b.dirSet:
		b.s3 = ""
	case b.s3Set:
		b.dir = ""
	case b.dir != "" && b.s3 != "":
		return &usageError{"ZHIFA_BLOBS and ZHIFA_S3 are both set: unset one"}
	}
	return nil
}

// path is the storage directory for the data directory.
func (b *blobFlags) path(dataDir string) string {
	if b.dir != "" {
		return b.dir
	}
	return filepath.Join(dataDir, "blobs")
}

// describe names the storage for messages, without the S3 secret.
func (b *blobFlags) describe(dataDir string) string {
	if b.s3 != "" {
		if cfg, err := blob.ParseS3URL(b.s3); err == nil {
			return cfg.String()
		}
		return "S3"
	}
	return b.path(dataDir)
}

// open opens the storage for serving and removes what interrupted uploads left
// behind (a directory's temp files; an S3 bucket's temp objects and unfinished
// multipart uploads older than a day).
func (b *blobFlags) open(ctx context.Context, dataDir string, log *slog.Logger) (blob.Store, error) {
	if b.s3 != "" {
		cfg, err := blob.ParseS3URL(b.s3)
		if err != nil {
			return nil, &usageError{fmt.Sprintf("--s3: %v", err)}
		}
		s, err := blob.NewS3(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("open evidence storage: %w", err)
		}
		n, err := s.Cleanup(ctx)
		if err != nil {
			return nil, fmt.Errorf("clean up evidence storage: %w", err)
		}
		log.Info("evidence storage open", "s3", cfg.String(), "leftovers_removed", n)
		return s, nil
	}
	d, err := blob.OpenDir(ctx, b.path(dataDir)) // runs Cleanup
	if err != nil {
		return nil, fmt.Errorf("open evidence storage: %w", err)
	}
	log.Info("evidence storage open", "dir", d.Root())
	return d, nil
}

// openReadOnly opens the storage for zhifa verify, which writes nothing: a missing
// directory is no storage at all (nil), which fails the check of any evidence entry.
func (b *blobFlags) openReadOnly(ctx context.Context, dataDir string) (blob.Store, error) {
	if b.s3 != "" {
		cfg, err := blob.ParseS3URL(b.s3)
		if err != nil {
			return nil, &usageError{fmt.Sprintf("--s3: %v", err)}
		}
		s, err := blob.NewS3(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("open evidence storage: %w", err)
		}
		return s, nil
	}
	d, err := blob.OpenDirReadOnly(b.path(dataDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return d, err
}

// parseSize parses a size in bytes with an optional binary unit: "4GiB", "512MiB",
// "2G", "1048576".
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"T", 40}, {"G", 30}, {"M", 20}, {"K", 10}, {"B", 0}}
	shift := uint(0)
	for _, u := range units {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			s, shift = strings.TrimSpace(n), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)>>shift {
		return 0, fmt.Errorf("size %q: want a positive number of bytes, optionally with KiB, MiB, GiB or TiB", s)
	}
	return n << shift, nil
}

// sizeFlag is a flag holding a size (see parseSize).
type sizeFlag struct{ n int64 }

func (f *sizeFlag) String() string {
	if f == nil || f.n == 0 {
		return ""
	}
	return strconv.FormatInt(f.n, 10)
}

func (f *sizeFlag) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	f.n = n
	return nil
}

// evidenceKinds are the ledger entries whose Hashes name blobs in the evidence
// storage. A use case that stores further blobs adds its entry kind here.
// Issued documents (文书) are stored as evidence too, and so is their PDF; officers'
// photos, the attachments of complaints, of social supervisors' remarks and of heads'
// self-checks are kept there as well.
var evidenceKinds = map[string]bool{"evidence.add": true, "document.issue": true, "document.pdf": true, "officer.photo": true,
	"complaint.receive": true, "social_remark.record": true, "assessment.selfcheck": true}

// evidenceCheck is zhifa verify's check of the evidence storage: for every blob an
// evidence entry names, the stored file exists and still hashes (SHA-256 and SM3) to
// the entry's digest. Each distinct digest is rehashed once.
type evidenceCheck struct {
	ctx   context.Context
	store blob.Store // nil: there is no storage
	where string
	// checked holds the digests verified, by SHA-256.
	checked map[[32]byte]ledger.Digest
	bytes   int64
}

func newEvidenceCheck(ctx context.Context, store blob.Store, where string) *evidenceCheck {
	return &evidenceCheck{ctx: ctx, store: store, where: where, checked: map[[32]byte]ledger.Digest{}}
}

// entry checks the blobs of one entry; it is verifyOptions.checkEntry.
func (c *evidenceCheck) entry(_ int64, e *ledger.Entry) error {
	if !evidenceKinds[e.Kind] {
		return nil
	}
	names := make([]string, 0, len(e.Hashes))
	for name := range e.Hashes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		d := e.Hashes[name]
		if err := c.blob(d); err != nil {
			return fmt.Errorf("%s file %q (sha256:%x, %d bytes) %w", e.Kind, name, d.SHA256, d.Size, err)
		}
	}
	return nil
}

func (c *evidenceCheck) blob(d ledger.Digest) error {
	if prev, ok := c.checked[d.SHA256]; ok {
		if prev != d {
			return fmt.Errorf("contradicts an earlier entry, which gives the same SHA-256 with sm3:%x and %d bytes", prev.SM3, prev.Size)
		}
		return nil
	}
	if c.store == nil {
		return fmt.Errorf("cannot be checked: the evidence storage %s does not exist (pass --blobs DIR or --s3 URL)", c.where)
	}
	info, err := c.store.Stat(c.ctx, d.SHA256)
	if errors.Is(err, blob.ErrNotFound) {
		return fmt.Errorf("is missing from the evidence storage %s (deleted or moved)", c.where)
	} else if err != nil {
		return fmt.Errorf("cannot be read from the evidence storage %s: %w", c.where, err)
	}
	if info.Size != d.Size {
		return fmt.Errorf("has been replaced in the evidence storage %s: the stored file has %d bytes", c.where, info.Size)
	}
	o, err := c.store.Open(c.ctx, d.SHA256)
	if err != nil {
		return fmt.Errorf("cannot be read from the evidence storage %s: %w", c.where, err)
	}
	got, err := ledger.DigestOf(o)
	o.Close()
	if err != nil {
		return fmt.Errorf("cannot be read from the evidence storage %s: %w", c.where, err)
	}
	if got != d {
		return fmt.Errorf("has been replaced in the evidence storage %s: the stored content hashes to sha256:%x sm3:%x", c.where, got.SHA256, got.SM3)
	}
	c.checked[d.SHA256] = d
	c.bytes += d.Size
	return nil
}

// unreferenced counts the stored blobs that no evidence entry names: left by uploads
// that failed after their file was stored (see UploadEvidence in app/evidence). They are
// harmless.
func (c *evidenceCheck) unreferenced() (int, error) {
	if c.store == nil {
		return 0, nil
	}
	n := 0
	err := c.store.Walk(c.ctx, func(i blob.Info) error {
		if _, ok := c.checked[i.SHA256]; !ok {
			n++
		}
		return nil
	})
	return n, err
}

// maxEvidenceDefault is shown as --max-evidence's default.
var maxEvidenceDefault = strconv.FormatInt(evidence.DefaultMaxEvidenceSize>>30, 10) + "GiB"

// humanBytes formats a size for the report: "12.3 MiB".
func humanBytes(n int64) string {
	units := []struct {
		name string
		size int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}}
	for _, u := range units {
		if n >= u.size {
			return fmt.Sprintf("%.1f %s", float64(n)/float64(u.size), u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
