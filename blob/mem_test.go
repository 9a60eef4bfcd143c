package blob

import (
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"
)

// TestPutMemory streams a large content from a generator through Put and
// checks that the Go heap does not grow with it: the issue allows 64 MiB of
// growth for a 2 GiB upload. Dir gets 512 MiB; S3 gets 256 MiB, since the
// test server (s3testd, another process) is slower and 256 MiB already
// runs through 16 multipart parts of 16 MiB, the most a Put holds in memory
// being Threads parts.
func TestPutMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: streams hundreds of MiB")
	}
	const limit = 64 << 20
	tests := []struct {
		name string
		open func(t *testing.T) backend
		size int64
	}{
		{"dir", openDirBackend, 512 << 20},
		{"s3", openS3Backend, 256 << 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.open(t)
			runtime.GC()
			debug.FreeOSMemory()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)

			var peakHeap, peakSys uint64
			sample := func() {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peakHeap = max(peakHeap, m.HeapInuse)
				peakSys = max(peakSys, m.Sys)
			}
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Go(func() {
				tick := time.NewTicker(10 * time.Millisecond)
				defer tick.Stop()
				for {
					select {
					case <-stop:
						return
					case <-tick.C:
						sample()
					}
				}
			})
			start := time.Now()
			h, err := b.store.Put(t.Context(), newGenReader(tc.size, rand.Uint64()), tc.size)
			elapsed := time.Since(start)
			close(stop)
			wg.Wait()
			sample()
			if err != nil {
				t.Fatal(err)
			}
			if h.Size != tc.size {
				t.Fatalf("stored %d bytes, want %d", h.Size, tc.size)
			}
			heapGrowth := int64(peakHeap) - int64(before.HeapInuse)
			sysGrowth := int64(peakSys) - int64(before.Sys)
			t.Logf("Put of %d MiB in %v (%.0f MB/s): heap in use +%.1f MiB (peak), Sys +%.1f MiB",
				tc.size>>20, elapsed.Round(time.Millisecond), float64(tc.size)/elapsed.Seconds()/1e6,
				float64(heapGrowth)/(1<<20), float64(sysGrowth)/(1<<20))
			if heapGrowth > limit || sysGrowth > limit {
				t.Errorf("memory grew by %d MiB (heap in use) and %d MiB (Sys) for a %d MiB Put, want under %d MiB",
					heapGrowth>>20, sysGrowth>>20, tc.size>>20, limit>>20)
			}
		})
	}
}
