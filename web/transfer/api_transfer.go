package transfer

import (
	"net/http"

	"zhifa"
	"zhifa/app/transfer"
	"zhifa/web/kit"
)

// The transfer API (移送涉嫌犯罪案件, REQUIREMENTS G3): the transfers in scope and the
// transfer page of a case. The transfer steps are case actions
// (POST /api/v1/cases/{id}/actions/{action}).

func (s *Handlers) APITransfers(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := transfer.TransferFilter{Status: zhifa.TransferStatus(q.Text("status")), Page: q.Page(kit.APIMaxLimit)}
	if p := q.Bool("pending"); p != nil {
		f.Pending = *p
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Transfer().Transfers(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) APICaseTransfer(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Transfer().CaseTransfer(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}
