package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"zhifa"
	"zhifa/ledger"
	"zhifa/sqlstore"
)

// BenchmarkIntegrateLedger measures the ledger's integration after a bulk load (issue
// 11): a store holding entries that no checkpoint covers yet and their audit lines, as
// zhifa gen leaves it (about 16 entries and 19 audit lines a case), integrated by
// IntegrateLedger — both trees extended, their hashes stored, checkpoints signed, the
// audit rows chained and anchored. The baseline, in the same run and over the same
// store, is a raw read and hash of the same entries: every entry read in pages and
// appended to both trees in memory, what zhifa verify does with them. It reports
// entries/s of both and x-raw, the integration's rate ÷ the baseline's.
// ZHIFA_BENCH_LEDGER_ENTRIES sets the entries (default 100,000; 10,000 with -short);
// PostgreSQL runs with ZHIFA_TEST_PG.
func BenchmarkIntegrateLedger(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	if s := os.Getenv("ZHIFA_BENCH_LEDGER_ENTRIES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1000 {
			b.Fatalf("ZHIFA_BENCH_LEDGER_ENTRIES=%q: want a number of at least 1000", s)
		}
		n = v
	}
	engines := []string{sqlstore.EngineSQLite}
	if os.Getenv("ZHIFA_TEST_PG") != "" {
		engines = append(engines, sqlstore.EnginePostgres)
	}
	for _, engine := range engines {
		b.Run(engine, func(b *testing.B) {
			var integrate, raw, integrateCPU, rawCPU time.Duration
			for range b.N {
				a, st := newPendingLedger(b, engine, n)
				start, cpu := time.Now(), processCPU()
				size, err := a.IntegrateLedger(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				integrate, integrateCPU = integrate+time.Since(start), integrateCPU+processCPU()-cpu
				if size != int64(n) {
					b.Fatalf("integrated %d entries, want %d", size, n)
				}
				start, cpu = time.Now(), processCPU()
				readAndHash(b, st, n)
				raw, rawCPU = raw+time.Since(start), rawCPU+processCPU()-cpu
			}
			total := float64(n * b.N)
			rate, rawRate := total/integrate.Seconds(), total/raw.Seconds()
			b.ReportMetric(rate, "entries/s")
			b.ReportMetric(rawRate, "raw-entries/s")
			b.ReportMetric(rate/rawRate, "x-raw")
			// The process's CPU per entry (both cores), less sensitive to a shared
			// machine's load than the rates; PostgreSQL's own CPU is not counted.
			b.ReportMetric(float64(integrateCPU.Microseconds())/total, "cpu-us/entry")
			b.ReportMetric(float64(rawCPU.Microseconds())/total, "raw-cpu-us/entry")
		})
	}
}

// newPendingLedger opens a store of the engine, as zhifa gen does (Options.Bulk), and
// fills it with n entries and 19/16 as many audit lines, none integrated or chained.
func newPendingLedger(b *testing.B, engine string, n int) (*App, *sqlstore.DB) {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	dsn := filepath.Join(b.TempDir(), "zhifa.db")
	if engine == sqlstore.EnginePostgres {
		dsn = benchPostgres(b)
	}
	return fillPendingLedger(b, dsn, n)
}

// newPendingLedgerT is newPendingLedger for a test, on SQLite.
func newPendingLedgerT(t *testing.T, n int) (*App, *sqlstore.DB) {
	return fillPendingLedger(t, filepath.Join(t.TempDir(), "zhifa.db"), n)
}

// fillPendingLedger opens the store at dsn and fills it (newPendingLedger).
func fillPendingLedger(b testing.TB, dsn string, n int) (*App, *sqlstore.DB) {
	b.Helper()
	ctx := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	st, err := sqlstore.Open(ctx, dsn, sqlstore.Options{PIIKey: key, Bulk: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	signer := benchSigner(b)
	const chunk = 20_000 // rows of one loading transaction
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for lo := 0; lo < n; lo += chunk {
		err := st.UpdateBulk(ctx, func(tx zhifa.Tx) error {
			for i := lo; i < min(lo+chunk, n); i++ {
				if _, err := tx.AppendLedgerEntry(ctx, benchLedgerEntry(b, i, at), at); err != nil {
					return err
				}
				for range 1 + (i%16+3)/16 { // 19 audit lines for 16 entries
					if err := tx.AppendAudit(ctx, &zhifa.AuditEntry{At: at, Login: "p0001officer1", Action: "case.act",
						Object: "case/" + strconv.Itoa(i/16+1), IP: "192.0.2.1", Success: true, Detail: "调查取证",
						ObjectPath: "/1/2/"}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return New(st, Options{LedgerSigner: signer, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}), st
}

// benchLedgerEntry is entry i of the bench: a case step of the size zhifa gen's are.
func benchLedgerEntry(b testing.TB, i int, at time.Time) []byte {
	e := &ledger.Entry{Kind: "case.investigate", Case: fmt.Sprintf("东市监罚〔2026〕%d号", i/16+1), Actor: "user/12", Time: at,
		Meta: map[string]string{"action": "investigate", "stage": "investigating", "step": strconv.Itoa(i % 16),
			"fields_sha256": "5f1d7a9c0e3b4a6d8f2c1e0b9a7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c"}}
	data, err := e.Canonical()
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// readAndHash is the baseline: it reads the first n entries in pages and appends them
// to both trees in memory.
func readAndHash(b *testing.B, st zhifa.Store, n int) {
	b.Helper()
	ctx := context.Background()
	tree := ledger.NewTree()
	err := st.View(ctx, func(tx zhifa.Tx) error {
		for from := int64(0); from < int64(n); from += ledgerBatch {
			entries, err := tx.LedgerEntries(ctx, from, from+ledgerBatch)
			if err != nil {
				return err
			}
			for _, e := range entries {
				tree.Append(e.Data)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if tree.Size() != int64(n) {
		b.Fatalf("read %d entries, want %d", tree.Size(), n)
	}
}
