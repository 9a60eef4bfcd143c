package supervision

import (
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/law"
	"zhifa/web/kit"
)

// Pages of the supervision context (issue 14): the portal's complaint form and tracking
// page, the staff's complaint list, detail and intake, the reconsideration and
// litigation outcomes of a case, and the correction rates.

func (s *Handlers) RegisterSupervisionPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc), pub func(method, pattern, summary string, h http.HandlerFunc)) {
	pub("GET", "/complaints/new", "投诉举报", s.complaintForm)
	pub("POST", "/complaints/new", "提交投诉举报", s.complaintSubmit)
	pub("GET", "/complaints/track", "投诉举报办理进度查询", s.complaintTrackForm)
	pub("POST", "/complaints/track", "查询投诉举报办理进度", s.complaintTrack)

	staff("GET", "/staff/complaints", app.PermStaff, "投诉举报", s.complaintList)
	staff("GET", "/staff/complaints/new", app.PermStaff, "登记投诉举报", s.complaintIntakeForm)
	staff("POST", "/staff/complaints/new", app.PermStaff, "登记投诉举报", s.complaintIntake)
	staff("GET", "/staff/complaints/{id}", app.PermStaff, "投诉举报详情", s.complaintDetail)
	staff("POST", "/staff/complaints/{id}/act", app.PermStaff, "办理投诉举报", s.complaintAct)
	staff("GET", "/staff/complaints/{id}/files/{file}", app.PermStaff, "投诉举报附件", s.complaintFile)
	staff("GET", "/staff/cases/{id}/reviews", app.PermStaff, "行政复议和行政诉讼", s.caseReviews)
	staff("POST", "/staff/cases/{id}/reviews", app.PermStaff, "登记行政复议或行政诉讼", s.caseReviewCreate)
	staff("POST", "/staff/reviews/{id}", app.PermStaff, "登记复议诉讼进展或结果", s.caseReviewUpdate)
	staff("GET", "/staff/supervision/corrections", app.PermSupervise, "纠错率", s.correctionRates)
	s.registerEvaluationPages(staff, pub)
	s.registerSelfEvaluationPages(staff)
	s.registerSocialPages(staff, pub)
	s.registerFaultPages(staff)
	s.registerProblemPages(staff)
}

func complaintKinds() []kit.Option {
	return []kit.Option{{Value: string(zhifa.ComplaintKindComplaint), Label: "投诉（消费纠纷，请求调解处理）"}, {Value: string(zhifa.ComplaintKindReport), Label: "举报（反映违法行为线索，可匿名）"}}
}

func complaintSubjects() []kit.Option {
	return []kit.Option{{Value: string(zhifa.ComplaintAboutEnterprise), Label: zhifa.ComplaintAboutEnterprise.Label()},
		{Value: string(zhifa.ComplaintAboutConduct), Label: "执法人员或执法机关的执法行为（由司法行政部门办理）"}}
}

// complaintFormView is the data of the public form.
type complaintFormView struct {
	Agencies  []kit.Option
	Kinds     []kit.Option
	Subjects  []kit.Option
	Challenge supervision.Challenge
	MaxFiles  int
	MaxMB     int
}

func (s *Handlers) complaintFormPage(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	ags, err := s.App.Supervision().PublicAgencies(kit.PublicContext(r))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	opts := []kit.Option{{Value: "", Label: "请选择"}}
	for _, a := range ags {
		opts = append(opts, kit.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name})
	}
	v := &complaintFormView{Agencies: opts, Kinds: complaintKinds(), Subjects: complaintSubjects(),
		Challenge: s.App.Supervision().Challenge(), MaxFiles: supervision.MaxFiles, MaxMB: supervision.MaxFileSize >> 20}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, status, "complaint_new", &kit.Page{Title: "投诉举报", Nav: "complaints", Form: f, D: v})
}

