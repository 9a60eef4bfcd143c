package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/internal/testenv"
	"zhifa/ledger"
	"zhifa/sqlstore"
)

const verifyOrigin = "zhifa.test/ledger"

// fillLedger appends rounds of n entries to st, integrating (and so signing a
// checkpoint) after each, then extra entries that no checkpoint covers yet. Entry k
// carries "seq":"%05d" of k, so a test can change one byte of a known entry.
func fillLedger(t *testing.T, st zhifa.Store, signer *ledger.Signer, rounds, n, extra int) {
	t.Helper()
	ctx := context.Background()
	a := app.New(st, app.Options{LedgerSigner: signer})
	seq := 0
	add := func(count int) {
		err := st.Update(ctx, func(tx zhifa.Tx) error {
			for range count {
				e := &ledger.Entry{Kind: "test.record", Case: "2026-0001", Actor: "user/1", Time: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
					Meta: map[string]string{"seq": fmt.Sprintf("%05d", seq)}}
				data, err := e.Canonical()
				if err != nil {
					return err
				}
				if _, err := tx.AppendLedgerEntry(ctx, data, time.Time{}); err != nil {
					return err
				}
				seq++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for range rounds {
		add(n)
		if _, err := a.IntegrateLedger(ctx); err != nil {
			t.Fatal(err)
		}
	}
	add(extra)
}

// ledgerDataDir returns a data directory (database, personal-data key, ledger key) with
// 600 entries under checkpoints of 200, 400 and 600 entries and 5 more not yet covered.
func ledgerDataDir(t *testing.T) (string, *ledger.Signer) {
	t.Helper()
	data := t.TempDir()
	if r := runZhifa(t, "", "migrate", "--data", data); r.code != 0 {
		t.Fatalf("migrate: %s", r.stderr)
	}
	skey, _, err := ledger.GenerateKeys(verifyOrigin)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeSecretFile(ledgerKeyPath(data), []byte(skey+"\n")); err != nil {
		t.Fatal(err)
	}
	signer, err := ledger.NewSigner(skey, "")
	if err != nil {
		t.Fatal(err)
	}
	db, _ := openTestStore(t, data)
	fillLedger(t, db, signer, 3, 200, 5)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return data, signer
}

// copyDataDir copies a data directory, for one tampering each.
func copyDataDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// dropLedgerTriggers is what an attacker with write access to the database does first.
var dropLedgerTriggers = []string{
	`DROP TRIGGER ledger_entries_no_update`, `DROP TRIGGER ledger_entries_no_delete`,
	`DROP TRIGGER ledger_hashes_no_update`, `DROP TRIGGER ledger_hashes_no_delete`,
	`DROP TRIGGER ledger_checkpoints_no_update`, `DROP TRIGGER ledger_checkpoints_no_delete`,
	`DROP TRIGGER ledger_state_only_grows`, `DROP TRIGGER ledger_state_no_delete`,
	`DROP TRIGGER ledger_openings_no_update`, `DROP TRIGGER ledger_openings_no_delete`,
	`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`,
}

// tamper edits the SQLite database of data with a raw connection, bypassing the store.
func tamper(t *testing.T, data string, fn func(db *sql.DB) error) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(data, "zhifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, stmt := range dropLedgerTriggers {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if err := fn(db); err != nil {
		t.Fatalf("tamper: %v", err)
	}
}

func execAll(db *sql.DB, stmts ...string) error {
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// rewriteHashes recomputes every stored hash from the (tampered) entries, as an attacker
// who knows the format would, so that only the signed checkpoints betray the change.
func rewriteHashes(db *sql.DB) error {
	rows, err := db.Query(`SELECT data FROM ledger_entries ORDER BY idx`)
	if err != nil {
		return err
	}
	tree := ledger.NewTree()
	var sha, sm []ledger.Hash
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return err
		}
		ap := tree.Append(data)
		sha, sm = append(sha, ap.SHA256...), append(sm, ap.SM3...)
	}
	rows.Close()
	if _, err := db.Exec(`DELETE FROM ledger_hashes`); err != nil {
		return err
	}
	for i := range sha {
		if _, err := db.Exec(`INSERT INTO ledger_hashes (idx, sha256, sm3) VALUES ($1, $2, $3)`, i, sha[i][:], sm[i][:]); err != nil {
			return err
		}
	}
	return nil
}

// TestVerify checks zhifa verify on an intact data directory and after each kind of
// tampering with the database: every one is detected, with the index of the first
// divergent entry and what differs.
func TestVerify(t *testing.T) {
	clearEnv(t)
	clean, signer := ledgerDataDir(t)

	r := runZhifa(t, "", "verify", "--data", clean)
	if r.code != 0 {
		t.Fatalf("intact ledger: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"ledger " + verifyOrigin, "605 entries read, 600 recomputed", "3 checkpoint(s) verified", "latest checkpoint: 600 entries",
		"5 entries appended since the latest checkpoint", "OK: the ledger is intact"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if r.stderr != "" {
		t.Errorf("stderr %q", r.stderr)
	}
	// A progress bar on request; and the key given explicitly, as text or file.
	keyFile := filepath.Join(t.TempDir(), "ledger.vkey")
	os.WriteFile(keyFile, []byte(signer.VerifierKey()+"\n"), 0o644)
	r = runZhifa(t, "", "verify", "--data", clean, "--progress", "--key", keyFile)
	if r.code != 0 || !strings.Contains(r.stderr, "verifying") || !strings.Contains(r.stderr, "605/605") {
		t.Errorf("--progress: exit %d, stderr %q", r.code, r.stderr)
	}
	// A checkpoint kept by an outsider is checked too.
	kept := filepath.Join(t.TempDir(), "kept.txt")
	keptCheckpoint(t, clean, 600, kept)
	if r := runZhifa(t, "", "verify", "--data", clean, "--key", signer.VerifierKey(), "--checkpoint", kept); r.code != 0 || !strings.Contains(r.stdout, "4 checkpoint(s)") {
		t.Errorf("--checkpoint: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(clean, "zhifa.db")); err != nil {
		t.Fatal(err)
	}

	other, _, _ := ledger.GenerateKeys(verifyOrigin)
	otherSigner, _ := ledger.NewSigner(other, "")
	tests := []struct {
		name   string
		tamper func(db *sql.DB) error
		args   []string
		want   string
	}{
		{"change one byte of an entry", func(db *sql.DB) error {
			return execAll(db, `UPDATE ledger_entries SET data = CAST(replace(CAST(data AS TEXT), '"seq":"00123"', '"seq":"00124"') AS BLOB) WHERE idx = 123`)
		}, nil, "entry 123 differs from the entry that was integrated"},
		{"change one byte so the entry is malformed", func(db *sql.DB) error {
			return execAll(db, `UPDATE ledger_entries SET data = CAST(replace(CAST(data AS TEXT), '{"actor"', '["actor"') AS BLOB) WHERE idx = 77`)
		}, nil, "entry 77 has been altered: it is not a valid canonical entry"},
		{"change an entry not yet checkpointed", func(db *sql.DB) error {
			return execAll(db, `UPDATE ledger_entries SET data = CAST('{"kind":"x"}' AS BLOB) WHERE idx = 602`)
		}, nil, "entry 602 has been altered"},
		{"delete a row", func(db *sql.DB) error {
			return execAll(db, `DELETE FROM ledger_entries WHERE idx = 300`)
		}, nil, "entry 300 is missing (there is no entry 300: the next one stored is entry 301"},
		{"delete the row of an entry not yet checkpointed", func(db *sql.DB) error {
			return execAll(db, `DELETE FROM ledger_entries WHERE idx = 604`)
		}, nil, "entry 604 is missing (the log ends at entry 604, but 605 entries were appended)"},
		{"reorder rows", func(db *sql.DB) error {
			return execAll(db, `UPDATE ledger_entries SET idx = -1 WHERE idx = 10`, `UPDATE ledger_entries SET idx = 10 WHERE idx = 20`,
				`UPDATE ledger_entries SET idx = 20 WHERE idx = -1`)
		}, nil, "entry 10 differs from the entry that was integrated"},
		{"truncate the log", func(db *sql.DB) error {
			return execAll(db, `DELETE FROM ledger_entries WHERE idx >= 450`)
		}, nil, "entry 450 is missing (the log has 450 entries, a checkpoint covers 600)"},
		{"truncate the log, its hashes, checkpoints and counters; a kept checkpoint betrays it", func(db *sql.DB) error {
			return execAll(db, `DELETE FROM ledger_entries WHERE idx >= 450`,
				fmt.Sprintf(`DELETE FROM ledger_hashes WHERE idx >= %d`, ledger.StoredHashCount(450)),
				`DELETE FROM ledger_checkpoints WHERE size > 450`, `UPDATE ledger_state SET value = 450`)
		}, []string{"--checkpoint", kept}, "entry 450 is missing (the log has 450 entries, a checkpoint covers 600)"},
		{"replace an entry and recompute every stored hash", func(db *sql.DB) error {
			if err := execAll(db, `UPDATE ledger_entries SET data = CAST(replace(CAST(data AS TEXT), '"seq":"00250"', '"seq":"99999"') AS BLOB) WHERE idx = 250`); err != nil {
				return err
			}
			return rewriteHashes(db)
		}, nil, "entries 0..199 match the checkpoints, a change lies at or after entry 200 (sha256 root at size 400 is"},
		{"forge a checkpoint", func(db *sql.DB) error {
			return execAll(db, `UPDATE ledger_checkpoints SET note = CAST(replace(CAST(note AS TEXT), char(10) || '600' || char(10), char(10) || '601' || char(10)) AS BLOB) WHERE size = 600`)
		}, nil, "(size 600, "},
		{"checkpoints signed with another key", func(*sql.DB) error { return nil },
			[]string{"--key", otherSigner.VerifierKey()}, "signature does not verify"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := copyDataDir(t, clean)
			tamper(t, data, tt.tamper)
			r := runZhifa(t, "", append([]string{"verify", "--data", data}, tt.args...)...)
			if r.code != exitError {
				t.Errorf("exit %d, want 1\nstdout %s", r.code, r.stdout)
			}
			oneLine(t, r, tt.want)
			if strings.Contains(r.stdout, "OK") {
				t.Errorf("stdout says OK: %s", r.stdout)
			}
		})
	}
	// Without the kept checkpoint, a thorough truncation leaves a consistent shorter
	// log: that is why outside parties keep checkpoints.
	data := copyDataDir(t, clean)
	tamper(t, data, tests[7].tamper)
	if r := runZhifa(t, "", "verify", "--data", data); r.code != 0 || !strings.Contains(r.stdout, "450 entries") {
		t.Errorf("truncated log without a kept checkpoint: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
}

// keptCheckpoint saves the checkpoint of the given size of data's log, as an outside
// party would have downloaded it.
func keptCheckpoint(t *testing.T, data string, size int64, path string) {
	t.Helper()
	db, _ := openTestStore(t, data)
	defer db.Close()
	err := db.View(context.Background(), func(tx zhifa.Tx) error {
		list, err := tx.Checkpoints(context.Background(), 0, 100)
		if err != nil {
			return err
		}
		for _, c := range list {
			if c.Size == size {
				return os.WriteFile(path, c.Note, 0o644)
			}
		}
		return errors.New("no such checkpoint")
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestVerifyEvidenceHook checks that the evidence check runs for every entry, and that
// its failure is the first divergence, with the entry's index.
func TestVerifyEvidenceHook(t *testing.T) {
	clearEnv(t)
	data, signer := ledgerDataDir(t)
	db, _ := openTestStore(t, data)
	defer db.Close()
	src := &storeSource{db: db, name: "test"}
	var seen int64
	opts := verifyOptions{keys: []string{signer.VerifierKey()}, checkEntry: func(i int64, e *ledger.Entry) error {
		seen++
		if e.Meta["seq"] != fmt.Sprintf("%05d", i) {
			return fmt.Errorf("entry %d has seq %s", i, e.Meta["seq"])
		}
		return nil
	}}
	if _, err := verifyLedger(context.Background(), src, opts); err != nil || seen != 605 {
		t.Fatalf("verify: %v; %d entries checked", err, seen)
	}
	for _, bad := range []int64{42, 603} {
		opts.checkEntry = func(i int64, e *ledger.Entry) error {
			if i == bad {
				return errors.New("blob photo.jpg: sha256 differs")
			}
			return nil
		}
		_, err := verifyLedger(context.Background(), src, opts)
		want := fmt.Sprintf("ledger diverges: the evidence of entry %d does not match its digests: blob photo.jpg: sha256 differs", bad)
		if err == nil || explain(err).Error() != want {
			t.Errorf("evidence of %d: %v, want %q", bad, explain(err), want)
		}
	}
}

// TestVerifyServer verifies a running server through its public endpoints, pinned to
// the right key, to a wrong one, and with a tampered database behind it.
func TestVerifyServer(t *testing.T) {
	clearEnv(t)
	clean, signer := ledgerDataDir(t)
	data := copyDataDir(t, clean)
	// Entry bundles are for staff whose scope covers their entries (issue 9 §3): an
	// admin of the top agency.
	const password = "Verify-Server-2026!"
	db, a := openTestStore(t, data)
	ag, err := a.Personnel().CreateAgency(sysCtx(), personnel.AgencyInput{Name: "东港市市场监督管理局", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		RegionCode: "371800", LegalBasis: "《中华人民共和国食品安全法》第六条"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateUser(sysCtx(), app.UserInput{Login: "auditor", Name: "审计员", Role: zhifa.RoleAdmin, AgencyID: ag.Agency.ID, Password: password}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s := startServer(t, "serve", "--data", data, "--addr", "127.0.0.1:0")
	waitSize(t, s.url, 605)
	base := strings.TrimSuffix(s.url, "/")
	token := apiToken(t, base, "auditor", password)

	r := runZhifa(t, "", "verify", "--server", base)
	if r.code != exitError || !strings.Contains(r.stderr, "pass --token") {
		t.Errorf("server without a token: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runZhifa(t, "", "verify", "--server", base, "--token", token, "--key", signer.VerifierKey())
	if r.code != 0 || !strings.Contains(r.stdout, "605 entries read, 605 recomputed") || !strings.Contains(r.stdout, "1 checkpoint(s)") {
		t.Errorf("server: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runZhifa(t, "", "verify", "--server", base, "--token", token)
	if r.code != 0 || !strings.Contains(r.stderr, "using the key the server itself publishes") {
		t.Errorf("server without --key: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	other, _, _ := ledger.GenerateKeys(verifyOrigin)
	otherSigner, _ := ledger.NewSigner(other, "")
	r = runZhifa(t, "", "verify", "--server", base, "--token", token, "--key", otherSigner.VerifierKey())
	if r.code != exitError {
		t.Errorf("wrong key: exit %d", r.code)
	}
	oneLine(t, r, "signature does not verify")
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit %d", code)
	}

	// The same server after an entry was changed in its database: the bundle no longer
	// matches the hash tiles.
	tamper(t, data, func(db *sql.DB) error {
		return execAll(db, `UPDATE ledger_entries SET data = CAST(replace(CAST(data AS TEXT), '"seq":"00321"', '"seq":"00322"') AS BLOB) WHERE idx = 321`)
	})
	s = startServer(t, "serve", "--data", data, "--addr", "127.0.0.1:0")
	defer s.stop(t)
	base = strings.TrimSuffix(s.url, "/")
	r = runZhifa(t, "", "verify", "--server", base, "--token", apiToken(t, base, "auditor", password), "--key", signer.VerifierKey())
	if r.code != exitError {
		t.Errorf("tampered server: exit %d\n%s", r.code, r.stdout)
	}
	oneLine(t, r, "entry 321 differs from the entry that was integrated")

	for _, bad := range []string{"ftp://x", "not a url"} {
		if r := runZhifa(t, "", "verify", "--server", bad); r.code != exitUsage {
			t.Errorf("--server %q: exit %d", bad, r.code)
		}
	}
	if r := runZhifa(t, "", "verify", "--data", t.TempDir()); r.code != exitError || !strings.Contains(r.stderr, "no database at") {
		t.Errorf("empty data directory: exit %d %q", r.code, r.stderr)
	}
}

// apiToken logs in through the API and returns the bearer token.
func apiToken(t *testing.T, base, login, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"login": login, "password": password})
	resp, err := http.Post(base+"/api/v1/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("login %s: %s, %v", login, resp.Status, err)
	}
	return out.Token
}

// waitSize waits until the server's checkpoint covers size entries.
func waitSize(t *testing.T, url string, size int64) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		status, body := get(t, url+"ledger/checkpoint")
		if c, err := ledger.ParseCheckpoint(noteText([]byte(body))); status == 200 && err == nil && c.Size == size {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("checkpoint of size %d not served: %d %q", size, status, body)
		}
	}
}

// TestVerifyPostgres verifies a PostgreSQL database with --db, intact and after a row
// was deleted.
func TestVerifyPostgres(t *testing.T) {
	clearEnv(t)
	ctx := context.Background()
	admin := testenv.PostgresURL(t)
	name := testenv.DatabaseName(t)
	adb, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	if _, err := adb.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { adb.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	dsn := testenv.PostgresDatabaseURL(t, name)
	data := t.TempDir()
	key := make([]byte, 32)
	if err := writeKey(data, key); err != nil {
		t.Fatal(err)
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	skey, _, _ := ledger.GenerateKeys(verifyOrigin)
	sm2key, _, _ := ledger.GenerateSM2Keys(verifyOrigin)
	signer, err := ledger.NewSigner(skey, sm2key)
	if err != nil {
		t.Fatal(err)
	}
	fillLedger(t, db, signer, 2, 300, 0)
	db.Close()

	args := []string{"verify", "--db", dsn, "--data", data, "--key", signer.VerifierKey(), "--key", signer.SM2VerifierKey()}
	r := runZhifa(t, "", args...)
	if r.code != 0 || !strings.Contains(r.stdout, "600 entries read, 600 recomputed") || !strings.Contains(r.stdout, "2 checkpoint(s)") {
		t.Fatalf("postgres: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Without the keys: the data directory has none.
	if r := runZhifa(t, "", "verify", "--db", dsn, "--data", data); r.code != exitUsage || !strings.Contains(r.stderr, "pass --key") {
		t.Errorf("no key: exit %d %q", r.code, r.stderr)
	}
	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	// An entry committed by a server that stopped before sequencing it is part of the
	// record: verify checks it where it is (issue 11), and finds it when damaged.
	e := &ledger.Entry{Kind: "case.test", Actor: "public", Time: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)}
	good, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		data []byte
		code int
		want string
	}{
		{good, 0, "1 entries committed and awaiting sequencing"},
		{append(good, ' '), exitError, "has been altered"},
	} {
		if _, err := pg.ExecContext(ctx, `INSERT INTO ledger_pending (data, created_at, kind, openings) VALUES ($1, now(), 'case.test', '[]')`, tc.data); err != nil {
			t.Fatal(err)
		}
		r := runZhifa(t, "", args...)
		if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
			t.Errorf("pending %q: exit %d, want %d and %q\n%s%s", tc.data, r.code, tc.code, tc.want, r.stdout, r.stderr)
		}
	}
	if _, err := pg.ExecContext(ctx, `DELETE FROM ledger_pending`); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{`ALTER TABLE ledger_entries DISABLE TRIGGER USER`, `DELETE FROM ledger_entries WHERE idx = 123`} {
		if _, err := pg.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	r = runZhifa(t, "", args...)
	if r.code != exitError {
		t.Errorf("deleted row: exit %d", r.code)
	}
	oneLine(t, r, "entry 123 is missing")
}
