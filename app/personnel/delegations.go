package personnel

import (
	"context"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/ledger"
)

// Delegation (指定负责人 / 分管负责人, issue 9 §1): a head of an agency names a deputy of
// the same agency who approves in the head's place from one day to another. It is the
// only way someone other than a head approves; each change is audited and appends a
// ledger entry. Outside the period, or once revoked or once the delegating head is no
// longer an active head, the deputy approves nothing.

// MaxDelegationDays bounds a delegation's period: a longer absence needs a new one.
const MaxDelegationDays = 366

// DelegationInput names the deputy and the period (inclusive).
type DelegationInput struct {
	DeputyID int64      `json:"deputy_id"`
	From     zhifa.Date `json:"from"`
	To       zhifa.Date `json:"to"`
	Reason   string     `json:"reason"`
}

// DelegationView is a delegation with the names users read.
type DelegationView struct {
	*zhifa.Delegation
	HeadName   string `json:"head_name"`
	DeputyName string `json:"deputy_name"`
	Active     bool   `json:"active"`
	CanRevoke  bool   `json:"can_revoke"`
}

// IsDeputy reports whether userID approves for the agency on day by an active delegation
// of a head who still is an active head of it.
func (s *Service) IsDeputy(ctx context.Context, tx zhifa.Tx, userID, agencyID int64, day zhifa.Date) (bool, error) {
	list, err := tx.Delegations(ctx, agencyID)
	if err != nil {
		return false, err
	}
	for _, d := range list {
		if d.DeputyID != userID || !d.ActiveOn(day) {
			continue
		}
		head, err := tx.User(ctx, d.HeadID)
		if err != nil {
			return false, err
		}
		if head.Role == zhifa.RoleHead && !head.Disabled && head.AgencyID == agencyID {
			return true, nil
		}
	}
	return false, nil
}

// CreateDelegation names a deputy for the actor's agency; only a head does, in their own
// session.
func (s *Service) CreateDelegation(ctx context.Context, in DelegationInput) (*DelegationView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	if actor.Role != zhifa.RoleHead {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只有机关负责人本人可以指定负责人")
	}
	chk := kernel.NewChecker()
	chk.Text("reason", &in.Reason, true, 500)
	if in.DeputyID <= 0 || in.DeputyID == actor.UserID {
		chk.Add("deputy_id", "请选择本机关的其他人员")
	}
	today := s.k.Today()
	switch {
	case in.From.IsZero():
		chk.Add("from", "请填写开始日期")
	case in.To.IsZero():
		chk.Add("to", "请填写结束日期")
	case in.To.Before(in.From):
		chk.Add("to", "结束日期不能早于开始日期")
	case in.To.Before(today):
		chk.Add("to", "结束日期不能早于今天")
	case in.To.After(in.From.AddDays(MaxDelegationDays - 1)):
		chk.Add("to", "授权期限不能超过"+strconv.Itoa(MaxDelegationDays)+"日")
	}
	if err := chk.Err(); err != nil {
		return nil, err
	}
	var d *zhifa.Delegation
	err := s.k.Write(ctx, "delegation.create", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.ObjectPath = actor.AgencyPath
		deputy, err := tx.User(ctx, in.DeputyID)
		if err != nil && !isCode(err, zhifa.ENOTFOUND) {
			return err
		}
		if err != nil || deputy.AgencyID != actor.AgencyID || deputy.Disabled ||
			!(&kernel.Actor{UserID: deputy.ID, Role: deputy.Role}).Can(kernel.PermHandleCases) {
			return kernel.FieldError("deputy_id", "被指定人应为本机关在职的执法人员或负责人")
		}
		d = &zhifa.Delegation{AgencyID: actor.AgencyID, HeadID: actor.UserID, Head: actor.Login, DeputyID: deputy.ID,
			Deputy: deputy.Login, From: in.From, To: in.To, Reason: in.Reason, CreatedAt: s.k.Now()}
		if err := tx.CreateDelegation(ctx, d); err != nil {
			return err
		}
		rec.Object = kernel.ObjectRef("delegation", d.ID)
		rec.Detail = deputy.Name + " " + in.From.Chinese() + "至" + in.To.Chinese()
		_, err = s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "delegation.create", Meta: map[string]string{
			"delegation": strconv.FormatInt(d.ID, 10), "agency": strconv.FormatInt(actor.AgencyID, 10),
			"head": "user/" + strconv.FormatInt(actor.UserID, 10), "deputy": "user/" + strconv.FormatInt(deputy.ID, 10),
			"from": in.From.String(), "to": in.To.String(),
		}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &DelegationView{Delegation: d, HeadName: actor.Name, Active: d.ActiveOn(today), CanRevoke: true}, nil
}

// RevokeDelegation ends a delegation of the actor's agency now; a head does.
func (s *Service) RevokeDelegation(ctx context.Context, id int64) error {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return err
	}
	if actor.Role != zhifa.RoleHead {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "只有机关负责人本人可以撤销指定")
	}
	return s.k.Write(ctx, "delegation.revoke", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object, rec.ObjectPath = kernel.ObjectRef("delegation", id), actor.AgencyPath
		d, err := tx.Delegation(ctx, id)
		if err != nil {
			return err
		}
		if d.AgencyID != actor.AgencyID {
			return zhifa.NotFound("授权")
		}
		if err := tx.RevokeDelegation(ctx, id, s.k.Now()); err != nil {
			return err
		}
		_, err = s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "delegation.revoke", Meta: map[string]string{
			"delegation": strconv.FormatInt(id, 10), "agency": strconv.FormatInt(d.AgencyID, 10),
		}})
		return err
	})
}

// Delegations lists the delegations of the actor's agency, newest first.
func (s *Service) Delegations(ctx context.Context) ([]*DelegationView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	out := []*DelegationView{}
	today := s.k.Today()
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.Delegations(ctx, actor.AgencyID)
		if err != nil {
			return err
		}
		names := map[int64]string{}
		name := func(id int64) (string, error) {
			if n, ok := names[id]; ok {
				return n, nil
			}
			u, err := tx.User(ctx, id)
			if err != nil {
				return "", err
			}
			names[id] = u.Name
			return u.Name, nil
		}
		for _, d := range list {
			v := &DelegationView{Delegation: d, Active: d.ActiveOn(today),
				CanRevoke: actor.Role == zhifa.RoleHead && d.RevokedAt == nil}
			if v.HeadName, err = name(d.HeadID); err != nil {
				return err
			}
			if v.DeputyName, err = name(d.DeputyID); err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// DeputyCandidates lists whom a head may name: the other active users of the head's
// agency who handle cases.
func (s *Service) DeputyCandidates(ctx context.Context) ([]*zhifa.User, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	if actor.Role != zhifa.RoleHead {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只有机关负责人本人可以指定负责人")
	}
	out := []*zhifa.User{}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		users, err := tx.Users(ctx, actor.AgencyPath)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u.AgencyID == actor.AgencyID && u.ID != actor.UserID && !u.Disabled && (&kernel.Actor{UserID: u.ID, Role: u.Role}).Can(kernel.PermHandleCases) {
				out = append(out, u)
			}
		}
		return nil
	})
	return out, err
}
