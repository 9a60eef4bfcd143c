package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"zhifa"
)

// Legal review (migration 00008): major-decision catalogs (append-only versions), reviewer
// pools and review rounds. The catalog's rules and settings and a round's submission,
// opinion and dispute are JSON text; the columns the queue filters on are plain.

// catalogData is the JSON part of a catalog row.
type catalogData struct {
	Rules      []zhifa.MajorRule `json:"rules"`
	Materials  []string          `json:"materials"`
	ReviewDays int               `json:"review_days"`
	Note       string            `json:"note,omitempty"`
}

// AddMajorCatalog stores the next version of an agency's catalog.
func (t *tx) AddMajorCatalog(ctx context.Context, c *zhifa.MajorCatalog) error {
	t.memo.forget("major_catalogs")
	const op = "add major catalog"
	if err := t.checkNextVersion(ctx, op, "major_catalogs", c.AgencyID, c.Version,
		"重大执法决定法制审核目录清单已被他人修改（当前第%d版），请刷新后重试"); err != nil {
		return err
	}
	b, err := json.Marshal(catalogData{Rules: c.Rules, Materials: c.Materials, ReviewDays: c.ReviewDays, Note: c.Note})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	c.CreatedAt = t.stamp(c.CreatedAt)
	err = t.queryRow(ctx, `
		INSERT INTO major_catalogs (agency_id, version, template, base_agency_id, base_version, data, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		c.AgencyID, c.Version, c.Template, c.BaseAgencyID, c.BaseVersion, string(b), c.CreatedBy, c.CreatedAt).Scan(&c.ID)
	return dbErr(err, op, errMsgs{conflict: "重大执法决定法制审核目录清单已被他人修改，请刷新后重试", missing: "执法机关不存在"})
}

// checkNextVersion checks that version is the next of the agency's rows in table (an
// append-only versioned table: catalogs, recording lists), ECONFLICT with conflict (given
// the current version) otherwise.
func (t *tx) checkNextVersion(ctx context.Context, op, table string, agencyID int64, version int, conflict string) error {
	var cur int
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM `+table+` WHERE agency_id = $1`, agencyID).Scan(&cur); err != nil {
		return dbErr(err, op, errMsgs{})
	}
	if version != cur+1 {
		return zhifa.Errorf(zhifa.ECONFLICT, conflict, cur)
	}
	return nil
}

// versionQuery selects cols of a version of the agency's row in table (append-only
// versioned), the latest for version 0.
func versionQuery(engine, cols, table string, agencyID int64, version int) (string, []any) {
	if version == 0 {
		return `SELECT ` + cols + ` FROM ` + table + ` WHERE agency_id = ` + sqliteNoStat4("$1", engine) + ` ORDER BY version DESC LIMIT 1`, []any{agencyID}
	}
	return `SELECT ` + cols + ` FROM ` + table + ` WHERE agency_id = $1 AND version = $2`, []any{agencyID, version}
}

const catalogCols = `id, agency_id, version, template, base_agency_id, base_version, data, created_by, created_at`

func scanCatalog(s scanner) (*zhifa.MajorCatalog, error) {
	var c zhifa.MajorCatalog
	var data string
	if err := s.Scan(&c.ID, &c.AgencyID, &c.Version, &c.Template, &c.BaseAgencyID, &c.BaseVersion, &data, &c.CreatedBy, &c.CreatedAt); err != nil {
		return nil, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	var d catalogData
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		return nil, fmt.Errorf("decode catalog: %w", err)
	}
	c.Rules, c.Materials, c.ReviewDays, c.Note = d.Rules, d.Materials, d.ReviewDays, d.Note
	if c.Rules == nil {
		c.Rules = []zhifa.MajorRule{}
	}
	if c.Materials == nil {
		c.Materials = []string{}
	}
	return &c, nil
}

