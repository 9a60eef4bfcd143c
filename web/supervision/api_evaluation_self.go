package supervision

import (
	"net/http"

	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/web/kit"
)

// The API of an agency's evaluation of its own files (案卷自查, issue 14, F4): its head or
// legal reviewers draw a sample from its own closed cases with the bureau's checklist;
// the evaluation itself is then read, scored and rectified through the evaluation routes.

func (s *Handlers) selfEvaluationAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/self-evaluations/choices", app.PermStaff, "案卷自查可选的评查人员", s.apiSelfEvaluationChoices), func(o *kit.APIOp) {
			o.Desc = "本机关负责人或法制审核人员组织自查时可选的范围：本机关及其工作人员。"
			o.Resp = supervision.EvaluationChoices{}
		}),
		with(op("POST", "/self-evaluations", app.PermStaff, "组织本机关案卷自查", s.apiCreateSelfEvaluation), func(o *kit.APIOp) {
			o.Desc = "本机关负责人或法制审核人员从本机关已结案件中按公开的种子抽取案卷，按上级司法行政部门现行的评查标准评分；评查人员为本机关工作人员，不得评查本人承办、审核或审批的案卷。自查结果标明为自查，不在门户网站公布。"
			o.Body, o.Resp, o.Status = supervision.SelfEvaluationInput{}, supervision.EvaluationView{}, http.StatusCreated
		}),
	}
}

func (s *Handlers) apiSelfEvaluationChoices(w http.ResponseWriter, r *http.Request) {
	v, err := s.App.Supervision().SelfEvaluationChoices(r.Context())
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiCreateSelfEvaluation(w http.ResponseWriter, r *http.Request) {
	var in supervision.SelfEvaluationInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().CreateSelfEvaluation(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}
