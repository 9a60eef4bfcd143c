package zhifa

import (
	"context"
	"time"
)

// The assessment of agencies (评议考核, issue 14; REQUIREMENTS F2): the justice bureau
// sets a versioned scheme of weighted indicators for a year, runs it over the agencies of
// its government (a snapshot of figures computed from the data plus the scored inputs:
// the public opinion survey and each agency's self-check), adjusts it with reasons,
// approves it as its own act, and publishes the ranking on the portal.

// AssessmentIndicator is one indicator of a scheme: its key (what the figure counts),
// its name, the marks it carries (its weight), and how its rate maps to marks — linear
// from Zero (no marks) to Full (full marks); Zero above Full scores a rate where lower is
// better (纠错率). The scored inputs (survey, self-check) have a rate of score/100.
type AssessmentIndicator struct {
	Key    string  `json:"key"`
	Name   string  `json:"name"`
	Points float64 `json:"points"`
	Zero   float64 `json:"zero"`
	Full   float64 `json:"full"`
}

// AssessmentScheme is one version of the bureau's scheme for a year. A saved version is
// never changed: a change is a new version, and a run records the version it used.
type AssessmentScheme struct {
	ID         int64                 `json:"id"`
	AgencyID   int64                 `json:"agency_id"` // the justice bureau
	Year       int                   `json:"year"`
	Version    int                   `json:"version"`
	Name       string                `json:"name"`
	Indicators []AssessmentIndicator `json:"indicators"`
	// Grade thresholds on the total: 优秀 from Excellent, 良好 from Good, 合格 from Pass,
	// 不合格 below.
	Excellent float64   `json:"excellent"`
	Good      float64   `json:"good"`
	Pass      float64   `json:"pass"`
	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Indicator returns the scheme's indicator with the key, nil without one.
func (s *AssessmentScheme) Indicator(key string) *AssessmentIndicator {
	for i := range s.Indicators {
		if s.Indicators[i].Key == key {
			return &s.Indicators[i]
		}
	}
	return nil
}

// AssessmentCount is one agency's raw figure of an indicator: Num of Den (on-time
// decisions of all decided, corrected of all decisions, the sum of evaluation scores of
// the files scored…).
type AssessmentCount struct {
	AgencyID int64   `json:"agency_id"`
	Key      string  `json:"key"`
	Num      float64 `json:"num"`
	Den      float64 `json:"den"`
}

// AssessmentFigure is an indicator's figure in a run's result: the raw counts, the rate
// and the marks it earned. NoData marks an indicator with nothing to count (full marks:
// nothing went wrong).
type AssessmentFigure struct {
	Key    string  `json:"key"`
	Num    float64 `json:"num"`
	Den    float64 `json:"den"`
	Rate   float64 `json:"rate"`
	Points float64 `json:"points"`
	NoData bool    `json:"no_data,omitempty"`
}

// AssessmentAdjustment is the bureau's deduction (negative) or addition to an agency's
// total, with its reason.
type AssessmentAdjustment struct {
	Points float64   `json:"points"`
	Reason string    `json:"reason"`
	By     int64     `json:"-"`
	ByName string    `json:"-"`
	At     time.Time `json:"at"`
}

// AssessmentResult is one agency's result in a run.
type AssessmentResult struct {
	AgencyID    int64                  `json:"agency_id"`
	AgencyName  string                 `json:"agency_name"`
	Figures     []AssessmentFigure     `json:"figures"`
	Adjustments []AssessmentAdjustment `json:"adjustments"`
	Total       float64                `json:"total"`
	Rank        int                    `json:"rank"`
	Grade       string                 `json:"grade"`
}

// AssessmentStatus is where a run stands.
type AssessmentStatus string

// Assessment run statuses.
const (
	AssessmentDraft     AssessmentStatus = "draft"     // 待审批：已生成，司法局可核对、扣减
	AssessmentApproved  AssessmentStatus = "approved"  // 已审定
	AssessmentPublished AssessmentStatus = "published" // 已公布
)

// Label is the Chinese name of the status.
func (s AssessmentStatus) Label() string {
	return map[AssessmentStatus]string{AssessmentDraft: "待审定", AssessmentApproved: "已审定", AssessmentPublished: "已公布"}[s]
}

// AssessmentRun is the bureau's assessment of a year: the scheme version it used, the
// figures frozen as of AsOf, the results ranked, and its approval and publication.
type AssessmentRun struct {
	ID       int64 `json:"id"`
	AgencyID int64 `json:"agency_id"` // the justice bureau
	// ScopePath is the government subtree assessed (the bureau's scope).
	ScopePath     string             `json:"-"`
	AgencyName    string             `json:"agency_name"`
	Year          int                `json:"year"`
	SchemeID      int64              `json:"scheme_id"`
	SchemeVersion int                `json:"scheme_version"`
	Status        AssessmentStatus   `json:"status"`
	AsOf          time.Time          `json:"as_of"`
	Results       []AssessmentResult `json:"results"`
	CreatedBy     int64              `json:"-"`
	ApprovedBy    int64              `json:"-"`
	ApprovedOn    Date               `json:"approved_on"`
	PublishedOn   Date               `json:"published_on"`
	Entry         int64              `json:"entry,omitempty"`
	PublishEntry  int64              `json:"publish_entry,omitempty"`
	Version       int                `json:"version"`
	CreatedAt     time.Time          `json:"created_at"`
	UpdatedAt     time.Time          `json:"updated_at"`
}

// Result returns the agency's result in the run, nil without one.
func (r *AssessmentRun) Result(agencyID int64) *AssessmentResult {
	for i := range r.Results {
		if r.Results[i].AgencyID == agencyID {
			return &r.Results[i]
		}
	}
	return nil
}

// AssessmentInputKind is a scored input of an assessment.
type AssessmentInputKind string

// Scored inputs.
const (
	InputSurvey    AssessmentInputKind = "survey"    // 群众满意度测评, entered by the bureau with its source
	InputSelfCheck AssessmentInputKind = "selfcheck" // 自查报告, filed by the agency's head, scored by the bureau
)

// Label is the Chinese name of the input.
func (k AssessmentInputKind) Label() string {
	return map[AssessmentInputKind]string{InputSurvey: "群众满意度测评", InputSelfCheck: "年度自查报告"}[k]
}

// AssessmentInput is an agency's scored input of a year. Scored is false until the
// bureau gave its Score (0–100).
type AssessmentInput struct {
	ID         int64               `json:"id"`
	AgencyID   int64               `json:"agency_id"`
	AgencyPath string              `json:"-"`
	AgencyName string              `json:"agency_name"`
	Year       int                 `json:"year"`
	Kind       AssessmentInputKind `json:"kind"`
	Text       string              `json:"text"`
	Source     string              `json:"source"`
	Scored     bool                `json:"scored"`
	Score      float64             `json:"score"`
	FiledBy    int64               `json:"-"`
	FiledOn    Date                `json:"filed_on"`
	ScoredBy   int64               `json:"-"`
	ScoredOn   Date                `json:"scored_on"`
	// File is the self-check's attachment (in the evidence store), nil without one.
	File    *AssessmentFile `json:"file,omitempty"`
	Version int             `json:"version"`
}

// AssessmentFile is an attachment of a scored input, stored by content hash.
type AssessmentFile struct {
	Name   string `json:"name"`
	MIME   string `json:"mime"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	SM3    string `json:"sm3"`
}

// AssessmentRecord is one record behind an indicator's figure that cost the agency
// marks (a late decision, a late filing, a corrected decision, an officer short of
// training) or made it (a scored case file), keyed by its row ID for paging. Label is
// the case number, or the officer's name (staff only).
type AssessmentRecord struct {
	ID     int64  `json:"id"`
	CaseID int64  `json:"case_id,omitempty"`
	Label  string `json:"label"`
	Day    Date   `json:"day"`
	Detail string `json:"detail"`
	// Value is the record's figure where it has one (a file's score, an officer's hours).
	Value float64 `json:"value"`
}

// AssessmentCountFilter is what the figures of a year are counted with: the agencies
// under UnderPath, the year, and the rules that judge them (from law): the outcomes that
// correct a decision, an officer's yearly training minimum, the annual report's deadline.
type AssessmentCountFilter struct {
	UnderPath        string
	Year             int
	Corrects         []ReviewOutcome
	MinTrainingHours float64
	ReportDue        Date
	// AsOf is the day the figures are counted on: a legal review still without its
	// opinion counts as late once its due day has passed.
	AsOf Date
	// Upheld are the findings of a complaint about enforcement conduct that count as
	// upheld (law.ComplaintUpheld).
	Upheld []ComplaintFinding
}

// Indicator keys computed from the data (AssessmentCounts); the scored inputs use the
// AssessmentInputKind as key.
const (
	IndDecisionOnTime    = "decision_on_time"
	IndPublicationOnTime = "publication_on_time"
	IndFilingOnTime      = "filing_on_time"
	IndReviewOnTime      = "review_on_time"
	IndCorrection        = "correction"
	IndEvaluation        = "evaluation"
	IndTraining          = "training"
	IndCertificates      = "certificates"
	IndAnnualReport      = "annual_report"
)

// AssessmentRecordFilter selects the records behind one agency's figure of a year,
// after the row After, at most Limit.
type AssessmentRecordFilter struct {
	AgencyID int64
	Year     int
	Key      string
	After    int64
	Limit    int
}

// AssessmentStore holds the schemes, runs and scored inputs (migration 00041).
type AssessmentStore interface {
	// AddAssessmentScheme saves s as the next version of the bureau's scheme of its year,
	// setting ID, Version and CreatedAt.
	AddAssessmentScheme(ctx context.Context, s *AssessmentScheme) error
	// AssessmentScheme returns the scheme version with the id; LatestAssessmentScheme the
	// bureau's newest of the year (ENOTFOUND without one); AssessmentSchemes all versions
	// of the year, newest first.
	AssessmentScheme(ctx context.Context, id int64) (*AssessmentScheme, error)
	LatestAssessmentScheme(ctx context.Context, agencyID int64, year int) (*AssessmentScheme, error)
	AssessmentSchemes(ctx context.Context, agencyID int64, year int) ([]*AssessmentScheme, error)
	// AddAssessmentRun inserts r; UpdateAssessmentRun saves it if its version is current.
	AddAssessmentRun(ctx context.Context, r *AssessmentRun) error
	UpdateAssessmentRun(ctx context.Context, r *AssessmentRun) error
	AssessmentRun(ctx context.Context, id int64) (*AssessmentRun, error)
	// AssessmentRuns lists the runs of the filter, newest first.
	AssessmentRuns(ctx context.Context, f AssessmentRunFilter) ([]*AssessmentRun, error)
	// PutAssessmentInput inserts or (by agency, year and kind) replaces the input if its
	// version is current.
	PutAssessmentInput(ctx context.Context, in *AssessmentInput) error
	AssessmentInput(ctx context.Context, id int64) (*AssessmentInput, error)
	// AssessmentInputs lists the inputs of a year of the agencies under path.
	AssessmentInputs(ctx context.Context, underPath string, year int) ([]*AssessmentInput, error)
	// AssessmentCounts computes the year's figures of the agencies under f's path, each
	// indicator one grouped query over an index range.
	AssessmentCounts(ctx context.Context, f AssessmentCountFilter) ([]AssessmentCount, error)
	// AssessmentRecords lists the records behind one agency's figure.
	AssessmentRecords(ctx context.Context, f AssessmentCountFilter, r AssessmentRecordFilter) ([]AssessmentRecord, error)
}

// AssessmentRunFilter selects runs: those whose scope lies under UnderPath (a bureau's
// own and its subordinate governments'), or covers the agency path Covering (the runs
// that assess an agency); by Status when set; newest first after the row After.
type AssessmentRunFilter struct {
	UnderPath string
	Covering  string
	Status    AssessmentStatus
	After     int64
	Limit     int
}
