package supervision

import (
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/web/kit"
)

// The supervision context's API (issue 14): public complaint intake and tracking, the
// staff's complaint handling and intake from other channels, reconsideration and
// litigation outcomes, and the correction rate.

// complaintActRequest is one handling step: the action and its input.
type complaintActRequest struct {
	// Action is transfer, accept, refuse, notify or reply.
	Action string `json:"action"`
	supervision.ActionInput
}

func (s *Handlers) SupervisionAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	ops := append(s.complaintAPIOps(op, with), s.evaluationAPIOps(op, with)...)
	ops = append(ops, s.selfEvaluationAPIOps(op, with)...)
	ops = append(ops, s.socialAPIOps(op, with)...)
	ops = append(ops, s.faultAPIOps(op, with)...)
	return append(ops, s.problemAPIOps(op, with)...)
}

func (s *Handlers) complaintAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/public/complaints/challenge", app.PermPublic, "公示：投诉举报防刷验证题", s.apiComplaintChallenge), func(o *kit.APIOp) {
			o.Desc = "提交投诉举报前先取得一道工作量证明题：找到 nonce，使 SHA-256(challenge + \":\" + nonce) 的前 bits 位为0；题目30分钟内有效，只能使用一次。"
			o.Resp = supervision.Challenge{}
		}),
		with(op("POST", "/public/complaints", app.PermPublic, "公示：提交投诉举报", s.apiSubmitComplaint), func(o *kit.APIOp) {
			o.Desc = "投诉或举报经营者违法行为，或投诉执法人员、执法机关的执法行为（转同级人民政府司法行政部门办理）。须附防刷验证题的答案；同一地址每小时最多提交5件。答复受理编号和查询码，查询码只显示这一次。"
			o.Body, o.Resp, o.Status = supervision.ComplaintInput{}, supervision.Receipt{}, http.StatusCreated
			o.Files, o.FilesDesc = complaintFilesPart, complaintFilesDesc
		}),
		with(op("GET", "/public/complaints/{number}", app.PermPublic, "公示：查询投诉举报办理进度", s.apiTrackComplaint), func(o *kit.APIOp) {
			o.Desc = "凭受理编号和查询码查询办理进度和答复；编号或查询码不正确时一律答复“编号或查询码不正确”。"
			o.Query, o.Resp = []kit.APIParam{{Name: "code", Type: "string", Desc: "查询码"}}, supervision.PublicComplaint{}
		}),
		with(op("GET", "/complaints", app.PermStaff, "投诉举报列表", s.apiComplaints), func(o *kit.APIOp) {
			o.Desc = "承办人员看本机关的，监督人员看管辖范围内的；按接收先后倒序分页，next 为下一页的 cursor。"
			o.Query = []kit.APIParam{{Name: "state", Type: "string", Desc: "状态：received、accepted、refused、replied"}, {Name: "overdue", Type: "boolean", Desc: "只看逾期"}, {Name: "cursor", Type: "string", Desc: "分页位置"}}
			o.Resp = supervision.ListPage{}
		}),
		with(op("POST", "/complaints", app.PermStaff, "登记其他渠道的投诉举报", s.apiIntakeComplaint), func(o *kit.APIOp) {
			o.Desc = "登记12345热线、12315平台、电话、信函、来访等渠道转来的投诉举报，记录来源渠道和工单号。"
			o.Body, o.Resp, o.Status = supervision.ComplaintInput{}, supervision.Receipt{}, http.StatusCreated
		}),
		with(op("GET", "/complaints/{id}", app.PermStaff, "投诉举报详情", s.apiComplaint), func(o *kit.APIOp) { o.Resp = supervision.View{} }),
		with(op("GET", "/complaints/{id}/files/{file}", app.PermStaff, "下载投诉举报附件", s.apiComplaintFile), func(o *kit.APIOp) {
			o.Desc, o.RespType = "投诉举报的办理人员和监督人员下载附件（以附件形式下载，不在本站打开）。", "application/octet-stream"
		}),
		with(op("POST", "/complaints/{id}/act", app.PermStaff, "办理投诉举报", s.apiActComplaint), func(o *kit.APIOp) {
			o.Desc = "action：transfer 转交（agency_id、reason）、accept 受理（reply_days）、refuse 不予受理（reply）、notify 告知实名举报人立案情况、reply 答复办结（reply）。"
			o.Body, o.Resp = complaintActRequest{}, supervision.View{}
		}),
		with(op("GET", "/cases/{id}/reviews", app.PermStaff, "案件的行政复议和行政诉讼", s.apiCaseReviews), func(o *kit.APIOp) { o.Resp = []*supervision.ReviewView{} }),
		with(op("POST", "/cases/{id}/reviews", app.PermStaff, "登记行政复议或行政诉讼", s.apiRecordReview), func(o *kit.APIOp) {
			o.Desc = "撤销、变更、确认违法、确认无效的结果标记案件，计入纠错率。"
			o.Body, o.Resp, o.Status = supervision.ReviewInput{}, supervision.ReviewView{}, http.StatusCreated
		}),
		with(op("GET", "/reviews/{id}", app.PermStaff, "行政复议或行政诉讼详情", s.apiReview), func(o *kit.APIOp) { o.Resp = supervision.ReviewView{} }),
		with(op("PUT", "/reviews/{id}", app.PermStaff, "登记复议诉讼进展或结果", s.apiUpdateReview), func(o *kit.APIOp) {
			o.Body, o.Resp = supervision.ReviewInput{}, supervision.ReviewView{}
		}),
		with(op("GET", "/supervision/correction-rates", app.PermSupervise, "纠错率", s.apiCorrectionRates), func(o *kit.APIOp) {
			o.Desc = "年度内被撤销、变更、确认违法或确认无效的决定占该年度作出决定的比例，按执法机关和人民政府统计，超过5%预警。"
			o.Query, o.Resp = []kit.APIParam{{Name: "year", Type: "integer", Desc: "年度，默认今年"}}, supervision.Rates{}
		}),
	}
}

