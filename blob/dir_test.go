package blob

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"zhifa"
)

func TestDirLayout(t *testing.T) {
	root := t.TempDir()
	d, err := OpenDir(t.Context(), root)
	if err != nil {
		t.Fatal(err)
	}
	h, err := d.Put(t.Context(), strings.NewReader("abc"), 10)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "sha256", "ba", "78", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
	if d.Path(h.SHA256) != path {
		t.Errorf("Path = %s, want %s", d.Path(h.SHA256), path)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode() != blobPerm {
		t.Errorf("stored blob has mode %v, want %v (read-only)", fi.Mode(), fs.FileMode(blobPerm))
	}
	if tmp := tmpFiles(t, root); len(tmp) > 0 {
		t.Errorf("temp files left: %q", tmp)
	}
}

// TestDirCorrupt: a stored file that does not match its name is reported,
// not silently replaced or taken for the content.
func TestDirCorrupt(t *testing.T) {
	d, err := OpenDir(t.Context(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("原始证据")
	path := d.Path(hashesOf(content).SHA256)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("原始"), 0o440); err != nil {
		t.Fatal(err)
	}
	_, err = d.Put(t.Context(), bytes.NewReader(content), 100)
	if !errors.Is(err, ErrCorrupt) || zhifa.ErrorCode(err) != zhifa.EINTERNAL {
		t.Fatalf("Put over a truncated blob = %v, want ErrCorrupt (EINTERNAL)", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "原始" {
		t.Errorf("Put changed the corrupt blob to %q", b)
	}
}

// TestDirWalkSkipsStrangers: files that are not blobs in their place are
// not reported by Walk.
func TestDirWalkSkipsStrangers(t *testing.T) {
	root := t.TempDir()
	d, err := OpenDir(t.Context(), root)
	if err != nil {
		t.Fatal(err)
	}
	h, err := d.Put(t.Context(), strings.NewReader("abc"), 10)
	if err != nil {
		t.Fatal(err)
	}
	strangers := []string{
		"sha256/ba/78/notes.txt",
		"sha256/ba/78/BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", // upper case
		"sha256/ba/79/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ae", // wrong dir
		"sha256/xx/yy/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015af",
		"sha256/README",
	}
	for _, s := range strangers {
		p := filepath.Join(root, filepath.FromSlash(s))
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o440); err != nil {
			t.Fatal(err)
		}
	}
	got := walkAll(t, d)
	if len(got) != 1 || got[0].SHA256 != h.SHA256 {
		t.Errorf("Walk = %v, want only %s", got, h.SHA256Hex())
	}
}

// TestDirCleanupSparesLiveUpload: Cleanup (here, and in a second store on
// the same directory, as another process would open it) removes a temp
// file only when no Put holds it.
func TestDirCleanupSparesLiveUpload(t *testing.T) {
	root := t.TempDir()
	d, err := OpenDir(t.Context(), root)
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	content := randBytes(3<<20, 77)
	go func() {
		_, err := d.Put(t.Context(), pr, 1<<30)
		done <- err
	}()
	if _, err := pw.Write(content[:2<<20]); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return len(tmpFiles(t, root)) == 1 })

	if n, err := d.Cleanup(t.Context()); err != nil || n != 0 {
		t.Errorf("Cleanup during a Put = %d, %v; want 0 removed", n, err)
	}
	if _, err := OpenDir(t.Context(), root); err != nil {
		t.Fatal(err)
	}
	if tmp := tmpFiles(t, root); len(tmp) != 1 {
		t.Fatalf("temp files during a Put after Cleanup: %q, want 1", tmp)
	}

	pw.Write(content[2<<20:])
	pw.Close()
	if err := <-done; err != nil {
		t.Fatalf("Put: %v", err)
	}
	if got := readAll(t, d, hashesOf(content).SHA256); !bytes.Equal(got, content) {
		t.Error("blob reads back wrong")
	}
	if tmp := tmpFiles(t, root); len(tmp) > 0 {
		t.Errorf("temp files left: %q", tmp)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for start := time.Now(); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatal("timed out")
		}
	}
}

// Environment of the crash test's child process.
const (
	crashModeEnv = "ZHIFA_BLOB_CRASH_MODE"
	crashDirEnv  = "ZHIFA_BLOB_CRASH_DIR"
)

