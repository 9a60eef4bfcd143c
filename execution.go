package zhifa

import (
	"context"
	"time"
)

// Execution of decisions (行政处罚法第六章第二节、行政强制法第四章、第五章): the payment
// obligation a penalty decision creates, the payments the bank or treasury reports, the
// late fee, deferral and instalments, on-the-spot collection, the reminder (催告) and the
// application to the court. The rules are in law/execution.go, the use cases in
// app/execution.

// Clock kinds of the execution stage.
const (
	// ClockPayment: 行政处罚法第六十七条第三款 (十五日, calendar days).
	ClockPayment ClockKind = "payment"
	// ClockInstalment: the approved deferral or the next instalment (第六十六条第二款).
	ClockInstalment ClockKind = "instalment"
	// ClockReminder: ten working days after the 催告书 is served (行政强制法第五十四条、第六十九条).
	ClockReminder ClockKind = "reminder"
	// ClockCourt: the application to the court (行政强制法第五十三条：三个月).
	ClockCourt ClockKind = "court_application"
	// ClockRemitAgency and ClockRemitBank: a fine collected on the spot reaches the agency,
	// then the bank, within two working days each (行政处罚法第七十一条、第八十五条).
	ClockRemitAgency ClockKind = "remit_agency"
	ClockRemitBank   ClockKind = "remit_bank"
)

// PaymentSource says how a payment became known: never typed in by an officer.
type PaymentSource string

// Payment sources.
const (
	PaymentNotice PaymentSource = "notice" // the bank's or treasury system's notice (API)
	PaymentImport PaymentSource = "import" // the bank's statement imported (CSV)
	PaymentOnSpot PaymentSource = "on_spot"
)

// Label is the Chinese name of the source.
func (s PaymentSource) Label() string {
	return map[PaymentSource]string{PaymentNotice: "银行/国库缴款通知", PaymentImport: "银行对账单导入", PaymentOnSpot: "当场收缴"}[s]
}

// Payee is the account fines are paid into (指定的银行, 行政处罚法第六十七条第三款), an agency
// setting copied onto each obligation when it is created.
type Payee struct {
	AgencyID int64  `json:"agency_id,omitempty"`
	Name     string `json:"name"`    // 收款单位
	Bank     string `json:"bank"`    // 开户银行
	Account  string `json:"account"` // 账号
}

