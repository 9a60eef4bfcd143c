package ledger

import (
	"bytes"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/mod/sumdb/note"
)

const testOrigin = "zhifa.example.gov.cn/ledger"

func TestCheckpointMarshal(t *testing.T) {
	c := Checkpoint{Origin: testOrigin, Size: 20852163}
	c.Root[0], c.SM3Root[31] = 0xff, 1
	want := "zhifa.example.gov.cn/ledger\n20852163\n/wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nsm3 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=\n"
	got, err := c.Marshal()
	if err != nil || string(got) != want {
		t.Fatalf("Marshal() = %q, %v; want %q", got, err, want)
	}
	back, err := ParseCheckpoint(got)
	if err != nil || back != c {
		t.Fatalf("ParseCheckpoint = %+v, %v; want %+v", back, err, c)
	}
	for _, bad := range []Checkpoint{{Origin: ""}, {Origin: "a b"}, {Origin: "a+b"}, {Origin: "a\nb"}, {Origin: "o", Size: -1}} {
		if _, err := bad.Marshal(); err == nil {
			t.Errorf("Marshal(%+v) succeeded", bad)
		}
	}
	const root = "/wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	for _, bad := range []string{
		"",
		"o\n1\n" + root + "\n",            // no sm3 line
		"o\n1\n" + root + "\nsm3 " + root, // no final newline
		"o\n1\n" + root + "\nsm3 " + root + "\nx\n",                              // extra line
		"o\n01\n" + root + "\nsm3 " + root + "\n",                                // leading zero
		"o\n-1\n" + root + "\nsm3 " + root + "\n",                                // negative
		"o\n1\n" + root[:43] + "\nsm3 " + root + "\n",                            // short root
		"o\n1\n" + root + "\nsm3  " + root + "\n",                                // double space
		"o\n1\n" + root + "\nSM3 " + root + "\n",                                 // case
		"o p\n1\n" + root + "\nsm3 " + root + "\n",                               // space in origin
		"\n1\n" + root + "\nsm3 " + root + "\n",                                  // empty origin
		"o\n1\n/wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\nsm3 " + root + "\n", // non-canonical base64
	} {
		if c, err := ParseCheckpoint([]byte(bad)); err == nil {
			t.Errorf("ParseCheckpoint(%q) = %+v, want error", bad, c)
		}
	}
}

