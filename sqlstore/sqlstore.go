// Package sqlstore implements zhifa.Store over database/sql for SQLite (modernc.org/sqlite)
// and PostgreSQL (pgx). The SQL is hand-written and shared by both engines; it uses $1
// placeholders, which both drivers bind by number. Each engine has its own embedded
// goose migrations (migrations/sqlite, migrations/postgres).
//
// Conventions every method follows:
//   - Times are stored in UTC, truncated to the microsecond, and read back in UTC. A
//     timestamp field the caller has set (CreatedAt, UpdatedAt, At, Recorded) is stored
//     as given — the use-case layer owns the clock; a zero one is set to Options.Now.
//   - Civil dates (zhifa.Date) are TEXT 'YYYY-MM-DD' on SQLite and DATE on PostgreSQL.
//   - JSON lists and objects are TEXT on both engines; an empty list reads back as [].
//   - A missing row is ENOTFOUND, a unique-key violation ECONFLICT, a dangling reference
//     EINVALID; anything else is wrapped with the operation's name.
//   - On PostgreSQL a failed statement aborts its transaction, so after a store error fn
//     must return, not carry on with the same Tx. Look up first (ENOTFOUND is not a
//     failed statement) where a conflict is to be reported rather than raised.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // driver "sqlite"

	"zhifa"
)

// Engine names, as returned by DB.Engine.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// Options configures Open.
type Options struct {
	// PIIKey is the 32-byte master key for personal data at rest (officers' 身份证号 and
	// phone). Required. Subkeys for encryption and the blind index are derived from it.
	PIIKey []byte
	// NoMigrate skips running the migrations on Open.
	NoMigrate bool
	// Now returns the current time; nil means time.Now. Stored times are UTC,
	// truncated to the microsecond.
	Now func() time.Time
	// Bulk is for a loader that fills an empty database and starts over if it fails
	// (zhifa gen): commits do not wait for the disk (SQLite synchronous=NORMAL under WAL,
	// PostgreSQL synchronous_commit=off). A crash may lose the last commits; it never
	// corrupts the database.
	Bulk bool
	// NoSequencer runs no ledger sequencer (PostgreSQL, sequencer.go) in this process:
	// queued entries wait for another process's, or for SequenceLedger. For tests that
	// play a process that dies between commit and sequencing, and for tools that only
	// read (verify, backup) or restore.
	NoSequencer bool
}

// DB is the store. It implements zhifa.Store.
type DB struct {
	sql    *sql.DB
	engine string
	pii    *piiCipher
	now    func() time.Time
	// gc batches the Update calls of SQLite into shared transactions (group commit,
	// groupcommit.go); nil on PostgreSQL.
	gc *groupCommit
	// stop ends the periodic PRAGMA optimize of SQLite (tune.go) and the ledger
	// sequencer of PostgreSQL (sequencer.go).
	stop chan struct{}
	// seq sequences queued ledger entries (PostgreSQL; nil without one).
	seq *sequencer
	// datedScanPostings is the threshold of Publications (publicity.go), 0 for
	// defaultDatedScanPostings; the store suite lowers it to reach the by-date path.
	datedScanPostings int
	// migrating is set while Migrate runs (Ready).
	migrating atomic.Bool
	// counts are the statement and retry counters (counters.go).
	counts counters
	// caseNumbers are the turns of this process's filings per case number sequence,
	// and caseIDs the ids of the cases filed under them (PostgreSQL, casenumbers.go).
	caseNumbers caseNumbers
	caseIDs     caseIDs
}

var _ zhifa.Store = (*DB)(nil)

