package demo_test

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/blob"
	"zhifa/demo"
	"zhifa/internal/testenv"
	"zhifa/law"
	"zhifa/ledger"
	"zhifa/sqlstore"
	"zhifa/workday"
)

// genNow is the generator tests' fixed clock: the same clock and seed give the same cases.
var genNow = time.Date(2026, 11, 20, 10, 0, 0, 0, zhifa.CST)

// genCases is the size of the generated store the gates are checked on: about 120 cases,
// fewer with -short.
func genCases() int {
	if testing.Short() {
		return 40
	}
	return 120
}

// openGenStore opens an empty store of the engine: SQLite in a temporary directory, or a
// fresh PostgreSQL database (skipped without ZHIFA_TEST_PG).
func openGenStore(t testing.TB, engine string) *sqlstore.DB {
	st, _ := openGenStoreDSN(t, engine)
	return st
}

// openGenStoreDSN is openGenStore returning the database's DSN as well.
func openGenStoreDSN(t testing.TB, engine string) (*sqlstore.DB, string) {
	t.Helper()
	ctx := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	dsn := filepath.Join(t.TempDir(), "zhifa.db")
	if engine == sqlstore.EnginePostgres {
		admin := testenv.PostgresURL(t)
		name := testenv.DatabaseName(t)
		adb, err := sql.Open("pgx", admin)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { adb.Close() })
		if _, err := adb.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { adb.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
		dsn = testenv.PostgresDatabaseURL(t, name)
	}
	// Bulk, as zhifa gen opens its store: commits do not wait for the disk.
	st, err := sqlstore.Open(ctx, dsn, sqlstore.Options{PIIKey: key, Bulk: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dsn
}

// genApp is an app over st at genNow with blobs in a temporary directory (without
// syncing them when skipSync, as zhifa gen stores its copies' documents) and a ledger
// signer of its own.
func genApp(t testing.TB, st zhifa.Store, skipSync bool) (*app.App, *ledger.Signer) {
	t.Helper()
	blobs, err := blob.OpenDir(context.Background(), filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	if skipSync {
		blobs.SkipSync()
	}
	skey, _, err := ledger.GenerateKeys("zhifa.test/gen")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ledger.NewSigner(skey, "")
	if err != nil {
		t.Fatal(err)
	}
	return app.New(st, app.Options{Now: func() time.Time { return genNow }, Blobs: blobs, LedgerSigner: signer}), signer
}

// generate fills st with n cases of the seed at genNow and integrates the ledger.
func generate(t *testing.T, st zhifa.Store, n int, seed uint64) (*app.App, int) {
	a, filed, _ := generateSigned(t, st, n, seed)
	return a, filed
}

// generateSigned is generate returning the ledger's verifier key as well.
func generateSigned(t *testing.T, st zhifa.Store, n int, seed uint64) (*app.App, int, string) {
	t.Helper()
	ctx := context.Background()
	a, signer := genApp(t, st, false)
	start := time.Now()
	filed, err := demo.Generate(ctx, a, demo.GenOptions{Cases: n, Years: 2, Seed: seed})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	t.Logf("%s: %d of %d cases filed in %v", st.Engine(), filed, n, time.Since(start).Round(time.Millisecond))
	if _, err := a.IntegrateLedger(ctx); err != nil {
		t.Fatal(err)
	}
	return a, filed, signer.VerifierKey()
}

// auditLedger does what zhifa verify does with a database, in process: it recomputes both
// trees from every entry, checks the stored hashes and the latest signed checkpoint, and
// opens every committed field with its stored salt.
func auditLedger(t *testing.T, st zhifa.Store, vkey string) {
	t.Helper()
	ctx := context.Background()
	err := st.View(ctx, func(tx zhifa.Tx) error {
		size, err := tx.LedgerSize(ctx)
		if err != nil {
			return err
		}
		latest, err := tx.LatestCheckpoint(ctx)
		if err != nil {
			return err
		}
		cp, err := ledger.VerifyCheckpoint(latest.Note, vkey)
		if err != nil {
			return err
		}
		if cp.Size != size {
			t.Errorf("checkpoint of size %d, ledger of %d entries", cp.Size, size)
		}
		stored := func(sm3 bool) ledger.HashReader {
			return ledger.HashReaderFunc(func(ctx context.Context, idx []int64) ([]ledger.Hash, error) {
				sha, sm, err := tx.ReadLedgerHashes(ctx, idx)
				out := make([]ledger.Hash, len(sha))
				for i := range sha {
					out[i] = sha[i]
					if sm3 {
						out[i] = sm[i]
					}
				}
				return out, err
			})
		}
		entries, err := tx.LedgerEntries(ctx, 0, size)
		if err != nil {
			return err
		}
		openings, err := tx.LedgerOpenings(ctx, 0, size)
		if err != nil {
			return err
		}
		byIndex := map[int64][]ledger.Opening{}
		for _, o := range openings {
			byIndex[o.Index] = append(byIndex[o.Index], ledger.Opening{Field: o.Field, Salt: o.Salt, Value: o.Value})
		}
		opts := ledger.AuditOptions{Checkpoints: []ledger.Checkpoint{cp}, StoredSHA256: stored(false), StoredSM3: stored(true),
			CheckEntry: func(index int64, e *ledger.Entry) error { return ledger.CheckOpenings(e, byIndex[index]) }}
		_, err = ledger.Audit(ctx, func(yield func([]byte, error) bool) {
			for _, e := range entries {
				if !yield(e.Data, nil) {
					return
				}
			}
		}, opts)
		return err
	})
	if err != nil {
		t.Fatalf("ledger audit: %v", err)
	}
}

// TestGenerateGates generates a store on each engine and checks it against what the app
// enforces (issue #11): the ledger audits as zhifa verify audits it; every filing was numbered without gaps per agency, year and kind;
// every case's events follow the stage machine (law.Transition) in time order, each with
// its ledger entry; a closed case was decided before it closed and has no running clock;
// next_due mirrors the clocks; search finds a generated party, case number and credit
// code; and the mix holds closed, open, overdue, major, transferred and filed cases with
// records and documents.
func TestGenerateGates(t *testing.T) {
	for _, engine := range []string{sqlstore.EngineSQLite, sqlstore.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			st := openGenStore(t, engine)
			n := genCases()
			a, filed, vkey := generateSigned(t, st, n, 7)
			if filed < n*9/10 {
				t.Fatalf("%d of %d cases filed", filed, n)
			}
			auditLedger(t, st, vkey)
			checkGenerated(t, a, st, filed)
		})
	}
}

// TestGenerateReproducible generates twice with one seed and once with another: the same
// seed gives the same content, another seed other content.
func TestGenerateReproducible(t *testing.T) {
	n := 30
	hash := func(seed uint64) (string, []string) {
		st := openGenStore(t, sqlstore.EngineSQLite)
		generate(t, st, n, seed)
		return contentHash(t, st)
	}
	first, lines := hash(11)
	second, again := hash(11)
	other, _ := hash(12)
	if first != second {
		for i := range min(len(lines), len(again)) {
			if lines[i] != again[i] {
				t.Errorf("seed 11 twice: content %s then %s, first difference:\n%s\n%s", first, second, lines[i], again[i])
				break
			}
		}
	}
	if first == other {
		t.Errorf("seeds 11 and 12 gave the same content %s", first)
	}
}

// TestGenerateOptions checks the option bounds.
func TestGenerateOptions(t *testing.T) {
	for _, o := range []demo.GenOptions{
		{Cases: 0, Years: 1}, {Cases: demo.MinGenCases - 1, Years: 1}, {Cases: demo.MaxGenCases + 1, Years: 1},
		{Cases: 100, Years: 0}, {Cases: 100, Years: demo.MaxGenYears + 1},
	} {
		if err := o.Check(); zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", o, err)
		}
	}
	if err := (demo.GenOptions{Cases: demo.MinGenCases, Years: demo.MaxGenYears}).Check(); err != nil {
		t.Errorf("smallest plan: %v", err)
	}
}

