package zhifa

import (
	"context"
	"time"
)

// DocType is a standard enforcement document type (执法文书, REQUIREMENTS D1: text records
// in the standard formats).
type DocType string

// Document types.
const (
	DocFilingApproval   DocType = "filing_approval"   // 立案审批表
	DocInspectionRecord DocType = "inspection_record" // 现场检查笔录
	DocInquiryRecord    DocType = "inquiry_record"    // 询问笔录
	DocSeizureDecision  DocType = "seizure_decision"  // 查封扣押决定书（行政强制法第二十四条）
	DocPenaltyNotice    DocType = "penalty_notice"    // 行政处罚事先告知书（行政处罚法第四十四条）
	DocHearingNotice    DocType = "hearing_notice"    // 听证通知书（第六十四条）
	DocHearingRecord    DocType = "hearing_record"    // 听证笔录（第六十四条）
	DocPenaltyDecision  DocType = "penalty_decision"  // 行政处罚决定书（第五十九条）
	// DocNoPenaltyDecision: 不予行政处罚决定书（第五十七条第一款第二项、第三十三条）.
	DocNoPenaltyDecision DocType = "no_penalty_decision"
	DocServiceReceipt    DocType = "service_receipt"  // 送达回证
	DocClosingApproval   DocType = "closing_approval" // 结案审批表
	// The execution stage's documents (行政强制法): the reminder (催告书, 第三十五条), the
	// agency's enforcement decision (行政强制执行决定书, 第三十七条) and the application to
	// the court (强制执行申请书, 第五十五条).
	DocReminder            DocType = "reminder"
	DocEnforcementDecision DocType = "enforcement_decision"
	DocCourtApplication    DocType = "court_application"
	// The materials of the legal review (issue 12): the investigation final report
	// (调查终结报告, 行政处罚法第五十七条) and the evidence list (证据清单) generated from
	// the case's records.
	DocInvestigationReport DocType = "investigation_report"
	DocEvidenceList        DocType = "evidence_list"
)

// DocTypes lists the document types in the order of a case file.
var DocTypes = []DocType{DocFilingApproval, DocInspectionRecord, DocInquiryRecord, DocSeizureDecision,
	DocEvidenceList, DocInvestigationReport, DocPenaltyNotice, DocHearingNotice, DocHearingRecord, DocPenaltyDecision, DocNoPenaltyDecision, DocServiceReceipt, DocReminder, DocEnforcementDecision, DocCourtApplication,
	DocClosingApproval}

// Label is the Chinese title of the document type.
func (t DocType) Label() string { return docTypeLabels[t] }

// docTypeLabels are the types' names, built once: Valid runs for every type at every
// case view (law.DocumentTypes), and a map literal in Label was built at each call
// (issue 11: 4 % of a case write's CPU on SQLite).
var docTypeLabels = map[DocType]string{DocFilingApproval: "立案审批表", DocInspectionRecord: "现场检查笔录", DocInquiryRecord: "询问笔录",
	DocSeizureDecision: "查封扣押决定书", DocPenaltyNotice: "行政处罚事先告知书", DocHearingNotice: "听证通知书",
	DocHearingRecord: "听证笔录", DocPenaltyDecision: "行政处罚决定书", DocServiceReceipt: "送达回证",
	DocClosingApproval: "结案审批表", DocNoPenaltyDecision: "不予行政处罚决定书", DocReminder: "催告书",
	DocEnforcementDecision: "行政强制执行决定书", DocCourtApplication: "强制执行申请书",
	DocInvestigationReport: "调查终结报告", DocEvidenceList: "证据清单"}

// Valid reports whether t is a known type.
func (t DocType) Valid() bool { return t.Label() != "" }

// DocState is the state of a document: a draft being edited, issued (签发, frozen
// forever), or issued and later corrected by another document (已更正).
type DocState string

// Document states.
const (
	DocDraft     DocState = "draft"
	DocIssued    DocState = "issued"
	DocCorrected DocState = "corrected"
)

// Label is the Chinese name of the state.
func (s DocState) Label() string {
	return map[DocState]string{DocDraft: "草稿", DocIssued: "已签发", DocCorrected: "已更正"}[s]
}

// Document is an enforcement document of a case (文书). A draft's Fields are edited by the
// handler; issuing freezes them, renders the final HTML into evidence storage (EvidenceID,
// SHA256) and adds a case record (RecordID). Only the state may change afterwards, to
// corrected, when a correction (Corrects = this ID) is issued. Version increments with
// every change; an update with a stale Version fails with ECONFLICT.
type Document struct {
	ID       int64    `json:"id"`
	CaseID   int64    `json:"case_id"`
	AgencyID int64    `json:"agency_id"`
	Type     DocType  `json:"type"`
	State    DocState `json:"state"`
	// Number is the document number (文书编号), assigned when issued.
	Number string `json:"number,omitempty"`
	// Fields are the document's body fields by key (see package document).
	Fields      map[string]string `json:"fields"`
	Corrects    int64             `json:"corrects,omitempty"`
	CorrectedBy int64             `json:"corrected_by,omitempty"`
	EvidenceID  int64             `json:"evidence_id,omitempty"`
	// PDFEvidenceID is the evidence of the PDF printed when the document was issued
	// (issue #11); 0 when the server printed none.
	PDFEvidenceID int64     `json:"pdf_evidence_id,omitempty"`
	RecordID      int64     `json:"record_id,omitempty"`
	SHA256        string    `json:"sha256,omitempty"`
	IssuedOn      Date      `json:"issued_on,omitempty"`
	IssuedBy      int64     `json:"issued_by,omitempty"`
	IssuedAt      time.Time `json:"issued_at,omitzero"`
	Version       int       `json:"version"`
	CreatedBy     int64     `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Issued reports whether the document was issued (and possibly corrected since).
func (d *Document) Issued() bool { return d.State == DocIssued || d.State == DocCorrected }

// DocumentStore persists the documents of cases. Issued documents are frozen: the store
// refuses (by trigger) any change of an issued document but its state becoming
// corrected, and any delete.
type DocumentStore interface {
	// CreateDocument inserts d, setting ID, Version 1 and the timestamps.
	CreateDocument(ctx context.Context, d *Document) error
	// UpdateDocument saves d's state, number, fields, links and issue data if d.Version
	// is the stored one (else ECONFLICT), and increments d.Version.
	UpdateDocument(ctx context.Context, d *Document) error
	Document(ctx context.Context, id int64) (*Document, error)
	// Documents returns the documents of a case, oldest first.
	Documents(ctx context.Context, caseID int64) ([]*Document, error)
}
