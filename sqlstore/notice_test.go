package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testHearingThresholds: an agency's 较大数额 thresholds of 行政处罚法第六十三条 (migration
// 00013) are stored on create and update, 0 is the default, and negative ones are refused.
func testHearingThresholds(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	ag := tr.market
	ag.HearingPersonFen, ag.HearingOrgFen = 500_000, 20_000_000
	ag.ReviewBody = "山东省市场监督管理局" // migration 00051, 行政复议法第二十七条
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateAgency(ctx, ag) })
	a := &zhifa.Agency{ParentID: tr.city.ID, Name: uniq("青岛市生态环境局"), Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		RegionCode: "370200", HearingOrgFen: 5_000_000, ReviewBody: "山东省生态环境厅"}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateAgency(ctx, a) })
	view(t, db, func(tx zhifa.Tx) error {
		for _, w := range []*zhifa.Agency{ag, a} {
			got, err := tx.Agency(ctx, w.ID)
			if err != nil {
				return err
			}
			if got.ReviewBody != w.ReviewBody {
				t.Errorf("agency %d: review body %q, want %q", w.ID, got.ReviewBody, w.ReviewBody)
			}
			if got.HearingPersonFen != w.HearingPersonFen || got.HearingOrgFen != w.HearingOrgFen {
				t.Errorf("agency %d: %d %d, want %d %d", w.ID, got.HearingPersonFen, got.HearingOrgFen, w.HearingPersonFen, w.HearingOrgFen)
			}
		}
		return nil
	})
	bad := *ag
	bad.HearingOrgFen = -1
	if err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateAgency(ctx, &bad) }); err == nil {
		t.Error("a negative hearing threshold stored")
	}
}
