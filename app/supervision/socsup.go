package supervision

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
)

// Social supervision (社会监督, REQUIREMENTS F5; seed 002 §17-18, 004 §29): the justice
// bureau appoints people as social supervisors (社会监督员) for a term, each acting through
// an account of the narrow role social_supervisor that an administrator opened in the
// bureau; it may assign them cases to accompany. While the appointment runs, a supervisor
// records remarks on an agency's enforcement they accompanied (伴随执法), about the agency
// or one of the cases assigned to them; the agency reads the remarks about it and replies,
// the bureau reads every remark in its scope. The supervisor's phone is personal data:
// masked in every view, read in full only on the appointment's page, audited. The portal's
// roster shows, for the appointments the bureau chose to list, the name and work unit.

// MaxTermYears bounds an appointment's term.
const MaxTermYears = 5

// requireBureau answers users other than the justice bureau's supervisors with
// EFORBIDDEN.
func requireBureau(actor *kernel.Actor) error {
	if err := kernel.Require(actor, kernel.PermSupervise); err != nil {
		return err
	}
	if actor.Role != zhifa.RoleSupervisor {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "社会监督员由司法行政部门的执法监督人员聘任和管理")
	}
	return nil
}

// SocialSupervisorView is an appointment as the bureau sees it: the phone masked (the
// appointment's own page shows it whole), its state and the cases it accompanies.
type SocialSupervisorView struct {
	*zhifa.SocialSupervisor
	Login      string                 `json:"login"`
	Active     bool                   `json:"active"`
	StateLabel string                 `json:"state_label"`
	Cases      []*zhifa.AccompanyCase `json:"cases,omitempty"`
}

func socialView(s *zhifa.SocialSupervisor, today zhifa.Date, unmasked bool) *SocialSupervisorView {
	c := *s
	if !unmasked {
		c.Phone = kernel.MaskPhone(c.Phone)
	}
	v := &SocialSupervisorView{SocialSupervisor: &c, Active: s.ActiveOn(today)}
	switch {
	case !s.DismissedOn.IsZero():
		v.StateLabel = "已解聘"
	case today.Before(s.TermFrom):
		v.StateLabel = "未到聘期"
	case today.After(s.TermTo):
		v.StateLabel = "聘期届满"
	default:
		v.StateLabel = "在聘"
	}
	return v
}

// AppointInput appoints a social supervisor through an account of the bureau.
type AppointInput struct {
	UserID   int64      `json:"user_id"`
	Name     string     `json:"name"`
	WorkUnit string     `json:"work_unit"`
	Phone    string     `json:"phone"`
	TermFrom zhifa.Date `json:"term_from"`
	TermTo   zhifa.Date `json:"term_to"`
	OnRoster bool       `json:"on_roster"`
}

func (in *AppointInput) check(today zhifa.Date) error {
	c := kernel.NewChecker()
	c.Text("name", &in.Name, true, kernel.MaxShort)
	c.Text("work_unit", &in.WorkUnit, true, kernel.MaxShort)
	c.Phone("phone", &in.Phone)
	if in.Phone == "" {
		c.Add("phone", "请填写联系电话")
	}
	if in.UserID <= 0 {
		c.Add("user_id", "请选择社会监督员的账号")
	}
	switch {
	case in.TermFrom.IsZero() || in.TermTo.IsZero():
		c.Add("term_to", "请填写聘期起止日期")
	case in.TermTo.Before(in.TermFrom) || in.TermTo.Before(today):
		c.Add("term_to", "聘期止日应晚于起日，且不早于今天")
	case in.TermTo.After(zhifa.DateOf(in.TermFrom.Time().AddDate(MaxTermYears, 0, 0))):
		c.Add("term_to", "聘期不能超过"+strconv.Itoa(MaxTermYears)+"年")
	}
	return c.Err()
}

