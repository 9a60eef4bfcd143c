package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"zhifa"
)

// Case search (issue #11; REQUIREMENTS D1): find a case by 案号, a party's name (any
// substring of two or more characters), the item's code or name, an officer's name, or
// exactly by a party's 统一社会信用代码 or 身份证号.
//
// Why bigrams in plain tables on both engines: Chinese names are two to four characters
// and users search by any part of them, so the index must answer two-character words.
// SQLite's FTS5 trigram tokenizer and PostgreSQL's pg_trgm both need three characters to
// use their index, pg_bigm is not packaged for the PostgreSQL we deploy on, and an
// embedded engine (bleve) would live outside the database transaction. An inverted
// index of character bigrams in an ordinary table (case_terms, primary key term,
// case_id) is maintained in the same transaction as the case, is read in case order
// from its primary key so a page stops after its last hit, behaves the same on both
// engines, and is backed up with the database. A query's bigrams select candidates;
// the stored text (case_search.doc) confirms the whole word with LIKE. The driving
// bigram is the query's rarest-looking one: a bigram of two Han characters (names) over
// one with Latin letters, digits or punctuation (case numbers, codes).
//
// 身份证号 are encrypted (pii.go), so they are found through the keyed blind index of
// case_parties, never stored in the search text; credit codes through their own index.

// maxQueryRunes bounds a search query.
const maxQueryRunes = 50

// caseQuery is a parsed search query: an exact personal number, or words of text.
type caseQuery struct {
	exact string   // a 身份证号 or 统一社会信用代码, normalized
	words []string // folded words of two or more characters
	terms []string // their distinct bigrams, the one to drive the index scan first
}

// parseCaseQuery parses a search query; an unusable one is EINVALID.
func parseCaseQuery(s string) (*caseQuery, error) {
	s = foldText(s)
	if utf8.RuneCountInString(s) > maxQueryRunes {
		return nil, queryError(fmt.Sprintf("检索词过长（不超过%d个字）", maxQueryRunes))
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		return nil, queryError("请输入检索词")
	}
	if len(words) == 1 {
		if id := normalizeIDNumber(words[0]); isPersonalNumber(id) {
			return &caseQuery{exact: id}, nil
		}
	}
	q := &caseQuery{}
	seen := map[string]bool{}
	for _, w := range words {
		if utf8.RuneCountInString(w) < 2 {
			return nil, queryError("每个检索词至少两个字（案号、当事人、执法事项或执法人员）")
		}
		q.words = append(q.words, w)
		for _, b := range bigrams(w) {
			if !seen[b] {
				seen[b] = true
				q.terms = append(q.terms, b)
			}
		}
	}
	// Common bigrams of company names (有限, 公司) and case numbers (〔2, 罚〔) have long
	// postings; a bigram of a person's or trade name is rarer, so it drives.
	slices.SortStableFunc(q.terms, func(x, y string) int { return cmp.Compare(termCommonness(x), termCommonness(y)) })
	return q, nil
}

// commonBigrams are bigrams found in a large share of cases: company forms and the
// fixed parts of case numbers.
var commonBigrams = map[string]bool{"有限": true, "限公": true, "公司": true, "责任": true, "任公": true, "股份": true,
	"份有": true, "集团": true, "罚〔": true, "〕号": true}

// termCommonness ranks a query bigram for driving the scan: 0 for two Han characters
// outside commonBigrams, 1 for other bigrams, 2 for common ones.
func termCommonness(b string) int {
	if commonBigrams[b] {
		return 2
	}
	for _, r := range b {
		if !unicode.Is(unicode.Han, r) {
			return 1
		}
	}
	return 0
}

// queryError is the EINVALID error of the search field q.
func queryError(msg string) error {
	return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{"q": msg}}
}

// isPersonalNumber reports whether s has the shape of a 身份证号 (18 characters, or the
// old 15 digits) or a 统一社会信用代码 (18 characters): digits and capital letters.
func isPersonalNumber(s string) bool {
	if len(s) != 18 && len(s) != 15 {
		return false
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z':
		default:
			return false
		}
	}
	return digits >= 10 // a word of letters is text, not a number
}

