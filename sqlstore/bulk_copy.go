package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhifa"
)

// The store side of zhifa gen's bulk path (issue 11): a generated case written as a copy
// of a case the application wrote through its use cases (app/bulk_copy.go). The copy goes
// through the same store methods as the original — CreateCase with its parties, search
// terms, clocks, officers and statistics, AddCaseEvent, AddRecord, CreateEvidence,
// AppendLedgerEntry, AddLedgerOpenings, LinkCaseEntry, AppendAudit — so the rows cannot
// differ in form; in a loader's transaction (UpdateBulk) they hold their rows back and
// write the same columns and values at its end, many rows to a statement, under ids,
// ledger indexes and case numbers the transaction takes itself. Only the case row's
// final version and update time, which the original reached through its UpdateCase
// calls, are given by the copy (InsertCaseCopy).

// uncopiedTables are the tables holding rows of a case that the bulk path does not
// copy: a case with rows in any of them is no model for a copy (CaseFootprint).
var uncopiedTables = []string{
	"complaints", "reconsiderations", "eval_cases", "fault_reviews", "accompany_cases", "social_remarks",
}

// copiedTables are the tables holding rows of a case that a copy writes, through the
// store methods the application uses (CreateCase, AddCaseEvent, AddRecord,
// LinkCaseEntry); ledger_pending holds a queued entry only until it is sequenced, and a
// copy appends its entries in place. Every table with a case_id column is in one of the
// two lists (TestCopyTablesCoverSchema), so a table added later cannot be left behind
// by a copy unnoticed.
var copiedTables = []string{
	"case_parties", "case_events", "case_records", "case_entries", "case_clocks", "case_search", "case_terms",
	"case_officers", "case_stats", "ledger_pending", "av_steps",
	"officer_clocks", // written with case_clocks by indexCase (migration 00062)
	// A closed case's documents, approvals, notifications and endings, a penalty's
	// obligation, payments, decided fines and publication, copied column by column
	// (InsertCopiedRows; app's carriedClosedTables).
	"documents", "approval_requests", "notifications", "case_endings",
	"obligations", "payments", "decision_fines", "case_fines", "publications",
	// A major case's legal review rounds and its filing (备案) with its events.
	"review_rounds", "filings",
	// A compulsory case's seized property, a transfer of a suspected crime.
	"property_items", "case_transfers",
}

// bulkCacheKiB is the page cache of a loader's connection (UpdateBulk), in KiB.
const bulkCacheKiB = 512 << 10

// UpdateBulk runs fn in a transaction of its own, as Update does, for a loader that is
// the database's only writer (zhifa gen's copies): on SQLite not in the group commit,
// whose savepoint around each caller makes every statement of a large transaction cost
// more than the one before (SQLite's statement journal of the savepoint is truncated at
// each statement's end, memjrnlTruncate), so that thousands of rows cost what a few do.
// The rows of new cases, their history, records, evidence, A/V steps, ledger entries and
// audit lines are held back and written when fn returns or fn hands them off (bulkRows,
// FlushBulk), so fn writes each case once, whole, and reads none of them back: updating a
// case is refused.
func (db *DB) UpdateBulk(ctx context.Context, fn func(zhifa.Tx) error) error {
	var opts *sql.TxOptions
	if db.engine == EnginePostgres {
		// A snapshot, not SERIALIZABLE: the loader fills an empty database alone, so
		// there is no write skew to detect, and a serializable transaction of thousands
		// of copies took predicate locks enough to exhaust the server's shared memory
		// (SQLSTATE 53200, max_pred_locks_per_transaction). Another writer's update of a
		// row the loader writes still fails the loader's transaction (40001), as before.
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead}
	}
	return db.run(ctx, opts, func(t zhifa.Tx) error {
		tx := t.(*tx)
		if db.engine == EngineSQLite {
			// The loader's connection keeps a large page cache: its transactions insert
			// into every case index at once, and at a million cases the upper levels of
			// those indexes no longer fit the server's per-connection cache.
			if _, err := tx.exec(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, bulkCacheKiB)); err != nil {
				return dbErr(err, "bulk cache size", errMsgs{})
			}
		}
		tx.bulk = &bulkRows{}
		if err := fn(tx); err != nil {
			tx.bulk.wait() // no write after the rollback
			return err
		}
		return tx.bulk.flush(ctx, tx)
	})
}

