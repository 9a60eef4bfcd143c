package supervision

import (
	"context"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// Fault accountability (过错责任追究, REQUIREMENTS F3). The justice bureau opens a review
// against a case of its scope; an outcome that revokes, changes, or declares illegal or
// void the case's decision opens one in the outcome's own transaction (registered with
// OnCorrected in New). The bureau's supervisor decides it: the finding, the responsible
// persons chosen among those the case's record names (its officers, its review rounds'
// reviewers, the heads who approved its steps), the due-diligence grounds considered and
// the sanction. A sanction on the certificate moves it through law.CertTransition with
// the certificate's own history and ledger entry.

// FaultPartyView is a person of the case with the label of their role.
type FaultPartyView struct {
	zhifa.FaultParty
	Key       string `json:"key"`
	RoleLabel string `json:"role_label"`
}

// FaultView is a fault review with its labels.
type FaultView struct {
	*zhifa.FaultReview
	StateLabel    string           `json:"state_label"`
	FindingLabel  string           `json:"finding_label"`
	SanctionLabel string           `json:"sanction_label"`
	GroundLabels  []string         `json:"ground_labels"`
	Persons       []FaultPartyView `json:"persons"`
}

// CaseFaults is what a case's fault page shows: its reviews, the persons its record
// names (to choose the responsible among) and whether the actor may act.
type CaseFaults struct {
	CaseID     int64            `json:"case_id"`
	CaseNumber string           `json:"case_number"`
	Reviews    []*FaultView     `json:"reviews"`
	Candidates []FaultPartyView `json:"candidates"`
	// MayAct: the actor is a supervisor of the justice bureau whose scope covers the case.
	MayAct bool `json:"may_act"`
}

// FaultOpenInput opens a fault review.
type FaultOpenInput struct {
	Reason string `json:"reason"`
}

// FaultDecisionInput is the bureau's decision on an open review. Responsible holds the
// keys of candidates (FaultPartyView.Key); Grounds and Finding the keys of law's lists.
type FaultDecisionInput struct {
	Version     int      `json:"version"`
	Finding     string   `json:"finding"`
	Responsible []string `json:"responsible"`
	Grounds     []string `json:"grounds"`
	Exempt      bool     `json:"exempt"`
	Reasoning   string   `json:"reasoning"`
	Sanction    string   `json:"sanction"`
}

func (in *FaultDecisionInput) check() error {
	c := kernel.NewChecker()
	if in.Finding != "" && law.KeyLabel(law.FaultFindings, in.Finding) == "" {
		c.Add("finding", "过错情形无效")
	}
	for _, g := range in.Grounds {
		if law.KeyLabel(law.FaultExemptions, g) == "" {
			c.Add("grounds", "免责情形无效")
			break
		}
	}
	if law.KeyLabel(law.FaultSanctions, in.Sanction) == "" {
		c.Add("sanction", "请选择处理结果")
	}
	c.Text("reasoning", &in.Reasoning, true, kernel.MaxText)
	return c.Err()
}

// mayPursue reports whether the actor conducts fault reviews of an agency at path: the
// justice bureau's supervisors whose scope covers it, by their own act.
func mayPursue(actor *kernel.Actor, path string) bool {
	return actor.Role == zhifa.RoleSupervisor && actor.InScope(path)
}

// CaseFaults shows a case's fault reviews to whoever may read the case (its officers see
// the reviews that concern them there).
func (s *Service) CaseFaults(ctx context.Context, caseID int64) (*CaseFaults, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var out *CaseFaults
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		out = &CaseFaults{CaseID: c.ID, CaseNumber: c.Number, Reviews: []*FaultView{}, MayAct: mayPursue(actor, ag.Path)}
		list, err := tx.CaseFaultReviews(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, f := range list {
			out.Reviews = append(out.Reviews, faultView(f))
		}
		if out.MayAct {
			parties, err := s.caseParties(ctx, tx, c)
			if err != nil {
				return err
			}
			out.Candidates = partyViews(parties)
		}
		return nil
	})
	return out, err
}

// FaultReview shows one review to whoever may read its case.
func (s *Service) FaultReview(ctx context.Context, id int64) (*FaultView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var v *FaultView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		f, err := tx.FaultReview(ctx, id)
		if err != nil {
			return err
		}
		if _, _, err := s.k.VisibleCase(ctx, tx, actor, f.CaseID); zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return zhifa.NotFound("过错责任追究")
		} else if err != nil {
			return err
		}
		v = faultView(f)
		return nil
	})
	return v, err
}

// OpenFault opens a fault review against a case of the supervisor's scope.
func (s *Service) OpenFault(ctx context.Context, caseID int64, in FaultOpenInput) (*FaultView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermSupervise); err != nil {
		return nil, err
	}
	c := kernel.NewChecker()
	c.Text("reason", &in.Reason, true, kernel.MaxText)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var id int64
	err := s.k.Write(ctx, "fault.open", func(tx zhifa.Tx, rec *kernel.Audit) error {
		cs, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if !mayPursue(actor, ag.Path) {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "过错责任追究由司法行政部门的执法监督人员启动")
		}
		f, err := s.openFaultTx(ctx, tx, cs, actor.UserID, in.Reason)
		if err != nil {
			return err
		}
		id = f.ID
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("fault", f.ID), ag.Path, cs.Number
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.FaultReview(ctx, id)
}

