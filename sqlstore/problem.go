package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"zhifa"
)

// The prominent-problem list (突出问题清单, migration 00036, REQUIREMENTS F8). Lists
// page newest first by keyset (id < cursor) over the owner agencies of a subtree.

var problemMsgs = errMsgs{missing: "执法机关不存在"}

const problemCols = `p.id, p.agency_id, a.name, a.path, p.bureau_id, p.source, p.source_id, p.title, p.detail, p.state,
	p.opened_on, p.due_on, p.report, p.reported_on, p.note, p.accepted_on, p.version, p.created_at, p.updated_at, p.origin`

const problemFrom = ` FROM problems p JOIN agencies a ON a.id = p.agency_id`

func scanProblem(s scanner) (*zhifa.Problem, error) {
	var p zhifa.Problem
	var origin string
	err := s.Scan(&p.ID, &p.AgencyID, &p.AgencyName, &p.AgencyPath, &p.BureauID, &p.Source, &p.SourceID, &p.Title, &p.Detail,
		&p.State, &p.OpenedOn, &p.DueOn, &p.Report, &p.ReportedOn, &p.Note, &p.AcceptedOn, &p.Version, &p.CreatedAt, &p.UpdatedAt, &origin)
	if err != nil {
		return nil, err
	}
	if origin != "" {
		p.Origin = &zhifa.ProblemOrigin{}
		if err := json.Unmarshal([]byte(origin), p.Origin); err != nil {
			return nil, fmt.Errorf("problem %d origin: %w", p.ID, err)
		}
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// CreateProblem inserts a problem at version 1.
func (t *tx) CreateProblem(ctx context.Context, p *zhifa.Problem) error {
	p.CreatedAt = t.stamp(p.CreatedAt)
	p.UpdatedAt, p.Version = p.CreatedAt, 1
	origin := ""
	if p.Origin != nil {
		b, err := json.Marshal(p.Origin)
		if err != nil {
			return fmt.Errorf("create problem: origin: %w", err)
		}
		origin = string(b)
	}
	err := t.queryRow(ctx, `
		INSERT INTO problems (agency_id, bureau_id, source, source_id, title, detail, state, opened_on, due_on, report,
			reported_on, note, accepted_on, version, created_at, updated_at, origin)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
		p.AgencyID, p.BureauID, p.Source, p.SourceID, p.Title, p.Detail, p.State, p.OpenedOn, p.DueOn, p.Report,
		p.ReportedOn, p.Note, p.AcceptedOn, p.Version, p.CreatedAt, p.UpdatedAt, origin).Scan(&p.ID)
	return dbErr(err, "create problem", problemMsgs)
}

// UpdateProblem saves the problem's state, report and note if nobody changed it since
// it was read.
func (t *tx) UpdateProblem(ctx context.Context, p *zhifa.Problem) error {
	const op = "update problem"
	p.UpdatedAt = t.stamp(p.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE problems SET state = $1, report = $2, reported_on = $3, note = $4, accepted_on = $5, updated_at = $6,
			version = version + 1
		WHERE id = $7 AND version = $8`,
		p.State, p.Report, p.ReportedOn, p.Note, p.AcceptedOn, p.UpdatedAt, p.ID, p.Version)
	if err != nil {
		return dbErr(err, op, problemMsgs)
	}
	if err := t.checkVersioned(ctx, res, op, `SELECT 1 FROM problems WHERE id = $1`, p.ID, "突出问题"); err != nil {
		return err
	}
	p.Version++
	return nil
}

// Problem returns the problem with the id.
func (t *tx) Problem(ctx context.Context, id int64) (*zhifa.Problem, error) {
	p, err := scanProblem(t.queryRow(ctx, `SELECT `+problemCols+problemFrom+` WHERE p.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get problem", "突出问题")
	}
	return p, nil
}

// Problems returns one page of problems, newest first.
func (t *tx) Problems(ctx context.Context, f zhifa.ProblemFilter) ([]*zhifa.Problem, error) {
	const op = "list problems"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	var w where
	if f.UnderPath != "" {
		w.add(`a.path LIKE ? || '%'`, f.UnderPath)
	}
	if f.AgencyID != 0 {
		w.add(`p.agency_id = ?`, f.AgencyID)
	}
	if f.State != "" {
		w.add(`p.state = ?`, string(f.State))
	}
	if !f.OverdueOn.IsZero() {
		w.add(`p.state <> 'accepted' AND p.due_on < ?`, f.OverdueOn)
	}
	if f.BeforeID > 0 {
		w.add(`p.id < ?`, f.BeforeID)
	}
	rows, err := t.query(ctx, `SELECT `+problemCols+problemFrom+w.String()+` ORDER BY p.id DESC LIMIT `+fmt.Sprint(pageLimit(f.Limit)), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanProblem)
}
