package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/internal/testenv"
)

// BenchmarkSupervisionScale measures every list, analytic and dashboard figure of the
// supervision features (issue 14) at the store, on a province of ZHIFA_BENCH_SUPERVISION
// cases (default 20,000; 5,000 with -short; 1,000,000 for README's figures), against the
// target of issue 11: p99 < 100 ms at 1,000,000 cases. Each sub-benchmark reports its
// p50 and p99 in ms and ratio = p99 ÷ the p99 of the baseline of the same run on the
// same database (a primary-key SELECT of one case, without the store). PostgreSQL runs
// too when ZHIFA_TEST_PG is set.
//
// The pages and API calls of issue 14 and the store reads behind each (the use cases
// add their scope check and at most a key lookup per page, never a read per row):
//
//   - complaints: /staff/complaints, GET /api/v1/complaints (Complaints: the province,
//     one bureau, each filter — state, overdue —, a deep page); the public tracking page
//     and GET /api/v1/public/complaints/{number} (ComplaintByNumber);
//   - 社会监督员: /staff/social-supervisors, GET /api/v1/social-supervisors and the
//     portal roster (SocialSupervisors); their remarks, /staff/remarks, /staff/my-remarks,
//     GET /api/v1/remarks (SocialRemarks by path, by agency, unanswered, by supervisor);
//   - 案卷评查: /staff/evaluations, GET /api/v1/evaluations (FileEvaluations), an
//     evaluation's page with its sample and scores (EvalCases), /staff/evaluation-files
//     (EvalCaseList), and drawing the sample over a year of the province's closed cases
//     (ClosedCases);
//   - reconsideration and litigation of a case, /staff/cases/{id}/reviews
//     (CaseReconsiderations); 纠错率 per agency and year, /staff/supervision/corrections
//     and the supervisor's dashboard tile (CorrectionStats);
//   - fault reviews of a case, /staff/cases/{id}/faults (CaseFaultReviews);
//   - 突出问题清单, /staff/problems, GET /api/v1/problems (Problems: the province, one
//     bureau, open, overdue);
//   - analytic warnings, /staff/analysis, GET /api/v1/analysis/warnings (AnalysisWarnings:
//     the province, one bureau, each kind, open, escalated as 督办) and the dashboard's
//     count (CountAnalysisWarnings); the facts read when a step is written (FinePeers for
//     同案不同罚, OfficerEndings for repeated 不予处罚/撤案) and one page of each query of
//     the periodic run (IdleItems, ComplaintClusters, UnreviewedDecisions,
//     UnrecordedSteps);
//   - assessment: the indicators of a year for the province (AssessmentCounts, computed
//     when a run is made; the run's page, ranking and its XLSX/PDF read the stored run,
//     AssessmentRun), each drill-down (AssessmentRecords), the list of runs
//     (AssessmentRuns);
//   - the supervisor's and head's dashboards and the statistics charts (CaseStats over
//     the year, the tiles above);
//   - licences, /staff/licences and the API (Licences: the province, one bureau, a
//     decision kind, a date range, a deep page).
//
// The province is written by set-based INSERT … SELECT over a generated series, the rows
// the store's own write paths produce for closed cases (cases, their search text without
// its postings, case_events, case_stats,
// case_fines, case_endings, av_steps and A/V records, filings with their review rounds,
// publications, complaints, social supervisors and remarks, problems, evaluations and
// their samples, reconsiderations, fault reviews, licences, analytic warnings); it is
// kept in a cache directory (ZHIFA_BENCH_CACHE, default the user cache directory) and, on
// PostgreSQL, a database named after its size and version, and reused by later runs.
func BenchmarkSupervisionScale(b *testing.B) {
	n := benchSize(b, "ZHIFA_BENCH_SUPERVISION", 20000, 5000)
	for _, e := range []string{EngineSQLite, EnginePostgres} {
		if e == EnginePostgres && os.Getenv("ZHIFA_TEST_PG") == "" {
			continue
		}
		b.Run(e, func(b *testing.B) {
			db, p := openSupProvince(b, e, n)
			benchSupervision(b, db, p)
		})
	}
}

// supProvinceVersion names the cached provinces: raise it when the fill or the schema
// of the tables it writes changes.
const supProvinceVersion = 1

// supProvince is what fillSupProvince wrote and the benchmark reads.
type supProvince struct {
	N          int
	Today      zhifa.Date
	Root       string // the province's path
	City       string // a city's path
	Bureau     int64  // a bureau of that city
	BureauPath string
	Justice    int64 // the province's justice department
	Bureaus    []int64
	Officer    int64
	Item       int64
	Supervisor int64 // a social supervisor
	Evaluator  int64 // an evaluator (user)
	Evaluation int64 // the newest evaluation
	Complaint  string
	MidCase    int64
	Case       int64 // a case with a reconsideration and a fault review
	Run        int64 // an assessment run
}

