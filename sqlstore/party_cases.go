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
	// On PostgreSQL the party's case ids are collected first (an InitPlan over the party
	// indexes) and the cases read by primary key, the agencies only filtering them
	// (agency_id + 0 is no index key). As a semi-join, the generic plan a prepared
	// statement settles on after five runs, costed with the statistics of a small store,
	// read every case of the agency at each filing (issue 11); a party has few cases.
	parties, agency := `c.id IN (SELECT case_id FROM case_parties WHERE `+strings.Join(keys, " OR ")+`)`, `c.agency_id`
	if t.db.engine == EnginePostgres {
		parties, agency = `c.id = ANY (ARRAY(SELECT case_id FROM case_parties WHERE `+strings.Join(keys, " OR ")+`))`, `c.agency_id + 0`
	}
	rows, err := t.query(ctx, `
		SELECT `+caseCols+` FROM cases c
		WHERE `+parties+`
		AND `+agency+` IN (`+strings.Join(ph, ", ")+`)
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