// complaintForm is the public complaint form.
func (s *Handlers) complaintForm(w http.ResponseWriter, r *http.Request) {
	f := kit.NewForm()
	f.Set("kind", string(zhifa.ComplaintKindReport))
	f.Set("subject", string(zhifa.ComplaintAboutEnterprise))
	s.complaintFormPage(w, r, f, http.StatusOK)
}

// complaintInputOf reads the fields of a complaint form.
func complaintInputOf(f *kit.Form) supervision.ComplaintInput {
	in := supervision.ComplaintInput{Kind: zhifa.ComplaintKind(f.V("kind")), Subject: zhifa.ComplaintSubject(f.V("subject")),
		Target: f.V("target"), Content: f.V("content"), Request: f.V("request"), Named: f.Checked("named"),
		Name: f.V("name"), Phone: f.V("phone"), Address: f.V("address"), Channel: zhifa.ComplaintChannel(f.V("channel")),
		ExternalRef: f.V("external_ref"), Challenge: f.V("challenge"), Nonce: f.V("nonce")}
	if f.V("agency_id") != "" {
		in.AgencyID = f.Int("agency_id")
	}
	return in
}

// complaintSubmit takes the public form (multipart, with attachments) and shows the
// receipt with the query code, once.
func (s *Handlers) complaintSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, supervision.MaxFiles*supervision.MaxFileSize+1<<20)
	f := kit.NewForm()
	var files []*multipart.FileHeader
	if err := r.ParseMultipartForm(1 << 20); err == nil {
		f.Values = r.MultipartForm.Value
		files = r.MultipartForm.File["files"]
		defer r.MultipartForm.RemoveAll()
	} else if err := r.ParseForm(); err == nil {
		f.Values = r.PostForm
	} else {
		f.Invalid("files", "附件过大或上传中断，请重试")
	}
	in := complaintInputOf(f)
	var atts []supervision.Attachment
	for _, fh := range files {
		if fh.Size == 0 && fh.Filename == "" {
			continue // the empty file input of a browser
		}
		file, err := fh.Open()
		if err != nil {
			f.Invalid("files", "附件读取失败，请重试")
			break
		}
		defer file.Close()
		atts = append(atts, supervision.Attachment{Name: fh.Filename, MIME: fh.Header.Get("Content-Type"), R: file})
	}
	var rc *supervision.Receipt
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		rc, err = s.App.Supervision().Submit(kit.PublicContext(r), in, atts)
	}
	if err != nil {
		switch zhifa.ErrorCode(err) {
		case zhifa.EINVALID, zhifa.EFORBIDDEN:
			f.Fail(err)
			f.Show("pow", "files", "named")
			for k := range f.Errors {
				if len(k) > 6 && k[:6] == "files[" {
					f.Show(k)
				}
			}
			s.complaintFormPage(w, r, f, kit.StatusOf(err))
		default:
			s.Fail(w, r, err)
		}
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusOK, "complaint_receipt", &kit.Page{Title: "投诉举报已提交", Nav: "complaints", D: rc})
}

// complaintTrackForm asks for the number and the code. The code is posted, never put in
// an address that browsers keep in their history.
func (s *Handlers) complaintTrackForm(w http.ResponseWriter, r *http.Request) {
	f := kit.NewForm()
	f.Set("number", r.URL.Query().Get("number"))
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusOK, "complaint_track", &kit.Page{Title: "办理进度查询", Nav: "complaints", Form: f})
}

// complaintTrack shows the progress and the reply to the holder of the number and code.
func (s *Handlers) complaintTrack(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	v, err := s.App.Supervision().Track(kit.PublicContext(r), f.V("number"), f.V("code"))
	w.Header().Set("Cache-Control", "no-store")
	status := http.StatusOK
	if err != nil {
		switch zhifa.ErrorCode(err) {
		case zhifa.ENOTFOUND, zhifa.EFORBIDDEN:
			f.Message, status = zhifa.ErrorMessage(err), kit.StatusOf(err)
		default:
			s.Fail(w, r, err)
			return
		}
	}
	f.Set("code", "")
	s.Render(w, r, status, "complaint_track", &kit.Page{Title: "办理进度查询", Nav: "complaints", Form: f, D: v})
}

