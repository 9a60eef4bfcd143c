package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"zhifa"
)

// Approval requests and delegations (migration 00015, issue 9 §1). A request is written
// once and decided once (WHERE status = 'pending'); a delegation is written once and may
// only be revoked.

var approvalMsgs = errMsgs{missing: "案件、机关或用户不存在"}

// CreateApprovalRequest inserts r as pending, setting ID and CreatedAt.
func (t *tx) CreateApprovalRequest(ctx context.Context, r *zhifa.ApprovalRequest) error {
	r.CreatedAt, r.Status = t.stamp(r.CreatedAt), zhifa.ApprovalPending
	err := t.queryRow(ctx, `
		INSERT INTO approval_requests (case_id, agency_id, action, input, case_version, snapshot,
			requester_id, requester, approver_id, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		r.CaseID, r.AgencyID, r.Action, r.Input, r.CaseVersion, r.Snapshot, r.RequesterID, r.Requester,
		r.ApproverID, string(r.Status), r.CreatedAt).Scan(&r.ID)
	return dbErr(err, "create approval request", approvalMsgs)
}

// DecideApprovalRequest saves r's status, decider and opinion if it is still pending.
func (t *tx) DecideApprovalRequest(ctx context.Context, r *zhifa.ApprovalRequest) error {
	at := t.stamp(time.Time{})
	if r.DecidedAt != nil {
		at = utc(*r.DecidedAt)
	}
	res, err := t.exec(ctx, `
		UPDATE approval_requests SET status = $1, decided_by = $2, decider = $3, decided_at = $4, opinion = $5
		WHERE id = $6 AND status = 'pending'`,
		string(r.Status), r.DecidedBy, r.Decider, at, r.Opinion, r.ID)
	if err != nil {
		return dbErr(err, "decide approval request", approvalMsgs)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return dbErr(err, "decide approval request", approvalMsgs)
	}
	if n == 0 {
		return zhifa.Errorf(zhifa.ECONFLICT, "审批请求已处理，请刷新后查看")
	}
	r.DecidedAt = &at
	return nil
}

const approvalCols = `r.id, r.case_id, r.agency_id, r.action, r.input, r.case_version, r.snapshot, r.requester_id,
	r.requester, r.approver_id, r.status, r.decided_by, r.decider, r.decided_at, r.opinion, r.created_at, c.version, c.number, c.kind, c.procedure`

const approvalFrom = ` FROM approval_requests r JOIN cases c ON c.id = r.case_id`

func scanApproval(s scanner) (*zhifa.ApprovalRequest, error) {
	var r zhifa.ApprovalRequest
	var decided sql.NullTime
	err := s.Scan(&r.ID, &r.CaseID, &r.AgencyID, &r.Action, &r.Input, &r.CaseVersion, &r.Snapshot, &r.RequesterID,
		&r.Requester, &r.ApproverID, &r.Status, &r.DecidedBy, &r.Decider, &decided, &r.Opinion, &r.CreatedAt, &r.CurrentVersion,
		&r.CaseNumber, &r.CaseKind, &r.CaseProcedure)
	if err != nil {
		return nil, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	if decided.Valid {
		at := decided.Time.UTC()
		r.DecidedAt = &at
	}
	return &r, nil
}

// ApprovalRequest returns the request with the id and its case's current version.
func (t *tx) ApprovalRequest(ctx context.Context, id int64) (*zhifa.ApprovalRequest, error) {
	r, err := scanApproval(t.queryRow(ctx, `SELECT `+approvalCols+approvalFrom+` WHERE r.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get approval request", "审批请求")
	}
	return r, nil
}

// ApprovalRequests lists requests, newest first, by keyset (id < AfterID), with their
// count up to zhifa.CountCap+1 (issue #11).
func (t *tx) ApprovalRequests(ctx context.Context, f zhifa.ApprovalFilter) ([]*zhifa.ApprovalRequest, int, error) {
	return listPage(ctx, t, "list approval requests", approvalListQuery(f), scanApproval)
}

