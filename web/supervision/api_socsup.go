package supervision

import (
	"net/http"

	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/web/kit"
)

// The social-supervision API (社会监督, issue 14, F5): the justice bureau's appointments of
// social supervisors and the cases they accompany, the supervisors' remarks (伴随执法)
// and the agencies' replies, and the portal's roster.

func (s *Handlers) socialAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/social-supervisors", app.PermSupervise, "社会监督员列表", s.apiSocialSupervisors), func(o *kit.APIOp) {
			o.Desc = "本司法行政部门聘任的社会监督员，联系电话打码；倒序分页，next 为下一页的 cursor。"
			o.Query, o.Resp = []kit.APIParam{{Name: "cursor", Type: "string", Desc: "分页位置"}}, supervision.SocialSupervisorPage{}
		}),
		with(op("POST", "/social-supervisors", app.PermSupervise, "聘任社会监督员", s.apiAppoint), func(o *kit.APIOp) {
			o.Desc = "以本部门的社会监督员账号（由系统管理员开设）聘任，写明工作单位、联系电话和聘期（不超过5年）；on_roster 为真时在门户网站名单中公开姓名和工作单位。"
			o.Body, o.Resp, o.Status = supervision.AppointInput{}, supervision.SocialSupervisorView{}, http.StatusCreated
		}),
		with(op("GET", "/social-supervisors/{id}", app.PermSupervise, "社会监督员详情", s.apiSocialSupervisor), func(o *kit.APIOp) {
			o.Desc = "含完整联系电话和指派伴随执法的案件；查看记入审计日志。"
			o.Resp = supervision.SocialSupervisorView{}
		}),
		with(op("POST", "/social-supervisors/{id}/dismiss", app.PermSupervise, "解聘社会监督员", s.apiDismiss), func(o *kit.APIOp) {
			o.Body, o.Resp = supervision.DismissInput{}, supervision.SocialSupervisorView{}
		}),
		with(op("POST", "/social-supervisors/{id}/cases", app.PermSupervise, "指派伴随执法的案件", s.apiAssignCase), func(o *kit.APIOp) {
			o.Desc = "在聘的社会监督员只能就指派给本人的案件填写案件意见；其余意见按执法机关填写。"
			o.Body, o.Resp = supervision.AssignInput{}, supervision.SocialSupervisorView{}
		}),
		with(op("GET", "/social-supervision/me", app.PermRecordRemarks, "社会监督员本人的聘任信息", s.apiMySupervision), func(o *kit.APIOp) {
			o.Desc = "社会监督员本人的聘期、指派伴随执法的案件和可以监督的执法机关。"
			o.Resp = supervision.MySupervision{}
		}),
		with(op("GET", "/social-supervision/remarks", app.PermRecordRemarks, "社会监督员本人的监督意见", s.apiMyRemarks), func(o *kit.APIOp) {
			o.Query, o.Resp = []kit.APIParam{{Name: "cursor", Type: "string", Desc: "分页位置"}}, supervision.RemarkPage{}
		}),
		with(op("POST", "/social-supervision/remarks", app.PermRecordRemarks, "填写伴随执法监督意见", s.apiRecordRemark), func(o *kit.APIOp) {
			o.Desc = "在聘期内就伴随执法的执法机关或指派的案件填写意见，执法机关答复；日期不晚于今天、不早于聘期。"
			o.Body, o.Resp, o.Status = supervision.RemarkInput{}, supervision.RemarkView{}, http.StatusCreated
			o.Files, o.FilesDesc = remarkFilesPart, remarkFilesDesc
		}),
		with(op("GET", "/remarks", app.PermStaff, "社会监督员意见列表", s.apiRemarks), func(o *kit.APIOp) {
			o.Desc = "执法机关看对本机关的意见，执法监督人员看监督范围内的全部意见；倒序分页。"
			o.Query = []kit.APIParam{{Name: "unanswered", Type: "boolean", Desc: "只看未答复"}, {Name: "cursor", Type: "string", Desc: "分页位置"}}
			o.Resp = supervision.RemarkPage{}
		}),
		with(op("GET", "/remarks/{id}", app.PermStaff, "社会监督员意见详情", s.apiRemark), func(o *kit.APIOp) {
			o.Desc = "含附件列表；may_raise 为真时可由执法监督人员列入突出问题清单（source 为 remark），problem_id 为已列入的突出问题。"
			o.Resp = supervision.RemarkView{}
		}),
		with(op("GET", "/remarks/{id}/files/{file}", app.PermStaff, "下载社会监督员意见附件", s.apiRemarkFile), func(o *kit.APIOp) {
			o.Desc, o.RespType = "被监督的执法机关和监督范围覆盖它的执法监督人员下载附件（以附件形式下载，不在本站打开）；每次下载记入审计日志。", "application/octet-stream"
		}),
		with(op("POST", "/remarks/{id}/reply", app.PermHandleCases, "答复社会监督员意见", s.apiReplyRemark), func(o *kit.APIOp) {
			o.Body, o.Resp = supervision.ReplyInput{}, supervision.RemarkView{}
		}),
		with(op("GET", "/public/social-supervisors", app.PermPublic, "公示：社会监督员名单", s.apiRoster), func(o *kit.APIOp) {
			o.Desc = "司法行政部门决定公开的在聘社会监督员：姓名、工作单位、聘任部门和聘期。"
			o.Query, o.Resp = []kit.APIParam{{Name: "cursor", Type: "string", Desc: "分页位置"}}, supervision.RosterPage{}
		}),
	}
}

func (s *Handlers) apiSocialSupervisors(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.Supervision().SocialSupervisors(r.Context(), r.URL.Query().Get("cursor"))
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) apiAppoint(w http.ResponseWriter, r *http.Request) {
	var in supervision.AppointInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().Appoint(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiSocialSupervisor(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().SocialSupervisor(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiDismiss(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in supervision.DismissInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().Dismiss(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiAssignCase(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in supervision.AssignInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().AssignCase(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiMySupervision(w http.ResponseWriter, r *http.Request) {
	v, err := s.App.Supervision().Mine(r.Context())
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiMyRemarks(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.Supervision().Remarks(r.Context(), supervision.RemarkFilter{Mine: true, Cursor: r.URL.Query().Get("cursor")})
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) apiRecordRemark(w http.ResponseWriter, r *http.Request) {
	req, err := readRemarkRequest(w, r)
	if err != nil {
		req.Close() // a failed read may have opened some attachments already
		kit.WriteError(w, r, err)
		return
	}
	defer req.Close()
	rm, err := s.App.Supervision().RecordRemark(r.Context(), req.In)
	var v *supervision.RemarkView
	if rm != nil {
		v = &supervision.RemarkView{SocialRemark: rm}
	}
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiRemarks(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := supervision.RemarkFilter{Cursor: q.Text("cursor")}
	if b := q.Bool("unanswered"); b != nil {
		f.Unanswered = *b
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	p, err := s.App.Supervision().Remarks(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) apiRemark(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().Remark(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiReplyRemark(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in supervision.ReplyInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().ReplyRemark(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiRoster(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.Supervision().Roster(kit.APIPublicCtx(r), r.URL.Query().Get("cursor"))
	kit.APIReply(w, r, http.StatusOK, p, err)
}
