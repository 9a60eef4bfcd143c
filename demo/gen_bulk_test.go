package demo_test

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/demo"
	"zhifa/sqlstore"
)

// bulkCases and bulkModels size the bulk-generated store: a few hundred cases, most of
// them copies.
func bulkCases() (cases, models int) {
	if testing.Short() {
		return 200, 80
	}
	return 500, 120
}

// lastCopyRun is how long the copies of the last generateBulk took: from the models'
// last act to the end; lastCopyCPU the process's CPU time in that span (every thread:
// SQLite runs in the process, a PostgreSQL server does not).
var (
	lastCopyRun time.Duration
	lastCopyCPU cpuTime
)

// cpuTime is a process's CPU time, in user space and in the kernel: kept apart because
// the kernel's share of writing files varies several-fold with the host's load, and
// would hide a change of the user part (issue 11).
type cpuTime struct{ user, sys time.Duration }

func (c cpuTime) total() time.Duration { return c.user + c.sys }

func (c cpuTime) sub(o cpuTime) cpuTime { return cpuTime{c.user - o.user, c.sys - o.sys} }

// processCPU is the CPU time the process has used.
func processCPU() cpuTime {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return cpuTime{}
	}
	return cpuTime{time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())}
}

// generateBulk fills st by the bulk path and integrates the ledger; it returns the app,
// the cases in the store and the ledger's verifier key.
func generateBulk(t testing.TB, st zhifa.Store, cases, models int, seed uint64) (*app.App, int, string) {
	t.Helper()
	ctx := context.Background()
	a, signer := genApp(t, st, true)
	start := time.Now()
	copied := 0
	var copyStart time.Time
	var copyCPU cpuTime
	n, err := demo.Generate(ctx, a, demo.GenOptions{Cases: cases, Years: 2, Seed: seed, Models: models,
		Progress:     func(done, total int) { copyStart, copyCPU = time.Now(), processCPU() },
		CopyProgress: func(done, total int) { copied = done }})
	lastCopyRun, lastCopyCPU = time.Since(copyStart), processCPU().sub(copyCPU)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	t.Logf("%s: %d cases, %d of them copies, in %v", st.Engine(), n, copied, time.Since(start).Round(time.Millisecond))
	if copied == 0 {
		t.Fatal("no case was copied")
	}
	if _, err := a.IntegrateLedger(ctx); err != nil {
		t.Fatal(err)
	}
	return a, n, signer.VerifierKey()
}

// TestGenerateBulkGates generates a store by the bulk path on each engine and checks it
// as TestGenerateGates checks one taken wholly through the use cases: the ledger audits
// as zhifa verify audits it, numbers have no gaps per agency, year and kind, every
// history replays through the stage machine with its entries, clocks and next_due
// agree, and search finds generated parties. Only the mix differs: the copies are
// running cases (demo/gen_bulk.go), so most cases are not closed.
func TestGenerateBulkGates(t *testing.T) {
	for _, engine := range []string{sqlstore.EngineSQLite, sqlstore.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			st := openGenStore(t, engine)
			cases, models := bulkCases()
			a, n, vkey := generateBulk(t, st, cases, models, 7)
			if n != cases {
				t.Fatalf("%d cases, want %d", n, cases)
			}
			auditLedger(t, st, vkey)
			checkCopiedDocuments(t, a, st, models, n)
			checkCopiedPenalties(t, a, st, models, n)
			checkGeneratedMix(t, a, st, n, true)
			if engine == sqlstore.EngineSQLite {
				checkCopierRefuses(t, a, n)
				checkCopierKeepsPartyKind(t, a, st, models)
				checkEditedPublicationRefused(t, a, st, models)
			}
		})
	}
}

// TestGenerateBulkReproducible: the same seed gives the same content by the bulk path,
// another seed other content (without -short).
func TestGenerateBulkReproducible(t *testing.T) {
	hash := func(seed uint64) (string, []string) {
		st := openGenStore(t, sqlstore.EngineSQLite)
		generateBulk(t, st, 150, 80, seed)
		return contentHash(t, st)
	}
	first, lines := hash(11)
	second, again := hash(11)
	if first != second {
		for i := range min(len(lines), len(again)) {
			if lines[i] != again[i] {
				t.Errorf("seed 11 twice: content %s then %s, first difference:\n%s\n%s", first, second, lines[i], again[i])
				break
			}
		}
	}
	if testing.Short() {
		return
	}
	if other, _ := hash(12); first == other {
		t.Errorf("seeds 11 and 12 gave the same content %s", first)
	}
}

// checkCopierRefuses checks on a generated store of n cases that only the system actor
// copies cases, and that a case with rows a copy cannot carry is no model.
func checkCopierRefuses(t *testing.T, a *app.App, n int) {
	t.Helper()
	ctx := context.Background()
	officer := app.WithActor(ctx, &app.Actor{UserID: 2, Login: "officer1", Role: zhifa.RoleOfficer, AgencyID: 3, ScopePath: "/1/3/", AgencyPath: "/1/3/"})
	if _, err := a.NewCaseCopier(officer, []int64{1}); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Errorf("an officer copies cases: %v, want EFORBIDDEN", err)
	}
	if _, err := a.CopyableCase(ctx, 1); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Errorf("the public asks for a model: %v, want EFORBIDDEN", err)
	}
	sys := app.WithActor(ctx, app.SystemActor("gen"))
	refused := 0
	for id := int64(1); id <= int64(n); id++ {
		ok, err := a.CopyableCase(sys, id)
		if err != nil || ok {
			continue
		}
		refused++
		if _, err := a.NewCaseCopier(sys, []int64{id}); zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("case %d with uncopied rows as a model: %v, want EINVALID", id, err)
		}
	}
	if refused == 0 {
		t.Error("every generated case is copyable: the footprint check was not exercised")
	}
	checkEntryKeysClassified(t, a, n)
}

// checkEntryKeysClassified: every key of every ledger entry of the n generated cases —
// closed, transferred and filed ones too — has a class for a copy (app's entryKeyClass),
// so the copier maps each ID, digest and text by what it names; it logs what keeps
// cases from being models.
func checkEntryKeysClassified(t *testing.T, a *app.App, n int) {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("gen"))
	counts := map[string]int{}
	for id := int64(1); id <= int64(n); id++ {
		blockers, err := a.CopyBlockers(sys, id)
		if err != nil {
			t.Fatalf("CopyBlockers(%d): %v", id, err)
		}
		for _, b := range blockers {
			counts[b]++
			if strings.HasSuffix(b, "?") {
				t.Errorf("case %d: ledger key %s has no class for a copy", id, strings.TrimSuffix(b, "?"))
			}
		}
	}
	t.Logf("what keeps generated cases from being models, by cases: %v", counts)
}
