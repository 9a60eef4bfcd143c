package sqlstore

import (
	"context"

	"zhifa"
)

// AddWorkdayImport records an imported holiday notice.
func (t *tx) AddWorkdayImport(ctx context.Context, w *zhifa.WorkdayImport) error {
	if w.ImportedAt.IsZero() {
		w.ImportedAt = t.now()
	}
	err := t.queryRow(ctx, `INSERT INTO workday_imports (notice, years, imported_at, imported_by)
		VALUES ($1, $2, $3, $4) RETURNING id`, w.Notice, w.Years, utc(w.ImportedAt), w.ImportedBy).Scan(&w.ID)
	return dbErr(err, "add workday import", errMsgs{})
}

// WorkdayImports returns every imported notice, oldest first.
func (t *tx) WorkdayImports(ctx context.Context) ([]*zhifa.WorkdayImport, error) {
	const op = "list workday imports"
	rows, err := t.query(ctx, `SELECT id, notice, years, imported_at, imported_by FROM workday_imports ORDER BY id`)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []*zhifa.WorkdayImport
	for rows.Next() {
		w := &zhifa.WorkdayImport{}
		if err := rows.Scan(&w.ID, &w.Notice, &w.Years, &w.ImportedAt, &w.ImportedBy); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
		out = append(out, w)
	}
	return out, dbErr(rows.Err(), op, errMsgs{})
}

// WorkdayImportCount is the number of imported notices.
func (t *tx) WorkdayImportCount(ctx context.Context) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM workday_imports`).Scan(&n)
	return n, dbErr(err, "count workday imports", errMsgs{})
}
