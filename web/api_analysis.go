package web

import (
	"context"
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/analysis"
)

// The analytic-warnings context's API (issue 14): the warnings found by the rules in the
// reader's scope, and their handling — the agency's explanation and rectification, the
// supervisor's 督办 and closing.

func (s *Server) analysisAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) apiOp, with func(apiOp, func(*apiOp)) apiOp) []apiOp {
	act := func(name, summary, desc string, fn func(context.Context, int64, analysis.Input) (*analysis.View, error)) apiOp {
		return with(op("POST", "/analysis/warnings/{id}/"+name, app.PermStaff, summary, s.apiAnalysisAct(fn)), func(o *apiOp) {
			o.Desc, o.Body, o.Resp = desc, analysis.Input{}, analysis.View{}
		})
	}
	return []apiOp{
		with(op("GET", "/analysis/warnings", app.PermStaff, "分析预警列表", s.apiAnalysisWarnings), func(o *apiOp) {
			o.Desc = "同案不同罚、同一执法人员反复不予处罚或撤案、超期调查后不予处罚或撤案、执法人员超出证件执法领域、五年未实施的执法事项、投诉举报集中、重大决定未经法制审核、缺少法定音像记录等分析预警，各附所依据的规则和证据，" +
				"列入突出问题清单的附 problem_id。监督人员看管辖范围内的，执法机关看本机关的；按发现先后倒序分页，next 为下一页的 cursor。"
			o.Query = []apiParam{{"kind", "string", "预警类型：fine_outlier、repeated_endings、long_no_penalty、outside_certificate、idle_item、complaint_cluster、missing_review、missing_av"}, {"state", "string", "处理状态：open、explained、rectified、escalated、closed"},
				{"agency_id", "integer", "执法机关"}, {"cursor", "string", "分页位置"}}
			o.Resp = analysis.Page{}
		}),
		with(op("GET", "/analysis/warnings/{id}", app.PermStaff, "分析预警详情", s.apiAnalysisWarning), func(o *apiOp) { o.Resp = analysis.View{} }),
		act("explain", "说明预警理由", "本机关负责人说明理由（reason）。", s.app.Analysis().Explain),
		act("rectify", "报告预警整改", "本机关负责人报告整改情况（reason）。", s.app.Analysis().Rectify),
		act("escalate", "督办预警", "司法行政部门执法监督人员督办：督办要求（reason）和期限（days，1至60个工作日）。", s.app.Analysis().Escalate),
		act("close", "办结预警", "司法行政部门执法监督人员办结（reason）。", s.app.Analysis().Close),
		with(op("POST", "/analysis/run", app.PermSupervise, "运行定期分析预警", s.apiAnalysisRun), func(o *apiOp) {
			o.Desc = "司法行政部门执法监督人员对管辖范围运行定期规则：连续五年未实施的执法事项；统计期间（complaint_days，7至730日，默认90）内针对同一对象的投诉举报达到 complaint_threshold 件（2至100，默认3）；已报送备案的重大行政处罚决定没有审核通过的法制审核；查封扣押等法定全程音像记录的行为没有音像记录。" +
				"已办结的同一发现不再重新打开。"
			o.Body, o.Resp = analysis.RunInput{}, analysis.RunResult{}
		}),
	}
}

func (s *Server) apiAnalysisWarnings(w http.ResponseWriter, r *http.Request) {
	q := newAPIQuery(r)
	f := analysis.Filter{Kind: zhifa.AnalysisKind(q.text("kind")), State: zhifa.AnalysisState(q.text("state")),
		AgencyID: q.id("agency_id"), Cursor: q.text("cursor")}
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	page, err := s.app.Analysis().List(r.Context(), f)
	apiReply(w, r, http.StatusOK, page, err)
}

func (s *Server) apiAnalysisWarning(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Analysis().Get(r.Context(), id)
	apiReply(w, r, http.StatusOK, v, err)
}

// apiAnalysisAct is the handler of one handling act.
func (s *Server) apiAnalysisAct(fn func(context.Context, int64, analysis.Input) (*analysis.View, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := apiID(r, "id")
		if err != nil {
			writeError(w, r, err)
			return
		}
		var in analysis.Input
		if err := decodeJSON(w, r, &in); err != nil {
			writeError(w, r, err)
			return
		}
		v, err := fn(r.Context(), id, in)
		apiReply(w, r, http.StatusOK, v, err)
	}
}

func (s *Server) apiAnalysisRun(w http.ResponseWriter, r *http.Request) {
	var in analysis.RunInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	res, err := s.app.Analysis().Run(r.Context(), in)
	apiReply(w, r, http.StatusOK, res, err)
}
