package supervision

import (
	"context"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
)

// EvaluationTodo is the to-do source of case-file evaluation (zhifa.TodoSource): the
// files assigned to the actor and not yet scored, and — for the handlers of an evaluated
// agency — the rectifications due within three working days or overdue. Each list is
// one bounded page of an indexed query.
func (s *Service) EvaluationTodo(ctx context.Context) ([]zhifa.TodoItem, error) {
	actor := kernel.ActorFrom(ctx)
	if !actor.LoggedIn() || actor.UserID < 0 {
		return nil, nil
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	horizon, _ := cal.AddWorkdays(s.k.Today(), todoHorizon)
	var items []zhifa.TodoItem
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		mine, err := tx.EvalCaseList(ctx, zhifa.EvalCaseFilter{EvaluatorID: actor.UserID, Limit: todoScan})
		if err != nil {
			return err
		}
		for _, f := range mine {
			if f.Grade == "" {
				items = append(items, zhifa.TodoItem{Kind: zhifa.TodoEvaluation, Title: "评查案卷 " + f.CaseNumber + "（" + f.AgencyName + "）",
					Action: "评分", URL: "/staff/evaluation-files/" + strconv.FormatInt(f.ID, 10)})
			}
		}
		if !actor.Can(kernel.PermHandleCases) {
			return nil
		}
		open, err := tx.EvalCaseList(ctx, zhifa.EvalCaseFilter{AgencyID: actor.AgencyID, OpenRectification: true, Limit: todoScan})
		if err != nil {
			return err
		}
		for _, f := range open {
			if !f.RectifyDue.After(horizon) {
				items = append(items, zhifa.TodoItem{Kind: zhifa.TodoEvaluation, Title: "案卷评查整改 " + f.CaseNumber, CaseID: f.CaseID,
					Due: f.RectifyDue, Action: "填报整改情况", URL: "/staff/evaluation-files/" + strconv.FormatInt(f.ID, 10)})
			}
		}
		return nil
	})
	return items[:min(len(items), todoLimit)], err
}
