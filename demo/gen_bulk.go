package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"zhifa"
	"zhifa/app"
)

// The generator's bulk path (issue 11): o.Models cases go through the use cases as
// Generate plans them; the rest of the o.Cases are copies of those models that a copy
// can carry in full (app.CaseCopier: the case, its history, records and evidence, every
// ledger entry and audit line, written by the store methods and the ledger append the
// application uses), each with a party of its own from the seed and the next number of
// its agency, year and kind. Today the models a copy can carry are the cases without
// publications, obligations, decided fines, transfers, filings or review rounds: cases
// still being investigated or inspected, and inspections run to 结案 (their documents,
// approvals and notifications copied, gen7), which three copies in four repeat
// (closedCopies). The closed penalty cases, major, transferred and filed cases are the
// models' alone.

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
	draw := newCopyDraw(copier, roster, a.Today(), o.Seed)
	rng := rand.New(rand.NewPCG(o.Seed, 11))
	total := o.Cases - filed
	batch := make([]app.CaseCopy, 0, copyBatch)
	for done := 0; done < total; {
		batch = batch[:0]
		for i := done; i < total && len(batch) < copyBatch; i++ {
			// Party numbers after the planned cases' keep credit codes unique.
			m, party := draw.next(rng, copier, o.Models+i)
			batch = append(batch, app.CaseCopy{Model: m, Party: party, Officers: draw.officers(copier.Model(m))})
		}
		if _, err := copier.Copy(sys, batch); err != nil {
			return filed + done, fmt.Errorf("generate: %w", err)
		}
		done += len(batch)
		if o.CopyProgress != nil {
			o.CopyProgress(done, total)
		}
	}
	return o.Cases, nil
}

// closedCopies is the share of copies, in percent, drawn from the closed models when
// there are any: the plan runs about three quarters of its cases to 结案 (planner), and so
// should the copies, or a generated store's dashboards, clocks and overdue lists would
// hold far more running cases than a province's. Today a closed model is an inspection
// (app/bulk_copy_closed.go), so the copies lean to inspections more than the plan does.
const closedCopies = 75

// modelPools are the copier's open and closed models, by index.
func modelPools(copier *app.CaseCopier) [2][]int {
	var pools [2][]int
	for m := range copier.Models() {
		if copier.Closed(m) {
			pools[1] = append(pools[1], m)
		} else {
			pools[0] = append(pools[0], m)
		}
	}
	return pools
}

// fittingModel draws a model for a copy with the party: closed (closedCopies) or open,
// one whose copy may have the party (a closed model's documents name a party of its own
// kind, app.CaseCopier.Fits); when the pool drawn has none, from the other.
func fittingModel(rng *rand.Rand, copier *app.CaseCopier, pools [2][]int, party app.PartyInput) int {
	first := 0
	if rng.IntN(100) < closedCopies {
		first = 1
	}
	for _, pool := range [][]int{pools[first], pools[1-first]} {
		for range 16 {
			if len(pool) == 0 {
				break
			}
			if m := pool[rng.IntN(len(pool))]; copier.Fits(m, party) {
				return m
			}
		}
	}
	for m := range copier.Models() {
		if copier.Fits(m, party) {
			return m
		}
	}
	return 0
}