// Open opens the database named by dsn — a postgres:// or postgresql:// URL, or else
// the path of an SQLite file — checks that it is reachable and, unless opts.NoMigrate,
// applies the migrations.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	pii, err := newPIICipher(opts.PIIKey)
	if err != nil {
		return nil, err
	}
	db := &DB{pii: pii, now: opts.Now}
	if db.now == nil {
		db.now = time.Now
	}
	var driverName, connStr, shown string
	if isPostgresURL(dsn) {
		db.engine = EnginePostgres
		driverName, connStr, shown = "pgx", dsn, redactURL(dsn)
		if opts.Bulk {
			connStr = withQuery(dsn, "synchronous_commit", "off")
		}
	} else {
		db.engine = EngineSQLite
		connStr, err = sqliteDSN(dsn)
		if err != nil {
			return nil, err
		}
		if opts.Bulk {
			connStr = strings.Replace(connStr, "synchronous(FULL)", "synchronous(NORMAL)", 1)
		}
		driverName, shown = "sqlite", dsn
	}
	if db.engine == EngineSQLite {
		db.sql, err = openCachedSQLite(connStr) // stmtcache.go
	} else {
		db.sql, err = sql.Open(driverName, connStr)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database %s: %w", db.engine, shown, err)
	}
	if db.engine == EngineSQLite {
		// One writer at a time anyway; a few connections let readers run beside it (WAL).
		db.sql.SetMaxOpenConns(8)
		// Keep them all: the default of two idle connections closed and reopened the
		// rest under load, each time with its pragmas and an empty statement cache.
		db.sql.SetMaxIdleConns(8)
		db.gc = newGroupCommit(db)
	} else {
		db.sql.SetMaxOpenConns(20)
		// Idle connections keep their prepared statements (pgx caches them per
		// connection); the default of two reconnected the rest under load.
		db.sql.SetMaxIdleConns(20)
		db.sql.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.closeSQL()
		return nil, fmt.Errorf("connect to %s database %s: %w", db.engine, shown, err)
	}
	if !opts.NoMigrate {
		if err := db.Migrate(ctx); err != nil {
			db.closeSQL()
			return nil, err
		}
		if err := db.backfillSearch(ctx); err != nil {
			db.closeSQL()
			return nil, err
		}
	}
	if db.engine == EnginePostgres && !opts.NoSequencer {
		db.stop = make(chan struct{})
		db.seq = newSequencer(db)
		go db.seq.run(db.stop)
	}
	if db.engine == EngineSQLite {
		if err := db.optimize(ctx); err != nil {
			db.sql.Close()
			return nil, err
		}
		db.stop = make(chan struct{})
		go db.optimizeLoop(db.stop)
	}
	return db, nil
}

func isPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqliteDSN turns a file path into a modernc DSN that sets the pragmas on every
// connection of the pool. Write transactions BEGIN IMMEDIATE, so they take the write
// lock up front instead of failing with SQLITE_BUSY when a reader upgrades; read-only
// transactions (View) begin deferred.
func sqliteDSN(path string) (string, error) {
	path = strings.TrimPrefix(path, "file:")
	if path == "" || strings.ContainsAny(path, "?#") || path == ":memory:" {
		return "", fmt.Errorf("sqlite database path %q: want a file path without '?' or '#'", path)
	}
	return "file:" + path +
		"?_pragma=busy_timeout(10000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(FULL)" +
		"&_pragma=temp_store(MEMORY)" +
		fmt.Sprintf("&_pragma=cache_size(-%d)", sqliteCacheKiB) +
		"&_txlock=immediate" +
		"&_time_format=sqlite", nil
}

// withQuery adds the query parameter key=value to the URL dsn (pgx passes an unknown
// parameter to the server as a run-time setting of every connection).
func withQuery(dsn, key, value string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + url.QueryEscape(key) + "=" + url.QueryEscape(value)
}

// redactURL hides the password of a database URL for messages.
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// provider is the goose provider of the engine's migrations; locked takes PostgreSQL's
// session lock so that two instances starting together do not both migrate.
func (db *DB) provider(locked bool) (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if db.engine == EnginePostgres {
		dialect = goose.DialectPostgres
		if locked {
			locker, err := lock.NewPostgresSessionLocker()
			if err != nil {
				return nil, err
			}
			opts = append(opts, goose.WithSessionLocker(locker))
		}
	}
	fsys, err := fs.Sub(migrations, "migrations/"+db.engine)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, db.sql, fsys, opts...)
}