// Obligation is the payment obligation of a penalty decision with a fine or a confiscation
// (罚没款缴纳义务), created when the decision is served. Amounts are in 分. PaidFen is the sum
// of the payments; SettledOn the day the principal (fine and confiscation) was paid in
// full, which stops the late fee. Due is the deadline in force: the decision's, or the end
// of an approved deferral.
type Obligation struct {
	CaseID        int64          `json:"case_id"`
	AgencyID      int64          `json:"agency_id"`
	AgencyPath    string         `json:"-"`
	FineFen       int64          `json:"fine_fen"`
	ConfiscateFen int64          `json:"confiscate_fen"`
	Payee         Payee          `json:"payee"`
	Reference     string         `json:"reference"` // 缴款码
	ServedOn      Date           `json:"served_on"`
	Due           Date           `json:"due"`
	PaidFen       int64          `json:"paid_fen"`
	SettledOn     Date           `json:"settled_on,omitempty"`
	Exec          ExecutionState `json:"execution"`
	Version       int            `json:"version"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
}

// PrincipalFen is what the decision orders paid: the fine and the confiscated amount.
func (o *Obligation) PrincipalFen() int64 { return o.FineFen + o.ConfiscateFen }

// ExecutionState holds the acts of the execution stage, stored as one JSON value.
type ExecutionState struct {
	Deferral    *Deferral         `json:"deferral,omitempty"`
	Reminder    *Reminder         `json:"reminder,omitempty"`
	Court       *CourtApplication `json:"court,omitempty"`
	Suspensions []Suspension      `json:"suspensions,omitempty"`
	OnSpot      *OnSpotCollection `json:"on_spot,omitempty"`
	Enforcement *Enforcement      `json:"enforcement,omitempty"`
	Ended       *ExecutionEnd     `json:"ended,omitempty"`
}

// ExecutionEnd is the head's termination of the execution on a ground of 行政强制法第四十条
// (终结执行), with its proof.
type ExecutionEnd struct {
	Ground    string `json:"ground"` // law.End…
	Reason    string `json:"reason,omitempty"`
	Proof     string `json:"proof"`
	DecidedOn Date   `json:"decided_on"`
	DecidedBy int64  `json:"decided_by"`
}

// Enforcement is the agency's own enforcement of the decision (行政强制法第四十六条): the
// head's decision (强制执行决定, 第三十七条) with its method and legal basis, and the
// record of carrying it out.
type Enforcement struct {
	Method    string `json:"method"` // law.Enforce…
	Basis     string `json:"basis"`  // the law giving the power, or the seizure whose property is auctioned
	DecidedOn Date   `json:"decided_on"`
	DecidedBy int64  `json:"decided_by"`
	DoneOn    Date   `json:"done_on,omitempty"`
	Result    string `json:"result,omitempty"`
	Proof     string `json:"proof,omitempty"`
	Urgent    string `json:"urgent,omitempty"` // why it was carried out on a holiday (第四十三条)
}

// Instalment is one part of an approved schedule.
type Instalment struct {
	Due       Date  `json:"due"`
	AmountFen int64 `json:"amount_fen"`
}

// Deferral is the party's application to defer or pay in instalments (暂缓或者分期缴纳,
// 行政处罚法第六十六条第二款) and the head's decision on it.
type Deferral struct {
	Reason      string       `json:"reason"`
	AppliedOn   Date         `json:"applied_on"`
	RecordedBy  int64        `json:"recorded_by"`
	Instalments []Instalment `json:"instalments"`
	Decided     bool         `json:"decided"`
	Approved    bool         `json:"approved"`
	DecidedOn   Date         `json:"decided_on,omitempty"`
	DecidedBy   int64        `json:"decided_by,omitempty"`
	Opinion     string       `json:"opinion,omitempty"`
}

// End is the last day of the schedule.
func (d *Deferral) End() Date {
	var end Date
	for _, in := range d.Instalments {
		if in.Due.After(end) {
			end = in.Due
		}
	}
	return end
}

// Reminder is the written reminder served before enforcement (催告, 行政强制法第三十五条)
// and the party's statement (第三十六条).
type Reminder struct {
	ServedOn    Date   `json:"served_on"`
	Proof       string `json:"proof"` // 送达回证 or how it was served (第三十八条)
	Statement   string `json:"statement,omitempty"`
	StatementOn Date   `json:"statement_on,omitempty"`
	Response    string `json:"response,omitempty"` // the agency's review of it (复核)
}

// CourtApplication is the application to the court for enforcement (申请人民法院强制执行,
// 行政强制法第五十三条、第五十五条) and the court's acceptance (受理).
type CourtApplication struct {
	AppliedOn  Date   `json:"applied_on"`
	Court      string `json:"court"`
	AcceptedOn Date   `json:"accepted_on,omitempty"`
	CourtCase  string `json:"court_case,omitempty"` // 法院受理案号
}

// Suspension is a span in which the late fee is not counted, with its basis (行政处罚法
// 第七十三条第三款: 申请行政复议或者提起行政诉讼期间). To is zero while it lasts.
type Suspension struct {
	From  Date   `json:"from"`
	To    Date   `json:"to,omitempty"`
	Basis string `json:"basis"`
}

// OnSpotCollection is a fine collected on the spot (当场收缴, 行政处罚法第六十八条、第六十九条)
// with the official receipt (第七十条) and its remittance (第七十一条).
type OnSpotCollection struct {
	Ground      string `json:"ground"`
	ReceiptNo   string `json:"receipt_no"`
	CollectedOn Date   `json:"collected_on"`
	HandedInOn  Date   `json:"handed_in_on,omitempty"` // 交至行政机关
	BankedOn    Date   `json:"banked_on,omitempty"`    // 缴付指定的银行
	BankReceipt string `json:"bank_receipt,omitempty"`
}

// Payment is one payment towards an obligation, from the bank's or treasury's notice, a
// bank statement, or an on-the-spot receipt. ReceiptNo is unique within the agency, so a
// notice sent twice records one payment.
type Payment struct {
	ID        int64         `json:"id"`
	CaseID    int64         `json:"case_id"`
	AgencyID  int64         `json:"agency_id"`
	ReceiptNo string        `json:"receipt_no"`
	AmountFen int64         `json:"amount_fen"`
	PaidOn    Date          `json:"paid_on"`
	Source    PaymentSource `json:"source"`
	ChannelID int64         `json:"channel_id,omitempty"`
	CreatedAt time.Time     `json:"created_at"`
}

// PaymentChannel is a credential an admin issues to the bank's or treasury system of an
// agency for posting payment notices. Only the token's SHA-256 is stored.
type PaymentChannel struct {
	ID        int64     `json:"id"`
	AgencyID  int64     `json:"agency_id"`
	Name      string    `json:"name"`
	TokenHash []byte    `json:"-"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Revoked   bool      `json:"revoked"`
}

