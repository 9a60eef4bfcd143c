package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"zhifa"
)

// Case-file evaluation (migration 00034, REQUIREMENTS F4): checklist versions,
// evaluations and their sampled files. Checklists, scope lists and scores are JSON text.

var evalMsgs = errMsgs{missing: "执法机关、案件或评查人员不存在", conflict: "评查标准的版本已存在"}

// CreateEvalStandard saves a new checklist version.
func (t *tx) CreateEvalStandard(ctx context.Context, s *zhifa.EvalStandard) error {
	const op = "create eval standard"
	items, err := jsonText(s.Items)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	s.CreatedAt = t.stamp(s.CreatedAt)
	err = t.queryRow(ctx, `
		INSERT INTO eval_standards (agency_id, version, name, items, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		s.AgencyID, s.Version, s.Name, items, s.CreatedBy, s.CreatedAt).Scan(&s.ID)
	return dbErr(err, op, evalMsgs)
}

const evalStandardCols = `id, agency_id, version, name, items, created_by, created_at`

func scanEvalStandard(s scanner) (*zhifa.EvalStandard, error) {
	var st zhifa.EvalStandard
	var items string
	if err := s.Scan(&st.ID, &st.AgencyID, &st.Version, &st.Name, &items, &st.CreatedBy, &st.CreatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(items), &st.Items); err != nil {
		return nil, fmt.Errorf("eval standard %d items: %w", st.ID, err)
	}
	st.CreatedAt = st.CreatedAt.UTC()
	return &st, nil
}

// LatestEvalStandard returns the agency's newest checklist version.
func (t *tx) LatestEvalStandard(ctx context.Context, agencyID int64) (*zhifa.EvalStandard, error) {
	s, err := scanEvalStandard(t.queryRow(ctx, `SELECT `+evalStandardCols+` FROM eval_standards
		WHERE agency_id = $1 ORDER BY version DESC LIMIT 1`, agencyID))
	if err != nil {
		return nil, rowErr(err, "latest eval standard", "评查标准")
	}
	return s, nil
}

// EvalStandards returns the agency's checklist versions, newest first.
func (t *tx) EvalStandards(ctx context.Context, agencyID int64) ([]*zhifa.EvalStandard, error) {
	const op = "list eval standards"
	rows, err := t.query(ctx, `SELECT `+evalStandardCols+` FROM eval_standards WHERE agency_id = $1 ORDER BY version DESC`, agencyID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanEvalStandard)
}

// ClosedCases returns the cases of the agencies and kinds whose closing step is dated in
// [from, to] and that are still closed or archived, by case number. It reads the
// closing events by the (action, acted_on) index.
func (t *tx) ClosedCases(ctx context.Context, agencyIDs []int64, kinds []zhifa.CaseKind, from, to zhifa.Date) ([]zhifa.ClosedCaseRef, error) {
	const op = "closed cases"
	if len(agencyIDs) == 0 || len(kinds) == 0 {
		return nil, nil
	}
	var w where
	w.add(`e.action IN ('close', 'no_penalty', 'withdraw', 'transfer') AND e.to_stage = 'close'`)
	w.add(`e.acted_on >= ? AND e.acted_on <= ?`, from, to)
	w.add(`k.stage IN ('close', 'archive')`)
	w.add(`k.agency_id IN (` + w.list(len(agencyIDs), func(i int) any { return agencyIDs[i] }) + `)`)
	w.add(`k.kind IN (` + w.list(len(kinds), func(i int) any { return string(kinds[i]) }) + `)`)
	rows, err := t.query(ctx, `SELECT DISTINCT k.id, k.number, k.agency_id FROM case_events e JOIN cases k ON k.id = e.case_id`+
		w.String()+` ORDER BY k.number, k.id`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []zhifa.ClosedCaseRef
	for rows.Next() {
		var r zhifa.ClosedCaseRef
		if err := rows.Scan(&r.ID, &r.Number, &r.AgencyID); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// list appends n values and returns their placeholders, comma-separated.
func (w *where) list(n int, v func(i int) any) string {
	ph := make([]string, n)
	for i := range n {
		ph[i] = w.arg(v(i))
	}
	return strings.Join(ph, ", ")
}

// CreateFileEvaluation inserts an evaluation and its sampled files.
func (t *tx) CreateFileEvaluation(ctx context.Context, e *zhifa.FileEvaluation, files []*zhifa.EvalCase) error {
	const op = "create file evaluation"
	agencies, err := jsonText(e.AgencyIDs)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	kinds, err := jsonText(e.Kinds)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	items, err := jsonText(e.Items)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	e.CreatedAt = t.stamp(e.CreatedAt)
	e.UpdatedAt, e.Version = e.CreatedAt, 1
	err = t.queryRow(ctx, `
		INSERT INTO file_evaluations (agency_id, title, agency_ids, kinds, period_from, period_to, standard_version, items,
			seed, population, sample_size, rectify_days, published_on, created_by, version, created_at, updated_at, self_check)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		e.AgencyID, e.Title, agencies, kinds, e.From, e.To, e.StandardVersion, items, e.Seed, e.Population, e.SampleSize,
		e.RectifyDays, e.PublishedOn, e.CreatedBy, e.Version, e.CreatedAt, e.UpdatedAt, e.SelfCheck).Scan(&e.ID)
	if err != nil {
		return dbErr(err, op, evalMsgs)
	}
	for _, f := range files {
		f.EvaluationID, f.Version = e.ID, 1
		if f.Scores == nil {
			f.Scores = []zhifa.EvalScore{}
		}
		scores, err := jsonText(f.Scores)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		err = t.queryRow(ctx, `
			INSERT INTO eval_cases (evaluation_id, case_id, agency_id, draw_rank, evaluator_id, scores, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			f.EvaluationID, f.CaseID, f.AgencyID, f.Rank, f.EvaluatorID, scores, f.Version).Scan(&f.ID)
		if err != nil {
			return dbErr(err, op, evalMsgs)
		}
	}
	return nil
}

// PublishFileEvaluation records the publication date under optimistic locking.
func (t *tx) PublishFileEvaluation(ctx context.Context, e *zhifa.FileEvaluation) error {
	const op = "publish file evaluation"
	now := t.now()
	res, err := t.exec(ctx, `UPDATE file_evaluations SET published_on = $1, version = version + 1, updated_at = $2
		WHERE id = $3 AND version = $4`, e.PublishedOn, now, e.ID, e.Version)
	if err != nil {
		return dbErr(err, op, evalMsgs)
	}
	if err := t.checkVersioned(ctx, res, op, `SELECT 1 FROM file_evaluations WHERE id = $1`, e.ID, "案卷评查"); err != nil {
		return err
	}
	e.Version++
	e.UpdatedAt = now
	return nil
}

const fileEvalCols = `e.id, e.agency_id, a.name, a.path, e.title, e.agency_ids, e.kinds, e.period_from, e.period_to,
	e.standard_version, e.items, e.seed, e.population, e.sample_size, e.rectify_days, e.published_on, e.created_by,
	e.version, e.created_at, e.updated_at, e.self_check`

const fileEvalFrom = ` FROM file_evaluations e JOIN agencies a ON a.id = e.agency_id`

func scanFileEvaluation(s scanner) (*zhifa.FileEvaluation, error) {
	var e zhifa.FileEvaluation
	var agencies, kinds, items string
	err := s.Scan(&e.ID, &e.AgencyID, &e.AgencyName, &e.AgencyPath, &e.Title, &agencies, &kinds, &e.From, &e.To,
		&e.StandardVersion, &items, &e.Seed, &e.Population, &e.SampleSize, &e.RectifyDays, &e.PublishedOn, &e.CreatedBy,
		&e.Version, &e.CreatedAt, &e.UpdatedAt, &e.SelfCheck)
	if err != nil {
		return nil, err
	}
	for _, j := range []struct {
		text string
		into any
	}{{agencies, &e.AgencyIDs}, {kinds, &e.Kinds}, {items, &e.Items}} {
		if err := json.Unmarshal([]byte(j.text), j.into); err != nil {
			return nil, fmt.Errorf("file evaluation %d: %w", e.ID, err)
		}
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return &e, nil
}

// FileEvaluation returns the evaluation with the id.
func (t *tx) FileEvaluation(ctx context.Context, id int64) (*zhifa.FileEvaluation, error) {
	e, err := scanFileEvaluation(t.queryRow(ctx, `SELECT `+fileEvalCols+fileEvalFrom+` WHERE e.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get file evaluation", "案卷评查")
	}
	return e, nil
}

// FileEvaluations returns one page of evaluations, newest first (keyset on id): those
// organised in a subtree, or with a file assigned to an evaluator, or published.
func (t *tx) FileEvaluations(ctx context.Context, f zhifa.FileEvaluationFilter) ([]*zhifa.FileEvaluation, error) {
	const op = "list file evaluations"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	var w where
	switch {
	case f.UnderPath != "" && f.EvaluatorID != 0:
		w.add(`(a.path LIKE ? || '%' OR e.id IN (SELECT evaluation_id FROM eval_cases WHERE evaluator_id = ?))`, f.UnderPath, f.EvaluatorID)
	case f.UnderPath != "":
		w.add(`a.path LIKE ? || '%'`, f.UnderPath)
	case f.EvaluatorID != 0:
		w.add(`e.id IN (SELECT evaluation_id FROM eval_cases WHERE evaluator_id = ?)`, f.EvaluatorID)
	}
	if f.PublishedOnly {
		w.add(`e.published_on IS NOT NULL`)
	}
	if f.Before > 0 {
		w.add(`e.id < ?`, f.Before)
	}
	rows, err := t.query(ctx, `SELECT `+fileEvalCols+fileEvalFrom+w.String()+` ORDER BY e.id DESC LIMIT `+fmt.Sprint(pageLimit(f.Limit)), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanFileEvaluation)
}

// pageLimit bounds a page's length (default 50, at most 201).
func pageLimit(n int) int {
	if n <= 0 || n > 201 {
		return 50
	}
	return n
}

const evalCaseCols = `c.id, c.evaluation_id, c.case_id, k.number, c.agency_id, a.name, a.path, c.draw_rank, c.evaluator_id,
	u.name, c.scores, c.score, c.grade, c.scored_on, c.rectify_due, c.rectification, c.rectified_on, c.version, e.self_check`

const evalCaseFrom = ` FROM eval_cases c JOIN cases k ON k.id = c.case_id JOIN agencies a ON a.id = c.agency_id
	JOIN users u ON u.id = c.evaluator_id JOIN file_evaluations e ON e.id = c.evaluation_id`

func scanEvalCase(s scanner) (*zhifa.EvalCase, error) {
	var c zhifa.EvalCase
	var scores string
	err := s.Scan(&c.ID, &c.EvaluationID, &c.CaseID, &c.CaseNumber, &c.AgencyID, &c.AgencyName, &c.AgencyPath, &c.Rank,
		&c.EvaluatorID, &c.EvaluatorName, &scores, &c.Score, &c.Grade, &c.ScoredOn, &c.RectifyDue, &c.Rectification,
		&c.RectifiedOn, &c.Version, &c.SelfCheck)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(scores), &c.Scores); err != nil {
		return nil, fmt.Errorf("eval case %d scores: %w", c.ID, err)
	}
	return &c, nil
}

