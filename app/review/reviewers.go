package review

import (
	"context"
	"slices"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// Reviewer assignment (E2): a round's reviewer comes from the agency's review unit or a
// pool serving the agency, took no part in the case, and holds 法律职业资格 when reviewing
// for the first time (行政处罚法第五十八条第二款).

// eligibleReviewers returns the reviewers who may review cases of the agency: active
// reviewer accounts of the agency's review unit and of the pools serving it (E2).
func eligibleReviewers(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) ([]*zhifa.User, error) {
	users, err := tx.Users(ctx, ag.Path)
	if err != nil {
		return nil, err
	}
	var out []*zhifa.User
	for _, u := range users {
		if u.AgencyID == ag.ID && u.Role == zhifa.RoleReviewer && !u.Disabled {
			out = append(out, u)
		}
	}
	pools, err := tx.ReviewPools(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range pools {
		if !slices.Contains(p.Agencies, ag.ID) {
			continue
		}
		for _, id := range p.Reviewers {
			if slices.ContainsFunc(out, func(u *zhifa.User) bool { return u.ID == id }) {
				continue
			}
			u, err := tx.User(ctx, id)
			if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
				continue
			} else if err != nil {
				return nil, err
			}
			if u.Role == zhifa.RoleReviewer && !u.Disabled {
				out = append(out, u)
			}
		}
	}
	return out, nil
}

// reviewerProblem says why the user may not review the case, "" when they may: a
// reviewer who took part in the case cannot review it; one who has never reviewed must
// hold 法律职业资格 (行政处罚法第五十八条第二款).
func reviewerProblem(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, u *zhifa.User) (rule, problem string, err error) {
	if u.OfficerID != 0 && slices.Contains(c.OfficerIDs, u.OfficerID) {
		return law.RuleReviewDuty, u.Name + "是本案承办人员，不能审核本案", nil
	}
	if c.CreatedBy == u.ID {
		return law.RuleReviewDuty, u.Name + "参与了本案办理（立案），不能审核本案", nil
	}
	events, err := tx.CaseEvents(ctx, c.ID)
	if err != nil {
		return "", "", err
	}
	for _, e := range events {
		if (e.ActorID == u.ID || e.ApproverID == u.ID) && e.Action != zhifa.ActReviewOpinion {
			return law.RuleReviewDuty, u.Name + "参与了本案办理（" + law.ActionLabel(e.Action) + "），不能审核本案", nil
		}
	}
	given, err := tx.ReviewsGiven(ctx, u.ID)
	if err != nil {
		return "", "", err
	}
	if given == 0 {
		qualified := false
		if u.OfficerID != 0 {
			o, err := tx.Officer(ctx, u.OfficerID)
			if err != nil && zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
				return "", "", err
			}
			qualified = o != nil && o.LegalQual
		}
		if !qualified {
			return law.RuleReviewerQual, u.Name + "初次从事行政处罚决定法制审核，应当通过国家统一法律职业资格考试取得法律职业资格", nil
		}
	}
	return "", "", nil
}

// assignReviewer picks the reviewer of a round: the requested one if eligible, else the
// eligible reviewer with the fewest pending reviews.
func assignReviewer(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, requested int64) (*zhifa.User, error) {
	ag, err := tx.Agency(ctx, c.AgencyID)
	if err != nil {
		return nil, err
	}
	cands, err := eligibleReviewers(ctx, tx, ag)
	if err != nil {
		return nil, err
	}
	if requested != 0 {
		i := slices.IndexFunc(cands, func(u *zhifa.User) bool { return u.ID == requested })
		if i < 0 {
			return nil, kernel.FieldError("review.reviewer_id", "审核人员应为本机关法制审核机构或服务本机关的审核人员库中的法制审核人员")
		}
		rule, problem, err := reviewerProblem(ctx, tx, c, cands[i])
		if err != nil {
			return nil, err
		}
		if problem != "" {
			return nil, law.Gate(rule, problem)
		}
		return cands[i], nil
	}
	var best *zhifa.User
	bestLoad := 0
	var problems []string
	lastRule := law.RuleReviewUnit
	for _, u := range cands {
		rule, problem, err := reviewerProblem(ctx, tx, c, u)
		if err != nil {
			return nil, err
		}
		if problem != "" {
			problems, lastRule = append(problems, problem), rule
			continue
		}
		q, err := tx.ReviewQueue(ctx, u.ID, zhifa.ReviewPending)
		if err != nil {
			return nil, err
		}
		if best == nil || len(q) < bestLoad {
			best, bestLoad = u, len(q)
		}
	}
	if best == nil {
		msg := "本机关没有可以审核本案的法制审核人员（请在法制审核机构或审核人员库中配备）"
		if len(problems) > 0 {
			msg += "：" + strings.Join(problems, "；")
		}
		return nil, law.Gate(lastRule, msg)
	}
	return best, nil
}

// ReviewerChoice is a reviewer who may be assigned to a case, or why not.
type ReviewerChoice struct {
	UserID  int64  `json:"user_id"`
	Login   string `json:"login"`
	Name    string `json:"name"`
	Agency  string `json:"agency"`
	Pending int    `json:"pending"`
	Problem string `json:"problem,omitempty"`
	Rule    string `json:"rule,omitempty"`
}

// CaseReviewers lists the reviewers of the case's review unit and pools, each with the
// reason they cannot review the case, if any. Anyone on the staff who may read the case
// may read the list.
func (s *Service) CaseReviewers(ctx context.Context, caseID int64) ([]ReviewerChoice, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	out := []ReviewerChoice{}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		users, err := eligibleReviewers(ctx, tx, ag)
		if err != nil {
			return err
		}
		agNames := map[int64]string{} // the reviewers' agencies, read once each
		for _, u := range users {
			rule, problem, err := reviewerProblem(ctx, tx, c, u)
			if err != nil {
				return err
			}
			q, err := tx.ReviewQueue(ctx, u.ID, zhifa.ReviewPending)
			if err != nil {
				return err
			}
			agName, ok := agNames[u.AgencyID]
			if !ok {
				if uag, err := tx.Agency(ctx, u.AgencyID); err == nil {
					agName = uag.Name
				}
				agNames[u.AgencyID] = agName
			}
			out = append(out, ReviewerChoice{UserID: u.ID, Login: u.Login, Name: u.Name, Agency: agName,
				Pending: len(q), Problem: problem, Rule: rule})
		}
		return nil
	})
	return out, err
}
