package cases

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/document"
	"zhifa/law"
	"zhifa/ledger"
	"zhifa/seal"
)

// Documents (文书, issue #4, REQUIREMENTS D1). Who may do what:
//   - everyone who may read the case (kernel.PermStaff in scope) reads its documents; the
//     content of an issued document is evidence, so reading it is access-logged (D4)
//     and supervisors give a reason;
//   - officers and heads of the case's agency (kernel.PermHandleCases) create drafts from the
//     standard templates (prefilled from the case), edit them (optimistic version,
//     ECONFLICT), issue (签发) and correct (更正) them.
//
// Issuing renders the final self-contained HTML, stores it in blob storage and records
// it in one transaction: the evidence row (kind document), the case record (kind
// document, Act = the act the document belongs to, EvidenceID set) and the frozen
// document, with ONE "document.issue" ledger entry carrying the content's hashes. A
// case-file export walking records and their evidence therefore includes issued
// documents. A correction is a new document referencing the one it corrects; when it is
// issued the old one becomes 已更正 and stays. Every change appends one ledger entry.
//
// Gates: a penalty decision states every element of 行政处罚法 Art. 59 (a seizure decision
// of 行政强制法 Art. 24) and, when the case has a proposal, quotes its discretion (B3);
// the stage machine waits for issued documents (law.StepDocuments).

// Limits of document fields.
const (
	maxDocField  = 8000
	maxDocReason = 500
)

// RuleDiscretionStated is the rule that a decision applying a benchmark states its level
// and reason (REQUIREMENTS B3, 002 §9).
const RuleDiscretionStated = "东港市提升行政执法质量三年行动具体举措第（九）项（适用裁量基准应当在决定书中说明理由）"

// docActs is the enforcement act each document type documents (Record.Act).
var docActs = map[zhifa.DocType]string{
	zhifa.DocFilingApproval: "open", zhifa.DocInspectionRecord: "investigate", zhifa.DocInquiryRecord: "investigate",
	zhifa.DocSeizureDecision: "seize", zhifa.DocPenaltyNotice: "notify", zhifa.DocHearingNotice: "schedule_hearing",
	zhifa.DocHearingRecord: "hold_hearing", zhifa.DocPenaltyDecision: "decide", zhifa.DocServiceReceipt: "serve",
	zhifa.DocClosingApproval: "close", zhifa.DocNoPenaltyDecision: "no_penalty",
	// The execution stage's documents belong to the execution of the decision.
	zhifa.DocReminder: "execute", zhifa.DocEnforcementDecision: "execute", zhifa.DocCourtApplication: "execute",
	// The review materials conclude the investigation.
	zhifa.DocInvestigationReport: "investigate", zhifa.DocEvidenceList: "investigate",
}

// docAbbr is the character of each type in document numbers (东市监罚〔2026〕3号-告1).
var docAbbr = map[zhifa.DocType]string{
	zhifa.DocFilingApproval: "立", zhifa.DocInspectionRecord: "检", zhifa.DocInquiryRecord: "询",
	zhifa.DocSeizureDecision: "封", zhifa.DocPenaltyNotice: "告", zhifa.DocHearingNotice: "听通",
	zhifa.DocHearingRecord: "听录", zhifa.DocPenaltyDecision: "决", zhifa.DocServiceReceipt: "送",
	zhifa.DocClosingApproval: "结", zhifa.DocNoPenaltyDecision: "不罚",
	zhifa.DocReminder: "催", zhifa.DocEnforcementDecision: "强执", zhifa.DocCourtApplication: "申执",
	zhifa.DocInvestigationReport: "终", zhifa.DocEvidenceList: "证",
}

// DocTypeOption is a document type a new document may have.
type DocTypeOption struct {
	Type  zhifa.DocType `json:"type"`
	Label string        `json:"label"`
}

