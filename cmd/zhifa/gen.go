package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"

	"zhifa"
	"zhifa/app"
	"zhifa/blob"
	"zhifa/demo"
)

// genFlags are the flags of zhifa gen.
type genFlags struct {
	storeFlags
	ledger ledgerFlags
	blobs  blobFlags
	cases  int
	years  int
	seed   uint64
	models int
	// agencies is --agencies: the enforcement agencies that file cases.
	agencies int
}

// cmdGen fills an empty store with generated data (demo.Generate), integrates the
// ledger and reports the rate.
func cmdGen(ctx context.Context, e *env, args []string) error {
	var f genFlags
	fs := newFlagSet(e, "gen", "--cases N [--agencies M] [--years Y] [--seed S] [--data DIR] [--db URL] [--blobs DIR | --s3 URL]",
		"Fills an empty data directory (or an empty database) with a province of M enforcement\n"+
			"agencies — the demo city and other cities and districts, each agency with its head, legal\n"+
			"reviewers, certified officers and catalog — and N cases spread over the agencies by\n"+
			"size, filed over the last Y years, each taken through the system's own use cases as far as its plan\n"+
			"and the statutory gates allow: most closed and archived, some open or overdue, major\n"+
			"cases with legal review, transfers, filings, documents and evidence files. Beyond the\n"+
			"first K (--models), cases are written as copies of those of them whose every row a\n"+
			"copy carries (running cases), with their own numbers and parties. Every record\n"+
			"has its ledger entry; the ledger is integrated and signed at the end, so that\n"+
			"'zhifa verify' passes. The same seed gives the same cases. The last line reports\n"+
			"the time of each phase, the integration's apart, and the cases a second over the\n"+
			"whole run, the integration included.\n"+
			"生成演示数据：向空数据库写入演示城市和 N 件案件，用于容量评估和性能测试。")
	f.storeFlags.register(fs, e)
	f.ledger.register(fs, e)
	f.blobs.register(fs, e)
	fs.IntVar(&f.cases, "cases", 0, "number of cases `N` to generate (required)\n案件数")
	fs.IntVar(&f.years, "years", 2, "spread the filings over the last `Y` years (1 to "+strconv.Itoa(demo.MaxGenYears)+")\n年数")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed `S`: the same seed gives the same cases\n随机种子")
	fs.IntVar(&f.models, "models", -1, "take `K` cases through the use cases and write the others as copies of those\n"+
		"of them a copy carries in full (the bulk path); 0 takes every case through the use cases\n"+
		"(default "+strconv.Itoa(demo.DefaultGenModels)+", or "+strconv.Itoa(demo.GenModelsPerAgency)+" an agency for more agencies)\n样本案件数")
	fs.IntVar(&f.agencies, "agencies", demo.DefaultGenAgencies, "the province's enforcement agencies `M` that file cases (1 to "+
		strconv.Itoa(demo.MaxGenAgencies)+"; 1 is the demo city's market bureau alone)\n执法机关数")
	if err := fs.parse(args); err != nil {
		return err
	}
	if err := f.blobs.resolve(fs); err != nil {
		return err
	}
	if f.models < 0 {
		f.models = demo.DefaultModels(f.agencies)
	}
	o := demo.GenOptions{Cases: f.cases, Years: f.years, Seed: f.seed, Models: f.models, Agencies: f.agencies}
	if f.agencies < 1 {
		o.Agencies = -1 // 0 would mean 1 to Generate: the flag asks for at least one
	}
	if o.Models >= o.Cases {
		o.Models = 0 // every case through the use cases
	}
	if err := o.Check(); err != nil {
		msg := err.Error()
		if ze, ok := errors.AsType[*zhifa.Error](err); ok {
			msg = ze.Message
		}
		return &usageError{fmt.Sprintf("--cases %d --agencies %d --years %d --models %d: %s (run 'zhifa gen -h' for usage)",
			f.cases, f.agencies, f.years, f.models, msg)}
	}
	defer demo.TuneGenGC(e.getenv)()
	log := newLogger(e, slog.LevelWarn)
	// A failed run leaves a database to throw away, so commits need not wait for the
	// disk; the ledger's integration at the end is committed like any other.
	f.bulk = true
	db, err := openStore(ctx, e, &f.storeFlags, log)
	if err != nil {
		return err
	}
	defer db.Close()
	signer, err := loadLedgerSigner(ctx, e, &f.ledger, f.data, db, log)
	if err != nil {
		return err
	}
	blobs, err := f.blobs.open(ctx, f.data, log)
	if err != nil {
		return err
	}
	if dir, ok := blobs.(*blob.Dir); ok {
		// Copied documents are files of their own, stored as the database commits:
		// without waiting for the disk.
		dir.SkipSync()
	}
	// Documents are issued without printing them, as in the demo: their PDF is printed
	// on request.
	a := app.New(db, app.Options{Logger: log, LedgerSigner: signer, Blobs: blobs})
	sys := app.WithActor(ctx, app.SystemActor(demo.Actor))
	if agencies, err := a.Personnel().Agencies(sys); err != nil {
		return err
	} else if len(agencies) > 0 {
		return fmt.Errorf("the database already holds %d agencies: gen fills an empty one", len(agencies))
	}
	setup := newGenProgress(e.stderr, "建立执法机关 agencies", "steps")
	var setupDone time.Time // the province's last setup step
	o.SetupProgress = func(done, total int) {
		setupDone = time.Now()
		setup.update(done, total)
	}
	bar := newGenProgress(e.stderr, "生成案件 generating", "acts")
	start := time.Now()
	modelsDone, copied := start, 0 // the last act through the use cases; the copies written
	o.Progress = func(done, total int) {
		setup.finish()
		modelsDone = time.Now()
		bar.update(done, total)
	}
	copies := newGenProgress(e.stderr, "复制案件 copying", "cases")
	o.CopyProgress = func(done, total int) {
		bar.finish()
		copies.update(done, total)
		copied = done
	}
	cases, err := demo.Generate(ctx, a, o)
	if err != nil {
		return err
	}
	setup.finish()
	bar.finish()
	copies.finish()
	generated := time.Now()
	size, err := a.IntegrateLedger(ctx)
	if err != nil {
		return err
	}
	reportGen(e.stdout, genTimes{start: start, setupDone: setupDone, modelsDone: modelsDone, generated: generated,
		integrated: time.Now()}, cases, copied, size)
	return nil
}

