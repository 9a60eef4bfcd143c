package supervision

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/law"
	"zhifa/web/kit"
)

// Fault accountability pages (过错责任追究, issue 14): a case's reviews, with the forms
// to open and decide one for the justice bureau's supervisors.

func (s *Handlers) registerFaultPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/cases/{id}/faults", app.PermStaff, "过错责任追究", s.caseFaults)
	staff("POST", "/staff/cases/{id}/faults", app.PermSupervise, "启动过错责任追究", s.caseFaultOpen)
	staff("POST", "/staff/faults/{id}", app.PermSupervise, "作出过错责任追究决定", s.caseFaultDecide)
}

// caseFaultsView is the fault page of a case.
type caseFaultsView struct {
	*supervision.CaseFaults
	Findings   []law.LabeledKey
	Exemptions []law.LabeledKey
	Sanctions  []law.LabeledKey
	// FailedID is the review whose decision form was refused (its inputs are shown again).
	FailedID int64
}

func (s *Handlers) caseFaultsPage(w http.ResponseWriter, r *http.Request, id int64, f *kit.Form, failed int64, status int) {
	cf, err := s.App.Supervision().CaseFaults(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if f == nil {
		f = kit.NewForm()
	}
	v := &caseFaultsView{CaseFaults: cf, Findings: law.FaultFindings, Exemptions: law.FaultExemptions, Sanctions: law.FaultSanctions, FailedID: failed}
	s.Render(w, r, status, "staff_case_faults", &kit.Page{Title: "过错责任追究 " + cf.CaseNumber, Staff: true, Nav: "cases", Form: f, D: v})
}

func (s *Handlers) caseFaults(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.caseFaultsPage(w, r, id, nil, 0, http.StatusOK)
}

func (s *Handlers) caseFaultOpen(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	_, err := s.App.Supervision().OpenFault(r.Context(), id, supervision.FaultOpenInput{Reason: f.V("reason")})
	if err == nil {
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id)+"/faults", "已启动过错责任追究，并记入防篡改账本")
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		f.Fail(err)
		s.caseFaultsPage(w, r, id, f, 0, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) caseFaultDecide(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in := supervision.FaultDecisionInput{Finding: f.V("finding"), Responsible: f.Values["responsible"], Grounds: f.Values["grounds"],
		Exempt: f.Checked("exempt"), Reasoning: f.V("reasoning"), Sanction: f.V("sanction"), Version: int(f.Int("version"))}
	var v *supervision.FaultView
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		v, err = s.App.Supervision().DecideFault(r.Context(), id, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(v.CaseID)+"/faults", "已作出追究决定："+v.SanctionLabel+"，并记入防篡改账本")
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		cur, rerr := s.App.Supervision().FaultReview(r.Context(), id)
		if rerr != nil {
			s.Fail(w, r, rerr)
			return
		}
		f.Fail(err)
		s.caseFaultsPage(w, r, cur.CaseID, f, id, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}
