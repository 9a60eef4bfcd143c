package app_test

import (
	"context"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/blob"
	"zhifa/law"
	"zhifa/ledger"
)

// withBlobs gives the case world evidence storage, which issuing documents needs.
func (w *caseWorld) withBlobs(t *testing.T) {
	t.Helper()
	blobs, err := blob.OpenDir(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w.app = app.New(w.store, app.Options{Now: w.clock.Now, Blobs: blobs})
}

// issueDoc drafts a document of the type for the case, fills every empty field and
// issues it, as login.
func (w *caseWorld) issueDoc(t *testing.T, login string, caseID int64, typ zhifa.DocType) *app.DocumentView {
	t.Helper()
	ctx := w.as(t, login)
	d, err := w.app.CreateDocument(ctx, caseID, app.DocumentCreate{Type: typ})
	if err != nil {
		t.Fatalf("create %s: %v", typ, err)
	}
	fill := map[string]string{}
	for _, f := range d.FieldList {
		if strings.TrimSpace(d.Fields[f.Key]) == "" && !(f.Key == "approval" && law.IsApprovalForm(typ)) {
			fill[f.Key] = "经核实：" + f.Label
		}
	}
	if len(fill) > 0 {
		if d, err = w.app.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: fill}); err != nil {
			t.Fatalf("save %s: %v", typ, err)
		}
	}
	if law.IsApprovalForm(typ) { // the head signs the approval in their own session
		if d, err = w.app.SignApproval(w.as(t, "head1"), d.ID, app.ApprovalSign{Version: d.Version, Opinion: "同意。"}); err != nil {
			t.Fatalf("sign %s: %v", typ, err)
		}
	}
	d, err = w.app.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
	if err != nil {
		t.Fatalf("issue %s: %v", typ, err)
	}
	return d
}

// setProposal sets the case's proposed decision through the store, as the propose step
// does.
func (w *caseWorld) setProposal(t *testing.T, caseID int64, p *zhifa.Proposal) {
	t.Helper()
	if err := w.store.Update(context.Background(), func(tx zhifa.Tx) error {
		c, err := tx.Case(context.Background(), caseID)
		if err != nil {
			return err
		}
		c.State.Proposal = p
		return tx.UpdateCase(context.Background(), c)
	}); err != nil {
		t.Fatal(err)
	}
}

