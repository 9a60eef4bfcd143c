package assessment

import (
	"context"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// Todo is the context's to-do source (zhifa.TodoSource): for the head of a justice
// bureau (or a deputy by delegation), the runs awaiting approval; for the head of an
// assessed agency, its self-check of the year from 1 October until it is filed (due at
// the year's end, law.SelfCheckDue), and of last year in January if still missing.
func (s *Service) Todo(ctx context.Context) ([]zhifa.TodoItem, error) {
	actor := kernel.ActorFrom(ctx)
	if !actor.LoggedIn() || actor.UserID < 0 || !actor.Can(kernel.PermSupervise) {
		return nil, nil
	}
	today := s.k.Today()
	var items []zhifa.TodoItem
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		ok, err := s.k.MayApprove(ctx, tx, actor, actor.AgencyID, today)
		if err != nil || !ok {
			return err
		}
		ag, err := tx.Agency(ctx, actor.AgencyID)
		if err != nil {
			return err
		}
		if ag.Supervises {
			runs, err := tx.AssessmentRuns(ctx, zhifa.AssessmentRunFilter{Covering: ag.Path, Status: zhifa.AssessmentDraft, Limit: 20})
			if err != nil {
				return err
			}
			for _, r := range runs {
				if r.AgencyID == ag.ID {
					items = append(items, zhifa.TodoItem{Kind: zhifa.TodoAssessment, Title: strconv.Itoa(r.Year) + "年度行政执法评议考核结果",
						Action: "审定", URL: "/staff/assessments/" + strconv.FormatInt(r.ID, 10)})
				}
			}
			return nil
		}
		if !assessed(ag) {
			return nil
		}
		year := today.Year
		if today.Month == 1 {
			year-- // January: last year's self-check, if still missing
		} else if today.Month < 10 {
			return nil
		}
		list, err := tx.AssessmentInputs(ctx, ag.Path, year)
		if err != nil {
			return err
		}
		for _, in := range list {
			if in.AgencyID == ag.ID && in.Kind == zhifa.InputSelfCheck {
				return nil
			}
		}
		items = append(items, zhifa.TodoItem{Kind: zhifa.TodoAssessment, Title: strconv.Itoa(year) + "年度行政执法责任制自查报告",
			Due: law.SelfCheckDue(year), Action: "提交自查报告", URL: "/staff/assessment-inputs?year=" + strconv.Itoa(year)})
		return nil
	})
	return items, err
}
