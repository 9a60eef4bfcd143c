package cases

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/web/kit"
)

// The approval API (issue 9 §1): approval requests of head-only steps, the head's
// approval or rejection, delegation to a deputy, and the head's signature on approval
// forms.

// ApprovalAPIOps are the routes of the approval API, appended to apiOps.
func (s *Handlers) ApprovalAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/approvals", app.PermHandleCases, "审批请求（缺省为待我审批的）", s.apiApprovals), func(o *kit.APIOp) {
			o.Desc = "本机关的审批请求，最新的在前。缺省只看请我审批且仍有效的（status=pending）；scope=agency 看本机关全部；status 为 pending、approved、rejected、void（案件在提交后已有变动，已失效）或 all。"
			o.Query = []kit.APIParam{{Name: "status", Type: "string", Desc: "pending（缺省）、approved、rejected、void 或 all"}, {Name: "scope", Type: "string", Desc: "mine（缺省，请我审批的）或 agency（本机关全部）"}, {Name: "case_id", Type: "integer", Desc: "只看该案件的"},
				{Name: "cursor", Type: "string", Desc: "分页游标，为上一页返回的 next（最后一页 next 为空）"}, {Name: "limit", Type: "integer", Desc: "每页条数，默认50，至多500"}}
			o.Resp = app.ApprovalList{}
		}),
		with(op("GET", "/approvals/{id}", app.PermHandleCases, "审批请求详情", s.apiApproval), func(o *kit.APIOp) { o.Resp = app.ApprovalView{} }),
		with(op("POST", "/cases/{id}/approvals", app.PermHandleCases, "提交审批请求（须负责人办理的操作）", s.apiRequestApproval), func(o *kit.APIOp) {
			o.Desc = "决定、负责人审批、结案、不予处罚、撤案、移送审批、期限中止与延长等须由机关负责人本人办理的操作，由承办人提交审批请求：action 为操作，input 为该操作的输入（同“办案操作”，version 必填），" +
				"input.approver_id 为请求审批的负责人（或其指定的负责人）。负责人批准后，该操作以负责人的名义执行，并重新检查全部法定条件；案件在提交后有任何变动的，请求失效。"
			o.Body, o.Resp, o.Status = app.ApprovalRequestInput{}, app.ApprovalView{}, http.StatusCreated
		}),
		with(op("POST", "/approvals/{id}/approve", app.PermHandleCases, "批准审批请求", s.apiApproveRequest), func(o *kit.APIOp) {
			o.Desc = "仅本机关负责人或在授权期限内的指定负责人本人，不能审批本人提交的请求。opinion 为审批意见（缺省“同意。”）。批准即执行所请求的操作；法定条件不满足返回 EGATE，请求已失效返回 ECONFLICT。"
			o.Body, o.Resp = app.ApprovalDecision{}, app.ApprovalView{}
		}),
		with(op("POST", "/approvals/{id}/reject", app.PermHandleCases, "驳回审批请求", s.apiRejectRequest), func(o *kit.APIOp) {
			o.Desc = "opinion 为驳回理由（必填）。"
			o.Body, o.Resp = app.ApprovalDecision{}, app.ApprovalView{}
		}),
		with(op("GET", "/delegations", app.PermHandleCases, "指定负责人（授权）列表", s.apiDelegations), func(o *kit.APIOp) {
			o.Desc = "本机关负责人指定的负责人及授权期限；在期限内，被指定人可以代为审批。"
			o.Resp = []personnel.DelegationView{}
		}),
		with(op("POST", "/delegations", app.PermHandleCases, "指定负责人", s.apiCreateDelegation), func(o *kit.APIOp) {
			o.Desc = "仅机关负责人本人：deputy_id 为本机关的执法人员或负责人，from、to 为授权起止日期（含，最长366日），reason 为事由（必填）。记入审计日志和防篡改账本。"
			o.Body, o.Resp, o.Status = personnel.DelegationInput{}, personnel.DelegationView{}, http.StatusCreated
		}),
		with(op("POST", "/delegations/{id}/revoke", app.PermHandleCases, "撤销指定", s.apiRevokeDelegation), func(o *kit.APIOp) {
			o.Desc = "仅机关负责人本人；撤销后立即失效。"
		}),
		with(op("POST", "/documents/{id}/approve", app.PermHandleCases, "负责人签署审批表", s.apiSignApproval), func(o *kit.APIOp) {
			o.Desc = "立案审批表、结案审批表的“负责人审批意见”只能由本机关负责人（或指定负责人）本人签署：opinion 必填，version 为所见的文书版本。签署后修改审批表的，签署失效；未经签署的审批表不能签发（EGATE）。"
			o.Body, o.Resp = app.ApprovalSign{}, app.DocumentView{}
		}),
	}
}

func (s *Handlers) apiApprovals(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := app.ApprovalListFilter{Status: zhifa.ApprovalStatus(q.Text("status")), CaseID: q.ID("case_id"), Mine: true,
		Cursor: q.Text("cursor"), Page: zhifa.Page{Limit: int(q.Int("limit", kit.APIDefaultLimit, 1, kit.APIMaxLimit))}}
	switch q.Text("scope") {
	case "", "mine":
	case "agency":
		f.Mine = false
	default:
		q.Errs.Add("scope", "应为 mine 或 agency")
	}
	switch f.Status {
	case "":
		f.Status = zhifa.ApprovalPending
	case "all":
		f.Status = ""
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Approvals(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) apiApproval(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Approval(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiRequestApproval(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.ApprovalRequestInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.RequestApproval(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

// apiDecide answers a request with decide (approve or reject).
func (s *Handlers) apiDecide(w http.ResponseWriter, r *http.Request, decide func(*http.Request, int64, app.ApprovalDecision) (*app.ApprovalView, error)) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.ApprovalDecision
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := decide(r, id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiApproveRequest(w http.ResponseWriter, r *http.Request) {
	s.apiDecide(w, r, func(r *http.Request, id int64, in app.ApprovalDecision) (*app.ApprovalView, error) {
		return s.App.ApproveRequest(r.Context(), id, in)
	})
}

func (s *Handlers) apiRejectRequest(w http.ResponseWriter, r *http.Request) {
	s.apiDecide(w, r, func(r *http.Request, id int64, in app.ApprovalDecision) (*app.ApprovalView, error) {
		return s.App.RejectRequest(r.Context(), id, in)
	})
}

func (s *Handlers) apiDelegations(w http.ResponseWriter, r *http.Request) {
	list, err := s.App.Personnel().Delegations(r.Context())
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) apiCreateDelegation(w http.ResponseWriter, r *http.Request) {
	var in personnel.DelegationInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Personnel().CreateDelegation(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiRevokeDelegation(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	err = s.App.Personnel().RevokeDelegation(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, map[string]bool{"revoked": err == nil}, err)
}

func (s *Handlers) apiSignApproval(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.ApprovalSign
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.SignApproval(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}
