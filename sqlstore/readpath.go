package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"zhifa"
)

// The read path at province scale (issue #11, migration 00020). Lists page by keyset
// (id < cursor) in the order of an index that ends in id, count at most
// zhifa.CountCap+1 rows, and select an agency subtree by a range of paths, which an
// index answers (a LIKE prefix with a bound parameter is not used by either planner).
// The warnings find their cases through case_clocks, the running clocks of every case,
// rewritten with the case in the same transaction.

// subtreeEnd is the end of the range of agency paths under p: paths hold digits and
// slashes only (checkPath), and '0' follows '/', so the paths starting with "/1/4/" are
// exactly those in ["/1/4/", "/1/40"), a range an index answers (a LIKE prefix with a
// bound parameter is used by neither planner). p ends in '/'.
func subtreeEnd(p string) string {
	return p[:len(p)-1] + "0"
}

// scopeCond is the condition that col (an agency ID) lies under the agency path p.
func scopeCond(w *where, col, p string) {
	if p == "" {
		return
	}
	w.add(col+` IN (SELECT id FROM agencies WHERE path >= ? AND path < ?)`, p, subtreeEnd(p))
}

// Cases returns one page of matching cases in the list's order (zhifa.CaseKey) and
// their count up to zhifa.CountCap+1; a search is not counted (zhifa.Uncounted).
func (t *tx) Cases(ctx context.Context, f zhifa.CaseFilter) ([]*zhifa.Case, int, error) {
	const op = "list cases"
	var sq *caseQuery
	if f.Query != "" {
		var err error
		if sq, err = t.searchQuery(ctx, caseTermIndex, f.Query, false); err != nil {
			return nil, 0, err
		}
		if err := t.planForArguments(ctx); err != nil {
			return nil, 0, err
		}
	}
	q, err := t.db.caseListQuery(f, sq)
	if err != nil {
		return nil, 0, err
	}
	list, total, err := listPage(ctx, t, op, q, scanCase)
	if err != nil {
		return nil, 0, err
	}
	if err := t.loadParties(ctx, list); err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// listPage runs q: the capped count (zhifa.Uncounted without one), then the page
// scanned by scan.
func listPage[T any](ctx context.Context, t *tx, op string, q *listQuery, scan func(scanner) (*T, error)) ([]*T, int, error) {
	total := zhifa.Uncounted
	if q.count != "" {
		if err := t.queryRow(ctx, q.count, q.countArgs...).Scan(&total); err != nil {
			return nil, 0, dbErr(err, op, errMsgs{})
		}
	}
	rows, err := t.query(ctx, q.list, q.listArgs...)
	if err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, scan)
	return list, total, err
}

// listQuery is a list's capped count and its page.
type listQuery struct {
	count, list         string
	countArgs, listArgs []any
}

