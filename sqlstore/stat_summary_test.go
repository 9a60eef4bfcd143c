package sqlstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"zhifa"
)

// testCaseStatSummary: the summary of case_stats (migration 00055) follows a randomized
// set of cases as they are filed, move through their stages, are decided on time or
// late, have their month, agency, kind, item or fine corrected, are withdrawn and as
// their rows are deleted; after each round the summary equals the grouped case_stats
// rows and CaseStats over it equals the grouped queries over case_stats it replaced
// (oldCaseStats, the oracle), for the city, each agency and several month ranges; the
// migration counts the rows already there.
func testCaseStatSummary(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	items := []int64{caseItem(t, db, tr), caseItem(t, db, tr), caseItem(t, db, tr)}
	agencies := []*zhifa.Agency{tr.market, tr.branch}
	rng := rand.New(rand.NewPCG(14, 55))
	months := []string{"2025-11", "2025-12", "2026-01", "2026-02", "2026-03"}
	stages := []zhifa.Stage{zhifa.StageOpen, zhifa.StageInvestigate, zhifa.StageDecide, zhifa.StageServe, zhifa.StageClose, zhifa.StageArchive}

	// reshape gives c a random month, agency, item, stage, decision and fine.
	reshape := func(c *zhifa.Case) {
		c.State.FiledOn = zhifa.MustDate(months[rng.IntN(len(months))] + "-1" + strconv.Itoa(rng.IntN(10)))
		c.AgencyID = agencies[rng.IntN(len(agencies))].ID
		c.ItemID = items[rng.IntN(len(items))]
		c.Stage = stages[rng.IntN(len(stages))]
		c.State.DecidedOn, c.State.FineFen = zhifa.Date{}, 0
		switch rng.IntN(4) {
		case 0: // decided within the decision clock (due 2026-06-01)
			c.State.DecidedOn = zhifa.MustDate("2026-05-2" + strconv.Itoa(rng.IntN(10)))
			c.State.FineFen = int64(1+rng.IntN(3)) * 100_000
		case 1: // decided late, some without a fine
			c.State.DecidedOn = zhifa.MustDate("2026-06-1" + strconv.Itoa(rng.IntN(10)))
			c.State.FineFen = int64(rng.IntN(2)) * 250_000
		}
	}
	// write stores c, its agency as the summary and the oracle see it.
	write := func(ztx zhifa.Tx, c *zhifa.Case) error {
		if _, err := ztx.(*tx).exec(ctx, `UPDATE cases SET agency_id = $1 WHERE id = $2`, c.AgencyID, c.ID); err != nil {
			return err
		}
		return ztx.UpdateCase(ctx, c)
	}
	var cases []*zhifa.Case
	update(t, db, func(ztx zhifa.Tx) error {
		for range 40 {
			c, err := newCase(ctx, ztx, tr, items[0], 2026)
			if err != nil {
				return err
			}
			reshape(c)
			if err := write(ztx, c); err != nil {
				return err
			}
			cases = append(cases, c)
		}
		return nil
	})
	check := func(step string) {
		t.Helper()
		checkStatSummary(t, db, step, tr, agencies, months)
	}
	check("filed")

	for round := range 3 {
		update(t, db, func(ztx zhifa.Tx) error {
			for _, c := range cases {
				switch rng.IntN(5) {
				case 0: // corrected: month, agency, item, decision and fine
					reshape(c)
				case 1: // the next stage, nothing else
					c.Stage = stages[(slices.Index(stages, c.Stage)+1)%len(stages)]
				case 2: // withdrawn: closed without a decision or fine
					c.Stage, c.Outcome, c.State.DecidedOn, c.State.FineFen = zhifa.StageClose, zhifa.OutcomeWithdrawn, zhifa.Date{}, 0
				case 3: // a step that changes nothing counted
					c.Facts += "。"
				default:
					continue
				}
				if err := write(ztx, c); err != nil {
					return err
				}
			}
			// A kind corrected and a row deleted, as only a repair would.
			k := cases[rng.IntN(len(cases))]
			if _, err := ztx.(*tx).exec(ctx, `UPDATE case_stats SET kind = $1 WHERE case_id = $2`, string(zhifa.CaseInspection), k.ID); err != nil {
				return err
			}
			gone := cases[rng.IntN(len(cases))]
			_, err := ztx.(*tx).exec(ctx, `DELETE FROM case_stats WHERE case_id = $1`, gone.ID)
			return err
		})
		check(fmt.Sprintf("round %d", round))
	}

	// A failed write leaves no count behind.
	err := db.Update(ctx, func(ztx zhifa.Tx) error {
		cases[0].Stage = zhifa.StageArchive
		if err := write(ztx, cases[0]); err != nil {
			return err
		}
		return zhifa.Errorf(zhifa.ECONFLICT, "rolled back")
	})
	wantCode(t, "rolled back", err, zhifa.ECONFLICT)
	check("rolled back")

	// The migration counts the rows already there.
	p := newMigrator(t, db)
	if _, err := p.DownTo(ctx, 54); err != nil {
		t.Fatalf("down to 54: %v", err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up from 54: %v", err)
	}
	check("migrated")
	update(t, db, func(ztx zhifa.Tx) error {
		reshape(cases[1])
		return write(ztx, cases[1])
	})
	check("written after the migration")
}

// checkStatSummary compares the summary with case_stats under the city of tr and
// CaseStats with the oracle for the city, each agency and several month ranges.
func checkStatSummary(t *testing.T, db *DB, step string, tr *tree, agencies []*zhifa.Agency, months []string) {
	t.Helper()
	ctx := context.Background()
	under := `agency_id IN (SELECT id FROM agencies WHERE path LIKE $1 || '%')`
	pairs := []struct{ summary, rows string }{
		{`SELECT agency_id, filed_month, kind, stage, CAST(SUM(cases) AS BIGINT), CAST(SUM(timed) AS BIGINT), CAST(SUM(on_time) AS BIGINT)
			FROM case_stat_counts WHERE ` + under + ` GROUP BY agency_id, filed_month, kind, stage HAVING SUM(cases) <> 0 OR SUM(timed) <> 0 OR SUM(on_time) <> 0`,
			`SELECT agency_id, filed_month, kind, stage, COUNT(*), COUNT(on_time), coalesce(SUM(on_time), 0)
			FROM case_stats WHERE ` + under + ` GROUP BY agency_id, filed_month, kind, stage`},
		{`SELECT agency_id, filed_month, item_id, '', fines, fine_fen, 0 FROM case_fine_totals WHERE ` + under + ` AND (fines <> 0 OR fine_fen <> 0)`,
			`SELECT agency_id, filed_month, item_id, '', COUNT(*), CAST(SUM(fine_fen) AS BIGINT), 0
			FROM case_stats WHERE ` + under + ` AND fine_fen > 0 GROUP BY agency_id, filed_month, item_id`},
	}
	for _, p := range pairs {
		got, want := groupRows(t, db, p.summary, tr.city.Path), groupRows(t, db, p.rows, tr.city.Path)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: summary %v, want %v", step, got, want)
		}
	}
	today := zhifa.MustDate("2026-05-01")
	var filters []zhifa.StatsFilter
	for _, path := range []string{tr.city.Path, agencies[0].Path, agencies[1].Path} {
		for _, r := range [][2]string{{months[0], months[len(months)-1]}, {"2026-01", "2026-12"}, {months[1], months[1]}, {"2027-01", "2027-12"}} {
			filters = append(filters, zhifa.StatsFilter{UnderPath: path, FromMonth: r[0], ToMonth: r[1], Today: today, Top: 2})
		}
	}
	view(t, db, func(ztx zhifa.Tx) error {
		for _, f := range filters {
			got, err := ztx.CaseStats(ctx, f)
			if err != nil {
				return err
			}
			want, err := oldCaseStats(ctx, ztx.(*tx), f)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: CaseStats(%+v)\n = %+v\nwant %+v", step, f, got, want)
			}
		}
		return nil
	})
}

