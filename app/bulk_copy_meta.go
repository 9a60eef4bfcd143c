package app

import (
	"slices"
	"strings"
	"sync"

	"zhifa"
)

// The keys of a model's ledger entries (their meta and their opened committed fields),
// classified for a copy (zhifa gen's bulk path, issue 11): the same key can name rows of
// different tables in different kinds of entries ("item" is a catalog item in case.open
// and a property item in execution.property_*; "entry" is a publication in publicity.*),
// so a key is looked up by the entry's kind first. A key with no class refuses its model
// (EINVALID), so that an entry kind or key added later cannot be copied with a stale ID.

// metaClass says how a copy's value of an entry's key follows from its model's.
type metaClass int

const (
	// metaKept: copied as is (dates, versions, stages, users, amounts, catalog items).
	metaKept metaClass = iota
	// metaText: text naming the case by number or its party, substituted.
	metaText
	// metaCase: the case's ID, the copy's.
	metaCase
	// metaRow: the ID of a row of table, mapped through the copy's IDs of that table.
	metaRow
	// metaDigest: a digest of content the copy changes, mapped through the copy's
	// digests.
	metaDigest
	// metaUnique: a code unique across cases (a payment reference, a receipt number),
	// mapped through the copy's codes (zhifa.CopyMap.Unique).
	metaUnique
	// metaLedger: the index of an entry of the case (a withdrawal's publish entry),
	// mapped through the copy's entries, which come before it.
	metaLedger
	// metaRendered: text the copy renders anew for its party (a publication's public
	// text), mapped through zhifa.CopyMap.Rendered.
	metaRendered
	// metaOfficers: a comma-separated list of officer IDs, mapped to the copy's
	// officers (bulk_copy_officers.go).
	metaOfficers
	// metaUncopied: names a row of a table a copy does not carry (a fault or supervision
	// review, an evaluation): the case is no model.
	metaUncopied
)

// metaKey is the class of an entry's key; table names the rows of a metaRow key.
type metaKey struct {
	class metaClass
	table string
}

func rowOf(table string) metaKey { return metaKey{class: metaRow, table: table} }

var (
	keptKey     = metaKey{class: metaKept}
	textKey     = metaKey{class: metaText}
	caseKey     = metaKey{class: metaCase}
	digestKey   = metaKey{class: metaDigest}
	uniqueKey   = metaKey{class: metaUnique}
	renderedKey = metaKey{class: metaRendered}
	ledgerKey   = metaKey{class: metaLedger}
	uncopiedKey = metaKey{class: metaUncopied}
)

// entryKeys are the keys classified alike in every kind of entry of a case.
var entryKeys = map[string]metaKey{
	"case": caseKey,
	// the stage machine's step (kernel.StepRun) and its stages' prefixed keys
	"action": keptKey, "approver": keptKey, "date": keptKey, "from": keptKey, "to": keptKey, "version": keptKey,
	"detail": textKey, "reason": textKey, "backdate_reason": textKey, "requester": keptKey,
	"approval_request":         rowOf("approval_requests"),
	"review_approved_revision": keptKey, "review_passed_revision": keptKey, "review_opinion": keptKey,
	"review_reviewer": keptKey, "review_reviewers": keptKey, "review_round": keptKey, "review_due": keptKey,
	"review_approver_login": keptKey, "review_snapshot": textKey,
	"review_handlers": textKey, // the case's officers by name, substituted with them
	"execution_basis": textKey, "execution_due": keptKey, "execution_principal_fen": keptKey,
	"execution_reference": uniqueKey,
	"publicity_category":  keptKey, "publicity_due": keptKey,
	"filing_id": rowOf("filings"), "filing_kind": keptKey, "filing_to": keptKey,
	"transfer_id": rowOf("case_transfers"), "transfer_status": keptKey,
	// case.open
	"agency": keptKey, "item": keptKey, "kind": keptKey, "procedure": keptKey, "stage": keptKey, "initiation": textKey,
	// case.corrected
	"on": keptKey, "outcome": keptKey, "review": uncopiedKey,
}

