package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Dir is a Store in a local directory:
//
//	DIR/sha256/ab/cd/abcd…   stored blobs, read-only (0440), named by SHA-256
//	DIR/tmp/put-*            uploads in progress (or interrupted: see Cleanup)
//	DIR/tmp/.lock            lock file (see Cleanup)
//
// Put writes to a temp file in DIR/tmp, fsyncs it, links it under its real
// name (never replacing a file already there) and fsyncs the directory. So
// after a crash a real name holds either nothing or the whole content; the
// leftover temp files are removed by Cleanup, which OpenDir runs.
//
// Several processes may share one Dir (e.g. `zhifa serve` and `zhifa
// verify`): the temp file of a running Put is locked, so a Cleanup in any
// process leaves it alone.
type Dir struct {
	root string
	// unsynced: Put does not wait for the disk (SkipSync).
	unsynced bool
	// direct serialises the unsynced stores' direct writes (putDirect) and keeps the
	// directories they made or found.
	direct struct {
		sync.Mutex
		dirs map[string]bool
	}
}

// SkipSync makes Put return without fsyncing the file and its directory, for a
// loader whose failed run is thrown away (zhifa gen, issue 11, as its database
// commits with sqlstore.Options.Bulk): a crash may leave a real name with part
// of its content, which zhifa verify reports. Call it before any Put.
//
// A small blob (up to directLimit bytes) is then hashed in memory and written under
// its real name directly (putDirect): no temp file, lock, link or rename — a dozen
// system calls fewer for each of the generator's copied documents, a fifth of a copy's
// CPU (issue 11). A reader in another process may then see a stored blob before its
// last byte is written; the loader is the store's only writer and no server reads it
// meanwhile.
func (d *Dir) SkipSync() { d.unsynced = true }

// directLimit is the largest blob an unsynced store writes directly (putDirect).
const directLimit = 1 << 20

var _ Store = (*Dir)(nil)

const (
	dirPerm  = 0o750
	blobPerm = 0o440
)

