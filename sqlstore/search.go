package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
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
// engines, and is backed up with the database. The portal's decisions have the same
// index (publication_terms, publicity.go).
//
// At a million rows (issues 11 and 13, migration 00045) a query costs what its page
// costs, not what the table holds:
//   - The postings of one bigram drive the scan, newest first from the primary key
//     (term, id), and the scan stops at the page's last hit. The driving bigram is the
//     query's rarest by its count (case_term_counts, publication_term_counts), not by
//     its shape: 市场 or 销售 look like a name's bigram and are in most rows. Counts
//     stop at termCountCap: ranking needs rare against common, and a stopped count is
//     never written again, so filings do not all update (and on PostgreSQL serialize
//     on) the rows of 公司 or 〔2. They are kept in the transaction that writes the
//     postings, which now writes only the bigrams that changed.
//   - The next two rarest bigrams are probed by key per candidate; the stored text
//     (case_search.doc, publications.search_doc) confirms the words only when the
//     postings cannot prove them (a word longer than one bigram). More probes made
//     PostgreSQL plan a dozen-way join for a long word, taking longer than the query.
//   - A whole 案号, a credit code or a 身份证号 is one entry of its own index.
//   - A case search is not counted (zhifa.Uncounted): each counted hit would be
//     confirmed like a listed one, fifty pages' worth for a common word.
//   - The portal's range of decision dates reads publications_decided (date, id) in
//     order; a search within one whose every bigram is common is confirmed on those
//     rows, where its hits are dense, instead of skipping its postings to the range.
// A common word is thus answered from the newest rows, a rare one from its few
// postings; what stays slow is a word of common bigrams found in few rows, which
// reads the rarest bigram's postings to the end.
//
// 身份证号 are encrypted (pii.go), so they are found through the keyed blind index of
// case_parties, never stored in the search text; credit codes through their own index.

// maxQueryRunes bounds a search query.
const maxQueryRunes = 50

// caseQuery is a parsed search query: an exact personal number, or words of text.
type caseQuery struct {
	exact  string           // a 身份证号 or 统一社会信用代码, normalized
	number string           // a whole 案号
	counts map[string]int64 // the counts of terms, nil when not read (rank)
	words  []string         // folded words of two or more characters
	terms  []string         // their distinct bigrams, the one to drive the index scan first
}

