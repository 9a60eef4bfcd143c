package demo

import (
	"runtime/debug"
	"testing"
)

// TestTuneGenGC checks that gen sets its collection unless the environment does, and
// restores what was set before.
func TestTuneGenGC(t *testing.T) {
	before, limit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1)
	debug.SetGCPercent(before)
	for _, tc := range []struct {
		name      string
		env       map[string]string
		wantGC    int
		wantLimit int64
	}{
		{"gen's own", nil, genGCPercent, genMemoryLimit},
		{"GOGC and GOMEMLIMIT kept", map[string]string{"GOGC": "150", "GOMEMLIMIT": "1GiB"}, before, limit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			restore := TuneGenGC(func(k string) string { return tc.env[k] })
			gc := debug.SetGCPercent(-1)
			debug.SetGCPercent(gc)
			lim := debug.SetMemoryLimit(-1)
			restore()
			if gc != tc.wantGC || lim != tc.wantLimit {
				t.Errorf("GOGC %d, limit %d; want %d, %d", gc, lim, tc.wantGC, tc.wantLimit)
			}
			if got := debug.SetGCPercent(-1); got != before {
				t.Errorf("GOGC after restore %d, want %d", got, before)
			}
			debug.SetGCPercent(before)
			if got := debug.SetMemoryLimit(-1); got != limit {
				t.Errorf("limit after restore %d, want %d", got, limit)
			}
		})
	}
}
