package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"zhifa"
)

// Analytic warnings (issue 14, migration 00037): the fine and ending summaries written
// with the decisions, and the warnings with their handling.

var analysisMsgs = errMsgs{missing: "执法机关或案件不存在"}

// AddCaseFine records (or, for a case decided again, replaces) the case's decided fine.
func (t *tx) AddCaseFine(ctx context.Context, f zhifa.CaseFine) error {
	_, err := t.exec(ctx, `
		INSERT INTO case_fines (case_id, item_id, level, scope_id, fine_fen, decided_on) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (case_id) DO UPDATE SET item_id = excluded.item_id, level = excluded.level,
			scope_id = excluded.scope_id, fine_fen = excluded.fine_fen, decided_on = excluded.decided_on`,
		f.CaseID, f.ItemID, f.Level, f.ScopeID, f.FineFen, f.DecidedOn)
	return dbErr(err, "add case fine", analysisMsgs)
}

// FinePeers reads the newest q.Limit other fines of the scope, item and level decided
// since q.Since from one range of case_fines_scope (migration 00049), newest first, and
// takes their quartiles: the work is bounded by the limit, whatever the size of the
// table or of the group.
func (t *tx) FinePeers(ctx context.Context, q zhifa.FinePeerQuery) (zhifa.FinePeers, error) {
	const op = "fine peers"
	var p zhifa.FinePeers
	if q.Limit <= 0 {
		return p, zhifa.Errorf(zhifa.EINVALID, "同类案件的数量上限应为正数")
	}
	rows, err := t.query(ctx, `SELECT fine_fen FROM case_fines
		WHERE scope_id = $1 AND item_id = $2 AND level = $3 AND decided_on >= $4 AND case_id <> $5
		ORDER BY decided_on DESC LIMIT $6`, q.ScopeID, q.ItemID, q.Level, q.Since, q.ExceptCase, q.Limit)
	if err != nil {
		return p, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	fines := make([]int64, 0, min(q.Limit, 256))
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return p, fmt.Errorf("%s: %w", op, err)
		}
		fines = append(fines, v)
	}
	if err := rows.Err(); err != nil {
		return p, dbErr(err, op, errMsgs{})
	}
	if p.Count = len(fines); p.Count == 0 {
		return p, nil
	}
	slices.Sort(fines)
	q1, q3 := quartilePositions(p.Count)
	p.Q1, p.Q3 = fines[q1], fines[q3]
	return p, nil
}

// quartilePositions mirrors law.QuartilePositions (the store does not import law).
func quartilePositions(n int) (q1, q3 int) { return (n+3)/4 - 1, (3*n+3)/4 - 1 }

// AddCaseEnding records an officer's part in a case ended without a penalty decision.
func (t *tx) AddCaseEnding(ctx context.Context, e zhifa.CaseEnding) error {
	_, err := t.exec(ctx, `
		INSERT INTO case_endings (case_id, officer_id, outcome, ended_on) VALUES ($1, $2, $3, $4)
		ON CONFLICT (case_id, officer_id) DO UPDATE SET outcome = excluded.outcome, ended_on = excluded.ended_on`,
		e.CaseID, e.OfficerID, string(e.Outcome), e.EndedOn)
	return dbErr(err, "add case ending", analysisMsgs)
}

// OfficerEndings lists the officer's endings on or after since, newest first (at most
// 100: the rule's evidence, not a report).
func (t *tx) OfficerEndings(ctx context.Context, officerID int64, since zhifa.Date) ([]zhifa.CaseEnding, error) {
	const op = "officer endings"
	rows, err := t.query(ctx, `SELECT case_id, officer_id, outcome, ended_on FROM case_endings
		WHERE officer_id = $1 AND ended_on >= $2 ORDER BY ended_on DESC, case_id DESC LIMIT 100`, officerID, since)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []zhifa.CaseEnding
	for rows.Next() {
		var e zhifa.CaseEnding
		if err := rows.Scan(&e.CaseID, &e.OfficerID, &e.Outcome, &e.EndedOn); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return out, nil
}

// PutAnalysisWarning inserts w, or refreshes the finding and evidence of the warning with
// its kind and subject (a closed one opens again: the rule found it again).
func (t *tx) PutAnalysisWarning(ctx context.Context, w *zhifa.AnalysisWarning) error {
	evidence, err := jsonText(w.Evidence)
	if err != nil {
		return fmt.Errorf("put analysis warning: %w", err)
	}
	now := t.now()
	err = t.queryRow(ctx, `
		INSERT INTO analysis_warnings (kind, subject, agency_id, rule, finding, evidence, state, reason, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'open', '', 1, $7, $7)
		ON CONFLICT (kind, subject) DO UPDATE SET rule = excluded.rule, finding = excluded.finding,
			evidence = excluded.evidence, version = analysis_warnings.version + 1, updated_at = excluded.updated_at,
			state = CASE WHEN analysis_warnings.state = 'closed' AND NOT $8 THEN 'open' ELSE analysis_warnings.state END
		RETURNING id, state, version, created_at`,
		string(w.Kind), w.Subject, w.AgencyID, w.Rule, w.Finding, evidence, now, w.KeepClosed).Scan(&w.ID, &w.State, &w.Version, &w.CreatedAt)
	if err != nil {
		return dbErr(err, "put analysis warning", analysisMsgs)
	}
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), now
	return nil
}