// DocumentView is a document with what its pages show.
type DocumentView struct {
	*zhifa.Document
	TypeLabel  string `json:"type_label"`
	StateLabel string `json:"state_label"`
	CaseNumber string `json:"case_number"`
	// FieldList is the type's fields in order, for forms.
	FieldList []document.Field `json:"field_list"`
	// CorrectsNumber names the corrected document; CorrectionReason why.
	CorrectsNumber string `json:"corrects_number,omitempty"`
	// Editable: a draft the actor may edit and issue.
	Editable bool `json:"editable"`
	// Correctable: issued, not yet corrected, and the actor may correct it.
	Correctable bool `json:"correctable"`
	// Unmet lists what keeps the draft from being issued now (statutory elements), so the
	// edit page can show it before the handler presses 签发.
	Unmet []string `json:"unmet,omitempty"`
	// ContentWithheld: the fields of an issued document are not shown to a supervisor,
	// whose every read of a record is logged with a reason (D4); the content is read with
	// DocumentContent (GET …/html?reason=).
	ContentWithheld bool `json:"content_withheld,omitempty"`
	// Signed: an approval form carries the head's signed approval; CanSign: the actor
	// may sign this draft (approval_forms.go).
	Signed  bool `json:"signed,omitempty"`
	CanSign bool `json:"can_sign,omitempty"`
	// Seal is the electronic seal on the issued PDF, nil when unsealed (seals.go); set
	// on a single document's view.
	Seal *DocumentSeal `json:"seal,omitempty"`
}

// DocumentList is the documents of a case and the types a new one may have now.
type DocumentList struct {
	CaseID    int64           `json:"case_id"`
	Documents []*DocumentView `json:"documents"`
	Types     []DocTypeOption `json:"types"`
	CanCreate bool            `json:"can_create"`
}

// DocumentCreate is a new document of a case.
type DocumentCreate struct {
	Type zhifa.DocType `json:"type"`
}

// DocumentInput saves a draft: the fields it changes and the version the actor saw.
type DocumentInput struct {
	Version int               `json:"version"`
	Fields  map[string]string `json:"fields"`
}

// DocumentIssue issues a draft of the given version.
type DocumentIssue struct {
	Version int `json:"version"`
}

// DocumentCorrect starts a correction of an issued document.
type DocumentCorrect struct {
	Reason string `json:"reason"`
}

// CorrectionReasonKey is the field of a correction that says what it corrects and why.
const CorrectionReasonKey = "correction_reason"

// caseDocumentList reads the documents of c for the actor.
func (s *Service) caseDocumentList(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, c *zhifa.Case) (*DocumentList, error) {
	docs, err := tx.Documents(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	return s.documentList(actor, c, docs), nil
}

// documentList is the list of c's documents docs as the actor sees it.
func (s *Service) documentList(actor *kernel.Actor, c *zhifa.Case, docs []*zhifa.Document) *DocumentList {
	canEdit := mayEditCase(actor, c)
	out := &DocumentList{CaseID: c.ID, Documents: []*DocumentView{}, Types: []DocTypeOption{}, CanCreate: canEdit}
	byID := map[int64]*zhifa.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	for _, d := range docs {
		out.Documents = append(out.Documents, s.withholdContent(actor, docView(d, c, byID[d.Corrects], canEdit)))
	}
	if canEdit {
		for _, t := range law.DocumentTypes(c) {
			out.Types = append(out.Types, DocTypeOption{Type: t, Label: t.Label()})
		}
	}
	return out
}

// mayEditCase reports whether the actor may write documents of c: kernel.PermHandleCases in
// the case's agency, and the case not archived.
func mayEditCase(actor *kernel.Actor, c *zhifa.Case) bool {
	return actor.Can(kernel.PermHandleCases) && editableCase(actor, c) == nil
}

func docView(d *zhifa.Document, c *zhifa.Case, corrected *zhifa.Document, canEdit bool) *DocumentView {
	v := &DocumentView{Document: d, TypeLabel: d.Type.Label(), StateLabel: d.State.Label(), CaseNumber: c.Number,
		Editable: canEdit && d.State == zhifa.DocDraft, Correctable: canEdit && d.State == zhifa.DocIssued}
	if s := document.SpecOf(d.Type); s != nil {
		v.FieldList = s.Fields
	}
	if corrected != nil {
		v.CorrectsNumber = corrected.Type.Label() + "（" + corrected.Number + "）"
	}
	if d.State == zhifa.DocDraft {
		v.Unmet = draftUnmet(d, c)
	}
	return v
}

// withholdContent clears the fields of an issued (or corrected) document for a
// supervisor: its content is a record, and a supervisor's read of a record is logged
// with a reason (D4, 调阅监督), which DocumentContent does and a view would bypass.
func (s *Service) withholdContent(actor *kernel.Actor, v *DocumentView) *DocumentView {
	if !s.deps.NeedsAccessReason(actor) || v.State == zhifa.DocDraft {
		return v
	}
	d := *v.Document
	d.Fields = map[string]string{}
	v.Document, v.ContentWithheld = &d, true
	return v
}

// draftUnmet lists the statutory problems of a draft (what IssueDocument would refuse).
func draftUnmet(d *zhifa.Document, c *zhifa.Case) []string {
	var out []string
	if err := document.Check(d.Type, d.Fields); err != nil {
		out = append(out, zhifa.ErrorMessage(err))
	}
	if err := checkDiscretion(d, c); err != nil {
		out = append(out, zhifa.ErrorMessage(err))
	}
	if err := checkRemedy(d, c); err != nil {
		out = append(out, zhifa.ErrorMessage(err))
	}
	return out
}

// checkDiscretion: a decision of a case with a proposal quotes its discretion level and
// reason (B3).
func checkDiscretion(d *zhifa.Document, c *zhifa.Case) error {
	p := c.State.Proposal
	if (d.Type != zhifa.DocPenaltyDecision && d.Type != zhifa.DocInvestigationReport) || p == nil {
		return nil
	}
	text := d.Fields["discretion"]
	if strings.TrimSpace(text) == "" || (p.Level != "" && !strings.Contains(text, p.Level)) {
		return law.Gate(RuleDiscretionStated, "本案拟处罚决定适用了裁量基准，决定书的裁量说明应写明裁量阶次（"+p.Level+"）、所依据的裁量基准和裁量理由")
	}
	return nil
}

// CaseDocuments returns the documents of a case visible to the actor.
func (s *Service) CaseDocuments(ctx context.Context, caseID int64) (*DocumentList, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var out *DocumentList
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, _, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		out, err = s.caseDocumentList(ctx, tx, actor, c)
		return err
	})
	return out, err
}

