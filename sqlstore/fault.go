package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"zhifa"
)

// Fault reviews (过错责任追究, migration 00036, REQUIREMENTS F3). The responsible persons
// and the grounds considered are JSON text: they are read with their review, never
// searched.

var faultMsgs = errMsgs{missing: "案件或执法机关不存在"}

const faultCols = `id, case_id, agency_id, state, reason, finding, responsible, grounds, exempt, reasoning, sanction,
	opened_by, opened_on, decided_by, decider, decided_on, version, created_at, updated_at`

func scanFaultReview(s scanner) (*zhifa.FaultReview, error) {
	var f zhifa.FaultReview
	var responsible, grounds string
	err := s.Scan(&f.ID, &f.CaseID, &f.AgencyID, &f.State, &f.Reason, &f.Finding, &responsible, &grounds, &f.Exempt,
		&f.Reasoning, &f.Sanction, &f.OpenedBy, &f.OpenedOn, &f.DecidedBy, &f.Decider, &f.DecidedOn, &f.Version,
		&f.CreatedAt, &f.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(responsible), &f.Responsible); err != nil {
		return nil, fmt.Errorf("fault review %d responsible: %w", f.ID, err)
	}
	if err := json.Unmarshal([]byte(grounds), &f.Grounds); err != nil {
		return nil, fmt.Errorf("fault review %d grounds: %w", f.ID, err)
	}
	f.CreatedAt, f.UpdatedAt = f.CreatedAt.UTC(), f.UpdatedAt.UTC()
	return &f, nil
}

// faultJSON encodes the review's lists, empty lists as "[]".
func faultJSON(f *zhifa.FaultReview) (responsible, grounds string, err error) {
	if f.Responsible == nil {
		f.Responsible = []zhifa.FaultParty{}
	}
	if f.Grounds == nil {
		f.Grounds = []string{}
	}
	if responsible, err = jsonText(f.Responsible); err != nil {
		return "", "", err
	}
	grounds, err = jsonText(f.Grounds)
	return responsible, grounds, err
}

// CreateFaultReview inserts a fault review at version 1.
func (t *tx) CreateFaultReview(ctx context.Context, f *zhifa.FaultReview) error {
	const op = "create fault review"
	responsible, grounds, err := faultJSON(f)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	f.CreatedAt = t.stamp(f.CreatedAt)
	f.UpdatedAt, f.Version = f.CreatedAt, 1
	err = t.queryRow(ctx, `
		INSERT INTO fault_reviews (case_id, agency_id, state, reason, finding, responsible, grounds, exempt, reasoning,
			sanction, opened_by, opened_on, decided_by, decider, decided_on, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		f.CaseID, f.AgencyID, f.State, f.Reason, f.Finding, responsible, grounds, f.Exempt, f.Reasoning, f.Sanction,
		f.OpenedBy, f.OpenedOn, f.DecidedBy, f.Decider, f.DecidedOn, f.Version, f.CreatedAt, f.UpdatedAt).Scan(&f.ID)
	return dbErr(err, op, faultMsgs)
}

// UpdateFaultReview saves the review's findings and decision if nobody changed it since
// it was read.
func (t *tx) UpdateFaultReview(ctx context.Context, f *zhifa.FaultReview) error {
	const op = "update fault review"
	responsible, grounds, err := faultJSON(f)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	f.UpdatedAt = t.stamp(f.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE fault_reviews SET state = $1, finding = $2, responsible = $3, grounds = $4, exempt = $5, reasoning = $6,
			sanction = $7, decided_by = $8, decider = $9, decided_on = $10, updated_at = $11, version = version + 1
		WHERE id = $12 AND version = $13`,
		f.State, f.Finding, responsible, grounds, f.Exempt, f.Reasoning, f.Sanction, f.DecidedBy, f.Decider, f.DecidedOn,
		f.UpdatedAt, f.ID, f.Version)
	if err != nil {
		return dbErr(err, op, faultMsgs)
	}
	if err := t.checkVersioned(ctx, res, op, `SELECT 1 FROM fault_reviews WHERE id = $1`, f.ID, "过错责任追究"); err != nil {
		return err
	}
	f.Version++
	return nil
}

// FaultReview returns the review with the id.
func (t *tx) FaultReview(ctx context.Context, id int64) (*zhifa.FaultReview, error) {
	f, err := scanFaultReview(t.queryRow(ctx, `SELECT `+faultCols+` FROM fault_reviews WHERE id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get fault review", "过错责任追究")
	}
	return f, nil
}

// CaseFaultReviews returns the reviews of a case, oldest first, by the (case_id, id) index.
func (t *tx) CaseFaultReviews(ctx context.Context, caseID int64) ([]*zhifa.FaultReview, error) {
	const op = "case fault reviews"
	rows, err := t.query(ctx, `SELECT `+faultCols+` FROM fault_reviews WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanFaultReview)
}
