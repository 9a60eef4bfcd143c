package demo

import (
	"context"
	"fmt"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
)

// Demo publications (issue 13; REQUIREMENTS C3–C5): the decisions the demo cases made
// entered the market bureau's publication queue when they were made (the publicity
// stage of the case steps). Here the handler prepares each public version two working
// days later and the head publishes it — most within the period, every fifth late — one
// decision is not published on a legal ground, and one published decision is withdrawn
// after a reconsideration revoked it. Decisions too recent stay in the queue. Each act
// runs on an App whose clock is set to its day, so its ledger entry and audit line carry
// that day.

// seedPublicity works the market bureau's publication queue.
func (s *seeder) seedPublicity() error {
	market := s.agencyByName(marketBureau)
	if market == nil {
		return fmt.Errorf("no agency %s", marketBureau)
	}
	officer, head, err := s.marketActors(market)
	if err != nil {
		return err
	}
	clock := &demoClock{t: s.a.Now()}
	b := s.a.WithClock(clock.now)
	queue, err := s.queued(b, head)
	if err != nil || len(queue) == 0 {
		return err
	}
	cal, err := s.a.Calendar(s.ctx)
	if err != nil {
		return err
	}
	at := func(d zhifa.Date, hour int) bool {
		clock.t = d.Time().Add(time.Duration(hour) * time.Hour)
		return d.Before(s.today)
	}
	withdrawn := false
	for i, p := range queue {
		prepareOn, _ := cal.AddWorkdays(p.DecidedOn, 2)
		if !at(prepareOn, 10) {
			continue // decided too recently: still waiting in the queue
		}
		if i == 0 {
			if _, err := b.Publicity().Decline(head, p.ID, publicity.DeclineInput{Version: p.Version, Ground: "trade_secret",
				Reason: "决定书载明的当事人生产工艺参数属于商业秘密，删去后决定内容无法理解，经审查依法不予公开"}); err != nil {
				return fmt.Errorf("decline %s: %w", p.CaseNumber, err)
			}
			continue
		}
		prepared, err := b.Publicity().Prepare(officer, p.ID, publicity.PrepareInput{Version: p.Version})
		if err != nil {
			return fmt.Errorf("prepare %s: %w", p.CaseNumber, err)
		}
		publishOn, _ := cal.AddWorkdays(p.DecidedOn, 4)
		if i%5 == 0 {
			publishOn, _ = cal.AddWorkdays(p.Due, 3) // late: past the period
		}
		if !at(publishOn, 15) {
			continue // prepared, awaiting the head
		}
		published, err := b.Publicity().Approve(head, prepared.ID, prepared.Version)
		if err != nil {
			return fmt.Errorf("publish %s: %w", p.CaseNumber, err)
		}
		if withdrawn {
			continue
		}
		fell, _ := cal.AddWorkdays(publishOn, 5)
		if !at(fell, 9) {
			continue
		}
		withdrawn = true
		const reason = "该行政处罚决定已被行政复议机关决定撤销，依法撤回公示"
		if err := s.a.Store().Update(s.ctx, func(tx zhifa.Tx) error {
			return b.Publicity().WithdrawTx(s.ctx, tx, p.CaseID, reason)
		}); err != nil {
			return fmt.Errorf("decision of %s falls: %w", p.CaseNumber, err)
		}
		withdrawOn, _ := cal.AddWorkdays(fell, 2)
		if !at(withdrawOn, 11) {
			continue
		}
		current, err := b.Publicity().OfCase(head, published.CaseID)
		if err != nil {
			return err
		}
		if _, err := b.Publicity().Withdraw(head, current.ID, publicity.WithdrawInput{Version: current.Version, Reason: reason}); err != nil {
			return fmt.Errorf("withdraw %s: %w", p.CaseNumber, err)
		}
	}
	return nil
}

// marketActors are the contexts of the market bureau's officer1 and head1.
func (s *seeder) marketActors(market *zhifa.Agency) (officer, head context.Context, err error) {
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, u := range users {
		if u.AgencyID != market.ID || (u.Login != "officer1" && u.Login != "head1") {
			continue
		}
		ctx := app.WithActor(s.ctx, &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: market.ID,
			AgencyPath: market.Path, ScopePath: market.Path, IP: "127.0.0.1"})
		if u.Login == "head1" {
			head = ctx
		} else {
			officer = ctx
		}
	}
	if officer == nil || head == nil {
		return nil, nil, fmt.Errorf("the market bureau lacks its demo accounts")
	}
	return officer, head, nil
}

// queued lists the queued publications, oldest decision first.
func (s *seeder) queued(b *app.App, head context.Context) ([]*zhifa.Publication, error) {
	var out []*zhifa.Publication
	f := publicity.QueueFilter{Status: zhifa.PubQueued, Limit: 100}
	for {
		list, next, err := b.Publicity().Queue(head, f)
		if err != nil {
			return nil, err
		}
		for _, it := range list {
			if it.LicenceID == 0 { // licence decisions are the approval bureau's (licences.go)
				out = append(out, it.Publication)
			}
		}
		if next == 0 {
			break
		}
		f.Cursor = next
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}
