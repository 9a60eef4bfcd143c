package sqlstore

import (
	"context"
	"reflect"
	"testing"

	"zhifa"
)

// testBenchmarks covers CreateBenchmark, UpdateBenchmark (a new version, optimistic
// locking), BenchmarkByItem, BenchmarkVersions and that versions are append-only (B3).
func testBenchmarks(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	u := newUser(t, db, tr.market.ID)
	b := &zhifa.Benchmark{ItemID: itemID, AgencyID: tr.market.ID, UpdatedBy: u.ID,
		Levels: []zhifa.BenchmarkLevel{{Name: "一般", Conditions: "首次", Penalties: []string{"罚款"},
			Fine: zhifa.FineRange{Kind: zhifa.FineMultiple, MinTimes: 1, MaxTimes: 3, Base: "货值金额"}, NoGainFine: zhifa.FineRange{Kind: zhifa.FineFixed, MaxFen: 500000}}},
		Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条", Text: "……"}}}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateBenchmark(ctx, b, "制定") })
	if b.ID == 0 || b.Version != 1 {
		t.Fatalf("created %+v", b)
	}
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateBenchmark(ctx, &zhifa.Benchmark{ItemID: itemID, AgencyID: tr.market.ID}, "")
	})
	wantCode(t, "second benchmark of an item", err, zhifa.ECONFLICT)
	first, second := *b, *b
	first.Levels = append([]zhifa.BenchmarkLevel(nil), b.Levels...)
	first.Levels[0].Conditions = "首次且及时改正"
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateBenchmark(ctx, &first, "修订") })
	if first.Version != 2 {
		t.Errorf("version %d", first.Version)
	}
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateBenchmark(ctx, &second, "过期") })
	wantCode(t, "stale benchmark", err, zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.BenchmarkByItem(ctx, itemID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, &first) {
			t.Errorf("BenchmarkByItem:\n got %+v\nwant %+v", got, &first)
		}
		vs, err := tx.BenchmarkVersions(ctx, b.ID)
		if err != nil {
			return err
		}
		if len(vs) != 2 || vs[0].Version != 2 || vs[0].Note != "修订" || vs[1].Benchmark.Levels[0].Conditions != "首次" || vs[0].ChangedBy != u.ID {
			t.Errorf("versions %+v", vs)
		}
		_, err = tx.BenchmarkByItem(ctx, itemID+100000)
		wantCode(t, "no benchmark", err, zhifa.ENOTFOUND)
		return nil
	})
	_, err = db.sql.ExecContext(ctx, `UPDATE benchmark_versions SET note = 'x' WHERE benchmark_id = $1`, b.ID)
	if err == nil {
		t.Error("benchmark_versions accepted an UPDATE")
	}
}

// testListEntries covers the stored entries of the four lists (B4): create, update with
// optimistic locking, deactivation, filters by subtree, agency, kind and activity.
func testListEntries(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	e := &zhifa.ListEntry{AgencyID: tr.market.ID, Kind: zhifa.ListNoPenalty, ItemID: itemID, Title: "首次未亮照经营", Conditions: "首次；及时改正",
		Basis: []zhifa.Basis{{Law: "行政处罚法", Article: "第三十三条"}}, Active: true}
	other := &zhifa.ListEntry{AgencyID: tr.branch.ID, Kind: zhifa.ListLighter, Title: "主动消除危害后果", Active: true}
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.CreateListEntry(ctx, e); err != nil {
			return err
		}
		return tx.CreateListEntry(ctx, other)
	})
	if e.Key != ListKey(e.ID) || e.Version != 1 {
		t.Fatalf("created %+v", e)
	}
	stale := *e
	e.Active = false
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateListEntry(ctx, e) })
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateListEntry(ctx, &stale) })
	wantCode(t, "stale list entry", err, zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.ListEntry(ctx, e.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("ListEntry:\n got %+v\nwant %+v", got, e)
		}
		for _, tc := range []struct {
			f    zhifa.ListFilter
			want int
		}{
			{zhifa.ListFilter{UnderPath: tr.market.Path}, 2},
			{zhifa.ListFilter{UnderPath: tr.market.Path, ActiveOnly: true}, 1},
			{zhifa.ListFilter{AgencyID: tr.branch.ID}, 1},
			{zhifa.ListFilter{UnderPath: tr.market.Path, Kind: zhifa.ListNoPenalty}, 1},
			{zhifa.ListFilter{UnderPath: tr.district.Path}, 0},
		} {
			list, err := tx.ListEntries(ctx, tc.f)
			if err != nil {
				return err
			}
			if len(list) != tc.want {
				t.Errorf("ListEntries(%+v) = %d entries, want %d", tc.f, len(list), tc.want)
			}
		}
		return nil
	})
}

// testDecisionFines covers the fines kept for the consistency aid (同案同罚): one per
// case, selected by item, level and agencies, by amount.
func testDecisionFines(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var cases []*zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		for range 3 {
			c, err := newCase(ctx, tx, tr, itemID, 2026)
			if err != nil {
				return err
			}
			cases = append(cases, c)
		}
		for i, c := range cases {
			level := "一般"
			if i == 2 {
				level = "严重"
			}
			if err := tx.AddDecisionFine(ctx, &zhifa.DecisionFine{CaseID: c.ID, Number: c.Number, AgencyID: c.AgencyID, ItemID: itemID,
				Level: level, FineFen: int64(300000 - i*100000), DecidedOn: zhifa.MustDate("2026-03-10")}); err != nil {
				return err
			}
		}
		return nil
	})
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.AddDecisionFine(ctx, &zhifa.DecisionFine{CaseID: cases[0].ID, Number: "x", AgencyID: tr.market.ID, ItemID: itemID, DecidedOn: zhifa.MustDate("2026-03-10")})
	})
	wantCode(t, "second decision of a case", err, zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		q := zhifa.DecisionFineQuery{ItemID: itemID, Level: "一般", AgencyIDs: []int64{tr.market.ID, tr.branch.ID},
			Since: zhifa.MustDate("2023-03-10"), Limit: 200}
		list, err := tx.DecisionFines(ctx, q)
		if err != nil {
			return err
		}
		if len(list) != 2 || list[0].FineFen != 200000 || list[1].FineFen != 300000 || list[0].DecidedOn != zhifa.MustDate("2026-03-10") || list[0].Number != cases[1].Number {
			t.Errorf("DecisionFines = %+v", list)
		}
		other := q
		other.AgencyIDs = []int64{tr.district.ID}
		if list, _ := tx.DecisionFines(ctx, other); len(list) != 0 {
			t.Errorf("other agency: %+v", list)
		}
		// Decisions before the window are left out; the limit keeps the newest.
		late := q
		late.Since = zhifa.MustDate("2026-03-11")
		if list, _ := tx.DecisionFines(ctx, late); len(list) != 0 {
			t.Errorf("before the window: %+v", list)
		}
		one := q
		one.Limit = 1
		if list, _ := tx.DecisionFines(ctx, one); len(list) != 1 || list[0].CaseID != cases[1].ID {
			t.Errorf("the newest one: %+v", list)
		}
		return nil
	})
}
