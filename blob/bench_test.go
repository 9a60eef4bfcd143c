package blob

import (
	"context"
	"crypto/sha256"
	"hash"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

// benchSize is the content size of BenchmarkIngest: 256 MiB by default,
// 1 GiB (the measure) when ZHIFA_BENCH_FULL=1, or
// ZHIFA_BENCH_MIB MiB.
func benchSize(b *testing.B) int64 {
	if s := os.Getenv("ZHIFA_BENCH_MIB"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			b.Fatalf("ZHIFA_BENCH_MIB=%q: want a positive number of MiB", s)
		}
		return n << 20
	}
	if os.Getenv("ZHIFA_BENCH_FULL") == "1" {
		return 1 << 30
	}
	return 256 << 20
}

// benchDir is where BenchmarkIngest writes: ZHIFA_BENCH_DIR (to measure
// the disk the data dir is on), else a temp dir.
func benchDir(b *testing.B) string {
	if d := os.Getenv("ZHIFA_BENCH_DIR"); d != "" {
		dir, err := os.MkdirTemp(d, "zhifa-bench-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return b.TempDir()
}

// BenchmarkIngest measures evidence ingest against its limits, in the same
// run: the issue requires Dir.Put of a 1 GiB file to reach at least 80% of
// min(SHA-256 speed, SM3 speed, durable disk write speed). Each iteration
// streams the same amount of generated content through
//
//	sha256   crypto/sha256 alone
//	sm3      gmsm SM3 alone
//	disk     write(2) to a new file in the store's file system, then fsync
//	put      Dir.Put (both hashes, temp file, fsync, link), new content
//
// and reports each speed in MB/s and put/min(sha256, sm3, disk) as "ratio".
// Run: go test -run='^$' -bench=Ingest -benchtime=3x ./blob/
// (ZHIFA_BENCH_FULL=1 for 1 GiB).
func BenchmarkIngest(b *testing.B) {
	size := benchSize(b)
	dir := benchDir(b)
	store, err := OpenDir(context.Background(), filepath.Join(dir, "store"))
	if err != nil {
		b.Fatal(err)
	}
	var tSHA, tSM3, tDisk, tPut time.Duration
	timeIt := func(f func()) time.Duration {
		start := time.Now()
		f()
		return time.Since(start)
	}
	hashAll := func(h hash.Hash) {
		buf := make([]byte, chunkSize)
		if _, err := io.CopyBuffer(h, newGenReader(size, rand.Uint64()), buf); err != nil {
			b.Fatal(err)
		}
		h.Sum(nil)
	}
	for b.Loop() {
		tSHA += timeIt(func() { hashAll(sha256.New()) })
		tSM3 += timeIt(func() { hashAll(sm3.New()) })
		tDisk += timeIt(func() {
			f, err := os.Create(filepath.Join(dir, "disk"))
			if err != nil {
				b.Fatal(err)
			}
			buf := make([]byte, chunkSize)
			if _, err := io.CopyBuffer(onlyWriter{f}, newGenReader(size, rand.Uint64()), buf); err != nil {
				b.Fatal(err)
			}
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
			f.Close()
		})
		os.Remove(filepath.Join(dir, "disk"))
		tPut += timeIt(func() {
			if _, err := store.Put(context.Background(), newGenReader(size, rand.Uint64()), math.MaxInt64); err != nil {
				b.Fatal(err)
			}
		})
	}
	mbs := func(d time.Duration) float64 { return float64(size) * float64(b.N) / d.Seconds() / 1e6 }
	sha, sm, disk, put := mbs(tSHA), mbs(tSM3), mbs(tDisk), mbs(tPut)
	b.ReportMetric(sha, "sha256-MB/s")
	b.ReportMetric(sm, "sm3-MB/s")
	b.ReportMetric(disk, "disk-MB/s")
	b.ReportMetric(put, "put-MB/s")
	b.ReportMetric(put/min(sha, sm, disk), "ratio")
	b.ReportMetric(float64(size>>20), "MiB")
}

// onlyWriter hides ReadFrom, so that the disk baseline writes in chunks as
// Put does.
type onlyWriter struct{ io.Writer }

// BenchmarkHashPipeline compares computing both hashes in one loop
// (io.MultiWriter) with the pipeline that ingest uses, writing to
// io.Discard: the pipeline should approach the slower hash's speed.
func BenchmarkHashPipeline(b *testing.B) {
	const size = 64 << 20
	tests := []struct {
		name string
		run  func(r io.Reader) error
	}{
		{"serial", func(r io.Reader) error {
			_, err := ingestSerial(io.Discard, r, math.MaxInt64)
			return err
		}},
		{"pipeline", func(r io.Reader) error {
			_, err := ingest(context.Background(), io.Discard, r, math.MaxInt64)
			return err
		}},
	}
	for _, tc := range tests {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				if err := tc.run(newGenReader(size, 1)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
