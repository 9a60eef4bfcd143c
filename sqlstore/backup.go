package sqlstore

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Online backup and restore (issue #11). A backup is a consistent snapshot of the whole
// database taken while the application keeps writing:
//
//   - SQLite: VACUUM INTO a new file. It reads inside one read transaction, so under WAL
//     it sees exactly the commits before it started and never blocks the writer; the
//     copy is a complete, compacted database file with its schema.
//   - PostgreSQL: one SERIALIZABLE READ ONLY DEFERRABLE transaction (a snapshot that
//     waits, if need be, until it can see no serialization anomaly: the writers are
//     SERIALIZABLE too, so the copy is a state some serial order of them produced) that
//     COPYs every table of the schema (in foreign-key order) to a file in PostgreSQL's
//     text format, and reads the sequences. We do this ourselves rather than run pg_dump: the binary stays
//     self-contained (no client tools whose major version must match the server's), the
//     restore goes through our own migrations (so a backup restores into the schema
//     version it was taken at and is then migrated forward like any database), and the
//     snapshot also yields the case count and the blob manifest the archive records.
//
// Restore refuses a target that holds anything, so it never merges two histories.

// SnapshotFile is the SQLite snapshot's file name inside the backup directory.
const SnapshotFile = "zhifa.db"

// BlobsFile is the blob manifest's file name inside the backup directory: one BlobRef
// as JSON per line, by SHA-256. It is a file, not a list in memory, because a province
// holds millions of evidence files.
const BlobsFile = "blobs.jsonl"

// Snapshot describes what Backup copied, read in the same snapshot as the data.
type Snapshot struct {
	// Engine is EngineSQLite or EnginePostgres; a backup restores into the same engine.
	Engine string `json:"engine"`
	// Schema is the migration version of the snapshot.
	Schema int64 `json:"schema"`
	// Cases and LedgerEntries count the rows of the snapshot (restore checks them).
	Cases         int64 `json:"cases"`
	LedgerEntries int64 `json:"ledger_entries"`
	// Tables are PostgreSQL's table files in load order; empty for SQLite.
	Tables []SnapshotTable `json:"tables,omitempty"`
	// Sequences are PostgreSQL's sequences and their values.
	Sequences []SnapshotSequence `json:"sequences,omitempty"`
	// Blobs counts the evidence files the snapshot refers to (listed in BlobsFile).
	Blobs int64 `json:"blobs"`
}

// SnapshotTable is one PostgreSQL table of a snapshot.
type SnapshotTable struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	File    string   `json:"file"`
	Rows    int64    `json:"rows"`
}

// SnapshotSequence is a PostgreSQL sequence's last value (Called false: never used).
type SnapshotSequence struct {
	Name   string `json:"name"`
	Value  int64  `json:"value"`
	Called bool   `json:"called"`
}

// BlobRef is one stored evidence file the database refers to.
type BlobRef struct {
	SHA256 string `json:"sha256"`
	SM3    string `json:"sm3"`
	Size   int64  `json:"size"`
}

// snapshotCounts are the queries every snapshot answers, in its own transaction.
const (
	countCases   = `SELECT count(*) FROM cases`
	countEntries = `SELECT count(*) FROM ledger_entries`
	listBlobs    = `SELECT sha256, min(sm3), min(size) FROM evidence GROUP BY sha256 ORDER BY sha256`
	gooseTable   = "goose_db_version"
)

// snapReader runs the few reads describeSnapshot makes, on the SQLite copy (database/sql)
// or in PostgreSQL's snapshot transaction (pgx).
type snapReader interface {
	// scalar scans the one row of query into dst.
	scalar(ctx context.Context, query string, dst ...any) error
	// each calls fn with a scan function for every row of query.
	each(ctx context.Context, query string, fn func(scan func(dst ...any) error) error) error
}

type sqlReader struct{ db *sql.DB }

func (r sqlReader) scalar(ctx context.Context, query string, dst ...any) error {
	return r.db.QueryRowContext(ctx, query).Scan(dst...)
}

