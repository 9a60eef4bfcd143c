package ledger

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/mod/sumdb/note"
)

// Signature type identifiers (C2SP signed-note).
const algEd25519 = 0x01

// sm2Alg is the signature type of SM2 note signatures: the signed-note
// "no assigned identifier" byte 0xff followed by the DER encoding of the
// sm2sign-with-sm3 object identifier 1.2.156.10197.1.501 (GM/T 0006).
var sm2Alg = func() []byte {
	der, err := asn1.Marshal(asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 501})
	if err != nil {
		panic(err)
	}
	return append([]byte{0xff}, der...)
}()

// keyHash is the signed-note key ID: the first four bytes of
// SHA-256(name || 0x0A || signature type || public key), big-endian.
func keyHash(name string, typedKey []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{'\n'})
	h.Write(typedKey)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

func formatKey(private bool, name string, typedKey []byte, hash uint32) string {
	s := fmt.Sprintf("%s+%08x+%s", name, hash, base64.StdEncoding.EncodeToString(typedKey))
	if private {
		s = "PRIVATE+KEY+" + s
	}
	return s
}

// parseKey splits an encoded note key ("[PRIVATE+KEY+]name+hash+base64").
func parseKey(private bool, key string) (name string, hash uint32, typedKey []byte, err error) {
	bad := errors.New("ledger: malformed key")
	if private {
		var ok bool
		if key, ok = strings.CutPrefix(key, "PRIVATE+KEY+"); !ok {
			return "", 0, nil, bad
		}
	}
	name, rest, _ := strings.Cut(key, "+")
	hash16, key64, _ := strings.Cut(rest, "+")
	h, err1 := strconv.ParseUint(hash16, 16, 32)
	typedKey, err2 := base64.StdEncoding.DecodeString(key64)
	if len(hash16) != 8 || err1 != nil || err2 != nil || !ValidOrigin(name) || len(typedKey) == 0 {
		return "", 0, nil, bad
	}
	return name, uint32(h), typedKey, nil
}

// GenerateKeys returns a new Ed25519 signer key (skey, secret) and verifier
// key (vkey, public) named origin, in golang.org/x/mod/sumdb/note's encoding:
//
//	skey: PRIVATE+KEY+<origin>+<key ID hex>+<base64(0x01 || 32-byte seed)>
//	vkey: <origin>+<key ID hex>+<base64(0x01 || 32-byte public key)>
func GenerateKeys(origin string) (skey, vkey string, err error) {
	if !ValidOrigin(origin) {
		return "", "", fmt.Errorf("ledger: invalid origin %q", origin)
	}
	return note.GenerateKey(rand.Reader, origin)
}

// GenerateSM2Keys returns a new SM2 signer key (secret) and verifier key
// (public) named origin, encoded like note keys with the signature type
// 0xff || DER(OID 1.2.156.10197.1.501):
//
//	skey: PRIVATE+KEY+<origin>+<key ID hex>+<base64(type || 32-byte private scalar)>
//	vkey: <origin>+<key ID hex>+<base64(type || 65-byte uncompressed public point)>
//
// The key ID hashes the typed public key as for any note key.
func GenerateSM2Keys(origin string) (skey, vkey string, err error) {
	if !ValidOrigin(origin) {
		return "", "", fmt.Errorf("ledger: invalid origin %q", origin)
	}
	priv, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return "", "", err
	}
	skey, vkey = encodeSM2Keys(origin, priv)
	return skey, vkey, nil
}

// SM2KeysFromPEM encodes an existing SM2 private key, PEM-encoded as PKCS#8
// ("PRIVATE KEY") or SEC 1 ("EC PRIVATE KEY"), as the signer and verifier
// keys of GenerateSM2Keys.
func SM2KeysFromPEM(origin string, pemData []byte) (skey, vkey string, err error) {
	if !ValidOrigin(origin) {
		return "", "", fmt.Errorf("ledger: invalid origin %q", origin)
	}
	block, _ := pem.Decode(pemData)
	if block == nil {
		return "", "", errors.New("ledger: no PEM block")
	}
	var priv *sm2.PrivateKey
	switch block.Type {
	case "PRIVATE KEY":
		k, err := smx509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return "", "", fmt.Errorf("ledger: %w", err)
		}
		var ok bool
		if priv, ok = k.(*sm2.PrivateKey); !ok {
			return "", "", fmt.Errorf("ledger: PEM key is %T, not SM2", k)
		}
	case "EC PRIVATE KEY", "SM2 PRIVATE KEY":
		if priv, err = smx509.ParseSM2PrivateKey(block.Bytes); err != nil {
			return "", "", fmt.Errorf("ledger: %w", err)
		}
	default:
		return "", "", fmt.Errorf("ledger: unsupported PEM block %q", block.Type)
	}
	skey, vkey = encodeSM2Keys(origin, priv)
	return skey, vkey, nil
}