// Document returns one document visible to the actor.
func (s *Service) Document(ctx context.Context, id int64) (*DocumentView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var v *DocumentView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		d, c, err := s.visibleDocument(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		var corrected *zhifa.Document
		if d.Corrects != 0 {
			if corrected, err = tx.Document(ctx, d.Corrects); err != nil {
				return err
			}
		}
		v = s.withholdContent(actor, docView(d, c, corrected, mayEditCase(actor, c)))
		if v.Seal, err = documentSeal(ctx, tx, d); err != nil {
			return err
		}
		return s.setSignable(ctx, tx, actor, d, c, v)
	})
	return v, err
}

// visibleDocument loads a document and its case if the actor may read the case.
func (s *Service) visibleDocument(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.Document, *zhifa.Case, error) {
	d, err := tx.Document(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, _, err := s.k.VisibleCase(ctx, tx, actor, d.CaseID)
	if isCode(err, zhifa.ENOTFOUND) {
		return nil, nil, notVisible("文书")
	} else if err != nil {
		return nil, nil, err
	}
	return d, c, nil
}

// editableCase checks that the actor may write documents of c.
func editableCase(actor *kernel.Actor, c *zhifa.Case) error {
	if c.AgencyID != actor.AgencyID {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "只能制作本机关案件的文书")
	}
	if c.Stage == zhifa.StageArchive {
		return zhifa.Errorf(zhifa.EINVALID, "案件已归档，不能再制作或修改文书")
	}
	return nil
}

