package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"
)

// The two engines' migrations must describe one schema (issue 16). The
// schema of each is read back from the database itself (no table is named
// here, so migrations added later are covered) and normalised:
//
//   - columns: name, type family and NOT NULL. Type families: integer
//     (INTEGER, BIGINT, SMALLINT), text (TEXT, VARCHAR, and PostgreSQL's
//     DATE: SQLite keeps dates as ISO 8601 text), real (REAL, DOUBLE
//     PRECISION, NUMERIC), blob (BLOB, BYTEA), bool (BOOLEAN), timestamp
//     (TIMESTAMP, TIMESTAMPTZ). A primary-key column counts as NOT NULL
//     (SQLite reports its INTEGER PRIMARY KEY as nullable).
//   - keys: the primary key's columns and each UNIQUE constraint's columns.
//   - indexes created with CREATE INDEX: name, table, key columns in order
//     (an expression as "(expr)"), uniqueness and whether partial.
//   - triggers: per table, the events they guard, as "BEFORE UPDATE" etc.
//     Trigger names differ by design (PostgreSQL covers UPDATE OR DELETE
//     in one trigger, SQLite needs one per event), and TRUNCATE, which
//     SQLite lacks, is left out.
//   - default values are not compared: their syntax differs per engine.

// schema is the normalised schema: one sorted line per fact, so that two
// schemas compare as lists and their difference reads as lines.
type schema []string

func (s schema) diff(other schema) (onlyS, onlyOther []string) {
	inS := map[string]bool{}
	for _, l := range s {
		inS[l] = true
	}
	inO := map[string]bool{}
	for _, l := range other {
		inO[l] = true
		if !inS[l] {
			onlyOther = append(onlyOther, l)
		}
	}
	for _, l := range s {
		if !inO[l] {
			onlyS = append(onlyS, l)
		}
	}
	return onlyS, onlyOther
}

// typeFamily maps a declared (SQLite) or information_schema (PostgreSQL)
// type to its family.
func typeFamily(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	switch {
	case strings.Contains(t, "int"):
		return "integer"
	case strings.HasPrefix(t, "timestamp"), t == "datetime":
		return "timestamp"
	case strings.Contains(t, "char"), t == "text", t == "date", t == "clob":
		return "text"
	case t == "real", strings.HasPrefix(t, "double"), strings.HasPrefix(t, "numeric"), strings.HasPrefix(t, "decimal"), t == "float":
		return "real"
	case t == "blob", t == "bytea":
		return "blob"
	case t == "boolean", t == "bool":
		return "bool"
	}
	return "other:" + t
}

var identRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func indexColumn(c string) string {
	if identRE.MatchString(c) {
		return c
	}
	return "(expr)"
}

// triggerRE reads timing and events from a CREATE TRIGGER statement.
var triggerRE = regexp.MustCompile(`(?is)^\s*CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+(BEFORE|AFTER|INSTEAD\s+OF)\s+(.*?)\s+ON\s`)

func triggerFacts(table, timing, events string) []string {
	var out []string
	for ev := range strings.SplitSeq(strings.ToUpper(events), " OR ") {
		ev = strings.Fields(ev)[0] // "UPDATE OF col" → UPDATE
		if ev == "TRUNCATE" {
			continue
		}
		out = append(out, fmt.Sprintf("trigger %s: %s %s", table, strings.ToUpper(strings.Join(strings.Fields(timing), " ")), ev))
	}
	return out
}

