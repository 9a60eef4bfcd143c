package sqlstore

import (
	"context"
	"reflect"
	"testing"

	"zhifa"
)

// TestPersonnelStandingRestored: a PostgreSQL restore loads officers, certificates and
// trainings through the triggers of migration 00064, which summarise them again into
// officer_standing, training_years and agency_staffing (triggerKeptTables); the
// restored store's personnel reads equal the computation over every officer.
func TestPersonnelStandingRestored(t *testing.T) {
	ctx := context.Background()
	key := testKey() // the restored store reads the officers' encrypted fields with it
	db, err := Open(ctx, newPostgresDatabase(t), Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tr := newTree(t, db)
	update(t, db, func(ztx zhifa.Tx) error {
		for i := range 6 {
			o := &zhifa.Officer{AgencyID: tr.market.ID, Name: "王伟", IDNumber: randomID(), ExamPassed: true, Active: i != 5, Reviewer: i == 0}
			if err := ztx.CreateOfficer(ctx, o); err != nil {
				return err
			}
			if i%2 == 0 {
				c := &zhifa.Certificate{OfficerID: o.ID, Number: uniq("鲁执"), IssuedOn: zhifa.MustDate("2025-01-02"),
					ValidFrom: zhifa.MustDate("2025-01-02"), ValidUntil: zhifa.MustDate("2026-03-01").AddDays(20 * i)}
				if err := ztx.CreateCertificate(ctx, c); err != nil {
					return err
				}
			}
			tn := &zhifa.Training{OfficerID: o.ID, Date: zhifa.MustDate("2026-02-01"), Hours: float64(20 * i), Kind: zhifa.TrainingGeneralLaw}
			if err := ztx.AddTraining(ctx, tn); err != nil {
				return err
			}
		}
		return nil
	})
	restored := restoredCopy(t, db, key)
	today := zhifa.MustDate("2026-02-20")
	view(t, restored, func(ztx zhifa.Tx) error {
		want, err := oldPersonnel(ctx, ztx, tr.city.Path, today, 2026)
		if err != nil {
			return err
		}
		var got personnelView
		if got.Certs, err = ztx.CertificateWarnings(ctx, tr.city.Path, today, today.AddDays(60)); err != nil {
			return err
		}
		if got.Short, err = ztx.TrainingShortfalls(ctx, tr.city.Path, 2026, 60, 0, 100); err != nil {
			return err
		}
		if got.Staffing, err = ztx.AgencyStaffing(ctx, tr.city.Path); err != nil {
			return err
		}
		if len(want.Certs) == 0 || len(want.Short) == 0 || len(want.Staffing) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("restored personnel\n = %+v\nwant %+v", got, want)
		}
		return nil
	})
}

// restoredCopy backs db up and restores the backup into a new PostgreSQL database,
// which it opens with the personal-data key; the test closes it.
func restoredCopy(t *testing.T, db *DB, key []byte) *DB {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	snap, err := db.Backup(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	target := newPostgresDatabase(t)
	if err := Restore(ctx, target, dir, snap); err != nil {
		t.Fatal(err)
	}
	restored, err := Open(ctx, target, Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restored.Close() })
	return restored
}