// openFaultOnCorrection opens a review in the transaction of an outcome correcting the
// case's decision (issue 14: the outcome "opens a fault review for accountability").
func (s *Service) openFaultOnCorrection(ctx context.Context, tx zhifa.Tx, caseID int64, reason string) error {
	c, err := tx.Case(ctx, caseID)
	if err != nil {
		return err
	}
	_, err = s.openFaultTx(ctx, tx, c, max(kernel.ActorFrom(ctx).UserID, 0), reason)
	if zhifa.ErrorCode(err) == zhifa.ECONFLICT {
		return nil // one is already open: the outcome joins it
	}
	return err
}

// openFaultTx creates the open review and its ledger entry; ECONFLICT when the case has
// one open already.
func (s *Service) openFaultTx(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, by int64, reason string) (*zhifa.FaultReview, error) {
	list, err := tx.CaseFaultReviews(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range list {
		if f.State == zhifa.FaultOpen {
			return nil, zhifa.Errorf(zhifa.ECONFLICT, "该案件已有调查中的过错责任追究")
		}
	}
	f := &zhifa.FaultReview{CaseID: c.ID, AgencyID: c.AgencyID, State: zhifa.FaultOpen, Reason: reason, OpenedBy: by,
		OpenedOn: s.k.Today(), CreatedAt: s.k.Now()}
	if err := tx.CreateFaultReview(ctx, f); err != nil {
		return nil, err
	}
	id := strconv.FormatInt(c.ID, 10)
	_, err = s.k.AppendCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "fault.open", Case: id,
		Meta: map[string]string{"fault": strconv.FormatInt(f.ID, 10), "case": id}})
	return f, err
}

// DecideFault records the bureau's decision on an open review and applies a sanction on
// the certificates of the responsible officers.
func (s *Service) DecideFault(ctx context.Context, id int64, in FaultDecisionInput) (*FaultView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermSupervise); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "fault.decide", func(tx zhifa.Tx, rec *kernel.Audit) error {
		f, err := tx.FaultReview(ctx, id)
		if err != nil {
			return err
		}
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, f.CaseID)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return zhifa.NotFound("过错责任追究")
		} else if err != nil {
			return err
		}
		if !mayPursue(actor, ag.Path) {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "过错责任追究由司法行政部门的执法监督人员决定")
		}
		if f.State != zhifa.FaultOpen {
			return zhifa.Errorf(zhifa.ECONFLICT, "该过错责任追究已作出决定")
		}
		if in.Version != f.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "过错责任追究已被他人修改，请刷新后重试")
		}
		responsible, err := s.chooseParties(ctx, tx, c, in.Responsible)
		if err != nil {
			return err
		}
		if err := law.CheckFaultDecision(law.FaultDecision{Finding: in.Finding, Responsible: len(responsible),
			Grounds: in.Grounds, Exempt: in.Exempt, Sanction: in.Sanction}); err != nil {
			return err
		}
		f.State, f.Finding, f.Responsible, f.Grounds, f.Exempt = zhifa.FaultDecided, in.Finding, responsible, in.Grounds, in.Exempt
		f.Reasoning, f.Sanction, f.DecidedBy, f.Decider, f.DecidedOn = in.Reasoning, in.Sanction, actor.UserID, actor.Name, s.k.Today()
		f.UpdatedAt = s.k.Now()
		if err := s.sanctionCertificates(ctx, tx, actor, c, f); err != nil {
			return err
		}
		if err := tx.UpdateFaultReview(ctx, f); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("fault", f.ID), ag.Path
		rec.Detail = c.Number + " " + law.KeyLabel(law.FaultSanctions, f.Sanction)
		cid := strconv.FormatInt(c.ID, 10)
		_, err = s.k.AppendCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "fault.decide", Case: cid, Meta: map[string]string{
			"fault": strconv.FormatInt(f.ID, 10), "case": cid, "finding": f.Finding, "sanction": f.Sanction,
			"exempt": strconv.FormatBool(f.Exempt), "persons": strconv.Itoa(len(f.Responsible))}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.FaultReview(ctx, id)
}

