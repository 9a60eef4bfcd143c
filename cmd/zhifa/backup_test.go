package main

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/evidence"
	"zhifa/app/personnel"
	"zhifa/blob"
	"zhifa/ledger"
	"zhifa/sqlstore"
)

// backupWorld is a data directory (and PostgreSQL database) with an agency, two
// certified officers, a penalty item and one evidence file, and the app over it.
type backupWorld struct {
	data, db string
	store    *sqlstore.DB
	app      *app.App
	officer  context.Context
	input    app.CaseInput
}

func (w *backupWorld) storeArgs() []string {
	if w.db == "" {
		return []string{"--data", w.data}
	}
	return []string{"--data", w.data, "--db", w.db}
}

func newBackupWorld(t *testing.T, db string) *backupWorld {
	t.Helper()
	ctx := context.Background()
	w := &backupWorld{data: t.TempDir(), db: db}
	if r := runZhifa(t, "", append([]string{"migrate"}, w.storeArgs()...)...); r.code != 0 {
		t.Fatalf("migrate: %s", r.stderr)
	}
	skey, _, err := ledger.GenerateKeys(verifyOrigin)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeSecretFile(ledgerKeyPath(w.data), []byte(skey+"\n")); err != nil {
		t.Fatal(err)
	}
	signer, err := ledger.NewSigner(skey, "")
	if err != nil {
		t.Fatal(err)
	}
	dsn := cmpOr(db, filepath.Join(w.data, "zhifa.db"))
	if w.store, err = sqlstore.Open(ctx, dsn, sqlstore.Options{PIIKey: readKey(t, w.data)}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.store.Close() })
	blobs, err := blob.OpenDir(ctx, filepath.Join(w.data, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	w.app = app.New(w.store, app.Options{LedgerSigner: signer, Blobs: blobs})
	sys := sysCtx()
	ag, err := w.app.Personnel().CreateAgency(sys, personnel.AgencyInput{Name: "东港市市场监督管理局", ShortName: "东市监", Level: zhifa.LevelCity,
		Type: zhifa.AgencyAdministrative, RegionCode: "370200", LegalBasis: "《食品安全法》"})
	if err != nil {
		t.Fatal(err)
	}
	var officers []int64
	for i, idn := range []string{"370202199001011237", "370202198507153414"} {
		o, err := w.app.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: ag.Agency.ID, Name: fmt.Sprint("执法员", i), IDNumber: idn, Phone: "13800138000",
			Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.Personnel().IssueCertificate(sys, o.ID, personnel.CertInput{Number: fmt.Sprintf("CF-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2020-01-01"), ValidUntil: zhifa.MustDate("2035-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
		officers = append(officers, o.ID)
	}
	if _, err := w.app.CreateUser(sys, app.UserInput{Login: "officer1", Name: "执法员0", Role: zhifa.RoleOfficer, AgencyID: ag.Agency.ID,
		OfficerID: officers[0], Password: "secret-123"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Catalog().CreateItem(sys, catalog.ItemInput{Code: "DG-CF-1", Name: "销售超过保质期食品的处罚", Category: zhifa.CatPenalty, AgencyID: ag.Agency.ID,
		Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条"}}}); err != nil {
		t.Fatal(err)
	}
	token, _, err := w.app.Login(app.WithActor(ctx, &app.Actor{IP: "127.0.0.1"}), "officer1", "secret-123", zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	actor, err := w.app.Authenticate(ctx, token, zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	w.officer = app.WithActor(ctx, actor)
	if _, err := w.app.Evidence().UploadEvidence(w.officer, evidence.EvidenceInput{Kind: zhifa.EvidencePhoto, CapturedAt: time.Now().Add(-time.Hour),
		DeviceID: "DSJ-1", Place: "现场"}, bytes.NewReader(randomJPEG(6000))); err != nil {
		t.Fatal(err)
	}
	w.input = app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: "DG-CF-1", Officers: officers,
		OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售超过保质期的食品",
		Parties: []app.PartyInput{{Kind: zhifa.PartyPerson, Name: "李某", IDNumber: "370202199001011237", Phone: "13912345678"}}}
	return w
}

func cmpOr(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// writers files cases and takes their first step on n clients, and integrates the
// ledger as serve does, until stop; filed counts the cases filed.
func (w *backupWorld) writers(t *testing.T, n int, filed *atomic.Int64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, n+1)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				v, err := w.app.FileCase(w.officer, w.input)
				if err != nil {
					errs <- fmt.Errorf("file case: %w", err)
					return
				}
				filed.Add(1)
				if _, err := w.app.Act(w.officer, v.ID, "investigate", app.ActionInput{Version: v.Version}); err != nil {
					errs <- fmt.Errorf("investigate: %w", err)
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
			if _, err := w.app.IntegrateLedger(context.Background()); err != nil {
				errs <- fmt.Errorf("integrate: %w", err)
				return
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestBackupRestore takes a backup while writers file cases and act on them, restores it
// into an empty target on each engine, and checks that zhifa verify passes on the result
// and that it holds exactly the cases of the snapshot; a non-empty target and a damaged
// archive are refused without writing anything.
func TestBackupRestore(t *testing.T) {
	clearEnv(t)
	engines := []struct {
		name  string
		newDB func(t *testing.T) string
	}{
		{"sqlite", func(*testing.T) string { return "" }},
		{"postgres", crashPostgres},
	}
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			w := newBackupWorld(t, eng.newDB(t))
			var filed atomic.Int64
			stop := w.writers(t, 4, &filed)
			waitFor(t, "cases before the backup", func() bool { return filed.Load() >= 10 })
			before := filed.Load()
			out := filepath.Join(t.TempDir(), "zhifa.backup")
			r := runZhifa(t, "", append([]string{"backup", "--out", out, "--include-blobs"}, w.storeArgs()...)...)
			if r.code != 0 {
				stop()
				t.Fatalf("backup: exit %d: %s", r.code, r.stderr)
			}
			after := filed.Load()
			waitFor(t, "cases after the backup", func() bool { return filed.Load() >= after+3 })
			stop()
			if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("archive: %v, mode %v; want 0600", err, fi.Mode())
			}
			m, err := readArchive(out, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			snap := m.Snapshot
			if snap.Cases < before || snap.Cases > after {
				t.Errorf("snapshot holds %d cases; %d were filed before the backup began and %d when it ended", snap.Cases, before, after)
			}
			if snap.Blobs != 1 {
				t.Errorf("blob manifest has %d files, want 1", snap.Blobs)
			}

			restored := &backupWorld{data: t.TempDir(), db: eng.newDB(t)}
			args := append([]string{"restore", "--in", out}, restored.storeArgs()...)
			if r := runZhifa(t, "", args...); r.code != 0 {
				t.Fatalf("restore: exit %d: %s", r.code, r.stderr)
			} else if want := fmt.Sprintf("%d cases", snap.Cases); !strings.Contains(r.stdout, want) {
				t.Errorf("restore says %q, want %q", r.stdout, want)
			}
			if r := runZhifa(t, "", append([]string{"verify"}, restored.storeArgs()...)...); r.code != 0 || !strings.Contains(r.stdout, "checkpoint") {
				t.Fatalf("verify of the restored data: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			db, err := sqlstore.Open(context.Background(), cmpOr(restored.db, filepath.Join(restored.data, "zhifa.db")), sqlstore.Options{PIIKey: readKey(t, restored.data)})
			if err != nil {
				t.Fatal(err)
			}
			cases, entries, err := db.Counts(context.Background())
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			if cases != snap.Cases || entries != snap.LedgerEntries {
				t.Errorf("restored %d cases and %d entries, the snapshot had %d and %d", cases, entries, snap.Cases, snap.LedgerEntries)
			}

			// The restored target is not empty any more: a second restore is refused.
			if r := runZhifa(t, "", args...); r.code != exitError || !strings.Contains(r.stderr, "empty") {
				t.Errorf("restore into a non-empty target: exit %d %q", r.code, r.stderr)
			}
			// Nor is a database alone (its data directory empty).
			if restored.db != "" {
				again := []string{"restore", "--in", out, "--data", t.TempDir(), "--db", restored.db}
				if r := runZhifa(t, "", again...); r.code != exitError || !strings.Contains(r.stderr, "not empty") {
					t.Errorf("restore into a non-empty database: exit %d %q", r.code, r.stderr)
				}
			}
			// A damaged archive is refused before anything is written.
			bad := damageArchive(t, out, "keys/pii.key")
			target := &backupWorld{data: t.TempDir(), db: eng.newDB(t)}
			r = runZhifa(t, "", append([]string{"restore", "--in", bad}, target.storeArgs()...)...)
			if r.code != exitError || !strings.Contains(r.stderr, "does not match the manifest") {
				t.Errorf("damaged archive: exit %d %q", r.code, r.stderr)
			}
			if keys, _ := keyFiles(target.data); len(keys) > 0 {
				t.Errorf("damaged archive: keys written: %v", keys)
			}
			// An existing archive is never overwritten.
			if r := runZhifa(t, "", append([]string{"backup", "--out", out}, w.storeArgs()...)...); r.code != exitError || !strings.Contains(r.stderr, "exists") {
				t.Errorf("backup over an existing file: exit %d %q", r.code, r.stderr)
			}
			if restored.db != "" {
				return
			}
			// A backup by reference restores the database and reports the evidence files
			// the target's storage lacks.
			byRef := filepath.Join(t.TempDir(), "by-reference.backup")
			if r := runZhifa(t, "", append([]string{"backup", "--out", byRef}, w.storeArgs()...)...); r.code != 0 {
				t.Fatalf("backup by reference: exit %d: %s", r.code, r.stderr)
			}
			r = runZhifa(t, "", "restore", "--in", byRef, "--data", t.TempDir())
			if r.code != 0 || !strings.Contains(r.stdout, "1 evidence files are not in") {
				t.Errorf("restore by reference: exit %d %q %q", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// damageArchive copies the archive with one byte of member name changed.
func damageArchive(t *testing.T, src, name string) string {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	dst := filepath.Join(t.TempDir(), "damaged.backup")
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	tr, tw := tar.NewReader(in), tar.NewWriter(out)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if h.Name == name {
			b[0] ^= 1
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}