func encodeSM2Keys(name string, priv *sm2.PrivateKey) (skey, vkey string) {
	pub := append(append([]byte(nil), sm2Alg...), sm2PublicBytes(&priv.PublicKey)...)
	d := append(append([]byte(nil), sm2Alg...), priv.D.FillBytes(make([]byte, 32))...)
	h := keyHash(name, pub)
	return formatKey(true, name, d, h), formatKey(false, name, pub, h)
}

// sm2PublicBytes returns the uncompressed point 0x04 || X || Y.
func sm2PublicBytes(pub *ecdsa.PublicKey) []byte {
	b := make([]byte, 65)
	b[0] = 4
	//lint:ignore SA1019 SM2 is not a curve that PublicKey.Bytes supports
	pub.X.FillBytes(b[1:33])
	//lint:ignore SA1019 as above
	pub.Y.FillBytes(b[33:])
	return b
}

// sm2Signer signs notes with SM2 (GB/T 32918.2, SM3 digest, default user ID
// "1234567812345678"); signatures are ASN.1 DER (r, s).
type sm2Signer struct {
	name string
	hash uint32
	priv *sm2.PrivateKey
}

func (s *sm2Signer) Name() string    { return s.name }
func (s *sm2Signer) KeyHash() uint32 { return s.hash }
func (s *sm2Signer) Sign(msg []byte) ([]byte, error) {
	return s.priv.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts)
}

type sm2Verifier struct {
	name string
	hash uint32
	pub  *ecdsa.PublicKey
}

func (v *sm2Verifier) Name() string    { return v.name }
func (v *sm2Verifier) KeyHash() uint32 { return v.hash }
func (v *sm2Verifier) Verify(msg, sig []byte) bool {
	return sm2.VerifyASN1WithSM2(v.pub, nil, msg, sig)
}

func newSM2Signer(skey string) (*sm2Signer, string, error) {
	name, hash, key, err := parseKey(true, skey)
	if err != nil {
		return nil, "", err
	}
	d, ok := bytes.CutPrefix(key, sm2Alg)
	if !ok || len(d) != 32 {
		return nil, "", errors.New("ledger: not an SM2 signer key")
	}
	priv, err := sm2.NewPrivateKey(d)
	if err != nil {
		return nil, "", fmt.Errorf("ledger: %w", err)
	}
	skey2, vkey := encodeSM2Keys(name, priv)
	if skey2 != skey {
		return nil, "", errors.New("ledger: SM2 signer key has the wrong key ID")
	}
	return &sm2Signer{name: name, hash: hash, priv: priv}, vkey, nil
}

// NewVerifier returns a note verifier for an encoded verifier key: Ed25519
// (as accepted by golang.org/x/mod/sumdb/note.NewVerifier) or SM2 (as
// returned by GenerateSM2Keys).
func NewVerifier(vkey string) (note.Verifier, error) {
	name, hash, key, err := parseKey(false, vkey)
	if err != nil {
		return nil, err
	}
	if keyHash(name, key) != hash {
		return nil, errors.New("ledger: verifier key has the wrong key ID")
	}
	if key[0] == algEd25519 {
		return note.NewVerifier(vkey)
	}
	point, ok := bytes.CutPrefix(key, sm2Alg)
	if !ok {
		return nil, errors.New("ledger: unknown verifier key algorithm")
	}
	pub, err := sm2.NewPublicKey(point)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return &sm2Verifier{name: name, hash: hash, pub: pub}, nil
}

