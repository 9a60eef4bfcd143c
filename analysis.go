package zhifa

import "time"

// Analytic warnings (分析预警, issue 14, REQUIREMENTS D5, H4): problems found in decided
// cases by aggregate rules (law/analysis.go), each with the rule it cites and the records
// it rests on, and the agency's and supervisor's handling of it.

// AnalysisKind is what an analytic warning found.
type AnalysisKind string

// Analytic warning kinds.
const (
	// AnalysisFineOutlier: a decided fine far from the fines of the same item and
	// benchmark level (同案不同罚, law.FineOutlier).
	AnalysisFineOutlier AnalysisKind = "fine_outlier"
	// AnalysisRepeatedEndings: one officer's cases ended with 不予行政处罚 or 撤案 too often
	// within twelve months (law.RepeatedEndings).
	AnalysisRepeatedEndings AnalysisKind = "repeated_endings"
	// AnalysisLongNoPenalty: a case closed with 不予行政处罚 or 撤案 after its decision
	// period had run out (law.LongInvestigation).
	AnalysisLongNoPenalty AnalysisKind = "long_no_penalty"
	// AnalysisOutsideCertificate: an officer of a case acted without a valid certificate
	// covering the item's domain (law.OfficersOutsideCertificate).
	AnalysisOutsideCertificate AnalysisKind = "outside_certificate"
	// AnalysisIdleItem: a catalog item with no case in five years (law.IdleItemYears).
	AnalysisIdleItem AnalysisKind = "idle_item"
	// AnalysisComplaintCluster: complaints clustered on one enterprise, officer or
	// agency within a window (law.ComplaintCluster).
	AnalysisComplaintCluster AnalysisKind = "complaint_cluster"
	// AnalysisMissingReview: a major penalty decision whose case has no passed legal
	// review (law.RuleMissingReview).
	AnalysisMissingReview AnalysisKind = "missing_review"
	// AnalysisMissingAV: a statutory step without its A/V record (law.MandatoryAVSteps).
	AnalysisMissingAV AnalysisKind = "missing_av"
)

// AnalysisState is where the handling of an analytic warning stands.
type AnalysisState string

// Analytic warning states.
const (
	AnalysisOpen      AnalysisState = "open"      // found, not yet handled
	AnalysisExplained AnalysisState = "explained" // the agency gave its reason (说明理由)
	AnalysisRectified AnalysisState = "rectified" // the agency reported its rectification (整改)
	AnalysisEscalated AnalysisState = "escalated" // the supervisor ordered it handled by a deadline (督办)
	AnalysisClosed    AnalysisState = "closed"    // the supervisor closed it (办结)
)

// AnalysisEvidence is one record a warning rests on.
type AnalysisEvidence struct {
	Kind  string `json:"kind"` // "case", "officer", "item" or "complaint"
	ID    int64  `json:"id"`
	Label string `json:"label"` // the case number or the officer's name
}

// AnalysisWarning is one analytic warning. Subject identifies what it is about, so the
// same finding is one warning however often the rule finds it again.
type AnalysisWarning struct {
	ID         int64              `json:"id"`
	Kind       AnalysisKind       `json:"kind"`
	Subject    string             `json:"subject"`
	AgencyID   int64              `json:"agency_id"`
	AgencyPath string             `json:"-"`
	AgencyName string             `json:"agency_name"`
	Rule       string             `json:"rule"`
	Finding    string             `json:"finding"`
	Evidence   []AnalysisEvidence `json:"evidence"`
	State      AnalysisState      `json:"state"`
	// Reason is the agency's explanation or rectification, or the supervisor's note.
	Reason string `json:"reason,omitempty"`
	// Deadline is the due date of a 督办, in working days from its order.
	Deadline  Date      `json:"deadline,omitempty"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// KeepClosed, when storing a finding found again by a periodic run, leaves a closed
	// warning closed (the supervisor closed that very finding); a finding of a new
	// decision reopens it.
	KeepClosed bool `json:"-"`
	// ProblemID is the prominent problem raised from the warning (突出问题清单), 0 for none.
	ProblemID int64 `json:"problem_id,omitempty"`
}

// AnalysisFilter selects a page of analytic warnings, newest first (keyset on ID).
type AnalysisFilter struct {
	UnderPath string
	AgencyID  int64
	Kind      AnalysisKind
	State     AnalysisState
	Before    int64
	Limit     int
}

// FinePeers are the quartiles of the decided fines of one peer group (FinePeerQuery).
type FinePeers struct {
	Count  int   `json:"count"`
	Q1, Q3 int64 `json:"-"`
}

// CaseFine is the decided fine of a case with what makes its peer group (同案不同罚, issue
// 14): the item, the benchmark level applied and the benchmark's issuing agency
// (ScopeID; the case's own agency when it applied no benchmark, law.FinePeerScope).
type CaseFine struct {
	CaseID    int64
	ItemID    int64
	Level     string
	ScopeID   int64
	FineFen   int64
	DecidedOn Date
}

// FinePeerQuery selects the peers of a decided fine: the other fines of the same scope,
// item and level decided on or after Since, the newest Limit of them (law.FinePeerWindow).
type FinePeerQuery struct {
	ScopeID    int64
	ItemID     int64
	Level      string
	Since      Date
	ExceptCase int64
	Limit      int
}

// CaseEnding is one officer's part in a case that ended without a penalty decision.
type CaseEnding struct {
	CaseID    int64
	OfficerID int64
	Outcome   Outcome
	EndedOn   Date
}

// IdleItem is a catalog item with no case filed since a month (law.IdleItemYears).
type IdleItem struct {
	ItemID   int64
	Code     string
	Name     string
	AgencyID int64
	// LastFiled is the month of its last case ("2019-04"), "" when it never had one.
	LastFiled string
}

// ComplaintCluster is a group of complaints about one target received within a window
// (law.ComplaintCluster): the agency handling them, the subject and the target as the
// complainants named it (trimmed).
type ComplaintCluster struct {
	AgencyID int64
	Subject  ComplaintSubject
	Target   string
	Count    int
	// Complaints are the cluster's complaints, newest first, at most the store's bound.
	Complaints []AnalysisEvidence
}

// CaseFinding is a step of a case a periodic rule found: RefID is the record the query
// keys on (the filing or the case event), On the day of the step.
type CaseFinding struct {
	RefID    int64
	CaseID   int64
	Number   string
	AgencyID int64
	On       Date
}
