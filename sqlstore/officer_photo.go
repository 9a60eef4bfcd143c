package sqlstore

import (
	"context"

	"zhifa"
)

// Officers' photos (issue #12, migration 00031).

// SetOfficerPhoto records p as the officer's current photo.
func (t *tx) SetOfficerPhoto(ctx context.Context, p *zhifa.OfficerPhoto) error {
	p.UploadedAt = t.stamp(p.UploadedAt)
	_, err := t.exec(ctx, `
		INSERT INTO officer_photos (officer_id, sha256, sm3, size, mime, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (officer_id) DO UPDATE SET sha256 = excluded.sha256, sm3 = excluded.sm3, size = excluded.size,
			mime = excluded.mime, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at`,
		p.OfficerID, p.SHA256, p.SM3, p.Size, p.MIME, p.UploadedBy, p.UploadedAt)
	return dbErr(err, "set officer photo", errMsgs{missing: "执法人员不存在"})
}

// OfficerPhoto returns the officer's current photo.
func (t *tx) OfficerPhoto(ctx context.Context, officerID int64) (*zhifa.OfficerPhoto, error) {
	p := &zhifa.OfficerPhoto{}
	err := t.queryRow(ctx, `SELECT officer_id, sha256, sm3, size, mime, uploaded_by, uploaded_at FROM officer_photos WHERE officer_id = $1`,
		officerID).Scan(&p.OfficerID, &p.SHA256, &p.SM3, &p.Size, &p.MIME, &p.UploadedBy, &p.UploadedAt)
	if err != nil {
		return nil, rowErr(err, "officer photo", "执法人员照片")
	}
	p.UploadedAt = utc(p.UploadedAt)
	return p, nil
}
