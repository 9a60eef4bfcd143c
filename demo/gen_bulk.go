package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
)

// The generator's bulk path (issue 11): o.Models cases go through the use cases as
// Generate plans them; the rest of the o.Cases are copies of those models that a copy
// can carry in full (app.CaseCopier: the case, its history, records and evidence, every
// ledger entry and audit line, written by the store methods and the ledger append the
// application uses), each with a party of its own from the seed and the next number of
// its agency, year and kind. A copy can carry cases of every kind, running or run to
// 结案, with their documents, approvals and notifications (gen7), payment obligations,
// payments, decided fines and publications, legal review rounds, filings, seized property
// and transfers (genp); a case a supervisor evaluated, a complaint or reconsideration
// touched, a fault review or a social supervisor followed is the models' alone. Each copy
// repeats the class of a planned case drawn at random, or the nearest class a copy can
// carry (modelDraw), so the copies repeat the plan's mix of closed and running cases.

// copyBatch is the number of copies written in one transaction (app.CaseCopier.Copy,
// sqlstore's UpdateBulk): the more, the closer together their rows land in each index.
const copyBatch = 2000

// generateBulk fills a with o.Models cases through the use cases and copies of them up
// to o.Cases. It returns the number of cases in the store.
func generateBulk(ctx context.Context, a *app.App, o GenOptions) (int, error) {
	var ids []int64
	var roster []rosterOfficer
	start := workdayOn(addYears(a.Today(), -o.Years, 1))
	plan := casePlan{count: o.Models - supervisionCases, start: start, seed: o.Seed, progress: o.Progress, lanes: genLanes,
		transfers: genTransfers, filedIDs: &ids, agencies: o.Agencies, roster: &roster,
		broadDomains: true, setupProgress: o.SetupProgress}
	filed, err := seed(ctx, a, plan)
	if err != nil {
		return filed, fmt.Errorf("generate: %w", err)
	}
	sys := app.WithActor(ctx, app.SystemActor(Actor))
	var models []int64
	for _, id := range ids {
		ok, err := a.CopyableCase(sys, id)
		if err != nil {
			return filed, fmt.Errorf("generate: %w", err)
		}
		if ok {
			models = append(models, id)
		}
	}
	if len(models) == 0 {
		return filed, zhifa.Errorf(zhifa.EINVALID, "样本案件中没有可以批量复制的案件，请增加样本案件数")
	}
	copier, err := a.NewCaseCopier(sys, models)
	if err != nil {
		return filed, fmt.Errorf("generate: %w", err)
	}
	mix, err := newModelDraw(ctx, a.Store(), copier, ids, models)
	if err != nil {
		return filed, err
	}
	draw := newCopyDraw(mix, copier, roster, a.Today(), o.Seed)
	rng := rand.New(rand.NewPCG(o.Seed, 11))
	total, done := o.Cases-filed, 0
	err = copier.Load(sys, func() error {
		batch := make([]app.CaseCopy, 0, copyBatch)
		for done < total {
			batch = batch[:0]
			for i := done; i < total && len(batch) < copyBatch; i++ {
				// Party numbers after the planned cases' keep credit codes unique.
				m, party := draw.next(rng, o.Models+i)
				batch = append(batch, app.CaseCopy{Model: m, Party: party, Officers: draw.officers(copier.Model(m))})
			}
			if _, err := copier.Copy(sys, batch); err != nil {
				return err
			}
			done += len(batch)
			if o.CopyProgress != nil && done < total {
				o.CopyProgress(done, total)
			}
		}
		return nil
	})
	if err != nil {
		return filed + done, fmt.Errorf("generate: %w", err)
	}
	if o.CopyProgress != nil && total > 0 {
		o.CopyProgress(done, total) // the last, once the indexes are built
	}
	return o.Cases, nil
}

// modelDraw draws the model of each copy so that the copies repeat the plan's mix
// (issue 11: most cases closed and archived, a few percent open): a copy draws one of the
// planned cases at random and copies a model of its class — kind, procedure, closed or
// running (caseClass) — or, when no case of that class can be a model (a major case
// with its review rounds and filing, a transfer), of the nearest class that has one: the
// same kind, closed or running; then any model closed or running alike.
type modelDraw struct {
	copier *app.CaseCopier
	// planned are the classes of the planned cases, one per case.
	planned []string
	// pools are the copier's models by class and by its coarser classes, in the whole
	// store (scope "") and in each agency (agencyScope).
	pools map[string][]int
}

// agencyScope is the prefix of the pools of one agency's models.
func agencyScope(agency int64) string { return "a" + strconv.FormatInt(agency, 10) + ":" }

// newModelDraw classifies the planned cases (ids, in the store) and the copier's
// models (models, their IDs in the copier's order).
func newModelDraw(ctx context.Context, st zhifa.Store, copier *app.CaseCopier, ids, models []int64) (*modelDraw, error) {
	d := &modelDraw{copier: copier, pools: map[string][]int{}}
	index := make(map[int64]int, len(models))
	for i, id := range models {
		index[id] = i
	}
	err := st.View(ctx, func(tx zhifa.Tx) error {
		for _, id := range ids {
			c, err := tx.Case(ctx, id)
			if err != nil {
				return err
			}
			class := caseClass(c)
			d.planned = append(d.planned, class)
			m, ok := index[id]
			if !ok {
				continue
			}
			scope := agencyScope(copier.Model(m).Agency)
			for _, key := range coarser(class) {
				d.pools[key] = append(d.pools[key], m)
				d.pools[scope+key] = append(d.pools[scope+key], m)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("generate: classify the models: %w", err)
	}
	return d, nil
}

// caseClass is the class of a case for the mix of copies: kind, procedure and whether
// it ran to 结案.
func caseClass(c *zhifa.Case) string {
	state := "running"
	if c.Stage == zhifa.StageClose || c.Stage == zhifa.StageArchive {
		state = "closed"
	}
	return state + "/" + string(c.Kind) + "/" + string(c.Procedure)
}

// coarser are the class and the coarser classes it falls in, finest first: closed or
// running of the kind, closed or running, any.
func coarser(class string) []string {
	parts := strings.SplitN(class, "/", 3)
	return []string{class, parts[0] + "/" + parts[1], parts[0], ""}
}

// draw draws a model for a copy with the party: of the class of a planned case drawn at
// random, or the nearest class with a model whose copy may have the party (a closed
// model's documents name a party of its own kind, app.CaseCopier.Fits); any model that
// fits when none of those does.
func (d *modelDraw) draw(rng *rand.Rand, party app.PartyInput) int {
	if m, ok := d.drawIn(rng, "", party); ok {
		return m
	}
	for m := range d.copier.Models() {
		if d.copier.Fits(m, party) {
			return m
		}
	}
	return 0
}

// drawIn is draw among the models of scope ("" or an agencyScope); false when none of
// them fits the party.
func (d *modelDraw) drawIn(rng *rand.Rand, scope string, party app.PartyInput) (int, bool) {
	class := d.planned[rng.IntN(len(d.planned))]
	for _, key := range coarser(class) {
		pool := d.pools[scope+key]
		for range 16 {
			if len(pool) == 0 {
				break
			}
			if m := pool[rng.IntN(len(pool))]; d.copier.Fits(m, party) {
				return m, true
			}
		}
	}
	return 0, false
}
