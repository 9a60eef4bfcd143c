// Package app is the use-case layer of zhifa as the web, the demo and the command line
// see it: one method per user action. It is the composition root of the bounded
// contexts (app/cases, app/review, app/publicity, …: wireContexts), whose kernel it
// implements, and holds what is not one context's: identity, the ledger and audit
// views, and the workspace read models (to-do, notifications, statistics, warnings,
// import and export). Every method checks the actor's role and agency scope, runs in one
// store transaction and writes the audit log in that same transaction. Handlers never
// decide authorization themselves.
package app

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"zhifa"
	"zhifa/app/analysis"
	"zhifa/app/assessment"
	"zhifa/app/cases"
	"zhifa/app/catalog"
	"zhifa/app/evidence"
	"zhifa/app/execution"
	"zhifa/app/filing"
	"zhifa/app/kernel"
	"zhifa/app/personnel"
	"zhifa/app/publicity"
	"zhifa/app/report"
	"zhifa/app/review"
	"zhifa/app/supervision"
	"zhifa/app/transfer"
	"zhifa/blob"
	"zhifa/ledger"
	"zhifa/seal"
)

// Options configure an App.
type Options struct {
	// Now is the clock; tests inject one. Defaults to time.Now.
	Now func() time.Time
	// Logger receives operational logs. Defaults to slog.Default().
	Logger *slog.Logger
	// LedgerSigner signs ledger checkpoints (RunLedger, IntegrateLedger) and names the
	// log's verifier key. Without one, entries are still appended but not integrated.
	LedgerSigner *ledger.Signer
	// Blobs stores evidence files. Without it, evidence cannot be uploaded or read.
	Blobs blob.Store
	// MaxEvidenceSize bounds one evidence file, in bytes; 0 means evidence.DefaultMaxEvidenceSize.
	MaxEvidenceSize int64
	// Argon2 are the costs of new password hashes; zero means DefaultArgon2Params. Tests
	// pass cheap ones.
	Argon2 Argon2Params
	// Printer prints issued documents to PDF (document.Printer); nil for none: documents
	// are then issued without a PDF and offered as an HTML print view.
	Printer PDFPrinter
	// SealCA is the deployment's seal CA (package seal): it certifies the agencies' seal
	// keys and encrypts them at rest; nil for none (documents are issued unsealed).
	SealCA *seal.CA
	// Stages are extra stages of the case-step pipeline, run after those of the bounded
	// contexts (a deployment's own rules; tests).
	Stages []kernel.Stage
}

// App is the use-case layer shared by the staff workspace, the public portal and the API.
type App struct {
	// The cases context (app/cases): its use cases are App's methods.
	*cases.Service

	store  zhifa.Store
	now    func() time.Time
	log    *slog.Logger
	ledger ledgerState
	// blobs and maxEvidence: see Options.
	blobs       blob.Store
	maxEvidence int64
	printer     PDFPrinter
	cal         calendarCache
	passwords   *passwordHasher
	logins      *loginThrottle
	// stages are the bounded contexts' parts of a case step, in order (kernel.Stage),
	// then the extra stages of the options.
	stages      []kernel.Stage
	extraStages []kernel.Stage

	// The bounded contexts (wireContexts).
	execution   *execution.Service   // execution of decisions (issue 15)
	evidence    *evidence.Service    // evidence, recording lists and case files
	supervision *supervision.Service // complaints, reconsideration outcomes (issue 14)
	publicity   *publicity.Service   // publication of decisions (issue 13)
	personnel   *personnel.Service   // agencies, officers, delegations (issue 16)
	catalog     *catalog.Service     // items, benchmarks, the four lists (issue 16)
	review      *review.Service      // legal review of major decisions, catalogs, pools (issue 16)
	transfer    *transfer.Service    // transfer of suspected crimes (G3)
	filing      *filing.Service      // filings with the justice bureau (F6, B3, B4)
	report      *report.Service      // the annual report (issue 13)
	analysis    *analysis.Service    // analytic warnings (issue 14)
	assessment  *assessment.Service  // the assessment of agencies (issue 14, F2)
	// todoSources add the to-do items of other contexts (todo.go, AddTodoSource).
	todoSources []zhifa.TodoSource
	sealCA      *seal.CA // see Options.SealCA
}

