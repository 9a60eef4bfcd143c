package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"zhifa"
)

// The annual report (migration 00033, issue 13): the year's figures, each one grouped
// query over an index range of the agency (or the agencies of a government) and the
// year, and the agencies' reports.

var reportMsgs = errMsgs{missing: "机关不存在", conflict: "本机关该年度的统计年报已经生成"}

// yearBounds are the first and last civil days of year, and the instants bounding it
// in CST (for timestamps).
func yearBounds(year int) (first, last zhifa.Date, from, to time.Time) {
	first = zhifa.Date{Year: year, Month: time.January, Day: 1}
	last = zhifa.Date{Year: year, Month: time.December, Day: 31}
	from = first.Time().UTC()
	to = zhifa.Date{Year: year + 1, Month: time.January, Day: 1}.Time().UTC()
	return first, last, from, to
}

// annualScope adds the agency condition of f on col.
func annualScope(w *where, col string, f zhifa.AnnualFilter) {
	if f.AgencyID != 0 {
		w.add(col+` = ?`, f.AgencyID)
		return
	}
	scopeCond(w, col, f.UnderPath)
}

// AnnualCounts aggregates the year of f.
func (t *tx) AnnualCounts(ctx context.Context, f zhifa.AnnualFilter) (*zhifa.AnnualCounts, error) {
	const op = "annual counts"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	if f.AgencyID == 0 && f.UnderPath == "" {
		return nil, zhifa.Errorf(zhifa.EINVALID, "请指定机关")
	}
	first, last, from, to := yearBounds(f.Year)
	acted := func(extra string) *where {
		var w where
		annualScope(&w, "s.agency_id", f)
		w.add("s.acted_on >= ? AND s.acted_on <= ?", first, last)
		if extra != "" {
			w.add(extra)
		}
		return &w
	}
	out := &zhifa.AnnualCounts{}
	var hearings, reviews, remedies, pubs, licences where
	annualScope(&hearings, "s.agency_id", f)
	hearings.add("s.hearing_on >= ? AND s.hearing_on <= ?", first, last)
	annualScope(&reviews, "r.agency_id", f)
	reviews.add("r.created_at >= ? AND r.created_at < ?", from, to)
	annualScope(&remedies, "r.agency_id", f)
	remedies.add("r.outcome_on >= ? AND r.outcome_on <= ? AND r.outcome <> ''", first, last)
	annualScope(&pubs, "p.agency_id", f)
	pubs.add("p.decided_on >= ? AND p.decided_on <= ?", first, last)
	annualScope(&licences, "l.agency_id", f)
	licences.add("l.decided_on >= ? AND l.decided_on <= ?", first, last)

	all, penalty, inspection := acted(""), acted("s.kind = 'penalty'"), acted("s.kind = 'inspection'")
	var hearingRows, pubRows []zhifa.StatCount
	groups := []struct {
		dst   *[]zhifa.StatCount
		query string
		args  []any
	}{
		{&out.Acts, `SELECT s.kind, i.category, COUNT(*), 0, 0 FROM case_stats s JOIN items i ON i.id = s.item_id` +
			all.String() + ` GROUP BY s.kind, i.category ORDER BY s.kind, i.category`, all.args},
		{&out.PenaltyMasks, `SELECT s.penalty_mask, '', COUNT(*), CAST(SUM(s.fine_fen) AS BIGINT), CAST(SUM(s.confiscate_fen) AS BIGINT)
			FROM case_stats s` + penalty.String() + ` GROUP BY s.penalty_mask ORDER BY s.penalty_mask`, penalty.args},
		// One range of case_stats_agency_inspection per agency (migration 00049).
		{&out.Inspections, `SELECT s.initiation, '', COUNT(*), 0, 0 FROM case_stats s` +
			inspection.String() + ` GROUP BY s.initiation ORDER BY s.initiation`, inspection.args},
		{&hearingRows, `SELECT 'hearings', '', COUNT(*), 0, 0 FROM case_stats s` + hearings.String(), hearings.args},
		{&out.Reviews, `SELECT r.status, '', COUNT(*), 0, 0 FROM review_rounds r` + reviews.String() +
			` GROUP BY r.status ORDER BY r.status`, reviews.args},
		{&out.Remedies, `SELECT r.kind || '/' || r.outcome, '', COUNT(*), 0, 0 FROM reconsiderations r` + remedies.String() +
			` GROUP BY r.kind, r.outcome ORDER BY r.kind, r.outcome`, remedies.args},
		{&pubRows, `SELECT 'publications', '', COUNT(*),
			CAST(COALESCE(SUM(CASE WHEN p.status = 'declined' THEN 1 ELSE 0 END), 0) AS BIGINT),
			CAST(COALESCE(SUM(CASE WHEN p.published_on IS NOT NULL AND p.published_on <= p.due THEN 1 ELSE 0 END), 0) AS BIGINT)
			FROM publications p` + pubs.String(), pubs.args},
		// One range of licences_agency_decided per agency (issue 13, migration 00046).
		{&out.Licences, `SELECT l.decision, '', COUNT(*), 0, 0 FROM licences l` + licences.String() +
			` GROUP BY l.decision ORDER BY l.decision`, licences.args},
	}
	for _, g := range groups {
		var err error
		if *g.dst, err = t.statCounts(ctx, g.query, g.args); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
	}
	for _, m := range out.PenaltyMasks {
		out.FinesFen += m.Sum
		out.ConfiscatedFen += m.Hits
	}
	if len(hearingRows) == 1 {
		out.Hearings = hearingRows[0].Count
	}
	if len(pubRows) == 1 {
		out.Publications = pubRows[0]
	}
	return out, nil
}