// documentData reads what documents of c are prefilled and rendered from. With personal
// set, the parties keep their decrypted ID numbers (for the final rendering of records
// that show them); otherwise they are cleared.
func (s *Service) documentData(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, personal bool) (*document.Data, error) {
	ag, err := tx.Agency(ctx, c.AgencyID)
	if err != nil {
		return nil, err
	}
	item, err := tx.Item(ctx, c.ItemID)
	if err != nil {
		return nil, err
	}
	cc := *c
	cc.Parties = append([]zhifa.Party(nil), c.Parties...)
	if !personal {
		for i := range cc.Parties {
			cc.Parties[i].IDNumber, cc.Parties[i].Phone = "", ""
		}
	}
	body, err := reviewBody(ctx, tx, ag)
	if err != nil {
		return nil, err
	}
	d := &document.Data{Agency: ag.Name, CaseNumber: c.Number, Case: &cc, ItemName: item.Name, Basis: item.Basis,
		Remedy: item.Remedy, ReviewBody: body, Today: s.k.Today()}
	// The payment reference on the decision, the execution's basis on the closing approval (issue 15).
	if d.Payment, d.Execution, err = s.deps.Execution.DocumentLines(ctx, tx, c); err != nil {
		return nil, err
	}
	if d.Enforcement, err = s.deps.Execution.EnforcementLines(ctx, tx, c); err != nil {
		return nil, err
	}
	if d.Publication, err = s.publicationNotice(ctx, tx, c); err != nil { // documents_publicity.go (issue 13)
		return nil, err
	}
	if p := c.State.Proposal; p != nil && len(p.ListEntries) > 0 {
		// Documents name the cited list entries by their titles.
		facts, err := s.proposalFacts(ctx, tx, c, item)
		if err != nil {
			return nil, err
		}
		d.Entries = map[string]zhifa.ListEntry{}
		for _, e := range facts.Entries {
			d.Entries[e.Key] = e
		}
	}
	today := d.Today
	for _, oid := range c.OfficerIDs {
		o, err := tx.Officer(ctx, oid)
		if err != nil {
			return nil, err
		}
		ref := document.Officer{Name: o.Name}
		certs, err := tx.Certificates(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		for _, cert := range certs {
			if law.MayAct(cert, today) && (item.Domain == "" || containsString(cert.Domains, item.Domain)) {
				ref.CertNo = cert.Number
				break
			}
		}
		d.Officers = append(d.Officers, ref)
	}
	docs, err := tx.Documents(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if d.Evidence, err = caseEvidence(ctx, tx, c, docs); err != nil { // documents_materials.go
		return nil, err
	}
	for _, doc := range docs {
		if doc.State == zhifa.DocIssued && doc.Type != zhifa.DocServiceReceipt {
			d.Served = append(d.Served, doc.Type.Label()+"（"+doc.Number+"）")
		}
	}
	return d, nil
}

// fieldsDigest is the SHA-256 of a document's fields (canonical JSON: sorted keys), for
// ledger entries: the entry proves what a draft said without publishing it.
func fieldsDigest(fields map[string]string) string {
	b, _ := json.Marshal(fields) // map keys are sorted
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// docEntry is the ledger entry of a document change. It names the document by ID, type
// and number and the fields by their digest: no personal data.
func docEntry(kind string, d *zhifa.Document) *ledger.Entry {
	meta := map[string]string{"case": strconv.FormatInt(d.CaseID, 10), "document": strconv.FormatInt(d.ID, 10),
		"type": string(d.Type), "state": string(d.State), "version": strconv.Itoa(d.Version), "fields_sha256": fieldsDigest(d.Fields)}
	if d.Number != "" {
		meta["number"] = d.Number
	}
	if d.Corrects != 0 {
		meta["corrects"] = strconv.FormatInt(d.Corrects, 10)
	}
	return &ledger.Entry{Kind: kind, Meta: meta}
}

// CreateDocument drafts a new document of the type for a case, prefilled from the case.
func (s *Service) CreateDocument(ctx context.Context, caseID int64, in DocumentCreate) (*DocumentView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	var id int64
	err := s.k.Write(ctx, "document.create", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("case", caseID)
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		if err := editableCase(actor, c); err != nil {
			return err
		}
		if err := law.DocumentAllowed(c, in.Type); err != nil {
			return err
		}
		data, err := s.documentData(ctx, tx, c, false)
		if err != nil {
			return err
		}
		d := &zhifa.Document{CaseID: c.ID, AgencyID: c.AgencyID, Type: in.Type, State: zhifa.DocDraft,
			Fields: document.Prefill(in.Type, data), CreatedBy: max(actor.UserID, 0), CreatedAt: s.k.Now(), UpdatedAt: s.k.Now()}
		prefillNotice(c, ag, d) // the derived hearing right and the agency's periods (notice.go)
		if err := tx.CreateDocument(ctx, d); err != nil {
			return err
		}
		id = d.ID
		rec.Object, rec.Detail = objectRef("document", d.ID), c.Number+" "+in.Type.Label()
		return s.k.QueueCaseEntry(ctx, tx, c, docEntry("document.create", d))
	})
	if err != nil {
		return nil, err
	}
	return s.Document(ctx, id)
}

// checkFields validates edited fields against the type's keys and limits.
func checkFields(t zhifa.DocType, fields map[string]string, correction bool) (map[string]string, error) {
	s := document.SpecOf(t)
	c := newChecker()
	out := map[string]string{}
	for k, v := range fields {
		switch {
		case k == CorrectionReasonKey && correction:
			c.Text("fields."+k, &v, true, maxDocReason)
		case !s.Has(k):
			c.Add("fields."+k, "该文书没有此栏目")
			continue
		default:
			v = strings.ReplaceAll(v, "\r\n", "\n")
			c.Text("fields."+k, &v, false, maxDocField)
		}
		out[k] = v
	}
	return out, c.Err()
}

// SaveDocument saves the edited fields of a draft. Fields not given keep their value.
func (s *Service) SaveDocument(ctx context.Context, id int64, in DocumentInput) (*DocumentView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "document.save", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("document", id)
		d, c, err := s.visibleDocument(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.ObjectPath = pathOf(ctx, tx, c.AgencyID)
		if err := editableCase(actor, c); err != nil {
			return err
		}
		if d.State != zhifa.DocDraft {
			return zhifa.Errorf(zhifa.ECONFLICT, "文书已签发，不能修改；如有错误请制作更正文书")
		}
		if in.Version != d.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "文书已被他人修改（当前版本%d），请刷新后重试", d.Version)
		}
		fields, err := checkFields(d.Type, in.Fields, d.Corrects != 0)
		if err != nil {
			return err
		}
		if err := guardApprovalFields(d, fields); err != nil { // approval_forms.go
			return err
		}
		if err := guardGeneratedFields(d, fields); err != nil { // documents_materials.go
			return err
		}
		for k, v := range fields {
			d.Fields[k] = v
		}
		d.UpdatedAt = s.k.Now()
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		rec.Detail = c.Number + " " + d.Type.Label() + " 第" + strconv.Itoa(d.Version) + "版"
		return s.k.QueueCaseEntry(ctx, tx, c, docEntry("document.save", d))
	})
	if err != nil {
		return nil, err
	}
	return s.Document(ctx, id)
}

