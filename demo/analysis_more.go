package demo

import (
	"context"
	"fmt"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/analysis"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/app/supervision"
	"zhifa/idcode"
)

// seedWarnings gives the demo city a warning of each further analytic kind (issue
// 14): a case withdrawn after its decision period, a proposal made while one of the
// case's officers had his certificate suspended, three reports about one enterprise and
// two catalog items unused for six years (the periodic run), and then the supervisor's
// 督办 of the first and a prominent problem raised from the complaint cluster. Like
// seedAnalysis it needs evidence storage and the demo's own plan.
func (s *seeder) seedWarnings() error {
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
	judge := app.WithActor(s.ctx, actors["supervisor1"])
	item, officers, err := s.analysisItem(officer, market)
	if err != nil {
		return err
	}
	for _, step := range []func() error{
		func() error { return s.seedLongWithdrawal(officer, head, item, officers) },
		func() error { return s.seedSuspendedOfficer(officer, market, item, officers[0]) },
		func() error { return s.seedClusteredReports(officer, market) },
		func() error { return s.seedIdleItems(market) },
		func() error { return s.seedHistorical(head, item) }, // carried-over cases (historical.go)
	} {
		if err := step(); err != nil {
			return fmt.Errorf("analysis: %w", err)
		}
	}
	if _, err := s.a.Analysis().Run(judge, analysis.RunInput{}); err != nil {
		return fmt.Errorf("analysis: run: %w", err)
	}
	return s.handleMoreWarnings(judge)
}