// Appoint appoints a social supervisor of the actor's bureau. The account must be an
// enabled social_supervisor account of the bureau with no appointment still running.
func (s *Service) Appoint(ctx context.Context, in AppointInput) (*SocialSupervisorView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireBureau(actor); err != nil {
		return nil, err
	}
	today := s.k.Today()
	if err := in.check(today); err != nil {
		return nil, err
	}
	var id int64
	err := s.k.Write(ctx, "social_supervisor.appoint", func(tx zhifa.Tx, rec *kernel.Audit) error {
		u, err := tx.User(ctx, in.UserID)
		if err != nil || u.Role != zhifa.RoleSocialSupervisor || u.AgencyID != actor.AgencyID || u.Disabled {
			if err != nil && zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
				return err
			}
			return kernel.FieldError("user_id", "所选账号不存在，或不是本部门的社会监督员账号")
		}
		prev, err := tx.SocialSupervisorOfUser(ctx, u.ID)
		if err == nil && prev.DismissedOn.IsZero() && !prev.TermTo.Before(today) {
			return kernel.FieldError("user_id", "该账号的社会监督员仍在聘期内")
		} else if err != nil && zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			return err
		}
		sv := &zhifa.SocialSupervisor{AgencyID: actor.AgencyID, UserID: u.ID, Name: in.Name, WorkUnit: in.WorkUnit, Phone: in.Phone,
			TermFrom: in.TermFrom, TermTo: in.TermTo, OnRoster: in.OnRoster, CreatedBy: actor.UserID, CreatedAt: s.k.Now()}
		if err := tx.CreateSocialSupervisor(ctx, sv); err != nil {
			return err
		}
		id = sv.ID
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("social_supervisor", sv.ID), actor.AgencyPath,
			"聘任社会监督员 "+sv.Name+"（"+sv.TermFrom.String()+"至"+sv.TermTo.String()+"）"
		return s.entry(ctx, tx, "social_supervisor.appoint", map[string]string{"supervisor": strconv.FormatInt(sv.ID, 10),
			"agency": strconv.FormatInt(sv.AgencyID, 10), "term_from": sv.TermFrom.String(), "term_to": sv.TermTo.String()})
	})
	if err != nil {
		return nil, err
	}
	return s.socialSupervisor(ctx, id, false)
}

// bureauSupervisor loads an appointment of the actor's bureau; any other answers
// ENOTFOUND.
func bureauSupervisor(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.SocialSupervisor, error) {
	sv, err := tx.SocialSupervisor(ctx, id)
	if err != nil {
		return nil, err
	}
	if sv.AgencyID != actor.AgencyID {
		return nil, zhifa.NotFound("社会监督员")
	}
	return sv, nil
}

// SocialSupervisor shows an appointment to its bureau with the cases it accompanies and
// the whole phone number; the read of the phone is audited.
func (s *Service) SocialSupervisor(ctx context.Context, id int64) (*SocialSupervisorView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireBureau(actor); err != nil {
		return nil, err
	}
	return s.socialSupervisor(ctx, id, true)
}

func (s *Service) socialSupervisor(ctx context.Context, id int64, unmasked bool) (*SocialSupervisorView, error) {
	actor := kernel.ActorFrom(ctx)
	var v *SocialSupervisorView
	load := func(tx zhifa.Tx) error {
		sv, err := bureauSupervisor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		v = socialView(sv, s.k.Today(), unmasked)
		if u, err := tx.User(ctx, sv.UserID); err == nil {
			v.Login = u.Login
		}
		v.Cases, err = tx.AccompanyCases(ctx, sv.ID)
		return err
	}
	if !unmasked {
		return v, s.k.Read(ctx, load)
	}
	err := s.k.Write(ctx, "social_supervisor.read", func(tx zhifa.Tx, rec *kernel.Audit) error {
		if err := load(tx); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("social_supervisor", id), actor.AgencyPath, "查看社会监督员联系方式"
		return nil
	})
	return v, err
}

// SocialSupervisorPage is one page of appointments.
type SocialSupervisorPage struct {
	Items []*SocialSupervisorView `json:"items"`
	Next  string                  `json:"next,omitempty"`
}

// SocialSupervisors lists the bureau's appointments, newest first, phones masked.
func (s *Service) SocialSupervisors(ctx context.Context, cursor string) (*SocialSupervisorPage, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireBureau(actor); err != nil {
		return nil, err
	}
	before, err := decodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	page := &SocialSupervisorPage{Items: []*SocialSupervisorView{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.SocialSupervisors(ctx, zhifa.SocialSupervisorFilter{AgencyID: actor.AgencyID, Before: before, Limit: PageSize + 1})
		if err != nil {
			return err
		}
		if len(list) > PageSize {
			list = list[:PageSize]
			page.Next = encodeCursor(list[PageSize-1].ID)
		}
		for _, sv := range list {
			page.Items = append(page.Items, socialView(sv, today, false))
		}
		return nil
	})
	return page, err
}