// Signer signs checkpoints with the log's Ed25519 key and, if configured,
// its SM2 key. It never reveals its private keys, not even when printed.
type Signer struct {
	origin  string
	signers []note.Signer
	vkey    string
	sm2vkey string
}

// NewSigner returns a Signer for an Ed25519 signer key (from GenerateKeys)
// and an optional SM2 signer key (from GenerateSM2Keys; "" for none). Both
// keys must have the same name, which is the origin of the checkpoints it
// signs.
func NewSigner(skey, sm2skey string) (*Signer, error) {
	name, _, key, err := parseKey(true, skey)
	if err != nil {
		return nil, err
	}
	if key[0] != algEd25519 || len(key) != 1+ed25519.SeedSize {
		return nil, errors.New("ledger: not an Ed25519 signer key")
	}
	ns, err := note.NewSigner(skey)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	vkey, err := note.NewEd25519VerifierKey(name, ed25519.NewKeyFromSeed(key[1:]).Public().(ed25519.PublicKey))
	if err != nil {
		return nil, err
	}
	s := &Signer{origin: name, signers: []note.Signer{ns}, vkey: vkey}
	if sm2skey != "" {
		ss, sm2vkey, err := newSM2Signer(sm2skey)
		if err != nil {
			return nil, err
		}
		if ss.name != name {
			return nil, fmt.Errorf("ledger: SM2 key name %q differs from Ed25519 key name %q", ss.name, name)
		}
		s.signers = append(s.signers, ss)
		s.sm2vkey = sm2vkey
	}
	return s, nil
}

// Origin returns the key name, which is the origin of the log.
func (s *Signer) Origin() string { return s.origin }

// VerifierKey returns the Ed25519 verifier key in note form (what
// GET /ledger/key serves).
func (s *Signer) VerifierKey() string { return s.vkey }

// SM2VerifierKey returns the SM2 verifier key, or "" if there is no SM2 key.
func (s *Signer) SM2VerifierKey() string { return s.sm2vkey }

// String describes s without its keys.
func (s *Signer) String() string { return "ledger.Signer(" + s.origin + ")" }

// GoString describes s without its keys.
func (s *Signer) GoString() string { return s.String() }

// Sign returns c as a signed note: the checkpoint text, a blank line, the
// Ed25519 signature line and, if configured, the SM2 signature line.
func (s *Signer) Sign(c Checkpoint) ([]byte, error) {
	if c.Origin != s.origin {
		return nil, fmt.Errorf("ledger: checkpoint origin %q differs from key name %q", c.Origin, s.origin)
	}
	text, err := c.Marshal()
	if err != nil {
		return nil, err
	}
	return note.Sign(&note.Note{Text: string(text)}, s.signers...)
}

// VerifyCheckpoint opens a signed checkpoint and returns its body. Every key
// in vkeys (Ed25519 or SM2 verifier keys, at least one) must have signed it,
// each key must be named after the checkpoint's origin, and signatures by
// other keys are ignored.
func VerifyCheckpoint(signed []byte, vkeys ...string) (Checkpoint, error) {
	if len(vkeys) == 0 {
		return Checkpoint{}, errors.New("ledger: no verifier key")
	}
	vs := make([]note.Verifier, len(vkeys))
	for i, k := range vkeys {
		v, err := NewVerifier(k)
		if err != nil {
			return Checkpoint{}, err
		}
		vs[i] = v
	}
	n, err := note.Open(signed, note.VerifierList(vs...))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("ledger: %w", err)
	}
	for _, v := range vs {
		found := false
		for _, sig := range n.Sigs {
			found = found || sig.Name == v.Name() && sig.Hash == v.KeyHash()
		}
		if !found {
			return Checkpoint{}, fmt.Errorf("ledger: checkpoint not signed by key %s+%08x", v.Name(), v.KeyHash())
		}
	}
	c, err := ParseCheckpoint([]byte(n.Text))
	if err != nil {
		return Checkpoint{}, err
	}
	for _, v := range vs {
		if v.Name() != c.Origin {
			return Checkpoint{}, fmt.Errorf("ledger: key %q does not belong to log %q", v.Name(), c.Origin)
		}
	}
	return c, nil
}