// caseParties lists the persons the case's own record names: its officers (handlers),
// the reviewers of its review rounds and the heads who approved its steps.
func (s *Service) caseParties(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) ([]zhifa.FaultParty, error) {
	var out []zhifa.FaultParty
	seen := map[string]bool{}
	add := func(p zhifa.FaultParty) {
		if !seen[p.Key()] {
			seen[p.Key()] = true
			out = append(out, p)
		}
	}
	for _, oid := range c.OfficerIDs {
		o, err := tx.Officer(ctx, oid)
		if err != nil {
			return nil, err
		}
		add(zhifa.FaultParty{Role: zhifa.FaultRoleHandler, OfficerID: o.ID, Name: o.Name})
	}
	var users []struct {
		role string
		id   int64
	}
	rounds, err := tx.ReviewRounds(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range rounds {
		if r.ReviewerID > 0 {
			users = append(users, struct {
				role string
				id   int64
			}{zhifa.FaultRoleReviewer, r.ReviewerID})
		}
	}
	events, err := tx.CaseEvents(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if e.ApproverID > 0 {
			users = append(users, struct {
				role string
				id   int64
			}{zhifa.FaultRoleApprover, e.ApproverID})
		}
	}
	names := map[int64]*zhifa.User{}
	for _, u := range users {
		if seen[zhifa.FaultParty{Role: u.role, UserID: u.id}.Key()] {
			continue
		}
		if names[u.id] == nil {
			usr, err := tx.User(ctx, u.id)
			if err != nil {
				return nil, err
			}
			names[u.id] = usr
		}
		usr := names[u.id]
		add(zhifa.FaultParty{Role: u.role, UserID: usr.ID, OfficerID: usr.OfficerID, Name: usr.Name})
	}
	return out, nil
}

// chooseParties resolves the chosen keys against the case's record: a person the record
// does not name cannot be held responsible.
func (s *Service) chooseParties(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, keys []string) ([]zhifa.FaultParty, error) {
	if len(keys) == 0 {
		return []zhifa.FaultParty{}, nil
	}
	parties, err := s.caseParties(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	var out []zhifa.FaultParty
	for _, p := range parties {
		if slices.Contains(keys, p.Key()) {
			out = append(out, p)
		}
	}
	if len(out) != len(slices.Compact(slices.Sorted(slices.Values(keys)))) {
		return nil, kernel.FieldError("responsible", "责任人员只能从本案承办、审核、审批人员中选择")
	}
	return out, nil
}

// sanctionCertificates suspends or revokes the certificates of each responsible officer
// when the sanction affects certificates (law.SanctionCertState), each through the
// certificate's state machine, history and ledger entry. An officer with no certificate
// the sanction can reach is refused: the decision would be left unexecuted.
func (s *Service) sanctionCertificates(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, c *zhifa.Case, f *zhifa.FaultReview) error {
	to, ok := law.SanctionCertState(f.Sanction)
	if !ok {
		return nil
	}
	reason := "过错责任追究（" + c.Number + "）：" + law.KeyLabel(law.FaultSanctions, f.Sanction)
	for _, p := range f.Responsible {
		if p.OfficerID == 0 {
			return kernel.FieldError("responsible", p.Name+"没有执法人员档案，不能处理执法证件")
		}
		certs, err := tx.Certificates(ctx, p.OfficerID)
		if err != nil {
			return err
		}
		moved := 0
		for _, cert := range certs {
			if cert.State == to || law.CertTransition(cert.State, to) != nil {
				continue
			}
			if err := s.moveCert(ctx, tx, actor, f, cert, to, reason); err != nil {
				return err
			}
			moved++
		}
		if moved == 0 {
			return kernel.FieldError("responsible", p.Name+"没有可以"+to.Label()+"的执法证件")
		}
	}
	return nil
}

// moveCert changes one certificate's state with its history event and ledger entry, as
// the personnel context's ChangeCertificateState does.
func (s *Service) moveCert(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, f *zhifa.FaultReview, cert *zhifa.Certificate, to zhifa.CertState, reason string) error {
	now := s.k.Now()
	ev := &zhifa.CertEvent{CertID: cert.ID, At: now, From: cert.State, To: to, Reason: reason, ActorID: actor.UserID, Actor: actor.Login}
	cert.State, cert.StateReason, cert.UpdatedAt = to, reason, now
	if err := tx.UpdateCertificate(ctx, cert); err != nil {
		return err
	}
	if err := tx.AddCertEvent(ctx, ev); err != nil {
		return err
	}
	_, err := s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "certificate.state", Meta: map[string]string{
		"certificate": strconv.FormatInt(cert.ID, 10), "number": cert.Number, "from": string(ev.From),
		"state": string(to), "fault": strconv.FormatInt(f.ID, 10)}})
	return err
}

func faultView(f *zhifa.FaultReview) *FaultView {
	v := &FaultView{FaultReview: f, StateLabel: f.State.Label(), FindingLabel: law.KeyLabel(law.FaultFindings, f.Finding),
		SanctionLabel: law.KeyLabel(law.FaultSanctions, f.Sanction), GroundLabels: []string{}, Persons: partyViews(f.Responsible)}
	for _, g := range f.Grounds {
		v.GroundLabels = append(v.GroundLabels, law.KeyLabel(law.FaultExemptions, g))
	}
	return v
}

func partyViews(ps []zhifa.FaultParty) []FaultPartyView {
	out := []FaultPartyView{}
	for _, p := range ps {
		out = append(out, FaultPartyView{FaultParty: p, Key: p.Key(), RoleLabel: zhifa.FaultRoleLabel(p.Role)})
	}
	return out
}
