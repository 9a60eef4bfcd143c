package zhifa

import (
	"context"
	"time"
)

// CaseKind is the kind of a case: a penalty case, an inspection or a compulsory measure.
type CaseKind string

// Case kinds.
const (
	CasePenalty    CaseKind = "penalty"    // 行政处罚
	CaseInspection CaseKind = "inspection" // 行政检查
	CaseCompulsory CaseKind = "compulsory" // 行政强制措施（查封、扣押）
)

// CaseKinds lists the kinds in display order.
var CaseKinds = []CaseKind{CasePenalty, CaseInspection, CaseCompulsory}

// Label is the Chinese name of the kind.
func (k CaseKind) Label() string {
	return map[CaseKind]string{CasePenalty: "行政处罚", CaseInspection: "行政检查", CaseCompulsory: "行政强制措施"}[k]
}

// Char is the character of the kind in case numbers (东市监罚〔2026〕12号).
func (k CaseKind) Char() string {
	return map[CaseKind]string{CasePenalty: "罚", CaseInspection: "检", CaseCompulsory: "强"}[k]
}

// Valid reports whether k is a known kind.
func (k CaseKind) Valid() bool { return k.Label() != "" }

// Procedure is the procedure of a penalty case (行政处罚法 Chapter V).
type Procedure string

// Procedures.
const (
	ProcOrdinary Procedure = "ordinary" // 普通程序
	ProcSummary  Procedure = "summary"  // 简易程序（当场处罚）
)

// Label is the Chinese name of the procedure.
func (p Procedure) Label() string {
	return map[Procedure]string{ProcOrdinary: "普通程序", ProcSummary: "简易程序"}[p]
}

// Valid reports whether p is a known procedure.
func (p Procedure) Valid() bool { return p.Label() != "" }

// Stage is the step a case has reached last. The stage machine is law.Steps.
type Stage string

// Stages.
const (
	StageOpen        Stage = "open"        // 立案
	StageInvestigate Stage = "investigate" // 调查取证
	StageNotify      Stage = "notify"      // 告知（陈述申辩、听证）
	StageReview      Stage = "review"      // 审查（负责人审查、集体讨论）
	StageDecide      Stage = "decide"      // 决定
	StageServe       Stage = "serve"       // 送达
	StageExecute     Stage = "execute"     // 执行
	StageInspect     Stage = "inspect"     // 检查
	StageConclude    Stage = "conclude"    // 检查结论
	StageSeize       Stage = "seize"       // 查封、扣押
	StageRelease     Stage = "release"     // 解除查封、扣押
	StageClose       Stage = "close"       // 结案
	StageArchive     Stage = "archive"     // 归档
)

// Label is the Chinese name of the stage.
func (s Stage) Label() string { return stageLabels[s] }

// stageLabels are the stages' names, built once (a map literal in Label was built at
// every call, on every case view; issue 11).
var stageLabels = map[Stage]string{StageOpen: "立案", StageInvestigate: "调查取证", StageNotify: "告知", StageReview: "审查",
	StageDecide: "决定", StageServe: "送达", StageExecute: "执行", StageInspect: "检查", StageConclude: "检查结论",
	StageSeize: "查封扣押", StageRelease: "解除查封扣押", StageClose: "结案", StageArchive: "归档"}

// Outcome is how a case ended, or "none" while it runs.
type Outcome string

// Outcomes.
const (
	OutcomeNone      Outcome = "none"
	OutcomePenalty   Outcome = "penalty"    // 给予行政处罚 / 作出处理决定
	OutcomeNoPenalty Outcome = "no_penalty" // 不予行政处罚
	OutcomeTransfer  Outcome = "transfer"   // 移送
	OutcomeWithdrawn Outcome = "withdrawn"  // 撤案
)

// Label is the Chinese name of the outcome.
func (o Outcome) Label() string {
	return map[Outcome]string{OutcomeNone: "办理中", OutcomePenalty: "作出决定", OutcomeNoPenalty: "不予处罚", OutcomeTransfer: "移送", OutcomeWithdrawn: "撤案"}[o]
}

// PartyKind distinguishes a citizen from an organization.
type PartyKind string

// Party kinds.
const (
	PartyPerson PartyKind = "person" // 公民
	PartyOrg    PartyKind = "org"    // 法人或者其他组织
)

