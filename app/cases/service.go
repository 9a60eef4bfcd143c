package cases

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
	"zhifa/document"
	"zhifa/law"
	"zhifa/seal"
)

// Service is the cases context over the kernel: filing a case, its steps (Act) through
// the pipeline of the contexts' stages, its records, clocks and views, the documents
// with their seals, and the head's approvals.
type Service struct {
	k    kernel.Kernel
	deps Deps
}

// Deps is what the cases context needs of the other contexts and of the composition
// root, handed over at construction (app.wireContexts) so that the context imports none
// of them.
type Deps struct {
	// Stages are the other contexts' parts of a case step, in order (kernel.Stage).
	Stages []kernel.Stage
	// Evidence, Review and Execution are the contexts whose facts and lines a step and a
	// document read.
	Evidence  Evidence
	Review    Review
	Execution Execution
	// LinkComplaint links the complaint a case was filed on to the case (supervision).
	LinkComplaint func(ctx context.Context, tx zhifa.Tx, complaintID, caseID int64) error
	// ReviewStatus and StepPermission are the legal review's status of a case and the
	// permission a step needs (review.Status, review.Permission); TransferWarnings the
	// warnings of a case's transfer clocks (transfer.Warnings); NeedsAccessReason whether
	// the actor gives a reason to read a case's records (evidence.NeedsAccessReason).
	ReviewStatus      func(c *zhifa.Case) string
	StepPermission    func(action zhifa.Action) kernel.Permission
	TransferWarnings  func(clocks []kernel.ClockView) []string
	NeedsAccessReason func(actor *kernel.Actor) bool
	// NotifyApprovalRequested and NotifyApprovalDecided tell the head asked and the
	// requester of an approval request (the workspace's notifications).
	NotifyApprovalRequested func(ctx context.Context, tx zhifa.Tx, r *zhifa.ApprovalRequest, c *zhifa.Case, requester string) error
	NotifyApprovalDecided   func(ctx context.Context, tx zhifa.Tx, r *zhifa.ApprovalRequest, c *zhifa.Case, decider string) error
	// Blobs stores issued documents (nil: documents cannot be issued); MaxSize bounds one.
	Blobs   blob.Store
	MaxSize int64
	// Printer prints issued documents to PDF (nil: none); SealCA certifies the agencies'
	// seal keys (nil: documents are issued unsealed).
	Printer PDFPrinter
	SealCA  *seal.CA
}

// Evidence is what a case needs of the evidence context.
type Evidence interface {
	RecordingFacts(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, ag *zhifa.Agency, f *law.CaseFacts) error
	CheckRecordEvidence(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, r *zhifa.Record) error
	OpenEvidence(ctx context.Context, id int64, reason string) (blob.Object, *zhifa.Evidence, error)
}

// Review is what a case needs of the legal review context.
type Review interface {
	MajorFacts(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, ag *zhifa.Agency, item *zhifa.Item, f *law.CaseFacts) error
	EffectiveCatalog(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*zhifa.MajorCatalog, error)
}

// Execution is what a decision document needs of the execution context.
type Execution interface {
	DocumentLines(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) (payment, executed string, err error)
	EnforcementLines(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) (document.Enforcement, error)
}

// New returns the cases context over k with its dependencies.
func New(k kernel.Kernel, deps Deps) *Service { return &Service{k: k, deps: deps} }
