package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"zhifa"
)

// Discretion (migration 00009, issue #5): benchmarks with their versions, the agencies'
// entries of the four lists and the fines of decided cases. Levels and bases are JSON
// text; a benchmark version is a JSON snapshot of the whole benchmark, append-only.

const benchmarkCols = `id, item_id, agency_id, levels, basis, version, updated_at, updated_by`

func scanBenchmark(s scanner) (*zhifa.Benchmark, error) {
	var b zhifa.Benchmark
	var levels, basis string
	var by sql.NullInt64
	if err := s.Scan(&b.ID, &b.ItemID, &b.AgencyID, &levels, &basis, &b.Version, &b.UpdatedAt, &by); err != nil {
		return nil, err
	}
	b.UpdatedAt, b.UpdatedBy = b.UpdatedAt.UTC(), idOf(by)
	if err := json.Unmarshal([]byte(levels), &b.Levels); err != nil {
		return nil, fmt.Errorf("decode benchmark levels: %w", err)
	}
	if err := json.Unmarshal([]byte(basis), &b.Basis); err != nil {
		return nil, fmt.Errorf("decode benchmark basis: %w", err)
	}
	if b.Levels == nil {
		b.Levels = []zhifa.BenchmarkLevel{}
	}
	if b.Basis == nil {
		b.Basis = []zhifa.Basis{}
	}
	return &b, nil
}

// benchmarkJSON is the stored text of b's levels and basis.
func benchmarkJSON(b *zhifa.Benchmark) (levels, basis string, err error) {
	if levels, err = jsonText(b.Levels); err != nil {
		return "", "", err
	}
	basis, err = jsonText(b.Basis)
	return levels, basis, err
}

var benchmarkMsgs = errMsgs{conflict: "该执法事项已有裁量基准", missing: "执法事项或机关不存在"}

// CreateBenchmark inserts b as version 1 and records that version.
func (t *tx) CreateBenchmark(ctx context.Context, b *zhifa.Benchmark, note string) error {
	const op = "create benchmark"
	levels, basis, err := benchmarkJSON(b)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := t.stamp(b.UpdatedAt)
	err = t.queryRow(ctx, `
		INSERT INTO benchmarks (item_id, agency_id, levels, basis, version, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, 1, $5, $6) RETURNING id`,
		b.ItemID, b.AgencyID, levels, basis, now, nullID(b.UpdatedBy)).Scan(&b.ID)
	if err != nil {
		return dbErr(err, op, benchmarkMsgs)
	}
	b.Version, b.UpdatedAt = 1, now
	return t.addBenchmarkVersion(ctx, op, b, note)
}

// UpdateBenchmark saves b as a new version if b.Version is the stored one.
func (t *tx) UpdateBenchmark(ctx context.Context, b *zhifa.Benchmark, note string) error {
	const op = "update benchmark"
	levels, basis, err := benchmarkJSON(b)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := t.stamp(b.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE benchmarks SET levels = $1, basis = $2, agency_id = $3, version = version + 1,
			updated_at = $4, updated_by = $5
		WHERE id = $6 AND version = $7`,
		levels, basis, b.AgencyID, now, nullID(b.UpdatedBy), b.ID, b.Version)
	if err != nil {
		return dbErr(err, op, benchmarkMsgs)
	}
	if err := t.versioned(ctx, res, op, "benchmarks", b.ID, "裁量基准", ""); err != nil {
		return err
	}
	b.Version, b.UpdatedAt = b.Version+1, now
	return t.addBenchmarkVersion(ctx, op, b, note)
}

func (t *tx) addBenchmarkVersion(ctx context.Context, op string, b *zhifa.Benchmark, note string) error {
	snap, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("%s: snapshot: %w", op, err)
	}
	_, err = t.exec(ctx, `
		INSERT INTO benchmark_versions (benchmark_id, version, snapshot, changed_at, changed_by, note)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		b.ID, b.Version, string(snap), b.UpdatedAt, nullID(b.UpdatedBy), note)
	return dbErr(err, op, errMsgs{conflict: "裁量基准已被他人修改，请刷新后重试"})
}

