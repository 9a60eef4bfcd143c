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
			o.Desc = "同案不同罚、同一执法人员反复不予处罚或撤案、超期调查后不予处罚或撤案、执法人员超出证件执法领域、五年未实施的执法事项、投诉举报集中、重大决定未经法制审核、缺少法定音像记录等分析预警，各附所依据的规则和证据，" +
				"列入突出问题清单的附 problem_id。监督人员看管辖范围内的，执法机关看本机关的；按发现先后倒序分页，next 为下一页的 cursor。"
			o.Query = []kit.APIParam{{Name: "kind", Type: "string", Desc: "预警类型：fine_outlier、repeated_endings、long_no_penalty、outside_certificate、idle_item、complaint_cluster、missing_review、missing_av"}, {Name: "state", Type: "string", Desc: "处理状态：open、explained、rectified、escalated、closed"},
				{Name: "agency_id", Type: "integer", Desc: "执法机关"}, {Name: "cursor", Type: "string", Desc: "分页位置"}}
			o.Resp = analysis.Page{}
		}),
		with(op("GET", "/analysis/warnings/{id}", app.PermStaff, "分析预警详情", s.apiAnalysisWarning), func(o *kit.APIOp) { o.Resp = analysis.View{} }),
		act("explain", "说明预警理由", "本机关负责人说明理由（reason）。", s.App.Analysis().Explain),
		act("rectify", "报告预警整改", "本机关负责人报告整改情况（reason）。", s.App.Analysis().Rectify),
		act("escalate", "督办预警", "司法行政部门执法监督人员督办：督办要求（reason）和期限（days，1至60个工作日）。", s.App.Analysis().Escalate),
		act("close", "办结预警", "司法行政部门执法监督人员办结（reason）。", s.App.Analysis().Close),
		with(op("POST", "/analysis/run", app.PermSupervise, "运行定期分析预警", s.apiAnalysisRun), func(o *kit.APIOp) {
			o.Desc = "司法行政部门执法监督人员对管辖范围运行定期规则：连续五年未实施的执法事项；统计期间（complaint_days，7至730日，默认90）内针对同一对象的投诉举报达到 complaint_threshold 件（2至100，默认3）；已报送备案的重大行政处罚决定没有审核通过的法制审核；查封扣押等法定全程音像记录的行为没有音像记录。" +
				"已办结的同一发现不再重新打开。"
			o.Body, o.Resp = analysis.RunInput{}, analysis.RunResult{}
		}),
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

func (s *Handlers) apiAnalysisRun(w http.ResponseWriter, r *http.Request) {
	var in analysis.RunInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	res, err := s.App.Analysis().Run(r.Context(), in)
	kit.APIReply(w, r, http.StatusOK, res, err)
}
