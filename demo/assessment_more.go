package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/app/supervision"
	"zhifa/law"
)

// Last year's cases and complaints behind the assessment's service, A/V, major-review and
// complaints-upheld indicators (issue 14, F2): the demo's own cases start in January of
// this year, so that last year's assessment has something to count, the market bureau
// worked a few cases in the autumn through the same use cases — ordinary penalty
// decisions served within the seven working days of 行政处罚法第六十一条 but one (its mail
// came back and it was served late), a major decision after its legal review, and a
// seizure with its A/V record — each published, paid, closed and archived like the demo's
// other cases; and the justice bureau answered three complaints from the portal about
// the bureau's officers' conduct, one found well-founded.

// seedAssessmentYear adds last year's complaints and cases.
func (s *seeder) seedAssessmentYear() error {
	if err := s.seedAssessmentComplaints(); err != nil {
		return err
	}
	return s.seedAssessmentCases()
}

// assessmentComplaints are last year's complaints about the market bureau's officers:
// what was complained of, the bureau's reply and its finding.
var assessmentComplaints = []struct {
	content, reply string
	finding        zhifa.ComplaintFinding
}{
	{"执法人员检查时态度粗暴，未出示执法证件。", "经调取执法记录仪视频核查，执法人员进入现场时未主动出示执法证件，反映属实。已责令该局对相关人员批评教育并整改。",
		zhifa.FindingUpheld},
	{"执法人员要求我店停业整顿没有书面文书。", "经核查，该局已当场送达责令改正通知书，当事人签收在卷，反映不属实。", zhifa.FindingUnfounded},
	{"执法人员对同类问题处罚畸重。", "经核查，该局适用裁量基准的一般情节，罚款数额在基准幅度内并说明了理由，反映不属实。", zhifa.FindingUnfounded},
}

// seedAssessmentComplaints has three complaints about the market bureau's officers come
// in through the portal last autumn and the justice bureau's supervisor accept and
// answer them with their findings.
func (s *seeder) seedAssessmentComplaints() error {
	market, justice, city := s.agencyByName(marketBureau), s.agencyByName(justiceBureau), s.agencyByName(CityName)
	if market == nil || justice == nil || city == nil {
		return fmt.Errorf("assessment complaints: agencies missing")
	}
	actors, err := s.demoActors(map[string]*zhifa.Agency{"officer1": market, "supervisor1": justice})
	if err != nil {
		return err
	}
	judge := actors["supervisor1"]
	judge.ScopePath = city.Path
	judgeCtx := app.WithActor(s.ctx, judge)
	clock := &demoClock{}
	b := s.a.WithClock(clock.now)
	year := s.today.Year - 1
	for i, c := range assessmentComplaints {
		received := workdayOn(zhifa.Date{Year: year, Month: time.September, Day: 8}.AddDays(21 * i))
		clock.t = received.Time().Add(10 * time.Hour)
		public := app.WithActor(s.ctx, &app.Actor{IP: fmt.Sprintf("203.0.113.%d", 60+i)})
		ch := b.Supervision().Challenge()
		rc, err := b.Supervision().Submit(public, supervision.ComplaintInput{Kind: zhifa.ComplaintKindComplaint,
			Subject: zhifa.ComplaintAboutConduct, AgencyID: market.ID, Target: "东港市市场监督管理局执法人员", Content: c.content,
			Named: true, Name: assessmentComplainants[i], Phone: fmt.Sprintf("1390411%04d", 60+i),
			Challenge: ch.Challenge, Nonce: supervision.Solve(ch.Challenge, ch.Bits)}, nil)
		if err != nil {
			return fmt.Errorf("assessment complaints: submit: %w", err)
		}
		id, err := s.complaintID(app.WithActor(s.ctx, actors["officer1"]), b, rc.Number, judge)
		if err != nil {
			return err
		}
		for _, step := range []struct {
			days   int
			action string
			in     supervision.ActionInput
		}{
			{2, "accept", supervision.ActionInput{}},
			{12, "reply", supervision.ActionInput{Reply: c.reply, Finding: c.finding}},
		} {
			clock.t = workdayOn(received.AddDays(step.days)).Time().Add(15 * time.Hour)
			v, err := b.Supervision().Complaint(judgeCtx, id)
			if err != nil {
				return err
			}
			step.in.Version = v.Version
			if _, err := b.Supervision().Act(judgeCtx, id, step.action, step.in); err != nil {
				return fmt.Errorf("assessment complaints: %s: %w", step.action, err)
			}
		}
	}
	return nil
}

// assessmentComplainants name last year's complainants.
var assessmentComplainants = []string{"郑丽华", "孙建军", "马秀兰"}

// assessmentCaseParties name the autumn cases' parties, one each (行政处罚法第二十九条).
var assessmentCaseParties = []string{"东港市明润", "东港市泰和", "东港市安康", "东港市百顺", "东港市兴业", "东港市广源", "东港市汇丰"}

