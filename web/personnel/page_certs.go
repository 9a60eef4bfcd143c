package personnel

import (
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/personnel"
	"zhifa/web/kit"
)

// certFormView is the data of the certificate forms: the officer, and for a state
// change or yearly review the certificate.
type certFormView struct {
	Officer *personnel.OfficerView
	Cert    *personnel.CertView
	States  []kit.Option
}

// officerAndCert loads the officer of the URL and, when the URL names one, its
// certificate; a certificate of another officer is not found.
func (s *Handlers) officerAndCert(r *http.Request) (*personnel.OfficerView, *personnel.CertView, error) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		return nil, nil, zhifa.NotFound("执法人员")
	}
	o, err := s.App.Personnel().Officer(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	if r.PathValue("cert") == "" {
		return o, nil, nil
	}
	certID, ok := kit.PathID(r, "cert")
	if !ok {
		return nil, nil, zhifa.NotFound("执法证件")
	}
	for _, c := range o.Certificates {
		if c.ID == certID {
			return o, c, nil
		}
	}
	return nil, nil, zhifa.NotFound("执法证件")
}

// CertNew shows the form to issue a certificate.
func (s *Handlers) CertNew(w http.ResponseWriter, r *http.Request) {
	o, _, err := s.officerAndCert(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.NewForm()
	today := s.App.Today()
	f.Set("issued_on", today.String())
	f.Set("valid_from", today.String())
	f.Set("domains", strings.Join(o.Domains, "、"))
	s.Render(w, r, http.StatusOK, "staff_cert_form", &kit.Page{Title: "发放执法证件", Nav: "officers", Form: f, D: &certFormView{Officer: o}})
}

// CertCreate issues the certificate: only to an officer who passed the exam or holds a
// legal professional qualification (the app's rule).
func (s *Handlers) CertCreate(w http.ResponseWriter, r *http.Request) {
	o, _, err := s.officerAndCert(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.PostedForm(r)
	in := personnel.CertInput{Number: f.V("number"), Issuer: f.V("issuer"), IssuedOn: f.Date("issued_on"),
		ValidFrom: f.Date("valid_from"), ValidUntil: f.Date("valid_until"), Domains: f.List("domains")}
	p := &kit.Page{Title: "发放执法证件", Nav: "officers", Form: f, D: &certFormView{Officer: o}}
	if f.HasErrors() {
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_cert_form", p)
		return
	}
	c, err := s.App.Personnel().IssueCertificate(r.Context(), o.ID, in)
	if err != nil {
		s.FormFailed(w, r, err, "staff_cert_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/officers/"+kit.ID64(o.ID), "已发放执法证件 "+c.Number)
}

// CertStateForm shows the form to suspend, restore, revoke or cancel a certificate;
// ?to= preselects the new state.
func (s *Handlers) CertStateForm(w http.ResponseWriter, r *http.Request) {
	o, c, err := s.officerAndCert(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.NewForm()
	f.Set("state", r.URL.Query().Get("to"))
	f.Set("reason", "")
	s.Render(w, r, http.StatusOK, "staff_cert_state", &kit.Page{Title: "变更证件状态", Nav: "officers", Form: f, D: certStateView(o, c)})
}

func certStateView(o *personnel.OfficerView, c *personnel.CertView) *certFormView {
	v := &certFormView{Officer: o, Cert: c, States: []kit.Option{{Value: "", Label: "请选择"}}}
	for _, a := range certActions(c.State) {
		v.States = append(v.States, kit.Option{Value: string(a.To), Label: a.Label + "（变更为“" + a.To.Label() + "”）"})
	}
	return v
}

// CertStateSubmit changes the certificate's state with the reason; the change is kept
// in the certificate's history.
func (s *Handlers) CertStateSubmit(w http.ResponseWriter, r *http.Request) {
	o, c, err := s.officerAndCert(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.PostedForm(r)
	p := &kit.Page{Title: "变更证件状态", Nav: "officers", Form: f, D: certStateView(o, c)}
	to := zhifa.CertState(f.V("state"))
	if to == "" {
		f.Invalid("state", "请选择变更后的状态")
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_cert_state", p)
		return
	}
	changed, err := s.App.Personnel().ChangeCertificateState(r.Context(), c.ID, to, f.V("reason"))
	if err != nil {
		s.FormFailed(w, r, err, "staff_cert_state", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/officers/"+kit.ID64(o.ID), "执法证件 "+changed.Number+" 已"+certActionLabel(to))
}

// ReviewNew shows the form to record a yearly review (年审).
func (s *Handlers) ReviewNew(w http.ResponseWriter, r *http.Request) {
	o, c, err := s.officerAndCert(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	today := s.App.Today()
	f := kit.NewForm()
	f.Set("year", strconv.Itoa(today.Year))
	f.Set("passed", "1")
	f.Set("date", today.String())
	s.Render(w, r, http.StatusOK, "staff_review_form", &kit.Page{Title: "登记年审", Nav: "officers", Form: f, D: reviewView(o, c)})
}

func reviewView(o *personnel.OfficerView, c *personnel.CertView) *certFormView {
	return &certFormView{Officer: o, Cert: c, States: []kit.Option{{Value: "1", Label: "合格"}, {Value: "0", Label: "不合格"}}}
}

// ReviewCreate records the yearly review.
func (s *Handlers) ReviewCreate(w http.ResponseWriter, r *http.Request) {
	o, c, err := s.officerAndCert(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.PostedForm(r)
	in := personnel.AnnualReviewInput{Year: int(f.Int("year")), Passed: f.V("passed") == "1", Date: f.Date("date"), Note: f.V("note")}
	p := &kit.Page{Title: "登记年审", Nav: "officers", Form: f, D: reviewView(o, c)}
	if f.HasErrors() {
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_review_form", p)
		return
	}
	if _, err := s.App.Personnel().AddAnnualReview(r.Context(), c.ID, in); err != nil {
		s.FormFailed(w, r, err, "staff_review_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/officers/"+kit.ID64(o.ID), "已登记"+strconv.Itoa(in.Year)+"年度年审")
}

// trainingFormView is the data of the training form.
type trainingFormView struct {
	Officer *personnel.OfficerView
	Kinds   []kit.Option
}

func trainingView(o *personnel.OfficerView) *trainingFormView {
	v := &trainingFormView{Officer: o, Kinds: []kit.Option{{Value: "", Label: "请选择"}}}
	for _, k := range zhifa.TrainingKinds {
		v.Kinds = append(v.Kinds, kit.Option{Value: string(k), Label: k.Label()})
	}
	return v
}

// TrainingNew shows the form to record a training.
func (s *Handlers) TrainingNew(w http.ResponseWriter, r *http.Request) {
	o, _, err := s.officerAndCert(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.NewForm()
	f.Set("date", s.App.Today().String())
	s.Render(w, r, http.StatusOK, "staff_training_form", &kit.Page{Title: "登记培训", Nav: "officers", Form: f, D: trainingView(o)})
}

// TrainingCreate records a training.
func (s *Handlers) TrainingCreate(w http.ResponseWriter, r *http.Request) {
	o, _, err := s.officerAndCert(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.PostedForm(r)
	in := personnel.TrainingInput{Date: f.Date("date"), Hours: f.Float("hours"), Topic: f.V("topic"),
		Kind: zhifa.TrainingKind(f.V("kind")), Provider: f.V("provider")}
	p := &kit.Page{Title: "登记培训", Nav: "officers", Form: f, D: trainingView(o)}
	if f.HasErrors() {
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_training_form", p)
		return
	}
	t, err := s.App.Personnel().AddTraining(r.Context(), o.ID, in)
	if err != nil {
		s.FormFailed(w, r, err, "staff_training_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/officers/"+kit.ID64(o.ID)+"#training", "已登记培训 "+kit.TrimFloat(t.Hours)+" 学时")
}
