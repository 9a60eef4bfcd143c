package zhifa

import (
	"context"
	"time"
)

// Social supervision (社会监督, issue 14, REQUIREMENTS F5; app/supervision, migration
// 00043): the people the justice bureau appoints as social supervisors (社会监督员), the
// cases it assigns them to accompany, and their remarks (伴随执法 notes) against agencies
// or cases with the agencies' replies.

// RoleSocialSupervisor is the narrow role of an appointed social supervisor's account:
// they log in and record remarks while their appointment runs, nothing else.
const RoleSocialSupervisor Role = "social_supervisor"

// SocialSupervisor is one appointment by a justice bureau: the person, their work unit
// and contact (personal data: the phone is encrypted at rest and masked in lists), the
// account they act through, the term, and the dismissal that ends it early.
type SocialSupervisor struct {
	ID         int64  `json:"id"`
	AgencyID   int64  `json:"agency_id"` // the appointing justice bureau
	AgencyName string `json:"agency_name"`
	AgencyPath string `json:"-"`
	UserID     int64  `json:"user_id"`
	Name       string `json:"name"`
	WorkUnit   string `json:"work_unit"`
	Phone      string `json:"phone"`
	TermFrom   Date   `json:"term_from"`
	TermTo     Date   `json:"term_to"`
	// OnRoster lists the supervisor (name and work unit only) on the portal's roster.
	OnRoster      bool      `json:"on_roster"`
	DismissedOn   Date      `json:"dismissed_on,omitempty"`
	DismissReason string    `json:"dismiss_reason,omitempty"`
	CreatedBy     int64     `json:"created_by"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
}

// ActiveOn reports whether the appointment runs on day: within the term, not dismissed
// on or before it.
func (s *SocialSupervisor) ActiveOn(day Date) bool {
	if !s.DismissedOn.IsZero() && !day.Before(s.DismissedOn) {
		return false
	}
	return !day.Before(s.TermFrom) && !day.After(s.TermTo)
}

// AccompanyCase is a case the bureau assigned a social supervisor to accompany.
type AccompanyCase struct {
	SupervisorID int64  `json:"supervisor_id"`
	CaseID       int64  `json:"case_id"`
	CaseNumber   string `json:"case_number"`
	AgencyID     int64  `json:"agency_id"`
	AgencyName   string `json:"agency_name"`
	AssignedBy   int64  `json:"assigned_by"`
	AssignedOn   Date   `json:"assigned_on"`
}

// SocialRemark is a social supervisor's remark on an agency's enforcement, made while
// accompanying it on a day, optionally about one of the cases assigned to them, with
// the agency's reply.
type SocialRemark struct {
	ID             int64     `json:"id"`
	SupervisorID   int64     `json:"supervisor_id"`
	SupervisorName string    `json:"supervisor_name"`
	AgencyID       int64     `json:"agency_id"`
	AgencyName     string    `json:"agency_name"`
	AgencyPath     string    `json:"-"`
	CaseID         int64     `json:"case_id,omitempty"`
	CaseNumber     string    `json:"case_number,omitempty"`
	AccompaniedOn  Date      `json:"accompanied_on"`
	Text           string    `json:"text"`
	Reply          string    `json:"reply,omitempty"`
	RepliedBy      int64     `json:"replied_by,omitempty"`
	RepliedOn      Date      `json:"replied_on,omitempty"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`

	// ProblemID is the prominent problem the justice bureau raised from the remark
	// (突出问题清单, migration 00048), 0 for none.
	ProblemID int64 `json:"problem_id,omitempty"`
}

// SocialRemarkFile is a photo or file a social supervisor attached to a remark, stored
// as a blob (migration 00048); only the staff who see the remark read it.
type SocialRemarkFile struct {
	ID        int64     `json:"id"`
	RemarkID  int64     `json:"remark_id"`
	Name      string    `json:"name"`
	MIME      string    `json:"mime"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	SM3       string    `json:"sm3"`
	CreatedAt time.Time `json:"created_at"`
}

// SocialRemarkFilter selects appointments, newest first (ID < Before): a bureau's,
// or those on a roster running on a day.
type SocialSupervisorFilter struct {
	AgencyID int64
	// RosterOn keeps the appointments on the roster whose term covers the day and that
	// are not dismissed by it.
	RosterOn Date
	Before   int64
	Limit    int
}

// SocialRemarkFilter selects remarks, newest first (ID < Before): a supervisor's own,
// an agency's, or those about agencies under a path; Unanswered keeps those without a
// reply.
type SocialRemarkFilter struct {
	SupervisorID int64
	AgencyID     int64
	UnderPath    string
	Unanswered   bool
	Before       int64
	Limit        int
}

// SocialSupervisionStore holds the appointments, assignments and remarks (migration
// 00043).
type SocialSupervisionStore interface {
	// CreateSocialSupervisor inserts s, setting ID, Version and CreatedAt.
	CreateSocialSupervisor(ctx context.Context, s *SocialSupervisor) error
	// DismissSocialSupervisor saves the dismissal if s.Version is the stored one (else
	// ECONFLICT) and increments it.
	DismissSocialSupervisor(ctx context.Context, s *SocialSupervisor) error
	SocialSupervisor(ctx context.Context, id int64) (*SocialSupervisor, error)
	// SocialSupervisorOfUser returns the newest appointment of the account; ENOTFOUND
	// without one.
	SocialSupervisorOfUser(ctx context.Context, userID int64) (*SocialSupervisor, error)
	SocialSupervisors(ctx context.Context, f SocialSupervisorFilter) ([]*SocialSupervisor, error)
	// AssignAccompanyCase assigns the case; assigning it again is ECONFLICT.
	AssignAccompanyCase(ctx context.Context, a *AccompanyCase) error
	// AccompanyCases lists the cases assigned to the supervisor, newest first.
	AccompanyCases(ctx context.Context, supervisorID int64) ([]*AccompanyCase, error)
	// CreateSocialRemark inserts r, setting ID, Version and CreatedAt.
	CreateSocialRemark(ctx context.Context, r *SocialRemark) error
	// ReplySocialRemark saves the reply if r.Version is the stored one (else ECONFLICT)
	// and increments it.
	ReplySocialRemark(ctx context.Context, r *SocialRemark) error
	SocialRemark(ctx context.Context, id int64) (*SocialRemark, error)
	SocialRemarks(ctx context.Context, f SocialRemarkFilter) ([]*SocialRemark, error)
}

// SocialRemarkExtraStore links remarks to the problems raised from them and keeps their
// attachments (migration 00048).
type SocialRemarkExtraStore interface {
	// SetSocialRemarkProblem records the problem raised from the remark: ECONFLICT when
	// one was recorded already, ENOTFOUND without the remark.
	SetSocialRemarkProblem(ctx context.Context, remarkID, problemID int64) error
	// AddSocialRemarkFile records an attachment, setting ID and CreatedAt.
	AddSocialRemarkFile(ctx context.Context, f *SocialRemarkFile) error
	// SocialRemarkFiles lists a remark's attachments in order.
	SocialRemarkFiles(ctx context.Context, remarkID int64) ([]*SocialRemarkFile, error)
}