// groupRows reads rows of four keys and three counts into a set.
func groupRows(t *testing.T, db *DB, query, path string) map[[4]string][3]int64 {
	t.Helper()
	rows, err := db.sql.QueryContext(context.Background(), query, path)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[[4]string][3]int64{}
	for rows.Next() {
		var k [4]string
		var n [3]int64
		if err := rows.Scan(&k[0], &k[1], &k[2], &k[3], &n[0], &n[1], &n[2]); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// oldCaseStats is CaseStats as it was before the summary: grouped queries over the
// case_stats rows of the agencies and months of f, kept as the oracle of the summary.
func oldCaseStats(ctx context.Context, t *tx, f zhifa.StatsFilter) (*zhifa.CaseStats, error) {
	from, err := monthStart(f.FromMonth)
	if err != nil {
		return nil, err
	}
	to, err := monthStart(f.ToMonth)
	if err != nil {
		return nil, err
	}
	top := strconv.Itoa(f.Top)
	w := summaryScope(f)
	fines := summaryScope(f)
	fines.add("s.fine_fen > 0")
	var rw where
	scopeCond(&rw, "r.agency_id", f.UnderPath)
	rw.add("r.created_at >= ? AND r.created_at < ?", from.UTC(), to.AddDate(0, 1, 0).UTC())
	var ow where
	scopeCond(&ow, "c.agency_id", f.UnderPath)
	ow.add("c.next_due < ?", f.Today)
	out := &zhifa.CaseStats{}
	for _, g := range []struct {
		dst   *[]zhifa.StatCount
		query string
		args  []any
	}{
		{&out.ByMonth, `SELECT s.filed_month, '', COUNT(*), 0, 0 FROM case_stats s` + w.String() +
			` GROUP BY s.filed_month ORDER BY s.filed_month`, w.args},
		{&out.ByStage, `SELECT s.stage, '', COUNT(*), 0, 0 FROM case_stats s` + w.String() +
			` GROUP BY s.stage ORDER BY COUNT(*) DESC, s.stage`, w.args},
		{&out.ByKind, `SELECT s.kind, '', COUNT(*), 0, 0 FROM case_stats s` + w.String() +
			` GROUP BY s.kind ORDER BY COUNT(*) DESC, s.kind`, w.args},
		{&out.OnTime, `SELECT s.filed_month, '', COUNT(*), 0, CAST(SUM(s.on_time) AS BIGINT) FROM case_stats s` + w.String() +
			` AND s.on_time IS NOT NULL GROUP BY s.filed_month ORDER BY s.filed_month`, w.args},
		{&out.FinesByItem, `SELECT s.item_id, i.name, COUNT(*), CAST(SUM(s.fine_fen) AS BIGINT), 0 FROM case_stats s
			JOIN items i ON i.id = s.item_id` + fines.String() +
			` GROUP BY s.item_id, i.name ORDER BY SUM(s.fine_fen) DESC, s.item_id LIMIT ` + top, fines.args},
		{&out.Reviews, `SELECT r.status, '', COUNT(*), 0, 0 FROM review_rounds r` + rw.String() +
			` GROUP BY r.status ORDER BY r.status`, rw.args},
		{&out.OverdueByAgency, `SELECT c.agency_id, a.name, COUNT(*), 0, 0 FROM cases c
			JOIN agencies a ON a.id = c.agency_id` + ow.String() +
			` GROUP BY c.agency_id, a.name ORDER BY COUNT(*) DESC, c.agency_id LIMIT ` + top, ow.args},
	} {
		if *g.dst, err = t.statCounts(ctx, g.query, g.args); err != nil {
			return nil, err
		}
	}
	return out, nil
}
