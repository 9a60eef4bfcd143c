package cases

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/document"
	"zhifa/ledger"
	"zhifa/seal"
)

// The electronic seal (电子印章, issue 12; REQUIREMENTS D3). Each agency has seal
// keys managed by an admin whose scope covers it: a key with a certificate naming the
// agency, issued by the deployment's seal CA (Options.SealCA), its private key encrypted
// at rest under the CA. A document issued with a PDF carries the agency's active seal:
// the seal image drawn where the agency signs and a digital signature over the PDF
// (package seal). 电子签名法第十三条 makes such a signature reliable when the signing key
// is the signer's alone and any later change is detectable; 第十四条 gives it the effect
// of the agency's seal. Every key, rotation, revocation and use is a ledger entry; the
// public verifies a PDF against the CA, the seal register and the ledger.

// MaxSealedPDFSize bounds a PDF uploaded for verification.
const MaxSealedPDFSize = 20 << 20

// sealKeyPage bounds one page of the public seal register.
const sealKeyPage = 50

// errNoSealCA answers seal actions on a deployment without a seal CA.
func errNoSealCA() error {
	return zhifa.Errorf(zhifa.EINVALID, "本系统未配置电子印章证书机构，不能管理或验证电子印章")
}

// SealCACertificate returns the seal CA's certificate (PEM), nil without a CA.
func (s *Service) SealCACertificate() []byte {
	if s.deps.SealCA == nil {
		return nil
	}
	return seal.CertPEM(s.deps.SealCA.Cert.Raw)
}

// AgencySeals is an agency's seal register as its admin sees it.
type AgencySeals struct {
	Agency *zhifa.Agency
	Keys   []*zhifa.SealKey
	// Configured is false when the deployment has no seal CA.
	Configured bool
}

// AgencySealKeys lists the agency's seal keys, newest first, for an admin whose scope
// covers it (others: EFORBIDDEN, or ENOTFOUND outside the scope).
func (s *Service) AgencySealKeys(ctx context.Context, agencyID int64) (*AgencySeals, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermManageAgencies); err != nil {
		return nil, err
	}
	out := &AgencySeals{Configured: s.deps.SealCA != nil}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		out.Agency = ag
		out.Keys, err = tx.SealKeys(ctx, zhifa.SealKeyFilter{AgencyID: ag.ID, Limit: 100})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SealKeyInput chooses the algorithm of a new seal key: "sm2" (default) or "rsa3072".
type SealKeyInput struct {
	Algorithm string `json:"algorithm"`
}

// GenerateSealKey gives the agency a new seal key and certificate; an active key is
// retired in the same transaction (a rotation), its earlier signatures staying valid.
func (s *Service) GenerateSealKey(ctx context.Context, agencyID int64, in SealKeyInput) (*zhifa.SealKey, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermManageAgencies); err != nil {
		return nil, err
	}
	alg := seal.Algorithm(strings.TrimSpace(in.Algorithm))
	if alg == "" {
		alg = seal.SM2
	}
	if !alg.Valid() {
		return nil, fieldError("algorithm", "算法只能是 SM2 或 RSA-3072")
	}
	// The scope check comes first, so that no key is generated for another's agency.
	var ag *zhifa.Agency
	if err := s.k.Read(ctx, func(tx zhifa.Tx) (err error) { ag, err = s.k.VisibleAgency(ctx, tx, actor, agencyID); return err }); err != nil {
		return nil, err
	}
	if s.deps.SealCA == nil {
		return nil, errNoSealCA()
	}
	key, err := s.newSealKey(ag, alg)
	if err != nil {
		return nil, err
	}
	key.CreatedBy = max(actor.UserID, 0)
	err = s.k.Write(ctx, "seal.key", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("agency", agencyID)
		ag, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		action := "generate"
		old, err := tx.ActiveSealKey(ctx, ag.ID)
		switch {
		case err == nil:
			action = "rotate"
			if err := tx.EndSealKey(ctx, old.ID, zhifa.SealRetired, s.k.Now(), ""); err != nil {
				return err
			}
		case !isCode(err, zhifa.ENOTFOUND):
			return err
		}
		// The entry names the key by its certificate's fingerprint.
		entry := &ledger.Entry{Kind: "seal.key", Meta: map[string]string{"agency": strconv.FormatInt(ag.ID, 10),
			"action": action, "fingerprint": key.Fingerprint, "algorithm": key.Algorithm},
			Hashes: map[string]ledger.Digest{"certificate": ledger.DigestBytes(key.Certificate)}}
		if old != nil {
			entry.Meta["retired"] = old.Fingerprint
		}
		if key.LedgerIndex, err = s.k.AppendEntry(ctx, tx, entry); err != nil {
			return err
		}
		key.CreatedAt = s.k.Now()
		if err := tx.CreateSealKey(ctx, key); err != nil {
			return err
		}
		rec.Detail = fmt.Sprintf("%s %s 电子印章 %s", ag.Name, map[string]string{"generate": "生成", "rotate": "更换"}[action], key.Fingerprint[:16])
		return nil
	})
	if err != nil {
		return nil, err
	}
	return key, nil
}