// BenchmarkByItem returns the benchmark of the item.
func (t *tx) BenchmarkByItem(ctx context.Context, itemID int64) (*zhifa.Benchmark, error) {
	b, err := scanBenchmark(t.queryRow(ctx, `SELECT `+benchmarkCols+` FROM benchmarks WHERE item_id = $1`, itemID))
	if err != nil {
		return nil, rowErr(err, "get benchmark", "裁量基准")
	}
	return b, nil
}

// BenchmarkVersions returns every version of the benchmark, newest first.
func (t *tx) BenchmarkVersions(ctx context.Context, benchmarkID int64) ([]*zhifa.BenchmarkVersion, error) {
	const op = "list benchmark versions"
	rows, err := t.query(ctx, `
		SELECT benchmark_id, version, snapshot, changed_at, changed_by, note
		FROM benchmark_versions WHERE benchmark_id = $1 ORDER BY version DESC`, benchmarkID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.BenchmarkVersion, error) {
		var v zhifa.BenchmarkVersion
		var snap string
		var by sql.NullInt64
		if err := s.Scan(&v.BenchmarkID, &v.Version, &snap, &v.ChangedAt, &by, &v.Note); err != nil {
			return nil, err
		}
		v.ChangedAt, v.ChangedBy = v.ChangedAt.UTC(), idOf(by)
		if err := json.Unmarshal([]byte(snap), &v.Benchmark); err != nil {
			return nil, fmt.Errorf("decode benchmark snapshot: %w", err)
		}
		return &v, nil
	})
}

// ---- the four lists ----

const listCols = `l.id, l.agency_id, l.kind, l.item_id, l.title, l.conditions, l.basis, l.active, l.version, l.updated_at, l.updated_by`

func scanListEntry(s scanner) (*zhifa.ListEntry, error) {
	var e zhifa.ListEntry
	var item, by sql.NullInt64
	var basis string
	if err := s.Scan(&e.ID, &e.AgencyID, &e.Kind, &item, &e.Title, &e.Conditions, &basis, &e.Active, &e.Version, &e.UpdatedAt, &by); err != nil {
		return nil, err
	}
	e.ItemID, e.UpdatedBy, e.UpdatedAt = idOf(item), idOf(by), e.UpdatedAt.UTC()
	e.Key = ListKey(e.ID)
	if err := json.Unmarshal([]byte(basis), &e.Basis); err != nil {
		return nil, fmt.Errorf("decode list entry basis: %w", err)
	}
	if e.Basis == nil {
		e.Basis = []zhifa.Basis{}
	}
	return &e, nil
}

// ListKey is the key of a stored list entry: "L" and its ID.
func ListKey(id int64) string { return "L" + strconv.FormatInt(id, 10) }

var listMsgs = errMsgs{missing: "机关或执法事项不存在"}

// CreateListEntry inserts e as version 1.
func (t *tx) CreateListEntry(ctx context.Context, e *zhifa.ListEntry) error {
	const op = "create list entry"
	basis, err := jsonText(e.Basis)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := t.stamp(e.UpdatedAt)
	err = t.queryRow(ctx, `
		INSERT INTO list_entries (agency_id, kind, item_id, title, conditions, basis, active, version, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9) RETURNING id`,
		e.AgencyID, string(e.Kind), nullID(e.ItemID), e.Title, e.Conditions, basis, e.Active, now, nullID(e.UpdatedBy)).Scan(&e.ID)
	if err != nil {
		return dbErr(err, op, listMsgs)
	}
	e.Key, e.Version, e.UpdatedAt = ListKey(e.ID), 1, now
	return nil
}

