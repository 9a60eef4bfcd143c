package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"zhifa"
)

// TestMigration49 runs migration 00049 over cases written before it, on both engines: its
// down restores the old next_due (every running clock) and its up recomputes the agency's
// own (the party's and the receiving organ's periods left out), so that due=overdue
// holds the case past its decision deadline and not the one whose statement period
// ended; inspection cases get their initiation from the old name rule once (a recorded
// one is kept) in the state and in case_stats; case_fines get the benchmark's issuing
// agency as their scope (the case's own agency without a benchmark).
func TestMigration49(t *testing.T) {
	for _, engine := range []struct {
		name string
		open func(testing.TB) *DB
	}{{EngineSQLite, openSQLite}, {EnginePostgres, openPostgres}} {
		t.Run(engine.name, func(t *testing.T) {
			testMigration49(t, engine.open(t))
		})
	}
}

func testMigration49(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	penaltyItem := caseItem(t, db, tr)
	inspectionItem := func(name string) int64 {
		it := &zhifa.Item{Code: uniq("INSP"), Name: name, Category: zhifa.CatInspection, AgencyID: tr.market.ID, Domain: "食品安全"}
		update(t, db, func(tx zhifa.Tx) error { return tx.CreateItem(ctx, it, "") })
		return it.ID
	}
	randomItem, dailyItem := inspectionItem("产品质量监督抽查"), inspectionItem("日常监督检查")
	u := newUser(t, db, tr.market.ID)
	bench := &zhifa.Benchmark{ItemID: penaltyItem, AgencyID: tr.market.ID, UpdatedBy: u.ID,
		Levels: []zhifa.BenchmarkLevel{{Name: "一般", Conditions: "首次", Penalties: []string{"罚款"}, Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MaxFen: 500000}}},
		Basis:  []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条", Text: "……"}}}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateBenchmark(ctx, bench, "制定") })

	running := func(k zhifa.ClockKind, due string) zhifa.Clock {
		return zhifa.Clock{Kind: k, Start: zhifa.MustDate("2026-03-02"), Due: zhifa.MustDate(due), Unit: zhifa.UnitWorkday}
	}
	done := func(c zhifa.Clock) zhifa.Clock { c.Done = true; return c }
	mk := func(tx zhifa.Tx, ag *zhifa.Agency, kind zhifa.CaseKind, item int64, next string, clocks ...zhifa.Clock) *zhifa.Case {
		seq, err := tx.NextCaseSeq(ctx, ag.ID, 2026, kind)
		if err != nil {
			t.Fatal(err)
		}
		c := &zhifa.Case{AgencyID: ag.ID, Number: fmt.Sprintf("迁移测试〔2026〕%s%d号", kind, seq), Year: 2026, Seq: seq,
			Kind: kind, Procedure: zhifa.ProcOrdinary, ItemID: item, OfficerIDs: []int64{1, 2}, Facts: "事实",
			Stage: zhifa.StageOpen, Outcome: zhifa.OutcomeNone, Clocks: clocks,
			Parties: []zhifa.Party{{Kind: zhifa.PartyOrg, Name: "某公司", CreditCode: "91350100M000100Y43"}}}
		if next != "" {
			c.NextDue = zhifa.MustDate(next)
		}
		c.State.FiledOn = zhifa.MustDate("2026-03-02")
		if err := tx.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	var waiting, onlyParty, unpaid, late, random, daily, complaint, benchmarked, plain *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		// The statement period ended on 5 March; the decision is due on 1 June.
		waiting = mk(tx, tr.market, zhifa.CasePenalty, penaltyItem, "2026-06-01",
			running(zhifa.ClockDecision, "2026-06-01"), running(zhifa.ClockStatement, "2026-03-05"))
		onlyParty = mk(tx, tr.market, zhifa.CasePenalty, penaltyItem, "",
			done(running(zhifa.ClockDecision, "2026-06-01")), running(zhifa.ClockHearingRequest, "2026-03-05"))
		unpaid = mk(tx, tr.market, zhifa.CasePenalty, penaltyItem, "2026-07-01",
			running(zhifa.ClockPayment, "2026-03-04"), running(zhifa.ClockCourt, "2026-07-01"))
		late = mk(tx, tr.market, zhifa.CasePenalty, penaltyItem, "2026-03-01", running(zhifa.ClockDecision, "2026-03-01"))
		random = mk(tx, tr.market, zhifa.CaseInspection, randomItem, "")
		daily = mk(tx, tr.market, zhifa.CaseInspection, dailyItem, "")
		complaint = mk(tx, tr.market, zhifa.CaseInspection, randomItem, "")
		complaint.State.Initiation = zhifa.InitComplaint
		if err := tx.UpdateCase(ctx, complaint); err != nil {
			return err
		}
		// The branch applies the market bureau's benchmark; another case of it applied none.
		benchmarked = mk(tx, tr.branch, zhifa.CasePenalty, penaltyItem, "")
		benchmarked.State.Proposal = &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 100000, Level: "一般",
			BenchmarkID: bench.ID, BenchmarkVersion: bench.Version}
		if err := tx.UpdateCase(ctx, benchmarked); err != nil {
			return err
		}
		plain = mk(tx, tr.branch, zhifa.CasePenalty, penaltyItem, "")
		for _, c := range []*zhifa.Case{benchmarked, plain} {
			if err := tx.AddCaseFine(ctx, zhifa.CaseFine{CaseID: c.ID, ItemID: penaltyItem, Level: "一般", FineFen: 100000,
				DecidedOn: zhifa.MustDate("2026-03-02")}); err != nil {
				return err
			}
		}
		return nil
	})
	p := newMigrator(t, db)
	if _, err := p.DownTo(ctx, 48); err != nil {
		t.Fatalf("down to 48: %v", err)
	}
	nextDue := func(c *zhifa.Case) string {
		t.Helper()
		var d zhifa.Date
		if err := db.sql.QueryRowContext(ctx, `SELECT next_due FROM cases WHERE id = $1`, c.ID).Scan(&d); err != nil {
			t.Fatal(err)
		}
		return d.String()
	}
	for _, tc := range []struct {
		c    *zhifa.Case
		want string
	}{{waiting, "2026-03-05"}, {onlyParty, "2026-03-05"}, {unpaid, "2026-03-04"}, {late, "2026-03-01"}} {
		if got := nextDue(tc.c); got != tc.want {
			t.Errorf("down: next_due of %s = %s, want the old rule's %s", tc.c.Number, got, tc.want)
		}
	}
	if _, err := p.UpTo(ctx, 49); err != nil {
		t.Fatalf("up to 49: %v", err)
	}
	for _, tc := range []struct {
		c    *zhifa.Case
		want string
	}{{waiting, "2026-06-01"}, {onlyParty, zhifa.Date{}.String()}, {unpaid, "2026-07-01"}, {late, "2026-03-01"}} {
		if got := nextDue(tc.c); got != tc.want {
			t.Errorf("up: next_due of %s = %s, want %s", tc.c.Number, got, tc.want)
		}
	}
	view(t, db, func(tx zhifa.Tx) error {
		// Overdue on 7 March: the late decision only.
		list, _, err := tx.Cases(ctx, zhifa.CaseFilter{UnderPath: tr.market.Path, DueTo: zhifa.MustDate("2026-03-06"), Page: zhifa.Page{Limit: 10}})
		if err != nil {
			return err
		}
		if len(list) != 1 || list[0].ID != late.ID {
			t.Errorf("overdue after the migration: %d cases, want only %s", len(list), late.Number)
		}
		for c, want := range map[*zhifa.Case]zhifa.Initiation{random: zhifa.InitRandom, daily: zhifa.InitExOfficio, complaint: zhifa.InitComplaint} {
			got, err := tx.Case(ctx, c.ID)
			if err != nil {
				return err
			}
			if got.State.Initiation != want {
				t.Errorf("initiation of %s = %q, want %q", c.Number, got.State.Initiation, want)
			}
		}
		return nil
	})
	column := func(query string, id int64, dst any) {
		t.Helper()
		if err := db.sql.QueryRowContext(ctx, query, id).Scan(dst); err != nil && err != sql.ErrNoRows {
			t.Fatal(err)
		}
	}
	for c, want := range map[*zhifa.Case]string{random: "random", daily: "ex_officio", complaint: "complaint"} {
		var got string
		column(`SELECT initiation FROM case_stats WHERE case_id = $1`, c.ID, &got)
		if got != want {
			t.Errorf("case_stats.initiation of %s = %q, want %q", c.Number, got, want)
		}
	}
	for c, want := range map[*zhifa.Case]int64{benchmarked: tr.market.ID, plain: tr.branch.ID} {
		var got int64
		column(`SELECT scope_id FROM case_fines WHERE case_id = $1`, c.ID, &got)
		if got != want {
			t.Errorf("case_fines.scope_id of %s = %d, want %d", c.Number, got, want)
		}
	}
}

