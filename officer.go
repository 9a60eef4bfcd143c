package zhifa

import "time"

// Officer is an enforcement officer (执法人员, A2). IDNumber and Phone are personal data:
// encrypted at rest, shown masked unless the actor may see them, every read audited.
type Officer struct {
	ID        int64    `json:"id"`
	AgencyID  int64    `json:"agency_id"`
	Name      string   `json:"name"`
	IDNumber  string   `json:"id_number,omitempty"` // 身份证号, plaintext only in memory
	IDMasked  string   `json:"id_masked"`
	Sex       string   `json:"sex"`
	Phone     string   `json:"phone,omitempty"`
	Position  string   `json:"position"` // 职务
	Domains   []string `json:"domains"`
	Reviewer  bool     `json:"reviewer"` // 法制审核人员
	LegalQual bool     `json:"legal_qualification"`
	// LegalQualNo is the number of the 法律职业资格证书, which exempts the exam (A2).
	LegalQualNo string    `json:"legal_qualification_no"`
	ExamPassed  bool      `json:"exam_passed"` // 执法资格考试
	ExamDate    Date      `json:"exam_date"`
	Active      bool      `json:"active"` // 在岗
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// OfficerFilter selects officers.
type OfficerFilter struct {
	UnderPath string // agency subtree
	AgencyID  int64
	Query     string // name or certificate number, substring
	Reviewer  *bool
	Active    *bool // 在岗
	Page
}

// CertState is the recorded state of an enforcement certificate (A2). Expiry is derived
// from the validity dates, see Certificate.StateOn.
type CertState string

// Certificate states.
const (
	CertValid     CertState = "valid"
	CertSuspended CertState = "suspended" // 暂扣
	CertRevoked   CertState = "revoked"   // 收缴
	CertCancelled CertState = "cancelled" // 注销
	CertExpired   CertState = "expired"   // past its validity
	CertNotYet    CertState = "not_yet"   // before its validity
)

// Label is the Chinese name of the state.
func (s CertState) Label() string {
	return map[CertState]string{CertValid: "有效", CertSuspended: "暂扣", CertRevoked: "收缴", CertCancelled: "注销", CertExpired: "已过期", CertNotYet: "尚未生效"}[s]
}

// Certificate is an enforcement certificate (执法证件, A2).
type Certificate struct {
	ID          int64     `json:"id"`
	OfficerID   int64     `json:"officer_id"`
	Number      string    `json:"number"`
	Issuer      string    `json:"issuer"`
	IssuedOn    Date      `json:"issued_on"`
	ValidFrom   Date      `json:"valid_from"`
	ValidUntil  Date      `json:"valid_until"`
	Domains     []string  `json:"domains"`
	State       CertState `json:"state"` // recorded state: valid, suspended, revoked or cancelled
	StateReason string    `json:"state_reason"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// StateOn is the effective state on day: the recorded state, except that a valid
// certificate outside its validity dates is expired (or not yet valid).
func (c *Certificate) StateOn(day Date) CertState {
	if c.State != CertValid {
		return c.State
	}
	if !c.ValidUntil.IsZero() && day.After(c.ValidUntil) {
		return CertExpired
	}
	if !c.ValidFrom.IsZero() && day.Before(c.ValidFrom) {
		return CertNotYet
	}
	return CertValid
}

// CertEvent is one change of a certificate's state, kept forever.
type CertEvent struct {
	ID      int64     `json:"id"`
	CertID  int64     `json:"cert_id"`
	At      time.Time `json:"at"`
	From    CertState `json:"from"`
	To      CertState `json:"to"`
	Reason  string    `json:"reason"`
	ActorID int64     `json:"actor_id"`
	Actor   string    `json:"actor"`
}

// AnnualReview is a yearly review (年审) of a certificate.
type AnnualReview struct {
	ID       int64     `json:"id"`
	CertID   int64     `json:"cert_id"`
	Year     int       `json:"year"`
	Passed   bool      `json:"passed"`
	Date     Date      `json:"date"`
	Note     string    `json:"note"`
	ActorID  int64     `json:"actor_id"`
	Recorded time.Time `json:"recorded_at"`
}

// TrainingKind classifies training (A4).
type TrainingKind string

// Training kinds.
const (
	TrainingGeneralLaw TrainingKind = "general_law" // 通用法律知识
	TrainingDomainLaw  TrainingKind = "domain_law"  // 专门法律知识
	TrainingDrill      TrainingKind = "drill"       // 技能实训 / 练兵
	TrainingOther      TrainingKind = "other"
)

// TrainingKinds lists the kinds in display order.
var TrainingKinds = []TrainingKind{TrainingGeneralLaw, TrainingDomainLaw, TrainingDrill, TrainingOther}

// Label is the Chinese name of the kind.
func (k TrainingKind) Label() string {
	return map[TrainingKind]string{TrainingGeneralLaw: "通用法律知识", TrainingDomainLaw: "专门法律知识", TrainingDrill: "技能实训", TrainingOther: "其他"}[k]
}

// Valid reports whether k is a known kind.
func (k TrainingKind) Valid() bool { return k.Label() != "" }

// Training is one training record of an officer (A4).
type Training struct {
	ID        int64        `json:"id"`
	OfficerID int64        `json:"officer_id"`
	Date      Date         `json:"date"`
	Hours     float64      `json:"hours"` // 学时
	Topic     string       `json:"topic"`
	Kind      TrainingKind `json:"kind"`
	Provider  string       `json:"provider"`
	CreatedAt time.Time    `json:"created_at"`
}

// TrainingTotal is an officer's training hours in a year.
type TrainingTotal struct {
	OfficerID int64   `json:"officer_id"`
	Hours     float64 `json:"hours"`
}