// complaintListView is the data of the staff list.
type complaintListView struct {
	Page     *supervision.ListPage
	State    string
	Overdue  bool
	States   []kit.Option
	Pager    *kit.CursorPager
	MayTake  bool
	Warnings int
}

func (s *Handlers) complaintList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := supervision.ListFilter{State: zhifa.ComplaintState(q.Get("state")), Overdue: q.Get("overdue") == "1", Cursor: q.Get("cursor")}
	p, err := s.App.Supervision().Complaints(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &complaintListView{Page: p, State: string(f.State), Overdue: f.Overdue, States: []kit.Option{{Value: "", Label: "全部"}},
		Pager: kit.NewCursorPager(r, "", p.Next), MayTake: app.ActorFrom(r.Context()).Role != zhifa.RoleAdmin}
	for _, st := range zhifa.ComplaintStates {
		v.States = append(v.States, kit.Option{Value: string(st), Label: st.Label()})
	}
	for _, it := range p.Items {
		for _, c := range it.Clocks {
			if c.Status != law.ClockOK {
				v.Warnings++
			}
		}
	}
	s.Render(w, r, http.StatusOK, "staff_complaints", &kit.Page{Title: "投诉举报", Staff: true, Nav: "complaints", D: v})
}

// intakeFormView is the data of the staff intake form.
type intakeFormView struct {
	Agencies []kit.Option
	Kinds    []kit.Option
	Subjects []kit.Option
	Channels []kit.Option
}

func (s *Handlers) intakePage(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	ags, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &intakeFormView{Kinds: complaintKinds(), Subjects: complaintSubjects()}
	for _, a := range ags {
		if a.IsEnforcement() {
			v.Agencies = append(v.Agencies, kit.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name})
		}
	}
	for _, c := range []zhifa.ComplaintChannel{zhifa.Channel12345, zhifa.Channel12315, zhifa.ChannelPhone, zhifa.ChannelLetter, zhifa.ChannelVisit, zhifa.ChannelOther} {
		v.Channels = append(v.Channels, kit.Option{Value: string(c), Label: c.Label()})
	}
	s.Render(w, r, status, "staff_complaint_form", &kit.Page{Title: "登记投诉举报", Staff: true, Nav: "complaints", Form: f, D: v})
}

func (s *Handlers) complaintIntakeForm(w http.ResponseWriter, r *http.Request) {
	f := kit.NewForm()
	f.Set("channel", string(zhifa.Channel12345))
	f.Set("kind", string(zhifa.ComplaintKindReport))
	f.Set("subject", string(zhifa.ComplaintAboutEnterprise))
	f.Set("agency_id", strconv.FormatInt(app.ActorFrom(r.Context()).AgencyID, 10))
	s.intakePage(w, r, f, http.StatusOK)
}

func (s *Handlers) complaintIntake(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := complaintInputOf(f)
	var rc *supervision.Receipt
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		rc, err = s.App.Supervision().Intake(r.Context(), in)
	}
	if err != nil {
		switch zhifa.ErrorCode(err) {
		case zhifa.EINVALID, zhifa.EGATE:
			f.Fail(err)
			f.Show("named", "channel")
			s.intakePage(w, r, f, kit.StatusOf(err))
		default:
			s.Fail(w, r, err)
		}
		return
	}
	s.Render(w, r, http.StatusOK, "complaint_receipt", &kit.Page{Title: "投诉举报已登记", Staff: true, Nav: "complaints", D: rc})
}

// complaintDetailView is the data of the staff detail page.
type complaintDetailView struct {
	C        *supervision.View
	Agencies []kit.Option
	MayFile  bool
	// Findings are the choices of the finding given with the final reply.
	Findings []kit.Option
}

