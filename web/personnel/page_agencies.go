package personnel

import (
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/law"
	"zhifa/web/kit"
)

// staffAgencyView is the data of the workspace agency page.
type staffAgencyView struct {
	Agency   *zhifa.Agency
	Parent   *zhifa.Agency
	Children []*zhifa.Agency
}

// AgencyList shows the agencies within the actor's scope as a tree.
func (s *Handlers) AgencyList(w http.ResponseWriter, r *http.Request) {
	ags, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_agencies", &kit.Page{Title: "执法机关", Nav: "agencies", D: agencyTree(ags)})
}

// AgencyDetail shows one agency within the actor's scope.
func (s *Handlers) AgencyDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	ag, err := s.App.Personnel().Agency(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	all, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &staffAgencyView{Agency: ag}
	for _, a := range all {
		if a.ID == ag.ParentID {
			v.Parent = a
		}
		if a.ParentID == ag.ID {
			v.Children = append(v.Children, a)
		}
	}
	s.Render(w, r, http.StatusOK, "staff_agency", &kit.Page{Title: ag.Name, Nav: "agencies", D: v})
}

// agencyFormView is the data of the agency form.
type agencyFormView struct {
	Edit    bool
	ID      int64
	Parent  string // the parent's name, shown read-only when editing
	Parents []kit.Option
	Levels  []kit.Option
	Types   []kit.Option
}

func (s *Handlers) agencyFormView(r *http.Request, edit bool, id int64, parentID int64) (*agencyFormView, error) {
	ags, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		return nil, err
	}
	v := &agencyFormView{Edit: edit, ID: id, Parents: kit.AgencyOptions(ags, "请选择上级机关", false)}
	if parentID != 0 {
		// The parent may lie outside the user's scope; its name is public.
		if parent, err := s.App.Personnel().Agency(kit.PublicContext(r), parentID); err == nil {
			v.Parent = parent.Name
		}
	}
	v.Levels = []kit.Option{{Value: "", Label: "请选择"}}
	for _, l := range zhifa.AgencyLevels {
		v.Levels = append(v.Levels, kit.Option{Value: string(l), Label: l.Label()})
	}
	v.Types = []kit.Option{{Value: "", Label: "请选择"}}
	for _, t := range zhifa.AgencyTypes {
		v.Types = append(v.Types, kit.Option{Value: string(t), Label: t.Label()})
	}
	return v, nil
}

// AgencyFormOf prefills the agency form.
func AgencyFormOf(in personnel.AgencyInput) *kit.Form {
	f := kit.NewForm()
	f.Set("parent_id", kit.ID64(in.ParentID))
	f.Set("name", in.Name)
	f.Set("short_name", in.ShortName)
	f.Set("level", string(in.Level))
	f.Set("type", string(in.Type))
	f.Set("region_code", in.RegionCode)
	f.Set("credit_code", in.CreditCode)
	f.Set("domains", strings.Join(in.Domains, "、"))
	f.Set("duties", in.Duties)
	f.Set("legal_basis", in.LegalBasis)
	f.Set("head", in.Head)
	f.Set("review_unit", in.ReviewUnit)
	f.Set("review_body", in.ReviewBody)
	f.Set("address", in.Address)
	f.Set("phone", in.Phone)
	if in.StatementDays > 0 {
		f.Set("statement_days", strconv.Itoa(in.StatementDays))
	}
	f.Set("number_template", in.NumberTemplate)
	if in.Supervises != nil && *in.Supervises {
		f.Set("supervises", "1")
	}
	if in.LighterSharePct > 0 {
		f.Set("lighter_share_pct", strconv.Itoa(in.LighterSharePct))
	}
	for k, n := range map[string]int{"decision_extend_days": in.DecisionExtendDays, "decision_head_extends": in.DecisionHeadExtends,
		"summary_filing_days": in.SummaryFilingDays} {
		if n > 0 {
			f.Set(k, strconv.Itoa(n))
		}
	}
	for k, fen := range map[string]int64{"hearing_person_fen": in.HearingPersonFen, "hearing_org_fen": in.HearingOrgFen} {
		if fen > 0 {
			f.Set(k, law.Yuan(fen))
		}
	}
	return f
}

