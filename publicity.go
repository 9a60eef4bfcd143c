package zhifa

import (
	"context"
	"time"
)

// Publication of enforcement decisions (执法公示, REQUIREMENTS C3–C5; issue 13). The rules
// are in law/publicity.go, the use cases in app/publicity.

// Clock kinds of publication: the decision published within its period (C3), a published
// decision withdrawn after it fell (C4).
const (
	ClockPublish  ClockKind = "publish"
	ClockWithdraw ClockKind = "publish_withdraw"
)

// PublicationCategory is what kind of decision a publication is.
type PublicationCategory string

// Publication categories.
const (
	PubPenalty    PublicationCategory = "penalty"    // 行政处罚决定
	PubNoPenalty  PublicationCategory = "no_penalty" // 不予行政处罚决定
	PubCompulsory PublicationCategory = "compulsory" // 行政强制决定
	PubInspection PublicationCategory = "inspection" // 行政检查结果
)

// Label is the Chinese name of the category.
func (c PublicationCategory) Label() string {
	return map[PublicationCategory]string{PubPenalty: "行政处罚", PubNoPenalty: "不予行政处罚",
		PubCompulsory: "行政强制", PubInspection: "行政检查", PubLicence: "行政许可"}[c]
}

// PublicationStatus is where a publication stands.
type PublicationStatus string

// Publication statuses.
const (
	PubQueued    PublicationStatus = "queued"    // 待公示：等待承办人员制作公开版本
	PubPrepared  PublicationStatus = "prepared"  // 待审批：公开版本已制作，等待负责人审批
	PubPublished PublicationStatus = "published" // 已公示
	PubDeclined  PublicationStatus = "declined"  // 依法不予公示
	PubWithdrawn PublicationStatus = "withdrawn" // 已撤回
)

// Label is the Chinese name of the status.
func (s PublicationStatus) Label() string {
	return map[PublicationStatus]string{PubQueued: "待制作", PubPrepared: "待审批", PubPublished: "已公示",
		PubDeclined: "不予公示", PubWithdrawn: "已撤回"}[s]
}

// Redaction is one span the public version removes or masks: the original text, what
// replaces it and why (the rule that found it, or the handler's own mark).
type Redaction struct {
	Kind        string `json:"kind"`
	Original    string `json:"original"`
	Replacement string `json:"replacement"`
}