// documentNumber is the number an issued document of the type gets: the case number, the
// type's character and its ordinal among the case's issued documents of the type.
func documentNumber(c *zhifa.Case, t zhifa.DocType, docs []*zhifa.Document) string {
	n := 1
	for _, d := range docs {
		if d.Type == t && d.Number != "" {
			n++
		}
	}
	return fmt.Sprintf("%s-%s%d", c.Number, docAbbr[t], n)
}

// correctsLine is the line a correction shows about what it corrects.
func correctsLine(old *zhifa.Document, reason string) string {
	s := old.Type.Label() + "（" + old.Number + "）"
	if reason != "" {
		s += "，更正事由：" + reason
	}
	return s
}

// renderDocument renders d for c: the final document (personal data where the type
// shows it) or a draft preview.
func (s *Service) renderDocument(ctx context.Context, tx zhifa.Tx, d *zhifa.Document, c *zhifa.Case, number string, final bool, sealed *zhifa.SealKey) ([]byte, error) {
	data, err := s.documentData(ctx, tx, c, final)
	if err != nil {
		return nil, err
	}
	meta := document.Meta{Number: number, Draft: !final, SealImage: sealImage(sealed)}
	if final {
		meta.IssuedAt = s.k.Now()
	}
	if d.Corrects != 0 {
		old, err := tx.Document(ctx, d.Corrects)
		if err != nil {
			return nil, err
		}
		meta.Corrects = correctsLine(old, d.Fields[CorrectionReasonKey])
	}
	return document.Render(document.SpecOf(d.Type), meta, d.Fields, data)
}

