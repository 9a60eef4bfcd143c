package main

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"zhifa/blob"
	"zhifa/sqlstore"
)

// The backup archive (issue #11) is a tar file:
//
//	db/…             the database snapshot (sqlstore.Backup): zhifa.db for SQLite, one
//	                 COPY file per table for PostgreSQL
//	keys/…           every file of DATA/keys: the personal-data key and the ledger keys
//	blobs.jsonl      the blob manifest: every evidence file the snapshot refers to, by
//	                 SHA-256, with its SM3 and size (sqlstore.BlobRef, one per line)
//	blobs/<sha256>   with --include-blobs, those evidence files
//	MANIFEST.json    last: the format, the snapshot's description (engine, schema
//	                 version, counts, tables) and the size and SHA-256 of every other
//	                 member
//
// restore reads the whole archive into a staging directory and checks every member
// against the manifest before it touches the target.

// backupFormat names the archive layout in its manifest.
const backupFormat = "zhifa-backup/1"

const manifestName = "MANIFEST.json"

// backupManifest is MANIFEST.json.
type backupManifest struct {
	Format       string             `json:"format"`
	Version      string             `json:"zhifa_version"`
	Created      time.Time          `json:"created"`
	IncludeBlobs bool               `json:"include_blobs"`
	Snapshot     *sqlstore.Snapshot `json:"snapshot"`
	Files        []backupFile       `json:"files"`
}

// backupFile is one member of the archive.
type backupFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "backup", "--data DIR [--db URL] --out FILE [--include-blobs]",
		`Takes an online, consistent backup while zhifa serves: the database (a snapshot of
one transaction), the keys of DATA/keys and the list of evidence files the database
refers to, with their hashes, in one archive. Evidence files are included with
--include-blobs; otherwise back up the evidence storage (a directory or an S3 bucket,
which only ever grows) on its own. The archive holds the keys: keep it as safe as them.
在线一致性备份：数据库快照、密钥、证据文件清单（--include-blobs 时包含证据文件）。`)
	var sf storeFlags
	var bf blobFlags
	sf.register(fs, e)
	bf.register(fs, e)
	out := fs.String("out", "", "the archive `FILE` to write (must not exist)\n备份文件")
	include := fs.Bool("include-blobs", false, "copy every evidence file the database refers to into the archive\n将证据文件一并备份")
	if err := fs.parse(args); err != nil {
		return err
	}
	if err := bf.resolve(fs); err != nil {
		return err
	}
	if *out == "" {
		return &usageError{"--out must name the archive to write"}
	}
	if _, err := os.Lstat(*out); err == nil {
		return fmt.Errorf("%s exists: choose a new file", *out)
	}
	log := newLogger(e, slog.LevelWarn)
	db, err := openForBackup(ctx, &sf)
	if err != nil {
		return err
	}
	defer db.Close()
	var blobs blob.Store
	if *include {
		if blobs, err = bf.openReadOnly(ctx, sf.data); err != nil {
			return err
		}
		if blobs == nil {
			return fmt.Errorf("--include-blobs: no evidence storage at %s", bf.describe(sf.data))
		}
	}
	staging, err := os.MkdirTemp(filepath.Dir(*out), ".zhifa-backup-*")
	if err != nil {
		return fmt.Errorf("staging directory: %w", err)
	}
	defer os.RemoveAll(staging)
	snap, err := db.Backup(ctx, staging)
	if err != nil {
		return err
	}
	m := &backupManifest{Format: backupFormat, Version: buildVersion(), Created: time.Now().UTC(), IncludeBlobs: *include, Snapshot: snap}
	if err := writeArchive(ctx, *out, staging, sf.data, blobs, m); err != nil {
		return err
	}
	for _, name := range []string{"ZHIFA_PII_KEY", "ZHIFA_LEDGER_KEY", "ZHIFA_LEDGER_SM2_KEY"} {
		if e.getenv(name) != "" {
			log.Warn("a key is set in the environment and is not in the backup: keep it with the archive", "env", name)
		}
	}
	blobNote := "evidence files by reference"
	if *include {
		blobNote = "evidence files included"
	}
	fmt.Fprintf(e.stdout, "backup written to %s: %s database (schema %d), %d cases, %d ledger entries, %d evidence files (%s)\n",
		*out, snap.Engine, snap.Schema, snap.Cases, snap.LedgerEntries, snap.Blobs, blobNote)
	return nil
}

