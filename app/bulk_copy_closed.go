package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
	"zhifa/law"
	"zhifa/ledger"
)

// Copies of closed cases (zhifa gen's bulk path, issue 11, gen7). A case that ran to 结案
// has issued documents (at least its 结案审批表), the head's approval requests and their
// notifications, and its officers' endings. A copy writes those rows column by column
// (Tx.InsertCopiedRows, classified in sqlstore/copy_columns.go), after its entries:
//   - each issued document's content is the model's HTML with the copy's number and party
//     substituted, stored as a file of its own (by content address), with its evidence
//     row, its case record (a document's record has no record.add entry) and its
//     document.issue entry carrying the new content's hashes;
//   - a document entry's fields_sha256 is the digest of the copy's fields when the model's
//     was that of the model's issued fields; an intermediate version's fields are not kept,
//     so its digest and an approval's case snapshot are derived from the model's and the
//     copy's case ID (copyDigest): unique to the copy, the same in the row and its entry;
//   - the audit lines on its documents and approvals follow, their objects and digests
//     mapped.
// A closed penalty case's obligation, payments, decided fines and publication are
// copied too (bulk_copy_penalty.go). Documents printed as sealed PDFs are not carried
// yet: such a case is no model (closedBlockers). A major case's legal review rounds and
// its filing (备案), a compulsory case's seized property and a transfer of a suspected crime
// (移送) are copied column by column as well, the review's JSON naming the copy's records, a property item's photos the copy's
// evidence.

// carriedClosedTables are the closed-case tables (zhifa.Tx.CaseTableRows) a copy writes.
var carriedClosedTables = []string{"documents", "approval_requests", "notifications", "case_endings",
	"obligations", "payments", "decision_fines", "case_fines", "publications", "review_rounds", "filings",
	"filing_events", "property_items", "case_transfers"}

// closedRows is what a copy of a closed model writes besides what every copy writes.
type closedRows struct {
	tables []*zhifa.CaseRows
	// contents are the issued documents' HTML, by the model's evidence ID: text, as each
	// copy substitutes it (copyReplacer.Replace) without converting it again.
	contents map[int64]string
	// docRecords are the model's records of its issued documents, by their evidence ID.
	docRecords map[int64]int64
	// issuedFields are the issued documents' fields (their JSON text and its form), by
	// the digest of the model's fields.
	issuedFields map[string]modelFields
	// codes are the model's codes unique across cases (its payment reference and
	// receipts), in the order first met; reference is its payment reference.
	codes     []string
	reference string
	// pub is the model's publication, nil for none.
	pub *modelPublication
}

// closedBlockers lists what in a case's closed-case rows a copy does not carry: a table
// outside carriedClosedTables, a document printed as a PDF.
func closedBlockers(tables []*zhifa.CaseRows) []string {
	var out []string
	for _, rows := range tables {
		if !slices.Contains(carriedClosedTables, rows.Table) {
			out = append(out, rows.Table)
			continue
		}
		if rows.Table != "documents" {
			continue
		}
		pdf := slices.Index(rows.Columns, "pdf_evidence_id")
		for _, row := range rows.Rows {
			if row[pdf] != nil {
				out = append(out, "documents.pdf_evidence_id")
				break
			}
		}
	}
	return out
}

