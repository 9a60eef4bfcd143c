package sqlstore

import (
	"context"
	"fmt"
	"time"

	"zhifa"
)

// Licence decisions received from the agencies' licensing systems (migration 00046,
// issue 13): the applicant's 身份证号 is sealed like a case party's, under its own column.

const adLicenceApplicantID = "licences.applicant_id"

var licenceMsgs = errMsgs{missing: "机关或执法事项不存在", conflict: "本机关已有该决定文书号或来源记录的许可决定"}

const licenceCols = `l.id, l.agency_id, l.agency_path, a.name, l.item_id, l.item_name, l.number, l.decision, l.applicant_kind,
	l.applicant_name, l.applicant_code, l.applicant_id, l.legal_rep, l.content, l.valid_from, l.valid_until, l.decided_on,
	l.office, l.revokes, l.source, l.source_id, l.digest, l.version, l.created_at, l.updated_at`

const licenceFrom = ` FROM licences l JOIN agencies a ON a.id = l.agency_id`

func (t *tx) scanLicence(s scanner) (*zhifa.Licence, error) {
	var l zhifa.Licence
	var idEnc string
	err := s.Scan(&l.ID, &l.AgencyID, &l.AgencyPath, &l.AgencyName, &l.ItemID, &l.ItemName, &l.Number, &l.Decision,
		&l.Applicant.Kind, &l.Applicant.Name, &l.Applicant.CreditCode, &idEnc, &l.LegalRep, &l.Content, &l.ValidFrom,
		&l.ValidUntil, &l.DecidedOn, &l.Office, &l.Revokes, &l.Source, &l.SourceID, &l.Digest, &l.Version,
		&l.CreatedAt, &l.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if l.Applicant.IDNumber, err = t.db.pii.open(adLicenceApplicantID, idEnc); err != nil {
		return nil, err
	}
	l.Applicant.IDMasked = maskIDNumber(l.Applicant.IDNumber)
	l.CreatedAt, l.UpdatedAt = l.CreatedAt.UTC(), l.UpdatedAt.UTC()
	return &l, nil
}

// AddLicence inserts l, setting ID, Version and the timestamps.
func (t *tx) AddLicence(ctx context.Context, l *zhifa.Licence) error {
	const op = "add licence"
	idEnc, err := t.db.pii.seal(adLicenceApplicantID, l.Applicant.IDNumber)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	l.CreatedAt = t.stamp(l.CreatedAt)
	l.UpdatedAt, l.Version = l.CreatedAt, 1
	err = t.queryRow(ctx, `
		INSERT INTO licences (agency_id, agency_path, item_id, item_name, number, decision, applicant_kind, applicant_name,
			applicant_code, applicant_id, legal_rep, content, valid_from, valid_until, decided_on, office, revokes, source,
			source_id, digest, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1, $21, $21)
		RETURNING id`,
		l.AgencyID, l.AgencyPath, l.ItemID, l.ItemName, l.Number, string(l.Decision), string(l.Applicant.Kind),
		l.Applicant.Name, l.Applicant.CreditCode, idEnc, l.LegalRep, l.Content, l.ValidFrom, l.ValidUntil, l.DecidedOn,
		l.Office, l.Revokes, l.Source, l.SourceID, l.Digest, l.CreatedAt).Scan(&l.ID)
	if err != nil {
		return dbErr(err, op, licenceMsgs)
	}
	l.Applicant.IDMasked = maskIDNumber(l.Applicant.IDNumber)
	return nil
}

// UpdateLicence saves the correction l if its Version is current and keeps rev.
func (t *tx) UpdateLicence(ctx context.Context, l *zhifa.Licence, rev zhifa.LicenceRevision) error {
	const op = "update licence"
	idEnc, err := t.db.pii.seal(adLicenceApplicantID, l.Applicant.IDNumber)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	changed, err := jsonText(rev.Changed)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	at := t.stamp(time.Time{})
	res, err := t.exec(ctx, `
		UPDATE licences SET item_id = $1, item_name = $2, number = $3, decision = $4, applicant_kind = $5,
			applicant_name = $6, applicant_code = $7, applicant_id = $8, legal_rep = $9, content = $10, valid_from = $11,
			valid_until = $12, decided_on = $13, office = $14, revokes = $15, digest = $16, version = version + 1,
			updated_at = $17
		WHERE id = $18 AND version = $19`,
		l.ItemID, l.ItemName, l.Number, string(l.Decision), string(l.Applicant.Kind), l.Applicant.Name,
		l.Applicant.CreditCode, idEnc, l.LegalRep, l.Content, l.ValidFrom, l.ValidUntil, l.DecidedOn, l.Office, l.Revokes,
		l.Digest, at, l.ID, l.Version)
	if err != nil {
		return dbErr(err, op, licenceMsgs)
	}
	if err := t.versioned(ctx, res, op, "licences", l.ID, "许可决定", ""); err != nil {
		return err
	}
	if rev.Received.IsZero() {
		rev.Received = at
	}
	if _, err := t.exec(ctx, `INSERT INTO licence_revisions (licence_id, version, digest, changed, received)
		VALUES ($1, $2, $3, $4, $5)`, l.ID, rev.Version, rev.Digest, changed, rev.Received.UTC()); err != nil {
		return dbErr(err, op, errMsgs{conflict: "许可决定已被他人修改，请刷新后重试"})
	}
	l.Version++
	l.UpdatedAt = at
	l.Applicant.IDMasked = maskIDNumber(l.Applicant.IDNumber)
	return nil
}

// Licence returns the licence with the id.
func (t *tx) Licence(ctx context.Context, id int64) (*zhifa.Licence, error) {
	l, err := t.scanLicence(t.queryRow(ctx, `SELECT `+licenceCols+licenceFrom+` WHERE l.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get licence", "许可决定")
	}
	return l, nil
}

// LicenceBySource returns the agency's licence received from the source record.
func (t *tx) LicenceBySource(ctx context.Context, agencyID int64, source, sourceID string) (*zhifa.Licence, error) {
	l, err := t.scanLicence(t.queryRow(ctx, `SELECT `+licenceCols+licenceFrom+`
		WHERE l.agency_id = $1 AND l.source = $2 AND l.source_id = $3`, agencyID, source, sourceID))
	if err != nil {
		return nil, rowErr(err, "get licence by source", "许可决定")
	}
	return l, nil
}

// LicenceByNumber returns the agency's licence with the 决定文书号.
func (t *tx) LicenceByNumber(ctx context.Context, agencyID int64, number string) (*zhifa.Licence, error) {
	l, err := t.scanLicence(t.queryRow(ctx, `SELECT `+licenceCols+licenceFrom+` WHERE l.agency_id = $1 AND l.number = $2`,
		agencyID, number))
	if err != nil {
		return nil, rowErr(err, "get licence by number", "许可决定")
	}
	return l, nil
}

// Licences lists the licences of f newest first, by keyset (id < After): the agency's
// range of licences_agency_id, or the subtree's agencies.
func (t *tx) Licences(ctx context.Context, f zhifa.LicenceFilter) ([]*zhifa.Licence, error) {
	const op = "list licences"
	if err := checkPath(f.AgencyPath); err != nil {
		return nil, err
	}
	var w where
	if f.AgencyID != 0 {
		w.add(`l.agency_id = ?`, f.AgencyID)
	}
	scopeCond(&w, "l.agency_id", f.AgencyPath)
	if f.Decision != "" {
		w.add(`l.decision = ?`, string(f.Decision))
	}
	if f.Number != "" {
		w.add(`l.number = ?`, f.Number)
	}
	if !f.From.IsZero() {
		w.add(`l.decided_on >= ?`, f.From)
	}
	if !f.To.IsZero() {
		w.add(`l.decided_on <= ?`, f.To)
	}
	if f.After > 0 {
		w.add(`l.id < ?`, f.After)
	}
	limit, _ := window(zhifa.Page{Limit: f.Limit})
	rows, err := t.query(ctx, `SELECT `+licenceCols+licenceFrom+w.String()+` ORDER BY l.id DESC LIMIT `+w.arg(limit), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, t.scanLicence)
}

// LicenceRevisions lists the earlier states of a corrected licence, oldest first.
func (t *tx) LicenceRevisions(ctx context.Context, licenceID int64) ([]zhifa.LicenceRevision, error) {
	const op = "list licence revisions"
	rows, err := t.query(ctx, `SELECT version, digest, changed, received FROM licence_revisions
		WHERE licence_id = $1 ORDER BY version`, licenceID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []zhifa.LicenceRevision
	for rows.Next() {
		var r zhifa.LicenceRevision
		var changed string
		if err := rows.Scan(&r.Version, &r.Digest, &changed, &r.Received); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		if r.Changed, err = stringsOf(changed); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		r.Received = r.Received.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// PublicationOfLicence returns the publication of the licence decision.
func (t *tx) PublicationOfLicence(ctx context.Context, licenceID int64) (*zhifa.Publication, error) {
	p, err := scanPublication(t.queryRow(ctx, `SELECT `+publicationCols+publicationFrom+` WHERE p.licence_id = $1`, licenceID))
	if err != nil {
		return nil, rowErr(err, "get publication of licence", "公示信息")
	}
	return p, nil
}