// openSupProvince opens the cached province of the engine and size, filling it first.
func openSupProvince(b *testing.B, engine string, n int) (*DB, *supProvince) {
	b.Helper()
	ctx := context.Background()
	root := os.Getenv("ZHIFA_BENCH_CACHE")
	if root == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		root = filepath.Join(dir, "zhifa-bench")
	}
	dir := filepath.Join(root, fmt.Sprintf("supervision-%s-%d-v%d", engine, n, supProvinceVersion))
	dsn := filepath.Join(dir, "zhifa.db")
	done := filepath.Join(dir, "province.json")
	_, err := os.Stat(done)
	fresh := err != nil
	if fresh {
		if err := os.RemoveAll(dir); err != nil {
			b.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			b.Fatal(err)
		}
	}
	if engine == EnginePostgres {
		// ZHIFA_BENCH_PG_PREFIX keeps the databases of parallel branches apart.
		prefix := os.Getenv("ZHIFA_BENCH_PG_PREFIX")
		if prefix == "" {
			prefix = "sup1m_"
		}
		name := fmt.Sprintf("%ssupervision_%d_v%d", prefix, n, supProvinceVersion)
		dsn = testenv.PostgresDatabaseURL(b, name)
		if fresh {
			recreateBenchDatabase(b, name)
		}
	}
	// The personal data of the province is sealed under its own key, kept with it.
	keyFile := filepath.Join(dir, "pii.key")
	if fresh {
		if err := os.WriteFile(keyFile, testKey(), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	key, err := os.ReadFile(keyFile)
	if err != nil {
		b.Fatal(err)
	}
	db, err := Open(ctx, dsn, Options{PIIKey: key, Bulk: fresh})
	if err != nil {
		b.Fatal(err)
	}
	if !fresh {
		b.Cleanup(func() { db.Close() })
		var p supProvince
		data, err := os.ReadFile(done)
		if err == nil {
			err = json.Unmarshal(data, &p)
		}
		if err != nil {
			b.Fatal(err)
		}
		return db, &p
	}
	start := time.Now()
	p, err := fillSupProvince(ctx, db, n)
	if err != nil {
		db.Close()
		b.Fatalf("fill %d cases on %s: %v", n, engine, err)
	}
	if err := db.analyze(ctx); err != nil {
		b.Fatal(err)
	}
	if err := db.optimize(ctx); err != nil {
		b.Fatal(err)
	}
	data, err := json.Marshal(p)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(done, data, 0o600); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: filled a province of %d cases in %v, cached in %s", engine, n, time.Since(start).Round(time.Second), dir)
	// The fill ran with Bulk's relaxed durability; reopen as served.
	db.Close()
	if db, err = Open(ctx, dsn, Options{PIIKey: key}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, p
}

// supSQL writes the engine's spelling of the few expressions the fill needs.
type supSQL struct{ engine string }

// supBase is day 0 of the province: its cases are filed over the five years after it.
const supBase = "2021-06-01"

// day is the date supBase + off days (off a non-negative integer expression).
func (s supSQL) day(off string) string {
	if s.engine == EnginePostgres {
		return "(DATE '" + supBase + "' + (" + off + "))"
	}
	return "date('" + supBase + "', '+' || (" + off + ") || ' days')"
}

// month is the "YYYY-MM" of supBase + off days.
func (s supSQL) month(off string) string {
	if s.engine == EnginePostgres {
		return "to_char(" + s.day(off) + ", 'YYYY-MM')"
	}
	return "substr(" + s.day(off) + ", 1, 7)"
}

// stamp is the timestamp of 09:00 UTC on supBase + off days.
func (s supSQL) stamp(off string) string {
	if s.engine == EnginePostgres {
		return "(CAST(" + s.day(off) + " AS TIMESTAMP) + INTERVAL '9 hours')"
	}
	return "(" + s.day(off) + " || ' 09:00:00+00:00')"
}

// year is the calendar year of supBase + off days.
func (s supSQL) year(off string) string {
	return "CAST(substr(CAST(" + s.day(off) + " AS TEXT), 1, 4) AS INTEGER)"
}

// ids is the INSERT's clause that lets it set identity columns.
func (s supSQL) ids() string {
	if s.engine == EnginePostgres {
		return " OVERRIDING SYSTEM VALUE"
	}
	return ""
}

// series is the CTE of the integers lo..hi named s(i).
func series(lo, hi int) string {
	return fmt.Sprintf("WITH RECURSIVE s(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM s WHERE i < %d) ", lo, hi)
}

// supBatch is the number of cases written per statement.
const supBatch = 50000

// fillSupProvince writes a province: 12 cities of a government, a justice bureau and six
// bureaus (97 agencies with the province's government and justice department), 100
// items, 300 officers, n cases filed evenly over five years up to today (the newest 2%
// still open, the rest closed: 85% penalty cases, mostly decided with a fine, some
// 不予处罚 or withdrawn; inspections; compulsory measures with their A/V records), and
// the supervision rows of the province in the proportions of a real one.
func fillSupProvince(ctx context.Context, db *DB, n int) (*supProvince, error) {
	p := &supProvince{N: n, Today: zhifa.MustDate("2026-06-01")}
	type bureau struct {
		id, justice int64
		path        string
	}
	var bureaus []bureau
	var items []*zhifa.Item
	var officers, users []int64
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		mk := func(parent int64, name string, typ zhifa.AgencyType, level zhifa.AgencyLevel) (*zhifa.Agency, error) {
			a := &zhifa.Agency{ParentID: parent, Name: name, Level: level, Type: typ, RegionCode: "370000"}
			return a, tx.CreateAgency(ctx, a)
		}
		gov, err := mk(0, "山东省人民政府", zhifa.AgencyGovernment, zhifa.LevelProvince)
		if err != nil {
			return err
		}
		justice, err := mk(gov.ID, "山东省司法厅", zhifa.AgencyAdministrative, zhifa.LevelProvince)
		if err != nil {
			return err
		}
		p.Root, p.Justice = gov.Path, justice.ID
		for c := range 12 {
			city, err := mk(gov.ID, fmt.Sprintf("第%d市人民政府", c+1), zhifa.AgencyGovernment, zhifa.LevelCity)
			if err != nil {
				return err
			}
			cj, err := mk(city.ID, fmt.Sprintf("第%d市司法局", c+1), zhifa.AgencyAdministrative, zhifa.LevelCity)
			if err != nil {
				return err
			}
			if c == 0 {
				p.City = city.Path
			}
			for k := range 6 {
				bu, err := mk(city.ID, fmt.Sprintf("第%d市第%d局", c+1, k+1), zhifa.AgencyAdministrative, zhifa.LevelCity)
				if err != nil {
					return err
				}
				bureaus = append(bureaus, bureau{bu.ID, cj.ID, bu.Path})
			}
		}
		for i := range 100 {
			it := &zhifa.Item{Code: fmt.Sprintf("SUP-%03d", i), Name: "销售不符合安全标准的" + trades[i%len(trades)],
				Category: zhifa.CatPenalty, AgencyID: bureaus[i%len(bureaus)].id}
			if err := tx.CreateItem(ctx, it, ""); err != nil {
				return err
			}
			items = append(items, it)
		}
		for i := range 300 {
			off := &zhifa.Officer{AgencyID: bureaus[i%len(bureaus)].id, Name: fmt.Sprintf("执法员%03d", i), Active: true}
			if err := tx.CreateOfficer(ctx, off); err != nil {
				return err
			}
			officers = append(officers, off.ID)
		}
		for i := range 80 {
			role := zhifa.RoleSupervisor
			if i < 60 {
				role = zhifa.RoleSocialSupervisor
			}
			u := &zhifa.User{Login: fmt.Sprintf("sup%03d", i), Name: fmt.Sprintf("监督%03d", i), Role: role, AgencyID: justice.ID}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			users = append(users, u.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, bu := range bureaus {
		p.Bureaus = append(p.Bureaus, bu.id)
	}
	p.Bureau, p.BureauPath, p.Officer, p.Item, p.Evaluator = bureaus[0].id, bureaus[0].path, officers[0], items[0].ID, users[60]
	p.MidCase = int64(n / 2)
	// The maps from a case's number to its bureau, item and officers, joined by the fill.
	s := supSQL{db.engine}
	var maps []string
	maps = append(maps, `CREATE TABLE bench_bureau (k INTEGER PRIMARY KEY, agency_id BIGINT NOT NULL, justice_id BIGINT NOT NULL, path TEXT NOT NULL)`,
		`CREATE TABLE bench_item (k INTEGER PRIMARY KEY, item_id BIGINT NOT NULL, name TEXT NOT NULL)`,
		`CREATE TABLE bench_officer (k INTEGER PRIMARY KEY, officer_id BIGINT NOT NULL)`,
		`CREATE TABLE bench_user (k INTEGER PRIMARY KEY, user_id BIGINT NOT NULL)`)
	for k, bu := range bureaus {
		maps = append(maps, fmt.Sprintf(`INSERT INTO bench_bureau VALUES (%d, %d, %d, '%s')`, k, bu.id, bu.justice, bu.path))
	}
	for k, it := range items {
		maps = append(maps, fmt.Sprintf(`INSERT INTO bench_item VALUES (%d, %d, '%s')`, k, it.ID, it.Name))
	}
	for k, id := range officers {
		maps = append(maps, fmt.Sprintf(`INSERT INTO bench_officer VALUES (%d, %d)`, k, id))
	}
	for k, id := range users {
		maps = append(maps, fmt.Sprintf(`INSERT INTO bench_user VALUES (%d, %d)`, k, id))
	}
	if err := supExec(ctx, db, maps); err != nil {
		return nil, err
	}
	nb, ni, no := len(bureaus), len(items), len(officers)
	open := n - n/50 // cases above this number are still open
	// A case i: its bureau, item, officers, filing day d and decision day dd.
	d := fmt.Sprintf("((i - 1) * 1800 / %d)", n)
	dd := "(" + d + " + 20 + i % 40)"
	join := fmt.Sprintf(` JOIN bench_bureau b ON b.k = i %% %d JOIN bench_item it ON it.k = (i * 7) %% %d
		JOIN bench_officer o ON o.k = i %% %d`, nb, ni, no)
	kind := `CASE WHEN i % 20 < 17 THEN 'penalty' WHEN i % 20 < 19 THEN 'inspection' ELSE 'compulsory' END`
	outcome := fmt.Sprintf(`CASE WHEN i > %d THEN 'none' WHEN i %% 20 >= 17 THEN 'none' WHEN i %% 20 = 3 THEN 'no_penalty'
		WHEN i %% 50 = 7 THEN 'withdrawn' ELSE 'penalty' END`, open)
	decided := fmt.Sprintf(`i <= %d AND i %% 20 < 17 AND i %% 20 <> 3 AND i %% 50 <> 7`, open) // penalty decisions
	for lo := 1; lo <= n; lo += supBatch {
		hi := min(lo+supBatch-1, n)
		w := series(lo, hi)
		stmts := []string{
			`INSERT INTO cases (id, agency_id, number, year, seq, kind, procedure, item_id, officer_ids, stage, outcome, state,
				clocks, next_due, version, created_by, created_at, updated_at)` + s.ids() + ` ` + w + `
			SELECT i, b.agency_id, '鲁罚〔' || CAST(` + s.year(d) + ` AS TEXT) || '〕' || CAST(i AS TEXT) || '号', ` + s.year(d) + `, i,
				` + kind + `, 'ordinary', it.item_id, '[' || CAST(o.officer_id AS TEXT) || ']',
				CASE WHEN i > ` + fmt.Sprint(open) + ` THEN 'investigate' ELSE 'archive' END, ` + outcome + `, '{}', '[]',
				CASE WHEN i > ` + fmt.Sprint(open) + ` THEN ` + s.day(d+" + 60") + ` END, 1, 1, ` + s.stamp(d) + `, ` + s.stamp(d) + `
			FROM s` + join,
			// The search text of every case (its postings are BenchmarkSearch's concern:
			// none are written here).
			`INSERT INTO case_search (case_id, doc) ` + w + `
			SELECT i, '鲁罚' || CAST(i AS TEXT) || ' ' || it.name FROM s` + join,
			// The decision and the closing of every closed case, as Act writes them.
			`INSERT INTO case_events (case_id, at, from_stage, to_stage, action, actor_id, actor, acted_on) ` + w + `
			SELECT i, ` + s.stamp(dd) + `, 'decide', 'execute', 'decide', 1, '负责人', ` + s.day(dd) + ` FROM s WHERE ` + decided,
			`INSERT INTO case_events (case_id, at, from_stage, to_stage, action, actor_id, actor, acted_on) ` + w + `
			SELECT i, ` + s.stamp(d+" + 1") + `, 'investigate', 'investigate', 'seize', 1, '执法员', ` + s.day(d+" + 1") + `
			FROM s WHERE i % 20 = 19 AND i <= ` + fmt.Sprint(open),
			`INSERT INTO case_events (case_id, at, from_stage, to_stage, action, actor_id, actor, acted_on) ` + w + `
			SELECT i, ` + s.stamp(dd+" + 30") + `, 'execute', 'close',
				CASE WHEN i % 20 = 3 AND i % 20 < 17 THEN 'no_penalty' WHEN i % 50 = 7 AND i % 20 < 17 THEN 'withdraw' ELSE 'close' END,
				1, '负责人', ` + s.day(dd+" + 30") + ` FROM s WHERE i <= ` + fmt.Sprint(open),
			`INSERT INTO case_stats (case_id, agency_id, filed_month, kind, stage, item_id, fine_fen, on_time, acted_on,
				penalty_mask, confiscate_fen, hearing_on, initiation, service_due, served_on) ` + w + `
			SELECT i, b.agency_id, ` + s.month(d) + `, ` + kind + `,
				CASE WHEN i > ` + fmt.Sprint(open) + ` THEN 'investigate' ELSE 'archive' END, it.item_id,
				CASE WHEN ` + decided + ` THEN (1 + i % 50) * 100000 ELSE 0 END,
				CASE WHEN ` + decided + ` THEN CASE WHEN i % 25 = 0 THEN 0 ELSE 1 END END,
				CASE WHEN ` + decided + ` THEN ` + s.day(dd) + ` WHEN i % 20 = 19 THEN ` + s.day(d+" + 1") + ` ELSE ` + s.day(d) + ` END,
				CASE WHEN ` + decided + ` THEN 2 ELSE 0 END, 0, NULL, '',
				CASE WHEN ` + decided + ` THEN ` + s.day(dd+" + 7") + ` END,
				CASE WHEN ` + decided + ` THEN ` + s.day(dd+" + 3 + (i % 30) / 29 * 10") + ` END
			FROM s` + join,
			`INSERT INTO case_fines (case_id, item_id, level, fine_fen, decided_on, scope_id) ` + w + `
			SELECT i, it.item_id, CASE WHEN i % 3 = 0 THEN 'heavier' ELSE 'general' END, (1 + i % 50) * 100000, ` + s.day(dd) + `, b.agency_id
			FROM s` + join + ` WHERE ` + decided,
			`INSERT INTO case_endings (case_id, officer_id, outcome, ended_on) ` + w + `
			SELECT i, o.officer_id, CASE WHEN i % 20 = 3 THEN 'no_penalty' ELSE 'withdrawn' END, ` + s.day(dd+" + 30") + `
			FROM s` + join + ` WHERE i <= ` + fmt.Sprint(open) + ` AND i % 20 < 17 AND (i % 20 = 3 OR i % 50 = 7)`,
			`INSERT INTO av_steps (case_id, agency_id, action, act, acted_on, recorded) ` + w + `
			SELECT i, b.agency_id, 'seize', 'seize', ` + s.day(d+" + 1") + `, i % 200 <> 19
			FROM s` + join + ` WHERE i % 20 = 19 AND i <= ` + fmt.Sprint(open),
			`INSERT INTO case_records (case_id, kind, title, act, created_at, created_by) ` + w + `
			SELECT i, 'av', '查封现场执法记录', 'seize', ` + s.stamp(d+" + 1") + `, 1
			FROM s WHERE i % 20 = 19 AND i % 200 <> 19 AND i <= ` + fmt.Sprint(open),
			// Major decisions: filed with the justice bureau, reviewed before.
			`INSERT INTO filings (case_id, case_number, agency_id, kind, to_agency_id, reasons, summary, decided_on, due, filed_at,
				late, status, version, reviewed) ` + w + `
			SELECT i, '鲁罚' || CAST(i AS TEXT), b.agency_id, 'penalty', b.justice_id, '[]', '重大执法决定', ` + s.day(dd) + `,
				` + s.day(dd+" + 15") + `, ` + s.stamp(dd+" + 5") + `, i % 330 = 0, CASE WHEN i % 3 = 0 THEN 'reviewed' ELSE 'filed' END, 1,
				i % 660 <> 33
			FROM s` + join + ` WHERE ` + decided + ` AND i % 33 = 0`,
			`INSERT INTO review_rounds (case_id, agency_id, round, status, reviewer_id, due_on, data, created_at, updated_at, opinion_on) ` + w + `
			SELECT i, b.agency_id, 1, CASE WHEN i % 660 = 33 THEN 'returned' ELSE 'passed' END, 1, ` + s.day(dd+" - 2") + `, '{}',
				` + s.stamp(dd+" - 10") + `, ` + s.stamp(dd+" - 3") + `, ` + s.day(dd+" - 3") + `
			FROM s` + join + ` WHERE ` + decided + ` AND i % 33 = 0`,
			`INSERT INTO publications (agency_id, agency_path, case_id, case_number, item_id, item_name, category, status, decided_on,
				due, public_party, conclusion, published_on, display_until, created_at, updated_at) ` + w + `
			SELECT b.agency_id, b.path, i, '鲁罚' || CAST(i AS TEXT), it.item_id, it.name, 'penalty', 'published', ` + s.day(dd) + `,
				` + s.day(dd+" + 7") + `, '某某公司', '罚款', ` + s.day(dd+" + 5 + (i % 40) / 39 * 5") + `, ` + s.day(dd+" + 1095") + `,
				` + s.stamp(dd) + `, ` + s.stamp(dd) + `
			FROM s` + join + ` WHERE ` + decided,
		}
		if err := supExec(ctx, db, stmts); err != nil {
			return nil, err
		}
	}
	if err := fillSupMatters(ctx, db, s, p, n, nb); err != nil {
		return nil, err
	}
	drop := []string{`DROP TABLE bench_bureau`, `DROP TABLE bench_item`, `DROP TABLE bench_officer`, `DROP TABLE bench_user`}
	if db.engine == EnginePostgres {
		for _, t := range []string{"cases", "complaints", "social_supervisors", "file_evaluations", "reconsiderations"} {
			drop = append(drop, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`)
		}
	}
	if err := supExec(ctx, db, drop); err != nil {
		return nil, err
	}
	err = db.View(ctx, func(ztx zhifa.Tx) error {
		return ztx.(*tx).queryRow(ctx, `SELECT number FROM complaints WHERE id = $1`, n/40).Scan(&p.Complaint)
	})
	return p, err
}

// fillSupMatters writes the supervision rows of a province of n cases: complaints (5%
// of the cases), 60 social supervisors with remarks (1%), problems (0.5%), an evaluation
// a year of 200 files, reconsiderations and lawsuits (1%) with a fault review for each
// correcting outcome, licences (20%), analytic warnings (2%) and an assessment run.
func fillSupMatters(ctx context.Context, db *DB, s supSQL, p *supProvince, n, nb int) error {
	open := n - n/50
	nc := n / 20
	applicant, err := db.pii.seal(adReconApplicant, "某某公司")
	if err != nil {
		return err
	}
	cd := fmt.Sprintf("((i - 1) * 1800 / %d)", nc)
	bj := fmt.Sprintf(` JOIN bench_bureau b ON b.k = i %% %d`, nb)
	stmts := []string{
		// Complaints: the newest 5% still being handled (a tenth of them overdue), the rest
		// replied or refused; a tenth about an officer's conduct; targets repeat.
		`INSERT INTO complaints (id, number, code_hash, kind, subject, channel, agency_id, target, content, named, state,
			received_on, decided_on, replied_on, case_id, clocks, next_due, version, created_at, updated_at, about_agency_id, finding)` + s.ids() + ` ` +
			series(1, nc) + `
		SELECT i, 'TS' || CAST(100000000 + i AS TEXT), '', CASE WHEN i % 2 = 0 THEN 'complaint' ELSE 'report' END,
			CASE WHEN i % 10 = 0 THEN 'conduct' ELSE 'enterprise' END, CASE WHEN i % 3 = 0 THEN '12345' ELSE 'portal' END,
			b.agency_id, '某某商店' || CAST(i % ` + fmt.Sprint(max(1, nc/10)) + ` AS TEXT), '投诉内容', i % 2 = 0,
			CASE WHEN i > ` + fmt.Sprint(nc-nc/20) + ` THEN CASE WHEN i % 2 = 0 THEN 'received' ELSE 'accepted' END
				WHEN i % 7 = 0 THEN 'refused' ELSE 'replied' END,
			` + s.day(cd) + `, ` + s.day(cd+" + 5") + `,
			CASE WHEN i <= ` + fmt.Sprint(nc-nc/20) + ` AND i % 7 <> 0 THEN ` + s.day(cd+" + 30") + ` END,
			CASE WHEN i % 50 = 0 THEN i * 20 END, '[]',
			CASE WHEN i > ` + fmt.Sprint(nc-nc/20) + ` THEN ` + s.day(cd+" + 7 - (i % 10) / 9 * 40") + ` END, 1,
			` + s.stamp(cd) + `, ` + s.stamp(cd) + `, CASE WHEN i % 10 = 0 THEN b.agency_id ELSE 0 END,
			CASE WHEN i % 10 = 0 AND i <= ` + fmt.Sprint(nc-nc/20) + ` THEN CASE WHEN i % 30 = 0 THEN 'upheld' ELSE 'unfounded' END ELSE '' END
		FROM s` + bj,
		`INSERT INTO social_supervisors (id, agency_id, user_id, name, work_unit, term_from, term_to, on_roster, created_by, version,
			created_at)` + s.ids() + ` ` + series(0, 59) + `
		SELECT i + 1, b.justice_id, u.user_id, '监督员' || CAST(i AS TEXT), '某单位', '2024-01-01', '2026-12-31', TRUE, 1, 1, ` + s.stamp("0") + `
		FROM s JOIN bench_user u ON u.k = i` + bj,
		`INSERT INTO social_remarks (supervisor_id, agency_id, agency_path, case_id, accompanied_on, text, reply, replied_by,
			replied_on, version, created_at) ` + series(1, n/100) + `
		SELECT 1 + i % 60, b.agency_id, b.path, i * 100 - 1, ` + s.day(fmt.Sprintf("(i - 1) * 1800 / %d", n/100)) + `, '执法过程规范',
			CASE WHEN i % 5 = 0 THEN '' ELSE '已整改' END, CASE WHEN i % 5 = 0 THEN 0 ELSE 1 END,
			CASE WHEN i % 5 <> 0 THEN ` + s.day(fmt.Sprintf("(i - 1) * 1800 / %d + 10", n/100)) + ` END, 1,
			` + s.stamp(fmt.Sprintf("(i - 1) * 1800 / %d", n/100)) + `
		FROM s JOIN bench_bureau b ON b.k = (i * 100 - 1) % ` + fmt.Sprint(nb),
		`INSERT INTO problems (agency_id, bureau_id, source, source_id, title, detail, state, opened_on, due_on, version, created_at,
			updated_at) ` + series(1, n/200) + `
		SELECT b.agency_id, b.justice_id, 'evaluation', i, '案卷不规范', '整改', CASE WHEN i > ` + fmt.Sprint(n/200-n/2000) + `
			THEN CASE WHEN i % 2 = 0 THEN 'open' ELSE 'reported' END ELSE 'accepted' END,
			` + s.day(fmt.Sprintf("(i - 1) * 1800 / %d", n/200)) + `, ` + s.day(fmt.Sprintf("(i - 1) * 1800 / %d + 60", n/200)) + `, 1,
			` + s.stamp("0") + `, ` + s.stamp("0") + `
		FROM s` + bj,
		`INSERT INTO file_evaluations (id, agency_id, title, agency_ids, kinds, period_from, period_to, standard_version, items, seed,
			population, sample_size, rectify_days, published_on, created_by, version, created_at, updated_at)` + s.ids() + ` ` + series(1, 5) + `
		SELECT i, ` + fmt.Sprint(p.Justice) + `, '年度案卷评查', '[]', '["penalty"]', ` + s.day("(i - 1) * 365") + `,
			` + s.day("i * 365 - 1") + `, 1, '[]', 'seed', ` + fmt.Sprint(n/5) + `, 200, 30, ` + s.day("i * 365 + 60") + `, 1, 1,
			` + s.stamp("i * 365") + `, ` + s.stamp("i * 365") + `
		FROM s`,
		`INSERT INTO eval_cases (evaluation_id, case_id, agency_id, draw_rank, evaluator_id, scores, score, grade, scored_on, version) ` +
			series(0, 999) + `
		SELECT 1 + i / 200, c.id, c.agency_id, i % 200, u.user_id, '[]', 60 + i % 40,
			CASE WHEN i % 40 < 5 THEN 'fail' WHEN i % 40 > 30 THEN 'excellent' ELSE 'pass' END, ` + s.day("(1 + i / 200) * 365 + 30") + `, 1
		FROM s JOIN cases c ON c.id = ` + fmt.Sprintf("1 + (i / 200) * %d + (i %% 200) * %d", n/5, max(1, n/5/200)) + `
			JOIN bench_user u ON u.k = 60 + i % 20`,
		`INSERT INTO reconsiderations (id, case_id, agency_id, kind, applicant_enc, body, received_on, instance, outcome, outcome_on,
			clocks, version, created_at, updated_at)` + s.ids() + ` ` + series(1, n/100) + `
		SELECT i, i * 100, c.agency_id, CASE WHEN i % 3 = 0 THEN 'litigation' ELSE 'reconsideration' END, '` + applicant + `', '某市人民政府',
			` + s.day(fmt.Sprintf("(i * 100 - 1) * 1800 / %d + 60", n)) + `, CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END,
			CASE WHEN i * 100 > ` + fmt.Sprint(open) + ` THEN '' WHEN i % 5 = 0 THEN 'revoke' WHEN i % 5 = 1 THEN 'change' ELSE 'uphold' END,
			CASE WHEN i * 100 <= ` + fmt.Sprint(open) + ` THEN ` + s.day(fmt.Sprintf("(i * 100 - 1) * 1800 / %d + 120", n)) + ` END,
			'[]', 1, ` + s.stamp("0") + `, ` + s.stamp("0") + `
		FROM s JOIN cases c ON c.id = i * 100`,
		`INSERT INTO fault_reviews (case_id, agency_id, state, reason, responsible, grounds, opened_by, opened_on, version,
			created_at, updated_at)
		SELECT r.case_id, r.agency_id, 'decided', '行政复议决定撤销', '[]', '[]', 1, r.outcome_on, 1, r.created_at, r.updated_at
		FROM reconsiderations r WHERE r.outcome IN ('revoke', 'change')`,
		`INSERT INTO licences (agency_id, agency_path, item_id, item_name, number, decision, applicant_kind, applicant_name,
			content, decided_on, office, source, source_id, digest, created_at, updated_at) ` + series(1, n/5) + `
		SELECT b.agency_id, b.path, it.item_id, it.name, 'XK' || CAST(i AS TEXT),
			CASE WHEN i % 20 = 0 THEN 'refuse' WHEN i % 20 = 1 THEN 'change' ELSE 'grant' END, 'org', '某某公司', '准予许可',
			` + s.day(fmt.Sprintf("(i - 1) * 1800 / %d", n/5)) + `, '', 'bench', CAST(i AS TEXT), '',
			` + s.stamp(fmt.Sprintf("(i - 1) * 1800 / %d", n/5)) + `, ` + s.stamp(fmt.Sprintf("(i - 1) * 1800 / %d", n/5)) + `
		FROM s` + bj + fmt.Sprintf(` JOIN bench_item it ON it.k = i %% 100`),
		`INSERT INTO analysis_warnings (kind, subject, agency_id, rule, finding, evidence, state, reason, deadline, version,
			created_at, updated_at) ` + series(1, n/50) + `
		SELECT CASE i % 8 WHEN 0 THEN 'fine_outlier' WHEN 1 THEN 'repeated_endings' WHEN 2 THEN 'long_no_penalty'
				WHEN 3 THEN 'outside_certificate' WHEN 4 THEN 'idle_item' WHEN 5 THEN 'complaint_cluster' WHEN 6 THEN 'missing_review'
				ELSE 'missing_av' END, 'case:' || CAST(i AS TEXT), b.agency_id, '规则', '发现', '[]',
			CASE WHEN i > ` + fmt.Sprint(n/50-n/500) + ` THEN CASE i % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'explained' ELSE 'escalated' END
				ELSE 'closed' END, '', CASE WHEN i % 3 = 2 THEN ` + s.day("1800") + ` END, 1,
			` + s.stamp(fmt.Sprintf("(i - 1) * 1800 / %d", n/50)) + `, ` + s.stamp(fmt.Sprintf("(i - 1) * 1800 / %d", n/50)) + `
		FROM s` + bj,
	}
	if err := supExec(ctx, db, stmts); err != nil {
		return err
	}
	p.Supervisor, p.Evaluation, p.Case = 1, 5, 500
	return db.Update(ctx, func(tx zhifa.Tx) error {
		scheme := &zhifa.AssessmentScheme{AgencyID: p.Justice, Year: 2025, Name: "评议考核方案", Excellent: 90, Good: 80, Pass: 60,
			Indicators: []zhifa.AssessmentIndicator{{Key: zhifa.IndDecisionOnTime, Name: "按期作出决定", Points: 100, Full: 1}}, CreatedBy: 1}
		if err := tx.AddAssessmentScheme(ctx, scheme); err != nil {
			return err
		}
		run := &zhifa.AssessmentRun{AgencyID: p.Justice, ScopePath: p.Root, Year: 2025, SchemeID: scheme.ID,
			SchemeVersion: scheme.Version, Status: zhifa.AssessmentDraft, AsOf: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), CreatedBy: 1}
		if err := tx.AddAssessmentRun(ctx, run); err != nil {
			return err
		}
		p.Run = run.ID
		return nil
	})
}

// supExec runs the statements in order, each in its own transaction.
func supExec(ctx context.Context, db *DB, stmts []string) error {
	for _, q := range stmts {
		if err := db.Update(ctx, func(ztx zhifa.Tx) error {
			_, err := ztx.(*tx).exec(ctx, q)
			return err
		}); err != nil {
			return fmt.Errorf("%.120s…: %w", strings.Join(strings.Fields(q), " "), err)
		}
	}
	return nil
}

// benchSupervision runs the sub-benchmarks against the baseline.
func benchSupervision(b *testing.B, db *DB, p *supProvince) {
	ctx := context.Background()
	var baseline time.Duration
	b.Run("baseline=pk-select", func(b *testing.B) {
		baseline = measure(b, func() error {
			var number string
			return db.sql.QueryRowContext(ctx, `SELECT number FROM cases WHERE id = $1`, p.MidCase).Scan(&number)
		}, 0)
	})
	read := func(f func(tx zhifa.Tx) error) func() error {
		return func() error { return db.View(ctx, f) }
	}
	today := p.Today
	year := today.Year - 1
	corrects := []zhifa.ReviewOutcome{zhifa.OutcomeRevoke, zhifa.OutcomeChange, zhifa.OutcomeIllegal, zhifa.OutcomeVoid}
	complaints := func(f zhifa.ComplaintFilter) func() error {
		f.Limit = 51
		return read(func(tx zhifa.Tx) error { _, err := tx.Complaints(ctx, f); return err })
	}
	problems := func(f zhifa.ProblemFilter) func() error {
		f.Limit = 51
		return read(func(tx zhifa.Tx) error { _, err := tx.Problems(ctx, f); return err })
	}
	warnings := func(f zhifa.AnalysisFilter) func() error {
		f.Limit = 51
		return read(func(tx zhifa.Tx) error { _, err := tx.AnalysisWarnings(ctx, f); return err })
	}
	remarks := func(f zhifa.SocialRemarkFilter) func() error {
		f.Limit = 51
		return read(func(tx zhifa.Tx) error { _, err := tx.SocialRemarks(ctx, f); return err })
	}
	licences := func(f zhifa.LicenceFilter) func() error {
		f.Limit = 51
		return read(func(tx zhifa.Tx) error { _, err := tx.Licences(ctx, f); return err })
	}
	countFilter := zhifa.AssessmentCountFilter{UnderPath: p.Root, Year: year, Corrects: corrects, MinTrainingHours: 60,
		ReportDue: zhifa.Date{Year: year + 1, Month: 1, Day: 31}, AsOf: zhifa.Date{Year: year + 1, Month: 1, Day: 31},
		Upheld: []zhifa.ComplaintFinding{zhifa.FindingUpheld, zhifa.FindingPartly}}
	records := func(key string) func() error {
		return read(func(tx zhifa.Tx) error {
			_, err := tx.AssessmentRecords(ctx, countFilter, zhifa.AssessmentRecordFilter{AgencyID: p.Bureau, Year: year, Key: key, Limit: 51})
			return err
		})
	}
	ops := []readOp{
		{"complaints/province", complaints(zhifa.ComplaintFilter{UnderPath: p.Root})},
		{"complaints/province-state", complaints(zhifa.ComplaintFilter{UnderPath: p.Root, State: zhifa.ComplaintReceived})},
		{"complaints/province-overdue", complaints(zhifa.ComplaintFilter{UnderPath: p.Root, OverdueOn: today})},
		{"complaints/province-deep", complaints(zhifa.ComplaintFilter{UnderPath: p.Root, Before: int64(p.N / 200)})},
		{"complaints/bureau", complaints(zhifa.ComplaintFilter{AgencyID: p.Bureau})},
		{"complaints/bureau-state", complaints(zhifa.ComplaintFilter{AgencyID: p.Bureau, State: zhifa.ComplaintReceived})},
		{"complaints/bureau-overdue", complaints(zhifa.ComplaintFilter{AgencyID: p.Bureau, OverdueOn: today})},
		{"complaints/bureau-deep", complaints(zhifa.ComplaintFilter{AgencyID: p.Bureau, Before: int64(p.N / 200)})},
		{"complaints/track", read(func(tx zhifa.Tx) error { _, err := tx.ComplaintByNumber(ctx, p.Complaint); return err })},
		{"social/supervisors", read(func(tx zhifa.Tx) error {
			_, err := tx.SocialSupervisors(ctx, zhifa.SocialSupervisorFilter{AgencyID: p.Justice, Limit: 51})
			return err
		})},
		{"social/roster", read(func(tx zhifa.Tx) error {
			_, err := tx.SocialSupervisors(ctx, zhifa.SocialSupervisorFilter{RosterOn: today, Limit: 51})
			return err
		})},
		{"remarks/province", remarks(zhifa.SocialRemarkFilter{UnderPath: p.Root})},
		{"remarks/province-unanswered", remarks(zhifa.SocialRemarkFilter{UnderPath: p.Root, Unanswered: true})},
		{"remarks/bureau", remarks(zhifa.SocialRemarkFilter{AgencyID: p.Bureau})},
		{"remarks/supervisor", remarks(zhifa.SocialRemarkFilter{SupervisorID: p.Supervisor})},
		{"evaluations/list", read(func(tx zhifa.Tx) error {
			_, err := tx.FileEvaluations(ctx, zhifa.FileEvaluationFilter{UnderPath: p.Root, Limit: 51})
			return err
		})},
		{"evaluations/evaluator", read(func(tx zhifa.Tx) error {
			_, err := tx.FileEvaluations(ctx, zhifa.FileEvaluationFilter{EvaluatorID: p.Evaluator, Limit: 51})
			return err
		})},
		{"evaluations/sample", read(func(tx zhifa.Tx) error { _, err := tx.EvalCases(ctx, p.Evaluation); return err })},
		{"evaluations/files-agency", read(func(tx zhifa.Tx) error {
			_, err := tx.EvalCaseList(ctx, zhifa.EvalCaseFilter{AgencyID: p.Bureau, Limit: 51})
			return err
		})},
		{"evaluations/draw-year", read(func(tx zhifa.Tx) error {
			_, err := tx.ClosedCases(ctx, p.Bureaus, []zhifa.CaseKind{zhifa.CasePenalty},
				zhifa.Date{Year: year, Month: 1, Day: 1}, zhifa.Date{Year: year, Month: 12, Day: 31})
			return err
		})},
		{"reviews/case", read(func(tx zhifa.Tx) error { _, err := tx.CaseReconsiderations(ctx, p.Case); return err })},
		{"corrections/province-year", read(func(tx zhifa.Tx) error {
			_, err := tx.CorrectionStats(ctx, p.Root, year, corrects)
			return err
		})},
		{"corrections/city-year", read(func(tx zhifa.Tx) error {
			_, err := tx.CorrectionStats(ctx, p.City, year, corrects)
			return err
		})},
		{"faults/case", read(func(tx zhifa.Tx) error { _, err := tx.CaseFaultReviews(ctx, p.Case); return err })},
		{"problems/province", problems(zhifa.ProblemFilter{UnderPath: p.Root})},
		{"problems/province-open", problems(zhifa.ProblemFilter{UnderPath: p.Root, State: zhifa.ProblemOpen})},
		{"problems/province-overdue", problems(zhifa.ProblemFilter{UnderPath: p.Root, OverdueOn: today})},
		{"problems/bureau", problems(zhifa.ProblemFilter{AgencyID: p.Bureau})},
		{"problems/bureau-overdue", problems(zhifa.ProblemFilter{AgencyID: p.Bureau, OverdueOn: today})},
		{"warnings/province", warnings(zhifa.AnalysisFilter{UnderPath: p.Root})},
		{"warnings/province-open", warnings(zhifa.AnalysisFilter{UnderPath: p.Root, State: zhifa.AnalysisOpen})},
		{"warnings/province-escalated", warnings(zhifa.AnalysisFilter{UnderPath: p.Root, State: zhifa.AnalysisEscalated})},
		{"warnings/bureau", warnings(zhifa.AnalysisFilter{AgencyID: p.Bureau})},
		{"warnings/count-province", read(func(tx zhifa.Tx) error { _, err := tx.CountAnalysisWarnings(ctx, p.Root); return err })},
		{"warnings/count-bureau", read(func(tx zhifa.Tx) error { _, err := tx.CountAnalysisWarnings(ctx, p.BureauPath); return err })},
		{"warnings/fine-peers", read(func(tx zhifa.Tx) error {
			_, err := tx.FinePeers(ctx, zhifa.FinePeerQuery{ScopeID: p.Bureau, ItemID: p.Item, Level: "general",
				Since: today.AddDays(-3 * 365), Limit: 200})
			return err
		})},
		{"warnings/officer-endings", read(func(tx zhifa.Tx) error {
			_, err := tx.OfficerEndings(ctx, p.Officer, today.AddDays(-365))
			return err
		})},
		{"warnings/run-idle-items", read(func(tx zhifa.Tx) error {
			_, err := tx.IdleItems(ctx, p.Root, fmt.Sprintf("%04d-%02d", today.Year-5, today.Month), time.Date(today.Year-5, 1, 1, 0, 0, 0, 0, time.UTC), 0, 200)
			return err
		})},
		{"warnings/run-complaint-clusters", read(func(tx zhifa.Tx) error {
			_, err := tx.ComplaintClusters(ctx, p.Root, today.AddDays(-90), 3)
			return err
		})},
		{"warnings/run-unreviewed-page", read(func(tx zhifa.Tx) error {
			_, err := tx.UnreviewedDecisions(ctx, p.Root, 0, 200)
			return err
		})},
		{"warnings/run-unrecorded-page", read(func(tx zhifa.Tx) error {
			_, err := tx.UnrecordedSteps(ctx, p.Root, "seize", "seize", 0, 200)
			return err
		})},
		{"assessment/counts-province-year", read(func(tx zhifa.Tx) error { _, err := tx.AssessmentCounts(ctx, countFilter); return err })},
		{"assessment/run", read(func(tx zhifa.Tx) error { _, err := tx.AssessmentRun(ctx, p.Run); return err })},
		{"assessment/runs", read(func(tx zhifa.Tx) error {
			_, err := tx.AssessmentRuns(ctx, zhifa.AssessmentRunFilter{UnderPath: p.Root, Limit: 51})
			return err
		})},
		{"assessment/records-decision", records(zhifa.IndDecisionOnTime)},
		{"assessment/records-publication", records(zhifa.IndPublicationOnTime)},
		{"assessment/records-filing", records(zhifa.IndFilingOnTime)},
		{"assessment/records-review", records(zhifa.IndReviewOnTime)},
		{"assessment/records-service", records(zhifa.IndServiceOnTime)},
		{"assessment/records-av", records(zhifa.IndAVCompliance)},
		{"assessment/records-major-review", records(zhifa.IndMajorReview)},
		{"assessment/records-complaints", records(zhifa.IndComplaintsUpheld)},
		{"assessment/records-correction", records(zhifa.IndCorrection)},
		{"assessment/records-evaluation", records(zhifa.IndEvaluation)},
		{"dashboard/stats-province-year", read(func(tx zhifa.Tx) error {
			_, err := tx.CaseStats(ctx, zhifa.StatsFilter{UnderPath: p.Root, FromMonth: fmt.Sprintf("%04d-01", year),
				ToMonth: fmt.Sprintf("%04d-12", year), Today: today, Top: 10})
			return err
		})},
		{"dashboard/stats-bureau-year", read(func(tx zhifa.Tx) error {
			_, err := tx.CaseStats(ctx, zhifa.StatsFilter{UnderPath: p.BureauPath, FromMonth: fmt.Sprintf("%04d-01", year),
				ToMonth: fmt.Sprintf("%04d-12", year), Today: today, Top: 10})
			return err
		})},
		{"licences/province", licences(zhifa.LicenceFilter{AgencyPath: p.Root})},
		{"licences/bureau", licences(zhifa.LicenceFilter{AgencyID: p.Bureau})},
		{"licences/province-decision", licences(zhifa.LicenceFilter{AgencyPath: p.Root, Decision: zhifa.LicenceRefuse})},
		{"licences/province-range", licences(zhifa.LicenceFilter{AgencyPath: p.Root, From: today.AddDays(-400), To: today.AddDays(-390)})},
		{"licences/province-deep", licences(zhifa.LicenceFilter{AgencyPath: p.Root, After: int64(p.N / 50)})},
	}
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) { measure(b, op.fn, baseline) })
	}
}
