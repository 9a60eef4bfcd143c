package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testRecordingLists covers the whole-process-recording lists (B5, D2): versions in
// sequence (a stale version is ECONFLICT), the latest and a given version, the history
// newest first, and that versions are append-only.
func testRecordingLists(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	view(t, db, func(tx zhifa.Tx) error {
		_, err := tx.RecordingList(ctx, tr.market.ID, 0)
		wantCode(t, "no list", err, zhifa.ENOTFOUND)
		all, err := tx.RecordingLists(ctx, tr.market.ID)
		if err != nil || len(all) != 0 {
			t.Errorf("versions of none %+v %v", all, err)
		}
		return nil
	})
	acts := []zhifa.RecordingAct{
		{Act: "seize", Level: zhifa.RecordingRequired, WholeProcess: true},
		{Act: "inspect", Level: zhifa.RecordingRecommended, Note: "食品安全现场检查"},
	}
	v1 := &zhifa.RecordingList{AgencyID: tr.market.ID, Version: 1, Acts: acts, Note: "首版", CreatedBy: "admin"}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddRecordingList(ctx, v1) })
	stale := &zhifa.RecordingList{AgencyID: tr.market.ID, Version: 1, Acts: acts}
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.AddRecordingList(ctx, stale) })
	wantCode(t, "stale version", err, zhifa.ECONFLICT)
	skip := &zhifa.RecordingList{AgencyID: tr.market.ID, Version: 3, Acts: acts}
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.AddRecordingList(ctx, skip) })
	wantCode(t, "skipped version", err, zhifa.ECONFLICT)
	acts2 := []zhifa.RecordingAct{acts[0], {Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true}}
	v2 := &zhifa.RecordingList{AgencyID: tr.market.ID, Version: 2, Acts: acts2, CreatedBy: "admin2"}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddRecordingList(ctx, v2) })
	other := &zhifa.RecordingList{AgencyID: tr.branch.ID, Version: 1, Acts: acts}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddRecordingList(ctx, other) })
	view(t, db, func(tx zhifa.Tx) error {
		latest, err := tx.RecordingList(ctx, tr.market.ID, 0)
		if err != nil {
			return err
		}
		if latest.Version != 2 || latest.ID != v2.ID || len(latest.Acts) != 2 || latest.Acts[1].Level != zhifa.RecordingRequired ||
			!latest.Acts[1].WholeProcess || latest.CreatedBy != "admin2" || latest.CreatedAt.IsZero() {
			t.Errorf("latest %+v", latest)
		}
		first, err := tx.RecordingList(ctx, tr.market.ID, 1)
		if err != nil {
			return err
		}
		if first.Note != "首版" || first.Acts[1].Note != "食品安全现场检查" || first.Acts[1].Level != zhifa.RecordingRecommended || first.CreatedBy != "admin" {
			t.Errorf("version 1 %+v", first)
		}
		_, err = tx.RecordingList(ctx, tr.market.ID, 9)
		wantCode(t, "missing version", err, zhifa.ENOTFOUND)
		all, err := tx.RecordingLists(ctx, tr.market.ID)
		if err != nil || len(all) != 2 || all[0].Version != 2 || all[1].Version != 1 {
			t.Errorf("versions %+v %v", all, err)
		}
		return nil
	})
	for _, q := range []string{`UPDATE recording_lists SET version = 9 WHERE id = $1`, `DELETE FROM recording_lists WHERE id = $1`} {
		if _, err := db.sql.ExecContext(ctx, q, v1.ID); err == nil {
			t.Errorf("%s succeeded on an append-only table", q)
		}
	}
}

// testRecordingTemplates covers the template marks of a list version (B5): whether it is
// published for the agencies below and which template it was saved under, kept with the
// version and read back with it, the latest and a given version alike.
func testRecordingTemplates(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	acts := []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true}}
	tmpl := &zhifa.RecordingList{AgencyID: tr.market.ID, Version: 1, Acts: acts, Template: true, CreatedBy: "admin"}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddRecordingList(ctx, tmpl) })
	below := &zhifa.RecordingList{AgencyID: tr.branch.ID, Version: 1, Acts: acts, BaseAgencyID: tr.market.ID, BaseVersion: 1, CreatedBy: "admin"}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddRecordingList(ctx, below) })
	plain := &zhifa.RecordingList{AgencyID: tr.market.ID, Version: 2, Acts: acts, CreatedBy: "admin"}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddRecordingList(ctx, plain) })
	view(t, db, func(tx zhifa.Tx) error {
		first, err := tx.RecordingList(ctx, tr.market.ID, 1)
		if err != nil {
			return err
		}
		if !first.Template || first.BaseAgencyID != 0 || first.BaseVersion != 0 {
			t.Errorf("template version %+v", first)
		}
		latest, err := tx.RecordingList(ctx, tr.market.ID, 0)
		if err != nil {
			return err
		}
		if latest.Version != 2 || latest.Template {
			t.Errorf("latest %+v: a later version without the mark is no template", latest)
		}
		b, err := tx.RecordingList(ctx, tr.branch.ID, 0)
		if err != nil {
			return err
		}
		if b.Template || b.BaseAgencyID != tr.market.ID || b.BaseVersion != 1 {
			t.Errorf("version below the template %+v", b)
		}
		all, err := tx.RecordingLists(ctx, tr.market.ID)
		if err != nil || len(all) != 2 || all[0].Template || !all[1].Template {
			t.Errorf("versions %+v %v", all, err)
		}
		return nil
	})
}
