package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"zhifa"
)

// Additional data bound to the ciphertexts of the personal-data columns.
const (
	adIDNumber = "officers.id_number"
	adPhone    = "officers.phone"
)

const officerCols = `o.id, o.agency_id, o.name, o.id_number_enc, o.id_masked, o.sex, o.phone_enc,
	o.position, o.domains, o.reviewer, o.legal_qual, o.legal_qual_no, o.exam_passed, o.exam_date,
	o.active, o.created_at, o.updated_at`

// scanOfficer reads officerCols and decrypts the personal data.
func (t *tx) scanOfficer(s scanner) (*zhifa.Officer, error) {
	var o zhifa.Officer
	var idEnc, phoneEnc, domains string
	err := s.Scan(&o.ID, &o.AgencyID, &o.Name, &idEnc, &o.IDMasked, &o.Sex, &phoneEnc,
		&o.Position, &domains, &o.Reviewer, &o.LegalQual, &o.LegalQualNo, &o.ExamPassed, &o.ExamDate,
		&o.Active, &o.CreatedAt, &o.UpdatedAt)
	if err != nil {
		return nil, err
	}
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	if o.Domains, err = stringsOf(domains); err != nil {
		return nil, err
	}
	if o.IDNumber, err = t.db.pii.open(adIDNumber, idEnc); err != nil {
		return nil, err
	}
	if o.Phone, err = t.db.pii.open(adPhone, phoneEnc); err != nil {
		return nil, err
	}
	return &o, nil
}

// officerPII is the stored form of an officer's personal data.
type officerPII struct {
	idEnc   string
	idIndex any // NULL without a number, so that many officers may lack one
	phone   string
}

// sealOfficer normalizes o.IDNumber, derives o.IDMasked from it and encrypts the
// personal data. The plaintext is never written to the database.
func (t *tx) sealOfficer(o *zhifa.Officer) (officerPII, error) {
	var p officerPII
	o.IDNumber = normalizeIDNumber(o.IDNumber)
	o.Phone = strings.TrimSpace(o.Phone)
	o.IDMasked = maskIDNumber(o.IDNumber)
	var err error
	if p.idEnc, err = t.db.pii.seal(adIDNumber, o.IDNumber); err != nil {
		return p, err
	}
	if o.IDNumber != "" {
		p.idIndex = t.db.pii.index(o.IDNumber)
	}
	if p.phone, err = t.db.pii.seal(adPhone, o.Phone); err != nil {
		return p, err
	}
	return p, nil
}

var officerMsgs = errMsgs{conflict: "身份证号已登记", missing: "所属机关不存在"}

// CreateOfficer inserts o, setting ID, IDMasked and the timestamps.
func (t *tx) CreateOfficer(ctx context.Context, o *zhifa.Officer) error {
	t.memo.forget("officers")
	const op = "create officer"
	pii, err := t.sealOfficer(o)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	domains, err := jsonText(o.Domains)
	if err != nil {
		return err
	}
	created := t.stamp(o.CreatedAt)
	updated := created
	if !o.UpdatedAt.IsZero() {
		updated = utc(o.UpdatedAt)
	}
	err = t.queryRow(ctx, `
		INSERT INTO officers (agency_id, name, id_number_enc, id_number_index, id_masked, sex,
			phone_enc, position, domains, reviewer, legal_qual, legal_qual_no, exam_passed, exam_date,
			active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		RETURNING id`,
		o.AgencyID, o.Name, pii.idEnc, pii.idIndex, o.IDMasked, o.Sex, pii.phone, o.Position,
		domains, o.Reviewer, o.LegalQual, o.LegalQualNo, o.ExamPassed, o.ExamDate, o.Active, created, updated,
	).Scan(&o.ID)
	if err != nil {
		return dbErr(err, op, officerMsgs)
	}
	o.CreatedAt, o.UpdatedAt = created, updated
	return nil
}

