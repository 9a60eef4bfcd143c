package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"zhifa"
)

const itemCols = `i.id, i.code, i.name, i.category, i.agency_id, i.domain, i.basis, i.procedure,
	i.time_limit, i.remedy, i.guide, i.flowchart, i.version, i.updated_at, i.updated_by`

func scanItem(s scanner) (*zhifa.Item, error) {
	var i zhifa.Item
	var basis, guide, flow string
	var by sql.NullInt64
	err := s.Scan(&i.ID, &i.Code, &i.Name, &i.Category, &i.AgencyID, &i.Domain, &basis, &i.Procedure,
		&i.TimeLimit, &i.Remedy, &guide, &flow, &i.Version, &i.UpdatedAt, &by)
	if err != nil {
		return nil, err
	}
	i.UpdatedAt, i.UpdatedBy = i.UpdatedAt.UTC(), idOf(by)
	i.Basis = []zhifa.Basis{}
	if err := json.Unmarshal([]byte(basis), &i.Basis); err != nil {
		return nil, fmt.Errorf("decode item basis: %w", err)
	}
	if err := json.Unmarshal([]byte(guide), &i.Guide); err != nil {
		return nil, fmt.Errorf("decode item guide: %w", err)
	}
	if i.Flowchart, err = stringsOf(flow); err != nil {
		return nil, err
	}
	return &i, nil
}

// itemJSON is the stored form of an item's structured fields.
type itemJSON struct{ basis, guide, flowchart string }

func encodeItem(i *zhifa.Item) (itemJSON, error) {
	var j itemJSON
	var err error
	if j.basis, err = jsonText(i.Basis); err != nil {
		return j, err
	}
	if j.guide, err = jsonText(i.Guide); err != nil {
		return j, err
	}
	if j.flowchart, err = jsonText(i.Flowchart); err != nil {
		return j, err
	}
	return j, nil
}

var itemMsgs = errMsgs{conflict: "事项编码已存在", missing: "实施机关或修改人不存在"}

// CreateItem inserts i as version 1, setting ID, Version and UpdatedAt, and records
// that version.
func (t *tx) CreateItem(ctx context.Context, i *zhifa.Item, note string) error {
	const op = "create item"
	j, err := encodeItem(i)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := t.stamp(i.UpdatedAt)
	t.memo.forget("items") // writepath.go
	err = t.queryRow(ctx, `
		INSERT INTO items (code, name, category, agency_id, domain, basis, procedure, time_limit,
			remedy, guide, flowchart, version, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13)
		RETURNING id`,
		i.Code, i.Name, i.Category, i.AgencyID, i.Domain, j.basis, i.Procedure, i.TimeLimit,
		i.Remedy, j.guide, j.flowchart, now, nullID(i.UpdatedBy),
	).Scan(&i.ID)
	if err != nil {
		return dbErr(err, op, itemMsgs)
	}
	i.Version, i.UpdatedAt = 1, now
	return t.addItemVersion(ctx, op, i, note)
}

// UpdateItem saves i as a new version if i.Version is the stored one, else ECONFLICT;
// it increments i.Version, sets UpdatedAt and records the new version.
func (t *tx) UpdateItem(ctx context.Context, i *zhifa.Item, note string) error {
	const op = "update item"
	j, err := encodeItem(i)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := t.stamp(i.UpdatedAt)
	t.memo.forget("items") // writepath.go
	res, err := t.exec(ctx, `
		UPDATE items SET code = $1, name = $2, category = $3, agency_id = $4, domain = $5,
			basis = $6, procedure = $7, time_limit = $8, remedy = $9, guide = $10, flowchart = $11,
			version = version + 1, updated_at = $12, updated_by = $13
		WHERE id = $14 AND version = $15`,
		i.Code, i.Name, i.Category, i.AgencyID, i.Domain, j.basis, i.Procedure, i.TimeLimit,
		i.Remedy, j.guide, j.flowchart, now, nullID(i.UpdatedBy), i.ID, i.Version)
	if err != nil {
		return dbErr(err, op, itemMsgs)
	}
	if err := t.versioned(ctx, res, op, "items", i.ID, "执法事项", "事项已被他人修改，请刷新后重试"); err != nil {
		return err
	}
	i.Version, i.UpdatedAt = i.Version+1, now
	return t.addItemVersion(ctx, op, i, note)
}

