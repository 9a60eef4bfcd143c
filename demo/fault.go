package demo

import (
	"fmt"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/law"
)

// seedFaults decides the fault review (过错责任追究, issue 14 F3) that the demo's revoked
// decision opened (complaints.go): the justice bureau's supervisor finds the facts
// unclear, holds the case's first handler responsible after considering whether the
// review procedure was followed, and orders criticism and education (批评教育), which
// leaves the certificate alone.
func (s *seeder) seedFaults() error {
	market, justice, city := s.agencyByName(marketBureau), s.agencyByName(justiceBureau), s.agencyByName(CityName)
	if market == nil || justice == nil || city == nil {
		return fmt.Errorf("faults: agencies missing")
	}
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return err
	}
	actor := func(login string, ag *zhifa.Agency, scope string) *app.Actor {
		for _, u := range users {
			if u.Login == login {
				return &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: ag.ID,
					AgencyPath: ag.Path, ScopePath: scope, IP: "127.0.0.1"}
			}
		}
		return nil
	}
	officer, judge := actor("officer1", market, market.Path), actor("supervisor1", justice, city.Path)
	if officer == nil || judge == nil {
		return fmt.Errorf("faults: demo accounts missing")
	}
	caseID := s.revokedCase
	if caseID == 0 {
		return nil // no cases without evidence storage (seedComplaints): nothing to review
	}
	ctx := app.WithActor(s.ctx, judge)
	cf, err := s.a.Supervision().CaseFaults(ctx, caseID)
	if err != nil {
		return err
	}
	if len(cf.Reviews) == 0 || len(cf.Candidates) == 0 {
		return fmt.Errorf("faults: the revoked decision opened no fault review")
	}
	var handler string
	for _, p := range cf.Candidates {
		if p.Role == zhifa.FaultRoleHandler {
			handler = p.Key
			break
		}
	}
	f := cf.Reviews[0]
	if _, err = s.a.Supervision().DecideFault(ctx, f.ID, supervision.FaultDecisionInput{Version: f.Version,
		Finding: "facts_unclear", Responsible: []string{handler}, Grounds: []string{"review_followed"},
		Reasoning: "承办人员未核实当事人提供的进货凭证即认定违法事实，致处罚决定被复议机关撤销；本案未经法制审核，不适用已履行审核程序的免责情形。",
		Sanction:  law.SanctionCriticism}); err != nil {
		return err
	}
	return s.seedProblems(caseID, f.ID, officer, judge)
}

// seedProblems puts three problems on the prominent-problem list (突出问题清单, F8), one
// in each state: from a replied complaint, listed twenty days ago with five working days
// to rectify and still open (overdue); from the revoked decision's reconsideration,
// reported by the market bureau; from the fault review, reported and accepted.
func (s *seeder) seedProblems(caseID, faultID int64, officer, judge *app.Actor) error {
	on := func(daysAgo int) *app.App {
		at := workdayOn(s.today.AddDays(-daysAgo)).Time().Add(10 * time.Hour)
		if at.After(s.a.Now()) {
			at = s.a.Now()
		}
		return s.a.WithClock(func() time.Time { return at })
	}
	owner, bureau := app.WithActor(s.ctx, officer), app.WithActor(s.ctx, judge)
	complaints, err := s.a.Supervision().Complaints(owner, supervision.ListFilter{State: zhifa.ComplaintReplied})
	if err != nil {
		return err
	}
	if len(complaints.Items) == 0 {
		return fmt.Errorf("problems: no replied complaint")
	}
	reviews, err := s.a.Supervision().CaseReviews(owner, caseID)
	if err != nil || len(reviews) == 0 {
		return fmt.Errorf("problems: no reconsideration of the revoked decision: %v", err)
	}
	if _, err := on(20).Supervision().OpenProblem(bureau, supervision.ProblemInput{Source: zhifa.ProblemFromComplaint,
		SourceID: complaints.Items[0].ID, Title: "食品标签检查不到位", Days: 5,
		Detail: "群众反映的熟食未标注生产日期问题经投诉才发现，日常检查未覆盖预包装熟食标签；应建立熟食标签专项检查台账。"}); err != nil {
		return err
	}
	reported, err := s.a.Supervision().OpenProblem(bureau, supervision.ProblemInput{Source: zhifa.ProblemFromReview,
		SourceID: reviews[0].ID, Title: "处罚决定事实认定不清",
		Detail: "处罚决定因认定事实不清、证据不足被复议机关撤销；应完善证据审查和法制审核衔接制度。"})
	if err != nil {
		return err
	}
	if _, err := s.a.Supervision().ActProblem(owner, reported.ID, supervision.ProblemActInput{Action: supervision.ProblemReport,
		Version: reported.Version, Report: "已修订《行政处罚证据审查规定》，将进货凭证核查列入必查项目，并组织全局执法人员培训。"}); err != nil {
		return err
	}
	closed, err := s.a.Supervision().OpenProblem(bureau, supervision.ProblemInput{Source: zhifa.ProblemFromFault,
		SourceID: faultID, Title: "承办人员证据意识不强", Days: 10,
		Detail: "过错责任追究认定承办人员未核实进货凭证；应对承办人员开展证据规则专题培训。"})
	if err != nil {
		return err
	}
	v, err := s.a.Supervision().ActProblem(owner, closed.ID, supervision.ProblemActInput{Action: supervision.ProblemReport,
		Version: closed.Version, Report: "已组织证据规则专题培训4学时，附培训通知和签到表。"})
	if err != nil {
		return err
	}
	_, err = s.a.Supervision().ActProblem(bureau, closed.ID, supervision.ProblemActInput{Action: supervision.ProblemAccept,
		Version: v.Version, Note: "培训材料齐全，整改到位，予以销号。"})
	return err
}