// loadClosedRows reads the model's closed-case rows and its issued documents' content,
// and adds the objects of the audit lines on its documents and approvals to objects.
func loadClosedRows(ctx context.Context, tx zhifa.Tx, blobs blob.Store, m *caseModel, objects *[]string) error {
	tables, err := tx.CaseTableRows(ctx, m.c.ID)
	if err != nil {
		return err
	}
	if b := closedBlockers(tables); len(b) > 0 {
		return zhifa.Errorf(zhifa.EINVALID, "案件%d有批量复制不能携带的记录：%s", m.c.ID, strings.Join(b, "、"))
	}
	if len(tables) == 0 {
		return nil
	}
	cr := &closedRows{tables: tables, contents: map[int64]string{}, docRecords: map[int64]int64{},
		issuedFields: map[string]modelFields{}}
	for _, rows := range tables {
		ids, err := rowIDs(rows)
		if err != nil {
			return fmt.Errorf("case %d: %w", m.c.ID, err)
		}
		switch rows.Table {
		case "documents":
			for _, id := range ids {
				*objects = append(*objects, objectRef("document", id))
			}
			if err := cr.loadIssued(rows); err != nil {
				return fmt.Errorf("case %d: %w", m.c.ID, err)
			}
		case "approval_requests":
			for _, id := range ids {
				*objects = append(*objects, objectRef("approval", id))
			}
		case "publications":
			for _, id := range ids {
				*objects = append(*objects, objectRef("publication", id))
			}
		case "filings":
			for _, id := range ids {
				*objects = append(*objects, objectRef("filing", id))
			}
		case "property_items":
			for _, id := range ids {
				*objects = append(*objects, objectRef("property", id))
			}
		}
	}
	if err := cr.loadPenalty(ctx, tx, m); err != nil {
		return err
	}
	for _, r := range m.records {
		if r.Kind != zhifa.RecordDocument || r.EvidenceID == 0 {
			continue
		}
		ev := m.evidence[r.EvidenceID]
		if blobs == nil {
			return fmt.Errorf("case %d: no blob store to copy its documents", m.c.ID)
		}
		content, err := readBlob(ctx, blobs, ev.SHA256)
		if err != nil {
			return fmt.Errorf("case %d: document content %s: %w", m.c.ID, ev.SHA256, err)
		}
		cr.contents[ev.ID] = string(content)
		cr.docRecords[ev.ID] = r.ID
	}
	m.closed = cr
	return nil
}

// rowIDs are the IDs of rows, none for a table without an id column.
func rowIDs(rows *zhifa.CaseRows) ([]int64, error) {
	col := slices.Index(rows.Columns, "id")
	if col < 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(rows.Rows))
	for _, row := range rows.Rows {
		id, ok := row[col].(int64)
		if !ok {
			return nil, fmt.Errorf("%s: id %v", rows.Table, row[col])
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// loadIssued keeps the fields of the issued documents by their digest.
func (cr *closedRows) loadIssued(rows *zhifa.CaseRows) error {
	state := slices.Index(rows.Columns, "state")
	fields := slices.Index(rows.Columns, "fields")
	for _, row := range rows.Rows {
		if s, _ := textValue(row[state]); s == string(zhifa.DocDraft) {
			continue
		}
		text, _ := textValue(row[fields])
		canonical, err := canonicalFields(text)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(canonical)
		f := modelFields{text: text}
		if string(canonical) == text && onlyNewlineEscapes(text) {
			keys, err := fieldKeys(text)
			if err != nil {
				return err
			}
			f.canonical, f.keys = true, keys
		}
		cr.issuedFields[hex.EncodeToString(sum[:])] = f
	}
	return nil
}

// modelFields are an issued document's fields as the model's row stores them (JSON
// text) and whether a copy's digest of them may skip re-encoding (copyFieldsDigest).
type modelFields struct {
	text string
	// canonical is set when text is its own canonical JSON (fieldsTextDigest's) with no
	// escape sequence but \n (a 结案审批表's approval has a line break); keys are then its
	// keys, each followed by a quote.
	canonical bool
	keys      string
}

// onlyNewlineEscapes reports whether every backslash of text begins a \n.
func onlyNewlineEscapes(text string) bool {
	for i := strings.IndexByte(text, '\\'); i >= 0; i = strings.IndexByte(text, '\\') {
		if i+1 >= len(text) || text[i+1] != 'n' {
			return false
		}
		text = text[i+2:]
	}
	return true
}

// fieldKeys are the keys of fields stored as JSON text, sorted, each followed by a quote.
func fieldKeys(text string) (string, error) {
	fields := map[string]string{}
	if err := json.Unmarshal([]byte(text), &fields); err != nil {
		return "", fmt.Errorf("document fields: %w", err)
	}
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		b.WriteString(k)
		b.WriteByte('"')
	}
	return b.String(), nil
}

// readBlob reads the blob whose SHA-256 is the hex digest.
func readBlob(ctx context.Context, blobs blob.Store, hexDigest string) ([]byte, error) {
	var key [32]byte
	if n, err := hex.Decode(key[:], []byte(hexDigest)); err != nil || n != len(key) {
		return nil, fmt.Errorf("bad digest %q", hexDigest)
	}
	obj, err := blobs.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	return io.ReadAll(obj)
}

// textValue is a text column's value as the driver returned it.
func textValue(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return s, true
	case []byte:
		return string(s), true
	}
	return "", false
}