// caseListQuery builds the queries of Cases; q is the parsed and ranked search query of
// f.Query (nil without one). Every filter has an index ending in id (migration 00020),
// so a page is read in index order and stops at its limit.
func (db *DB) caseListQuery(f zhifa.CaseFilter, q *caseQuery) (*listQuery, error) {
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	var w where
	from, idCol := ` FROM cases c`, "c.id"
	switch {
	case f.Query == "":
	case q == nil:
		return nil, fmt.Errorf("list cases: query %q not parsed", f.Query)
	case q.exact != "":
		w.add(`c.id IN (SELECT p.case_id FROM case_parties p WHERE p.id_number_index = ? OR p.credit_code = ?)`,
			db.pii.index(q.exact), q.exact)
	case q.number != "":
		// A whole 案号: one entry of cases_number (migration 00045); its bigrams are
		// shared by most of the agency's cases.
		w.add(`c.number = ?`, q.number)
	default:
		// The postings of the rarest bigram drive the scan in case order, those of the
		// next rarest are probed by key, and each candidate's text, read by its primary
		// key, confirms the words when the postings cannot (search.go). SQLite joins the
		// text on its key. PostgreSQL, given that join, pushed the LIKE down to a scan of
		// all of case_search and hashed it against the postings (time growing with the
		// table); a correlated scalar subquery, which it does not flatten, reads only the
		// candidates' texts.
		from = ` FROM case_terms t0 JOIN cases c ON c.id = t0.case_id`
		doc := `(SELECT s.doc FROM case_search s WHERE s.case_id = t0.case_id)`
		if db.engine == EngineSQLite && !q.confirmed() {
			from, doc = ` FROM case_terms t0 JOIN case_search s ON s.case_id = t0.case_id JOIN cases c ON c.id = t0.case_id`, `s.doc`
		}
		idCol = "t0.case_id"
		probed := q.probed()
		w.add(`t0.term = ?`, probed[0])
		for i, term := range probed[1:] {
			w.add(fmt.Sprintf(`EXISTS (SELECT 1 FROM case_terms t%d WHERE t%d.term = ? AND t%d.case_id = t0.case_id)`, i+1, i+1, i+1), term)
		}
		if !q.confirmed() {
			for _, word := range q.words {
				w.add(doc+` LIKE ? ESCAPE '\'`, likeContains(word))
			}
		}
	}
	scopeCond(&w, "c.agency_id", f.UnderPath)
	if f.AgencyID != 0 {
		w.add(`c.agency_id = ?`, f.AgencyID)
	}
	if f.OfficerID != 0 {
		switch {
		case f.Query == "" && f.DueFrom.IsZero() && f.DueTo.IsZero():
			// The officer's cases drive the scan in case order (case_officers' key).
			from, idCol = ` FROM case_officers o JOIN cases c ON c.id = o.case_id`, "o.case_id"
			w.add(`o.officer_id = ?`, f.OfficerID)
		case f.Query == "":
			// A due range is the narrower index (only open cases have a next due day):
			// its cases are checked against case_officers one by one, instead of reading
			// all the officer's cases (13,000 at a million; issue 14, the to-do counts).
			w.add(`EXISTS (SELECT 1 FROM case_officers o WHERE o.officer_id = ? AND o.case_id = c.id)`, f.OfficerID)
		default:
			w.add(`c.id IN (SELECT o.case_id FROM case_officers o WHERE o.officer_id = ?)`, f.OfficerID)
		}
	}
	if f.Stage != "" {
		w.add(`c.stage = ?`, string(f.Stage))
	}
	if f.Kind != "" {
		w.add(`c.kind = ?`, string(f.Kind))
	}
	if !f.DueFrom.IsZero() {
		w.add(`c.next_due >= ?`, f.DueFrom)
	}
	if !f.DueTo.IsZero() {
		w.add(`c.next_due <= ?`, f.DueTo)
	}
	lq := &listQuery{
		count:     `SELECT COUNT(*) FROM (SELECT 1 ` + from + w.String() + ` LIMIT ` + fmt.Sprint(zhifa.CountCap+1) + `) n`,
		countArgs: slices.Clone(w.args),
	}
	if f.Query != "" {
		lq.count, lq.countArgs = "", nil // a search is not counted (zhifa.Uncounted)
	}
	// A list by due date is read from cases_due (next_due, id) in order; cases with the
	// same due date are told apart by ID, so none repeats or is skipped across pages.
	order := idCol + ` DESC`
	byDue := !f.DueFrom.IsZero() || !f.DueTo.IsZero()
	if byDue {
		order = `c.next_due, c.id`
	}
	switch {
	case f.After == nil:
	case byDue:
		w.add(`(c.next_due > ? OR (c.next_due = ? AND c.id > ?))`, f.After.Due, f.After.Due, f.After.ID)
	default:
		w.add(idCol+` < ?`, f.After.ID)
		if idCol != "c.id" {
			// Bounding both sides of the join lets PostgreSQL start a merge join there.
			w.add(`c.id < ?`, f.After.ID)
		}
	}
	limit, _ := window(f.Page)
	lq.list = `SELECT ` + caseCols + from + w.String() + ` ORDER BY ` + order + ` LIMIT ` + w.arg(limit)
	lq.listArgs = w.args
	return lq, nil
}

