package demo

import (
	"context"
	"fmt"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
)

// Complaints and reconsideration outcomes of the demo city (issue 14; REQUIREMENTS F5,
// F7): complaints and reports in every state — received and overdue for acceptance
// (暂行办法第十四条), received within the period, accepted with the reply running,
// refused with its ground, replied — from the portal and from 12345, a conduct complaint
// routed to the justice bureau, a named report that opened a case (its reporter's notice
// running, 第三十一条第二款), and a reconsideration that revoked a decided case
// (行政复议法第六十四条), which marks the case and raises the market bureau's correction
// rate. Each act runs on an App whose clock is set to the day of the act.

// seedComplaints adds the complaints and the reconsideration.
func (s *seeder) seedComplaints() error {
	market := s.agencyByName(marketBureau)
	justice := s.agencyByName(justiceBureau)
	city := s.agencyByName(CityName)
	if market == nil || justice == nil || city == nil {
		return fmt.Errorf("complaints: agencies missing")
	}
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return err
	}
	actor := func(login string, ag *zhifa.Agency) *app.Actor {
		for _, u := range users {
			if u.Login == login {
				return &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: ag.ID,
					AgencyPath: ag.Path, ScopePath: ag.Path, IP: "127.0.0.1"}
			}
		}
		return nil
	}
	officer, judge := actor("officer1", market), actor("supervisor1", justice)
	if officer == nil || judge == nil {
		return fmt.Errorf("complaints: demo accounts missing")
	}
	judge.ScopePath = city.Path
	// on returns the app as of 10:00 on the working day daysAgo calendar days back, with
	// the public form's proof of work at its lowest difficulty.
	on := func(daysAgo int) *app.App {
		at := workdayOn(s.today.AddDays(-daysAgo)).Time().Add(10 * time.Hour)
		if at.After(s.a.Now()) {
			at = s.a.Now()
		}
		b := s.a.WithClock(func() time.Time { return at })
		b.Supervision().SetAbuseControl(supervision.NewRateLimiter(1000, time.Hour, b.Now),
			supervision.NewRateLimiter(1000, time.Hour, b.Now), supervision.NewPoW(0, time.Hour, b.Now))
		return b
	}
	public := app.WithActor(s.ctx, &app.Actor{IP: "203.0.113.10"})
	submit := func(b *app.App, in supervision.ComplaintInput) (int64, error) {
		ch := b.Supervision().Challenge()
		in.Challenge, in.Nonce = ch.Challenge, supervision.Solve(ch.Challenge, ch.Bits)
		rc, err := b.Supervision().Submit(public, in, nil)
		if err != nil {
			return 0, err
		}
		return s.complaintID(app.WithActor(s.ctx, officer), b, rc.Number, judge)
	}
	intake := func(b *app.App, in supervision.ComplaintInput) (int64, error) {
		rc, err := b.Supervision().Intake(app.WithActor(s.ctx, officer), in)
		if err != nil {
			return 0, err
		}
		return s.complaintID(app.WithActor(s.ctx, officer), b, rc.Number, judge)
	}
	act := func(b *app.App, as *app.Actor, id int64, action string, in supervision.ActionInput) error {
		ctx := app.WithActor(s.ctx, as)
		v, err := b.Supervision().Complaint(ctx, id)
		if err != nil {
			return err
		}
		in.Version = v.Version
		_, err = b.Supervision().Act(ctx, id, action, in)
		return err
	}
	named := func(kind zhifa.ComplaintKind, target, content string) supervision.ComplaintInput {
		return supervision.ComplaintInput{Kind: kind, Subject: zhifa.ComplaintAboutEnterprise, AgencyID: market.ID, Target: target,
			Content: content, Request: "请依法查处", Named: true, Name: "周慧敏", Phone: "13904110021", Address: "东港市港城区兴港路18号"}
	}

	// Received twelve days ago from the portal, not yet decided: acceptance overdue.
	if _, err := submit(on(12), named(zhifa.ComplaintKindComplaint, "东港市鑫源超市", "购买的酸奶已过保质期，要求退货赔偿，商家拒绝。")); err != nil {
		return fmt.Errorf("complaints: overdue: %w", err)
	}
	// Received two days ago, anonymous report: within its period.
	anon := supervision.ComplaintInput{Kind: zhifa.ComplaintKindReport, Subject: zhifa.ComplaintAboutEnterprise, AgencyID: market.ID,
		Target: "港城区某无名餐馆", Content: "后厨卫生条件差，使用来源不明的食用油。"}
	if _, err := submit(on(2), anon); err != nil {
		return fmt.Errorf("complaints: anonymous: %w", err)
	}
	// From 12345, accepted, the reply running.
	hot := named(zhifa.ComplaintKindComplaint, "东港市佳美家电商场", "购买的空调安装后不制冷，商场拒绝维修。")
	hot.Channel, hot.ExternalRef = zhifa.Channel12345, "DG12345-2026-0815"
	id, err := intake(on(9), hot)
	if err == nil {
		err = act(on(6), officer, id, "accept", supervision.ActionInput{ReplyDays: 15})
	}
	if err != nil {
		return fmt.Errorf("complaints: accepted: %w", err)
	}
	// Refused: not a consumer dispute (暂行办法第十五条第三项).
	id, err = submit(on(20), named(zhifa.ComplaintKindComplaint, "东港市宏达建材公司", "公司采购的钢材规格不符，要求对方赔偿。"))
	if err == nil {
		err = act(on(17), officer, id, "refuse", supervision.ActionInput{
			Reply: "经审查，您反映的是经营活动中的合同纠纷，不属于为生活消费需要购买商品的消费者权益争议，依据《市场监督管理投诉举报处理暂行办法》第十五条第三项不予受理，可依法向人民法院起诉或申请仲裁。"})
	}
	if err != nil {
		return fmt.Errorf("complaints: refused: %w", err)
	}
	// Replied: accepted, handled, answered.
	id, err = submit(on(30), named(zhifa.ComplaintKindReport, "东港市百味熟食店", "销售的熟食未标注生产日期。"))
	if err == nil {
		err = act(on(28), officer, id, "accept", supervision.ActionInput{})
	}
	if err == nil {
		err = act(on(21), officer, id, "reply", supervision.ActionInput{Reply: "经现场检查，该店已改正标签问题，我局已责令改正并予以警告。感谢您的监督。"})
	}
	if err != nil {
		return fmt.Errorf("complaints: replied: %w", err)
	}
	// A complaint about enforcement conduct: to the justice bureau.
	conduct := supervision.ComplaintInput{Kind: zhifa.ComplaintKindComplaint, Subject: zhifa.ComplaintAboutConduct, AgencyID: market.ID,
		Target: "东港市市场监督管理局执法人员", Content: "执法人员检查时未出示执法证件。", Named: true, Name: "吴建华", Phone: "13804110035"}
	if _, err := submit(on(3), conduct); err != nil {
		return fmt.Errorf("complaints: conduct: %w", err)
	}
	if !s.a.HasEvidenceStorage() {
		return nil // no cases without evidence storage (seedCases)
	}
	// A named report that opened a case today.
	if err := s.complaintCase(on(0), officer, named(zhifa.ComplaintKindReport, "东港市福满楼酒店", "酒店销售的海鲜来源不明，无进货票据。"), submit); err != nil {
		return fmt.Errorf("complaints: case: %w", err)
	}
	if err := s.revokedDecision(on(0), officer); err != nil {
		return fmt.Errorf("complaints: reconsideration: %w", err)
	}
	return nil
}

