package zhifa

import (
	"context"
	"time"
)

// Legal review of major enforcement decisions (重大执法决定法制审核, REQUIREMENTS E1–E6, B5).

// MajorRule is one clause of a major-decision catalog (重大执法决定法制审核目录清单, E3/B5).
// A rule matches a case when every condition it sets holds; an empty condition does not
// restrict. Amount thresholds differ for persons and organizations: the rule's amount
// condition holds when the proposed fine or the value confiscated reaches a threshold set
// for the kind of one of the parties.
type MajorRule struct {
	// Clause cites the catalog clause, e.g. "第二条第（三）项".
	Clause string `json:"clause"`
	// Label says in words what the clause covers.
	Label     string     `json:"label"`
	Kinds     []CaseKind `json:"kinds,omitempty"`
	Domains   []string   `json:"domains,omitempty"`
	Items     []string   `json:"items,omitempty"` // item codes
	Penalties []string   `json:"penalties,omitempty"`
	// Thresholds in fen; 0 sets none.
	PersonFineFen  int64 `json:"person_fine_fen,omitempty"`
	OrgFineFen     int64 `json:"org_fine_fen,omitempty"`
	PersonValueFen int64 `json:"person_value_fen,omitempty"`
	OrgValueFen    int64 `json:"org_value_fen,omitempty"`
	// Hearing: the rule needs a hearing held.
	Hearing bool `json:"hearing,omitempty"`
	// Flags: the rule needs one of these handler flags (Proposal.Flags).
	Flags []string `json:"flags,omitempty"`
}

// MajorCatalog is one version of an agency's major-decision catalog with its review
// settings. Template marks a catalog its subordinate agencies adopt; an adopted catalog
// names the template version it is based on and may only tighten it (law.CheckCatalog).
// Versions are append-only: every change is a new version.
type MajorCatalog struct {
	ID           int64       `json:"id"`
	AgencyID     int64       `json:"agency_id"`
	Version      int         `json:"version"`
	Template     bool        `json:"template"`
	BaseAgencyID int64       `json:"base_agency_id,omitempty"`
	BaseVersion  int         `json:"base_version,omitempty"`
	Rules        []MajorRule `json:"rules"`
	// Materials are the codes of the materials a submission must carry (law.Materials).
	Materials []string `json:"materials"`
	// ReviewDays is the review time limit in working days (default law.ReviewDays).
	ReviewDays int       `json:"review_days"`
	Note       string    `json:"note,omitempty"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// MajorReason is one reason a case is major, with its source clause.
type MajorReason struct {
	// Source is "statute" (行政处罚法第五十八条, 国办发〔2018〕118号), "catalog" or "handler".
	Source string `json:"source"`
	Clause string `json:"clause"`
	Text   string `json:"text"`
}

// ReviewPool is a group of reviewers (legal advisors, public-sector lawyers) shared by
// several agencies (E2, 国办发〔2018〕118号 (十一)).
type ReviewPool struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	AgencyID  int64     `json:"agency_id"` // the agency that keeps the pool
	Agencies  []int64   `json:"agencies"`  // the agencies it serves
	Reviewers []int64   `json:"reviewers"` // user IDs (role reviewer)
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Review round statuses.
const (
	ReviewPending    = "pending"    // submitted, waiting for the opinion
	ReviewProblems   = "problems"   // opinion: problems found; back to the handler
	ReviewDisputed   = "disputed"   // the handler refused the opinion; the head coordinates
	ReviewDiscussion = "discussion" // coordination sent it to collective discussion (E6)
	ReviewPassed     = "passed"     // opinion agree, or adopted by collective discussion
	ReviewSuperseded = "superseded" // a later round replaced it
)

// ReviewState summarizes a case's legal review on the case (CaseState.Review), for gates.
type ReviewState struct {
	Round      int    `json:"round"`
	Status     string `json:"status"`
	ReviewerID int64  `json:"reviewer_id"`
	Due        Date   `json:"due,omitempty"`
	// PassedRevision is the proposal revision the passed round reviewed.
	PassedRevision int `json:"passed_revision,omitempty"`
	// ApprovedBy and ApprovedRevision record the head's approval (审批) after the pass.
	ApprovedBy       int64 `json:"approved_by,omitempty"`
	ApprovedRevision int   `json:"approved_revision,omitempty"`
	// Reviewers are every reviewer of the case so far (E5).
	Reviewers []int64 `json:"reviewers,omitempty"`
}

// ReviewSnapshot is what a round reviewed: the proposal, the facts, the materials.
type ReviewSnapshot struct {
	Proposal  *Proposal        `json:"proposal,omitempty"`
	Facts     string           `json:"facts"`
	Materials []ReviewMaterial `json:"materials"`
	Major     []MajorReason    `json:"major"`
}

// ReviewMaterial is one submitted material: its checklist code and the case record.
type ReviewMaterial struct {
	Code     string `json:"code"`
	Label    string `json:"label"`
	RecordID int64  `json:"record_id,omitempty"`
	Title    string `json:"title"`
}

// ReviewChange is one difference between a round and the one before it.
type ReviewChange struct {
	Field  string `json:"field"`
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// ReviewFinding is the reviewer's finding on one review point (E4).
type ReviewFinding struct {
	Point string `json:"point"`
	OK    bool   `json:"ok"`
	Note  string `json:"note,omitempty"`
}

// ReviewProblem is one problem an opinion lists, and the handler's answer in the next round.
type ReviewProblem struct {
	Point  string `json:"point,omitempty"`
	Text   string `json:"text"`
	Answer string `json:"answer,omitempty"`
}

// DiscussionView is one attendee's view in a collective discussion.
type DiscussionView struct {
	Name string `json:"name"`
	// View is "proposal" (adopt the handler's proposal) or "opinion" (uphold the review
	// opinion).
	View string `json:"view"`
	Note string `json:"note,omitempty"`
}

// Discussion is the record of a collective discussion by the agency's heads (E6, 行政处罚法
// 第五十七条第二款). Conclusion is "proposal" or "opinion"; AgainstMajority is set, with
// Reason, when the presiding head concluded against the majority of views.
type Discussion struct {
	Held            Date             `json:"held"`
	Presider        string           `json:"presider"`
	Attendees       []DiscussionView `json:"attendees"`
	Conclusion      string           `json:"conclusion"`
	AgainstMajority bool             `json:"against_majority,omitempty"`
	Reason          string           `json:"reason,omitempty"`
}

// ReviewRound is one round of the legal review of a case: the submission, the opinion,
// and, if the handler refused the opinion, the coordination and the discussion. Rounds are
// kept forever.
type ReviewRound struct {
	ID          int64          `json:"id"`
	CaseID      int64          `json:"case_id"`
	AgencyID    int64          `json:"agency_id"`
	Round       int            `json:"round"`
	Status      string         `json:"status"`
	ReviewerID  int64          `json:"reviewer_id"`
	Reviewer    string         `json:"reviewer"`
	SubmitterID int64          `json:"submitter_id"`
	Submitter   string         `json:"submitter"`
	SubmittedOn Date           `json:"submitted_on"`
	DueOn       Date           `json:"due_on"`
	Snapshot    ReviewSnapshot `json:"snapshot"`
	Changes     []ReviewChange `json:"changes,omitempty"`
	// Answers are the handler's answers to the previous round's problems.
	Answers  []ReviewProblem `json:"answers,omitempty"`
	Findings []ReviewFinding `json:"findings,omitempty"`
	// Opinion is "agree" or "problems" once given.
	Opinion     string          `json:"opinion,omitempty"`
	OpinionText string          `json:"opinion_text,omitempty"`
	Problems    []ReviewProblem `json:"problems,omitempty"`
	OpinionOn   Date            `json:"opinion_on,omitempty"`
	// Refusal is the handler's reason for not accepting the opinion.
	Refusal string `json:"refusal,omitempty"`
	// Coordination is the head's coordination (协调) of a refused opinion.
	Coordinator  string      `json:"coordinator,omitempty"`
	Coordination string      `json:"coordination,omitempty"`
	Discussion   *Discussion `json:"discussion,omitempty"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
}

