// Package kernel is the small shared kernel of the use-case layer: who acts (Actor), what
// they may do (Permission), the audit line of an action, input validation, and the
// Kernel interface through which a bounded context (publicity, supervision, execution…)
// runs its use cases in one transaction with its audit line and ledger entries, and
// plugs stages into the case-step pipeline. *app.App implements Kernel; a context
// imports only this package, never zhifa/app, so contexts stay independent of each
// other and of the legacy app package they are being split from (issue 16).
package kernel

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"zhifa"
	"zhifa/law"
	"zhifa/ledger"
	"zhifa/workday"
)

// Actor is who performs an action: a logged-in user, or the public (Role "").
type Actor struct {
	UserID     int64
	Login      string
	Name       string
	Role       zhifa.Role
	AgencyID   int64
	AgencyPath string
	// ScopePath is the agency subtree the actor may read: its own agency's subtree, or for a
	// supervisor the subtree of the government its justice bureau belongs to.
	ScopePath string
	IP        string
	// Session is the hash of the session token the actor authenticated with (never the
	// token), so that a password change can end every other session.
	Session string
}

// LoggedIn reports whether the actor is a user rather than the public.
func (a *Actor) LoggedIn() bool { return a != nil && a.UserID != 0 }

// InScope reports whether an object of the agency with the given path is visible to the actor.
func (a *Actor) InScope(agencyPath string) bool {
	return a.LoggedIn() && a.ScopePath != "" && strings.HasPrefix(agencyPath, a.ScopePath)
}

// SystemActor is the actor of command-line administration and the demo seeder: an admin
// whose scope is everything.
func SystemActor(name string) *Actor {
	return &Actor{UserID: -1, Login: name, Name: name, Role: zhifa.RoleAdmin, ScopePath: "/", AgencyPath: "/"}
}

type actorKey struct{}

// WithActor returns ctx carrying actor.
func WithActor(ctx context.Context, actor *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor of ctx; without one it is the anonymous public.
func ActorFrom(ctx context.Context) *Actor {
	if a, ok := ctx.Value(actorKey{}).(*Actor); ok && a != nil {
		return a
	}
	return &Actor{}
}

// Audit describes the audit line of one action; the action fills in what it learns.
type Audit struct {
	Action     string
	Object     string
	ObjectPath string
	Detail     string
}

// ObjectRef formats an audit object reference ("case/12").
func ObjectRef(kind string, id int64) string { return fmt.Sprintf("%s/%d", kind, id) }

// Kernel is what a bounded context needs of the use-case layer. *app.App implements it.
type Kernel interface {
	// Now is the clock; Today the civil date in CST.
	Now() time.Time
	Today() zhifa.Date
	Logger() *slog.Logger
	// Calendar is the working-day calendar in force (行政处罚法第八十五条).
	Calendar(ctx context.Context) (*workday.Calendar, error)
	// Write runs fn in one read-write transaction and appends its audit line in the same
	// transaction; a failed action is audited afterwards with Success false.
	Write(ctx context.Context, action string, fn func(tx zhifa.Tx, rec *Audit) error) error
	// Read runs fn in a read-only transaction.
	Read(ctx context.Context, fn func(tx zhifa.Tx) error) error
	// AppendEntry appends e to the ledger in tx (format 2: unstructured meta as salted
	// commitments) and returns its index; AppendCaseEntry also links it to the case.
	AppendEntry(ctx context.Context, tx zhifa.Tx, e *ledger.Entry) (int64, error)
	AppendCaseEntry(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, e *ledger.Entry) (int64, error)
	// QueueCaseEntry is AppendCaseEntry for a write that needs no index: the entry is
	// sequenced after commit, so PostgreSQL writers share no lock (zhifa.Tx.QueueLedgerEntry).
	QueueCaseEntry(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, e *ledger.Entry) error
	// VisibleCase and VisibleAgency load an object the actor may read; outside the
	// actor's scope they answer ENOTFOUND, like a missing one.
	VisibleCase(ctx context.Context, tx zhifa.Tx, actor *Actor, id int64) (*zhifa.Case, *zhifa.Agency, error)
	VisibleAgency(ctx context.Context, tx zhifa.Tx, actor *Actor, id int64) (*zhifa.Agency, error)
	// MayApprove reports whether the actor approves for the agency on day: a head of it,
	// or the deputy of an active delegation by a head who still is one.
	MayApprove(ctx context.Context, tx zhifa.Tx, actor *Actor, agencyID int64, day zhifa.Date) (bool, error)

	// The evidence context (app/evidence).
	// WriteUnaudited runs fn in one read-write transaction without an audit line: for a
	// write that is itself the record of a read (the evidence access log, 调阅记录, D4).
	WriteUnaudited(ctx context.Context, fn func(tx zhifa.Tx) error) error
	// AuditFailure records the failed action rec of the context's actor, with its cause,
	// in a transaction of its own (an upload whose file could not be stored).
	AuditFailure(ctx context.Context, rec *Audit, cause error)
	// LedgerSigner signs the ledger's checkpoints (nil without one); IntegrateLedger signs a
	// checkpoint over the entries appended so far (the sealed case file proves its entries
	// against it).
	LedgerSigner() *ledger.Signer
	IntegrateLedger(ctx context.Context) (int64, error)
}

// StepRun is one case step as the stages of the pipeline see it: inside the step's
// transaction, after its statutory gates passed, before the case row is saved.
type StepRun struct {
	Tx     zhifa.Tx
	Actor  *Actor
	Case   *zhifa.Case // the stage may change State and Clocks; the pipeline saves it
	Agency *zhifa.Agency
	Item   *zhifa.Item
	Step   *law.Step
	Action zhifa.Action
	// Day is the date of the act; Today the date it is recorded.
	Day, Today zhifa.Date
	Cal        *workday.Calendar
	Facts      *law.CaseFacts
	Reason     string
	// Input is the step's whole input; ApproverID and Approver the head (or deputy) whose
	// own act approved it, when the step is a head's (zero otherwise).
	Input      *ActionInput
	ApproverID int64
	Approver   string
}

// Stage is a bounded context's part of a case step (App.Act). Run returns a detail for the
// case event and fields for the step's ledger entry (prefixed with Name+"_"); an error
// refuses the whole step (EGATE naming the article when a rule is unmet).
type Stage struct {
	Name  string
	Phase Phase
	Run   func(ctx context.Context, r *StepRun) (detail string, meta map[string]string, err error)
}

// Phase is the point of a case step at which a stage runs. A step runs, in order: the
// statutory gates; the step's own facts and clocks; the PhaseApplied stages; the move to
// the step's stage and outcome; the PhaseMoved stages; saving the case; the PhaseSaved
// stages; the case event and the step's ledger entry.
type Phase int

const (
	// PhaseMoved stages see the case in the step's new stage, before it is saved
	// (publicity, execution, supervision, notifications).
	PhaseMoved Phase = iota
	// PhaseApplied stages see the case in the stage it had, after the step's own facts
	// were applied (legal review, transfer of a suspected crime).
	PhaseApplied
	// PhaseSaved stages run after the case row was saved (filing with the justice bureau).
	PhaseSaved
)
