package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"zhifa"
)

// The evidence tables (migration 00003): evidence with its officers (evidence_officers)
// and the access log (evidence_access). All three are append-only by trigger.

var evidenceMsgs = errMsgs{conflict: "该账本条目已登记证据", missing: "所属机关、上传人、执法人员或账本条目不存在"}

const evidenceCols = `e.id, e.agency_id, e.kind, e.title, e.mime, e.size, e.sha256, e.sm3, e.captured_at,
	e.device_id, e.place, e.lat, e.lng, e.case_ref, e.uploaded_at, e.uploaded_by, e.ledger_index`

func scanEvidence(s scanner) (*zhifa.Evidence, error) {
	var e zhifa.Evidence
	var lat, lng sql.NullFloat64
	err := s.Scan(&e.ID, &e.AgencyID, &e.Kind, &e.Title, &e.MIME, &e.Size, &e.SHA256, &e.SM3, &e.CapturedAt,
		&e.DeviceID, &e.Place, &lat, &lng, &e.CaseRef, &e.UploadedAt, &e.UploadedBy, &e.LedgerIndex)
	if err != nil {
		return nil, err
	}
	e.CapturedAt, e.UploadedAt = e.CapturedAt.UTC(), e.UploadedAt.UTC()
	if lat.Valid && lng.Valid {
		e.Lat, e.Lng = &lat.Float64, &lng.Float64
	}
	e.OfficerIDs = []int64{}
	return &e, nil
}

// nullFloat stores a nil *float64 as NULL.
func nullFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// CreateEvidence inserts e and its officers, setting ID; UploadedAt is stamped when zero.
func (t *tx) CreateEvidence(ctx context.Context, e *zhifa.Evidence) error {
	const op = "create evidence"
	if (e.Lat == nil) != (e.Lng == nil) {
		return fmt.Errorf("%s: latitude and longitude go together", op)
	}
	uploaded := t.stamp(e.UploadedAt)
	if t.bulk != nil { // a loader's transaction: written at its end
		return t.bulk.createEvidence(ctx, t, e, uploaded)
	}
	err := t.queryRow(ctx, `
		INSERT INTO evidence (agency_id, kind, title, mime, size, sha256, sm3, captured_at, device_id,
			place, lat, lng, case_ref, uploaded_at, uploaded_by, ledger_index)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
		RETURNING id`,
		e.AgencyID, e.Kind, e.Title, e.MIME, e.Size, e.SHA256, e.SM3, utc(e.CapturedAt), e.DeviceID,
		e.Place, nullFloat(e.Lat), nullFloat(e.Lng), e.CaseRef, uploaded, e.UploadedBy, e.LedgerIndex,
	).Scan(&e.ID)
	if err != nil {
		return dbErr(err, op, evidenceMsgs)
	}
	officers := slices.Clone(e.OfficerIDs)
	slices.Sort(officers)
	officers = slices.Compact(officers)
	for _, o := range officers {
		if _, err := t.exec(ctx, `INSERT INTO evidence_officers (evidence_id, officer_id) VALUES ($1, $2)`, e.ID, o); err != nil {
			return dbErr(err, op, evidenceMsgs)
		}
	}
	if officers == nil {
		officers = []int64{}
	}
	e.OfficerIDs, e.UploadedAt, e.CapturedAt = officers, uploaded, utc(e.CapturedAt)
	return nil
}