// fieldsTextDigest is the digest a document entry records of fields stored as JSON
// text: the SHA-256 of their canonical JSON (sorted keys), as the cases context's
// fieldsDigest computes it.
func fieldsTextDigest(text string) (string, error) {
	b, err := canonicalFields(text)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// canonicalFields is the canonical JSON of fields stored as JSON text (sorted keys, Go's
// escaping): what fieldsTextDigest hashes.
func canonicalFields(text string) ([]byte, error) {
	fields := map[string]string{}
	if text != "" {
		if err := json.Unmarshal([]byte(text), &fields); err != nil {
			return nil, fmt.Errorf("document fields: %w", err)
		}
	}
	b, err := json.Marshal(fields)
	if err != nil {
		return nil, fmt.Errorf("document fields: %w", err)
	}
	return b, nil
}

// copyFieldsDigest is fieldsTextDigest(r.Replace(f.text)), the digest of a copy's
// issued fields, without decoding and encoding them again when it need not (a tenth of
// building a closed copy went to that). When the model's text is its own canonical JSON
// with no escape sequence but \n (modelFields.canonical), and the copy's substitution is
// clean (copyReplacer.clean: no old string holds a quote, a backslash or a control
// character, begins with n or is made of JSON's punctuation alone; no new string holds a
// character JSON escapes) and changes no key, then every match lies inside a string and
// outside its escapes, and the substituted text is canonical JSON too, with the same keys
// in the same order: its own canonical form, hashed as it is.
func copyFieldsDigest(f modelFields, r *copyReplacer) (string, error) {
	text := r.Replace(f.text)
	if !f.canonical || !r.clean() || r.Replace(f.keys) != f.keys {
		return fieldsTextDigest(text)
	}
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:]), nil
}

// copyDigest derives the copy's value of a digest of content the copy does not keep (an
// intermediate document version, an approval's case snapshot): unique to the copy and
// stable, so that the row and its entry agree.
func copyDigest(model string, caseID int64) string {
	sum := sha256.Sum256([]byte("zhifa.copy\x00" + model + "\x00" + strconv.FormatInt(caseID, 10)))
	return hex.EncodeToString(sum[:])
}

// partyReplacer substitutes the copy's party for the model's wherever text names it:
// its name and masked name, codes, address and phone. Fields the model lacks are left
// alone (an empty string would match everywhere).
func partyReplacer(oldNumber, newNumber string, model, party zhifa.Party, officers ...string) *strings.Replacer {
	return strings.NewReplacer(partyPairs(oldNumber, newNumber, model, party, officers...)...)
}

// partyPairs are partyReplacer's pairs of old and new text; officers are pairs of the
// model's officers' names and the copy's.
func partyPairs(oldNumber, newNumber string, model, party zhifa.Party, officers ...string) []string {
	pairs := append([]string{oldNumber, newNumber}, officers...)
	add := func(old, new string) {
		if old != "" && old != new {
			pairs = append(pairs, old, new)
		}
	}
	add(model.Name, party.Name)
	add(model.IDNumber, party.IDNumber)
	add(model.CreditCode, party.CreditCode)
	add(model.Address, party.Address)
	add(model.Phone, party.Phone)
	if model.Kind == zhifa.PartyPerson && party.Kind == zhifa.PartyPerson {
		add(law.MaskName(model.Name), law.MaskName(party.Name))
	}
	add(kernel.MaskPhone(model.Phone), kernel.MaskPhone(party.Phone))
	return pairs
}

// closedCopy is the state of one copy of a closed model while it is written.
type closedCopy struct {
	rows *closedRows
	cm   *zhifa.CopyMap
	// content are the copy's documents' content hashes, by the model's evidence ID.
	content map[int64]blob.Hashes
}