// UpdateListEntry saves e if e.Version is the stored one; the agency does not change.
func (t *tx) UpdateListEntry(ctx context.Context, e *zhifa.ListEntry) error {
	const op = "update list entry"
	basis, err := jsonText(e.Basis)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := t.stamp(e.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE list_entries SET kind = $1, item_id = $2, title = $3, conditions = $4, basis = $5, active = $6,
			version = version + 1, updated_at = $7, updated_by = $8
		WHERE id = $9 AND version = $10`,
		string(e.Kind), nullID(e.ItemID), e.Title, e.Conditions, basis, e.Active, now, nullID(e.UpdatedBy), e.ID, e.Version)
	if err != nil {
		return dbErr(err, op, listMsgs)
	}
	if err := t.versioned(ctx, res, op, "list_entries", e.ID, "清单条目", ""); err != nil {
		return err
	}
	e.Version, e.UpdatedAt = e.Version+1, now
	return nil
}

// ListEntry returns one stored entry.
func (t *tx) ListEntry(ctx context.Context, id int64) (*zhifa.ListEntry, error) {
	e, err := scanListEntry(t.queryRow(ctx, `SELECT `+listCols+` FROM list_entries l WHERE l.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get list entry", "清单条目")
	}
	return e, nil
}

// ListEntries returns the matching stored entries, by kind and ID.
func (t *tx) ListEntries(ctx context.Context, f zhifa.ListFilter) ([]*zhifa.ListEntry, error) {
	const op = "list list entries"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	var w where
	if f.UnderPath != "" {
		w.add(`a.path LIKE ? || '%'`, f.UnderPath)
	}
	if f.AgencyID != 0 {
		w.add(`l.agency_id = ?`, f.AgencyID)
	}
	if f.Kind != "" {
		w.add(`l.kind = ?`, string(f.Kind))
	}
	if f.ActiveOnly {
		w.add(`l.active = ?`, true)
	}
	rows, err := t.query(ctx, `SELECT `+listCols+` FROM list_entries l JOIN agencies a ON a.id = l.agency_id`+w.String()+`
		ORDER BY CASE l.kind WHEN 'no_penalty' THEN 1 WHEN 'lighter' THEN 2 WHEN 'mitigated' THEN 3 ELSE 4 END, l.id`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanListEntry)
}

// ---- decided fines ----

// AddDecisionFine records the fine of a decided case.
func (t *tx) AddDecisionFine(ctx context.Context, d *zhifa.DecisionFine) error {
	_, err := t.exec(ctx, `
		INSERT INTO decision_fines (case_id, number, agency_id, item_id, level, fine_fen, decided_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		d.CaseID, d.Number, d.AgencyID, d.ItemID, d.Level, d.FineFen, d.DecidedOn)
	return dbErr(err, "add decision fine", errMsgs{conflict: "该案件的决定已登记", missing: "案件、机关或执法事项不存在"})
}

// DecisionFines returns the newest q.Limit fines of the item at the level decided by the
// agencies since q.Since, read newest first from decision_fines_recent (migration 00049)
// and returned by amount: a bounded read, whatever the number of past decisions.
func (t *tx) DecisionFines(ctx context.Context, q zhifa.DecisionFineQuery) ([]*zhifa.DecisionFine, error) {
	const op = "list decision fines"
	if len(q.AgencyIDs) == 0 {
		return nil, nil
	}
	if q.Limit <= 0 {
		return nil, zhifa.Errorf(zhifa.EINVALID, "既往决定的数量上限应为正数")
	}
	var w where
	w.add(`item_id = ?`, q.ItemID)
	w.add(`level = ?`, q.Level)
	w.add(`decided_on >= ?`, q.Since)
	in := ""
	for i, id := range q.AgencyIDs {
		if i > 0 {
			in += ", "
		}
		in += w.arg(id)
	}
	w.conds = append(w.conds, `agency_id IN (`+in+`)`)
	rows, err := t.query(ctx, `
		SELECT case_id, number, agency_id, item_id, level, fine_fen, decided_on
		FROM decision_fines`+w.String()+` ORDER BY decided_on DESC, case_id DESC LIMIT `+strconv.Itoa(q.Limit), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, func(s scanner) (*zhifa.DecisionFine, error) {
		var d zhifa.DecisionFine
		err := s.Scan(&d.CaseID, &d.Number, &d.AgencyID, &d.ItemID, &d.Level, &d.FineFen, &d.DecidedOn)
		return &d, err
	})
	slices.SortFunc(list, func(a, b *zhifa.DecisionFine) int {
		return cmp.Or(cmp.Compare(a.FineFen, b.FineFen), cmp.Compare(a.CaseID, b.CaseID))
	})
	return list, err
}
