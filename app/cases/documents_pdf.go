package cases

import (
	"bytes"
	"context"
	"errors"

	"zhifa"
	"zhifa/blob"
	"zhifa/document"
	"zhifa/ledger"
	"zhifa/seal"
)

// The PDF of an issued document (issue #11). With a printer configured, IssueDocument
// prints the final HTML once, stores the PDF as evidence beside the HTML and seals both
// digests in the same ledger entry; every later request serves those stored bytes, so
// the party receives byte for byte what the ledger sealed, and Chromium runs once per
// document instead of once per download. Documents issued without a printer (or before
// this) are printed on request from their sealed HTML.

// PDFPrinter prints a self-contained HTML page to PDF (document.Printer).
type PDFPrinter interface {
	PDF(ctx context.Context, html []byte) ([]byte, error)
}

// issuedPDF is the PDF printed at issue: its stored digests, or none without a printer,
// and the seal key that signed it, if any.
type issuedPDF struct {
	printed bool
	hashes  blob.Hashes
	sealed  *zhifa.SealKey
}

// printIssued prints the final HTML of a document being issued, signs it with the
// agency's seal when there is one (signer, of key k; seals.go) and stores the PDF. A
// failed print or signature fails the issue: a document issued with a printer always
// has its PDF, and with a seal its signature.
func (s *Service) printIssued(ctx context.Context, html []byte, signer *seal.Signer, k *zhifa.SealKey, number string) (issuedPDF, error) {
	if s.deps.Printer == nil {
		return issuedPDF{}, nil
	}
	pdf, err := s.deps.Printer.PDF(ctx, html)
	if errors.Is(err, document.ErrNoChromium) {
		return issuedPDF{}, nil // a printer without Chromium is no printer
	}
	if err != nil {
		return issuedPDF{}, &zhifa.Error{Code: zhifa.EINTERNAL, Message: "文书 PDF 生成失败，文书未签发，请稍后重试", Err: err}
	}
	if signer != nil {
		if pdf, err = seal.Sign(pdf, signer, s.k.Now(), "签发 "+number); err != nil {
			return issuedPDF{}, &zhifa.Error{Code: zhifa.EINTERNAL, Message: "文书电子签章失败，文书未签发，请稍后重试", Err: err}
		}
	}
	h, err := s.deps.Blobs.Put(ctx, bytes.NewReader(pdf), s.deps.MaxSize)
	if err != nil {
		return issuedPDF{}, &zhifa.Error{Code: zhifa.EINTERNAL, Message: "文书保存失败，请稍后重试", Err: err}
	}
	return issuedPDF{printed: true, hashes: h, sealed: k}, nil
}

// recordSeal records the seal's use on d (seal.use entry and row) when the PDF was
// signed.
func (p issuedPDF) recordSeal(ctx context.Context, s *Service, tx zhifa.Tx, c *zhifa.Case, d *zhifa.Document) error {
	if !p.printed || p.sealed == nil {
		return nil
	}
	return s.recordSealUse(ctx, tx, c, d, p.sealed, ledger.Digest{Size: p.hashes.Size, SHA256: p.hashes.SHA256, SM3: p.hashes.SM3})
}

// seal seals the PDF's digest in the ledger entry (before it is
// appended).
func (p issuedPDF) seal(entry *ledger.Entry) {
	if p.printed {
		entry.Hashes["pdf"] = ledger.Digest{Size: p.hashes.Size, SHA256: p.hashes.SHA256, SM3: p.hashes.SM3}
	}
}

// store records the PDF as evidence of the case c, like the HTML evidence html, and
// links it to d. An evidence row has an entry of its own ("document.pdf", with the PDF's
// digest), appended in the transaction after the entry.
func (p issuedPDF) store(ctx context.Context, s *Service, tx zhifa.Tx, c *zhifa.Case, d *zhifa.Document, html *zhifa.Evidence) error {
	if !p.printed {
		return nil
	}
	entry := docEntry("document.pdf", d)
	entry.Meta["mime"] = "application/pdf"
	entry.Time = html.UploadedAt
	entry.Hashes = map[string]ledger.Digest{"content": {Size: p.hashes.Size, SHA256: p.hashes.SHA256, SM3: p.hashes.SM3}}
	index, err := s.k.AppendCaseEntry(ctx, tx, c, entry)
	if err != nil {
		return err
	}
	e := *html
	e.ID, e.OfficerIDs, e.LedgerIndex = 0, append([]int64(nil), html.OfficerIDs...), index
	e.Title, e.MIME = html.Title+"（PDF）", "application/pdf"
	e.Size, e.SHA256, e.SM3 = p.hashes.Size, p.hashes.SHA256Hex(), p.hashes.SM3Hex()
	if err := tx.CreateEvidence(ctx, &e); err != nil {
		return err
	}
	d.PDFEvidenceID = e.ID
	return nil
}

// DocumentPDF returns the PDF of an issued document: the one stored when it was issued,
// read through the access log like every evidence read (D4; supervisors give a reason),
// or, for a document issued without one, its sealed HTML printed now. Without a stored
// PDF or a printer the error is document.ErrNoChromium. A draft has no PDF (EINVALID).
func (s *Service) DocumentPDF(ctx context.Context, id int64, reason string) ([]byte, *DocumentView, error) {
	v, err := s.Document(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !v.Issued() {
		return nil, nil, zhifa.Errorf(zhifa.EINVALID, "文书尚未签发，不能生成 PDF；请先签发或查看草稿预览")
	}
	if v.PDFEvidenceID != 0 {
		b, err := s.readEvidence(ctx, v.PDFEvidenceID, reason)
		return b, v, err
	}
	if s.deps.Printer == nil {
		return nil, nil, document.ErrNoChromium
	}
	b, err := s.issuedContent(ctx, v, reason)
	if err != nil {
		return nil, nil, err
	}
	pdf, err := s.deps.Printer.PDF(ctx, b)
	if errors.Is(err, document.ErrNoChromium) {
		return nil, nil, err
	}
	if err != nil {
		return nil, nil, &zhifa.Error{Code: zhifa.EINTERNAL, Message: "PDF 生成失败，请使用打印视图", Err: err}
	}
	return pdf, v, nil
}

// readEvidence reads the content of an evidence through the evidence context's OpenEvidence (access logged).
func (s *Service) readEvidence(ctx context.Context, id int64, reason string) ([]byte, error) {
	obj, _, err := s.deps.Evidence.OpenEvidence(ctx, id, reason)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(obj); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