// parseCaseQuery parses a search query; an unusable one is EINVALID.
func parseCaseQuery(s0 string) (*caseQuery, error) {
	s := foldText(s0)
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
		if raw := strings.TrimSpace(s0); isCaseNumber(raw) {
			return &caseQuery{number: raw}, nil
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
	q.rank(nil)
	return q, nil
}

// rank orders the query's bigrams for the scan: the rarest by their counts first (a
// bigram without a count has no postings, or was loaded without counting; driving by
// it is right either way), ties broken by shape (termCommonness), then by position.
func (q *caseQuery) rank(counts map[string]int64) {
	q.counts = counts
	slices.SortStableFunc(q.terms, func(x, y string) int {
		if c := cmp.Compare(counts[x], counts[y]); c != 0 {
			return c
		}
		return cmp.Compare(termCommonness(x), termCommonness(y))
	})
}

// maxProbedTerms bounds the bigrams whose postings a search reads: the driving one and
// the next rarest, probed by key per candidate. More would add joins for PostgreSQL to
// plan (a dozen bigrams of a long word took it longer to plan than to run) and filter
// little once the rarest have; the stored text confirms the rest.
const maxProbedTerms = 3

// common reports whether even the rarest of the query's bigrams has postings at the cap
// (termCountCap): its hits are better found among the rows another index reads in
// order (a date range) than through its postings.
func (q *caseQuery) common() bool { return len(q.terms) > 0 && q.counts[q.terms[0]] >= termCountCap }

// probed are the bigrams whose postings select the candidates: the driving one and up
// to two more, those counted below the cap when the counts were read (a bigram in
// most rows filters nothing and costs a lookup per candidate).
func (q *caseQuery) probed() []string {
	out := q.terms[:1]
	for _, term := range q.terms[1:] {
		if len(out) == maxProbedTerms {
			break
		}
		if q.counts == nil || q.counts[term] < termCountCap {
			out = append(out, term)
		}
	}
	return out
}

// confirmed reports whether the postings of the probed bigrams prove every word: each
// word is a single bigram and all of them are probed. Otherwise the stored text
// confirms the words (LIKE), since bigrams present apart do not make the word.
func (q *caseQuery) confirmed() bool {
	if len(q.probed()) < len(q.terms) {
		return false
	}
	for _, w := range q.words {
		if utf8.RuneCountInString(w) != 2 {
			return false
		}
	}
	return true
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
	rows, err := t.query(ctx, `SELECT name FROM case_parties WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return "", dbErr(err, op, errMsgs{})
	}
	parties, err := collectValues[string](rows, op)
	if err != nil {
		return "", err
	}
	ids, err := officerIDs(officers)
	if err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	names, err := t.officerNames(ctx, ids)
	if err != nil {
		return "", err
	}
	return caseDocText(number, code, item, parties, names), nil
}

// caseDocText is the search text of a case from its parts: the number, the item's code
// and name, the parties' names in order and the officers' names by officer ID, one per
// line, folded. It is the one definition for the store's writes and the benchmarks'
// bulk fill, so both post the same bigrams.
func caseDocText(number, itemCode, itemName string, parties, officers []string) string {
	lines := append([]string{number, itemCode, itemName}, parties...)
	return foldLines(append(lines, officers...))
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
//
// On PostgreSQL CreateCase runs after the case number is taken, under the number lock
// (case.go): a filing has read the item and the officers already, in the same
// transaction, and their names are taken from those reads; else they are read in one
// statement.
func (t *tx) newCaseDoc(ctx context.Context, c *zhifa.Case) (string, error) {
	const op = "read case search text"
	if lines, ok := t.names.doc(c); ok {
		return foldLines(lines), nil
	}
	var w where
	query := `SELECT 0 AS part, 0 AS id, code, name FROM items WHERE id = ` + w.arg(c.ItemID)
	if len(c.OfficerIDs) > 0 {
		ph := make([]string, len(c.OfficerIDs))
		for i, id := range c.OfficerIDs {
			ph[i] = w.arg(id)
		}
		query += ` UNION ALL SELECT 1, id, '', name FROM officers WHERE id IN (` + strings.Join(ph, ", ") + `)`
	}
	rows, err := t.query(ctx, query+` ORDER BY part, id`, w.args...)
	if err != nil {
		return "", dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var lines, names []string
	for rows.Next() {
		var part, id int64
		var code, name string
		if err := rows.Scan(&part, &id, &code, &name); err != nil {
			return "", fmt.Errorf("%s: %w", op, err)
		}
		// Kept for the next case of the transaction (a loader's copies: a query each).
		if part == 0 {
			lines = []string{c.Number, code, name}
			t.names.item(&zhifa.Item{ID: c.ItemID, Code: code, Name: name})
		} else {
			names = append(names, name)
			t.names.officer(&zhifa.Officer{ID: id, Name: name})
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	if lines == nil {
		return "", zhifa.NotFound("执法事项")
	}
	for _, p := range c.Parties {
		lines = append(lines, p.Name)
	}
	return foldLines(append(lines, names...)), nil
}

// indexNewCaseSearch writes the search text doc (newCaseDoc) and its bigrams of a case
// created in this transaction.
func (t *tx) indexNewCaseSearch(ctx context.Context, caseID int64, doc string) error {
	if t.bulk != nil { // a loader's transaction: written at its end, terms in key order
		t.bulk.add("case_search", []string{"case_id", "doc"}, caseID, doc)
		t.bulk.addTerms(caseTermIndex, caseID, docTerms(doc))
		return nil
	}
	if err := t.deferWrite(ctx, "index case search", errMsgs{}, "case_search", nil, `INSERT INTO case_search (case_id, doc) VALUES ($1, $2)`, caseID, doc); err != nil {
		return err
	}
	return t.changeTerms(ctx, caseTermIndex, caseID, "", doc)
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
	return t.changeTerms(ctx, caseTermIndex, caseID, old, doc)
}

// termCountCap is where the count of a bigram's postings stops (migration 00045): a
// count below it is exact, one at it means "at least". Ranking a query's bigrams needs
// to tell a rare one from a common one, not 200,000 from 300,000; and a count that has
// stopped is never written again, so the common bigrams (公司, 〔2) are no row that
// every filing updates and concurrent filings wait on or conflict over.
const termCountCap = 1000

// termIndex names a table of bigram postings, its owner column and its counts.
type termIndex struct{ postings, owner, counts string }

var (
	caseTermIndex        = termIndex{postings: "case_terms", owner: "case_id", counts: "case_term_counts"}
	publicationTermIndex = termIndex{postings: "publication_terms", owner: "pub_id", counts: "publication_term_counts"}
)

// changeTerms rewrites the postings of the row id of ix from the bigrams of its old
// search text to those of its new one, writing only those that changed, and keeps their
// counts.
//
// The counts are rows that concurrent writers share (every filing of one item shares
// the item's bigrams), so their writes are built not to wait more than they must and
// never to deadlock (issue 11): a count at the cap is neither written nor locked; the
// others are locked in the order of their terms, by every writer the same, and only
// from the statement that changes them to the commit. Deadlocks between filings that
// locked the same bigrams in different orders had cut filings over 8 agencies to 7/s on
// PostgreSQL (a deadlock is found only after deadlock_timeout, 1 s). The postings and the
// counts of added bigrams are deferred writes (deferred.go): a filing sends them with
// its case's other rows.
func (t *tx) changeTerms(ctx context.Context, ix termIndex, id int64, oldDoc, newDoc string) error {
	const op = "index search terms"
	if oldDoc == newDoc {
		return nil
	}
	before, after := docTerms(oldDoc), docTerms(newDoc)
	removed := slices.DeleteFunc(slices.Clone(before), func(term string) bool { return slices.Contains(after, term) })
	added := slices.DeleteFunc(after, func(term string) bool { return slices.Contains(before, term) })
	limit := fmt.Sprint(termCountCap)
	if len(removed) > 0 {
		var w where
		set := t.termSet(&w, removed)
		if _, err := t.exec(ctx, `DELETE FROM `+ix.postings+` WHERE `+ix.owner+` = `+w.arg(id)+` AND term IN (SELECT x.term `+set+`)`, w.args...); err != nil {
			return dbErr(err, op, errMsgs{})
		}
		w = where{}
		set = t.termSet(&w, removed)
		lock := ""
		if t.db.engine == EnginePostgres {
			lock = ` ORDER BY k.term FOR NO KEY UPDATE`
		}
		if _, err := t.exec(ctx, `UPDATE `+ix.counts+` SET n = n - 1 WHERE term IN
			(SELECT k.term FROM `+ix.counts+` k WHERE k.n < `+limit+` AND k.term IN (SELECT x.term `+set+`)`+lock+`)`, w.args...); err != nil {
			return dbErr(err, op, errMsgs{})
		}
	}
	if len(added) == 0 {
		return nil
	}
	var w where
	set := t.termSet(&w, added)
	if err := t.deferWrite(ctx, op, errMsgs{}, ix.postings, nil,
		`INSERT INTO `+ix.postings+` (term, `+ix.owner+`) SELECT x.term, `+w.arg(id)+` `+set, w.args...); err != nil {
		return err
	}
	// One upsert counts the added bigrams, new ones included (ON CONFLICT counts one a
	// concurrent writer added). A count at the cap stays there for good, so skipping
	// the capped bigrams by the statement's snapshot is exact.
	w = where{}
	set = t.termSet(&w, added)
	return t.deferWrite(ctx, op, errMsgs{}, ix.counts, nil, `INSERT INTO `+ix.counts+` (term, n) SELECT x.term, 1 `+set+`
		WHERE NOT EXISTS (SELECT 1 FROM `+ix.counts+` k WHERE k.term = x.term AND k.n >= `+limit+`)
		ORDER BY x.term
		ON CONFLICT (term) DO UPDATE SET n = `+ix.counts+`.n + 1 WHERE `+ix.counts+`.n < `+limit, w.args...)
}

// planForArguments makes PostgreSQL plan the transaction's further statements for
// their arguments, without JIT compilation (issue 11). pgx prepares each statement, and
// after five runs PostgreSQL may keep a generic plan, made without the bigrams and the
// cursor: for a search it merged the postings of two bigrams from the newest and then
// tested the cursor, reading tens of thousands of postings for a page a custom plan
// reads in twenty. And a search's plan is costed as if it read all of its postings (the
// planner does not know the page stops early), above jit_above_cost: compiling it took
// 200 ms for a query that runs in 1. The settings end with the transaction.
func (t *tx) planForArguments(ctx context.Context) error {
	if t.db.engine != EnginePostgres {
		return nil
	}
	_, err := t.exec(ctx, `SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true)`)
	if err != nil {
		return dbErr(err, "plan search", errMsgs{})
	}
	return nil
}

// recountSearchTerms rebuilds the counts of the bigrams from their postings, as
// migration 00045 filled them: for a loader that writes postings in bulk without
// counting them (the search benchmark's corpus). One transaction.
func (db *DB) recountSearchTerms(ctx context.Context) error {
	least := "MIN"
	if db.engine == EnginePostgres {
		least = "LEAST"
	}
	return db.Update(ctx, func(ztx zhifa.Tx) error {
		t := ztx.(*tx)
		for _, ix := range []termIndex{caseTermIndex, publicationTermIndex} {
			if _, err := t.exec(ctx, `DELETE FROM `+ix.counts); err != nil {
				return dbErr(err, "recount search terms", errMsgs{})
			}
			_, err := t.exec(ctx, `INSERT INTO `+ix.counts+` (term, n) SELECT term, `+least+`(COUNT(*), `+
				fmt.Sprint(termCountCap)+`) FROM `+ix.postings+` GROUP BY term`)
			if err != nil {
				return dbErr(err, "recount search terms", errMsgs{})
			}
		}
		return nil
	})
}

// termSet is a FROM clause of the terms as rows of one column x.term, passed as one
// argument (so that the statement's text does not vary with their number): a text
// array on PostgreSQL, a JSON array on SQLite.
func (t *tx) termSet(w *where, terms []string) string {
	if t.db.engine == EnginePostgres {
		return `FROM unnest(` + w.arg(terms) + `::text[]) AS x(term)`
	}
	js, _ := json.Marshal(terms) // strings always marshal
	return `FROM (SELECT value AS term FROM json_each(` + w.arg(string(js)) + `)) AS x`
}

// searchQuery parses a search query and ranks its bigrams by their counts in ix; a
// query of one bigram reads its count only when always is set (for caseQuery.common).
func (t *tx) searchQuery(ctx context.Context, ix termIndex, s string, always bool) (*caseQuery, error) {
	q, err := parseCaseQuery(s)
	if err != nil || len(q.terms) == 0 || (len(q.terms) == 1 && !always) {
		return q, err
	}
	counts, err := t.termCounts(ctx, ix, q.terms)
	if err != nil {
		return nil, err
	}
	q.rank(counts)
	return q, nil
}

// termCounts reads the counts of the terms from ix.
func (t *tx) termCounts(ctx context.Context, ix termIndex, terms []string) (map[string]int64, error) {
	const op = "read search term counts"
	var w where
	rows, err := t.query(ctx, `SELECT term, n FROM `+ix.counts+` WHERE term IN (SELECT x.term `+t.termSet(&w, terms)+`)`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	counts := make(map[string]int64, len(terms))
	for rows.Next() {
		var term string
		var n int64
		if err := rows.Scan(&term, &n); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		counts[term] = n
	}
	return counts, rows.Err()
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

// readNames keeps the names of the items and officers a transaction read, for the search
// text of a case it creates (newCaseDoc).
type readNames struct {
	items    map[int64][2]string // code, name
	officers map[int64]string
}

func (n *readNames) item(i *zhifa.Item) {
	if n.items == nil {
		n.items = map[int64][2]string{}
	}
	n.items[i.ID] = [2]string{i.Code, i.Name}
}

func (n *readNames) officer(o *zhifa.Officer) {
	if n.officers == nil {
		n.officers = map[int64]string{}
	}
	n.officers[o.ID] = o.Name
}

// doc returns the lines of c's search text when every name it needs was read, the
// officers' in the order of their IDs as newCaseDoc reads them.
func (n *readNames) doc(c *zhifa.Case) ([]string, bool) {
	item, ok := n.items[c.ItemID]
	if !ok {
		return nil, false
	}
	ids := slices.Clone(c.OfficerIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		name, ok := n.officers[id]
		if !ok {
			return nil, false
		}
		names = append(names, name)
	}
	lines := []string{c.Number, item[0], item[1]}
	for _, p := range c.Parties {
		lines = append(lines, p.Name)
	}
	return append(lines, names...), true
}