// complaintID finds a complaint by number among the newest of the market bureau and of
// the justice bureau.
func (s *seeder) complaintID(ctx context.Context, b *app.App, number string, judge *app.Actor) (int64, error) {
	for _, c := range []context.Context{ctx, app.WithActor(s.ctx, judge)} {
		page, err := b.Supervision().Complaints(c, supervision.ListFilter{})
		if err != nil {
			return 0, err
		}
		for _, it := range page.Items {
			if it.Number == number {
				return it.ID, nil
			}
		}
	}
	return 0, fmt.Errorf("complaint %s not listed", number)
}

// complaintCase submits a named report and files a case from it, handled by two
// eligible officers on a penalty item of the market bureau.
func (s *seeder) complaintCase(b *app.App, officer *app.Actor, in supervision.ComplaintInput, submit func(*app.App, supervision.ComplaintInput) (int64, error)) error {
	id, err := submit(b, in)
	if err != nil {
		return err
	}
	ctx := app.WithActor(s.ctx, officer)
	officers, err := b.CaseOfficers(ctx)
	if err != nil {
		return err
	}
	items, err := b.Catalog().Items(s.ctx, zhifa.ItemFilter{AgencyID: officer.AgencyID, Category: zhifa.CatPenalty, Page: zhifa.Page{Limit: 200}})
	if err != nil {
		return err
	}
	today := zhifa.DateOf(b.Now())
	for _, it := range preferItems(items.Items, "进货查验") { // the complaint reports goods without invoices
		pool := eligibleFor(officers, it.Domain)
		if len(pool) < 2 {
			continue
		}
		_, err := b.FileCase(ctx, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: it.Code,
			Officers: pool[:2], OccurredOn: today.AddDays(-7), DiscoveredOn: today,
			Parties: []app.PartyInput{{Kind: zhifa.PartyOrg, Name: in.Target, CreditCode: "91210681MA0QC8XX5R"}},
			Facts:   itemFacts("根据实名举报，执法人员检查发现当事人销售的海鲜无法提供进货票据", it.Name, in.Target), ComplaintID: id})
		if err == nil {
			s.filed++
		}
		return err
	}
	return fmt.Errorf("no penalty item with two eligible officers")
}

