package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"zhifa/internal/testenv"
)

// TestBulkOption checks what Options.Bulk changes: SQLite commits with synchronous=NORMAL
// instead of FULL, PostgreSQL with synchronous_commit off, on every connection.
func TestBulkOption(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "zhifa.db")
		key := testKey()
		for _, tc := range []struct {
			bulk bool
			want int // PRAGMA synchronous: 1 NORMAL, 2 FULL
		}{{false, 2}, {true, 1}} {
			db, err := Open(ctx, path, Options{PIIKey: key, Bulk: tc.bulk})
			if err != nil {
				t.Fatal(err)
			}
			var got int
			if err := db.sql.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&got); err != nil {
				t.Fatal(err)
			}
			db.Close()
			if got != tc.want {
				t.Errorf("bulk %v: synchronous = %d, want %d", tc.bulk, got, tc.want)
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		admin := testenv.PostgresURL(t)
		name := testenv.DatabaseName(t)
		adb, err := sql.Open("pgx", admin)
		if err != nil {
			t.Fatal(err)
		}
		defer adb.Close()
		if _, err := adb.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			t.Fatal(err)
		}
		defer adb.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		// The throwaway test server may run with synchronous_commit off already, so only
		// the bulk setting is asserted.
		db, err := Open(ctx, testenv.PostgresDatabaseURL(t, name), Options{PIIKey: testKey(), Bulk: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var got string
		if err := db.sql.QueryRowContext(ctx, `SHOW synchronous_commit`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != "off" {
			t.Errorf("bulk: synchronous_commit = %s, want off", got)
		}
	})
}