// bulkRows are the rows of a loader's transaction (UpdateBulk) that nothing in it reads
// back — cases and their rows, history, records, evidence, ledger entries, audit lines,
// ledger openings and links, clocks,
// officers, search terms — written at its end, many to a statement: a copy of a case
// is a few dozen such rows, and a statement each cost more than the rows themselves.
// Rows keep their order within a table, so their IDs follow the order of the calls.
type bulkRows struct {
	tables []*pendingRows // in the order of their first row
	// terms are the search postings held back, by index (cases', publications').
	terms map[termIndex][]caseTerm
	// ids are the last ids taken by nextID, by table; idsEnd the last of the block
	// taken from the table's sequence (PostgreSQL).
	ids, idsEnd map[string]int64
	// ledgerNext is the index of the next ledger entry held back; 0 before the first.
	ledgerNext int64
	// seqs are the last case numbers taken, by agency, year and kind: the counter's
	// row is bumped for the first and set to the last by the flush.
	seqs map[caseSeqKey]int64
	// sizes are the values each table held at the last hand-off (handOff).
	sizes map[string]int
	// writing reports the end of the writing of rows handed off (FlushBulk), nil when
	// none runs.
	writing chan error
}

// caseSeqKey names a sequence of case numbers.
type caseSeqKey struct {
	agency int64
	year   int
	kind   zhifa.CaseKind
}

// nextCaseSeq takes the next number of (agency, year, kind): the first from the
// counter's row as a filing does (which also takes the case's id on PostgreSQL), the
// others counted here; the loader is the store's only writer.
func (b *bulkRows) nextCaseSeq(ctx context.Context, t *tx, agencyID int64, year int, kind zhifa.CaseKind) (int64, error) {
	key := caseSeqKey{agencyID, year, kind}
	if last, ok := b.seqs[key]; ok {
		b.seqs[key] = last + 1
		return last + 1, nil
	}
	n, err := t.bumpCaseSeq(ctx, agencyID, year, kind)
	if err != nil {
		return 0, err
	}
	if b.seqs == nil {
		b.seqs = map[caseSeqKey]int64{}
	}
	b.seqs[key] = n
	return n, nil
}

// pendingRows are the rows held back for one table.
type pendingRows struct {
	table string
	cols  []string
	vals  []any // len(cols) per row
}

// Column lists of the rows held back whose statements have many columns.
var (
	auditRowColumns = []string{"at", "user_id", "login", "agency_id", "action", "object", "ip", "success", "detail",
		"object_path"}
	caseEventColumns = []string{"case_id", "at", "from_stage", "to_stage", "action", "actor_id", "actor",
		"approver_id", "approver", "reason", "detail", "acted_on", "backdate_reason"}
)

// add holds back one row of the table.
func (b *bulkRows) add(table string, cols []string, vals ...any) {
	var p *pendingRows
	for _, q := range b.tables {
		if q.table == table {
			p = q
			break
		}
	}
	if p == nil {
		// As many values as the table held at the last hand-off: its chunks are alike,
		// and growing a chunk's values from nothing copied them over and over.
		p = &pendingRows{table: table, cols: cols, vals: make([]any, 0, b.sizes[table])}
		b.tables = append(b.tables, p)
	}
	p.vals = append(p.vals, vals...)
}

// handOff returns the rows held back and the search postings, and forgets them,
// remembering each table's size for the next chunk (add).
func (b *bulkRows) handOff() ([]*pendingRows, map[termIndex][]caseTerm) {
	tables, terms := b.tables, b.terms
	b.tables, b.terms = nil, nil
	if b.sizes == nil {
		b.sizes = map[string]int{}
	}
	for _, p := range tables {
		b.sizes[p.table] = len(p.vals)
	}
	return tables, terms
}

// caseTerm is a posting of a search index: a bigram and the row (a case, a
// publication) whose text has it.
type caseTerm struct {
	term  string
	case_ int64
}

