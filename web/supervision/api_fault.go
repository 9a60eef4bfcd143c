package supervision

import (
	"net/http"

	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/web/kit"
)

// The fault accountability API (过错责任追究, issue 14): a case's reviews, opening one and
// the justice bureau's decision.

func (s *Handlers) faultAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/cases/{id}/faults", app.PermStaff, "案件的过错责任追究", s.apiCaseFaults), func(o *kit.APIOp) {
			o.Desc = "能查看案件的人员可见；司法行政部门的执法监督人员另见本案承办、审核、审批人员，供认定责任人员时选择。"
			o.Resp = supervision.CaseFaults{}
		}),
		with(op("POST", "/cases/{id}/faults", app.PermSupervise, "启动过错责任追究", s.apiOpenFault), func(o *kit.APIOp) {
			o.Desc = "由司法行政部门的执法监督人员对管辖范围内的案件启动；复议、诉讼结果撤销、变更、确认违法或确认无效的，自动启动。每案同时只能有一件调查中的追究。"
			o.Body, o.Resp, o.Status = supervision.FaultOpenInput{}, supervision.FaultView{}, http.StatusCreated
		}),
		with(op("GET", "/faults/{id}", app.PermStaff, "过错责任追究详情", s.apiFault), func(o *kit.APIOp) { o.Resp = supervision.FaultView{} }),
		with(op("POST", "/faults/{id}/decision", app.PermSupervise, "作出过错责任追究决定", s.apiDecideFault), func(o *kit.APIOp) {
			o.Desc = "finding：facts_unclear、evidence_insufficient、wrong_basis、procedure_illegal、abuse_of_power、other；responsible：从案件详情 candidates 的 key 中选择；grounds：考虑的尽职免责情形；sanction：none、criticism、selfreview、notice、training、suspend、revoke。暂扣、收回执法证件和离岗培训同时变更责任人员的执法证件状态。"
			o.Body, o.Resp = supervision.FaultDecisionInput{}, supervision.FaultView{}
		}),
	}
}

func (s *Handlers) apiCaseFaults(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().CaseFaults(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiOpenFault(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in supervision.FaultOpenInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().OpenFault(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiFault(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().FaultReview(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiDecideFault(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in supervision.FaultDecisionInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().DecideFault(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}
