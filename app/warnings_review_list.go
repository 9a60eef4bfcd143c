package app

import (
	"context"

	"zhifa"
)

// caseListCache reads, for one page of the case list, each agency, item and effective
// major-decision catalog (E3) once: a page of 50 cases of one bureau shares one agency, one
// catalog and a few items, so the list costs a handful of reads beyond the page query
// instead of three or more per case.
type caseListCache struct {
	a        *App
	tx       zhifa.Tx
	agencies map[int64]*zhifa.Agency
	items    map[int64]*zhifa.Item
	catalogs map[int64]*zhifa.MajorCatalog
}

func newCaseListCache(a *App, tx zhifa.Tx) *caseListCache {
	return &caseListCache{a: a, tx: tx, agencies: map[int64]*zhifa.Agency{}, items: map[int64]*zhifa.Item{},
		catalogs: map[int64]*zhifa.MajorCatalog{}}
}

// of returns the agency, item and catalog of c.
func (k *caseListCache) of(ctx context.Context, c *zhifa.Case) (*zhifa.Agency, *zhifa.Item, *zhifa.MajorCatalog, error) {
	ag, ok := k.agencies[c.AgencyID]
	if !ok {
		var err error
		if ag, err = k.tx.Agency(ctx, c.AgencyID); err != nil {
			return nil, nil, nil, err
		}
		k.agencies[c.AgencyID] = ag
	}
	item, ok := k.items[c.ItemID]
	if !ok {
		var err error
		if item, err = k.tx.Item(ctx, c.ItemID); err != nil {
			return nil, nil, nil, err
		}
		k.items[c.ItemID] = item
	}
	cat, ok := k.catalogs[c.AgencyID]
	if !ok {
		var err error
		if cat, err = k.a.effectiveCatalog(ctx, k.tx, ag); err != nil {
			return nil, nil, nil, err
		}
		k.catalogs[c.AgencyID] = cat
	}
	return ag, item, cat, nil
}