// CollectionStat is the collection of one agency's obligations (statistics of execution):
// the amounts ordered and paid and the obligations past their deadline and unpaid.
type CollectionStat struct {
	AgencyID     int64  `json:"agency_id"`
	AgencyName   string `json:"agency_name"`
	Obligations  int    `json:"obligations"`
	PrincipalFen int64  `json:"principal_fen"`
	PaidFen      int64  `json:"paid_fen"`
	Overdue      int    `json:"overdue"`
}

// PropertyStatus is where a confiscated or seized item (涉案财物) stands.
type PropertyStatus string

// Property statuses.
const (
	PropertyHeld     PropertyStatus = "held"     // 保管中
	PropertyPending  PropertyStatus = "pending"  // 处置待批准
	PropertyApproved PropertyStatus = "approved" // 处置已批准
	PropertyDisposed PropertyStatus = "disposed" // 已处置
)

// Label is the Chinese name of the status.
func (s PropertyStatus) Label() string {
	return map[PropertyStatus]string{PropertyHeld: "保管中", PropertyPending: "处置待批准", PropertyApproved: "处置已批准", PropertyDisposed: "已处置"}[s]
}

// PropertyItem is an item confiscated or seized in a case (涉案财物): what it is, where and
// by whom it is kept, its value, its photos (evidence of the case), and its disposal.
type PropertyItem struct {
	ID       int64             `json:"id"`
	CaseID   int64             `json:"case_id"`
	AgencyID int64             `json:"agency_id"`
	Name     string            `json:"name"`
	Quantity string            `json:"quantity"`
	ValueFen int64             `json:"value_fen"`
	Custody  string            `json:"custody"` // 保管地点及保管人
	Photos   []int64           `json:"photos"`  // evidence IDs of the case's photos
	Status   PropertyStatus    `json:"status"`
	Disposal *PropertyDisposal `json:"disposal,omitempty"`
	Version  int               `json:"version"`
	// CreatedAt and UpdatedAt are set by the store.
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PropertyDisposal is the disposal of an item (拍卖、变卖、销毁、移交, 行政处罚法第七十四条):
// requested by the officer, approved by the head, carried out with its proof; proceeds go
// to the treasury with the receipt.
type PropertyDisposal struct {
	Method          string `json:"method"`
	Reason          string `json:"reason"`
	RequestedBy     int64  `json:"requested_by"`
	RequestedOn     Date   `json:"requested_on"`
	DecidedBy       int64  `json:"decided_by,omitempty"`
	DecidedOn       Date   `json:"decided_on,omitempty"`
	Opinion         string `json:"opinion,omitempty"`
	DoneOn          Date   `json:"done_on,omitempty"`
	Proof           string `json:"proof,omitempty"`
	ProceedsFen     int64  `json:"proceeds_fen,omitempty"`
	TreasuryReceipt string `json:"treasury_receipt,omitempty"`
}

// ExecutionStore persists obligations, payments and payment channels.
type ExecutionStore interface {
	CreateObligation(ctx context.Context, o *Obligation) error
	Obligation(ctx context.Context, caseID int64) (*Obligation, error)
	ObligationByReference(ctx context.Context, reference string) (*Obligation, error)
	// UpdateObligation saves o if its Version is current (ECONFLICT otherwise) and
	// increments it.
	UpdateObligation(ctx context.Context, o *Obligation) error
	// AddPayment records p; a receipt number the agency already has is ECONFLICT.
	AddPayment(ctx context.Context, p *Payment) error
	PaymentByReceipt(ctx context.Context, agencyID int64, receiptNo string) (*Payment, error)
	Payments(ctx context.Context, caseID int64) ([]Payment, error)
	SetPayee(ctx context.Context, p *Payee) error
	Payee(ctx context.Context, agencyID int64) (*Payee, error)
	CreatePaymentChannel(ctx context.Context, ch *PaymentChannel) error
	PaymentChannelByHash(ctx context.Context, hash []byte) (*PaymentChannel, error)
	PaymentChannels(ctx context.Context, agencyID int64) ([]PaymentChannel, error)
	RevokePaymentChannel(ctx context.Context, agencyID, id int64) error
	// CollectionStats sums the obligations of the agencies under path served in today's
	// year; overdue counts those unsettled whose deadline lies before today.
	CollectionStats(ctx context.Context, underPath string, today Date) ([]CollectionStat, error)
	AddPropertyItem(ctx context.Context, p *PropertyItem) error
	PropertyItem(ctx context.Context, id int64) (*PropertyItem, error)
	PropertyItems(ctx context.Context, caseID int64) ([]PropertyItem, error)
	// UpdatePropertyItem saves p's status and disposal if its Version is current.
	UpdatePropertyItem(ctx context.Context, p *PropertyItem) error
}
