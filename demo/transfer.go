package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
	"zhifa/idcode"
	"zhifa/law"
	"zhifa/workday"
)

// What the supervisors of the demo city watch (issue #5; REQUIREMENTS G3, F6, H4): a few
// market-bureau cases with a transfer of a suspected crime under way — one approved more
// than 24 hours ago and not handed over (移送规定第五条第二款, its clock overdue), one handed
// over to the public-security bureau awaiting its decision (第八条), one reported and
// awaiting the head's decision — and the filings with the justice bureau (备案审查): one
// major decision recorded, and so filed, after the filing deadline (law.FilingDue), and
// one filing the supervisor has reviewed (已审查). Everything goes through the app's use
// cases with the app's clock set to the moment of each act (runCaseEvents), so every step
// has its case event, ledger entry and audit line.

// supervisionCaseBase numbers these cases' runs apart from the planned demo cases.
const supervisionCaseBase = 10000

// publicSecurity is the receiving organ of the demo transfers.
const publicSecurity = "东港市公安局"

// seedSupervision adds the transfer and filing cases and the supervisor's review.
func (s *seeder) seedSupervision() error {
	if !s.a.HasEvidenceStorage() {
		return nil // no cases without evidence storage (seedCases)
	}
	market := s.agencyByName(marketBureau)
	justice := s.agencyByName(justiceBureau)
	city := s.agencyByName(CityName)
	if market == nil || justice == nil || city == nil {
		return fmt.Errorf("supervision: agencies missing")
	}
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return err
	}
	var handlers []context.Context
	var headID int64
	var headCtx context.Context
	var supervisor *app.Actor
	for _, u := range users {
		switch {
		case u.Login == "officer1" || u.Login == "officer2":
			handlers = append(handlers, app.WithActor(s.ctx, &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role,
				AgencyID: market.ID, AgencyPath: market.Path, ScopePath: market.Path, IP: "127.0.0.1"}))
		case u.Login == "head1":
			headID = u.ID
			headCtx = app.WithActor(s.ctx, &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role,
				AgencyID: market.ID, AgencyPath: market.Path, ScopePath: market.Path, IP: "127.0.0.1"})
		case u.Login == "supervisor1":
			// A justice bureau's supervisor reads every agency of its government.
			supervisor = &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: justice.ID,
				AgencyPath: justice.Path, ScopePath: city.Path, IP: "127.0.0.1"}
		}
	}
	if len(handlers) != 2 || headID == 0 || supervisor == nil {
		return fmt.Errorf("supervision: demo accounts missing")
	}
	opts, err := s.a.CaseFormOptions(handlers[0])
	if err != nil {
		return err
	}
	list, err := s.a.Catalog().Items(s.ctx, zhifa.ItemFilter{AgencyID: market.ID, Category: zhifa.CatPenalty, Page: zhifa.Page{Limit: 200}})
	if err != nil {
		return err
	}
	// A penalty item two officers may handle whose statute allows a fine of 10,000 yuan,
	// which for a citizen is a major decision in the market bureau's catalog (review.go).
	var item *caseItem
	for _, it := range list.Items {
		if len(eligibleFor(opts.Officers, it.Domain)) < 2 {
			continue
		}
		for _, f := range law.StatuteFines(it.Basis) {
			if f.Kind == zhifa.FineFixed && f.MinFen <= majorPersonFine && f.MaxFen >= majorPersonFine {
				item = &caseItem{code: it.Code, domain: it.Domain, name: it.Name, lo: f.MinFen, hi: f.MaxFen}
				break
			}
		}
		if item != nil {
			break
		}
	}
	if item == nil {
		return fmt.Errorf("supervision: no penalty item allowing a fine of %s yuan", law.Yuan(majorPersonFine))
	}
	cal, err := s.a.Calendar(s.ctx)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2026, 5))
	media := newDemoMedia()
	now := s.a.Now()
	var events []*caseEvent
	plan := func(no, daysAgo int, steps func(p *supervisionPlan)) {
		start := workdayOn(s.today.AddDays(-daysAgo))
		if daysAgo == 0 { // the working day before today, so that its acts are past
			for start = s.today.AddDays(-1); start.Time().Weekday() == time.Saturday || start.Time().Weekday() == time.Sunday; {
				start = start.AddDays(-1)
			}
		}
		p := &supervisionPlan{planner: &planner{s: s, rng: rng, head: headID, headCtx: headCtx, media: media,
			run: &caseRun{no: supervisionCaseBase + no, handler: handlers[no%2]}, t: start.Time().Add(9*time.Hour + 10*time.Minute)}, item: *item}
		p.file()
		steps(p)
		for _, e := range p.events {
			if e.at.Before(now) {
				events = append(events, e)
			}
		}
	}
	// Approved some ten days ago and never handed over: the 24 hours are long past.
	plan(0, 16, func(p *supervisionPlan) {
		p.act(1, "investigate", app.ActionInput{})
		p.propose(1)
		p.headAct(1, "approve_transfer", app.ActionInput{})
	})
	// Handed over within the day with the materials of 第六条; the organ has not decided.
	plan(1, 12, func(p *supervisionPlan) {
		p.act(1, "investigate", app.ActionInput{})
		p.propose(1)
		p.headAct(1, "approve_transfer", app.ActionInput{})
		p.materials()
		p.act(0, "hand_over", app.ActionInput{Transfer: &app.TransferInput{OrganKind: zhifa.OrganPublicSecurity, Organ: publicSecurity}})
	})
	// Filed and reported on the last working day: the head has three days to decide.
	plan(2, 0, func(p *supervisionPlan) {
		p.act(0, "investigate", app.ActionInput{})
		p.propose(0)
	})
	// A major fine decided after a passed legal review (E1) but recorded, and so filed,
	// eighteen days later: past the filing deadline of law.FilingDays.
	plan(3, 60, func(p *supervisionPlan) { p.majorDecision(true) })
	// A major fine decided and filed in time: the filing the supervisor reviews.
	plan(4, 45, func(p *supervisionPlan) { p.majorDecision(false) })
	// A major fine submitted for legal review two working days ago: reviewer1's opinion is
	// due within the bureau's five working days (E5), so the dashboards warn it is due soon.
	plan(5, 20, func(p *supervisionPlan) {
		p.act(1, "investigate", app.ActionInput{})
		fine := max(p.item.lo, majorPersonFine)
		p.act(1, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: fine, Reason: "涉案货值金额较大，依法在法定幅度内处罚"})
		p.document(zhifa.DocPenaltyNotice)
		p.act(0, "notify", app.ActionInput{HearingRight: true})
		p.act(1, "waive_hearing", app.ActionInput{})
		p.act(0, "waive_statement", app.ActionInput{})
		p.act(1, "review", app.ActionInput{})
		if submit := reviewSubmitDay(cal, s.today, zhifa.DateOf(p.t)); !submit.IsZero() {
			p.submitReview(int(submit.Time().Sub(zhifa.DateOf(p.t).Time()).Hours() / 24))
		}
	})
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	err = runCaseEvents(s.a, events, 0, nil)
	s.filed += filedCases(events)
	if err != nil {
		return err
	}
	return s.reviewOneFiling(app.WithActor(s.ctx, supervisor))
}

