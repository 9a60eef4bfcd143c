package web

import (
	"net/http"

	"zhifa/app"
	"zhifa/app/supervision"
)

// The social-supervision API (社会监督, issue 14, F5): the justice bureau's appointments of
// social supervisors and the cases they accompany, the supervisors' remarks (伴随执法)
// and the agencies' replies, and the portal's roster.

func (s *Server) socialAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) apiOp, with func(apiOp, func(*apiOp)) apiOp) []apiOp {
	return []apiOp{
		with(op("GET", "/social-supervisors", app.PermSupervise, "社会监督员列表", s.apiSocialSupervisors), func(o *apiOp) {
			o.Desc = "本司法行政部门聘任的社会监督员，联系电话打码；倒序分页，next 为下一页的 cursor。"
			o.Query, o.Resp = []apiParam{{"cursor", "string", "分页位置"}}, supervision.SocialSupervisorPage{}
		}),
		with(op("POST", "/social-supervisors", app.PermSupervise, "聘任社会监督员", s.apiAppoint), func(o *apiOp) {
			o.Desc = "以本部门的社会监督员账号（由系统管理员开设）聘任，写明工作单位、联系电话和聘期（不超过5年）；on_roster 为真时在门户网站名单中公开姓名和工作单位。"
			o.Body, o.Resp, o.Status = supervision.AppointInput{}, supervision.SocialSupervisorView{}, http.StatusCreated
		}),
		with(op("GET", "/social-supervisors/{id}", app.PermSupervise, "社会监督员详情", s.apiSocialSupervisor), func(o *apiOp) {
			o.Desc = "含完整联系电话和指派伴随执法的案件；查看记入审计日志。"
			o.Resp = supervision.SocialSupervisorView{}
		}),
		with(op("POST", "/social-supervisors/{id}/dismiss", app.PermSupervise, "解聘社会监督员", s.apiDismiss), func(o *apiOp) {
			o.Body, o.Resp = supervision.DismissInput{}, supervision.SocialSupervisorView{}
		}),
		with(op("POST", "/social-supervisors/{id}/cases", app.PermSupervise, "指派伴随执法的案件", s.apiAssignCase), func(o *apiOp) {
			o.Desc = "在聘的社会监督员只能就指派给本人的案件填写案件意见；其余意见按执法机关填写。"
			o.Body, o.Resp = supervision.AssignInput{}, supervision.SocialSupervisorView{}
		}),
		with(op("GET", "/social-supervision/me", app.PermRecordRemarks, "社会监督员本人的聘任信息", s.apiMySupervision), func(o *apiOp) {
			o.Desc = "社会监督员本人的聘期、指派伴随执法的案件和可以监督的执法机关。"
			o.Resp = supervision.MySupervision{}
		}),
		with(op("GET", "/social-supervision/remarks", app.PermRecordRemarks, "社会监督员本人的监督意见", s.apiMyRemarks), func(o *apiOp) {
			o.Query, o.Resp = []apiParam{{"cursor", "string", "分页位置"}}, supervision.RemarkPage{}
		}),
		with(op("POST", "/social-supervision/remarks", app.PermRecordRemarks, "填写伴随执法监督意见", s.apiRecordRemark), func(o *apiOp) {
			o.Desc = "在聘期内就伴随执法的执法机关或指派的案件填写意见，执法机关答复；日期不晚于今天、不早于聘期。"
			o.Body, o.Resp, o.Status = supervision.RemarkInput{}, supervision.RemarkView{}, http.StatusCreated
		}),
		with(op("GET", "/remarks", app.PermStaff, "社会监督员意见列表", s.apiRemarks), func(o *apiOp) {
			o.Desc = "执法机关看对本机关的意见，执法监督人员看监督范围内的全部意见；倒序分页。"
			o.Query = []apiParam{{"unanswered", "boolean", "只看未答复"}, {"cursor", "string", "分页位置"}}
			o.Resp = supervision.RemarkPage{}
		}),
		with(op("GET", "/remarks/{id}", app.PermStaff, "社会监督员意见详情", s.apiRemark), func(o *apiOp) { o.Resp = supervision.RemarkView{} }),
		with(op("POST", "/remarks/{id}/reply", app.PermHandleCases, "答复社会监督员意见", s.apiReplyRemark), func(o *apiOp) {
			o.Body, o.Resp = supervision.ReplyInput{}, supervision.RemarkView{}
		}),
		with(op("GET", "/public/social-supervisors", app.PermPublic, "公示：社会监督员名单", s.apiRoster), func(o *apiOp) {
			o.Desc = "司法行政部门决定公开的在聘社会监督员：姓名、工作单位、聘任部门和聘期。"
			o.Query, o.Resp = []apiParam{{"cursor", "string", "分页位置"}}, supervision.RosterPage{}
		}),
	}
}

func (s *Server) apiSocialSupervisors(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.Supervision().SocialSupervisors(r.Context(), r.URL.Query().Get("cursor"))
	apiReply(w, r, http.StatusOK, p, err)
}

func (s *Server) apiAppoint(w http.ResponseWriter, r *http.Request) {
	var in supervision.AppointInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Supervision().Appoint(r.Context(), in)
	apiReply(w, r, http.StatusCreated, v, err)
}

func (s *Server) apiSocialSupervisor(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Supervision().SocialSupervisor(r.Context(), id)
	apiReply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiDismiss(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var in supervision.DismissInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Supervision().Dismiss(r.Context(), id, in)
	apiReply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiAssignCase(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var in supervision.AssignInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Supervision().AssignCase(r.Context(), id, in)
	apiReply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiMySupervision(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.Supervision().Mine(r.Context())
	apiReply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiMyRemarks(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.Supervision().Remarks(r.Context(), supervision.RemarkFilter{Mine: true, Cursor: r.URL.Query().Get("cursor")})
	apiReply(w, r, http.StatusOK, p, err)
}

func (s *Server) apiRecordRemark(w http.ResponseWriter, r *http.Request) {
	var in supervision.RemarkInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	rm, err := s.app.Supervision().RecordRemark(r.Context(), in)
	var v *supervision.RemarkView
	if rm != nil {
		v = &supervision.RemarkView{SocialRemark: rm}
	}
	apiReply(w, r, http.StatusCreated, v, err)
}

func (s *Server) apiRemarks(w http.ResponseWriter, r *http.Request) {
	q := newAPIQuery(r)
	f := supervision.RemarkFilter{Cursor: q.text("cursor")}
	if b := q.bool("unanswered"); b != nil {
		f.Unanswered = *b
	}
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	p, err := s.app.Supervision().Remarks(r.Context(), f)
	apiReply(w, r, http.StatusOK, p, err)
}

func (s *Server) apiRemark(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Supervision().Remark(r.Context(), id)
	apiReply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiReplyRemark(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var in supervision.ReplyInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Supervision().ReplyRemark(r.Context(), id, in)
	apiReply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiRoster(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.Supervision().Roster(apiPublicCtx(r), r.URL.Query().Get("cursor"))
	apiReply(w, r, http.StatusOK, p, err)
}
