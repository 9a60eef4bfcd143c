package demo

import (
	"fmt"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
)

// Social supervision and a self-check in the demo city (issue 14, F4, F5): the justice
// bureau has appointed two social supervisors (the accounts social1 and social2), both
// on the portal's roster; social1 accompanies a case of the market bureau. Each has
// recorded remarks, and the market bureau has answered one. The market bureau's head has
// run a self-check (案卷自查) of its closed cases, scored by its own staff who did not
// handle the files.

// socialName is the person behind a social supervisor's demo account.
func socialName(login string) string {
	for _, p := range socialSupervisors {
		if p.login == login {
			return p.name
		}
	}
	return login
}

// socialSupervisors are the demo's appointments (their accounts are in Accounts).
var socialSupervisors = []struct {
	login, name, unit, phone string
}{
	{"social1", "周明华", "东港市第一中学", "13805350101"},
	{"social2", "孙丽", "东港市个体劳动者协会", "13905350202"},
}

// actorOf is the actor of an account of the demo, as a login would give it.
func (s *seeder) actorOf(login string, scope *zhifa.Agency) (*app.Actor, error) {
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.Login != login {
			continue
		}
		for _, ag := range s.agencies {
			if ag.ID == u.AgencyID {
				if scope == nil {
					scope = ag
				}
				return &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: ag.ID,
					AgencyPath: ag.Path, ScopePath: scope.Path, IP: "127.0.0.1"}, nil
			}
		}
	}
	return nil, fmt.Errorf("demo account %s missing", login)
}

// seedSocialSupervision appoints the social supervisors, records their remarks and the
// market bureau's reply, and runs the market bureau's self-check.
func (s *seeder) seedSocialSupervision() error {
	justice, city, market := s.agencyByName(justiceBureau), s.agencyByName(CityName), s.agencyByName(marketBureau)
	if justice == nil || city == nil || market == nil {
		return fmt.Errorf("social supervision: agencies missing")
	}
	judge, err := s.actorOf("supervisor1", city)
	if err != nil {
		return err
	}
	sv, jctx := s.a.Supervision(), app.WithActor(s.ctx, judge)
	from := s.today.AddDays(-60)
	var socials []*app.Actor
	for _, p := range socialSupervisors {
		a, err := s.actorOf(p.login, nil)
		if err != nil {
			return err
		}
		if _, err := sv.Appoint(jctx, supervision.AppointInput{UserID: a.UserID, Name: p.name, WorkUnit: p.unit, Phone: p.phone,
			TermFrom: from, TermTo: addYears(from, 2, -1), OnRoster: true}); err != nil {
			return fmt.Errorf("social supervision: appoint %s: %w", p.login, err)
		}
		socials = append(socials, a)
	}
	officer, err := s.actorOf("officer1", nil)
	if err != nil {
		return err
	}
	octx := app.WithActor(s.ctx, officer)
	remark := func(who *app.Actor, in supervision.RemarkInput) (*zhifa.SocialRemark, error) {
		return sv.RecordRemark(app.WithActor(s.ctx, who), in)
	}
	first, err := remark(socials[0], supervision.RemarkInput{AgencyID: market.ID, AccompaniedOn: s.today.AddDays(-20),
		Text: "随同市场监管执法人员检查农贸市场，执法人员出示了执法证件，说明了检查依据，对商户的询问耐心解答。建议在现场检查笔录中写明告知事项。"})
	if err != nil {
		return fmt.Errorf("social supervision: remark: %w", err)
	}
	if _, err := sv.ReplyRemark(octx, first.ID, supervision.ReplyInput{Version: first.Version,
		Reply: "感谢监督。已修订现场检查笔录格式，增加告知事项一栏，并组织执法人员学习。"}); err != nil {
		return fmt.Errorf("social supervision: reply: %w", err)
	}
	// social1 accompanies one of the market bureau's cases.
	list, err := s.a.Cases(octx, app.CaseFilter{Kind: zhifa.CasePenalty})
	if err != nil {
		return err
	}
	if len(list.Cases) > 0 {
		c := list.Cases[0]
		if _, err := sv.AssignCase(jctx, first.SupervisorID, supervision.AssignInput{CaseID: c.ID}); err != nil {
			return fmt.Errorf("social supervision: assign %s: %w", c.Number, err)
		}
		if _, err := remark(socials[0], supervision.RemarkInput{CaseID: c.ID, AccompaniedOn: s.today.AddDays(-3),
			Text: "伴随调查取证，执法人员两人到场并表明身份。询问笔录未当场交当事人逐页核对签名，建议改进。"}); err != nil {
			return fmt.Errorf("social supervision: case remark: %w", err)
		}
	}
	for _, ag := range s.agencies {
		if ag.IsEnforcement() && !ag.Supervises && ag.ID != market.ID && ag.ParentID == city.ID {
			if _, err := remark(socials[1], supervision.RemarkInput{AgencyID: ag.ID, AccompaniedOn: s.today.AddDays(-10),
				Text: "随同检查个体工商户，执法人员未携带执法记录仪，现场只有一名执法人员出示证件。"}); err != nil {
				return fmt.Errorf("social supervision: remark on %s: %w", ag.Name, err)
			}
			break
		}
	}
	return s.seedSelfEvaluation(market)
}

// seedSelfEvaluation runs the market bureau's self-check of last year's closed cases (or
// of the twelve months before today), every file scored by the staff member it was
// assigned to.
func (s *seeder) seedSelfEvaluation(market *zhifa.Agency) error {
	head, err := s.actorOf("head1", nil)
	if err != nil {
		return err
	}
	sv, hctx := s.a.Supervision(), app.WithActor(s.ctx, head)
	choices, err := sv.SelfEvaluationChoices(hctx)
	if err != nil {
		return err
	}
	year := s.today.Year - 1
	in := supervision.SelfEvaluationInput{Title: fmt.Sprintf("%d年度案卷自查", year), Kinds: []zhifa.CaseKind{zhifa.CasePenalty},
		From: zhifa.Date{Year: year, Month: 1, Day: 1}, To: zhifa.Date{Year: year, Month: 12, Day: 31}, SampleSize: 4,
		Seed: fmt.Sprintf("%s-%d年度案卷自查", market.Name, year)}
	for _, o := range choices.Evaluators {
		in.EvaluatorIDs = append(in.EvaluatorIDs, o.ID)
	}
	ev, err := sv.CreateSelfEvaluation(hctx, in)
	if zhifa.ErrorCode(err) == zhifa.EINVALID && zhifa.ErrorFields(err)["to"] != "" {
		in.Title, in.From, in.To = "近一年案卷自查", s.today.AddDays(-365), s.today
		ev, err = sv.CreateSelfEvaluation(hctx, in)
	}
	if zhifa.ErrorCode(err) == zhifa.EINVALID {
		return nil // no closed case, or none some staff member did not handle: nothing to check
	}
	if err != nil {
		return err
	}
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return err
	}
	logins := map[int64]string{}
	for _, u := range users {
		logins[u.ID] = u.Login
	}
	for i, f := range ev.Files {
		who, err := s.actorOf(logins[f.EvaluatorID], nil)
		if err != nil {
			return err
		}
		if _, err := sv.ScoreFile(app.WithActor(s.ctx, who), f.ID, supervision.ScoreInput{Version: f.Version, Scores: demoScores(ev.Items, i+1)}); err != nil {
			return fmt.Errorf("self-check: score %s: %w", f.CaseNumber, err)
		}
	}
	return nil
}