// addTerms holds back the postings of the row id in ix, as changeTerms writes those of
// a new row: its distinct bigrams, counted at the flush.
func (b *bulkRows) addTerms(ix termIndex, id int64, terms []string) {
	if b.terms == nil {
		b.terms = map[termIndex][]caseTerm{}
	}
	for _, term := range terms {
		b.terms[ix] = append(b.terms[ix], caseTerm{term, id})
	}
}

// maxBulkParams bounds the parameters of one multi-row INSERT. (On SQLite they are
// unnamed: the driver looks a numbered parameter's name up among all of the
// statement's, so binding $1…$n costs the square of n.)
const maxBulkParams = 240

// flush writes the rows held back, after those handed off before (FlushBulk), and
// sets the counters' and the ledger's rows to their last values.
func (b *bulkRows) flush(ctx context.Context, t *tx) error {
	if err := b.wait(); err != nil {
		return err
	}
	if err := t.writeHeldRows(ctx, b.tables, b.terms); err != nil {
		return err
	}
	for key, last := range b.seqs {
		_, err := t.exec(ctx, `UPDATE case_counters SET value = $1 WHERE agency_id = $2 AND year = $3 AND kind = $4`,
			last, key.agency, key.year, string(key.kind))
		if err != nil {
			return dbErr(err, "bulk case counters", errMsgs{})
		}
	}
	if b.ledgerNext != 0 {
		if _, err := t.exec(ctx, `UPDATE ledger_state SET value = $1 WHERE name = 'next'`, b.ledgerNext); err != nil {
			return dbErr(err, "bulk ledger state", errMsgs{})
		}
	}
	*b = bulkRows{}
	return nil
}

// writeHeldRows writes rows held back: the tables parents first, then the search terms
// of the cases in key order (inserted case by case, each term lands on another page of
// the (term, case_id) key, and those pages no longer fit the cache).
func (t *tx) writeHeldRows(ctx context.Context, tables []*pendingRows, terms map[termIndex][]caseTerm) error {
	slices.SortStableFunc(tables, func(x, y *pendingRows) int {
		return cmp.Compare(flushRank(x.table), flushRank(y.table))
	})
	for _, p := range tables {
		if err := t.insertRows(ctx, p.table, p.cols, p.vals); err != nil {
			return err
		}
	}
	for _, ix := range []termIndex{caseTermIndex, publicationTermIndex} {
		if err := t.insertTerms(ctx, ix, terms[ix]); err != nil {
			return err
		}
	}
	return nil
}

// FlushBulk hands the rows a loader's transaction (UpdateBulk) held back so far to a
// goroutine that writes them while the loader builds the next ones, once those handed
// off before are written: on SQLite the copies' Go work and SQLite's writing of the rows
// were each about half of a copy, one after the other on one core. The loader calls it
// between whole cases, so each hand-off holds the parents of its rows (flushOrder), and
// nothing it reads meanwhile is among the rows being written: ids, case numbers and
// ledger indexes are counted on here, and the first of a table or sequence is read
// before any of its rows are held back. Only on SQLite, where the writes are in-process
// CPU; elsewhere, and outside a loader's transaction, it does nothing.
func (t *tx) FlushBulk(ctx context.Context) error {
	if t.bulk == nil || t.db.engine != EngineSQLite {
		return nil
	}
	b := t.bulk
	if err := b.wait(); err != nil {
		return err
	}
	tables, terms := b.handOff()
	done := make(chan error, 1)
	b.writing = done
	go func() { done <- t.writeHeldRows(ctx, tables, terms) }()
	return nil
}

// wait waits for the rows handed off (FlushBulk) to be written and returns the error of
// their writing.
func (b *bulkRows) wait() error {
	if b.writing == nil {
		return nil
	}
	err := <-b.writing
	b.writing = nil
	return err
}

