package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/internal/testenv"
)

// BenchmarkSearch measures case search (issue 11) and the portal's decision search
// (issue 13) on a corpus of ZHIFA_BENCH_SEARCH cases (default 100,000; 5,000 with
// -short), each with its published decision: a two-character word, a common word, a
// rare word, a whole 案号, a credit code, a 身份证号, an agency filter, an item, a date
// range alone and with a word, and deep pages by cursor. Each sub-benchmark reports its
// p50 and p99 in ms and ratio = p99 ÷ the p99 of the baseline of the same run on the same
// database (a primary-key SELECT of one row, without the store). PostgreSQL runs too
// when ZHIFA_TEST_PG is set.
//
// The corpus is written by bulk inserts (multi-row VALUES on SQLite, unnest arrays on
// PostgreSQL) of the rows and postings the store writes itself (caseDocText,
// publicationDoc, docTerms), so a million rows take minutes, not hours; it is kept in a
// cache directory (ZHIFA_BENCH_CACHE, default the user cache directory) and, on
// PostgreSQL, a database named after its size and version, and reused by later runs.
// Delete the directory (and drop the database) to regenerate it.
func BenchmarkSearch(b *testing.B) {
	n := benchSize(b, "ZHIFA_BENCH_SEARCH", 100000, 5000)
	for _, e := range []string{EngineSQLite, EnginePostgres} {
		if e == EnginePostgres && os.Getenv("ZHIFA_TEST_PG") == "" {
			continue
		}
		b.Run(e, func(b *testing.B) {
			db, c := openSearchCorpus(b, e, n)
			benchSearch(b, db, c)
		})
	}
}

// searchCorpusVersion names the cached corpora: raise it when the fill or the schema of
// the search tables changes.
const searchCorpusVersion = 2

// searchCorpus is what fillSearchCorpus wrote and the benchmark looks for.
type searchCorpus struct {
	N        int
	Today    zhifa.Date
	Bureau   string // an agency path
	BureauID int64
	// Case search.
	Name2, Person, CaseNumber, Credit, IDNumber, ItemCode string
	MidCase                                               int64 // a case ID half-way, for deep pages
	// Decision search.
	PubWord2, PubRare, PubNumber, PubCode, PubItem string
	PubDeep                                        int64 // a publication ID a tenth of the way from the oldest
	PubAgency                                      int64
}

// openSearchCorpus opens the cached corpus of the engine and size, filling it first if
// the cache lacks it.
func openSearchCorpus(b *testing.B, engine string, n int) (*DB, *searchCorpus) {
	b.Helper()
	ctx := context.Background()
	root := testenv.BenchCache()
	dir := filepath.Join(root, fmt.Sprintf("search-%s-%d-v%d", engine, n, searchCorpusVersion))
	dsn := filepath.Join(dir, "zhifa.db")
	done := filepath.Join(dir, "corpus.json")
	_, err := os.Stat(done)
	fresh := err != nil
	if fresh {
		if err := os.RemoveAll(dir); err != nil {
			b.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			b.Fatal(err)
		}
	}
	if engine == EnginePostgres {
		name := fmt.Sprintf("zhifa_search_%d_v%d", n, searchCorpusVersion)
		dsn = testenv.PostgresDatabaseURL(b, name)
		if fresh {
			recreateBenchDatabase(b, name)
		}
	}
	db, err := Open(ctx, dsn, Options{PIIKey: testKey(), Bulk: fresh})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if !fresh {
		var c searchCorpus
		data, err := os.ReadFile(done)
		if err == nil {
			err = json.Unmarshal(data, &c)
		}
		if err != nil {
			b.Fatal(err)
		}
		return db, &c
	}
	start := time.Now()
	c, err := fillSearchCorpus(ctx, db, n)
	if err != nil {
		b.Fatalf("fill %d cases on %s: %v", n, engine, err)
	}
	if err := db.analyze(ctx); err != nil {
		b.Fatal(err)
	}
	if err := db.optimize(ctx); err != nil {
		b.Fatal(err)
	}
	data, err := json.Marshal(c)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(done, data, 0o600); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: filled %d cases and decisions in %v, cached in %s", engine, n, time.Since(start).Round(time.Second), dir)
	// The fill's connections ran with Bulk's relaxed durability; reopen as served.
	db.Close()
	if db, err = Open(ctx, dsn, Options{PIIKey: testKey()}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, c
}

// recreateBenchDatabase drops and creates the database name on the test server.
func recreateBenchDatabase(b *testing.B, name string) {
	b.Helper()
	adb, err := sql.Open("pgx", testenv.PostgresURL(b))
	if err != nil {
		b.Fatal(err)
	}
	defer adb.Close()
	for _, stmt := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
		if _, err := adb.ExecContext(context.Background(), stmt); err != nil {
			b.Fatal(err)
		}
	}
}

