package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"zhifa"
)

// Transfers of suspected crimes (migration 00010, REQUIREMENTS G3): one row per transfer,
// updated under optimistic locking as it moves through its steps.

var transferMsgs = errMsgs{missing: "案件或执法机关不存在"}

// nullTimePtr stores a nil time as NULL.
func nullTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return nullTime(*t)
}

// timePtr reads a nullable timestamp column as a pointer; NULL is nil.
func timePtr(nt sql.NullTime) *time.Time {
	if !nt.Valid {
		return nil
	}
	t := nt.Time.UTC()
	return &t
}

// CreateTransfer inserts t.
func (t *tx) CreateTransfer(ctx context.Context, tr *zhifa.Transfer) error {
	tr.CreatedAt = t.stamp(tr.CreatedAt)
	tr.UpdatedAt, tr.ProposedAt, tr.Version = tr.CreatedAt, t.stamp(tr.ProposedAt), 1
	err := t.queryRow(ctx, `
		INSERT INTO case_transfers (case_id, agency_id, status, facts, offence, proposed_at, proposed_by, decision_due,
			decided_at, decided_by, reject_reason, handover_due, handed_over_at, organ_kind, organ, reply, reply_on,
			reply_reason, reconsidered, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
		RETURNING id`,
		tr.CaseID, tr.AgencyID, string(tr.Status), tr.Facts, tr.Offence, tr.ProposedAt, tr.ProposedBy, tr.DecisionDue,
		nullTimePtr(tr.DecidedAt), tr.DecidedBy, tr.RejectReason, nullTimePtr(tr.HandoverDue), nullTimePtr(tr.HandedOverAt),
		string(tr.OrganKind), tr.Organ, tr.Reply, tr.ReplyOn, tr.ReplyReason, tr.Reconsidered, tr.Version,
		tr.CreatedAt, tr.UpdatedAt).Scan(&tr.ID)
	return dbErr(err, "create transfer", transferMsgs)
}

// UpdateTransfer saves t's mutable fields under optimistic locking.
func (t *tx) UpdateTransfer(ctx context.Context, tr *zhifa.Transfer) error {
	const op = "update transfer"
	now := t.stamp(tr.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE case_transfers SET status = $1, facts = $2, offence = $3, decided_at = $4, decided_by = $5,
			reject_reason = $6, handover_due = $7, handed_over_at = $8, organ_kind = $9, organ = $10, reply = $11,
			reply_on = $12, reply_reason = $13, reconsidered = $14, version = version + 1, updated_at = $15
		WHERE id = $16 AND version = $17`,
		string(tr.Status), tr.Facts, tr.Offence, nullTimePtr(tr.DecidedAt), tr.DecidedBy, tr.RejectReason,
		nullTimePtr(tr.HandoverDue), nullTimePtr(tr.HandedOverAt), string(tr.OrganKind), tr.Organ, tr.Reply, tr.ReplyOn,
		tr.ReplyReason, tr.Reconsidered, now, tr.ID, tr.Version)
	if err != nil {
		return dbErr(err, op, transferMsgs)
	}
	if err := t.versioned(ctx, res, op, "case_transfers", tr.ID, "移送记录", ""); err != nil {
		return err
	}
	tr.Version++
	tr.UpdatedAt = now
	return nil
}

const transferCols = `t.id, t.case_id, t.agency_id, t.status, t.facts, t.offence, t.proposed_at, t.proposed_by,
	t.decision_due, t.decided_at, t.decided_by, t.reject_reason, t.handover_due, t.handed_over_at, t.organ_kind,
	t.organ, t.reply, t.reply_on, t.reply_reason, t.reconsidered, t.version, t.created_at, t.updated_at`

func scanTransfer(s scanner) (*zhifa.Transfer, error) {
	var tr zhifa.Transfer
	var decided, due, handed sql.NullTime
	err := s.Scan(&tr.ID, &tr.CaseID, &tr.AgencyID, &tr.Status, &tr.Facts, &tr.Offence, &tr.ProposedAt, &tr.ProposedBy,
		&tr.DecisionDue, &decided, &tr.DecidedBy, &tr.RejectReason, &due, &handed, &tr.OrganKind, &tr.Organ, &tr.Reply,
		&tr.ReplyOn, &tr.ReplyReason, &tr.Reconsidered, &tr.Version, &tr.CreatedAt, &tr.UpdatedAt)
	if err != nil {
		return nil, err
	}
	tr.DecidedAt, tr.HandoverDue, tr.HandedOverAt = timePtr(decided), timePtr(due), timePtr(handed)
	tr.ProposedAt, tr.CreatedAt, tr.UpdatedAt = tr.ProposedAt.UTC(), tr.CreatedAt.UTC(), tr.UpdatedAt.UTC()
	return &tr, nil
}

// Transfer returns the transfer with the id.
func (t *tx) Transfer(ctx context.Context, id int64) (*zhifa.Transfer, error) {
	tr, err := scanTransfer(t.queryRow(ctx, `SELECT `+transferCols+` FROM case_transfers t WHERE t.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get transfer", "移送记录")
	}
	return tr, nil
}

// CaseTransfers returns the transfers of a case, newest first.
func (t *tx) CaseTransfers(ctx context.Context, caseID int64) ([]*zhifa.Transfer, error) {
	const op = "list case transfers"
	rows, err := t.query(ctx, `SELECT `+transferCols+` FROM case_transfers t WHERE t.case_id = $1 ORDER BY t.id DESC`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanTransfer)
}

// Transfers returns one page of matching transfers, newest first, and their total count.
func (t *tx) Transfers(ctx context.Context, f zhifa.TransferFilter) ([]*zhifa.Transfer, int, error) {
	const op = "list transfers"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, 0, err
	}
	var w where
	if f.UnderPath != "" {
		w.add(`a.path LIKE ? || '%'`, f.UnderPath)
	}
	if f.AgencyID != 0 {
		w.add(`t.agency_id = ?`, f.AgencyID)
	}
	if f.Status != "" {
		w.add(`t.status = ?`, string(f.Status))
	}
	if f.Pending {
		ph := make([]string, len(zhifa.PendingTransfers))
		for i, st := range zhifa.PendingTransfers {
			ph[i] = w.arg(string(st))
		}
		w.add(`t.status IN (` + strings.Join(ph, ", ") + `)`)
	}
	const from = ` FROM case_transfers t JOIN agencies a ON a.id = t.agency_id`
	var total int
	if err := t.queryRow(ctx, `SELECT COUNT(*)`+from+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	limit, offset := window(f.Page)
	rows, err := t.query(ctx, `SELECT `+transferCols+from+w.String()+`
		ORDER BY t.id DESC LIMIT `+w.arg(limit)+` OFFSET `+w.arg(offset), w.args...)
	if err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, scanTransfer)
	return list, total, err
}