// newSealKey generates a key of alg for the agency, has the CA certify it and wraps the
// private key for storage.
func (s *Service) newSealKey(ag *zhifa.Agency, alg seal.Algorithm) (*zhifa.SealKey, error) {
	internal := func(err error) error {
		return &zhifa.Error{Code: zhifa.EINTERNAL, Message: "电子印章密钥生成失败，请稍后重试", Err: err}
	}
	priv, err := seal.GenerateKey(alg)
	if err != nil {
		return nil, internal(err)
	}
	cert, err := s.deps.SealCA.Issue(priv.Public(), seal.Subject{Agency: ag.Name, CreditCode: ag.CreditCode}, s.k.Now())
	if err != nil {
		return nil, internal(err)
	}
	fp := seal.Fingerprint(cert.Raw)
	wrapped, err := s.deps.SealCA.WrapKey(priv, fp)
	if err != nil {
		return nil, internal(err)
	}
	return &zhifa.SealKey{AgencyID: ag.ID, Agency: ag.Name, Algorithm: string(alg), Fingerprint: fp, Certificate: cert.Raw,
		NotBefore: cert.NotBefore, NotAfter: cert.NotAfter, WrappedKey: wrapped, State: zhifa.SealActive}, nil
}

// SealRevoke gives the reason of a revocation (required).
type SealRevoke struct {
	Reason string `json:"reason"`
}