// openForBackup opens the existing database without migrating it or creating anything:
// a backup reads, it never changes what it backs up. The snapshot needs no personal-data
// key (nothing is decrypted).
func openForBackup(ctx context.Context, sf *storeFlags) (*sqlstore.DB, error) {
	if sf.data == "" {
		return nil, &usageError{"--data must name a directory"}
	}
	dsn := sf.sqlitePath()
	if dsn != "" {
		// Not sf.dsn(), which would create an empty database to back up.
		if fi, err := os.Stat(dsn); err != nil || fi.Size() == 0 {
			return nil, fmt.Errorf("no database at %s", dsn)
		}
	} else {
		var err error
		if dsn, err = sf.dsn(); err != nil {
			return nil, err
		}
	}
	return sqlstore.Open(ctx, dsn, sqlstore.Options{PIIKey: make([]byte, 32), NoMigrate: true, NoSequencer: true})
}

// writeArchive writes the archive to a temporary file beside out and links it into
// place once complete and synced, so a failed backup leaves no partial archive.
func writeArchive(ctx context.Context, out, staging, dataDir string, blobs blob.Store, m *backupManifest) (err error) {
	f, err := os.CreateTemp(filepath.Dir(out), ".zhifa-backup-*.tar") // mode 0600: it holds the keys
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	tw := tar.NewWriter(f)
	dbFiles := []string{sqlstore.SnapshotFile}
	if m.Snapshot.Engine == sqlstore.EnginePostgres {
		dbFiles = dbFiles[:0]
		for _, t := range m.Snapshot.Tables {
			dbFiles = append(dbFiles, t.File)
		}
	}
	for _, name := range dbFiles {
		if err := addFile(tw, m, "db/"+name, filepath.Join(staging, name)); err != nil {
			return err
		}
	}
	blobList := filepath.Join(staging, sqlstore.BlobsFile)
	if err := addFile(tw, m, sqlstore.BlobsFile, blobList); err != nil {
		return err
	}
	keys, err := keyFiles(dataDir)
	if err != nil {
		return err
	}
	for _, name := range keys {
		if err := addFile(tw, m, "keys/"+name, filepath.Join(dataDir, "keys", name)); err != nil {
			return err
		}
	}
	if blobs != nil {
		err := sqlstore.ReadBlobRefs(blobList, func(ref sqlstore.BlobRef) error {
			return addBlob(ctx, tw, m, blobs, ref)
		})
		if err != nil {
			return err
		}
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(mb)), ModTime: m.Created}); err != nil {
		return err
	}
	if _, err := tw.Write(mb); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := os.Link(f.Name(), out); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s appeared while the backup ran: choose a new file", out)
	} else if err != nil {
		// Filesystems without hard links: rename, which replaces nothing here because
		// out did not exist when the backup began.
		if err := os.Rename(f.Name(), out); err != nil {
			return fmt.Errorf("write %s: %w", out, err)
		}
	}
	return nil
}

// keyFiles lists the regular files of DATA/keys.
func keyFiles(dataDir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(dataDir, "keys"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read keys: %w", err)
	}
	var names []string
	for _, de := range entries {
		if de.Type().IsRegular() && !strings.HasPrefix(de.Name(), ".") {
			names = append(names, de.Name())
		}
	}
	return names, nil
}

// addFile adds the file at src as member name, recording it in the manifest.
func addFile(tw *tar.Writer, m *backupManifest, name, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	return addMember(tw, m, name, fi.Size(), f, "")
}

// addBlob adds one evidence file, checking its content against the manifest's SHA-256.
func addBlob(ctx context.Context, tw *tar.Writer, m *backupManifest, blobs blob.Store, ref sqlstore.BlobRef) error {
	sum, err := blob.ParseSum(ref.SHA256)
	if err != nil {
		return fmt.Errorf("evidence file %s: %w", ref.SHA256, err)
	}
	o, err := blobs.Open(ctx, sum)
	if err != nil {
		return fmt.Errorf("evidence file %s: %w", ref.SHA256, err)
	}
	defer o.Close()
	return addMember(tw, m, "blobs/"+ref.SHA256, o.Size(), o, ref.SHA256)
}

