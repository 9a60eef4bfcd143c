package blob

import (
	"io"
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