// signer returns a Signer with fresh keys and the verifier keys.
func signer(t *testing.T, withSM2 bool) (s *Signer, vkey, sm2vkey string) {
	t.Helper()
	skey, vkey, err := GenerateKeys(testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	var sm2skey string
	if withSM2 {
		if sm2skey, sm2vkey, err = GenerateSM2Keys(testOrigin); err != nil {
			t.Fatal(err)
		}
	}
	s, err = NewSigner(skey, sm2skey)
	if err != nil {
		t.Fatal(err)
	}
	if s.VerifierKey() != vkey || s.SM2VerifierKey() != sm2vkey || s.Origin() != testOrigin {
		t.Fatalf("signer keys = %q, %q, want %q, %q", s.VerifierKey(), s.SM2VerifierKey(), vkey, sm2vkey)
	}
	return s, vkey, sm2vkey
}

func TestSignAndVerify(t *testing.T) {
	m := memLog(t, 10)
	c := m.Checkpoint(testOrigin)
	s, vkey, sm2vkey := signer(t, true)
	signed, err := s.Sign(c)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := c.Marshal()
	if !bytes.HasPrefix(signed, append(text, '\n')) || bytes.Count(signed, []byte("\n— "+testOrigin+" ")) != 2 {
		t.Fatalf("signed note:\n%s", signed)
	}

	// golang.org/x/mod/sumdb/note with only the Ed25519 key accepts the note
	// and ignores the SM2 signature.
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		t.Fatalf("note.Open with the Ed25519 key: %v", err)
	}
	if n.Text != string(text) || len(n.Sigs) != 1 || len(n.UnverifiedSigs) != 1 {
		t.Fatalf("note.Open = %+v", n)
	}

	// Tampered: a changed size, a changed SM3 root, a flipped signature byte.
	tamperedSize := bytes.Replace(signed, []byte("\n10\n"), []byte("\n11\n"), 1)
	sm3Line := "sm3 " + c.SM3Root.String()
	other := c.SM3Root
	other[0] ^= 1
	tamperedSM3 := bytes.Replace(signed, []byte(sm3Line), []byte("sm3 "+other.String()), 1)
	lines := strings.Split(string(signed), "\n")
	lastSig := lines[len(lines)-2] // the SM2 line
	flipped := []byte(strings.Replace(string(signed), lastSig, lastSig[:len(lastSig)-6]+"AAAA"+lastSig[len(lastSig)-2:], 1))

	_, otherVkey, _ := signer(t, false)
	tests := []struct {
		name   string
		signed []byte
		keys   []string
		ok     bool
	}{
		{"ed25519", signed, []string{vkey}, true},
		{"sm2", signed, []string{sm2vkey}, true},
		{"both", signed, []string{vkey, sm2vkey}, true},
		{"no key", signed, nil, false},
		{"other ed25519 key", signed, []string{otherVkey}, false},
		{"one key did not sign", signed, []string{vkey, otherVkey}, false},
		{"size changed", tamperedSize, []string{vkey}, false},
		{"sm3 root changed, ed25519", tamperedSM3, []string{vkey}, false},
		{"sm3 root changed, sm2", tamperedSM3, []string{sm2vkey}, false},
		{"sm2 signature flipped", flipped, []string{sm2vkey}, false},
		{"sm2 signature flipped, ed25519 only", flipped, []string{vkey}, true},
		{"malformed key", signed, []string{"x+00000000+AA=="}, false},
	}
	for _, tt := range tests {
		got, err := VerifyCheckpoint(tt.signed, tt.keys...)
		if tt.ok && (err != nil || got != c) {
			t.Errorf("%s: VerifyCheckpoint = %+v, %v; want %+v", tt.name, got, err, c)
		}
		if !tt.ok && err == nil {
			t.Errorf("%s: VerifyCheckpoint accepted", tt.name)
		}
	}

	// Without an SM2 key there is one signature line.
	s2, vkey2, _ := signer(t, false)
	signed2, err := s2.Sign(c)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(signed2, []byte("\n— ")) != 1 {
		t.Fatalf("signed note:\n%s", signed2)
	}
	if _, err := VerifyCheckpoint(signed2, vkey2); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Sign(Checkpoint{Origin: "other.example/log", Size: 0}); err == nil {
		t.Fatal("signed a checkpoint of another origin")
	}
}

func TestVerifyCheckpointOriginMustMatchKey(t *testing.T) {
	skey, vkey, err := GenerateKeys("other.example/log")
	if err != nil {
		t.Fatal(err)
	}
	ns, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := (Checkpoint{Origin: testOrigin}).Marshal()
	signed, err := note.Sign(&note.Note{Text: string(text)}, ns)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyCheckpoint(signed, vkey); err == nil {
		t.Fatal("accepted a checkpoint whose origin differs from the key name")
	}
}

