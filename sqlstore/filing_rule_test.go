package sqlstore

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"zhifa"
)

// testRuleFilings: REQUIREMENTS B3/B4 (migration 00014) — a benchmark or list filing has no
// case and names its subject and version; one filing per subject version; a rule kind
// without a subject, or a case kind without a case, is refused; the filters select by kind
// and subject; the review history of a rule filing is kept like a case filing's.
func testRuleFilings(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	rule := func(kind zhifa.FilingKind, subject int64, version int) *zhifa.Filing {
		return &zhifa.Filing{AgencyID: tr.market.ID, Kind: kind, ToAgencyID: tr.district.ID, SubjectID: subject, SubjectRef: "DG-1",
			SubjectVersion: version, Reasons: []string{"修订裁量基准"}, Summary: "第1行\n第2行", DecidedOn: zhifa.MustDate("2026-03-02"),
			Due: zhifa.MustDate("2026-03-17"), FiledAt: at, Status: zhifa.FilingFiled}
	}
	v1, v2, entry := rule(zhifa.FilingBenchmark, 11, 1), rule(zhifa.FilingBenchmark, 11, 2), rule(zhifa.FilingList, 11, 1)
	update(t, db, func(tx zhifa.Tx) error {
		for _, f := range []*zhifa.Filing{v1, v2, entry} {
			if err := tx.CreateFiling(ctx, f); err != nil {
				return err
			}
		}
		return tx.AddFilingEvent(ctx, &zhifa.FilingEvent{FilingID: v1.ID, At: at, ActorID: 7, Actor: "supervisor1",
			Status: zhifa.FilingReviewed, Remark: "已审查"})
	})
	for _, tc := range []struct {
		name string
		f    *zhifa.Filing
	}{
		{"same version filed twice", rule(zhifa.FilingBenchmark, 11, 2)},
		{"rule filing without subject", rule(zhifa.FilingBenchmark, 0, 1)},
		{"rule filing without version", rule(zhifa.FilingList, 12, 0)},
		{"case kind without case", rule(zhifa.FilingPenalty, 0, 0)},
	} {
		if err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.CreateFiling(ctx, tc.f) }); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Filing(ctx, v2.ID)
		if err != nil {
			return err
		}
		if got.CaseID != 0 || got.CaseNumber != "" || got.Kind != zhifa.FilingBenchmark || got.SubjectID != 11 || got.SubjectRef != "DG-1" ||
			got.SubjectVersion != 2 || got.Summary != "第1行\n第2行" || got.Version != 1 {
			t.Errorf("read back %+v", got)
		}
		events, err := tx.FilingEvents(ctx, v1.ID)
		if err != nil || len(events) != 1 || events[0].Status != zhifa.FilingReviewed {
			t.Errorf("events %+v, %v", events, err)
		}
		for _, tc := range []struct {
			name  string
			f     zhifa.FilingFilter
			want  int
			first int64
		}{
			{"government", zhifa.FilingFilter{UnderPath: tr.city.Path}, 3, entry.ID},
			{"benchmarks", zhifa.FilingFilter{UnderPath: tr.city.Path, Kind: zhifa.FilingBenchmark}, 2, v2.ID},
			{"one benchmark", zhifa.FilingFilter{Kind: zhifa.FilingBenchmark, SubjectID: 11}, 2, v2.ID},
			{"one list entry", zhifa.FilingFilter{Kind: zhifa.FilingList, SubjectID: 11}, 1, entry.ID},
			{"other subject", zhifa.FilingFilter{Kind: zhifa.FilingList, SubjectID: 12}, 0, 0},
			{"other agency", zhifa.FilingFilter{UnderPath: tr.district.Path}, 0, 0},
		} {
			list, total, err := tx.Filings(ctx, tc.f)
			if err != nil {
				return err
			}
			if total != tc.want || (total > 0 && list[0].ID != tc.first) {
				t.Errorf("%s: %d, want %d", tc.name, total, tc.want)
			}
		}
		return nil
	})
}