// Party is a party of a case (当事人). A person's IDNumber is personal data: encrypted at
// rest, shown masked (IDMasked) in every answer.
type Party struct {
	Kind       PartyKind `json:"kind"`
	Name       string    `json:"name"`
	IDNumber   string    `json:"id_number,omitempty"` // 身份证号 (person), plaintext only in memory
	IDMasked   string    `json:"id_masked,omitempty"`
	CreditCode string    `json:"credit_code,omitempty"` // 统一社会信用代码 (org)
	Address    string    `json:"address,omitempty"`
	Phone      string    `json:"phone,omitempty"`
}

// ClockKind names a statutory time limit of a case.
type ClockKind string

// Clock kinds.
const (
	ClockDecision       ClockKind = "decision"        // 作出决定（行政处罚法第六十条）
	ClockStatement      ClockKind = "statement"       // 陈述申辩期（第四十四条、第四十五条）
	ClockHearingRequest ClockKind = "hearing_request" // 申请听证（第六十四条）
	ClockHearingNotice  ClockKind = "hearing_notice"  // 听证通知（第六十四条）
	ClockService        ClockKind = "service"         // 送达（第六十一条）
	ClockSeizure        ClockKind = "seizure"         // 查封扣押期限（行政强制法第二十五条）
	ClockReview         ClockKind = "review"          // 法制审核期限（本机关规定，默认5个工作日；E5）
	// ClockSeizureReport is the report of an emergency seizure to the head (行政强制法第十九条：
	// 二十四小时内); ClockPreservation the handling decision on preserved evidence
	// (行政处罚法第五十六条：七日内).
	ClockSeizureReport ClockKind = "seizure_report"
	ClockPreservation  ClockKind = "preservation"
	// Transfer clocks (移送涉嫌犯罪案件的规定, REQUIREMENTS G3).
	ClockTransferDecision ClockKind = "transfer_decision" // 负责人审批移送（第五条第二款：三日内）
	ClockTransferHandover ClockKind = "transfer_handover" // 批准后移送（第五条第二款：二十四小时内）
	ClockTransferReply    ClockKind = "transfer_reply"    // 受移送机关审查决定（第八条、第九条第二款：三日内）
	ClockTransferRecon    ClockKind = "transfer_recon"    // 提请复议（第九条第一款：三日内）
	ClockTransferItems    ClockKind = "transfer_items"    // 移交涉案物品（第十二条：三日内）
	// ClockSummaryFiling: a summary decision is filed with the agency (行政处罚法第五十二条第三款)
	// within the agency's deadline (law.SummaryFilingDays).
	ClockSummaryFiling ClockKind = "summary_filing"
)

// Label is the Chinese name of the clock.
func (k ClockKind) Label() string {
	return map[ClockKind]string{ClockDecision: "作出决定期限", ClockStatement: "陈述申辩期", ClockHearingRequest: "申请听证期限",
		ClockHearingNotice: "听证通知期限", ClockService: "送达期限", ClockSeizure: "查封扣押期限", ClockReview: "法制审核期限",
		ClockTransferDecision: "移送审批期限", ClockTransferHandover: "移送期限（24小时）", ClockTransferReply: "受移送机关决定期限",
		ClockTransferRecon: "提请复议期限", ClockTransferItems: "移交涉案物品期限",
		ClockSeizureReport: "紧急查封扣押报告批准期限（24小时）", ClockPreservation: "先行登记保存处理期限",
		ClockSummaryFiling: "当场处罚决定备案期限",
		ClockPayment:       "缴纳罚没款期限", ClockInstalment: "暂缓（分期）缴纳期限", ClockReminder: "催告期限",
		ClockCourt: "申请法院强制执行期限", ClockRemitAgency: "当场收缴罚款交至机关期限", ClockRemitBank: "罚款缴付银行期限",
		ClockPublish: "决定公示期限", ClockWithdraw: "撤回公示期限"}[k]
}

// Clock units.
const (
	UnitWorkday  = "workday"
	UnitCalendar = "calendar"
	// UnitHour is a period in hours (移送规定第五条：二十四小时): DueAt holds the instant,
	// Due its day in CST for lists and filters.
	UnitHour = "hour"
)

