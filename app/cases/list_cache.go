package cases

import (
	"context"

	"zhifa"
)

// caseListCache reads, for one page of the case list, each agency, item and effective
// major-decision catalog (E3) once: a page of 50 cases of one bureau shares one agency, one
// catalog and a few items, so the list costs a handful of reads beyond the page query
// instead of three or more per case.
type caseListCache struct {
	s        *Service
	tx       zhifa.Tx
	agencies map[int64]*zhifa.Agency
	items    map[int64]*zhifa.Item
	catalogs map[int64]*zhifa.MajorCatalog
}

func newCaseListCache(s *Service, tx zhifa.Tx) *caseListCache {
	return &caseListCache{s: s, tx: tx, agencies: map[int64]*zhifa.Agency{}, items: map[int64]*zhifa.Item{},
		catalogs: map[int64]*zhifa.MajorCatalog{}}
}

// of returns the agency, item and catalog of c.
func (k *caseListCache) of(ctx context.Context, c *zhifa.Case) (*zhifa.Agency, *zhifa.Item, *zhifa.MajorCatalog, error) {
	ag, err := once(k.agencies, c.AgencyID, func() (*zhifa.Agency, error) { return k.tx.Agency(ctx, c.AgencyID) })
	if err != nil {
		return nil, nil, nil, err
	}
	item, err := once(k.items, c.ItemID, func() (*zhifa.Item, error) { return k.tx.Item(ctx, c.ItemID) })
	if err != nil {
		return nil, nil, nil, err
	}
	cat, err := once(k.catalogs, c.AgencyID, func() (*zhifa.MajorCatalog, error) { return k.s.deps.Review.EffectiveCatalog(ctx, k.tx, ag) })
	if err != nil {
		return nil, nil, nil, err
	}
	return ag, item, cat, nil
}

// once returns m[id], reading and keeping it the first time.
func once[V any](m map[int64]V, id int64, read func() (V, error)) (V, error) {
	if v, ok := m[id]; ok {
		return v, nil
	}
	v, err := read()
	if err == nil {
		m[id] = v
	}
	return v, err
}