// Migrate applies the pending migrations of the engine.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider(true)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	db.migrating.Store(true)
	defer db.migrating.Store(false)
	applied, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate %s database: %w", db.engine, err)
	}
	if len(applied) > 0 {
		// New tables and indexes need statistics before the planner uses them (tune.go).
		return db.analyze(ctx)
	}
	return nil
}

// Engine is "sqlite" or "postgres".
func (db *DB) Engine() string { return db.engine }

// Close closes the database.
func (db *DB) Close() error {
	if db.stop != nil {
		close(db.stop)
		db.stop = nil
	}
	if db.seq != nil {
		<-db.seq.stopped // its round ends with the stop
	}
	return db.closeSQL()
}

// closeSQL closes the connection pools.
func (db *DB) closeSQL() error {
	return db.sql.Close()
}

// maxAttempts bounds the retries of a transaction that PostgreSQL aborted for a
// serialization failure or a deadlock.
const maxAttempts = 10

// Update runs fn in a read-write transaction and commits it, or rolls it back when fn
// returns an error or panics (the panic is re-raised). On PostgreSQL the transaction is
// SERIALIZABLE, like SQLite's single writer — READ COMMITTED when ctx is marked
// zhifa.RowLocked — and fn is run again, up to a few times, when
// the server aborts it for a serialization failure or deadlock — so fn must not have
// effects outside the transaction that cannot be repeated. A transaction that appended
// to the ledger runs again holding the ledger's append lock from its start (ledger.go).
//
// On SQLite, Update calls that wait for the writer are committed together (group
// commit, groupcommit.go): each fn runs in a savepoint of one shared transaction, which
// is committed once. The contract is the same: fn's writes are durable when Update
// returns nil, and rolled back when fn fails.
func (db *DB) Update(ctx context.Context, fn func(zhifa.Tx) error) error {
	err := db.update(ctx, fn)
	if err == nil {
		db.counts.updates.Add(1)
	}
	return err
}

func (db *DB) update(ctx context.Context, fn func(zhifa.Tx) error) error {
	if db.gc != nil {
		return db.gc.update(ctx, fn)
	}
	var opts *sql.TxOptions
	if db.engine == EnginePostgres {
		opts = &sql.TxOptions{Isolation: sql.LevelSerializable}
		if zhifa.IsRowLocked(ctx) {
			// A row-locked write keeps its rules with version checks and locks of its
			// own (zhifa.RowLocked): the filing and the case steps (issue 11).
			opts.Isolation = sql.LevelReadCommitted
		}
	}
	return db.run(ctx, opts, fn)
}

