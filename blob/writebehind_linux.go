package blob

import (
	"os"

	"golang.org/x/sys/unix"
)

// writeBehindWindow is how much is written before its writeback is started.
const writeBehindWindow = 8 << 20

// writeBehind writes a new file sequentially and keeps at most about two
// windows of it dirty in the page cache: after each window it starts the
// window's writeback (sync_file_range), then waits for the previous window's
// writeback and drops that from the cache (the blob is unlikely to be read
// back soon). So the disk works while the input is still being hashed, the
// final fsync has little left to do, and a 2 GiB upload does not evict the
// page cache. This is only an optimisation: durability comes from the fsync
// (which still writes the file's metadata), so errors here are ignored.
type writeBehind struct {
	f       *os.File
	fd      int
	written int64 // bytes written
	started int64 // writeback started for [0, started)
}

func newWriteBehind(f *os.File) *writeBehind {
	return &writeBehind{f: f, fd: int(f.Fd())}
}

func (w *writeBehind) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	for err == nil && w.written-w.started >= writeBehindWindow {
		unix.SyncFileRange(w.fd, w.started, writeBehindWindow, unix.SYNC_FILE_RANGE_WRITE)
		if prev := w.started - writeBehindWindow; prev >= 0 {
			unix.SyncFileRange(w.fd, prev, writeBehindWindow,
				unix.SYNC_FILE_RANGE_WAIT_BEFORE|unix.SYNC_FILE_RANGE_WRITE|unix.SYNC_FILE_RANGE_WAIT_AFTER)
			unix.Fadvise(w.fd, prev, writeBehindWindow, unix.FADV_DONTNEED)
		}
		w.started += writeBehindWindow
	}
	return n, err
}
