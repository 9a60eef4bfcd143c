package personnel

import (
	"net/http"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/web/kit"
)

// AgencyList is one page of agencies, in hierarchy order.
type AgencyList struct {
	Agencies []*zhifa.Agency `json:"agencies"`
	Total    int             `json:"total"`
}

// UserList is one page of accounts, by login.
type UserList struct {
	Users []*zhifa.User `json:"users"`
	Total int           `json:"total"`
}

// agencyPage filters agencies by q (name or short name) and cuts out the page.
func agencyPage(list []*zhifa.Agency, q string, p zhifa.Page) AgencyList {
	out := make([]*zhifa.Agency, 0, len(list))
	for _, ag := range list {
		if q == "" || strings.Contains(ag.Name, q) || strings.Contains(ag.ShortName, q) {
			out = append(out, ag)
		}
	}
	return AgencyList{Agencies: kit.APIWindow(out, p), Total: len(out)}
}

func (s *Handlers) APIAgencies(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	text, p := q.Text("q"), q.Page(kit.APIMaxLimit)
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Personnel().Agencies(r.Context())
	kit.APIReply(w, r, http.StatusOK, agencyPage(list, text, p), err)
}

func (s *Handlers) APIAgency(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	ag, err := s.App.Personnel().Agency(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, ag, err)
}

func (s *Handlers) APICreateAgency(w http.ResponseWriter, r *http.Request) {
	var in personnel.AgencyInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	res, err := s.App.Personnel().CreateAgency(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, res, err)
}

func (s *Handlers) APIUpdateAgency(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in personnel.AgencyInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	res, err := s.App.Personnel().UpdateAgency(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, res, err)
}

func (s *Handlers) APIUsers(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	text, p := q.Text("q"), q.Page(kit.APIMaxLimit)
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Users(r.Context())
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	out := make([]*zhifa.User, 0, len(list))
	for _, u := range list {
		if text == "" || strings.Contains(u.Login, text) || strings.Contains(u.Name, text) {
			out = append(out, u)
		}
	}
	kit.WriteJSON(w, http.StatusOK, UserList{Users: kit.APIWindow(out, p), Total: len(out)})
}

func (s *Handlers) APIUser(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	u, err := s.App.User(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, u, err)
}

func (s *Handlers) APICreateUser(w http.ResponseWriter, r *http.Request) {
	var in app.UserInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	u, err := s.App.CreateUser(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, u, err)
}

func (s *Handlers) APIUpdateUser(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.UserInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	u, err := s.App.UpdateUser(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, u, err)
}
