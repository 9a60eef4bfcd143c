package demo

import (
	"fmt"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
)

// Case-file evaluation of the demo city (案卷评查, issue 14; REQUIREMENTS F4): the justice
// bureau's evaluation of last year's closed cases (or, when the demo's cases closed none
// last year, of the twelve months before today) over every enforcement agency, drawn
// with a published seed, every file scored by the bureau's supervisor on the default
// checklist — most in full, some with deductions, one failed on a veto item — and the
// results published on the portal. Files with deductions owe a rectification; the market
// bureau has rectified one, the others are open.

// evaluationSample is how many files the demo's evaluation draws.
const evaluationSample = 12

// seedEvaluation adds the evaluation.
func (s *seeder) seedEvaluation() error {
	justice, city, market := s.agencyByName(justiceBureau), s.agencyByName(CityName), s.agencyByName(marketBureau)
	if justice == nil || city == nil || market == nil {
		return fmt.Errorf("evaluation: agencies missing")
	}
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return err
	}
	var judge, officer *app.Actor
	for _, u := range users {
		switch u.Login {
		case "supervisor1":
			judge = &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: justice.ID,
				AgencyPath: justice.Path, ScopePath: city.Path, IP: "127.0.0.1"}
		case "officer1":
			officer = &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: market.ID,
				AgencyPath: market.Path, ScopePath: market.Path, IP: "127.0.0.1"}
		}
	}
	if judge == nil || officer == nil {
		return fmt.Errorf("evaluation: demo accounts missing")
	}
	sv, ctx := s.a.Supervision(), app.WithActor(s.ctx, judge)
	choices, err := sv.EvaluationChoices(ctx)
	if err != nil {
		return err
	}
	in := supervision.EvaluationInput{Kinds: []zhifa.CaseKind{zhifa.CasePenalty, zhifa.CaseCompulsory, zhifa.CaseInspection},
		SampleSize: evaluationSample, EvaluatorIDs: []int64{judge.UserID}}
	for _, ag := range choices.Agencies {
		in.AgencyIDs = append(in.AgencyIDs, ag.ID)
	}
	year := s.today.Year - 1
	in.Title = fmt.Sprintf("%d年度行政执法案卷评查", year)
	in.From, in.To = zhifa.Date{Year: year, Month: 1, Day: 1}, zhifa.Date{Year: year, Month: 12, Day: 31}
	in.Seed = fmt.Sprintf("东港市司法局-%d年度案卷评查", year)
	ev, err := sv.CreateEvaluation(ctx, in)
	if zhifa.ErrorCode(err) == zhifa.EINVALID && zhifa.ErrorFields(err)["to"] != "" {
		// No case closed last year: the twelve months before today instead.
		in.Title = "近一年行政执法案卷评查"
		in.From, in.To = s.today.AddDays(-365), s.today
		in.Seed = "东港市司法局-近一年案卷评查"
		ev, err = sv.CreateEvaluation(ctx, in)
	}
	if zhifa.ErrorCode(err) == zhifa.EINVALID && zhifa.ErrorFields(err)["to"] != "" {
		return nil // a demo without closed cases has nothing to evaluate
	}
	if err != nil {
		return err
	}
	for i, f := range ev.Files {
		if _, err := sv.ScoreFile(ctx, f.ID, supervision.ScoreInput{Version: f.Version, Scores: demoScores(ev.Items, i)}); err != nil {
			return fmt.Errorf("evaluation: score %s: %w", f.CaseNumber, err)
		}
	}
	// The market bureau rectifies its first file with findings.
	octx := app.WithActor(s.ctx, officer)
	page, err := sv.EvalFiles(octx, supervision.FileListFilter{View: "agency", Open: true})
	if err != nil {
		return err
	}
	if len(page.Items) > 0 {
		f := page.Items[len(page.Items)-1]
		if _, err := sv.Rectify(octx, f.ID, supervision.RectifyInput{Version: f.Version,
			Rectification: "已补正卷内材料，组织全体执法人员学习案卷制作规范"}); err != nil {
			return fmt.Errorf("evaluation: rectify: %w", err)
		}
	}
	v, err := sv.Evaluation(ctx, ev.ID)
	if err != nil {
		return err
	}
	_, err = sv.PublishEvaluation(ctx, ev.ID, v.Version)
	return err
}

// demoFindings are the problems the demo's evaluator notes, by checklist code.
var demoFindings = map[string]string{
	"4":  "现场检查笔录未记载出示执法证件情况",
	"6":  "送达回证缺少受送达人签名",
	"11": "未说明适用裁量基准的理由",
	"12": "处罚决定书未载明履行方式",
	"14": "卷内文件目录与材料不一致",
}

// demoScores scores the i-th file: every third in full, the others with one or two
// deductions, the fifth failed on the veto item of facts and evidence.
func demoScores(items []zhifa.EvalItem, i int) []zhifa.EvalScore {
	out := make([]zhifa.EvalScore, len(items))
	for j, it := range items {
		out[j] = zhifa.EvalScore{Code: it.Code}
		switch {
		case i == 4 && it.Code == "8":
			out[j].Veto, out[j].Note = true, "认定违法事实的主要证据缺失"
		case i%3 != 0 && demoFindings[it.Code] != "" && (j+i)%2 == 0:
			out[j].Deduct, out[j].Note = min(it.Points, 2+i%3), demoFindings[it.Code]
		}
	}
	return out
}