// Clock is one time limit (时限) of a case: from Start, Due is the last day. Paused clocks
// do not run; ExtendedBy days were added with approval. Done is set once the act the
// clock waits for happened.
type Clock struct {
	Kind       ClockKind `json:"kind"`
	Start      Date      `json:"start"`
	Due        Date      `json:"due"`
	Unit       string    `json:"unit"`
	Days       int       `json:"days"`
	Paused     bool      `json:"paused"`
	PausedOn   Date      `json:"paused_on,omitempty"`
	ExtendedBy int       `json:"extended_by"`
	// PausedDays are the calendar days a calendar-day clock was paused, added to its length.
	PausedDays  int    `json:"paused_days,omitempty"`
	Provisional bool   `json:"provisional"`
	Rule        string `json:"rule"`
	Done        bool   `json:"done"`
	// DueAt is the instant an hour clock (UnitHour) runs out; Hours its length.
	DueAt *time.Time `json:"due_at,omitempty"`
	Hours int        `json:"hours,omitempty"`
}

// CaseState holds the procedural facts of a case that gates and clocks depend on. It is
// stored with the case as one JSON value, so that new facts need no migration.
type CaseState struct {
	FiledOn         Date   `json:"filed_on,omitempty"`
	NoticeServedOn  Date   `json:"notice_served_on,omitempty"` // 告知书送达
	HearingRight    bool   `json:"hearing_right,omitempty"`    // 当事人有听证权（第六十三条）
	StatementWaived bool   `json:"statement_waived,omitempty"` // 明确放弃陈述申辩（第六十二条）
	HearingAsked    Date   `json:"hearing_requested_on,omitempty"`
	HearingWaived   bool   `json:"hearing_waived,omitempty"`
	HearingNotice   Date   `json:"hearing_notice_on,omitempty"`
	HearingOn       Date   `json:"hearing_on,omitempty"`
	HearingHeld     bool   `json:"hearing_held,omitempty"`
	HearingHeldOn   Date   `json:"hearing_held_on,omitempty"`
	DiscussionReq   bool   `json:"discussion_required,omitempty"` // 集体讨论（第五十七条）
	Discussed       bool   `json:"discussed,omitempty"`
	DiscussedOn     Date   `json:"discussed_on,omitempty"`
	DecidedOn       Date   `json:"decided_on,omitempty"`
	FineFen         int64  `json:"fine_fen,omitempty"`
	Warning         bool   `json:"warning,omitempty"`
	Disposal        string `json:"disposal,omitempty"` // 强制措施处理决定：没收、销毁、解除
	ServedOn        Date   `json:"served_on,omitempty"`
	SeizedOn        Date   `json:"seized_on,omitempty"`
	SeizureExtends  int    `json:"seizure_extended,omitempty"` // number of extensions (at most one)
	ReleasedOn      Date   `json:"released_on,omitempty"`
	ClosedOn        Date   `json:"closed_on,omitempty"`
	// Transfer is the status of the case's latest transfer of a suspected crime (G3); the
	// transfer itself is a Transfer row.
	Transfer TransferStatus `json:"transfer,omitempty"`
	// Proposal is the proposed decision (拟作出的行政处理决定), set before the decision and
	// checked against the discretion benchmark; legal review (E1) reviews it.
	Proposal *Proposal `json:"proposal,omitempty"`
	// MajorAdded are the major-decision reasons the handler added (E3); catalog reasons
	// cannot be removed, these only add.
	MajorAdded []MajorReason `json:"major_added,omitempty"`
	// Review summarizes the legal review (E1); the rounds are in the ReviewStore.
	Review *ReviewState `json:"review,omitempty"`
	// NotifiedProposal is a copy of the proposal the party was notified of at notify or
	// renotify (行政处罚法第四十四条): the decision may not be heavier (第四十五条第二款、
	// 第六十二条; law/notice.go). NoticeDocID is the issued 行政处罚事先告知书 served then;
	// Renotified counts the renotify steps (重新告知).
	NotifiedProposal *Proposal `json:"notified_proposal,omitempty"`
	NoticeDocID      int64     `json:"notice_document,omitempty"`
	Renotified       int       `json:"renotified,omitempty"`
	// HearingReason says why the party has a hearing right (law.HearingRight, 第六十三条).
	HearingReason string `json:"hearing_reason,omitempty"`
	// DecisionExtends counts the extensions of the decision period (行政处罚法第六十条).
	DecisionExtends int `json:"decision_extended,omitempty"`
	// Service is how the decision was served (行政处罚法第六十一条, law.CheckService).
	Service *Service `json:"service,omitempty"`
	// Hearing is the record of the hearing held (行政处罚法第六十四条, law.CheckHearing).
	Hearing *HearingRecord `json:"hearing,omitempty"`
	// Seizure is how the seizure was carried out (行政强制法第十八条); SeizureApproved that
	// the head approved it, before or, for an emergency seizure, within 24 hours after
	// (第十九条, law.CheckSeizure).
	Seizure           *SeizureRecord `json:"seizure,omitempty"`
	SeizureApproved   bool           `json:"seizure_approved,omitempty"`
	SeizureApprovedOn Date           `json:"seizure_approved_on,omitempty"`
	// Preservation is the latest registered preservation of evidence (行政处罚法第五十六条).
	Preservation *Preservation `json:"preservation,omitempty"`
	// HearingProposalRev is the proposal's revision when the hearing was held: a later
	// one was made or changed after it (行政处罚法第六十五条, law.CheckDecisionOnRecord).
	HearingProposalRev int `json:"hearing_proposal_rev,omitempty"`
	// Summary records how a summary decision was made on the spot (第五十二条, 第四十四条);
	// SummaryFiledOn is the day it was filed (备案) with the agency (第五十二条第三款).
	Summary        *SummaryRecord `json:"summary,omitempty"`
	SummaryFiledOn Date           `json:"summary_filed_on,omitempty"`
	// Education is the education given to the party of a case not punished by law
	// (行政处罚法第三十三条第三款, law.CheckNoPenaltyEnding).
	Education *EducationRecord `json:"education,omitempty"`

	// Corrected is the outcome of a reconsideration or lawsuit that revoked, changed or
	// declared the decision illegal or void (行政复议法第六十三条至第六十七条; issue 14), "" otherwise.
	Corrected ReviewOutcome `json:"corrected,omitempty"`

	// Initiation is how an inspection case was initiated, set at filing (issue 13,
	// law.InitiationProblem); empty for the other kinds.
	Initiation Initiation `json:"initiation,omitempty"`
}

