package demo_test

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/blob"
	"zhifa/demo"
	"zhifa/sqlstore"
)

// TestSeedCases seeds the demo city with evidence storage and checks the demo cases
// (issue #4; REQUIREMENTS D1, D2, D5), half of the demo's number to stay fast: of every
// kind, spread over the year, in every stage up to 归档, some with a running clock overdue (行政处罚法第六十条,
// 行政强制法第二十五条), some held up by a gate (the Missing list), a few with A/V records
// of their seizure (D2), every one with its ledger entries.
func TestSeedCases(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: seeds the demo city (-short)")
	}
	ctx := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	st, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := blob.OpenDir(ctx, filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	// 100 of the 200 cases keep the test fast; the plan is the same, only sparser.
	defer demo.SetDemoCases(100)()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, zhifa.CST)
	a := app.New(st, app.Options{Now: func() time.Time { return now }, Blobs: blobs})
	start := time.Now()
	if err := demo.Seed(ctx, a); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	t.Logf("seed with cases took %v", time.Since(start))

	sys := app.WithActor(ctx, app.SystemActor("test"))
	var all []*app.CaseView
	for off := 0; ; off += 200 {
		list, err := a.Cases(sys, app.CaseFilter{Page: zhifa.Page{Limit: 200, Offset: off}})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, list.Cases...)
		if off+200 >= list.Total {
			break
		}
	}
	if len(all) < 95 {
		t.Fatalf("%d demo cases of 100 planned", len(all))
	}
	kinds, stages, months := map[zhifa.CaseKind]int{}, map[zhifa.Stage]int{}, map[time.Month]int{}
	overdue := 0
	for _, c := range all {
		// The facts state the violation the item names (issue 12: documents state what
		// the case holds).
		if violation := strings.TrimSuffix(strings.TrimPrefix(c.ItemName, "对"), "的行政处罚"); c.Kind == zhifa.CasePenalty && !strings.Contains(c.Facts, violation) {
			t.Errorf("case %s of item %q: facts %q", c.Number, c.ItemName, c.Facts)
		}
		kinds[c.Kind]++
		stages[c.Stage]++
		months[c.State.FiledOn.Month]++
		for _, cl := range c.Clocks {
			if cl.Status == "overdue" {
				overdue++
				break
			}
		}
	}
	t.Logf("kinds %v; stages %v; overdue %d", kinds, stages, overdue)
	for _, k := range zhifa.CaseKinds {
		if kinds[k] == 0 {
			t.Errorf("no %s case", k)
		}
	}
	for _, s := range []zhifa.Stage{zhifa.StageOpen, zhifa.StageInvestigate, zhifa.StageNotify, zhifa.StageReview, zhifa.StageInspect,
		zhifa.StageSeize, zhifa.StageClose, zhifa.StageArchive} {
		if stages[s] == 0 {
			t.Errorf("no case in stage %s", s)
		}
	}
	if len(months) < 10 {
		t.Errorf("cases filed in %d months, want them spread over the year", len(months))
	}
	if overdue == 0 {
		t.Error("no case with an overdue clock")
	}
	av, held := 0, 0
	for _, c := range all {
		v, err := a.Case(sys, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Missing) > 0 {
			held++
		}
		for _, r := range v.Records {
			if r.Kind == zhifa.RecordAV && r.Act == "seize" && r.EvidenceID != 0 {
				av++
			}
		}
		// Every event has its ledger entry, except the events of a carried-over case,
		// which the one entry of the carry-over records (app.ImportHistoricalCase).
		events := 0
		for _, e := range v.Events {
			if !strings.HasPrefix(e.BackdateReason, app.HistoricalReason) {
				events++
			}
		}
		if len(v.Entries) < events {
			t.Fatalf("%s: %d ledger entries for %d events", v.Number, len(v.Entries), events)
		}
	}
	if av == 0 || held == 0 {
		t.Errorf("%d cases with A/V records of a seizure, %d held up by a gate", av, held)
	}

	// The consistency aid (同案同罚, B3): the demo's proposals for items with a benchmark
	// choose a level (行政处罚法第三十四条), so some case's propose page shows at least five
	// past decided fines of its item and level, each inside the level's range.
	best, leveled := 0, 0
	for _, c := range all {
		p := c.State.Proposal
		if c.Kind != zhifa.CasePenalty || p == nil || p.Level == "" {
			continue
		}
		leveled++
		sim, err := a.SimilarCases(sys, c.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		best = max(best, sim.Count)
		b, err := a.Catalog().Benchmark(sys, sim.ItemCode)
		if err != nil {
			t.Fatal(err)
		}
		l := b.Level(p.Level)
		if l == nil || p.FineFen < l.Fine.MinFen || p.FineFen > l.Fine.MaxFen {
			t.Errorf("%s: fine %d outside level %q of the benchmark", c.Number, p.FineFen, p.Level)
		}
	}
	t.Logf("%d proposals with a benchmark level; at most %d similar past fines", leveled, best)
	if best < 5 {
		t.Errorf("at most %d past decided fines for a demo case's item and level, want at least 5", best)
	}
	checkDemoPublications(t, a) // publicity_test.go (issue 13)
	checkDemoReport(t, a)       // report_test.go (issue 13)
}
