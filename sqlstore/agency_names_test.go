package sqlstore

import (
	"context"
	"reflect"
	"testing"

	"zhifa"
)

// testAgencyNames: the names of the agencies asked for, each once however often asked,
// unknown ids left out, more ids than one statement takes.
func testAgencyNames(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	ids := []int64{tr.branch.ID, tr.market.ID, tr.branch.ID, -7}
	for i := range 600 {
		ids = append(ids, 1_000_000_000+int64(i))
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.AgencyNames(ctx, ids)
		if err != nil {
			return err
		}
		want := map[int64]string{tr.branch.ID: tr.branch.Name, tr.market.ID: tr.market.Name}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("AgencyNames = %v, want %v", got, want)
		}
		if got, err := tx.AgencyNames(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("AgencyNames(nil) = %v, %v", got, err)
		}
		return nil
	})
}