func (r sqlReader) each(ctx context.Context, query string, fn func(scan func(dst ...any) error) error) error {
	rows, err := r.db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

type pgxReader struct{ tx pgx.Tx }

func (r pgxReader) scalar(ctx context.Context, query string, dst ...any) error {
	return r.tx.QueryRow(ctx, query).Scan(dst...)
}

func (r pgxReader) each(ctx context.Context, query string, fn func(scan func(dst ...any) error) error) error {
	rows, err := r.tx.Query(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Backup writes a consistent snapshot of the database into the empty directory dir and
// describes it. The application may keep writing meanwhile.
func (db *DB) Backup(ctx context.Context, dir string) (*Snapshot, error) {
	if db.engine == EngineSQLite {
		return db.backupSQLite(ctx, dir)
	}
	return db.backupPostgres(ctx, dir)
}

func (db *DB) backupSQLite(ctx context.Context, dir string) (*Snapshot, error) {
	path := filepath.Join(dir, SnapshotFile)
	if _, err := db.sql.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return nil, fmt.Errorf("backup: vacuum into %s: %w", path, err)
	}
	cp, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("backup: open the copy: %w", err)
	}
	defer cp.Close()
	snap := &Snapshot{Engine: EngineSQLite}
	if err := cp.QueryRowContext(ctx, `SELECT COALESCE(max(version_id), 0) FROM `+gooseTable).Scan(&snap.Schema); err != nil {
		return nil, fmt.Errorf("backup: read the schema version: %w", err)
	}
	if err := describeSnapshot(ctx, sqlReader{cp}, dir, snap); err != nil {
		return nil, err
	}
	// The copy is read through a connection pool of its own: close it so that no -wal or
	// -shm file stays beside it.
	if err := cp.Close(); err != nil {
		return nil, fmt.Errorf("backup: close the copy: %w", err)
	}
	return snap, nil
}

// describeSnapshot fills the counts of snap from r and writes the blob manifest to
// dir/BlobsFile.
func describeSnapshot(ctx context.Context, r snapReader, dir string, snap *Snapshot) error {
	if err := r.scalar(ctx, countCases, &snap.Cases); err != nil {
		return fmt.Errorf("backup: count cases: %w", err)
	}
	if err := r.scalar(ctx, countEntries, &snap.LedgerEntries); err != nil {
		return fmt.Errorf("backup: count ledger entries: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, BlobsFile), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	err = r.each(ctx, listBlobs, func(scan func(dst ...any) error) error {
		var b BlobRef
		if err := scan(&b.SHA256, &b.SM3, &b.Size); err != nil {
			return err
		}
		snap.Blobs++
		return enc.Encode(&b)
	})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: list evidence files: %w", err)
	}
	return nil
}

// ReadBlobRefs calls fn for each entry of a blob manifest written by Backup.
func ReadBlobRefs(path string, fn func(BlobRef) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReader(f))
	for {
		var b BlobRef
		if err := dec.Decode(&b); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("blob manifest: %w", err)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
}

// Counts returns the number of cases and of ledger entries, the figures a snapshot
// records (restore compares them).
func (db *DB) Counts(ctx context.Context) (cases, entries int64, err error) {
	r := sqlReader{db.sql}
	if err := r.scalar(ctx, countCases, &cases); err != nil {
		return 0, 0, fmt.Errorf("count cases: %w", err)
	}
	if err := r.scalar(ctx, countEntries, &entries); err != nil {
		return 0, 0, fmt.Errorf("count ledger entries: %w", err)
	}
	return cases, entries, nil
}

// withPgx runs fn on a pooled connection as a pgx connection, for COPY.
func (db *DB) withPgx(ctx context.Context, fn func(c *pgx.Conn) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not pgx", dc)
		}
		return fn(sc.Conn())
	})
}

func (db *DB) backupPostgres(ctx context.Context, dir string) (*Snapshot, error) {
	snap := &Snapshot{Engine: EnginePostgres}
	err := db.withPgx(ctx, func(c *pgx.Conn) error {
		tx, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable, AccessMode: pgx.ReadOnly, DeferrableMode: pgx.Deferrable})
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		// The first query fixes the snapshot: everything below reads the same one.
		if err := tx.QueryRow(ctx, `SELECT COALESCE(max(version_id), 0) FROM `+gooseTable+` WHERE is_applied`).Scan(&snap.Schema); err != nil {
			return fmt.Errorf("read the schema version: %w", err)
		}
		if err := describeSnapshot(ctx, pgxReader{tx}, dir, snap); err != nil {
			return err
		}
		tables, err := pgTablesInLoadOrder(ctx, tx)
		if err != nil {
			return err
		}
		for _, t := range tables {
			if err := copyTableOut(ctx, tx, dir, &t); err != nil {
				return err
			}
			snap.Tables = append(snap.Tables, t)
		}
		snap.Sequences, err = pgSequences(ctx, tx)
		if err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return snap, nil
}