func (w *caseWorld) refresh(t *testing.T, id int64) *app.CaseView {
	t.Helper()
	v, err := w.app.Case(w.as(t, "officer1"), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDocumentLifecycle: a draft prefilled from the case, saved with an optimistic
// version, issued once (frozen, evidence + record + one ledger entry with the content's
// hashes), and the notice gate of the notify step (行政处罚法 Art. 44).
func TestDocumentLifecycle(t *testing.T) {
	w := newCaseWorld(t)
	w.withBlobs(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	ctx := w.as(t, "officer1")

	// The notice belongs to the investigation: not yet at filing.
	_, err := w.app.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocPenaltyNotice})
	wantCode(t, err, zhifa.EINVALID)
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	if !hasMissing(v, "notify", law.RuleNoticeDocument) {
		t.Errorf("missing %+v, want the notice document for notify", v.Missing)
	}
	_, err = w.act(t, "officer1", v, "notify", app.ActionInput{})
	wantGate(t, err, law.RuleNoticeDocument)

	before := w.ledgerSize(t)
	d, err := w.app.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocPenaltyNotice})
	if err != nil {
		t.Fatal(err)
	}
	if w.ledgerSize(t) != before+1 {
		t.Error("create appended no ledger entry")
	}
	if d.State != zhifa.DocDraft || d.Fields["party_name"] != "李某" || d.Fields["facts"] != "销售超过保质期的食品" ||
		!strings.Contains(d.Fields["basis"], "第一百一十条") || !strings.Contains(d.Fields["rights"], "陈述、申辩") {
		t.Errorf("prefilled %+v", d.Fields)
	}
	list, err := w.app.CaseDocuments(ctx, v.ID)
	if err != nil || len(list.Documents) != 1 || !list.CanCreate || len(list.Types) == 0 {
		t.Fatalf("list %+v %v", list, err)
	}

	// Save: a stale version is ECONFLICT; an unknown field EINVALID; nothing changes.
	_, err = w.app.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version + 1, Fields: map[string]string{"facts": "x"}})
	wantCode(t, err, zhifa.ECONFLICT)
	_, err = w.app.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: map[string]string{"nonsense": "x"}})
	wantCode(t, err, zhifa.EINVALID)
	d, err = w.app.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: map[string]string{
		"facts": "当事人于2026年2月20日销售超过保质期的食品", "proposed": "罚款人民币五千元", "party_address": "东港市海滨路1号"}})
	if err != nil || d.Version != 2 || d.Fields["facts"] != "当事人于2026年2月20日销售超过保质期的食品" || d.Fields["party_name"] != "李某" {
		t.Fatalf("saved %+v %v", d, err)
	}
	preview, err := w.app.DocumentPreview(ctx, d.ID)
	if err != nil || !strings.Contains(string(preview), "草稿") || !strings.Contains(string(preview), "罚款人民币五千元") {
		t.Fatalf("preview: %v", err)
	}

	// Issue: stale version first.
	_, err = w.app.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: 1})
	wantCode(t, err, zhifa.ECONFLICT)
	before = w.ledgerSize(t)
	d, err = w.app.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
	if err != nil {
		t.Fatal(err)
	}
	if w.ledgerSize(t) != before+1 {
		t.Errorf("issue appended %d ledger entries, want 1", w.ledgerSize(t)-before)
	}
	if d.State != zhifa.DocIssued || d.Number != v.Number+"-告1" || d.EvidenceID == 0 || d.RecordID == 0 || d.SHA256 == "" || d.IssuedOn.IsZero() {
		t.Fatalf("issued %+v", d.Document)
	}
	// The entry carries the content's hashes; the evidence row points at it.
	ev, err := w.app.Evidence().Evidence(ctx, d.EvidenceID)
	if err != nil || ev.SHA256 != d.SHA256 || ev.Kind != zhifa.EvidenceDocument || ev.MIME != "text/html" || ev.CaseRef != v.Number {
		t.Fatalf("evidence %+v %v", ev, err)
	}
	var entry *ledger.Entry
	if err := w.store.View(context.Background(), func(tx zhifa.Tx) error {
		es, err := tx.LedgerEntries(context.Background(), ev.LedgerIndex, ev.LedgerIndex+1)
		if err != nil || len(es) != 1 {
			t.Fatalf("entries %v %v", es, err)
		}
		entry, err = ledger.ParseEntry(es[0].Data)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if entry.Kind != "document.issue" || entry.Meta["number"] != d.Number || entry.Hashes["content"].Size != ev.Size {
		t.Errorf("entry %+v", entry)
	}
	// The record on the case (kind document, act notify, the evidence) — what a case-file
	// export walks.
	v = w.refresh(t, v.ID)
	var rec *zhifa.Record
	for _, r := range v.Records {
		if r.ID == d.RecordID {
			rec = r
		}
	}
	if rec == nil || rec.Kind != zhifa.RecordDocument || rec.Act != "notify" || rec.EvidenceID != d.EvidenceID {
		t.Errorf("record %+v", rec)
	}
	// Frozen: no more edits, no second issue; the content reads back through the access log.
	_, err = w.app.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: map[string]string{"facts": "改"}})
	wantCode(t, err, zhifa.ECONFLICT)
	_, err = w.app.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
	wantCode(t, err, zhifa.ECONFLICT)
	html, _, err := w.app.DocumentContent(ctx, d.ID, "")
	if err != nil || !strings.Contains(string(html), d.Number) || strings.Contains(string(html), "草稿") ||
		!strings.Contains(string(html), "当事人于2026年2月20日") {
		t.Fatalf("content: %v", err)
	}
	logs, err := w.app.Evidence().EvidenceAccess(w.as(t, "head1"), d.EvidenceID, zhifa.Page{})
	if err != nil || logs.Total != 1 {
		t.Errorf("access log %+v %v", logs, err)
	}
	// Now the party may be notified (of the proposed decision, which the notice states).
	w.setProposal(t, v.ID, &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 500000, Reason: "货值较大", Revision: 1})
	v = w.refresh(t, v.ID)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{})
	if v.Stage != zhifa.StageNotify {
		t.Errorf("stage %s", v.Stage)
	}
}