// TestRuleFilingsMigrationSQLite: migration 00014 rebuilds the filings tables on SQLite
// (a NOT NULL cannot be dropped there): the case filings and their review history stay,
// the history keeps referencing its filing and stays append-only, and Down restores the
// old tables without the rule filings.
func TestRuleFilingsMigrationSQLite(t *testing.T) {
	ctx := context.Background()
	dsn, err := sqliteDSN(filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	fsys, err := fs.Sub(migrations, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 13); err != nil {
		t.Fatal(err)
	}
	// Rows of the old schema and their direct parents (foreign keys off for the fixture only:
	// the case's item is left out).
	for _, q := range []string{
		`PRAGMA foreign_keys = OFF`,
		`INSERT INTO agencies (id, path, name, level, type, created_at, updated_at) VALUES (1, '/1/', '东港市市场监督管理局', 'city', 'department', '2026-01-01 00:00:00', '2026-01-01 00:00:00')`,
		`INSERT INTO cases (id, agency_id, number, year, seq, kind, procedure, item_id, officer_ids, stage, outcome, state, clocks, version, created_by, created_at, updated_at)
		 VALUES (1, 1, '东市监罚〔2026〕1号', 2026, 1, 'penalty', 'ordinary', 1, '[]', 'decided', 'penalty', '{}', '[]', 1, 0, '2026-03-01 01:00:00', '2026-03-02 01:00:00')`,
		`INSERT INTO filings (id, case_id, case_number, agency_id, kind, reasons, summary, decided_on, due, filed_at, late, status, version)
		 VALUES (5, 1, '东市监罚〔2026〕1号', 1, 'penalty', '[]', '罚款', '2026-03-02', '2026-03-17', '2026-03-02 01:00:00', 0, 'filed', 1)`,
		`INSERT INTO filing_events (filing_id, at, actor_id, actor, status, remark) VALUES (5, '2026-03-03 01:00:00', 7, 'supervisor1', 'reviewed', '')`,
		`PRAGMA foreign_keys = ON`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := p.UpTo(ctx, 14); err != nil {
		t.Fatalf("up 14: %v", err)
	}
	var n int
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM filing_events e JOIN filings f ON f.id = e.filing_id WHERE f.case_id = 1 AND f.subject_id = 0`).Scan(&n); err != nil || n != 1 {
		t.Errorf("case filing and its event after the rebuild: %d, %v", n, err)
	}
	var ref string
	if err := raw.QueryRowContext(ctx, `SELECT "table" FROM pragma_foreign_key_list('filing_events')`).Scan(&ref); err != nil || ref != "filings" {
		t.Errorf("filing_events references %q (%v), want filings", ref, err)
	}
	if _, err := raw.ExecContext(ctx, `DELETE FROM filing_events`); err == nil {
		t.Error("filing_events is not append-only after the rebuild")
	}
	if _, err := raw.ExecContext(ctx, `INSERT INTO filings (case_id, case_number, agency_id, kind, reasons, summary, decided_on, due, filed_at, late, status, version, subject_id, subject_ref, subject_version)
		VALUES (NULL, '', 1, 'benchmark', '[]', 'v1', '2026-03-02', '2026-03-17', '2026-03-02 01:00:00', 0, 'filed', 1, 3, 'DG-1', 1)`); err != nil {
		t.Errorf("rule filing: %v", err)
	}
	if _, err := p.DownTo(ctx, 13); err != nil {
		t.Fatalf("down 13: %v", err)
	}
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM filings`).Scan(&n); err != nil || n != 1 {
		t.Errorf("filings after down: %d, %v", n, err)
	}
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM filing_events`).Scan(&n); err != nil || n != 1 {
		t.Errorf("filing events after down: %d, %v", n, err)
	}
}