// Proposal is the decision a case proposes (拟处罚决定): the penalties, the discretion level
// picked from the item's benchmark and the reasoning. Revision increments with every
// change, so a review can tell whether what it passed is what will be decided.
type Proposal struct {
	// Penalties are the kinds of penalty (行政处罚法 Art. 9): 警告, 通报批评, 罚款, 没收违法所得,
	// 没收非法财物, 暂扣许可证件, 降低资质等级, 吊销许可证件, 限制开展生产经营活动, 责令停产停业,
	// 责令关闭, 限制从业, 行政拘留, or for a compulsory case its disposal.
	Penalties []string `json:"penalties"`
	FineFen   int64    `json:"fine_fen,omitempty"`
	// ConfiscateFen is the value of what is confiscated (没收违法所得、非法财物).
	ConfiscateFen int64 `json:"confiscate_fen,omitempty"`
	// IllegalGainFen is the illegal gain established, for benchmarks in multiples of it.
	IllegalGainFen int64 `json:"illegal_gain_fen,omitempty"`
	// GoodsValueFen is the value of the goods involved (货值金额): statutory ranges switch on
	// it and multiply it (食品安全法第一百二十二条至第一百二十四条, 产品质量法第四十九条).
	GoodsValueFen int64 `json:"goods_value_fen,omitempty"`
	// RefundFen is the part of the illegal gain that is refunded by law instead of
	// confiscated, and RefundBasis the law that requires it (行政处罚法第二十八条第二款：
	// 除依法应当退赔的外，应当予以没收).
	RefundFen   int64  `json:"refund_fen,omitempty"`
	RefundBasis string `json:"refund_basis,omitempty"`
	// Correction is what the party is ordered to correct (责令改正, 行政处罚法第二十八条第一款);
	// Corrected records that the violation has already ended or been corrected, so that
	// no order is needed.
	Correction string `json:"correction,omitempty"`
	Corrected  bool   `json:"corrected,omitempty"`
	// Heavier marks a 从重 penalty: the fine lies in the upper 30% of the statutory range.
	Heavier bool `json:"heavier,omitempty"`
	// Level is the circumstance level (裁量阶次) of the item's benchmark, e.g. "一般".
	Level string `json:"level,omitempty"`
	// BenchmarkID and BenchmarkVersion identify the benchmark version applied.
	BenchmarkID      int64 `json:"benchmark_id,omitempty"`
	BenchmarkVersion int   `json:"benchmark_version,omitempty"`
	// ListEntries cite the entries of the four lists (不予处罚/从轻/减轻/不予强制) relied on.
	ListEntries []string `json:"list_entries,omitempty"`
	// Reason is the discretion reasoning (裁量理由).
	Reason string `json:"reason"`
	// Flags are the major-decision flags the handler sets (重大公共利益, 重大社会影响, 疑难复杂,
	// 多个法律关系), E3.
	Flags []string `json:"flags,omitempty"`
	// NoPenalty is set when a cited entry of the 不予处罚 list applies (行政处罚法第三十条、
	// 第三十一条、第三十三条): the case ends with no_penalty, not with a decision.
	NoPenalty bool `json:"no_penalty,omitempty"`
	// Disposal is the disposal of a compulsory case: confiscate, destroy or release.
	Disposal string `json:"disposal,omitempty"`
	Revision int    `json:"revision"`
}

