package app_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/idcode"
	"zhifa/sqlstore"
)

// concurrentWriters is the number of clients of TestConcurrentCaseWrites, as in
// BenchmarkCaseWrites (issue #11: 32 concurrent clients).
const concurrentWriters = 32

// TestConcurrentCaseWrites runs 32 clients at once, each filing cases in two agencies
// and taking each case's first step, on SQLite and on PostgreSQL (there through two
// App instances over one database, as two zhifa serve processes, with their
// integrators running). Afterwards the invariants the write path promises must hold:
// every agency's case numbers are 1..n without gaps or repeats; the ledger holds one
// entry per committed write, indexes 0..n-1, each case linked to its two entries;
// and the audit of both trees (what zhifa verify recomputes) passes against every
// signed checkpoint and stored hash.
func TestConcurrentCaseWrites(t *testing.T) {
	perClient := 4
	if testing.Short() {
		perClient = 2
	}
	for _, engine := range []string{sqlstore.EngineSQLite, sqlstore.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			var stores [2]*sqlstore.DB
			if engine == sqlstore.EnginePostgres {
				stores[0], stores[1] = openPostgresTwice(t)
			} else {
				key := make([]byte, 32)
				rand.Read(key)
				db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				stores = [2]*sqlstore.DB{db, db}
			}
			signer := newSigner(t, false)
			logger := slog.New(slog.NewTextHandler(io.Discard, nil))
			apps := [2]*app.App{
				app.New(stores[0], app.Options{LedgerSigner: signer, Logger: logger}),
				app.New(stores[1], app.Options{LedgerSigner: signer, Logger: logger}),
			}
			agencies := seedConcurrentWorld(t, apps[0])
			base, err := apps[0].IntegrateLedger(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			stop := runIntegrators(apps[:])
			filed := runConcurrentFilings(t, apps, agencies, perClient)
			stop()
			for _, a := range apps {
				if _, err := a.IntegrateLedger(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			checkCaseNumbers(t, stores[0], agencies, filed, concurrentWriters*perClient)
			cp := audit(t, stores[0], signer)
			if want := base + int64(2*concurrentWriters*perClient); cp.Size != want {
				t.Errorf("ledger of %d entries after %d seeded and %d writes, want %d", cp.Size, base, 2*concurrentWriters*perClient, want)
			}
		})
	}
}

// concurrentAgency is an agency of the test with its officers' IDs and the context
// of its officer's account.
type concurrentAgency struct {
	id       int64
	officers []int64
	as       context.Context
	item     string
}

// seedConcurrentWorld creates two agencies, each with two certified officers, an
// officer's account and a penalty item.
func seedConcurrentWorld(t *testing.T, a *app.App) []*concurrentAgency {
	t.Helper()
	ctx := context.Background()
	sys := app.WithActor(ctx, app.SystemActor("test"))
	var out []*concurrentAgency
	for n, name := range []string{"东港市市场监督管理局", "东港市生态环境局"} {
		ag, err := a.Personnel().CreateAgency(sys, personnel.AgencyInput{Name: name, Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
			RegionCode: "370200", LegalBasis: "《地方各级人民代表大会和地方各级人民政府组织法》"})
		if err != nil {
			t.Fatal(err)
		}
		ca := &concurrentAgency{id: ag.Agency.ID, item: fmt.Sprintf("DG-CW-%d", n)}
		for i := range 2 {
			id, err := idcode.NewPersonID("370202", time.Date(1980+i, time.Month(1+n), 1, 0, 0, 0, 0, time.UTC), i)
			if err != nil {
				t.Fatal(err)
			}
			o, err := a.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: ca.id, Name: fmt.Sprintf("执法员%d%d", n, i), IDNumber: id.String(),
				Phone: "13800138000", Domains: []string{"市场监管"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Personnel().IssueCertificate(sys, o.Officer.ID, personnel.CertInput{Number: fmt.Sprintf("370200269%d%04d", n, i), Issuer: "东港市人民政府",
				IssuedOn: zhifa.MustDate("2024-01-01"), ValidFrom: zhifa.MustDate("2024-01-01"), ValidUntil: zhifa.MustDate("2099-12-31"), Domains: []string{"市场监管"}}); err != nil {
				t.Fatal(err)
			}
			ca.officers = append(ca.officers, o.Officer.ID)
		}
		login := fmt.Sprintf("cw-officer%d", n)
		if _, err := a.CreateUser(sys, app.UserInput{Login: login, Name: fmt.Sprintf("执法员%d0", n), Role: zhifa.RoleOfficer, AgencyID: ca.id,
			OfficerID: ca.officers[0], Password: "concurrent-pass-123"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Catalog().CreateItem(sys, catalog.ItemInput{Code: ca.item, Name: "销售不符合标准商品的处罚", Category: zhifa.CatPenalty, AgencyID: ca.id,
			Domain: "市场监管", Basis: []zhifa.Basis{{Law: "产品质量法", Article: "第四十九条"}}}); err != nil {
			t.Fatal(err)
		}
		token, _, err := a.Login(app.WithActor(ctx, &app.Actor{IP: "192.0.2.1"}), login, "concurrent-pass-123", zhifa.SessionAPI)
		if err != nil {
			t.Fatal(err)
		}
		actor, err := a.Authenticate(ctx, token, zhifa.SessionAPI)
		if err != nil {
			t.Fatal(err)
		}
		ca.as = app.WithActor(ctx, actor)
		out = append(out, ca)
	}
	return out
}

// runIntegrators runs each App's integrator, as zhifa serve does, until stop.
func runIntegrators(apps []*app.App) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, a := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.RunLedger(ctx)
		}()
	}
	return func() { cancel(); wg.Wait() }
}

// runConcurrentFilings runs the clients: client c files perClient cases through App
// c%2 in agency (c+i)%2 and takes each one's first step. It returns the case IDs
// filed, by agency index.
func runConcurrentFilings(t *testing.T, apps [2]*app.App, agencies []*concurrentAgency, perClient int) [][]int64 {
	t.Helper()
	var mu sync.Mutex
	filed := make([][]int64, len(agencies))
	var wg sync.WaitGroup
	errs := make(chan error, concurrentWriters)
	for c := range concurrentWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := apps[c%2]
			for i := range perClient {
				n := (c + i) % len(agencies)
				ag := agencies[n]
				id, err := idcode.NewPersonID("370202", time.Date(1960+c, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC), c%10)
				if err != nil {
					errs <- err
					return
				}
				v, err := a.FileCase(ag.as, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: ag.item, Officers: ag.officers,
					OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售不符合标准的商品",
					Parties: []app.PartyInput{{Kind: zhifa.PartyPerson, Name: fmt.Sprintf("当事人%d-%d", c, i), IDNumber: id.String(), Phone: "13912345678"}}})
				if err != nil {
					errs <- fmt.Errorf("client %d, filing %d: %w", c, i, err)
					return
				}
				if _, err := a.Act(ag.as, v.ID, "investigate", app.ActionInput{Version: v.Version}); err != nil {
					errs <- fmt.Errorf("client %d, case %s: %w", c, v.Number, err)
					return
				}
				mu.Lock()
				filed[n] = append(filed[n], v.ID)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	return filed
}

// checkCaseNumbers checks that each agency's cases are numbered 1..n, each number
// once, and that each case is linked to its two ledger entries.
func checkCaseNumbers(t *testing.T, st zhifa.Store, agencies []*concurrentAgency, filed [][]int64, total int) {
	t.Helper()
	ctx := context.Background()
	count := 0
	err := st.View(ctx, func(tx zhifa.Tx) error {
		for n, ids := range filed {
			var seqs []int64
			numbers := map[string]bool{}
			for _, id := range ids {
				c, err := tx.Case(ctx, id)
				if err != nil {
					return err
				}
				if c.AgencyID != agencies[n].id {
					t.Errorf("case %d of agency %d, want %d", id, c.AgencyID, agencies[n].id)
				}
				if numbers[c.Number] {
					t.Errorf("case number %s twice", c.Number)
				}
				numbers[c.Number] = true
				seqs = append(seqs, c.Seq)
				links, err := tx.CaseEntries(ctx, id)
				if err != nil {
					return err
				}
				kinds := make([]string, len(links))
				for i, l := range links {
					kinds[i] = l.Kind
				}
				if !slices.Equal(kinds, []string{"case.open", "case.investigate"}) {
					t.Errorf("case %s linked to %v", c.Number, kinds)
				}
			}
			slices.Sort(seqs)
			for i, s := range seqs {
				if s != int64(i+1) {
					t.Errorf("agency %d: case numbers %v, want 1..%d without gaps", agencies[n].id, seqs, len(seqs))
					break
				}
			}
			count += len(ids)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count != total {
		t.Errorf("%d cases filed, want %d", count, total)
	}
}
