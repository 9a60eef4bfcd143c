package demo

import (
	"context"
	"fmt"
	"slices"

	"zhifa"
	"zhifa/app"
	"zhifa/law"
)

// crew is an agency whose cases the plan files (seedCases): the accounts that act in
// them, its catalog items, and its share of the cases.
type crew struct {
	agency *zhifa.Agency
	// handlers are the officers' sessions that file and work the cases, in turn.
	handlers []context.Context
	// head is the head's user ID, headCtx their session: they approve the steps and sign
	// the forms reserved to the head.
	head    int64
	headCtx context.Context
	// reviewer gives the legal review's opinion and bank posts the payments; nil for the
	// market bureau's (seeder.reviewerContext, seeder.bank).
	reviewer, bank context.Context
	// items are the catalog items its cases are filed under, by category (seedCases).
	items map[zhifa.ItemCategory][]caseItem
	// weight is its share of the cases: its number of officers.
	weight int
	// planned counts the cases planned for it so far.
	planned int
}

// actorOf is the session of a user of ag.
func actorOf(ctx context.Context, u *zhifa.User, ag *zhifa.Agency) context.Context {
	return app.WithActor(ctx, &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: ag.ID,
		AgencyPath: ag.Path, ScopePath: ag.Path, IP: "127.0.0.1"})
}

// marketCrew is the market bureau with the demo accounts officer1, officer2 and head1.
func (s *seeder) marketCrew() (*crew, error) {
	market := s.agencyByName(marketBureau)
	if market == nil {
		return nil, fmt.Errorf("no agency %s", marketBureau)
	}
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return nil, err
	}
	c := &crew{agency: market}
	var officers [2]context.Context
	for _, u := range users {
		if u.AgencyID != market.ID {
			continue
		}
		switch u.Login {
		case "officer1":
			officers[0] = actorOf(s.ctx, u, market)
		case "officer2":
			officers[1] = actorOf(s.ctx, u, market)
		case "head1":
			c.head, c.headCtx = u.ID, actorOf(s.ctx, u, market)
		}
	}
	if officers[0] == nil || officers[1] == nil || c.head == 0 {
		return nil, fmt.Errorf("the market bureau lacks its demo accounts")
	}
	c.handlers = officers[:]
	for _, o := range s.officers {
		if o.agency == "market" && o.active {
			c.weight++
		}
	}
	return c, nil
}

// crewItems lists the crew's penalty, inspection and compulsion items that two of its
// officers may enforce (Art. 42), with their statutory fine range and, for a penalty
// item with a benchmark, its levels; the first benchmarked items are listed more often
// (benchmarkWeight), and the penalty items without a benchmark also as summary items.
func (s *seeder) crewItems(c *crew) (map[zhifa.ItemCategory][]caseItem, error) {
	opts, err := s.a.CaseFormOptions(c.handlers[0])
	if err != nil {
		return nil, err
	}
	items := map[zhifa.ItemCategory][]caseItem{}
	benchmarked := 0 // penalty items with a benchmark so far
	for _, cat := range []zhifa.ItemCategory{zhifa.CatPenalty, zhifa.CatInspection, zhifa.CatCompulsion} {
		list, err := s.a.Catalog().Items(s.ctx, zhifa.ItemFilter{AgencyID: c.agency.ID, Category: cat, Page: zhifa.Page{Limit: 200}})
		if err != nil {
			return nil, err
		}
		for _, it := range list.Items {
			ci := caseItem{code: it.Code, domain: it.Domain, name: it.Name}
			for _, pr := range law.BasisProvisions(it.Basis) {
				ci.confiscate = ci.confiscate || pr.Confiscate
				for _, f := range pr.Fines {
					ci.goods = ci.goods || f.Base == law.BaseGoods || f.Cond.Base == law.BaseGoods
				}
			}
			for _, f := range law.StatuteFines(it.Basis) {
				if f.Kind == zhifa.FineFixed && f.MinFen > 0 && f.MaxFen > f.MinFen {
					ci.lo, ci.hi = f.MinFen, f.MaxFen
					break
				}
			}
			if cat == zhifa.CatPenalty && ci.hi == 0 {
				continue // fines the demo cannot place within the statute's range
			}
			if len(eligibleFor(opts.Officers, ci.domain)) < 2 {
				continue
			}
			if cat != zhifa.CatPenalty {
				items[cat] = append(items[cat], ci)
				continue
			}
			b, err := s.a.Catalog().Benchmark(s.ctx, it.Code)
			switch {
			case zhifa.ErrorCode(err) == zhifa.ENOTFOUND:
				items[cat] = append(items[cat], ci)
				items[summaryItems] = append(items[summaryItems], ci)
				continue
			case err != nil:
				return nil, err
			}
			for _, l := range b.Levels {
				if l.Fine.Kind == zhifa.FineFixed && l.Fine.MaxFen > l.Fine.MinFen && slices.Contains(l.Penalties, "罚款") {
					ci.levels = append(ci.levels, l)
				}
			}
			for range benchmarkWeight(benchmarked) {
				items[cat] = append(items[cat], ci)
			}
			benchmarked++
		}
	}
	if len(items[zhifa.CatPenalty]) == 0 {
		return nil, fmt.Errorf("no penalty item with two eligible officers")
	}
	return items, nil
}

// minMarketCases is the fewest planned cases of the first crew, the demo's market
// bureau: the seeder's supervision work after the plan needs some of them decided
// weeks ago (a reconsideration revokes one, complaints.go), which a province of many
// agencies and a few hundred cases would otherwise leave it without.
const minMarketCases = 12

// crewOrder assigns each of n planned cases to a crew in proportion to the crews'
// weights, interleaved (smooth weighted round robin), so that every crew files over the
// whole period; the first crew gets at least minMarketCases of them. It draws nothing
// from the random source: with one crew the plan is the demo's as it was.
func crewOrder(crews []*crew, n int) []int {
	out := make([]int, n)
	if len(crews) == 1 {
		return out
	}
	weights := make([]int, len(crews))
	others := 0
	for k, c := range crews {
		weights[k] = max(c.weight, 1)
		if k > 0 {
			others += weights[k]
		}
	}
	if n > minMarketCases {
		// A share of at least minMarketCases/n.
		weights[0] = max(weights[0], (minMarketCases*others+n-minMarketCases-1)/(n-minMarketCases))
	}
	total := 0
	for _, w := range weights {
		total += w
	}
	current := make([]int, len(crews))
	for i := range out {
		best := 0
		for k, w := range weights {
			current[k] += w
			if current[k] > current[best] {
				best = k
			}
		}
		current[best] -= total
		out[i] = best
	}
	return out
}
