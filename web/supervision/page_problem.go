package supervision

import (
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/law"
	"zhifa/web/kit"
)

// The prominent-problem list's pages (突出问题清单, issue 14): the list (the supervisor's
// scope or the agency's own), the bureau's form to open one, and a problem's page with
// the owner's report and the bureau's acceptance.

func (s *Handlers) registerProblemPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/problems", app.PermStaff, "突出问题清单", s.problemList)
	staff("GET", "/staff/problems/new", app.PermSupervise, "列入突出问题清单", s.problemForm)
	staff("POST", "/staff/problems/new", app.PermSupervise, "列入突出问题清单", s.problemCreate)
	staff("GET", "/staff/problems/{id}", app.PermStaff, "突出问题详情", s.problemDetail)
	staff("POST", "/staff/problems/{id}/act", app.PermStaff, "报送或验收整改情况", s.problemAct)
}

// problemListView is the data of the list page.
type problemListView struct {
	Page     *supervision.ProblemPage
	State    string
	Overdue  bool
	States   []kit.Option
	Pager    *kit.CursorPager
	MayOpen  bool
	Warnings int
}

func (s *Handlers) problemList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := supervision.ProblemFilter{State: zhifa.ProblemState(q.Get("state")), Overdue: q.Get("overdue") == "1", Cursor: q.Get("cursor")}
	p, err := s.App.Supervision().Problems(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &problemListView{Page: p, State: string(f.State), Overdue: f.Overdue, States: []kit.Option{{Value: "", Label: "全部"}},
		Pager: kit.NewCursorPager(r, "", p.Next), MayOpen: app.ActorFrom(r.Context()).Role == zhifa.RoleSupervisor}
	for _, st := range zhifa.ProblemStates {
		v.States = append(v.States, kit.Option{Value: string(st), Label: st.Label()})
	}
	for _, it := range p.Items {
		if it.Overdue {
			v.Warnings++
		}
	}
	s.Render(w, r, http.StatusOK, "staff_problems", &kit.Page{Title: "突出问题清单", Staff: true, Nav: "problems", D: v})
}

// problemFormView is the data of the form that opens a problem.
type problemFormView struct {
	Sources  []kit.Option
	Agencies []kit.Option
}

func (s *Handlers) problemFormPage(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	agencies, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &problemFormView{Agencies: []kit.Option{{Value: "", Label: "来源记录所属机关"}}}
	for _, a := range agencies {
		v.Agencies = append(v.Agencies, kit.Option{Value: kit.ID64(a.ID), Label: a.Name})
	}
	for _, src := range zhifa.ProblemSources {
		v.Sources = append(v.Sources, kit.Option{Value: string(src), Label: src.Label()})
	}
	if f == nil {
		f = kit.NewForm()
		f.Set("source", r.URL.Query().Get("source"))
		f.Set("source_id", r.URL.Query().Get("source_id"))
		f.Set("title", r.URL.Query().Get("title")) // prefilled from an analytic warning
		f.Set("detail", r.URL.Query().Get("detail"))
		f.Set("days", strconv.Itoa(law.DefaultRectifyDays))
	}
	s.Render(w, r, status, "staff_problem_form", &kit.Page{Title: "列入突出问题清单", Staff: true, Nav: "problems", Form: f, D: v})
}

func (s *Handlers) problemForm(w http.ResponseWriter, r *http.Request) {
	s.problemFormPage(w, r, nil, http.StatusOK)
}

func (s *Handlers) problemCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := supervision.ProblemInput{Source: zhifa.ProblemSource(f.V("source")), Title: f.V("title"), Detail: f.V("detail")}
	if f.V("source_id") != "" {
		in.SourceID = f.Int("source_id")
	}
	if f.V("agency_id") != "" {
		in.AgencyID = f.Int("agency_id")
	}
	if f.V("days") != "" {
		in.Days = int(f.Int("days"))
	}
	var v *supervision.ProblemView
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		v, err = s.App.Supervision().OpenProblem(r.Context(), in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/problems/"+kit.ID64(v.ID), "已列入突出问题清单，并记入防篡改账本")
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		f.Fail(err)
		s.problemFormPage(w, r, f, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) problemDetailPage(w http.ResponseWriter, r *http.Request, id int64, f *kit.Form, status int) {
	v, err := s.App.Supervision().Problem(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if f == nil {
		f = kit.NewForm()
	}
	s.Render(w, r, status, "staff_problem", &kit.Page{Title: "突出问题：" + v.Title, Staff: true, Nav: "problems", Form: f, D: v})
}

func (s *Handlers) problemDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.problemDetailPage(w, r, id, nil, http.StatusOK)
}

func (s *Handlers) problemAct(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in := supervision.ProblemActInput{Action: f.V("action"), Version: int(f.Int("version")), Report: f.V("report"), Note: f.V("note")}
	var v *supervision.ProblemView
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		v, err = s.App.Supervision().ActProblem(r.Context(), id, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/problems/"+kit.ID64(id), "已办理："+v.StateLabel+"，并记入防篡改账本")
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		f.Fail(err)
		s.problemDetailPage(w, r, id, f, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}
