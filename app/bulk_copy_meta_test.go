package app

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"zhifa"
	"zhifa/ledger"
)

// TestEntryKeyClass: the same key names rows of different tables in different kinds of
// entries, and a copy maps each by its entry's kind (issue 11).
func TestEntryKeyClass(t *testing.T) {
	for _, tc := range []struct {
		kind, key string
		want      metaKey
		ok        bool
	}{
		{"case.open", "item", keptKey, true}, // a catalog item
		{"execution.property_add", "item", rowOf("property_items"), true},
		{"execution.property_record", "item", rowOf("property_items"), true},
		{"publicity.publish", "entry", rowOf("publications"), true},
		{"publicity.publish", "public_text", renderedKey, true},
		{"publicity.publish", "digest", digestKey, true},
		{"publicity.withdraw", "ref", ledgerKey, true}, // the publish entry's index
		{"publicity.stop", "ref", ledgerKey, true},
		{"record.add", "record", rowOf("case_records"), true},
		{"record.add", "evidence", rowOf("evidence"), true},
		{"document.issue", "document", rowOf("documents"), true},
		{"document.issue", "fields_sha256", digestKey, true},
		{"document.issue", "number", textKey, true},
		{"approval.request", "request", rowOf("approval_requests"), true},
		{"case.approve", "approval_request", rowOf("approval_requests"), true},
		{"execution.payment", "receipt_no", uniqueKey, true},
		{"case.serve", "execution_reference", uniqueKey, true},
		{"case.decide", "filing_id", rowOf("filings"), true},
		{"filing.review", "filing", rowOf("filings"), true},
		{"case.transfer", "transfer_id", rowOf("case_transfers"), true},
		{"case.investigate", "detail", textKey, true},
		{"case.investigate", "case", caseKey, true},
		{"fault.open", "fault", uncopiedKey, true},
		{"case.investigate", "no_such_key", metaKey{}, false},
		{"record.add", "document", metaKey{}, false},
	} {
		got, ok := entryKeyClass(tc.kind, tc.key)
		if got != tc.want || ok != tc.ok {
			t.Errorf("entryKeyClass(%s, %s) = %+v, %v; want %+v, %v", tc.kind, tc.key, got, ok, tc.want, tc.ok)
		}
	}
}

// TestCheckCopyableEntry: a model's entry with a key the copier cannot map refuses the
// model as EINVALID; one it maps passes.
func TestCheckCopyableEntry(t *testing.T) {
	for _, tc := range []struct {
		kind string
		meta map[string]string
		ok   bool
	}{
		{"record.add", map[string]string{"act": "investigate", "case": "5", "evidence": "3", "kind": "photo",
			"record": "3", "title": "现场照片"}, true},
		{"case.investigate", map[string]string{"action": "investigate", "case": "5", "date": "2026-01-05",
			"from": "open", "to": "investigate", "version": "2", "detail": "立案调查"}, true},
		{"case.investigate", map[string]string{"case": "5", "surprise": "x"}, false},
		// A closed case's documents and approvals are copied (gen7), a penalty's
		// publication and payments too (genp).
		{"document.issue", map[string]string{"case": "5", "document": "9", "fields_sha256": "ab"}, true},
		{"approval.request", map[string]string{"case": "5", "snapshot": "ab", "request": "4"}, true},
		{"publicity.publish", map[string]string{"case": "5", "digest": "ab", "entry": "3", "public_text": "x"}, true},
		{"execution.payment", map[string]string{"case": "5", "receipt_no": "R1"}, true},
		{"case.serve", map[string]string{"case": "5", "execution_reference": "00000300000000000512"}, true},
		{"execution.property_record", map[string]string{"case": "5", "treasury_receipt": "R2", "item": "1"}, true},
		{"document.issue", map[string]string{"case": "5", "corrects": "8"}, false},
		{"case.transfer", map[string]string{"case": "5", "transfer_id": "1"}, true},
		{"fault.open", map[string]string{"case": "5", "fault": "1"}, false},
	} {
		err := checkCopyableEntry(5, tc.kind, tc.meta)
		if tc.ok != (err == nil) {
			t.Errorf("checkCopyableEntry(%s, %v) = %v", tc.kind, tc.meta, err)
		}
		if err != nil && zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("checkCopyableEntry(%s): code %s, want EINVALID", tc.kind, zhifa.ErrorCode(err))
		}
	}
}

// TestCopyEntryKeys: a copy's entry maps each key by the class looked up once for its
// model (classedKeys), and refuses keys that do not match the model's entry.
func TestCopyEntryKeys(t *testing.T) {
	model := &ledger.Entry{Kind: "record.add", Case: "M-1", Meta: map[string]string{"case": "5", "record": "7",
		"evidence": "9", "title": "M-1 的笔录", "act": "inquiry"}}
	keys, err := classedKeys(model.Kind, model.Meta)
	if err != nil {
		t.Fatal(err)
	}
	cm := &zhifa.CopyMap{Case: 50, Text: strings.NewReplacer("M-1", "C-1").Replace,
		IDs: map[string]map[int64]int64{"case_records": {7: 70}, "evidence": {9: 90}}}
	for _, tc := range []struct {
		name string
		keys []classedKey
		want map[string]string
		err  bool
	}{
		{"mapped", keys, map[string]string{"case": "50", "record": "70", "evidence": "90", "title": "C-1 的笔录", "act": "inquiry"}, false},
		{"key missing", keys[1:], nil, true},
		{"key not the model's", append(slices.Clone(keys[1:]), classedKey{name: "other", metaKey: keptKey}), nil, true},
	} {
		e, err := copyEntry(model, tc.keys, "M-1", "C-1", cm, nil)
		if (err != nil) != tc.err {
			t.Errorf("%s: error %v, want error %v", tc.name, err, tc.err)
			continue
		}
		if err == nil && (!maps.Equal(e.Meta, tc.want) || e.Case != "C-1") {
			t.Errorf("%s: %s %v, want C-1 %v", tc.name, e.Case, e.Meta, tc.want)
		}
	}
	if _, err := classedKeys("record.add", map[string]string{"nonsense": "1"}); err == nil {
		t.Error("a key without a class was classified")
	}
}

// TestCopyObject: an audit line's object on the model's case or one of its evidence rows
// is the copy's; any other is kept.
func TestCopyObject(t *testing.T) {
	evidence := map[int64]int64{3: 30, 4: 40}
	for in, want := range map[string]string{"case/5": "case/50", "case/55": "case/55", "case/": "case/",
		"evidence/3": "evidence/30", "evidence/4": "evidence/40", "evidence/5": "evidence/5", "evidence/03": "evidence/03",
		"evidence/x": "evidence/x", "document/3": "document/3", "user/5": "user/5"} {
		if got := copyObject(in, 5, 50, evidence); got != want {
			t.Errorf("copyObject(%s) = %s, want %s", in, got, want)
		}
	}
}
