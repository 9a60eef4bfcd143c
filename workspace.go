package zhifa

import (
	"context"
	"time"
)

// The workspace (issue 12; REQUIREMENTS H1, H4): each person's to-do list (待办) and the
// in-app notifications of what lands on it.

// TodoItem is one entry of a person's to-do list: what to do (Action), on which case,
// by when (Due, zero for no deadline), and the page where it is done (URL).
type TodoItem struct {
	Kind   TodoKind `json:"kind"`
	Title  string   `json:"title"`
	CaseID int64    `json:"case_id,omitempty"`
	Due    Date     `json:"due"`
	Action string   `json:"action"`
	URL    string   `json:"url"`
}

// TodoKind says what kind of work a to-do item is.
type TodoKind string

// To-do kinds.
const (
	TodoCaseStep  TodoKind = "case_step" // the next step of a case the officer handles, with its deadline
	TodoWaiting   TodoKind = "waiting"   // a period of the party (陈述申辩期, 听证申请期): the case waits on them
	TodoApproval  TodoKind = "approval"  // an approval request asked of the head
	TodoOverdue   TodoKind = "overdue"   // the agency's own work past its deadline
	TodoReview    TodoKind = "review"    // a legal review assigned to the reviewer
	TodoFiling    TodoKind = "filing"    // a filing waiting for the justice bureau's review
	TodoWarning   TodoKind = "warning"   // a case warning in the supervisor's scope
	TodoComplaint TodoKind = "complaint" // a public complaint waiting (from a registered TodoSource)
	// TodoEvaluation is a sampled case file to score, or an evaluation's rectification
	// due (案卷评查, from a registered TodoSource).
	TodoEvaluation TodoKind = "evaluation"
	// TodoProblem is an entry of the prominent-problem list to rectify, or a report of
	// its rectification to accept (突出问题清单, from a registered TodoSource).
	TodoProblem TodoKind = "problem"
	// TodoAssessment is an assessment run awaiting the bureau head's approval, or the
	// agency's self-check due (评议考核, from a registered TodoSource).
	TodoAssessment TodoKind = "assessment"
)

// Label is the Chinese name of the kind.
func (k TodoKind) Label() string {
	return map[TodoKind]string{TodoCaseStep: "办案期限", TodoWaiting: "等待当事人", TodoApproval: "待我审批",
		TodoOverdue: "本机关逾期事项", TodoReview: "待我审核", TodoFiling: "待审查备案", TodoWarning: "案件预警",
		TodoComplaint: "待处理投诉举报", TodoEvaluation: "案卷评查", TodoProblem: "突出问题整改", TodoAssessment: "评议考核"}[k]
}

// NotificationKind says what landed on a person's list.
type NotificationKind string

// Notification kinds.
const (
	NotifyApprovalRequested NotificationKind = "approval_requested" // a handler asks the head to approve a step
	NotifyApprovalDecided   NotificationKind = "approval_decided"   // the head approved or rejected the request
	NotifyReviewAssigned    NotificationKind = "review_assigned"    // a case submitted for legal review to the reviewer
	NotifyReviewOpinion     NotificationKind = "review_opinion"     // the reviewer's opinion, to the submitter
	NotifyDeadlineTomorrow  NotificationKind = "deadline_tomorrow"  // a case clock of the officer falls due tomorrow
)

// Label is the Chinese name of the kind.
func (k NotificationKind) Label() string {
	return map[NotificationKind]string{NotifyApprovalRequested: "审批请求", NotifyApprovalDecided: "审批结果",
		NotifyReviewAssigned: "法制审核任务", NotifyReviewOpinion: "法制审核意见", NotifyDeadlineTomorrow: "明日到期"}[k]
}

// Notification is one in-app notification of a user. Key names the event it reports; a
// user has at most one notification per key, so writing it again changes nothing.
type Notification struct {
	ID        int64            `json:"id"`
	UserID    int64            `json:"-"`
	Kind      NotificationKind `json:"kind"`
	Key       string           `json:"-"`
	Title     string           `json:"title"`
	CaseID    int64            `json:"case_id,omitempty"`
	URL       string           `json:"url"`
	CreatedAt time.Time        `json:"created_at"`
	ReadAt    *time.Time       `json:"read_at,omitempty"`
}

// NotificationFilter selects a user's notifications, newest first.
type NotificationFilter struct {
	UserID int64
	Unread bool
	// AfterID pages by keyset: the notifications with a smaller ID (0: from the newest).
	AfterID int64
	Page
}

// ClockQuery selects running (not done, not paused) case clocks through the index of
// running clocks (case_clocks), most urgent first: due on or before To (and on or after
// From when set), of the kinds (nil: any), of the cases an officer handles or of the
// agencies under a path. After continues a listing after the clock with that key.
type ClockQuery struct {
	UnderPath string
	OfficerID int64
	Kinds     []ClockKind
	// NotKinds excludes kinds (the party's periods from the agency's own work).
	NotKinds []ClockKind
	From, To Date
	After    *DueClock
	Limit    int
}

// DueClock is one running clock of a case, as the index holds it.
type DueClock struct {
	CaseID int64
	Kind   ClockKind
	Due    Date
}

// ReviewQueueFilter selects a page of a reviewer's rounds: pending ones by due date (the
// most urgent first, keyset on due date and ID), or the others (finished: answered,
// passed, disputed, superseded) newest first (keyset on ID).
type ReviewQueueFilter struct {
	ReviewerID int64
	Finished   bool
	AfterID    int64
	AfterDue   Date
	Limit      int
}

// WorkspaceStore holds the notifications and the indexed reads of the to-do list.
type WorkspaceStore interface {
	// AddNotification stores n (setting ID) unless its user already has one with its
	// Key; it reports whether it was added.
	AddNotification(ctx context.Context, n *Notification) (bool, error)
	// Notifications returns one page of the user's notifications, newest first, and
	// their count up to CountCap+1.
	Notifications(ctx context.Context, f NotificationFilter) ([]*Notification, int, error)
	// UnreadNotifications counts the user's unread notifications, up to CountCap+1.
	UnreadNotifications(ctx context.Context, userID int64) (int, error)
	// MarkNotificationRead marks the user's notification read (once); a notification of
	// another user, or none, is ENOTFOUND.
	MarkNotificationRead(ctx context.Context, userID, id int64, at time.Time) error
	// MarkAllNotificationsRead marks every unread notification of the user read.
	MarkAllNotificationsRead(ctx context.Context, userID int64, at time.Time) error
	// DueClocks returns the running clocks matching q, by due date, case and kind, at
	// most q.Limit.
	DueClocks(ctx context.Context, q ClockQuery) ([]DueClock, error)
	// UsersOfOfficers returns the enabled accounts linked to the officers.
	UsersOfOfficers(ctx context.Context, officerIDs []int64) ([]*User, error)
	// ReviewQueuePage returns one page of the reviewer's rounds (ReviewQueueFilter).
	ReviewQueuePage(ctx context.Context, f ReviewQueueFilter) ([]*ReviewRound, error)
}

// TodoSource adds the to-do items of another bounded context for the actor of ctx (the
// supervision context's complaints waiting, for instance): it checks the actor's role
// and scope itself and returns at most a page of the most urgent items.
type TodoSource func(ctx context.Context) ([]TodoItem, error)
