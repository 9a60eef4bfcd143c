package web

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/transfer"
	"zhifa/law"
)

// The transfer pages (移送涉嫌犯罪案件, REQUIREMENTS G3): the transfers in scope with their
// warnings, and the transfer page of a case with its clocks, the materials of 移送规定第六条
// and a form for each transfer step the case may take now. The steps go through app.Act
// like every case step; a refused one shows the app's error and changes nothing.

func (s *Server) registerTransferPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/transfers", app.PermStaff, "移送涉嫌犯罪案件", s.transferList)
	staff("GET", "/staff/cases/{id}/transfer", app.PermStaff, "案件移送", s.transferDetail)
	staff("POST", "/staff/cases/{id}/transfer/docs", app.PermHandleCases, "登记移送材料", s.transferDoc)
	staff("POST", "/staff/cases/{id}/transfer/act/{action}", app.PermHandleCases, "移送操作", s.transferAct)
}

// transferListView is one page of transfers.
type transferListView struct {
	List     *transfer.TransferList
	Pager    *pager
	Pending  bool
	Status   string
	Statuses []option
}

func (s *Server) transferList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &transferListView{Pending: q.Get("pending") == "1", Status: q.Get("status"), Statuses: []option{{"", "全部状态"}}}
	for _, st := range zhifa.TransferStatuses {
		v.Statuses = append(v.Statuses, option{string(st), st.Label()})
	}
	f := transfer.TransferFilter{Pending: v.Pending}
	if st := zhifa.TransferStatus(v.Status); st != "" && st.Label() != "" {
		f.Status = st
	} else {
		v.Status = ""
	}
	pageNo, offset := listPage(r, staffPageSize)
	f.Page = zhifa.Page{Limit: staffPageSize, Offset: offset}
	list, err := s.App.Transfer().Transfers(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.List, v.Pager = list, newPager(r, list.Total, staffPageSize, pageNo)
	s.render(w, r, http.StatusOK, "staff_transfers", &page{Title: "移送涉嫌犯罪案件", Nav: "transfers", D: v})
}

// transferStep is one transfer step offered on the page.
type transferStep struct {
	Action zhifa.Action
	Label  string
	Head   bool
	// ReasonLabel labels the reason field of the step; "" for none.
	ReasonLabel string
}

// reasonLabels label the reason of the transfer steps that take one.
var reasonLabels = map[zhifa.Action]string{
	"reject_transfer":         "不批准移送的理由（第五条第二款：记录在案）",
	"transfer_reply":          "理由（不予立案的，登记受移送机关说明的理由，第八条）",
	"request_reconsideration": "提请复议的理由（第九条）",
	"transfer":                "结案说明",
}

// transferPageView is the transfer page of a case.
type transferPageView struct {
	T         *transfer.CaseTransferView
	Steps     []transferStep
	Docs      []option
	Organs    []option
	Replies   []option
	Approvers []option
	IsHead    bool
	// Failed names the step whose form shows the problem.
	Failed string
}

func (s *Server) transferPage(w http.ResponseWriter, r *http.Request, id int64, f *form, failed string, status int) {
	t, err := s.App.Transfer().CaseTransfer(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f == nil {
		f = newForm()
	}
	v := &transferPageView{T: t, Failed: failed, IsHead: app.ActorFrom(r.Context()).Role == zhifa.RoleHead,
		Organs: []option{{string(zhifa.OrganPublicSecurity), zhifa.OrganPublicSecurity.Label()},
			{string(zhifa.OrganProcuratorate), zhifa.OrganProcuratorate.Label()}, {string(zhifa.OrganSupervision), zhifa.OrganSupervision.Label()}},
		Replies:   []option{{zhifa.ReplyFiled, "立案"}, {zhifa.ReplyDeclined, "不予立案"}},
		Approvers: []option{{"", "请选择批准的负责人"}}}
	for _, d := range law.TransferDocs {
		v.Docs = append(v.Docs, option{d.Act, d.Title + "（" + d.Clause + "）"})
	}
	for _, a := range t.Approvers {
		v.Approvers = append(v.Approvers, option{id64(a.ID), a.Name})
	}
	if t.CanAct {
		for _, action := range t.Next {
			if st := stepOf(action); st != nil {
				v.Steps = append(v.Steps, transferStep{Action: action, Label: st.Label, Head: st.Head, ReasonLabel: reasonLabels[action]})
			}
		}
	}
	s.render(w, r, status, "staff_transfer", &page{Title: "移送 " + t.Number, Nav: "transfers", Form: f, D: v})
}

func (s *Server) transferDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	s.transferPage(w, r, id, nil, "", http.StatusOK)
}

// transferAct takes a transfer step from its form.
func (s *Server) transferAct(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	action := zhifa.Action(r.PathValue("action"))
	f := postedForm(r)
	in := app.ActionInput{Version: int(f.Int("version")), Reason: f.V("reason"), ApproverID: f.Int("approver_id"),
		Transfer: &app.TransferInput{Facts: f.V("facts"), Offence: f.V("offence"), OrganKind: zhifa.OrganKind(f.V("organ_kind")),
			Organ: f.V("organ"), Reply: f.V("reply")}}
	in.Date = f.Date("date")
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else if !transfer.IsAction(action) {
		err = zhifa.Errorf(zhifa.EINVALID, "未知的移送操作")
	} else if requested, rerr := s.requestIfAsked(r, id, action, in); requested || rerr != nil {
		if rerr == nil {
			s.redirectFlash(w, r, "/staff/cases/"+id64(id)+"/transfer", "已提交审批请求，待负责人本人审批")
			return
		}
		err = rerr
	} else {
		_, err = s.App.Act(r.Context(), id, action, in)
	}
	if err == nil {
		s.redirectFlash(w, r, "/staff/cases/"+id64(id)+"/transfer", "已完成："+law.ActionLabel(action)+"，并记入防篡改账本")
		return
	}
	if !s.fixable(w, r, err, zhifa.EFORBIDDEN) {
		return
	}
	f.Fail(err)
	s.transferPage(w, r, id, f, string(action), statusOf(err))
}

// transferDoc records a transfer material (移送规定第六条) as a case record.
func (s *Server) transferDoc(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	f := postedForm(r)
	rec, err := s.App.Transfer().AddDoc(r.Context(), id, f.V("act"), f.V("title"))
	if err == nil {
		s.redirectFlash(w, r, "/staff/cases/"+id64(id)+"/transfer", "已登记移送材料："+rec.Title)
		return
	}
	if !s.fixable(w, r, err) {
		return
	}
	f.Fail(err)
	s.transferPage(w, r, id, f, "docs", statusOf(err))
}

// stepOf is the first step named action, nil for none.
func stepOf(action zhifa.Action) *law.Step {
	if st, ok := law.StepNamed(action); ok {
		return &st
	}
	return nil
}