// View runs fn in a read-only transaction (a consistent snapshot on both engines).
func (db *DB) View(ctx context.Context, fn func(zhifa.Tx) error) error {
	if db.engine == EnginePostgres && zhifa.IsOneStatement(ctx) {
		return db.viewOne(ctx, fn)
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if db.engine == EnginePostgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return db.run(ctx, opts, fn)
}

func (db *DB) run(ctx context.Context, opts *sql.TxOptions, fn func(zhifa.Tx) error) error {
	lock := lockNone
	for attempt := 1; ; attempt++ {
		t, err := db.runOnce(ctx, opts, lock, fn)
		if err == nil && t.queued && db.seq != nil {
			// Its entries are committed; a reader after Update sees their indexes once a
			// sequencer round has placed them (sequencer.go).
			db.seq.await(ctx)
		}
		if err == nil || attempt == maxAttempts || !isRetryable(err) || ctx.Err() != nil {
			return err
		}
		db.counts.retries.Add(1)
		if errors.Is(err, errNumberMoved) {
			// A refuted guess of a case number (casenumbers.go): the next attempt bumps
			// the counter, which nothing refutes, so neither a lock nor a pause helps it.
			continue
		}
		// A transaction that failed for a serialization failure or deadlock runs again
		// holding a lock from its start, before its snapshot: the transactions that
		// collided then wait for each other instead of failing again. One that appended
		// to the ledger takes the ledger's append lock (ledger.go), which its append
		// needs anyway; any other the retry lock (serial_writes, migration 00038), which
		// neither the sequencer nor first attempts take. Before issue 11 every appender
		// held the append lock; now writes that do not collide (queued ledger entries,
		// different agencies' case numbers, tables large enough that the predicate locks
		// of serializable snapshots rarely meet) run side by side.
		switch {
		case t != nil && t.appended:
			lock = lockAppends
		case lock == lockNone:
			lock = lockRetries
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(backoff(attempt)):
		}
	}
}

// backoff is the pause before another attempt: growing, capped, with jitter so that
// the transactions that collided do not collide again.
func backoff(attempt int) time.Duration {
	d := time.Duration(attempt*attempt) * 2 * time.Millisecond
	d = min(d, 200*time.Millisecond)
	return d/2 + rand.N(d)
}

// firstLock is the lock a PostgreSQL transaction takes before anything else, so before
// its snapshot: none on a first attempt, on a retry the append or the retry lock.
type firstLock int

const (
	lockNone firstLock = iota
	lockRetries
	lockAppends
)

// runOnce runs fn in one transaction, taking lock first (PostgreSQL only). The tx it
// returns (nil if none began) tells what fn did: appended a ledger entry, queued one.
func (db *DB) runOnce(ctx context.Context, opts *sql.TxOptions, lock firstLock, fn func(zhifa.Tx) error) (t *tx, err error) {
	writing := db.engine == EnginePostgres && (opts == nil || !opts.ReadOnly)
	var end txEnd
	if writing {
		// A write sends its last writes with its COMMIT (pgcommit.go).
		p, err := db.beginPG(ctx, opts)
		if err != nil {
			return nil, err
		}
		t, end = &tx{db: db, tx: p.conn, deferring: true, locksCases: true}, p
	} else {
		sqlTx, err := db.sql.BeginTx(ctx, opts)
		if err != nil {
			return nil, fmt.Errorf("begin transaction: %w", err)
		}
		db.counts.control.Add(1)
		t, end = &tx{db: db, tx: sqlTx}, sqlTxEnd{db: db, tx: sqlTx}
	}
	done, committed := false, false
	defer func() {
		if !done {
			end.rollback(ctx) // fn panicked; the panic continues
		}
		t.endSeq(committed) // the turn of a case number sequence (casenumbers.go)
	}()
	var ferr error
	if db.engine == EnginePostgres {
		switch lock {
		case lockAppends:
			ferr = t.lockLedgerAppends(ctx)
		case lockRetries:
			_, err := t.exec(ctx, `LOCK TABLE serial_writes IN EXCLUSIVE MODE`)
			ferr = dbErr(err, "lock retried writes", errMsgs{})
		}
	}
	if ferr == nil {
		ferr = fn(t)
	}
	if ferr != nil && t.deferErr != nil {
		ferr = t.deferErr // what aborted the transaction
	}
	done = true
	if ferr != nil {
		if rerr := end.rollback(ctx); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return t, errors.Join(ferr, fmt.Errorf("roll back: %w", rerr))
		}
		return t, ferr
	}
	err = end.commit(ctx, t)
	committed = err == nil
	return t, err
}

// txEnd ends a transaction: a database/sql one, or a PostgreSQL write's own
// (pgcommit.go).
type txEnd interface {
	rollback(ctx context.Context) error
	// commit sends t's deferred writes and commits; when it fails, the transaction
	// is rolled back.
	commit(ctx context.Context, t *tx) error
}