// seedLongWithdrawal files a case 120 days ago and withdraws it today, 30 days after its
// decision period (行政处罚法第六十条) ran out.
func (s *seeder) seedLongWithdrawal(officer, head context.Context, item caseItem, officers []int64) error {
	at := s.today.AddDays(-120).Time().Add(10 * time.Hour)
	then := s.a.WithClock(func() time.Time { return at })
	v, err := then.FileCase(officer, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: item.code,
		Officers: officers, OccurredOn: s.today.AddDays(-130), Facts: "接群众举报，" + item.name + "，需调取外地检验报告",
		Parties: []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市远洋冷链物流有限公司", CreditCode: creditCodeOf(81)}}})
	if err != nil {
		return fmt.Errorf("long withdrawal: file: %w", err)
	}
	if v, err = then.Act(officer, v.ID, "investigate", app.ActionInput{Version: v.Version}); err != nil {
		return fmt.Errorf("long withdrawal: investigate: %w", err)
	}
	if _, err := s.a.Act(head, v.ID, "withdraw", app.ActionInput{Version: v.Version, Reason: "检验报告认定产品合格，违法事实不能成立"}); err != nil {
		return fmt.Errorf("long withdrawal: withdraw: %w", err)
	}
	return nil
}

// seedSuspendedOfficer adds an officer certified for the item's domain, files a case
// with him and officer1's colleague, suspends his certificate after the investigation
// (年审不合格) and lets the case go on to its proposal: the rule finds the step taken
// with an officer outside his certificate.
func (s *seeder) seedSuspendedOfficer(officer context.Context, market *zhifa.Agency, item caseItem, colleague int64) error {
	birth := time.Date(1988, time.May, 17, 0, 0, 0, 0, zhifa.CST)
	id, err := idcode.NewPersonID(birthRegions[0], birth, 731)
	if err != nil {
		return err
	}
	o, err := s.a.Personnel().CreateOfficer(s.ctx, personnel.OfficerInput{AgencyID: market.ID, Name: "冯立新", IDNumber: id.String(),
		Phone: "13905439731", Position: "执法队员", Domains: []string{item.domain}, ExamPassed: true,
		ExamDate: addYears(s.today, -3, 0), Active: true})
	if err != nil {
		return fmt.Errorf("officer: %w", err)
	}
	from := addYears(s.today, -2, 0)
	cert, err := s.a.Personnel().IssueCertificate(s.ctx, o.ID, personnel.CertInput{Number: fmt.Sprintf("%s%02d%06d", RegionCode, from.Year%100, 990731),
		Issuer: CityName, IssuedOn: from, ValidFrom: from, ValidUntil: addYears(from, 5, -1), Domains: []string{item.domain}})
	if err != nil {
		return fmt.Errorf("certificate: %w", err)
	}
	v, err := s.a.FileCase(officer, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: item.code,
		Officers: []int64{colleague, o.ID}, OccurredOn: s.today.AddDays(-15), Facts: "当事人" + item.name + "，现场检查发现",
		Parties: []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市顺达水产有限公司", CreditCode: creditCodeOf(82)}}})
	if err != nil {
		return fmt.Errorf("file: %w", err)
	}
	if v, err = s.a.Act(officer, v.ID, "investigate", app.ActionInput{Version: v.Version}); err != nil {
		return fmt.Errorf("investigate: %w", err)
	}
	if _, err := s.a.Personnel().ChangeCertificateState(s.ctx, cert.ID, zhifa.CertSuspended, "年度审验不合格"); err != nil {
		return fmt.Errorf("suspend: %w", err)
	}
	_, err = s.a.Act(officer, v.ID, "propose", app.ActionInput{Version: v.Version, Penalties: []string{"罚款"}, Fine: item.lo,
		Reason: "违法事实清楚，依法予以罚款"})
	if err != nil {
		return fmt.Errorf("propose: %w", err)
	}
	return nil
}

// seedClusteredReports takes three reports about one enterprise from the 12345 hotline.
func (s *seeder) seedClusteredReports(officer context.Context, market *zhifa.Agency) error {
	for i, content := range []string{"该公司冷库存放的冻品无中文标签", "该公司销售的冻虾疑似过期", "该公司夜间从外地运入来源不明的冻品"} {
		_, err := s.a.Supervision().Intake(officer, supervision.ComplaintInput{Kind: zhifa.ComplaintKindReport,
			Subject: zhifa.ComplaintAboutEnterprise, AgencyID: market.ID, Target: "东港市北岸冷冻食品有限公司", Content: content,
			Channel: zhifa.Channel12345, ExternalRef: fmt.Sprintf("12345-%d-%04d", s.today.Year, 8801+i)})
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// seedIdleItems adds two items to the bureau's catalog six years ago, copies of a
// penalty item's legal basis under their own names, that no case has used since.
func (s *seeder) seedIdleItems(market *zhifa.Agency) error {
	list, err := s.a.Catalog().Items(s.ctx, zhifa.ItemFilter{AgencyID: market.ID, Category: zhifa.CatPenalty, Page: zhifa.Page{Limit: 1}})
	if err != nil || len(list.Items) == 0 {
		return fmt.Errorf("idle items: no penalty item: %v", err)
	}
	base := list.Items[0]
	at := addYears(s.today, -6, 0).Time().Add(10 * time.Hour)
	then := s.a.WithClock(func() time.Time { return at })
	for i, name := range []string{"对经营者未按规定建立进货查验记录的处罚（原条款）", "对经营者未按规定公示食品经营许可证的处罚（原条款）"} {
		_, err := then.Catalog().CreateItem(s.ctx, catalog.ItemInput{Code: fmt.Sprintf("%s-L%d", base.Code, i+1), Name: name,
			Category: zhifa.CatPenalty, AgencyID: market.ID, Domain: base.Domain, Basis: base.Basis, Procedure: base.Procedure,
			TimeLimit: base.TimeLimit, Remedy: base.Remedy, Flowchart: base.Flowchart, Note: "机构改革前承接的事项"})
		if err != nil {
			return fmt.Errorf("idle item: %w", err)
		}
	}
	return nil
}

// handleMoreWarnings orders the long withdrawal handled in ten working days and raises
// the complaint cluster as a prominent problem.
func (s *seeder) handleMoreWarnings(judge context.Context) error {
	for _, kind := range []zhifa.AnalysisKind{zhifa.AnalysisLongNoPenalty, zhifa.AnalysisComplaintCluster} {
		page, err := s.a.Analysis().List(judge, analysis.Filter{Kind: kind, Limit: 1})
		if err != nil {
			return err
		}
		if len(page.Items) == 0 {
			return fmt.Errorf("analysis: no %s warning", kind)
		}
		w := page.Items[0]
		switch kind {
		case zhifa.AnalysisLongNoPenalty:
			_, err = s.a.Analysis().Escalate(judge, w.ID, analysis.Input{Days: 10,
				Reason: "请说明该案超过办案期限的原因及撤案依据，并对超期办案问题进行整改。"})
		case zhifa.AnalysisComplaintCluster:
			_, err = s.a.Supervision().OpenProblem(judge, supervision.ProblemInput{Source: zhifa.ProblemFromWarning, SourceID: w.ID,
				Title: "同一企业被集中举报", Detail: "三个月内同一冷冻食品企业被举报3次，请市场监管局集中核查该企业并报告处理结果。", Days: 15})
		}
		if err != nil {
			return err
		}
	}
	return nil
}
