package sqlstore

import (
	"context"

	"zhifa"
)

// AddLedgerOpenings stores the openings of committed entry fields (migration 00016).
func (t *tx) AddLedgerOpenings(ctx context.Context, openings []*zhifa.LedgerOpening) error {
	for _, o := range openings {
		if t.bulk != nil { // a loader's transaction: written at its end
			t.bulk.add("ledger_openings", []string{"entry_index", "field", "salt", "value"}, o.Index, o.Field, o.Salt, o.Value)
			continue
		}
		_, err := t.exec(ctx, `INSERT INTO ledger_openings (entry_index, field, salt, value) VALUES ($1, $2, $3, $4)`,
			o.Index, o.Field, o.Salt, o.Value)
		if err != nil {
			return dbErr(err, "add ledger openings", errMsgs{missing: "账本条目不存在", conflict: "该账本字段已登记"})
		}
	}
	return nil
}

// LedgerOpenings returns the openings of the entries from <= index < to.
func (t *tx) LedgerOpenings(ctx context.Context, from, to int64) ([]*zhifa.LedgerOpening, error) {
	const op = "read ledger openings"
	rows, err := t.query(ctx, `
		SELECT entry_index, field, salt, value FROM ledger_openings
		WHERE entry_index >= $1 AND entry_index < $2 ORDER BY entry_index, field`, from, to)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.LedgerOpening, error) {
		var o zhifa.LedgerOpening
		return &o, s.Scan(&o.Index, &o.Field, &o.Salt, &o.Value)
	})
}

// LedgerEntryAgencies maps the case entries among from <= index < to to their case's
// agency, in one query (the bundle and the staff ledger page check scope per entry).
func (t *tx) LedgerEntryAgencies(ctx context.Context, from, to int64) (map[int64]int64, error) {
	const op = "read ledger entry agencies"
	rows, err := t.query(ctx, `
		SELECT ce.entry_index, c.agency_id FROM case_entries ce JOIN cases c ON c.id = ce.case_id
		WHERE ce.entry_index >= $1 AND ce.entry_index < $2`, from, to)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	type pair struct{ index, agency int64 }
	list, err := collect(rows, op, func(s scanner) (*pair, error) {
		var p pair
		return &p, s.Scan(&p.index, &p.agency)
	})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int64, len(list))
	for _, p := range list {
		out[p.index] = p.agency
	}
	return out, nil
}
