package analysis

import (
	"context"
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/analysis"
	"zhifa/web/kit"
)

// The analytic-warnings context's API (issue 14): the warnings found by the rules in the
// reader's scope, and their handling — the agency's explanation and rectification, the
// supervisor's 督办 and closing.

func (s *Handlers) AnalysisAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	act := func(name, summary, desc string, fn func(context.Context, int64, analysis.Input) (*analysis.View, error)) kit.APIOp {
		return with(op("POST", "/analysis/warnings/{id}/"+name, app.PermStaff, summary, s.apiAnalysisAct(fn)), func(o *kit.APIOp) {
			o.Desc, o.Body, o.Resp = desc, analysis.Input{}, analysis.View{}
		})
	}
	return []kit.APIOp{
		with(op("GET", "/analysis/warnings", app.PermStaff, "分析预警列表", s.apiAnalysisWarnings), func(o *kit.APIOp) {
			o.Desc = "同案不同罚、同一执法人员反复不予处罚或撤案等分析预警，各附所依据的规则和证据。监督人员看管辖范围内的，执法机关看本机关的；按发现先后倒序分页，next 为下一页的 cursor。"
			o.Query = []kit.APIParam{{Name: "kind", Type: "string", Desc: "预警类型：fine_outlier、repeated_endings"}, {Name: "state", Type: "string", Desc: "处理状态：open、explained、rectified、escalated、closed"},
				{Name: "agency_id", Type: "integer", Desc: "执法机关"}, {Name: "cursor", Type: "string", Desc: "分页位置"}}
			o.Resp = analysis.Page{}
		}),
		with(op("GET", "/analysis/warnings/{id}", app.PermStaff, "分析预警详情", s.apiAnalysisWarning), func(o *kit.APIOp) { o.Resp = analysis.View{} }),
		act("explain", "说明预警理由", "本机关负责人说明理由（reason）。", s.App.Analysis().Explain),
		act("rectify", "报告预警整改", "本机关负责人报告整改情况（reason）。", s.App.Analysis().Rectify),
		act("escalate", "督办预警", "司法行政部门执法监督人员督办：督办要求（reason）和期限（days，1至60个工作日）。", s.App.Analysis().Escalate),
		act("close", "办结预警", "司法行政部门执法监督人员办结（reason）。", s.App.Analysis().Close),
	}
}

func (s *Handlers) apiAnalysisWarnings(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := analysis.Filter{Kind: zhifa.AnalysisKind(q.Text("kind")), State: zhifa.AnalysisState(q.Text("state")),
		AgencyID: q.ID("agency_id"), Cursor: q.Text("cursor")}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	page, err := s.App.Analysis().List(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, page, err)
}

func (s *Handlers) apiAnalysisWarning(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Analysis().Get(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

// apiAnalysisAct is the handler of one handling act.
func (s *Handlers) apiAnalysisAct(fn func(context.Context, int64, analysis.Input) (*analysis.View, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := kit.APIID(r, "id")
		if err != nil {
			kit.WriteError(w, r, err)
			return
		}
		var in analysis.Input
		if err := kit.DecodeJSON(w, r, &in); err != nil {
			kit.WriteError(w, r, err)
			return
		}
		v, err := fn(r.Context(), id, in)
		kit.APIReply(w, r, http.StatusOK, v, err)
	}
}