// TestDocumentCorrection: a correction (更正) is a new document referencing the old one;
// issuing it marks the old one 已更正, which stays readable and unchanged.
func TestDocumentCorrection(t *testing.T) {
	w := newCaseWorld(t)
	w.withBlobs(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	ctx := w.as(t, "officer1")
	old := w.issueDoc(t, "officer1", v.ID, zhifa.DocFilingApproval)
	oldHTML, _, err := w.app.DocumentContent(ctx, old.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.app.CorrectDocument(ctx, old.ID, app.DocumentCorrect{})
	wantCode(t, err, zhifa.EINVALID) // a reason is required
	c, err := w.app.CorrectDocument(ctx, old.ID, app.DocumentCorrect{Reason: "案件来源填写有误"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Corrects != old.ID || c.State != zhifa.DocDraft || c.Fields["source"] != old.Fields["source"] || c.CorrectsNumber == "" {
		t.Fatalf("correction %+v", c)
	}
	_, err = w.app.CorrectDocument(ctx, old.ID, app.DocumentCorrect{Reason: "再次"})
	wantCode(t, err, zhifa.ECONFLICT) // one open correction at a time
	c, err = w.app.SaveDocument(ctx, c.ID, app.DocumentInput{Version: c.Version, Fields: map[string]string{"source": "投诉举报"}})
	if err != nil {
		t.Fatal(err)
	}
	// The corrected approval form carries no signature: the head signs it again (issue 9 §1).
	if c.Fields["approval"] != "" || c.Signed {
		t.Errorf("correction kept the old signature: %q", c.Fields["approval"])
	}
	_, err = w.app.IssueDocument(ctx, c.ID, app.DocumentIssue{Version: c.Version})
	wantGate(t, err, law.RuleApprovalForm)
	if c, err = w.app.SignApproval(w.as(t, "head1"), c.ID, app.ApprovalSign{Version: c.Version, Opinion: "同意立案。"}); err != nil {
		t.Fatal(err)
	}
	c, err = w.app.IssueDocument(ctx, c.ID, app.DocumentIssue{Version: c.Version})
	if err != nil {
		t.Fatal(err)
	}
	if c.Number != v.Number+"-立2" {
		t.Errorf("correction number %s", c.Number)
	}
	o, err := w.app.Document(ctx, old.ID)
	if err != nil || o.State != zhifa.DocCorrected || o.CorrectedBy != c.ID || o.Correctable || o.StateLabel != "已更正" {
		t.Fatalf("old after correction %+v %v", o, err)
	}
	html, _, err := w.app.DocumentContent(ctx, c.ID, "")
	if err != nil || !strings.Contains(string(html), "本文书更正") || !strings.Contains(string(html), "投诉举报") {
		t.Fatalf("correction content %v", err)
	}
	again, _, err := w.app.DocumentContent(ctx, old.ID, "")
	if err != nil || string(again) != string(oldHTML) {
		t.Errorf("the corrected document changed: %v", err)
	}
	_, err = w.app.CorrectDocument(ctx, old.ID, app.DocumentCorrect{Reason: "再更正"})
	wantCode(t, err, zhifa.EINVALID) // already corrected: correct the correction
}

// TestDecisionDocumentGates: a penalty decision is issued only with every element of
// 行政处罚法 Art. 59, and quotes the proposal's discretion (B3); a refused issue changes
// nothing.
func TestDecisionDocumentGates(t *testing.T) {
	w := newCaseWorld(t)
	w.withBlobs(t)
	in := w.input(zhifa.CasePenalty)
	in.Procedure = zhifa.ProcSummary
	in.Parties[0].Address = "东港市海滨路1号"
	v := w.file(t, in)
	ctx := w.as(t, "officer1")
	// The proposal with its discretion level (set through the store, as the propose
	// step would).
	w.setProposal(t, v.ID, &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 20000, Level: "一般", BenchmarkID: 3, BenchmarkVersion: 2,
		Reason: "初次违法，货值较小", Revision: 1})
	d, err := w.app.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocPenaltyDecision})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Fields["discretion"], "一般") || !strings.Contains(d.Fields["discretion"], "初次违法") ||
		!strings.Contains(d.Fields["penalty"], "罚款人民币200元") || !strings.Contains(d.Fields["remedy"], "六十日") && !strings.Contains(d.Fields["remedy"], "60日") {
		t.Errorf("prefilled decision %+v", d.Fields)
	}
	if len(d.Unmet) != 0 {
		t.Errorf("a prefilled decision lacks %v", d.Unmet)
	}
	for _, tc := range []struct {
		field, value, rule string
	}{
		{"remedy", "", law.RuleDecisionDocument},            // Art. 59 (五)
		{"remedy", "可以申请行政复议", law.RuleDecisionDocument},    // both channels and periods
		{"performance", "", law.RuleDecisionDocument},       // (四)
		{"party_address", "", law.RuleDecisionDocument},     // (一)
		{"seal", "", law.RuleDecisionDocument},              // ¶2
		{"discretion", "依据裁量基准。", app.RuleDiscretionStated}, // B3: the level is not quoted
		{"discretion", "", app.RuleDiscretionStated},        // B3
	} {
		good := d.Fields[tc.field]
		d, err = w.app.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: map[string]string{tc.field: tc.value}})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Unmet) == 0 {
			t.Errorf("%s=%q: no unmet element shown", tc.field, tc.value)
		}
		before := w.ledgerSize(t)
		_, err = w.app.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
		wantGate(t, err, tc.rule)
		if w.ledgerSize(t) != before {
			t.Error("a refused issue appended a ledger entry")
		}
		if d, err = w.app.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: map[string]string{tc.field: good}}); err != nil {
			t.Fatal(err)
		}
	}
	d, err = w.app.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
	if err != nil {
		t.Fatal(err)
	}
	html, _, err := w.app.DocumentContent(ctx, d.ID, "")
	if err != nil || !strings.Contains(string(html), "一般") || !strings.Contains(string(html), "行政诉讼") {
		t.Errorf("decision content: %v", err)
	}
}