// AccountChoices lists the bureau's social-supervisor accounts for the appointment form.
func (s *Service) AccountChoices(ctx context.Context) ([]Option, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireBureau(actor); err != nil {
		return nil, err
	}
	out := []Option{}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		users, err := tx.Users(ctx, actor.AgencyPath)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u.AgencyID == actor.AgencyID && u.Role == zhifa.RoleSocialSupervisor && !u.Disabled {
				out = append(out, Option{u.ID, u.Name})
			}
		}
		return nil
	})
	return out, err
}

// DismissInput dismisses a social supervisor before the term ends.
type DismissInput struct {
	Version int    `json:"version"`
	Reason  string `json:"reason"`
}

// Dismiss ends an appointment today, with the reason; the supervisor records nothing
// more and leaves the roster.
func (s *Service) Dismiss(ctx context.Context, id int64, in DismissInput) (*SocialSupervisorView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireBureau(actor); err != nil {
		return nil, err
	}
	c := kernel.NewChecker()
	c.Text("reason", &in.Reason, true, kernel.MaxText)
	if err := c.Err(); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "social_supervisor.dismiss", func(tx zhifa.Tx, rec *kernel.Audit) error {
		sv, err := bureauSupervisor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !sv.DismissedOn.IsZero() {
			return zhifa.Errorf(zhifa.EINVALID, "该社会监督员已经解聘")
		}
		if in.Version != sv.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "社会监督员已被他人修改，请刷新后重试")
		}
		sv.DismissedOn, sv.DismissReason = s.k.Today(), in.Reason
		if err := tx.DismissSocialSupervisor(ctx, sv); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("social_supervisor", sv.ID), actor.AgencyPath, "解聘社会监督员 "+sv.Name
		return s.entry(ctx, tx, "social_supervisor.dismiss", map[string]string{"supervisor": strconv.FormatInt(sv.ID, 10),
			"dismissed_on": sv.DismissedOn.String()})
	})
	if err != nil {
		return nil, err
	}
	return s.socialSupervisor(ctx, id, false)
}

// AssignInput assigns a case of the bureau's scope to a supervisor to accompany.
type AssignInput struct {
	CaseID int64 `json:"case_id"`
}

// AssignCase assigns a case in the bureau's scope to a running appointment.
func (s *Service) AssignCase(ctx context.Context, id int64, in AssignInput) (*SocialSupervisorView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireBureau(actor); err != nil {
		return nil, err
	}
	today := s.k.Today()
	err := s.k.Write(ctx, "social_supervisor.assign", func(tx zhifa.Tx, rec *kernel.Audit) error {
		sv, err := bureauSupervisor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !sv.DismissedOn.IsZero() || today.After(sv.TermTo) {
			return zhifa.Errorf(zhifa.EINVALID, "该社会监督员已不在聘期内，不能指派伴随执法的案件")
		}
		c, _, err := s.k.VisibleCase(ctx, tx, actor, in.CaseID)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return kernel.FieldError("case_id", "案件不存在或不在本部门监督范围内")
		} else if err != nil {
			return err
		}
		if err := tx.AssignAccompanyCase(ctx, &zhifa.AccompanyCase{SupervisorID: sv.ID, CaseID: c.ID, AssignedBy: actor.UserID, AssignedOn: today}); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("social_supervisor", sv.ID), actor.AgencyPath, "指派伴随执法案件 "+c.Number
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.socialSupervisor(ctx, id, false)
}

// MySupervision is what a social supervisor works with: their appointment (phone
// masked), the cases assigned to them, and the agencies they may remark on.
type MySupervision struct {
	Appointment *SocialSupervisorView `json:"appointment"`
	Agencies    []Option              `json:"agencies"`
}

// runningAppointment loads the actor's appointment and refuses one not running today.
func (s *Service) runningAppointment(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor) (*zhifa.SocialSupervisor, error) {
	sv, err := tx.SocialSupervisorOfUser(ctx, actor.UserID)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "您尚未被聘任为社会监督员")
	} else if err != nil {
		return nil, err
	}
	if !sv.ActiveOn(s.k.Today()) {
		return sv, zhifa.Errorf(zhifa.EFORBIDDEN, "您的社会监督员聘期未开始、已届满或已被解聘")
	}
	return sv, nil
}

