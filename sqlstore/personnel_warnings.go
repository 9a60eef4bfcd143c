package sqlstore

import (
	"context"
	"database/sql"

	"zhifa"
)

// The personnel warnings read the summaries of migration 00064 (officer_standing,
// training_years, agency_staffing), kept by triggers, so that they read only the officers
// they show rather than every officer in scope with all their certificates and
// trainings (issue 11).

// CertificateWarnings lists the active officers under underPath whose current certificate
// is missing, not valid on today, or ends before horizon: one range of the index
// officer_standing_warn (warn_on < horizon) and one of officer_standing_from (not yet
// valid) per agency in scope.
func (t *tx) CertificateWarnings(ctx context.Context, underPath string, today, horizon zhifa.Date) ([]zhifa.OfficerCertificate, error) {
	const op = "certificate warnings"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	// Two ranges, one per index, rather than an OR that SQLite reads as every active
	// officer of the agency; CROSS JOIN keeps SQLite from walking all officers by id
	// for the ORDER BY.
	const from = `
		SELECT o.id, o.name, o.agency_id, s.cert_id, s.cert_state, s.valid_from, s.valid_until
		FROM agencies a CROSS JOIN officer_standing s CROSS JOIN officers o
		WHERE a.path LIKE $1 || '%' AND s.agency_id = a.id AND s.active AND o.id = s.officer_id`
	rows, err := t.query(ctx, from+` AND s.warn_on < $2
		UNION
		`+from+` AND s.valid_from > $3
		ORDER BY 1`, underPath, horizon, today)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []zhifa.OfficerCertificate
	for rows.Next() {
		var w zhifa.OfficerCertificate
		var certID sql.NullInt64
		var state sql.NullString
		var from, until zhifa.Date
		if err := rows.Scan(&w.OfficerID, &w.Officer, &w.AgencyID, &certID, &state, &from, &until); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
		if certID.Valid {
			w.Cert = &zhifa.Certificate{ID: certID.Int64, OfficerID: w.OfficerID, State: zhifa.CertState(state.String),
				ValidFrom: from, ValidUntil: until}
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return out, nil
}

// TrainingShortfalls lists at most limit active officers under underPath, by id after
// after, whose hours of year (training_years) are fewer than minHours. It walks the
// officers in id order and stops at limit: early in a year nearly every officer is short
// and the walk stops at once.
func (t *tx) TrainingShortfalls(ctx context.Context, underPath string, year int, minHours float64, after int64, limit int) ([]zhifa.OfficerTraining, error) {
	const op = "training shortfalls"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, `
		SELECT o.id, o.name, o.agency_id, COALESCE(ty.hours, 0)
		FROM officers o
		JOIN agencies a ON a.id = o.agency_id
		LEFT JOIN training_years ty ON ty.officer_id = o.id AND ty.year = $2
		WHERE o.active AND a.path LIKE $1 || '%' AND o.id > $3 AND COALESCE(ty.hours, 0) < $4
		ORDER BY o.id LIMIT $5`, underPath, year, after, minHours, limit)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []zhifa.OfficerTraining
	for rows.Next() {
		var w zhifa.OfficerTraining
		if err := rows.Scan(&w.OfficerID, &w.Officer, &w.AgencyID, &w.Hours); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return out, nil
}

// AgencyStaffing reads the counts of agency_staffing for the agencies under underPath:
// one row per agency, however many officers it has.
func (t *tx) AgencyStaffing(ctx context.Context, underPath string) ([]zhifa.AgencyStaff, error) {
	const op = "agency staffing"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, `
		SELECT s.agency_id, s.officers, s.reviewers
		FROM agency_staffing s JOIN agencies a ON a.id = s.agency_id
		WHERE a.path LIKE $1 || '%' AND s.officers > 0
		ORDER BY s.agency_id`, underPath)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []zhifa.AgencyStaff
	for rows.Next() {
		var s zhifa.AgencyStaff
		if err := rows.Scan(&s.AgencyID, &s.Officers, &s.Reviewers); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return out, nil
}