// majorPersonFine is the citizen's fine from which the market bureau's catalog makes a
// decision major (marketCatalog 第一条第（一）项: 1万元).
const majorPersonFine = 1_000_000

// reviewOneFiling has the supervisor mark the oldest filing in time 已审查.
func (s *seeder) reviewOneFiling(ctx context.Context) error {
	list, err := s.a.Filing().Filings(ctx, filing.FilingFilter{Status: zhifa.FilingFiled, Page: zhifa.Page{Limit: 500}})
	if err != nil {
		return err
	}
	for i := len(list.Filings) - 1; i >= 0; i-- {
		f := list.Filings[i]
		if f.Late || f.Kind.OfRule() { // a decision's filing, not a benchmark's (B3)
			continue
		}
		_, err := s.a.Filing().ReviewFiling(ctx, f.ID, filing.FilingReviewInput{Version: f.Version, Result: zhifa.FilingReviewed,
			Remark: "经审查，决定主体合法、程序合法、适用依据正确，予以备案"})
		return err
	}
	return nil
}

// supervisionPlan lays out one of these cases with the planner's steps.
type supervisionPlan struct {
	*planner
	item caseItem
}

// file adds the filing of a penalty case against a citizen, handled by two officers
// eligible on the day (行政处罚法第四十二条).
func (p *supervisionPlan) file() {
	r := p.run
	r.kind = zhifa.CasePenalty
	r.place = "东港市港城区海滨路" + fmt.Sprint(10+r.no%90) + "号"
	birth := time.Date(1970+r.no%20, time.Month(1+r.no%12), 1+r.no%28, 0, 0, 0, 0, time.UTC)
	party := app.PartyInput{Kind: zhifa.PartyPerson, Name: surnames[r.no%len(surnames)] + "某某", Address: r.place,
		Phone: fmt.Sprintf("1390544%04d", r.no%10000)}
	if id, err := idcode.NewPersonID(RegionCode, birth, 100+r.no%800); err == nil {
		party.IDNumber = id.String()
	}
	filed := zhifa.DateOf(p.t)
	in := app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: p.item.code, Parties: []app.PartyInput{party},
		OccurredOn: filed.AddDays(-10), DiscoveredOn: filed.AddDays(-1),
		Facts: itemFacts(demoSources[r.no%len(demoSources)], p.item.name, party.Name)}
	domain := p.item.domain
	p.events = append(p.events, &caseEvent{at: p.t, run: r, do: func(ctx context.Context, b *app.App, r *caseRun) error {
		officers, err := b.CaseOfficers(ctx)
		if err != nil {
			return err
		}
		pool := eligibleFor(officers, domain)
		if len(pool) < 2 {
			return zhifa.Errorf(zhifa.EGATE, "no two eligible officers")
		}
		r.officers = []int64{pool[r.no%len(pool)], pool[(r.no+1)%len(pool)]}
		in.Officers = r.officers
		v, err := b.FileCase(ctx, in)
		if err != nil {
			return err
		}
		r.id, r.version = v.ID, v.Version
		return nil
	}})
}

