package seal_test

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"zhifa/seal"
	"zhifa/seal/sealtest"
)

var now = time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)

// newSigner issues a seal of algorithm alg under ca for the agency.
func newSigner(t *testing.T, ca *seal.CA, alg seal.Algorithm, agency string) *seal.Signer {
	t.Helper()
	key, err := seal.GenerateKey(alg)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Issue(key.Public(), seal.Subject{Agency: agency, CreditCode: "11330100MB0000000X"}, now)
	if err != nil {
		t.Fatal(err)
	}
	return &seal.Signer{Key: key, Cert: cert, Chain: []*smx509.Certificate{ca.Cert}, Name: agency}
}

// TestSignVerify signs a PDF with an SM2 and an RSA-3072 seal under SM2 and RSA CAs,
// verifies it, and sees every tampering fail: a flipped byte anywhere signed, bytes
// appended, another CA, a foreign file.
func TestSignVerify(t *testing.T) {
	for _, tt := range []struct {
		name    string
		caAlg   seal.Algorithm
		alg     seal.Algorithm
		skiping bool
	}{
		{"SM2 under SM2 CA", seal.SM2, seal.SM2, false},
		{"RSA under SM2 CA", seal.SM2, seal.RSA3072, true},
		{"RSA under RSA CA", seal.RSA3072, seal.RSA3072, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skiping && testing.Short() {
				t.Skip("RSA-3072 key generation is slow")
			}
			ca, err := seal.NewCA(tt.caAlg, "东港市电子印章CA", now)
			if err != nil {
				t.Fatal(err)
			}
			s := newSigner(t, ca, tt.alg, "东港市市场监督管理局")
			pdf := sealtest.PDF("decision")
			signed, err := seal.Sign(pdf, s, now, "行政处罚决定书 东市监罚〔2026〕1号")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(signed, pdf) {
				t.Fatal("the signed file does not keep the original bytes")
			}
			r, err := seal.Verify(signed, ca.Pool())
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if r.Signer() != "东港市市场监督管理局" || r.Algorithm != tt.alg || r.Fingerprint != seal.Fingerprint(s.Cert.Raw) || r.SignedAt.IsZero() {
				t.Fatalf("result %+v", r)
			}
			// One flipped byte in the original, in the update, in the signature.
			for _, at := range []int{10, len(pdf) + 20, bytes.Index(signed, []byte("/Contents <")) + 40,
				bytes.Index(signed, []byte("/Contents <")) + 2*8192 - 10, len(signed) - 3} {
				bad := bytes.Clone(signed)
				bad[at] ^= 0x01
				if _, err := seal.Verify(bad, ca.Pool()); !errors.Is(err, seal.ErrModified) && !errors.Is(err, seal.ErrMalformed) {
					t.Errorf("flipped byte %d: %v", at, err)
				}
			}
			if _, err := seal.Verify(append(bytes.Clone(signed), "% more\n"...), ca.Pool()); !errors.Is(err, seal.ErrModified) {
				t.Errorf("appended bytes: %v", err)
			}
			other, err := seal.NewCA(seal.SM2, "另一个CA", now)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := seal.Verify(signed, other.Pool()); !errors.Is(err, seal.ErrUntrusted) {
				t.Errorf("other CA: %v", err)
			}
			if _, err := seal.Verify(pdf, ca.Pool()); !errors.Is(err, seal.ErrNotSigned) {
				t.Errorf("unsigned: %v", err)
			}
			if _, err := seal.Sign(signed, s, now, "again"); !errors.Is(err, seal.ErrUnsupported) {
				t.Errorf("signing a signed file: %v", err)
			}
			if tt.alg == seal.RSA3072 {
				checkPdfsig(t, signed)
			}
		})
	}
}

// checkPdfsig has poppler's pdfsig (a standard reader's view) check the signature:
// NSS does not know SM2, so only the RSA seal is checked this way.
func checkPdfsig(t *testing.T, signed []byte) {
	path, err := exec.LookPath("pdfsig")
	if err != nil {
		t.Log("pdfsig (poppler-utils) not installed: the standard reader's check is skipped")
		return
	}
	file := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(file, signed, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(path, file).CombinedOutput()
	if !strings.Contains(string(out), "Signature is Valid") || !strings.Contains(string(out), "Total document signed") {
		t.Fatalf("pdfsig:\n%s", out)
	}
	bad := bytes.Clone(signed)
	bad[12] ^= 1
	if err := os.WriteFile(file, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ = exec.Command(path, file).CombinedOutput()
	if strings.Contains(string(out), "Signature is Valid") {
		t.Fatalf("pdfsig accepts a flipped byte:\n%s", out)
	}
}

// TestCAFileAndKeyWrap: the CA survives its PEM file; a wrapped seal key opens only
// with the same CA and for the same certificate.
func TestCAFileAndKeyWrap(t *testing.T) {
	ca, err := seal.NewCA(seal.SM2, "CA", now)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ca.PEM()
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := seal.LoadCA(b)
	if err != nil {
		t.Fatal(err)
	}
	key, err := seal.GenerateKey(seal.SM2)
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := ca.WrapKey(key, "fp1")
	if err != nil {
		t.Fatal(err)
	}
	got, err := loaded.UnwrapKey(wrapped, "fp1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Public().(*ecdsa.PublicKey).Equal(key.Public()) {
		t.Fatal("unwrapped another key")
	}
	if _, err := loaded.UnwrapKey(wrapped, "fp2"); err == nil {
		t.Error("a key opened for another certificate")
	}
	other, _ := seal.NewCA(seal.SM2, "CA2", now)
	if _, err := other.UnwrapKey(wrapped, "fp1"); err == nil {
		t.Error("a key opened with another CA")
	}
	for _, bad := range [][]byte{nil, []byte("junk"), seal.CertPEM(ca.Cert.Raw)} {
		if _, err := seal.LoadCA(bad); err == nil {
			t.Errorf("LoadCA(%q) accepted", bad)
		}
	}
}

// TestSVG: the seal image names the agency, escaped, in red.
func TestSVG(t *testing.T) {
	for _, name := range []string{"东港市市场监督管理局", "东港市城市管理综合行政执法局东区执法大队", `<script>"&`} {
		s := string(seal.SVG(name))
		if !strings.HasPrefix(s, "<svg") || !strings.Contains(s, "#d40000") || strings.Contains(s, "<script>") {
			t.Errorf("SVG(%q) = %s", name, s)
		}
	}
	if !strings.Contains(string(seal.SVG("东港市市场监督管理局")), ">东港市市场监督管理局</textPath>") {
		t.Error("name missing")
	}
}

// TestUnsupportedPDF: what is not a signable PDF is refused, not mangled.
func TestUnsupportedPDF(t *testing.T) {
	ca, _ := seal.NewCA(seal.SM2, "CA", now)
	s := newSigner(t, ca, seal.SM2, "机关")
	for _, in := range [][]byte{nil, []byte("hello"), []byte("%PDF-1.7\n1 0 obj<<>>endobj\nstartxref\n999\n%%EOF\n")} {
		if _, err := seal.Sign(in, s, now, ""); !errors.Is(err, seal.ErrUnsupported) {
			t.Errorf("Sign(%q): %v", in, err)
		}
	}
}
