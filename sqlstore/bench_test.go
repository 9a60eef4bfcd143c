package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zhifa"
	"zhifa/ledger"
)

// appendClients is the number of concurrent clients of BenchmarkDurableAppend.
const appendClients = 64

// durableBaseline is the entries/s of the last baseline run, for the ratio metric of
// the other sub-benchmarks of the same run.
var durableBaseline float64

// BenchmarkDurableAppend measures durable ledger appends on SQLite (WAL,
// synchronous=FULL, BEGIN IMMEDIATE): 64 clients at once, each append committing a
// ledger entry together with its business row (an audit line) in one Update. Its
// baseline, in the same run and on the same database settings, is 64 clients doing
// plain INSERTs of the same two rows, one transaction each. Every sub-benchmark
// reports entries/s; the others report ratio = entries/s ÷ baseline's too.
func BenchmarkDurableAppend(b *testing.B) {
	entry := benchEntry(b)
	b.Run("baseline=plain-insert", func(b *testing.B) {
		db := benchDB(b)
		var next atomic.Int64
		runClients(b, appendClients, func(ctx context.Context, i int) error {
			tx, err := db.sql.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			e := benchAudit(i)
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO audit_log (at, user_id, login, agency_id, action, object, ip, success, detail, object_path)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				utc(time.Now()), nil, e.Login, nil, e.Action, e.Object, e.IP, e.Success, e.Detail, e.ObjectPath); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_entries (idx, data, created_at) VALUES ($1, $2, $3)`,
				next.Add(1)-1, entry, utc(time.Now())); err != nil {
				return err
			}
			return tx.Commit()
		})
		durableBaseline = perSecond(b)
	})
	appendOne := func(db *DB) func(ctx context.Context, i int) error {
		return func(ctx context.Context, i int) error {
			return db.Update(ctx, func(tx zhifa.Tx) error {
				if err := tx.AppendAudit(ctx, benchAudit(i)); err != nil {
					return err
				}
				_, err := tx.AppendLedgerEntry(ctx, entry, time.Time{})
				return err
			})
		}
	}
	b.Run("update-without-group-commit", func(b *testing.B) {
		db := benchDB(b)
		db.gc = nil // one transaction and fsync per Update, as before group commit
		runClients(b, appendClients, appendOne(db))
		reportRatio(b, perSecond(b))
		checkLedger(b, db)
	})
	b.Run("update", func(b *testing.B) {
		db := benchDB(b)
		runClients(b, appendClients, appendOne(db))
		reportRatio(b, perSecond(b))
		checkLedger(b, db)
	})
}

// benchDB opens a fresh SQLite store for one benchmark run.
func benchDB(b *testing.B) *DB {
	b.Helper()
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "zhifa.db"), Options{PIIKey: testKey()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// benchEntry is a typical entry: a certificate state change.
func benchEntry(b *testing.B) []byte {
	e := &ledger.Entry{Kind: "certificate.state", Actor: "user/12", Time: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		Meta: map[string]string{"certificate": "1234", "number": "37020012345678", "from": "valid", "state": "suspended", "reason": "涉嫌违法违纪，暂扣执法证件"}}
	data, err := e.Canonical()
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// benchAudit is the audit line of append i.
func benchAudit(i int) *zhifa.AuditEntry {
	return &zhifa.AuditEntry{Login: "officer" + strconv.Itoa(i%appendClients), Action: "certificate.state",
		Object: "certificate/" + strconv.Itoa(i), ObjectPath: "/1/3/", IP: "192.0.2.1", Success: true, Detail: "suspended 涉嫌违法违纪，暂扣执法证件"}
}

// runClients runs b.N operations on n concurrent clients, timing only them.
func runClients(b *testing.B, n int, op func(ctx context.Context, i int) error) {
	b.Helper()
	ctx := context.Background()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	b.ResetTimer()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				if err := op(ctx, int(i)); err != nil {
					errs <- fmt.Errorf("op %d: %w", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

func perSecond(b *testing.B) float64 {
	r := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(r, "entries/s")
	return r
}

func reportRatio(b *testing.B, rate float64) {
	if durableBaseline > 0 {
		b.ReportMetric(rate/durableBaseline, "x-baseline")
	}
}

// checkLedger checks that the benchmark's appends left a dense ledger, each entry
// with its audit line.
func checkLedger(b *testing.B, db *DB) {
	b.Helper()
	ctx := context.Background()
	err := db.View(ctx, func(ztx zhifa.Tx) error {
		t := ztx.(*tx)
		size, err := t.LedgerSize(ctx)
		if err != nil {
			return err
		}
		var entries, audits int64
		if err := t.queryRow(ctx, `SELECT count(*) FROM ledger_entries`).Scan(&entries); err != nil {
			return err
		}
		if err := t.queryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'certificate.state'`).Scan(&audits); err != nil {
			return err
		}
		if size != entries || entries != audits || entries != int64(b.N) {
			return fmt.Errorf("size %d, %d entries, %d audit lines after %d appends", size, entries, audits, b.N)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
