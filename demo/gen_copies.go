package demo

import (
	"math/rand/v2"
	"slices"

	"zhifa"
	"zhifa/app"
)

// How the bulk path spreads its copies over a province (issue 11, gena): each copy is
// drawn for an agency in proportion to its officers, from that agency's own models
// (modelDraw: of the class of a planned case drawn at random, or the nearest), and names
// two officers of that agency drawn afresh — officers whose certificates let them act on
// the model's filing day in the model's item's domain and still today (行政处罚法第四十二条)
// —, so that an agency's cases spread over its officers as they would, instead of piling
// on the model's two.

// copyDraw draws the model, the agency and the officers of each copy.
type copyDraw struct {
	models *modelDraw
	// agencies are the agencies with models, weights their officers.
	agencies []int64
	weights  []int
	roster   []rosterOfficer
	today    zhifa.Date
	// agencyRNG draws the agency of a copy, officerRNG its officers: streams of their
	// own, so that a store of one agency draws its parties and models as before.
	agencyRNG, officerRNG *rand.Rand
	eligible              map[eligibleKey][]int64
}

// eligibleKey is what decides which officers a copy may name.
type eligibleKey struct {
	agency  int64
	domain  string
	filedOn zhifa.Date
}

func newCopyDraw(models *modelDraw, copier *app.CaseCopier, roster []rosterOfficer, today zhifa.Date, seed uint64) *copyDraw {
	d := &copyDraw{models: models, roster: roster, today: today,
		agencyRNG: rand.New(rand.NewPCG(seed, 12)), officerRNG: rand.New(rand.NewPCG(seed, 13)),
		eligible: map[eligibleKey][]int64{}}
	size := map[int64]int{}
	for _, o := range roster {
		size[o.agency]++
	}
	seen := map[int64]bool{}
	for m := range copier.Models() {
		if ag := copier.Model(m).Agency; !seen[ag] {
			seen[ag] = true
			d.agencies = append(d.agencies, ag)
			d.weights = append(d.weights, max(size[ag], 1))
		}
	}
	return d
}

// next draws the model and the party of the n-th copy. With one agency it is the
// one-bureau draw (the party, then a model that fits it). With more, it draws the agency
// (in proportion to its officers), then a model of that agency and a party whose kind
// the model fits (a closed model's documents name a party of its kind,
// app.CaseCopier.Fits), redrawn a few times; then any model that fits.
func (d *copyDraw) next(rng *rand.Rand, n int) (int, app.PartyInput) {
	party := newParty(rng, n)
	if len(d.agencies) <= 1 {
		return d.models.draw(rng, party), party
	}
	scope := agencyScope(d.agencies[d.agencyIndex()])
	for range 8 {
		if m, ok := d.models.drawIn(rng, scope, party); ok {
			return m, party
		}
		party = newParty(rng, n)
	}
	return d.models.draw(rng, party), party
}

// agencyIndex draws an agency in proportion to its officers.
func (d *copyDraw) agencyIndex() int {
	total := 0
	for _, w := range d.weights {
		total += w
	}
	x := d.agencyRNG.IntN(total)
	for i, w := range d.weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(d.weights) - 1
}

// officers draws the officers of a copy of the model: as many as the model names, of
// its agency, able to act on its filing day and today in its item's domain; nil (the
// model's own) when the agency has too few.
func (d *copyDraw) officers(m app.CopyModel) []int64 {
	key := eligibleKey{agency: m.Agency, domain: m.Domain, filedOn: m.FiledOn}
	pool, ok := d.eligible[key]
	if !ok {
		for _, o := range d.roster {
			if o.agency == m.Agency && !m.FiledOn.Before(o.from) && !d.today.After(o.until) &&
				(m.Domain == "" || slices.Contains(o.domains, m.Domain)) {
				pool = append(pool, o.id)
			}
		}
		d.eligible[key] = pool
	}
	if m.Officers < 1 || len(pool) < m.Officers {
		return nil
	}
	out := make([]int64, 0, m.Officers)
	for len(out) < m.Officers {
		id := pool[d.officerRNG.IntN(len(pool))]
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
