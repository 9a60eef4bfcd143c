package supervision

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/web/kit"
)

// The prominent-problem list's API (突出问题清单, issue 14).

func (s *Handlers) problemAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/problems", app.PermStaff, "突出问题清单", s.apiProblems), func(o *kit.APIOp) {
			o.Desc = "执法监督人员看管辖范围内的，执法机关人员看本机关负责整改的；按启动先后倒序分页，next 为下一页的 cursor。"
			o.Query = []kit.APIParam{{Name: "state", Type: "string", Desc: "状态：open、reported、accepted"}, {Name: "overdue", Type: "boolean", Desc: "只看逾期未销号"}, {Name: "cursor", Type: "string", Desc: "分页位置"}}
			o.Resp = supervision.ProblemPage{}
		}),
		with(op("POST", "/problems", app.PermSupervise, "列入突出问题清单", s.apiOpenProblem), func(o *kit.APIOp) {
			o.Desc = "source：evaluation（评查案卷）、complaint（投诉举报）、review（复议诉讼）、fault（过错责任追究），source_id 为该记录的编号；agency_id 为责任单位，默认来源记录所属机关；days 为整改期限（工作日，默认20，最多60）。"
			o.Body, o.Resp, o.Status = supervision.ProblemInput{}, supervision.ProblemView{}, http.StatusCreated
		}),
		with(op("GET", "/problems/{id}", app.PermStaff, "突出问题详情", s.apiProblem), func(o *kit.APIOp) { o.Resp = supervision.ProblemView{} }),
		with(op("POST", "/problems/{id}/act", app.PermStaff, "报送或验收整改情况", s.apiActProblem), func(o *kit.APIOp) {
			o.Desc = "action：report 责任单位报送整改情况和佐证材料（report）；accept 司法行政部门验收销号（note）；return 退回重新整改（note 必填）。"
			o.Body, o.Resp = supervision.ProblemActInput{}, supervision.ProblemView{}
		}),
	}
}

func (s *Handlers) apiProblems(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := supervision.ProblemFilter{State: zhifa.ProblemState(q.Text("state")), Cursor: q.Text("cursor")}
	if b := q.Bool("overdue"); b != nil {
		f.Overdue = *b
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	page, err := s.App.Supervision().Problems(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, page, err)
}

func (s *Handlers) apiOpenProblem(w http.ResponseWriter, r *http.Request) {
	var in supervision.ProblemInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().OpenProblem(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiProblem(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().Problem(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiActProblem(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in supervision.ProblemActInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().ActProblem(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}
