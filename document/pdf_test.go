package document

import (
	"bytes"
	"context"
	"testing"

	"zhifa"
	"zhifa/internal/testenv"
)

// TestPDF prints a rendered decision with Chromium: an A4 PDF with embedded fonts and a
// text layer (ToUnicode), so the Chinese text is searchable.
func TestPDF(t *testing.T) {
	printer := NewPrinter(testenv.Chromium(t), 1)
	d := sampleData()
	html, err := Render(SpecOf(zhifa.DocPenaltyDecision), Meta{Number: "东市监罚〔2026〕3号-决1"}, Prefill(zhifa.DocPenaltyDecision, d), d)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := printer.PDF(context.Background(), html)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"%PDF-", "/MediaBox", "/FontDescriptor", "/ToUnicode"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("PDF lacks %s", want)
		}
	}
}

// TestPDFWithoutChromium: no Chromium is ErrNoChromium, not a failure of the print.
func TestPDFWithoutChromium(t *testing.T) {
	printer := NewPrinter("/nonexistent/chromium", 1)
	if printer != nil {
		t.Fatal("a printer without Chromium")
	}
	if _, err := printer.PDF(context.Background(), []byte("<html></html>")); err != ErrNoChromium {
		t.Errorf("err %v, want ErrNoChromium", err)
	}
}
