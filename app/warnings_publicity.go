package app

import (
	"context"
	"fmt"

	"zhifa/app/publicity"
)

// WarnPublishOverdue: decisions of an agency past their publication period, or published
// ones not withdrawn within three working days after they fell (C3, C4; app/publicity).
const WarnPublishOverdue = "publish_overdue"

// WarnAnnualReport: an agency has not published last year's annual report; from 1
// January until it does (国办发〔2018〕118号（六）; app/report).
const WarnAnnualReport = "annual_report"

// publicityWarnings are the overdue-publication warnings of the agencies in scope.
func (a *App) publicityWarnings(ctx context.Context) ([]Warning, error) {
	reports, err := a.reportWarnings(ctx)
	if err != nil {
		return nil, err
	}
	overdue, err := a.publicity.OverdueWarnings(ctx)
	if err != nil || len(overdue) == 0 {
		return reports, err
	}
	out := make([]Warning, 0, len(overdue))
	for _, o := range overdue {
		msg := fmt.Sprintf("%d件执法决定逾期未公示或未按期撤回公示", o.Count)
		if o.AtLeast {
			msg = fmt.Sprintf("至少%d件执法决定逾期未公示或未按期撤回公示（逾期件数较多，待公示、待审批和待撤回的各只统计了最早逾期的%d件，实际数量更多）",
				o.Count, publicity.OverdueRead)
		}
		out = append(out, Warning{Kind: WarnPublishOverdue, AgencyID: o.AgencyID, Agency: o.Agency, Rule: o.Rule, Message: msg})
	}
	return append(out, reports...), nil
}

// reportWarnings are the agencies in scope that have not published last year's annual
// report (app/report).
func (a *App) reportWarnings(ctx context.Context) ([]Warning, error) {
	list, err := a.report.Warnings(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Warning, 0, len(list))
	for _, w := range list {
		msg := fmt.Sprintf("%d年度行政执法统计年报尚未公开，应于%s前公开", w.Year, w.Due.Chinese())
		if w.Overdue {
			msg = fmt.Sprintf("%d年度行政执法统计年报逾期未公开（应于%s前公开）", w.Year, w.Due.Chinese())
		}
		out = append(out, Warning{Kind: WarnAnnualReport, AgencyID: w.AgencyID, Agency: w.Agency, Rule: w.Rule, Message: msg})
	}
	return out, nil
}