// EvalCases returns an evaluation's sampled files in draw order.
func (t *tx) EvalCases(ctx context.Context, evaluationID int64) ([]*zhifa.EvalCase, error) {
	const op = "list eval cases"
	rows, err := t.query(ctx, `SELECT `+evalCaseCols+evalCaseFrom+` WHERE c.evaluation_id = $1 ORDER BY c.draw_rank`, evaluationID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanEvalCase)
}

// EvalCase returns one sampled file.
func (t *tx) EvalCase(ctx context.Context, id int64) (*zhifa.EvalCase, error) {
	c, err := scanEvalCase(t.queryRow(ctx, `SELECT `+evalCaseCols+evalCaseFrom+` WHERE c.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get eval case", "评查案卷")
	}
	return c, nil
}

// EvalCaseList returns one page of an agency's or an evaluator's sampled files, newest
// first (keyset on id, by the agency or evaluator index).
func (t *tx) EvalCaseList(ctx context.Context, f zhifa.EvalCaseFilter) ([]*zhifa.EvalCase, error) {
	const op = "list eval cases across evaluations"
	var w where
	if f.AgencyID != 0 {
		w.add(`c.agency_id = ?`, f.AgencyID)
	}
	if f.EvaluatorID != 0 {
		w.add(`c.evaluator_id = ?`, f.EvaluatorID)
	}
	if f.AgencyID == 0 && f.EvaluatorID == 0 {
		return nil, fmt.Errorf("%s: no agency or evaluator", op)
	}
	if f.OpenRectification {
		w.add(`c.rectify_due IS NOT NULL AND c.rectified_on IS NULL`)
	}
	if f.Before > 0 {
		w.add(`c.id < ?`, f.Before)
	}
	rows, err := t.query(ctx, `SELECT `+evalCaseCols+evalCaseFrom+w.String()+` ORDER BY c.id DESC LIMIT `+fmt.Sprint(pageLimit(f.Limit)), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanEvalCase)
}

// UpdateEvalCase saves a file's scores, grade and rectification under optimistic locking.
func (t *tx) UpdateEvalCase(ctx context.Context, c *zhifa.EvalCase) error {
	const op = "update eval case"
	scores, err := jsonText(c.Scores)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	res, err := t.exec(ctx, `
		UPDATE eval_cases SET scores = $1, score = $2, grade = $3, scored_on = $4, rectify_due = $5, rectification = $6,
			rectified_on = $7, version = version + 1
		WHERE id = $8 AND version = $9`,
		scores, c.Score, c.Grade, c.ScoredOn, c.RectifyDue, c.Rectification, c.RectifiedOn, c.ID, c.Version)
	if err != nil {
		return dbErr(err, op, evalMsgs)
	}
	if err := t.checkVersioned(ctx, res, op, `SELECT 1 FROM eval_cases WHERE id = $1`, c.ID, "评查案卷"); err != nil {
		return err
	}
	c.Version++
	return nil
}
