package zhifa

import (
	"context"
	"time"
)

// ApprovalStatus is where an approval request stands. A pending request whose case has
// changed since it was filed is void (ApprovalVoid): that status is derived from the case
// version, never stored.
type ApprovalStatus string

// Approval statuses.
const (
	ApprovalPending  ApprovalStatus = "pending"
	ApprovalApproved ApprovalStatus = "approved"
	ApprovalRejected ApprovalStatus = "rejected"
	ApprovalVoid     ApprovalStatus = "void"
)

// Label is the Chinese name of the status.
func (s ApprovalStatus) Label() string {
	return map[ApprovalStatus]string{ApprovalPending: "待审批", ApprovalApproved: "已批准", ApprovalRejected: "已驳回", ApprovalVoid: "已失效"}[s]
}

// Valid reports whether s is a known status.
func (s ApprovalStatus) Valid() bool { return s.Label() != "" }

// ApprovalRequest is a handler's request that a head (机关负责人) take a step reserved to
// the head (issue 9 §1): the step, its input, the case version and a hash of the case
// content it approves, who asked (from the requester's session) and whom. ApproverID names
// whom to ask; DecidedBy is who decided, from the decider's own session.
type ApprovalRequest struct {
	ID          int64          `json:"id"`
	CaseID      int64          `json:"case_id"`
	AgencyID    int64          `json:"agency_id"`
	Action      Action         `json:"action"`
	Input       string         `json:"input"` // the step's input, JSON
	CaseVersion int            `json:"case_version"`
	Snapshot    string         `json:"snapshot"` // SHA-256 of the case content approved
	RequesterID int64          `json:"requester_id"`
	Requester   string         `json:"requester"`
	ApproverID  int64          `json:"approver_id"`
	Status      ApprovalStatus `json:"status"`
	DecidedBy   int64          `json:"decided_by,omitempty"`
	Decider     string         `json:"decider,omitempty"`
	DecidedAt   *time.Time     `json:"decided_at,omitempty"`
	Opinion     string         `json:"opinion,omitempty"` // the approver's opinion or the reason of a rejection
	CreatedAt   time.Time      `json:"created_at"`
	// CurrentVersion is the case's version when read; a pending request is void when it
	// differs from CaseVersion. CaseNumber, CaseKind and CaseProcedure are read with it,
	// so that a list needs no query per row.
	CurrentVersion int       `json:"-"`
	CaseNumber     string    `json:"-"`
	CaseKind       CaseKind  `json:"-"`
	CaseProcedure  Procedure `json:"-"`
}

// Effective is the status with a pending request on a changed case shown as void.
func (r *ApprovalRequest) Effective() ApprovalStatus {
	if r.Status == ApprovalPending && r.CurrentVersion != 0 && r.CurrentVersion != r.CaseVersion {
		return ApprovalVoid
	}
	return r.Status
}

// ApprovalFilter selects approval requests, newest first. Status "pending" selects the
// live pending ones, "void" the pending ones whose case changed.
type ApprovalFilter struct {
	AgencyID   int64
	ApproverID int64
	CaseID     int64
	Status     ApprovalStatus
	// AfterID pages by keyset: the requests with a smaller ID (0: from the newest).
	// Page.Offset is ignored; Page.Limit bounds the page.
	AfterID int64
	Page
}

// Delegation names a deputy (指定负责人 / 分管负责人) who approves in place of the head
// of the agency from From to To inclusive, unless revoked.
type Delegation struct {
	ID        int64      `json:"id"`
	AgencyID  int64      `json:"agency_id"`
	HeadID    int64      `json:"head_id"`
	Head      string     `json:"head"`
	DeputyID  int64      `json:"deputy_id"`
	Deputy    string     `json:"deputy"`
	From      Date       `json:"from"`
	To        Date       `json:"to"`
	Reason    string     `json:"reason,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// ActiveOn reports whether the delegation lets its deputy approve on day.
func (d *Delegation) ActiveOn(day Date) bool {
	return d.RevokedAt == nil && !day.Before(d.From) && !day.After(d.To)
}

// ApprovalStore keeps approval requests and delegations (migration 00015).
type ApprovalStore interface {
	CreateApprovalRequest(ctx context.Context, r *ApprovalRequest) error
	// DecideApprovalRequest saves the decision of a pending request; a request no longer
	// pending is ECONFLICT.
	DecideApprovalRequest(ctx context.Context, r *ApprovalRequest) error
	ApprovalRequest(ctx context.Context, id int64) (*ApprovalRequest, error)
	ApprovalRequests(ctx context.Context, f ApprovalFilter) ([]*ApprovalRequest, int, error)
	CreateDelegation(ctx context.Context, d *Delegation) error
	RevokeDelegation(ctx context.Context, id int64, at time.Time) error
	Delegation(ctx context.Context, id int64) (*Delegation, error)
	// Delegations lists an agency's delegations, newest first.
	Delegations(ctx context.Context, agencyID int64) ([]*Delegation, error)
}
