package app

import (
	"context"

	"zhifa"
	"zhifa/law"
)

// maxHistory bounds the party's cases read for 行政处罚法第二十九条 and 第三十三条.
const maxHistory = 200

// partyHistory is the party's history for c (issue 10): the cases of c's agency and of
// its peers (same parent, same level, enforcement agencies: the agencies whose decisions
// the case's agency sees in the consistency aid) that name one of c's parties.
func (a *App) partyHistory(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) ([]*zhifa.Case, error) {
	ag, err := tx.Agency(ctx, c.AgencyID)
	if err != nil {
		return nil, err
	}
	ids := []int64{ag.ID}
	if ag.ParentID != 0 {
		parent, err := tx.Agency(ctx, ag.ParentID)
		if err != nil {
			return nil, err
		}
		all, err := tx.Agencies(ctx, parent.Path)
		if err != nil {
			return nil, err
		}
		for _, x := range all {
			if x.ID != ag.ID && x.ParentID == ag.ParentID && x.Level == ag.Level && x.IsEnforcement() {
				ids = append(ids, x.ID)
			}
		}
	}
	var out []*zhifa.Case
	for _, p := range c.Parties {
		list, err := tx.PartyCases(ctx, p, ids, maxHistory)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	return out, nil
}

// sameActWarning warns at filing when the party's history holds a penalty case on the
// same act (行政处罚法第二十九条: law.SameActWarning).
func (a *App) sameActWarning(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) (string, error) {
	if c.Kind != zhifa.CasePenalty {
		return "", nil
	}
	history, err := a.partyHistory(ctx, tx, c)
	if err != nil {
		return "", err
	}
	return law.SameActWarning(c, history), nil
}