// pgTablesInLoadOrder lists the schema's tables (without goose's) with their stored
// columns (generated ones are computed again on load), a table after every table it
// refers to. A table's references to itself are left to restore (deferred there).
func pgTablesInLoadOrder(ctx context.Context, tx pgx.Tx) ([]SnapshotTable, error) {
	rows, err := tx.Query(ctx, `
		SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum)
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
		WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> $1
		GROUP BY c.relname ORDER BY c.relname`, gooseTable)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	byName := map[string]SnapshotTable{}
	var names []string
	for rows.Next() {
		var t SnapshotTable
		if err := rows.Scan(&t.Name, &t.Columns); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list tables: %w", err)
		}
		byName[t.Name] = t
		names = append(names, t.Name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	deps := map[string][]string{}
	rows, err = tx.Query(ctx, `
		SELECT c.relname, r.relname
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_class r ON r.oid = k.confrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE k.contype = 'f' AND n.nspname = current_schema() AND k.conrelid <> k.confrelid`)
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list foreign keys: %w", err)
		}
		deps[from] = append(deps[from], to)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	order, err := loadOrder(names, deps)
	if err != nil {
		return nil, err
	}
	out := make([]SnapshotTable, 0, len(order))
	for i, name := range order {
		t := byName[name]
		t.File = fmt.Sprintf("%03d-%s.copy", i+1, name)
		out = append(out, t)
	}
	return out, nil
}

// loadOrder sorts names so that each comes after the names it depends on (a
// depth-first topological sort, alphabetical among equals). A cycle is an error.
func loadOrder(names []string, deps map[string][]string) ([]string, error) {
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var order []string
	var visit func(n string, path []string) error
	visit = func(n string, path []string) error {
		switch state[n] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("foreign keys form a cycle: %s", strings.Join(append(path, n), " → "))
		}
		state[n] = visiting
		ds := slices.Clone(deps[n])
		slices.Sort(ds)
		for _, d := range ds {
			if err := visit(d, append(path, n)); err != nil {
				return err
			}
		}
		state[n] = done
		order = append(order, n)
		return nil
	}
	for _, n := range slices.Sorted(slices.Values(names)) {
		if err := visit(n, nil); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// copyTableOut writes table t of the snapshot to dir/t.File, rows ordered by its
// primary key so that a backup of the same data is the same bytes.
func copyTableOut(ctx context.Context, tx pgx.Tx, dir string, t *SnapshotTable) error {
	var pk []string
	err := tx.QueryRow(ctx, `
		SELECT COALESCE(array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)), '{}')
		FROM pg_index i
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
		WHERE i.indrelid = $1::regclass AND i.indisprimary`, pgx.Identifier{t.Name}.Sanitize()).Scan(&pk)
	if err != nil {
		return fmt.Errorf("primary key of %s: %w", t.Name, err)
	}
	query := "SELECT " + quoteIdents(t.Columns) + " FROM " + pgx.Identifier{t.Name}.Sanitize()
	if len(pk) > 0 {
		query += " ORDER BY " + quoteIdents(pk)
	}
	f, err := os.OpenFile(filepath.Join(dir, t.File), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	tag, err := tx.Conn().PgConn().CopyTo(ctx, w, "COPY ("+query+") TO STDOUT")
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copy %s: %w", t.Name, err)
	}
	t.Rows = tag.RowsAffected()
	return nil
}

func quoteIdents(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = pgx.Identifier{n}.Sanitize()
	}
	return strings.Join(q, ", ")
}

