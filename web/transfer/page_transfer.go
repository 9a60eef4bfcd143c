package transfer

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/transfer"
	"zhifa/law"
	"zhifa/web/kit"
)

// The transfer pages (移送涉嫌犯罪案件, REQUIREMENTS G3): the transfers in scope with their
// warnings, and the transfer page of a case with its clocks, the materials of 移送规定第六条
// and a form for each transfer step the case may take now. The steps go through app.Act
// like every case step; a refused one shows the app's error and changes nothing.

func (s *Handlers) RegisterTransferPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/transfers", app.PermStaff, "移送涉嫌犯罪案件", s.transferList)
	staff("GET", "/staff/cases/{id}/transfer", app.PermStaff, "案件移送", s.transferDetail)
	staff("POST", "/staff/cases/{id}/transfer/docs", app.PermHandleCases, "登记移送材料", s.transferDoc)
	staff("POST", "/staff/cases/{id}/transfer/act/{action}", app.PermHandleCases, "移送操作", s.transferAct)
}

// transferListView is one page of transfers.
type transferListView struct {
	List     *transfer.TransferList
	Pager    *kit.Pager
	Pending  bool
	Status   string
	Statuses []kit.Option
}

func (s *Handlers) transferList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &transferListView{Pending: q.Get("pending") == "1", Status: q.Get("status"), Statuses: []kit.Option{{Value: "", Label: "全部状态"}}}
	for _, st := range zhifa.TransferStatuses {
		v.Statuses = append(v.Statuses, kit.Option{Value: string(st), Label: st.Label()})
	}
	f := transfer.TransferFilter{Pending: v.Pending}
	if st := zhifa.TransferStatus(v.Status); st != "" && st.Label() != "" {
		f.Status = st
	} else {
		v.Status = ""
	}
	pageNo, offset := kit.ListPage(r, kit.StaffPageSize)
	f.Page = zhifa.Page{Limit: kit.StaffPageSize, Offset: offset}
	list, err := s.App.Transfer().Transfers(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.List, v.Pager = list, kit.NewPager(r, list.Total, kit.StaffPageSize, pageNo)
	s.Render(w, r, http.StatusOK, "staff_transfers", &kit.Page{Title: "移送涉嫌犯罪案件", Nav: "transfers", D: v})
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
	Docs      []kit.Option
	Organs    []kit.Option
	Replies   []kit.Option
	Approvers []kit.Option
	IsHead    bool
	// Failed names the step whose form shows the problem.
	Failed string
}

func (s *Handlers) transferPage(w http.ResponseWriter, r *http.Request, id int64, f *kit.Form, failed string, status int) {
	t, err := s.App.Transfer().CaseTransfer(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if f == nil {
		f = kit.NewForm()
	}
	v := &transferPageView{T: t, Failed: failed, IsHead: app.ActorFrom(r.Context()).Role == zhifa.RoleHead,
		Organs: []kit.Option{{Value: string(zhifa.OrganPublicSecurity), Label: zhifa.OrganPublicSecurity.Label()},
			{Value: string(zhifa.OrganProcuratorate), Label: zhifa.OrganProcuratorate.Label()}, {Value: string(zhifa.OrganSupervision), Label: zhifa.OrganSupervision.Label()}},
		Replies:   []kit.Option{{Value: zhifa.ReplyFiled, Label: "立案"}, {Value: zhifa.ReplyDeclined, Label: "不予立案"}},
		Approvers: []kit.Option{{Value: "", Label: "请选择批准的负责人"}}}
	for _, d := range law.TransferDocs {
		v.Docs = append(v.Docs, kit.Option{Value: d.Act, Label: d.Title + "（" + d.Clause + "）"})
	}
	for _, a := range t.Approvers {
		v.Approvers = append(v.Approvers, kit.Option{Value: kit.ID64(a.ID), Label: a.Name})
	}
	if t.CanAct {
		for _, action := range t.Next {
			if st := stepOf(action); st != nil {
				v.Steps = append(v.Steps, transferStep{Action: action, Label: st.Label, Head: st.Head, ReasonLabel: reasonLabels[action]})
			}
		}
	}
	s.Render(w, r, status, "staff_transfer", &kit.Page{Title: "移送 " + t.Number, Nav: "transfers", Form: f, D: v})
}

func (s *Handlers) transferDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.transferPage(w, r, id, nil, "", http.StatusOK)
}

// transferAct takes a transfer step from its form.
func (s *Handlers) transferAct(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	action := zhifa.Action(r.PathValue("action"))
	f := kit.PostedForm(r)
	in := app.ActionInput{Version: int(f.Int("version")), Reason: f.V("reason"), ApproverID: f.Int("approver_id"),
		Transfer: &app.TransferInput{Facts: f.V("facts"), Offence: f.V("offence"), OrganKind: zhifa.OrganKind(f.V("organ_kind")),
			Organ: f.V("organ"), Reply: f.V("reply")}}
	in.Date = f.Date("date")
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else if !transfer.IsAction(action) {
		err = zhifa.Errorf(zhifa.EINVALID, "未知的移送操作")
	} else if requested, rerr := s.RequestIfAsked(r, id, action, in); requested || rerr != nil {
		if rerr == nil {
			s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id)+"/transfer", "已提交审批请求，待负责人本人审批")
			return
		}
		err = rerr
	} else {
		_, err = s.App.Act(r.Context(), id, action, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id)+"/transfer", "已完成："+law.ActionLabel(action)+"，并记入防篡改账本")
		return
	}
	if !s.Fixable(w, r, err, zhifa.EFORBIDDEN) {
		return
	}
	f.Fail(err)
	s.transferPage(w, r, id, f, string(action), kit.StatusOf(err))
}

// transferDoc records a transfer material (移送规定第六条) as a case record.
func (s *Handlers) transferDoc(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	rec, err := s.App.Transfer().AddDoc(r.Context(), id, f.V("act"), f.V("title"))
	if err == nil {
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id)+"/transfer", "已登记移送材料："+rec.Title)
		return
	}
	if !s.Fixable(w, r, err) {
		return
	}
	f.Fail(err)
	s.transferPage(w, r, id, f, "docs", kit.StatusOf(err))
}

// stepOf is the first step named action, nil for none.
func stepOf(action zhifa.Action) *law.Step {
	if st, ok := law.StepNamed(action); ok {
		return &st
	}
	return nil
}
