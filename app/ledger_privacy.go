package app

import (
	"context"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/ledger"
)

// Ledger privacy (issue 9 §3; REQUIREMENTS D3, D4). Entries are permanent and their
// hashes public, so they must not carry free text or personal data in clear.
//
// Writing: appendEntry writes format-2 entries. A meta field stays in clear only if its
// key is listed in clearMetaKeys (IDs, enumerated states, versions, dates, counts and
// digests); every other field, including any a future change adds, becomes a salted
// commitment, and its salt and value go to ledger_openings in the same transaction.
//
// Reading: checkpoints, hash tiles and proofs are public. Entry content is readable by
// staff in scope of the entry's agency, and inside the exported case file. An entry is
// public as well when it is in format 2 and of a kind whose content the portal publishes
// anyway (entryKindPublic). A bundle is served only to a reader who may read every entry
// in it, so format-1 entries, which may hold text in clear, are never public.

// clearMetaKeys are the meta keys whose values are structured and name no person.
var clearMetaKeys = map[string]bool{
	// ids and references
	"case": true, "agency": true, "record": true, "evidence": true, "document": true, "corrects": true,
	"filing": true, "certificate": true, "officer": true, "officers": true, "item": true, "benchmark": true,
	"entry": true, "pool": true, "agencies": true, "reviewers": true, "approver": true, "base": true,
	"ref": true, "number": true, "filing_id": true, "filing_to": true, "transfer_id": true, "review_reviewer": true,
	// states, enumerations and versions
	"action": true, "from": true, "to": true, "kind": true, "procedure": true, "stage": true, "state": true,
	"status": true, "result": true, "type": true, "act": true, "mime": true, "subject": true, "template": true,
	"active": true, "version": true, "subject_version": true, "filing_kind": true, "transfer_status": true,
	"review_round": true, "review_opinion": true, "review_passed_revision": true, "review_conclusion": true,
	"review_against_majority": true, "review_coordination": true, "review_approved_revision": true,
	// dates, counts and digests
	"date": true, "due": true, "review_due": true, "captured_at": true, "valid_from": true, "valid_until": true,
	"rules": true, "levels": true, "entries": true, "files": true, "digest": true, "fields_sha256": true,
	// a published decision's public version and the published reason of its withdrawal:
	// redacted text the portal shows anyway (app/publicity, issue 13)
	"public_text": true, "withdraw_reason": true, "category": true, "display_until": true,
	// the electronic seal: a key's id, algorithm and certificate fingerprints
	"seal_key": true, "algorithm": true, "fingerprint": true, "retired": true,
}

// clearMetaKey reports whether the meta field key may stay in clear. The recording
// list's "act.<code>" fields hold a level and a scope.
func clearMetaKey(key string) bool {
	return clearMetaKeys[key] || strings.HasPrefix(key, "act.")
}

// commitFields turns e into a format-2 entry: every meta field that may not stay in
// clear moves into a commitment under a fresh salt. It returns the openings, without
// their index, for ledger_openings.
func commitFields(e *ledger.Entry) []*zhifa.LedgerOpening {
	e.V = ledger.EntryV2
	var openings []*zhifa.LedgerOpening
	for k, v := range e.Meta {
		if clearMetaKey(k) {
			continue
		}
		salt := ledger.NewSalt()
		if e.Commits == nil {
			e.Commits = map[string]ledger.Commitment{}
		}
		e.Commits[k] = ledger.Commit(salt, v)
		openings = append(openings, &zhifa.LedgerOpening{Field: k, Salt: salt, Value: v})
		delete(e.Meta, k)
	}
	return openings
}

// publicEntryKinds are the kinds whose content the portal publishes anyway: the
// certificates of officers (执法证件公示), the major-decision catalogs, the review pools,
// the recording lists and the discretion benchmarks and four lists.
var publicEntryKinds = map[string]bool{
	"certificate.issue": true, "certificate.state": true, "review.catalog": true, "review.pool": true,
	"recording.list": true, "benchmark.create": true, "benchmark.update": true, "list.create": true,
	"list.update": true, "publicity.publish": true, "publicity.withdraw": true,
}

// EntryPublic reports whether anyone may read the entry: a format-2 entry (no free text
// in clear) of a kind whose content is public anyway.
func EntryPublic(e *ledger.Entry) bool {
	return e != nil && e.V == ledger.EntryV2 && publicEntryKinds[e.Kind]
}

// entryReader decides which entries an actor may read.
type entryReader struct {
	actor *Actor
	// inScope holds the agencies in the actor's scope.
	inScope map[int64]bool
}

// newEntryReader reads the agencies in the actor's scope (none for the public).
func newEntryReader(ctx context.Context, tx zhifa.Tx, actor *Actor) (*entryReader, error) {
	r := &entryReader{actor: actor, inScope: map[int64]bool{}}
	if !actor.LoggedIn() || actor.ScopePath == "" {
		return r, nil
	}
	ags, err := tx.Agencies(ctx, actor.ScopePath)
	if err != nil {
		return nil, err
	}
	for _, ag := range ags {
		r.inScope[ag.ID] = true
	}
	return r, nil
}

// canRead reports whether the actor may read entry e (nil if damaged). caseAgency is
// the agency of the entry's case, 0 for an entry about no case; otherwise the entry's
// own "agency" field names it. Staff read the entries of agencies in their scope; an
// entry that names no agency only staff who read the audit log of a whole government's
// agencies (a top-level scope).
func (r *entryReader) canRead(e *ledger.Entry, caseAgency int64) bool {
	if EntryPublic(e) {
		return true
	}
	if !r.actor.LoggedIn() {
		return false
	}
	agency := caseAgency
	if agency == 0 && e != nil {
		agency, _ = strconv.ParseInt(e.Meta["agency"], 10, 64)
	}
	if agency != 0 {
		return r.inScope[agency]
	}
	return r.actor.Can(PermReadAudit) && strings.Count(r.actor.ScopePath, "/") <= 2
}

// entriesVisible reports, for each entry of list (by index order), whether the actor
// may read it, with one query for the entries' cases.
func (a *App) entriesVisible(ctx context.Context, tx zhifa.Tx, list []*zhifa.LedgerEntry) ([]bool, error) {
	out := make([]bool, len(list))
	if len(list) == 0 {
		return out, nil
	}
	r, err := newEntryReader(ctx, tx, ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	lo, hi := list[0].Index, list[0].Index
	for _, le := range list {
		lo, hi = min(lo, le.Index), max(hi, le.Index)
	}
	agencies, err := tx.LedgerEntryAgencies(ctx, lo, hi+1)
	if err != nil {
		return nil, err
	}
	for i, le := range list {
		e, _ := ledger.ParseEntry(le.Data)
		out[i] = r.canRead(e, agencies[le.Index])
	}
	return out, nil
}

// readableEntries checks that the actor may read every entry of list: nil if so, else
// EUNAUTHORIZED for the public and EFORBIDDEN for staff, naming the first entry.
func (a *App) readableEntries(ctx context.Context, tx zhifa.Tx, list []*zhifa.LedgerEntry) error {
	visible, err := a.entriesVisible(ctx, tx, list)
	if err != nil {
		return err
	}
	for i, ok := range visible {
		if ok {
			continue
		}
		if !ActorFrom(ctx).LoggedIn() {
			return zhifa.Errorf(zhifa.EUNAUTHORIZED, "账本条目第%d条的内容不公开，请登录后查看", list[i].Index)
		}
		return zhifa.Errorf(zhifa.EFORBIDDEN, "账本条目第%d条不在您的查看范围内", list[i].Index)
	}
	return nil
}