// insertTerms writes the postings of ix held back, in key order, and counts them.
func (t *tx) insertTerms(ctx context.Context, ix termIndex, terms []caseTerm) error {
	if len(terms) == 0 {
		return nil
	}
	slices.SortFunc(terms, func(x, y caseTerm) int {
		return cmp.Or(strings.Compare(x.term, y.term), cmp.Compare(x.case_, y.case_))
	})
	vals := make([]any, 0, 2*len(terms))
	for _, ct := range terms {
		vals = append(vals, ct.term, ct.case_)
	}
	if err := t.insertRows(ctx, ix.postings, []string{"term", ix.owner}, vals); err != nil {
		return err
	}
	return t.countTerms(ctx, ix, terms)
}

// flushRank is the place of table in flushOrder, after it when not listed.
func flushRank(table string) int {
	if i := slices.Index(flushOrder, table); i >= 0 {
		return i
	}
	return len(flushOrder)
}

// countTerms adds the postings of terms (in term order) to their counts, which stop at
// termCountCap as changeTerms keeps them: one statement per chunk of distinct terms.
func (t *tx) countTerms(ctx context.Context, ix termIndex, terms []caseTerm) error {
	const op = "count search terms"
	var names []string
	var counts []int64
	for i, ct := range terms {
		if i > 0 && terms[i-1].term == ct.term {
			counts[len(counts)-1]++
			continue
		}
		names, counts = append(names, ct.term), append(counts, 1)
	}
	least := "MIN"
	if t.db.engine == EnginePostgres {
		least = "LEAST"
	}
	for start := 0; start < len(names); start += 2000 {
		end := min(start+2000, len(names))
		var w where
		var from string
		if t.db.engine == EnginePostgres {
			from = `unnest(` + w.arg(names[start:end]) + `::text[], ` + w.arg(counts[start:end]) + `::bigint[]) AS x(term, k)`
		} else {
			pairs := make([][2]any, end-start)
			for i := range pairs {
				pairs[i] = [2]any{names[start+i], counts[start+i]}
			}
			js, err := json.Marshal(pairs)
			if err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
			from = `(SELECT json_extract(value, '$[0]') AS term, json_extract(value, '$[1]') AS k FROM json_each(` +
				w.arg(string(js)) + `)) AS x`
		}
		// WHERE true: SQLite's upsert after a SELECT needs it to parse ON CONFLICT.
		q := `INSERT INTO ` + ix.counts + ` (term, n) SELECT x.term, ` + least + `(x.k, ` + fmt.Sprint(termCountCap) + `) FROM ` +
			from + ` WHERE true ON CONFLICT (term) DO UPDATE SET n = ` + least + `(` + ix.counts + `.n + excluded.n, ` +
			fmt.Sprint(termCountCap) + `) WHERE ` + ix.counts + `.n < ` + fmt.Sprint(termCountCap)
		if _, err := t.exec(ctx, q, w.args...); err != nil {
			return dbErr(err, op, errMsgs{})
		}
	}
	return nil
}

// Column lists of the rows a loader's transaction holds back under ids it takes itself
// (nextID): the same columns and values as the store's own INSERTs.
var (
	caseRowColumns = []string{"id", "agency_id", "number", "year", "seq", "kind", "procedure", "item_id", "officer_ids",
		"occurred_on", "discovered_on", "harm", "limitation_reason", "facts", "stage", "outcome", "state", "clocks",
		"next_due", "version", "created_by", "created_at", "updated_at"}
	partyRowColumns = []string{"case_id", "seq", "kind", "name", "id_number_enc", "id_number_index", "id_masked",
		"credit_code", "address", "phone_enc"}
	caseStatsColumns = []string{"case_id", "agency_id", "filed_month", "kind", "stage", "item_id", "fine_fen", "on_time",
		"acted_on", "penalty_mask", "confiscate_fen", "hearing_on", "initiation", "service_due", "served_on"}
	evidenceRowColumns = []string{"id", "agency_id", "kind", "title", "mime", "size", "sha256", "sm3", "captured_at",
		"device_id", "place", "lat", "lng", "case_ref", "uploaded_at", "uploaded_by", "ledger_index"}
	recordRowColumns = []string{"id", "case_id", "kind", "title", "act", "evidence_id", "created_at", "created_by"}
)

