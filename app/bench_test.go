package app

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zhifa"
	"zhifa/app/personnel"
	"zhifa/idcode"
	"zhifa/ledger"
	"zhifa/sqlstore"
)

// benchClients is the number of concurrent clients of BenchmarkDurableAppend.
const benchClients = 64

// appendBaseline is the entries/s of the last baseline run, for the ratio metric of
// the use-case run in the same process.
var appendBaseline float64

// BenchmarkDurableAppend measures durable ledger appends through a real use case on
// SQLite (WAL, synchronous=FULL): 64 clients at once, each suspending or restoring a
// certificate of its own (ChangeCertificateState: the certificate, its history row,
// the ledger entry and the audit line commit in one transaction; Update returns once
// they are durable), with the ledger integrator running as in zhifa serve. The
// baseline, in the same run, on a database seeded the same way and opened with the
// same settings, is 64 clients writing the same rows with plain SQL — UPDATE of the
// certificate, INSERT of the history row, the ledger entry and the audit line — one
// fsync'd transaction each, without the use case's reads and checks. Both report
// entries/s; the use case also reports x-baseline (its rate ÷ the baseline's).
func BenchmarkDurableAppend(b *testing.B) {
	b.Run("baseline=plain-sql", func(b *testing.B) {
		w := newBenchWorld(b)
		raw, err := sql.Open("sqlite", sqliteDSN(w.path))
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close()
		raw.SetMaxOpenConns(8) // as sqlstore
		entry := benchEntryData(b)
		var next atomic.Int64
		runBenchClients(b, func(ctx context.Context, client, i int) error {
			tx, err := raw.BeginTx(ctx, nil) // BEGIN IMMEDIATE
			if err != nil {
				return err
			}
			defer tx.Rollback()
			now := time.Now().UTC().Truncate(time.Microsecond)
			cert := w.certs[client]
			to := []string{"suspended", "valid"}[i%2]
			if _, err := tx.ExecContext(ctx, `UPDATE certificates SET state = $1, state_reason = $2, updated_at = $3 WHERE id = $4`,
				to, "压测", now, cert); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO cert_events (cert_id, at, from_state, to_state, reason, actor_id, actor) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				cert, now, "valid", to, "压测", nil, "bench"); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_entries (idx, data, created_at) VALUES ($1, $2, $3)`,
				w.ledgerBase+next.Add(1)-1, entry, now); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, login, agency_id, action, object, ip, success, detail, object_path)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				now, nil, "bench", nil, "certificate.state", fmt.Sprintf("certificate/%d", cert), "", true, to+" 压测", "/1/2/"); err != nil {
				return err
			}
			return tx.Commit()
		})
		appendBaseline = benchRate(b)
	})
	b.Run("entry+audit", func(b *testing.B) {
		w := newBenchWorld(b)
		stop := w.runLedger()
		sys := WithActor(context.Background(), SystemActor("bench"))
		runBenchClients(b, func(_ context.Context, client, i int) error {
			return w.app.write(sys, "bench.append", func(tx zhifa.Tx, rec *audit) error {
				rec.Object = objectRef("certificate", w.certs[client])
				_, err := w.app.appendEntry(sys, tx, &ledger.Entry{Kind: "bench.append", Meta: map[string]string{
					"certificate": strconv.FormatInt(w.certs[client], 10), "seq": strconv.Itoa(i)}})
				return err
			})
		})
		rate := benchRate(b)
		if appendBaseline > 0 {
			b.ReportMetric(rate/appendBaseline, "x-baseline")
		}
		stop(b.N)
	})
	b.Run("ChangeCertificateState", func(b *testing.B) {
		w := newBenchWorld(b)
		stop := w.runLedger()
		sys := WithActor(context.Background(), SystemActor("bench"))
		runBenchClients(b, func(_ context.Context, client, i int) error {
			to := []zhifa.CertState{zhifa.CertSuspended, zhifa.CertValid}[i%2]
			_, err := w.app.Personnel().ChangeCertificateState(sys, w.certs[client], to, "压测")
			return err
		})
		rate := benchRate(b)
		if appendBaseline > 0 {
			b.ReportMetric(rate/appendBaseline, "x-baseline")
		}
		stop(b.N)
	})
}

// runLedger runs the integrator, as zhifa serve does; stop ends it and checks that
// every one of n appends since the seeding is in the ledger, integrated.
func (w *benchWorld) runLedger() (stop func(n int)) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.app.RunLedger(ctx)
	}()
	return func(n int) {
		cancel()
		<-done
		size, err := w.app.IntegrateLedger(context.Background())
		if err != nil {
			w.b.Fatal(err)
		}
		if size != w.ledgerBase+int64(n) {
			w.b.Fatalf("ledger size %d after %d appends on %d entries", size, n, w.ledgerBase)
		}
	}
}

// sqliteDSN is the DSN with which sqlstore opens an SQLite file (sqlstore.sqliteDSN).
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(FULL)&_pragma=temp_store(MEMORY)&_txlock=immediate&_time_format=sqlite"
}

// benchWorld is an agency with one officer and certificate per client.
type benchWorld struct {
	b          *testing.B
	app        *App
	path       string
	certs      []int64 // by client
	ledgerBase int64   // entries appended by the seeding
}

func newBenchWorld(b *testing.B) *benchWorld {
	b.Helper()
	ctx := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	w := &benchWorld{b: b, path: filepath.Join(b.TempDir(), "zhifa.db")}
	st, err := sqlstore.Open(ctx, w.path, sqlstore.Options{PIIKey: key})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	signer := benchSigner(b)
	w.app = New(st, Options{LedgerSigner: signer, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	sys := WithActor(ctx, SystemActor("bench"))
	ag, err := w.app.Personnel().CreateAgency(sys, personnel.AgencyInput{Name: "东港市市场监督管理局", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		RegionCode: "370200", LegalBasis: "《地方各级人民代表大会和地方各级人民政府组织法》"})
	if err != nil {
		b.Fatal(err)
	}
	// Seed concurrently: the group commit makes this quick too.
	w.certs = make([]int64, benchClients)
	var wg sync.WaitGroup
	errs := make(chan error, benchClients)
	for i := range benchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := idcode.NewPersonID("370202", time.Date(1980+i%20, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), i)
			if err != nil {
				errs <- err
				return
			}
			o, err := w.app.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: ag.Agency.ID, Name: fmt.Sprintf("执法员%02d", i), IDNumber: id.String(),
				Phone: "13800138000", Domains: []string{"市场监管"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
			if err != nil {
				errs <- err
				return
			}
			c, err := w.app.Personnel().IssueCertificate(sys, o.Officer.ID, personnel.CertInput{Number: fmt.Sprintf("37020026%06d", i), Issuer: "东港市人民政府",
				IssuedOn: zhifa.MustDate("2024-01-01"), ValidFrom: zhifa.MustDate("2024-01-01"), ValidUntil: zhifa.MustDate("2099-12-31"), Domains: []string{"市场监管"}})
			if err != nil {
				errs <- err
				return
			}
			w.certs[i] = c.ID
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	if w.ledgerBase, err = w.app.IntegrateLedger(ctx); err != nil {
		b.Fatal(err)
	}
	return w
}

// benchEntryData is the canonical entry of a certificate state change.
func benchEntryData(b *testing.B) []byte {
	e := &ledger.Entry{Kind: "certificate.state", Actor: "system/bench", Time: time.Now().UTC().Truncate(time.Microsecond),
		Meta: map[string]string{"certificate": "12", "number": "37020026000012", "from": "valid", "state": "suspended", "reason": "压测"}}
	data, err := e.Canonical()
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// runBenchClients runs b.N operations on benchClients concurrent clients; operation i
// of a client is its i-th.
func runBenchClients(b *testing.B, op func(ctx context.Context, client, i int) error) {
	b.Helper()
	ctx := context.Background()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, benchClients)
	b.ResetTimer()
	for c := range benchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				if next.Add(1) > int64(b.N) {
					return
				}
				if err := op(ctx, c, i); err != nil {
					errs <- fmt.Errorf("client %d, op %d: %w", c, i, err)
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

func benchRate(b *testing.B) float64 {
	r := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(r, "entries/s")
	return r
}

// benchSigner is a ledger signer with a fresh Ed25519 key, for a benchmark's app.
func benchSigner(b testing.TB) *ledger.Signer {
	b.Helper()
	skey, _, err := ledger.GenerateKeys("zhifa.bench/ledger")
	if err != nil {
		b.Fatal(err)
	}
	signer, err := ledger.NewSigner(skey, "")
	if err != nil {
		b.Fatal(err)
	}
	return signer
}