// addMember writes one member of size bytes from r, hashing it; want, if set, is the
// SHA-256 the content must have.
func addMember(tw *tar.Writer, m *backupManifest, name string, size int64, r io.Reader, want string) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: m.Created}); err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tw, h), io.LimitReader(r, size))
	if err != nil {
		return fmt.Errorf("archive %s: %w", name, err)
	}
	if n != size {
		return fmt.Errorf("archive %s: %d bytes read, want %d", name, n, size)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if want != "" && sum != want {
		return fmt.Errorf("archive %s: the stored content's SHA-256 is %s: run zhifa verify", name, sum)
	}
	m.Files = append(m.Files, backupFile{Name: name, Size: size, SHA256: sum})
	return nil
}

func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "restore", "--in FILE --data DIR [--db URL]",
		`Restores a backup made by "zhifa backup" into an empty target: a data directory
without a database or keys and, with --db, a PostgreSQL database without tables. Every
member of the archive is checked against its manifest first. Evidence files in the
archive are stored into the evidence storage (--blobs, --s3, default DATA/blobs);
without them the storage must already hold them. Then run "zhifa verify".
从备份恢复到空的数据目录（及空的 PostgreSQL 数据库）。`)
	var sf storeFlags
	var bf blobFlags
	sf.register(fs, e)
	bf.register(fs, e)
	in := fs.String("in", "", "the archive `FILE` to restore\n备份文件")
	if err := fs.parse(args); err != nil {
		return err
	}
	if err := bf.resolve(fs); err != nil {
		return err
	}
	if *in == "" {
		return &usageError{"--in must name the archive to restore"}
	}
	if sf.data == "" {
		return &usageError{"--data must name a directory"}
	}
	log := newLogger(e, slog.LevelWarn)
	if err := os.MkdirAll(sf.data, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	if keys, err := keyFiles(sf.data); err != nil {
		return err
	} else if len(keys) > 0 {
		return fmt.Errorf("%s already holds keys (%s): restore into an empty data directory", sf.data, strings.Join(keys, ", "))
	}
	dsn, err := sf.dsn()
	if err != nil {
		return err
	}
	if err := sqlstore.CheckEmpty(ctx, dsn); err != nil {
		return err
	}
	staging, err := os.MkdirTemp(sf.data, ".restore-*")
	if err != nil {
		return fmt.Errorf("staging directory: %w", err)
	}
	defer os.RemoveAll(staging)
	m, err := readArchive(*in, staging)
	if err != nil {
		return err
	}
	// Evidence files first: storing them is idempotent (content-addressed) and leaves
	// nothing a second attempt would refuse, unlike a half-restored database.
	missing, err := restoreBlobs(ctx, &bf, sf.data, staging, m, log)
	if err != nil {
		return err
	}
	if err := sqlstore.Restore(ctx, dsn, filepath.Join(staging, "db"), m.Snapshot); err != nil {
		return err
	}
	for _, f := range m.Files {
		if name, ok := strings.CutPrefix(f.Name, "keys/"); ok {
			b, err := os.ReadFile(filepath.Join(staging, filepath.FromSlash(f.Name)))
			if err != nil {
				return err
			}
			if err := writeSecretFile(filepath.Join(sf.data, "keys", name), b); err != nil {
				return fmt.Errorf("restore key %s: %w", name, err)
			}
		}
	}
	db, err := openStore(ctx, e, &sf, log)
	if err != nil {
		return fmt.Errorf("open the restored database: %w", err)
	}
	defer db.Close()
	cases, entries, err := db.Counts(ctx)
	if err != nil {
		return fmt.Errorf("count the restored rows: %w", err)
	}
	if cases != m.Snapshot.Cases || entries != m.Snapshot.LedgerEntries {
		return fmt.Errorf("the restored database holds %d cases and %d ledger entries, the backup %d and %d", cases, entries, m.Snapshot.Cases, m.Snapshot.LedgerEntries)
	}
	fmt.Fprintf(e.stdout, "restored %s database: %d cases, %d ledger entries, %d evidence files\n", m.Snapshot.Engine, cases, entries, m.Snapshot.Blobs)
	if missing > 0 {
		fmt.Fprintf(e.stdout, "%d evidence files are not in %s: copy them from the original storage (or restore a backup taken with --include-blobs), then run zhifa verify\n", missing, bf.describe(sf.data))
	} else {
		fmt.Fprintln(e.stdout, `next: run "zhifa verify" on the restored data`)
	}
	return nil
}

