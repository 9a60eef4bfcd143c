package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"zhifa"
)

// Filings with the justice bureau (migration 00010, REQUIREMENTS F6). The filing row is
// written once with the decision and only its review fields change; the review history
// (filing_events) is append-only. late is stored so that overdue filings are one filter.
// Rule filings (migration 00014, REQUIREMENTS B3, B4) have no case (case_id NULL) and name
// their subject: the benchmark or list entry, its reference and the version filed.

var filingMsgs = errMsgs{conflict: "该决定（或该版本）已备案", missing: "案件或执法机关不存在"}

// CreateFiling inserts f.
func (t *tx) CreateFiling(ctx context.Context, f *zhifa.Filing) error {
	reasons, err := jsonText(f.Reasons)
	if err != nil {
		return fmt.Errorf("create filing: %w", err)
	}
	f.FiledAt, f.Version = t.stamp(f.FiledAt), 1
	err = t.queryRow(ctx, `
		INSERT INTO filings (case_id, case_number, agency_id, kind, to_agency_id, reasons, summary, decided_on, due,
			filed_at, late, status, remark, reviewer_id, reviewer, reviewed_at, version, subject_id, subject_ref, subject_version,
			reviewed)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, `+filingReviewed+`) RETURNING id`,
		nullID(f.CaseID), f.CaseNumber, f.AgencyID, string(f.Kind), nullID(f.ToAgencyID), reasons, f.Summary, f.DecidedOn, f.Due,
		f.FiledAt, f.Late(), string(f.Status), f.Remark, f.ReviewerID, f.Reviewer, nullTimePtr(f.ReviewedAt), f.Version,
		f.SubjectID, f.SubjectRef, f.SubjectVersion,
	).Scan(&f.ID)
	return dbErr(err, "create filing", filingMsgs)
}

// UpdateFiling saves the review fields of f under optimistic locking.
func (t *tx) UpdateFiling(ctx context.Context, f *zhifa.Filing) error {
	const op = "update filing"
	res, err := t.exec(ctx, `
		UPDATE filings SET status = $1, remark = $2, reviewer_id = $3, reviewer = $4, reviewed_at = $5,
			version = version + 1
		WHERE id = $6 AND version = $7`,
		string(f.Status), f.Remark, f.ReviewerID, f.Reviewer, nullTimePtr(f.ReviewedAt), f.ID, f.Version)
	if err != nil {
		return dbErr(err, op, filingMsgs)
	}
	if err := t.versioned(ctx, res, op, "filings", f.ID, "备案", "备案已被他人审查，请刷新后重试"); err != nil {
		return err
	}
	f.Version++
	return nil
}

const filingCols = `f.id, f.case_id, f.case_number, f.agency_id, f.kind, f.to_agency_id, f.reasons, f.summary,
	f.decided_on, f.due, f.filed_at, f.status, f.remark, f.reviewer_id, f.reviewer, f.reviewed_at, f.version,
	f.subject_id, f.subject_ref, f.subject_version`

func scanFiling(s scanner) (*zhifa.Filing, error) {
	var f zhifa.Filing
	var to, caseID sql.NullInt64
	var reasons string
	var reviewed sql.NullTime
	err := s.Scan(&f.ID, &caseID, &f.CaseNumber, &f.AgencyID, &f.Kind, &to, &reasons, &f.Summary, &f.DecidedOn,
		&f.Due, &f.FiledAt, &f.Status, &f.Remark, &f.ReviewerID, &f.Reviewer, &reviewed, &f.Version,
		&f.SubjectID, &f.SubjectRef, &f.SubjectVersion)
	if err != nil {
		return nil, err
	}
	f.CaseID, f.ToAgencyID, f.ReviewedAt, f.FiledAt = idOf(caseID), idOf(to), timePtr(reviewed), f.FiledAt.UTC()
	if f.Reasons, err = stringsOf(reasons); err != nil {
		return nil, fmt.Errorf("decode reasons: %w", err)
	}
	return &f, nil
}