// addItemVersion records i, as it now is, in item_versions.
func (t *tx) addItemVersion(ctx context.Context, op string, i *zhifa.Item, note string) error {
	snap, err := json.Marshal(i)
	if err != nil {
		return fmt.Errorf("%s: snapshot: %w", op, err)
	}
	_, err = t.exec(ctx, `
		INSERT INTO item_versions (item_id, version, snapshot, changed_at, changed_by, note)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		i.ID, i.Version, string(snap), i.UpdatedAt, nullID(i.UpdatedBy), note)
	return dbErr(err, op, errMsgs{conflict: "事项已被他人修改，请刷新后重试"})
}

// itemQuery is Item's query: also read ahead (Prefetch).
func itemQuery(id int64) (string, []any) {
	return `SELECT ` + itemCols + ` FROM items i WHERE i.id = $1`, []any{id}
}

// itemByCodeQuery is ItemByCode's query: also read ahead (Prefetch).
func itemByCodeQuery(code string) (string, []any) {
	return `SELECT ` + itemCols + ` FROM items i WHERE i.code = $1`, []any{strings.TrimSpace(code)}
}

// Item returns the item with the id.
func (t *tx) Item(ctx context.Context, id int64) (*zhifa.Item, error) {
	q, args := itemQuery(id)
	i, err := scanItem(t.memoRow(ctx, "items", q, args...)) // kept for the transaction (writepath.go)
	if err != nil {
		return nil, rowErr(err, "get item", "执法事项")
	}
	t.names.item(i)
	return i, nil
}

// ItemByCode returns the item with the code (exact match).
func (t *tx) ItemByCode(ctx context.Context, code string) (*zhifa.Item, error) {
	q, args := itemByCodeQuery(code)
	i, err := scanItem(t.memoRow(ctx, "items", q, args...)) // kept for the transaction (writepath.go)
	if err != nil {
		return nil, rowErr(err, "get item by code", "执法事项")
	}
	t.names.item(i)
	return i, nil
}

// Items returns one page of the matching items, by code, and their total count.
func (t *tx) Items(ctx context.Context, f zhifa.ItemFilter) ([]*zhifa.Item, int, error) {
	const op = "list items"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, 0, err
	}
	var w where
	if f.UnderPath != "" {
		w.add(`a.path LIKE ? || '%'`, f.UnderPath)
	}
	if f.AgencyID != 0 {
		w.add(`i.agency_id = ?`, f.AgencyID)
	}
	if f.Category != "" {
		w.add(`i.category = ?`, f.Category)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := strings.ToLower(likeContains(q))
		w.add(`(LOWER(i.code) LIKE ? ESCAPE '\' OR LOWER(i.name) LIKE ? ESCAPE '\')`, p, p)
	}
	var total int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM items i JOIN agencies a ON a.id = i.agency_id`+w.String(),
		w.args...).Scan(&total)
	if err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	limit, offset := window(f.Page)
	rows, err := t.query(ctx, `
		SELECT `+itemCols+` FROM items i JOIN agencies a ON a.id = i.agency_id`+w.String()+`
		ORDER BY i.code LIMIT `+w.arg(limit)+` OFFSET `+w.arg(offset), w.args...)
	if err != nil {
		return nil, 0, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, scanItem)
	return list, total, err
}

// ItemVersions returns every recorded version of the item, newest first.
func (t *tx) ItemVersions(ctx context.Context, itemID int64) ([]*zhifa.ItemVersion, error) {
	const op = "list item versions"
	rows, err := t.query(ctx, `
		SELECT item_id, version, snapshot, changed_at, changed_by, note
		FROM item_versions WHERE item_id = $1
		ORDER BY version DESC`, itemID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.ItemVersion, error) {
		var v zhifa.ItemVersion
		var snap string
		var by sql.NullInt64
		if err := s.Scan(&v.ItemID, &v.Version, &snap, &v.ChangedAt, &by, &v.Note); err != nil {
			return nil, err
		}
		v.ChangedAt, v.ChangedBy = v.ChangedAt.UTC(), idOf(by)
		if err := json.Unmarshal([]byte(snap), &v.Item); err != nil {
			return nil, fmt.Errorf("decode item snapshot: %w", err)
		}
		return &v, nil
	})
}