// revokedDecision records against a decided case of the market bureau a reconsideration
// received a month ago that revoked the decision five days ago.
func (s *seeder) revokedDecision(b *app.App, officer *app.Actor) error {
	ctx := app.WithActor(s.ctx, officer)
	for _, st := range []zhifa.Stage{zhifa.StageArchive, zhifa.StageClose, zhifa.StageExecute, zhifa.StageServe} {
		list, err := b.Cases(ctx, app.CaseFilter{Stage: st, Kind: zhifa.CasePenalty, Page: zhifa.Page{Limit: 100}})
		if err != nil {
			return err
		}
		for _, c := range list.Cases {
			if c.AgencyID != officer.AgencyID || c.State.DecidedOn.IsZero() {
				continue
			}
			received := c.State.DecidedOn.AddDays(10)
			if !received.Before(s.today.AddDays(-10)) {
				continue
			}
			r, err := b.Supervision().RecordReview(ctx, c.ID, supervision.ReviewInput{Kind: zhifa.ReviewReconsideration,
				Applicant: "当事人", Body: "东港市人民政府", ReceivedOn: received, CopyReceivedOn: received, AcceptedOn: received})
			if err != nil {
				return err
			}
			in := supervision.ReviewInput{Version: r.Version, CopyReceivedOn: received, AnsweredOn: received.AddDays(5), AcceptedOn: received,
				Outcome: zhifa.OutcomeRevoke, OutcomeOn: s.today.AddDays(-5),
				Summary: "复议机关认为原处罚决定认定事实不清、证据不足，决定撤销，责令重新作出行政行为。"}
			if _, err = b.Supervision().UpdateReview(ctx, r.ID, in); err != nil {
				return err
			}
			s.revokedCase = c.ID // its fault review is decided in fault.go
			return s.withdrawRevokedDecision(c.ID, in.OutcomeOn)
		}
	}
	return fmt.Errorf("no decided case of the market bureau")
}
