package web

import (
	"net/http"

	"zhifa"
	"zhifa/app/transfer"
)

// The transfer API (移送涉嫌犯罪案件, REQUIREMENTS G3): the transfers in scope and the
// transfer page of a case. The transfer steps are case actions
// (POST /api/v1/cases/{id}/actions/{action}).

func (s *Server) apiTransfers(w http.ResponseWriter, r *http.Request) {
	q := newAPIQuery(r)
	f := transfer.TransferFilter{Status: zhifa.TransferStatus(q.text("status")), Page: q.page(apiMaxLimit)}
	if p := q.bool("pending"); p != nil {
		f.Pending = *p
	}
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	list, err := s.App.Transfer().Transfers(r.Context(), f)
	apiReply(w, r, http.StatusOK, list, err)
}

func (s *Server) apiCaseTransfer(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.App.Transfer().CaseTransfer(r.Context(), id)
	apiReply(w, r, http.StatusOK, v, err)
}
