package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"zhifa"
)

// Whole-process-recording lists (全过程记录清单, REQUIREMENTS B5, D2): append-only
// versions per agency (migration 00012). Whether a version is a template for the
// agencies below and which template it was saved under are kept in the JSON too: they
// are read with the version, never queried on their own.

// recordingData is the JSON kept in recording_lists.data.
type recordingData struct {
	Acts         []zhifa.RecordingAct `json:"acts"`
	Note         string               `json:"note,omitempty"`
	Template     bool                 `json:"template,omitempty"`
	BaseAgencyID int64                `json:"base_agency_id,omitempty"`
	BaseVersion  int                  `json:"base_version,omitempty"`
}

const recordingConflict = "全过程记录清单已被他人修改（当前第%d版），请刷新后重试"

// AddRecordingList stores the next version of an agency's list.
func (t *tx) AddRecordingList(ctx context.Context, l *zhifa.RecordingList) error {
	t.memo.forget("recording_lists")
	const op = "add recording list"
	if err := t.checkNextVersion(ctx, op, "recording_lists", l.AgencyID, l.Version, recordingConflict); err != nil {
		return err
	}
	b, err := json.Marshal(recordingData{Acts: l.Acts, Note: l.Note, Template: l.Template,
		BaseAgencyID: l.BaseAgencyID, BaseVersion: l.BaseVersion})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	l.CreatedAt = t.stamp(l.CreatedAt)
	err = t.queryRow(ctx, `
		INSERT INTO recording_lists (agency_id, version, data, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		l.AgencyID, l.Version, string(b), l.CreatedBy, l.CreatedAt).Scan(&l.ID)
	return dbErr(err, op, errMsgs{conflict: "全过程记录清单已被他人修改，请刷新后重试", missing: "执法机关不存在"})
}

const recordingCols = `id, agency_id, version, data, created_by, created_at`

func scanRecordingList(s scanner) (*zhifa.RecordingList, error) {
	var l zhifa.RecordingList
	var data string
	if err := s.Scan(&l.ID, &l.AgencyID, &l.Version, &data, &l.CreatedBy, &l.CreatedAt); err != nil {
		return nil, err
	}
	l.CreatedAt = l.CreatedAt.UTC()
	var d recordingData
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		return nil, fmt.Errorf("decode recording list: %w", err)
	}
	l.Acts, l.Note = d.Acts, d.Note
	l.Template, l.BaseAgencyID, l.BaseVersion = d.Template, d.BaseAgencyID, d.BaseVersion
	if l.Acts == nil {
		l.Acts = []zhifa.RecordingAct{}
	}
	return &l, nil
}

// RecordingList returns a version of the agency's list, the latest for version 0.
func (t *tx) RecordingList(ctx context.Context, agencyID int64, version int) (*zhifa.RecordingList, error) {
	q, args := versionQuery(t.db.engine, recordingCols, "recording_lists", agencyID, version)
	l, err := scanRecordingList(t.memoRow(ctx, "recording_lists", q, args...)) // writepath.go
	if err != nil {
		return nil, rowErr(err, "get recording list", "全过程记录清单")
	}
	return l, nil
}

// RecordingLists returns every version of the agency's list, newest first.
func (t *tx) RecordingLists(ctx context.Context, agencyID int64) ([]*zhifa.RecordingList, error) {
	const op = "list recording lists"
	rows, err := t.query(ctx, `SELECT `+recordingCols+` FROM recording_lists WHERE agency_id = $1 ORDER BY version DESC`, agencyID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanRecordingList)
}
