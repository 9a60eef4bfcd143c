package demo

import (
	"context"
	"fmt"
	"slices"

	"zhifa"
	"zhifa/app"
	"zhifa/app/review"
	"zhifa/law"
)

// The legal-review setup of the demo city (issue #5, REQUIREMENTS E2, E3, B5): the market
// bureau publishes its major-decision catalog (重大执法决定法制审核目录清单) as a template, the
// 开发区分局 adopts and tightens it, and the bureau's reviewers serve its sub-units as a pool.

// marketCatalog is the market bureau's catalog, modelled on published 市场监管 catalogs;
// the statutory cases (行政处罚法第五十八条第一款, 国办发〔2018〕118号 (十二)) apply anyway.
var marketCatalog = []zhifa.MajorRule{
	{Clause: "第一条第（一）项", Label: "对公民处以1万元以上、对法人或者其他组织处以10万元以上罚款的",
		Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, PersonFineFen: 1_000_000, OrgFineFen: 10_000_000},
	{Clause: "第一条第（二）项", Label: "没收违法所得、非法财物价值对公民1万元以上、对法人或者其他组织10万元以上的（没收较大数额财物）",
		Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, PersonValueFen: 1_000_000, OrgValueFen: 10_000_000},
	{Clause: "第一条第（三）项", Label: "降低资质等级、吊销许可证件的",
		Penalties: []string{"降低资质等级", "吊销许可证件"}},
	{Clause: "第一条第（四）项", Label: "责令停产停业、责令关闭、限制开展生产经营活动、限制从业的",
		Penalties: []string{"责令停产停业", "责令关闭", "限制开展生产经营活动", "限制从业"}},
	{Clause: "第二条", Label: "食品、药品安全领域查封、扣押财物价值对法人或者其他组织50万元以上的",
		Kinds: []zhifa.CaseKind{zhifa.CaseCompulsory}, Domains: []string{"食品安全", "药品安全"}, OrgValueFen: 50_000_000, PersonValueFen: 5_000_000},
}

// seedReview stores the catalogs and the reviewer pool.
func (s *seeder) seedReview() error {
	market := s.agencies["market"]
	dev := s.agencies["market-dev"]
	team := s.agencies["market-team"]
	if market == nil || dev == nil || team == nil {
		return fmt.Errorf("review: market bureau agencies missing")
	}
	if _, err := s.a.Review().SaveMajorCatalog(s.ctx, market.ID, review.CatalogInput{Version: 0, Template: true, Rules: marketCatalog,
		Materials: slices.Clone(law.DefaultMaterials), ReviewDays: law.ReviewDays,
		Note: "东港市市场监督管理局重大执法决定法制审核目录清单（供本系统各单位采用）"}); err != nil {
		return fmt.Errorf("market catalog: %w", err)
	}
	if _, err := s.a.Review().AdoptMajorTemplate(s.ctx, dev.ID, 0); err != nil {
		return fmt.Errorf("adopt template: %w", err)
	}
	// The 开发区分局 tightens: fines from 5,000 yuan for persons, 3 working days to review.
	tight := append([]zhifa.MajorRule(nil), marketCatalog...)
	tight[0].PersonFineFen = 500_000
	tight[0].Label = "对公民处以5000元以上、对法人或者其他组织处以10万元以上罚款的"
	if _, err := s.a.Review().SaveMajorCatalog(s.ctx, dev.ID, review.CatalogInput{Version: 1, Rules: tight,
		Materials: slices.Clone(law.DefaultMaterials), ReviewDays: 3,
		Note: "在市局模板基础上从严：对公民罚款5000元以上即须法制审核；审核时限3个工作日"}); err != nil {
		return fmt.Errorf("tighten catalog: %w", err)
	}
	var reviewers []int64
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Role == zhifa.RoleReviewer && u.AgencyID == market.ID {
			reviewers = append(reviewers, u.ID)
		}
	}
	if _, err := s.a.Review().SaveReviewPool(s.ctx, 0, review.PoolInput{AgencyID: market.ID, Name: "东港市市场监督管理局法制审核人员统筹调用库",
		Agencies: []int64{market.ID, team.ID, dev.ID}, Reviewers: reviewers}); err != nil {
		return fmt.Errorf("review pool: %w", err)
	}
	return nil
}

