package personnel

import (
	"net/http"

	"zhifa/app/personnel"
	"zhifa/web/kit"
)

// PublicOfficerList is one page of the officers the portal shows.
type PublicOfficerList struct {
	Officers []*personnel.PublicOfficer `json:"officers"`
	Total    int                        `json:"total"`
}

func (s *Handlers) APIPublicAgencies(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	text, p := q.Text("q"), q.Page(kit.APIMaxLimit)
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Personnel().Agencies(kit.APIPublicCtx(r))
	kit.APIReply(w, r, http.StatusOK, agencyPage(list, text, p), err)
}

func (s *Handlers) APIPublicAgency(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	ag, err := s.App.Personnel().Agency(kit.APIPublicCtx(r), id)
	kit.APIReply(w, r, http.StatusOK, ag, err)
}

func (s *Handlers) APIPublicOfficers(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := officerFilter(q)
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, total, err := s.App.Personnel().PublicOfficers(kit.APIPublicCtx(r), f)
	if list == nil {
		list = []*personnel.PublicOfficer{}
	}
	kit.APIReply(w, r, http.StatusOK, PublicOfficerList{Officers: list, Total: total}, err)
}

func (s *Handlers) APIPublicOfficer(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	p, err := s.App.Personnel().PublicOfficer(kit.APIPublicCtx(r), id)
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) APICheckCertificate(w http.ResponseWriter, r *http.Request) {
	number, err := kit.APIPathText(r, "number")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	c, err := s.App.Personnel().CheckCertificate(kit.APIPublicCtx(r), number)
	kit.APIReply(w, r, http.StatusOK, c, err)
}