// CasesByIDs returns the cases with the IDs, with parties, in the order of ids.
func (t *tx) CasesByIDs(ctx context.Context, ids []int64) ([]*zhifa.Case, error) {
	const op = "get cases"
	byID := map[int64]*zhifa.Case{}
	for chunk := range slices.Chunk(ids, 500) {
		var w where
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		rows, err := t.query(ctx, `SELECT `+caseCols+` FROM cases c WHERE c.id IN (`+strings.Join(ph, ", ")+`)`, w.args...)
		if err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
		list, err := collect(rows, op, scanCase)
		if err != nil {
			return nil, err
		}
		if err := t.loadParties(ctx, list); err != nil {
			return nil, err
		}
		for _, c := range list {
			byID[c.ID] = c
		}
	}
	out := make([]*zhifa.Case, 0, len(byID))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
			delete(byID, id)
		}
	}
	return out, nil
}

// CasesWithClocksDue returns the IDs of the cases under underPath with a running clock
// matching any of due, ascending: one index range of case_clocks per selection.
func (t *tx) CasesWithClocksDue(ctx context.Context, underPath string, due ...zhifa.ClocksDue) ([]int64, error) {
	const op = "list cases with clocks due"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	query, args := clocksDueQuery(underPath, due)
	if query == "" {
		return nil, nil
	}
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collectValues[int64](rows, op)
}

