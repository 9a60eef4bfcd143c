package web

import (
	"context"
	"net/http"

	"zhifa/app"
	"zhifa/app/personnel"
)

// publicOfficerList is one page of the officers the portal shows.
type publicOfficerList struct {
	Officers []*personnel.PublicOfficer `json:"officers"`
	Total    int                        `json:"total"`
}

// apiPublicActor is the anonymous public: the public endpoints answer the same to
// everyone, whether or not a token came with the request.
func apiPublicActor(r *http.Request) *app.Actor { return &app.Actor{IP: clientIP(r)} }

func apiPublicCtx(r *http.Request) context.Context {
	return app.WithActor(r.Context(), apiPublicActor(r))
}

func (s *Server) apiPublicAgencies(w http.ResponseWriter, r *http.Request) {
	q := newAPIQuery(r)
	text, p := q.text("q"), q.page(apiMaxLimit)
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	list, err := s.App.Personnel().Agencies(apiPublicCtx(r))
	apiReply(w, r, http.StatusOK, agencyPage(list, text, p), err)
}

func (s *Server) apiPublicAgency(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	ag, err := s.App.Personnel().Agency(apiPublicCtx(r), id)
	apiReply(w, r, http.StatusOK, ag, err)
}

func (s *Server) apiPublicItems(w http.ResponseWriter, r *http.Request) {
	s.listItems(w, r, apiPublicActor(r))
}

func (s *Server) apiPublicItem(w http.ResponseWriter, r *http.Request) {
	code, err := apiPathText(r, "code")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.App.Catalog().ItemByCode(apiPublicCtx(r), code)
	apiReply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiPublicOfficers(w http.ResponseWriter, r *http.Request) {
	q := newAPIQuery(r)
	f := officerFilter(q)
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	list, total, err := s.App.Personnel().PublicOfficers(apiPublicCtx(r), f)
	if list == nil {
		list = []*personnel.PublicOfficer{}
	}
	apiReply(w, r, http.StatusOK, publicOfficerList{Officers: list, Total: total}, err)
}

func (s *Server) apiPublicOfficer(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	p, err := s.App.Personnel().PublicOfficer(apiPublicCtx(r), id)
	apiReply(w, r, http.StatusOK, p, err)
}

func (s *Server) apiCheckCertificate(w http.ResponseWriter, r *http.Request) {
	number, err := apiPathText(r, "number")
	if err != nil {
		writeError(w, r, err)
		return
	}
	c, err := s.App.Personnel().CheckCertificate(apiPublicCtx(r), number)
	apiReply(w, r, http.StatusOK, c, err)
}
