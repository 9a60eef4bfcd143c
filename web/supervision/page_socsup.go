package supervision

import (
	"fmt"
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/web/kit"
)

// Pages of social supervision (社会监督, issue 14, F5): the bureau's appointments, the
// social supervisor's own page where they record remarks, the remarks as the agencies
// and the bureau see them with the agency's reply, and the portal's roster.

func (s *Handlers) registerSocialPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc), pub func(method, pattern, summary string, h http.HandlerFunc)) {
	pub("GET", "/social-supervisors", "社会监督员名单", s.portalRoster)

	staff("GET", "/staff/social-supervisors", app.PermSupervise, "社会监督员", s.socialList)
	staff("GET", "/staff/social-supervisors/new", app.PermSupervise, "聘任社会监督员", s.socialNew)
	staff("POST", "/staff/social-supervisors/new", app.PermSupervise, "聘任社会监督员", s.socialCreate)
	staff("GET", "/staff/social-supervisors/{id}", app.PermSupervise, "社会监督员详情", s.socialDetail)
	staff("POST", "/staff/social-supervisors/{id}/dismiss", app.PermSupervise, "解聘社会监督员", s.socialDismiss)
	staff("POST", "/staff/social-supervisors/{id}/cases", app.PermSupervise, "指派伴随执法的案件", s.socialAssign)
	staff("GET", "/staff/my-remarks", app.PermRecordRemarks, "伴随执法监督意见", s.myRemarks)
	staff("POST", "/staff/my-remarks", app.PermRecordRemarks, "填写伴随执法监督意见", s.myRemarkCreate)
	staff("GET", "/staff/remarks", app.PermStaff, "社会监督员意见", s.remarkList)
	staff("GET", "/staff/remarks/{id}", app.PermStaff, "社会监督员意见详情", s.remarkDetail)
	staff("GET", "/staff/remarks/{id}/files/{file}", app.PermStaff, "社会监督员意见附件", s.remarkFile)
	staff("POST", "/staff/remarks/{id}/reply", app.PermHandleCases, "答复社会监督员意见", s.remarkReply)
}

// socialListView is the bureau's list of appointments.
type socialListView struct {
	Page  *supervision.SocialSupervisorPage
	Pager *kit.CursorPager
}

func (s *Handlers) socialList(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.Supervision().SocialSupervisors(r.Context(), r.URL.Query().Get("cursor"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_social_supervisors", &kit.Page{Title: "社会监督员", Nav: "remarks",
		D: &socialListView{Page: p, Pager: kit.NewCursorPager(r, "", p.Next)}})
}

// optionsOf turns the context's choices into select options, with a first empty one.
func optionsOf(first string, list []supervision.Option) []kit.Option {
	out := []kit.Option{{Value: "", Label: first}}
	for _, o := range list {
		out = append(out, kit.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Label})
	}
	return out
}

func (s *Handlers) socialFormPage(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	accounts, err := s.App.Supervision().AccountChoices(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, status, "staff_social_supervisor_form", &kit.Page{Title: "聘任社会监督员", Nav: "remarks", Form: f,
		D: optionsOf("请选择账号", accounts)})
}

func (s *Handlers) socialNew(w http.ResponseWriter, r *http.Request) {
	f := kit.NewForm()
	today := s.App.Today()
	f.Set("term_from", today.String())
	f.Set("term_to", zhifa.DateOf(today.Time().AddDate(2, 0, -1)).String())
	s.socialFormPage(w, r, f, http.StatusOK)
}

func (s *Handlers) socialCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := supervision.AppointInput{UserID: f.Int("user_id"), Name: f.V("name"), WorkUnit: f.V("work_unit"), Phone: f.V("phone"),
		TermFrom: f.Date("term_from"), TermTo: f.Date("term_to"), OnRoster: f.Checked("on_roster")}
	var v *supervision.SocialSupervisorView
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		v, err = s.App.Supervision().Appoint(r.Context(), in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/social-supervisors/"+kit.ID64(v.ID), "已聘任社会监督员"+v.Name+"，并记入防篡改账本")
		return
	}
	if code := zhifa.ErrorCode(err); code == zhifa.EINVALID {
		f.Fail(err)
		s.socialFormPage(w, r, f, kit.StatusOf(err))
		return
	}
	s.Fail(w, r, err)
}

func (s *Handlers) socialDetail(w http.ResponseWriter, r *http.Request) {
	s.socialDetailPage(w, r, kit.NewForm(), http.StatusOK)
}

func (s *Handlers) socialDetailPage(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.App.Supervision().SocialSupervisor(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, status, "staff_social_supervisor", &kit.Page{Title: "社会监督员 " + v.Name, Nav: "remarks", Form: f, D: v})
}

func (s *Handlers) socialDismiss(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	_, err := s.App.Supervision().Dismiss(r.Context(), id, supervision.DismissInput{Version: int(f.Int("version")), Reason: f.V("reason")})
	s.socialAct(w, r, f, id, err, "已解聘")
}

