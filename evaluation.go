package zhifa

import (
	"context"
	"time"
)

// Case-file evaluation (案卷评查, REQUIREMENTS F4; app/supervision, migration 00034): the
// justice bureau's checklist versions, its evaluations, and the sampled case files with
// their scores and rectification.

// EvalItem is one item of an evaluation checklist: its points, and whether finding it
// unmet fails the file outright (否决项).
type EvalItem struct {
	Code     string `json:"code"`
	Category string `json:"category"`
	Text     string `json:"text"`
	Points   int    `json:"points"`
	Veto     bool   `json:"veto,omitempty"`
}

// EvalStandard is one saved version of a bureau's checklist.
type EvalStandard struct {
	ID        int64      `json:"id"`
	AgencyID  int64      `json:"agency_id"`
	Version   int        `json:"version"`
	Name      string     `json:"name"`
	Items     []EvalItem `json:"items"`
	CreatedBy int64      `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
}

// FileEvaluation is one evaluation campaign: the organising bureau, its scope (agencies,
// case kinds, closing period), the checklist it scores by (copied, so a later version
// does not change it), the published seed of the sample, and whether the results are
// public.
type FileEvaluation struct {
	ID              int64      `json:"id"`
	AgencyID        int64      `json:"agency_id"`
	AgencyName      string     `json:"agency_name"`
	AgencyPath      string     `json:"-"`
	Title           string     `json:"title"`
	AgencyIDs       []int64    `json:"agency_ids"`
	Kinds           []CaseKind `json:"kinds"`
	From            Date       `json:"from"`
	To              Date       `json:"to"`
	StandardVersion int        `json:"standard_version"`
	Items           []EvalItem `json:"items"`
	Seed            string     `json:"seed"`
	Population      int        `json:"population"`
	SampleSize      int        `json:"sample_size"`
	RectifyDays     int        `json:"rectify_days"`
	PublishedOn     Date       `json:"published_on,omitempty"`
	// SelfCheck marks an agency's evaluation of its own files (案卷自查, migration 00043):
	// organised by the evaluated agency, never published as the bureau's results.
	SelfCheck bool      `json:"self_check"`
	CreatedBy int64     `json:"created_by"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// EvalScore is an evaluator's finding on one checklist item.
type EvalScore struct {
	Code   string `json:"code"`
	Deduct int    `json:"deduct"`
	Veto   bool   `json:"veto,omitempty"`
	Note   string `json:"note,omitempty"`
}

// EvalCase is one sampled case file in an evaluation: its evaluator, the scores and
// grade once scored, and the rectification the agency owes.
type EvalCase struct {
	ID            int64       `json:"id"`
	EvaluationID  int64       `json:"evaluation_id"`
	CaseID        int64       `json:"case_id"`
	CaseNumber    string      `json:"case_number"`
	AgencyID      int64       `json:"agency_id"`
	AgencyName    string      `json:"agency_name"`
	AgencyPath    string      `json:"-"`
	Rank          int         `json:"rank"`
	EvaluatorID   int64       `json:"evaluator_id"`
	EvaluatorName string      `json:"evaluator_name,omitempty"`
	Scores        []EvalScore `json:"scores"`
	Score         int         `json:"score"`
	Grade         string      `json:"grade,omitempty"`
	ScoredOn      Date        `json:"scored_on,omitempty"`
	RectifyDue    Date        `json:"rectify_due,omitempty"`
	Rectification string      `json:"rectification,omitempty"`
	RectifiedOn   Date        `json:"rectified_on,omitempty"`
	Version       int         `json:"version"`
	// SelfCheck is its evaluation's: the file was evaluated by its own agency (案卷自查).
	SelfCheck bool `json:"self_check"`
}

// ClosedCaseRef is a closed case as the sample sees it.
type ClosedCaseRef struct {
	ID       int64
	Number   string
	AgencyID int64
}

// FileEvaluationFilter selects evaluations, newest first, a page at a time (ID < Before).
type FileEvaluationFilter struct {
	UnderPath     string // organised by an agency in this subtree
	EvaluatorID   int64  // or: with a file assigned to this evaluator
	PublishedOnly bool
	Before        int64
	Limit         int
}

// EvalCaseFilter selects sampled files of evaluations, newest first (ID < Before):
// those of one agency (its rectification list) or of one evaluator.
type EvalCaseFilter struct {
	AgencyID    int64
	EvaluatorID int64
	// OpenRectification keeps the files owing a rectification not yet recorded.
	OpenRectification bool
	Before            int64
	Limit             int
}

// EvaluationStore holds the case-file evaluations (migration 00034).
type EvaluationStore interface {
	// CreateEvalStandard saves a new checklist version, setting ID and CreatedAt; the
	// version must be the agency's next (a taken one is ECONFLICT).
	CreateEvalStandard(ctx context.Context, s *EvalStandard) error
	// LatestEvalStandard returns the agency's newest version; ENOTFOUND without one.
	LatestEvalStandard(ctx context.Context, agencyID int64) (*EvalStandard, error)
	// EvalStandards returns the agency's versions, newest first.
	EvalStandards(ctx context.Context, agencyID int64) ([]*EvalStandard, error)
	// ClosedCases returns the cases of the agencies and kinds closed in [from, to], by
	// case number.
	ClosedCases(ctx context.Context, agencyIDs []int64, kinds []CaseKind, from, to Date) ([]ClosedCaseRef, error)
	// CreateFileEvaluation inserts e with its sampled files, setting IDs, versions and
	// timestamps.
	CreateFileEvaluation(ctx context.Context, e *FileEvaluation, files []*EvalCase) error
	// PublishFileEvaluation sets PublishedOn if e.Version is the stored one (else
	// ECONFLICT) and increments it.
	PublishFileEvaluation(ctx context.Context, e *FileEvaluation) error
	FileEvaluation(ctx context.Context, id int64) (*FileEvaluation, error)
	FileEvaluations(ctx context.Context, f FileEvaluationFilter) ([]*FileEvaluation, error)
	// EvalCases returns an evaluation's sampled files in draw order.
	EvalCases(ctx context.Context, evaluationID int64) ([]*EvalCase, error)
	EvalCase(ctx context.Context, id int64) (*EvalCase, error)
	// EvalCaseList returns one page of sampled files across evaluations.
	EvalCaseList(ctx context.Context, f EvalCaseFilter) ([]*EvalCase, error)
	// UpdateEvalCase saves the scores, grade and rectification if c.Version is the stored
	// one (else ECONFLICT) and increments it.
	UpdateEvalCase(ctx context.Context, c *EvalCase) error
}
