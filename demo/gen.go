package demo

import (
	"context"
	"fmt"

	"zhifa"
	"zhifa/app"
)

// The generator behind `zhifa gen` (issue #11): the demo city with as many cases as asked,
// filed over several years, for sizing a deployment and for the scale benchmarks.
//
// It lives in package demo rather than in a package of its own because it is the demo
// seeder with another plan: the same agencies, officers with certificates, catalog items
// with discretion benchmarks, accounts, review pools and recording list, and the same
// planner, which takes every case through the app's use cases with the app's clock set to
// the moment of each act (runCaseEvents). What it writes is therefore what the application
// writes — every row, every ledger entry in its canonical form, every audit line, the
// search terms and the my-cases rows — and every statutory gate applies to it; a case a
// gate holds up stays where a real one would stop. The price is speed: a case costs what
// its acts cost through the app (see README, 生成演示数据).
//
// The agencies publish their decisions as a real province does (gen_publish.go): 96 % of
// the decisions that must be made public within the legal period (国办发〔2018〕118号（六）:
// 7 working days for a penalty, 20 for the others), 4 % a few working days late, so that
// the queue holds only the last days' decisions and few of them are overdue.

// Generator limits.
const (
	// MaxGenYears bounds --years: officers' certificates reach back about four years
	// (validity), and the embedded working-day calendar starts in 2024.
	MaxGenYears = 3
	// MaxGenCases bounds --cases.
	MaxGenCases = 10_000_000
	// supervisionCases are the cases the seeder adds besides the plan: the transfer and
	// filing cases of seedSupervision (6) and the case a complaint opens (seedComplaints).
	supervisionCases = 7
	// MinGenCases is the smallest --cases: the seeder's own cases and a few planned ones.
	MinGenCases = supervisionCases + 4
)

// GenVersion names the generator's plan: it changes when the same options give other
// data, so that caches of generated stores (the scale benchmark's) are rebuilt. Version
// 4: a case accompanied by a social supervisor, or with rows of the analytic and
// evaluation contexts, is no model for a copy (sqlstore's CaseFootprint). Version 5:
// copies carry their model's A/V steps and count their search terms. Version 6: closed
// inspections are copied with their documents and approvals, three copies in four from
// the closed models. Version 7: closed cases of every kind are copied — payment
// obligations, payments, decided fines, publications, legal review rounds, filings,
// seized property and transfers — and each copy repeats the class (kind, procedure,
// closed or running) of a planned case drawn at random. Version 8: a province of
// Agencies enforcement agencies, the demo city under its government; a generator's
// officers hold most of their agency's domains, and each copy names two officers of its
// agency drawn afresh (gen_copies.go). Version 9: the province's justice department has
// a supervisor (ProvinceSupervisorLogin). Version 10: the agencies publish their
// decisions as a real province does, most within the legal period and a few late, so
// that only the last days' decisions wait in the queue (gen_publish.go); a revoked
// decision's publication is withdrawn.
const GenVersion = 10

// MinGenModelsPerAgency is the fewest models an agency has on average: its copies are
// copies of its own models.
const MinGenModelsPerAgency = 3

// GenModelsPerAgency is the models an agency has on average by default (DefaultModels).
const GenModelsPerAgency = 6

// DefaultModels is the default number of models for agencies: DefaultGenModels, or
// GenModelsPerAgency an agency for a larger province.
func DefaultModels(agencies int) int { return max(DefaultGenModels, GenModelsPerAgency*agencies) }

// DefaultGenModels is the number of cases zhifa gen takes through the use cases before it
// writes the others as copies (GenOptions.Models; version 3 of the plan).
const DefaultGenModels = 400

// genLanes is the number of cases the generator works at once: far more than the cores,
// so that the store's group commit shares one commit among many acts.
const genLanes = 16

// genTransfers is the percentage of generated ordinary penalty cases transferred as a
// suspected crime.
const genTransfers = 3

