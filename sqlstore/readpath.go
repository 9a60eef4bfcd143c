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

// scopeCond is the condition that col (an agency ID) lies under the agency path p.
// Paths hold digits and slashes only (checkPath), and '0' follows '/', so the paths
// starting with "/1/4/" are exactly those in ["/1/4/", "/1/40").
func scopeCond(w *where, col, p string) {
	if p == "" {
		return
	}
	w.add(col+` IN (SELECT id FROM agencies WHERE path >= ? AND path < ?)`, p, p[:len(p)-1]+"0")
}

// Cases returns one page of matching cases in the list's order (zhifa.CaseKey) and
// their count up to zhifa.CountCap+1.
func (t *tx) Cases(ctx context.Context, f zhifa.CaseFilter) ([]*zhifa.Case, int, error) {
	const op = "list cases"
	q, err := t.db.caseListQuery(f)
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

// listPage runs q: the capped count, then the page scanned by scan.
func listPage[T any](ctx context.Context, t *tx, op string, q *listQuery, scan func(scanner) (*T, error)) ([]*T, int, error) {
	var total int
	if err := t.queryRow(ctx, q.count, q.countArgs...).Scan(&total); err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
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

// caseListQuery builds the queries of Cases. Every filter has an index ending in id
// (migration 00020), so a page is read in index order and stops at its limit.
func (db *DB) caseListQuery(f zhifa.CaseFilter) (*listQuery, error) {
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	var w where
	from, idCol := ` FROM cases c`, "c.id"
	if f.Query != "" {
		q, err := parseCaseQuery(f.Query)
		if err != nil {
			return nil, err
		}
		if q.exact != "" {
			w.add(`c.id IN (SELECT p.case_id FROM case_parties p WHERE p.id_number_index = ? OR p.credit_code = ?)`,
				db.pii.index(q.exact), q.exact)
		} else {
			// The postings of one bigram drive the scan in case order; each candidate's
			// text, read by its primary key, confirms every word (search.go). SQLite
			// joins the text on its key. PostgreSQL, given that join, pushed the LIKE
			// down to a scan of all of case_search and hashed it against the postings
			// (time growing with the table); a correlated scalar subquery, which it does
			// not flatten, reads only the candidates' texts.
			from = ` FROM case_terms t0 JOIN cases c ON c.id = t0.case_id`
			doc := `(SELECT s.doc FROM case_search s WHERE s.case_id = t0.case_id)`
			if db.engine == EngineSQLite {
				from, doc = ` FROM case_terms t0 JOIN case_search s ON s.case_id = t0.case_id JOIN cases c ON c.id = t0.case_id`, `s.doc`
			}
			idCol = "t0.case_id"
			w.add(`t0.term = ?`, q.terms[0])
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
		if f.Query == "" {
			// The officer's cases drive the scan in case order (case_officers' key).
			from, idCol = ` FROM case_officers o JOIN cases c ON c.id = o.case_id`, "o.case_id"
			w.add(`o.officer_id = ?`, f.OfficerID)
		} else {
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
	q := &listQuery{
		count:     `SELECT COUNT(*) FROM (SELECT 1 ` + from + w.String() + ` LIMIT ` + fmt.Sprint(zhifa.CountCap+1) + `) n`,
		countArgs: slices.Clone(w.args),
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
	}
	limit, _ := window(f.Page)
	q.list = `SELECT ` + caseCols + from + w.String() + ` ORDER BY ` + order + ` LIMIT ` + w.arg(limit)
	q.listArgs = w.args
	return q, nil
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
				w.arg(underPath[:len(underPath)-1]+"0") + `)`
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return "", nil
	}
	return strings.Join(parts, " UNION ") + ` ORDER BY 1`, w.args
}

// indexCase rewrites the running clocks of c in case_clocks and its search text
// (search.go), in the transaction that writes c. created says c is new: it has no rows yet.
func (t *tx) indexCase(ctx context.Context, c *zhifa.Case, created bool) error {
	const op = "index case"
	if !created && t.bulk != nil {
		// The rows of the case's creation may still be held back (bulk_copy.go).
		return fmt.Errorf("%s: a loader's transaction writes a case once, whole", op)
	}
	if !created {
		if _, err := t.exec(ctx, `DELETE FROM case_clocks WHERE case_id = $1`, c.ID); err != nil {
			return dbErr(err, op, errMsgs{})
		}
	}
	for _, cl := range c.Clocks {
		if cl.Done || cl.Paused || cl.Due.IsZero() {
			continue
		}
		if created && t.bulk != nil { // a loader's transaction: written at its end
			t.bulk.add("case_clocks", []string{"case_id", "kind", "due", "agency_id"}, c.ID, string(cl.Kind), cl.Due, c.AgencyID)
			continue
		}
		_, err := t.exec(ctx, `INSERT INTO case_clocks (case_id, kind, due, agency_id) VALUES ($1, $2, $3, $4)`,
			c.ID, string(cl.Kind), cl.Due, c.AgencyID)
		if err != nil {
			return dbErr(err, op, errMsgs{})
		}
	}
	if err := t.indexCaseOfficers(ctx, c, created); err != nil {
		return err
	}
	if err := t.indexCaseStats(ctx, c); err != nil {
		return err
	}
	if created && t.bulk != nil {
		return t.bulk.indexCaseSearch(ctx, t, c)
	}
	if created {
		return t.indexNewCaseSearch(ctx, c)
	}
	return t.indexCaseSearch(ctx, c.ID)
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
	for _, id := range c.OfficerIDs {
		if id <= 0 || seen[id] {
			continue
		}
		seen[id] = true
		if created && t.bulk != nil { // a loader's transaction: written at its end
			t.bulk.add("case_officers", []string{"officer_id", "case_id"}, id, c.ID)
			continue
		}
		if _, err := t.exec(ctx, `INSERT INTO case_officers (officer_id, case_id) VALUES ($1, $2)`, id, c.ID); err != nil {
			return dbErr(err, op, errMsgs{})
		}
	}
	return nil
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
