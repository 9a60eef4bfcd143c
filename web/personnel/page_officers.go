package personnel

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/personnel"
	"zhifa/law"
	"zhifa/web/kit"
)

// staffOfficerListView is one page of the workspace officer list with its filters.
type staffOfficerListView struct {
	List     *personnel.OfficerList
	Pager    *kit.Pager
	Query    string
	AgencyID string
	Reviewer string // "", "yes" or "no"
	Agencies []kit.Option
}

// OfficerList lists officers within the actor's scope with search, filters and paging.
func (s *Handlers) OfficerList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &staffOfficerListView{Query: strings.TrimSpace(q.Get("q")), AgencyID: q.Get("agency"), Reviewer: q.Get("reviewer")}
	f := zhifa.OfficerFilter{Query: v.Query}
	if id, err := strconv.ParseInt(v.AgencyID, 10, 64); err == nil && id > 0 {
		f.AgencyID = id
	} else {
		v.AgencyID = ""
	}
	switch v.Reviewer {
	case "yes", "no":
		b := v.Reviewer == "yes"
		f.Reviewer = &b
	default:
		v.Reviewer = ""
	}
	if kit.WantsExport(r) { // the list as a file, same filters (issue #12)
		s.ServeExport(w, r, s.officersExport(f), s.Fail)
		return
	}
	pageNo, offset := kit.ListPage(r, kit.StaffPageSize)
	f.Page = zhifa.Page{Limit: kit.StaffPageSize, Offset: offset}
	list, err := s.App.Personnel().Officers(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ags, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.List, v.Pager, v.Agencies = list, kit.NewPager(r, list.Total, kit.StaffPageSize, pageNo), kit.AgencyOptions(ags, "全部机关", true)
	s.Render(w, r, http.StatusOK, "staff_officers", &kit.Page{Title: "执法人员", Nav: "officers", D: v})
}

// certAction is a state change offered for a certificate.
type certAction struct {
	To    zhifa.CertState
	Label string
}

// certActionLabel names the action that moves a certificate to a state.
func certActionLabel(to zhifa.CertState) string {
	switch to {
	case zhifa.CertValid:
		return "恢复"
	case zhifa.CertSuspended:
		return "暂扣"
	case zhifa.CertRevoked:
		return "收缴"
	case zhifa.CertCancelled:
		return "注销"
	}
	return to.Label()
}

// certActions lists the state changes the rules allow from a recorded state.
func certActions(from zhifa.CertState) []certAction {
	var out []certAction
	for _, to := range []zhifa.CertState{zhifa.CertSuspended, zhifa.CertValid, zhifa.CertRevoked, zhifa.CertCancelled} {
		if law.CertTransition(from, to) == nil {
			out = append(out, certAction{to, certActionLabel(to)})
		}
	}
	return out
}

// certBlock is a certificate on the officer page with the actions it allows.
type certBlock struct {
	*personnel.CertView
	Actions []certAction
}

// staffOfficerView is the data of the workspace officer page.
type staffOfficerView struct {
	Officer *personnel.OfficerView
	Certs   []certBlock
	// Revealed holds the unmasked personal data after an audited reveal.
	Revealed *zhifa.Officer
	// Short is set when this year's training is under the minimum.
	Short    bool
	MinHours float64
	// Photo says the officer has a photo (issue #12).
	Photo bool
}

