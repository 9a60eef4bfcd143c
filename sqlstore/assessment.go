package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"zhifa"
)

// The assessment of agencies (migration 00041, issue 14, F2): the bureau's scheme
// versions, its runs with their frozen results, the scored inputs, and the year's figures
// of the agencies in a scope — each indicator one grouped query over an index range of
// the agencies under the path, never case by case.

var assessMsgs = errMsgs{missing: "机关不存在", conflict: "该项考核记录已存在"}

// ---- schemes ----

const schemeCols = `id, agency_id, year, version, name, indicators, excellent, good, pass, created_by, created_at`

// AddAssessmentScheme saves s as the next version of the bureau's scheme of its year.
func (t *tx) AddAssessmentScheme(ctx context.Context, s *zhifa.AssessmentScheme) error {
	const op = "add assessment scheme"
	inds, err := json.Marshal(s.Indicators)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM assessment_schemes WHERE agency_id = $1 AND year = $2`,
		s.AgencyID, s.Year).Scan(&s.Version); err != nil {
		return dbErr(err, op, assessMsgs)
	}
	s.CreatedAt = t.stamp(s.CreatedAt)
	err = t.queryRow(ctx, `INSERT INTO assessment_schemes (agency_id, year, version, name, indicators, excellent, good, pass, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		s.AgencyID, s.Year, s.Version, s.Name, string(inds), s.Excellent, s.Good, s.Pass, s.CreatedBy, s.CreatedAt).Scan(&s.ID)
	return dbErr(err, op, errMsgs{missing: "机关不存在", conflict: "考核方案已被他人修改，请刷新后重试"})
}

func scanScheme(s scanner) (*zhifa.AssessmentScheme, error) {
	var sc zhifa.AssessmentScheme
	var inds string
	if err := s.Scan(&sc.ID, &sc.AgencyID, &sc.Year, &sc.Version, &sc.Name, &inds, &sc.Excellent, &sc.Good, &sc.Pass,
		&sc.CreatedBy, &sc.CreatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(inds), &sc.Indicators); err != nil {
		return nil, fmt.Errorf("decode scheme indicators: %w", err)
	}
	sc.CreatedAt = sc.CreatedAt.UTC()
	return &sc, nil
}

// AssessmentScheme returns the scheme version with the id.
func (t *tx) AssessmentScheme(ctx context.Context, id int64) (*zhifa.AssessmentScheme, error) {
	s, err := scanScheme(t.queryRow(ctx, `SELECT `+schemeCols+` FROM assessment_schemes WHERE id = $1`, id))
	return s, rowErr(err, "get assessment scheme", "考核方案")
}

// LatestAssessmentScheme returns the bureau's newest scheme of the year.
func (t *tx) LatestAssessmentScheme(ctx context.Context, agencyID int64, year int) (*zhifa.AssessmentScheme, error) {
	s, err := scanScheme(t.queryRow(ctx, `SELECT `+schemeCols+` FROM assessment_schemes
		WHERE agency_id = $1 AND year = $2 ORDER BY version DESC LIMIT 1`, agencyID, year))
	return s, rowErr(err, "latest assessment scheme", "考核方案")
}

// AssessmentSchemes lists the bureau's versions of the year, newest first.
func (t *tx) AssessmentSchemes(ctx context.Context, agencyID int64, year int) ([]*zhifa.AssessmentScheme, error) {
	const op = "list assessment schemes"
	rows, err := t.query(ctx, `SELECT `+schemeCols+` FROM assessment_schemes WHERE agency_id = $1 AND year = $2 ORDER BY version DESC`,
		agencyID, year)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanScheme)
}

// ---- runs ----

const runCols = `r.id, r.agency_id, a.name, r.scope_path, r.year, r.scheme_id, r.scheme_version, r.status, r.as_of, r.results,
	r.created_by, r.approved_by, r.approved_on, r.published_on, r.entry, r.publish_entry, r.version, r.created_at, r.updated_at`

const runFrom = ` FROM assessment_runs r JOIN agencies a ON a.id = r.agency_id`

