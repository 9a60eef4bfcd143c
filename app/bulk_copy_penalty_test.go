package app

import (
	"strings"
	"testing"

	"zhifa"
	"zhifa/app/execution"
	"zhifa/ledger"
)

// TestCopyCodes: a copy's payment reference is execution.Reference of its own agency and
// case, each receipt of the model becomes one of the copy's with the model's issuer
// prefix, distinct within the copy and from another copy's, and a text naming the
// model's codes names the copy's (issue 11).
func TestCopyCodes(t *testing.T) {
	cr := &closedRows{reference: execution.Reference(3, 41)}
	for _, code := range []string{cr.reference, "ICBC0000004101", "鲁财罚20260041", "ICBC00000041XJ", "ICBC0000004101", ""} {
		cr.addCode(code)
	}
	if len(cr.codes) != 4 {
		t.Fatalf("codes %v: want the four distinct ones", cr.codes)
	}
	codes := cr.copyCodes(3, 5001)
	other := cr.copyCodes(3, 5002)
	want := map[string]string{
		cr.reference:     execution.Reference(3, 5001),
		"ICBC0000004101": "ICBC00000000500101",
		"鲁财罚20260041":    "鲁财罚00000000500102",
		"ICBC00000041XJ": "ICBC00000000500103",
	}
	seen := map[string]bool{}
	for old, w := range want {
		if codes[old] != w {
			t.Errorf("copy of %s = %s, want %s", old, codes[old], w)
		}
		if seen[codes[old]] || codes[old] == other[old] {
			t.Errorf("copy of %s = %s is not the copy's alone", old, codes[old])
		}
		seen[codes[old]] = true
	}
	if !execution.ValidReference(codes[cr.reference]) {
		t.Errorf("reference %s is not valid", codes[cr.reference])
	}
	text := "缴款码：" + cr.reference + "，票据号ICBC0000004101、ICBC00000041XJ"
	got := strings.NewReplacer(codePairs(codes)...).Replace(text)
	if wantText := "缴款码：" + codes[cr.reference] + "，票据号ICBC00000000500101、ICBC00000000500103"; got != wantText {
		t.Errorf("text %q, want %q", got, wantText)
	}
}

// TestAddEntryCodes: the codes an entry names (its unique keys) are the model's codes;
// its other keys are not.
func TestAddEntryCodes(t *testing.T) {
	cr := &closedRows{}
	cr.addEntryCodes(&ledger.Entry{Kind: "execution.bank", Meta: map[string]string{"receipt_no": "ICBC00000041XJ",
		"amount_fen": "20000", "case": "41"}})
	cr.addEntryCodes(&ledger.Entry{Kind: "case.serve", Meta: map[string]string{"execution_reference": "00000300000000004165"}})
	if got := strings.Join(cr.codes, ","); got != "ICBC00000041XJ,00000300000000004165" {
		t.Errorf("codes %s", got)
	}
}

// TestCheckPublicDigest: a copied publicity entry must seal its own public text.
func TestCheckPublicDigest(t *testing.T) {
	ok := &ledger.Entry{Kind: "publicity.publish", Meta: map[string]string{"public_text": "李某", "digest": publicDigest("李某")}}
	stale := &ledger.Entry{Kind: "publicity.publish", Meta: map[string]string{"public_text": "李某", "digest": publicDigest("张某")}}
	other := &ledger.Entry{Kind: "document.issue", Meta: map[string]string{"digest": "x"}}
	if checkPublicDigest(ok) != nil || checkPublicDigest(other) != nil || checkPublicDigest(stale) == nil {
		t.Error("checkPublicDigest: want only the stale digest refused")
	}
	if s, err := redactionsText(nil); s != "[]" || err != nil {
		t.Errorf("redactionsText(nil) = %s, %v", s, err)
	}
	if s, _ := redactionsText([]zhifa.Redaction{{Kind: "name", Original: "张三", Replacement: "张某"}}); !strings.Contains(s, "张三") {
		t.Errorf("redactionsText = %s", s)
	}
}