const reportCols = `r.id, r.agency_id, r.agency_path, a.name, r.year, r.status, r.figures, r.generated_at, r.prepared_by,
	r.approved_by, r.approver, r.published_on, r.reported_to, r.entry, r.version, r.created_at, r.updated_at`

const reportFrom = ` FROM annual_reports r JOIN agencies a ON a.id = r.agency_id`

func scanReport(s scanner) (*zhifa.AnnualReport, error) {
	var r zhifa.AnnualReport
	var figures, reported string
	err := s.Scan(&r.ID, &r.AgencyID, &r.AgencyPath, &r.AgencyName, &r.Year, &r.Status, &figures, &r.GeneratedAt,
		&r.PreparedBy, &r.ApprovedBy, &r.Approver, &r.PublishedOn, &reported, &r.Entry, &r.Version, &r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(figures), &r.Figures); err != nil {
		return nil, fmt.Errorf("decode report figures: %w", err)
	}
	if err := json.Unmarshal([]byte(reported), &r.ReportedTo); err != nil {
		return nil, fmt.Errorf("decode report recipients: %w", err)
	}
	r.GeneratedAt, r.CreatedAt, r.UpdatedAt = r.GeneratedAt.UTC(), r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return &r, nil
}

func reportJSON(r *zhifa.AnnualReport) (figures, reported string, err error) {
	if r.Figures == nil {
		r.Figures = []zhifa.ReportFigure{}
	}
	if r.ReportedTo == nil {
		r.ReportedTo = []zhifa.ReportRecipient{}
	}
	f, err := json.Marshal(r.Figures)
	if err != nil {
		return "", "", err
	}
	rt, err := json.Marshal(r.ReportedTo)
	return string(f), string(rt), err
}

// AddAnnualReport inserts r, setting ID, Version and the timestamps.
func (t *tx) AddAnnualReport(ctx context.Context, r *zhifa.AnnualReport) error {
	const op = "add annual report"
	figures, reported, err := reportJSON(r)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	r.CreatedAt = t.stamp(r.CreatedAt)
	r.UpdatedAt, r.Version = r.CreatedAt, 1
	r.GeneratedAt = t.stamp(r.GeneratedAt)
	err = t.queryRow(ctx, `
		INSERT INTO annual_reports (agency_id, agency_path, year, status, figures, generated_at, prepared_by, approved_by,
			approver, published_on, reported_to, entry, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13) RETURNING id`,
		r.AgencyID, r.AgencyPath, r.Year, string(r.Status), figures, r.GeneratedAt, r.PreparedBy, r.ApprovedBy,
		r.Approver, r.PublishedOn, reported, r.Entry, r.CreatedAt).Scan(&r.ID)
	if err != nil {
		return dbErr(err, op, reportMsgs)
	}
	return nil
}