// DocumentPreview renders a draft as it would be issued, marked 草稿 and with personal ID
// numbers masked. An issued document is read with DocumentContent.
func (s *Service) DocumentPreview(ctx context.Context, id int64) ([]byte, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var out []byte
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		d, c, err := s.visibleDocument(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if d.State != zhifa.DocDraft {
			return zhifa.Errorf(zhifa.EINVALID, "文书已签发，请查看签发文本")
		}
		out, err = s.renderDocument(ctx, tx, d, c, "", false, nil)
		return err
	})
	return out, err
}

// IssueDocument issues (签发) a draft: the gates of its type, then the final HTML into
// evidence storage, the evidence row, the case record and the frozen document in one
// transaction with one ledger entry. A stale version is ECONFLICT.
func (s *Service) IssueDocument(ctx context.Context, id int64, in DocumentIssue) (*DocumentView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	if s.deps.Blobs == nil {
		return nil, kernel.ErrNoBlobs()
	}
	// Check and render first, then store the bytes, then record them; the transaction
	// repeats every check, so a concurrent change makes it fail with nothing recorded
	// (the stored blob then stays unreferenced, as for evidence uploads).
	var html []byte
	var number string
	// The agency's active seal signs the PDF (seals.go); it is read with the draft.
	var sealKey *zhifa.SealKey
	var signer *seal.Signer
	var renderedDigest string // the fields rendered, generated ones refreshed
	check := func(tx zhifa.Tx) (*zhifa.Document, *zhifa.Case, error) {
		d, c, err := s.visibleDocument(ctx, tx, actor, id)
		if err != nil {
			return nil, nil, err
		}
		if err := editableCase(actor, c); err != nil {
			return nil, nil, err
		}
		if d.State != zhifa.DocDraft {
			return nil, nil, zhifa.Errorf(zhifa.ECONFLICT, "文书已签发")
		}
		if in.Version != d.Version {
			return nil, nil, zhifa.Errorf(zhifa.ECONFLICT, "文书已被他人修改（当前版本%d），请刷新后重试", d.Version)
		}
		if err := s.refreshGenerated(ctx, tx, d, c); err != nil { // documents_materials.go
			return nil, nil, err
		}
		if err := document.Check(d.Type, d.Fields); err != nil {
			return nil, nil, err
		}
		if err := checkDiscretion(d, c); err != nil {
			return nil, nil, err
		}
		if err := checkFormSignature(ctx, tx, d, c); err != nil { // approval_forms.go
			return nil, nil, err
		}
		if err := checkRemedy(d, c); err != nil {
			return nil, nil, err
		}
		if d.Corrects != 0 {
			old, err := tx.Document(ctx, d.Corrects)
			if err != nil {
				return nil, nil, err
			}
			if old.State != zhifa.DocIssued {
				return nil, nil, zhifa.Errorf(zhifa.ECONFLICT, "被更正的文书已被更正过")
			}
		}
		return d, c, nil
	}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		d, c, err := check(tx)
		if err != nil {
			return err
		}
		docs, err := tx.Documents(ctx, c.ID)
		if err != nil {
			return err
		}
		number = documentNumber(c, d.Type, docs)
		ag, err := tx.Agency(ctx, c.AgencyID)
		if err != nil {
			return err
		}
		if sealKey, signer, err = s.activeSeal(ctx, tx, ag); err != nil {
			return err
		}
		html, err = s.renderDocument(ctx, tx, d, c, number, true, sealKey)
		renderedDigest = fieldsDigest(d.Fields)
		return err
	})
	if err != nil {
		s.k.AuditFailure(ctx, &audit{Action: "document.issue", Object: objectRef("document", id)}, err)
		return nil, err
	}
	h, err := s.deps.Blobs.Put(ctx, bytes.NewReader(html), s.deps.MaxSize)
	if err != nil {
		err = &zhifa.Error{Code: zhifa.EINTERNAL, Message: "文书保存失败，请稍后重试", Err: err}
		s.k.AuditFailure(ctx, &audit{Action: "document.issue", Object: objectRef("document", id)}, err)
		return nil, err
	}
	// The PDF is printed once, now, and sealed with the HTML (documents_pdf.go).
	pdf, err := s.printIssued(ctx, html, signer, sealKey, number)
	if err != nil {
		s.k.AuditFailure(ctx, &audit{Action: "document.issue", Object: objectRef("document", id)}, err)
		return nil, err
	}
	err = s.k.Write(ctx, "document.issue", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("document", id)
		d, c, err := check(tx)
		if err != nil {
			return err
		}
		rec.ObjectPath = pathOf(ctx, tx, c.AgencyID)
		docs, err := tx.Documents(ctx, c.ID)
		if err != nil {
			return err
		}
		if documentNumber(c, d.Type, docs) != number {
			return zhifa.Errorf(zhifa.ECONFLICT, "同类文书刚被他人签发，请重试")
		}
		if fieldsDigest(d.Fields) != renderedDigest { // a record added since the rendering
			return zhifa.Errorf(zhifa.ECONFLICT, "案件记录刚有变化，请重新签发")
		}
		now := s.k.Now()
		title := d.Type.Label() + " " + number
		d.State, d.Number, d.SHA256 = zhifa.DocIssued, number, h.SHA256Hex()
		d.IssuedOn, d.IssuedBy, d.IssuedAt, d.UpdatedAt = s.k.Today(), max(actor.UserID, 0), now, now
		entry := docEntry("document.issue", d)
		entry.Meta["version"] = strconv.Itoa(d.Version + 1)
		entry.Meta["mime"] = "text/html"
		entry.Hashes = map[string]ledger.Digest{"content": {Size: h.Size, SHA256: h.SHA256, SM3: h.SM3}}
		pdf.seal(entry)
		index, err := s.k.AppendCaseEntry(ctx, tx, c, entry)
		if err != nil {
			return err
		}
		officers := append([]int64(nil), c.OfficerIDs...)
		e := &zhifa.Evidence{AgencyID: c.AgencyID, Kind: zhifa.EvidenceDocument, Title: title, MIME: "text/html",
			Size: h.Size, SHA256: h.SHA256Hex(), SM3: h.SM3Hex(), CapturedAt: entry.Time, OfficerIDs: officers,
			CaseRef: c.Number, UploadedBy: actor.UserID, UploadedAt: entry.Time, LedgerIndex: index}
		if err := tx.CreateEvidence(ctx, e); err != nil {
			return err
		}
		r := &zhifa.Record{CaseID: c.ID, Kind: zhifa.RecordDocument, Title: title, Act: docActs[d.Type],
			EvidenceID: e.ID, CreatedAt: now, CreatedBy: max(actor.UserID, 0)}
		if err := tx.AddRecord(ctx, r); err != nil {
			return err
		}
		d.EvidenceID, d.RecordID = e.ID, r.ID
		if err := pdf.store(ctx, s, tx, c, d, e); err != nil {
			return err
		}
		if err := pdf.recordSeal(ctx, s, tx, c, d); err != nil {
			return err
		}
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		if d.Corrects != 0 {
			old, err := tx.Document(ctx, d.Corrects)
			if err != nil {
				return err
			}
			old.State, old.CorrectedBy, old.UpdatedAt = zhifa.DocCorrected, d.ID, now
			if err := tx.UpdateDocument(ctx, old); err != nil {
				return err
			}
		}
		rec.Detail = c.Number + " " + title + " sha256:" + h.SHA256Hex()
		return nil
	})
	if err != nil {
		s.k.Logger().Warn("document blob stored but not recorded; it stays unreferenced", "document", id, "sha256", h.SHA256Hex(), "err", err)
		return nil, err
	}
	return s.Document(ctx, id)
}

