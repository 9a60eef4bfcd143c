package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zhifa"
)

func TestWorkdayImport(t *testing.T) {
	clearEnv(t)
	data := t.TempDir()
	notice := filepath.Join(t.TempDir(), "2027.txt")
	if err := os.WriteFile(notice, []byte("2027-01-01 holiday 元旦\n2027-02-06..2027-02-12 holiday 春节\n2027-02-20 workday 春节调休\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.txt")
	if err := os.WriteFile(bad, []byte("2027-02-22 workday 周一不能调休\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		out   string
	}{
		{"file", "", []string{"--file", notice}, 0, "imported the holiday notice for [2027]"},
		{"stdin", "2028-01-01 holiday 元旦\n", []string{"--file", "-"}, 0, "[2028]"},
		{"bad notice", "", []string{"--file", bad}, exitError, "不是周末"},
		{"missing file", "", []string{"--file", filepath.Join(data, "nope.txt")}, exitError, "no such file"},
		{"no file flag", "", nil, exitUsage, "missing --file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runZhifa(t, c.stdin, append([]string{"workday", "import", "--data", data}, c.args...)...)
			if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.out) {
				t.Fatalf("exit %d (want %d); stdout %q stderr %q; want %q", r.code, c.code, r.stdout, r.stderr, c.out)
			}
		})
	}
	db, a := openTestStore(t, data)
	defer db.Close()
	day, err := a.Workday(context.Background(), zhifa.MustDate("2027-02-20"))
	if err != nil || !day.Workday || day.Provisional {
		t.Fatalf("2027-02-20 after import: %+v, %v", day, err)
	}
}
