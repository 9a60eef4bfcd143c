package demo

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/assessment"
)

// The demo's assessment of agencies (评议考核, issue 14; REQUIREMENTS F2): the market
// bureau's head files last year's self-check on 20 December; in January the justice
// bureau's supervisor enters the public opinion survey of every enforcement agency of
// the city, scores the self-check, runs last year's assessment under the default
// scheme and records one deduction with its reason; the bureau's head (the demo account
// JusticeHeadLogin) approves it and the supervisor publishes it on the
// portal. Seeded in the first days of January, the acts fall on the seeding day.

// JusticeHeadLogin is the demo account of the justice bureau's head, who approves the
// assessment.
const JusticeHeadLogin = "head_justice"

// seedAssessment adds the assessment of last year, after the cases and complaints of
// last year it counts (assessment_more.go).
func (s *seeder) seedAssessment() error {
	if err := s.seedAssessmentYear(); err != nil {
		return err
	}
	justice, city, market := s.agencyByName(justiceBureau), s.agencyByName(CityName), s.agencyByName(marketBureau)
	if justice == nil || city == nil || market == nil {
		return fmt.Errorf("assessment: agencies missing")
	}
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return err
	}
	var sup, head *app.Actor
	for _, u := range users {
		switch u.Login {
		case "supervisor1":
			sup = &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: justice.ID,
				AgencyPath: justice.Path, ScopePath: city.Path, IP: "127.0.0.1"}
		case JusticeHeadLogin:
			head = &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: justice.ID,
				AgencyPath: justice.Path, ScopePath: justice.Path, IP: "127.0.0.1"}
		}
	}
	if sup == nil || head == nil {
		return fmt.Errorf("assessment: the justice bureau's demo accounts missing")
	}
	_, marketHead, err := s.marketActors(market)
	if err != nil {
		return err
	}
	year := s.today.Year - 1
	at := func(month time.Month, day, hour int) time.Time {
		d := zhifa.Date{Year: s.today.Year, Month: month, Day: day}
		if s.today.Before(d) {
			d = s.today
		}
		return d.Time().Add(time.Duration(hour) * time.Hour)
	}
	clock := &demoClock{t: zhifa.Date{Year: year, Month: time.December, Day: 20}.Time().Add(10 * time.Hour)}
	b := s.a.WithClock(clock.now)
	svc := b.Assessment()
	self, err := svc.FileSelfCheck(marketHead, assessment.SelfCheckInput{Year: year, Text: selfCheckText(year)})
	if err != nil {
		return fmt.Errorf("assessment: self-check: %w", err)
	}

	clock.t = at(time.January, 10, 9)
	supCtx := app.WithActor(s.ctx, sup)
	for i, ag := range s.assessedAgencies(city) {
		score := 96 - float64((i*7)%17)
		if _, err := svc.EnterSurvey(supCtx, assessment.SurveyInput{AgencyID: ag.ID, Year: year, Score: score,
			Source: fmt.Sprintf("东港市统计局《%d年度行政执法群众满意度测评报告》", year)}); err != nil {
			return fmt.Errorf("assessment: survey of %s: %w", ag.Name, err)
		}
	}
	if _, err := svc.ScoreSelfCheck(supCtx, self.ID, assessment.ScoreInput{Score: 88, Version: self.Version}); err != nil {
		return fmt.Errorf("assessment: score the self-check: %w", err)
	}
	run, err := svc.Run(supCtx, year)
	if err != nil {
		return fmt.Errorf("assessment: run: %w", err)
	}
	if len(run.Results) > 1 {
		last := run.Results[len(run.Results)-1]
		if run, err = svc.Adjust(supCtx, run.ID, assessment.AdjustInput{AgencyID: last.AgencyID, Points: -2,
			Reason: "年度行政执法数据未按期报送，经通报后补报", Version: run.Version}); err != nil {
			return fmt.Errorf("assessment: deduction: %w", err)
		}
	}
	clock.t = at(time.January, 20, 15)
	headCtx := app.WithActor(s.ctx, head)
	if run, err = svc.Approve(headCtx, run.ID, run.Version); err != nil {
		return fmt.Errorf("assessment: approve: %w", err)
	}
	clock.t = at(time.January, 25, 10)
	if _, err := svc.Publish(supCtx, run.ID, run.Version); err != nil {
		return fmt.Errorf("assessment: publish: %w", err)
	}
	return nil
}

// assessedAgencies are the enforcement agencies of the city that the bureau assesses.
func (s *seeder) assessedAgencies(city *zhifa.Agency) []*zhifa.Agency {
	var out []*zhifa.Agency
	for _, ag := range s.agencies {
		if len(ag.Path) > len(city.Path) && ag.Path[:len(city.Path)] == city.Path && !ag.Supervises &&
			(ag.Type == zhifa.AgencyAdministrative || ag.Type == zhifa.AgencyAuthorized) {
			out = append(out, ag)
		}
	}
	slices.SortFunc(out, func(a, b *zhifa.Agency) int { return cmp.Compare(a.ID, b.ID) }) // the same scores on every seeding
	return out
}

// selfCheckText is the market bureau's self-check of the year.
func selfCheckText(year int) string {
	return fmt.Sprintf("%d年度推行行政执法责任制自查情况：\n"+
		"一、执法主体、执法人员资格和执法事项清单已全部公示，执法人员持证上岗。\n"+
		"二、行政执法公示、执法全过程记录、重大执法决定法制审核三项制度全面落实，重大执法决定均经法制审核后作出。\n"+
		"三、存在问题：个别案件办理期限偏长，部分执法人员年度培训学时不足。下一步将加强期限管理和分类培训。", year)
}