// The plan numbers of the decision served late and of the major decision, and the major
// decision's fine: 100,000 yuan of a company, 较大数额罚款 in the demo's catalog (law.Major).
const (
	lateService = 3
	majorCase   = 4
	majorFine   = 10_000_000
)

// seedAssessmentCases works last year's autumn cases of the market bureau.
func (s *seeder) seedAssessmentCases() error {
	if !s.a.HasEvidenceStorage() || !s.cases.analysis {
		return nil
	}
	market := s.agencyByName(marketBureau)
	if market == nil {
		return fmt.Errorf("assessment cases: no agency %s", marketBureau)
	}
	actors, err := s.demoActors(map[string]*zhifa.Agency{"officer1": market, "head1": market})
	if err != nil {
		return err
	}
	officer, head := app.WithActor(s.ctx, actors["officer1"]), app.WithActor(s.ctx, actors["head1"])
	item, officers, err := s.analysisItem(officer, market)
	if err != nil {
		return fmt.Errorf("assessment cases: %w", err)
	}
	major, err := s.majorFineItem(officer, market)
	if err != nil {
		return fmt.Errorf("assessment cases: %w", err)
	}
	year := s.today.Year - 1
	rng := rand.New(rand.NewPCG(demoSeed, 14))
	var events []*caseEvent
	for n := range len(assessmentCaseParties) {
		p := &planner{s: s, rng: rng, run: &caseRun{no: 10 * n, handler: officer, officers: officers,
			place: "东港市港城区海滨路" + fmt.Sprint(20+n) + "号"}, head: actors["head1"].UserID, headCtx: head, media: newDemoMedia(),
			t: workdayOn(zhifa.Date{Year: year, Month: time.October, Day: 12}.AddDays(7 * n)).Time().Add(9 * time.Hour)}
		if n == 5 {
			if err := s.planAutumnSeizure(p, officer, officers); err != nil {
				return err
			}
		} else if n == majorCase {
			p.planAutumnDecision(major, majorFine, n)
		} else {
			p.planAutumnDecision(item, item.lo, n)
		}
		for _, e := range p.events {
			if e.at.Before(s.a.Now()) { // seeded early in January, the last acts are still to come
				events = append(events, e)
			}
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	return runCaseEvents(s.a, events, 2, nil)
}

// planAutumnDecision plans the n-th ordinary penalty case: filed, investigated, fined,
// notified, reviewed by the legal reviewer when major, decided, published, served, paid,
// closed and archived.
func (p *planner) planAutumnDecision(item caseItem, fine int64, n int) {
	party := app.PartyInput{Kind: zhifa.PartyOrg, Name: assessmentCaseParties[n] + "商贸有限公司", CreditCode: creditCodeOf(960 + n)}
	filed := zhifa.DateOf(p.t)
	in := app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: item.code,
		OccurredOn: filed.AddDays(-10), DiscoveredOn: filed.AddDays(-1), Parties: []app.PartyInput{party},
		Facts: "经查，" + party.Name + item.name + "，违法事实清楚"}
	p.fileAs(in, item.domain)
	p.act(1, "investigate", app.ActionInput{})
	p.act(3, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: fine, Reason: "违法事实清楚，证据确凿，依法予以罚款"})
	p.document(zhifa.DocPenaltyNotice)
	hearing, _ := law.HearingRight(&zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: fine}, []zhifa.PartyKind{party.Kind}, law.DefaultHearingThresholds)
	p.act(0, "notify", app.ActionInput{HearingRight: hearing})
	if hearing {
		p.act(1, "waive_hearing", app.ActionInput{})
	} else {
		p.act(1, "waive_statement", app.ActionInput{})
	}
	p.act(1, "review", app.ActionInput{})
	p.legalReview()
	p.collectiveDiscussion(1)
	p.headAct(1, "decide", app.ActionInput{Fine: fine})
	p.document(zhifa.DocPenaltyDecision)
	p.publishAutumn()
	service := &zhifa.Service{Method: zhifa.ServeMail, Proof: "中国邮政EMS回执，当事人签收"}
	days := 2
	if n == lateService { // the first mail came back; served again after the period
		days, service = 16, &zhifa.Service{Method: zhifa.ServeDirect, Proof: "首次邮寄被退回，执法人员上门直接送达，当事人在送达回证上签收"}
	}
	p.act(days, "serve", app.ActionInput{Service: service})
	p.execute(12)
	p.closeAndArchive(true)
}

