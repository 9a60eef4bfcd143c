package zhifa

import (
	"context"
	"time"
)

// ProblemState is the state of an entry of the prominent-problem list (突出问题清单,
// REQUIREMENTS F8).
type ProblemState string

// Problem states: opened by the justice bureau, reported rectified by the owner agency,
// accepted by the bureau (a report the bureau returns goes back to open).
const (
	ProblemOpen     ProblemState = "open"     // 整改中
	ProblemReported ProblemState = "reported" // 已报送整改情况
	ProblemAccepted ProblemState = "accepted" // 已验收销号
)

// ProblemStates lists the states in order.
var ProblemStates = []ProblemState{ProblemOpen, ProblemReported, ProblemAccepted}

// Label is the Chinese name of the state.
func (s ProblemState) Label() string {
	return map[ProblemState]string{ProblemOpen: "整改中", ProblemReported: "待验收", ProblemAccepted: "已验收销号"}[s]
}

// Valid reports whether s is a known state.
func (s ProblemState) Valid() bool { return s.Label() != "" }

// ProblemSource says where a problem was found; SourceID names the record.
type ProblemSource string

// Problem sources.
const (
	ProblemFromEvaluation ProblemSource = "evaluation" // an evaluated case file (eval_cases)
	ProblemFromComplaint  ProblemSource = "complaint"  // a complaint or report
	ProblemFromReview     ProblemSource = "review"     // a reconsideration or lawsuit
	ProblemFromFault      ProblemSource = "fault"      // a fault review
	ProblemFromWarning    ProblemSource = "warning"    // an analytic warning (analysis_warnings)
	ProblemFromRemark     ProblemSource = "remark"     // a social supervisor's remark (social_remarks)
)

// ProblemSources lists the sources in order.
var ProblemSources = []ProblemSource{ProblemFromEvaluation, ProblemFromComplaint, ProblemFromReview, ProblemFromFault, ProblemFromWarning,
	ProblemFromRemark}

// Label is the Chinese name of the source.
func (s ProblemSource) Label() string {
	return map[ProblemSource]string{ProblemFromEvaluation: "案卷评查", ProblemFromComplaint: "投诉举报",
		ProblemFromReview: "行政复议、行政诉讼", ProblemFromFault: "过错责任追究", ProblemFromWarning: "分析预警",
		ProblemFromRemark: "社会监督员意见"}[s]
}

// Valid reports whether s is a known source.
func (s ProblemSource) Valid() bool { return s.Label() != "" }

// Problem is one entry of the prominent-problem list: what was found, where, by which
// agency it is to be rectified and by when, and the rectification's evidence.
type Problem struct {
	ID         int64         `json:"id"`
	AgencyID   int64         `json:"agency_id"` // the owner agency, which rectifies
	AgencyName string        `json:"agency_name"`
	AgencyPath string        `json:"-"`
	BureauID   int64         `json:"bureau_id"` // the justice bureau that opened it
	Source     ProblemSource `json:"source"`
	SourceID   int64         `json:"source_id"`
	Title      string        `json:"title"`
	Detail     string        `json:"detail"`
	State      ProblemState  `json:"state"`
	OpenedOn   Date          `json:"opened_on"`
	DueOn      Date          `json:"due_on"`
	// Report and ReportedOn are the owner's evidence of completion (整改情况和佐证材料).
	Report     string    `json:"report"`
	ReportedOn Date      `json:"reported_on"`
	Note       string    `json:"note"` // the bureau's acceptance or return note
	AcceptedOn Date      `json:"accepted_on"`
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	// Origin is what a computed source showed when the problem was raised (a warning is
	// recomputed and may change or close; the problem keeps what it was raised on).
	Origin *ProblemOrigin `json:"origin,omitempty"`
}

// ProblemOrigin is the copy of an analytic warning kept with the problem raised from it.
type ProblemOrigin struct {
	Kind      AnalysisKind       `json:"kind"`
	KindLabel string             `json:"kind_label"`
	Rule      string             `json:"rule"`
	Finding   string             `json:"finding"`
	Evidence  []AnalysisEvidence `json:"evidence"`
}

// ProblemFilter selects problems, newest first, keyset by ID.
type ProblemFilter struct {
	UnderPath string // owner agencies in the subtree
	AgencyID  int64  // one owner agency
	State     ProblemState
	// OverdueOn keeps the unaccepted problems due before the day.
	OverdueOn Date
	BeforeID  int64
	Limit     int
}

// ProblemStore persists the prominent-problem list (app/supervision, issue 14).
type ProblemStore interface {
	CreateProblem(ctx context.Context, p *Problem) error
	// UpdateProblem saves p when its stored version is still p.Version (then bumps it);
	// ECONFLICT otherwise.
	UpdateProblem(ctx context.Context, p *Problem) error
	Problem(ctx context.Context, id int64) (*Problem, error)
	Problems(ctx context.Context, f ProblemFilter) ([]*Problem, error)
}
