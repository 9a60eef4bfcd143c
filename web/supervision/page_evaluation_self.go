package supervision

import (
	"fmt"
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/web/kit"
)

// Pages of an agency's evaluation of its own files (案卷自查, issue 14, F4): the head's or
// legal reviewer's form; the evaluation then shows on the evaluation pages, marked 自查.

func (s *Handlers) registerSelfEvaluationPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/self-evaluations/new", app.PermStaff, "组织本机关案卷自查", s.selfEvaluationNew)
	staff("POST", "/staff/self-evaluations/new", app.PermStaff, "组织本机关案卷自查", s.selfEvaluationCreate)
}

func (s *Handlers) selfEvaluationFormPage(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	ch, err := s.App.Supervision().SelfEvaluationChoices(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &evaluationFormView{Choices: ch, Kinds: evaluationKinds()}
	s.Render(w, r, status, "staff_self_evaluation_form", &kit.Page{Title: "组织本机关案卷自查", Staff: true, Nav: "evaluations", Form: f, D: v})
}

func (s *Handlers) selfEvaluationNew(w http.ResponseWriter, r *http.Request) {
	s.selfEvaluationFormPage(w, r, s.evaluationDefaults("%d年度案卷自查", 5), http.StatusOK)
}

func (s *Handlers) selfEvaluationCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := supervision.SelfEvaluationInput{Title: f.V("title"), From: f.Date("from"), To: f.Date("to"),
		SampleSize: int(f.Int("sample_size")), Seed: f.V("seed"), EvaluatorIDs: checkedIDs(f, "evaluator_ids"), RectifyDays: int(f.Int("rectify_days"))}
	for _, k := range f.Values["kinds"] {
		in.Kinds = append(in.Kinds, zhifa.CaseKind(k))
	}
	var v *supervision.EvaluationView
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		v, err = s.App.Supervision().CreateSelfEvaluation(r.Context(), in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/evaluations/"+kit.ID64(v.ID), fmt.Sprintf("已从本机关%d件已结案件中抽取%d件案卷自查，并记入防篡改账本", v.Population, v.SampleSize))
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE:
		f.Fail(err)
		f.Show("kinds", "evaluator_ids")
		s.selfEvaluationFormPage(w, r, f, http.StatusUnprocessableEntity)
	default:
		s.Fail(w, r, err)
	}
}
