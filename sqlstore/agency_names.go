package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// AgencyNames returns the names of the agencies with the ids, 500 ids a statement by
// primary key: a warnings list names the agencies of its rows without reading every
// agency in scope (a province has thousands) nor one agency a row (issue 11).
func (t *tx) AgencyNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	const op = "get agency names"
	out := make(map[int64]string, len(ids))
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for chunk := range slices.Chunk(ids, 500) {
		var w where
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		rows, err := t.query(ctx, `SELECT id, name FROM agencies WHERE id IN (`+strings.Join(ph, ", ")+`)`, w.args...)
		if err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, fmt.Errorf("%s: %w", op, err)
			}
			out[id] = name
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
	}
	return out, nil
}
