package zhifa

import (
	"context"
	"time"
)

// Complaints and reports from the public (投诉举报, REQUIREMENTS F5) and the outcomes of
// reconsideration and litigation against decisions (行政复议、行政诉讼, F7, I3): the
// supervision context (app/supervision).

// ComplaintKind says whether a matter is a complaint (投诉: a dispute the complainant asks
// the agency to resolve) or a report (举报: a lead on a violation), 暂行办法第三条.
type ComplaintKind string

// Complaint kinds.
const (
	ComplaintKindComplaint ComplaintKind = "complaint" // 投诉
	ComplaintKindReport    ComplaintKind = "report"    // 举报
)

// Label is the Chinese name of the kind.
func (k ComplaintKind) Label() string {
	return map[ComplaintKind]string{ComplaintKindComplaint: "投诉", ComplaintKindReport: "举报"}[k]
}

// Valid reports whether k is a known kind.
func (k ComplaintKind) Valid() bool { return k.Label() != "" }

// ComplaintSubject says what a matter is about: an enterprise's violation, or the conduct
// of an officer or agency (执法监督投诉, handled by the justice bureau).
type ComplaintSubject string

// Complaint subjects.
const (
	ComplaintAboutEnterprise ComplaintSubject = "enterprise" // 经营者违法行为
	ComplaintAboutConduct    ComplaintSubject = "conduct"    // 执法人员或执法机关的执法行为
)

// Label is the Chinese name of the subject.
func (s ComplaintSubject) Label() string {
	return map[ComplaintSubject]string{ComplaintAboutEnterprise: "经营者违法行为", ComplaintAboutConduct: "执法行为（执法监督）"}[s]
}

// Valid reports whether s is a known subject.
func (s ComplaintSubject) Valid() bool { return s.Label() != "" }

// ComplaintChannel is where a matter came in (暂行办法第八条, 第三十六条).
type ComplaintChannel string

// Complaint channels.
const (
	ChannelPortal ComplaintChannel = "portal" // 门户网站
	Channel12345  ComplaintChannel = "12345"  // 12345政务服务便民热线
	Channel12315  ComplaintChannel = "12315"  // 全国12315平台
	ChannelPhone  ComplaintChannel = "phone"  // 电话
	ChannelLetter ComplaintChannel = "letter" // 信函
	ChannelVisit  ComplaintChannel = "visit"  // 来访
	ChannelOther  ComplaintChannel = "other"  // 其他
)

// Label is the Chinese name of the channel.
func (c ComplaintChannel) Label() string {
	return map[ComplaintChannel]string{ChannelPortal: "门户网站", Channel12345: "12345热线", Channel12315: "12315平台",
		ChannelPhone: "电话", ChannelLetter: "信函", ChannelVisit: "来访", ChannelOther: "其他渠道"}[c]
}

// Valid reports whether c is a known channel.
func (c ComplaintChannel) Valid() bool { return c.Label() != "" }

// ComplaintState is where a matter stands.
type ComplaintState string

// Complaint states.
const (
	ComplaintReceived ComplaintState = "received" // 已接收，待受理
	ComplaintAccepted ComplaintState = "accepted" // 已受理，办理中
	ComplaintRefused  ComplaintState = "refused"  // 不予受理（已告知）
	ComplaintReplied  ComplaintState = "replied"  // 已答复，办结
)

// ComplaintStates lists the states in order.
var ComplaintStates = []ComplaintState{ComplaintReceived, ComplaintAccepted, ComplaintRefused, ComplaintReplied}

// Label is the Chinese name of the state.
func (s ComplaintState) Label() string {
	return map[ComplaintState]string{ComplaintReceived: "已接收，待受理", ComplaintAccepted: "已受理，办理中",
		ComplaintRefused: "不予受理", ComplaintReplied: "已答复，办结"}[s]
}

// Verb is the Chinese name of the act that leads to the state.
func (s ComplaintState) Verb() string {
	return map[ComplaintState]string{ComplaintReceived: "接收", ComplaintAccepted: "受理",
		ComplaintRefused: "不予受理", ComplaintReplied: "答复"}[s]
}

// Valid reports whether s is a known state.
func (s ComplaintState) Valid() bool { return s.Label() != "" }

// Complainant is the person behind a named matter: personal data, encrypted at rest and
// never shown to the public (暂行办法第三十三条).
type Complainant struct {
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Address string `json:"address"`
}

