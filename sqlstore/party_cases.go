package sqlstore

import (
	"context"
	"strings"

	"zhifa"
)

// PartyCases returns the agencies' cases that name the party by its 统一社会信用代码 or
// the keyed index of its 身份证号 (the indexed columns case_parties_credit and
// case_parties_id), newest first, at most limit.
func (t *tx) PartyCases(ctx context.Context, party zhifa.Party, agencyIDs []int64, limit int) ([]*zhifa.Case, error) {
	const op = "list party cases"
	var keys []string
	var w where
	if party.CreditCode != "" {
		keys = append(keys, `credit_code = `+w.arg(party.CreditCode))
	}
	if party.IDNumber != "" {
		keys = append(keys, `id_number_index = `+w.arg(t.db.pii.index(normalizeIDNumber(party.IDNumber))))
	}
	if len(keys) == 0 || len(agencyIDs) == 0 || limit <= 0 {
		return nil, nil
	}
	ph := make([]string, len(agencyIDs))
	for i, id := range agencyIDs {
		ph[i] = w.arg(id)
	}
	rows, err := t.query(ctx, `
		SELECT `+caseCols+` FROM cases c
		WHERE c.id IN (SELECT case_id FROM case_parties WHERE `+strings.Join(keys, " OR ")+`)
		AND c.agency_id IN (`+strings.Join(ph, ", ")+`)
		ORDER BY c.id DESC LIMIT `+w.arg(limit), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, scanCase)
	if err != nil {
		return nil, err
	}
	if err := t.loadParties(ctx, list); err != nil {
		return nil, err
	}
	return list, nil
}
