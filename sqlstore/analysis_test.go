package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testAnalysis covers the summaries of the analytic warnings (the fine quartiles read at
// index offsets, an officer's endings since a day) and the warnings: one per kind and
// subject, scope and filters, keyset paging, versioned handling, counts by kind.
func testAnalysis(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	var cases []*zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		for range 10 {
			c, err := newCase(ctx, tx, tr, item, 2026)
			if err != nil {
				return err
			}
			cases = append(cases, c)
		}
		return nil
	})
	day := zhifa.MustDate("2026-03-02")
	fines := []int64{100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000_000}
	scope := tr.market.ID
	fine := func(c *zhifa.Case, level string, scope, fen int64, on zhifa.Date) zhifa.CaseFine {
		return zhifa.CaseFine{CaseID: c.ID, ItemID: item, Level: level, ScopeID: scope, FineFen: fen, DecidedOn: on}
	}
	update(t, db, func(tx zhifa.Tx) error {
		for i, c := range cases {
			if err := tx.AddCaseFine(ctx, fine(c, "一般", scope, fines[i], day)); err != nil {
				return err
			}
		}
		// Writing a case again replaces its fine.
		return tx.AddCaseFine(ctx, fine(cases[0], "一般", scope, 100, day))
	})
	peers := func(tx zhifa.Tx, q zhifa.FinePeerQuery) zhifa.FinePeers {
		t.Helper()
		if q.Limit == 0 {
			q.Limit = 200
		}
		p, err := tx.FinePeers(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	since := zhifa.MustDate("2023-03-02")
	group := zhifa.FinePeerQuery{ScopeID: scope, ItemID: item, Level: "一般", Since: since, ExceptCase: cases[9].ID}
	view(t, db, func(tx zhifa.Tx) error {
		// Nine peers 100..900: the 3rd and the 7th value.
		if p := peers(tx, group); p.Count != 9 || p.Q1 != 300 || p.Q3 != 700 {
			t.Errorf("peers %+v", p)
		}
		other := group
		other.Level = "从重"
		if p := peers(tx, other); p.Count != 0 {
			t.Errorf("another level: %+v", p)
		}
		other = group
		other.ScopeID = tr.district.ID
		if p := peers(tx, other); p.Count != 0 {
			t.Errorf("another scope: %+v", p)
		}
		if _, err := tx.FinePeers(ctx, zhifa.FinePeerQuery{ScopeID: scope, ItemID: item}); zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("no limit: %v", err)
		}
		return nil
	})
	// Another scope's fines of the same item and level (another benchmark, or none) and
	// fines decided before the window do not move the group; the group reads at most
	// its limit, the newest first.
	var more []*zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		for range 6 {
			c, err := newCase(ctx, tx, tr, item, 2026)
			if err != nil {
				return err
			}
			more = append(more, c)
		}
		for i, c := range more[:3] {
			if err := tx.AddCaseFine(ctx, fine(c, "一般", tr.district.ID, int64(50_000_000+i), day)); err != nil {
				return err
			}
		}
		for i, c := range more[3:] {
			if err := tx.AddCaseFine(ctx, fine(c, "一般", scope, int64(90_000_000+i), since.AddDays(-1-i))); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, db, func(tx zhifa.Tx) error {
		if p := peers(tx, group); p.Count != 9 || p.Q1 != 300 || p.Q3 != 700 {
			t.Errorf("peers moved by another scope or older fines: %+v", p)
		}
		wide := group
		wide.Since = since.AddDays(-10)
		if p := peers(tx, wide); p.Count != 12 {
			t.Errorf("a wider window: %+v, want the 3 older fines too", p)
		}
		newest := group
		newest.Since, newest.Limit = since.AddDays(-10), 9
		if p := peers(tx, newest); p.Count != 9 || p.Q3 != 700 {
			t.Errorf("the newest 9: %+v, want the older fines left out", p)
		}
		return nil
	})

	update(t, db, func(tx zhifa.Tx) error {
		for i, c := range cases[:3] {
			e := zhifa.CaseEnding{CaseID: c.ID, OfficerID: 7, Outcome: zhifa.OutcomeWithdrawn, EndedOn: day.AddDays(-200 * i)}
			if err := tx.AddCaseEnding(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.OfficerEndings(ctx, 7, day.AddDays(-365))
		if err != nil {
			return err
		}
		if len(got) != 2 || got[0].CaseID != cases[0].ID || got[1].Outcome != zhifa.OutcomeWithdrawn {
			t.Errorf("endings %+v", got)
		}
		return nil
	})

	put := func(kind zhifa.AnalysisKind, subject string, agency int64) *zhifa.AnalysisWarning {
		w := &zhifa.AnalysisWarning{Kind: kind, Subject: subject, AgencyID: agency, Rule: "规则", Finding: "发现",
			Evidence: []zhifa.AnalysisEvidence{{Kind: "case", ID: cases[0].ID, Label: cases[0].Number}}}
		update(t, db, func(tx zhifa.Tx) error { return tx.PutAnalysisWarning(ctx, w) })
		return w
	}
	subject := uniq("case/")
	a := put(zhifa.AnalysisFineOutlier, subject, tr.market.ID)
	b := put(zhifa.AnalysisRepeatedEndings, uniq("officer/"), tr.branch.ID)
	other := put(zhifa.AnalysisFineOutlier, uniq("case/"), tr.district.ID)
	again := put(zhifa.AnalysisFineOutlier, subject, tr.market.ID)
	if again.ID != a.ID || again.Version != 2 || a.State != zhifa.AnalysisOpen {
		t.Errorf("found again: %+v after %+v", again, a)
	}
	a.Version = again.Version
	a.State, a.Reason, a.Deadline = zhifa.AnalysisEscalated, "限期说明", zhifa.MustDate("2026-03-09")
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateAnalysisWarning(ctx, a) })
	stale := *a
	stale.Version--
	if err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateAnalysisWarning(ctx, &stale) }); zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Errorf("stale update: %v", err)
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.AnalysisWarning(ctx, a.ID)
		if err != nil {
			return err
		}
		if got.State != zhifa.AnalysisEscalated || got.Deadline != a.Deadline || got.AgencyPath != tr.market.Path ||
			len(got.Evidence) != 1 || got.Evidence[0].Label != cases[0].Number {
			t.Errorf("warning %+v", got)
		}
		if _, err := tx.AnalysisWarning(ctx, 1<<40); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			t.Errorf("missing: %v", err)
		}
		for _, tc := range []struct {
			name string
			f    zhifa.AnalysisFilter
			want []int64
		}{
			{"scope", zhifa.AnalysisFilter{UnderPath: tr.market.Path}, []int64{b.ID, a.ID}},
			{"agency", zhifa.AnalysisFilter{UnderPath: tr.city.Path, AgencyID: tr.district.ID}, []int64{other.ID}},
			{"kind", zhifa.AnalysisFilter{UnderPath: tr.city.Path, Kind: zhifa.AnalysisRepeatedEndings}, []int64{b.ID}},
			{"state", zhifa.AnalysisFilter{UnderPath: tr.city.Path, State: zhifa.AnalysisEscalated}, []int64{a.ID}},
			{"page", zhifa.AnalysisFilter{UnderPath: tr.city.Path, Before: other.ID, Limit: 1}, []int64{b.ID}},
		} {
			list, err := tx.AnalysisWarnings(ctx, tc.f)
			if err != nil {
				return err
			}
			var ids []int64
			for _, w := range list {
				ids = append(ids, w.ID)
			}
			if len(ids) != len(tc.want) || (len(ids) > 0 && ids[0] != tc.want[0]) || (len(ids) > 1 && ids[1] != tc.want[1]) {
				t.Errorf("%s: %v, want %v", tc.name, ids, tc.want)
			}
		}
		n, err := tx.CountAnalysisWarnings(ctx, tr.market.Path)
		if err != nil {
			return err
		}
		if n[zhifa.AnalysisFineOutlier] != 1 || n[zhifa.AnalysisRepeatedEndings] != 1 {
			t.Errorf("counts %v", n)
		}
		return nil
	})
}
