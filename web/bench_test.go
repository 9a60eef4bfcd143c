package web

import (
	"context"
	crand "crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/ledger"
	"zhifa/sqlstore"
)

// proofLogSize is the size of the log of BenchmarkInclusionProofAPI.
const proofLogSize = 1_000_000

// BenchmarkInclusionProofAPI serves inclusion proofs of random entries of a
// 1,000,000-entry log (SQLite) over HTTP: GET /api/v1/ledger/proof/inclusion through
// httptest, with the response decoded and verified against the checkpoint by the
// client. It reports p50-ns and p99-ns (the issue asks p99 < 5 ms). The baseline, in
// the same run, computes the same proof in memory with ledger.ProveInclusion from the
// stored hashes held in slices; the API run also reports x-baseline-p99 (its p99 ÷
// the baseline's). The log is built once, before the sub-benchmarks: a MemLog computes
// both trees, then the entries, stored hashes and a signed checkpoint are written
// through the store in large transactions (setup-s reports how long that took).
func BenchmarkInclusionProofAPI(b *testing.B) {
	start := time.Now()
	ctx := context.Background()
	entries := make([][]byte, proofLogSize)
	for i := range entries {
		e := &ledger.Entry{Kind: "bench.entry", Actor: "system/bench", Time: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
			Meta: map[string]string{"n": strconv.Itoa(i)}}
		data, err := e.Canonical()
		if err != nil {
			b.Fatal(err)
		}
		entries[i] = data
	}
	// Both trees are computed while the entries are written.
	mem := ledger.NewMemLog()
	trees := make(chan struct{})
	go func() {
		defer close(trees)
		for _, e := range entries {
			mem.Append(e)
		}
	}()
	key := make([]byte, 32)
	crand.Read(key)
	st, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	skey, _, err := ledger.GenerateKeys("zhifa.bench/ledger")
	if err != nil {
		b.Fatal(err)
	}
	signer, err := ledger.NewSigner(skey, "")
	if err != nil {
		b.Fatal(err)
	}
	// Entries in transactions of 100,000; then the stored hashes in the same way.
	const chunk = 100_000
	for lo := int64(0); lo < proofLogSize; lo += chunk {
		err := st.Update(ctx, func(tx zhifa.Tx) error {
			for i := lo; i < min(lo+chunk, proofLogSize); i++ {
				if _, err := tx.AppendLedgerEntry(ctx, entries[i], time.Time{}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	<-trees
	b.Logf("entries stored, trees computed after %v", time.Since(start).Round(time.Millisecond))
	sha, sm := mem.Stored(ledger.SHA256), mem.Stored(ledger.SM3)
	for lo := 0; lo < len(sha); lo += 2 * chunk {
		hi := min(lo+2*chunk, len(sha))
		err := st.Update(ctx, func(tx zhifa.Tx) error {
			a, c := make([][32]byte, hi-lo), make([][32]byte, hi-lo)
			for i := lo; i < hi; i++ {
				a[i-lo], c[i-lo] = sha[i], sm[i]
			}
			return tx.AddLedgerHashes(ctx, int64(lo), a, c)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	cp := mem.Checkpoint(signer.Origin())
	note, err := signer.Sign(cp)
	if err != nil {
		b.Fatal(err)
	}
	err = st.Update(ctx, func(tx zhifa.Tx) error {
		if err := tx.AddCheckpoint(ctx, &zhifa.LedgerCheckpoint{Size: proofLogSize, Note: note}); err != nil {
			return err
		}
		return tx.SetLedgerIntegrated(ctx, proofLogSize)
	})
	if err != nil {
		b.Fatal(err)
	}
	setup := time.Since(start)
	b.Logf("built a %d-entry log in %v", proofLogSize, setup.Round(time.Millisecond))

	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Logger: quiet, LedgerSigner: signer})
	srv := httptest.NewServer(New(a, Options{Logger: quiet}))
	defer srv.Close()
	client := srv.Client()

	var baselineP99 float64
	run := func(b *testing.B, prove func(i int64) (*ledger.InclusionProof, error)) float64 {
		rng := rand.New(rand.NewPCG(1, 2))
		lat := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for range b.N {
			i := rng.Int64N(proofLogSize)
			t0 := time.Now()
			p, err := prove(i)
			lat = append(lat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			if p.Index != i || p.TreeSize != proofLogSize {
				b.Fatalf("proof of %d in %d for entry %d", p.Index, p.TreeSize, i)
			}
			if err := p.Verify(mem.Entry(i), cp); err != nil {
				b.Fatalf("entry %d: %v", i, err)
			}
		}
		b.StopTimer()
		slices.Sort(lat)
		p99 := float64(lat[len(lat)*99/100].Nanoseconds())
		b.ReportMetric(setup.Seconds(), "setup-s")
		b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
		b.ReportMetric(p99, "p99-ns")
		return p99
	}
	b.Run("baseline=in-memory", func(b *testing.B) {
		shaR, smR := mem.Reader(ledger.SHA256), mem.Reader(ledger.SM3)
		baselineP99 = run(b, func(i int64) (*ledger.InclusionProof, error) {
			return ledger.ProveInclusion(context.Background(), i, proofLogSize, shaR, smR)
		})
	})
	b.Run("api", func(b *testing.B) {
		p99 := run(b, func(i int64) (*ledger.InclusionProof, error) {
			resp, err := client.Get(fmt.Sprintf("%s/api/v1/ledger/proof/inclusion?index=%d", srv.URL, i))
			if err != nil {
				return nil, err
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				body, _ := io.ReadAll(resp.Body)
				return nil, fmt.Errorf("status %d: %s", resp.StatusCode, body)
			}
			var p ledger.InclusionProof
			return &p, json.NewDecoder(resp.Body).Decode(&p)
		})
		if baselineP99 > 0 {
			b.ReportMetric(p99/baselineP99, "x-baseline-p99")
		}
	})
}
