package sqlstore

import (
	"context"
	"reflect"
	"testing"

	"zhifa"
)

// testPublications covers the publication queue (AddPublication, UpdatePublication with
// its version guard, PublicationOfCase), the portal's list (published within the display
// period only, bigram search of two-character words, keyset paging), the overdue count
// and the agencies' rules (issue 13).
func testPublications(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	today := zhifa.MustDate("2026-04-01")
	var pubs []*zhifa.Publication
	parties := []string{"东港市海润食品有限公司", "东港市鲜果多商贸有限公司", "王某"}
	update(t, db, func(tx zhifa.Tx) error {
		for i, party := range parties {
			c, err := newCase(ctx, tx, tr, item, 2026)
			if err != nil {
				return err
			}
			p := &zhifa.Publication{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, CaseID: c.ID, CaseNumber: c.Number,
				ItemID: item, ItemName: "销售超过保质期的食品", Category: zhifa.PubPenalty, Status: zhifa.PubQueued,
				DecidedOn: zhifa.MustDate("2026-03-02").AddDays(i), Due: zhifa.MustDate("2026-03-11"), PublicParty: party,
				Draft: "草稿", Redactions: []zhifa.Redaction{{Kind: "phone", Original: "13800138000", Replacement: "［电话号码已隐去］"}}}
			if err := tx.AddPublication(ctx, p); err != nil {
				return err
			}
			pubs = append(pubs, p)
		}
		return nil
	})
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.AddPublication(ctx, &zhifa.Publication{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, CaseID: pubs[0].CaseID,
			CaseNumber: "x", ItemName: "x", Category: zhifa.PubPenalty, Status: zhifa.PubQueued, DecidedOn: today, Due: today})
	})
	wantCode(t, "second publication of a case", err, zhifa.ECONFLICT)

	// Nothing queued is searchable or public; the overdue count sees all three.
	view(t, db, func(tx zhifa.Tx) error {
		list, err := tx.Publications(ctx, zhifa.PublicationFilter{AgencyPath: tr.city.Path, Public: true, Today: today})
		if err != nil || len(list) != 0 {
			t.Errorf("public list before publication: %d, %v", len(list), err)
		}
		n, capped, err := tx.OverduePublications(ctx, tr.city.Path, today, zhifa.CountCap)
		want := []zhifa.OverdueCount{{AgencyID: tr.market.ID, AgencyName: tr.market.Name, Count: 3}}
		if err != nil || capped || !reflect.DeepEqual(n, want) {
			t.Errorf("overdue %+v, capped %v, %v; want 3 for the market bureau", n, capped, err)
		}
		// Read up to a limit, the count says it is a lower bound (issue 11).
		for _, c := range []struct {
			limit, count int
			capped       bool
		}{{1, 2, true}, {2, 3, true}, {3, 3, false}} {
			n, capped, err := tx.OverduePublications(ctx, tr.city.Path, today, c.limit)
			if err != nil || capped != c.capped || len(n) != 1 || n[0].Count != c.count {
				t.Errorf("overdue read up to %d: %+v, capped %v, %v; want %d, capped %v", c.limit, n, capped, err, c.count, c.capped)
			}
		}
		n, _, err = tx.OverduePublications(ctx, tr.branch.Path, today, zhifa.CountCap)
		if err != nil || len(n) != 0 {
			t.Errorf("overdue of the branch %+v, %v; want none", n, err)
		}
		_, _, err = tx.OverduePublications(ctx, tr.city.Path, today, 0)
		wantCode(t, "no limit", err, zhifa.EINVALID)
		got, err := tx.PublicationOfCase(ctx, pubs[1].CaseID)
		if err != nil || got.ID != pubs[1].ID || len(got.Redactions) != 1 || got.AgencyName != tr.market.Name {
			t.Errorf("publication of case: %+v, %v", got, err)
		}
		return nil
	})

	// Publish all three; the third's display period is over.
	update(t, db, func(tx zhifa.Tx) error {
		for i, p := range pubs {
			p.Status, p.PublishedOn, p.PublicText = zhifa.PubPublished, today.AddDays(-1), "公开文本"
			p.DisplayUntil = zhifa.MustDate("2029-03-01")
			if i == 0 {
				p.PublicCode = "91330203MA2H1234XK"
			}
			if i == 2 {
				p.DisplayUntil = today.AddDays(-1)
			}
			if err := tx.UpdatePublication(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	stale := *pubs[0]
	stale.Version--
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdatePublication(ctx, &stale) })
	wantCode(t, "stale publication update", err, zhifa.ECONFLICT)

	view(t, db, func(tx zhifa.Tx) error {
		for _, tt := range []struct {
			name  string
			f     zhifa.PublicationFilter
			wants []int64
		}{
			{"public", zhifa.PublicationFilter{Public: true}, []int64{pubs[1].ID, pubs[0].ID}},
			{"two characters", zhifa.PublicationFilter{Public: true, Terms: []string{"海润"}}, []int64{pubs[0].ID}},
			{"two words", zhifa.PublicationFilter{Public: true, Terms: []string{"鲜果", "商贸"}}, []int64{pubs[1].ID}},
			{"credit code", zhifa.PublicationFilter{Public: true, Terms: []string{"91330203ma2h1234xk"}}, []int64{pubs[0].ID}},
			{"credit code, capitals", zhifa.PublicationFilter{Public: true, Terms: []string{"91330203MA2H1234XK"}}, []int64{pubs[0].ID}},
			{"case number", zhifa.PublicationFilter{Public: true, Terms: []string{pubs[1].CaseNumber}}, []int64{pubs[1].ID}},
			{"expired not shown", zhifa.PublicationFilter{Public: true, Terms: []string{"王某"}}, nil},
			{"keyset", zhifa.PublicationFilter{Public: true, After: pubs[1].ID}, []int64{pubs[0].ID}},
			{"limit", zhifa.PublicationFilter{Public: true, Limit: 1}, []int64{pubs[1].ID}},
			{"date range", zhifa.PublicationFilter{Public: true, From: zhifa.MustDate("2026-03-03"), To: zhifa.MustDate("2026-03-03")}, []int64{pubs[1].ID}},
			{"status", zhifa.PublicationFilter{Status: zhifa.PubPublished}, []int64{pubs[2].ID, pubs[1].ID, pubs[0].ID}},
		} {
			tt.f.AgencyPath, tt.f.Today = tr.city.Path, today
			list, err := tx.Publications(ctx, tt.f)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			got := ids(list, func(p *zhifa.Publication) int64 { return p.ID })
			if len(got) != len(tt.wants) || (len(got) > 0 && got[0] != tt.wants[0]) || (len(got) > 1 && got[1] != tt.wants[1]) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.wants)
			}
		}
		_, err := tx.Publications(ctx, zhifa.PublicationFilter{Public: true, Terms: []string{"海"}})
		wantCode(t, "one-character word", err, zhifa.EINVALID)
		return nil
	})

	// Rules: none is the statute's; set and read back.
	view(t, db, func(tx zhifa.Tx) error {
		r, err := tx.PublicityRule(ctx, tr.branch.ID)
		if err != nil || r.PenaltyDays != 0 || r.PublishSummary {
			t.Errorf("default rule %+v, %v", r, err)
		}
		return nil
	})
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.SetPublicityRule(ctx, &zhifa.PublicityRule{AgencyID: tr.branch.ID, PublishSummary: true, PenaltyDays: 5, LowFineFen: 100}); err != nil {
			return err
		}
		return tx.SetPublicityRule(ctx, &zhifa.PublicityRule{AgencyID: tr.branch.ID, PublishSummary: true, PenaltyDays: 3, LowFineFen: 100})
	})
	view(t, db, func(tx zhifa.Tx) error {
		r, err := tx.PublicityRule(ctx, tr.branch.ID)
		if err != nil || r.PenaltyDays != 3 || !r.PublishSummary || r.LowFineFen != 100 {
			t.Errorf("rule %+v, %v", r, err)
		}
		return nil
	})
}