// Publication is one decision in the agency's publication queue and, once published, on
// the portal. Draft and Redactions are internal (the handler's work, with the original
// spans); PublicText and the fields named Public… are what the portal shows.
type Publication struct {
	ID         int64  `json:"id"`
	AgencyID   int64  `json:"agency_id"`
	AgencyPath string `json:"-"`
	AgencyName string `json:"agency_name"`
	// CaseID is the case whose decision is published, LicenceID the licence decision
	// received (exactly one is set, migration 00046); CaseNumber is the decision's number
	// (a licence's 决定文书号).
	CaseID     int64               `json:"case_id,omitempty"`
	LicenceID  int64               `json:"licence_id,omitempty"`
	CaseNumber string              `json:"case_number"`
	ItemID     int64               `json:"item_id"`
	ItemName   string              `json:"item_name"`
	Category   PublicationCategory `json:"category"`
	Status     PublicationStatus   `json:"status"`
	DecidedOn  Date                `json:"decided_on"`
	Due        Date                `json:"due"`
	// PublicParty is the party as published (a legal person's name, a natural person's
	// surname + 某); PublicCode a legal person's 统一社会信用代码.
	PublicParty string `json:"public_party"`
	PublicCode  string `json:"public_code,omitempty"`
	// Conclusion is the decision's outcome in one line (penalty kinds and amounts).
	Conclusion string      `json:"conclusion"`
	Draft      string      `json:"-"`
	Redactions []Redaction `json:"-"`
	// Secrets are the spans the handler marked as trade secrets to remove.
	Secrets    []string `json:"-"`
	PublicText string   `json:"public_text,omitempty"`
	PreparedBy int64    `json:"-"`
	ApprovedBy int64    `json:"-"`
	// PublishedOn is the publication day; DisplayUntil the last day on the portal
	// (市场监督管理行政处罚信息公示规定第十三条); Entry the ledger index of the publication.
	PublishedOn  Date   `json:"published_on,omitempty"`
	DisplayUntil Date   `json:"display_until,omitempty"`
	Entry        int64  `json:"entry,omitempty"`
	Ground       string `json:"-"` // legal ground of not publishing (law.NoPublishGround)
	GroundReason string `json:"-"`
	// WithdrawDue is the last day to withdraw a publication whose decision fell;
	// WithdrawnOn and WithdrawReason (public) record the withdrawal.
	WithdrawDue    Date   `json:"withdraw_due,omitempty"`
	WithdrawnOn    Date   `json:"withdrawn_on,omitempty"`
	WithdrawReason string `json:"withdraw_reason,omitempty"`
	WithdrawEntry  int64  `json:"withdraw_entry,omitempty"`
	// StopAppliedOn is the day the party applied for the early stop (信用修复, 公示规定
	// 第十四条), StoppedOn the day the head stopped the publication, StopReason why: the
	// decision then leaves the portal and stays in the archive.
	StopAppliedOn Date      `json:"stop_applied_on,omitempty"`
	StoppedOn     Date      `json:"stopped_on,omitempty"`
	StopReason    string    `json:"-"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// PublicityRule is an agency's own publication rule: whether it publishes summary and
// 不予处罚 decisions, shorter periods than the statutory ones (0: the statute's), and the
// fine at or below which a penalty shows for 3 months only (公示规定第十三条第二款).
type PublicityRule struct {
	AgencyID         int64 `json:"agency_id"`
	PublishSummary   bool  `json:"publish_summary"`
	PublishNoPenalty bool  `json:"publish_no_penalty"`
	PenaltyDays      int   `json:"penalty_days"`
	OtherDays        int   `json:"other_days"`
	LowFineFen       int64 `json:"low_fine_fen"`
}

// PublicationFilter selects publications of an agency subtree for the staff queue and
// the portal. Public restricts to what the portal shows on Today (published or withdrawn,
// within the display period). Terms are the search words (bigrams of Chinese, whole tokens else).
type PublicationFilter struct {
	AgencyPath string
	AgencyID   int64
	Status     PublicationStatus
	Public     bool
	Today      Date
	Terms      []string // search words: 案号, party, credit code, agency, item
	From, To   Date
	// After is the keyset cursor: the ID of the last row of the previous page (rows come
	// newest first).
	After int64
	Limit int
}

// PublicationStore keeps the publication queue, the portal's decisions and the agencies'
// publication rules (issue 13).
type PublicationStore interface {
	// AddPublication inserts p; its search terms come from what it publishes.
	AddPublication(ctx context.Context, p *Publication) error
	// UpdatePublication saves p if its Version is current (then increments it);
	// ECONFLICT otherwise.
	UpdatePublication(ctx context.Context, p *Publication) error
	Publication(ctx context.Context, id int64) (*Publication, error)
	PublicationOfCase(ctx context.Context, caseID int64) (*Publication, error)
	Publications(ctx context.Context, f PublicationFilter) ([]*Publication, error)
	// OverduePublications counts, per agency of the subtree, publications not published
	// nor declined whose due date is before today, and published ones whose withdrawal is
	// due before today, oldest first by agency. It reads at most limit entries of each
	// kind: capped reports that there were more, so that each count is a lower bound.
	OverduePublications(ctx context.Context, agencyPath string, today Date, limit int) (counts []OverdueCount, capped bool, err error)
	PublicityRule(ctx context.Context, agencyID int64) (*PublicityRule, error)
	SetPublicityRule(ctx context.Context, r *PublicityRule) error
}

// PublicationEventFilter selects the publications of an agency subtree that were
// published, or withdrawn after publication, on a day of [From, To] (the daily open-data
// files, the credit-system export and the 公告栏 notice; issue 13). Withdrawals adds the
// rows withdrawn within the range (a row withdrawn before it was published never counts);
// Published the rows published within it; LegalPersons keeps only rows with a
// 统一社会信用代码. Rows come oldest first by ID, after the keyset cursor After.
type PublicationEventFilter struct {
	AgencyPath   string
	AgencyID     int64
	From, To     Date
	Published    bool
	Withdrawals  bool
	LegalPersons bool
	After        int64
	Limit        int
}

// OverdueCount is one agency's count of overdue publications (OverduePublications).
type OverdueCount struct {
	AgencyID   int64
	AgencyName string
	Count      int
}