const analysisCols = `w.id, w.kind, w.subject, w.agency_id, a.path, a.name, w.rule, w.finding, w.evidence, w.state,
	w.reason, w.deadline, w.version, w.created_at, w.updated_at, COALESCE(w.problem_id, 0)`

const analysisFrom = ` FROM analysis_warnings w JOIN agencies a ON a.id = w.agency_id`

func scanAnalysisWarning(s scanner) (*zhifa.AnalysisWarning, error) {
	var w zhifa.AnalysisWarning
	var evidence string
	err := s.Scan(&w.ID, &w.Kind, &w.Subject, &w.AgencyID, &w.AgencyPath, &w.AgencyName, &w.Rule, &w.Finding, &evidence,
		&w.State, &w.Reason, &w.Deadline, &w.Version, &w.CreatedAt, &w.UpdatedAt, &w.ProblemID)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(evidence), &w.Evidence); err != nil {
		return nil, fmt.Errorf("analysis warning %d evidence: %w", w.ID, err)
	}
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), w.UpdatedAt.UTC()
	return &w, nil
}

// AnalysisWarning returns one warning; ENOTFOUND if there is none.
func (t *tx) AnalysisWarning(ctx context.Context, id int64) (*zhifa.AnalysisWarning, error) {
	w, err := scanAnalysisWarning(t.queryRow(ctx, `SELECT `+analysisCols+analysisFrom+` WHERE w.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get analysis warning", "预警")
	}
	return w, nil
}

// AnalysisWarnings returns one page of matching warnings, newest first (keyset on id).
func (t *tx) AnalysisWarnings(ctx context.Context, f zhifa.AnalysisFilter) ([]*zhifa.AnalysisWarning, error) {
	const op = "list analysis warnings"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	var w where
	if f.UnderPath != "" {
		w.add(`a.path LIKE ? || '%'`, f.UnderPath)
	}
	if f.AgencyID != 0 {
		w.add(`w.agency_id = ?`, f.AgencyID)
	}
	if f.Kind != "" {
		w.add(`w.kind = ?`, string(f.Kind))
	}
	if f.State != "" {
		w.add(`w.state = ?`, string(f.State))
	}
	if f.Before > 0 {
		w.add(`w.id < ?`, f.Before)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := t.query(ctx, `SELECT `+analysisCols+analysisFrom+w.String()+` ORDER BY w.id DESC LIMIT `+fmt.Sprint(limit), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanAnalysisWarning)
}

// UpdateAnalysisWarning saves the handling of w (state, reason, deadline).
func (t *tx) UpdateAnalysisWarning(ctx context.Context, w *zhifa.AnalysisWarning) error {
	const op = "update analysis warning"
	now := t.now()
	res, err := t.exec(ctx, `UPDATE analysis_warnings SET state = $1, reason = $2, deadline = $3, version = version + 1,
		updated_at = $4 WHERE id = $5 AND version = $6`,
		string(w.State), w.Reason, w.Deadline, now, w.ID, w.Version)
	if err != nil {
		return dbErr(err, op, analysisMsgs)
	}
	if err := t.checkVersioned(ctx, res, op, `SELECT 1 FROM analysis_warnings WHERE id = $1`, w.ID, "预警"); err != nil {
		return err
	}
	w.Version++
	w.UpdatedAt = now
	return nil
}

// CountAnalysisWarnings counts the warnings under path that are not closed, by kind.
func (t *tx) CountAnalysisWarnings(ctx context.Context, underPath string) (map[zhifa.AnalysisKind]int, error) {
	const op = "count analysis warnings"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, `SELECT w.kind, COUNT(*)`+analysisFrom+` WHERE a.path LIKE $1 || '%' AND w.state <> 'closed'
		GROUP BY w.kind`, underPath)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	out := map[zhifa.AnalysisKind]int{}
	for rows.Next() {
		var k zhifa.AnalysisKind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return out, nil
}