// legalReview adds, before the decision, the legal review of a case whose decision is
// major (E1): the handler records the investigation report and the evidence list (and the
// hearing record after a hearing) and submits them; reviewer1 finds every review point in
// order and agrees; the head approves the proposal reviewed. A case that is not major
// gets nothing.
func (p *planner) legalReview() {
	p.after(1, func(ctx context.Context, b *app.App, r *caseRun) error {
		v, err := b.Case(ctx, r.id)
		if err != nil || !v.Major {
			return err
		}
		// The report and the evidence list are drawn up in the case as documents and
		// submitted as the records of their issue; the hearing record is a record.
		// The party's statement taken in the investigation is evidence of every case
		// (行政处罚法第四十六条: 当事人的陈述), listed by the evidence list.
		if _, err := b.AddRecord(ctx, r.id, app.RecordInput{Kind: zhifa.RecordDocument, Title: "当事人询问笔录", Act: "review"}); err != nil {
			return err
		}
		mats := []app.MaterialInput{}
		for _, code := range []string{law.MatReport, law.MatEvidence} {
			d, err := p.issued(ctx, b, r, law.MaterialDocument(code))
			if err != nil {
				return fmt.Errorf("%s: %w", law.MaterialDocument(code).Label(), err)
			}
			mats = append(mats, app.MaterialInput{Code: code, RecordID: d.RecordID})
		}
		if v.State.HearingHeld {
			rec, err := b.AddRecord(ctx, r.id, app.RecordInput{Kind: zhifa.RecordDocument, Title: "听证笔录", Act: "review"})
			if err != nil {
				return err
			}
			mats = append(mats, app.MaterialInput{Code: law.MatHearing, RecordID: rec.ID})
		}
		if v, err = b.Case(ctx, r.id); err != nil {
			return err
		}
		if v, err = b.Act(ctx, r.id, zhifa.ActSubmitReview, app.ActionInput{Version: v.Version, Review: &app.ReviewInput{Materials: mats}}); err != nil {
			return err
		}
		rctx := p.reviewer
		if rctx == nil {
			if rctx, err = p.s.reviewerContext(b); err != nil {
				return err
			}
		}
		var findings []zhifa.ReviewFinding
		for _, pt := range law.ReviewPoints {
			findings = append(findings, zhifa.ReviewFinding{Point: pt, OK: true})
		}
		if v, err = b.Act(rctx, r.id, zhifa.ActReviewOpinion, app.ActionInput{Version: v.Version, Review: &app.ReviewInput{
			Findings: findings, Opinion: law.OpinionAgree, OpinionText: "经审核，执法主体合法，程序合法，事实清楚，证据确实充分，适用依据正确，裁量适当，同意拟处理决定。"}}); err != nil {
			return err
		}
		r.version = v.Version
		return p.approveByHead(ctx, b, r, "approve", app.ActionInput{})
	})
}

// reviewerContext acts as reviewer1 of the market bureau.
func (s *seeder) reviewerContext(b *app.App) (context.Context, error) {
	market := s.agencyByName(marketBureau)
	users, err := b.Users(s.ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.Login == "reviewer1" {
			return app.WithActor(s.ctx, &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: market.ID,
				AgencyPath: market.Path, ScopePath: market.Path, IP: "127.0.0.1"}), nil
		}
	}
	return nil, fmt.Errorf("no reviewer1")
}

// collectiveDiscussion adds, days later, the heads' collective discussion where the
// decision needs one (行政处罚法第五十七条第二款, law.DiscussionRequired: a major decision,
// a case after a hearing, a case the agency sent to discussion), approved by the head.
func (p *planner) collectiveDiscussion(days int) {
	p.after(days, func(ctx context.Context, b *app.App, r *caseRun) error {
		v, err := b.Case(ctx, r.id)
		if err != nil {
			return err
		}
		if need, _ := law.DiscussionRequired(&v.State, v.Major); !need || v.State.Discussed {
			return nil
		}
		// The discussion is the head's own act (issue 9 §1): the handler asks head1.
		r.version = v.Version
		return p.approveByHead(ctx, b, r, "discuss", app.ActionInput{})
	})
}