// corpusBatch is the number of cases written per transaction.
const corpusBatch = 1000

// fillSearchCorpus writes n cases of a generated province (genOrgs), each with a party,
// two officers and its search text and bigrams, and the published decision of each
// with its bigrams; decisions are dated over the year before Today in ID order.
func fillSearchCorpus(ctx context.Context, db *DB, n int) (*searchCorpus, error) {
	r := rand.New(rand.NewPCG(1, 2))
	c := &searchCorpus{N: n, Today: zhifa.MustDate("2026-06-01")}
	o, err := genOrgs(ctx, db, r)
	if err != nil {
		return nil, err
	}
	c.Bureau, c.BureauID = o.bureaus[0].Path, o.bureaus[0].ID
	indexes, err := dropFillIndexes(ctx, db)
	if err != nil {
		return nil, err
	}
	seqs := map[int64]int64{}
	for lo := 0; lo < n; lo += corpusBatch {
		gens := make([]genCase, 0, corpusBatch)
		for i := lo; i < min(lo+corpusBatch, n); i++ {
			gens = append(gens, o.genCase(r, seqs, i, c.Today))
		}
		err := db.Update(ctx, func(ztx zhifa.Tx) error {
			t := ztx.(*tx)
			if db.engine == EngineSQLite {
				// The tails of every term's postings are written at once: keep them cached.
				if _, err := t.exec(ctx, `PRAGMA cache_size = -1048576`); err != nil {
					return err
				}
			}
			ids, err := insertGenCases(ctx, t, gens)
			if err != nil {
				return err
			}
			pubs := make([]*zhifa.Publication, len(gens))
			for j, g := range gens {
				i := lo + j
				pubs[j] = o.genPublication(r, g, ids[j], i, n, c.Today)
				c.note(g, pubs[j], ids[j], i, n)
			}
			if err := insertGenPublications(ctx, t, pubs); err != nil {
				return err
			}
			for j, p := range pubs {
				if lo+j == n/10 {
					c.PubDeep = p.ID
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, def := range indexes {
		if _, err := db.sql.ExecContext(ctx, def); err != nil {
			return nil, fmt.Errorf("recreate index: %w", err)
		}
	}
	// The store counts the bigrams as it writes their postings; the bulk fill does not.
	if err := db.recountSearchTerms(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// fillTables are the tables the corpus fills.
var fillTables = []string{"cases", "case_parties", "case_clocks", "case_search", "case_terms", "publications", "publication_terms"}

// dropFillIndexes drops the secondary indexes of the tables the corpus fills (those
// not behind a key constraint) and returns their definitions: built once over the
// filled tables, they cost a fraction of their upkeep row by row.
func dropFillIndexes(ctx context.Context, db *DB) ([]string, error) {
	in := "'" + strings.Join(fillTables, "', '") + "'"
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (` + in + `)`
	if db.engine == EnginePostgres {
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (` + in + `)
			AND indexname NOT IN (SELECT conname FROM pg_constraint)`
	}
	rows, err := db.sql.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	defer rows.Close()
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := db.sql.ExecContext(ctx, `DROP INDEX `+name); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", name, err)
		}
	}
	return defs, nil
}

// note records the search keys of the corpus from the i-th case g and its decision p.
func (c *searchCorpus) note(g genCase, p *zhifa.Publication, id int64, i, n int) {
	if c.Name2 == "" && g.credit == "" {
		c.Name2, c.Person = string([]rune(g.party)[:2]), g.party
		c.IDNumber = genIDNumber(id)
	}
	if i == n/2 {
		c.MidCase, c.CaseNumber, c.ItemCode, c.PubNumber, c.PubAgency = id, g.number, g.item.Code, p.CaseNumber, p.AgencyID
	}
	if c.Credit == "" && g.credit != "" {
		c.Credit = g.credit
	}
	if c.PubCode == "" && p.PublicCode != "" {
		party := []rune(p.PublicParty)
		c.PubCode, c.PubWord2, c.PubRare, c.PubItem = p.PublicCode, string(party[3:5]), string(party[3:7]), p.ItemName
	}
}

// genIDNumber is the 身份证号 of the person party of generated case id.
func genIDNumber(id int64) string { return fmt.Sprintf("3701021980%08d", id) }

// genPublication is the published decision of generated case g (ID id), the i-th of n:
// decided over the year before today in case order, a hundredth withdrawn, a person
// published as 王某 and a company by its name and credit code.
func (o *genOrg) genPublication(r *rand.Rand, g genCase, id int64, i, n int, today zhifa.Date) *zhifa.Publication {
	ag := o.byID[g.agency]
	decided := today.AddDays(-365 + i*360/n + r.IntN(5))
	p := &zhifa.Publication{AgencyID: ag.ID, AgencyPath: ag.Path, AgencyName: ag.Name, CaseID: id, CaseNumber: g.number,
		ItemID: g.item.ID, ItemName: g.item.Name, Category: zhifa.PubPenalty, Status: zhifa.PubPublished,
		DecidedOn: decided, Due: decided.AddDays(7), PublishedOn: decided.AddDays(5), DisplayUntil: decided.AddDays(3 * 365),
		PublicText: "当事人违反规定，决定予以罚款。", Conclusion: "罚款5000元"}
	if g.credit == "" {
		p.PublicParty = string([]rune(g.party)[0]) + "某"
	} else {
		p.PublicParty = "东港市" + string([]rune{surnames[r.IntN(len(surnames))], givens[r.IntN(len(givens))]}) +
			trades[r.IntN(len(trades))] + "有限公司"
		p.PublicCode = g.credit
	}
	if i%100 == 99 {
		p.Status, p.WithdrawnOn, p.WithdrawReason = zhifa.PubWithdrawn, decided.AddDays(30), "行政复议决定撤销"
	}
	return p
}

// insertGenPublications inserts the publications with their search text and bigrams as
// AddPublication writes them, setting their IDs.
func insertGenPublications(ctx context.Context, t *tx, pubs []*zhifa.Publication) error {
	now := t.now()
	rows := make([][]any, len(pubs))
	for i, p := range pubs {
		rows[i] = []any{p.AgencyID, p.AgencyPath, p.CaseID, p.CaseNumber, p.ItemID, p.ItemName, string(p.Category),
			string(p.Status), p.DecidedOn, p.Due, p.PublicParty, p.PublicCode, p.Conclusion, p.PublicText, publicationDoc(p),
			p.PublishedOn, p.DisplayUntil, p.WithdrawnOn, p.WithdrawReason, now, now}
	}
	ids, err := insertRows(ctx, t, `INSERT INTO publications (agency_id, agency_path, case_id, case_number, item_id,
		item_name, category, status, decided_on, due, public_party, public_code, conclusion, public_text, search_doc,
		published_on, display_until, withdrawn_on, withdraw_reason, created_at, updated_at) VALUES `, ` RETURNING id`, rows)
	if err != nil {
		return fmt.Errorf("generate publications: %w", err)
	}
	var terms []string
	var owners []int64
	for i, p := range pubs {
		p.ID = ids[i]
		for _, term := range docTerms(publicationDoc(p)) {
			terms, owners = append(terms, term), append(owners, p.ID)
		}
	}
	return bulkPostings(ctx, t, "publication_terms", "pub_id", terms, owners)
}

// bulkPostings inserts the postings (terms[i], ids[i]) into table in one statement:
// unnest arrays on PostgreSQL, a JSON array on SQLite.
func bulkPostings(ctx context.Context, t *tx, table, idCol string, terms []string, ids []int64) error {
	if len(terms) == 0 {
		return nil
	}
	if t.db.engine == EnginePostgres {
		_, err := t.exec(ctx, `INSERT INTO `+table+` (term, `+idCol+`) SELECT * FROM unnest($1::text[], $2::bigint[])`, terms, ids)
		return err
	}
	// A fixed number of rows per statement, so that the statement cache (stmtcache.go)
	// parses the text once.
	// SQLite binds each parameter at a cost; one JSON array of [term, id] pairs per
	// statement is parsed by SQLite itself.
	pairs := make([][2]any, len(terms))
	for i := range terms {
		pairs[i] = [2]any{terms[i], ids[i]}
	}
	js, err := json.Marshal(pairs)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO `+table+` (term, `+idCol+`) SELECT value ->> 0, value ->> 1 FROM json_each($1)`, string(js))
	return err
}

// maxBulkArgs bounds the arguments of one generated INSERT: the SQLite driver binds
// numbered parameters by name, in time growing with their number, so a statement of
// thousands of arguments binds in quadratic time.
const maxBulkArgs = 400

// insertRows inserts rows by multi-row INSERT statements prefix VALUES … suffix of a
// fixed number of rows each (so the statement cache parses each text once) and, with a
// RETURNING suffix, returns the IDs in order.
func insertRows(ctx context.Context, t *tx, prefix, suffix string, rows [][]any) ([]int64, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	per := max(1, maxBulkArgs/len(rows[0]))
	var ids []int64
	for lo := 0; lo < len(rows); lo += per {
		var w where
		chunk := rows[lo:min(lo+per, len(rows))]
		vals := make([]string, len(chunk))
		for i, r := range chunk {
			vals[i] = genRow(&w, r...)
		}
		q := prefix + strings.Join(vals, ", ") + suffix
		if suffix == "" {
			if _, err := t.exec(ctx, q, w.args...); err != nil {
				return nil, err
			}
			continue
		}
		res, err := t.query(ctx, q, w.args...)
		if err != nil {
			return nil, err
		}
		got, err := collectValues[int64](res, "generate")
		if err != nil {
			return nil, err
		}
		ids = append(ids, got...)
	}
	return ids, nil
}

// genRow is one row of a multi-row VALUES list.
func genRow(w *where, vals ...any) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = w.arg(v)
	}
	return "(" + strings.Join(ph, ", ") + ")"
}

// benchSearch runs the search sub-benchmarks against the baseline.
func benchSearch(b *testing.B, db *DB, c *searchCorpus) {
	ctx := context.Background()
	var baseline time.Duration
	b.Run("baseline=pk-select", func(b *testing.B) {
		baseline = measure(b, func() error {
			var id int64
			return db.sql.QueryRowContext(ctx, `SELECT id FROM cases WHERE id = $1`, c.MidCase).Scan(&id)
		}, 0)
	})
	cases := func(f zhifa.CaseFilter) func() error {
		f.Limit = 20
		return func() error {
			return db.View(ctx, func(tx zhifa.Tx) error {
				_, _, err := tx.Cases(ctx, f)
				return err
			})
		}
	}
	pubs := func(f zhifa.PublicationFilter) func() error {
		f.Public, f.Today, f.Limit = true, c.Today, 21
		return func() error {
			return db.View(ctx, func(tx zhifa.Tx) error {
				_, err := tx.Publications(ctx, f)
				return err
			})
		}
	}
	from, to := c.Today.AddDays(-200), c.Today.AddDays(-190)
	deepCase := &zhifa.CaseKey{ID: c.MidCase}
	for _, op := range []readOp{
		{"case/word-2-chars", cases(zhifa.CaseFilter{Query: c.Name2})},
		{"case/common-word", cases(zhifa.CaseFilter{Query: "有限公司"})},
		{"case/rare-word", cases(zhifa.CaseFilter{Query: c.Person})},
		{"case/case-number", cases(zhifa.CaseFilter{Query: c.CaseNumber})},
		{"case/credit-code", cases(zhifa.CaseFilter{Query: c.Credit})},
		{"case/id-number", cases(zhifa.CaseFilter{Query: c.IDNumber})},
		{"case/item-code", cases(zhifa.CaseFilter{Query: c.ItemCode})},
		{"case/agency", cases(zhifa.CaseFilter{UnderPath: c.Bureau})},
		{"case/agency-word", cases(zhifa.CaseFilter{UnderPath: c.Bureau, Query: c.Name2})},
		{"case/due-range", cases(zhifa.CaseFilter{DueFrom: c.Today, DueTo: c.Today.AddDays(10)})},
		{"case/due-range-word", cases(zhifa.CaseFilter{DueFrom: c.Today, DueTo: c.Today.AddDays(10), Query: c.Name2})},
		{"case/deep-common-word", cases(zhifa.CaseFilter{Query: "有限公司", After: deepCase})},
		{"case/deep-word-2-chars", cases(zhifa.CaseFilter{Query: c.Name2, After: deepCase})},
		{"portal/first-page", pubs(zhifa.PublicationFilter{})},
		{"portal/word-2-chars", pubs(zhifa.PublicationFilter{Terms: []string{c.PubWord2}})},
		{"portal/common-word", pubs(zhifa.PublicationFilter{Terms: []string{"有限公司"}})},
		{"portal/rare-word", pubs(zhifa.PublicationFilter{Terms: []string{c.PubRare}})},
		{"portal/case-number", pubs(zhifa.PublicationFilter{Terms: []string{c.PubNumber}})},
		{"portal/credit-code", pubs(zhifa.PublicationFilter{Terms: []string{c.PubCode}})},
		{"portal/agency", pubs(zhifa.PublicationFilter{AgencyID: c.PubAgency})},
		{"portal/item", pubs(zhifa.PublicationFilter{Terms: []string{c.PubItem}})},
		{"portal/date-range", pubs(zhifa.PublicationFilter{From: from, To: to})},
		{"portal/date-range-word", pubs(zhifa.PublicationFilter{From: from, To: to, Terms: []string{c.PubWord2}})},
		{"portal/agency-date-range", pubs(zhifa.PublicationFilter{AgencyID: c.PubAgency, From: from, To: to})},
		{"portal/deep-page", pubs(zhifa.PublicationFilter{After: c.PubDeep})},
		{"portal/deep-common-word", pubs(zhifa.PublicationFilter{Terms: []string{"有限公司"}, After: c.PubDeep})},
	} {
		b.Run(op.name, func(b *testing.B) { measure(b, op.fn, baseline) })
	}
}
