package assessment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
)

// The self-check's attachment (自查报告 as a document, its annexes): stored in the
// evidence store by content hash, named in the input's row, read only by the agency's
// staff and the bureau, each read audited.

// MaxFileSize bounds the attachment of a self-check.
const MaxFileSize = 20 << 20

// Attachment is a file sent with a self-check: its name and content.
type Attachment struct {
	Name string
	R    io.Reader
}

// BlobSource is implemented by a kernel that stores files (the App).
type BlobSource interface {
	Blobs() blob.Store
}

// allowedMIME are the types of attachment accepted, by content: PDF, images, text.
var allowedMIME = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/png": true, "text/plain; charset=utf-8": true}

// storeFile streams the attachment into the blob store, checking its type from its first
// bytes and its size.
func (s *Service) storeFile(ctx context.Context, f *Attachment) (*zhifa.AssessmentFile, error) {
	if s.blobs == nil {
		return nil, kernel.FieldError("file", "本系统未配置文件存储，暂不能上传附件")
	}
	name := strings.TrimSpace(f.Name)
	if name == "" || utf8.RuneCountInString(name) > kernel.MaxShort || !utf8.ValidString(name) {
		return nil, kernel.FieldError("file", "文件名无效")
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(f.R, head)
	head = head[:n]
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, kernel.FieldError("file", "文件上传中断，请重试")
	}
	mime := http.DetectContentType(head)
	if n == 0 || !allowedMIME[mime] {
		return nil, kernel.FieldError("file", "附件类型不支持，仅可上传PDF、图片（JPEG、PNG）或文本")
	}
	h, err := s.blobs.Put(ctx, io.MultiReader(strings.NewReader(string(head)), f.R), MaxFileSize)
	if errors.Is(err, blob.ErrTooLarge) {
		return nil, kernel.FieldError("file", fmt.Sprintf("附件超过%dMB", MaxFileSize>>20))
	} else if err != nil {
		return nil, &zhifa.Error{Code: zhifa.EINTERNAL, Message: "附件保存失败，请稍后重试", Err: err}
	}
	return &zhifa.AssessmentFile{Name: name, MIME: mime, Size: h.Size, SHA256: h.SHA256Hex(), SM3: h.SM3Hex()}, nil
}

// OpenFile opens the attachment of a scored input for the agency's staff and the bureau
// in scope, writing the read to the audit log first; everyone else is told it does not
// exist. Close the object when done.
func (s *Service) OpenFile(ctx context.Context, inputID int64) (*zhifa.AssessmentFile, blob.Object, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, nil, err
	}
	if s.blobs == nil {
		return nil, nil, zhifa.NotFound("附件")
	}
	var file *zhifa.AssessmentFile
	err := s.k.Write(ctx, "assessment.file_read", func(tx zhifa.Tx, rec *kernel.Audit) error {
		in, err := tx.AssessmentInput(ctx, inputID)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return zhifa.NotFound("附件")
		} else if err != nil {
			return err
		}
		mine := actor.AgencyID == in.AgencyID
		if in.File == nil || !(mine || (manages(actor) && actor.InScope(in.AgencyPath))) {
			return zhifa.NotFound("附件")
		}
		file = in.File
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("assessment_input", in.ID), in.AgencyPath, "附件 sha256:"+file.SHA256
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sum, err := blob.ParseSum(file.SHA256)
	if err != nil {
		return nil, nil, fmt.Errorf("assessment file %d: %w", inputID, err)
	}
	obj, err := s.blobs.Open(ctx, sum)
	if err != nil {
		return nil, nil, err
	}
	return file, obj, nil
}
