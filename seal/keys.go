// Package seal is the electronic seal (电子印章) of an agency: its signing keys and
// their certificates issued by the deployment's seal CA, the visible seal image, and
// the digital signature over a PDF (an incremental update with a signature dictionary
// and a detached CMS SignedData over the ByteRange) with its verification. It is pure:
// no SQL, no HTTP. 电子签名法第十三条 lists what makes an electronic signature reliable
// (the signing data belongs to the signer alone and is under their control, and any
// later change to the signature or the document can be detected); 第十四条 gives a
// reliable electronic signature the effect of a handwritten signature or seal.
package seal

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// Algorithm is the public-key algorithm of a seal key.
type Algorithm string

// The algorithms of seal keys: SM2 with SM3 (GB/T 32918, GB/T 32905) or RSA-3072 with
// SHA-256.
const (
	SM2     Algorithm = "sm2"
	RSA3072 Algorithm = "rsa3072"
)

// Valid reports whether a is a known algorithm.
func (a Algorithm) Valid() bool { return a == SM2 || a == RSA3072 }

// Label is the algorithm's name for readers.
func (a Algorithm) Label() string {
	switch a {
	case SM2:
		return "SM2（国密）"
	case RSA3072:
		return "RSA-3072"
	}
	return string(a)
}

// CertValidity is how long an agency's seal certificate is valid; a rotation before
// then is the admin's choice.
const CertValidity = 3 * 365 * 24 * time.Hour

// caValidity is the seal CA's own validity.
const caValidity = 20 * 365 * 24 * time.Hour

// GenerateKey returns a new private key of algorithm alg.
func GenerateKey(alg Algorithm) (crypto.Signer, error) {
	switch alg {
	case SM2:
		return sm2.GenerateKey(rand.Reader)
	case RSA3072:
		return rsa.GenerateKey(rand.Reader, 3072)
	}
	return nil, fmt.Errorf("seal: unknown algorithm %q", alg)
}

// AlgorithmOf names the algorithm of a public key, "" for another kind.
func AlgorithmOf(pub crypto.PublicKey) Algorithm {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() == 3072 {
			return RSA3072
		}
	default:
		if sm2.IsSM2PublicKey(pub) {
			return SM2
		}
	}
	return ""
}

// Fingerprint is the SHA-256 of a certificate's DER, in lower-case hex: how a seal is
// named in the ledger and on the portal.
func Fingerprint(certDER []byte) string {
	sum := sha256.Sum256(certDER)
	return hex.EncodeToString(sum[:])
}

// CA is the deployment's seal certification authority: it issues the agencies' seal
// certificates, and verifiers trust its certificate. Its key lives in the data
// directory like the ledger and personal-data keys.
type CA struct {
	Cert *smx509.Certificate
	Key  crypto.Signer
}

// NewCA creates a self-signed seal CA named name with a new key of algorithm alg.
func NewCA(alg Algorithm, name string, now time.Time) (*CA, error) {
	key, err := GenerateKey(alg)
	if err != nil {
		return nil, err
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	tmpl := &smx509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: name, Organization: []string{name}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(caValidity),
		KeyUsage:              smx509.KeyUsageCertSign | smx509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("seal: create CA certificate: %w", err)
	}
	cert, err := smx509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, Key: key}, nil
}

// PEM encodes the CA as its private key (PKCS #8) and certificate, the file format of
// LoadCA.
func (ca *CA) PEM() ([]byte, error) {
	der, err := smx509.MarshalPKCS8PrivateKey(ca.Key)
	if err != nil {
		return nil, err
	}
	out := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	return append(out, CertPEM(ca.Cert.Raw)...), nil
}

// CertPEM encodes a certificate's DER as PEM.
func CertPEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// LoadCA parses the PEM written by (*CA).PEM.
func LoadCA(b []byte) (*CA, error) {
	ca := &CA{}
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			break
		}
		switch block.Type {
		case "PRIVATE KEY":
			k, err := smx509.ParsePKCS8PrivateKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("seal: CA key: %w", err)
			}
			signer, ok := k.(crypto.Signer)
			if !ok {
				return nil, errors.New("seal: CA key cannot sign")
			}
			ca.Key = signer
		case "CERTIFICATE":
			c, err := smx509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("seal: CA certificate: %w", err)
			}
			ca.Cert = c
		}
	}
	if ca.Key == nil || ca.Cert == nil {
		return nil, errors.New("seal: the CA file needs a PRIVATE KEY and a CERTIFICATE block")
	}
	if !ca.Cert.IsCA {
		return nil, errors.New("seal: the CA certificate is not a CA")
	}
	return ca, nil
}

