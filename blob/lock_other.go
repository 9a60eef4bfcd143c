//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package blob

import (
	"os"
	"time"
)

// Without flock(2), temp files are not locked, and Cleanup removes only
// temp files not modified for staleAge: a live Put writes to its temp file
// all the time.

const staleAge = 24 * time.Hour

const (
	lockShared    = 0
	lockExclusive = 0
)

func flock(*os.File, int) error { return nil }

func lockTemp(*os.File) error { return nil }

func staleTemp(_ *os.File, fi os.FileInfo) (bool, error) {
	return time.Since(fi.ModTime()) > staleAge, nil
}