// ReviewStore persists major-decision catalogs, reviewer pools and review rounds.
type ReviewStore interface {
	// AddMajorCatalog stores c as the next version of its agency's catalog: c.Version must
	// be the current version plus one (else ECONFLICT). Sets ID and CreatedAt.
	AddMajorCatalog(ctx context.Context, c *MajorCatalog) error
	// MajorCatalog returns a version of the agency's catalog; version 0 is the latest.
	// ENOTFOUND when there is none.
	MajorCatalog(ctx context.Context, agencyID int64, version int) (*MajorCatalog, error)
	// MajorCatalogs returns every version of the agency's catalog, newest first.
	MajorCatalogs(ctx context.Context, agencyID int64) ([]*MajorCatalog, error)

	// CreateReviewPool inserts p with Version 1.
	CreateReviewPool(ctx context.Context, p *ReviewPool) error
	// UpdateReviewPool saves p if p.Version is current (else ECONFLICT), incrementing it.
	UpdateReviewPool(ctx context.Context, p *ReviewPool) error
	ReviewPool(ctx context.Context, id int64) (*ReviewPool, error)
	// ReviewPools returns every pool, by ID.
	ReviewPools(ctx context.Context) ([]*ReviewPool, error)

	// AddReviewRound inserts a round (unique per case and round number).
	AddReviewRound(ctx context.Context, r *ReviewRound) error
	// UpdateReviewRound saves the round's status, reviewer and data.
	UpdateReviewRound(ctx context.Context, r *ReviewRound) error
	// ReviewRounds returns the rounds of a case, oldest first.
	ReviewRounds(ctx context.Context, caseID int64) ([]*ReviewRound, error)
	// ReviewQueue returns the rounds assigned to the reviewer with one of the statuses,
	// by due date.
	ReviewQueue(ctx context.Context, reviewerID int64, statuses ...string) ([]*ReviewRound, error)
	// ReviewsGiven counts the rounds in which the reviewer gave an opinion.
	ReviewsGiven(ctx context.Context, reviewerID int64) (int, error)
	// ReviewerAssigned reports whether the user is or was the reviewer of a round of the case.
	ReviewerAssigned(ctx context.Context, caseID, userID int64) (bool, error)
}