// pgSequences reads every sequence of the schema. Sequences are not transactional:
// a value read now is at least every value used by the rows of the snapshot.
func pgSequences(ctx context.Context, tx pgx.Tx) ([]SnapshotSequence, error) {
	rows, err := tx.Query(ctx, `
		SELECT sequencename::text, COALESCE(last_value, 0), last_value IS NOT NULL
		FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename`)
	if err != nil {
		return nil, fmt.Errorf("list sequences: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (SnapshotSequence, error) {
		var s SnapshotSequence
		err := r.Scan(&s.Name, &s.Value, &s.Called)
		return s, err
	})
}

// ErrNotEmpty is returned by Restore for a target that already holds data.
var ErrNotEmpty = errors.New("the target database is not empty")

// Restore loads the snapshot in dir, described by snap, into the empty database dsn:
// for SQLite the file path (absent or empty), for PostgreSQL a database without
// tables. It leaves the database at the snapshot's schema version; open it with Open to
// migrate it forward. opts.PIIKey is not needed and not checked here.
func Restore(ctx context.Context, dsn, dir string, snap *Snapshot) error {
	switch {
	case snap.Engine == EnginePostgres && isPostgresURL(dsn):
		return restorePostgres(ctx, dsn, dir, snap)
	case snap.Engine == EngineSQLite && !isPostgresURL(dsn):
		return restoreSQLite(dsn, dir)
	default:
		return fmt.Errorf("restore: the backup is of a %s database; restore it into the same engine", snap.Engine)
	}
}

// CheckEmpty returns an error matching ErrNotEmpty unless dsn names an empty target
// for Restore: an SQLite file that is absent or empty, or a PostgreSQL database without
// tables.
func CheckEmpty(ctx context.Context, dsn string) error {
	if !isPostgresURL(dsn) {
		return sqliteEmpty(strings.TrimPrefix(dsn, "file:"))
	}
	db, err := Open(ctx, dsn, Options{PIIKey: make([]byte, 32), NoMigrate: true, NoSequencer: true})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer db.Close()
	return db.postgresEmpty(ctx, dsn)
}

func sqliteEmpty(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-journal"} {
		if fi, err := os.Stat(p); err == nil && fi.Size() > 0 {
			return fmt.Errorf("restore: %s: %w", p, ErrNotEmpty)
		}
	}
	return nil
}

func (db *DB) postgresEmpty(ctx context.Context, dsn string) error {
	var tables int
	err := db.sql.QueryRowContext(ctx, `
		SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`).Scan(&tables)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if tables > 0 {
		return fmt.Errorf("restore: %s holds %d tables: %w", redactURL(dsn), tables, ErrNotEmpty)
	}
	return nil
}

func restoreSQLite(path, dir string) error {
	path = strings.TrimPrefix(path, "file:")
	if err := sqliteEmpty(path); err != nil {
		return err
	}
	src, err := os.Open(filepath.Join(dir, SnapshotFile))
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".restore-*.db") // mode 0600
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, src)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func restorePostgres(ctx context.Context, dsn, dir string, snap *Snapshot) error {
	db, err := Open(ctx, dsn, Options{PIIKey: make([]byte, 32), NoMigrate: true, NoSequencer: true})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer db.Close()
	if err := db.postgresEmpty(ctx, dsn); err != nil {
		return err
	}
	p, err := db.provider(true)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := p.UpTo(ctx, snap.Schema); err != nil {
		return fmt.Errorf("restore: create the schema (version %d): %w", snap.Schema, err)
	}
	err = db.withPgx(ctx, func(c *pgx.Conn) error {
		tx, err := c.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		selfRefs, err := deferSelfReferences(ctx, tx)
		if err != nil {
			return err
		}
		for _, t := range snap.Tables {
			if triggerKeptTables[t.Name] {
				continue // counted again as their rows' tables load
			}
			if err := copyTableIn(ctx, tx, dir, t); err != nil {
				return err
			}
		}
		// Check the deferred references now, then make them immediate again as the
		// migrations made them.
		if _, err := tx.Exec(ctx, `SET CONSTRAINTS ALL IMMEDIATE`); err != nil {
			return fmt.Errorf("check references: %w", err)
		}
		for _, r := range selfRefs {
			if _, err := tx.Exec(ctx, "ALTER TABLE "+pgx.Identifier{r[0]}.Sanitize()+" ALTER CONSTRAINT "+pgx.Identifier{r[1]}.Sanitize()+" NOT DEFERRABLE"); err != nil {
				return fmt.Errorf("restore constraint %s: %w", r[1], err)
			}
		}
		for _, s := range snap.Sequences {
			if _, err := tx.Exec(ctx, `SELECT setval($1::regclass, $2, $3)`, pgx.Identifier{s.Name}.Sanitize(), max(s.Value, 1), s.Called); err != nil {
				return fmt.Errorf("set sequence %s: %w", s.Name, err)
			}
		}
		return tx.Commit(ctx)
	})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return db.analyze(ctx)
}

