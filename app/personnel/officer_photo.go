package personnel

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
	"zhifa/ledger"
)

// Officers' photos (issue #12; REQUIREMENTS C2, 亮证执法): the admin uploads an officer's
// photo; it is kept in the evidence store under its hashes and shown on the officer's
// page and on the public certificate check, so that the public can match the face.

// MaxOfficerPhoto bounds the size of a photo: a portrait for a screen, not a scan.
const MaxOfficerPhoto = 2 << 20

// photoTypes are the image types a photo may have, as sniffed from its content
// (http.DetectContentType), whatever the upload claims.
var photoTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

// SetOfficerPhoto stores r as the photo of the officer: an officer manager of the
// officer's agency (or above) only; JPEG, PNG or WebP of at most MaxOfficerPhoto bytes.
// The picture goes to the evidence store first; the row and the audit line commit
// together, and a failed transaction leaves only an unreferenced blob.
func (s *Service) SetOfficerPhoto(ctx context.Context, officerID int64, r io.Reader) (*zhifa.OfficerPhoto, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageOfficers); err != nil {
		return nil, err
	}
	if s.blobs == nil {
		return nil, errNoBlobs()
	}
	if err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		_, _, err := s.visibleOfficer(ctx, tx, actor, officerID)
		return err
	}); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxOfficerPhoto+1))
	if err != nil {
		return nil, uploadError(err)
	}
	switch {
	case len(data) == 0:
		return nil, kernel.FieldError("photo", "请选择照片文件")
	case len(data) > MaxOfficerPhoto:
		return nil, kernel.FieldError("photo", "照片不能超过2 MiB，请压缩后上传")
	}
	mime := http.DetectContentType(data)
	if !photoTypes[mime] {
		return nil, kernel.FieldError("photo", "照片应为 JPEG、PNG 或 WebP 图片")
	}
	h, err := s.blobs.Put(ctx, bytes.NewReader(data), MaxOfficerPhoto)
	if err != nil {
		return nil, err
	}
	p := &zhifa.OfficerPhoto{OfficerID: officerID, SHA256: h.SHA256Hex(), SM3: h.SM3Hex(), Size: h.Size, MIME: mime,
		UploadedBy: actor.UserID, UploadedAt: s.k.Now()}
	err = s.k.Write(ctx, "officer.photo", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object = kernel.ObjectRef("officer", officerID)
		_, path, err := s.visibleOfficer(ctx, tx, actor, officerID)
		if err != nil {
			return err
		}
		rec.ObjectPath, rec.Detail = path, "SHA-256 "+p.SHA256
		if err := tx.SetOfficerPhoto(ctx, p); err != nil {
			return err
		}
		// The photo the public matches faces against is tamper-evident like the
		// certificate it goes with, and names its file so that zhifa verify rehashes it.
		_, err = s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "officer.photo", Meta: map[string]string{
			"officer": strconv.FormatInt(officerID, 10),
			"mime":    mime,
		}, Hashes: map[string]ledger.Digest{"photo": {Size: h.Size, SHA256: h.SHA256, SM3: h.SM3}}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// OfficerPhoto opens the photo of an officer in the actor's scope. Close the object.
func (s *Service) OfficerPhoto(ctx context.Context, officerID int64) (*zhifa.OfficerPhoto, blob.Object, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, nil, err
	}
	var p *zhifa.OfficerPhoto
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		if _, _, err := s.visibleOfficer(ctx, tx, actor, officerID); err != nil {
			return err
		}
		var err error
		p, err = tx.OfficerPhoto(ctx, officerID)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return s.openPhoto(ctx, p)
}

// PublicOfficerPhoto opens the photo of an officer for anyone: officers are public
// (执法人员公示), and the photo is what the public matches the officer's face against.
func (s *Service) PublicOfficerPhoto(ctx context.Context, officerID int64) (*zhifa.OfficerPhoto, blob.Object, error) {
	var p *zhifa.OfficerPhoto
	err := s.k.Read(ctx, func(tx zhifa.Tx) (err error) {
		p, err = tx.OfficerPhoto(ctx, officerID)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return s.openPhoto(ctx, p)
}

func (s *Service) openPhoto(ctx context.Context, p *zhifa.OfficerPhoto) (*zhifa.OfficerPhoto, blob.Object, error) {
	if s.blobs == nil {
		return nil, nil, errNoBlobs()
	}
	var sum [32]byte
	b, err := hex.DecodeString(p.SHA256)
	if err != nil || len(b) != len(sum) {
		return nil, nil, zhifa.Errorf(zhifa.EINTERNAL, "照片摘要无效")
	}
	copy(sum[:], b)
	o, err := s.blobs.Open(ctx, sum)
	if err != nil {
		return nil, nil, err
	}
	return p, o, nil
}

// HasOfficerPhoto says whether the officer has a photo, for the pages that show it.
func (s *Service) HasOfficerPhoto(ctx context.Context, officerID int64) bool {
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		_, err := tx.OfficerPhoto(ctx, officerID)
		return err
	})
	return err == nil
}