// testAnnualInspections: the year's inspections are counted by how each was initiated
// (case_stats.initiation, migration 00049), whatever the item is called.
func testAnnualInspections(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	it := &zhifa.Item{Code: uniq("INSP"), Name: "产品质量监督抽查", Category: zhifa.CatInspection, AgencyID: tr.market.ID, Domain: "食品安全"}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateItem(ctx, it, "") })
	update(t, db, func(tx zhifa.Tx) error {
		for i, in := range []zhifa.Initiation{zhifa.InitRandom, zhifa.InitRandom, zhifa.InitComplaint, zhifa.InitExOfficio} {
			seq, err := tx.NextCaseSeq(ctx, tr.market.ID, 2025, zhifa.CaseInspection)
			if err != nil {
				return err
			}
			c := &zhifa.Case{AgencyID: tr.market.ID, Number: fmt.Sprintf("东市监检〔2025〕%d号", seq), Year: 2025, Seq: seq,
				Kind: zhifa.CaseInspection, Procedure: zhifa.ProcOrdinary, ItemID: it.ID, OfficerIDs: []int64{1, 2}, Facts: "检查",
				Stage: zhifa.StageOpen, Outcome: zhifa.OutcomeNone,
				Parties: []zhifa.Party{{Kind: zhifa.PartyOrg, Name: "某公司", CreditCode: "91350100M000100Y43"}}}
			c.State.FiledOn, c.State.Initiation = zhifa.MustDate("2025-05-06").AddDays(i), in
			if err := tx.CreateCase(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, db, func(tx zhifa.Tx) error {
		n, err := tx.AnnualCounts(ctx, zhifa.AnnualFilter{AgencyID: tr.market.ID, Year: 2025})
		if err != nil {
			return err
		}
		got := map[string]int64{}
		for _, s := range n.Inspections {
			got[s.Key] += s.Count
		}
		if len(got) != 3 || got["random"] != 2 || got["complaint"] != 1 || got["ex_officio"] != 1 {
			t.Errorf("inspections by initiation %v", got)
		}
		return nil
	})
}
