package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// Benchmarks report entries/s (or ns/op and p99-ns for proofs) and include
// a baseline in the same run, so results can be read as ratios.

func benchEntries(b *testing.B, n int) [][]byte {
	b.Helper()
	es := testEntries(b, n)
	var total int
	for _, e := range es {
		total += len(e)
	}
	b.ReportMetric(float64(total)/float64(n), "B/entry")
	return es
}

func perSecond(b *testing.B, n int) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkAppend measures what an append costs the ledger in CPU: leaf
// hashes and new stored hashes of both trees.
func BenchmarkAppend(b *testing.B) {
	es := benchEntries(b, 4096)
	b.Run("baseline=sha256-of-entry", func(b *testing.B) {
		for i := range b.N {
			sha256.Sum256(es[i%len(es)])
		}
		perSecond(b, b.N)
	})
	b.Run("sha256-tree-only", func(b *testing.B) {
		var sink Hash
		for i := range b.N {
			sink = SHA256.LeafHash(es[i%len(es)])
		}
		_ = sink
		perSecond(b, b.N)
	})
	b.Run("both-trees", func(b *testing.B) {
		t := NewTree()
		for i := range b.N {
			t.Append(es[i%len(es)])
		}
		perSecond(b, b.N)
	})
	b.Run("canonical+both-trees", func(b *testing.B) {
		t := NewTree()
		e := testEntry(3)
		for range b.N {
			c, err := e.Canonical()
			if err != nil {
				b.Fatal(err)
			}
			t.Append(c)
		}
		perSecond(b, b.N)
	})
}

// millionLog holds the stored hashes of a 1,000,000-entry log.
var millionLog = sync.OnceValue(func() *MemLog {
	const n = 1_000_000
	m := NewMemLog()
	m.stored[SHA256] = make([]Hash, 0, StoredHashCount(n))
	m.stored[SM3] = make([]Hash, 0, StoredHashCount(n))
	var buf [8]byte
	for i := range uint64(n) {
		binary.BigEndian.PutUint64(buf[:], i)
		ap := m.tree.AppendLeafHashes(LeafHashes(buf[:]))
		m.stored[SHA256] = append(m.stored[SHA256], ap.SHA256...)
		m.stored[SM3] = append(m.stored[SM3], ap.SM3...)
	}
	m.entries = make([][]byte, n) // sizes only; entries are not needed
	return m
})

// BenchmarkInclusionProof proves inclusion of random entries in a
// 1,000,000-entry log held as in-memory stored hashes, reporting the p99
// latency too.
func BenchmarkInclusionProof(b *testing.B) {
	m := millionLog()
	size := m.Size()
	sha, sm := m.Reader(SHA256), m.Reader(SM3)
	tr := tlogReader(sha)
	run := func(b *testing.B, prove func(i int64) error) {
		rng := rand.New(rand.NewPCG(1, 2))
		lat := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for range b.N {
			i := rng.Int64N(size)
			start := time.Now()
			if err := prove(i); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
		}
		b.StopTimer()
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
	}
	b.Run("baseline=tlog.ProveRecord-sha256", func(b *testing.B) {
		run(b, func(i int64) error { _, err := tlog.ProveRecord(size, i, tr); return err })
	})
	b.Run("sha256", func(b *testing.B) {
		run(b, func(i int64) error { _, err := InclusionPath(context.Background(), SHA256, i, size, sha); return err })
	})
	b.Run("both-trees", func(b *testing.B) {
		run(b, func(i int64) error { _, err := ProveInclusion(context.Background(), i, size, sha, sm); return err })
	})
	b.Run("both-trees+verify", func(b *testing.B) {
		c := m.Checkpoint("o")
		var buf [8]byte
		run(b, func(i int64) error {
			p, err := ProveInclusion(context.Background(), i, size, sha, sm)
			if err != nil {
				return err
			}
			binary.BigEndian.PutUint64(buf[:], uint64(i))
			return p.Verify(buf[:], c)
		})
	})
}

// BenchmarkAudit re-audits entries: parse and check canonical form,
// recompute both trees, compare stored hashes and a checkpoint per 1,000.
func BenchmarkAudit(b *testing.B) {
	const n = 100_000
	es := benchEntries(b, n)
	m := NewMemLog()
	var cps []Checkpoint
	for i, e := range es {
		m.Append(e)
		if (i+1)%1000 == 0 {
			cps = append(cps, m.Checkpoint("o"))
		}
	}
	b.Run("baseline=sha256-of-entries", func(b *testing.B) {
		for range b.N {
			for _, e := range es {
				sha256.Sum256(e)
			}
		}
		perSecond(b, b.N*n)
	})
	b.Run("both-trees", func(b *testing.B) {
		for range b.N {
			if _, err := Audit(context.Background(), seq(es), AuditOptions{Checkpoints: cps}); err != nil {
				b.Fatal(err)
			}
		}
		perSecond(b, b.N*n)
	})
	b.Run("both-trees+stored-hashes", func(b *testing.B) {
		for range b.N {
			if _, err := Audit(context.Background(), seq(es), AuditOptions{Checkpoints: cps, StoredSHA256: m.Reader(SHA256), StoredSM3: m.Reader(SM3)}); err != nil {
				b.Fatal(err)
			}
		}
		perSecond(b, b.N*n)
	})
}

// BenchmarkParseEntry measures ParseEntry alone (part of every audit).
func BenchmarkParseEntry(b *testing.B) {
	es := benchEntries(b, 1024)
	for i := range b.N {
		if _, err := ParseEntry(es[i%len(es)]); err != nil {
			b.Fatal(err)
		}
	}
	perSecond(b, b.N)
}
