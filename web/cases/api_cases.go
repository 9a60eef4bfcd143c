package cases

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// The case API (issue #4): filing, the list, one case with its clocks and unmet rules,
// the steps of the stage machine and records.

func (s *Handlers) APICases(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := app.CaseFilter{Stage: zhifa.Stage(q.Text("stage")), Kind: zhifa.CaseKind(q.Text("kind")), Due: q.Text("due"),
		Query: q.Text("q"), Cursor: q.Text("cursor"), HandlerID: q.ID("handler"), Page: zhifa.Page{Limit: int(q.Int("limit", kit.APIDefaultLimit, 1, kit.APIMaxLimit))}}
	if mine := q.Bool("mine"); mine != nil {
		f.Mine = *mine
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	if kit.WantsExport(r) {
		s.ServeExport(w, r, s.casesExport(f), kit.WriteError)
		return
	}
	list, err := s.App.Cases(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) APICase(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Case(r.Context(), id)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	pay, err := s.App.Execution().Payment(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, CaseResponse{CaseView: v, Payment: pay}, err)
}

func (s *Handlers) APIFileCase(w http.ResponseWriter, r *http.Request) {
	var in app.CaseInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.FileCase(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) APICaseAction(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.ActionInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Act(r.Context(), id, zhifa.Action(r.PathValue("action")), in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiAddRecord(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.RecordInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	rec, err := s.App.AddRecord(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, rec, err)
}
