package app

import (
	"context"
	"fmt"

	"zhifa"
)

// WarnPublishOverdue: decisions of an agency past their publication period, or published
// ones not withdrawn within three working days after they fell (C3, C4; app/publicity).
const WarnPublishOverdue = "publish_overdue"

// publicityWarnings are the overdue-publication warnings of the agencies in scope.
func (a *App) publicityWarnings(ctx context.Context) ([]Warning, error) {
	overdue, err := a.publicity.OverdueWarnings(ctx)
	if err != nil || len(overdue) == 0 {
		return nil, err
	}
	names := map[int64]string{}
	err = a.read(ctx, func(tx zhifa.Tx) error {
		for _, o := range overdue {
			ag, err := tx.Agency(ctx, o.AgencyID)
			if err != nil {
				return err
			}
			names[ag.ID] = ag.Name
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]Warning, 0, len(overdue))
	for _, o := range overdue {
		out = append(out, Warning{Kind: WarnPublishOverdue, AgencyID: o.AgencyID, Agency: names[o.AgencyID], Rule: o.Rule,
			Message: fmt.Sprintf("%d件执法决定逾期未公示或未按期撤回公示", o.Count)})
	}
	return out, nil
}
