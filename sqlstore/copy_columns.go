package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"zhifa"
)

// The rows of a closed case that zhifa gen's bulk path copies column by column (issue
// 11, gen6): every column of every table a closed penalty case fills is classified
// here, and TestClosedCaseColumnsCoverSchema compares the classes with both engines'
// schemas, so that a column or a table added later cannot be copied unnoticed with the
// model's value (a stale ID, digest or ledger index).

// colClass says how a copy's value of a column follows from its model's.
type colClass int

const (
	// colKept: copied as is (agency, users, dates, amounts, states, versions).
	colKept colClass = iota
	// colNewID: the row's own ID, taken for the copy before any row is written.
	colNewID
	// colCase: the case's ID, the copy's.
	colCase
	// colRef: a reference to a row of another table (column.ref), mapped through that
	// table's IDs; NULL stays NULL.
	colRef
	// colText: text naming the case by number or its party, substituted (CopyMap.Text).
	colText
	// colCaseKey: text naming the case by ID in a key or a URL ("review.assigned:5:1",
	// "/staff/cases/5/legal-review"), the ID replaced, then substituted as colText.
	colCaseKey
	// colRowJSON: the row itself as JSON ({"id":1,"case_id":5,…}): its ID, its case and
	// the case records it names ("record_id":21, a review's materials) mapped, then
	// substituted as colText.
	colRowJSON
	// colDigest: a digest of content the copy changes, mapped through CopyMap.Digests.
	colDigest
	// colLedger: a ledger index, mapped through CopyMap.Ledger; 0 (none) stays 0.
	colLedger
	// colUnique: a code unique across cases, mapped through CopyMap.Unique; "" stays "".
	colUnique
	// colRendered: text rendered anew for the copy's party (a publication's redacted
	// version), mapped through CopyMap.Rendered; "" stays "".
	colRendered
	// colSearchDoc: a publication's search document, derived from the copy's row as
	// publicationDoc makes it (copiedPublicationDoc).
	colSearchDoc
	// colRefList: a JSON array of IDs of rows of another table (column.ref), each
	// mapped through that table's IDs (a property item's photos, evidence IDs).
	colRefList
	// colEventKey: a notification's key, unique per user: an approval request's
	// ("approval.request:7", "approval.decided:7") names the request, mapped through
	// approval_requests' IDs; any other names the case as colCaseKey does.
	colEventKey
)

// column is the class of one column; ref names the table a colRef column refers to.
type column struct {
	class colClass
	ref   string
}

// copyTable is a table whose rows of a closed case a copy writes column by column.
type copyTable struct {
	name string
	// where selects the case's rows with $1 the case's ID; orderBy keeps their order.
	where, orderBy string
	// columns are all of the table's columns, in the order of the rows read.
	columns []string
	classes map[string]column
}

var (
	keptCol    = column{class: colKept}
	newIDCol   = column{class: colNewID}
	caseCol    = column{class: colCase}
	textCol    = column{class: colText}
	caseKeyCol = column{class: colCaseKey}
	rowJSONCol = column{class: colRowJSON}
	digestCol  = column{class: colDigest}
	ledgerCol  = column{class: colLedger}
	uniqueCol  = column{class: colUnique}
	renderCol  = column{class: colRendered}
	searchCol  = column{class: colSearchDoc}
	eventCol   = column{class: colEventKey}
)

func refTo(table string) column { return column{class: colRef, ref: table} }

func refsTo(table string) column { return column{class: colRefList, ref: table} }

