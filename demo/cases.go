package demo

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/document"
	"zhifa/idcode"
	"zhifa/law"
)

// Demo cases (issue #4; REQUIREMENTS D1, D2, D5): a few hundred cases of the market
// bureau filed on working days spread over the year up to today, of every kind, taken
// through the stage machine as far as their plan and the calendar reach — so the demo
// shows cases in every stage, closed and archived ones, cases whose clocks are overdue
// (a decision pending past 行政处罚法第六十条's ninety days, a seizure past 行政强制法第二十五条's
// thirty days) and cases a gate holds up (a seizure without its A/V record, D2; a hearing
// requested and not held, Art. 64; a major decision awaiting its legal review, E1).
// Photos and A/V records (tiny JPEG and WAV files made here) are uploaded and the
// documents each step needs are issued; all are evidence files, so the cases are seeded
// only where evidence storage is configured (as it always is for zhifa demo). Everything goes through the app's use cases, with the app's clock
// set to the moment of each act, so every filing, step, record and document has its
// ledger entry and audit line.

// demoCases is the number of cases planned (a variable so that tests can seed fewer).
var demoCases = 200

// demoSeed is the seed of the demo's random source: the demo is the same every time.
const demoSeed = 2026

// casePlan is what seedCases plans: how many cases, filed from which day, with which
// random source, and whom to tell of the progress.
type casePlan struct {
	count int
	// analysis adds the cases the analytic warnings find (the demo's, analysis.go; the
	// generator's plan leaves them out).
	analysis bool
	// start is the first filing day; zero for the first working days of this year (the
	// demo), or 120 days back early in the year.
	start zhifa.Date
	seed  uint64
	// progress, if set, is called after each act with the acts taken and planned.
	progress func(done, total int)
	// lanes is the number of cases worked at once (runCaseEvents); 0 for one per core.
	lanes int
	// filedIDs, if set, receives the IDs of the planned cases filed (the bulk
	// generator's models, gen_bulk.go).
	filedIDs *[]int64
	// agencies, above 1, makes the demo city one city of a province whose other cities'
	// agencies file cases too: agencies in all with the market bureau (gen_province.go).
	agencies int
	// roster, if set, receives the officers a copy may name (gen_bulk.go).
	roster *[]rosterOfficer
	// setupProgress, if set, hears of the province's setup (gen_province.go).
	setupProgress func(done, total int)
	// broadDomains gives most officers every domain of their agency (the generator's
	// plans, seeder.officerDomains).
	broadDomains bool
	// transfers is the percentage of ordinary penalty cases transferred to the public
	// security organ as a suspected crime after the investigation (the generator's plan;
	// the demo's own transfers are the supervision cases of transfer.go).
	transfers int
}

// caseEvent is one planned act of one case.
type caseEvent struct {
	at  time.Time
	run *caseRun
	seq int
	do  func(ctx context.Context, b *app.App, r *caseRun) error
}

// caseRun is the state of one planned case while it is seeded.
type caseRun struct {
	no       int
	handler  context.Context
	id       int64
	version  int
	stopped  bool // a step failed (a gate held the case up): later steps are skipped
	kind     zhifa.CaseKind
	officers []int64
	place    string
}

// demoClock is the settable clock of the seeding App.
type demoClock struct{ t time.Time }

func (c *demoClock) now() time.Time { return c.t }

// caseItem is a catalog item with the fine range its basis gives and, for a penalty
// item with a benchmark (seeded before the cases, discretion.go), the benchmark's levels
// with a fixed fine range: a proposal must then choose one (B3, 行政处罚法第三十四条).
type caseItem struct {
	code, domain string
	// name is the item's name; the facts of its cases state the violation it names.
	name string
	// goods is set when the statutory range switches on or multiplies the 货值金额, and
	// confiscate when the provision confiscates the illegal gain (law.BasisProvisions).
	goods, confiscate bool
	lo, hi            int64 // fen; 0 when the basis gives no fixed range
	levels            []zhifa.BenchmarkLevel
}

// summaryItems is the key of the penalty items without a benchmark in the planner's item
// lists: a 当场处罚 gives a warning (行政处罚法第五十一条), which the demo benchmarks' levels
// (all with a fine) do not list.
const summaryItems zhifa.ItemCategory = "summary"

// benchmarkWeight is how many times an item with a benchmark is listed for ordinary
// penalty cases: the first busyItems of them (the bureau's everyday cases) often, the
// others twice, so that the demo's decided fines gather on a few item+level pairs and
// the consistency aid (同案同罚, B3) shows a real distribution.
func benchmarkWeight(n int) int {
	const busyItems = 3
	if n < busyItems {
		return 18
	}
	return 2
}

