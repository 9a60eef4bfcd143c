package sqlstore

import (
	"context"
	"fmt"
	"time"

	"zhifa"
)

// The periodic analytic rules (migration 00042, issue 14): catalog items without a case
// in five years and complaints clustered on one target. Both are one statement each; the
// item rule probes case_stats (item_id, filed_month) and item_versions' key per item of
// the scope, the cluster rule reads one range of complaints (received_on).

// maxClusterEvidence bounds the complaints listed with one cluster.
const maxClusterEvidence = 20

// IdleItems returns up to limit items of agencies under path, with ID above afterID, by
// ID, that were in the catalog before heldBefore and have no case filed in sinceMonth
// ("2021-12") or later, with the month of their last case.
func (t *tx) IdleItems(ctx context.Context, underPath, sinceMonth string, heldBefore time.Time, afterID int64, limit int) ([]zhifa.IdleItem, error) {
	const op = "list idle items"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, err := t.query(ctx, `
		SELECT i.id, i.code, i.name, i.agency_id,
			COALESCE((SELECT MAX(s.filed_month) FROM case_stats s WHERE s.item_id = i.id), '')
		FROM items i JOIN agencies a ON a.id = i.agency_id
		WHERE a.path LIKE $1 || '%' AND i.id > $2
			AND NOT EXISTS (SELECT 1 FROM case_stats s WHERE s.item_id = i.id AND s.filed_month >= $3)
			AND EXISTS (SELECT 1 FROM item_versions v WHERE v.item_id = i.id AND v.version = 1 AND v.changed_at < $4)
		ORDER BY i.id LIMIT `+fmt.Sprint(limit), underPath, afterID, sinceMonth, heldBefore.UTC())
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []zhifa.IdleItem
	for rows.Next() {
		var it zhifa.IdleItem
		if err := rows.Scan(&it.ItemID, &it.Code, &it.Name, &it.AgencyID, &it.LastFiled); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return out, nil
}

// ComplaintClusters returns the groups of at least threshold complaints received on or
// after since by agencies under path with the same agency, subject and (trimmed)
// target, each with its newest complaints as evidence. CROSS JOIN keeps SQLite reading
// the window's range of complaints first, and grouping by subject first keeps it from
// walking complaints (agency_id) for the grouping's order instead (PostgreSQL plans it
// as the inner join it is).
func (t *tx) ComplaintClusters(ctx context.Context, underPath string, since zhifa.Date, threshold int) ([]*zhifa.ComplaintCluster, error) {
	const op = "list complaint clusters"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, `
		WITH k AS (
			SELECT c.agency_id, c.subject, TRIM(c.target) AS target, COUNT(*) AS n
			FROM complaints c CROSS JOIN agencies a
			WHERE a.id = c.agency_id AND c.received_on >= $2 AND a.path LIKE $1 || '%' AND TRIM(c.target) <> ''
			GROUP BY c.subject, TRIM(c.target), c.agency_id
			HAVING COUNT(*) >= $3
		)
		SELECT k.agency_id, k.subject, k.target, k.n, c.id, c.number
		FROM k JOIN complaints c ON c.agency_id = k.agency_id AND c.subject = k.subject AND TRIM(c.target) = k.target
		WHERE c.received_on >= $2
		ORDER BY k.agency_id, k.subject, k.target, c.id DESC`, underPath, since, threshold)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []*zhifa.ComplaintCluster
	for rows.Next() {
		var k zhifa.ComplaintCluster
		var id int64
		var number string
		if err := rows.Scan(&k.AgencyID, &k.Subject, &k.Target, &k.Count, &id, &number); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		if n := len(out); n == 0 || out[n-1].AgencyID != k.AgencyID || out[n-1].Subject != k.Subject || out[n-1].Target != k.Target {
			out = append(out, &k)
		}
		last := out[len(out)-1]
		if len(last.Complaints) < maxClusterEvidence {
			last.Complaints = append(last.Complaints, zhifa.AnalysisEvidence{Kind: "complaint", ID: id, Label: number})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return out, nil
}

// SetAnalysisWarningProblem records the problem raised from a warning.
func (t *tx) SetAnalysisWarningProblem(ctx context.Context, warningID, problemID int64) error {
	const op = "link analysis warning"
	res, err := t.exec(ctx, `UPDATE analysis_warnings SET problem_id = $1, updated_at = $2 WHERE id = $3`,
		problemID, t.now(), warningID)
	if err != nil {
		return dbErr(err, op, analysisMsgs)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return dbErr(err, op, analysisMsgs)
		}
		return zhifa.NotFound("预警")
	}
	return nil
}

// UnreviewedDecisions returns up to limit major penalty decisions (filings of kind
// penalty) of agencies under path, filing ID above afterID, by ID, whose case has no
// passed review round: one range of filings (kind, id), one key probe each.
func (t *tx) UnreviewedDecisions(ctx context.Context, underPath string, afterID int64, limit int) ([]zhifa.CaseFinding, error) {
	return t.caseFindings(ctx, "list unreviewed decisions", underPath, `
		SELECT f.id, f.case_id, f.case_number, f.agency_id, f.decided_on
		FROM filings f JOIN agencies a ON a.id = f.agency_id
		WHERE f.kind = 'penalty' AND f.id > $2 AND a.path LIKE $1 || '%'
			AND NOT EXISTS (SELECT 1 FROM review_rounds r WHERE r.case_id = f.case_id AND r.status = 'passed')
		ORDER BY f.id LIMIT `, limit, underPath, afterID)
}

// UnrecordedSteps returns up to limit steps action of cases of agencies under path, event
// ID above afterID, by ID, whose case has no A/V record naming act: one range of
// case_events (action, id), one probe of case_records (case_id, kind, act) each.
func (t *tx) UnrecordedSteps(ctx context.Context, underPath string, action zhifa.Action, act string, afterID int64, limit int) ([]zhifa.CaseFinding, error) {
	return t.caseFindings(ctx, "list unrecorded steps", underPath, `
		SELECT e.id, c.id, c.number, c.agency_id, e.acted_on
		FROM case_events e JOIN cases c ON c.id = e.case_id JOIN agencies a ON a.id = c.agency_id
		WHERE e.action = $3 AND e.id > $2 AND a.path LIKE $1 || '%'
			AND NOT EXISTS (SELECT 1 FROM case_records r WHERE r.case_id = e.case_id AND r.kind = 'av' AND r.act = $4)
		ORDER BY e.id LIMIT `, limit, underPath, afterID, string(action), act)
}

// caseFindings runs a finding query whose LIMIT is appended.
func (t *tx) caseFindings(ctx context.Context, op, underPath, query string, limit int, args ...any) ([]zhifa.CaseFinding, error) {
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, err := t.query(ctx, query+fmt.Sprint(limit), args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []zhifa.CaseFinding
	for rows.Next() {
		var f zhifa.CaseFinding
		if err := rows.Scan(&f.RefID, &f.CaseID, &f.Number, &f.AgencyID, &f.On); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return out, nil
}