// closedCaseTables are the tables a copy of a closed case writes column by column, in
// the order it writes them: a row's references first.
var closedCaseTables = []copyTable{
	newCopyTable("documents", "case_id = $1", "id", []string{"id", "case_id", "agency_id", "type", "state", "number",
		"fields", "corrects", "corrected_by", "evidence_id", "record_id", "sha256", "issued_on", "issued_by", "issued_at",
		"version", "created_by", "created_at", "updated_at", "pdf_evidence_id"},
		map[string]column{"id": newIDCol, "case_id": caseCol, "number": textCol, "fields": textCol,
			"corrects": refTo("documents"), "corrected_by": refTo("documents"), "evidence_id": refTo("evidence"),
			"record_id": refTo("case_records"), "sha256": digestCol, "pdf_evidence_id": refTo("evidence")}),
	newCopyTable("seal_uses", "document_id IN (SELECT id FROM documents WHERE case_id = $1)", "document_id, ledger_index",
		[]string{"document_id", "seal_key_id", "pdf_sha256", "ledger_index", "sealed_at"},
		map[string]column{"document_id": refTo("documents"), "pdf_sha256": digestCol, "ledger_index": ledgerCol}),
	newCopyTable("approval_requests", "case_id = $1", "id", []string{"id", "case_id", "agency_id", "action", "input",
		"case_version", "snapshot", "requester_id", "requester", "approver_id", "status", "decided_by", "decider",
		"decided_at", "opinion", "created_at"},
		map[string]column{"id": newIDCol, "case_id": caseCol, "input": textCol, "snapshot": digestCol, "opinion": textCol}),
	newCopyTable("notifications", "case_id = $1", "id", []string{"id", "user_id", "kind", "event_key", "title",
		"case_id", "url", "created_at", "read_at"},
		map[string]column{"id": newIDCol, "case_id": caseCol, "event_key": eventCol, "title": textCol, "url": caseKeyCol}),
	newCopyTable("review_rounds", "case_id = $1", "id", []string{"id", "case_id", "agency_id", "round", "status",
		"reviewer_id", "due_on", "opinion", "data", "created_at", "updated_at", "opinion_on"},
		map[string]column{"id": newIDCol, "case_id": caseCol, "opinion": textCol, "data": rowJSONCol}),
	newCopyTable("filings", "case_id = $1", "id", []string{"id", "case_id", "case_number", "agency_id", "kind",
		"to_agency_id", "reasons", "summary", "decided_on", "due", "filed_at", "late", "status", "remark", "reviewer_id",
		"reviewer", "reviewed_at", "version", "subject_id", "subject_ref", "subject_version", "reviewed"},
		map[string]column{"id": newIDCol, "case_id": caseCol, "case_number": textCol, "reasons": textCol,
			"summary": textCol, "remark": textCol}),
	newCopyTable("filing_events", "filing_id IN (SELECT id FROM filings WHERE case_id = $1)", "id",
		[]string{"id", "filing_id", "at", "actor_id", "actor", "status", "remark"},
		map[string]column{"id": newIDCol, "filing_id": refTo("filings"), "remark": textCol}),
	newCopyTable("obligations", "case_id = $1", "case_id", []string{"case_id", "agency_id", "agency_path", "fine_fen",
		"confiscate_fen", "payee", "reference", "served_on", "due", "paid_fen", "settled_on", "exec", "version",
		"created_at", "updated_at"},
		map[string]column{"case_id": caseCol, "reference": uniqueCol, "exec": textCol}),
	newCopyTable("payments", "case_id = $1", "id", []string{"id", "case_id", "agency_id", "receipt_no", "amount_fen",
		"paid_on", "source", "channel_id", "created_at"},
		map[string]column{"id": newIDCol, "case_id": caseCol, "receipt_no": uniqueCol}),
	newCopyTable("decision_fines", "case_id = $1", "case_id", []string{"case_id", "number", "agency_id", "item_id",
		"level", "fine_fen", "decided_on"},
		map[string]column{"case_id": caseCol, "number": textCol}),
	newCopyTable("case_fines", "case_id = $1", "case_id", []string{"case_id", "item_id", "level", "fine_fen",
		"decided_on", "scope_id"},
		map[string]column{"case_id": caseCol}),
	newCopyTable("case_endings", "case_id = $1", "officer_id", []string{"case_id", "officer_id", "outcome", "ended_on"},
		map[string]column{"case_id": caseCol, "officer_id": refTo("officers")}),
	newCopyTable("case_transfers", "case_id = $1", "id", []string{"id", "case_id", "agency_id", "status", "facts",
		"offence", "proposed_at", "proposed_by", "decision_due", "decided_at", "decided_by", "reject_reason", "handover_due",
		"handed_over_at", "organ_kind", "organ", "reply", "reply_on", "reply_reason", "reconsidered", "version",
		"created_at", "updated_at"},
		map[string]column{"id": newIDCol, "case_id": caseCol, "facts": textCol, "reject_reason": textCol,
			"reply_reason": textCol}),
	newCopyTable("property_items", "case_id = $1", "id", []string{"id", "case_id", "agency_id", "name", "quantity",
		"value_fen", "custody", "photos", "status", "disposal", "version", "created_at", "updated_at"},
		map[string]column{"id": newIDCol, "case_id": caseCol, "photos": refsTo("evidence"), "disposal": textCol,
			"custody": textCol}),
	newCopyTable("publications", "case_id = $1", "id", []string{"id", "agency_id", "agency_path", "case_id",
		"case_number", "item_id", "item_name", "category", "status", "decided_on", "due", "public_party", "public_code",
		"conclusion", "draft", "redactions", "secrets", "public_text", "search_doc", "prepared_by", "approved_by",
		"published_on", "display_until", "entry", "ground", "ground_reason", "withdraw_due", "withdrawn_on",
		"withdraw_reason", "withdraw_entry", "version", "created_at", "updated_at", "stop_applied_on", "stopped_on",
		"stop_reason", "licence_id"},
		map[string]column{"id": newIDCol, "case_id": caseCol, "case_number": textCol, "public_party": renderCol,
			"public_code": renderCol, "conclusion": textCol, "draft": renderCol, "redactions": renderCol, "secrets": textCol,
			"public_text": renderCol, "search_doc": searchCol, "entry": ledgerCol, "ground_reason": textCol,
			"withdraw_reason": textCol, "withdraw_entry": ledgerCol, "stop_reason": textCol, "licence_id": refTo("licences")}),
}

