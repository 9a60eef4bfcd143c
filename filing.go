package zhifa

import (
	"context"
	"time"
)

// FilingKind is the kind of decision filed with the justice bureau (备案审查, REQUIREMENTS
// F6): major penalty decisions, administrative licences and compulsory measures; and the
// rules an agency sets itself (REQUIREMENTS B3, B4): every new version of a discretion
// benchmark and every change of its own four-list entries.
type FilingKind string

// Filing kinds.
const (
	FilingPenalty    FilingKind = "penalty"    // 重大行政处罚决定
	FilingCompulsory FilingKind = "compulsory" // 行政强制措施
	FilingLicence    FilingKind = "licence"    // 行政许可决定
	FilingBenchmark  FilingKind = "benchmark"  // 裁量基准（新版本）
	FilingList       FilingKind = "list"       // 四张清单条目（新增或修改）
)

// FilingKinds lists the kinds in display order.
var FilingKinds = []FilingKind{FilingPenalty, FilingCompulsory, FilingLicence, FilingBenchmark, FilingList}

// Label is the Chinese name of the kind.
func (k FilingKind) Label() string {
	return map[FilingKind]string{FilingPenalty: "重大行政处罚", FilingCompulsory: "行政强制措施", FilingLicence: "行政许可",
		FilingBenchmark: "裁量基准", FilingList: "四张清单"}[k]
}

// OfRule reports whether the kind files a rule (benchmark or list entry), not a case.
func (k FilingKind) OfRule() bool { return k == FilingBenchmark || k == FilingList }

// Valid reports whether k is a known kind.
func (k FilingKind) Valid() bool { return k.Label() != "" }

// FilingStatus is where the justice bureau's review of a filing stands.
type FilingStatus string

// Filing statuses.
const (
	FilingFiled      FilingStatus = "filed"      // 已备案，待审查
	FilingReviewed   FilingStatus = "reviewed"   // 已审查
	FilingCorrection FilingStatus = "correction" // 责令纠正
)

// Label is the Chinese name of the status.
func (s FilingStatus) Label() string {
	return map[FilingStatus]string{FilingFiled: "待审查", FilingReviewed: "已审查", FilingCorrection: "责令纠正"}[s]
}

// Valid reports whether s is a known status.
func (s FilingStatus) Valid() bool { return s.Label() != "" }

// Filing is one decision filed with the justice bureau of the government the deciding
// agency belongs to (备案). It is created with the decision, in its transaction, and
// keeps a snapshot of what was decided; the bureau's supervisors review it. A rule filing
// (Kind.OfRule) has no case: it names the benchmark or list entry and the version filed.
type Filing struct {
	ID         int64  `json:"id"`
	CaseID     int64  `json:"case_id,omitempty"`     // 0 for rule filings
	CaseNumber string `json:"case_number,omitempty"` // "" for rule filings
	// SubjectID is the benchmark or list entry filed, SubjectRef its item code or entry key,
	// SubjectVersion the version filed (rule filings only).
	SubjectID      int64      `json:"subject_id,omitempty"`
	SubjectRef     string     `json:"subject_ref,omitempty"`
	SubjectVersion int        `json:"subject_version,omitempty"`
	AgencyID       int64      `json:"agency_id"`
	Kind           FilingKind `json:"kind"`
	// ToAgencyID is the justice bureau filed with (0 when the government has none with a
	// supervisor account yet; the filing is then visible to the supervisors in scope).
	ToAgencyID int64 `json:"to_agency_id,omitempty"`
	// Reasons say why the decision is filed (the major-decision reasons, or the kind).
	Reasons []string `json:"reasons"`
	// Summary is the decision as decided: penalties, amounts, disposal.
	Summary   string       `json:"summary"`
	DecidedOn Date         `json:"decided_on"`
	Due       Date         `json:"due"` // filing deadline
	FiledAt   time.Time    `json:"filed_at"`
	Status    FilingStatus `json:"status"`
	Remark    string       `json:"remark,omitempty"`
	// Reviewer and ReviewedAt name the supervisor who last reviewed it.
	ReviewerID int64      `json:"reviewer_id,omitempty"`
	Reviewer   string     `json:"reviewer,omitempty"`
	ReviewedAt *time.Time `json:"reviewed_at,omitempty"`
	Version    int        `json:"version"`
}

// Late reports whether the filing was made after its deadline.
func (f *Filing) Late() bool { return DateOf(f.FiledAt).After(f.Due) }

// FilingEvent is one review act on a filing (已审查 or 责令纠正), kept forever.
type FilingEvent struct {
	ID       int64        `json:"id"`
	FilingID int64        `json:"filing_id"`
	At       time.Time    `json:"at"`
	ActorID  int64        `json:"actor_id"`
	Actor    string       `json:"actor"`
	Status   FilingStatus `json:"status"`
	Remark   string       `json:"remark"`
}

// FilingFilter selects filings, newest first.
type FilingFilter struct {
	UnderPath string // agency subtree of the filing agency
	AgencyID  int64
	Kind      FilingKind // "" for every kind
	// SubjectID with Kind selects the filings of one benchmark or list entry.
	SubjectID int64
	Status    FilingStatus // "" for every status
	// Late selects the filings made after their deadline.
	Late bool
	// Unreviewed selects the filings the justice bureau has not marked 已审查.
	Unreviewed bool
	// AfterID pages by keyset: the filings with a smaller ID (0: from the newest).
	// Page.Offset is ignored; Page.Limit bounds the page.
	AfterID int64
	Page
}

// FilingStore persists filings and their review history.
type FilingStore interface {
	// CreateFiling inserts f, setting ID and Version 1.
	CreateFiling(ctx context.Context, f *Filing) error
	// UpdateFiling saves the review fields of f if f.Version is the stored one (else
	// ECONFLICT) and increments f.Version.
	UpdateFiling(ctx context.Context, f *Filing) error
	Filing(ctx context.Context, id int64) (*Filing, error)
	// CaseFilings returns the filings of a case, oldest first.
	CaseFilings(ctx context.Context, caseID int64) ([]*Filing, error)
	// Filings returns one page of matching filings and the total count.
	Filings(ctx context.Context, f FilingFilter) ([]*Filing, int, error)
	AddFilingEvent(ctx context.Context, e *FilingEvent) error
	// FilingEvents returns the review history of a filing, oldest first.
	FilingEvents(ctx context.Context, filingID int64) ([]*FilingEvent, error)
}