func (s *Handlers) staffOfficerView(r *http.Request, id int64) (*staffOfficerView, error) {
	o, err := s.App.Personnel().Officer(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v := &staffOfficerView{Officer: o, MinHours: law.MinTrainingHours, Photo: s.App.Personnel().HasOfficerPhoto(r.Context(), id)}
	for _, c := range o.Certificates {
		v.Certs = append(v.Certs, certBlock{c, certActions(c.State)})
	}
	year := s.App.Today().Year
	for _, y := range o.TrainingByYear {
		if y.Year == year {
			v.Short = y.Short
		}
	}
	return v, nil
}

// OfficerDetail shows an officer: masked personal data, certificates with state history
// and yearly reviews, training with yearly totals.
func (s *Handlers) OfficerDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.staffOfficerView(r, id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_officer", &kit.Page{Title: v.Officer.Name, Nav: "officers", D: v})
}

// OfficerReveal shows the officer page with the full 身份证号 and phone. The app audits
// the read; the page is answered directly (not redirected) so the data is never stored.
func (s *Handlers) OfficerReveal(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	full, err := s.App.Personnel().RevealOfficer(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v, err := s.staffOfficerView(r, id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Revealed = full
	s.Render(w, r, http.StatusOK, "staff_officer", &kit.Page{Title: v.Officer.Name, Nav: "officers", D: v})
}

// officerFormView is the data of the officer form.
type officerFormView struct {
	Edit     bool
	Officer  *personnel.OfficerView
	Agencies []kit.Option
}

func (s *Handlers) officerFormView(r *http.Request, o *personnel.OfficerView) (*officerFormView, error) {
	ags, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		return nil, err
	}
	return &officerFormView{Edit: o != nil, Officer: o, Agencies: kit.AgencyOptions(ags, "请选择所属机关", true)}, nil
}

// officerInputOf reads the officer form.
func officerInputOf(f *kit.Form) personnel.OfficerInput {
	return personnel.OfficerInput{
		AgencyID: f.Int("agency_id"), Name: f.V("name"), IDNumber: f.V("id_number"), Phone: f.V("phone"),
		Position: f.V("position"), Domains: f.List("domains"), Reviewer: f.Checked("reviewer"),
		LegalQual: f.Checked("legal_qualification"), LegalQualNo: f.V("legal_qualification_no"),
		ExamPassed: f.Checked("exam_passed"), ExamDate: f.Date("exam_date"), Active: f.Checked("active"),
	}
}

// officerFormOf prefills the officer form from a stored officer; personal data is left
// blank (a blank field keeps the stored value).
func officerFormOf(o *personnel.OfficerView) *kit.Form {
	f := kit.NewForm()
	f.Set("agency_id", kit.ID64(o.AgencyID))
	f.Set("name", o.Name)
	f.Set("id_number", "")
	f.Set("phone", "")
	f.Set("position", o.Position)
	f.Set("domains", strings.Join(o.Domains, "、"))
	f.SetBool("reviewer", o.Reviewer)
	f.SetBool("legal_qualification", o.LegalQual)
	f.Set("legal_qualification_no", o.LegalQualNo)
	f.SetBool("exam_passed", o.ExamPassed)
	f.Set("exam_date", o.ExamDate.String())
	f.SetBool("active", o.Active)
	return f
}

// OfficerNew shows the form for a new officer; ?agency= preselects the agency.
func (s *Handlers) OfficerNew(w http.ResponseWriter, r *http.Request) {
	v, err := s.officerFormView(r, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.NewForm()
	f.Set("agency_id", r.URL.Query().Get("agency"))
	f.SetBool("active", true)
	s.Render(w, r, http.StatusOK, "staff_officer_form", &kit.Page{Title: "新增执法人员", Nav: "officers", Form: f, D: v})
}

// OfficerCreate saves a new officer.
func (s *Handlers) OfficerCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := officerInputOf(f)
	v, err := s.officerFormView(r, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &kit.Page{Title: "新增执法人员", Nav: "officers", Form: f, D: v}
	if f.HasErrors() {
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_officer_form", p)
		return
	}
	o, err := s.App.Personnel().CreateOfficer(r.Context(), in)
	if err != nil {
		s.FormFailed(w, r, err, "staff_officer_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/officers/"+kit.ID64(o.ID), "已新增执法人员 "+o.Name)
}

// OfficerEdit shows the form to edit an officer.
func (s *Handlers) OfficerEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	o, err := s.App.Personnel().Officer(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v, err := s.officerFormView(r, o)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_officer_form", &kit.Page{Title: "编辑：" + o.Name, Nav: "officers", Form: officerFormOf(o), D: v})
}

// OfficerUpdate saves an officer.
func (s *Handlers) OfficerUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	o, err := s.App.Personnel().Officer(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.PostedForm(r)
	in := officerInputOf(f)
	v, err := s.officerFormView(r, o)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &kit.Page{Title: "编辑：" + o.Name, Nav: "officers", Form: f, D: v}
	if f.HasErrors() {
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_officer_form", p)
		return
	}
	if _, err := s.App.Personnel().UpdateOfficer(r.Context(), id, in); err != nil {
		s.FormFailed(w, r, err, "staff_officer_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/officers/"+kit.ID64(id), "已保存")
}

// from export_lists.go
// officersExport is the officer list under f (身份证号 masked, as listed).
func (s *Handlers) officersExport(f zhifa.OfficerFilter) kit.ListExport {
	return kit.ListExport{Name: "执法人员列表", Header: []string{"姓名", "性别", "所属机关", "职务", "身份证号（脱敏）", "执法领域", "执法证号", "证件状态", "法制审核人员", "在岗"},
		Page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			off := kit.OffsetToken(token)
			f.Page = zhifa.Page{Limit: kit.ExportPageSize, Offset: off}
			list, err := s.App.Personnel().Officers(ctx, f)
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, o := range list.Officers {
				cert, state := "", "无证件"
				if c := o.CurrentCert(); c != nil {
					cert, state = c.Number, c.Effective.Label()
				}
				rows = append(rows, []string{o.Name, o.Sex, o.AgencyName, o.Position, o.IDMasked, strings.Join(o.Domains, "、"), cert, state,
					kit.YesNo(o.Reviewer), kit.YesNo(o.Active)})
			}
			return rows, list.Total, kit.NextOffset(off, len(list.Officers), list.Total), nil
		}}
}
