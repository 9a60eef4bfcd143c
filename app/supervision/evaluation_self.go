package supervision

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"zhifa"
	"zhifa/app/kernel"
)

// An agency's evaluation of its own files (案卷自查, REQUIREMENTS F4: "the justice bureau
// (or an agency for itself) creates an evaluation"). The head or the legal department's
// reviewers of an enforcement agency draw a sample from the agency's own closed cases
// with the checklist of the justice bureau above it and the same published-seed draw, and
// assign the files to the agency's own staff. The bureau's rule, no one evaluates their
// own agency's case, cannot hold inside one agency; what keeps a self-check honest is
// that no one evaluates a file they handled, reviewed or approved (the case's own record).
//
// A self-check is never published on the portal. F4 and its source (seed 002 §19, 案卷
// 评查 as the after-the-fact supervision of enforcement) make the evaluation the
// supervisor's check on the agencies; an agency grading itself is its own preparation for
// that check, not an independent result, and the portal's results speak for the bureau
// (they name it as organiser). The bureau sees every self-check in its scope, marked as
// such, and can weigh it in its own evaluation; publishing one under the bureau's name
// would pass the agency's marks off as the bureau's.

// maySelfCheck reports whether the actor organises self-checks of their agency: its head
// or its legal department's reviewers (法制审核人员).
func maySelfCheck(actor *kernel.Actor) bool {
	return actor.LoggedIn() && (actor.Role == zhifa.RoleHead || actor.Role == zhifa.RoleReviewer)
}

// maySelfOrganise reports whether the actor organises the self-check e: a head or
// reviewer whose agency's subtree holds the evaluated agency.
func maySelfOrganise(actor *kernel.Actor, e *zhifa.FileEvaluation) bool {
	return e.SelfCheck && maySelfCheck(actor) && actor.InScope(e.AgencyPath)
}

// requireSelfCheck answers the public with EUNAUTHORIZED and anyone but a head or a
// reviewer with EFORBIDDEN.
func requireSelfCheck(actor *kernel.Actor) error {
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return err
	}
	if !maySelfCheck(actor) {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "案卷自查由本机关负责人或法制审核人员组织")
	}
	return nil
}

// SelfEvaluationInput creates a self-check of the actor's agency: everything of an
// evaluation but the agencies, which is the actor's own.
type SelfEvaluationInput struct {
	Title        string           `json:"title"`
	Kinds        []zhifa.CaseKind `json:"kinds"`
	From         zhifa.Date       `json:"from"`
	To           zhifa.Date       `json:"to"`
	SampleSize   int              `json:"sample_size"`
	Seed         string           `json:"seed"`
	EvaluatorIDs []int64          `json:"evaluator_ids"`
	RectifyDays  int              `json:"rectify_days"`
}

// CreateSelfEvaluation creates a self-check of the actor's agency: the sample drawn from
// its own closed cases, each file assigned to one of the chosen staff of the agency who
// did not handle, review or approve it, in one transaction.
func (s *Service) CreateSelfEvaluation(ctx context.Context, sin SelfEvaluationInput) (*EvaluationView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireSelfCheck(actor); err != nil {
		return nil, err
	}
	in := EvaluationInput{Title: sin.Title, AgencyIDs: []int64{actor.AgencyID}, Kinds: sin.Kinds, From: sin.From, To: sin.To,
		SampleSize: sin.SampleSize, Seed: sin.Seed, EvaluatorIDs: sin.EvaluatorIDs, RectifyDays: sin.RectifyDays}
	if err := in.check(s.k.Today()); err != nil {
		return nil, err
	}
	if in.Seed == "" {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		in.Seed = hex.EncodeToString(b)
	}
	var id int64
	err := s.k.Write(ctx, "evaluation.create", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, actor.AgencyID)
		if err != nil {
			return err
		}
		if !ag.IsEnforcement() || ag.Supervises {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "案卷自查由执法机关组织")
		}
		evaluators, err := s.selfEvaluators(ctx, tx, actor, in.EvaluatorIDs)
		if err != nil {
			return err
		}
		std, err := bureauStandard(ctx, tx, ag)
		if err != nil {
			return err
		}
		closed, err := tx.ClosedCases(ctx, in.AgencyIDs, in.Kinds, in.From, in.To)
		if err != nil {
			return err
		}
		e := &zhifa.FileEvaluation{AgencyID: actor.AgencyID, Title: in.Title, AgencyIDs: in.AgencyIDs, Kinds: in.Kinds,
			From: in.From, To: in.To, StandardVersion: std.Version, Items: std.Items, Seed: in.Seed, Population: len(closed),
			RectifyDays: in.RectifyDays, CreatedBy: actor.UserID, SelfCheck: true}
		if err := s.saveEvaluation(ctx, tx, rec, e, closed, in.SampleSize, evaluators, notHandledBy(ctx, tx)); err != nil {
			return err
		}
		id = e.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Evaluation(ctx, id)
}