// New returns an App over store.
func New(store zhifa.Store, opts Options) *App {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxEvidenceSize <= 0 {
		opts.MaxEvidenceSize = evidence.DefaultMaxEvidenceSize
	}
	if !opts.Argon2.valid() {
		opts.Argon2 = DefaultArgon2Params()
	}
	a := &App{store: store, now: opts.Now, log: opts.Logger, blobs: opts.Blobs, maxEvidence: opts.MaxEvidenceSize,
		passwords: newPasswordHasher(opts.Argon2), logins: newLoginThrottle(opts.Now), printer: opts.Printer, sealCA: opts.SealCA}
	a.extraStages = opts.Stages
	a.wireContexts()
	a.ledger.signer = opts.LedgerSigner
	a.ledger.poke = make(chan struct{}, 1)
	return a
}

// Execution is the bounded context of the execution of decisions (payments, late fees,
// 催告, court enforcement, the closing gate).
func (a *App) Execution() *execution.Service { return a.execution }

// wireContexts constructs the bounded contexts over a (their kernel) and registers their
// stages in the case-step pipeline, before the extra stages of the options.
func (a *App) wireContexts() {
	a.personnel = personnel.New(a, a.blobs)
	a.filing = filing.New(a)
	a.catalog = catalog.New(a, a.filing) // rule changes are filed with the justice bureau
	a.execution = execution.New(a)
	a.evidence = evidence.New(a, a.blobs, a.maxEvidence)
	a.supervision = supervision.New(a)
	a.analysis = analysis.New(a)
	a.publicity = publicity.New(a)
	a.review = review.New(a)
	a.transfer = transfer.New(a, func(ctx context.Context, caseID int64, act, title string) (*zhifa.Record, error) {
		return a.AddRecord(ctx, caseID, RecordInput{Kind: zhifa.RecordDocument, Title: title, Act: act})
	})
	a.report = report.New(a)
	a.assessment = assessment.New(a)
	// A decision revoked, changed, or declared illegal or void leaves the portal.
	a.supervision.OnCorrected(a.publicity.WithdrawTx)
	// A prominent problem may be raised from an analytic warning (issue 14, F8).
	a.supervision.WarningsFrom(supervision.WarningSource{Origin: a.analysis.ProblemOrigin, Link: a.analysis.LinkProblem})
	a.todoSources = []zhifa.TodoSource{a.supervision.Todo, a.supervision.EvaluationTodo, // complaints waiting, files to score or rectify
		a.supervision.ProblemTodo, // problems to rectify or accept (issue 14, F8)
		a.assessment.Todo}         // assessments to approve, self-checks due (issue 14, F2)
	a.stages = slices.Concat(a.review.Stages(), a.transfer.Stages(), a.filing.Stages(),
		a.publicity.Stages(), a.execution.Stages(), a.supervision.Stages(), a.analysis.Stages(),
		a.assessment.Stages(),                 // the steps that needed an A/V record (issue 14, assess4)
		[]kernel.Stage{a.notificationStage()}, // the reviewer's and submitter's notices (notifications.go)
		a.extraStages)
	a.Service = cases.New(a, cases.Deps{Stages: a.stages, Evidence: a.evidence, Review: a.review, Execution: a.execution,
		LinkComplaint: a.supervision.LinkCaseTx, ReviewStatus: review.Status, StepPermission: review.Permission,
		TransferWarnings: transfer.Warnings, NeedsAccessReason: evidence.NeedsAccessReason,
		NotifyApprovalRequested: a.notifyApprovalRequested, NotifyApprovalDecided: a.notifyApprovalDecided,
		Blobs: a.blobs, MaxSize: a.maxEvidence, Printer: a.printer, SealCA: a.sealCA})
}

// Evidence is the context of evidence and case files (app/evidence): uploads and their
// access log, the whole-process-recording lists, the sealed case file.
func (a *App) Evidence() *evidence.Service { return a.evidence }

// Report is the annual statistical report of enforcement (app/report).
func (a *App) Report() *report.Service { return a.report }

// Publicity is the publication of decisions (app/publicity).
func (a *App) Publicity() *publicity.Service { return a.publicity }

// Review is the legal review of major decisions with the major-decision catalogs and the
// reviewer pools (app/review).
func (a *App) Review() *review.Service { return a.review }

// Transfer is the transfer of suspected crimes (app/transfer).
func (a *App) Transfer() *transfer.Service { return a.transfer }

// Filing is the filings with the justice bureau (app/filing).
func (a *App) Filing() *filing.Service { return a.filing }

// Now returns the App's current time (e.g. to prefill a capture time).
func (a *App) Now() time.Time { return a.now() }

// Logger returns the operational logger.
func (a *App) Logger() *slog.Logger { return a.log }

// Supervision is the supervision context: complaints and reports, reconsideration and
// litigation outcomes, the correction rate.
func (a *App) Supervision() *supervision.Service { return a.supervision }

