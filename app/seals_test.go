package app_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/blob"
	"zhifa/casefile"
	"zhifa/seal"
	"zhifa/seal/sealtest"
)

// pdfPrinter "prints" a small real PDF (sealtest.PDF), remembering the HTML it was given;
// during, if set, runs while printing (to change the world mid-issue).
type pdfPrinter struct {
	html   []byte
	during func()
}

func (p *pdfPrinter) PDF(_ context.Context, html []byte) ([]byte, error) {
	p.html = html
	if p.during != nil {
		p.during()
	}
	return sealtest.PDF("document"), nil
}

// sealWorld is a case world whose App has a seal CA and a PDF printer.
func sealWorld(t *testing.T, withCA bool) (*caseWorld, *pdfPrinter, *seal.CA) {
	t.Helper()
	w := newCaseWorld(t)
	blobs, err := blob.OpenDir(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := &pdfPrinter{}
	opts := app.Options{Now: w.clock.Now, Blobs: blobs, Printer: p, Argon2: testArgon2, LedgerSigner: newSigner(t, false)}
	var ca *seal.CA
	if withCA {
		if ca, err = seal.NewCA(seal.SM2, "东港市电子印章证书机构", w.clock.Now()); err != nil {
			t.Fatal(err)
		}
		opts.SealCA = ca
	}
	w.app = app.New(w.store, opts)
	return w, p, ca
}

// TestSealKeyManagement: only an admin whose scope covers the agency generates, rotates
// and revokes its seal keys; the admin of another government sees no such agency, other
// roles are refused, the public must log in; without a seal CA nothing is generated.
func TestSealKeyManagement(t *testing.T) {
	w, _, _ := sealWorld(t, true)
	public := app.WithActor(context.Background(), nil)
	for _, tt := range []struct {
		who  string
		want string
	}{
		{"outsider", zhifa.ENOTFOUND},
		{"officer1", zhifa.EFORBIDDEN},
		{"head1", zhifa.EFORBIDDEN},
		{"supervisor1", zhifa.EFORBIDDEN},
		{"", zhifa.EUNAUTHORIZED},
	} {
		ctx := public
		if tt.who != "" {
			ctx = w.as(t, tt.who)
		}
		_, err := w.app.GenerateSealKey(ctx, w.market.ID, app.SealKeyInput{})
		if zhifa.ErrorCode(err) != tt.want {
			t.Errorf("%s generates: %v, want %s", tt.who, err, tt.want)
		}
		if _, err := w.app.AgencySealKeys(ctx, w.market.ID); zhifa.ErrorCode(err) != tt.want {
			t.Errorf("%s lists: %v, want %s", tt.who, err, tt.want)
		}
	}
	admin := w.as(t, "admin")
	if _, err := w.app.GenerateSealKey(admin, w.market.ID, app.SealKeyInput{Algorithm: "dsa"}); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("unknown algorithm: %v", err)
	}
	first, err := w.app.GenerateSealKey(admin, w.market.ID, app.SealKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := seal.ParseCertificate(first.Certificate)
	if err != nil || cert.Subject.CommonName != w.market.Name || first.Algorithm != "sm2" || first.State != zhifa.SealActive {
		t.Fatalf("first key %+v, cert %v %v", first, cert, err)
	}
	second, err := w.app.GenerateSealKey(admin, w.market.ID, app.SealKeyInput{Algorithm: "sm2"})
	if err != nil {
		t.Fatal(err)
	}
	list, err := w.app.AgencySealKeys(admin, w.market.ID)
	if err != nil || len(list.Keys) != 2 || list.Keys[0].ID != second.ID || list.Keys[1].State != zhifa.SealRetired {
		t.Fatalf("after rotation %+v %v", list, err)
	}
	for who, want := range map[string]string{"outsider": zhifa.ENOTFOUND, "officer1": zhifa.EFORBIDDEN} {
		if _, err := w.app.RevokeSealKey(w.as(t, who), second.ID, app.SealRevoke{Reason: "测试"}); zhifa.ErrorCode(err) != want {
			t.Errorf("%s revokes: %v, want %s", who, err, want)
		}
	}
	if _, err := w.app.RevokeSealKey(admin, second.ID, app.SealRevoke{}); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("revoke without a reason: %v", err)
	}
	if _, err := w.app.RevokeSealKey(admin, second.ID, app.SealRevoke{Reason: "密钥介质遗失"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.RevokeSealKey(admin, second.ID, app.SealRevoke{Reason: "again"}); zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Errorf("revoke twice: %v", err)
	}
	// The portal lists both certificates without people or reasons.
	page, err := w.app.PublicSealKeys(public, 0)
	if err != nil || len(page.Keys) != 2 || page.Keys[0].State != zhifa.SealRevoked {
		t.Fatalf("public list %+v %v", page, err)
	}
	noCA, _, _ := sealWorld(t, false)
	if _, err := noCA.app.GenerateSealKey(noCA.as(t, "admin"), noCA.market.ID, app.SealKeyInput{}); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("without a CA: %v", err)
	}
}