func TestKeys(t *testing.T) {
	skey, _, err := GenerateKeys(testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	sm2skey, sm2vkey, err := GenerateSM2Keys(testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	otherSM2, _, _ := GenerateSM2Keys("other.example/log")
	tests := []struct {
		name       string
		skey, sm2k string
		ok         bool
	}{
		{"ed25519", skey, "", true},
		{"ed25519 and sm2", skey, sm2skey, true},
		{"sm2 as ed25519", sm2skey, "", false},
		{"ed25519 as sm2", skey, skey, false},
		{"sm2 of another origin", skey, otherSM2, false},
		{"verifier key as signer key", sm2vkey, "", false},
		{"wrong key ID", skey[:len("PRIVATE+KEY+"+testOrigin+"+")] + "00000000" + skey[len("PRIVATE+KEY+"+testOrigin+"+00000000"):], "", false},
		{"wrong sm2 key ID", skey, sm2skey[:len("PRIVATE+KEY+"+testOrigin+"+")] + "00000000" + sm2skey[len("PRIVATE+KEY+"+testOrigin+"+00000000"):], false},
		{"garbage", "PRIVATE+KEY+x", "", false},
	}
	for _, tt := range tests {
		_, err := NewSigner(tt.skey, tt.sm2k)
		if (err == nil) != tt.ok {
			t.Errorf("%s: NewSigner error = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
	if _, _, err := GenerateKeys("bad name"); err == nil {
		t.Error("GenerateKeys accepted a name with a space")
	}
	if _, _, err := GenerateSM2Keys("bad+name"); err == nil {
		t.Error("GenerateSM2Keys accepted a name with a plus")
	}
	// Verifier keys: SM2 keys are not note's business, Ed25519 keys are.
	if _, err := note.NewVerifier(sm2vkey); err == nil {
		t.Error("x/mod note accepted the SM2 key")
	}
	if v, err := NewVerifier(sm2vkey); err != nil || v.Name() != testOrigin {
		t.Errorf("NewVerifier(sm2) = %v, %v", v, err)
	}

	// A signer never shows its keys.
	s, err := NewSigner(skey, sm2skey)
	if err != nil {
		t.Fatal(err)
	}
	secret, sm2secret := keySecret(t, skey), keySecret(t, sm2skey)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, s)
		if strings.Contains(out, secret) || strings.Contains(out, sm2secret) || strings.Contains(out, "PRIVATE") {
			t.Errorf("Sprintf(%q) reveals a key: %s", format, out)
		}
	}
}

// keySecret is the key data of a note key, PRIVATE+KEY+<name>+<hash>+<base64>: the text
// after the fourth "+", not after the last, because standard base64 contains "+" too.
func keySecret(t *testing.T, key string) string {
	t.Helper()
	parts := strings.SplitN(key, "+", 5)
	if len(parts) != 5 || len(parts[4]) < 16 {
		t.Fatalf("malformed key %.20q…", key)
	}
	return parts[4]
}

func TestKeySecret(t *testing.T) {
	tests := []struct{ key, want string }{
		{"PRIVATE+KEY+zhifa.test/ledger+0123abcd+AUNvbnN0YW50S2V5RGF0YQ", "AUNvbnN0YW50S2V5RGF0YQ"},
		// Base64 with "+": the text after the last "+" would be a 4-character fragment,
		// found by chance in any long output (the flake of TestKeys).
		{"PRIVATE+KEY+zhifa.test/ledger+0123abcd+AUNvbnN0YW50+2V5RGF0YQ/x+Ab9z", "AUNvbnN0YW50+2V5RGF0YQ/x+Ab9z"},
	}
	for _, tt := range tests {
		if got := keySecret(t, tt.key); got != tt.want {
			t.Errorf("keySecret(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestSM2KeysFromPEM(t *testing.T) {
	priv, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := smx509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	sec1, err := smx509.MarshalSM2PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	skey1, vkey1, err := SM2KeysFromPEM(testOrigin, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}))
	if err != nil {
		t.Fatal(err)
	}
	skey2, vkey2, err := SM2KeysFromPEM(testOrigin, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}))
	if err != nil {
		t.Fatal(err)
	}
	if skey1 != skey2 || vkey1 != vkey2 {
		t.Fatal("PKCS#8 and SEC 1 encodings of one key give different keys")
	}
	edkey, _, _ := GenerateKeys(testOrigin)
	s, err := NewSigner(edkey, skey1)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := s.Sign(Checkpoint{Origin: testOrigin, Root: SHA256.EmptyRoot(), SM3Root: SM3.EmptyRoot()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyCheckpoint(signed, vkey1); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, []byte("not pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}})} {
		if _, _, err := SM2KeysFromPEM(testOrigin, bad); err == nil {
			t.Errorf("SM2KeysFromPEM(%q) succeeded", bad)
		}
	}
}