// supervisedAgencies are the enforcement agencies under the government of the bureau
// that appointed sv.
func supervisedAgencies(ctx context.Context, tx zhifa.Tx, sv *zhifa.SocialSupervisor) ([]*zhifa.Agency, error) {
	bureau, err := tx.Agency(ctx, sv.AgencyID)
	if err != nil {
		return nil, err
	}
	gov, err := tx.Agency(ctx, bureau.ParentID)
	if err != nil {
		return nil, err
	}
	all, err := tx.Agencies(ctx, gov.Path)
	if err != nil {
		return nil, err
	}
	var out []*zhifa.Agency
	for _, a := range all {
		if a.IsEnforcement() && !a.Supervises {
			out = append(out, a)
		}
	}
	return out, nil
}

// Mine shows the social supervisor their appointment, cases and agencies.
func (s *Service) Mine(ctx context.Context) (*MySupervision, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermRecordRemarks); err != nil {
		return nil, err
	}
	out := &MySupervision{Agencies: []Option{}}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		sv, err := tx.SocialSupervisorOfUser(ctx, actor.UserID)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "您尚未被聘任为社会监督员")
		} else if err != nil {
			return err
		}
		out.Appointment = socialView(sv, s.k.Today(), false)
		if out.Appointment.Cases, err = tx.AccompanyCases(ctx, sv.ID); err != nil {
			return err
		}
		ags, err := supervisedAgencies(ctx, tx, sv)
		if err != nil {
			return err
		}
		for _, a := range ags {
			out.Agencies = append(out.Agencies, Option{a.ID, a.Name})
		}
		return nil
	})
	return out, err
}

// RemarkInput is a remark of a social supervisor: the agency accompanied on the day,
// optionally one of the cases assigned to them (its agency then is the remark's).
type RemarkInput struct {
	AgencyID      int64      `json:"agency_id"`
	CaseID        int64      `json:"case_id"`
	AccompaniedOn zhifa.Date `json:"accompanied_on"`
	Text          string     `json:"text"`
	// Files are the photos and files attached (the multipart form's repeated part
	// "files"), with a complaint's limits.
	Files []Attachment `json:"-"`
}

// RecordRemark records a remark of the actor while their appointment runs, about an
// enforcement agency under their bureau's government or a case assigned to them.
func (s *Service) RecordRemark(ctx context.Context, in RemarkInput) (*zhifa.SocialRemark, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermRecordRemarks); err != nil {
		return nil, err
	}
	today := s.k.Today()
	c := kernel.NewChecker()
	c.Text("text", &in.Text, true, kernel.MaxText)
	if in.AccompaniedOn.IsZero() || in.AccompaniedOn.After(today) {
		c.Add("accompanied_on", "请填写伴随执法的日期（不晚于今天）")
	}
	if in.AgencyID <= 0 && in.CaseID <= 0 {
		c.Add("agency_id", "请选择执法机关或伴随的案件")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	// Stored before the transaction, as a complaint's: a refused remark leaves an
	// unreferenced blob, never a row without its file.
	files, err := s.storeRemarkFiles(ctx, in.Files)
	if err != nil {
		return nil, err
	}
	var r *zhifa.SocialRemark
	err = s.k.Write(ctx, "social_remark.record", func(tx zhifa.Tx, rec *kernel.Audit) error {
		sv, err := s.runningAppointment(ctx, tx, actor)
		if err != nil {
			return err
		}
		if in.AccompaniedOn.Before(sv.TermFrom) {
			return kernel.FieldError("accompanied_on", "伴随执法的日期早于聘期")
		}
		if in.CaseID > 0 {
			agencyID, err := accompaniedCase(ctx, tx, sv.ID, in.CaseID)
			if err != nil {
				return err
			}
			if in.AgencyID != 0 && in.AgencyID != agencyID {
				return kernel.FieldError("case_id", "所选案件不属于所选执法机关")
			}
			in.AgencyID = agencyID
		}
		ags, err := supervisedAgencies(ctx, tx, sv)
		if err != nil {
			return err
		}
		var ag *zhifa.Agency
		for _, a := range ags {
			if a.ID == in.AgencyID {
				ag = a
			}
		}
		if ag == nil {
			return kernel.FieldError("agency_id", "所选执法机关不存在或不在聘任部门的监督范围内")
		}
		r = &zhifa.SocialRemark{SupervisorID: sv.ID, SupervisorName: sv.Name, AgencyID: ag.ID, AgencyName: ag.Name, AgencyPath: ag.Path,
			CaseID: in.CaseID, AccompaniedOn: in.AccompaniedOn, Text: in.Text, CreatedAt: s.k.Now()}
		if err := tx.CreateSocialRemark(ctx, r); err != nil {
			return err
		}
		stored, err := addRemarkFiles(ctx, tx, r.ID, files)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("social_remark", r.ID), ag.Path, ag.Name+" "+in.AccompaniedOn.String()
		sum := sha256.Sum256([]byte(r.Text))
		meta := map[string]string{"remark": strconv.FormatInt(r.ID, 10), "supervisor": strconv.FormatInt(sv.ID, 10),
			"agency": strconv.FormatInt(ag.ID, 10), "accompanied_on": r.AccompaniedOn.String(), "text_sha256": hex.EncodeToString(sum[:])}
		if r.CaseID > 0 {
			meta["case"] = strconv.FormatInt(r.CaseID, 10)
		}
		return s.entryWithFiles(ctx, tx, "social_remark.record", meta, stored)
	})
	return r, err
}

