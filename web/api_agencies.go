package web

import (
	"net/http"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
)

// agencyList is one page of agencies, in hierarchy order.
type agencyList struct {
	Agencies []*zhifa.Agency `json:"agencies"`
	Total    int             `json:"total"`
}

// userList is one page of accounts, by login.
type userList struct {
	Users []*zhifa.User `json:"users"`
	Total int           `json:"total"`
}

// agencyPage filters agencies by q (name or short name) and cuts out the page.
func agencyPage(list []*zhifa.Agency, q string, p zhifa.Page) agencyList {
	out := make([]*zhifa.Agency, 0, len(list))
	for _, ag := range list {
		if q == "" || strings.Contains(ag.Name, q) || strings.Contains(ag.ShortName, q) {
			out = append(out, ag)
		}
	}
	return agencyList{Agencies: apiWindow(out, p), Total: len(out)}
}

func (s *Server) apiAgencies(w http.ResponseWriter, r *http.Request) {
	q := newAPIQuery(r)
	text, p := q.text("q"), q.page(apiMaxLimit)
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	list, err := s.App.Personnel().Agencies(r.Context())
	apiReply(w, r, http.StatusOK, agencyPage(list, text, p), err)
}

func (s *Server) apiAgency(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	ag, err := s.App.Personnel().Agency(r.Context(), id)
	apiReply(w, r, http.StatusOK, ag, err)
}

func (s *Server) apiCreateAgency(w http.ResponseWriter, r *http.Request) {
	var in personnel.AgencyInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	res, err := s.App.Personnel().CreateAgency(r.Context(), in)
	apiReply(w, r, http.StatusCreated, res, err)
}

func (s *Server) apiUpdateAgency(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var in personnel.AgencyInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	res, err := s.App.Personnel().UpdateAgency(r.Context(), id, in)
	apiReply(w, r, http.StatusOK, res, err)
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) {
	q := newAPIQuery(r)
	text, p := q.text("q"), q.page(apiMaxLimit)
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	list, err := s.App.Users(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := make([]*zhifa.User, 0, len(list))
	for _, u := range list {
		if text == "" || strings.Contains(u.Login, text) || strings.Contains(u.Name, text) {
			out = append(out, u)
		}
	}
	writeJSON(w, http.StatusOK, userList{Users: apiWindow(out, p), Total: len(out)})
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	u, err := s.App.User(r.Context(), id)
	apiReply(w, r, http.StatusOK, u, err)
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) {
	var in app.UserInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	u, err := s.App.CreateUser(r.Context(), in)
	apiReply(w, r, http.StatusCreated, u, err)
}

func (s *Server) apiUpdateUser(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var in app.UserInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	u, err := s.App.UpdateUser(r.Context(), id, in)
	apiReply(w, r, http.StatusOK, u, err)
}