// Complaint is one complaint or report.
type Complaint struct {
	ID       int64            `json:"id"`
	Number   string           `json:"number"` // tracking number given to the complainant
	CodeHash []byte           `json:"-"`      // SHA-256 of the query code; the code itself is never stored
	Kind     ComplaintKind    `json:"kind"`
	Subject  ComplaintSubject `json:"subject"`
	Channel  ComplaintChannel `json:"channel"`
	// ExternalRef is the ticket number of the channel (a 12345 work order), if any.
	ExternalRef string `json:"external_ref"`
	AgencyID    int64  `json:"agency_id"` // the agency handling it now
	AgencyPath  string `json:"-"`
	AgencyName  string `json:"agency_name"`
	// Target names the enterprise, officer or agency complained of.
	Target  string `json:"target"`
	Content string `json:"content"`
	Request string `json:"request"`
	// Named is false for an anonymous matter: no Complainant then.
	Named       bool           `json:"named"`
	Complainant Complainant    `json:"complainant"`
	State       ComplaintState `json:"state"`
	ReceivedOn  Date           `json:"received_on"`
	DecidedOn   Date           `json:"decided_on,omitempty"` // accepted or refused
	ReplyDays   int            `json:"reply_days,omitempty"`
	// Reply is what the complainant is told: the refusal with its ground, or the result.
	Reply     string  `json:"reply"`
	RepliedOn Date    `json:"replied_on,omitempty"`
	Notified  Date    `json:"notified_on,omitempty"` // named reporter told of the filing decision
	CaseID    int64   `json:"case_id,omitempty"`
	Clocks    []Clock `json:"clocks"`
	// NextDue is the earliest due date of the running clocks (zero when none): the
	// indexed column behind the overdue filter.
	NextDue   Date      `json:"next_due,omitempty"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// AboutAgencyID is the agency whose enforcement conduct a conduct complaint is about
	// (the agency chosen at intake; the justice bureau handles it), 0 otherwise; Finding
	// what the handling found of it, given with the final reply (complaint_finding.go).
	AboutAgencyID int64            `json:"about_agency_id,omitempty"`
	Finding       ComplaintFinding `json:"finding,omitempty"`
}

// ComplaintFile is an attachment of a complaint, stored as a blob.
type ComplaintFile struct {
	ID          int64     `json:"id"`
	ComplaintID int64     `json:"complaint_id"`
	Name        string    `json:"name"`
	MIME        string    `json:"mime"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	SM3         string    `json:"sm3"`
	CreatedAt   time.Time `json:"created_at"`
}

// ComplaintEvent is one step in a complaint's history (received, transferred, accepted,
// refused, case opened, notified, replied), append-only.
type ComplaintEvent struct {
	ID          int64     `json:"id"`
	ComplaintID int64     `json:"complaint_id"`
	Action      string    `json:"action"`
	FromAgency  int64     `json:"from_agency_id,omitempty"`
	ToAgency    int64     `json:"to_agency_id,omitempty"`
	Reason      string    `json:"reason"`
	ActorID     int64     `json:"actor_id"`
	ActorName   string    `json:"actor_name"`
	At          time.Time `json:"at"`
}

// ComplaintFilter selects complaints for a list, newest first, by keyset (ID < Before).
type ComplaintFilter struct {
	UnderPath string
	AgencyID  int64
	State     ComplaintState
	// OverdueOn, when set, keeps the complaints with a running clock due before it.
	OverdueOn Date
	Before    int64
	Limit     int
}

// ReviewOutcome is the outcome of a reconsideration (行政复议法第六十三条至第六十九条、第七十三条、
// 第四十一条) or a judgment of a court.
type ReviewOutcome string

// Review outcomes.
const (
	OutcomeUphold    ReviewOutcome = "uphold"    // 维持
	OutcomeRevoke    ReviewOutcome = "revoke"    // 撤销
	OutcomeChange    ReviewOutcome = "change"    // 变更
	OutcomeIllegal   ReviewOutcome = "illegal"   // 确认违法
	OutcomeVoid      ReviewOutcome = "void"      // 确认无效
	OutcomeDismiss   ReviewOutcome = "dismiss"   // 驳回
	OutcomeMediate   ReviewOutcome = "mediate"   // 调解
	OutcomeTerminate ReviewOutcome = "terminate" // 终止
)

// ReviewOutcomes lists the outcomes in order.
var ReviewOutcomes = []ReviewOutcome{OutcomeUphold, OutcomeRevoke, OutcomeChange, OutcomeIllegal, OutcomeVoid, OutcomeDismiss, OutcomeMediate, OutcomeTerminate}

// Label is the Chinese name of the outcome.
func (o ReviewOutcome) Label() string {
	return map[ReviewOutcome]string{OutcomeUphold: "维持", OutcomeRevoke: "撤销", OutcomeChange: "变更", OutcomeIllegal: "确认违法",
		OutcomeVoid: "确认无效", OutcomeDismiss: "驳回", OutcomeMediate: "调解", OutcomeTerminate: "终止"}[o]
}

// Valid reports whether o is a known outcome.
func (o ReviewOutcome) Valid() bool { return o.Label() != "" }