// Analysis is the context of analytic warnings (同案不同罚, repeated endings) and their
// handling (issue 14).
func (a *App) Analysis() *analysis.Service { return a.analysis }

// Assessment is the assessment of agencies (评议考核, app/assessment).
func (a *App) Assessment() *assessment.Service { return a.assessment }

// Blobs is the evidence store (nil without one): the contexts store their files there.
func (a *App) Blobs() blob.Store { return a.blobs }

// Today is the current civil date in CST.
func (a *App) Today() zhifa.Date { return zhifa.DateOf(a.now()) }

// Store returns the underlying store (for health checks).
func (a *App) Store() zhifa.Store { return a.store }

// Actor is who performs an action (see kernel.Actor).
type Actor = kernel.Actor

// SystemActor is the actor of command-line administration and the demo seeder: an admin
// whose scope is everything.
func SystemActor(name string) *Actor { return kernel.SystemActor(name) }

// WithActor returns ctx carrying actor.
func WithActor(ctx context.Context, actor *Actor) context.Context {
	return kernel.WithActor(ctx, actor)
}

// ActorFrom returns the actor of ctx; without one it is the anonymous public.
func ActorFrom(ctx context.Context) *Actor { return kernel.ActorFrom(ctx) }

// audit is the audit line of one action (kernel.Audit).
type audit = kernel.Audit

// write runs fn in a read-write transaction and appends its audit line in the same
// transaction: if the audit write fails, the action fails. A failed action is recorded
// afterwards in its own transaction, with Success false.
func (a *App) write(ctx context.Context, action string, fn func(tx zhifa.Tx, rec *audit) error) error {
	actor := ActorFrom(ctx)
	rec := &audit{Action: action}
	err := a.store.Update(ctx, func(tx zhifa.Tx) error {
		if err := fn(tx, rec); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, a.auditEntry(actor, rec, true, ""))
	})
	if err != nil {
		a.recordFailure(ctx, actor, rec, err)
		return err
	}
	// The action may have appended ledger entries: have them integrated now.
	a.pokeLedger()
	return nil
}

// read runs fn in a read-only transaction.
func (a *App) read(ctx context.Context, fn func(tx zhifa.Tx) error) error {
	return a.store.View(ctx, fn)
}

// readPersonal runs fn in a read-write transaction because the read of personal data must
// be audited; the audit line commits with it or the read fails.
func (a *App) readPersonal(ctx context.Context, action string, fn func(tx zhifa.Tx, rec *audit) error) error {
	return a.write(ctx, action, fn)
}

func (a *App) auditEntry(actor *Actor, rec *audit, ok bool, detail string) *zhifa.AuditEntry {
	if detail == "" {
		detail = rec.Detail
	}
	userID := actor.UserID
	if userID < 0 {
		userID = 0
	}
	return &zhifa.AuditEntry{
		At: a.now(), UserID: userID, Login: actor.Login, AgencyID: actor.AgencyID,
		Action: rec.Action, Object: rec.Object, ObjectPath: rec.ObjectPath,
		IP: actor.IP, Success: ok, Detail: truncate(detail, 500),
	}
}

func (a *App) recordFailure(ctx context.Context, actor *Actor, rec *audit, cause error) {
	detail := zhifa.ErrorCode(cause) + " " + zhifa.ErrorMessage(cause)
	if rec.Detail != "" {
		detail = rec.Detail + "; " + detail
	}
	// The failure line must survive the caller's context being cancelled.
	ctx = context.WithoutCancel(ctx)
	err := a.store.Update(ctx, func(tx zhifa.Tx) error {
		return tx.AppendAudit(ctx, a.auditEntry(actor, rec, false, detail))
	})
	if err != nil {
		a.log.Error("audit failure record", "action", rec.Action, "err", err)
	}
	if zhifa.ErrorCode(cause) == zhifa.EINTERNAL {
		a.log.Error("action failed", "action", rec.Action, "object", rec.Object, "err", cause)
	}
}

// truncate cuts s to at most n characters (kernel.Truncate).
func truncate(s string, n int) string { return kernel.Truncate(s, n) }

// notVisible hides objects outside the actor's scope: they answer exactly like missing ones.
func notVisible(kind string) error { return zhifa.NotFound(kind) }

// isCode reports whether err carries code.
func isCode(err error, code string) bool {
	var e *zhifa.Error
	return errors.As(err, &e) && e.Code == code
}

// objectRef formats an audit object reference.
func objectRef(kind string, id int64) string { return kernel.ObjectRef(kind, id) }