// startClosedCopy reserves the copy's IDs of the model's closed-case rows, queues its
// documents' content for the file writer and maps the digests its rows and entries name.
func (m *caseModel) startClosedCopy(ctx context.Context, tx zhifa.Tx, files *fileWriter, c *zhifa.Case,
	cm *zhifa.CopyMap, rename *copyReplacer) (*closedCopy, error) {
	cc := &closedCopy{rows: m.closed, cm: cm, content: map[int64]blob.Hashes{}}
	if cc.rows == nil {
		return cc, nil
	}
	if err := m.startPenaltyCopy(c, cm); err != nil {
		return nil, err
	}
	for _, rows := range cc.rows.tables {
		if err := tx.ReserveCopiedIDs(ctx, rows, cm); err != nil {
			return nil, err
		}
	}
	for _, rows := range cc.rows.tables {
		if rows.Table != "approval_requests" {
			continue
		}
		// The snapshot of each request, the same in its row and its entry.
		snapshot := slices.Index(rows.Columns, "snapshot")
		for _, row := range rows.Rows {
			if s, ok := textValue(row[snapshot]); ok && s != "" {
				cc.digest(s)
			}
		}
	}
	for old, f := range cc.rows.issuedFields {
		d, err := copyFieldsDigest(f, rename)
		if err != nil {
			return nil, err
		}
		cm.Digests[old] = d
	}
	for _, evID := range slices.Sorted(maps.Keys(cc.rows.contents)) {
		h := files.Put([]byte(cm.Text(cc.rows.contents[evID])))
		cc.content[evID] = h
		cm.Digests[m.evidence[evID].SHA256] = h.SHA256Hex()
	}
	return cc, nil
}

// digest is the copy's value of a digest of the model (metaDigest keys, digest
// columns): mapped when the copy's content has one, else derived (copyDigest).
func (cc *closedCopy) digest(old string) string {
	if d, ok := cc.cm.Digests[old]; ok {
		return d
	}
	d := copyDigest(old, cc.cm.Case)
	cc.cm.Digests[old] = d
	return d
}

// reissue sets the copy's content hashes on its document.issue entry e and on its
// content evidence ev (either may be nil) for the model's evidence evidenceID; it
// reports whether that evidence is an issued document's content.
func (cc *closedCopy) reissue(e *ledger.Entry, ev *zhifa.Evidence, evidenceID int64) bool {
	h, ok := cc.content[evidenceID]
	if !ok {
		return false
	}
	if e != nil {
		e.Hashes["content"] = ledger.Digest{Size: h.Size, SHA256: h.SHA256, SM3: h.SM3}
	}
	if ev != nil {
		ev.Size, ev.SHA256, ev.SM3 = h.Size, h.SHA256Hex(), h.SM3Hex()
	}
	return true
}

// finish writes the copy's closed-case rows, its documents and evidence now mapped.
func (cc *closedCopy) finish(ctx context.Context, tx zhifa.Tx) error {
	if cc.rows == nil {
		return nil
	}
	for _, rows := range cc.rows.tables {
		if err := tx.InsertCopiedRows(ctx, rows, cc.cm); err != nil {
			return err
		}
	}
	return nil
}

// auditObject maps an audit line's object on a model's document, approval,
// publication, filing or seized property.
func (cc *closedCopy) auditObject(obj string) string {
	for _, o := range auditObjectTables {
		if rest, ok := strings.CutPrefix(obj, o.prefix); ok {
			return o.prefix + mapID(rest, cc.cm.IDs[o.table])
		}
	}
	return obj
}

// auditObjectTables are the prefixes of the audit objects auditObject maps, with the
// tables of their IDs.
var auditObjectTables = []struct{ prefix, table string }{{"document/", "documents"}, {"approval/", "approval_requests"},
	{"publication/", "publications"}, {"filing/", "filings"}, {"property/", "property_items"}}

// auditDetail maps the digests an audit line's detail names ("sha256:…").
func (cc *closedCopy) auditDetail(s string) string {
	if !strings.Contains(s, "sha256:") {
		return s
	}
	for old, d := range cc.cm.Digests {
		s = strings.ReplaceAll(s, old, d)
	}
	return s
}
