package sqlstore

import (
	"context"
	"database/sql"

	"zhifa"
)

// AppendAudit appends e to the audit log, setting ID, and At when zero. The table
// rejects UPDATE and DELETE by trigger on both engines.
func (t *tx) AppendAudit(ctx context.Context, e *zhifa.AuditEntry) error {
	e.At = t.stamp(e.At)
	if t.bulk != nil { // a loader's transaction: written at its end, ID unset
		t.bulk.add("audit_log", auditRowColumns, e.At, nullID(e.UserID), e.Login, nullID(e.AgencyID), e.Action, e.Object,
			e.IP, e.Success, e.Detail, e.ObjectPath)
		return nil
	}
	// Deferred on PostgreSQL (deferred.go): the audit line goes out with the rows it
	// records, in the round trip before the commit.
	return t.deferWrite(ctx, "append audit", errMsgs{}, "audit_log", &e.ID, `
		INSERT INTO audit_log (at, user_id, login, agency_id, action, object, ip, success, detail, object_path)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.At, nullID(e.UserID), e.Login, nullID(e.AgencyID), e.Action, e.Object, e.IP, e.Success,
		e.Detail, e.ObjectPath)
}

// Audit returns one page of the matching entries, newest first, and their total count.
// UnderPath selects the entries whose object (ObjectPath) or actor's agency (AgencyID)
// lies in that subtree.
func (t *tx) Audit(ctx context.Context, f zhifa.AuditFilter) ([]*zhifa.AuditEntry, int, error) {
	const op = "list audit"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, 0, err
	}
	var w where
	if f.UnderPath != "" {
		w.add(`(object_path LIKE ? || '%'
			OR agency_id IN (SELECT id FROM agencies WHERE path LIKE ? || '%'))`, f.UnderPath, f.UnderPath)
	}
	if f.Action != "" {
		w.add(`action = ?`, f.Action)
	}
	if f.Object != "" {
		w.add(`object = ?`, f.Object)
	}
	var total int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM audit_log`+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	limit, offset := window(f.Page)
	rows, err := t.query(ctx, `
		SELECT id, at, user_id, login, agency_id, action, object, ip, success, detail, object_path
		FROM audit_log`+w.String()+`
		ORDER BY at DESC, id DESC LIMIT `+w.arg(limit)+` OFFSET `+w.arg(offset), w.args...)
	if err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, func(s scanner) (*zhifa.AuditEntry, error) {
		var e zhifa.AuditEntry
		var user, agency sql.NullInt64
		err := s.Scan(&e.ID, &e.At, &user, &e.Login, &agency, &e.Action, &e.Object, &e.IP, &e.Success,
			&e.Detail, &e.ObjectPath)
		if err != nil {
			return nil, err
		}
		e.At, e.UserID, e.AgencyID = e.At.UTC(), idOf(user), idOf(agency)
		return &e, nil
	})
	return list, total, err
}
