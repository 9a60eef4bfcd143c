package sqlstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"

	"zhifa"
)

// testPersonnelStanding: the summaries of migration 00064 (officer_standing,
// training_years, agency_staffing) follow a randomized set of officers, certificates
// (valid, expired, not yet valid, suspended, revoked, expiring, without an issue date)
// and trainings across years as they are created, changed, moved between agencies,
// deactivated and deleted; after each round CertificateWarnings, TrainingShortfalls
// (read whole and page by page) and AgencyStaffing equal the computation over every
// officer they replace (oldPersonnel, the oracle) for each scope, day and year; a failed
// write leaves nothing behind and the migration summarises the rows already there.
func testPersonnelStanding(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	agencies := []*zhifa.Agency{tr.market, tr.branch, tr.district}
	rng := rand.New(rand.NewPCG(11, 66))
	names := []string{"王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆"}
	days := []string{"2025-03-01", "2025-11-20", "2026-01-05", "2026-02-27", "2026-04-30", "2026-12-31"}
	date := func() zhifa.Date { return zhifa.MustDate(days[rng.IntN(len(days))]) }
	states := []zhifa.CertState{zhifa.CertValid, zhifa.CertValid, zhifa.CertValid, zhifa.CertSuspended, zhifa.CertRevoked}

	var officers []*zhifa.Officer
	var certs []*zhifa.Certificate
	var trainings []int64
	newCert := func(ztx zhifa.Tx, o *zhifa.Officer) error {
		c := &zhifa.Certificate{OfficerID: o.ID, Number: uniq("鲁执"), Issuer: "青岛市人民政府", State: states[rng.IntN(len(states))]}
		if rng.IntN(6) > 0 { // some have no issue date
			c.IssuedOn = date()
		}
		c.ValidFrom = date().AddDays(-400)
		if rng.IntN(4) == 0 {
			c.ValidFrom = date() // maybe not yet valid
		}
		c.ValidUntil = date().AddDays(rng.IntN(90) - 30)
		if err := ztx.CreateCertificate(ctx, c); err != nil {
			return err
		}
		certs = append(certs, c)
		return nil
	}
	newTraining := func(ztx zhifa.Tx, o *zhifa.Officer) error {
		tn := &zhifa.Training{OfficerID: o.ID, Date: date(), Hours: float64(1+rng.IntN(60)) / 2, Topic: "行政处罚法培训",
			Kind: zhifa.TrainingGeneralLaw, Provider: "青岛市司法局"}
		if err := ztx.AddTraining(ctx, tn); err != nil {
			return err
		}
		trainings = append(trainings, tn.ID)
		return nil
	}
	update(t, db, func(ztx zhifa.Tx) error {
		for i := range 24 {
			o := &zhifa.Officer{AgencyID: agencies[rng.IntN(len(agencies))].ID, Name: names[i%len(names)], IDNumber: randomID(),
				Position: "科员", ExamPassed: true, Active: rng.IntN(8) > 0, Reviewer: rng.IntN(10) == 0}
			if err := ztx.CreateOfficer(ctx, o); err != nil {
				return err
			}
			officers = append(officers, o)
			for range rng.IntN(3) {
				if err := newCert(ztx, o); err != nil {
					return err
				}
			}
			for range rng.IntN(5) {
				if err := newTraining(ztx, o); err != nil {
					return err
				}
			}
		}
		return nil
	})
	check := func(step string) {
		t.Helper()
		checkPersonnel(t, db, step, tr)
	}
	check("created")

	for round := range 3 {
		update(t, db, func(ztx zhifa.Tx) error {
			for _, o := range officers {
				var err error
				switch rng.IntN(8) {
				case 0:
					o.Active = !o.Active
					err = ztx.UpdateOfficer(ctx, o)
				case 1:
					o.Reviewer = !o.Reviewer
					err = ztx.UpdateOfficer(ctx, o)
				case 2:
					o.AgencyID = agencies[rng.IntN(len(agencies))].ID
					err = ztx.UpdateOfficer(ctx, o)
				case 3:
					err = newCert(ztx, o)
				case 4:
					err = newTraining(ztx, o)
				}
				if err != nil {
					return err
				}
			}
			for i, c := range certs {
				if c == nil {
					continue
				}
				var err error
				switch rng.IntN(6) {
				case 0:
					c.State, c.ValidUntil = states[rng.IntN(len(states))], date().AddDays(rng.IntN(90)-30)
					err = ztx.UpdateCertificate(ctx, c)
				case 1: // moved to another officer or deleted, as only a repair would
					_, err = ztx.(*tx).exec(ctx, `UPDATE certificates SET officer_id = $1 WHERE id = $2`, officers[rng.IntN(len(officers))].ID, c.ID)
				case 2:
					_, err = ztx.(*tx).exec(ctx, `DELETE FROM certificates WHERE id = $1`, c.ID)
					certs[i] = nil
				}
				if err != nil {
					return err
				}
			}
			for i, id := range trainings {
				if id == 0 {
					continue
				}
				var err error
				switch rng.IntN(6) {
				case 0:
					_, err = ztx.(*tx).exec(ctx, `UPDATE trainings SET hours = $1, date = $2 WHERE id = $3`, float64(rng.IntN(80))/2, date(), id)
				case 1:
					_, err = ztx.(*tx).exec(ctx, `UPDATE trainings SET officer_id = $1 WHERE id = $2`, officers[rng.IntN(len(officers))].ID, id)
				case 2:
					_, err = ztx.(*tx).exec(ctx, `DELETE FROM trainings WHERE id = $1`, id)
					trainings[i] = 0
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		check(fmt.Sprintf("round %d", round))
	}

	// A failed write leaves nothing behind.
	err := db.Update(ctx, func(ztx zhifa.Tx) error {
		for _, o := range officers {
			o := *o
			o.Active, o.Reviewer = !o.Active, !o.Reviewer
			if err := ztx.UpdateOfficer(ctx, &o); err != nil {
				return err
			}
			if err := newCert(ztx, &o); err != nil {
				return err
			}
			if err := newTraining(ztx, &o); err != nil {
				return err
			}
		}
		return zhifa.Errorf(zhifa.ECONFLICT, "rolled back")
	})
	wantCode(t, "rolled back", err, zhifa.ECONFLICT)
	check("rolled back")

	// The migration summarises the rows already there.
	p := newMigrator(t, db)
	if _, err := p.DownTo(ctx, 63); err != nil {
		t.Fatalf("down to 63: %v", err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up from 63: %v", err)
	}
	check("migrated")
	update(t, db, func(ztx zhifa.Tx) error { return newTraining(ztx, officers[0]) })
	check("written after the migration")
}

// personnelView is what the personnel warnings read for a scope, day and year.
type personnelView struct {
	Certs    []zhifa.OfficerCertificate
	Short    []zhifa.OfficerTraining
	Staffing []zhifa.AgencyStaff
}

// checkPersonnel compares the summaries' reads with the oracle for each scope of tr,
// several days and two years, and reads the shortfalls page by page as well.
func checkPersonnel(t *testing.T, db *DB, step string, tr *tree) {
	t.Helper()
	ctx := context.Background()
	seen := personnelView{}
	view(t, db, func(ztx zhifa.Tx) error {
		for _, path := range []string{tr.city.Path, tr.market.Path, tr.branch.Path, tr.district.Path} {
			for _, day := range []string{"2025-06-01", "2026-01-01", "2026-02-20", "2026-03-15", "2026-05-01", "2027-01-10"} {
				today := zhifa.MustDate(day)
				want, err := oldPersonnel(ctx, ztx, path, today, today.Year)
				if err != nil {
					return err
				}
				var got personnelView
				if got.Certs, err = ztx.CertificateWarnings(ctx, path, today, today.AddDays(60)); err != nil {
					return err
				}
				if got.Short, err = ztx.TrainingShortfalls(ctx, path, today.Year, 60, 0, 1000); err != nil {
					return err
				}
				if got.Staffing, err = ztx.AgencyStaffing(ctx, path); err != nil {
					return err
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: personnel of %s on %s\n = %+v\nwant %+v", step, path, day, got, want)
				}
				var paged []zhifa.OfficerTraining
				for after := int64(0); ; {
					page, err := ztx.TrainingShortfalls(ctx, path, today.Year, 60, after, 4)
					if err != nil {
						return err
					}
					paged = append(paged, page...)
					if len(page) < 4 {
						break
					}
					after = page[len(page)-1].OfficerID
				}
				if !reflect.DeepEqual(paged, got.Short) {
					t.Errorf("%s: shortfalls of %s in %d by pages of 4\n = %+v\nwant %+v", step, path, today.Year, paged, got.Short)
				}
				seen.Certs, seen.Short, seen.Staffing = append(seen.Certs, got.Certs...), append(seen.Short, got.Short...), append(seen.Staffing, got.Staffing...)
			}
		}
		return nil
	})
	kinds := map[string]bool{}
	for _, c := range seen.Certs {
		switch {
		case c.Cert == nil:
			kinds["none"] = true
		default:
			kinds[string(c.Cert.State)] = true
		}
	}
	if !kinds["none"] || !kinds["valid"] || len(kinds) < 3 || len(seen.Short) == 0 || len(seen.Staffing) == 0 {
		t.Errorf("%s: the check saw certificate kinds %v, %d shortfalls, %d staffing rows: too little to compare", step, kinds, len(seen.Short), len(seen.Staffing))
	}
}

// oldPersonnel is what App.PersonnelWarnings computed before migration 00064, reading
// every officer in scope, all their certificates and their training totals: the oracle.
func oldPersonnel(ctx context.Context, ztx zhifa.Tx, path string, today zhifa.Date, year int) (personnelView, error) {
	var v personnelView
	totals, err := ztx.TrainingTotals(ctx, path, year)
	if err != nil {
		return v, err
	}
	hours := map[int64]float64{}
	for _, t := range totals {
		hours[t.OfficerID] = t.Hours
	}
	officers, _, err := ztx.Officers(ctx, zhifa.OfficerFilter{UnderPath: path, Page: zhifa.Page{Limit: 100000}})
	if err != nil {
		return v, err
	}
	ids := make([]int64, 0, len(officers))
	for _, o := range officers {
		ids = append(ids, o.ID)
	}
	certs, err := ztx.Certificates(ctx, ids...)
	if err != nil {
		return v, err
	}
	current := map[int64]*zhifa.Certificate{}
	for _, c := range certs {
		if _, ok := current[c.OfficerID]; !ok {
			current[c.OfficerID] = &zhifa.Certificate{ID: c.ID, OfficerID: c.OfficerID, State: c.State, ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil}
		}
	}
	staff := map[int64]*zhifa.AgencyStaff{}
	for _, o := range officers {
		if !o.Active {
			continue
		}
		s := staff[o.AgencyID]
		if s == nil {
			s = &zhifa.AgencyStaff{AgencyID: o.AgencyID}
			staff[o.AgencyID] = s
		}
		s.Officers++
		if o.Reviewer {
			s.Reviewers++
		}
		if h := hours[o.ID]; h < 60 {
			v.Short = append(v.Short, zhifa.OfficerTraining{OfficerID: o.ID, Officer: o.Name, AgencyID: o.AgencyID, Hours: h})
		}
		c := current[o.ID]
		if c == nil || c.StateOn(today) != zhifa.CertValid || c.ValidUntil.Before(today.AddDays(60)) {
			v.Certs = append(v.Certs, zhifa.OfficerCertificate{OfficerID: o.ID, Officer: o.Name, AgencyID: o.AgencyID, Cert: c})
		}
	}
	for _, s := range staff {
		v.Staffing = append(v.Staffing, *s)
	}
	sort.Slice(v.Staffing, func(i, j int) bool { return v.Staffing[i].AgencyID < v.Staffing[j].AgencyID })
	return v, nil
}
