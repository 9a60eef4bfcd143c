package demo_test

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/demo"
)

// TestSeedAuditReadsAsSentences reads the demo city's whole audit log as the audit page
// shows it (issue 12, H4): every line names its action in Chinese, never as "其他操作", and
// every object by its kind. The city is seeded with evidence storage, as zhifa demo does,
// so that its cases — steps, records, documents, execution, publication — are in the log
// too (the shared seed has none).
func TestSeedAuditReadsAsSentences(t *testing.T) {
	a := seedSmallCity(t, 40, zhifa.MustDate("2026-11-20").Time().Add(10*time.Hour))
	ctx := sys()
	unknown := app.AuditVerb("")
	actions := map[string]bool{}
	const limit = 500
	for offset := 0; ; offset += limit {
		lines, total, err := a.AuditLines(ctx, zhifa.AuditFilter{Page: zhifa.Page{Limit: limit, Offset: offset}})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if actions[l.Action] {
				continue // one report per action is enough
			}
			actions[l.Action] = true
			if l.Verb == unknown || l.Verb == "" {
				t.Errorf("%s %s %s: the action %q reads as %q", l.When, l.Who, l.What, l.Action, l.Verb)
			}
			if l.Object != "" && app.AuditObjectName(l.Object) == app.AuditObjectName("") {
				t.Errorf("%s %s: the object %q of %q has no name", l.When, l.Verb, l.Object, l.Action)
			}
		}
		if offset+limit >= total {
			break
		}
	}
	t.Logf("%d kinds of action: %v", len(actions), slices.Sorted(maps.Keys(actions)))
	// The demo seeds the acts of every context; a log of a few kinds would prove little.
	if len(actions) < 90 {
		t.Errorf("the demo's audit log holds %d kinds of action, want the acts of every context: %v", len(actions), slices.Sorted(maps.Keys(actions)))
	}
}

// TestReadmeListsDemoAccounts compares README's table of demo accounts with demo.Accounts:
// every login is listed once, with its role and agency.
func TestReadmeListsDemoAccounts(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "### 演示账号")
	if !ok {
		t.Fatal("README has no section 演示账号")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	rows := map[string]string{} // login → its row
	login := regexp.MustCompile("`([^`]+)`")
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(line), "|") {
			continue
		}
		for _, m := range login.FindAllStringSubmatch(cells[1], -1) {
			if _, dup := rows[m[1]]; dup {
				t.Errorf("README lists %s twice", m[1])
			}
			rows[m[1]] = line
		}
	}
	for _, acc := range demo.Accounts {
		row, ok := rows[acc.Login]
		if !ok {
			t.Errorf("README's demo accounts miss %s (%s, %s)", acc.Login, acc.Role.Label(), acc.Agency)
			continue
		}
		if !strings.Contains(row, acc.Role.Label()) || !strings.Contains(row, acc.Agency) {
			t.Errorf("README lists %s as %q, want %s of %s", acc.Login, row, acc.Role.Label(), acc.Agency)
		}
		delete(rows, acc.Login)
	}
	for l := range rows {
		if l != "login" { // the header's column name
			t.Errorf("README lists %s, which is not a demo account", l)
		}
	}
}
