//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package blob

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// Temp files are protected from a concurrent Cleanup (in this or another
// process) with flock(2) locks, which the kernel drops when the process
// dies: a Put holds an exclusive lock on its temp file for as long as it
// runs, and Cleanup removes only the temp files it can lock itself. The gap
// between creating a temp file and locking it is closed by the lock file
// DIR/tmp/.lock: Put holds it shared while it creates and locks its temp
// file, Cleanup holds it exclusive while it scans.

// flock locks f (unix.LOCK_SH or LOCK_EX), waiting if need be.
func flock(f *os.File, how int) error {
	for {
		err := unix.Flock(int(f.Fd()), how)
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

const (
	lockShared    = unix.LOCK_SH
	lockExclusive = unix.LOCK_EX
)

// lockTemp locks a new temp file of this process's for as long as it is open.
func lockTemp(f *os.File) error { return flock(f, unix.LOCK_EX|unix.LOCK_NB) }

// staleTemp reports whether the temp file f (open for reading) belongs to no
// live Put, and if so keeps it locked until f is closed.
func staleTemp(f *os.File, _ os.FileInfo) (bool, error) {
	err := flock(f, unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