// genTimes are the moments that end each phase of a run of zhifa gen.
type genTimes struct {
	start      time.Time
	setupDone  time.Time // the province's last setup step; zero without a province
	modelsDone time.Time // the last act through the use cases
	generated  time.Time // the last case written
	integrated time.Time // the ledger integrated and signed
}

// reportGen writes the run's last line: the cases a second over the whole run, the
// integration included, and the time of each phase.
func reportGen(w io.Writer, t genTimes, cases, copied int, entries int64) {
	all := t.integrated.Sub(t.start)
	fmt.Fprintf(w, "generated %d cases in %s (%.1f cases/s, the ledger's integration included", cases, all.Round(time.Millisecond),
		float64(cases)/all.Seconds())
	modelsFrom := t.start
	if !t.setupDone.IsZero() {
		fmt.Fprintf(w, "; agencies, officers and accounts in %s", t.setupDone.Sub(t.start).Round(time.Millisecond))
		modelsFrom = t.setupDone
	}
	if copied > 0 {
		copying := t.generated.Sub(t.modelsDone)
		fmt.Fprintf(w, "; %d through the use cases in %s, %d copies in %s at %.0f/s", cases-copied,
			t.modelsDone.Sub(modelsFrom).Round(time.Millisecond), copied, copying.Round(time.Millisecond), float64(copied)/copying.Seconds())
	}
	integration := t.integrated.Sub(t.generated)
	fmt.Fprintf(w, "); ledger: %d entries integrated and signed in %s (%.0f entries/s)\n", entries,
		integration.Round(time.Millisecond), float64(entries)/max(integration.Seconds(), 1e-3))
}

// genProgress is the generator's progress bar on a terminal, nothing elsewhere.
type genProgress struct {
	w           io.Writer
	what, units string
	bar         *progressbar.ProgressBar
}

func newGenProgress(w io.Writer, what, units string) *genProgress {
	if !isTerminal(w) {
		return &genProgress{}
	}
	return &genProgress{w: w, what: what, units: units}
}

// update moves the bar to done of total acts, creating it on the first call.
func (p *genProgress) update(done, total int) {
	if p.w == nil {
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(p.what), progressbar.OptionShowCount(), progressbar.OptionShowIts(),
			progressbar.OptionSetItsString(p.units), progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(p.w) }))
	}
	_ = p.bar.Set(done)
}

func (p *genProgress) finish() {
	if p.bar != nil && !p.bar.IsFinished() {
		_ = p.bar.Finish()
	}
}