// planAutumnSeizure plans a seizure with its whole-process A/V record (行政强制法, D2),
// released after the inspection, closed and archived.
func (s *seeder) planAutumnSeizure(p *planner, officer context.Context, officers []int64) error {
	opts, err := s.a.CaseFormOptions(officer)
	if err != nil {
		return err
	}
	market := s.agencyByName(marketBureau)
	list, err := s.a.Catalog().Items(s.ctx, zhifa.ItemFilter{AgencyID: market.ID, Category: zhifa.CatCompulsion, Page: zhifa.Page{Limit: 50}})
	if err != nil {
		return err
	}
	for _, it := range list.Items {
		pool := eligibleFor(opts.Officers, it.Domain)
		if len(pool) < 2 {
			continue
		}
		p.run.officers = pool[:2]
		filed := zhifa.DateOf(p.t)
		p.fileAs(app.CaseInput{Kind: zhifa.CaseCompulsory, Procedure: zhifa.ProcOrdinary, Item: it.Code,
			DiscoveredOn: filed, Facts: "现场检查发现" + assessmentCaseParties[5] + "商贸有限公司冷库存放来源不明的冻品，需检验",
			Parties: []app.PartyInput{{Kind: zhifa.PartyOrg, Name: assessmentCaseParties[5] + "商贸有限公司", CreditCode: creditCodeOf(965)}}}, it.Domain)
		p.upload("seize", zhifa.EvidenceAudio)
		p.document(zhifa.DocSeizureDecision)
		p.headAct(0, "approve_seizure", app.ActionInput{})
		p.act(0, "seize", app.ActionInput{Seizure: &zhifa.SeizureRecord{Notified: true, PartyPresent: true, Signed: true}})
		p.listProperty()
		p.act(10, "propose", app.ActionInput{Disposal: "release", Penalties: []string{disposalPenalty["release"]},
			Reason: "经检验，涉案物品" + disposalReason["release"] + "，依法作出处理决定"})
		p.headAct(1, "decide", app.ActionInput{Disposal: "release"})
		p.publishAutumn()
		p.act(1, "release", app.ActionInput{})
		p.closeAndArchive(true)
		return nil
	}
	return fmt.Errorf("assessment cases: no compulsory item with two eligible officers")
}

// majorFineItem is a penalty item of the bureau without a benchmark whose statutory range
// holds majorFine.
func (s *seeder) majorFineItem(officer context.Context, market *zhifa.Agency) (caseItem, error) {
	opts, err := s.a.CaseFormOptions(officer)
	if err != nil {
		return caseItem{}, err
	}
	list, err := s.a.Catalog().Items(s.ctx, zhifa.ItemFilter{AgencyID: market.ID, Category: zhifa.CatPenalty, Page: zhifa.Page{Limit: 200}})
	if err != nil {
		return caseItem{}, err
	}
	for _, it := range list.Items {
		if len(eligibleFor(opts.Officers, it.Domain)) < 2 || len(law.BasisProvisions(it.Basis)) != 1 {
			continue
		}
		if _, err := s.a.Catalog().Benchmark(s.ctx, it.Code); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			continue
		}
		for _, f := range law.StatuteFines(it.Basis) {
			if f.Kind == zhifa.FineFixed && f.MinFen <= majorFine && majorFine <= f.MaxFen {
				return caseItem{code: it.Code, domain: it.Domain, name: it.Name, lo: f.MinFen, hi: f.MaxFen}, nil
			}
		}
	}
	return caseItem{}, fmt.Errorf("no penalty item without a benchmark whose range holds a major fine")
}

// fileAs adds the filing of the case with in, by two officers whose certificates for the
// item's domain were valid on the day (行政处罚法第四十二条).
func (p *planner) fileAs(in app.CaseInput, domain string) {
	p.events = append(p.events, &caseEvent{at: p.t, run: p.run, do: func(ctx context.Context, b *app.App, r *caseRun) error {
		officers, err := b.CaseOfficers(ctx)
		if err != nil {
			return err
		}
		pool := eligibleFor(officers, domain)
		if len(pool) < 2 {
			return zhifa.Errorf(zhifa.EGATE, "no two eligible officers")
		}
		in.Officers, r.officers = pool[:2], pool[:2]
		v, err := b.FileCase(ctx, in)
		if err != nil {
			return err
		}
		r.id, r.version = v.ID, v.Version
		return nil
	}})
}

// publishAutumn has the decision's public version prepared two days after the decision
// and approved by the head (国办发〔2018〕118号（六）: within seven working days).
func (p *planner) publishAutumn() {
	p.at(2, func(ctx context.Context, b *app.App, r *caseRun) error {
		pub, err := b.Publicity().OfCase(ctx, r.id)
		if err != nil || pub == nil {
			return err
		}
		prepared, err := b.Publicity().Prepare(ctx, pub.ID, publicity.PrepareInput{Version: pub.Version})
		if err != nil {
			return err
		}
		_, err = b.Publicity().Approve(p.headCtx, prepared.ID, prepared.Version)
		return err
	})
}