func scanRun(s scanner) (*zhifa.AssessmentRun, error) {
	var r zhifa.AssessmentRun
	var results string
	if err := s.Scan(&r.ID, &r.AgencyID, &r.AgencyName, &r.ScopePath, &r.Year, &r.SchemeID, &r.SchemeVersion, &r.Status,
		&r.AsOf, &results, &r.CreatedBy, &r.ApprovedBy, &r.ApprovedOn, &r.PublishedOn, &r.Entry, &r.PublishEntry,
		&r.Version, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return nil, err
	}
	var err error
	if r.Results, err = decodeResults(results); err != nil {
		return nil, fmt.Errorf("decode assessment results: %w", err)
	}
	r.AsOf, r.CreatedAt, r.UpdatedAt = r.AsOf.UTC(), r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return &r, nil
}

// storedResult is the stored form of the results: the adjustments keep who made them,
// which the JSON of the API leaves out.
type storedAdjustment struct {
	zhifa.AssessmentAdjustment
	By     int64  `json:"by"`
	ByName string `json:"by_name"`
}

type storedResult struct {
	zhifa.AssessmentResult
	Adjustments []storedAdjustment `json:"adjustments"`
}

func resultsJSON(rs []zhifa.AssessmentResult) (string, error) {
	out := make([]storedResult, len(rs))
	for i, r := range rs {
		out[i].AssessmentResult = r
		out[i].Adjustments = make([]storedAdjustment, len(r.Adjustments))
		for j, a := range r.Adjustments {
			out[i].Adjustments[j] = storedAdjustment{a, a.By, a.ByName}
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func decodeResults(text string) ([]zhifa.AssessmentResult, error) {
	var stored []storedResult
	if err := json.Unmarshal([]byte(text), &stored); err != nil {
		return nil, err
	}
	out := make([]zhifa.AssessmentResult, len(stored))
	for i, s := range stored {
		out[i] = s.AssessmentResult
		out[i].Adjustments = make([]zhifa.AssessmentAdjustment, len(s.Adjustments))
		for j, a := range s.Adjustments {
			a.AssessmentAdjustment.By, a.AssessmentAdjustment.ByName = a.By, a.ByName
			out[i].Adjustments[j] = a.AssessmentAdjustment
		}
	}
	return out, nil
}

// AddAssessmentRun inserts r, setting ID, Version 1 and the timestamps.
func (t *tx) AddAssessmentRun(ctx context.Context, r *zhifa.AssessmentRun) error {
	const op = "add assessment run"
	results, err := resultsJSON(r.Results)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	r.CreatedAt = t.stamp(r.CreatedAt)
	r.UpdatedAt, r.Version, r.AsOf = r.CreatedAt, 1, utc(r.AsOf)
	err = t.queryRow(ctx, `INSERT INTO assessment_runs (agency_id, scope_path, year, scheme_id, scheme_version, status, as_of, results,
			created_by, approved_by, approved_on, published_on, entry, publish_entry, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $15) RETURNING id`,
		r.AgencyID, r.ScopePath, r.Year, r.SchemeID, r.SchemeVersion, string(r.Status), r.AsOf, results, r.CreatedBy,
		r.ApprovedBy, r.ApprovedOn, r.PublishedOn, r.Entry, r.PublishEntry, r.CreatedAt).Scan(&r.ID)
	return dbErr(err, op, assessMsgs)
}

// UpdateAssessmentRun saves r if its version is current.
func (t *tx) UpdateAssessmentRun(ctx context.Context, r *zhifa.AssessmentRun) error {
	const op = "update assessment run"
	results, err := resultsJSON(r.Results)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	at := t.stamp(time.Time{})
	res, err := t.exec(ctx, `UPDATE assessment_runs SET status = $1, as_of = $2, results = $3, approved_by = $4, approved_on = $5,
			published_on = $6, entry = $7, publish_entry = $8, scheme_id = $9, scheme_version = $10, version = version + 1, updated_at = $11
		WHERE id = $12 AND version = $13`,
		string(r.Status), utc(r.AsOf), results, r.ApprovedBy, r.ApprovedOn, r.PublishedOn, r.Entry, r.PublishEntry,
		r.SchemeID, r.SchemeVersion, at, r.ID, r.Version)
	if err != nil {
		return dbErr(err, op, assessMsgs)
	}
	if err := t.versioned(ctx, res, op, "assessment_runs", r.ID, "考核结果", "考核结果已被他人修改，请刷新后重试"); err != nil {
		return err
	}
	r.Version++
	r.UpdatedAt = at
	return nil
}

// AssessmentRun returns the run with the id.
func (t *tx) AssessmentRun(ctx context.Context, id int64) (*zhifa.AssessmentRun, error) {
	r, err := scanRun(t.queryRow(ctx, `SELECT `+runCols+runFrom+` WHERE r.id = $1`, id))
	return r, rowErr(err, "get assessment run", "考核")
}

// AssessmentRuns lists the runs of f, newest first.
func (t *tx) AssessmentRuns(ctx context.Context, f zhifa.AssessmentRunFilter) ([]*zhifa.AssessmentRun, error) {
	const op = "list assessment runs"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	if err := checkPath(f.Covering); err != nil {
		return nil, err
	}
	var w where
	if f.UnderPath != "" {
		w.add("r.scope_path LIKE ? || '%'", f.UnderPath)
	}
	if f.Covering != "" {
		w.add("CAST(? AS TEXT) LIKE r.scope_path || '%'", f.Covering)
	}
	if f.Status != "" {
		w.add("r.status = ?", string(f.Status))
	}
	if f.After > 0 {
		w.add("r.id < ?", f.After)
	}
	limit := f.Limit
	if limit <= 0 || limit > maxLimit {
		limit = defaultLimit
	}
	rows, err := t.query(ctx, `SELECT `+runCols+runFrom+w.String()+` ORDER BY r.id DESC LIMIT `+strconv.Itoa(limit), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanRun)
}

// ---- scored inputs ----

const inputCols = `i.id, i.agency_id, i.agency_path, a.name, i.year, i.kind, i.text, i.source, i.scored, i.score, i.filed_by,
	i.filed_on, i.scored_by, i.scored_on, i.version,
	i.file_name, i.file_mime, i.file_size, i.file_sha256, i.file_sm3`

const inputFrom = ` FROM assessment_inputs i JOIN agencies a ON a.id = i.agency_id`

func scanInput(s scanner) (*zhifa.AssessmentInput, error) {
	var in zhifa.AssessmentInput
	var f zhifa.AssessmentFile
	err := s.Scan(&in.ID, &in.AgencyID, &in.AgencyPath, &in.AgencyName, &in.Year, &in.Kind, &in.Text, &in.Source, &in.Scored,
		&in.Score, &in.FiledBy, &in.FiledOn, &in.ScoredBy, &in.ScoredOn, &in.Version, &f.Name, &f.MIME, &f.Size, &f.SHA256, &f.SM3)
	if f.SHA256 != "" {
		in.File = &f
	}
	return &in, err
}

// PutAssessmentInput inserts in (ID 0) or saves it if its version is current.
func (t *tx) PutAssessmentInput(ctx context.Context, in *zhifa.AssessmentInput) error {
	const op = "put assessment input"
	var f zhifa.AssessmentFile
	if in.File != nil {
		f = *in.File
	}
	if in.ID == 0 {
		in.Version = 1
		err := t.queryRow(ctx, `INSERT INTO assessment_inputs (agency_id, agency_path, year, kind, text, source, scored, score,
				filed_by, filed_on, scored_by, scored_on, version, file_name, file_mime, file_size, file_sha256, file_sm3)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $15, $16, $17) RETURNING id`,
			in.AgencyID, in.AgencyPath, in.Year, string(in.Kind), in.Text, in.Source, in.Scored, in.Score, in.FiledBy,
			in.FiledOn, in.ScoredBy, in.ScoredOn, f.Name, f.MIME, f.Size, f.SHA256, f.SM3).Scan(&in.ID)
		return dbErr(err, op, errMsgs{missing: "机关不存在", conflict: "该机关本年度的这项考核材料已经提交"})
	}
	res, err := t.exec(ctx, `UPDATE assessment_inputs SET text = $1, source = $2, scored = $3, score = $4, filed_by = $5,
			filed_on = $6, scored_by = $7, scored_on = $8, version = version + 1,
			file_name = $11, file_mime = $12, file_size = $13, file_sha256 = $14, file_sm3 = $15
		WHERE id = $9 AND version = $10`,
		in.Text, in.Source, in.Scored, in.Score, in.FiledBy, in.FiledOn, in.ScoredBy, in.ScoredOn, in.ID, in.Version,
		f.Name, f.MIME, f.Size, f.SHA256, f.SM3)
	if err != nil {
		return dbErr(err, op, assessMsgs)
	}
	if err := t.versioned(ctx, res, op, "assessment_inputs", in.ID, "考核材料", "考核材料已被他人修改，请刷新后重试"); err != nil {
		return err
	}
	in.Version++
	return nil
}

// AssessmentInput returns the input with the id.
func (t *tx) AssessmentInput(ctx context.Context, id int64) (*zhifa.AssessmentInput, error) {
	in, err := scanInput(t.queryRow(ctx, `SELECT `+inputCols+inputFrom+` WHERE i.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get assessment input", "考核材料")
	}
	return in, nil
}

// AssessmentInputs lists the inputs of the year of the agencies under path.
func (t *tx) AssessmentInputs(ctx context.Context, underPath string, year int) ([]*zhifa.AssessmentInput, error) {
	const op = "list assessment inputs"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, `SELECT `+inputCols+inputFrom+` WHERE i.year = $1 AND i.agency_path LIKE $2 || '%'
		ORDER BY i.agency_path, i.kind`, year, underPath)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanInput)
}

// ---- the year's figures ----

// assessBounds are the arguments every count shares: the path, the year's first and
// last days, and its first and last months ("2025-01").
func assessBounds(year int) (first, last zhifa.Date, fromMonth, toMonth string) {
	first, last, _, _ = yearBounds(year)
	return first, last, fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-12", year)
}

// correctsIn is the SQL list of the correcting outcomes, as placeholders appended to
// args.
func correctsIn(args *[]any, corrects []zhifa.ReviewOutcome) string {
	ph := make([]string, len(corrects))
	for i, o := range corrects {
		*args = append(*args, string(o))
		ph[i] = "$" + strconv.Itoa(len(*args))
	}
	return "(" + strings.Join(ph, ", ") + ")"
}

// officerHours is the subquery of the active officers under $1 with their training
// hours between $2 and $3.
const officerHours = `SELECT o.id, o.agency_id, o.name, COALESCE(SUM(tr.hours), 0) AS hours
	FROM officers o JOIN agencies a ON a.id = o.agency_id
	LEFT JOIN trainings tr ON tr.officer_id = o.id AND tr.date >= $2 AND tr.date <= $3
	WHERE o.active AND a.path LIKE $1 || '%'
	GROUP BY o.id, o.agency_id, o.name`

// validCert is the condition that officer o held a valid certificate on $2.
const validCert = `EXISTS (SELECT 1 FROM certificates c WHERE c.officer_id = o.id AND c.state = 'valid'
	AND (c.valid_until IS NULL OR c.valid_until >= $2))`

// AssessmentCounts computes the year's figures of the agencies under f.UnderPath.
func (t *tx) AssessmentCounts(ctx context.Context, f zhifa.AssessmentCountFilter) ([]zhifa.AssessmentCount, error) {
	const op = "assessment counts"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	if f.UnderPath == "" || len(f.Corrects) == 0 {
		return nil, fmt.Errorf("%s: scope and correcting outcomes required", op)
	}
	first, last, fromMonth, toMonth := assessBounds(f.Year)
	_, _, from, to := yearBounds(f.Year)
	corrArgs := []any{f.UnderPath, first, last}
	corrIn := correctsIn(&corrArgs, f.Corrects)
	queries := []struct {
		key, query string
		args       []any
	}{
		{zhifa.IndDecisionOnTime, `SELECT s.agency_id, COUNT(*), COALESCE(SUM(s.on_time), 0)
			FROM agencies a JOIN case_stats s ON s.agency_id = a.id
			WHERE a.path LIKE $1 || '%' AND s.filed_month >= $2 AND s.filed_month <= $3 AND s.on_time IS NOT NULL
			GROUP BY s.agency_id`, []any{f.UnderPath, fromMonth, toMonth}},
		{zhifa.IndPublicationOnTime, `SELECT p.agency_id, COUNT(*),
				SUM(CASE WHEN p.published_on IS NOT NULL AND p.published_on <= p.due THEN 1 ELSE 0 END)
			FROM agencies a JOIN publications p ON p.agency_id = a.id
			WHERE a.path LIKE $1 || '%' AND p.decided_on >= $2 AND p.decided_on <= $3 AND p.status <> 'declined'
			GROUP BY p.agency_id`, []any{f.UnderPath, first, last}},
		{zhifa.IndFilingOnTime, `SELECT fl.agency_id, COUNT(*), SUM(CASE WHEN fl.late THEN 0 ELSE 1 END)
			FROM agencies a JOIN filings fl ON fl.agency_id = a.id
			WHERE a.path LIKE $1 || '%' AND fl.decided_on >= $2 AND fl.decided_on <= $3
			GROUP BY fl.agency_id`, []any{f.UnderPath, first, last}},
		{zhifa.IndReviewOnTime, `SELECT r.agency_id, COUNT(*),
				SUM(CASE WHEN r.opinion_on IS NOT NULL AND r.opinion_on <= r.due_on THEN 1 ELSE 0 END)
			FROM agencies a JOIN review_rounds r ON r.agency_id = a.id
			WHERE a.path LIKE $1 || '%' AND r.created_at >= $2 AND r.created_at < $3 AND r.due_on IS NOT NULL
				AND (r.opinion_on IS NOT NULL OR r.due_on < $4)
			GROUP BY r.agency_id`, []any{f.UnderPath, from, to, f.AsOf}},
		// The correction rate's denominator: the penalty decisions of the year, as
		// CorrectionStats counts them (decision_counts, migration 00054).
		{"decisions", `SELECT d.agency_id, 0, d.decisions
			FROM agencies a JOIN decision_counts d ON d.agency_id = a.id
			WHERE a.path LIKE $1 || '%' AND d.year = $2 AND d.decisions > 0`, []any{f.UnderPath, f.Year}},
		{"corrected", `SELECT r.agency_id, COUNT(DISTINCT r.case_id), 0
			FROM agencies a JOIN reconsiderations r ON r.agency_id = a.id
			WHERE a.path LIKE $1 || '%' AND r.outcome_on >= $2 AND r.outcome_on <= $3 AND r.outcome IN ` + corrIn + `
			GROUP BY r.agency_id`, corrArgs},
		// The bureau's 案卷评查 only: an agency's evaluation of its own files is not an
		// independent score (app/supervision self-evaluations).
		{zhifa.IndEvaluation, `SELECT e.agency_id, COALESCE(SUM(e.score), 0), COUNT(*) * 100
			FROM agencies a JOIN eval_cases e ON e.agency_id = a.id JOIN file_evaluations v ON v.id = e.evaluation_id
			WHERE a.path LIKE $1 || '%' AND e.scored_on >= $2 AND e.scored_on <= $3 AND e.grade <> '' AND NOT v.self_check
			GROUP BY e.agency_id`, []any{f.UnderPath, first, last}},
		{zhifa.IndTraining, `SELECT x.agency_id, SUM(CASE WHEN x.hours >= $4 THEN 1 ELSE 0 END), COUNT(*)
			FROM (` + officerHours + `) x GROUP BY x.agency_id`, []any{f.UnderPath, first, last, f.MinTrainingHours}},
		{zhifa.IndCertificates, `SELECT o.agency_id, SUM(CASE WHEN ` + validCert + ` THEN 1 ELSE 0 END), COUNT(*)
			FROM officers o JOIN agencies a ON a.id = o.agency_id
			WHERE o.active AND a.path LIKE $1 || '%'
			GROUP BY o.agency_id`, []any{f.UnderPath, last}},
		{zhifa.IndAnnualReport, `SELECT a.id, CASE WHEN EXISTS (SELECT 1 FROM annual_reports ar WHERE ar.agency_id = a.id
				AND ar.year = $2 AND ar.status = 'published' AND ar.published_on <= $3) THEN 1 ELSE 0 END, 1
			FROM agencies a WHERE a.path LIKE $1 || '%' AND a.type IN ('administrative', 'authorized')`,
			[]any{f.UnderPath, f.Year, f.ReportDue}},
	}
	var out []zhifa.AssessmentCount
	decisions, corrected := map[int64]float64{}, map[int64]float64{}
	for _, q := range queries {
		rows, err := t.query(ctx, q.query, q.args...)
		if err != nil {
			return nil, dbErr(err, op+" "+q.key, errMsgs{})
		}
		for rows.Next() {
			c := zhifa.AssessmentCount{Key: q.key}
			if err := rows.Scan(&c.AgencyID, &c.Num, &c.Den); err != nil {
				rows.Close()
				return nil, fmt.Errorf("%s %s: %w", op, q.key, err)
			}
			switch q.key {
			case "decisions":
				decisions[c.AgencyID] = c.Den
			case "corrected":
				corrected[c.AgencyID] = c.Num
			default:
				// The on-time queries count all first, the hits second.
				if q.key == zhifa.IndDecisionOnTime || q.key == zhifa.IndPublicationOnTime || q.key == zhifa.IndFilingOnTime || q.key == zhifa.IndReviewOnTime {
					c.Num, c.Den = c.Den, c.Num
				}
				out = append(out, c)
			}
		}
		if err := rows.Close(); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
		if err := rows.Err(); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
	}
	more, err := t.moreAssessmentCounts(ctx, f) // migration 00047
	if err != nil {
		return nil, err
	}
	out = append(out, more...)
	for id, n := range decisions {
		out = append(out, zhifa.AssessmentCount{AgencyID: id, Key: zhifa.IndCorrection, Num: corrected[id], Den: n})
	}
	for id, n := range corrected {
		if _, ok := decisions[id]; !ok { // corrected this year, decided earlier
			out = append(out, zhifa.AssessmentCount{AgencyID: id, Key: zhifa.IndCorrection, Num: n, Den: n})
		}
	}
	return out, nil
}

// caseStatsRecordOrder: the drill-downs over case_stats sort the agency's rows of the
// year that fail the indicator (a range of its index on agency_id) by case ID. Ordered by
// the bare column, PostgreSQL may walk the whole table by its primary key instead,
// expecting to meet the page's rows early, and an agency with no failing row costs a
// scan of every case (1.25 s at 1,000,000 cases; issue 14, sup1m): the sort key "+ 0"
// keeps the plan on the agency's range.

// AssessmentRecords lists the records behind one agency's figure of the year, by row
// ID after r.After.
func (t *tx) AssessmentRecords(ctx context.Context, f zhifa.AssessmentCountFilter, r zhifa.AssessmentRecordFilter) ([]zhifa.AssessmentRecord, error) {
	const op = "assessment records"
	first, last, fromMonth, toMonth := assessBounds(r.Year)
	limit := r.Limit
	if limit <= 0 || limit > maxLimit {
		limit = defaultLimit
	}
	page := ` LIMIT ` + strconv.Itoa(limit)
	var query string
	var args []any
	switch r.Key {
	case zhifa.IndDecisionOnTime:
		query = `SELECT s.case_id, s.case_id, k.number, s.acted_on, '', 0 FROM case_stats s JOIN cases k ON k.id = s.case_id
			WHERE s.agency_id = $1 AND s.filed_month >= $2 AND s.filed_month <= $3 AND s.on_time = 0 AND s.case_id > $4
			ORDER BY s.case_id + 0` + page // caseStatsRecordOrder
		args = []any{r.AgencyID, fromMonth, toMonth, r.After}
	case zhifa.IndPublicationOnTime:
		query = `SELECT p.id, COALESCE(p.case_id, 0), p.case_number, p.due, p.status, 0 FROM publications p
			WHERE p.agency_id = $1 AND p.decided_on >= $2 AND p.decided_on <= $3 AND p.status <> 'declined'
				AND (p.published_on IS NULL OR p.published_on > p.due) AND p.id > $4
			ORDER BY p.id` + page
		args = []any{r.AgencyID, first, last, r.After}
	case zhifa.IndFilingOnTime:
		query = `SELECT fl.id, fl.case_id, fl.case_number, fl.due, fl.kind, 0 FROM filings fl
			WHERE fl.agency_id = $1 AND fl.decided_on >= $2 AND fl.decided_on <= $3 AND fl.late AND fl.id > $4
			ORDER BY fl.id` + page
		args = []any{r.AgencyID, first, last, r.After}
	case zhifa.IndReviewOnTime:
		_, _, from, to := yearBounds(r.Year)
		query = `SELECT rr.id, rr.case_id, k.number, rr.due_on, COALESCE(CAST(rr.opinion_on AS TEXT), ''), 0
			FROM review_rounds rr JOIN cases k ON k.id = rr.case_id
			WHERE rr.agency_id = $1 AND rr.created_at >= $2 AND rr.created_at < $3 AND rr.due_on IS NOT NULL
				AND (rr.opinion_on > rr.due_on OR (rr.opinion_on IS NULL AND rr.due_on < $4)) AND rr.id > $5
			ORDER BY rr.id` + page
		args = []any{r.AgencyID, from, to, f.AsOf, r.After}
	case zhifa.IndCorrection:
		args = []any{r.AgencyID, first, last, r.After}
		in := correctsIn(&args, f.Corrects)
		query = `SELECT rc.id, rc.case_id, k.number, rc.outcome_on, rc.outcome, 0 FROM reconsiderations rc JOIN cases k ON k.id = rc.case_id
			WHERE rc.agency_id = $1 AND rc.outcome_on >= $2 AND rc.outcome_on <= $3 AND rc.id > $4 AND rc.outcome IN ` + in + `
			ORDER BY rc.id` + page
	case zhifa.IndEvaluation:
		query = `SELECT e.id, e.case_id, k.number, e.scored_on, e.grade, e.score FROM eval_cases e JOIN cases k ON k.id = e.case_id
			JOIN file_evaluations v ON v.id = e.evaluation_id
			WHERE e.agency_id = $1 AND e.scored_on >= $2 AND e.scored_on <= $3 AND e.grade <> '' AND NOT v.self_check AND e.id > $4
			ORDER BY e.id` + page
		args = []any{r.AgencyID, first, last, r.After}
	case zhifa.IndTraining:
		query = `SELECT o.id, 0, o.name, NULL, '', o.hours FROM (` + strings.Replace(officerHours, "a.path LIKE $1 || '%'", "o.agency_id = $1", 1) + `) o
			WHERE o.hours < $4 AND o.id > $5 ORDER BY o.id` + page
		args = []any{r.AgencyID, first, last, f.MinTrainingHours, r.After}
	case zhifa.IndCertificates:
		query = `SELECT o.id, 0, o.name, NULL, '', 0 FROM officers o
			WHERE o.agency_id = $1 AND o.active AND NOT ` + validCert + ` AND o.id > $3 ORDER BY o.id` + page
		args = []any{r.AgencyID, last, r.After}
	default:
		var ok bool
		if query, args, ok = moreRecordsQuery(f, r, limit); !ok { // migration 00047
			return []zhifa.AssessmentRecord{}, nil
		}
	}
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	out := []zhifa.AssessmentRecord{}
	for rows.Next() {
		var rec zhifa.AssessmentRecord
		var detail sql.NullString
		if err := rows.Scan(&rec.ID, &rec.CaseID, &rec.Label, &rec.Day, &detail, &rec.Value); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		rec.Detail = detail.String
		out = append(out, rec)
	}
	return out, dbErr(rows.Err(), op, errMsgs{})
}
