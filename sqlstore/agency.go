package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"zhifa"
)

const agencyCols = `a.id, a.parent_id, a.path, a.name, a.short_name, a.level, a.type, a.region_code,
	a.credit_code, a.domains, a.duties, a.legal_basis, a.head, a.review_unit, a.address, a.phone,
	a.statement_days, a.number_template, a.hearing_person_fen, a.hearing_org_fen, a.supervises, a.lighter_share_pct,
	a.created_at, a.updated_at, a.decision_extend_days, a.decision_head_extends, a.summary_filing_days, a.review_body`

func scanAgency(s scanner) (*zhifa.Agency, error) {
	var a zhifa.Agency
	var parent sql.NullInt64
	var domains string
	err := s.Scan(&a.ID, &parent, &a.Path, &a.Name, &a.ShortName, &a.Level, &a.Type, &a.RegionCode,
		&a.CreditCode, &domains, &a.Duties, &a.LegalBasis, &a.Head, &a.ReviewUnit, &a.Address, &a.Phone,
		&a.StatementDays, &a.NumberTemplate, &a.HearingPersonFen, &a.HearingOrgFen, &a.Supervises, &a.LighterSharePct,
		&a.CreatedAt, &a.UpdatedAt, &a.DecisionExtendDays, &a.DecisionHeadExtends, &a.SummaryFilingDays, &a.ReviewBody)
	if err != nil {
		return nil, err
	}
	a.ParentID = idOf(parent)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	if a.Domains, err = stringsOf(domains); err != nil {
		return nil, err
	}
	return &a, nil
}

// CreateAgency inserts a, setting ID, Path ("/ID/" for a root, the parent's path plus
// "ID/" for a child) and the timestamps.
func (t *tx) CreateAgency(ctx context.Context, a *zhifa.Agency) error {
	const op = "create agency"
	parentPath := "/"
	if a.ParentID != 0 {
		err := t.queryRow(ctx, `SELECT path FROM agencies WHERE id = $1`, a.ParentID).Scan(&parentPath)
		if err != nil {
			if err == sql.ErrNoRows {
				return zhifa.Errorf(zhifa.EINVALID, "上级机关不存在")
			}
			return dbErr(err, op, errMsgs{})
		}
	}
	domains, err := jsonText(a.Domains)
	if err != nil {
		return err
	}
	t.memo.forgetAgencies()
	created := t.stamp(a.CreatedAt)
	updated := created
	if !a.UpdatedAt.IsZero() {
		updated = utc(a.UpdatedAt)
	}
	err = t.queryRow(ctx, `
		INSERT INTO agencies (parent_id, path, name, short_name, level, type, region_code, credit_code,
			domains, duties, legal_basis, head, review_unit, address, phone, created_at, updated_at,
			statement_days, number_template, hearing_person_fen, hearing_org_fen, supervises, lighter_share_pct,
			decision_extend_days, decision_head_extends, summary_filing_days, review_body)
		VALUES ($1, '', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
		RETURNING id`,
		nullID(a.ParentID), a.Name, a.ShortName, a.Level, a.Type, a.RegionCode, a.CreditCode,
		domains, a.Duties, a.LegalBasis, a.Head, a.ReviewUnit, a.Address, a.Phone, created, updated,
		a.StatementDays, a.NumberTemplate, a.HearingPersonFen, a.HearingOrgFen, a.Supervises, a.LighterSharePct,
		a.DecisionExtendDays, a.DecisionHeadExtends, a.SummaryFilingDays, a.ReviewBody,
	).Scan(&a.ID)
	if err != nil {
		return dbErr(err, op, errMsgs{missing: "上级机关不存在"})
	}
	path := parentPath + strconv.FormatInt(a.ID, 10) + "/"
	if _, err := t.exec(ctx, `UPDATE agencies SET path = $1 WHERE id = $2`, path, a.ID); err != nil {
		return dbErr(err, op, errMsgs{})
	}
	a.Path, a.CreatedAt, a.UpdatedAt = path, created, updated
	return nil
}

// UpdateAgency saves a's fields and sets UpdatedAt; ParentID and Path are read back,
// since the parent cannot change.
func (t *tx) UpdateAgency(ctx context.Context, a *zhifa.Agency) error {
	const op = "update agency"
	domains, err := jsonText(a.Domains)
	if err != nil {
		return err
	}
	t.memo.forgetAgencies()
	now := t.stamp(a.UpdatedAt)
	var parent sql.NullInt64
	err = t.queryRow(ctx, `
		UPDATE agencies SET name = $1, short_name = $2, level = $3, type = $4, region_code = $5,
			credit_code = $6, domains = $7, duties = $8, legal_basis = $9, head = $10,
			review_unit = $11, address = $12, phone = $13, updated_at = $14,
			statement_days = $16, number_template = $17, hearing_person_fen = $18, hearing_org_fen = $19,
			supervises = $20, lighter_share_pct = $21, decision_extend_days = $22, decision_head_extends = $23,
			summary_filing_days = $24, review_body = $25
		WHERE id = $15
		RETURNING parent_id, path`,
		a.Name, a.ShortName, a.Level, a.Type, a.RegionCode, a.CreditCode, domains, a.Duties,
		a.LegalBasis, a.Head, a.ReviewUnit, a.Address, a.Phone, now, a.ID, a.StatementDays, a.NumberTemplate,
		a.HearingPersonFen, a.HearingOrgFen, a.Supervises, a.LighterSharePct, a.DecisionExtendDays, a.DecisionHeadExtends,
		a.SummaryFilingDays, a.ReviewBody,
	).Scan(&parent, &a.Path)
	if err != nil {
		return rowErr(err, op, "执法机关")
	}
	a.ParentID, a.UpdatedAt = idOf(parent), now
	return nil
}

// Agency returns the agency with the id.
func (t *tx) Agency(ctx context.Context, id int64) (*zhifa.Agency, error) {
	if a, ok := t.memo.agency(id); ok { // writepath.go
		return a, nil
	}
	q, args := agencyQuery(id)
	a, err := scanAgency(t.queryRow(ctx, q, args...))
	if err != nil {
		return nil, rowErr(err, "get agency", "执法机关")
	}
	t.memo.keepAgency(a)
	return a, nil
}

// agencyQuery is Agency's query: also read ahead (Prefetch).
func agencyQuery(id int64) (string, []any) {
	return `SELECT ` + agencyCols + ` FROM agencies a WHERE a.id = $1`, []any{id}
}

// Agencies returns the agencies whose path starts with underPath ("" for all), by path.
func (t *tx) Agencies(ctx context.Context, underPath string) ([]*zhifa.Agency, error) {
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, `
		SELECT `+agencyCols+` FROM agencies a
		WHERE a.path LIKE $1 || '%'
		ORDER BY a.path`, underPath)
	if err != nil {
		return nil, dbErr(err, "list agencies", errMsgs{})
	}
	return collect(rows, "list agencies", scanAgency)
}