// issueNotice drafts and issues a 行政处罚事先告知书 of a new case as officer1.
func issueNotice(t *testing.T, w *caseWorld) (int64, *app.DocumentView, error) {
	t.Helper()
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
	issued, err := w.app.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
	return d.ID, issued, err
}

// TestSealedDocument: a document issued while its agency has a seal carries the seal
// image and a signature the public verification accepts, naming the document the ledger
// recorded; a flipped byte fails it; the use is a seal.use entry; a key revoked while
// the document is being issued is not used; after the revocation documents are issued
// unsealed and the earlier one stays valid, with a note.
func TestSealedDocument(t *testing.T) {
	w, printer, _ := sealWorld(t, true)
	admin, public := w.as(t, "admin"), app.WithActor(context.Background(), nil)
	key, err := w.app.GenerateSealKey(admin, w.market.ID, app.SealKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	before := w.ledgerSize(t)
	_, issued, err := issueNotice(t, w)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(printer.html, []byte(`class="seal-image"`)) || !bytes.Contains(printer.html, []byte(w.market.Name+"</textPath>")) {
		t.Error("the printed HTML has no seal image")
	}
	if n := w.ledgerSize(t) - before; n < 3 {
		t.Errorf("%d entries appended, want document.issue, document.pdf and seal.use", n)
	}
	if issued.Seal == nil || issued.Seal.Fingerprint != key.Fingerprint || issued.Seal.Agency != w.market.Name {
		t.Errorf("issued document's seal %+v", issued.Seal)
	}
	pdf, _, err := w.app.DocumentPDF(w.as(t, "officer1"), issued.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	check, err := w.app.VerifyPDF(public, pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !check.Valid || check.Agency != w.market.Name || check.Fingerprint != key.Fingerprint || check.Number != issued.Number ||
		check.Document != zhifa.DocPenaltyNotice.Label() || check.LedgerIndex == 0 {
		t.Fatalf("check %+v", check)
	}
	bad := bytes.Clone(pdf)
	bad[40] ^= 1
	if check, err := w.app.VerifyPDF(public, bad); err != nil || check.Valid || !strings.Contains(strings.Join(check.Problems, ""), "修改") {
		t.Errorf("flipped byte: %+v %v", check, err)
	}
	if check, err := w.app.VerifyPDF(public, sealtest.PDF("x")); err != nil || check.Valid {
		t.Errorf("unsigned: %+v %v", check, err)
	}
	if _, err := w.app.VerifyPDF(public, nil); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("empty upload: %v", err)
	}
	// The case file holds the seal's use and the signed PDF, and verifies offline.
	officer := w.as(t, "officer1")
	x, err := w.app.Evidence().ExportCaseFile(officer, issued.CaseID, "")
	if err != nil {
		t.Fatal(err)
	}
	var zip bytes.Buffer
	if err := x.Write(officer, &zip); err != nil {
		t.Fatal(err)
	}
	rep, err := casefile.Verify(bytes.NewReader(zip.Bytes()), int64(zip.Len()), casefile.Options{})
	if err != nil {
		t.Fatalf("case file with a sealed document: %v", err)
	}
	if !slices.ContainsFunc(rep.Manifest.Entries, func(e casefile.Entry) bool { return e.Kind == "seal.use" }) {
		t.Error("the case file lacks the seal.use entry")
	}

	// Revoked while a document is being issued: the issue fails, the draft stays.
	w.clock.Advance(time.Hour)
	printer.during = func() {
		if _, err := w.app.RevokeSealKey(admin, key.ID, app.SealRevoke{Reason: "密钥介质遗失"}); err != nil {
			t.Error(err)
		}
	}
	draft, _, err := issueNotice(t, w)
	wantCode(t, err, zhifa.ECONFLICT)
	printer.during = nil
	if d, err := w.app.Document(w.as(t, "officer1"), draft); err != nil || d.State != zhifa.DocDraft {
		t.Errorf("after the refused issue: %+v %v", d, err)
	}
	// Revoked: documents are issued without a seal.
	printer.html = nil
	_, unsealed, err := issueNotice(t, w)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(printer.html, []byte(`class="seal-image"`)) || unsealed.Seal != nil {
		t.Error("a revoked seal was used")
	}
	raw, _, err := w.app.DocumentPDF(w.as(t, "officer1"), unsealed.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if check, err := w.app.VerifyPDF(public, raw); err != nil || check.Valid {
		t.Errorf("unsealed PDF verified: %+v %v", check, err)
	}
	// The document sealed before the revocation stays valid, with a note.
	check, err = w.app.VerifyPDF(public, pdf)
	if err != nil || !check.Valid || check.KeyState != zhifa.SealRevoked || len(check.Notes) != 1 {
		t.Errorf("after revocation %+v %v", check, err)
	}
}