// OpenDir opens the store in dir, creating the directory and its layout if
// need be, and removes the temp files that interrupted uploads left behind
// (see Cleanup).
func OpenDir(ctx context.Context, dir string) (*Dir, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	d := &Dir{root: abs}
	if err := os.MkdirAll(abs, dirPerm); err != nil {
		return nil, fmt.Errorf("blob: create store directory: %w", err)
	}
	for _, sub := range []string{"sha256", "tmp"} {
		if err := os.Mkdir(filepath.Join(abs, sub), dirPerm); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("blob: create store directory: %w", err)
		}
	}
	if _, err := d.Cleanup(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

// OpenDirReadOnly opens an existing store in dir for reading only: it creates
// nothing and removes nothing (`zhifa verify` uses it). Put and Cleanup must not be
// called on it. A missing directory is an error.
func OpenDirReadOnly(dir string) (*Dir, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	fi, err := os.Stat(filepath.Join(abs, "sha256"))
	if err != nil {
		return nil, fmt.Errorf("blob: no store in %s: %w", abs, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("blob: no store in %s: sha256 is not a directory", abs)
	}
	return &Dir{root: abs}, nil
}

// Root returns the store's directory.
func (d *Dir) Root() string { return d.root }

func (d *Dir) tmpDir() string   { return filepath.Join(d.root, "tmp") }
func (d *Dir) lockPath() string { return filepath.Join(d.root, "tmp", ".lock") }

// Path returns the file name of the blob with the given SHA-256 (which may
// not exist).
func (d *Dir) Path(sha256 [32]byte) string {
	return filepath.Join(d.root, filepath.FromSlash(Key(sha256)))
}

// openLock opens DIR/tmp/.lock and locks it (lockShared or lockExclusive).
func (d *Dir) openLock(how int) (*os.File, error) {
	f, err := os.OpenFile(d.lockPath(), os.O_RDONLY|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("blob: open lock file: %w", err)
	}
	if err := flock(f, how); err != nil {
		f.Close()
		return nil, fmt.Errorf("blob: lock %s: %w", f.Name(), err)
	}
	return f, nil
}

// createTemp creates and locks a new temp file.
func (d *Dir) createTemp() (*os.File, error) {
	l, err := d.openLock(lockShared)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	f, err := os.CreateTemp(d.tmpDir(), "put-*")
	if err != nil {
		return nil, fmt.Errorf("blob: create temp file: %w", err)
	}
	if err := lockTemp(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("blob: lock temp file: %w", err)
	}
	return f, nil
}

// Put implements Store.
func (d *Dir) Put(ctx context.Context, r io.Reader, maxSize int64) (Hashes, error) {
	h, err := d.put(ctx, r, maxSize)
	if err != nil {
		return Hashes{}, err
	}
	return h, nil
}

func (d *Dir) put(ctx context.Context, r io.Reader, maxSize int64) (Hashes, error) {
	if maxSize <= 0 {
		return Hashes{}, errMaxSize(maxSize)
	}
	if d.unsynced {
		head, err := io.ReadAll(io.LimitReader(r, min(maxSize, directLimit)+1))
		if err != nil {
			return Hashes{}, fmt.Errorf("blob: read: %w", err)
		}
		if int64(len(head)) <= min(maxSize, directLimit) {
			return d.putDirect(ctx, head)
		}
		r = io.MultiReader(bytes.NewReader(head), r) // a large one streams as usual
	}
	f, err := d.createTemp()
	if err != nil {
		return Hashes{}, err
	}
	tmp := f.Name()
	// The temp file stays open, and so locked, until its name is gone.
	defer func() {
		os.Remove(tmp)
		f.Close()
	}()

	h, err := ingest(ctx, newWriteBehind(f), r, maxSize)
	if err != nil {
		return h, err
	}
	final := d.Path(h.SHA256)
	if err := d.checkExisting(final, h); !errors.Is(err, fs.ErrNotExist) {
		return h, err // stored already (nil), or a problem
	}
	if err := f.Chmod(blobPerm); err != nil {
		return h, fmt.Errorf("blob: %w", err)
	}
	if err := d.sync(f); err != nil {
		return h, fmt.Errorf("blob: sync temp file: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return h, err
	}
	parent := filepath.Dir(final)
	if err := d.mkdirAll(parent); err != nil {
		return h, err
	}
	// A hard link never replaces a file already there; where the file system
	// has no hard links, rename does (atomically, with the same content).
	if err := os.Link(tmp, final); errors.Is(err, fs.ErrExist) {
		return h, d.checkExisting(final, h) // a concurrent Put was first
	} else if err != nil {
		if err := os.Rename(tmp, final); err != nil {
			return h, fmt.Errorf("blob: store %s: %w", final, err)
		}
	}
	if d.unsynced {
		return h, nil
	}
	if err := syncDir(parent); err != nil {
		return h, err
	}
	return h, nil
}

// putDirect stores content under its real name without a temp file, for an unsynced
// store (SkipSync). Its writes take turns, so a second Put of the same content in this
// process finds the first one's file whole.
func (d *Dir) putDirect(ctx context.Context, content []byte) (Hashes, error) {
	h := Sum(content)
	if err := ctx.Err(); err != nil {
		return h, err
	}
	final := d.Path(h.SHA256)
	parent := filepath.Dir(final)
	d.direct.Lock()
	defer d.direct.Unlock()
	if !d.direct.dirs[parent] {
		if err := d.mkdirAll(parent); err != nil {
			return h, err
		}
		if d.direct.dirs == nil {
			d.direct.dirs = map[string]bool{}
		}
		d.direct.dirs[parent] = true
	}
	f, err := os.OpenFile(final, os.O_WRONLY|os.O_CREATE|os.O_EXCL, blobPerm)
	if errors.Is(err, fs.ErrNotExist) {
		// A directory remembered above was removed behind the store's back: made again.
		if err := d.mkdirAll(parent); err != nil {
			return h, err
		}
		f, err = os.OpenFile(final, os.O_WRONLY|os.O_CREATE|os.O_EXCL, blobPerm)
	}
	if errors.Is(err, fs.ErrExist) {
		return h, d.checkExisting(final, h)
	} else if err != nil {
		return h, fmt.Errorf("blob: store %s: %w", final, err)
	}
	_, err = f.Write(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(final) // no real name with part of the content
		return h, fmt.Errorf("blob: store %s: %w", final, err)
	}
	return h, nil
}

// sync fsyncs a stored file unless the store skips it (SkipSync).
func (d *Dir) sync(f *os.File) error {
	if d.unsynced {
		return nil
	}
	return f.Sync()
}

// checkExisting returns nil if final is a stored blob of h.Size bytes, an
// error matching fs.ErrNotExist if there is none, and another error else.
func (d *Dir) checkExisting(final string, h Hashes) error {
	fi, err := os.Lstat(final)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return err
	case err != nil:
		return fmt.Errorf("blob: %w", err)
	case !fi.Mode().IsRegular() || fi.Size() != h.Size:
		return errCorrupt(h.SHA256, fi.Size(), h.Size)
	}
	return nil
}

// mkdirAll creates dir and its missing parents inside d.root, fsyncing the
// parent of each new directory so that the new entry survives a crash — unless the
// store skips syncs (SkipSync): a loader's first file in a directory had cost an fsync
// of its parent, most of zhifa gen's fsyncs (issue 11).
//
// It tries the Mkdir first and looks at the parents only when that finds one missing:
// a Stat of dir and of its parent before each Mkdir were two system calls more for
// every new directory, and at 20,000 cases four of zhifa gen's blobs in five start one
// (issue 11).
func (d *Dir) mkdirAll(dir string) error {
	parent := filepath.Dir(dir)
	err := os.Mkdir(dir, dirPerm)
	if errors.Is(err, fs.ErrNotExist) && parent != d.root && strings.HasPrefix(parent, d.root) {
		if err := d.mkdirAll(parent); err != nil {
			return err
		}
		err = os.Mkdir(dir, dirPerm)
	}
	if errors.Is(err, fs.ErrExist) {
		return nil // there already, or a concurrent Put made it and syncs its parent
	} else if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	if d.unsynced {
		return nil
	}
	return syncDir(parent)
}

// syncDir fsyncs a directory, making its entries durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("blob: sync directory %s: %w", dir, err)
	}
	return nil
}