// readArchive extracts the archive into staging and checks every member against the
// manifest: the same set of files, each of its size and SHA-256.
func readArchive(name, staging string) (*backupManifest, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tr := tar.NewReader(f)
	got := map[string]backupFile{}
	var mb []byte
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s is not a zhifa backup: %w", name, err)
		}
		if h.Name == manifestName {
			if mb, err = io.ReadAll(io.LimitReader(tr, 64<<20)); err != nil {
				return nil, fmt.Errorf("read %s: %w", manifestName, err)
			}
			continue
		}
		if !validMember(h.Name) || h.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("%s: unexpected member %q", name, h.Name)
		}
		bf, err := extractMember(tr, staging, h.Name)
		if err != nil {
			return nil, err
		}
		got[h.Name] = bf
	}
	if mb == nil {
		return nil, fmt.Errorf("%s is not a zhifa backup: no %s", name, manifestName)
	}
	var m backupManifest
	if err := json.Unmarshal(mb, &m); err != nil || m.Format != backupFormat || m.Snapshot == nil {
		return nil, fmt.Errorf("%s is not a %s archive", name, backupFormat)
	}
	for _, want := range m.Files {
		if g, ok := got[want.Name]; !ok {
			return nil, fmt.Errorf("%s: %s is missing", name, want.Name)
		} else if g != want {
			return nil, fmt.Errorf("%s: %s does not match the manifest (size %d, SHA-256 %s; the manifest says %d, %s)", name, want.Name, g.Size, g.SHA256, want.Size, want.SHA256)
		}
		delete(got, want.Name)
	}
	if len(got) > 0 {
		extra := slices.Sorted(func(yield func(string) bool) {
			for n := range got {
				if !yield(n) {
					return
				}
			}
		})
		return nil, fmt.Errorf("%s: members not in the manifest: %s", name, strings.Join(extra, ", "))
	}
	return &m, nil
}

// validMember accepts the member names a backup writes: the blob manifest, and one
// level under db/, keys/ or blobs/, no path tricks.
func validMember(name string) bool {
	if name == sqlstore.BlobsFile {
		return true
	}
	dir, base := path.Split(name)
	switch dir {
	case "db/", "keys/", "blobs/":
	default:
		return false
	}
	return base != "" && base != "." && base != ".." && !strings.ContainsAny(base, `/\`) && path.Clean(name) == name
}

func extractMember(r io.Reader, staging, name string) (backupFile, error) {
	dst := filepath.Join(staging, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return backupFile{}, err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return backupFile{}, fmt.Errorf("extract %s: %w", name, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return backupFile{}, fmt.Errorf("extract %s: %w", name, err)
	}
	return backupFile{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// restoreBlobs stores the archive's evidence files into the evidence storage, or,
// for a backup by reference, counts the files the storage lacks.
func restoreBlobs(ctx context.Context, bf *blobFlags, dataDir, staging string, m *backupManifest, log *slog.Logger) (missing int, err error) {
	if m.Snapshot.Blobs == 0 {
		return 0, nil
	}
	store, err := bf.open(ctx, dataDir, log)
	if err != nil {
		return 0, err
	}
	err = sqlstore.ReadBlobRefs(filepath.Join(staging, sqlstore.BlobsFile), func(ref sqlstore.BlobRef) error {
		sum, err := blob.ParseSum(ref.SHA256)
		if err != nil {
			return fmt.Errorf("evidence file %s: %w", ref.SHA256, err)
		}
		if m.IncludeBlobs {
			return putBlob(ctx, store, filepath.Join(staging, "blobs", ref.SHA256), ref)
		}
		ok, err := store.Exists(ctx, sum)
		if err == nil && !ok {
			missing++
		}
		return err
	})
	return missing, err
}

func putBlob(ctx context.Context, store blob.Store, src string, ref sqlstore.BlobRef) error {
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("evidence file %s: %w", ref.SHA256, err)
	}
	defer f.Close()
	h, err := store.Put(ctx, f, max(ref.Size, 1))
	if err != nil {
		return fmt.Errorf("store evidence file %s: %w", ref.SHA256, err)
	}
	if h.SHA256Hex() != ref.SHA256 || h.SM3Hex() != ref.SM3 {
		return fmt.Errorf("evidence file %s: its content hashes to %s", ref.SHA256, h.SHA256Hex())
	}
	return nil
}
