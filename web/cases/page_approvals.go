package cases

import (
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/web/kit"
)

// The approval pages (issue 9 §1): the head's to-do list of approval requests with
// approve and reject, the head's delegation to a deputy, and the head's signature on an
// approval form (the document page's 负责人审批意见 card).

func (s *Handlers) RegisterApprovalPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/approvals", app.PermHandleCases, "审批事项", s.approvalList)
	staff("POST", "/staff/approvals/{id}/approve", app.PermHandleCases, "批准审批请求", s.approvalApprove)
	staff("POST", "/staff/approvals/{id}/reject", app.PermHandleCases, "驳回审批请求", s.approvalReject)
	staff("GET", "/staff/delegations", app.PermHandleCases, "指定负责人", s.delegationList)
	staff("POST", "/staff/delegations", app.PermHandleCases, "指定负责人", s.delegationCreate)
	staff("POST", "/staff/delegations/{id}/revoke", app.PermHandleCases, "撤销指定", s.delegationRevoke)
	staff("POST", "/staff/documents/{id}/approve", app.PermHandleCases, "负责人签署审批表", s.documentSignPage)
}

// approvalListView is one page of approval requests with its filters.
type approvalListView struct {
	List     *app.ApprovalList
	Pager    *kit.CursorPager
	Scope    string
	Status   string
	CaseID   int64
	Statuses []kit.Option
}

func (s *Handlers) approvalList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &approvalListView{Scope: q.Get("scope"), Status: q.Get("status"),
		Statuses: []kit.Option{{Value: "pending", Label: "待审批"}, {Value: "all", Label: "全部"}}}
	for _, st := range []zhifa.ApprovalStatus{zhifa.ApprovalApproved, zhifa.ApprovalRejected, zhifa.ApprovalVoid} {
		v.Statuses = append(v.Statuses, kit.Option{Value: string(st), Label: st.Label()})
	}
	f := app.ApprovalListFilter{Mine: v.Scope != "agency"}
	if v.Scope != "agency" {
		v.Scope = "mine"
	}
	switch st := zhifa.ApprovalStatus(v.Status); {
	case v.Status == "all":
	case st.Valid():
		f.Status = st
	default:
		v.Status, f.Status = "pending", zhifa.ApprovalPending
	}
	if id, err := strconv.ParseInt(q.Get("case"), 10, 64); err == nil && id > 0 {
		v.CaseID, f.CaseID = id, id
	}
	f.Cursor, f.Page = q.Get("cursor"), zhifa.Page{Limit: kit.StaffPageSize}
	list, err := s.App.Approvals(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.List, v.Pager = list, kit.NewCursorPager(r, list.TotalText, list.Next)
	s.Render(w, r, http.StatusOK, "staff_approvals", &kit.Page{Title: "审批事项", Nav: "approvals", D: v})
}

// approvalDecide answers a request from its row on the list and returns to the list.
func (s *Handlers) approvalDecide(w http.ResponseWriter, r *http.Request, approve bool) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in := app.ApprovalDecision{Opinion: f.V("opinion")}
	var v *app.ApprovalView
	var err error
	done := "已驳回"
	if approve {
		v, err = s.App.ApproveRequest(r.Context(), id, in)
		done = "已批准并执行"
	} else {
		v, err = s.App.RejectRequest(r.Context(), id, in)
	}
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, "/staff/approvals", done+"："+v.CaseNumber+" "+v.ActionLabel+"，并记入防篡改账本")
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		s.RedirectFlash(w, r, "/staff/approvals", "未能处理审批请求："+zhifa.ErrorMessage(err))
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) approvalApprove(w http.ResponseWriter, r *http.Request) {
	s.approvalDecide(w, r, true)
}
func (s *Handlers) approvalReject(w http.ResponseWriter, r *http.Request) {
	s.approvalDecide(w, r, false)
}

// delegationListView is the delegation page: the agency's delegations and, for a head,
// the form naming a deputy.
type delegationListView struct {
	List     []*personnel.DelegationView
	Form     *kit.Form
	IsHead   bool
	Deputies []kit.Option
}

func (s *Handlers) delegationPage(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	list, err := s.App.Personnel().Delegations(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	actor := app.ActorFrom(r.Context())
	v := &delegationListView{List: list, Form: f, IsHead: actor.Role == zhifa.RoleHead}
	if v.IsHead {
		users, err := s.App.Personnel().DeputyCandidates(r.Context())
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		v.Deputies = append(v.Deputies, kit.Option{Value: "", Label: "请选择"})
		for _, u := range users {
			v.Deputies = append(v.Deputies, kit.Option{Value: kit.ID64(u.ID), Label: u.Name + "（" + u.Role.Label() + "）"})
		}
	}
	if v.Form == nil {
		v.Form = kit.NewForm()
	}
	s.Render(w, r, status, "staff_delegations", &kit.Page{Title: "指定负责人", Nav: "approvals", D: v})
}

func (s *Handlers) delegationList(w http.ResponseWriter, r *http.Request) {
	s.delegationPage(w, r, nil, http.StatusOK)
}

func (s *Handlers) delegationCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := personnel.DelegationInput{DeputyID: f.Int("deputy_id"), From: f.Date("from"), To: f.Date("to"), Reason: f.V("reason")}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Personnel().CreateDelegation(r.Context(), in)
	}
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, "/staff/delegations", "已指定负责人，并记入审计日志和防篡改账本")
	case zhifa.EINVALID, zhifa.ECONFLICT:
		f.Fail(err)
		s.delegationPage(w, r, f, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) delegationRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	err := s.App.Personnel().RevokeDelegation(r.Context(), id)
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, "/staff/delegations", "已撤销指定")
	case zhifa.ECONFLICT:
		s.RedirectFlash(w, r, "/staff/delegations", zhifa.ErrorMessage(err))
	default:
		s.Fail(w, r, err)
	}
}

// documentSignPage signs an approval form as the actor (a head or deputy).
func (s *Handlers) documentSignPage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadDocumentPage(w, r)
	if !ok {
		return
	}
	f := kit.PostedForm(r)
	version, _ := strconv.Atoi(f.V("version"))
	_, err := s.App.SignApproval(r.Context(), p.Doc.ID, app.ApprovalSign{Version: version, Opinion: f.V("opinion")})
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, "/staff/documents/"+kit.ID64(p.Doc.ID), "已签署审批意见，并记入防篡改账本")
	case zhifa.EINVALID, zhifa.ECONFLICT:
		f.Fail(err)
		p.Sign = f
		s.renderDocumentPage(w, r, kit.StatusOf(err), p)
	default:
		s.Fail(w, r, err)
	}
}
