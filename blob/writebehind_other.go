//go:build !linux

package blob

import "os"

// writeBehind is a plain *os.File writer where sync_file_range(2) does not
// exist; the final fsync writes everything back.
type writeBehind struct{ *os.File }

func newWriteBehind(f *os.File) *writeBehind { return &writeBehind{f} }