func queryStrings(ctx context.Context, db *sql.DB, q string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func finish(facts []string) schema {
	sort.Strings(facts)
	return slices.Compact(facts)
}

// sqliteSchema reads the normalised schema of an SQLite database.
func sqliteSchema(ctx context.Context, db *sql.DB) (schema, error) {
	tables, err := queryStrings(ctx, db, `SELECT name FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> 'goose_db_version'`)
	if err != nil {
		return nil, err
	}
	var facts []string
	for _, t := range tables {
		facts = append(facts, "table "+t)
		rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, t)
		if err != nil {
			return nil, err
		}
		pk := map[int]string{}
		for rows.Next() {
			var name, typ string
			var notNull bool
			var pkPos int
			if err := rows.Scan(&name, &typ, &notNull, &pkPos); err != nil {
				rows.Close()
				return nil, err
			}
			if pkPos > 0 {
				pk[pkPos] = name
				notNull = true
			}
			facts = append(facts, fmt.Sprintf("column %s.%s %s notnull=%v", t, name, typeFamily(typ), notNull))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(pk) > 0 {
			var cols []string
			for _, k := range slices.Sorted(maps.Keys(pk)) {
				cols = append(cols, pk[k])
			}
			facts = append(facts, fmt.Sprintf("primary key %s(%s)", t, strings.Join(cols, ",")))
		}
		idx, err := sqliteIndexes(ctx, db, t)
		if err != nil {
			return nil, err
		}
		facts = append(facts, idx...)
	}
	rows, err := db.QueryContext(ctx, `SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, stmt string
		if err := rows.Scan(&table, &stmt); err != nil {
			return nil, err
		}
		m := triggerRE.FindStringSubmatch(stmt)
		if m == nil {
			return nil, fmt.Errorf("cannot read trigger: %s", stmt)
		}
		facts = append(facts, triggerFacts(table, m[1], m[2])...)
	}
	return finish(facts), rows.Err()
}

// sqliteIndexes returns the unique constraints and CREATE INDEX indexes of
// table t.
func sqliteIndexes(ctx context.Context, db *sql.DB, t string) ([]string, error) {
	type index struct {
		name, origin    string
		unique, partial bool
	}
	rows, err := db.QueryContext(ctx, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, t)
	if err != nil {
		return nil, err
	}
	var list []index
	for rows.Next() {
		var ix index
		if err := rows.Scan(&ix.name, &ix.unique, &ix.origin, &ix.partial); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, ix)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var facts []string
	for _, ix := range list {
		if ix.origin == "pk" {
			continue // from table_info
		}
		cols, err := queryStrings(ctx, db, `SELECT coalesce(name, '(expr)') FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`, ix.name)
		if err != nil {
			return nil, err
		}
		for i, c := range cols {
			cols[i] = indexColumn(c)
		}
		if ix.origin == "u" {
			facts = append(facts, fmt.Sprintf("unique %s(%s)", t, strings.Join(cols, ",")))
			continue
		}
		facts = append(facts, fmt.Sprintf("index %s on %s(%s) unique=%v partial=%v", ix.name, t, strings.Join(cols, ","), ix.unique, ix.partial))
	}
	return facts, nil
}

// postgresSchema reads the normalised schema of the current schema of a
// PostgreSQL database.
func postgresSchema(ctx context.Context, db *sql.DB) (schema, error) {
	var facts []string
	tables, err := queryStrings(ctx, db, `SELECT 'table ' || table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version'`)
	if err != nil {
		return nil, err
	}
	facts = append(facts, tables...)
	rows, err := db.QueryContext(ctx, `SELECT table_name, column_name, data_type, is_nullable = 'NO'
		FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t, c, typ string
		var notNull bool
		if err := rows.Scan(&t, &c, &typ, &notNull); err != nil {
			rows.Close()
			return nil, err
		}
		facts = append(facts, fmt.Sprintf("column %s.%s %s notnull=%v", t, c, typeFamily(typ), notNull))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	keys, err := queryStrings(ctx, db, `
		SELECT CASE con.contype WHEN 'p' THEN 'primary key ' ELSE 'unique ' END || cl.relname || '(' ||
			(SELECT string_agg(a.attname, ',' ORDER BY k.ord)
			   FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
			   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) || ')'
		FROM pg_constraint con
		JOIN pg_class cl ON cl.oid = con.conrelid
		JOIN pg_namespace n ON n.oid = cl.relnamespace
		WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u') AND cl.relname <> 'goose_db_version'`)
	if err != nil {
		return nil, err
	}
	facts = append(facts, keys...)
	indexes, err := queryStrings(ctx, db, `
		SELECT i.relname || E'\t' || t.relname || E'\t' || ix.indisunique || E'\t' || (ix.indpred IS NOT NULL) || E'\t' ||
			(SELECT string_agg(pg_get_indexdef(ix.indexrelid, k, true), E'\x1f' ORDER BY k)
			   FROM generate_series(1, ix.indnkeyatts) AS k)
		FROM pg_index ix
		JOIN pg_class i ON i.oid = ix.indexrelid
		JOIN pg_class t ON t.oid = ix.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema() AND t.relname <> 'goose_db_version'
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)`)
	if err != nil {
		return nil, err
	}
	for _, line := range indexes {
		f := strings.Split(line, "\t")
		cols := strings.Split(f[4], "\x1f")
		for i, c := range cols {
			cols[i] = indexColumn(c)
		}
		facts = append(facts, fmt.Sprintf("index %s on %s(%s) unique=%v partial=%v", f[0], f[1], strings.Join(cols, ","), f[2] == "true", f[3] == "true"))
	}
	trig, err := db.QueryContext(ctx, `
		SELECT c.relname, pg_get_triggerdef(tg.oid)
		FROM pg_trigger tg
		JOIN pg_class c ON c.oid = tg.tgrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND NOT tg.tgisinternal`)
	if err != nil {
		return nil, err
	}
	defer trig.Close()
	for trig.Next() {
		var table, def string
		if err := trig.Scan(&table, &def); err != nil {
			return nil, err
		}
		m := triggerRE.FindStringSubmatch(def)
		if m == nil {
			return nil, fmt.Errorf("cannot read trigger: %s", def)
		}
		facts = append(facts, triggerFacts(table, m[1], m[2])...)
	}
	return finish(facts), trig.Err()
}

// readSchema reads db's normalised schema for its engine.
func readSchema(ctx context.Context, db *DB) (schema, error) {
	if db.engine == EnginePostgres {
		return postgresSchema(ctx, db.sql)
	}
	return sqliteSchema(ctx, db.sql)
}

// TestSchemasMatch: after all migrations, SQLite and PostgreSQL have the
// same tables, columns, keys, indexes and triggers (normalised as above).
func TestSchemasMatch(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	lite, err := readSchema(ctx, openSQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	pg, err := readSchema(ctx, openPostgres(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) < 50 {
		t.Fatalf("read only %d facts from SQLite: %q", len(lite), lite)
	}
	t.Logf("%d schema facts on SQLite, %d on PostgreSQL", len(lite), len(pg))
	onlyLite, onlyPG := lite.diff(pg)
	for _, l := range onlyLite {
		t.Errorf("only in SQLite:     %s", l)
	}
	for _, l := range onlyPG {
		t.Errorf("only in PostgreSQL: %s", l)
	}
}

// newMigrator returns a goose provider for db's engine without the session
// lock of Migrate (the test database is its own).
func newMigrator(t *testing.T, db *DB) *goose.Provider {
	t.Helper()
	dialect := goose.DialectSQLite3
	if db.engine == EnginePostgres {
		dialect = goose.DialectPostgres
	}
	fsys, err := fs.Sub(migrations, "migrations/"+db.engine)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(dialect, db.sql, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMigrationsUpDownUp: on both engines, every migration applies, its
// Down restores exactly the schema before it, and it applies again.
func TestMigrationsUpDownUp(t *testing.T) {
	t.Parallel()
	engines := map[string]func(*testing.T) *DB{
		EngineSQLite:   openEmptySQLite,
		EnginePostgres: openEmptyPostgres,
	}
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			db := open(t)
			p := newMigrator(t, db)
			if len(p.ListSources()) == 0 {
				t.Fatal("no migrations")
			}
			before, err := readSchema(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			for _, src := range p.ListSources() {
				if _, err := p.UpByOne(ctx); err != nil {
					t.Fatalf("up %d: %v", src.Version, err)
				}
				after, err := readSchema(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := p.Down(ctx); err != nil {
					t.Fatalf("down %d: %v", src.Version, err)
				}
				undone, err := readSchema(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				extra, missing := undone.diff(before)
				for _, l := range extra {
					t.Errorf("%s: %d down leaves %s", name, src.Version, l)
				}
				for _, l := range missing {
					t.Errorf("%s: %d down removes %s, which was there before its up", name, src.Version, l)
				}
				if _, err := p.UpByOne(ctx); err != nil {
					t.Fatalf("up %d again: %v", src.Version, err)
				}
				before = after
			}
		})
	}
}

// openEmptySQLite opens a new SQLite database without migrating it.
func openEmptySQLite(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), t.TempDir()+"/empty.db", Options{PIIKey: testKey(), NoMigrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openEmptyPostgres opens a new PostgreSQL database without migrating it.
func openEmptyPostgres(t *testing.T) *DB {
	t.Helper()
	db := openPostgres(t)
	// openPostgres migrates; start over in a fresh schema of this database.
	if _, err := db.sql.ExecContext(t.Context(), `DROP SCHEMA public CASCADE; CREATE SCHEMA public`); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestSchemaNormalisation: the type families and trigger events that the
// comparison relies on.
func TestSchemaNormalisation(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"INTEGER": "integer", "bigint": "integer", "smallint": "integer",
		"TEXT": "text", "character varying": "text", "date": "text",
		"TIMESTAMP": "timestamp", "timestamp with time zone": "timestamp",
		"REAL": "real", "double precision": "real", "numeric": "real",
		"BLOB": "blob", "bytea": "blob", "BOOLEAN": "bool", "jsonb": "other:jsonb",
	} {
		if got := typeFamily(in); got != want {
			t.Errorf("typeFamily(%q) = %q, want %q", in, got, want)
		}
	}
	for stmt, want := range map[string]string{
		"CREATE TRIGGER a_no_update BEFORE UPDATE ON a FOR EACH ROW":                             "BEFORE UPDATE",
		"CREATE TRIGGER a BEFORE UPDATE OR DELETE ON public.a FOR EACH ROW EXECUTE FUNCTION f()": "BEFORE UPDATE,BEFORE DELETE",
		"CREATE TRIGGER a_no_truncate BEFORE TRUNCATE ON a EXECUTE FUNCTION f()":                 "",
		"CREATE TRIGGER IF NOT EXISTS b AFTER UPDATE OF x, y ON b BEGIN SELECT 1; END":           "AFTER UPDATE",
	} {
		m := triggerRE.FindStringSubmatch(stmt)
		if m == nil {
			t.Errorf("trigger not read: %s", stmt)
			continue
		}
		var got []string
		for _, f := range triggerFacts("t", m[1], m[2]) {
			got = append(got, strings.TrimPrefix(f, "trigger t: "))
		}
		if strings.Join(got, ",") != want {
			t.Errorf("%s: got %q, want %q", stmt, got, want)
		}
	}
	if indexColumn("case_id") != "case_id" || indexColumn("lower(name)") != "(expr)" {
		t.Error("indexColumn")
	}
}
