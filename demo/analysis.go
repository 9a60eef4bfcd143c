package demo

import (
	"context"
	"fmt"

	"zhifa"
	"zhifa/app"
	"zhifa/app/analysis"
	"zhifa/law"
)

// The demo's analytic warnings (issue 14): cases run through the real steps so that the
// rules find them as they would in production — a fine far above the other fines of its
// item (同案不同罚) and an officer's repeated 撤案 — and the justice bureau's supervisor
// orders one handled (督办) and the market bureau's head explains the other.

// analysisPeers is how many fines of the item the outlier is compared with.
const analysisPeers = law.OutlierMinPeers + 2

// seedAnalysis files and decides or withdraws the cases the rules find, then handles the
// warnings. Without evidence storage (no documents can be issued) the demo has no cases;
// a generator's plan has only its own.
func (s *seeder) seedAnalysis() error {
	if !s.a.HasEvidenceStorage() || !s.cases.analysis {
		return nil
	}
	market, justice, city := s.agencyByName(marketBureau), s.agencyByName(justiceBureau), s.agencyByName(CityName)
	if market == nil || justice == nil || city == nil {
		return fmt.Errorf("analysis: agencies missing")
	}
	actors, err := s.demoActors(map[string]*zhifa.Agency{"officer1": market, "head1": market, "supervisor1": justice})
	if err != nil {
		return err
	}
	actors["supervisor1"].ScopePath = city.Path
	officer := app.WithActor(s.ctx, actors["officer1"])
	head := app.WithActor(s.ctx, actors["head1"])
	item, officers, err := s.analysisItem(officer, market)
	if err != nil {
		return err
	}
	// Peers close together at the low end of the statutory range, then one fine at
	// two thirds of it, within the statute but far from what the item's cases get.
	span := item.hi - item.lo
	for i := range analysisPeers {
		if err := s.decideFine(officer, head, item, officers, i, item.lo+span*int64(i%4)/100); err != nil {
			return fmt.Errorf("analysis: peer decision: %w", err)
		}
	}
	if err := s.decideFine(officer, head, item, officers, analysisPeers, item.lo+span*2/3); err != nil {
		return fmt.Errorf("analysis: outlying decision: %w", err)
	}
	for range law.RepeatedEndingsThreshold {
		v, err := s.a.FileCase(officer, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: item.code,
			Officers: officers, OccurredOn: s.today.AddDays(-20), Facts: "群众反映" + item.name + "，现场核查",
			Parties: []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市海鲜批发有限公司", CreditCode: creditCodeOf(77)}}})
		if err != nil {
			return fmt.Errorf("analysis: file: %w", err)
		}
		if _, err := s.a.Act(head, v.ID, "withdraw", app.ActionInput{Version: v.Version, Reason: "经核查，违法事实不能成立"}); err != nil {
			return fmt.Errorf("analysis: withdraw: %w", err)
		}
	}
	return s.handleDemoWarnings(app.WithActor(s.ctx, actors["supervisor1"]), head)
}

// handleDemoWarnings orders the fine outlier handled within ten working days and has
// the head explain the repeated withdrawals.
func (s *seeder) handleDemoWarnings(judge, head context.Context) error {
	page, err := s.a.Analysis().List(judge, analysis.Filter{Limit: 100})
	if err != nil {
		return err
	}
	done := map[zhifa.AnalysisKind]bool{}
	for _, w := range page.Items {
		if done[w.Kind] {
			continue
		}
		done[w.Kind] = true
		switch w.Kind {
		case zhifa.AnalysisFineOutlier:
			_, err = s.a.Analysis().Escalate(judge, w.ID, analysis.Input{Days: 10,
				Reason: "请核查该案罚款数额的裁量理由，说明与同类案件差异较大的原因，必要时依法纠正。"})
		case zhifa.AnalysisRepeatedEndings:
			_, err = s.a.Analysis().Explain(head, w.ID, analysis.Input{
				Reason: "上述案件均系群众反映后现场核查，经查违法事实不能成立，依法撤案，撤案均经负责人审批。"})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// demoActors are the demo accounts with the given logins, each in its agency.
func (s *seeder) demoActors(logins map[string]*zhifa.Agency) (map[string]*app.Actor, error) {
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]*app.Actor{}
	for _, u := range users {
		if ag := logins[u.Login]; ag != nil {
			out[u.Login] = &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: ag.ID,
				AgencyPath: ag.Path, ScopePath: ag.Path, IP: "127.0.0.1"}
		}
	}
	if len(out) != len(logins) {
		return nil, fmt.Errorf("analysis: demo accounts missing")
	}
	return out, nil
}

// analysisItem is a penalty item of the bureau without a discretion benchmark, with a
// fixed statutory fine range, and two officers certified for its domain.
func (s *seeder) analysisItem(officer context.Context, market *zhifa.Agency) (caseItem, []int64, error) {
	opts, err := s.a.CaseFormOptions(officer)
	if err != nil {
		return caseItem{}, nil, err
	}
	list, err := s.a.Catalog().Items(s.ctx, zhifa.ItemFilter{AgencyID: market.ID, Category: zhifa.CatPenalty, Page: zhifa.Page{Limit: 200}})
	if err != nil {
		return caseItem{}, nil, err
	}
	for i := len(list.Items) - 1; i >= 0; i-- { // the last items: the demo's cases use them least
		it := list.Items[i]
		officers := eligibleFor(opts.Officers, it.Domain)
		if len(officers) < 2 || len(law.BasisProvisions(it.Basis)) != 1 {
			continue
		}
		if _, err := s.a.Catalog().Benchmark(s.ctx, it.Code); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			continue
		}
		for _, f := range law.StatuteFines(it.Basis) {
			if f.Kind == zhifa.FineFixed && f.MinFen > 0 && f.MaxFen > f.MinFen {
				return caseItem{code: it.Code, domain: it.Domain, name: it.Name, lo: f.MinFen, hi: f.MaxFen}, officers[:2], nil
			}
		}
	}
	return caseItem{}, nil, fmt.Errorf("analysis: no item without a benchmark and with a fixed fine range")
}

// analysisParties name the parties of the demo's fined cases, one per case (the same party
// is never fined twice for one violation, 行政处罚法第二十九条).
var analysisParties = []string{"东港市鑫源", "东港市恒泰", "东港市海润", "东港市福瑞", "东港市嘉禾", "东港市宏达", "东港市永安", "东港市金鼎",
	"东港市瑞丰", "东港市德隆", "东港市华盛"}

// decideFine drives an ordinary case of the item to its decision with the fine: the
// statement period waived, no hearing right, decided by the head; its party is the n-th.
func (s *seeder) decideFine(officer, head context.Context, item caseItem, officers []int64, n int, fine int64) error {
	v, err := s.a.FileCase(officer, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: item.code,
		Officers: officers, OccurredOn: s.today.AddDays(-30), Facts: "当事人" + item.name + "，事实清楚",
		Parties: []app.PartyInput{{Kind: zhifa.PartyOrg, Name: analysisParties[n%len(analysisParties)] + "商贸有限公司",
			CreditCode: creditCodeOf(900 + n)}}})
	if err != nil {
		return err
	}
	step := func(ctx context.Context, action zhifa.Action, in app.ActionInput) error {
		in.Version = v.Version
		v, err = s.a.Act(ctx, v.ID, action, in)
		return err
	}
	if err := step(officer, "investigate", app.ActionInput{}); err != nil {
		return err
	}
	if err := step(officer, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: fine, Reason: "违法事实清楚，依法予以罚款"}); err != nil {
		return err
	}
	p := &planner{headCtx: head}
	if err := p.issue(officer, s.a, &caseRun{id: v.ID}, zhifa.DocPenaltyNotice); err != nil {
		return err
	}
	if v, err = s.a.Case(officer, v.ID); err != nil {
		return err
	}
	for _, action := range []zhifa.Action{zhifa.ActNotify, zhifa.ActWaiveStatement, zhifa.ActReview} {
		if err := step(officer, action, app.ActionInput{}); err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
	}
	return step(head, "decide", app.ActionInput{Fine: fine})
}
