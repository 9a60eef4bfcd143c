package cases

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
func (s *Service) partyHistory(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) ([]*zhifa.Case, error) {
	ag, err := tx.Agency(ctx, c.AgencyID)
	if err != nil {
		return nil, err
	}
	peers, err := peerAgencies(ctx, tx, ag)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(peers))
	for i, p := range peers {
		ids[i] = p.ID
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
func (s *Service) sameActWarning(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) (string, error) {
	if c.Kind != zhifa.CasePenalty {
		return "", nil
	}
	history, err := s.partyHistory(ctx, tx, c)
	if err != nil {
		return "", err
	}
	return law.SameActWarning(c, history), nil
}