// flushOrder is the order in which a loader's transaction writes the tables it held
// back, parents before the rows that reference them; a table not listed comes after,
// in the order of its first row.
var flushOrder = []string{"cases", "case_parties", "ledger_entries", "ledger_openings", "evidence", "evidence_officers",
	"case_records", "case_entries"}

// nextID takes the next id of table for a row held back. On SQLite the loader is the
// store's only writer, so the ids after the highest in use (or ever handed out by
// AUTOINCREMENT) are free; on PostgreSQL they are taken from the table's identity
// sequence, idBlock at a time.
func (b *bulkRows) nextID(ctx context.Context, t *tx, table string) (int64, error) {
	if b.ids == nil {
		b.ids, b.idsEnd = map[string]int64{}, map[string]int64{}
	}
	last, ok := b.ids[table]
	if !ok || (t.db.engine == EnginePostgres && last >= b.idsEnd[table]) {
		var err error
		if t.db.engine == EnginePostgres {
			// The block ends where setval leaves the sequence, past the nextval it starts at.
			var end int64
			err = t.queryRow(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'),
				nextval(pg_get_serial_sequence($1, 'id')) + $2 - 1)`, table, idBlock).Scan(&end)
			first := end - idBlock + 1
			last, b.idsEnd[table] = first-1, first+idBlock-1
			if table == "cases" {
				// The filings after the loader take ids past its own (casenumbers.go).
				t.db.caseIDs.drop()
			}
		} else {
			err = t.queryRow(ctx, `SELECT max(COALESCE((SELECT max(id) FROM `+table+`), 0),
				COALESCE((SELECT seq FROM sqlite_sequence WHERE name = $1), 0))`, table).Scan(&last)
		}
		if err != nil {
			return 0, dbErr(err, "bulk id of "+table, errMsgs{})
		}
	}
	b.ids[table] = last + 1
	return last + 1, nil
}

// idBlock is the number of ids a loader's transaction takes from a PostgreSQL sequence
// at once (nextID).
const idBlock = 1000

// appendLedgerEntry holds back an entry under the next index, counted here from
// ledger_state's, which the flush advances. On PostgreSQL the transaction holds the
// ledger's append lock from the first entry, as AppendLedgerEntry takes it.
func (b *bulkRows) appendLedgerEntry(ctx context.Context, t *tx, data []byte, at time.Time) (int64, error) {
	if b.ledgerNext == 0 {
		if t.db.engine == EnginePostgres && !t.ledgerLocked {
			if err := t.lockLedgerAppends(ctx); err != nil {
				return 0, err
			}
		}
		next, err := t.ledgerCounter(ctx, "next", true)
		if err != nil {
			return 0, err
		}
		b.ledgerNext = next
	}
	idx := b.ledgerNext
	b.ledgerNext++
	b.add("ledger_entries", []string{"idx", "data", "created_at"}, idx, data, t.stamp(at))
	return idx, nil
}

// createEvidence holds back the evidence row e and its officers, as
// CreateEvidence writes them.
func (b *bulkRows) createEvidence(ctx context.Context, t *tx, e *zhifa.Evidence, uploaded time.Time) error {
	id, err := b.nextID(ctx, t, "evidence")
	if err != nil {
		return err
	}
	e.ID = id
	b.add("evidence", evidenceRowColumns, e.ID, e.AgencyID, e.Kind, e.Title, e.MIME, e.Size, e.SHA256, e.SM3,
		utc(e.CapturedAt), e.DeviceID, e.Place, nullFloat(e.Lat), nullFloat(e.Lng), e.CaseRef, uploaded, e.UploadedBy,
		e.LedgerIndex)
	officers := slices.Clone(e.OfficerIDs)
	slices.Sort(officers)
	officers = slices.Compact(officers)
	for _, o := range officers {
		b.add("evidence_officers", []string{"evidence_id", "officer_id"}, e.ID, o)
	}
	if officers == nil {
		officers = []int64{}
	}
	e.OfficerIDs, e.UploadedAt, e.CapturedAt = officers, uploaded, utc(e.CapturedAt)
	return nil
}

// addRecord holds back the record r, as AddRecord writes it. The case's A/V
// steps it would mark recorded are held back too, with their final state
// (Tx.CaseAVSteps).
func (b *bulkRows) addRecord(ctx context.Context, t *tx, r *zhifa.Record) error {
	id, err := b.nextID(ctx, t, "case_records")
	if err != nil {
		return err
	}
	r.ID = id
	b.add("case_records", recordRowColumns, r.ID, r.CaseID, string(r.Kind), r.Title, r.Act, nullID(r.EvidenceID),
		r.CreatedAt, r.CreatedBy)
	return nil
}

// insertRows inserts the rows of vals (len(cols) values each) in multi-row INSERTs.
func (t *tx) insertRows(ctx context.Context, table string, cols []string, vals []any) error {
	return t.insertRowsAs(ctx, "bulk insert into "+table, errMsgs{}, table, cols, vals)
}

// insertRowsAs is insertRows with the operation and messages its errors carry.
func (t *tx) insertRowsAs(ctx context.Context, op string, msgs errMsgs, table string, cols []string, vals []any) error {
	perStmt := max(1, maxBulkParams/len(cols)) * len(cols)
	head := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES `
	if cols[0] == "id" && t.db.engine == EnginePostgres {
		// ids taken from the identity's sequence (nextID)
		head = `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) OVERRIDING SYSTEM VALUE VALUES `
	}
	for start := 0; start < len(vals); start += perStmt {
		chunk := vals[start:min(start+perStmt, len(vals))]
		var q strings.Builder
		q.WriteString(head)
		for i := range chunk {
			switch {
			case i == 0:
				q.WriteString("(")
			case i%len(cols) == 0:
				q.WriteString("), (")
			default:
				q.WriteString(", ")
			}
			if t.db.engine == EngineSQLite {
				q.WriteString("?") // unnamed: binding needs no name lookup
			} else {
				q.WriteString("$" + strconv.Itoa(i+1))
			}
		}
		q.WriteString(")")
		if _, err := t.exec(ctx, q.String(), chunk...); err != nil {
			return dbErr(err, op, msgs)
		}
	}
	return nil
}

// InsertCaseCopy inserts c as given — stage, outcome, state, clocks, version, creation
// and update times — with its parties and the rows derived from them, as CreateCase and
// the UpdateCase calls of its history leave them. It sets c.ID.
func (t *tx) InsertCaseCopy(ctx context.Context, c *zhifa.Case) error {
	if c.Version < 1 {
		return fmt.Errorf("insert case copy: version %d", c.Version)
	}
	return t.createCase(ctx, c, c.Version, t.stamp(c.UpdatedAt))
}

// CaseFootprint counts the case's rows in the tables the bulk path does not copy, by
// table; tables without a row are left out.
func (t *tx) CaseFootprint(ctx context.Context, caseID int64) (map[string]int, error) {
	const op = "case footprint"
	counts := make([]string, len(uncopiedTables))
	for i, table := range uncopiedTables {
		counts[i] = `(SELECT COUNT(*) FROM ` + table + ` WHERE case_id = $1)`
	}
	n := make([]int, len(uncopiedTables))
	dst := make([]any, len(n))
	for i := range n {
		dst[i] = &n[i]
	}
	if err := t.queryRow(ctx, `SELECT `+strings.Join(counts, ", "), caseID).Scan(dst...); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	out := map[string]int{}
	for i, table := range uncopiedTables {
		if n[i] > 0 {
			out[table] = n[i]
		}
	}
	return out, nil
}

// CaseAVSteps returns the case's steps that needed an A/V record, in the order they
// were added.
func (t *tx) CaseAVSteps(ctx context.Context, caseID int64) ([]*zhifa.AVStep, error) {
	const op = "list case A/V steps"
	rows, err := t.query(ctx, `SELECT id, case_id, agency_id, action, act, acted_on, recorded FROM av_steps
		WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.AVStep, error) {
		var v zhifa.AVStep
		var action string
		err := s.Scan(&v.ID, &v.CaseID, &v.AgencyID, &action, &v.Act, &v.ActedOn, &v.Recorded)
		v.Action = zhifa.Action(action)
		return &v, err
	})
}