// derivedTables are tables hanging off the closed case's tables whose rows a copy
// derives rather than copies: a publication's search terms follow from its copied
// search_doc (changeTerms).
var derivedTables = []string{"publication_terms"}

// newCopyTable is a table whose columns not named in classes are kept.
func newCopyTable(name, where, orderBy string, columns []string, classes map[string]column) copyTable {
	for _, c := range columns {
		if _, ok := classes[c]; !ok {
			classes[c] = keptCol
		}
	}
	return copyTable{name: name, where: where, orderBy: orderBy, columns: columns, classes: classes}
}

// closedCaseTable returns the table named name.
func closedCaseTable(name string) (*copyTable, bool) {
	for i := range closedCaseTables {
		if closedCaseTables[i].name == name {
			return &closedCaseTables[i], true
		}
	}
	return nil, false
}

// CaseTableRows returns the case's rows of closedCaseTables, in their order; tables
// without a row are left out.
func (t *tx) CaseTableRows(ctx context.Context, caseID int64) ([]*zhifa.CaseRows, error) {
	var out []*zhifa.CaseRows
	for i := range closedCaseTables {
		ct := &closedCaseTables[i]
		rows, err := t.caseRowsOf(ctx, ct, caseID)
		if err != nil {
			return nil, err
		}
		if len(rows.Rows) > 0 {
			out = append(out, rows)
		}
	}
	return out, nil
}