// foldText normalizes text for the index and the query alike: full-width ASCII forms
// and the ideographic space become ASCII, ASCII letters lower case, and runs of white
// space one space.
func foldText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// bigrams are the pairs of adjacent characters of a word.
func bigrams(word string) []string {
	rs := []rune(word)
	out := make([]string, 0, max(0, len(rs)-1))
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// docTerms are the distinct bigrams of the words of a document's lines.
func docTerms(doc string) []string {
	seen := map[string]bool{}
	var out []string
	for _, line := range strings.Split(doc, "\n") {
		for _, w := range strings.Fields(line) {
			for _, b := range bigrams(w) {
				if !seen[b] && !strings.ContainsFunc(b, unicode.IsControl) {
					seen[b] = true
					out = append(out, b)
				}
			}
		}
	}
	return out
}

// caseDoc reads the searchable text of a case: its number, its parties' names, its
// item's code and name and its officers' names, one per line, folded.
func (t *tx) caseDoc(ctx context.Context, caseID int64) (string, error) {
	const op = "read case search text"
	var number, code, item, officers string
	err := t.queryRow(ctx, `SELECT c.number, i.code, i.name, c.officer_ids FROM cases c JOIN items i ON i.id = c.item_id
		WHERE c.id = $1`, caseID).Scan(&number, &code, &item, &officers)
	if err != nil {
		return "", rowErr(err, op, "案件")
	}
	lines := []string{number, code, item}
	rows, err := t.query(ctx, `SELECT name FROM case_parties WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return "", dbErr(err, op, errMsgs{})
	}
	names, err := collectValues[string](rows, op)
	if err != nil {
		return "", err
	}
	lines = append(lines, names...)
	ids, err := officerIDs(officers)
	if err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	if names, err = t.officerNames(ctx, ids); err != nil {
		return "", err
	}
	return foldLines(append(lines, names...)), nil
}

// officerNames returns the names of the officers with the given IDs, by ID.
func (t *tx) officerNames(ctx context.Context, ids []int64) ([]string, error) {
	const op = "read case search text"
	if len(ids) == 0 {
		return nil, nil
	}
	var w where
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	rows, err := t.query(ctx, `SELECT name FROM officers WHERE id IN (`+strings.Join(ph, ", ")+`) ORDER BY id`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collectValues[string](rows, op)
}

// foldLines folds each line and joins them: a case's search text.
func foldLines(lines []string) string {
	for i, l := range lines {
		lines[i] = foldText(l)
	}
	return strings.Join(lines, "\n")
}

// newCaseDoc is caseDoc for a case created in this transaction, from c itself: reading
// its rows back would, on PostgreSQL, put serializable read locks on the index pages
// that every concurrent filing writes, and fail filings that need not (issue 11).
func (t *tx) newCaseDoc(ctx context.Context, c *zhifa.Case) (string, error) {
	var code, item string
	if err := t.queryRow(ctx, `SELECT code, name FROM items WHERE id = $1`, c.ItemID).Scan(&code, &item); err != nil {
		return "", rowErr(err, "read case search text", "执法事项")
	}
	lines := []string{c.Number, code, item}
	for _, p := range c.Parties {
		lines = append(lines, p.Name)
	}
	names, err := t.officerNames(ctx, c.OfficerIDs)
	if err != nil {
		return "", err
	}
	return foldLines(append(lines, names...)), nil
}

// indexNewCaseSearch writes the search text and bigrams of c, created in this
// transaction.
func (t *tx) indexNewCaseSearch(ctx context.Context, c *zhifa.Case) error {
	doc, err := t.newCaseDoc(ctx, c)
	if err != nil {
		return err
	}
	if _, err := t.exec(ctx, `INSERT INTO case_search (case_id, doc) VALUES ($1, $2)`, c.ID, doc); err != nil {
		return dbErr(err, "index case search", errMsgs{})
	}
	return t.addCaseTerms(ctx, c.ID, doc)
}

// indexCaseSearch writes the search text and bigrams of a case, unless they are
// unchanged (most updates of a case change neither parties, item nor officers).
func (t *tx) indexCaseSearch(ctx context.Context, caseID int64) error {
	const op = "index case search"
	doc, err := t.caseDoc(ctx, caseID)
	if err != nil {
		return err
	}
	var old string
	switch err := t.queryRow(ctx, `SELECT doc FROM case_search WHERE case_id = $1`, caseID).Scan(&old); {
	case err == nil && old == doc:
		return nil
	case err == nil:
		if _, err := t.exec(ctx, `DELETE FROM case_terms WHERE case_id = $1`, caseID); err != nil {
			return dbErr(err, op, errMsgs{})
		}
		if _, err := t.exec(ctx, `UPDATE case_search SET doc = $1 WHERE case_id = $2`, doc, caseID); err != nil {
			return dbErr(err, op, errMsgs{})
		}
	case errors.Is(err, sql.ErrNoRows):
		if _, err := t.exec(ctx, `INSERT INTO case_search (case_id, doc) VALUES ($1, $2)`, caseID, doc); err != nil {
			return dbErr(err, op, errMsgs{})
		}
	default:
		return dbErr(err, op, errMsgs{})
	}
	return t.addCaseTerms(ctx, caseID, doc)
}

// addCaseTerms writes the bigrams of the case's search text doc.
func (t *tx) addCaseTerms(ctx context.Context, caseID int64, doc string) error {
	const op = "index case search"
	terms := docTerms(doc)
	if t.bulk != nil {
		t.bulk.addTerms(caseID, terms)
		return nil
	}
	return t.insertTerms(ctx, caseID, terms)
}

// insertTerms writes the case's search terms.
func (t *tx) insertTerms(ctx context.Context, caseID int64, terms []string) error {
	const op = "index case search"
	for start := 0; start < len(terms); start += 200 {
		chunk := terms[start:min(start+200, len(terms))]
		var w where
		vals := make([]string, len(chunk))
		for i, term := range chunk {
			vals[i] = "(" + w.arg(term) + ", " + w.arg(caseID) + ")"
		}
		if _, err := t.exec(ctx, `INSERT INTO case_terms (term, case_id) VALUES `+strings.Join(vals, ", "), w.args...); err != nil {
			return dbErr(err, op, errMsgs{})
		}
	}
	return nil
}

// backfillSearch indexes the cases written before migration 00020, newest first, a
// batch per transaction. Cases written since are indexed as they are written, so the
// work is done when the oldest case is indexed; an interrupted backfill resumes on the
// next open.
func (db *DB) backfillSearch(ctx context.Context) error {
	var oldest, oldestIndexed *int64
	err := db.View(ctx, func(ztx zhifa.Tx) error {
		t := ztx.(*tx)
		if err := t.queryRow(ctx, `SELECT MIN(id) FROM cases`).Scan(&oldest); err != nil {
			return err
		}
		return t.queryRow(ctx, `SELECT MIN(case_id) FROM case_search`).Scan(&oldestIndexed)
	})
	if err != nil {
		return fmt.Errorf("index cases for search: %w", err)
	}
	if oldest == nil || (oldestIndexed != nil && *oldestIndexed == *oldest) {
		return nil
	}
	var before int64 = 1 << 62
	for {
		var ids []int64
		err := db.Update(ctx, func(ztx zhifa.Tx) error {
			t := ztx.(*tx)
			rows, err := t.query(ctx, `SELECT c.id FROM cases c WHERE c.id < $1
				AND NOT EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = c.id) ORDER BY c.id DESC LIMIT 500`, before)
			if err != nil {
				return err
			}
			if ids, err = collectValues[int64](rows, "backfill"); err != nil {
				return err
			}
			for _, id := range ids {
				if err := t.indexCaseSearch(ctx, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("index cases for search: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		before = ids[len(ids)-1]
	}
}
