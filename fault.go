package zhifa

import (
	"context"
	"strconv"
	"time"
)

// FaultState is the state of a fault review (过错责任追究, REQUIREMENTS F3).
type FaultState string

// Fault review states.
const (
	FaultOpen    FaultState = "open"    // 调查中
	FaultDecided FaultState = "decided" // 已作出追责决定
)

// Label is the Chinese name of the state.
func (s FaultState) Label() string {
	return map[FaultState]string{FaultOpen: "调查中", FaultDecided: "已决定"}[s]
}

// Roles of a person in the case a fault review examines, from the case's own record.
const (
	FaultRoleHandler  = "handler"  // 承办人员 (the case's officers)
	FaultRoleReviewer = "reviewer" // 法制审核人员 (a review round's reviewer)
	FaultRoleApprover = "approver" // 审批负责人 (the head who approved a decision)
)

// FaultRoleLabel is the Chinese name of a role.
func FaultRoleLabel(role string) string {
	return map[string]string{FaultRoleHandler: "承办人员", FaultRoleReviewer: "法制审核人员", FaultRoleApprover: "审批负责人"}[role]
}

// FaultParty is one person who took part in the case: an officer record (handlers), a
// user (reviewers, approvers) or both when the user has an officer record.
type FaultParty struct {
	Role      string `json:"role"`
	OfficerID int64  `json:"officer_id,omitempty"`
	UserID    int64  `json:"user_id,omitempty"`
	Name      string `json:"name"`
}

// Key identifies the party among the case's candidates ("handler:o12", "reviewer:u7").
func (p FaultParty) Key() string {
	if p.OfficerID > 0 && p.Role == FaultRoleHandler {
		return p.Role + ":o" + strconv.FormatInt(p.OfficerID, 10)
	}
	return p.Role + ":u" + strconv.FormatInt(p.UserID, 10)
}

// FaultReview is one fault-accountability proceeding against a case: opened by the
// justice bureau, or by an outcome that corrects the case's decision (Reason says which),
// and decided by the bureau with the responsible persons, the exemption grounds it
// considered and the sanction.
type FaultReview struct {
	ID          int64        `json:"id"`
	CaseID      int64        `json:"case_id"`
	AgencyID    int64        `json:"agency_id"`
	State       FaultState   `json:"state"`
	Reason      string       `json:"reason"`
	Finding     string       `json:"finding"`
	Responsible []FaultParty `json:"responsible"`
	Grounds     []string     `json:"grounds"`
	Exempt      bool         `json:"exempt"`
	Reasoning   string       `json:"reasoning"`
	Sanction    string       `json:"sanction"`
	OpenedBy    int64        `json:"opened_by"`
	OpenedOn    Date         `json:"opened_on"`
	DecidedBy   int64        `json:"decided_by,omitempty"`
	Decider     string       `json:"decider,omitempty"`
	DecidedOn   Date         `json:"decided_on"`
	Version     int          `json:"version"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// FaultStore persists fault reviews (app/supervision, issue 14).
type FaultStore interface {
	CreateFaultReview(ctx context.Context, f *FaultReview) error
	// UpdateFaultReview saves f when its stored version is still f.Version (then bumps it);
	// ECONFLICT otherwise.
	UpdateFaultReview(ctx context.Context, f *FaultReview) error
	FaultReview(ctx context.Context, id int64) (*FaultReview, error)
	// CaseFaultReviews returns the reviews of a case, oldest first.
	CaseFaultReviews(ctx context.Context, caseID int64) ([]*FaultReview, error)
}