// Case is an enforcement case (案件). Version increments with every change; an update
// with a stale Version fails with ECONFLICT.
type Case struct {
	ID               int64     `json:"id"`
	AgencyID         int64     `json:"agency_id"`
	Number           string    `json:"number"` // 案件编号, e.g. 东市监罚〔2026〕12号
	Year             int       `json:"year"`
	Seq              int64     `json:"seq"`
	Kind             CaseKind  `json:"kind"`
	Procedure        Procedure `json:"procedure"`
	ItemID           int64     `json:"item_id"`
	Parties          []Party   `json:"parties"`
	OfficerIDs       []int64   `json:"officer_ids"`
	OccurredOn       Date      `json:"occurred_on"`
	DiscoveredOn     Date      `json:"discovered_on"`
	Harm             bool      `json:"harm"`
	LimitationReason string    `json:"limitation_reason,omitempty"`
	Facts            string    `json:"facts"`
	Stage            Stage     `json:"stage"`
	Outcome          Outcome   `json:"outcome"`
	State            CaseState `json:"state"`
	Clocks           []Clock   `json:"clocks"`
	// NextDue is the earliest due date of the running clocks, for list filters.
	NextDue   Date      `json:"next_due,omitempty"`
	Version   int       `json:"version"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clock returns the clock of the kind, nil if the case has none.
func (c *Case) Clock(k ClockKind) *Clock {
	for i := range c.Clocks {
		if c.Clocks[i].Kind == k {
			return &c.Clocks[i]
		}
	}
	return nil
}

// CaseEvent is one entry of a case's history: a stage change or a recorded act (clock
// pause or extension, hearing request, ...). Kept forever.
type CaseEvent struct {
	ID         int64     `json:"id"`
	CaseID     int64     `json:"case_id"`
	At         time.Time `json:"at"`
	From       Stage     `json:"from"`
	To         Stage     `json:"to"`
	Action     Action    `json:"action"`
	ActorID    int64     `json:"actor_id"`
	Actor      string    `json:"actor"`
	ApproverID int64     `json:"approver_id,omitempty"`
	Approver   string    `json:"approver,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	Detail     string    `json:"detail,omitempty"`
	// ActedOn is the day of the act (At is when it was entered); BackdateReason says why
	// an act dated before the day it was entered was recorded late (补录): such an event is
	// Backdated.
	ActedOn        Date   `json:"acted_on,omitempty"`
	BackdateReason string `json:"backdate_reason,omitempty"`
}

// Backdated reports whether the act was entered after the day it bears (补录).
func (e *CaseEvent) Backdated() bool { return e.BackdateReason != "" }

// RecordKind classifies a record of a case (D1).
type RecordKind string

// Record kinds.
const (
	RecordDocument RecordKind = "document" // 文书
	RecordAV       RecordKind = "av"       // 音像记录
	RecordPhoto    RecordKind = "photo"
	RecordOther    RecordKind = "other"
)

// Label is the Chinese name of the kind.
func (k RecordKind) Label() string {
	return map[RecordKind]string{RecordDocument: "文书", RecordAV: "音像记录", RecordPhoto: "照片", RecordOther: "其他"}[k]
}

// Valid reports whether k is a known kind.
func (k RecordKind) Valid() bool { return k.Label() != "" }

