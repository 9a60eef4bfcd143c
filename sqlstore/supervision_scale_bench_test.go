package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
// the store's own write paths produce for closed cases (cases, their officers, their search text without
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

// openSupProvince opens the cached province of the engine and size, filling it first.
func openSupProvince(b *testing.B, engine string, n int) (*DB, *BenchProvince) {
	b.Helper()
	ctx := context.Background()
	root := testenv.BenchCache()
	dir := filepath.Join(root, fmt.Sprintf("supervision-%s-%d-v%d", engine, n, BenchProvinceVersion))
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
			prefix = "zhifa_"
		}
		name := fmt.Sprintf("%ssupervision_%d_v%d", prefix, n, BenchProvinceVersion)
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
		var p BenchProvince
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
	p, err := FillBenchProvince(ctx, db, n, nil)
	if err != nil {
		db.Close()
		b.Fatalf("fill %d cases on %s: %v", n, engine, err)
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

// benchSupervision runs the sub-benchmarks against the baseline.
func benchSupervision(b *testing.B, db *DB, p *BenchProvince) {
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