// CorrectDocument starts a correction (更正) of an issued document: a new draft of the
// same type with the old fields and the reason, referencing it. The old document stays
// as it is; it becomes 已更正 when the correction is issued.
func (s *Service) CorrectDocument(ctx context.Context, id int64, in DocumentCorrect) (*DocumentView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	chk := newChecker()
	chk.Text("reason", &in.Reason, true, maxDocReason)
	if err := chk.Err(); err != nil {
		return nil, err
	}
	var newID int64
	err := s.k.Write(ctx, "document.correct", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("document", id)
		old, c, err := s.visibleDocument(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.ObjectPath = pathOf(ctx, tx, c.AgencyID)
		if err := editableCase(actor, c); err != nil {
			return err
		}
		if old.State != zhifa.DocIssued {
			return zhifa.Errorf(zhifa.EINVALID, "只能更正已签发且未被更正的文书")
		}
		docs, err := tx.Documents(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if d.Corrects == old.ID && d.State == zhifa.DocDraft {
				return zhifa.Errorf(zhifa.ECONFLICT, "该文书已有一份更正草稿（文书%d），请编辑那一份", d.ID)
			}
		}
		fields := map[string]string{CorrectionReasonKey: in.Reason}
		for k, v := range old.Fields {
			fields[k] = v
		}
		fields[CorrectionReasonKey] = in.Reason
		if law.IsApprovalForm(old.Type) { // a corrected form is signed again (approval_forms.go)
			fields[approvalKey] = ""
			delete(fields, approvalByKey)
			delete(fields, approvalAtKey)
		}
		d := &zhifa.Document{CaseID: c.ID, AgencyID: c.AgencyID, Type: old.Type, State: zhifa.DocDraft, Fields: fields,
			Corrects: old.ID, CreatedBy: max(actor.UserID, 0), CreatedAt: s.k.Now(), UpdatedAt: s.k.Now()}
		if err := tx.CreateDocument(ctx, d); err != nil {
			return err
		}
		newID = d.ID
		rec.Detail = c.Number + " 更正 " + old.Type.Label() + " " + old.Number
		entry := docEntry("document.correct", d)
		entry.Meta["reason"] = in.Reason
		_, err = s.k.AppendCaseEntry(ctx, tx, c, entry)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Document(ctx, newID)
}

// DocumentContent returns the issued HTML of a document: the evidence content, read
// through the access log like every evidence read (D4; supervisors give a reason).
func (s *Service) DocumentContent(ctx context.Context, id int64, reason string) ([]byte, *DocumentView, error) {
	v, err := s.Document(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.issuedContent(ctx, v, reason)
	return b, v, err
}

// issuedContent reads the issued HTML of the document v (DocumentContent).
func (s *Service) issuedContent(ctx context.Context, v *DocumentView, reason string) ([]byte, error) {
	if !v.Issued() || v.EvidenceID == 0 {
		return nil, zhifa.Errorf(zhifa.EINVALID, "文书尚未签发，只能预览草稿")
	}
	return s.readEvidence(ctx, v.EvidenceID, reason)
}

// DocumentHTML returns the HTML of a document: the issued text (DocumentContent, logged
// as an evidence read) or, for a draft, its preview (DocumentPreview).
func (s *Service) DocumentHTML(ctx context.Context, id int64, reason string) ([]byte, *DocumentView, error) {
	v, err := s.Document(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !v.Issued() {
		b, err := s.DocumentPreview(ctx, id)
		return b, v, err
	}
	b, err := s.issuedContent(ctx, v, reason)
	return b, v, err
}

// issuedDocuments returns the types of the case's issued documents and the day the latest
// of each type was issued, for the gates of the stage machine (law.StepDocuments) and the
// order of acts (law.CheckActOrder).
func issuedDocuments(ctx context.Context, tx zhifa.Tx, caseID int64) (map[zhifa.DocType]bool, map[zhifa.DocType]zhifa.Date, error) {
	docs, err := tx.Documents(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	issued, on := map[zhifa.DocType]bool{}, map[zhifa.DocType]zhifa.Date{}
	for _, d := range docs {
		if d.Issued() {
			issued[d.Type] = true
			if d.IssuedOn.After(on[d.Type]) {
				on[d.Type] = d.IssuedOn
			}
		}
	}
	return issued, on, nil
}

// checkRemedy checks the remedy of a penalty decision against the case's procedure
// (行政复议法第二十三条, law.CheckRemedy).
func checkRemedy(d *zhifa.Document, c *zhifa.Case) error {
	if d.Type != zhifa.DocPenaltyDecision {
		return nil
	}
	return law.CheckRemedy(c, d.Fields["remedy"])
}

// reviewBody is the reconsideration body of the agency's decisions
// (law.ReconsiderationBody: the agency's own setting, else by the agency tree).
func reviewBody(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (string, error) {
	var ancestors []*zhifa.Agency
	for p := ag.ParentID; p != 0 && strings.TrimSpace(ag.ReviewBody) == ""; {
		up, err := tx.Agency(ctx, p)
		if err != nil {
			return "", err
		}
		ancestors = append(ancestors, up)
		p = up.ParentID
	}
	return law.ReconsiderationBody(ag, ancestors), nil
}