// TestDirCrash kills a process writing to a Dir with SIGKILL and checks
// that no real name holds wrong content, and that Cleanup removes the
// interrupted upload's temp file. The test binary re-executes itself as the
// child (crashChild).
func TestDirCrash(t *testing.T) {
	if mode := os.Getenv(crashModeEnv); mode != "" {
		crashChild(mode, os.Getenv(crashDirEnv))
		return
	}
	if testing.Short() {
		t.Skip("slow: starts child processes")
	}
	tests := []struct {
		name     string
		mode     string
		killWait time.Duration // after the child is ready
		wantTemp int           // temp files the kill leaves; -1: 0 or 1
		wantMin  int           // blobs at least stored
	}{
		// The child is stuck mid-stream, after 5 MiB.
		{"mid-stream", "stuck", 0, 1, 0},
		// The child stores random contents as fast as it can; killed at
		// various moments, some mid-write, some mid-fsync or -rename.
		{"busy 0ms", "busy", 0, -1, 1},
		{"busy 7ms", "busy", 7 * time.Millisecond, -1, 1},
		{"busy 31ms", "busy", 31 * time.Millisecond, -1, 1},
		{"busy 97ms", "busy", 97 * time.Millisecond, -1, 1},
		{"busy 250ms", "busy", 250 * time.Millisecond, -1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestDirCrash$", "-test.count=1")
			cmd.Env = append(os.Environ(), crashModeEnv+"="+tc.mode, crashDirEnv+"="+root)
			ready, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer ready.Close()
			cmd.ExtraFiles = []*os.File{w} // fd 3 in the child
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stderr, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			w.Close()
			line, err := bufio.NewReader(ready).ReadString('\n')
			if line != "ready\n" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("child: %q, %v; output:\n%s", line, err, stderr.Bytes())
			}
			time.Sleep(tc.killWait)
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()

			// Every real name holds exactly the content it names.
			d := &Dir{root: root} // as it is: OpenDir would clean up
			stored := 0
			for _, info := range walkAll(t, d) {
				stored++
				o, err := d.Open(t.Context(), info.SHA256)
				if err != nil {
					t.Fatal(err)
				}
				hh := sha256.New()
				n, err := io.Copy(hh, o)
				o.Close()
				if err != nil {
					t.Fatal(err)
				}
				if [32]byte(hh.Sum(nil)) != info.SHA256 || n != info.Size {
					t.Errorf("blob %s holds %d bytes hashing to %x", info.SHA256Hex(), n, hh.Sum(nil))
				}
			}
			if stored < tc.wantMin {
				t.Errorf("%d blobs stored, want at least %d", stored, tc.wantMin)
			}
			temps := len(tmpFiles(t, root))
			if tc.wantTemp >= 0 && temps != tc.wantTemp || temps > 1 {
				t.Errorf("%d temp files after the kill, want %d", temps, tc.wantTemp)
			}

			n, err := d.Cleanup(t.Context())
			if err != nil || n != temps {
				t.Errorf("Cleanup = %d, %v; want %d removed", n, err, temps)
			}
			if tmp := tmpFiles(t, root); len(tmp) > 0 {
				t.Errorf("temp files after Cleanup: %q", tmp)
			}
			t.Logf("%d blobs stored, %d temp file removed", stored, n)
		})
	}
}

// crashChild is the child process of TestDirCrash. It writes "ready\n" to
// fd 3 when it is ready to be killed, and never returns.
func crashChild(mode, root string) {
	ready := os.NewFile(3, "ready")
	fail := func(err error) {
		fmt.Fprintf(ready, "error: %v\n", err)
		os.Exit(1)
	}
	d, err := OpenDir(context.Background(), root)
	if err != nil {
		fail(err)
	}
	switch mode {
	case "stuck":
		pr, pw := io.Pipe()
		go func() {
			pw.Write(randBytes(5<<20, 1))
			// Let the writer goroutine get the bytes to the temp file.
			waitTemp := time.Now().Add(5 * time.Second)
			for time.Now().Before(waitTemp) {
				if m, _ := filepath.Glob(filepath.Join(root, "tmp", "put-*")); len(m) == 1 {
					if fi, err := os.Stat(m[0]); err == nil && fi.Size() == 5<<20 {
						break
					}
				}
				time.Sleep(time.Millisecond)
			}
			fmt.Fprintln(ready, "ready")
			select {} // stuck until killed
		}()
		d.Put(context.Background(), pr, 1<<30)
		fail(errors.New("Put returned"))
	case "busy":
		for i := uint64(0); ; i++ {
			size := int64(i*7919) % (6 << 20)
			if _, err := d.Put(context.Background(), newGenReader(size, i), 1<<30); err != nil {
				fail(err)
			}
			if i == 0 {
				fmt.Fprintln(ready, "ready")
			}
		}
	default:
		fail(fmt.Errorf("unknown mode %q", mode))
	}
}

// TestOpenDirReadOnly: a read-only store reads what is there, and neither creates a
// missing store nor removes the temp files of interrupted uploads.
func TestOpenDirReadOnly(t *testing.T) {
	root := t.TempDir()
	if _, err := OpenDirReadOnly(filepath.Join(root, "none")); err == nil {
		t.Error("opened a missing store")
	}
	if _, err := os.Stat(filepath.Join(root, "none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a read-only open created the store: %v", err)
	}
	d, err := OpenDir(t.Context(), root)
	if err != nil {
		t.Fatal(err)
	}
	h, err := d.Put(t.Context(), strings.NewReader("abc"), 10)
	if err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(root, "tmp", "put-stale")
	if err := os.WriteFile(stale, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenDirReadOnly(root)
	if err != nil {
		t.Fatal(err)
	}
	o, err := ro.Open(t.Context(), h.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(o)
	o.Close()
	if string(b) != "abc" {
		t.Errorf("read %q", b)
	}
	if _, err := os.Stat(stale); err != nil {
		t.Errorf("a read-only open removed a temp file: %v", err)
	}
}
