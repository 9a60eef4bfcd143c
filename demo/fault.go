package demo

import (
	"fmt"

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
	caseID, err := s.correctedCase(officer)
	if err != nil {
		return err
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
	_, err = s.a.Supervision().DecideFault(ctx, f.ID, supervision.FaultDecisionInput{Version: f.Version,
		Finding: "facts_unclear", Responsible: []string{handler}, Grounds: []string{"review_followed"},
		Reasoning: "承办人员未核实当事人提供的进货凭证即认定违法事实，致处罚决定被复议机关撤销；本案未经法制审核，不适用已履行审核程序的免责情形。",
		Sanction:  law.SanctionCriticism})
	return err
}

// correctedCase finds the market bureau's case whose decision an outcome corrected.
func (s *seeder) correctedCase(officer *app.Actor) (int64, error) {
	ctx := app.WithActor(s.ctx, officer)
	for _, st := range []zhifa.Stage{zhifa.StageArchive, zhifa.StageClose, zhifa.StageExecute, zhifa.StageServe} {
		list, err := s.a.Cases(ctx, app.CaseFilter{Stage: st, Kind: zhifa.CasePenalty, Page: zhifa.Page{Limit: 100}})
		if err != nil {
			return 0, err
		}
		for _, c := range list.Cases {
			if c.State.Corrected != "" {
				return c.ID, nil
			}
		}
	}
	return 0, fmt.Errorf("faults: no corrected decision")
}