// deferSelfReferences makes the foreign keys from a table to itself (an agency's
// parent, a document and its correction refer to each other) deferred for the
// transaction, so rows load in any order. It returns them as (table, constraint).
func deferSelfReferences(ctx context.Context, tx pgx.Tx) ([][2]string, error) {
	rows, err := tx.Query(ctx, `
		SELECT c.relname::text, k.conname::text FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE k.contype = 'f' AND k.conrelid = k.confrelid AND NOT k.condeferrable
		  AND n.nspname = current_schema()`)
	if err != nil {
		return nil, fmt.Errorf("list self references: %w", err)
	}
	refs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var ref [2]string
		err := r.Scan(&ref[0], &ref[1])
		return ref, err
	})
	if err != nil {
		return nil, fmt.Errorf("list self references: %w", err)
	}
	for _, r := range refs {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+pgx.Identifier{r[0]}.Sanitize()+" ALTER CONSTRAINT "+pgx.Identifier{r[1]}.Sanitize()+" DEFERRABLE INITIALLY DEFERRED"); err != nil {
			return nil, fmt.Errorf("defer constraint %s: %w", r[1], err)
		}
	}
	return refs, nil
}

// triggerKeptTables are the summaries that triggers keep from other tables' rows
// (migrations 00054, 00055, 00063, 00064): a restore does not load their rows, as COPY into the
// tables they summarise fires the triggers, which count every row again — loading both
// counted each row twice (issue 11).
var triggerKeptTables = map[string]bool{
	"decision_counts": true, "case_stat_counts": true, "case_fine_totals": true, "obligation_years": true,
	"training_years": true, "officer_standing": true, "agency_staffing": true,
}

// seededTables are the tables the migrations fill (their rows exist in a new database):
// the snapshot's rows are merged into them by key rather than inserted. ledger_state's
// counters may only grow (a trigger refuses INSERT), so they are raised to the
// snapshot's values.
var seededTables = map[string]string{
	"ledger_state": `UPDATE ledger_state s SET value = r.value FROM restore_rows r WHERE s.name = r.name`,
}

// copyTableIn loads one table file of the snapshot.
func copyTableIn(ctx context.Context, tx pgx.Tx, dir string, t SnapshotTable) error {
	f, err := os.Open(filepath.Join(dir, t.File))
	if err != nil {
		return err
	}
	defer f.Close()
	target := pgx.Identifier{t.Name}.Sanitize()
	merge, seeded := seededTables[t.Name]
	if seeded {
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE restore_rows (LIKE `+target+`) ON COMMIT DROP`); err != nil {
			return fmt.Errorf("load %s: %w", t.Name, err)
		}
		target = "restore_rows"
	}
	tag, err := tx.Conn().PgConn().CopyFrom(ctx, bufio.NewReaderSize(f, 1<<20), "COPY "+target+" ("+quoteIdents(t.Columns)+") FROM STDIN")
	if err != nil {
		return fmt.Errorf("load %s: %w", t.Name, err)
	}
	if n := tag.RowsAffected(); n != t.Rows {
		return fmt.Errorf("load %s: %d rows, the backup says %d", t.Name, n, t.Rows)
	}
	if seeded {
		if _, err := tx.Exec(ctx, merge); err != nil {
			return fmt.Errorf("load %s: %w", t.Name, err)
		}
		if _, err := tx.Exec(ctx, `DROP TABLE restore_rows`); err != nil {
			return fmt.Errorf("load %s: %w", t.Name, err)
		}
	}
	return nil
}
