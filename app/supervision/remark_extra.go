package supervision

import (
	"context"
	"fmt"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
)

// A social supervisor's remark as a source of the prominent-problem list (突出问题清单,
// REQUIREMENTS F8) and the photos and files attached to a remark (F5; issue 14). The
// justice bureau's supervisor raises a remark of its scope through OpenProblem (source
// remark) — never the remark's author, whose narrow role cannot, nor the remarked
// agency, which is not the bureau; the problem names the remark and the remark its
// problem, in the problem's transaction, once. Attachments are stored like a
// complaint's (same types, count and size, the evidence blob store), listed on the
// remark for the staff who see it, each read audited, and never served publicly.

// remarkAgency is the agency a remark is about; a missing remark is the caller's field
// error (sourceAgency).
func remarkAgency(ctx context.Context, tx zhifa.Tx, id int64) (int64, error) {
	r, err := tx.SocialRemark(ctx, id)
	if err != nil {
		return 0, err
	}
	return r.AgencyID, nil
}

// linkSource records on the source record the problem raised from it, where the source
// shows its problem (a warning, a remark).
func (s *Service) linkSource(ctx context.Context, tx zhifa.Tx, p *zhifa.Problem) error {
	switch p.Source {
	case zhifa.ProblemFromWarning:
		return s.linkWarning(ctx, tx, p)
	case zhifa.ProblemFromRemark:
		if err := tx.SetSocialRemarkProblem(ctx, p.SourceID, p.ID); err != nil {
			return err
		}
		return s.entry(ctx, tx, "social_remark.problem", map[string]string{"remark": strconv.FormatInt(p.SourceID, 10),
			"problem": strconv.FormatInt(p.ID, 10)})
	}
	return nil
}

// storeRemarkFiles streams a remark's attachments into the blob store with the limits
// and types of a complaint's (storeFiles).
func (s *Service) storeRemarkFiles(ctx context.Context, files []Attachment) ([]*zhifa.SocialRemarkFile, error) {
	if len(files) > MaxFiles {
		return nil, kernel.FieldError("files", fmt.Sprintf("附件不能超过%d个", MaxFiles))
	}
	stored, err := s.storeFiles(ctx, files)
	if err != nil {
		return nil, err
	}
	out := make([]*zhifa.SocialRemarkFile, 0, len(stored))
	for _, f := range stored {
		out = append(out, &zhifa.SocialRemarkFile{Name: f.Name, MIME: f.MIME, Size: f.Size, SHA256: f.SHA256, SM3: f.SM3})
	}
	return out, nil
}

// addRemarkFiles records the stored attachments of a new remark and returns them for
// its ledger entry.
func addRemarkFiles(ctx context.Context, tx zhifa.Tx, remarkID int64, files []*zhifa.SocialRemarkFile) ([]kernel.StoredFile, error) {
	stored := make([]kernel.StoredFile, 0, len(files))
	for _, f := range files {
		f.RemarkID = remarkID
		if err := tx.AddSocialRemarkFile(ctx, f); err != nil {
			return nil, err
		}
		stored = append(stored, kernel.StoredFile{Size: f.Size, SHA256: f.SHA256, SM3: f.SM3})
	}
	return stored, nil
}

// OpenRemarkFile opens an attachment of a remark for the staff who see the remark (the
// remarked agency's, the bureau over it), writing the read to the audit log first.
// Everyone else — the public, other agencies, the social supervisors — is told it does
// not exist. Close the object when done.
func (s *Service) OpenRemarkFile(ctx context.Context, remarkID, fileID int64) (*zhifa.SocialRemarkFile, blob.Object, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, nil, err
	}
	if s.blobs == nil {
		return nil, nil, zhifa.NotFound("附件")
	}
	var file *zhifa.SocialRemarkFile
	err := s.k.Write(ctx, "social_remark.file_read", func(tx zhifa.Tx, rec *kernel.Audit) error {
		r, err := visibleRemark(ctx, tx, actor, remarkID)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return zhifa.NotFound("附件")
		} else if err != nil {
			return err
		}
		files, err := tx.SocialRemarkFiles(ctx, r.ID)
		if err != nil {
			return err
		}
		for _, f := range files {
			if f.ID == fileID {
				file = f
			}
		}
		if file == nil {
			return zhifa.NotFound("附件")
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("social_remark", r.ID), r.AgencyPath, "附件 sha256:"+file.SHA256
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	obj, err := s.openStored(ctx, "social remark file", file.ID, file.SHA256)
	if err != nil {
		return nil, nil, err
	}
	return file, obj, nil
}
