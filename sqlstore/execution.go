package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"zhifa"
)

// Execution of decisions (migration 00028, issue 15): obligations, payments, payees and
// payment channels.

var obligationMsgs = errMsgs{conflict: "该案件已有缴款义务或缴款码重复", missing: "案件或机关不存在"}

// CreateObligation inserts o with version 1.
func (t *tx) CreateObligation(ctx context.Context, o *zhifa.Obligation) error {
	const op = "create obligation"
	payee, exec, err := obligationJSON(o)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	o.Version, o.CreatedAt = 1, t.stamp(o.CreatedAt)
	o.UpdatedAt = o.CreatedAt
	_, err = t.exec(ctx, `
		INSERT INTO obligations (case_id, agency_id, agency_path, fine_fen, confiscate_fen, payee, reference, served_on, due,
			paid_fen, settled_on, exec, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		o.CaseID, o.AgencyID, o.AgencyPath, o.FineFen, o.ConfiscateFen, payee, o.Reference, o.ServedOn, o.Due,
		o.PaidFen, o.SettledOn, exec, o.Version, o.CreatedAt, o.UpdatedAt)
	return dbErr(err, op, obligationMsgs)
}

func obligationJSON(o *zhifa.Obligation) (payee, exec string, err error) {
	b, err := json.Marshal(o.Payee)
	if err != nil {
		return "", "", err
	}
	e, err := json.Marshal(o.Exec)
	if err != nil {
		return "", "", err
	}
	return string(b), string(e), nil
}

const obligationCols = `case_id, agency_id, agency_path, fine_fen, confiscate_fen, payee, reference, served_on, due,
	paid_fen, settled_on, exec, version, created_at, updated_at`

func scanObligation(s scanner) (*zhifa.Obligation, error) {
	var o zhifa.Obligation
	var payee, exec string
	err := s.Scan(&o.CaseID, &o.AgencyID, &o.AgencyPath, &o.FineFen, &o.ConfiscateFen, &payee, &o.Reference, &o.ServedOn,
		&o.Due, &o.PaidFen, &o.SettledOn, &exec, &o.Version, &o.CreatedAt, &o.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(payee), &o.Payee); err != nil {
		return nil, fmt.Errorf("obligation payee: %w", err)
	}
	if err := json.Unmarshal([]byte(exec), &o.Exec); err != nil {
		return nil, fmt.Errorf("obligation state: %w", err)
	}
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return &o, nil
}

// Obligation returns the obligation of the case.
func (t *tx) Obligation(ctx context.Context, caseID int64) (*zhifa.Obligation, error) {
	o, err := scanObligation(t.queryRow(ctx, `SELECT `+obligationCols+` FROM obligations WHERE case_id = $1`, caseID))
	if err != nil {
		return nil, rowErr(err, "get obligation", "缴款义务")
	}
	return o, nil
}

// ObligationByReference returns the obligation with the payment reference (缴款码).
func (t *tx) ObligationByReference(ctx context.Context, reference string) (*zhifa.Obligation, error) {
	o, err := scanObligation(t.queryRow(ctx, `SELECT `+obligationCols+` FROM obligations WHERE reference = $1`, reference))
	if err != nil {
		return nil, rowErr(err, "get obligation by reference", "缴款码对应的缴款义务")
	}
	return o, nil
}

// UpdateObligation saves the amounts paid, the deadline and the execution state if
// o.Version is current.
func (t *tx) UpdateObligation(ctx context.Context, o *zhifa.Obligation) error {
	const op = "update obligation"
	payee, exec, err := obligationJSON(o)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	at := t.stamp(o.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE obligations SET payee = $1, paid_fen = $2, settled_on = $3, exec = $4, due = $5, version = version + 1, updated_at = $6
		WHERE case_id = $7 AND version = $8`,
		payee, o.PaidFen, o.SettledOn, exec, o.Due, at, o.CaseID, o.Version)
	if err != nil {
		return dbErr(err, op, obligationMsgs)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n == 0 {
		return zhifa.Errorf(zhifa.ECONFLICT, "缴款信息已被他人修改，请刷新后重试")
	}
	o.Version++
	o.UpdatedAt = at
	return nil
}

// AddPayment records p, setting ID and CreatedAt.
func (t *tx) AddPayment(ctx context.Context, p *zhifa.Payment) error {
	p.CreatedAt = t.stamp(p.CreatedAt)
	err := t.queryRow(ctx, `
		INSERT INTO payments (case_id, agency_id, receipt_no, amount_fen, paid_on, source, channel_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		p.CaseID, p.AgencyID, p.ReceiptNo, p.AmountFen, p.PaidOn, string(p.Source), p.ChannelID, p.CreatedAt).Scan(&p.ID)
	return dbErr(err, "add payment", errMsgs{conflict: "该票据号已登记", missing: "缴款义务不存在"})
}

const paymentCols = `id, case_id, agency_id, receipt_no, amount_fen, paid_on, source, channel_id, created_at`

func scanPayment(s scanner) (*zhifa.Payment, error) {
	var p zhifa.Payment
	if err := s.Scan(&p.ID, &p.CaseID, &p.AgencyID, &p.ReceiptNo, &p.AmountFen, &p.PaidOn, &p.Source, &p.ChannelID, &p.CreatedAt); err != nil {
		return nil, err
	}
	p.CreatedAt = p.CreatedAt.UTC()
	return &p, nil
}

// PaymentByReceipt returns the agency's payment with the receipt number.
func (t *tx) PaymentByReceipt(ctx context.Context, agencyID int64, receiptNo string) (*zhifa.Payment, error) {
	p, err := scanPayment(t.queryRow(ctx, `SELECT `+paymentCols+` FROM payments WHERE agency_id = $1 AND receipt_no = $2`, agencyID, receiptNo))
	if err != nil {
		return nil, rowErr(err, "get payment", "缴款记录")
	}
	return p, nil
}

// Payments returns the payments of the case in the order they were made.
func (t *tx) Payments(ctx context.Context, caseID int64) ([]zhifa.Payment, error) {
	const op = "list payments"
	rows, err := t.query(ctx, `SELECT `+paymentCols+` FROM payments WHERE case_id = $1 ORDER BY paid_on, id`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	ps, err := collect(rows, op, scanPayment)
	if err != nil {
		return nil, err
	}
	out := make([]zhifa.Payment, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out, nil
}

// SetPayee inserts or replaces the agency's payee account.
func (t *tx) SetPayee(ctx context.Context, p *zhifa.Payee) error {
	_, err := t.exec(ctx, `
		INSERT INTO payees (agency_id, name, bank, account, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (agency_id) DO UPDATE SET name = excluded.name, bank = excluded.bank, account = excluded.account,
			updated_at = excluded.updated_at`,
		p.AgencyID, p.Name, p.Bank, p.Account, t.now())
	return dbErr(err, "set payee", errMsgs{missing: "机关不存在"})
}

// Payee returns the agency's payee account.
func (t *tx) Payee(ctx context.Context, agencyID int64) (*zhifa.Payee, error) {
	p := zhifa.Payee{AgencyID: agencyID}
	err := t.queryRow(ctx, `SELECT name, bank, account FROM payees WHERE agency_id = $1`, agencyID).Scan(&p.Name, &p.Bank, &p.Account)
	if err != nil {
		return nil, rowErr(err, "get payee", "收款账户")
	}
	return &p, nil
}

// CreatePaymentChannel inserts ch, setting ID and CreatedAt.
func (t *tx) CreatePaymentChannel(ctx context.Context, ch *zhifa.PaymentChannel) error {
	ch.CreatedAt = t.stamp(ch.CreatedAt)
	err := t.queryRow(ctx, `
		INSERT INTO payment_channels (agency_id, name, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		ch.AgencyID, ch.Name, ch.TokenHash, ch.CreatedBy, ch.CreatedAt).Scan(&ch.ID)
	return dbErr(err, "create payment channel", errMsgs{missing: "机关不存在"})
}

const channelCols = `id, agency_id, name, token_hash, created_by, created_at, revoked`

func scanChannel(s scanner) (*zhifa.PaymentChannel, error) {
	var ch zhifa.PaymentChannel
	if err := s.Scan(&ch.ID, &ch.AgencyID, &ch.Name, &ch.TokenHash, &ch.CreatedBy, &ch.CreatedAt, &ch.Revoked); err != nil {
		return nil, err
	}
	ch.CreatedAt = ch.CreatedAt.UTC()
	return &ch, nil
}

// PaymentChannelByHash returns the channel whose token has the hash, revoked or not.
func (t *tx) PaymentChannelByHash(ctx context.Context, hash []byte) (*zhifa.PaymentChannel, error) {
	ch, err := scanChannel(t.queryRow(ctx, `SELECT `+channelCols+` FROM payment_channels WHERE token_hash = $1`, hash))
	if err != nil {
		return nil, rowErr(err, "get payment channel", "缴款通知接口")
	}
	return ch, nil
}

// PaymentChannels returns the agency's channels, oldest first.
func (t *tx) PaymentChannels(ctx context.Context, agencyID int64) ([]zhifa.PaymentChannel, error) {
	const op = "list payment channels"
	rows, err := t.query(ctx, `SELECT `+channelCols+` FROM payment_channels WHERE agency_id = $1 ORDER BY id`, agencyID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	chs, err := collect(rows, op, scanChannel)
	if err != nil {
		return nil, err
	}
	out := make([]zhifa.PaymentChannel, len(chs))
	for i, ch := range chs {
		out[i] = *ch
	}
	return out, nil
}

// RevokePaymentChannel revokes the agency's channel with the id.
func (t *tx) RevokePaymentChannel(ctx context.Context, agencyID, id int64) error {
	res, err := t.exec(ctx, `UPDATE payment_channels SET revoked = TRUE WHERE id = $1 AND agency_id = $2`, id, agencyID)
	if err != nil {
		return dbErr(err, "revoke payment channel", errMsgs{})
	}
	return affected(res, "revoke payment channel", "缴款通知接口")
}

// CollectionStats sums the obligations of today's year and after per agency under
// underPath from their summary, obligation_years (migration 00063): agencies × years
// rows, never the obligations. The overdue ones, which depend on today, are counted
// from the obligations not settled alone (the partial index obligations_unsettled).
func (t *tx) CollectionStats(ctx context.Context, underPath string, today zhifa.Date) ([]zhifa.CollectionStat, error) {
	const op = "collection stats"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	var w where
	if underPath != "" {
		w.add(`a.path >= ? AND a.path < ?`, underPath, subtreeEnd(underPath))
	}
	w.add(`s.served_year >= ?`, today.Year)
	rows, err := t.query(ctx, `
		SELECT s.agency_id, a.name, CAST(SUM(s.obligations) AS BIGINT), CAST(SUM(s.principal_fen) AS BIGINT), CAST(SUM(s.paid_fen) AS BIGINT)
		FROM obligation_years s JOIN agencies a ON a.id = s.agency_id`+w.String()+`
		GROUP BY s.agency_id, a.name HAVING SUM(s.obligations) > 0 ORDER BY s.agency_id`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	out, err := collect(rows, op, func(s scanner) (*zhifa.CollectionStat, error) {
		var st zhifa.CollectionStat
		err := s.Scan(&st.AgencyID, &st.AgencyName, &st.Obligations, &st.PrincipalFen, &st.PaidFen)
		return &st, err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	overdue, err := t.overdueObligations(ctx, underPath, today)
	if err != nil {
		return nil, err
	}
	stats := make([]zhifa.CollectionStat, len(out))
	for i, st := range out {
		st.Overdue = overdue[st.AgencyID]
		stats[i] = *st
	}
	return stats, nil
}

// overdueObligations counts per agency under underPath the obligations served in
// today's year or after, not settled and past their deadline: one range of
// obligations_unsettled, which holds the unsettled obligations alone.
func (t *tx) overdueObligations(ctx context.Context, underPath string, today zhifa.Date) (map[int64]int, error) {
	const op = "count overdue obligations"
	var w where
	w.add(`settled_on IS NULL`)
	if underPath != "" {
		w.add(`agency_path >= ? AND agency_path < ?`, underPath, subtreeEnd(underPath))
	}
	w.add(`served_on >= ?`, zhifa.Date{Year: today.Year, Month: time.January, Day: 1})
	w.add(`due < ?`, today)
	rows, err := t.query(ctx, `SELECT agency_id, COUNT(*) FROM obligations`+w.String()+` GROUP BY agency_id`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// AddPropertyItem inserts p with version 1, setting ID and the times.
func (t *tx) AddPropertyItem(ctx context.Context, p *zhifa.PropertyItem) error {
	photos, disposal, err := propertyJSON(p)
	if err != nil {
		return fmt.Errorf("add property item: %w", err)
	}
	p.Version, p.CreatedAt = 1, t.stamp(p.CreatedAt)
	p.UpdatedAt = p.CreatedAt
	err = t.queryRow(ctx, `
		INSERT INTO property_items (case_id, agency_id, name, quantity, value_fen, custody, photos, status, disposal, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		p.CaseID, p.AgencyID, p.Name, p.Quantity, p.ValueFen, p.Custody, photos, string(p.Status), disposal, p.Version, p.CreatedAt, p.UpdatedAt).Scan(&p.ID)
	return dbErr(err, "add property item", errMsgs{missing: "案件或机关不存在"})
}

func propertyJSON(p *zhifa.PropertyItem) (photos, disposal string, err error) {
	if photos, err = jsonText(p.Photos); err != nil {
		return "", "", err
	}
	b, err := json.Marshal(p.Disposal)
	return photos, string(b), err
}

const propertyCols = `id, case_id, agency_id, name, quantity, value_fen, custody, photos, status, disposal, version, created_at, updated_at`

func scanProperty(s scanner) (*zhifa.PropertyItem, error) {
	var p zhifa.PropertyItem
	var photos, disposal string
	if err := s.Scan(&p.ID, &p.CaseID, &p.AgencyID, &p.Name, &p.Quantity, &p.ValueFen, &p.Custody, &photos, &p.Status, &disposal,
		&p.Version, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(photos), &p.Photos); err != nil {
		return nil, fmt.Errorf("property photos: %w", err)
	}
	if err := json.Unmarshal([]byte(disposal), &p.Disposal); err != nil {
		return nil, fmt.Errorf("property disposal: %w", err)
	}
	if p.Photos == nil {
		p.Photos = []int64{}
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// PropertyItem returns the item with the id.
func (t *tx) PropertyItem(ctx context.Context, id int64) (*zhifa.PropertyItem, error) {
	p, err := scanProperty(t.queryRow(ctx, `SELECT `+propertyCols+` FROM property_items WHERE id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get property item", "涉案财物")
	}
	return p, nil
}

// PropertyItems returns the items of the case in the order they were listed.
func (t *tx) PropertyItems(ctx context.Context, caseID int64) ([]zhifa.PropertyItem, error) {
	const op = "list property items"
	rows, err := t.query(ctx, `SELECT `+propertyCols+` FROM property_items WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	ps, err := collect(rows, op, scanProperty)
	if err != nil {
		return nil, err
	}
	out := make([]zhifa.PropertyItem, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out, nil
}

// UpdatePropertyItem saves p's status and disposal if p.Version is current.
func (t *tx) UpdatePropertyItem(ctx context.Context, p *zhifa.PropertyItem) error {
	const op = "update property item"
	_, disposal, err := propertyJSON(p)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	at := t.stamp(time.Time{})
	res, err := t.exec(ctx, `UPDATE property_items SET status = $1, disposal = $2, version = version + 1, updated_at = $3
		WHERE id = $4 AND version = $5`, string(p.Status), disposal, at, p.ID, p.Version)
	if err != nil {
		return dbErr(err, op, errMsgs{})
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n == 0 {
		return zhifa.Errorf(zhifa.ECONFLICT, "涉案财物信息已被他人修改，请刷新后重试")
	}
	p.Version++
	p.UpdatedAt = at
	return nil
}