// seedCases files and works the demo cases: the market bureau's, and with a province
// (gen_province.go) those of its agencies, each case in one of them.
func (s *seeder) seedCases() error {
	if !s.a.HasEvidenceStorage() {
		// Issued documents, photos and A/V records are evidence files: without storage
		// (a bare store in tests) the demo has no cases.
		return nil
	}
	market, err := s.marketCrew()
	if err != nil {
		return err
	}
	crews := append([]*crew{market}, s.crews...)
	for _, c := range crews {
		if c.items, err = s.crewItems(c); err != nil {
			return fmt.Errorf("items of %s: %w", c.agency.Name, err)
		}
	}
	media := newDemoMedia()
	rng := rand.New(rand.NewPCG(s.cases.seed, 4))
	start := s.cases.start
	if start.IsZero() {
		start = zhifa.Date{Year: s.today.Year, Month: time.January, Day: 5}
	}
	span := int(s.today.Time().Sub(start.Time()).Hours()/24) - 1
	if span < 10 {
		start, span = s.today.AddDays(-120), 119
	}
	now := s.a.Now()
	var events []*caseEvent
	count := s.cases.count
	order := crewOrder(crews, count)
	for i := range count {
		day := workdayOn(start.AddDays(int(int64(i) * int64(span) / int64(count))))
		if !day.Before(s.today) {
			continue
		}
		c := crews[order[i]]
		p := &planner{s: s, rng: rng, run: &caseRun{no: i, handler: c.handlers[i%len(c.handlers)]}, head: c.head, headCtx: c.headCtx,
			reviewer: c.reviewer, bank: c.bank, media: media, t: day.Time().Add(time.Duration(8*60+30+rng.IntN(60)) * time.Minute),
			closedModel: order[i] > 0 && c.planned < crewClosedModels}
		c.planned++
		p.plan(c.items)
		for _, e := range p.events {
			if e.at.Before(now) {
				events = append(events, e)
			}
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	err = runCaseEvents(s.a, events, s.cases.lanes, s.cases.progress)
	s.filed += filedCases(events)
	if s.cases.filedIDs != nil {
		for _, e := range events {
			if e.seq == 0 && e.run.id != 0 {
				*s.cases.filedIDs = append(*s.cases.filedIDs, e.run.id)
			}
		}
	}
	return err
}

// crewClosedModels is the number of each province agency's first cases planned as
// summary penalties run to 结案 (planner.closedModel): a copy is drawn from its agency's
// models in the plan's mix of closed and running cases (modelDraw), so every agency
// needs closed models of its own.
const crewClosedModels = 2

// filedCases counts the cases of events that were filed.
func filedCases(events []*caseEvent) int {
	n := 0
	for _, e := range events {
		if e.seq == 0 && e.run.id != 0 {
			n++
		}
	}
	return n
}

// runCaseEvents takes the planned acts day by day. The day's filings go first, one by
// one in time order, so that case numbers follow the filing times; the day's other acts
// then run in lanes, each case in one lane in time order, so that concurrent writes
// share their commits (the store's group commit) and the cores. Each lane has its own
// App whose clock is set to the moment of each act. progress, if set, hears of each
// day's acts once they are taken.
func runCaseEvents(a *app.App, events []*caseEvent, lanes int, progress func(done, total int)) error {
	total, done := len(events), 0
	if lanes <= 0 {
		lanes = max(2, runtime.NumCPU())
	}
	clocks := make([]*demoClock, lanes)
	apps := make([]*app.App, lanes)
	for i := range lanes {
		clocks[i] = &demoClock{}
		apps[i] = a.WithClock(clocks[i].now)
	}
	run := func(lane int, e *caseEvent) error {
		if e.run.stopped || (e.seq > 0 && e.run.id == 0) {
			return nil
		}
		clocks[lane].t = e.at
		err := e.do(e.run.handler, apps[lane], e.run)
		switch zhifa.ErrorCode(err) {
		case "":
			return nil
		case zhifa.EGATE, zhifa.EINVALID, zhifa.ECONFLICT:
			// A gate holds the case up where a real one would stop: it stays as it is,
			// with the unmet rule on its page.
			e.run.stopped = true
			return nil
		}
		return fmt.Errorf("case %d: %w", e.run.no, err)
	}
	for len(events) > 0 {
		day := zhifa.DateOf(events[0].at)
		n := 0
		for n < len(events) && zhifa.DateOf(events[n].at) == day {
			n++
		}
		today, rest := events[:n], events[n:]
		events = rest
		byLane := make([][]*caseEvent, lanes)
		for _, e := range today {
			if e.seq == 0 {
				if err := run(0, e); err != nil {
					return err
				}
				continue
			}
			byLane[e.run.no%lanes] = append(byLane[e.run.no%lanes], e)
		}
		errs := make([]error, lanes)
		var wg sync.WaitGroup
		for lane, list := range byLane {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, e := range list {
					if err := run(lane, e); err != nil {
						errs[lane] = err
						return
					}
				}
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return err
		}
		if done += n; progress != nil {
			progress(done, total)
		}
	}
	return nil
}

// eligibleFor returns the officers eligible today whose certificate covers domain.
func eligibleFor(officers []app.CaseOfficer, domain string) []int64 {
	var out []int64
	for _, o := range officers {
		if o.Eligible && (domain == "" || slices.Contains(o.Domains, domain)) {
			out = append(out, o.ID)
		}
	}
	return out
}

// workdayOn moves a Saturday or Sunday to the next Monday.
func workdayOn(d zhifa.Date) zhifa.Date {
	for d.Time().Weekday() == time.Saturday || d.Time().Weekday() == time.Sunday {
		d = d.AddDays(1)
	}
	return d
}

// planner lays out the acts of one case.
type planner struct {
	s    *seeder
	rng  *rand.Rand
	run  *caseRun
	head int64
	// headCtx acts as head1, who approves the steps and forms reserved to the head.
	headCtx context.Context
	// reviewer gives the legal review's opinion and bank posts payments; nil for the
	// market bureau's reviewer1 (seeder.reviewerContext) and bank (seeder.bank).
	reviewer, bank context.Context
	// closedModel plans a summary penalty (当场处罚) run to 结案 whatever the draw: the
	// first cases of each agency of a province but the demo city's market bureau (whose
	// plan the demo steps after it rely on), so that each has closed models for its
	// copies (a closed case a copy carries in full: no fine, obligation or publication).
	closedModel bool
	media       *demoMedia
	t           time.Time
	events      []*caseEvent
}

// after moves the planner's time on by days (and a few minutes) and adds an act then.
func (p *planner) after(days int, do func(ctx context.Context, b *app.App, r *caseRun) error) {
	p.t = p.t.Add(time.Duration(days)*24*time.Hour + time.Duration(7+p.rng.IntN(50))*time.Minute)
	if h := p.t.In(zhifa.CST).Hour(); h >= 17 {
		p.t = p.t.Add(15 * time.Hour) // the next morning
	}
	for wd := p.t.In(zhifa.CST).Weekday(); wd == time.Saturday || wd == time.Sunday; wd = p.t.In(zhifa.CST).Weekday() {
		p.t = p.t.Add(24 * time.Hour)
	}
	p.events = append(p.events, &caseEvent{at: p.t, run: p.run, seq: len(p.events), do: do})
}

// act adds a step of the stage machine.
func (p *planner) act(days int, action zhifa.Action, in app.ActionInput) {
	p.after(days, func(ctx context.Context, b *app.App, r *caseRun) error {
		in := in
		in.Version = r.version
		v, err := b.Act(ctx, r.id, action, in)
		if zhifa.ErrorCode(err) == zhifa.ECONFLICT && r.refresh(ctx, b) == nil {
			// Another context changed the case since (a payment posted by the bank, a
			// publication): the handler reloads the page and acts again.
			in.Version = r.version
			v, err = b.Act(ctx, r.id, action, in)
		}
		if err != nil {
			return err
		}
		r.version = v.Version
		return nil
	})
}

// refresh reads the case's current version, as a handler reloading its page.
func (r *caseRun) refresh(ctx context.Context, b *app.App) error {
	v, err := b.Case(ctx, r.id)
	if err != nil {
		return err
	}
	r.version = v.Version
	return nil
}

// headAct adds a step reserved to the head: the handler asks head1, who approves it in
// their own session (issue 9 §1).
func (p *planner) headAct(days int, action zhifa.Action, in app.ActionInput) {
	p.after(days, func(ctx context.Context, b *app.App, r *caseRun) error {
		return p.approveByHead(ctx, b, r, action, in)
	})
}

// headOpinions are head1's opinions on the steps the demo asks for.
var headOpinions = map[zhifa.Action]string{"decide": "同意按拟处理决定作出决定。", "close": "同意结案。",
	"approve": "同意拟处理决定。", "approve_transfer": "同意移送。", "discuss": "经集体讨论，同意拟处理决定。",
	"approve_seizure": "同意实施查封、扣押。"}

// approveByHead files the handler's approval request for the step and has head1 approve
// it; a gate that holds the step up leaves the request pending, as it would stay.
func (p *planner) approveByHead(ctx context.Context, b *app.App, r *caseRun, action zhifa.Action, in app.ActionInput) error {
	in.Version, in.ApproverID = r.version, p.head
	req, err := b.RequestApproval(ctx, r.id, app.ApprovalRequestInput{Action: action, Input: in})
	if zhifa.ErrorCode(err) == zhifa.ECONFLICT && r.refresh(ctx, b) == nil {
		in.Version = r.version // changed by another context since: reload and ask again
		req, err = b.RequestApproval(ctx, r.id, app.ApprovalRequestInput{Action: action, Input: in})
	}
	if err != nil {
		return err
	}
	opinion := headOpinions[action]
	if opinion == "" {
		opinion = "同意。"
	}
	v, err := b.ApproveRequest(p.headCtx, req.ID, app.ApprovalDecision{Opinion: opinion})
	if err != nil {
		return err
	}
	r.version = v.CurrentVersion
	return nil
}

// document adds the issue of a document of the type, filling what the template could
// not prefill.
func (p *planner) document(typ zhifa.DocType) {
	p.after(0, func(ctx context.Context, b *app.App, r *caseRun) error { return p.issue(ctx, b, r, typ) })
}

// issue drafts, fills, has signed (an approval form) and issues a document of the type.
func (p *planner) issue(ctx context.Context, b *app.App, r *caseRun, typ zhifa.DocType) error {
	_, err := p.issued(ctx, b, r, typ)
	return err
}

// issued is issue, answering the issued document.
func (p *planner) issued(ctx context.Context, b *app.App, r *caseRun, typ zhifa.DocType) (*app.DocumentView, error) {
	d, err := b.CreateDocument(ctx, r.id, app.DocumentCreate{Type: typ})
	if err != nil {
		return nil, err
	}
	in := app.DocumentInput{Version: d.Version, Fields: map[string]string{}}
	for _, f := range d.FieldList {
		generated := document.Generated(typ, f.Key) || (f.Key == "approval" && law.IsApprovalForm(typ))
		if strings.TrimSpace(d.Fields[f.Key]) == "" && !generated {
			in.Fields[f.Key] = docDefault(f.Key)
		}
	}
	if len(in.Fields) > 0 {
		if d, err = b.SaveDocument(ctx, d.ID, in); err != nil {
			return nil, err
		}
	}
	if law.IsApprovalForm(typ) { // head1 signs the approval in their own session
		opinion := map[zhifa.DocType]string{zhifa.DocFilingApproval: "同意立案。", zhifa.DocCourtApplication: "同意申请人民法院强制执行。"}[typ]
		if opinion == "" {
			opinion = "同意结案。"
		}
		if d, err = b.SignApproval(p.headCtx, d.ID, app.ApprovalSign{Version: d.Version, Opinion: opinion}); err != nil {
			return nil, err
		}
	}
	return b.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
}

// docDefault is the demo text of a document field the case data does not give.
func docDefault(key string) string {
	switch key {
	case "evidence":
		return "现场检查笔录、询问笔录、现场照片及音像记录、产品抽样检验报告"
	case "performance":
		return "自收到本决定书之日起十五日内，到指定银行或者通过电子支付系统缴纳罚款（行政处罚法第六十七条）"
	case "contact":
		return "执法科 0543-8212315"
	case "party_address", "address":
		return "东港市港城区人民路1号"
	case "items":
		return "涉案食品一批（详见查封扣押清单）"
	case "period":
		return "三十日"
	case "seal":
		return "（印章）"
	case "served_at", "time_place":
		return "见送达回证"
	case "court":
		return "东港市港城区人民法院"
	case "opinion":
		return "违法事实清楚，证据确实充分，建议依法作出行政处罚决定"
	}
	return "见案卷"
}

// upload adds a photo or an A/V record of act, if evidence can be stored.
func (p *planner) upload(act string, kind zhifa.EvidenceKind) {
	p.after(0, func(ctx context.Context, b *app.App, r *caseRun) error {
		data, mimeType, title := p.media.jpeg, "image/jpeg", "现场照片"
		if kind == zhifa.EvidenceAudio {
			data, mimeType, title = p.media.wav, "audio/wav", "查封扣押全程录音"
		}
		in := evidence.EvidenceInput{Kind: kind, Title: title, MIME: mimeType, CapturedAt: b.Now().Add(-20 * time.Minute),
			DeviceID: fmt.Sprintf("DGSJ-JLY-%03d", 1+r.no%40), OfficerIDs: r.officers, Place: r.place}
		_, _, err := b.UploadCaseEvidence(ctx, r.id, act, in, bytes.NewReader(data))
		return err
	})
}

// plan lays out the case: its kind, parties, officers and acts.
func (p *planner) plan(items map[zhifa.ItemCategory][]caseItem) {
	rng, r := p.rng, p.run
	var cat zhifa.ItemCategory
	proc := zhifa.ProcOrdinary
	switch x := rng.IntN(100); {
	case x < 62:
		r.kind, cat = zhifa.CasePenalty, zhifa.CatPenalty
	case x < 70:
		r.kind, cat, proc = zhifa.CasePenalty, zhifa.CatPenalty, zhifa.ProcSummary
	case x < 86:
		r.kind, cat = zhifa.CaseInspection, zhifa.CatInspection
	default:
		r.kind, cat = zhifa.CaseCompulsory, zhifa.CatCompulsion
	}
	if p.closedModel && len(items[summaryItems]) > 0 {
		r.kind, cat, proc = zhifa.CasePenalty, zhifa.CatPenalty, zhifa.ProcSummary
	}
	pool := items[cat]
	if proc == zhifa.ProcSummary {
		pool = items[summaryItems]
	}
	if len(pool) == 0 {
		r.kind, cat, proc = zhifa.CasePenalty, zhifa.CatPenalty, zhifa.ProcOrdinary
		pool = items[cat]
	}
	item := pool[rng.IntN(len(pool))]
	pick := rng.IntN(1000)
	road := demoRoads[rng.IntN(len(demoRoads))]
	r.place = fmt.Sprintf("东港市港城区%s%d号", road, 1+rng.IntN(300))
	party := p.party()
	initiation := planInitiation(r.kind, item.name, pick)
	in := app.CaseInput{Kind: r.kind, Procedure: proc, Item: item.code, Parties: []app.PartyInput{party},
		Facts: p.facts(r.kind, item.name, party.Name, initiation), Initiation: initiation}
	filed := zhifa.DateOf(p.t)
	if r.kind == zhifa.CasePenalty {
		in.OccurredOn = filed.AddDays(-3 - rng.IntN(40))
	}
	in.DiscoveredOn = filed.AddDays(-rng.IntN(3))
	if in.OccurredOn.After(in.DiscoveredOn) {
		in.OccurredOn = in.DiscoveredOn
	}
	p.events = append(p.events, &caseEvent{at: p.t, run: r, do: func(ctx context.Context, b *app.App, r *caseRun) error {
		// Two officers whose certificates are valid on the day of filing (Art. 42).
		officers, err := b.CaseOfficers(ctx)
		if err != nil {
			return err
		}
		pool := eligibleFor(officers, item.domain)
		if len(pool) < 2 {
			return zhifa.Errorf(zhifa.EGATE, "no two eligible officers")
		}
		r.officers = []int64{pool[pick%len(pool)], pool[(pick%len(pool)+1+pick%(len(pool)-1))%len(pool)]}
		in.Officers = r.officers
		v, err := b.FileCase(ctx, in)
		if err != nil {
			return err
		}
		r.id, r.version = v.ID, v.Version
		return nil
	}})
	// How far the plan goes: most cases run to the end (as far as today allows), some
	// stop early, so that every stage, an overdue clock and a held-up case show.
	full := rng.IntN(100) >= 25 || p.closedModel
	stopAt := 1 + rng.IntN(4)
	switch {
	case r.kind == zhifa.CaseInspection:
		p.act(1+rng.IntN(3), "inspect", app.ActionInput{})
		if rng.IntN(100) < 40 {
			p.upload("inspect", zhifa.EvidencePhoto)
		}
		if !full && stopAt <= 2 {
			return
		}
		p.act(3+rng.IntN(8), "conclude", app.ActionInput{Reason: inspectionConclusions[rng.IntN(len(inspectionConclusions))]})
		p.publishDecision(r.kind) // the generator's plans (gen_publish.go)
		p.closeAndArchive(full)
	case r.kind == zhifa.CaseCompulsory:
		if rng.IntN(100) < 80 {
			p.upload("seize", zhifa.EvidenceAudio)
		}
		p.document(zhifa.DocSeizureDecision)
		// 行政强制法第十八条: the head approves first; the party is told and signs the 现场笔录.
		p.headAct(0, "approve_seizure", app.ActionInput{})
		p.act(0, "seize", app.ActionInput{Seizure: &zhifa.SeizureRecord{Notified: true, PartyPresent: true, Signed: true}})
		p.listProperty()
		if !full {
			return // the seizure runs; past thirty days its clock is overdue
		}
		disposal := []string{"confiscate", "destroy", "release"}[rng.IntN(3)]
		p.act(5+rng.IntN(15), "propose", app.ActionInput{Disposal: disposal, Penalties: []string{disposalPenalty[disposal]},
			Reason: "经检验，涉案物品" + disposalReason[disposal] + "，依法作出处理决定"})
		p.headAct(1+rng.IntN(3), "decide", app.ActionInput{Disposal: disposal})
		p.publishDecision(r.kind) // the generator's plans (gen_publish.go)
		if disposal != "release" {
			p.disposeProperty(disposal)
		}
		p.act(1+rng.IntN(4), "release", app.ActionInput{})
		p.closeAndArchive(true)
	case proc == zhifa.ProcSummary:
		// 当场处罚 (Art. 51): a warning.
		p.act(0, "propose", app.ActionInput{Penalties: []string{"警告"}, Warning: true,
			Reason: "违法事实确凿、情节轻微，当事人当场改正，依法当场给予警告"})
		// 第五十二条: certificates shown, the party told and heard, the decision handed
		// over on the spot and filed with the agency.
		p.act(0, "decide", app.ActionInput{Warning: true, Summary: &zhifa.SummaryRecord{CertificatesShown: true, Informed: true,
			Statement: "当事人对违法事实无异议，表示立即改正，未提出申辩"}})
		p.document(zhifa.DocPenaltyDecision)
		p.act(0, "serve", app.ActionInput{Service: &zhifa.Service{Method: zhifa.ServeDirect, Proof: "宣告后当场交付，当事人在决定书上签收"}})
		p.act(1, "file_summary", app.ActionInput{})
		p.act(0, "execute", app.ActionInput{})
		p.closeAndArchive(full)
	default:
		if !full && stopAt == 1 && r.no%2 == 0 {
			return // filed a few days ago; 调查取证 has not been recorded yet
		}
		p.act(1+rng.IntN(3), "investigate", app.ActionInput{})
		if rng.IntN(100) < 35 {
			p.upload("investigate", zhifa.EvidencePhoto)
		}
		if !full && stopAt == 1 {
			return // 调查取证 goes on; past ninety days the decision clock is overdue
		}
		if t := p.s.cases.transfers; t > 0 && rng.IntN(100) < t {
			p.transferCase()
			return
		}
		fine, level, reason := p.fine(item, party.Kind)
		in := p.amounts(item, app.ActionInput{Penalties: []string{"罚款"}, Fine: fine, Level: level, Reason: reason})
		p.act(6+rng.IntN(15), "propose", in)
		p.document(zhifa.DocPenaltyNotice)
		// The hearing right: derived from the proposal (行政处罚法第六十三条, the default
		// thresholds, law/notice.go), or added by the officer.
		derived, _ := law.HearingRight(&zhifa.Proposal{Penalties: in.Penalties, FineFen: fine, ConfiscateFen: in.Confiscate}, []zhifa.PartyKind{party.Kind}, law.DefaultHearingThresholds)
		hearing := rng.IntN(100) < 15 || derived
		p.act(0, "notify", app.ActionInput{HearingRight: hearing})
		if !full && stopAt == 2 {
			return
		}
		wait := 6
		switch {
		case hearing && rng.IntN(2) == 0:
			p.act(2, "request_hearing", app.ActionInput{})
			if !full {
				return // a hearing requested and not held holds the decision up (Art. 64)
			}
			hearingDay := zhifa.DateOf(p.t).AddDays(20)
			p.act(1, "schedule_hearing", app.ActionInput{Date: hearingDay})
			p.after(19, func(ctx context.Context, b *app.App, r *caseRun) error { return nil })
			p.holdHearing()
			wait = 2
		case hearing:
			p.act(1, "waive_hearing", app.ActionInput{})
		case rng.IntN(100) < 20:
			p.act(1, "waive_statement", app.ActionInput{})
			wait = 2
		}
		p.act(wait, "review", app.ActionInput{})
		if !full && stopAt == 3 {
			return
		}
		p.legalReview() // a major decision needs a passed legal review (review.go, E1)
		p.collectiveDiscussion(1)
		p.headAct(1+rng.IntN(3), "decide", app.ActionInput{Fine: fine})
		p.publishDecision(r.kind) // the generator's plans (gen_publish.go)
		p.document(zhifa.DocPenaltyDecision)
		p.act(1+rng.IntN(3), "serve", app.ActionInput{Service: demoService(rng)})
		p.execute(5 + rng.IntN(15)) // paid, paid late, in instalments, 催告 and court, on the spot (execution.go)
		p.closeAndArchive(full)
	}
}

// transferCase adds the transfer of a suspected crime (行政执法机关移送涉嫌犯罪案件的规定):
// the written report, the head's approval within three days (第五条), the materials of
// 第六条 and the handover on the day approved (第五条第二款), the organ's decision to
// open a case (第八条) and the case closed by transfer, mostly archived.
func (p *planner) transferCase() {
	rng := p.rng
	p.act(1+rng.IntN(3), "propose_transfer", app.ActionInput{Transfer: &app.TransferInput{
		Facts:   "经调查，当事人涉案经营额较大，达到刑事立案追诉标准",
		Offence: transferOffences[rng.IntN(len(transferOffences))]}})
	p.headAct(1, "approve_transfer", app.ActionInput{})
	(&supervisionPlan{planner: p}).materials()
	p.act(0, "hand_over", app.ActionInput{Transfer: &app.TransferInput{OrganKind: zhifa.OrganPublicSecurity, Organ: publicSecurity}})
	p.act(5+rng.IntN(20), "transfer_reply", app.ActionInput{Transfer: &app.TransferInput{Reply: zhifa.ReplyFiled}})
	p.headAct(1+rng.IntN(3), "transfer", app.ActionInput{Reason: "公安机关已立案侦查，本案依法移送结案"})
	if rng.IntN(100) < 80 {
		p.act(1+rng.IntN(10), "archive", app.ActionInput{})
	}
}

// transferOffences are the offences suspected in generated transfers.
var transferOffences = []string{"生产、销售伪劣产品罪", "销售假冒注册商标的商品罪", "生产、销售不符合安全标准的食品罪"}

// fine chooses the proposal's fine, benchmark level and reason. Without a benchmark: a
// fine in the lower part of the statute's range, in whole hundreds of yuan; a citizen's
// at the minimum. With one (B3): mostly the first level (轻微), for a company sometimes
// the second (一般), and a fine in the lower part of the level's range — inside it, as
// law.CheckProposal requires (行政处罚法第三十四条).
func (p *planner) fine(item caseItem, party zhifa.PartyKind) (fen int64, level, reason string) {
	rng := p.rng
	lo, hi := item.lo, item.hi
	if len(item.levels) > 0 {
		l := item.levels[0]
		if party == zhifa.PartyOrg && len(item.levels) > 1 && rng.IntN(100) < 30 {
			l = item.levels[1]
		}
		lo, hi, level = l.Fine.MinFen, l.Fine.MaxFen, l.Name
	}
	fen = lo
	if party == zhifa.PartyOrg {
		fen += (hi - lo) * int64(rng.IntN(20)) / 100
		fen = max(fen-fen%10000, lo)
	}
	reason = proposalReasons[rng.IntN(len(proposalReasons))]
	if level != "" {
		reason = levelReasons[level]
		if reason == "" {
			reason = "违法情节与本局裁量基准“" + level + "”阶次的适用情形相符，在该阶次幅度内处罚"
		}
	}
	return fen, level, reason
}

// closeAndArchive adds the closing approval, the close (approved by the head) and, for
// most cases, the archive.
func (p *planner) closeAndArchive(full bool) {
	if !full {
		return
	}
	p.document(zhifa.DocClosingApproval)
	p.headAct(1+p.rng.IntN(3), "close", app.ActionInput{})
	if p.rng.IntN(100) < 80 {
		p.act(1+p.rng.IntN(10), "archive", app.ActionInput{})
	}
}

// party makes the case's party: mostly a company, sometimes a person.
func (p *planner) party() app.PartyInput { return newParty(p.rng, p.run.no) }

// newParty makes the party of the n-th case: mostly a company, sometimes a person.
func newParty(rng *rand.Rand, n int) app.PartyInput {
	addr := fmt.Sprintf("东港市%s%s%d号", demoDistricts[rng.IntN(len(demoDistricts))], demoRoads[rng.IntN(len(demoRoads))], 1+rng.IntN(500))
	if rng.IntN(100) < 30 {
		birth := time.Date(1960+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		id, err := idcode.NewPersonID(RegionCode, birth, 100+n)
		name := surnames[rng.IntN(len(surnames))] + "某某"
		if err != nil {
			return app.PartyInput{Kind: zhifa.PartyOrg, Name: name + "个体工商户", CreditCode: creditCodeOf(n), Address: addr}
		}
		return app.PartyInput{Kind: zhifa.PartyPerson, Name: name, IDNumber: id.String(), Address: addr,
			Phone: fmt.Sprintf("1390543%04d", n%10000)}
	}
	name := "东港市" + demoTrades[rng.IntN(len(demoTrades))] + demoFirmWords[rng.IntN(len(demoFirmWords))] + demoFirmKinds[rng.IntN(len(demoFirmKinds))]
	return app.PartyInput{Kind: zhifa.PartyOrg, Name: name, CreditCode: creditCodeOf(n), Address: addr}
}

// creditCodeOf is a valid 统一社会信用代码 of the fictional city for the n-th party.
func creditCodeOf(n int) string {
	c, err := idcode.NewCreditCode(fmt.Sprintf("92%s%08d", RegionCode, 30000000+n))
	if err != nil {
		return ""
	}
	return c.String()
}

// facts is the case's short statement of facts: for a penalty case, the violation its
// item names ("对…的行政处罚"), found the way one of demoSources says; for an inspection,
// how it was initiated.
func (p *planner) facts(kind zhifa.CaseKind, itemName, party string, initiation zhifa.Initiation) string {
	switch kind {
	case zhifa.CaseInspection:
		return inspectionFacts(initiation, party)
	case zhifa.CaseCompulsory:
		return "执法人员检查" + party + "时发现涉嫌不符合安全标准的物品，需依法查封、扣押以防止危害扩大。"
	}
	return itemFacts(demoSources[p.rng.IntN(len(demoSources))], itemName, party)
}

// amounts adds to a proposal the amounts its item's statutory range rests on: a 货值金额
// below 一万元 where the range switches on it (食品安全法第一百二十二条至第一百二十四条: the
// fixed range the demo benchmarks' levels divide), and for every third case of an item
// that confiscates the illegal gain, a gain confiscated in full (行政处罚法第二十八条第二款).
// The amounts follow the case number, not the random source, so that the rest of the plan
// stays as it was.
func (p *planner) amounts(item caseItem, in app.ActionInput) app.ActionInput {
	n := int64(p.run.no)
	if item.goods {
		in.GoodsValue = (1000 + n*37%85*100) * 100
	}
	if item.confiscate && n%3 == 0 {
		in.IllegalGain = (200 + n%20*100) * 100
		in.Confiscate = in.IllegalGain
		in.Penalties = append(in.Penalties, "没收违法所得")
	}
	return in
}

var (
	demoDistricts = []string{"港城区", "开发区", "临海区", "东山县"}
	demoRoads     = []string{"人民路", "黄河路", "长江路", "泰山路", "健康路", "海滨路", "新华路", "建设路"}
	demoTrades    = []string{"海鲜", "粮油", "果蔬", "烘焙", "餐饮", "日用百货", "电器", "建材", "母婴用品", "药品零售"}
	demoFirmWords = []string{"鑫源", "恒通", "华盛", "东海", "佳美", "信诚", "广聚", "新港"}
	demoFirmKinds = []string{"有限公司", "商贸有限公司", "经营部", "超市"}
	demoSources   = []string{
		"执法人员在日常检查中发现",
		"根据消费者投诉，执法人员核查发现",
		"执法人员在监督抽检中发现",
		"执法人员在专项整治检查中发现",
		"执法人员接群众举报后核查发现",
	}
	proposalReasons = []string{
		"当事人首次违法，违法情节一般，积极配合调查并主动改正，在法定幅度内从低处罚",
		"违法行为持续时间较短，涉案货值较小，未造成危害后果，依裁量基准按一般情节处罚",
		"当事人如实陈述违法事实并主动提供证据材料，依法在法定幅度较低部分处罚",
	}
	// levelReasons are the reasons of proposals at the demo benchmarks' levels
	// (discretion.go, demoBenchmark).
	levelReasons = map[string]string{
		"轻微": "当事人初次违法，涉案货值较小，未造成危害后果，积极配合调查并及时改正，依本局裁量基准按“轻微”阶次处罚",
		"一般": "违法行为持续时间较短，涉案货值一般，造成一定危害后果，依本局裁量基准按“一般”阶次处罚",
	}
	inspectionConclusions = []string{
		"检查未发现违法行为，现场检查记录已由当事人签字确认",
		"检查发现部分台账记录不完整，已当场责令改正",
		"检查发现问题线索，已移交执法科依法立案调查",
	}
	disposalPenalty = map[string]string{"confiscate": "没收非法财物", "destroy": "没收非法财物", "release": "解除查封扣押"}
	disposalReason  = map[string]string{"confiscate": "不符合食品安全标准", "destroy": "已腐败变质，无保存价值", "release": "经检验合格"}
)

// demoMedia holds the demo's evidence files, made once: a small JPEG photo and a
// half-second WAV recording.
type demoMedia struct {
	jpeg, wav []byte
}

func newDemoMedia() *demoMedia {
	m := &demoMedia{}
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{uint8(40 + 2*x), uint8(90 + y), 160, 255})
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 70})
	m.jpeg = buf.Bytes()
	m.wav = wavTone(8000, 4000, 440)
	return m
}

