package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"iter"
	"sync"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/internal/testenv"
	"zhifa/ledger"
	"zhifa/sqlstore"
)

const testOrigin = "zhifa.test/ledger"

// newSigner returns a signer with a fresh Ed25519 key and, if sm2, an SM2 key.
func newSigner(t testing.TB, sm2 bool) *ledger.Signer {
	t.Helper()
	skey, _, err := ledger.GenerateKeys(testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	var sm2key string
	if sm2 {
		if sm2key, _, err = ledger.GenerateSM2Keys(testOrigin); err != nil {
			t.Fatal(err)
		}
	}
	s, err := ledger.NewSigner(skey, sm2key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// entries returns every stored ledger entry.
func entries(t testing.TB, st zhifa.Store) []*zhifa.LedgerEntry {
	t.Helper()
	var list []*zhifa.LedgerEntry
	err := st.View(context.Background(), func(tx zhifa.Tx) error {
		var err error
		list, err = tx.LedgerEntries(context.Background(), 0, 1<<40)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// checkpoints returns every checkpoint, verified with the signer's keys.
func checkpoints(t testing.TB, st zhifa.Store, s *ledger.Signer) []ledger.Checkpoint {
	t.Helper()
	var out []ledger.Checkpoint
	err := st.View(context.Background(), func(tx zhifa.Tx) error {
		list, err := tx.Checkpoints(context.Background(), 0, 1<<30)
		if err != nil {
			return err
		}
		for _, c := range list {
			keys := []string{s.VerifierKey()}
			if k := s.SM2VerifierKey(); k != "" {
				keys = append(keys, k)
			}
			cp, err := ledger.VerifyCheckpoint(c.Note, keys...)
			if err != nil {
				return fmt.Errorf("checkpoint %d: %w", c.ID, err)
			}
			if cp.Size != c.Size {
				return fmt.Errorf("checkpoint %d: note size %d, row size %d", c.ID, cp.Size, c.Size)
			}
			out = append(out, cp)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// audit recomputes both trees from the stored entries and checks every checkpoint and
// every stored hash against them.
func audit(t testing.TB, st zhifa.Store, s *ledger.Signer) ledger.Checkpoint {
	t.Helper()
	list := entries(t, st)
	var seq iter.Seq2[[]byte, error] = func(yield func([]byte, error) bool) {
		for i, e := range list {
			if e.Index != int64(i) {
				yield(nil, fmt.Errorf("entry %d has index %d", i, e.Index))
				return
			}
			if !yield(e.Data, nil) {
				return
			}
		}
	}
	var cp ledger.Checkpoint
	err := st.View(context.Background(), func(tx zhifa.Tx) error {
		reader := func(alg ledger.Algorithm) ledger.HashReader {
			return ledger.HashReaderFunc(func(_ context.Context, idx []int64) ([]ledger.Hash, error) {
				a, b, err := tx.ReadLedgerHashes(context.Background(), idx)
				if alg == ledger.SM3 {
					a = b
				}
				out := make([]ledger.Hash, len(a))
				for i := range a {
					out[i] = a[i]
				}
				return out, err
			})
		}
		var err error
		cp, err = ledger.Audit(context.Background(), seq, ledger.AuditOptions{Checkpoints: checkpoints(t, st, s),
			StoredSHA256: reader(ledger.SHA256), StoredSM3: reader(ledger.SM3)})
		return err
	})
	if err != nil {
		t.Fatalf("audit: %v", err)
	}
	return cp
}

// TestLedgerCertificateEntries checks that issuing and changing a certificate append an
// entry each, in the action's transaction, without personal data; and a refused action
// none.
func TestLedgerCertificateEntries(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	in := officerInput(w.market.ID, 1)
	v, err := w.app.Personnel().CreateOfficer(admin, in)
	if err != nil {
		t.Fatal(err)
	}
	cert := personnel.CertInput{Number: "37020021000077", Issuer: "东港市人民政府", ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2027-12-31")}
	c, err := w.app.Personnel().IssueCertificate(admin, v.ID, cert)
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Hour + 1234567*time.Nanosecond)
	if _, err := w.app.Personnel().ChangeCertificateState(admin, c.ID, zhifa.CertSuspended, "涉嫌违纪，暂扣证件"); err != nil {
		t.Fatal(err)
	}
	// Refused actions append nothing: a duplicate number, a forbidden transition.
	if _, err := w.app.Personnel().IssueCertificate(admin, v.ID, cert); zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Fatalf("duplicate certificate: %v", err)
	}
	if _, err := w.app.Personnel().ChangeCertificateState(admin, c.ID, zhifa.CertSuspended, "再次暂扣"); zhifa.ErrorCode(err) != zhifa.EGATE {
		t.Fatalf("suspend twice: %v", err)
	}
	list := entries(t, w.store)
	if len(list) != 2 {
		t.Fatalf("%d entries, want 2", len(list))
	}
	actor := fmt.Sprintf("user/%d", w.users["admin"].ID)
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, zhifa.CST)
	id, officer, agency := fmt.Sprint(c.ID), fmt.Sprint(v.ID), fmt.Sprint(w.market.ID)
	tests := []struct {
		kind string
		time time.Time
		meta map[string]string
	}{
		{"certificate.issue", start, map[string]string{"certificate": id, "number": cert.Number, "officer": officer, "agency": agency,
			"state": "valid", "valid_from": "2025-01-01", "valid_until": "2027-12-31"}},
		{"certificate.state", start.Add(time.Hour + 1234*time.Microsecond), map[string]string{"certificate": id, "number": cert.Number,
			"from": "valid", "state": "suspended"}},
	}
	for i, tt := range tests {
		e, err := ledger.ParseEntry(list[i].Data)
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if e.Kind != tt.kind || e.Actor != actor || !e.Time.Equal(tt.time) || e.Case != "" || len(e.Hashes) != 0 {
			t.Errorf("entry %d = %+v, want kind %s actor %s time %v", i, e, tt.kind, actor, tt.time)
		}
		if fmt.Sprint(e.Meta) != fmt.Sprint(tt.meta) {
			t.Errorf("entry %d meta = %v, want %v", i, e.Meta, tt.meta)
		}
		for _, pii := range []string{in.Name, in.IDNumber, in.Phone, "admin"} {
			if bytes.Contains(list[i].Data, []byte(pii)) {
				t.Errorf("entry %d holds personal data %q: %s", i, pii, list[i].Data)
			}
		}
	}
	if got := app.LedgerActor(app.SystemActor("demo")); got != "system/demo" {
		t.Errorf("LedgerActor(system) = %q", got)
	}
	if got := app.LedgerActor(&app.Actor{}); got != "public" {
		t.Errorf("LedgerActor(public) = %q", got)
	}
}

// appendRaw appends n canonical entries directly through the store.
func appendRaw(t testing.TB, st zhifa.Store, n int, tag string) {
	t.Helper()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	err := st.Update(context.Background(), func(tx zhifa.Tx) error {
		for i := range n {
			e := &ledger.Entry{Kind: "test.append", Actor: "system/test", Time: at, Meta: map[string]string{"n": fmt.Sprint(i), "tag": tag}}
			data, err := e.Canonical()
			if err != nil {
				return err
			}
			if _, err := tx.AppendLedgerEntry(context.Background(), data, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLedgerIntegrate integrates in batches, across two App instances (the second
// reloads the tree from the stored hashes), and checks checkpoints, proofs and tiles
// against an independent recomputation.
func TestLedgerIntegrate(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	signer := newSigner(t, true)
	a1 := app.New(w.store, app.Options{Now: w.clock.Now, LedgerSigner: signer})
	a2 := app.New(w.store, app.Options{Now: w.clock.Now, LedgerSigner: signer})

	// The empty log gets a checkpoint too, so /ledger/checkpoint always answers.
	if n, err := a1.IntegrateLedger(ctx); err != nil || n != 0 {
		t.Fatalf("IntegrateLedger(empty) = %d, %v", n, err)
	}
	if c, err := a1.LedgerCheckpoint(ctx); err != nil || c.Size != 0 {
		t.Fatalf("empty checkpoint = %+v, %v", c, err)
	}
	m := ledger.NewMemLog() // the reference
	steps := []struct {
		app  *app.App
		add  int
		want int64
	}{
		{a1, 3, 3},
		{a1, 0, 3}, // nothing new: no new checkpoint
		{a2, 300, 303},
		{a1, 5000, 5303}, // more than one batch; a1's cached tree is stale
		{a1, 1, 5304},
	}
	cps := 1
	for i, st := range steps {
		appendRaw(t, w.store, st.add, fmt.Sprint(i))
		for _, e := range entries(t, w.store)[m.Size():] {
			m.Append(e.Data)
		}
		n, err := st.app.IntegrateLedger(ctx)
		if err != nil || n != st.want {
			t.Fatalf("step %d: IntegrateLedger = %d, %v; want %d", i, n, err, st.want)
		}
		if st.add > 0 {
			cps += 1 + (st.add-1)/4096
		}
		signed, err := a2.LedgerCheckpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ledger.VerifyCheckpoint(signed.Note, signer.VerifierKey(), signer.SM2VerifierKey())
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if want := m.Checkpoint(testOrigin); c != want {
			t.Fatalf("step %d: checkpoint %+v, want %+v", i, c, want)
		}
	}
	if got := len(checkpoints(t, w.store, signer)); got != cps {
		t.Errorf("%d checkpoints, want %d", got, cps)
	}
	final := audit(t, w.store, signer)
	if final.Size != 5304 {
		t.Errorf("audited size %d", final.Size)
	}

	// Proofs verify against the checkpoints, for both trees.
	all := checkpoints(t, w.store, signer)
	latest := all[len(all)-1]
	for _, idx := range []int64{0, 2, 255, 256, 4097, 5303} {
		p, err := a1.InclusionProof(ctx, idx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Verify(m.Entry(idx), latest); err != nil {
			t.Errorf("inclusion of %d: %v", idx, err)
		}
	}
	for _, older := range all[1:] {
		p, err := a2.ConsistencyProof(ctx, older.Size, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Verify(older, latest); err != nil {
			t.Errorf("consistency %d→%d: %v", older.Size, latest.Size, err)
		}
	}
	p, err := a1.InclusionProof(ctx, 1, 3)
	if err != nil || p.Verify(m.Entry(1), all[1]) != nil {
		t.Errorf("inclusion in the old tree of size 3: %v", err)
	}
	bad := []struct {
		name        string
		index, size int64
		field       string
	}{
		{"index past size", 3, 3, "index"},
		{"negative index", -1, 0, "index"},
		{"size past checkpoint", 0, 5305, "size"},
		{"negative size", 0, -1, "size"},
	}
	for _, tt := range bad {
		_, err := a1.InclusionProof(ctx, tt.index, tt.size)
		if zhifa.ErrorCode(err) != zhifa.EINVALID || zhifa.ErrorFields(err)[tt.field] == "" {
			t.Errorf("%s: InclusionProof(%d, %d) err = %v, want EINVALID on %s", tt.name, tt.index, tt.size, err, tt.field)
		}
	}
	for _, tt := range []struct{ old, new int64 }{{4, 3}, {-1, 3}, {0, 5305}} {
		if _, err := a1.ConsistencyProof(ctx, tt.old, tt.new); zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("ConsistencyProof(%d, %d) err = %v, want EINVALID", tt.old, tt.new, err)
		}
	}

	// Tiles: hash tiles of both trees and entry bundles, as ledger computes them.
	tiles := []ledger.Tile{
		{L: 0, N: 0, W: 256}, {Tree: ledger.SM3, L: 0, N: 20, W: 184}, {L: 1, N: 0, W: 20},
		{L: ledger.EntriesLevel, N: 0, W: 256}, {L: ledger.EntriesLevel, N: 20, W: 184}, {L: 0, N: 20, W: 10},
	}
	system := app.WithActor(ctx, app.SystemActor("test"))
	for _, tile := range tiles {
		got, err := a1.LedgerTile(system, tile.Path())
		if err != nil {
			t.Errorf("%s: %v", tile.Path(), err)
			continue
		}
		var want []byte
		if tile.L == ledger.EntriesLevel {
			want, err = m.Bundle(tile)
		} else {
			want, err = ledger.ReadTileData(ctx, tile, m.Reader(tile.Tree))
		}
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from the reference (%v)", tile.Path(), err)
		}
		// The public reads hash tiles, not bundles of entries that are not public.
		_, err = a1.LedgerTile(ctx, tile.Path())
		if public := tile.L != ledger.EntriesLevel; public != (err == nil) || (!public && zhifa.ErrorCode(err) != zhifa.EUNAUTHORIZED) {
			t.Errorf("%s as the public: %v", tile.Path(), err)
		}
	}
	for _, path := range []string{"tile/0/020.p/185", "tile/0/021.p/1", "tile/entries/021", "tile/2/000.p/1", "tile/0/x", "tile/8/0/000", "../etc/passwd"} {
		if _, err := a1.LedgerTile(ctx, path); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			t.Errorf("LedgerTile(%q) err = %v, want ENOTFOUND", path, err)
		}
	}

	// The staff view: newest first, covered, with a proof.
	admin := w.as(t, "admin")
	v, err := a1.Ledger(admin, zhifa.Page{Limit: 3, Offset: 1})
	if err != nil {
		t.Fatal(err)
	}
	if v.Size != 5304 || v.Checkpoint.Size != 5304 || len(v.Entries) != 3 || v.Entries[0].Index != 5302 || !v.Entries[0].Covered || v.Entries[0].Entry.Kind != "test.append" {
		t.Errorf("Ledger page = size %d, checkpoint %+v, entries %+v", v.Size, v.Checkpoint, v.Entries)
	}
	e, err := a1.LedgerEntry(admin, 7)
	if err != nil || e.Proof == nil || e.Proof.Verify([]byte(e.Entries[0].JSON), *e.Checkpoint) != nil {
		t.Errorf("LedgerEntry(7) = %+v, %v", e, err)
	}
	if _, err := a1.LedgerEntry(admin, 5304); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("LedgerEntry past the end: %v", err)
	}
	if _, err := a1.Ledger(context.Background(), zhifa.Page{}); zhifa.ErrorCode(err) != zhifa.EUNAUTHORIZED {
		t.Errorf("Ledger as the public: %v", err)
	}
}

// TestLedgerNewKeySignsAgain checks that a process with another key (a rotated key, an
// added SM2 key) signs the current size again, once, so the published checkpoint
// verifies with its key.
func TestLedgerNewKeySignsAgain(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	old := newSigner(t, false)
	a1 := app.New(w.store, app.Options{LedgerSigner: old})
	appendRaw(t, w.store, 4, "x")
	if _, err := a1.IntegrateLedger(ctx); err != nil {
		t.Fatal(err)
	}
	signer := newSigner(t, true)
	a2 := app.New(w.store, app.Options{LedgerSigner: signer})
	for range 2 {
		if _, err := a2.IntegrateLedger(ctx); err != nil {
			t.Fatal(err)
		}
	}
	c, err := a2.LedgerCheckpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cp, err := ledger.VerifyCheckpoint(c.Note, signer.VerifierKey(), signer.SM2VerifierKey()); err != nil || cp.Size != 4 {
		t.Fatalf("checkpoint under the new key: %+v, %v", cp, err)
	}
	var n int
	w.store.View(ctx, func(tx zhifa.Tx) error {
		list, err := tx.Checkpoints(ctx, 0, 100)
		n = len(list)
		return err
	})
	if n != 2 {
		t.Errorf("%d checkpoints, want 2 (one per key)", n)
	}
}

// TestLedgerCheckpointWithinASecond runs the integrator and checks that a checkpoint
// covers a new entry well within a second of its commit.
func TestLedgerCheckpointWithinASecond(t *testing.T) {
	w := newWorld(t)
	signer := newSigner(t, true)
	a := app.New(w.store, app.Options{Now: w.clock.Now, LedgerSigner: signer})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- a.RunLedger(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	admin := w.as(t, "admin")
	v, err := a.Personnel().CreateOfficer(admin, officerInput(w.market.ID, 0))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		_, err := a.Personnel().IssueCertificate(admin, v.ID, personnel.CertInput{Number: fmt.Sprintf("3702002100010%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2027-12-31")})
		if err != nil {
			t.Fatal(err)
		}
		committed := time.Now()
		for {
			c, err := a.LedgerCheckpoint(ctx)
			if err == nil && c.Size == int64(i+1) {
				if _, err := ledger.VerifyCheckpoint(c.Note, signer.VerifierKey()); err != nil {
					t.Fatal(err)
				}
				break
			}
			if time.Since(committed) > time.Second {
				t.Fatalf("entry %d not covered by a checkpoint 1 s after its commit (latest %+v, %v)", i, c, err)
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Logf("entry %d covered after %v", i, time.Since(committed).Round(time.Millisecond))
	}
	if err := app.New(w.store, app.Options{}).RunLedger(ctx); err == nil {
		t.Error("RunLedger without a signer succeeded")
	}
}

// idNumber completes 17 digits with the GB 11643 check character.
func idNumber(first17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(first17[i]-'0') * w
	}
	return first17 + string("10X98765432"[sum%11])
}

// openPostgresTwice creates a database of its own on the test server and opens it
// twice, as two processes would.
func openPostgresTwice(t *testing.T) (*sqlstore.DB, *sqlstore.DB) {
	t.Helper()
	ctx := context.Background()
	admin := testenv.PostgresURL(t)
	name := testenv.DatabaseName(t)
	adb, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	if _, err := adb.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		adb, err := sql.Open("pgx", admin)
		if err != nil {
			t.Error(err)
			return
		}
		defer adb.Close()
		if _, err := adb.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	key := make([]byte, 32)
	rand.Read(key)
	var dbs [2]*sqlstore.DB
	for i := range dbs {
		db, err := sqlstore.Open(ctx, testenv.PostgresDatabaseURL(t, name), sqlstore.Options{PIIKey: key})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	return dbs[0], dbs[1]
}

// TestLedgerTwoServersOnePostgres runs two App instances, as two `zhifa serve`
// processes, over one PostgreSQL database, each with its integrator, appending
// concurrently; the result must be one consistent log: every index 0..n-1 once, every
// checkpoint consistent with the recomputed trees, the last covering everything.
func TestLedgerTwoServersOnePostgres(t *testing.T) {
	db1, db2 := openPostgresTwice(t)
	signer := newSigner(t, true)
	apps := []*app.App{app.New(db1, app.Options{LedgerSigner: signer}), app.New(db2, app.Options{LedgerSigner: signer})}
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	ag, err := apps[0].Personnel().CreateAgency(sys, personnel.AgencyInput{Name: "东港市市场监督管理局", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative, RegionCode: "370200", LegalBasis: "依据"})
	if err != nil {
		t.Fatal(err)
	}
	const workers, rounds = 6, 8 // per server
	certs := make([][]int64, len(apps))
	for s := range apps {
		for i := range workers {
			in := officerInput(ag.Agency.ID, 0)
			in.IDNumber = idNumber(fmt.Sprintf("37020219850101%d%02d", s, i))
			o, err := apps[s].Personnel().CreateOfficer(sys, in)
			if err != nil {
				t.Fatal(err)
			}
			c, err := apps[s].Personnel().IssueCertificate(sys, o.ID, personnel.CertInput{Number: fmt.Sprintf("S%dW%02d", s, i), Issuer: "东港市人民政府",
				ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			certs[s] = append(certs[s], c.ID)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	var running sync.WaitGroup
	for _, a := range apps {
		running.Add(1)
		go func() { defer running.Done(); a.RunLedger(ctx) }()
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(apps)*workers*rounds)
	for s, a := range apps {
		for i := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range rounds {
					to, reason := zhifa.CertSuspended, "暂扣"
					if r%2 == 1 {
						to, reason = zhifa.CertValid, "恢复"
					}
					_, err := a.Personnel().ChangeCertificateState(sys, certs[s][i], to, reason)
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	want := int64(len(apps)*workers + len(apps)*workers*rounds)
	waitFor := func(size int64) {
		t.Helper()
		deadline := time.Now().Add(testenv.StartupTimeout)
		for {
			c, err := apps[1].LedgerCheckpoint(context.Background())
			if err == nil && c.Size == size {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("latest checkpoint %+v, %v; want size %d", c, err, size)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor(want)
	// One more write on each server after that checkpoint, so that the log has at least
	// two checkpoints to check against each other however fast the first phase ran.
	for s, a := range apps {
		if _, err := a.Personnel().ChangeCertificateState(sys, certs[s][0], zhifa.CertSuspended, "暂扣"); err != nil {
			t.Fatal(err)
		}
	}
	want += int64(len(apps))
	waitFor(want)
	cancel()
	running.Wait()

	list := entries(t, db1)
	if int64(len(list)) != want {
		t.Fatalf("%d entries, want %d", len(list), want)
	}
	states := map[string]int{}
	for i, e := range list {
		if e.Index != int64(i) {
			t.Fatalf("entry %d has index %d", i, e.Index)
		}
		pe, err := ledger.ParseEntry(e.Data)
		if err != nil {
			t.Fatal(err)
		}
		states[pe.Kind+" "+pe.Meta["state"]]++
	}
	half := len(apps) * workers * rounds / 2
	if states["certificate.state suspended"] != half+len(apps) || states["certificate.state valid"] != half {
		t.Errorf("entries by kind: %v", states)
	}
	cp := audit(t, db2, signer)
	if cp.Size != want {
		t.Errorf("audited size %d, want %d", cp.Size, want)
	}
	if n := len(checkpoints(t, db1, signer)); n < 2 {
		t.Errorf("only %d checkpoints", n)
	}
}