// accompaniedCase returns the agency of a case assigned to the supervisor; any other
// case is refused.
func accompaniedCase(ctx context.Context, tx zhifa.Tx, supervisorID, caseID int64) (int64, error) {
	cases, err := tx.AccompanyCases(ctx, supervisorID)
	if err != nil {
		return 0, err
	}
	for _, c := range cases {
		if c.CaseID == caseID {
			return c.AgencyID, nil
		}
	}
	return 0, kernel.FieldError("case_id", "只能就司法行政部门指派您伴随执法的案件填写意见")
}

// RemarkView is a remark with what the actor may do with it.
type RemarkView struct {
	*zhifa.SocialRemark
	MayReply bool `json:"may_reply"`
	// MayRaise: the actor is the bureau's supervisor over the remarked agency and no
	// problem was raised from the remark yet. Files are its attachments (on the
	// remark's own view only).
	MayRaise bool                      `json:"may_raise"`
	Files    []*zhifa.SocialRemarkFile `json:"files,omitempty"`
}

// RemarkFilter selects a page of remarks: Mine (a social supervisor's own) or those the
// staff actor sees (the agency's own, the bureau's scope); Unanswered without a reply.
type RemarkFilter struct {
	Mine       bool   `json:"mine"`
	Unanswered bool   `json:"unanswered"`
	Cursor     string `json:"cursor"`
}

// RemarkPage is one page of remarks.
type RemarkPage struct {
	Items []*RemarkView `json:"items"`
	Next  string        `json:"next,omitempty"`
}

// Remarks lists remarks newest first, a page at a time: a social supervisor's own
// (Mine), the bureau's scope for its supervisors, the actor's agency for its handlers.
func (s *Service) Remarks(ctx context.Context, f RemarkFilter) (*RemarkPage, error) {
	actor := kernel.ActorFrom(ctx)
	before, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	q := zhifa.SocialRemarkFilter{Unanswered: f.Unanswered, Before: before, Limit: PageSize + 1}
	if f.Mine {
		if err := kernel.Require(actor, kernel.PermRecordRemarks); err != nil {
			return nil, err
		}
	} else {
		if err := requireStaff(actor); err != nil {
			return nil, err
		}
		switch {
		case actor.Role == zhifa.RoleSupervisor:
			q.UnderPath = actor.ScopePath
		case actor.Can(kernel.PermHandleCases):
			q.AgencyID = actor.AgencyID
		default:
			return nil, zhifa.Forbidden()
		}
	}
	page := &RemarkPage{Items: []*RemarkView{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		if f.Mine {
			sv, err := tx.SocialSupervisorOfUser(ctx, actor.UserID)
			if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
				return nil
			} else if err != nil {
				return err
			}
			q.SupervisorID = sv.ID
		}
		list, err := tx.SocialRemarks(ctx, q)
		if err != nil {
			return err
		}
		if len(list) > PageSize {
			list = list[:PageSize]
			page.Next = encodeCursor(list[PageSize-1].ID)
		}
		for _, r := range list {
			page.Items = append(page.Items, &RemarkView{SocialRemark: r, MayReply: mayReply(actor, r)})
		}
		return nil
	})
	return page, err
}

