package app

import (
	"zhifa"
	"zhifa/app/cases"
	"zhifa/app/kernel"
	"zhifa/law"
)

// The cases context lives in app/cases (issue 16); App embeds its Service, so that its
// use cases (FileCase, Act, Case, CreateDocument, RequestApproval, …) stay App's methods,
// and its types keep their names here for the callers of app.

// The types of the cases context.
type (
	PDFPrinter           = cases.PDFPrinter
	PartyInput           = cases.PartyInput
	CaseInput            = cases.CaseInput
	RecordInput          = cases.RecordInput
	ClockView            = cases.ClockView
	CaseView             = cases.CaseView
	CaseList             = cases.CaseList
	CaseFilter           = cases.CaseFilter
	CaseItem             = cases.CaseItem
	CaseOfficer          = cases.CaseOfficer
	CaseFormOptions      = cases.CaseFormOptions
	Approver             = cases.Approver
	TimelineItem         = cases.TimelineItem
	CasePage             = cases.CasePage
	NextStepView         = cases.NextStepView
	SimilarFines         = cases.SimilarFines
	ApplicableEntry      = cases.ApplicableEntry
	LevelOption          = cases.LevelOption
	ProposeForm          = cases.ProposeForm
	ApprovalSign         = cases.ApprovalSign
	ApprovalRequestInput = cases.ApprovalRequestInput
	ApprovalDecision     = cases.ApprovalDecision
	ApprovalView         = cases.ApprovalView
	ApprovalList         = cases.ApprovalList
	ApprovalListFilter   = cases.ApprovalListFilter
	DocTypeOption        = cases.DocTypeOption
	DocumentView         = cases.DocumentView
	DocumentList         = cases.DocumentList
	DocumentCreate       = cases.DocumentCreate
	DocumentInput        = cases.DocumentInput
	DocumentIssue        = cases.DocumentIssue
	DocumentCorrect      = cases.DocumentCorrect
	AgencySeals          = cases.AgencySeals
	SealKeyInput         = cases.SealKeyInput
	SealRevoke           = cases.SealRevoke
	PublicSealKey        = cases.PublicSealKey
	SealKeyPage          = cases.SealKeyPage
	DocumentSeal         = cases.DocumentSeal
	SealCheck            = cases.SealCheck
)

// Constants of the cases context.
const (
	// RuleDiscretionStated is the rule that a decision applying a benchmark states its
	// level and reason.
	RuleDiscretionStated = cases.RuleDiscretionStated
	// CorrectionReasonKey is the field of a correction that says what it corrects and why.
	CorrectionReasonKey = cases.CorrectionReasonKey
	// MaxFen bounds every amount of money a handler types.
	MaxFen = cases.MaxFen
	// MaxSealedPDFSize bounds a PDF uploaded for verification.
	MaxSealedPDFSize = cases.MaxSealedPDFSize
)

// ProposalFlags are the major-decision flags a handler may set (law.MajorFlags).
var ProposalFlags = cases.ProposalFlags

// CaseNumber formats a case number with the agency's template (cases.CaseNumber).
func CaseNumber(ag *zhifa.Agency, kind zhifa.CaseKind, year int, seq int64) string {
	return cases.CaseNumber(ag, kind, year, seq)
}

// AgencyHearingThresholds are the agency's 较大数额 thresholds (cases.AgencyHearingThresholds).
func AgencyHearingThresholds(ag *zhifa.Agency) law.HearingThresholds {
	return cases.AgencyHearingThresholds(ag)
}

// ProposalInputOf prefills the propose form from the current proposal.
func ProposalInputOf(p *zhifa.Proposal) kernel.ActionInput { return cases.ProposalInputOf(p) }

// ParseFen reads an amount of yuan typed in a form as fen (cases.ParseFen).
func ParseFen(s string) (int64, error) { return cases.ParseFen(s) }