// Filing returns the filing with the id.
func (t *tx) Filing(ctx context.Context, id int64) (*zhifa.Filing, error) {
	f, err := scanFiling(t.queryRow(ctx, `SELECT `+filingCols+` FROM filings f WHERE f.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get filing", "备案")
	}
	return f, nil
}

// CaseFilings returns the filings of a case, oldest first.
func (t *tx) CaseFilings(ctx context.Context, caseID int64) ([]*zhifa.Filing, error) {
	const op = "list case filings"
	rows, err := t.query(ctx, `SELECT `+filingCols+` FROM filings f WHERE f.case_id = $1 ORDER BY f.id`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanFiling)
}

// Filings returns one page of matching filings, newest first, and their count up to
// zhifa.CountCap+1. Every filter has an index ending in id (migrations 00014, 00020,
// 00023), so a page is read in index order from the keyset (id < AfterID) and stops at
// its limit (issue #11).
func (t *tx) Filings(ctx context.Context, ff zhifa.FilingFilter) ([]*zhifa.Filing, int, error) {
	const op = "list filings"
	q, err := filingListQuery(ff)
	if err != nil {
		return nil, 0, err
	}
	return listPage(ctx, t, op, q, scanFiling)
}

// filingListQuery builds the queries of Filings: the capped count and the page.
func filingListQuery(ff zhifa.FilingFilter) (*listQuery, error) {
	if err := checkPath(ff.UnderPath); err != nil {
		return nil, err
	}
	var w where
	scopeCond(&w, "f.agency_id", ff.UnderPath)
	if ff.AgencyID != 0 {
		w.add(`f.agency_id = ?`, ff.AgencyID)
	}
	if ff.Kind != "" {
		w.add(`f.kind = ?`, string(ff.Kind))
	}
	if ff.SubjectID != 0 {
		w.add(`f.subject_id = ?`, ff.SubjectID)
	}
	if ff.Late {
		w.add(`f.late = ?`, true)
	}
	switch {
	case ff.Status != "":
		w.add(`f.status = ?`, string(ff.Status))
	case ff.Unreviewed:
		// An IN list, not <>, so that filings_late (late, status, id) answers it.
		w.add(`f.status IN (?, ?)`, string(zhifa.FilingFiled), string(zhifa.FilingCorrection))
	}
	const from = ` FROM filings f`
	q := &listQuery{
		count:     `SELECT COUNT(*) FROM (SELECT 1` + from + w.String() + ` LIMIT ` + fmt.Sprint(zhifa.CountCap+1) + `) n`,
		countArgs: slices.Clone(w.args),
	}
	if ff.AfterID > 0 {
		w.add(`f.id < ?`, ff.AfterID)
	}
	limit, _ := window(ff.Page)
	q.list = `SELECT ` + filingCols + from + w.String() + ` ORDER BY f.id DESC LIMIT ` + w.arg(limit)
	q.listArgs = w.args
	return q, nil
}

// AddFilingEvent appends to a filing's review history, setting ID and, when zero, At.
func (t *tx) AddFilingEvent(ctx context.Context, e *zhifa.FilingEvent) error {
	e.At = t.stamp(e.At)
	err := t.queryRow(ctx, `
		INSERT INTO filing_events (filing_id, at, actor_id, actor, status, remark)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		e.FilingID, e.At, e.ActorID, e.Actor, string(e.Status), e.Remark).Scan(&e.ID)
	return dbErr(err, "add filing event", errMsgs{missing: "备案不存在"})
}

// FilingEvents returns the review history of a filing, oldest first.
func (t *tx) FilingEvents(ctx context.Context, filingID int64) ([]*zhifa.FilingEvent, error) {
	const op = "list filing events"
	rows, err := t.query(ctx, `
		SELECT id, filing_id, at, actor_id, actor, status, remark FROM filing_events WHERE filing_id = $1 ORDER BY id`, filingID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.FilingEvent, error) {
		var e zhifa.FilingEvent
		err := s.Scan(&e.ID, &e.FilingID, &e.At, &e.ActorID, &e.Actor, &e.Status, &e.Remark)
		e.At = e.At.UTC()
		return &e, err
	})
}