func (s *Handlers) complaintPage(w http.ResponseWriter, r *http.Request, id int64, f *kit.Form, status int) {
	v, err := s.App.Supervision().Complaint(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := &complaintDetailView{C: v, MayFile: v.MayHandle && app.ActorFrom(r.Context()).Can(app.PermHandleCases) && v.CaseID == 0 &&
		(v.State == zhifa.ComplaintReceived || v.State == zhifa.ComplaintAccepted), Findings: findingOptions()}
	if v.MayHandle && v.State == zhifa.ComplaintReceived {
		ags, err := s.App.Personnel().Agencies(kit.PublicContext(r))
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		d.Agencies = []kit.Option{{Value: "", Label: "请选择"}}
		for _, a := range ags {
			if a.IsEnforcement() && a.ID != v.AgencyID {
				d.Agencies = append(d.Agencies, kit.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name})
			}
		}
	}
	if f == nil {
		f = kit.NewForm()
	}
	f.Set("version", strconv.Itoa(v.Version))
	s.Render(w, r, status, "staff_complaint", &kit.Page{Title: "投诉举报 " + v.Number, Staff: true, Nav: "complaints", Form: f, D: d})
}

func (s *Handlers) complaintDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.complaintPage(w, r, id, nil, http.StatusOK)
}

var complaintActionLabels = map[string]string{"transfer": "转交", "accept": "受理", "refuse": "不予受理", "notify": "告知举报人", "reply": "答复办结"}

