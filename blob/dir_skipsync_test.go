package blob

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDirSkipSync: a store that does not wait for the disk (zhifa gen's copies, issue
// 11) stores and reads back what it is given under the same name, read-only, without
// leaving temp files, and a second Put of the same content keeps the first.
func TestDirSkipSync(t *testing.T) {
	root := t.TempDir()
	d, err := OpenDir(t.Context(), root)
	if err != nil {
		t.Fatal(err)
	}
	d.SkipSync()
	for _, content := range []string{"结案审批表", "结案审批表", "another"} {
		h, err := d.Put(t.Context(), strings.NewReader(content), 100)
		if err != nil {
			t.Fatal(err)
		}
		obj, err := d.Open(t.Context(), h.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(obj)
		obj.Close()
		if err != nil || string(got) != content {
			t.Errorf("read back %q, %v; want %q", got, err, content)
		}
	}
	if tmp := tmpFiles(t, root); len(tmp) > 0 {
		t.Errorf("temp files left: %q", tmp)
	}
}

// TestDirSkipSyncDirect: an unsynced store's direct writes (small blobs, putDirect) give
// the hashes, name and mode a synced store's Put gives the same content; a blob above
// directLimit streams as usual, and maxSize still bounds both paths.
func TestDirSkipSyncDirect(t *testing.T) {
	synced, err := OpenDir(t.Context(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	d, err := OpenDir(t.Context(), root)
	if err != nil {
		t.Fatal(err)
	}
	d.SkipSync()
	big := strings.Repeat("卷", directLimit/3+1) // above directLimit
	for _, tc := range []struct {
		name, content string
		maxSize       int64
		tooLarge      bool
	}{
		{"empty", "", 10, false},
		{"small", "行政处罚决定书", 100, false},
		{"at max size", "12345", 5, false},
		{"above max size", "123456", 5, true},
		{"large", big, 1 << 30, false},
		{"large above max size", big, directLimit + 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := d.Put(t.Context(), strings.NewReader(tc.content), tc.maxSize)
			if tc.tooLarge {
				if !errors.Is(err, ErrTooLarge) {
					t.Fatalf("Put: %v, want ErrTooLarge", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want, err := synced.Put(t.Context(), strings.NewReader(tc.content), tc.maxSize)
			if err != nil {
				t.Fatal(err)
			}
			if h != want {
				t.Errorf("hashes %+v, want the synced store's %+v", h, want)
			}
			fi, err := os.Stat(d.Path(h.SHA256))
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != blobPerm&^umask(t) || fi.Size() != int64(len(tc.content)) {
				t.Errorf("stored %v, %d bytes; want %v, %d bytes", fi.Mode().Perm(), fi.Size(), blobPerm, len(tc.content))
			}
			if _, err := d.Put(t.Context(), strings.NewReader(tc.content), tc.maxSize); err != nil {
				t.Errorf("second Put of the same content: %v", err)
			}
		})
	}
	if tmp := tmpFiles(t, root); len(tmp) > 0 {
		t.Errorf("temp files left: %q", tmp)
	}
}

// umask is the process's file mode creation mask.
func umask(t *testing.T) os.FileMode {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(t.TempDir(), "probe"), os.O_CREATE|os.O_WRONLY, 0o777)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return 0o777 &^ fi.Mode().Perm()
}

// TestDirPutRemovedDir: a store that made a blob's directory stores the blob again after
// the directory was removed behind its back, synced or not (the unsynced store remembers
// the directories it made, issue 11).
func TestDirPutRemovedDir(t *testing.T) {
	for _, tc := range []struct {
		name     string
		unsynced bool
		remove   func(d *Dir, sum [32]byte) string // what to remove
	}{
		{"synced leaf", false, func(d *Dir, sum [32]byte) string { return filepath.Dir(d.Path(sum)) }},
		{"synced both levels", false, func(d *Dir, sum [32]byte) string { return filepath.Dir(filepath.Dir(d.Path(sum))) }},
		{"unsynced leaf", true, func(d *Dir, sum [32]byte) string { return filepath.Dir(d.Path(sum)) }},
		{"unsynced both levels", true, func(d *Dir, sum [32]byte) string { return filepath.Dir(filepath.Dir(d.Path(sum))) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := OpenDir(t.Context(), t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if tc.unsynced {
				d.SkipSync()
			}
			const content = "送达回证"
			h, err := d.Put(t.Context(), strings.NewReader(content), 100)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.RemoveAll(tc.remove(d, h.SHA256)); err != nil {
				t.Fatal(err)
			}
			if ok, _ := d.Exists(t.Context(), h.SHA256); ok {
				t.Fatal("blob still there after its directory was removed")
			}
			again, err := d.Put(t.Context(), strings.NewReader(content), 100)
			if err != nil {
				t.Fatalf("Put after the directory was removed: %v", err)
			}
			if again != h {
				t.Errorf("hashes %v, want %v", again, h)
			}
			got, err := os.ReadFile(d.Path(h.SHA256))
			if err != nil || string(got) != content {
				t.Errorf("stored %q, %v; want %q", got, err, content)
			}
		})
	}
}