// GenOptions are the parameters of Generate.
type GenOptions struct {
	// Cases is the number of cases planned, the supervision cases included. A case whose
	// filing a gate refuses (no two officers certified on its day) is not filed.
	Cases int
	// Years spreads the filings over this many years up to today (1 to MaxGenYears).
	Years int
	// Seed chooses the cases: the same seed, clock and options give the same cases.
	Seed uint64
	// Progress, if set, is called as the cases' acts are taken, with the acts taken and
	// planned.
	Progress func(done, total int)
	// Models, when between MinGenCases and Cases, is the number of cases planned through
	// the use cases, the supervision cases included; the others are copies of those of
	// them a copy can carry in full (the bulk path, gen_bulk.go). 0 takes every case
	// through the use cases.
	Models int
	// CopyProgress, if set, is called as copies are written, with the copies written and
	// planned.
	CopyProgress func(done, total int)
	// Agencies is the number of enforcement agencies that file cases (1 to
	// MaxGenAgencies; 0 means 1): the demo city's market bureau and, above 1, the
	// agencies of a province's other cities and districts (gen_province.go), each with
	// its share of the cases in proportion to its officers.
	Agencies int
	// SetupProgress, if set, is called as the province's officers are created and
	// certified and its agencies' accounts opened, with the steps done and planned.
	SetupProgress func(done, total int)
}

// Check reports the first invalid option as EINVALID.
func (o GenOptions) Check() error {
	switch {
	case o.Cases < MinGenCases || o.Cases > MaxGenCases:
		return zhifa.Errorf(zhifa.EINVALID, "案件数应在%d到%d之间", MinGenCases, MaxGenCases)
	case o.Years < 1 || o.Years > MaxGenYears:
		return zhifa.Errorf(zhifa.EINVALID, "年数应在1到%d之间", MaxGenYears)
	case o.Models != 0 && (o.Models < MinGenCases || o.Models > o.Cases):
		return zhifa.Errorf(zhifa.EINVALID, "样本案件数应在%d到案件数之间", MinGenCases)
	case o.Agencies < 0 || o.Agencies > MaxGenAgencies:
		return &zhifa.Error{Code: zhifa.EINVALID, Message: fmt.Sprintf("执法机关数应在1到%d之间", MaxGenAgencies),
			Fields: map[string]string{"agencies": fmt.Sprintf("应在1到%d之间", MaxGenAgencies)}}
	case o.Models != 0 && o.Models < MinGenModelsPerAgency*max(o.Agencies, 1):
		return &zhifa.Error{Code: zhifa.EINVALID, Message: fmt.Sprintf("样本案件数应不少于执法机关数的%d倍", MinGenModelsPerAgency),
			Fields: map[string]string{"models": fmt.Sprintf("不少于%d", MinGenModelsPerAgency*max(o.Agencies, 1))}}
	}
	return nil
}

// Generate fills a, whose store must hold no agency yet, with the demo city and
// o.Cases cases filed on working days spread evenly over the last o.Years years. It
// takes "today" from the app's clock. The ledger entries are appended, not integrated:
// the caller integrates them (app.IntegrateLedger) so that a checkpoint covers them.
// It returns the number of cases filed.
func Generate(ctx context.Context, a *app.App, o GenOptions) (int, error) {
	if err := o.Check(); err != nil {
		return 0, err
	}
	if o.Models > 0 && o.Models < o.Cases {
		return generateBulk(ctx, a, o)
	}
	start := workdayOn(addYears(a.Today(), -o.Years, 1))
	plan := casePlan{count: o.Cases - supervisionCases, start: start, seed: o.Seed, progress: o.Progress, lanes: genLanes,
		transfers: genTransfers, agencies: o.Agencies, broadDomains: true, setupProgress: o.SetupProgress}
	n, err := seed(ctx, a, plan)
	if err != nil {
		return n, fmt.Errorf("generate: %w", err)
	}
	return n, nil
}
