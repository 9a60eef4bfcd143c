package demo

import (
	"context"
	"fmt"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/law"
)

// Publication in the generator's plans (issue 11; REQUIREMENTS C3): a decision that
// enters its agency's publication queue (the publicity stage of decide, or of an
// inspection's conclude) is prepared by the handler and published by the head, as a
// real province publishes most decisions within the legal period (国办发〔2018〕118号
// （六）: 7 working days for a penalty, 20 for the other decisions; law.PublicationDays):
//   - on time, genOnTimePercent of them: prepared 1 working day after the decision and
//     published 3 working days after it;
//   - late, the others: prepared the day before the period ends and published 3
//     working days after it ends (the queue shows 逾期, the publication 逾期公示);
//   - a decision whose publication day is still to come when the generator runs stays
//     queued (or prepared): the backlog is the last few days' decisions, of which only
//     the late ones are already past their period.
// Which decisions are late follows the case number, not the plan's random source, so
// the rest of each case's plan is what it was. Copies repeat their model's dates and
// states (app.CaseCopier), so a generated province of any size publishes in this mix.
// The demo's own plan leaves its queue to seedPublicity (publicity.go).

// genOnTimePercent is the percentage of generated decisions published within their
// period.
const genOnTimePercent = 96

// Working days after the decision on which a generated decision is prepared and
// published on time, and by how many working days a late one passes its period.
const (
	genPrepareDays, genPublishDays = 1, 3
	genLateDays                    = 3
)

// publishes reports whether the plan publishes its decisions: the generator's plans
// (which give officers broad domains, gen.go and gen_bulk.go), not the demo's.
func (c casePlan) publishes() bool { return c.broadDomains }

// publishLate reports whether the n-th planned case's decision is published late.
func publishLate(n int) bool { return (n*37+11)%100 >= genOnTimePercent }

// publishDecision adds the publication of the decision of a case of the kind just
// planned (at p.t): the
// handler prepares the public version, the head publishes it. It adds its two acts at
// their own times and leaves the planner's time where it was, so the acts planned after
// the decision keep their days. An act the publicity context refuses (the decision
// needs no publication, another context moved it) leaves the case as it is.
func (p *planner) publishDecision(kind zhifa.CaseKind) {
	if !p.s.cases.publishes() {
		return
	}
	period := law.PublishDaysOther
	if kind == zhifa.CasePenalty {
		period = law.PublishDaysDecision
	}
	cal, err := p.s.a.Calendar(p.s.ctx)
	if err != nil {
		// The run fails at the decision's day rather than leave it unpublished unnoticed.
		p.events = append(p.events, &caseEvent{at: p.t, run: p.run, seq: len(p.events),
			do: func(context.Context, *app.App, *caseRun) error { return fmt.Errorf("publish decision: %w", err) }})
		return
	}
	prepareDays, publishDays := genPrepareDays, genPublishDays
	if publishLate(p.run.no) {
		prepareDays, publishDays = period-1, period+genLateDays
	}
	decided := zhifa.DateOf(p.t)
	on := func(days, hour int) time.Time {
		d, _ := cal.AddWorkdays(decided, days)
		return d.Time().Add(time.Duration(hour)*time.Hour + time.Duration(p.run.no*13%50)*time.Minute)
	}
	p.events = append(p.events,
		&caseEvent{at: on(prepareDays, 10), run: p.run, seq: len(p.events), do: func(ctx context.Context, b *app.App, r *caseRun) error {
			pub, err := b.Publicity().OfCase(ctx, r.id)
			if err != nil || pub == nil || pub.Status != zhifa.PubQueued {
				return refusedIsNil(err)
			}
			_, err = b.Publicity().Prepare(ctx, pub.ID, publicity.PrepareInput{Version: pub.Version})
			return refusedIsNil(err)
		}},
		&caseEvent{at: on(publishDays, 15), run: p.run, seq: len(p.events) + 1, do: func(ctx context.Context, b *app.App, r *caseRun) error {
			pub, err := b.Publicity().OfCase(p.headCtx, r.id)
			if err != nil || pub == nil || pub.Status != zhifa.PubPrepared {
				return refusedIsNil(err)
			}
			_, err = b.Publicity().Approve(p.headCtx, pub.ID, pub.Version)
			return refusedIsNil(err)
		}})
}

// refusedIsNil is err unless the use case refused the act (a domain error other than
// EINTERNAL): a publication act never stops its case's plan.
func refusedIsNil(err error) error {
	switch zhifa.ErrorCode(err) {
	case "", zhifa.EINTERNAL:
		return err
	}
	return nil
}

// withdrawRevokedDecision has the market bureau's head withdraw the publication of the case
// whose decision a reconsideration revoked on the day revoked, the next working day
// (行政处罚法第四十八条第二款: within three days). In the demo the decision is still in the
// queue when it is revoked, and revoking it took it out: there is nothing to withdraw.
func (s *seeder) withdrawRevokedDecision(caseID int64, revoked zhifa.Date) error {
	market := s.agencyByName(marketBureau)
	if market == nil {
		return nil
	}
	_, head, err := s.marketActors(market)
	if err != nil {
		return err
	}
	pub, err := s.a.Publicity().OfCase(head, caseID)
	if err != nil || pub == nil || pub.Status != zhifa.PubPublished || pub.WithdrawDue.IsZero() {
		return err
	}
	cal, err := s.a.Calendar(s.ctx)
	if err != nil {
		return err
	}
	day, _ := cal.AddWorkdays(revoked, 1)
	clock := &demoClock{t: day.Time().Add(10 * time.Hour)}
	_, err = s.a.WithClock(clock.now).Publicity().Withdraw(head, pub.ID, publicity.WithdrawInput{Version: pub.Version,
		Reason: "该行政处罚决定已被行政复议机关决定撤销，依法撤回公示"})
	return err
}
