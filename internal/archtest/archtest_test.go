package archtest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"zhifa/internal/archtest"
)

// TestImportDirection lists every package of the module with `go list` and
// fails on each import that runs upward, naming it.
func TestImportDirection(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool not found: %v", err)
	}
	modInfo, err := exec.Command(goTool, "list", "-m", "-f", "{{.Path}} {{.Dir}}").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	mod, root, _ := strings.Cut(strings.TrimSpace(string(modInfo)), " ")
	list := exec.Command(goTool, "list", "-json=ImportPath,Imports,Deps", "./...")
	list.Dir = root
	out, err := list.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var pkgs []archtest.Package
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p archtest.Package
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	for _, msg := range archtest.Check(mod, pkgs) {
		t.Error(msg)
	}
}

// TestCheck: the rules catch each kind of upward import.
func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		pkg  archtest.Package
		want string // substring of the one message; "" for none
	}{
		{"library uses domain", archtest.Package{ImportPath: "m/law", Imports: []string{"m", "m/workday"}}, ""},
		{"context uses libraries and kernel", archtest.Package{ImportPath: "m/app/cases", Imports: []string{"m", "m/law", "m/ledger", "m/app/kernel"}}, ""},
		{"app wires contexts", archtest.Package{ImportPath: "m/app", Imports: []string{"m/app/publicity", "m/app/kernel"}}, ""},
		{"context imports context", archtest.Package{ImportPath: "m/app/publicity", Imports: []string{"m/app/execution"}}, "m/app/publicity (bounded context) imports m/app/execution (bounded context)"},
		{"context imports app", archtest.Package{ImportPath: "m/app/publicity", Imports: []string{"m/app"}}, "imports m/app (app)"},
		{"kernel imports context", archtest.Package{ImportPath: "m/app/kernel", Imports: []string{"m/app/execution"}}, "m/app/kernel (kernel) imports"},
		{"cmd uses web", archtest.Package{ImportPath: "m/cmd/zhifa", Imports: []string{"m/web", "m/sqlstore"}}, ""},
		{"domain imports law", archtest.Package{ImportPath: "m", Imports: []string{"m/law"}}, "m (domain) imports m/law"},
		{"law imports app", archtest.Package{ImportPath: "m/law", Imports: []string{"m/app"}}, "m/law (library) imports m/app"},
		{"app imports sqlstore", archtest.Package{ImportPath: "m/app", Imports: []string{"m/sqlstore"}}, "m/app (app) imports m/sqlstore"},
		{"sqlstore imports web", archtest.Package{ImportPath: "m/sqlstore", Imports: []string{"m/web"}}, "m/sqlstore (adapter"},
		{"web context uses kit and app", archtest.Package{ImportPath: "m/web/cases", Imports: []string{"m/web/kit", "m/app", "m/app/execution", "m"}}, ""},
		{"web serves contexts", archtest.Package{ImportPath: "m/web", Imports: []string{"m/web/kit", "m/web/cases", "m/web/review"}}, ""},
		{"web context imports web context", archtest.Package{ImportPath: "m/web/cases", Imports: []string{"m/web/review"}}, "m/web/cases (web context) imports m/web/review (web context)"},
		{"web kit imports web context", archtest.Package{ImportPath: "m/web/kit", Imports: []string{"m/web/cases"}}, "m/web/kit (web kit) imports m/web/cases (web context)"},
		{"web context imports web", archtest.Package{ImportPath: "m/web/cases", Imports: []string{"m/web"}}, "m/web/cases (web context) imports m/web (adapter"},
		{"sqlstore imports web kit", archtest.Package{ImportPath: "m/sqlstore", Imports: []string{"m/web/kit"}}, "only the web server imports the web packages"},
		{"web imports cmd", archtest.Package{ImportPath: "m/web/cases", Imports: []string{"m/cmd/zhifa"}}, "imports m/cmd/zhifa"},
		{"production imports tooling", archtest.Package{ImportPath: "m/app", Imports: []string{"m/internal/testenv"}}, "test tooling"},
		{"tooling imports anything", archtest.Package{ImportPath: "m/internal/x", Imports: []string{"m/web"}}, ""},
		{"ledger reaches HTTP", archtest.Package{ImportPath: "m/ledger", Deps: []string{"net/http"}}, "m/ledger depends on net/http"},
		{"law reaches SQL", archtest.Package{ImportPath: "m/law", Deps: []string{"database/sql"}}, "depends on database/sql"},
		{"law reaches a driver", archtest.Package{ImportPath: "m/law", Deps: []string{"github.com/jackc/pgx/v5"}}, "github.com/jackc/pgx/v5"},
		{"driver interfaces allowed", archtest.Package{ImportPath: "m/workday", Deps: []string{"database/sql/driver", "net/url"}}, ""},
		{"blob may use HTTP", archtest.Package{ImportPath: "m/blob", Deps: []string{"net/http"}}, ""},
	}
	for _, tc := range tests {
		got := archtest.Check("m", []archtest.Package{tc.pkg})
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s: unexpected %q", tc.name, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%s: got %q, want one message with %q", tc.name, got, tc.want)
		}
	}
}
