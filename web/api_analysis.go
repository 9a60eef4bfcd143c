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
			o.Desc = "同案不同罚、同一执法人员反复不予处罚或撤案等分析预警，各附所依据的规则和证据。监督人员看管辖范围内的，执法机关看本机关的；按发现先后倒序分页，next 为下一页的 cursor。"
			o.Query = []apiParam{{"kind", "string", "预警类型：fine_outlier、repeated_endings"}, {"state", "string", "处理状态：open、explained、rectified、escalated、closed"},
				{"agency_id", "integer", "执法机关"}, {"cursor", "string", "分页位置"}}
			o.Resp = analysis.Page{}
		}),
		with(op("GET", "/analysis/warnings/{id}", app.PermStaff, "分析预警详情", s.apiAnalysisWarning), func(o *apiOp) { o.Resp = analysis.View{} }),
		act("explain", "说明预警理由", "本机关负责人说明理由（reason）。", s.App.Analysis().Explain),
		act("rectify", "报告预警整改", "本机关负责人报告整改情况（reason）。", s.App.Analysis().Rectify),
		act("escalate", "督办预警", "司法行政部门执法监督人员督办：督办要求（reason）和期限（days，1至60个工作日）。", s.App.Analysis().Escalate),
		act("close", "办结预警", "司法行政部门执法监督人员办结（reason）。", s.App.Analysis().Close),
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
	page, err := s.App.Analysis().List(r.Context(), f)
	apiReply(w, r, http.StatusOK, page, err)
}

func (s *Server) apiAnalysisWarning(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.App.Analysis().Get(r.Context(), id)
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
