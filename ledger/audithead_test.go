package ledger

import (
	"bytes"
	"strings"
	"testing"
)

func TestAuditHeadNote(t *testing.T) {
	skey, vkey, err := GenerateKeys("zhifa.test/ledger")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSigner(skey, "")
	if err != nil {
		t.Fatal(err)
	}
	head := bytes.Repeat([]byte{9}, HashSize)
	signed, err := s.SignAuditHead(42, head)
	if err != nil {
		t.Fatal(err)
	}
	h, err := VerifyAuditHead(signed, vkey)
	if err != nil || h.Seq != 42 || !bytes.Equal(h.Head, head) || h.Origin != "zhifa.test/ledger" {
		t.Fatalf("VerifyAuditHead = %+v, %v", h, err)
	}
	// Neither note passes for the other.
	if _, err := VerifyCheckpoint(signed, vkey); err == nil {
		t.Error("an audit head note verified as a checkpoint")
	}
	cp, _ := s.Sign(Checkpoint{Origin: "zhifa.test/ledger", Size: 1})
	if _, err := VerifyAuditHead(cp, vkey); err == nil {
		t.Error("a checkpoint verified as an audit head")
	}
	// Altered text, another key, a bad head.
	altered := bytes.Replace(signed, []byte("\n42\n"), []byte("\n43\n"), 1)
	if _, err := VerifyAuditHead(altered, vkey); err == nil {
		t.Error("altered audit head verified")
	}
	_, other, _ := GenerateKeys("zhifa.test/ledger")
	if _, err := VerifyAuditHead(signed, other); err == nil || !strings.Contains(err.Error(), "ledger:") {
		t.Errorf("other key: %v", err)
	}
	if _, err := s.SignAuditHead(0, head); err == nil {
		t.Error("signed link 0")
	}
}
