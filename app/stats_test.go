package app_test

import (
	"context"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
)

// TestStats checks who may see the statistics and that each sees only their scope:
// the head their agency, the supervisor the city, another county's admin nothing of it
// (issue #12).
func TestStats(t *testing.T) {
	w := newCaseWorld(t)
	w.file(t, w.input(zhifa.CasePenalty))
	w.file(t, w.input(zhifa.CaseInspection))
	march := func(s *app.Stats) string { return s.Table("month").Rows[2][1] }
	for _, tc := range []struct {
		login, code, march string
	}{
		{"head1", "", "2"},
		{"supervisor1", "", "2"},
		{"outsider", "", "0"},
		{"officer1", zhifa.EFORBIDDEN, ""},
		{"reviewer1", zhifa.EFORBIDDEN, ""},
	} {
		s, err := w.app.Stats(w.as(t, tc.login), 0)
		if tc.code != "" {
			wantCode(t, err, tc.code)
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.login, err)
		}
		if s.Year != 2026 || len(s.Tables) != 7 || march(s) != tc.march {
			t.Errorf("%s: year %d, %d tables, March %s; want 2026, 7, %s", tc.login, s.Year, len(s.Tables), march(s), tc.march)
		}
		for _, tb := range s.Tables {
			if len(tb.Labels) != len(tb.Values) || tb.Title == "" || len(tb.Columns) == 0 {
				t.Errorf("%s: table %s is malformed: %+v", tc.login, tb.ID, tb)
			}
		}
	}
	kinds := mustStats(t, w, "head1").Table("kind")
	if len(kinds.Rows) != 2 {
		t.Errorf("kinds %v", kinds.Rows)
	}
	_, err := w.app.Stats(app.WithActor(context.Background(), &app.Actor{}), 0)
	wantCode(t, err, zhifa.EUNAUTHORIZED)
	for _, year := range []int{2019, 2027} {
		_, err := w.app.Stats(w.as(t, "head1"), year)
		wantCode(t, err, zhifa.EINVALID)
	}
}

func mustStats(t *testing.T, w *caseWorld, login string) *app.Stats {
	t.Helper()
	s, err := w.app.Stats(w.as(t, login), 0)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStartExport checks the cap of an export and its audit line (issue #12).
func TestStartExport(t *testing.T) {
	w := newWorld(t)
	ctx := w.as(t, "head1")
	err := w.app.StartExport(ctx, "案件列表", "", app.ExportCap+1)
	wantCode(t, err, zhifa.EINVALID)
	if err := w.app.StartExport(ctx, "案件列表", "", app.ExportCap); err != nil {
		t.Fatal(err)
	}
	lines, _, err := w.app.Audit(w.as(t, "admin"), zhifa.AuditFilter{Action: "list.export"})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || !lines[0].Success || !strings.Contains(lines[0].Detail, "案件列表，1000条") {
		t.Errorf("audit lines %+v", lines)
	}
}
