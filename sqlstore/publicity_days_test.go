package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testPublicationEvents covers PublicationEvents (issue 13, migration 00040): the rows
// published or withdrawn on a day of the range, never a row withdrawn from the queue
// before publication, the legal-person filter, the agency and the keyset.
func testPublicationEvents(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	d1, d2 := zhifa.MustDate("2026-11-02"), zhifa.MustDate("2026-11-03")
	// 0 published d1 (legal person), 1 published d1 withdrawn d2, 2 published d2 (natural
	// person), 3 withdrawn from the queue on d2 (never published), 4 queued.
	var pubs []*zhifa.Publication
	update(t, db, func(tx zhifa.Tx) error {
		for i := range 5 {
			c, err := newCase(ctx, tx, tr, item, 2026)
			if err != nil {
				return err
			}
			p := &zhifa.Publication{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, CaseID: c.ID, CaseNumber: c.Number,
				ItemID: item, ItemName: "销售超过保质期的食品", Category: zhifa.PubPenalty, Status: zhifa.PubQueued,
				DecidedOn: d1.AddDays(-5), Due: d1.AddDays(5), PublicParty: "东港市海润食品有限公司"}
			if err := tx.AddPublication(ctx, p); err != nil {
				return err
			}
			switch i {
			case 0, 1, 2:
				p.Status, p.PublishedOn, p.Entry, p.DisplayUntil, p.PublicText = zhifa.PubPublished, d1, int64(10+i), d1.AddDays(1000), "公开文本"
				if i == 0 || i == 1 {
					p.PublicCode = "91330203MA2H1234XK"
				} else {
					p.PublishedOn, p.PublicParty = d2, "王某"
				}
				if i == 1 {
					p.Status, p.WithdrawnOn, p.WithdrawReason, p.WithdrawEntry = zhifa.PubWithdrawn, d2, "复议撤销", 20
				}
			case 3:
				p.Status, p.WithdrawnOn, p.WithdrawReason = zhifa.PubWithdrawn, d2, "复议撤销"
			}
			if err := tx.UpdatePublication(ctx, p); err != nil {
				return err
			}
			pubs = append(pubs, p)
		}
		return nil
	})
	view(t, db, func(tx zhifa.Tx) error {
		for _, tt := range []struct {
			name  string
			f     zhifa.PublicationEventFilter
			wants []int64
		}{
			{"published d1", zhifa.PublicationEventFilter{From: d1, To: d1, Published: true}, []int64{pubs[0].ID, pubs[1].ID}},
			{"events d2", zhifa.PublicationEventFilter{From: d2, To: d2, Published: true, Withdrawals: true}, []int64{pubs[1].ID, pubs[2].ID}},
			{"withdrawals d2", zhifa.PublicationEventFilter{From: d2, To: d2, Withdrawals: true}, []int64{pubs[1].ID}},
			{"both days", zhifa.PublicationEventFilter{From: d1, To: d2, Published: true}, []int64{pubs[0].ID, pubs[1].ID, pubs[2].ID}},
			{"legal persons", zhifa.PublicationEventFilter{From: d1, To: d2, Published: true, Withdrawals: true, LegalPersons: true}, []int64{pubs[0].ID, pubs[1].ID}},
			{"keyset", zhifa.PublicationEventFilter{From: d1, To: d2, Published: true, After: pubs[0].ID, Limit: 1}, []int64{pubs[1].ID}},
			{"agency", zhifa.PublicationEventFilter{From: d1, To: d2, Published: true, AgencyID: tr.branch.ID}, nil},
			{"other subtree", zhifa.PublicationEventFilter{From: d1, To: d2, Published: true, AgencyPath: tr.district.Path}, nil},
			{"day before", zhifa.PublicationEventFilter{From: d1.AddDays(-1), To: d1.AddDays(-1), Published: true, Withdrawals: true}, nil},
		} {
			if tt.f.AgencyPath == "" {
				tt.f.AgencyPath = tr.city.Path
			}
			list, err := tx.PublicationEvents(ctx, tt.f)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			got := ids(list, func(p *zhifa.Publication) int64 { return p.ID })
			if len(got) != len(tt.wants) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.wants)
				continue
			}
			for i := range got {
				if got[i] != tt.wants[i] {
					t.Errorf("%s: %v, want %v", tt.name, got, tt.wants)
					break
				}
			}
		}
		_, err := tx.PublicationEvents(ctx, zhifa.PublicationEventFilter{From: d1, To: d1})
		wantCode(t, "neither side", err, zhifa.EINVALID)
		return nil
	})
}