// mayReply reports whether the actor replies for the remarked agency: its handlers or
// head, once.
func mayReply(actor *kernel.Actor, r *zhifa.SocialRemark) bool {
	return r.RepliedOn.IsZero() && actor.AgencyID == r.AgencyID && actor.Can(kernel.PermHandleCases)
}

// Remark shows a remark to the staff who see it: the remarked agency's, and the bureau
// over it; to anyone else it does not exist.
func (s *Service) Remark(ctx context.Context, id int64) (*RemarkView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, err
	}
	var v *RemarkView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		r, err := visibleRemark(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		v = &RemarkView{SocialRemark: r, MayReply: mayReply(actor, r), MayRaise: r.ProblemID == 0 && mayOrganise(actor, r.AgencyPath)}
		v.Files, err = tx.SocialRemarkFiles(ctx, r.ID)
		return err
	})
	return v, err
}

func visibleRemark(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.SocialRemark, error) {
	r, err := tx.SocialRemark(ctx, id)
	if err != nil {
		return nil, err
	}
	if !mayRead(actor, r.AgencyID, r.AgencyPath) {
		return nil, zhifa.NotFound("监督意见")
	}
	return r, nil
}

// ReplyInput is the agency's reply to a remark.
type ReplyInput struct {
	Version int    `json:"version"`
	Reply   string `json:"reply"`
}

// ReplyRemark records the remarked agency's reply (its handlers or head), once.
func (s *Service) ReplyRemark(ctx context.Context, id int64, in ReplyInput) (*RemarkView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	c := kernel.NewChecker()
	c.Text("reply", &in.Reply, true, kernel.MaxText)
	if err := c.Err(); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "social_remark.reply", func(tx zhifa.Tx, rec *kernel.Audit) error {
		r, err := visibleRemark(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if actor.AgencyID != r.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "监督意见由被监督的执法机关答复")
		}
		if !r.RepliedOn.IsZero() {
			return zhifa.Errorf(zhifa.EINVALID, "该监督意见已经答复")
		}
		if in.Version != r.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "监督意见已被他人修改，请刷新后重试")
		}
		r.Reply, r.RepliedBy, r.RepliedOn = in.Reply, actor.UserID, s.k.Today()
		if err := tx.ReplySocialRemark(ctx, r); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("social_remark", r.ID), r.AgencyPath, "答复社会监督员意见"
		sum := sha256.Sum256([]byte(r.Reply))
		return s.entry(ctx, tx, "social_remark.reply", map[string]string{"remark": strconv.FormatInt(r.ID, 10),
			"reply_sha256": hex.EncodeToString(sum[:])})
	})
	if err != nil {
		return nil, err
	}
	return s.Remark(ctx, id)
}

// RosterEntry is one social supervisor on the portal's roster: name and work unit, the
// appointing bureau and the term — nothing else of the person.
type RosterEntry struct {
	Name     string     `json:"name"`
	WorkUnit string     `json:"work_unit"`
	Bureau   string     `json:"bureau"`
	TermFrom zhifa.Date `json:"term_from"`
	TermTo   zhifa.Date `json:"term_to"`
}

// RosterPage is one page of the roster.
type RosterPage struct {
	Items []RosterEntry `json:"items"`
	Next  string        `json:"next,omitempty"`
}

// Roster lists the social supervisors the bureaus chose to list whose appointment runs
// today, newest first.
func (s *Service) Roster(ctx context.Context, cursor string) (*RosterPage, error) {
	before, err := decodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	page := &RosterPage{Items: []RosterEntry{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.SocialSupervisors(ctx, zhifa.SocialSupervisorFilter{RosterOn: s.k.Today(), Before: before, Limit: PageSize + 1})
		if err != nil {
			return err
		}
		if len(list) > PageSize {
			list = list[:PageSize]
			page.Next = encodeCursor(list[PageSize-1].ID)
		}
		for _, sv := range list {
			page.Items = append(page.Items, RosterEntry{Name: sv.Name, WorkUnit: sv.WorkUnit, Bureau: sv.AgencyName, TermFrom: sv.TermFrom, TermTo: sv.TermTo})
		}
		return nil
	})
	return page, err
}
