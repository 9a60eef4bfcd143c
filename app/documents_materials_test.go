package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/blob"
	"zhifa/law"
)

// TestReviewMaterialDocuments drafts and issues the evidence list and the investigation
// report of a penalty case through the use cases: the list is generated from the case's
// records (an uploaded DOCX among them, with its hash), cannot be edited by hand and picks
// up a record added after drafting; the report states the case's evidence, provisions and
// proposal, may be drafted only before the review, and a report without facts is refused
// naming 行政处罚法第四十条. Each issued material becomes a record of the case.
func TestReviewMaterialDocuments(t *testing.T) {
	w := newCaseWorld(t)
	blobs, err := blob.OpenDir(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// A ledger signer, which the case file export needs.
	w.app = app.New(w.store, app.Options{Now: w.clock.Now, Blobs: blobs, LedgerSigner: newSigner(t, true)})
	v := w.file(t, w.input(zhifa.CasePenalty))
	ctx := w.as(t, "officer1")

	// Not at filing: the report concludes an investigation.
	_, err = w.app.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocInvestigationReport})
	wantCode(t, err, zhifa.EINVALID)
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})

	docx := officePackage(t, "[Content_Types].xml", ooxmlTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"))
	in := evidence.EvidenceInput{Kind: zhifa.EvidenceDocument, Title: "进货台账", MIME: evidence.MIMEDocx,
		CapturedAt: w.clock.Now().Add(-time.Hour), OfficerIDs: []int64{w.certified[0]}}
	rec, ev, err := w.app.UploadCaseEvidence(ctx, v.ID, "investigate", in, bytes.NewReader(docx))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Kind != zhifa.RecordDocument || ev.MIME != evidence.MIMEDocx {
		t.Fatalf("record %+v, evidence %+v", rec, ev.Evidence)
	}

	list, err := w.app.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocEvidenceList})
	if err != nil {
		t.Fatal(err)
	}
	if items := list.Fields["items"]; !strings.Contains(items, "1. 进货台账（文书）") || !strings.Contains(items, ev.SHA256) {
		t.Errorf("evidence list items %q", items)
	}
	_, err = w.app.SaveDocument(ctx, list.ID, app.DocumentInput{Version: list.Version, Fields: map[string]string{"items": "1. 编造的证据"}})
	if wantCode(t, err, zhifa.EINVALID); zhifa.ErrorFields(err)["fields.items"] == "" {
		t.Errorf("hand edit of the items: %v", err)
	}
	if _, err := w.app.AddRecord(ctx, v.ID, app.RecordInput{Kind: zhifa.RecordOther, Title: "当事人提交的情况说明", Act: "investigate"}); err != nil {
		t.Fatal(err)
	}
	issued, err := w.app.IssueDocument(ctx, list.ID, app.DocumentIssue{Version: list.Version})
	if err != nil {
		t.Fatal(err)
	}
	if items := issued.Fields["items"]; !strings.Contains(items, "2. 当事人提交的情况说明（其他）") || issued.RecordID == 0 {
		t.Errorf("issued list %q, record %d", items, issued.RecordID)
	}

	w.setProposal(t, v.ID, &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 300_000, Reason: "初次违法"})
	report, err := w.app.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocInvestigationReport})
	if err != nil {
		t.Fatal(err)
	}
	f := report.Fields
	if !strings.Contains(f["evidence"], "进货台账（文书）") || strings.Contains(f["evidence"], "证据清单") ||
		!strings.Contains(f["basis"], "《中华人民共和国食品安全法》第一百一十条") || !strings.Contains(f["proposed"], "罚款人民币3000元") ||
		f["party_name"] != "李某" || f["facts"] != "销售超过保质期的食品" || strings.Contains(f["discretion"], "基准") {
		t.Errorf("report fields %+v", f)
	}
	if len(report.Unmet) != 0 {
		t.Errorf("prefilled report unmet: %v", report.Unmet)
	}
	report, err = w.app.SaveDocument(ctx, report.ID, app.DocumentInput{Version: report.Version, Fields: map[string]string{"facts": ""}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.app.IssueDocument(ctx, report.ID, app.DocumentIssue{Version: report.Version})
	wantGate(t, err, law.RuleInvestigationReport)
	if err != nil && !strings.Contains(zhifa.ErrorMessage(err), "第四十条") {
		t.Errorf("refusal %q names no article", zhifa.ErrorMessage(err))
	}
	report, err = w.app.SaveDocument(ctx, report.ID, app.DocumentInput{Version: report.Version, Fields: map[string]string{"facts": "销售超过保质期的食品12箱"}})
	if err != nil {
		t.Fatal(err)
	}
	report, err = w.app.IssueDocument(ctx, report.ID, app.DocumentIssue{Version: report.Version})
	if err != nil {
		t.Fatal(err)
	}
	if report.State != zhifa.DocIssued || !strings.HasSuffix(report.Number, "-终1") {
		t.Errorf("issued report %s %s", report.State, report.Number)
	}
	// The case file holds the office file under its own extension, beside the issued materials.
	x, err := w.app.Evidence().ExportCaseFile(ctx, v.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := x.Write(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var docxFiles int
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".docx") {
			docxFiles++
		}
	}
	if docxFiles != 1 {
		t.Errorf("%d DOCX files in the case file, want 1", docxFiles)
	}
	// Another agency's officer sees no such document; a reviewer may not draft one.
	_, err = w.app.CreateDocument(w.as(t, "reviewer1"), v.ID, app.DocumentCreate{Type: zhifa.DocInvestigationReport})
	if code := zhifa.ErrorCode(err); code != zhifa.EFORBIDDEN && code != zhifa.ENOTFOUND {
		t.Errorf("reviewer drafting a report: %v", err)
	}
}
