package web

import (
	"net/http"

	"zhifa"
	"zhifa/app"
)

// The case API (issue #4): filing, the list, one case with its clocks and unmet rules,
// the steps of the stage machine and records.

func (s *Server) apiCases(w http.ResponseWriter, r *http.Request) {
	q := newAPIQuery(r)
	f := app.CaseFilter{Stage: zhifa.Stage(q.text("stage")), Kind: zhifa.CaseKind(q.text("kind")), Due: q.text("due"),
		Query: q.text("q"), Cursor: q.text("cursor"), HandlerID: q.id("handler"), Page: zhifa.Page{Limit: int(q.int("limit", apiDefaultLimit, 1, apiMaxLimit))}}
	if mine := q.bool("mine"); mine != nil {
		f.Mine = *mine
	}
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	if wantsExport(r) {
		s.serveExport(w, r, s.casesExport(f), writeError)
		return
	}
	list, err := s.App.Cases(r.Context(), f)
	apiReply(w, r, http.StatusOK, list, err)
}

func (s *Server) apiCase(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.App.Case(r.Context(), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	pay, err := s.App.Execution().Payment(r.Context(), id)
	apiReply(w, r, http.StatusOK, caseResponse{CaseView: v, Payment: pay}, err)
}

func (s *Server) apiFileCase(w http.ResponseWriter, r *http.Request) {
	var in app.CaseInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.App.FileCase(r.Context(), in)
	apiReply(w, r, http.StatusCreated, v, err)
}

func (s *Server) apiCaseAction(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var in app.ActionInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.App.Act(r.Context(), id, zhifa.Action(r.PathValue("action")), in)
	apiReply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiAddRecord(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var in app.RecordInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	rec, err := s.App.AddRecord(r.Context(), id, in)
	apiReply(w, r, http.StatusCreated, rec, err)
}
