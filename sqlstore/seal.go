package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"zhifa"
)

// The agencies' seal keys and the seals' uses (issue 12, migration 00030).

var sealMsgs = errMsgs{conflict: "该机关已有在用的电子印章，或证书重复", missing: "机关、文书或印章不存在"}

// CreateSealKey inserts k, setting ID and CreatedAt.
func (t *tx) CreateSealKey(ctx context.Context, k *zhifa.SealKey) error {
	k.CreatedAt = t.stamp(k.CreatedAt)
	err := t.queryRow(ctx, `
		INSERT INTO seal_keys (agency_id, agency, algorithm, fingerprint, certificate, not_before, not_after,
			wrapped_key, state, created_at, created_by, ledger_index)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		k.AgencyID, k.Agency, k.Algorithm, k.Fingerprint, k.Certificate, utc(k.NotBefore), utc(k.NotAfter),
		k.WrappedKey, k.State, k.CreatedAt, k.CreatedBy, k.LedgerIndex).Scan(&k.ID)
	return dbErr(err, "create seal key", sealMsgs)
}

// EndSealKey retires an active key, or revokes an active or retired one.
func (t *tx) EndSealKey(ctx context.Context, id int64, to zhifa.SealKeyState, at time.Time, reason string) error {
	const op = "end seal key"
	from := []zhifa.SealKeyState{zhifa.SealActive, zhifa.SealActive}
	switch to {
	case zhifa.SealRetired:
	case zhifa.SealRevoked:
		from[1] = zhifa.SealRetired
	default:
		return zhifa.Errorf(zhifa.EINVALID, "印章状态无效")
	}
	res, err := t.exec(ctx, `UPDATE seal_keys SET state = $1, ended_at = $2, revoke_reason = $3
		WHERE id = $4 AND state IN ($5, $6)`, to, utc(at), reason, id, from[0], from[1])
	if err != nil {
		return dbErr(err, op, sealMsgs)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return dbErr(err, op, sealMsgs)
	}
	if n == 0 {
		return zhifa.Errorf(zhifa.ECONFLICT, "该印章不存在或已%s", to.Label())
	}
	return nil
}

const sealKeyCols = `id, agency_id, agency, algorithm, fingerprint, certificate, not_before, not_after, wrapped_key,
	state, created_at, created_by, ended_at, revoke_reason, ledger_index`

func scanSealKey(s scanner) (*zhifa.SealKey, error) {
	var k zhifa.SealKey
	var ended sql.NullTime
	if err := s.Scan(&k.ID, &k.AgencyID, &k.Agency, &k.Algorithm, &k.Fingerprint, &k.Certificate, &k.NotBefore,
		&k.NotAfter, &k.WrappedKey, &k.State, &k.CreatedAt, &k.CreatedBy, &ended, &k.RevokeReason, &k.LedgerIndex); err != nil {
		return nil, err
	}
	k.NotBefore, k.NotAfter, k.CreatedAt = k.NotBefore.UTC(), k.NotAfter.UTC(), k.CreatedAt.UTC()
	if ended.Valid {
		at := ended.Time.UTC()
		k.EndedAt = &at
	}
	return &k, nil
}

func (t *tx) sealKeyWhere(ctx context.Context, where string, arg any) (*zhifa.SealKey, error) {
	k, err := scanSealKey(t.queryRow(ctx, `SELECT `+sealKeyCols+` FROM seal_keys WHERE `+where, arg))
	if err != nil {
		return nil, rowErr(err, "get seal key", "电子印章")
	}
	return k, nil
}

// SealKey returns the key with the id.
func (t *tx) SealKey(ctx context.Context, id int64) (*zhifa.SealKey, error) {
	return t.sealKeyWhere(ctx, `id = $1`, id)
}

// SealKeyByFingerprint returns the key whose certificate has the fingerprint.
func (t *tx) SealKeyByFingerprint(ctx context.Context, fingerprint string) (*zhifa.SealKey, error) {
	return t.sealKeyWhere(ctx, `fingerprint = $1`, fingerprint)
}

// ActiveSealKey returns the agency's active key.
func (t *tx) ActiveSealKey(ctx context.Context, agencyID int64) (*zhifa.SealKey, error) {
	return t.sealKeyWhere(ctx, `agency_id = $1 AND state = 'active'`, agencyID)
}

// SealKeys lists keys newest first by keyset (seal_keys_agency, or the primary key).
func (t *tx) SealKeys(ctx context.Context, f zhifa.SealKeyFilter) ([]*zhifa.SealKey, error) {
	const op = "list seal keys"
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	after := f.AfterID
	if after <= 0 {
		after = 1 << 62
	}
	q := `SELECT ` + sealKeyCols + ` FROM seal_keys WHERE id < $1`
	args := []any{after}
	if f.AgencyID != 0 {
		q += ` AND agency_id = $2`
		args = append(args, f.AgencyID)
	}
	q += ` ORDER BY id DESC LIMIT ` + strconv.Itoa(limit)
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanSealKey)
}

// CreateSealUse records the seal's use on a document.
func (t *tx) CreateSealUse(ctx context.Context, u *zhifa.SealUse) error {
	u.SealedAt = t.stamp(u.SealedAt)
	_, err := t.exec(ctx, `INSERT INTO seal_uses (document_id, seal_key_id, pdf_sha256, ledger_index, sealed_at)
		VALUES ($1, $2, $3, $4, $5)`, u.DocumentID, u.SealKeyID, u.PDFSHA256, u.LedgerIndex, u.SealedAt)
	return dbErr(err, "create seal use", sealMsgs)
}

// SealUseByPDF returns the use whose signed PDF has the SHA-256.
func (t *tx) SealUseByPDF(ctx context.Context, sha256 string) (*zhifa.SealUse, error) {
	return t.sealUseWhere(ctx, `pdf_sha256 = $1`, sha256)
}

// SealUseOfDocument returns the use of a seal on the document.
func (t *tx) SealUseOfDocument(ctx context.Context, documentID int64) (*zhifa.SealUse, error) {
	return t.sealUseWhere(ctx, `document_id = $1`, documentID)
}

func (t *tx) sealUseWhere(ctx context.Context, where string, arg any) (*zhifa.SealUse, error) {
	var u zhifa.SealUse
	err := t.queryRow(ctx, `SELECT document_id, seal_key_id, pdf_sha256, ledger_index, sealed_at
		FROM seal_uses WHERE `+where, arg).Scan(&u.DocumentID, &u.SealKeyID, &u.PDFSHA256, &u.LedgerIndex, &u.SealedAt)
	if err != nil {
		return nil, rowErr(err, "get seal use", "电子印章使用记录")
	}
	u.SealedAt = u.SealedAt.UTC()
	return &u, nil
}
