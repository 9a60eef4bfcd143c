package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"zhifa/internal/testenv"
)

// TestGenUsage checks the command line of zhifa gen: a bad or missing option is one line
// and exit status 2, before anything is opened.
func TestGenUsage(t *testing.T) {
	clearEnv(t)
	data := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"gen", "--data", data}, "--cases 0"},
		{[]string{"gen", "--data", data, "--cases", "5"}, "案件数应在"},
		{[]string{"gen", "--data", data, "--cases", "100", "--years", "9"}, "年数应在"},
		{[]string{"gen", "--data", data, "--cases", "100", "--agencies", "0"}, "执法机关数应在"},
		{[]string{"gen", "--data", data, "--cases", "1000", "--agencies", "50", "--models", "100"}, "样本案件数应不少于"},
		{[]string{"gen", "--data", data, "--cases", "x"}, "invalid value"},
		{[]string{"gen", "--data", data, "--cases", "100", "extra"}, "unexpected argument"},
		{[]string{"gen", "--data", data, "--cases", "100", "--db", "mysql://x"}, "postgres://"},
	} {
		r := runZhifa(t, "", tc.args...)
		if r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%q)", tc.args, r.code, exitUsage, r.stderr)
		}
		oneLine(t, r, tc.want)
	}
	if r := runZhifa(t, "", "gen", "-h"); r.code != exitOK || !strings.Contains(r.stdout, "--cases") || !strings.Contains(r.stdout, "--agencies") {
		t.Errorf("gen -h: exit %d %q", r.code, r.stdout)
	}
}

// TestGen generates a small store on each engine with the command, most of it by the
// bulk path, verifies its ledger
// with zhifa verify, and refuses to generate into it again.
func TestGen(t *testing.T) {
	clearEnv(t)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			data := t.TempDir()
			args := []string{"--data", data}
			if engine == "postgres" {
				args = append(args, "--db", genDatabase(t))
			}
			// 140 of the 200 cases are written by the bulk path, as copies of the 60
			// others, closed inspections with their documents among them, spread over a
			// province of four enforcement agencies with officers of their own: zhifa
			// verify rehashes every copied document's content against its entry.
			r := runZhifa(t, "", append([]string{"gen", "--cases", "200", "--models", "60", "--agencies", "4", "--years", "1", "--seed", "3"}, args...)...)
			if r.code != exitOK || !strings.Contains(r.stdout, "generated 200 cases") {
				t.Fatalf("gen: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			t.Log(strings.TrimSpace(r.stdout))
			r = runZhifa(t, "", append([]string{"verify"}, args...)...)
			if r.code != exitOK || !strings.Contains(r.stdout, "OK") {
				t.Fatalf("verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			r = runZhifa(t, "", append([]string{"gen", "--cases", "16"}, args...)...)
			if r.code != exitError {
				t.Errorf("second gen: exit %d, want %d", r.code, exitError)
			}
			oneLine(t, r, "already holds")
		})
	}
}

// genDatabase creates a fresh PostgreSQL database for the test (skipped without
// ZHIFA_TEST_PG) and returns its URL.
func genDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	admin := testenv.PostgresURL(t)
	name := testenv.DatabaseName(t)
	adb, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { adb.Close() })
	if _, err := adb.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { adb.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return testenv.PostgresDatabaseURL(t, name)
}