// UpdateAnnualReport saves r if its version is current.
func (t *tx) UpdateAnnualReport(ctx context.Context, r *zhifa.AnnualReport) error {
	const op = "update annual report"
	figures, reported, err := reportJSON(r)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	at := t.stamp(time.Time{})
	r.GeneratedAt = utc(r.GeneratedAt)
	res, err := t.exec(ctx, `
		UPDATE annual_reports SET status = $1, figures = $2, generated_at = $3, prepared_by = $4, approved_by = $5,
			approver = $6, published_on = $7, reported_to = $8, entry = $9, version = version + 1, updated_at = $10
		WHERE id = $11 AND version = $12`,
		string(r.Status), figures, r.GeneratedAt, r.PreparedBy, r.ApprovedBy, r.Approver, r.PublishedOn, reported,
		r.Entry, at, r.ID, r.Version)
	if err != nil {
		return dbErr(err, op, reportMsgs)
	}
	if err := t.versioned(ctx, res, op, "annual_reports", r.ID, "统计年报", ""); err != nil {
		return err
	}
	r.Version++
	r.UpdatedAt = at
	return nil
}

// AnnualReport returns the report with the id.
func (t *tx) AnnualReport(ctx context.Context, id int64) (*zhifa.AnnualReport, error) {
	r, err := scanReport(t.queryRow(ctx, `SELECT `+reportCols+reportFrom+` WHERE r.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get annual report", "统计年报")
	}
	return r, nil
}

// AnnualReportOf returns the agency's report of the year.
func (t *tx) AnnualReportOf(ctx context.Context, agencyID int64, year int) (*zhifa.AnnualReport, error) {
	r, err := scanReport(t.queryRow(ctx, `SELECT `+reportCols+reportFrom+` WHERE r.agency_id = $1 AND r.year = $2`, agencyID, year))
	if err != nil {
		return nil, rowErr(err, "get annual report of agency", "统计年报")
	}
	return r, nil
}

// AnnualReports lists reports newest first by keyset (id < After).
func (t *tx) AnnualReports(ctx context.Context, f zhifa.ReportFilter) ([]*zhifa.AnnualReport, error) {
	const op = "list annual reports"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	var w where
	if f.Status != "" {
		w.add("r.status = ?", string(f.Status))
	}
	if f.Year != 0 {
		w.add("r.year = ?", f.Year)
	}
	if f.UnderPath != "" {
		w.add("r.agency_path >= ? AND r.agency_path < ?", f.UnderPath, subtreeEnd(f.UnderPath))
	}
	if f.After > 0 {
		w.add("r.id < ?", f.After)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := t.query(ctx, `SELECT `+reportCols+reportFrom+w.String()+fmt.Sprintf(` ORDER BY r.id DESC LIMIT %d`, limit), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	out := []*zhifa.AnnualReport{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, r)
	}
	return out, dbErr(rows.Err(), op, errMsgs{})
}

// AgenciesWithoutReport lists the enforcement agencies of the subtree without a
// published report of the year (one pass over the agencies, one index probe each).
func (t *tx) AgenciesWithoutReport(ctx context.Context, underPath string, year int) ([]*zhifa.Agency, error) {
	const op = "agencies without report"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	var w where
	if underPath != "" {
		w.add("a.path >= ? AND a.path < ?", underPath, subtreeEnd(underPath))
	}
	w.add("a.type IN (?, ?)", string(zhifa.AgencyAdministrative), string(zhifa.AgencyAuthorized))
	w.add("NOT EXISTS (SELECT 1 FROM annual_reports r WHERE r.agency_id = a.id AND r.year = ? AND r.status = 'published')", year)
	rows, err := t.query(ctx, `SELECT `+agencyCols+` FROM agencies a`+w.String()+` ORDER BY a.path`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []*zhifa.Agency
	for rows.Next() {
		a, err := scanAgency(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, a)
	}
	return out, dbErr(rows.Err(), op, errMsgs{})
}
