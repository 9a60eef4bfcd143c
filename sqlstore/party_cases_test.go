package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testPartyCases: a party's cases are found by 统一社会信用代码 or by 身份证号 (through the
// keyed index, whatever the case of the check character), only in the agencies asked.
func testPartyCases(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) (err error) { c, err = newCase(ctx, tx, tr, itemID, 2026); return err })
	for _, tc := range []struct {
		name     string
		party    zhifa.Party
		agencies []int64
		want     int
	}{
		{"by credit code", zhifa.Party{CreditCode: "91350100M000100Y43"}, []int64{tr.market.ID}, 1},
		{"by 身份证号, lower-case x", zhifa.Party{IDNumber: "11010519491231002x"}, []int64{tr.market.ID}, 1},
		{"another party", zhifa.Party{CreditCode: "91350100M000200Y11"}, []int64{tr.market.ID}, 0},
		{"another agency", zhifa.Party{CreditCode: "91350100M000100Y43"}, []int64{tr.market.ID + 1000}, 0},
		{"no key", zhifa.Party{Name: "某公司"}, []int64{tr.market.ID}, 0},
	} {
		view(t, db, func(tx zhifa.Tx) error {
			got, err := tx.PartyCases(ctx, tc.party, tc.agencies, 10)
			if err != nil {
				return err
			}
			if len(got) != tc.want || (tc.want == 1 && (got[0].ID != c.ID || len(got[0].Parties) != 2)) {
				t.Errorf("%s: %d cases %+v, want %d", tc.name, len(got), got, tc.want)
			}
			return nil
		})
	}
}

// testLighterShare: the agency's 从轻 share (migration 00019) is stored, read back on
// create and update, and bounded by the schema.
func testLighterShare(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	ag := tr.market
	ag.LighterSharePct = 20
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateAgency(ctx, ag) })
	a := &zhifa.Agency{ParentID: tr.city.ID, Name: uniq("青岛市应急管理局"), Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		RegionCode: "370200", LighterSharePct: 25}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateAgency(ctx, a) })
	view(t, db, func(tx zhifa.Tx) error {
		for _, w := range []*zhifa.Agency{ag, a} {
			got, err := tx.Agency(ctx, w.ID)
			if err != nil {
				return err
			}
			if got.LighterSharePct != w.LighterSharePct {
				t.Errorf("agency %d: %d, want %d", w.ID, got.LighterSharePct, w.LighterSharePct)
			}
		}
		return nil
	})
	bad := *ag
	bad.LighterSharePct = 80
	if err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateAgency(ctx, &bad) }); err == nil {
		t.Error("a 从轻 share above 50% stored")
	}
}
