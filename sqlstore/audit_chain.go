package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"zhifa"
)

// The audit chain (migration 00016): links over audit_log, extended by the ledger
// integrator, and the counters of failed logins for unknown accounts.

// auditColumns are the columns of an audit row as scanAudit reads them.
const auditColumns = `a.id, a.at, a.user_id, a.login, a.agency_id, a.action, a.object, a.ip, a.success, a.detail, a.object_path`

func scanAudit(s scanner, e *zhifa.AuditEntry) error {
	var user, agency sql.NullInt64
	if err := s.Scan(&e.ID, &e.At, &user, &e.Login, &agency, &e.Action, &e.Object, &e.IP, &e.Success, &e.Detail, &e.ObjectPath); err != nil {
		return err
	}
	e.At, e.UserID, e.AgencyID = e.At.UTC(), idOf(user), idOf(agency)
	return nil
}

// AuditChainHead returns the chain's last link, zero if there is none.
func (t *tx) AuditChainHead(ctx context.Context) (zhifa.AuditLink, error) {
	var l zhifa.AuditLink
	err := t.queryRow(ctx, `SELECT seq, audit_id, hash FROM audit_chain ORDER BY seq DESC LIMIT 1`).Scan(&l.Seq, &l.AuditID, &l.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return zhifa.AuditLink{}, nil
	}
	return l, dbErr(err, "read audit chain head", errMsgs{})
}

// UnchainedAudit returns audit rows after afterID without a link, by ID.
func (t *tx) UnchainedAudit(ctx context.Context, afterID int64, limit int) ([]*zhifa.AuditEntry, error) {
	const op = "read unchained audit rows"
	rows, err := t.query(ctx, `
		SELECT `+auditColumns+` FROM audit_log a
		WHERE a.id > $1 AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
		ORDER BY a.id LIMIT $2`, afterID, limit)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.AuditEntry, error) {
		var e zhifa.AuditEntry
		return &e, scanAudit(s, &e)
	})
}

// AddAuditLinks appends links to the chain, as one set (insertColumns): the integrator
// links every audit row of a bulk load at once.
func (t *tx) AddAuditLinks(ctx context.Context, links []zhifa.AuditLink) error {
	seq, ids, hashes := make([]int64, len(links)), make([]int64, len(links)), make([][]byte, len(links))
	for i, l := range links {
		seq[i], ids[i], hashes[i] = l.Seq, l.AuditID, l.Hash
	}
	return t.insertColumns(ctx, "add audit links", errMsgs{conflict: "审计链已被其他进程延长"}, "audit_chain",
		int64Column("seq", seq), int64Column("audit_id", ids), bytesColumn("hash", hashes))
}

// AuditChain returns links after afterSeq with their rows (nil when removed).
func (t *tx) AuditChain(ctx context.Context, afterSeq int64, limit int) ([]*zhifa.AuditLink, error) {
	const op = "read audit chain"
	rows, err := t.query(ctx, `
		SELECT c.seq, c.audit_id, c.hash, a.id IS NOT NULL, `+auditColumns+`
		FROM audit_chain c LEFT JOIN audit_log a ON a.id = c.audit_id
		WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`, afterSeq, limit)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.AuditLink, error) {
		var l zhifa.AuditLink
		var found bool
		var r nullAuditRow
		if err := s.Scan(&l.Seq, &l.AuditID, &l.Hash, &found, &r.id, &r.at, &r.user, &r.login, &r.agency, &r.action,
			&r.object, &r.ip, &r.success, &r.detail, &r.path); err != nil {
			return nil, err
		}
		if found {
			l.Entry = r.entry()
		}
		return &l, nil
	})
}

// nullAuditRow is an audit row of an outer join: NULLs when the row is missing.
type nullAuditRow struct {
	id, user, agency                        sql.NullInt64
	at                                      sql.NullTime
	login, action, object, ip, detail, path sql.NullString
	success                                 sql.NullBool
}

func (r *nullAuditRow) entry() *zhifa.AuditEntry {
	return &zhifa.AuditEntry{ID: r.id.Int64, At: r.at.Time.UTC(), UserID: r.user.Int64, Login: r.login.String,
		AgencyID: r.agency.Int64, Action: r.action.String, Object: r.object.String, IP: r.ip.String,
		Success: r.success.Bool, Detail: r.detail.String, ObjectPath: r.path.String}
}

// AddAuditAnchor stores a signed anchor note.
func (t *tx) AddAuditAnchor(ctx context.Context, seq int64, note []byte, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO audit_anchors (seq, note, created_at) VALUES ($1, $2, $3)`, seq, note, t.stamp(at))
	return dbErr(err, "add audit anchor", errMsgs{conflict: "审计链锚点已存在"})
}

// AuditAnchors returns anchor notes after afterSeq, by seq.
func (t *tx) AuditAnchors(ctx context.Context, afterSeq int64, limit int) ([]*zhifa.AuditAnchor, error) {
	const op = "read audit anchors"
	rows, err := t.query(ctx, `SELECT seq, note, created_at FROM audit_anchors WHERE seq > $1 ORDER BY seq LIMIT $2`, afterSeq, limit)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.AuditAnchor, error) {
		var a zhifa.AuditAnchor
		if err := s.Scan(&a.Seq, &a.Note, &a.CreatedAt); err != nil {
			return nil, err
		}
		a.CreatedAt = a.CreatedAt.UTC()
		return &a, nil
	})
}

// UnlinkedAuditIDs returns IDs of audit rows without a link, up to maxID or before a time.
func (t *tx) UnlinkedAuditIDs(ctx context.Context, maxID int64, before time.Time, limit int) ([]int64, error) {
	const op = "read unlinked audit rows"
	rows, err := t.query(ctx, `
		SELECT a.id FROM audit_log a
		WHERE (a.id <= $1 OR a.at < $2) AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
		ORDER BY a.id LIMIT $3`, maxID, utc(before), limit)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, func(s scanner) (*int64, error) {
		var id int64
		return &id, s.Scan(&id)
	})
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(list))
	for i, id := range list {
		out[i] = *id
	}
	return out, nil
}

// CountLoginFailure adds one to the counter of ip's window and reports whether the
// counter is new.
func (t *tx) CountLoginFailure(ctx context.Context, ip string, window, at time.Time) (bool, error) {
	var failures int64
	err := t.queryRow(ctx, `
		INSERT INTO login_failures (ip, window_start, failures, last_at) VALUES ($1, $2, 1, $3)
		ON CONFLICT (ip, window_start) DO UPDATE SET failures = login_failures.failures + 1, last_at = excluded.last_at
		RETURNING failures`, ip, utc(window), utc(at)).Scan(&failures)
	if err != nil {
		return false, dbErr(err, "count login failure", errMsgs{})
	}
	return failures == 1, nil
}
