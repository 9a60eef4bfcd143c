package main

import (
	"strings"
	"testing"
)

// TestAgencyAdd bootstraps a new installation from the command line alone: the first
// agency, one below it, and the first administrator.
func TestAgencyAdd(t *testing.T) {
	clearEnv(t)
	data := t.TempDir()
	if r := runZhifa(t, "", "migrate", "--data", data); r.code != 0 {
		t.Fatalf("migrate: %q", r.stderr)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		out  string // in stdout when it succeeds, in the one line of stderr when it fails
	}{
		{"root government", []string{"--name", "西山市人民政府", "--level", "city", "--type", "government", "--region", "371900"}, 0, "created agency 西山市人民政府 (id 1)"},
		{"bureau below by parent name", []string{"--name", "西山市市场监督管理局", "--short", "西市监", "--level", "city", "--type", "administrative", "--parent", "西山市人民政府", "--basis", "《中华人民共和国食品安全法》第六条"}, 0, "(id 2)"},
		{"missing flags", []string{"--name", "X"}, exitUsage, "missing --level, --type"},
		{"bad level", []string{"--name", "X", "--level", "galaxy", "--type", "government"}, exitUsage, `--level "galaxy"`},
		{"bad type", []string{"--name", "X", "--level", "city", "--type", "club"}, exitUsage, `--type "club"`},
		{"unknown parent", []string{"--name", "X局", "--level", "county", "--type", "administrative", "--parent", "东山县", "--basis", "b"}, exitError, `no agency named "东山县"`},
		{"above its parent", []string{"--name", "西山省某厅", "--level", "province", "--type", "administrative", "--parent", "1", "--basis", "b"}, exitError, "EINVALID"},
		{"bureau without basis", []string{"--name", "西山市应急管理局", "--level", "city", "--type", "administrative", "--parent", "1"}, exitError, "EINVALID"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runZhifa(t, "", append([]string{"agency", "add", "--data", data}, c.args...)...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", r.code, c.code, r.stdout, r.stderr)
			}
			if c.code == 0 {
				if !strings.Contains(r.stdout, c.out) {
					t.Errorf("stdout %q, want %q", r.stdout, c.out)
				}
				return
			}
			oneLine(t, r, c.out)
		})
	}
	if r := runZhifa(t, "Adm1n-Pass2026\n", "user", "add", "--data", data, "--login", "admin", "--name", "管理员", "--role", "admin", "--agency", "西山市人民政府"); r.code != 0 {
		t.Fatalf("user add: exit %d stderr %q", r.code, r.stderr)
	}
	r := runZhifa(t, "", "user", "list", "--data", data)
	if r.code != 0 || !strings.Contains(r.stdout, "西山市市场监督管理局") || !strings.Contains(r.stdout, "admin") {
		t.Errorf("user list: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
}
