package cases

import (
	"context"
	"strconv"
	"time"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// Approval forms (立案审批表, 结案审批表; issue 9 §1): the 负责人审批意见 is written only by
// a head (or the head's current deputy) signing the draft in their own session; it
// carries the signer's name and time, and the signer's ID and time are kept with the
// form's fields. The handler cannot write it, editing a signed draft voids the signature
// (电子签名法第十三条), and a form without one cannot be issued (law.CheckApprovalForm).

// Keys of the approval and its signature among a form's fields. approvalByKey and
// approvalAtKey are not template fields: SaveDocument cannot set them.
const (
	approvalKey   = "approval"
	approvalByKey = "approval_by"
	approvalAtKey = "approval_at"
)

// ApprovalSign is a head's approval of a form draft of the given version.
type ApprovalSign struct {
	Version int    `json:"version"`
	Opinion string `json:"opinion"`
}

// formSigned reports whether an approval form carries a head's signature.
func formSigned(d *zhifa.Document) bool { return d.Fields[approvalByKey] != "" }

// guardApprovalFields keeps the handler's edit of an approval form from writing the
// head's approval, and voids the signature when the edit changes what was signed.
func guardApprovalFields(d *zhifa.Document, fields map[string]string) error {
	if !law.IsApprovalForm(d.Type) {
		return nil
	}
	if v, ok := fields[approvalKey]; ok {
		if v != d.Fields[approvalKey] {
			return &zhifa.Error{Code: zhifa.EFORBIDDEN, Message: "负责人审批意见只能由负责人本人签署",
				Fields: map[string]string{"fields." + approvalKey: "负责人审批意见只能由负责人本人签署"}}
		}
		delete(fields, approvalKey)
	}
	changed := false
	for k, v := range fields {
		if d.Fields[k] != v {
			changed = true
		}
	}
	if changed && formSigned(d) {
		d.Fields[approvalKey] = ""
		delete(d.Fields, approvalByKey)
		delete(d.Fields, approvalAtKey)
	}
	return nil
}

// SignApproval writes the actor's approval into an approval form draft: the actor must
// approve for the case's agency today (a head or the head's deputy).
func (s *Service) SignApproval(ctx context.Context, id int64, in ApprovalSign) (*DocumentView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	chk := newChecker()
	chk.Text("opinion", &in.Opinion, true, maxOpinion)
	if err := chk.Err(); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "document.approve", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("document", id)
		d, c, err := s.visibleDocument(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.ObjectPath = pathOf(ctx, tx, c.AgencyID)
		if !law.IsApprovalForm(d.Type) {
			return zhifa.Errorf(zhifa.EINVALID, "%s不是审批表", d.Type.Label())
		}
		ok, err := s.k.MayApprove(ctx, tx, actor, c.AgencyID, s.k.Today())
		if err != nil {
			return err
		}
		if !ok {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "审批意见只能由本机关负责人（或其指定的负责人）本人签署")
		}
		if d.State != zhifa.DocDraft {
			return zhifa.Errorf(zhifa.ECONFLICT, "文书已签发，不能再签署审批意见")
		}
		if in.Version != d.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "文书已被他人修改（当前版本%d），请刷新后重试", d.Version)
		}
		now := s.k.Now()
		d.Fields[approvalKey] = in.Opinion + "\n负责人：" + actor.Name + "　" + now.In(zhifa.CST).Format("2006年1月2日 15:04")
		d.Fields[approvalByKey] = strconv.FormatInt(actor.UserID, 10)
		d.Fields[approvalAtKey] = now.UTC().Format(time.RFC3339)
		d.UpdatedAt = now
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		rec.Detail = c.Number + " " + d.Type.Label()
		e := docEntry("document.approve", d)
		e.Meta["approver"] = "user/" + strconv.FormatInt(actor.UserID, 10)
		_, err = s.k.AppendCaseEntry(ctx, tx, c, e)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Document(ctx, id)
}

// checkFormSignature gates the issue of an approval form: the signature exists, and
// its signer still is a user of the case's agency (law.CheckApprovalForm).
func checkFormSignature(ctx context.Context, tx zhifa.Tx, d *zhifa.Document, c *zhifa.Case) error {
	if err := law.CheckApprovalForm(d.Type, formSigned(d)); err != nil || !law.IsApprovalForm(d.Type) {
		return err
	}
	id, err := strconv.ParseInt(d.Fields[approvalByKey], 10, 64)
	if err != nil {
		return law.CheckApprovalForm(d.Type, false)
	}
	u, err := tx.User(ctx, id)
	if err != nil || u.AgencyID != c.AgencyID {
		return law.CheckApprovalForm(d.Type, false)
	}
	return nil
}

// setSignable fills v's Signed and CanSign for the actor.
func (s *Service) setSignable(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, d *zhifa.Document, c *zhifa.Case, v *DocumentView) error {
	if !law.IsApprovalForm(d.Type) {
		return nil
	}
	v.Signed = formSigned(d)
	if d.State != zhifa.DocDraft {
		return nil
	}
	ok, err := s.k.MayApprove(ctx, tx, actor, c.AgencyID, s.k.Today())
	v.CanSign = ok
	return err
}
