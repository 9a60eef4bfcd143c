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