// propose adds, days later, the written report of a suspected crime (移送规定第五条第一款).
func (p *supervisionPlan) propose(days int) {
	p.act(days, "propose_transfer", app.ActionInput{Transfer: &app.TransferInput{
		Facts:   "当事人销售假冒注册商标的商品，经初步核查销售金额逾五万元，达到刑事立案追诉标准",
		Offence: "销售假冒注册商标的商品罪"}})
}

// majorDecision adds a major fine (a citizen's, from majorPersonFine) taken through the
// notice, a waived hearing, the legal review and the decision, which is filed with the
// justice bureau (F6); a late one is recorded law.FilingDays+3 days after the day decided.
func (p *supervisionPlan) majorDecision(late bool) {
	p.act(1, "investigate", app.ActionInput{})
	fine := max(p.item.lo, majorPersonFine)
	p.act(6, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: fine, Reason: "涉案货值金额较大，依法在法定幅度内处罚"})
	p.document(zhifa.DocPenaltyNotice)
	p.act(0, "notify", app.ActionInput{HearingRight: true})
	p.act(1, "waive_hearing", app.ActionInput{})
	// The party also gives up the statement (行政处罚法第四十五条), so the day decided never
	// waits for the statement period, whatever holidays fall in it.
	p.act(0, "waive_statement", app.ActionInput{})
	p.act(6, "review", app.ActionInput{})
	p.legalReview()
	p.collectiveDiscussion(0)
	if late {
		decided := zhifa.DateOf(p.t)
		p.headAct(law.FilingDays+3, "decide", app.ActionInput{Fine: fine, Date: decided,
			BackdateReason: "决定书当日已签发送达，负责人外出，返回后补录"})
	} else {
		p.headAct(1, "decide", app.ActionInput{Fine: fine})
	}
	p.document(zhifa.DocPenaltyDecision)
}

// reviewSubmitDay is the latest working day of the calendar before today, after after, whose submission
// for review is due soon today (law.ClockStatus, the default law.ReviewDays), or the zero
// date when there is none.
func reviewSubmitDay(cal *workday.Calendar, today, after zhifa.Date) zhifa.Date {
	for d := today.AddDays(-1); d.After(after); d = d.AddDays(-1) {
		if ok, _ := cal.IsWorkday(d); ok && law.ClockStatus(cal, today, law.ReviewClock(cal, d, law.ReviewDays)) == law.ClockDueSoon {
			return d
		}
	}
	return zhifa.Date{}
}

// submitReview adds, days later, the submission of the case for legal review with the
// investigation report and the evidence list (E1, E4), to the reviewer the app assigns.
func (p *supervisionPlan) submitReview(days int) {
	p.after(days, func(ctx context.Context, b *app.App, r *caseRun) error {
		var mats []app.MaterialInput
		for _, m := range []struct{ code, title string }{{law.MatReport, "案件调查终结报告"}, {law.MatEvidence, "证据清单"}} {
			rec, err := b.AddRecord(ctx, r.id, app.RecordInput{Kind: zhifa.RecordDocument, Title: m.title, Act: "review"})
			if err != nil {
				return err
			}
			mats = append(mats, app.MaterialInput{Code: m.code, RecordID: rec.ID})
		}
		v, err := b.Case(ctx, r.id)
		if err != nil {
			return err
		}
		if v, err = b.Act(ctx, r.id, zhifa.ActSubmitReview, app.ActionInput{Version: v.Version, Review: &app.ReviewInput{Materials: mats}}); err != nil {
			return err
		}
		r.version = v.Version
		return nil
	})
}

// materials adds the records of the materials of 移送规定第六条 that a handover needs.
func (p *supervisionPlan) materials() {
	p.after(0, func(ctx context.Context, b *app.App, r *caseRun) error {
		for _, d := range law.TransferDocs {
			if !d.Required {
				continue
			}
			if _, err := b.AddRecord(ctx, r.id, app.RecordInput{Kind: zhifa.RecordDocument, Title: d.Title, Act: d.Act}); err != nil {
				return err
			}
		}
		return nil
	})
}
