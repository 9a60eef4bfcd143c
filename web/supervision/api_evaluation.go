package supervision

import (
	"net/http"

	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/web/kit"
)

// The case-file evaluation API (案卷评查, issue 14): the bureau's checklist, evaluations
// with their reproducible sample, the evaluator's files and scores, the agency's
// rectification, and the published results on the portal.

// PublishRequest publishes an evaluation at its version.
type PublishRequest struct {
	Version int `json:"version"`
}

func (s *Handlers) evaluationAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/evaluation-standard", app.PermSupervise, "案卷评查标准", s.apiEvalStandard), func(o *kit.APIOp) {
			o.Desc = "本司法行政部门现行的评查标准（各项分值合计100分，含否决项）及历次版本；未保存过时为通用标准。"
			o.Resp = supervision.StandardView{}
		}),
		with(op("POST", "/evaluation-standard", app.PermSupervise, "保存案卷评查标准新版本", s.apiSaveEvalStandard), func(o *kit.APIOp) {
			o.Desc = "保存为新版本；已创建的评查沿用创建时的版本。"
			o.Body, o.Resp, o.Status = supervision.StandardInput{}, supervision.StandardView{}, http.StatusCreated
		}),
		with(op("GET", "/evaluations", app.PermStaff, "案卷评查列表", s.apiEvaluations), func(o *kit.APIOp) {
			o.Desc = "监督人员看管辖范围内组织的评查，评查人员看分配给自己的评查；倒序分页，next 为下一页的 cursor。"
			o.Query, o.Resp = []kit.APIParam{{Name: "cursor", Type: "string", Desc: "分页位置"}}, supervision.EvalListPage{}
		}),
		with(op("POST", "/evaluations", app.PermSupervise, "组织案卷评查", s.apiCreateEvaluation), func(o *kit.APIOp) {
			o.Desc = "按范围（执法机关、案件类型、结案时间段）从已结案件中抽取案卷：案号排序后按 SHA-256(种子|案号) 排序取前 k 件，种子公开，任何人可复核；评查人员不得评查本机关的案卷。"
			o.Body, o.Resp, o.Status = supervision.EvaluationInput{}, supervision.EvaluationView{}, http.StatusCreated
		}),
		with(op("GET", "/evaluations/{id}", app.PermStaff, "案卷评查详情", s.apiEvaluation), func(o *kit.APIOp) {
			o.Desc = "组织者看全部案卷和各机关结果，评查人员只看分配给自己的案卷。"
			o.Resp = supervision.EvaluationView{}
		}),
		with(op("POST", "/evaluations/{id}/publish", app.PermSupervise, "公布案卷评查结果", s.apiPublishEvaluation), func(o *kit.APIOp) {
			o.Desc = "全部案卷评分后方可公布；公布后门户网站显示各案卷得分和等次（不含评查人员和评查意见），评分不再修改。"
			o.Body, o.Resp = PublishRequest{}, supervision.EvaluationView{}
		}),
		with(op("GET", "/evaluation-files", app.PermStaff, "评查案卷列表", s.apiEvalFiles), func(o *kit.APIOp) {
			o.Desc = "view=mine：分配给本人评查的案卷；view=agency：本机关被评查的案卷及整改要求。倒序分页。"
			o.Query = []kit.APIParam{{Name: "view", Type: "string", Desc: "mine 或 agency"}, {Name: "open", Type: "boolean", Desc: "只看未整改"}, {Name: "cursor", Type: "string", Desc: "分页位置"}}
			o.Resp = supervision.FilePage{}
		}),
		with(op("GET", "/evaluation-files/{id}", app.PermStaff, "评查案卷详情", s.apiEvalFile), func(o *kit.APIOp) {
			o.Desc = "评查人员和组织者可调阅案卷内容，每次调阅以该评查为事由记入审计日志。"
			o.Resp = supervision.FileDetail{}
		}),
		with(op("PUT", "/evaluation-files/{id}/score", app.PermStaff, "评查评分", s.apiScoreEvalFile), func(o *kit.APIOp) {
			o.Desc = "分配的评查人员逐项评分（扣分、否决项须写明问题）；90分以上优秀，70分以上合格，否决或低于70分不合格；有扣分的案卷按评查规定的工作日限期整改。"
			o.Body, o.Resp = supervision.ScoreInput{}, supervision.FileDetail{}
		}),
		with(op("POST", "/evaluation-files/{id}/rectify", app.PermHandleCases, "填报评查整改情况", s.apiRectifyEvalFile), func(o *kit.APIOp) {
			o.Body, o.Resp = supervision.RectifyInput{}, supervision.FileDetail{}
		}),
		with(op("GET", "/public/evaluations", app.PermPublic, "公示：案卷评查结果", s.apiPublicEvaluations), func(o *kit.APIOp) {
			o.Query, o.Resp = []kit.APIParam{{Name: "cursor", Type: "string", Desc: "分页位置"}}, supervision.PublicEvalPage{}
		}),
		with(op("GET", "/public/evaluations/{id}", app.PermPublic, "公示：案卷评查结果详情", s.apiPublicEvaluation), func(o *kit.APIOp) {
			o.Desc = "评查标准、抽样种子和算法、各案卷得分和等次、各机关汇总；不含评查人员和评查意见。"
			o.Resp = supervision.PublicEvaluation{}
		}),
	}
}

func (s *Handlers) apiEvalStandard(w http.ResponseWriter, r *http.Request) {
	v, err := s.App.Supervision().EvalStandard(r.Context())
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiSaveEvalStandard(w http.ResponseWriter, r *http.Request) {
	var in supervision.StandardInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().SaveEvalStandard(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiEvaluations(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.Supervision().Evaluations(r.Context(), r.URL.Query().Get("cursor"))
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) apiCreateEvaluation(w http.ResponseWriter, r *http.Request) {
	var in supervision.EvaluationInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().CreateEvaluation(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiEvaluation(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().Evaluation(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiPublishEvaluation(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in PublishRequest
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().PublishEvaluation(r.Context(), id, in.Version)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiEvalFiles(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := supervision.FileListFilter{View: q.Text("view"), Cursor: q.Text("cursor")}
	if b := q.Bool("open"); b != nil {
		f.Open = *b
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	p, err := s.App.Supervision().EvalFiles(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) apiEvalFile(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().EvalFile(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiScoreEvalFile(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in supervision.ScoreInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().ScoreFile(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiRectifyEvalFile(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in supervision.RectifyInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().Rectify(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiPublicEvaluations(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.Supervision().PublicEvaluations(kit.APIPublicCtx(r), r.URL.Query().Get("cursor"))
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) apiPublicEvaluation(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().PublicEvaluationByID(kit.APIPublicCtx(r), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}
