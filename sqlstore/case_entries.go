package sqlstore

import (
	"context"

	"zhifa"
)

// LinkCaseEntry records that the ledger entry at index was appended for the case.
func (t *tx) LinkCaseEntry(ctx context.Context, caseID, index int64, kind string) error {
	if t.bulk != nil { // a loader's transaction: written at its end
		t.bulk.add("case_entries", []string{"entry_index", "case_id", "kind"}, index, caseID, kind)
		return nil
	}
	_, err := t.exec(ctx, `INSERT INTO case_entries (entry_index, case_id, kind) VALUES ($1, $2, $3)`,
		index, caseID, kind)
	return dbErr(err, "link case entry", errMsgs{missing: "案件不存在", conflict: "该账本条目已关联案件"})
}

// CaseEntries returns the ledger entries of a case, in log order.
func (t *tx) CaseEntries(ctx context.Context, caseID int64) ([]zhifa.CaseEntry, error) {
	const op = "list case entries"
	rows, err := t.query(ctx, `SELECT entry_index, kind FROM case_entries WHERE case_id = $1 ORDER BY entry_index`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, func(s scanner) (*zhifa.CaseEntry, error) {
		var e zhifa.CaseEntry
		return &e, s.Scan(&e.Index, &e.Kind)
	})
	if err != nil {
		return nil, err
	}
	out := make([]zhifa.CaseEntry, len(list))
	for i, e := range list {
		out[i] = *e
	}
	return out, nil
}