// RevokeSealKey revokes a seal key (吊销; 电子签名法第十五条: a signer who knows the
// signing data is or may be compromised stops using it): it signs nothing more, and a signature it
// makes is refused by verification; documents it sealed before stay valid, their seal
// recorded in the ledger before the revocation.
func (s *Service) RevokeSealKey(ctx context.Context, id int64, in SealRevoke) (*zhifa.SealKey, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermManageAgencies); err != nil {
		return nil, err
	}
	c := newChecker()
	c.Text("reason", &in.Reason, true, maxShort)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var k *zhifa.SealKey
	err := s.k.Write(ctx, "seal.revoke", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("seal", id)
		var err error
		k, err = tx.SealKey(ctx, id)
		if err != nil {
			return err
		}
		ag, err := s.k.VisibleAgency(ctx, tx, actor, k.AgencyID)
		if err != nil {
			return notVisible("电子印章")
		}
		rec.ObjectPath = ag.Path
		if err := tx.EndSealKey(ctx, k.ID, zhifa.SealRevoked, s.k.Now(), in.Reason); err != nil {
			return err
		}
		entry := &ledger.Entry{Kind: "seal.revoke", Meta: map[string]string{"agency": strconv.FormatInt(ag.ID, 10),
			"seal_key": strconv.FormatInt(k.ID, 10), "fingerprint": k.Fingerprint, "reason": in.Reason}}
		if _, err := s.k.AppendEntry(ctx, tx, entry); err != nil {
			return err
		}
		rec.Detail = fmt.Sprintf("%s 吊销电子印章 %s：%s", ag.Name, k.Fingerprint[:16], in.Reason)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

// PublicSealKey is a seal key as the portal lists it: no private key, no people, no
// reasons.
type PublicSealKey struct {
	ID          int64              `json:"id"`
	Agency      string             `json:"agency"`
	Algorithm   string             `json:"algorithm"`
	Fingerprint string             `json:"fingerprint"`
	State       zhifa.SealKeyState `json:"state"`
	NotBefore   time.Time          `json:"not_before"`
	NotAfter    time.Time          `json:"not_after"`
	EndedAt     *time.Time         `json:"ended_at,omitempty"`
}

// AlgorithmLabel names the algorithm for readers.
func (k *PublicSealKey) AlgorithmLabel() string { return seal.Algorithm(k.Algorithm).Label() }

func publicSealKey(k *zhifa.SealKey) *PublicSealKey {
	return &PublicSealKey{ID: k.ID, Agency: k.Agency, Algorithm: k.Algorithm, Fingerprint: k.Fingerprint, State: k.State,
		NotBefore: k.NotBefore, NotAfter: k.NotAfter, EndedAt: k.EndedAt}
}

// SealKeyPage is one page of the public seal register; Next is the cursor of the next
// page, 0 on the last.
type SealKeyPage struct {
	Keys []*PublicSealKey `json:"keys"`
	Next int64            `json:"next,omitempty"`
}

// PublicSealKeys lists every agency's seal certificates, newest first, by keyset after
// the cursor (0 for the first page): public, so that anyone can check a seal.
func (s *Service) PublicSealKeys(ctx context.Context, after int64) (*SealKeyPage, error) {
	var list []*zhifa.SealKey
	err := s.k.Read(ctx, func(tx zhifa.Tx) (err error) {
		list, err = tx.SealKeys(ctx, zhifa.SealKeyFilter{AfterID: after, Limit: sealKeyPage + 1})
		return err
	})
	if err != nil {
		return nil, err
	}
	page := &SealKeyPage{}
	if len(list) > sealKeyPage {
		list = list[:sealKeyPage]
		page.Next = list[len(list)-1].ID
	}
	for _, k := range list {
		page.Keys = append(page.Keys, publicSealKey(k))
	}
	return page, nil
}

// SealCertificate returns a seal's certificate (PEM) and its public register line.
func (s *Service) SealCertificate(ctx context.Context, id int64) ([]byte, *PublicSealKey, error) {
	var k *zhifa.SealKey
	if err := s.k.Read(ctx, func(tx zhifa.Tx) (err error) { k, err = tx.SealKey(ctx, id); return err }); err != nil {
		return nil, nil, err
	}
	return seal.CertPEM(k.Certificate), publicSealKey(k), nil
}

// activeSeal is the agency's seal ready to sign a document being issued, or nil when
// the document is issued without one: no seal CA, no printer (no PDF to sign), or no
// active key.
func (s *Service) activeSeal(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*zhifa.SealKey, *seal.Signer, error) {
	if p, ok := s.deps.Printer.(*document.Printer); s.deps.SealCA == nil || s.deps.Printer == nil || ok && p == nil {
		return nil, nil, nil
	}
	k, err := tx.ActiveSealKey(ctx, ag.ID)
	if isCode(err, zhifa.ENOTFOUND) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	internal := func(err error) error {
		return &zhifa.Error{Code: zhifa.EINTERNAL, Message: "电子印章不可用，文书未签发；请联系系统管理员", Err: err}
	}
	cert, err := smx509.ParseCertificate(k.Certificate)
	if err != nil {
		return nil, nil, internal(err)
	}
	priv, err := s.deps.SealCA.UnwrapKey(k.WrappedKey, k.Fingerprint)
	if err != nil {
		return nil, nil, internal(err)
	}
	return k, &seal.Signer{Key: priv, Cert: cert, Chain: []*smx509.Certificate{s.deps.SealCA.Cert}, Name: ag.Name}, nil
}

// sealImage is the visible seal of a document signed with k, none without.
func sealImage(k *zhifa.SealKey) template.HTML {
	if k == nil {
		return ""
	}
	return seal.SVG(k.Agency)
}

// recordSealUse appends the seal.use entry of document d, signed with k into the PDF
// with digest pdf, and records the use, in the issue's transaction. The key must still
// be the agency's active key: a key rotated or revoked since the document was signed is
// refused (ECONFLICT), so a revoked key seals nothing.
func (s *Service) recordSealUse(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, d *zhifa.Document, k *zhifa.SealKey, pdf ledger.Digest) error {
	active, err := tx.ActiveSealKey(ctx, c.AgencyID)
	if err != nil && !isCode(err, zhifa.ENOTFOUND) {
		return err
	}
	if active == nil || active.ID != k.ID {
		return zhifa.Errorf(zhifa.ECONFLICT, "本机关的电子印章刚被更换或吊销，文书未签发，请重新签发")
	}
	entry := &ledger.Entry{Kind: "seal.use", Meta: map[string]string{"case": strconv.FormatInt(c.ID, 10), "document": strconv.FormatInt(d.ID, 10),
		"agency": strconv.FormatInt(c.AgencyID, 10), "seal_key": strconv.FormatInt(k.ID, 10), "fingerprint": k.Fingerprint,
		"algorithm": k.Algorithm}, Hashes: map[string]ledger.Digest{"pdf": pdf}}
	index, err := s.k.AppendCaseEntry(ctx, tx, c, entry)
	if err != nil {
		return err
	}
	return tx.CreateSealUse(ctx, &zhifa.SealUse{DocumentID: d.ID, SealKeyID: k.ID, PDFSHA256: hex.EncodeToString(pdf.SHA256[:]),
		LedgerIndex: index, SealedAt: s.k.Now()})
}

// DocumentSeal names the seal on an issued document's PDF.
type DocumentSeal struct {
	Agency      string `json:"agency"`
	Algorithm   string `json:"algorithm"`
	Fingerprint string `json:"fingerprint"`
}

// AlgorithmLabel names the algorithm for readers.
func (s *DocumentSeal) AlgorithmLabel() string { return seal.Algorithm(s.Algorithm).Label() }

// documentSeal is the seal on d's PDF, nil for none.
func documentSeal(ctx context.Context, tx zhifa.Tx, d *zhifa.Document) (*DocumentSeal, error) {
	if d.State == zhifa.DocDraft {
		return nil, nil
	}
	use, err := tx.SealUseOfDocument(ctx, d.ID)
	if isCode(err, zhifa.ENOTFOUND) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	k, err := tx.SealKey(ctx, use.SealKeyID)
	if err != nil {
		return nil, err
	}
	return &DocumentSeal{Agency: k.Agency, Algorithm: k.Algorithm, Fingerprint: k.Fingerprint}, nil
}

// SealCheck is the result of verifying a PDF, in plain words for the public.
type SealCheck struct {
	Valid bool `json:"valid"`
	// Problems say, in Chinese, why the file does not verify; Notes add what a reader
	// should know of a valid one (a seal revoked after signing).
	Problems    []string           `json:"problems,omitempty"`
	Notes       []string           `json:"notes,omitempty"`
	Agency      string             `json:"agency,omitempty"`
	Algorithm   string             `json:"algorithm,omitempty"`
	Fingerprint string             `json:"fingerprint,omitempty"`
	SignedAt    time.Time          `json:"signed_at,omitzero"`
	KeyState    zhifa.SealKeyState `json:"key_state,omitempty"`
	// The document the ledger recorded with this file: its title, number and date.
	Document    string     `json:"document,omitempty"`
	Number      string     `json:"number,omitempty"`
	IssuedOn    zhifa.Date `json:"issued_on,omitzero"`
	LedgerIndex int64      `json:"ledger_index,omitempty"`
}

// AlgorithmLabel names the algorithm for readers.
func (c *SealCheck) AlgorithmLabel() string { return seal.Algorithm(c.Algorithm).Label() }

// VerifyPDF checks a PDF the way anyone may: the signature over the whole file, its
// certificate against the deployment's seal CA, the seal register (revocation), and
// that the file is the very one the ledger recorded when a document was issued. Public;
// the answer names the agency and the document, never a person.
func (s *Service) VerifyPDF(ctx context.Context, pdf []byte) (*SealCheck, error) {
	if s.deps.SealCA == nil {
		return nil, errNoSealCA()
	}
	if len(pdf) == 0 {
		return nil, fieldError("file", "请选择要验证的 PDF 文件")
	}
	if len(pdf) > MaxSealedPDFSize {
		return nil, fieldError("file", fmt.Sprintf("文件超过 %d MB，不是本系统签发的文书", MaxSealedPDFSize>>20))
	}
	out := &SealCheck{}
	r, err := seal.Verify(pdf, s.deps.SealCA.Pool())
	if err != nil {
		out.Problems = append(out.Problems, sealProblem(err))
		return out, nil
	}
	out.Agency, out.Algorithm, out.Fingerprint, out.SignedAt = r.Signer(), string(r.Algorithm), r.Fingerprint, r.SignedAt
	sum := sha256.Sum256(pdf)
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		k, err := tx.SealKeyByFingerprint(ctx, r.Fingerprint)
		if isCode(err, zhifa.ENOTFOUND) {
			out.Problems = append(out.Problems, "签章所用的印章不在本系统的电子印章登记中")
			return nil
		}
		if err != nil {
			return err
		}
		out.KeyState = k.State
		use, err := tx.SealUseByPDF(ctx, hex.EncodeToString(sum[:]))
		if isCode(err, zhifa.ENOTFOUND) {
			out.Problems = append(out.Problems, "签章有效，但本系统没有签发过这个文件：防篡改账本中查不到它的记录")
		} else if err != nil {
			return err
		} else if use.SealKeyID != k.ID {
			out.Problems = append(out.Problems, "文件的签章与账本记录的印章不一致")
		} else {
			d, err := tx.Document(ctx, use.DocumentID)
			if err != nil {
				return err
			}
			out.Document, out.Number, out.IssuedOn, out.LedgerIndex = d.Type.Label(), d.Number, d.IssuedOn, use.LedgerIndex
		}
		if k.State == zhifa.SealRevoked && k.EndedAt != nil {
			when := k.EndedAt.In(zhifa.CST).Format("2006年1月2日 15:04")
			if use != nil && use.SealKeyID == k.ID && use.SealedAt.Before(*k.EndedAt) {
				out.Notes = append(out.Notes, "该印章已于"+when+"吊销；本文书在吊销之前签章并记入账本，签章仍然有效")
			} else {
				out.Problems = append(out.Problems, "该印章已于"+when+"吊销")
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Valid = len(out.Problems) == 0
	return out, nil
}

// sealProblem says in plain Chinese why seal.Verify refused a file.
func sealProblem(err error) string {
	switch {
	case errors.Is(err, seal.ErrNotSigned):
		return "文件中没有电子签章"
	case errors.Is(err, seal.ErrModified):
		return "文件在签章之后被修改过，内容不可信"
	case errors.Is(err, seal.ErrUntrusted):
		return "签章的证书不是本系统的电子印章证书机构签发的"
	}
	return "文件中的电子签章无法识别"
}
