package sqlstore

import (
	"context"
	"fmt"
	"time"
)

// Planner statistics (issue #11). SQLite plans without statistics until ANALYZE has run,
// and then prefers a scan of the whole table to the index of a filter it cannot
// estimate; PostgreSQL's autovacuum analyzes on its own, but only after enough rows
// changed. So the store analyzes both after a migration changed the schema, and on
// SQLite runs PRAGMA optimize when it opens and periodically, which re-analyzes the
// tables whose statistics drifted (cheaply, with analysis_limit).

// optimizeEvery is the period of PRAGMA optimize on SQLite.
const optimizeEvery = 6 * time.Hour

// sqliteCacheKiB is the page cache of each SQLite connection, in KiB: large enough for
// the upper levels of the case indexes at a million cases (the operating system's page
// cache holds the rest of the file), small enough that eight connections stay well under
// the server's memory budget (issue 11: 300 MB of RSS). A cached page costs about twice
// its size in resident memory (the 4 KiB page and its header take an 8 KiB block of the
// driver's allocator), so eight full caches hold about 128 MiB: measured with
// BenchmarkServerMemory at 100,000 generated cases, 16 MiB caches peaked at 386 MiB of
// RSS, 8 MiB at 264 MiB and 2 MiB at 172 MiB.
const sqliteCacheKiB = 8 << 10

// analyze refreshes the planner's statistics of every table.
func (db *DB) analyze(ctx context.Context) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	defer conn.Close()
	if db.engine == EngineSQLite {
		// A bounded sample per index keeps ANALYZE fast on large tables; the pragma is
		// per connection, hence one connection for both statements.
		if _, err := conn.ExecContext(ctx, "PRAGMA analysis_limit = 1000"); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
	}
	if _, err := conn.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// optimize runs SQLite's PRAGMA optimize (0x10002: also on tables not yet queried by
// this connection, as recommended on open).
func (db *DB) optimize(ctx context.Context) error {
	if db.engine != EngineSQLite {
		return nil
	}
	if _, err := db.sql.ExecContext(ctx, "PRAGMA optimize = 0x10002"); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}

// optimizeLoop runs optimize every optimizeEvery until stop is closed.
func (db *DB) optimizeLoop(stop <-chan struct{}) {
	tick := time.NewTicker(optimizeEvery)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			db.optimize(ctx) // best effort: stale statistics only cost plan quality
			cancel()
		}
	}
}

// sqliteNoStat4 is the placeholder p of a statement compared with an indexed column,
// written so that SQLite's planner does not read its value: +p on SQLite, p unchanged
// on PostgreSQL (where + of an untyped parameter is ambiguous). SQLite (built with
// STAT4) re-prepares a statement whose plan used a bound value from the samples of
// sqlite_stat4 each time the value changes (sqlite3_prepare_v2), so the cached
// statements of the write path keyed by an agency were parsed and planned again each
// time another agency wrote on the connection: 32 µs a call against 19, same plan (issue
// 11: 5 % of a case write's CPU on SQLite). Use it only where the plan does not depend
// on the value (an equality on a small reference table's leading index column).
func sqliteNoStat4(p, engine string) string {
	if engine == EngineSQLite {
		return "+" + p
	}
	return p
}