func (s *Handlers) complaintAct(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	action := f.V("action")
	in := supervision.ActionInput{Version: int(f.Int("version")), Reason: f.V("reason"), Reply: f.V("reply"),
		Finding: zhifa.ComplaintFinding(f.V("finding"))}
	if f.V("agency_id") != "" {
		in.AgencyID = f.Int("agency_id")
	}
	if f.V("reply_days") != "" {
		in.ReplyDays = int(f.Int("reply_days"))
	}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Supervision().Act(r.Context(), id, action, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/complaints/"+kit.ID64(id), "已"+complaintActionLabels[action]+"，并记入防篡改账本")
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		f.Fail(err)
		f.Show("action")
		s.complaintPage(w, r, id, f, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}

// caseReviewsView is the data of a case's reconsideration and litigation page.
type caseReviewsView struct {
	Case     *app.CaseView
	Reviews  []*supervision.ReviewView
	Outcomes []kit.Option
	Kinds    []kit.Option
	// MayRecord shows the forms (the case's handlers, the justice bureau's supervisors).
	MayRecord bool
}

func (s *Handlers) caseReviewsPage(w http.ResponseWriter, r *http.Request, id int64, f *kit.Form, status int) {
	c, err := s.App.Case(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	list, err := s.App.Supervision().CaseReviews(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &caseReviewsView{Case: c, Reviews: list, Outcomes: []kit.Option{{Value: "", Label: "尚无结果"}},
		Kinds: []kit.Option{{Value: string(zhifa.ReviewReconsideration), Label: zhifa.ReviewReconsideration.Label()}, {Value: string(zhifa.ReviewLitigation), Label: zhifa.ReviewLitigation.Label()}}}
	v.MayRecord = s.App.Supervision().MayRecordReviews(r.Context(), id)
	for _, o := range zhifa.ReviewOutcomes {
		v.Outcomes = append(v.Outcomes, kit.Option{Value: string(o), Label: o.Label()})
	}
	if f == nil {
		f = kit.NewForm()
		f.Set("kind", string(zhifa.ReviewReconsideration))
	}
	s.Render(w, r, status, "staff_case_reviews", &kit.Page{Title: "行政复议和行政诉讼 " + c.Number, Staff: true, Nav: "cases", Form: f, D: v})
}

func (s *Handlers) caseReviews(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.caseReviewsPage(w, r, id, nil, http.StatusOK)
}

// reviewInputOf reads a reconsideration or lawsuit form.
func reviewInputOf(f *kit.Form) supervision.ReviewInput {
	in := supervision.ReviewInput{Kind: zhifa.ReviewKind(f.V("kind")), Applicant: f.V("applicant"), Body: f.V("body"),
		ReceivedOn: f.Date("received_on"), ViaAgency: f.Checked("via_agency"), ForwardedOn: f.Date("forwarded_on"),
		CopyReceivedOn: f.Date("copy_received_on"), AnsweredOn: f.Date("answered_on"), AcceptedOn: f.Date("accepted_on"),
		Simple: f.Checked("simple"), HeadAppears: f.Checked("head_appears"), Appealed: f.Checked("appealed"),
		Outcome: zhifa.ReviewOutcome(f.V("outcome")), OutcomeOn: f.Date("outcome_on"), Summary: f.V("summary")}
	if f.V("instance") != "" {
		in.Instance = int(f.Int("instance"))
	}
	if f.V("version") != "" {
		in.Version = int(f.Int("version"))
	}
	return in
}

func (s *Handlers) caseReviewCreate(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in := reviewInputOf(f)
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Supervision().RecordReview(r.Context(), id, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id)+"/reviews", "已登记，并记入防篡改账本")
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		f.Fail(err)
		s.caseReviewsPage(w, r, id, f, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) caseReviewUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in := reviewInputOf(f)
	var v *supervision.ReviewView
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		v, err = s.App.Supervision().UpdateReview(r.Context(), id, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(v.CaseID)+"/reviews", "已登记"+v.KindLabel+"的进展，并记入防篡改账本")
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		cur, rerr := s.App.Supervision().Review(r.Context(), id)
		if rerr != nil {
			s.Fail(w, r, rerr)
			return
		}
		f.Fail(err)
		s.caseReviewsPage(w, r, cur.CaseID, f, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) correctionRates(w http.ResponseWriter, r *http.Request) {
	year := s.App.Today().Year
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		year = y
	}
	v, err := s.App.Supervision().CorrectionRates(r.Context(), year)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_corrections", &kit.Page{Title: "纠错率", Staff: true, Nav: "corrections", D: v})
}

// SupervisionTiles are the dashboard's tiles of the context: the overdue complaints the
// actor handles or supervises, and for supervisors the agencies and governments whose
// correction rate this year exceeds 5% (REQUIREMENTS F7).
type SupervisionTiles struct {
	Complaints   bool
	Overdue      string // "50+" beyond one page
	Rates        bool
	Year         int
	RateWarnings int
}

func (s *Handlers) SupervisionTiles(r *http.Request) (*SupervisionTiles, error) {
	actor := app.ActorFrom(r.Context())
	t := &SupervisionTiles{Year: s.App.Today().Year}
	sv := s.App.Supervision()
	if actor.Can(app.PermHandleCases) || actor.Can(app.PermSupervise) {
		p, err := sv.Complaints(r.Context(), supervision.ListFilter{Overdue: true})
		if err != nil {
			return nil, err
		}
		t.Complaints, t.Overdue = true, strconv.Itoa(len(p.Items))
		if p.Next != "" {
			t.Overdue += "+"
		}
	}
	if actor.Can(app.PermSupervise) {
		rates, err := sv.CorrectionRates(r.Context(), t.Year)
		if err != nil {
			return nil, err
		}
		t.Rates = true
		for _, row := range rates.Rows {
			if row.Warning {
				t.RateWarnings++
			}
		}
	}
	return t, nil
}

// complaintFile serves an attachment to the complaint's handlers, as a download: the
// public uploaded it, so it is never rendered inline on this origin.
func (s *Handlers) complaintFile(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	fileID, ok2 := kit.PathID(r, "file")
	if !ok || !ok2 {
		s.NotFound(w, r)
		return
	}
	f, obj, err := s.App.Supervision().OpenFile(r.Context(), id, fileID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	defer obj.Close()
	h := w.Header()
	h.Set("Content-Type", f.MIME)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "no-store")
	http.ServeContent(w, r, "", obj.ModTime(), obj)
}