func (s *Handlers) socialAssign(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	_, err := s.App.Supervision().AssignCase(r.Context(), id, supervision.AssignInput{CaseID: f.Int("case_id")})
	s.socialAct(w, r, f, id, err, "已指派伴随执法的案件")
}

// socialAct answers a form of the appointment's page: back to it with the flash, or
// the page again with the form's problems.
func (s *Handlers) socialAct(w http.ResponseWriter, r *http.Request, f *kit.Form, id int64, err error, done string) {
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, "/staff/social-supervisors/"+kit.ID64(id), done)
	case zhifa.EINVALID, zhifa.ECONFLICT:
		f.Fail(err)
		s.socialDetailPage(w, r, f, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}

// myRemarksView is the social supervisor's page.
type myRemarksView struct {
	Mine     *supervision.MySupervision
	Agencies []kit.Option
	Cases    []kit.Option
	Page     *supervision.RemarkPage
	Pager    *kit.CursorPager
	// MaxFiles and MaxMB are the attachments' limits, a complaint's.
	MaxFiles, MaxMB int
}

func (s *Handlers) myRemarksPage(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	mine, err := s.App.Supervision().Mine(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p, err := s.App.Supervision().Remarks(r.Context(), supervision.RemarkFilter{Mine: true, Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &myRemarksView{Mine: mine, Agencies: optionsOf("请选择执法机关", mine.Agencies), Cases: []kit.Option{{Value: "", Label: "不针对具体案件"}},
		Page: p, Pager: kit.NewCursorPager(r, "", p.Next), MaxFiles: supervision.MaxFiles, MaxMB: supervision.MaxFileSize >> 20}
	for _, c := range mine.Appointment.Cases {
		v.Cases = append(v.Cases, kit.Option{Value: strconv.FormatInt(c.CaseID, 10), Label: c.CaseNumber + "（" + c.AgencyName + "）"})
	}
	s.Render(w, r, status, "staff_my_remarks", &kit.Page{Title: "伴随执法监督意见", Nav: "my-remarks", Form: f, D: v})
}

func (s *Handlers) myRemarks(w http.ResponseWriter, r *http.Request) {
	f := kit.NewForm()
	f.Set("accompanied_on", s.App.Today().String())
	s.myRemarksPage(w, r, f, http.StatusOK)
}

func (s *Handlers) myRemarkCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.NewForm()
	req, err := parseRemarkForm(w, r, f) // req is never nil: it holds what was read so far
	if err != nil {
		f.Fail(err)
	}
	defer req.Close()
	in := req.In
	in.AgencyID, in.CaseID, in.AccompaniedOn, in.Text = f.Int("agency_id"), f.Int("case_id"), f.Date("accompanied_on"), f.V("text")
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Supervision().RecordRemark(r.Context(), in)
	}
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, "/staff/my-remarks", "监督意见已提交，执法机关答复后在此显示")
	case zhifa.EINVALID:
		f.Fail(err)
		f.Show("files")
		s.myRemarksPage(w, r, f, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}

// remarkListView is the staff list of remarks.
type remarkListView struct {
	Page       *supervision.RemarkPage
	Pager      *kit.CursorPager
	Unanswered bool
	Bureau     bool
}

func (s *Handlers) remarkList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := supervision.RemarkFilter{Unanswered: q.Get("unanswered") == "1", Cursor: q.Get("cursor")}
	p, err := s.App.Supervision().Remarks(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &remarkListView{Page: p, Pager: kit.NewCursorPager(r, "", p.Next), Unanswered: f.Unanswered,
		Bureau: app.ActorFrom(r.Context()).Role == zhifa.RoleSupervisor}
	s.Render(w, r, http.StatusOK, "staff_remarks", &kit.Page{Title: "社会监督员意见", Nav: "remarks", D: v})
}

func (s *Handlers) remarkDetailPage(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.App.Supervision().Remark(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, status, "staff_remark", &kit.Page{Title: "社会监督员意见", Nav: "remarks", Form: f, D: v})
}

func (s *Handlers) remarkDetail(w http.ResponseWriter, r *http.Request) {
	s.remarkDetailPage(w, r, kit.NewForm(), http.StatusOK)
}

func (s *Handlers) remarkReply(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	_, err := s.App.Supervision().ReplyRemark(r.Context(), id, supervision.ReplyInput{Version: int(f.Int("version")), Reply: f.V("reply")})
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, fmt.Sprintf("/staff/remarks/%d", id), "已答复，社会监督员可以看到答复")
	case zhifa.EINVALID, zhifa.ECONFLICT:
		f.Fail(err)
		s.remarkDetailPage(w, r, f, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}

// rosterView is the portal's roster.
type rosterView struct {
	Page  *supervision.RosterPage
	Pager *kit.CursorPager
}

func (s *Handlers) portalRoster(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.Supervision().Roster(kit.PublicContext(r), r.URL.Query().Get("cursor"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "portal_social_supervisors", &kit.Page{Title: "社会监督员名单", Nav: "social",
		D: &rosterView{Page: p, Pager: kit.NewCursorPager(r, "", p.Next)}})
}