// kindKeys are the keys whose class depends on the entry's kind, by kind prefix (a
// prefix ends with "." or names one kind).
var kindKeys = map[string]map[string]metaKey{
	"record.add": {"act": keptKey, "evidence": rowOf("evidence"), "record": rowOf("case_records"),
		"title": textKey},
	"document.": {"document": rowOf("documents"), "fields_sha256": digestKey, "type": keptKey, "state": keptKey,
		"mime": keptKey, "number": textKey},
	"approval.request": {"request": rowOf("approval_requests"), "snapshot": digestKey, "asked": keptKey},
	"execution.": {"amount_fen": keptKey, "paid_on": keptKey, "source": keptKey, "receipt_no": uniqueKey,
		"ground": textKey, "end": keptKey, "instalments": keptKey, "approved": keptKey},
	"execution.property_": {"item": rowOf("property_items"), "photos": keptKey, "value_fen": keptKey, "method": keptKey,
		"proceeds_fen": keptKey, "treasury_receipt": uniqueKey},
	"publicity.": {"entry": rowOf("publications"), "ref": ledgerKey, "category": keptKey,
		"digest": digestKey, "display_until": keptKey, "public_text": renderedKey, "result": keptKey,
		"withdraw_reason": textKey},
	"fault.": {"fault": uncopiedKey, "exempt": keptKey, "finding": textKey, "persons": keptKey,
		"sanction": keptKey},
	"filing.review":  {"filing": rowOf("filings"), "remark": textKey, "result": keptKey},
	"review.":        {"review": uncopiedKey},
	"evaluation.":    {"case": uncopiedKey},
	"social_remark.": {"case": uncopiedKey},
	"complaint.":     {"case": uncopiedKey},
	"evidence.add": {"captured_at": keptKey, "officers": metaKey{class: metaOfficers}, "mime": keptKey, "case_ref": textKey,
		"device": keptKey, "place": keptKey, "title": textKey},
}

// entryKeyClass is the class of key in an entry of kind: the most specific kind prefix
// that classifies it, else entryKeys.
func entryKeyClass(kind, key string) (metaKey, bool) {
	if c, ok := keyClasses.Load([2]string{kind, key}); ok {
		return c.(keyClassOf).key, c.(keyClassOf).ok
	}
	k, ok := classifyEntryKey(kind, key)
	keyClasses.Store([2]string{kind, key}, keyClassOf{k, ok})
	return k, ok
}

// keyClasses are the classes entryKeyClass found, by kind and key: a copy's entries
// ask for the same few hundred.
var keyClasses sync.Map

type keyClassOf struct {
	key metaKey
	ok  bool
}

// classifyEntryKey is entryKeyClass without the memo.
func classifyEntryKey(kind, key string) (metaKey, bool) {
	best, found := -1, metaKey{}
	for prefix, keys := range kindKeys {
		if !(kind == prefix || strings.HasSuffix(prefix, ".") && strings.HasPrefix(kind, prefix) ||
			strings.HasSuffix(prefix, "_") && strings.HasPrefix(kind, prefix)) {
			continue
		}
		if k, ok := keys[key]; ok && len(prefix) > best {
			best, found = len(prefix), k
		}
	}
	if best >= 0 {
		return found, true
	}
	k, ok := entryKeys[key]
	return k, ok
}

// copiedRows are the tables whose rows the copier carries and maps IDs of in entries.
var copiedRows = []string{"evidence", "case_records", "documents", "approval_requests", "publications", "filings",
	"property_items", "case_transfers"}

// copiedDigests are the digest keys a copy maps (closedCopy.digest): a document
// version's fields, an approval's case snapshot and a publication's public text.
var copiedDigests = map[string]bool{"fields_sha256": true, "snapshot": true, "digest": true}

// entryBlockers are the keys of an entry of kind that keep its case from being a model:
// "kind/key" for a key naming a row the copier does not carry or a digest it does not
// recompute, "kind/key?" for a key without a class.
func entryBlockers(kind string, meta map[string]string) []string {
	var out []string
	for key := range meta {
		k, ok := entryKeyClass(kind, key)
		switch {
		case !ok:
			out = append(out, kind+"/"+key+"?")
		case k.class == metaUncopied, k.class == metaDigest && !copiedDigests[key],
			k.class == metaRow && !slices.Contains(copiedRows, k.table):
			out = append(out, kind+"/"+key)
		}
	}
	slices.Sort(out)
	return out
}

// checkCopyableEntry refuses (EINVALID) an entry of a model with a key a copy cannot
// map (entryBlockers).
func checkCopyableEntry(caseID int64, kind string, meta map[string]string) error {
	if b := entryBlockers(kind, meta); len(b) > 0 {
		return zhifa.Errorf(zhifa.EINVALID, "案件%d的账本记录有批量复制不能对应的字段：%s", caseID, strings.Join(b, "、"))
	}
	return nil
}