// TestDocumentPermissions: another agency's officer neither sees nor edits; a supervisor
// reads (content with a reason, D4) but cannot write; a reviewer cannot write.
func TestDocumentPermissions(t *testing.T) {
	w := newCaseWorld(t)
	w.withBlobs(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	d := w.issueDoc(t, "officer1", v.ID, zhifa.DocFilingApproval)
	draft, err := w.app.CreateDocument(w.as(t, "officer1"), v.ID, app.DocumentCreate{Type: zhifa.DocInspectionRecord})
	if err != nil {
		t.Fatal(err)
	}
	out := w.as(t, "outsider")
	_, err = w.app.Document(out, d.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = w.app.CaseDocuments(out, v.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = w.app.SaveDocument(out, draft.ID, app.DocumentInput{Version: draft.Version, Fields: map[string]string{"findings": "x"}})
	wantCode(t, err, zhifa.EFORBIDDEN) // an admin has no case permission at all
	_, _, err = w.app.DocumentContent(out, d.ID, "")
	wantCode(t, err, zhifa.ENOTFOUND)

	sup := w.as(t, "supervisor1")
	list, err := w.app.CaseDocuments(sup, v.ID)
	if err != nil || len(list.Documents) != 2 || list.CanCreate || len(list.Types) != 0 || list.Documents[1].Editable {
		t.Fatalf("supervisor list %+v %v", list, err)
	}
	_, err = w.app.CreateDocument(sup, v.ID, app.DocumentCreate{Type: zhifa.DocInquiryRecord})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.SaveDocument(sup, draft.ID, app.DocumentInput{Version: draft.Version, Fields: map[string]string{"findings": "x"}})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.IssueDocument(sup, draft.ID, app.DocumentIssue{Version: draft.Version})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.CorrectDocument(sup, d.ID, app.DocumentCorrect{Reason: "x"})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, _, err = w.app.DocumentContent(sup, d.ID, "")
	wantCode(t, err, zhifa.EINVALID) // supervisors give a reason (D4)
	if _, _, err = w.app.DocumentContent(sup, d.ID, "案卷评查"); err != nil {
		t.Fatal(err)
	}
	_, err = w.app.CreateDocument(w.as(t, "reviewer1"), v.ID, app.DocumentCreate{Type: zhifa.DocInquiryRecord})
	wantCode(t, err, zhifa.EFORBIDDEN)
	// The draft is untouched by all of this.
	got, err := w.app.Document(w.as(t, "officer1"), draft.ID)
	if err != nil || got.Version != draft.Version {
		t.Errorf("draft changed: %+v %v", got, err)
	}
}

// TestDocumentPersonalData: an inquiry record shows the person's 身份证号 in full only in
// the issued document; the draft and its preview mask it, and no ledger entry holds it.
func TestDocumentPersonalData(t *testing.T) {
	w := newCaseWorld(t)
	w.withBlobs(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	ctx := w.as(t, "officer1")
	const id = "370202199001011237"
	d, err := w.app.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocInquiryRecord})
	if err != nil {
		t.Fatal(err)
	}
	for k, val := range d.Fields {
		if strings.Contains(val, id) {
			t.Errorf("draft field %s holds the ID number", k)
		}
	}
	preview, err := w.app.DocumentPreview(ctx, d.ID)
	if err != nil || strings.Contains(string(preview), id) || !strings.Contains(string(preview), "370202") {
		t.Fatalf("preview (masked ID expected): %v", err)
	}
	d = w.issueDoc(t, "officer1", v.ID, zhifa.DocInquiryRecord)
	html, _, err := w.app.DocumentContent(ctx, d.ID, "")
	if err != nil || !strings.Contains(string(html), id) {
		t.Fatalf("issued inquiry record lacks the ID number: %v", err)
	}
	// A notice never shows it.
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	n := w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	nh, _, err := w.app.DocumentContent(ctx, n.ID, "")
	if err != nil || strings.Contains(string(nh), id) {
		t.Errorf("notice shows the ID number: %v", err)
	}
	if err := w.store.View(context.Background(), func(tx zhifa.Tx) error {
		size, _ := tx.LedgerSize(context.Background())
		es, err := tx.LedgerEntries(context.Background(), 0, size)
		for _, e := range es {
			if strings.Contains(string(e.Data), id) || strings.Contains(string(e.Data), "李某") {
				t.Errorf("ledger entry %d holds personal data", e.Index)
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestDecisionReviewBody: the decision names the reconsideration body the agency sets
// for itself (行政复议法第二十七条, vertical leadership), else its government by the tree
// (第二十四条第一款第一项).
func TestDecisionReviewBody(t *testing.T) {
	w := newCaseWorld(t)
	ctx := w.as(t, "officer1")
	remedy := func() string {
		t.Helper()
		in := w.input(zhifa.CasePenalty)
		in.Procedure = zhifa.ProcSummary // decided on the spot: the document is drafted at filing
		v := w.file(t, in)
		w.setProposal(t, v.ID, &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 20000, Level: "一般", Reason: "初次违法", Revision: 1})
		d, err := w.app.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocPenaltyDecision})
		if err != nil {
			t.Fatal(err)
		}
		return d.Fields["remedy"]
	}
	if r := remedy(); !strings.Contains(r, "人民政府申请行政复议") {
		t.Errorf("by the tree: %q", r)
	}
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	in := personnel.AgencyInputOf(w.market)
	in.ReviewBody = "山东省市场监督管理局"
	if _, err := w.app.Personnel().UpdateAgency(sys, w.market.ID, in); err != nil {
		t.Fatal(err)
	}
	if r := remedy(); !strings.Contains(r, "向山东省市场监督管理局申请行政复议") {
		t.Errorf("set by the agency: %q", r)
	}
}