func (s *Handlers) apiComplaintChallenge(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	kit.WriteJSON(w, http.StatusOK, s.App.Supervision().Challenge())
}

func (s *Handlers) apiSubmitComplaint(w http.ResponseWriter, r *http.Request) {
	req, err := readComplaintRequest(w, r)
	if err != nil {
		req.Close() // a failed read may have stored some attachments already
		kit.WriteError(w, r, err)
		return
	}
	defer req.Close()
	rc, err := s.App.Supervision().Submit(kit.APIPublicCtx(r), req.In, req.Files)
	w.Header().Set("Cache-Control", "no-store")
	kit.APIReply(w, r, http.StatusCreated, rc, err)
}

func (s *Handlers) apiTrackComplaint(w http.ResponseWriter, r *http.Request) {
	number, err := kit.APIPathText(r, "number")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().Track(kit.APIPublicCtx(r), number, r.URL.Query().Get("code"))
	w.Header().Set("Cache-Control", "no-store")
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiComplaints(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := supervision.ListFilter{State: zhifa.ComplaintState(q.Text("state")), Cursor: q.Text("cursor")}
	if b := q.Bool("overdue"); b != nil {
		f.Overdue = *b
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	page, err := s.App.Supervision().Complaints(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, page, err)
}

func (s *Handlers) apiIntakeComplaint(w http.ResponseWriter, r *http.Request) {
	var in supervision.ComplaintInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	rc, err := s.App.Supervision().Intake(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, rc, err)
}

func (s *Handlers) apiComplaint(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().Complaint(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiActComplaint(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in complaintActRequest
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().Act(r.Context(), id, in.Action, in.ActionInput)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiCaseReviews(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Supervision().CaseReviews(r.Context(), id)
	if list == nil {
		list = []*supervision.ReviewView{}
	}
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) apiRecordReview(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in supervision.ReviewInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().RecordReview(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiReview(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().Review(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiUpdateReview(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in supervision.ReviewInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Supervision().UpdateReview(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiCorrectionRates(w http.ResponseWriter, r *http.Request) {
	year := s.App.Today().Year
	if t := r.URL.Query().Get("year"); t != "" {
		y, err := strconv.Atoi(t)
		if err != nil {
			kit.WriteError(w, r, kit.APIInvalid("year", "年度应为整数"))
			return
		}
		year = y
	}
	v, err := s.App.Supervision().CorrectionRates(r.Context(), year)
	kit.APIReply(w, r, http.StatusOK, v, err)
}