// wavTone returns a mono 16-bit PCM WAV file of n samples of a sine tone.
func wavTone(rate, n int, hz float64) []byte {
	var b bytes.Buffer
	data := 2 * n
	w := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	w(uint32(36 + data))
	b.WriteString("WAVEfmt ")
	w(uint32(16))
	w(uint16(1)) // PCM
	w(uint16(1)) // mono
	w(uint32(rate))
	w(uint32(2 * rate))
	w(uint16(2))
	w(uint16(16))
	b.WriteString("data")
	w(uint32(data))
	for i := range n {
		w(int16(8000 * math.Sin(2*math.Pi*hz*float64(i)/float64(rate))))
	}
	return b.Bytes()
}

// demoService is how a demo decision was served: mostly in person with a 送达回证, else by
// registered mail (行政处罚法第六十一条).
func demoService(rng *rand.Rand) *zhifa.Service {
	if rng.IntN(100) < 25 {
		return &zhifa.Service{Method: zhifa.ServeMail, Proof: fmt.Sprintf("中国邮政EMS挂号邮寄，邮件号EA%09dCN，回执由当事人签收", rng.IntN(1_000_000_000))}
	}
	return &zhifa.Service{Method: zhifa.ServeDirect, Proof: "送达回证由当事人签收"}
}

// holdHearing adds the hearing, presided by an officer of the agency who is not on the
// case, public, its 笔录 signed by the party (行政处罚法第六十四条).
func (p *planner) holdHearing() {
	p.after(0, func(ctx context.Context, b *app.App, r *caseRun) error {
		officers, err := b.CaseOfficers(ctx)
		if err != nil {
			return err
		}
		v, err := b.Case(ctx, r.id)
		if err != nil {
			return err
		}
		var presider int64
		for _, o := range officers {
			if !slices.Contains(v.OfficerIDs, o.ID) {
				presider = o.ID
				break
			}
		}
		v, err = b.Act(ctx, r.id, zhifa.ActHoldHearing, app.ActionInput{Version: v.Version,
			Hearing: &zhifa.HearingRecord{PresiderID: presider, Public: true, Signed: true}})
		if err != nil {
			return err
		}
		r.version = v.Version
		return nil
	})
}