// Cleanup removes the temp files of interrupted uploads from DIR/tmp, and
// returns how many it removed. The temp files of uploads in progress (in
// this or another process) are left alone. OpenDir runs it.
func (d *Dir) Cleanup(ctx context.Context) (int, error) {
	l, err := d.openLock(lockExclusive)
	if err != nil {
		return 0, err
	}
	defer l.Close()
	entries, err := os.ReadDir(d.tmpDir())
	if err != nil {
		return 0, fmt.Errorf("blob: %w", err)
	}
	removed := 0
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return removed, err
		}
		if !strings.HasPrefix(e.Name(), "put-") {
			continue
		}
		ok, err := d.removeStale(filepath.Join(d.tmpDir(), e.Name()))
		if err != nil {
			return removed, err
		}
		if ok {
			removed++
		}
	}
	return removed, nil
}

// removeStale removes the temp file name if no live Put holds it.
func (d *Dir) removeStale(name string) (bool, error) {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil // its Put just finished
	} else if err != nil {
		return false, fmt.Errorf("blob: cleanup: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false, fmt.Errorf("blob: cleanup: %w", err)
	}
	stale, err := staleTemp(f, fi)
	if err != nil || !stale {
		return false, err
	}
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("blob: cleanup: %w", err)
	}
	return true, nil
}

// dirObject is an open blob file.
type dirObject struct {
	*os.File
	size    int64
	modTime time.Time
}

func (o *dirObject) Size() int64        { return o.size }
func (o *dirObject) ModTime() time.Time { return o.modTime }

// Open implements Store.
func (d *Dir) Open(ctx context.Context, sha256 [32]byte) (Object, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.Open(d.Path(sha256))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNotFound(sha256)
	} else if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &dirObject{File: f, size: fi.Size(), modTime: fi.ModTime()}, nil
}

// Stat implements Store.
func (d *Dir) Stat(ctx context.Context, sha256 [32]byte) (Info, error) {
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	fi, err := os.Stat(d.Path(sha256))
	if errors.Is(err, fs.ErrNotExist) {
		return Info{}, errNotFound(sha256)
	} else if err != nil {
		return Info{}, fmt.Errorf("blob: %w", err)
	}
	return Info{SHA256: sha256, Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

// Exists implements Store.
func (d *Dir) Exists(ctx context.Context, sha256 [32]byte) (bool, error) {
	_, err := d.Stat(ctx, sha256)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Walk implements Store.
func (d *Dir) Walk(ctx context.Context, fn func(Info) error) error {
	top := filepath.Join(d.root, "sha256")
	// Each level is read in sorted order and holds the next two hex digits,
	// so the walk is in key order.
	l1, err := readDirNames(top, 2)
	if err != nil {
		return err
	}
	for _, a := range l1 {
		l2, err := readDirNames(filepath.Join(top, a), 2)
		if err != nil {
			return err
		}
		for _, b := range l2 {
			dir := filepath.Join(top, a, b)
			entries, err := os.ReadDir(dir)
			if err != nil {
				return fmt.Errorf("blob: walk: %w", err)
			}
			for _, e := range entries {
				if err := ctx.Err(); err != nil {
					return err
				}
				sum, ok := parseKeyName(e.Name())
				if !ok || !e.Type().IsRegular() || e.Name()[:4] != a+b {
					continue
				}
				fi, err := e.Info()
				if errors.Is(err, fs.ErrNotExist) {
					continue
				} else if err != nil {
					return fmt.Errorf("blob: walk: %w", err)
				}
				if err := fn(Info{SHA256: sum, Size: fi.Size(), ModTime: fi.ModTime()}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// readDirNames returns the sorted names of the subdirectories of dir that
// are n lower-case hex digits.
func readDirNames(dir string, n int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: walk: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && len(e.Name()) == n && isLowerHex(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}