// Pool returns a certificate pool holding the CA's certificate: the trust anchor of
// verification.
func (ca *CA) Pool() *smx509.CertPool {
	p := smx509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

// Subject names the holder of a seal certificate.
type Subject struct {
	Agency     string // the agency's full name (CN and O)
	CreditCode string // 统一社会信用代码, if any (serialNumber)
}

// Issue issues a seal certificate for pub naming the agency, valid from now for
// CertValidity, for digital signatures with non-repudiation (content commitment).
func (ca *CA) Issue(pub crypto.PublicKey, sub Subject, now time.Time) (*smx509.Certificate, error) {
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	name := pkix.Name{CommonName: sub.Agency, Organization: []string{sub.Agency}, Country: []string{"CN"}}
	if sub.CreditCode != "" {
		name.SerialNumber = sub.CreditCode
	}
	tmpl := &smx509.Certificate{
		SerialNumber: serial,
		Subject:      name,
		NotBefore:    now.Add(-time.Minute),
		NotAfter:     now.Add(CertValidity),
		KeyUsage:     smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment,
		ExtKeyUsage:  []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny},
	}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, ca.Cert, pub, ca.Key)
	if err != nil {
		return nil, fmt.Errorf("seal: issue certificate: %w", err)
	}
	return smx509.ParseCertificate(der)
}

func randomSerial() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
}

// wrapLabel separates the key-wrapping key from any other use of the CA key.
const wrapLabel = "zhifa seal key wrap v1"

// kek derives the key that encrypts the agencies' private keys at rest from the CA's
// private key: whoever holds the CA key can issue seals anyway, and a database copy
// without the data directory holds no usable seal key.
func (ca *CA) kek() ([]byte, error) {
	der, err := smx509.MarshalPKCS8PrivateKey(ca.Key)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, der)
	m.Write([]byte(wrapLabel))
	return m.Sum(nil), nil
}

// WrapKey encrypts a seal private key for storage (AES-256-GCM), bound to its
// certificate's fingerprint so a wrapped key cannot be swapped onto another certificate.
func (ca *CA) WrapKey(key crypto.Signer, fingerprint string) ([]byte, error) {
	der, err := smx509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	aead, err := ca.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, der, []byte(fingerprint)), nil
}

// UnwrapKey decrypts a key sealed by WrapKey for the certificate with fingerprint.
func (ca *CA) UnwrapKey(wrapped []byte, fingerprint string) (crypto.Signer, error) {
	aead, err := ca.aead()
	if err != nil {
		return nil, err
	}
	if len(wrapped) < aead.NonceSize() {
		return nil, errors.New("seal: wrapped key too short")
	}
	der, err := aead.Open(nil, wrapped[:aead.NonceSize()], wrapped[aead.NonceSize():], []byte(fingerprint))
	if err != nil {
		return nil, errors.New("seal: the seal key cannot be decrypted with this CA key")
	}
	k, err := smx509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	signer, ok := k.(crypto.Signer)
	if !ok {
		return nil, errors.New("seal: the seal key cannot sign")
	}
	return signer, nil
}

func (ca *CA) aead() (cipher.AEAD, error) {
	kek, err := ca.kek()
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Signer is an agency's seal ready to sign: its key, its certificate and the CA's.
type Signer struct {
	Key   crypto.Signer
	Cert  *smx509.Certificate
	Chain []*smx509.Certificate // the issuing CA's certificate
	// Name is the signer's name written into the signature dictionary (the agency).
	Name string
}

// ParseCertificate parses a seal certificate's DER.
func ParseCertificate(der []byte) (*smx509.Certificate, error) { return smx509.ParseCertificate(der) }

// oidSigningTime is the CMS signing-time attribute (RFC 5652 §11.3).
var oidSigningTime = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}

// LoadCACert parses a seal CA's certificate alone (PEM; a CA file holding the key as
// well is accepted and its key ignored): what a verifier needs.
func LoadCACert(b []byte) (*CA, error) {
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			return nil, errors.New("seal: no CERTIFICATE block")
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := smx509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("seal: CA certificate: %w", err)
		}
		if !c.IsCA {
			return nil, errors.New("seal: the certificate is not a CA")
		}
		return &CA{Cert: c}, nil
	}
}