// ReviewKind says whether an outcome record is a reconsideration or a lawsuit.
type ReviewKind string

// Review kinds.
const (
	ReviewReconsideration ReviewKind = "reconsideration" // 行政复议
	ReviewLitigation      ReviewKind = "litigation"      // 行政诉讼
)

// Label is the Chinese name of the kind.
func (k ReviewKind) Label() string {
	return map[ReviewKind]string{ReviewReconsideration: "行政复议", ReviewLitigation: "行政诉讼"}[k]
}

// Valid reports whether k is a known kind.
func (k ReviewKind) Valid() bool { return k.Label() != "" }

// Reconsideration is a reconsideration (行政复议) or a lawsuit (行政诉讼) against a case's
// decision and its outcome. Reconsideration fields and litigation fields share the row.
type Reconsideration struct {
	ID        int64      `json:"id"`
	CaseID    int64      `json:"case_id"`
	AgencyID  int64      `json:"agency_id"`
	Kind      ReviewKind `json:"kind"`
	Applicant string     `json:"applicant"` // 申请人 or 原告
	Body      string     `json:"body"`      // 复议机关 or 人民法院
	// ReceivedOn: the day the agency received the application (lodged through it) or the
	// complaint of the court.
	ReceivedOn Date `json:"received_on"`
	// ViaAgency: the application was lodged through the deciding agency (第三十二条).
	ViaAgency      bool `json:"via_agency"`
	ForwardedOn    Date `json:"forwarded_on,omitempty"`
	CopyReceivedOn Date `json:"copy_received_on,omitempty"` // 收到申请书副本
	AnsweredOn     Date `json:"answered_on,omitempty"`      // 提出书面答复
	AcceptedOn     Date `json:"accepted_on,omitempty"`      // 复议机关受理
	Simple         bool `json:"simple"`                     // 简易程序
	// Litigation: the instance (1 first, 2 appeal), whether the head appeared in court
	// (负责人出庭应诉), and whether the judgment was appealed.
	Instance    int           `json:"instance,omitempty"`
	HeadAppears bool          `json:"head_appears"`
	Appealed    bool          `json:"appealed"`
	Outcome     ReviewOutcome `json:"outcome,omitempty"`
	OutcomeOn   Date          `json:"outcome_on,omitempty"`
	Summary     string        `json:"summary"`
	Clocks      []Clock       `json:"clocks"`
	Version     int           `json:"version"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
}

// CorrectionStat is the correction rate of one agency (or, summed, one government) in a
// year: decisions made, decisions corrected by an outcome of that year.
type CorrectionStat struct {
	AgencyID   int64  `json:"agency_id"`
	AgencyName string `json:"agency_name"`
	AgencyPath string `json:"-"`
	Decisions  int    `json:"decisions"`
	Corrected  int    `json:"corrected"`
}

// SupervisionStore holds complaints and reconsideration outcomes (migration 00029).
type SupervisionStore interface {
	// CreateComplaint inserts c, setting ID, Version 1 and the timestamps; a taken
	// Number is ECONFLICT.
	CreateComplaint(ctx context.Context, c *Complaint) error
	// UpdateComplaint saves c's mutable fields if c.Version is the stored one (else
	// ECONFLICT) and increments it.
	UpdateComplaint(ctx context.Context, c *Complaint) error
	Complaint(ctx context.Context, id int64) (*Complaint, error)
	ComplaintByNumber(ctx context.Context, number string) (*Complaint, error)
	// Complaints returns one page of matching complaints, newest first, without the
	// complainant's personal data.
	Complaints(ctx context.Context, f ComplaintFilter) ([]*Complaint, error)
	AddComplaintFile(ctx context.Context, f *ComplaintFile) error
	ComplaintFiles(ctx context.Context, complaintID int64) ([]*ComplaintFile, error)
	AddComplaintEvent(ctx context.Context, e *ComplaintEvent) error
	ComplaintEvents(ctx context.Context, complaintID int64) ([]*ComplaintEvent, error)
	// CaseComplaints returns the complaints that opened the case, without the
	// complainant's personal data.
	CaseComplaints(ctx context.Context, caseID int64) ([]*Complaint, error)

	CreateReconsideration(ctx context.Context, r *Reconsideration) error
	UpdateReconsideration(ctx context.Context, r *Reconsideration) error
	Reconsideration(ctx context.Context, id int64) (*Reconsideration, error)
	CaseReconsiderations(ctx context.Context, caseID int64) ([]*Reconsideration, error)
	// CorrectionStats counts, per agency under path, the decisions made in year and the
	// cases whose decision an outcome dated in year corrected (corrects lists the
	// outcomes that count).
	CorrectionStats(ctx context.Context, underPath string, year int, corrects []ReviewOutcome) ([]*CorrectionStat, error)
}
