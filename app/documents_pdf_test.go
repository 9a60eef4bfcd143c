package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync/atomic"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/blob"
	"zhifa/document"
	"zhifa/ledger"
)

// fakePrinter "prints" HTML by prefixing it, counting the prints; fail makes it fail.
type fakePrinter struct {
	prints atomic.Int32
	fail   bool
}

func (p *fakePrinter) PDF(_ context.Context, html []byte) ([]byte, error) {
	p.prints.Add(1)
	if p.fail {
		return nil, errors.New("chromium crashed")
	}
	return append([]byte("%PDF-fake\n"), html...), nil
}

// TestDocumentPDFStored: with a printer, issuing prints the PDF once, stores it as
// evidence and seals its digest in the issue's ledger entry; every request serves those
// bytes without printing again. A failed print fails the issue and leaves the draft.
// Without a printer the document is issued without PDF and a request says so.
func TestDocumentPDFStored(t *testing.T) {
	for _, tt := range []struct {
		name    string
		printer *fakePrinter
		nilPtr  bool // a typed nil *document.Printer: no Chromium found
	}{
		{"printer", &fakePrinter{}, false},
		{"failing printer", &fakePrinter{fail: true}, false},
		{"no printer", nil, false},
		{"no Chromium", nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newCaseWorld(t)
			blobs, err := blob.OpenDir(context.Background(), t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			opts := app.Options{Now: w.clock.Now, Blobs: blobs}
			switch {
			case tt.printer != nil:
				opts.Printer = tt.printer
			case tt.nilPtr:
				opts.Printer = (*document.Printer)(nil)
			}
			w.app = app.New(w.store, opts)
			v := w.file(t, w.input(zhifa.CasePenalty))
			v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
			ctx := w.as(t, "officer1")
			d, err := w.app.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocPenaltyNotice})
			if err != nil {
				t.Fatal(err)
			}
			d, err = w.app.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: map[string]string{
				"proposed": "罚款人民币五千元", "party_address": "东港市海滨路1号"}})
			if err != nil {
				t.Fatal(err)
			}
			before := w.ledgerSize(t)
			issued, err := w.app.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
			if tt.printer != nil && tt.printer.fail {
				wantCode(t, err, zhifa.EINTERNAL)
				again, gerr := w.app.Document(ctx, d.ID)
				if gerr != nil || again.State != zhifa.DocDraft || w.ledgerSize(t) != before {
					t.Errorf("after a failed print: %+v %v, %d entries appended", again, gerr, w.ledgerSize(t)-before)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.printer == nil {
				if issued.PDFEvidenceID != 0 {
					t.Errorf("issued without a printer has PDF evidence %d", issued.PDFEvidenceID)
				}
				if _, _, err := w.app.DocumentPDF(ctx, d.ID, ""); !errors.Is(err, document.ErrNoChromium) {
					t.Errorf("PDF without a printer: %v, want ErrNoChromium", err)
				}
				return
			}
			if issued.PDFEvidenceID == 0 || tt.printer.prints.Load() != 1 {
				t.Fatalf("issued: PDF evidence %d after %d prints", issued.PDFEvidenceID, tt.printer.prints.Load())
			}
			// The entry seals both files; the PDF's evidence row names the same entry.
			pdfEv, err := w.app.Evidence().Evidence(ctx, issued.PDFEvidenceID)
			if err != nil || pdfEv.MIME != "application/pdf" || pdfEv.CaseRef != v.Number {
				t.Fatalf("PDF evidence %+v %v", pdfEv, err)
			}
			var entry *ledger.Entry
			if n := w.ledgerSize(t) - before; n != 2 {
				t.Errorf("issue with its PDF appended %d entries, want 2 (document.issue, document.pdf)", n)
			}
			htmlEv, err := w.app.Evidence().Evidence(ctx, issued.EvidenceID)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.store.View(context.Background(), func(tx zhifa.Tx) error {
				es, err := tx.LedgerEntries(context.Background(), htmlEv.LedgerIndex, htmlEv.LedgerIndex+1)
				if err != nil || len(es) != 1 {
					t.Fatalf("entries %v %v", es, err)
				}
				entry, err = ledger.ParseEntry(es[0].Data)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			sealed := entry.Hashes["pdf"].SHA256
			if entry.Kind != "document.issue" || hex.EncodeToString(sealed[:]) != pdfEv.SHA256 ||
				entry.Hashes["content"].SHA256 == entry.Hashes["pdf"].SHA256 {
				t.Errorf("entry hashes %+v, PDF evidence sha256 %s", entry.Hashes, pdfEv.SHA256)
			}
			// Served byte for byte as sealed, twice, without printing again.
			var first []byte
			for range 2 {
				pdf, _, err := w.app.DocumentPDF(ctx, d.ID, "")
				if err != nil {
					t.Fatal(err)
				}
				if sum := sha256.Sum256(pdf); sum != entry.Hashes["pdf"].SHA256 {
					t.Errorf("served PDF hashes to %x, sealed %x", sum, entry.Hashes["pdf"].SHA256)
				}
				if first != nil && !bytes.Equal(first, pdf) {
					t.Error("two requests served different bytes")
				}
				first = pdf
			}
			if n := tt.printer.prints.Load(); n != 1 {
				t.Errorf("printed %d times, want once", n)
			}
			// The PDF reads go through the access log like any evidence read (D4).
			logs, err := w.app.Evidence().EvidenceAccess(w.as(t, "head1"), issued.PDFEvidenceID, zhifa.Page{})
			if err != nil || logs.Total != 2 {
				t.Errorf("PDF access log %+v %v, want 2 reads", logs, err)
			}
		})
	}
}