// UpdateOfficer saves every field of o (the personal data re-encrypted) and sets UpdatedAt.
func (t *tx) UpdateOfficer(ctx context.Context, o *zhifa.Officer) error {
	t.memo.forget("officers")
	const op = "update officer"
	pii, err := t.sealOfficer(o)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	domains, err := jsonText(o.Domains)
	if err != nil {
		return err
	}
	now := t.stamp(o.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE officers SET agency_id = $1, name = $2, id_number_enc = $3, id_number_index = $4,
			id_masked = $5, sex = $6, phone_enc = $7, position = $8, domains = $9, reviewer = $10,
			legal_qual = $11, legal_qual_no = $12, exam_passed = $13, exam_date = $14, active = $15,
			updated_at = $16
		WHERE id = $17`,
		o.AgencyID, o.Name, pii.idEnc, pii.idIndex, o.IDMasked, o.Sex, pii.phone, o.Position,
		domains, o.Reviewer, o.LegalQual, o.LegalQualNo, o.ExamPassed, o.ExamDate, o.Active, now, o.ID)
	if err != nil {
		return dbErr(err, op, officerMsgs)
	}
	if err := affected(res, op, "执法人员"); err != nil {
		return err
	}
	o.UpdatedAt = now
	return nil
}

// Officer returns the officer with the id, personal data decrypted.
func (t *tx) Officer(ctx context.Context, id int64) (*zhifa.Officer, error) {
	o, err := t.scanOfficer(t.queryRow(ctx, `SELECT `+officerCols+` FROM officers o WHERE o.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get officer", "执法人员")
	}
	t.names.officer(o)
	return o, nil
}

// OfficerByIDNumber finds an officer by 身份证号 through its blind index.
func (t *tx) OfficerByIDNumber(ctx context.Context, idNumber string) (*zhifa.Officer, error) {
	n := normalizeIDNumber(idNumber)
	if n == "" {
		return nil, zhifa.NotFound("执法人员")
	}
	o, err := t.scanOfficer(t.queryRow(ctx,
		`SELECT `+officerCols+` FROM officers o WHERE o.id_number_index = $1`, t.db.pii.index(n)))
	if err != nil {
		return nil, rowErr(err, "get officer by id number", "执法人员")
	}
	return o, nil
}

// Officers returns one page of the matching officers, by ID, and their total count.
func (t *tx) Officers(ctx context.Context, f zhifa.OfficerFilter) ([]*zhifa.Officer, int, error) {
	const op = "list officers"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, 0, err
	}
	var w where
	if f.UnderPath != "" {
		w.add(`a.path LIKE ? || '%'`, f.UnderPath)
	}
	if f.AgencyID != 0 {
		w.add(`o.agency_id = ?`, f.AgencyID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := strings.ToLower(likeContains(q))
		w.add(`(LOWER(o.name) LIKE ? ESCAPE '\' OR EXISTS (
			SELECT 1 FROM certificates c WHERE c.officer_id = o.id AND LOWER(c.number) LIKE ? ESCAPE '\'))`, p, p)
	}
	if f.Reviewer != nil {
		w.add(`o.reviewer = ?`, *f.Reviewer)
	}
	if f.Active != nil {
		w.add(`o.active = ?`, *f.Active)
	}
	var total int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM officers o JOIN agencies a ON a.id = o.agency_id`+w.String(),
		w.args...).Scan(&total)
	if err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	limit, offset := window(f.Page)
	rows, err := t.query(ctx, `
		SELECT `+officerCols+` FROM officers o JOIN agencies a ON a.id = o.agency_id`+w.String()+`
		ORDER BY o.id LIMIT `+w.arg(limit)+` OFFSET `+w.arg(offset), w.args...)
	if err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, t.scanOfficer)
	return list, total, err
}

// ---- certificates ----

const certCols = `c.id, c.officer_id, c.number, c.issuer, c.issued_on, c.valid_from, c.valid_until,
	c.domains, c.state, c.state_reason, c.created_at, c.updated_at`

func scanCert(s scanner) (*zhifa.Certificate, error) {
	var c zhifa.Certificate
	var domains string
	err := s.Scan(&c.ID, &c.OfficerID, &c.Number, &c.Issuer, &c.IssuedOn, &c.ValidFrom, &c.ValidUntil,
		&domains, &c.State, &c.StateReason, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if c.Domains, err = stringsOf(domains); err != nil {
		return nil, err
	}
	return &c, nil
}

var certMsgs = errMsgs{conflict: "证件编号已存在", missing: "执法人员不存在"}

// CreateCertificate inserts c, setting ID and the timestamps; an empty State is valid.
func (t *tx) CreateCertificate(ctx context.Context, c *zhifa.Certificate) error {
	t.memo.forget("certificates")
	if c.State == "" {
		c.State = zhifa.CertValid
	}
	domains, err := jsonText(c.Domains)
	if err != nil {
		return err
	}
	created := t.stamp(c.CreatedAt)
	updated := created
	if !c.UpdatedAt.IsZero() {
		updated = utc(c.UpdatedAt)
	}
	err = t.queryRow(ctx, `
		INSERT INTO certificates (officer_id, number, issuer, issued_on, valid_from, valid_until,
			domains, state, state_reason, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		RETURNING id`,
		c.OfficerID, c.Number, c.Issuer, c.IssuedOn, c.ValidFrom, c.ValidUntil, domains, c.State,
		c.StateReason, created, updated,
	).Scan(&c.ID)
	if err != nil {
		return dbErr(err, "create certificate", certMsgs)
	}
	c.CreatedAt, c.UpdatedAt = created, updated
	return nil
}

// UpdateCertificate saves c's fields except its officer, and sets UpdatedAt.
func (t *tx) UpdateCertificate(ctx context.Context, c *zhifa.Certificate) error {
	t.memo.forget("certificates")
	const op = "update certificate"
	domains, err := jsonText(c.Domains)
	if err != nil {
		return err
	}
	now := t.stamp(c.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE certificates SET number = $1, issuer = $2, issued_on = $3, valid_from = $4,
			valid_until = $5, domains = $6, state = $7, state_reason = $8, updated_at = $9
		WHERE id = $10`,
		c.Number, c.Issuer, c.IssuedOn, c.ValidFrom, c.ValidUntil, domains, c.State, c.StateReason,
		now, c.ID)
	if err != nil {
		return dbErr(err, op, certMsgs)
	}
	if err := affected(res, op, "执法证件"); err != nil {
		return err
	}
	c.UpdatedAt = now
	return nil
}

