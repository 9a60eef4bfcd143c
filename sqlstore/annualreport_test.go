package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testAnnualReports covers the year's counts (acts by kind and item category, penalty
// kinds, fines and confiscations, hearings, publications on time; one agency or a
// government's subtree; other years not counted) and the reports (add once per agency
// and year, versioned update, lists, the agencies without a published report).
func testAnnualReports(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	decide := func(tx zhifa.Tx, on string, kinds []string, fine, confiscate int64, hearing bool) *zhifa.Case {
		c, err := newCase(ctx, tx, tr, item, 2025)
		if err != nil {
			t.Fatal(err)
		}
		c.Stage = zhifa.StageDecide
		c.State.DecidedOn = zhifa.MustDate(on)
		c.State.FineFen = fine
		c.State.Proposal = &zhifa.Proposal{Penalties: kinds, FineFen: fine, ConfiscateFen: confiscate}
		if hearing {
			c.State.HearingHeld, c.State.HearingHeldOn = true, zhifa.MustDate(on).AddDays(-10)
		}
		if err := tx.UpdateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	update(t, db, func(tx zhifa.Tx) error {
		decide(tx, "2025-03-02", []string{"警告", "罚款"}, 500000, 0, true)
		decide(tx, "2025-11-30", []string{"罚款", "没收违法所得"}, 200000, 30000, false)
		c := decide(tx, "2025-12-31", []string{"警告"}, 0, 0, false)
		decide(tx, "2026-01-01", []string{"罚款"}, 900000, 0, false) // next year
		p := &zhifa.Publication{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, CaseID: c.ID, CaseNumber: c.Number,
			ItemID: item, ItemName: "事项", Category: zhifa.PubPenalty, Status: zhifa.PubQueued,
			DecidedOn: zhifa.MustDate("2025-12-31"), Due: zhifa.MustDate("2026-01-12")}
		return tx.AddPublication(ctx, p)
	})
	for _, f := range []zhifa.AnnualFilter{{AgencyID: tr.market.ID, Year: 2025}, {UnderPath: tr.city.Path, Year: 2025}} {
		view(t, db, func(tx zhifa.Tx) error {
			n, err := tx.AnnualCounts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(n.Acts) != 1 || n.Acts[0].Key != "penalty" || n.Acts[0].Label != "penalty" || n.Acts[0].Count != 3 {
				t.Errorf("%+v: acts %+v, want 3 penalty decisions", f, n.Acts)
			}
			if len(n.PenaltyMasks) != 3 || n.FinesFen != 700000 || n.ConfiscatedFen != 30000 {
				t.Errorf("%+v: masks %+v fines %d confiscated %d", f, n.PenaltyMasks, n.FinesFen, n.ConfiscatedFen)
			}
			if n.Hearings != 1 || n.Publications.Count != 1 || n.Publications.Hits != 0 {
				t.Errorf("%+v: hearings %d publications %+v", f, n.Hearings, n.Publications)
			}
			return nil
		})
	}
	view(t, db, func(tx zhifa.Tx) error {
		n, err := tx.AnnualCounts(ctx, zhifa.AnnualFilter{AgencyID: tr.district.ID, Year: 2025})
		if err != nil || len(n.Acts) != 0 || n.FinesFen != 0 {
			t.Errorf("another agency's year: %+v, %v", n, err)
		}
		if _, err := tx.AnnualCounts(ctx, zhifa.AnnualFilter{Year: 2025}); zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("no agency: %v", err)
		}
		return nil
	})

	r := &zhifa.AnnualReport{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, Year: 2025, Status: zhifa.ReportDraft,
		Figures: []zhifa.ReportFigure{{Key: "penalties", Group: "处罚", Label: "行政处罚决定", Value: 3, Unit: "件"}}}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddAnnualReport(ctx, r) })
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.AddAnnualReport(ctx, &zhifa.AnnualReport{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, Year: 2025, Status: zhifa.ReportDraft})
	})
	wantCode(t, "second report of the year", err, zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		missing, err := tx.AgenciesWithoutReport(ctx, tr.city.Path, 2025)
		if err != nil || len(missing) != 3 {
			t.Errorf("without report before publication: %d, %v (want market, branch, district; not the government)", len(missing), err)
		}
		return nil
	})
	r.Status, r.PublishedOn, r.Approver, r.Entry = zhifa.ReportPublished, zhifa.MustDate("2026-01-20"), "王强", 7
	r.Figures[0].Note = "含简易程序"
	r.ReportedTo = []zhifa.ReportRecipient{{AgencyID: tr.city.ID, Name: tr.city.Name, Role: "本级人民政府"}}
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateAnnualReport(ctx, r) })
	stale := *r
	stale.Version--
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateAnnualReport(ctx, &stale) })
	wantCode(t, "stale report", err, zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.AnnualReportOf(ctx, tr.market.ID, 2025)
		if err != nil || got.ID != r.ID || got.Version != 2 || got.Figures[0].Note != "含简易程序" || len(got.ReportedTo) != 1 ||
			got.AgencyName != tr.market.Name || got.PublishedOn.String() != "2026-01-20" {
			t.Errorf("report of agency: %+v, %v", got, err)
		}
		list, err := tx.AnnualReports(ctx, zhifa.ReportFilter{UnderPath: tr.city.Path, Status: zhifa.ReportPublished, Year: 2025})
		if err != nil || len(list) != 1 {
			t.Errorf("published reports: %d, %v", len(list), err)
		}
		list, err = tx.AnnualReports(ctx, zhifa.ReportFilter{UnderPath: tr.district.Path})
		if err != nil || len(list) != 0 {
			t.Errorf("another subtree's reports: %d, %v", len(list), err)
		}
		missing, err := tx.AgenciesWithoutReport(ctx, tr.city.Path, 2025)
		if err != nil || len(missing) != 2 {
			t.Errorf("without report after publication: %d, %v", len(missing), err)
		}
		if _, err := tx.AnnualReport(ctx, r.ID+1000); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			t.Errorf("missing report: %v", err)
		}
		return nil
	})
}