// clocksDueQuery is the query of CasesWithClocksDue: a UNION of one range of the index
// case_clocks_due (kind, due) per selection; "" when nothing is selected.
func clocksDueQuery(underPath string, due []zhifa.ClocksDue) (string, []any) {
	var w where
	var parts []string
	for _, d := range due {
		if len(d.Kinds) == 0 || d.To.IsZero() {
			continue
		}
		ph := make([]string, len(d.Kinds))
		for i, k := range d.Kinds {
			ph[i] = w.arg(string(k))
		}
		part := `SELECT k.case_id FROM case_clocks k WHERE k.kind IN (` + strings.Join(ph, ", ") + `) AND k.due <= ` + w.arg(d.To)
		if underPath != "" {
			part += ` AND k.agency_id IN (SELECT id FROM agencies WHERE path >= ` + w.arg(underPath) + ` AND path < ` +
				w.arg(subtreeEnd(underPath)) + `)`
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return "", nil
	}
	return strings.Join(parts, " UNION ") + ` ORDER BY 1`, w.args
}

// indexChanges says which of a case's index rows its write changes.
type indexChanges struct {
	officers bool // officers and search text
	clocks   bool // running clocks
}

// indexCase rewrites, in the transaction that writes c, its statistics and, as they
// changed, its running clocks in case_clocks and its officers and search text
// (search.go). created says c is new: it has no rows yet.
func (t *tx) indexCase(ctx context.Context, c *zhifa.Case, created bool, changed indexChanges) error {
	if !created && t.bulk != nil {
		// The rows of the case's creation may still be held back (bulk_copy.go).
		return fmt.Errorf("index case: a loader's transaction writes a case once, whole")
	}
	if err := t.indexCaseClocks(ctx, c, created, changed.clocks); err != nil {
		return err
	}
	if err := t.indexCaseStats(ctx, c); err != nil {
		return err
	}
	if changed.clocks || changed.officers {
		if err := t.indexOfficerClocks(ctx, c, created); err != nil {
			return err
		}
	}
	if !changed.officers {
		return nil
	}
	if err := t.indexCaseOfficers(ctx, c, created); err != nil {
		return err
	}
	if created {
		return nil // CreateCase writes its search text
	}
	return t.indexCaseSearch(ctx, c.ID)
}

// indexCaseClocks rewrites the running clocks of c in case_clocks when they changed.
func (t *tx) indexCaseClocks(ctx context.Context, c *zhifa.Case, created, changed bool) error {
	const op = "index case"
	if !changed {
		return nil
	}
	if !created {
		if _, err := t.exec(ctx, `DELETE FROM case_clocks WHERE case_id = $1`, c.ID); err != nil {
			return dbErr(err, op, errMsgs{})
		}
	}
	var w where
	var rows []string
	for _, cl := range c.Clocks {
		if cl.Done || cl.Paused || cl.Due.IsZero() {
			continue
		}
		if t.bulk != nil { // a loader's transaction: written at its end
			t.bulk.add("case_clocks", []string{"case_id", "kind", "due", "agency_id"}, c.ID, string(cl.Kind), cl.Due, c.AgencyID)
			continue
		}
		rows = append(rows, "("+w.arg(c.ID)+", "+w.arg(string(cl.Kind))+", "+w.arg(cl.Due)+", "+w.arg(c.AgencyID)+")")
	}
	if len(rows) == 0 {
		return nil
	}
	return t.deferWrite(ctx, op, errMsgs{}, "case_clocks", nil, `INSERT INTO case_clocks (case_id, kind, due, agency_id) VALUES `+strings.Join(rows, ", "), w.args...)
}

// indexOfficerClocks rewrites the running clocks of c under each of its officers in
// officer_clocks (migration 00062), from which an officer's to-do reads its most urgent
// clocks without reading all the officer's cases. It is written here, with nothing read,
// rather than by triggers joining case_clocks and case_officers: a trigger's reads
// would add serializable read locks to every write of a case on PostgreSQL.
func (t *tx) indexOfficerClocks(ctx context.Context, c *zhifa.Case, created bool) error {
	const op = "index officer clocks"
	if !created {
		if _, err := t.exec(ctx, `DELETE FROM officer_clocks WHERE case_id = $1`, c.ID); err != nil {
			return dbErr(err, op, errMsgs{})
		}
	}
	type key struct {
		officer int64
		due     zhifa.Date
		kind    zhifa.ClockKind
	}
	seen := map[key]bool{}
	var w where
	var rows []string
	for _, id := range c.OfficerIDs {
		for _, cl := range c.Clocks {
			k := key{id, cl.Due, cl.Kind}
			if id <= 0 || cl.Done || cl.Paused || cl.Due.IsZero() || seen[k] {
				continue
			}
			seen[k] = true
			if t.bulk != nil { // a loader's transaction: written at its end
				t.bulk.add("officer_clocks", []string{"officer_id", "due", "case_id", "kind", "agency_id"}, id, cl.Due, c.ID, string(cl.Kind), c.AgencyID)
				continue
			}
			rows = append(rows, "("+w.arg(id)+", "+w.arg(cl.Due)+", "+w.arg(c.ID)+", "+w.arg(string(cl.Kind))+", "+w.arg(c.AgencyID)+")")
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return t.deferWrite(ctx, op, errMsgs{}, "officer_clocks", nil,
		`INSERT INTO officer_clocks (officer_id, due, case_id, kind, agency_id) VALUES `+strings.Join(rows, ", "), w.args...)
}

// indexCaseOfficers rewrites the officers handling c in case_officers (migration 00023),
// which answers 我的案件 with one index range.
func (t *tx) indexCaseOfficers(ctx context.Context, c *zhifa.Case, created bool) error {
	const op = "index case officers"
	if !created {
		if _, err := t.exec(ctx, `DELETE FROM case_officers WHERE case_id = $1`, c.ID); err != nil {
			return dbErr(err, op, errMsgs{})
		}
	}
	seen := map[int64]bool{}
	var w where
	var rows []string
	for _, id := range c.OfficerIDs {
		if id <= 0 || seen[id] {
			continue
		}
		seen[id] = true
		if t.bulk != nil { // a loader's transaction: written at its end
			t.bulk.add("case_officers", []string{"officer_id", "case_id"}, id, c.ID)
			continue
		}
		rows = append(rows, "("+w.arg(id)+", "+w.arg(c.ID)+")")
	}
	if len(rows) == 0 {
		return nil
	}
	return t.deferWrite(ctx, op, errMsgs{}, "case_officers", nil, `INSERT INTO case_officers (officer_id, case_id) VALUES `+strings.Join(rows, ", "), w.args...)
}

// officerIDs decodes the officer_ids column.
func officerIDs(text string) ([]int64, error) {
	var ids []int64
	if err := json.Unmarshal([]byte(text), &ids); err != nil {
		return nil, fmt.Errorf("decode officer_ids: %w", err)
	}
	return ids, nil
}

// collectValues reads one column of every row.
func collectValues[T any](rows *sql.Rows, op string) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}
