package sqlstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"zhifa"
)

// testObligationYears: the summary of obligations (migration 00063) follows a
// randomized set of obligations as they are created, paid in part or in full, settled,
// corrected (agency, year served, amounts) and deleted; after each round CollectionStats
// over the summary and the unsettled index equals the query over every obligation it
// replaced (oldCollectionStats, the oracle) for the city, each agency and several days;
// a failed write leaves no count behind and the migration counts the rows already there.
func testObligationYears(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	agencies := []*zhifa.Agency{tr.market, tr.branch}
	rng := rand.New(rand.NewPCG(11, 63))
	days := []string{"2025-11-20", "2025-12-30", "2026-01-15", "2026-03-02", "2026-06-20"}

	// reshape gives o a random agency, day served, deadline and amounts.
	reshape := func(o *zhifa.Obligation) {
		ag := agencies[rng.IntN(len(agencies))]
		o.AgencyID, o.AgencyPath = ag.ID, ag.Path
		o.ServedOn = zhifa.MustDate(days[rng.IntN(len(days))])
		o.Due = o.ServedOn.AddDays(15)
		o.FineFen, o.ConfiscateFen = int64(1+rng.IntN(50))*10_000, int64(rng.IntN(2))*5_000
	}
	// correct writes o's agency, day and amounts, as only a repair would.
	correct := func(ztx zhifa.Tx, o *zhifa.Obligation) error {
		_, err := ztx.(*tx).exec(ctx, `UPDATE obligations SET agency_id = $1, agency_path = $2, served_on = $3, due = $4,
			fine_fen = $5, confiscate_fen = $6 WHERE case_id = $7`, o.AgencyID, o.AgencyPath, o.ServedOn, o.Due, o.FineFen, o.ConfiscateFen, o.CaseID)
		return err
	}
	var obligations []*zhifa.Obligation
	update(t, db, func(ztx zhifa.Tx) error {
		for range 30 {
			c, err := newCase(ctx, ztx, tr, itemID, 2026)
			if err != nil {
				return err
			}
			o := &zhifa.Obligation{CaseID: c.ID, Payee: zhifa.Payee{Name: "财政局", Bank: "工行", Account: "6222"}, Reference: uniq("JK")}
			reshape(o)
			if err := ztx.CreateObligation(ctx, o); err != nil {
				return err
			}
			obligations = append(obligations, o)
		}
		return nil
	})
	check := func(step string) {
		t.Helper()
		checkCollectionStats(t, db, step, tr, agencies)
	}
	check("created")

	pay := func(ztx zhifa.Tx, o *zhifa.Obligation, settle bool) error {
		got, err := ztx.Obligation(ctx, o.CaseID)
		if err != nil {
			return err
		}
		principal := got.FineFen + got.ConfiscateFen
		got.PaidFen = min(principal, got.PaidFen+int64(1+rng.IntN(3))*10_000)
		if settle {
			got.PaidFen, got.SettledOn = principal, got.Due.AddDays(rng.IntN(20)-10)
		}
		if err := ztx.UpdateObligation(ctx, got); err != nil {
			return err
		}
		*o = *got
		return nil
	}
	for round := range 3 {
		update(t, db, func(ztx zhifa.Tx) error {
			for i, o := range obligations {
				if o == nil {
					continue
				}
				var err error
				switch rng.IntN(5) {
				case 0: // paid in part
					err = pay(ztx, o, false)
				case 1: // paid in full and settled
					err = pay(ztx, o, true)
				case 2: // corrected
					reshape(o)
					err = correct(ztx, o)
				case 3: // a write that changes nothing counted
					o.Exec.Reminder = &zhifa.Reminder{ServedOn: o.Due.AddDays(2), Proof: "直接送达"}
					err = ztx.UpdateObligation(ctx, o)
				default:
					if rng.IntN(3) == 0 { // deleted, as only a repair would
						_, err = ztx.(*tx).exec(ctx, `DELETE FROM obligations WHERE case_id = $1`, o.CaseID)
						obligations[i] = nil
					}
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		check(fmt.Sprintf("round %d", round))
	}

	// A failed write leaves no count behind.
	var live *zhifa.Obligation
	for _, o := range obligations {
		if o != nil && o.SettledOn.IsZero() {
			live = o
		}
	}
	if live == nil {
		t.Fatal("no unsettled obligation left")
	}
	err := db.Update(ctx, func(ztx zhifa.Tx) error {
		o := *live
		if err := pay(ztx, &o, true); err != nil {
			return err
		}
		return zhifa.Errorf(zhifa.ECONFLICT, "rolled back")
	})
	wantCode(t, "rolled back", err, zhifa.ECONFLICT)
	check("rolled back")

	// The migration counts the rows already there.
	p := newMigrator(t, db)
	if _, err := p.DownTo(ctx, 62); err != nil {
		t.Fatalf("down to 62: %v", err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up from 62: %v", err)
	}
	check("migrated")
	update(t, db, func(ztx zhifa.Tx) error { return pay(ztx, live, false) })
	check("written after the migration")
}

// checkCollectionStats compares CollectionStats with the oracle for the city and each
// agency on several days, in and after the years of the obligations.
func checkCollectionStats(t *testing.T, db *DB, step string, tr *tree, agencies []*zhifa.Agency) {
	t.Helper()
	ctx := context.Background()
	paths := []string{tr.city.Path, agencies[0].Path, agencies[1].Path}
	overdue, paid := 0, int64(0)
	view(t, db, func(ztx zhifa.Tx) error {
		for _, path := range paths {
			for _, day := range []string{"2025-12-01", "2025-12-31", "2026-01-10", "2026-03-18", "2026-12-31", "2027-01-04"} {
				today := zhifa.MustDate(day)
				got, err := ztx.CollectionStats(ctx, path, today)
				if err != nil {
					return err
				}
				want, err := oldCollectionStats(ctx, ztx.(*tx), path, today)
				if err != nil {
					return err
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: CollectionStats(%s, %s)\n = %+v\nwant %+v", step, path, day, got, want)
				}
				for _, s := range got {
					overdue, paid = overdue+s.Overdue, paid+s.PaidFen
				}
			}
		}
		return nil
	})
	if overdue == 0 || (step != "created" && paid == 0) {
		t.Errorf("%s: the check saw %d overdue and %d fen paid: nothing to compare", step, overdue, paid)
	}
}

// oldCollectionStats is CollectionStats as it read every obligation of the year before
// migration 00063: the oracle of the summary.
func oldCollectionStats(ctx context.Context, t *tx, underPath string, today zhifa.Date) ([]zhifa.CollectionStat, error) {
	rows, err := t.query(ctx, `
		SELECT o.agency_id, a.name, COUNT(*), CAST(SUM(o.fine_fen + o.confiscate_fen) AS BIGINT), CAST(SUM(o.paid_fen) AS BIGINT),
			CAST(SUM(CASE WHEN o.settled_on IS NULL AND o.due < $1 THEN 1 ELSE 0 END) AS BIGINT)
		FROM obligations o JOIN agencies a ON a.id = o.agency_id
		WHERE o.agency_path >= $2 AND o.agency_path < $3 AND o.served_on >= $4
		GROUP BY o.agency_id, a.name ORDER BY o.agency_id`,
		today, underPath, subtreeEnd(underPath), zhifa.Date{Year: today.Year, Month: time.January, Day: 1})
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []zhifa.CollectionStat
	for rows.Next() {
		var s zhifa.CollectionStat
		var overdue int64
		if err := rows.Scan(&s.AgencyID, &s.AgencyName, &s.Obligations, &s.PrincipalFen, &s.PaidFen, &overdue); err != nil {
			return nil, err
		}
		s.Overdue = int(overdue)
		out = append(out, s)
	}
	return out, rows.Err()
}
