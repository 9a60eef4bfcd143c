package zhifa

import (
	"context"
	"slices"
	"time"
)

// TransferStatus is where the transfer of a suspected crime stands (移送涉嫌犯罪案件,
// REQUIREMENTS G3; 《行政执法机关移送涉嫌犯罪案件的规定》, 移送规定 below). The case keeps the
// status of its latest transfer in CaseState.Transfer; the stage machine (law.Steps)
// allows each transfer step only in the statuses it names.
type TransferStatus string

// Transfer statuses.
const (
	TransferNone          TransferStatus = ""              // no transfer, or none since the last one ended
	TransferProposed      TransferStatus = "proposed"      // 书面报告报请负责人审批（第五条第一款）
	TransferRejected      TransferStatus = "rejected"      // 不批准移送，理由记录在案（第五条第二款）
	TransferApproved      TransferStatus = "approved"      // 批准移送，24小时内移送（第五条第二款）
	TransferHandedOver    TransferStatus = "handed_over"   // 已移送，待受移送机关决定（第八条）
	TransferAccepted      TransferStatus = "accepted"      // 受移送机关立案（第八条、第十二条）
	TransferDeclined      TransferStatus = "declined"      // 不予立案（第八条、第十条）
	TransferReconsidering TransferStatus = "reconsidering" // 提请复议（第九条）
)

// Label is the Chinese name of the status.
func (s TransferStatus) Label() string {
	return map[TransferStatus]string{TransferNone: "无", TransferProposed: "待负责人审批", TransferRejected: "不批准移送",
		TransferApproved: "已批准，待移送", TransferHandedOver: "已移送，待受移送机关决定", TransferAccepted: "受移送机关已立案",
		TransferDeclined: "受移送机关不予立案", TransferReconsidering: "已提请复议"}[s]
}

// Pending reports whether a transfer in status s is still running: proposed, approved,
// handed over, under reconsideration, or accepted by the receiving organ. While it is,
// the case must not end with an administrative penalty in place of the transfer
// (移送规定第十一条第一款：不得以行政处罚代替移送).
func (s TransferStatus) Pending() bool { return slices.Contains(PendingTransfers, s) }

// PendingTransfers are the statuses of a running transfer (Pending), in list order.
var PendingTransfers = []TransferStatus{TransferProposed, TransferApproved, TransferHandedOver, TransferReconsidering,
	TransferAccepted}

// TransferStatuses are the statuses a transfer may have, in list order.
var TransferStatuses = append(slices.Clip(PendingTransfers), TransferDeclined, TransferRejected)

// OrganKind is the kind of organ a case is transferred to.
type OrganKind string

// Receiving organs: the public-security organ of the same level (移送规定第三条、第五条), the
// procuratorate or the supervisory organ for leads of duty crimes by public servants
// (第十九条; REQUIREMENTS G3 "leads to discipline bodies").
const (
	OrganPublicSecurity OrganKind = "public_security" // 公安机关
	OrganProcuratorate  OrganKind = "procuratorate"   // 人民检察院
	OrganSupervision    OrganKind = "supervision"     // 监察机关
)

// Label is the Chinese name of the organ kind.
func (k OrganKind) Label() string {
	return map[OrganKind]string{OrganPublicSecurity: "公安机关", OrganProcuratorate: "人民检察院", OrganSupervision: "监察机关"}[k]
}

// Valid reports whether k is a known organ kind.
func (k OrganKind) Valid() bool { return k.Label() != "" }

// Transfer replies of the receiving organ (移送规定第八条、第九条).
const (
	ReplyFiled    = "filed"    // 立案
	ReplyDeclined = "declined" // 不予立案
)

// Transfer is one transfer of a suspected crime (移送). A case may have several over
// time (a rejected or declined one may be followed by another), the latest one counts.
// Times are instants; the 24-hour handover period is kept as an instant too.
type Transfer struct {
	ID       int64          `json:"id"`
	CaseID   int64          `json:"case_id"`
	AgencyID int64          `json:"agency_id"`
	Status   TransferStatus `json:"status"`
	// Facts and Offence are what the written report states: the facts of the suspected
	// crime and the offence suspected (涉嫌罪名).
	Facts      string    `json:"facts"`
	Offence    string    `json:"offence"`
	ProposedAt time.Time `json:"proposed_at"`
	ProposedBy string    `json:"proposed_by"`
	// DecisionDue is the last day for the head's decision (第五条第二款：三日内).
	DecisionDue Date       `json:"decision_due"`
	DecidedAt   *time.Time `json:"decided_at,omitempty"`
	DecidedBy   string     `json:"decided_by,omitempty"`
	// RejectReason is the reason for not approving (第五条第二款：记录在案).
	RejectReason string `json:"reject_reason,omitempty"`
	// HandoverDue is 24 hours after the approval (第五条第二款).
	HandoverDue  *time.Time `json:"handover_due,omitempty"`
	HandedOverAt *time.Time `json:"handed_over_at,omitempty"`
	OrganKind    OrganKind  `json:"organ_kind,omitempty"`
	Organ        string     `json:"organ,omitempty"`
	// Reply is the receiving organ's decision (filed or declined), on ReplyOn, with its
	// reason (第八条); Reconsidered is set once a reconsideration was asked (第九条).
	Reply        string    `json:"reply,omitempty"`
	ReplyOn      Date      `json:"reply_on,omitempty"`
	ReplyReason  string    `json:"reply_reason,omitempty"`
	Reconsidered Date      `json:"reconsidered_on,omitempty"`
	Version      int       `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// TransferFilter selects transfers, newest first.
type TransferFilter struct {
	UnderPath string // agency subtree
	AgencyID  int64
	Status    TransferStatus // "" for every status
	// Pending selects the running transfers only (TransferStatus.Pending).
	Pending bool
	Page
}

// TransferStore persists transfers.
type TransferStore interface {
	// CreateTransfer inserts t, setting ID, Version 1 and the timestamps.
	CreateTransfer(ctx context.Context, t *Transfer) error
	// UpdateTransfer saves t if t.Version is the stored one (else ECONFLICT) and
	// increments t.Version.
	UpdateTransfer(ctx context.Context, t *Transfer) error
	Transfer(ctx context.Context, id int64) (*Transfer, error)
	// CaseTransfers returns the transfers of a case, newest first.
	CaseTransfers(ctx context.Context, caseID int64) ([]*Transfer, error)
	// Transfers returns one page of matching transfers and the total count.
	Transfers(ctx context.Context, f TransferFilter) ([]*Transfer, int, error)
}