// MajorCatalog returns a version of the agency's catalog, the latest for version 0.
func (t *tx) MajorCatalog(ctx context.Context, agencyID int64, version int) (*zhifa.MajorCatalog, error) {
	q, args := versionQuery(t.db.engine, catalogCols, "major_catalogs", agencyID, version)
	c, err := scanCatalog(t.memoRow(ctx, "major_catalogs", q, args...)) // writepath.go
	if err != nil {
		return nil, rowErr(err, "get major catalog", "重大执法决定法制审核目录清单")
	}
	return c, nil
}

// MajorCatalogs returns every version of the agency's catalog, newest first.
func (t *tx) MajorCatalogs(ctx context.Context, agencyID int64) ([]*zhifa.MajorCatalog, error) {
	const op = "list major catalogs"
	rows, err := t.query(ctx, `SELECT `+catalogCols+` FROM major_catalogs WHERE agency_id = $1 ORDER BY version DESC`, agencyID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanCatalog)
}

var poolMsgs = errMsgs{conflict: "审核人员库名称已存在", missing: "执法机关不存在"}

// CreateReviewPool inserts p.
func (t *tx) CreateReviewPool(ctx context.Context, p *zhifa.ReviewPool) error {
	const op = "create review pool"
	ags, err := jsonText(p.Agencies)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	revs, err := jsonText(p.Reviewers)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	p.CreatedAt = t.stamp(p.CreatedAt)
	p.UpdatedAt, p.Version = p.CreatedAt, 1
	err = t.queryRow(ctx, `
		INSERT INTO review_pools (name, agency_id, agencies, reviewers, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		p.Name, p.AgencyID, ags, revs, p.Version, p.CreatedAt, p.UpdatedAt).Scan(&p.ID)
	return dbErr(err, op, poolMsgs)
}

// UpdateReviewPool saves p under optimistic locking.
func (t *tx) UpdateReviewPool(ctx context.Context, p *zhifa.ReviewPool) error {
	const op = "update review pool"
	ags, err := jsonText(p.Agencies)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	revs, err := jsonText(p.Reviewers)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := t.stamp(p.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE review_pools SET name = $1, agencies = $2, reviewers = $3, version = version + 1, updated_at = $4
		WHERE id = $5 AND version = $6`, p.Name, ags, revs, now, p.ID, p.Version)
	if err != nil {
		return dbErr(err, op, poolMsgs)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n == 0 {
		if _, err := t.ReviewPool(ctx, p.ID); err != nil {
			return err
		}
		return zhifa.Errorf(zhifa.ECONFLICT, "审核人员库已被他人修改，请刷新后重试")
	}
	p.Version++
	p.UpdatedAt = now
	return nil
}

const poolCols = `id, name, agency_id, agencies, reviewers, version, created_at, updated_at`

func scanPool(s scanner) (*zhifa.ReviewPool, error) {
	var p zhifa.ReviewPool
	var ags, revs string
	if err := s.Scan(&p.ID, &p.Name, &p.AgencyID, &ags, &revs, &p.Version, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	p.Agencies, p.Reviewers = []int64{}, []int64{}
	if err := json.Unmarshal([]byte(ags), &p.Agencies); err != nil {
		return nil, fmt.Errorf("decode pool agencies: %w", err)
	}
	if err := json.Unmarshal([]byte(revs), &p.Reviewers); err != nil {
		return nil, fmt.Errorf("decode pool reviewers: %w", err)
	}
	return &p, nil
}

// ReviewPool returns the pool with the id.
func (t *tx) ReviewPool(ctx context.Context, id int64) (*zhifa.ReviewPool, error) {
	p, err := scanPool(t.queryRow(ctx, `SELECT `+poolCols+` FROM review_pools WHERE id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get review pool", "审核人员库")
	}
	return p, nil
}

// ReviewPools returns every pool, by ID.
func (t *tx) ReviewPools(ctx context.Context) ([]*zhifa.ReviewPool, error) {
	const op = "list review pools"
	rows, err := t.query(ctx, `SELECT `+poolCols+` FROM review_pools ORDER BY id`)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanPool)
}

var roundMsgs = errMsgs{conflict: "该轮法制审核已存在，请刷新后重试", missing: "案件不存在"}

// AddReviewRound inserts a round.
func (t *tx) AddReviewRound(ctx context.Context, r *zhifa.ReviewRound) error {
	const op = "add review round"
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	r.CreatedAt = t.stamp(r.CreatedAt)
	r.UpdatedAt = r.CreatedAt
	err = t.queryRow(ctx, `
		INSERT INTO review_rounds (case_id, agency_id, round, status, reviewer_id, due_on, opinion, data, created_at, updated_at, opinion_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		r.CaseID, r.AgencyID, r.Round, r.Status, r.ReviewerID, r.DueOn, r.Opinion, string(b), r.CreatedAt, r.UpdatedAt, r.OpinionOn).Scan(&r.ID)
	return dbErr(err, op, roundMsgs)
}

// UpdateReviewRound saves a round.
func (t *tx) UpdateReviewRound(ctx context.Context, r *zhifa.ReviewRound) error {
	const op = "update review round"
	r.UpdatedAt = t.stamp(r.UpdatedAt)
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	res, err := t.exec(ctx, `
		UPDATE review_rounds SET status = $1, reviewer_id = $2, due_on = $3, opinion = $4, data = $5, updated_at = $6,
			opinion_on = $8
		WHERE id = $7`, r.Status, r.ReviewerID, r.DueOn, r.Opinion, string(b), r.UpdatedAt, r.ID, r.OpinionOn)
	if err != nil {
		return dbErr(err, op, roundMsgs)
	}
	return affected(res, op, "法制审核记录")
}

const roundCols = `id, case_id, agency_id, round, status, reviewer_id, data, created_at, updated_at`

func scanRound(s scanner) (*zhifa.ReviewRound, error) {
	var r zhifa.ReviewRound
	var id, caseID, agencyID, reviewerID int64
	var round int
	var status, data string
	var created, updated time.Time
	if err := s.Scan(&id, &caseID, &agencyID, &round, &status, &reviewerID, &data, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, fmt.Errorf("decode review round: %w", err)
	}
	// The columns are authoritative.
	r.ID, r.CaseID, r.AgencyID, r.Round, r.Status, r.ReviewerID = id, caseID, agencyID, round, status, reviewerID
	r.CreatedAt, r.UpdatedAt = created.UTC(), updated.UTC()
	return &r, nil
}

// ReviewRounds returns the rounds of a case, oldest first.
func (t *tx) ReviewRounds(ctx context.Context, caseID int64) ([]*zhifa.ReviewRound, error) {
	const op = "list review rounds"
	rows, err := t.query(ctx, `SELECT `+roundCols+` FROM review_rounds WHERE case_id = $1 ORDER BY round`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanRound)
}

// ReviewQueue returns the reviewer's rounds with one of the statuses, by due date.
func (t *tx) ReviewQueue(ctx context.Context, reviewerID int64, statuses ...string) ([]*zhifa.ReviewRound, error) {
	const op = "review queue"
	var w where
	w.add(`reviewer_id = ?`, reviewerID)
	if len(statuses) > 0 {
		ph := ""
		for i, s := range statuses {
			if i > 0 {
				ph += ", "
			}
			ph += w.arg(s)
		}
		w.add(`status IN (` + ph + `)`)
	}
	rows, err := t.query(ctx, `SELECT `+roundCols+` FROM review_rounds`+w.String()+` ORDER BY due_on, id`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanRound)
}

// ReviewsGiven counts the rounds in which the reviewer gave an opinion.
func (t *tx) ReviewsGiven(ctx context.Context, reviewerID int64) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM review_rounds WHERE reviewer_id = $1 AND opinion <> ''`, reviewerID).Scan(&n)
	return n, dbErr(err, "count reviews", errMsgs{})
}

// ReviewerAssigned reports whether the user reviews or reviewed a round of the case.
func (t *tx) ReviewerAssigned(ctx context.Context, caseID, userID int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM review_rounds WHERE case_id = $1 AND reviewer_id = $2`, caseID, userID).Scan(&n)
	return n > 0, dbErr(err, "review assignment", errMsgs{})
}