// bureauStandard is the checklist in force at the justice bureau above the agency (the
// default standard when it has none, or saved no version).
func bureauStandard(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*StandardView, error) {
	jb, err := kernel.JusticeBureau(ctx, tx, ag)
	if err != nil {
		return nil, err
	}
	if jb == nil {
		return currentStandard(ctx, tx, 0)
	}
	return currentStandard(ctx, tx, jb.ID)
}

// selfEvaluators loads the chosen evaluators of a self-check: enabled staff users of the
// actor's own agency (not administrators).
func (s *Service) selfEvaluators(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, ids []int64) ([]evaluator, error) {
	bad := kernel.FieldError("evaluator_ids", "所选评查人员不存在或不是本机关工作人员")
	var out []evaluator
	for _, id := range ids {
		u, err := tx.User(ctx, id)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return nil, bad
		} else if err != nil {
			return nil, err
		}
		if u.Disabled || u.Role == zhifa.RoleAdmin || u.Role == "" || u.AgencyID != actor.AgencyID {
			return nil, bad
		}
		out = append(out, evaluator{u, u.AgencyID})
	}
	return out, nil
}

// caseHandlers are the people the case's own record names as acting on it: its officers
// (承办人员), the reviewers of its review rounds, everyone who took one of its steps and
// the heads who approved them.
type caseHandlers struct {
	users, officers map[int64]bool
}

func loadCaseHandlers(ctx context.Context, tx zhifa.Tx, caseID int64) (*caseHandlers, error) {
	h := &caseHandlers{users: map[int64]bool{}, officers: map[int64]bool{}}
	c, err := tx.Case(ctx, caseID)
	if err != nil {
		return nil, err
	}
	for _, oid := range c.OfficerIDs {
		h.officers[oid] = true
	}
	rounds, err := tx.ReviewRounds(ctx, caseID)
	if err != nil {
		return nil, err
	}
	for _, r := range rounds {
		h.users[r.ReviewerID] = true
	}
	events, err := tx.CaseEvents(ctx, caseID)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		h.users[e.ActorID], h.users[e.ApproverID] = true, true
	}
	delete(h.users, 0)
	return h, nil
}

// handled reports whether the user is among the case's handlers.
func (h *caseHandlers) handled(u *zhifa.User) bool {
	return h.users[u.ID] || (u.OfficerID != 0 && h.officers[u.OfficerID])
}

// notHandledBy is a self-check's rule: no one evaluates a file they handled, reviewed or
// approved; each drawn file's record is read once.
func notHandledBy(ctx context.Context, tx zhifa.Tx) assignRule {
	seen := map[int64]*caseHandlers{}
	return assignRule{
		may: func(ev evaluator, c zhifa.ClosedCaseRef) (bool, error) {
			h, ok := seen[c.ID]
			if !ok {
				var err error
				if h, err = loadCaseHandlers(ctx, tx, c.ID); err != nil {
					return false, err
				}
				seen[c.ID] = h
			}
			return !h.handled(ev.user), nil
		},
		refuse: func(number string) error {
			return kernel.FieldError("evaluator_ids", "评查人员不得评查本人承办、审核或审批的案卷：案卷"+number+"没有其他评查人员可以评查，请增加评查人员")
		},
	}
}

// SelfEvaluationChoices lists what a head or reviewer may choose for a self-check: their
// agency (the one evaluated) and its staff as evaluators.
func (s *Service) SelfEvaluationChoices(ctx context.Context) (*EvaluationChoices, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireSelfCheck(actor); err != nil {
		return nil, err
	}
	out := &EvaluationChoices{Agencies: []Option{}, Evaluators: []Option{}}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, actor.AgencyID)
		if err != nil {
			return err
		}
		out.Agencies = append(out.Agencies, Option{ag.ID, ag.Name})
		users, err := tx.Users(ctx, ag.Path)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u.AgencyID == ag.ID && !u.Disabled && u.Role != zhifa.RoleAdmin && u.Role != "" && u.ID > 0 {
				out.Evaluators = append(out.Evaluators, Option{u.ID, u.Name})
			}
		}
		return nil
	})
	return out, err
}

// mayRectify reports whether the actor records the agency's rectification of the file:
// a handler or head of the evaluated agency once the file is scored (in a self-check,
// the head organising it as well).
func mayRectify(actor *kernel.Actor, f *zhifa.EvalCase, role fileRole) bool {
	switch role {
	case roleAgency:
		return true
	case roleOrganiser:
		return f.SelfCheck && f.Grade != "" && actor.AgencyID == f.AgencyID && actor.Can(kernel.PermHandleCases)
	}
	return false
}