// agencyInputOf reads the agency form.
func agencyInputOf(f *kit.Form) personnel.AgencyInput {
	supervises := f.Checked("supervises")
	return personnel.AgencyInput{
		Supervises: &supervises,
		ParentID:   f.Int("parent_id"), Name: f.V("name"), ShortName: f.V("short_name"),
		Level: zhifa.AgencyLevel(f.V("level")), Type: zhifa.AgencyType(f.V("type")),
		RegionCode: f.V("region_code"), CreditCode: f.V("credit_code"), Domains: f.List("domains"),
		Duties: f.V("duties"), LegalBasis: f.V("legal_basis"), Head: f.V("head"), ReviewUnit: f.V("review_unit"), ReviewBody: f.V("review_body"),
		Address: f.V("address"), Phone: f.V("phone"),
		StatementDays: int(f.Int("statement_days")), NumberTemplate: f.V("number_template"),
		HearingPersonFen: agencyFen(f.V("hearing_person_fen")), HearingOrgFen: agencyFen(f.V("hearing_org_fen")),
		LighterSharePct:    int(f.Int("lighter_share_pct")),
		DecisionExtendDays: int(f.Int("decision_extend_days")), DecisionHeadExtends: int(f.Int("decision_head_extends")),
		SummaryFilingDays: int(f.Int("summary_filing_days")),
	}
}

// agencyFen reads an amount of yuan typed in a form as fen; a malformed one is -1, which
// the use case refuses with the field's message.
func agencyFen(s string) int64 {
	fen, err := app.ParseFen(s)
	if err != nil {
		return -1
	}
	return fen
}

// AgencyNew shows the form for a new agency; ?parent= preselects its parent.
func (s *Handlers) AgencyNew(w http.ResponseWriter, r *http.Request) {
	f := kit.NewForm()
	f.Set("parent_id", r.URL.Query().Get("parent"))
	f.Set("type", string(zhifa.AgencyAdministrative))
	v, err := s.agencyFormView(r, false, 0, 0)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_agency_form", &kit.Page{Title: "新增执法机关", Nav: "agencies", Form: f, D: v})
}

// AgencyCreate saves a new agency.
func (s *Handlers) AgencyCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := agencyInputOf(f)
	v, err := s.agencyFormView(r, false, 0, 0)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &kit.Page{Title: "新增执法机关", Nav: "agencies", Form: f, D: v}
	if f.HasErrors() {
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_agency_form", p)
		return
	}
	res, err := s.App.Personnel().CreateAgency(r.Context(), in)
	if err != nil {
		s.FormFailed(w, r, err, "staff_agency_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/agencies/"+strconv.FormatInt(res.Agency.ID, 10), withWarnings("已新增执法机关", res.Warnings))
}

// withWarnings appends the warnings of a saved object to the flash message.
func withWarnings(msg string, warnings []string) string {
	if len(warnings) > 0 {
		msg += "。提示：" + strings.Join(warnings, "；")
	}
	return msg
}

// AgencyEdit shows the form to edit an agency.
func (s *Handlers) AgencyEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	ag, err := s.App.Personnel().Agency(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v, err := s.agencyFormView(r, true, id, ag.ParentID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_agency_form", &kit.Page{Title: "编辑：" + ag.Name, Nav: "agencies", Form: AgencyFormOf(personnel.AgencyInputOf(ag)), D: v})
}

// AgencyUpdate saves an agency.
func (s *Handlers) AgencyUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	ag, err := s.App.Personnel().Agency(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.PostedForm(r)
	in := agencyInputOf(f)
	in.ParentID = ag.ParentID
	v, err := s.agencyFormView(r, true, id, ag.ParentID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &kit.Page{Title: "编辑：" + ag.Name, Nav: "agencies", Form: f, D: v}
	if f.HasErrors() {
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_agency_form", p)
		return
	}
	res, err := s.App.Personnel().UpdateAgency(r.Context(), id, in)
	if err != nil {
		s.FormFailed(w, r, err, "staff_agency_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/agencies/"+strconv.FormatInt(id, 10), withWarnings("已保存", res.Warnings))
}