// Record is one record of a case (记录, D1): a document, an audio/video record, a photo.
// Act names the enforcement act it documents (e.g. "seize"); EvidenceID, when set, points
// at the stored evidence file.
type Record struct {
	ID         int64      `json:"id"`
	CaseID     int64      `json:"case_id"`
	Kind       RecordKind `json:"kind"`
	Title      string     `json:"title"`
	Act        string     `json:"act"`
	EvidenceID int64      `json:"evidence_id,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  int64      `json:"created_by"`
}

// CaseFilter selects cases, newest first.
type CaseFilter struct {
	UnderPath string // agency subtree
	AgencyID  int64
	// OfficerID selects the cases the officer handles (我的案件); 0 for every case.
	OfficerID int64
	Stage     Stage
	Kind      CaseKind // "" for every kind
	// DueFrom and DueTo select cases whose NextDue lies in [DueFrom, DueTo]; zero is open.
	DueFrom, DueTo Date
	// Query finds cases by 案号, party, item or officer (CaseSearch, caseread.go).
	Query string
	// After pages by keyset: the cases after this key in the list's order (nil: from the
	// start). Page.Offset is ignored; Page.Limit bounds the page. See CaseKey.
	After *CaseKey
	Page
}

// CaseStore persists cases, their parties, history, records and number counters.
type CaseStore interface {
	// NextCaseSeq takes the next number of the agency's cases of the kind in the year,
	// under a lock of that sequence held to commit: concurrent filings get distinct
	// consecutive numbers, and a rolled-back transaction gives its number back. Filings
	// of other agencies do not wait for it. Take it as late as the filing allows. A
	// store may give the number it expects and confirm it at the commit (PostgreSQL):
	// when another filing took it, the transaction fails and Update runs fn again.
	NextCaseSeq(ctx context.Context, agencyID int64, year int, kind CaseKind) (int64, error)
	// CreateCase inserts c with its parties (personal data encrypted), setting ID,
	// Version 1 and the timestamps.
	CreateCase(ctx context.Context, c *Case) error
	// UpdateCase saves c's stage, outcome, state, clocks, officers and facts if c.Version
	// is the stored one (else ECONFLICT), and increments c.Version.
	UpdateCase(ctx context.Context, c *Case) error
	// Case returns the case with its parties, personal data decrypted. In a write
	// transaction (Store.Update) on PostgreSQL it locks the case's row until the commit
	// (SELECT … FOR NO KEY UPDATE): every write that changes a case or its own rows
	// reads the case first, so the writes of one case take turns and each reads the
	// case as the one before committed it, while other cases' writes never wait (issue
	// 11; the case steps run at READ COMMITTED, RowLocked). SQLite has one writer.
	Case(ctx context.Context, id int64) (*Case, error)
	// Cases returns one page of matching cases (with parties), newest first, and their
	// count: exact up to CountCap, CountCap+1 when there are more.
	Cases(ctx context.Context, f CaseFilter) ([]*Case, int, error)
	AddCaseEvent(ctx context.Context, e *CaseEvent) error
	// CaseEvents returns the history of a case, oldest first.
	CaseEvents(ctx context.Context, caseID int64) ([]*CaseEvent, error)
	AddRecord(ctx context.Context, r *Record) error
	// Records returns the records of a case, oldest first.
	Records(ctx context.Context, caseID int64) ([]*Record, error)
	// HasAVRecord reports whether the case has an audio/video record of the act.
	HasAVRecord(ctx context.Context, caseID int64, act string) (bool, error)
	// LinkCaseEntry records that the ledger entry at index was appended for the case.
	LinkCaseEntry(ctx context.Context, caseID, index int64, kind string) error
	// CaseEntries returns the ledger entries of a case, in log order.
	CaseEntries(ctx context.Context, caseID int64) ([]CaseEntry, error)
	// PartyCases returns the cases of the agencies that name the party — by its
	// 统一社会信用代码 or by the keyed index of its 身份证号 — with their parties, newest
	// first, at most limit (行政处罚法第二十九条、第三十三条: the party's history).
	PartyCases(ctx context.Context, party Party, agencyIDs []int64, limit int) ([]*Case, error)
}

// CaseEntry is a ledger entry appended for a case: its index in the log and its kind.
type CaseEntry struct {
	Index int64  `json:"index"`
	Kind  string `json:"kind"`
}