// sqlTxEnd ends a database/sql transaction.
type sqlTxEnd struct {
	db *DB
	tx *sql.Tx
}

func (e sqlTxEnd) rollback(context.Context) error {
	e.db.counts.control.Add(1)
	return e.tx.Rollback()
}

func (e sqlTxEnd) commit(ctx context.Context, t *tx) error {
	e.db.counts.control.Add(1)
	if err := t.flush(ctx); err != nil { // deferred.go
		e.tx.Rollback()
		return err
	}
	if err := e.tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// tx implements zhifa.Tx over one database/sql transaction.
type tx struct {
	db *DB
	tx sqlRunner
	// appended is set once the transaction tries to append a ledger entry;
	// ledgerLocked once it holds the ledger's append lock (PostgreSQL); queued once it
	// queued an entry for the sequencer (PostgreSQL, sequencer.go).
	appended, ledgerLocked, queued bool
	// deferring is set in a PostgreSQL write transaction: deferWrite keeps the writes
	// in deferred (deferredArgs arguments) until the next statement or the commit;
	// deferErr is the error of the batch that failed (deferred.go).
	deferring    bool
	deferred     []deferredWrite
	deferredArgs int
	deferErr     error
	// names are the item and officer names the transaction read (search.go).
	names readNames
	// casesRead are the versions of cases read by Case (case.go).
	casesRead map[int64]caseRead
	// caseID is the id NextCaseSeq allocated for the case CreateCase writes next
	// (PostgreSQL, case.go).
	caseID int64
	// seqHeld is the turn of a case number sequence the transaction holds, bump the
	// bump of the number it took under it, sent with its next statement or its commit
	// (PostgreSQL, casenumbers.go).
	seqHeld *heldSeq
	bump    *predictedBump
	// batched is set when tx is one fn's part of a group commit (SQLite).
	batched bool
	// locksCases is set in a PostgreSQL write transaction: Case locks the case's row
	// (case.go, issue 11).
	locksCases bool
	// memo keeps rows the transaction read for its further reads (writepath.go).
	memo txMemo
	// bulk, set in a loader's transaction (UpdateBulk), holds the rows written at its
	// end in index order (bulk_copy.go).
	bulk *bulkRows
}

var _ zhifa.Tx = (*tx)(nil)

// now is the current time as stored: UTC, microseconds.
func (t *tx) now() time.Time { return utc(t.db.now()) }

// stamp is the time to store for a timestamp field: the caller's value when set (the
// use-case layer has its own clock), else now; UTC, microseconds.
func (t *tx) stamp(ts time.Time) time.Time {
	if ts.IsZero() {
		return t.now()
	}
	return utc(ts)
}

// exec, query and queryRow run a statement of the transaction, after its deferred
// writes (deferred.go).
func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := t.flushed(ctx); err != nil {
		return nil, err
	}
	t.db.counts.statements.Add(1)
	return t.tx.ExecContext(t.stmtCtx(ctx), query, args...)
}

func (t *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := t.flushed(ctx); err != nil {
		return nil, err
	}
	t.db.counts.statements.Add(1)
	return t.tx.QueryContext(t.stmtCtx(ctx), query, args...)
}

// queryRow cannot return the error of a failed batch: the statement then fails in the
// aborted transaction, and Update reports the batch's error (runOnce).
func (t *tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	t.flushed(ctx)
	t.db.counts.statements.Add(1)
	return t.tx.QueryRowContext(t.stmtCtx(ctx), query, args...)
}

// stmtCtx is the context of one statement. In a group commit a statement is not
// interrupted once it runs — SQLite rolls back the whole shared transaction for an
// interrupted write — but a cancelled context still fails the next statement.
func (t *tx) stmtCtx(ctx context.Context) context.Context {
	if t.batched && ctx.Err() == nil {
		return context.WithoutCancel(ctx)
	}
	return ctx
}