// approvalListQuery builds the queries of ApprovalRequests: each filter has an index
// ending in id (migration 00015), read in id order to the page's end.
func approvalListQuery(f zhifa.ApprovalFilter) *listQuery {
	var w where
	if f.AgencyID != 0 {
		w.add(`r.agency_id = ?`, f.AgencyID)
	}
	if f.ApproverID != 0 {
		w.add(`r.approver_id = ?`, f.ApproverID)
	}
	if f.CaseID != 0 {
		w.add(`r.case_id = ?`, f.CaseID)
	}
	switch f.Status {
	case "":
	case zhifa.ApprovalPending:
		w.add(`r.status = 'pending' AND c.version = r.case_version`)
	case zhifa.ApprovalVoid:
		w.add(`r.status = 'pending' AND c.version <> r.case_version`)
	default:
		w.add(`r.status = ?`, string(f.Status))
	}
	q := &listQuery{
		count:     `SELECT COUNT(*) FROM (SELECT 1` + approvalFrom + w.String() + ` LIMIT ` + fmt.Sprint(zhifa.CountCap+1) + `) n`,
		countArgs: slices.Clone(w.args),
	}
	if f.AfterID > 0 {
		w.add(`r.id < ?`, f.AfterID)
	}
	limit, _ := window(f.Page)
	q.list = `SELECT ` + approvalCols + approvalFrom + w.String() + ` ORDER BY r.id DESC LIMIT ` + w.arg(limit)
	q.listArgs = w.args
	return q
}

// CreateDelegation inserts d, setting ID and CreatedAt.
func (t *tx) CreateDelegation(ctx context.Context, d *zhifa.Delegation) error {
	d.CreatedAt = t.stamp(d.CreatedAt)
	err := t.queryRow(ctx, `
		INSERT INTO delegations (agency_id, head_id, head, deputy_id, deputy, from_date, to_date, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		d.AgencyID, d.HeadID, d.Head, d.DeputyID, d.Deputy, d.From, d.To, d.Reason, d.CreatedAt).Scan(&d.ID)
	return dbErr(err, "create delegation", approvalMsgs)
}

// RevokeDelegation ends a delegation at at; one already revoked is ECONFLICT.
func (t *tx) RevokeDelegation(ctx context.Context, id int64, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE delegations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, utc(at), id)
	if err != nil {
		return dbErr(err, "revoke delegation", approvalMsgs)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return dbErr(err, "revoke delegation", approvalMsgs)
	}
	if n == 0 {
		return zhifa.Errorf(zhifa.ECONFLICT, "该授权不存在或已撤销")
	}
	return nil
}

const delegationCols = `id, agency_id, head_id, head, deputy_id, deputy, from_date, to_date, reason, created_at, revoked_at`

func scanDelegation(s scanner) (*zhifa.Delegation, error) {
	var d zhifa.Delegation
	var revoked sql.NullTime
	if err := s.Scan(&d.ID, &d.AgencyID, &d.HeadID, &d.Head, &d.DeputyID, &d.Deputy, &d.From, &d.To, &d.Reason,
		&d.CreatedAt, &revoked); err != nil {
		return nil, err
	}
	d.CreatedAt = d.CreatedAt.UTC()
	if revoked.Valid {
		at := revoked.Time.UTC()
		d.RevokedAt = &at
	}
	return &d, nil
}

// Delegation returns the delegation with the id.
func (t *tx) Delegation(ctx context.Context, id int64) (*zhifa.Delegation, error) {
	d, err := scanDelegation(t.queryRow(ctx, `SELECT `+delegationCols+` FROM delegations WHERE id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get delegation", "授权")
	}
	return d, nil
}

// Delegations lists the agency's delegations, newest first (a handful per agency).
func (t *tx) Delegations(ctx context.Context, agencyID int64) ([]*zhifa.Delegation, error) {
	const op = "list delegations"
	rows, err := t.query(ctx, `SELECT `+delegationCols+` FROM delegations WHERE agency_id = $1 ORDER BY id DESC LIMIT 200`, agencyID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanDelegation)
}
