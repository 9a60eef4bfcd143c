package demo

import (
	"runtime/debug"
)

// zhifa gen's garbage collection (issue 11, genpar). A copy allocates about half a
// megabyte (its rows held back, its texts, entries and documents) and keeps almost none
// of it past its chunk's hand-off, so the live heap stays small while the collector ran
// every few copies: at Go's default (GOGC=100) marking and its assists were about a tenth
// of the copies' CPU. gen collects when the heap has grown five times its live size, and
// the memory limit makes the collector run earlier instead should the heap near it, meant
// to keep the process under about 3 GiB with SQLite's loader cache and sorter (512 MiB each
// at most, outside Go's heap). Measured: 1.9 GiB peak RSS at 20,000 cases, 4.06 GiB at a
// million, where SQLite's page cache of the growing database is the difference. GOGC or
// GOMEMLIMIT in the environment keep their meaning.

// genGCPercent is gen's GOGC.
const genGCPercent = 400

// genMemoryLimit is gen's soft limit of the Go heap, in bytes (1.5 GiB).
const genMemoryLimit = 3 << 29

// TuneGenGC sets gen's collection unless the environment (getenv) sets it, and returns
// what restores the previous settings. zhifa gen and BenchmarkGenerateBulk call it, so
// that the benchmark measures what the command does.
func TuneGenGC(getenv func(string) string) (restore func()) {
	percent, limit := -2, int64(-1) // -2: unchanged
	if getenv("GOGC") == "" {
		percent = debug.SetGCPercent(genGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(genMemoryLimit)
	}
	return func() {
		if percent != -2 {
			debug.SetGCPercent(percent)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}