// Certificate returns the certificate with the id.
func (t *tx) Certificate(ctx context.Context, id int64) (*zhifa.Certificate, error) {
	c, err := scanCert(t.queryRow(ctx, `SELECT `+certCols+` FROM certificates c WHERE c.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get certificate", "执法证件")
	}
	return c, nil
}

// CertificateByNumber returns the certificate with the number (exact match).
func (t *tx) CertificateByNumber(ctx context.Context, number string) (*zhifa.Certificate, error) {
	c, err := scanCert(t.queryRow(ctx, `SELECT `+certCols+` FROM certificates c WHERE c.number = $1`,
		strings.TrimSpace(number)))
	if err != nil {
		return nil, rowErr(err, "get certificate by number", "执法证件")
	}
	return c, nil
}

// Certificates returns the certificates of the officers, by officer ID and, per officer,
// newest (latest issued) first.
func (t *tx) Certificates(ctx context.Context, officerIDs ...int64) ([]*zhifa.Certificate, error) {
	if len(officerIDs) == 0 {
		return nil, nil
	}
	// Kept for the transaction's further reads (writepath.go).
	q, args := certificatesQuery(officerIDs)
	return memoCollect(ctx, t, "certificates", "list certificates", scanCert, q, args...)
}

// certificatesQuery is Certificates' query: also read ahead (Prefetch).
func certificatesQuery(officerIDs []int64) (string, []any) {
	var w where
	ph := make([]string, len(officerIDs))
	for i, id := range officerIDs {
		ph[i] = w.arg(id)
	}
	return `
		SELECT ` + certCols + ` FROM certificates c
		WHERE c.officer_id IN (` + strings.Join(ph, ", ") + `)
		ORDER BY c.officer_id, c.issued_on DESC, c.id DESC`, w.args
}

// AddCertEvent records a change of a certificate's state; a zero At is now.
func (t *tx) AddCertEvent(ctx context.Context, e *zhifa.CertEvent) error {
	e.At = t.stamp(e.At)
	err := t.queryRow(ctx, `
		INSERT INTO cert_events (cert_id, at, from_state, to_state, reason, actor_id, actor)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		RETURNING id`,
		e.CertID, e.At, e.From, e.To, e.Reason, nullID(e.ActorID), e.Actor,
	).Scan(&e.ID)
	return dbErr(err, "add certificate event", errMsgs{missing: "执法证件或操作人不存在"})
}

// CertEvents returns the events of the certificate, oldest first.
func (t *tx) CertEvents(ctx context.Context, certID int64) ([]*zhifa.CertEvent, error) {
	rows, err := t.query(ctx, `
		SELECT id, cert_id, at, from_state, to_state, reason, actor_id, actor
		FROM cert_events WHERE cert_id = $1
		ORDER BY at, id`, certID)
	if err != nil {
		return nil, dbErr(err, "list certificate events", errMsgs{})
	}
	return collect(rows, "list certificate events", func(s scanner) (*zhifa.CertEvent, error) {
		var e zhifa.CertEvent
		var actor sql.NullInt64
		if err := s.Scan(&e.ID, &e.CertID, &e.At, &e.From, &e.To, &e.Reason, &actor, &e.Actor); err != nil {
			return nil, err
		}
		e.At, e.ActorID = e.At.UTC(), idOf(actor)
		return &e, nil
	})
}

// AddAnnualReview records a yearly review, setting ID and Recorded; one per certificate
// and year.
func (t *tx) AddAnnualReview(ctx context.Context, r *zhifa.AnnualReview) error {
	now := t.stamp(r.Recorded)
	err := t.queryRow(ctx, `
		INSERT INTO annual_reviews (cert_id, year, passed, date, note, actor_id, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		RETURNING id`,
		r.CertID, r.Year, r.Passed, r.Date, r.Note, nullID(r.ActorID), now,
	).Scan(&r.ID)
	if err != nil {
		return dbErr(err, "add annual review", errMsgs{conflict: "该年度已有年审记录", missing: "执法证件或操作人不存在"})
	}
	r.Recorded = now
	return nil
}

// AnnualReviews returns the reviews of the certificate by year.
func (t *tx) AnnualReviews(ctx context.Context, certID int64) ([]*zhifa.AnnualReview, error) {
	rows, err := t.query(ctx, `
		SELECT id, cert_id, year, passed, date, note, actor_id, recorded_at
		FROM annual_reviews WHERE cert_id = $1
		ORDER BY year, id`, certID)
	if err != nil {
		return nil, dbErr(err, "list annual reviews", errMsgs{})
	}
	return collect(rows, "list annual reviews", func(s scanner) (*zhifa.AnnualReview, error) {
		var r zhifa.AnnualReview
		var actor sql.NullInt64
		if err := s.Scan(&r.ID, &r.CertID, &r.Year, &r.Passed, &r.Date, &r.Note, &actor, &r.Recorded); err != nil {
			return nil, err
		}
		r.Recorded, r.ActorID = r.Recorded.UTC(), idOf(actor)
		return &r, nil
	})
}

// ---- training ----

// AddTraining records a training, setting ID and CreatedAt.
func (t *tx) AddTraining(ctx context.Context, tr *zhifa.Training) error {
	if tr.Date.IsZero() {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "输入有误，请检查标出的字段",
			Fields: map[string]string{"date": "请填写培训日期"}}
	}
	now := t.stamp(tr.CreatedAt)
	err := t.queryRow(ctx, `
		INSERT INTO trainings (officer_id, date, hours, topic, kind, provider, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		RETURNING id`,
		tr.OfficerID, tr.Date, tr.Hours, tr.Topic, tr.Kind, tr.Provider, now,
	).Scan(&tr.ID)
	if err != nil {
		return dbErr(err, "add training", errMsgs{missing: "执法人员不存在"})
	}
	tr.CreatedAt = now
	return nil
}

// Trainings returns the officer's trainings by date.
func (t *tx) Trainings(ctx context.Context, officerID int64) ([]*zhifa.Training, error) {
	rows, err := t.query(ctx, `
		SELECT id, officer_id, date, hours, topic, kind, provider, created_at
		FROM trainings WHERE officer_id = $1
		ORDER BY date, id`, officerID)
	if err != nil {
		return nil, dbErr(err, "list trainings", errMsgs{})
	}
	return collect(rows, "list trainings", func(s scanner) (*zhifa.Training, error) {
		var tr zhifa.Training
		if err := s.Scan(&tr.ID, &tr.OfficerID, &tr.Date, &tr.Hours, &tr.Topic, &tr.Kind, &tr.Provider, &tr.CreatedAt); err != nil {
			return nil, err
		}
		tr.CreatedAt = tr.CreatedAt.UTC()
		return &tr, nil
	})
}

// TrainingTotals sums the training hours dated in year for every active officer under
// underPath, officers without training included with 0, by officer ID.
func (t *tx) TrainingTotals(ctx context.Context, underPath string, year int) ([]zhifa.TrainingTotal, error) {
	const op = "training totals"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	from := zhifa.Date{Year: year, Month: 1, Day: 1}
	to := zhifa.Date{Year: year + 1, Month: 1, Day: 1}
	rows, err := t.query(ctx, `
		SELECT o.id, COALESCE(SUM(tr.hours), 0)
		FROM officers o
		JOIN agencies a ON a.id = o.agency_id
		LEFT JOIN trainings tr ON tr.officer_id = o.id AND tr.date >= $2 AND tr.date < $3
		WHERE o.active AND a.path LIKE $1 || '%'
		GROUP BY o.id
		ORDER BY o.id`, underPath, from, to)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	out := []zhifa.TrainingTotal{}
	for rows.Next() {
		var tt zhifa.TrainingTotal
		if err := rows.Scan(&tt.OfficerID, &tt.Hours); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, tt)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}
