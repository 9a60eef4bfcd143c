package sqlstore

import (
	"context"

	"zhifa"
)

// Remarks raised as prominent problems and the remarks' attachments (issue 14, F5, F8,
// migration 00048).

var remarkFileMsgs = errMsgs{missing: "监督意见不存在"}

// SetSocialRemarkProblem links the remark to the problem raised from it, once: the
// update only takes a remark without a problem, so two supervisors raising the same
// remark at once cannot both succeed.
func (t *tx) SetSocialRemarkProblem(ctx context.Context, remarkID, problemID int64) error {
	const op = "link social remark"
	res, err := t.exec(ctx, `UPDATE social_remarks SET problem_id = $1 WHERE id = $2 AND problem_id IS NULL`, problemID, remarkID)
	if err != nil {
		return dbErr(err, op, socialMsgs)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return dbErr(err, op, socialMsgs)
	}
	if n > 0 {
		return nil
	}
	var one int
	if err := t.queryRow(ctx, `SELECT 1 FROM social_remarks WHERE id = $1`, remarkID).Scan(&one); err != nil {
		return rowErr(err, op, "监督意见")
	}
	return zhifa.Errorf(zhifa.ECONFLICT, "该监督意见已列入突出问题清单")
}

// AddSocialRemarkFile records an attachment of a remark.
func (t *tx) AddSocialRemarkFile(ctx context.Context, f *zhifa.SocialRemarkFile) error {
	f.CreatedAt = t.stamp(f.CreatedAt)
	err := t.queryRow(ctx, `
		INSERT INTO social_remark_files (remark_id, name, mime, size, sha256, sm3, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		f.RemarkID, f.Name, f.MIME, f.Size, f.SHA256, f.SM3, f.CreatedAt).Scan(&f.ID)
	return dbErr(err, "add social remark file", remarkFileMsgs)
}

// SocialRemarkFiles returns a remark's attachments in order (the remark index).
func (t *tx) SocialRemarkFiles(ctx context.Context, remarkID int64) ([]*zhifa.SocialRemarkFile, error) {
	const op = "list social remark files"
	rows, err := t.query(ctx, `SELECT id, remark_id, name, mime, size, sha256, sm3, created_at
		FROM social_remark_files WHERE remark_id = $1 ORDER BY id`, remarkID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.SocialRemarkFile, error) {
		var f zhifa.SocialRemarkFile
		if err := s.Scan(&f.ID, &f.RemarkID, &f.Name, &f.MIME, &f.Size, &f.SHA256, &f.SM3, &f.CreatedAt); err != nil {
			return nil, err
		}
		f.CreatedAt = f.CreatedAt.UTC()
		return &f, nil
	})
}