// allCases reads every case, oldest first, by keyset pages.
func allCases(t *testing.T, tx zhifa.Tx) []*zhifa.Case {
	t.Helper()
	ctx := context.Background()
	var out []*zhifa.Case
	var after *zhifa.CaseKey
	for {
		page, _, err := tx.Cases(ctx, zhifa.CaseFilter{After: after, Page: zhifa.Page{Limit: 200}})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(page) < 200 {
			break
		}
		after = &zhifa.CaseKey{ID: page[len(page)-1].ID}
	}
	slices.SortFunc(out, func(x, y *zhifa.Case) int { return cmp.Compare(x.ID, y.ID) })
	return out
}

func checkGenerated(t *testing.T, a *app.App, st zhifa.Store, filed int) {
	checkGeneratedMix(t, a, st, filed, true)
}

// checkGeneratedMix is checkGenerated; with realistic unset it does not ask for the mix
// of a store wholly taken through the use cases (most cases closed, every kind of life),
// only for running, overdue, recorded and archived cases among them.
func checkGeneratedMix(t *testing.T, a *app.App, st zhifa.Store, filed int, realistic bool) {
	ctx := context.Background()
	today := zhifa.DateOf(genNow)
	cal, err := a.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = st.View(ctx, func(tx zhifa.Tx) error {
		cases := allCases(t, tx)
		if len(cases) != filed {
			t.Errorf("%d cases in the store, %d filed", len(cases), filed)
		}
		mix := map[string]int{}
		seqs := map[string][]int64{}
		agencies := map[int64]*zhifa.Agency{}
		for _, c := range cases {
			ag := agencies[c.AgencyID]
			if ag == nil {
				var err error
				if ag, err = tx.Agency(ctx, c.AgencyID); err != nil {
					return err
				}
				agencies[c.AgencyID] = ag
			}
			key := fmt.Sprintf("%d/%d/%s", c.AgencyID, c.Year, c.Kind)
			seqs[key] = append(seqs[key], c.Seq)
			if want := app.CaseNumber(ag, c.Kind, c.Year, c.Seq); c.Number != want {
				t.Errorf("case %d: number %s, want %s", c.ID, c.Number, want)
			}
			checkCase(t, tx, c, today, mix)
			checkDecisionClock(t, cal, c)
		}
		for key, list := range seqs {
			slices.Sort(list)
			for i, s := range list {
				if s != int64(i+1) {
					t.Errorf("agency/year/kind %s: numbers %v have a gap", key, list)
					break
				}
			}
		}
		t.Logf("mix of %d cases: %v", len(cases), mix)
		closed := mix["stage:close"] + mix["stage:archive"]
		if realistic && closed*2 < len(cases) {
			t.Errorf("%d of %d cases closed: most should be", closed, len(cases))
		}
		for _, want := range []string{"running", "overdue", "record", "document.issue", "stage:archive"} {
			if mix[want] == 0 {
				t.Errorf("no generated case is %s", want)
			}
		}
		if realistic && !testing.Short() {
			for _, want := range []string{"submit_review", "hand_over", "transfer", "filing"} {
				if mix[want] == 0 {
					t.Errorf("no generated case has %s", want)
				}
			}
		}
		checkSearch(t, tx, cases)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkCase checks one case's history against the stage machine and its state, and
// tallies the mix.
func checkCase(t *testing.T, tx zhifa.Tx, c *zhifa.Case, today zhifa.Date, mix map[string]int) {
	t.Helper()
	ctx := context.Background()
	events, err := tx.CaseEvents(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := tx.CaseEntries(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	records, err := tx.Records(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	filings, err := tx.CaseFilings(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	mix["stage:"+string(c.Stage)]++
	if len(records) > 0 {
		mix["record"]++
	}
	if len(filings) > 0 {
		mix["filing"]++
	}
	if len(events) == 0 || events[0].Action != "open" || events[0].To != zhifa.StageOpen {
		t.Errorf("%s: history does not start with the filing: %v", c.Number, events)
		return
	}
	// Replay the history through the stage machine.
	sim := &zhifa.Case{Kind: c.Kind, Procedure: c.Procedure, Stage: zhifa.StageOpen, State: c.State}
	stepEntries := map[string]int{}
	for _, e := range entries {
		stepEntries[e.Kind]++
		if e.Kind == "document.issue" {
			mix["document.issue"]++
		}
	}
	stepEvents := map[string]int{}
	decided := false
	for i, ev := range events {
		if stepEvents["case."+string(ev.Action)]++; stepEvents["case."+string(ev.Action)] == 1 {
			mix[string(ev.Action)]++ // cases with the action
		}
		if i == 0 {
			continue
		}
		if ev.At.Before(events[i-1].At) {
			t.Errorf("%s: event %s at %v before the previous one at %v", c.Number, ev.Action, ev.At, events[i-1].At)
		}
		if ev.From != sim.Stage {
			t.Errorf("%s: %s from %s, the case was in %s", c.Number, ev.Action, ev.From, sim.Stage)
		}
		step, err := law.Transition(sim, ev.Action)
		if err != nil {
			// A transfer step depends on the transfer's status at its time, which the
			// final state does not tell: match it on kind, procedure and stage alone.
			step = trackStep(sim, ev.Action)
		}
		if step == nil {
			t.Errorf("%s: %s from %s: %v", c.Number, ev.Action, sim.Stage, err)
			return
		}
		if step.To != "" {
			sim.Stage = step.To
		}
		if ev.To != sim.Stage {
			t.Errorf("%s: %s to %s, the stage machine says %s", c.Number, ev.Action, ev.To, sim.Stage)
		}
		if ev.Action == "decide" {
			decided = true
		}
	}
	if sim.Stage != c.Stage {
		t.Errorf("%s: stage %s, its history ends in %s", c.Number, c.Stage, sim.Stage)
	}
	for kind, n := range stepEvents {
		if stepEntries[kind] != n {
			t.Errorf("%s: %d events %s, %d ledger entries", c.Number, n, kind, stepEntries[kind])
		}
	}
	if got := law.NextDue(c.Clocks); got != c.NextDue {
		t.Errorf("%s: next_due %v, its clocks say %v", c.Number, c.NextDue, got)
	}
	switch {
	case c.Stage == zhifa.StageClose || c.Stage == zhifa.StageArchive:
		if c.State.ClosedOn.IsZero() || !c.NextDue.IsZero() {
			t.Errorf("%s: closed on %v with next due %v", c.Number, c.State.ClosedOn, c.NextDue)
		}
		for _, cl := range c.Clocks {
			if !cl.Done {
				t.Errorf("%s: closed with clock %s running", c.Number, cl.Kind)
			}
		}
		if c.Kind == zhifa.CasePenalty && c.Outcome == zhifa.OutcomePenalty && (!decided || c.State.DecidedOn.After(c.State.ClosedOn)) {
			t.Errorf("%s: a penalty closed without a decision before it (decided %v, closed %v)", c.Number, c.State.DecidedOn, c.State.ClosedOn)
		}
	default:
		mix["running"]++
		if !c.NextDue.IsZero() && c.NextDue.Before(today) {
			mix["overdue"]++
		}
	}
}

// checkDecisionClock checks a penalty case's decision clock against 行政处罚法第六十条:
// ninety days from the filing unless extended or paused.
func checkDecisionClock(t *testing.T, cal *workday.Calendar, c *zhifa.Case) {
	t.Helper()
	if c.Kind != zhifa.CasePenalty {
		return
	}
	cl := c.Clock(zhifa.ClockDecision)
	if cl == nil {
		t.Errorf("%s: a penalty case without its decision clock", c.Number)
		return
	}
	want := law.DecisionClock(cal, c.State.FiledOn)
	if cl.ExtendedBy == 0 && cl.PausedDays == 0 && (cl.Start != want.Start || cl.Due != want.Due) {
		t.Errorf("%s: decision clock %v–%v, the filing on %v gives %v–%v", c.Number, cl.Start, cl.Due, c.State.FiledOn, want.Start, want.Due)
	}
	if !c.State.DecidedOn.IsZero() && !cl.Done {
		t.Errorf("%s: decided on %v with the decision clock running", c.Number, c.State.DecidedOn)
	}
}

// trackStep is the transfer step (law.Step.Track) of the action from the case's stage.
func trackStep(c *zhifa.Case, action zhifa.Action) *law.Step {
	for _, s := range law.Steps() {
		if s.Action == action && s.Track != nil && slices.Contains(s.Kinds, c.Kind) && slices.Contains(s.From, c.Stage) &&
			(s.Procs == nil || slices.Contains(s.Procs, c.Procedure)) {
			return &s
		}
	}
	return nil
}

// checkSearch finds generated cases by party name, case number and credit code.
func checkSearch(t *testing.T, tx zhifa.Tx, cases []*zhifa.Case) {
	t.Helper()
	ctx := context.Background()
	find := func(q string, want int64) {
		t.Helper()
		list, _, err := tx.Cases(ctx, zhifa.CaseFilter{Query: q, Page: zhifa.Page{Limit: 500}})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if !slices.ContainsFunc(list, func(c *zhifa.Case) bool { return c.ID == want }) {
			t.Errorf("search %q: case %d not among %d found", q, want, len(list))
		}
	}
	searched := 0
	for _, c := range cases[len(cases)/2:] {
		p := c.Parties[0]
		if p.Kind != zhifa.PartyOrg || searched == 3 {
			continue
		}
		searched++
		find(p.Name, c.ID)
		find(p.CreditCode, c.ID)
		find(c.Number, c.ID)
		// A two-character word of the name: the trade after the city's name (东港市…).
		find(string([]rune(p.Name)[3:5]), c.ID)
	}
	if searched == 0 {
		t.Error("no company party to search for")
	}
}

// contentHash digests what the generator decided, independent of salts, keys and the
// order concurrent writes took (the IDs of records and documents): each case's number, kind, stage, outcome, version, state,
// clocks, parties and officers, and its events with their days.
func contentHash(t *testing.T, st zhifa.Store) (string, []string) {
	t.Helper()
	ctx := context.Background()
	var text strings.Builder
	h := &text
	err := st.View(ctx, func(tx zhifa.Tx) error {
		for _, c := range allCases(t, tx) {
			// Documents are numbered in the order concurrent lanes issue them.
			c.State.NoticeDocID = 0
			state, _ := json.Marshal(c.State)
			clocks, _ := json.Marshal(c.Clocks)
			fmt.Fprintf(h, "%s|%s|%s|%s|%s|%d|%s|%s|%v|%v|%s\n", c.Number, c.Kind, c.Procedure, c.Stage, c.Outcome,
				c.Version, state, clocks, c.OfficerIDs, c.OccurredOn, c.Facts)
			for _, p := range c.Parties {
				fmt.Fprintf(h, "party|%s|%s|%s|%s|%s\n", p.Kind, p.Name, p.CreditCode, p.IDNumber, p.Address)
			}
			events, err := tx.CaseEvents(ctx, c.ID)
			if err != nil {
				return err
			}
			for _, ev := range events {
				fmt.Fprintf(h, "event|%s|%s|%s|%v|%v|%s|%s\n", ev.Action, ev.From, ev.To, ev.ActedOn, ev.At.UTC(), ev.Actor,
					strings.TrimSpace(ev.Reason))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(text.String()))
	return hex.EncodeToString(sum[:]), strings.Split(text.String(), "\n")
}