// Evidence returns the evidence with the id.
func (t *tx) Evidence(ctx context.Context, id int64) (*zhifa.Evidence, error) {
	e, err := scanEvidence(t.queryRow(ctx, `SELECT `+evidenceCols+` FROM evidence e WHERE e.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get evidence", "证据")
	}
	if err := t.evidenceOfficers(ctx, []*zhifa.Evidence{e}); err != nil {
		return nil, err
	}
	return e, nil
}

// EvidenceList returns one page of matching evidence, newest upload first.
func (t *tx) EvidenceList(ctx context.Context, f zhifa.EvidenceFilter) ([]*zhifa.Evidence, int, error) {
	const op = "list evidence"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, 0, err
	}
	var w where
	if f.UnderPath != "" {
		w.add(`e.agency_id IN (SELECT id FROM agencies WHERE path LIKE ? || '%')`, f.UnderPath)
	}
	if f.AgencyID != 0 {
		w.add(`e.agency_id = ?`, f.AgencyID)
	}
	if f.Kind != "" {
		w.add(`e.kind = ?`, f.Kind)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeContains(q)
		w.add(`(e.title LIKE ? ESCAPE '\' OR e.case_ref LIKE ? ESCAPE '\')`, pat, pat)
	}
	var total int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM evidence e`+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	limit, offset := window(f.Page)
	rows, err := t.query(ctx, `SELECT `+evidenceCols+` FROM evidence e`+w.String()+`
		ORDER BY e.uploaded_at DESC, e.id DESC LIMIT `+w.arg(limit)+` OFFSET `+w.arg(offset), w.args...)
	if err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, scanEvidence)
	if err != nil {
		return nil, 0, err
	}
	if err := t.evidenceOfficers(ctx, list); err != nil {
		return nil, 0, err
	}
	if list == nil {
		list = []*zhifa.Evidence{}
	}
	return list, total, nil
}

// evidenceOfficers fills in the officers of each evidence, ascending.
func (t *tx) evidenceOfficers(ctx context.Context, list []*zhifa.Evidence) error {
	const op = "list evidence officers"
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*zhifa.Evidence, len(list))
	var w where
	var ph []string
	for _, e := range list {
		byID[e.ID] = e
		ph = append(ph, w.arg(e.ID))
	}
	rows, err := t.query(ctx, `SELECT evidence_id, officer_id FROM evidence_officers
		WHERE evidence_id IN (`+strings.Join(ph, ", ")+`) ORDER BY evidence_id, officer_id`, w.args...)
	if err != nil {
		return dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	for rows.Next() {
		var eid, oid int64
		if err := rows.Scan(&eid, &oid); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if e := byID[eid]; e != nil {
			e.OfficerIDs = append(e.OfficerIDs, oid)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// AddAccess appends l to the access log, setting ID, and At when zero.
func (t *tx) AddAccess(ctx context.Context, l *zhifa.AccessLog) error {
	l.At = t.stamp(l.At)
	err := t.queryRow(ctx, `
		INSERT INTO evidence_access (at, user_id, login, evidence_id, reason, ip)
		VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`,
		l.At, nullID(l.UserID), l.Login, l.EvidenceID, l.Reason, l.IP,
	).Scan(&l.ID)
	return dbErr(err, "add evidence access", errMsgs{missing: "证据不存在"})
}

// AccessLogs returns one page of the reads of an evidence file, newest first.
func (t *tx) AccessLogs(ctx context.Context, evidenceID int64, p zhifa.Page) ([]*zhifa.AccessLog, int, error) {
	const op = "list evidence access"
	var total int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM evidence_access WHERE evidence_id = $1`, evidenceID).Scan(&total); err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	limit, offset := window(p)
	rows, err := t.query(ctx, `
		SELECT id, at, user_id, login, evidence_id, reason, ip FROM evidence_access
		WHERE evidence_id = $1 ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`, evidenceID, limit, offset)
	if err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, func(s scanner) (*zhifa.AccessLog, error) {
		var l zhifa.AccessLog
		var user sql.NullInt64
		if err := s.Scan(&l.ID, &l.At, &user, &l.Login, &l.EvidenceID, &l.Reason, &l.IP); err != nil {
			return nil, err
		}
		l.At, l.UserID = l.At.UTC(), idOf(user)
		return &l, nil
	})
	if list == nil && err == nil {
		list = []*zhifa.AccessLog{}
	}
	return list, total, err
}