func (t *tx) caseRowsOf(ctx context.Context, ct *copyTable, caseID int64) (*zhifa.CaseRows, error) {
	op := "read case rows of " + ct.name
	rows, err := t.query(ctx, `SELECT `+strings.Join(ct.columns, ", ")+` FROM `+ct.name+` WHERE `+ct.where+
		` ORDER BY `+ct.orderBy, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	out := &zhifa.CaseRows{Table: ct.name, Columns: ct.columns}
	for rows.Next() {
		vals := make([]any, len(ct.columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
		out.Rows = append(out.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return out, nil
}

// InsertCopiedRows holds back rows as the copy's in a loader's transaction (UpdateBulk).
// The rows' IDs are those ReserveCopiedIDs took, or taken now: every ID of the table is
// set before any value is mapped, so a row may refer to a later one of its table (a
// document's corrected_by).
func (t *tx) InsertCopiedRows(ctx context.Context, rows *zhifa.CaseRows, m *zhifa.CopyMap) error {
	ct, err := t.copyTableOf(rows)
	if err != nil {
		return err
	}
	if err := t.ReserveCopiedIDs(ctx, rows, m); err != nil {
		return err
	}
	idCol := slices.Index(ct.columns, "id")
	keys := caseKeyPattern(m.ModelCase)
	for _, row := range rows.Rows {
		vals := make([]any, len(row))
		for i, name := range ct.columns {
			v, err := copyValue(ct.name, name, ct.classes[name], row[i], row, idCol, m, keys)
			if err != nil {
				return fmt.Errorf("copy rows of %s: %w", ct.name, err)
			}
			vals[i] = v
		}
		if ct.name == "publications" {
			doc, err := copiedPublicationDoc(ct.columns, row, vals)
			if err != nil {
				return fmt.Errorf("copy rows of %s: %w", ct.name, err)
			}
			vals[slices.Index(ct.columns, "search_doc")] = doc
			// Its search terms, as CreatePublication indexes them (changeTerms), written
			// after the rows.
			t.bulk.addTerms(publicationTermIndex, vals[idCol].(int64), docTerms(doc))
		}
		t.bulk.add(ct.name, ct.columns, vals...)
	}
	return nil
}

// ReserveCopiedIDs takes the copy's ID of each of the rows not yet mapped in m.IDs, in a
// loader's transaction (UpdateBulk), from the table's own sequence.
func (t *tx) ReserveCopiedIDs(ctx context.Context, rows *zhifa.CaseRows, m *zhifa.CopyMap) error {
	ct, err := t.copyTableOf(rows)
	if err != nil {
		return err
	}
	idCol := slices.Index(ct.columns, "id")
	if idCol < 0 || ct.classes["id"].class != colNewID {
		return nil
	}
	if m.IDs == nil {
		m.IDs = map[string]map[int64]int64{}
	}
	ids := m.IDs[ct.name]
	if ids == nil {
		ids = map[int64]int64{}
		m.IDs[ct.name] = ids
	}
	for _, row := range rows.Rows {
		old, ok := row[idCol].(int64)
		if !ok {
			return fmt.Errorf("copy rows of %s: id %v", ct.name, row[idCol])
		}
		if _, done := ids[old]; done {
			continue
		}
		id, err := t.bulk.nextID(ctx, t, ct.name)
		if err != nil {
			return err
		}
		ids[old] = id
	}
	return nil
}

// copyTableOf is the classified table of rows, in a loader's transaction.
func (t *tx) copyTableOf(rows *zhifa.CaseRows) (*copyTable, error) {
	if t.bulk == nil {
		return nil, fmt.Errorf("copy rows of %s: only in a loader's transaction", rows.Table)
	}
	ct, ok := closedCaseTable(rows.Table)
	if !ok {
		return nil, fmt.Errorf("copy rows of %s: not a table of a closed case", rows.Table)
	}
	if !slices.Equal(rows.Columns, ct.columns) {
		return nil, fmt.Errorf("copy rows of %s: columns %v, want %v", rows.Table, rows.Columns, ct.columns)
	}
	return ct, nil
}

// caseKeyPatterns are the compiled caseKeyPatterns, by case ID: a model's serves each
// of its copies.
var caseKeyPatterns sync.Map

// caseKeyPattern matches the case's ID as a segment of a key or a URL.
func caseKeyPattern(caseID int64) *regexp.Regexp {
	if re, ok := caseKeyPatterns.Load(caseID); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := caseKeyPatterns.LoadOrStore(caseID, compileCaseKeyPattern(caseID))
	return re.(*regexp.Regexp)
}

func compileCaseKeyPattern(caseID int64) *regexp.Regexp {
	return regexp.MustCompile(`(^|[:/=])` + strconv.FormatInt(caseID, 10) + `([:/?#&]|$)`)
}

// approvalEventKey matches a notification's key naming an approval request.
var approvalEventKey = regexp.MustCompile(`^(approval\.(?:request|decided):)(\d+)$`)

// rowJSONCase matches a case named in a row's JSON.
var rowJSONCase = regexp.MustCompile(`"case_id":(\d+)`)

// rowJSONRecord matches a case record named in a row's JSON.
var rowJSONRecord = regexp.MustCompile(`"record_id":(\d+)`)

// copyValue is the copy's value of one column of a model's row.
func copyValue(table, name string, col column, v any, row []any, idCol int, m *zhifa.CopyMap,
	keys *regexp.Regexp) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch col.class {
	case colKept:
		return v, nil
	case colNewID:
		return mapped(m.IDs[table], v, name)
	case colCase:
		return m.Case, nil
	case colRef:
		return mapped(m.IDs[col.ref], v, name)
	case colLedger:
		if n, ok := v.(int64); ok && n == 0 {
			return v, nil
		}
		return mapped(m.Ledger, v, name)
	case colDigest:
		s, err := textOf(v, name)
		if err != nil || s == "" {
			return v, err
		}
		d, ok := m.Digests[s]
		if !ok {
			return nil, fmt.Errorf("%s: digest %s of the model is not mapped", name, s)
		}
		return d, nil
	case colUnique:
		s, err := textOf(v, name)
		if err != nil || s == "" {
			return v, err
		}
		u, ok := m.Unique[s]
		if !ok {
			return nil, fmt.Errorf("%s: code %s of the model is not mapped", name, s)
		}
		return u, nil
	case colRendered:
		s, err := textOf(v, name)
		if err != nil || s == "" {
			return v, err
		}
		r, ok := m.Rendered[s]
		if !ok {
			return nil, fmt.Errorf("%s: the copy's value is not rendered", name)
		}
		return r, nil
	case colSearchDoc:
		return v, nil // derived from the copied row (copiedPublicationDoc)
	}
	s, err := textOf(v, name)
	if err != nil {
		return nil, err
	}
	switch col.class {
	case colRefList:
		var ids []int64
		if err := json.Unmarshal([]byte(s), &ids); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for i, id := range ids {
			n, err := mapped(m.IDs[col.ref], id, name)
			if err != nil {
				return nil, err
			}
			ids[i] = n.(int64)
		}
		return jsonText(ids)
	case colEventKey:
		if sub := approvalEventKey.FindStringSubmatch(s); sub != nil {
			id, _ := strconv.ParseInt(sub[2], 10, 64)
			n, err := mapped(m.IDs["approval_requests"], id, name)
			if err != nil {
				return nil, err
			}
			return sub[1] + strconv.FormatInt(n.(int64), 10), nil
		}
		s = keys.ReplaceAllString(s, "${1}"+strconv.FormatInt(m.Case, 10)+"${2}")
	case colCaseKey:
		s = keys.ReplaceAllString(s, "${1}"+strconv.FormatInt(m.Case, 10)+"${2}")
	case colRowJSON:
		s = rowJSONCase.ReplaceAllStringFunc(s, func(match string) string {
			if match == `"case_id":`+strconv.FormatInt(m.ModelCase, 10) {
				return `"case_id":` + strconv.FormatInt(m.Case, 10)
			}
			return match
		})
		var err error
		s = rowJSONRecord.ReplaceAllStringFunc(s, func(match string) string {
			old, _ := strconv.ParseInt(strings.TrimPrefix(match, `"record_id":`), 10, 64)
			n, ok := m.IDs["case_records"][old]
			if !ok {
				err = fmt.Errorf("%s: record %d of the model is not mapped", name, old)
				return match
			}
			return `"record_id":` + strconv.FormatInt(n, 10)
		})
		if err != nil {
			return nil, err
		}
		if old, ok := row[idCol].(int64); ok {
			s = strings.Replace(s, `"id":`+strconv.FormatInt(old, 10)+`,`,
				`"id":`+strconv.FormatInt(m.IDs[table][old], 10)+`,`, 1)
		}
	}
	if m.Text != nil {
		s = m.Text(s)
	}
	return s, nil
}

// copiedPublicationDoc is the search document of a copied publication row vals (its
// model's row) as publicationDoc makes it: the copy's number, public party and code
// folded, the agency's and the item's lines as the model's; none when the model's has
// none (not published).
func copiedPublicationDoc(columns []string, model, vals []any) (string, error) {
	col := func(name string) (string, error) {
		v := vals[slices.Index(columns, name)]
		if v == nil {
			return "", nil
		}
		return textOf(v, name)
	}
	old, err := textOf(model[slices.Index(columns, "search_doc")], "search_doc")
	if err != nil || old == "" {
		return "", err
	}
	lines := strings.SplitN(old, "\n", 4)
	if len(lines) != 4 {
		return "", fmt.Errorf("search_doc of the model has %d lines", len(lines))
	}
	for i, name := range []string{"case_number", "public_party", "public_code"} {
		s, err := col(name)
		if err != nil {
			return "", err
		}
		lines[i] = foldText(s)
	}
	return strings.Join(lines, "\n"), nil
}

// mapped maps an ID through ids; an ID the map lacks is an error.
func mapped(ids map[int64]int64, v any, name string) (any, error) {
	old, ok := v.(int64)
	if !ok {
		return nil, fmt.Errorf("%s: %T is no ID", name, v)
	}
	id, ok := ids[old]
	if !ok {
		return nil, fmt.Errorf("%s: %d is not mapped", name, old)
	}
	return id, nil
}

// textOf is a text column's value.
func textOf(v any, name string) (string, error) {
	switch s := v.(type) {
	case string:
		return s, nil
	case []byte:
		return string(s), nil
	}
	return "", fmt.Errorf("%s: %T is no text", name, v)
}
