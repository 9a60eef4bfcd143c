package ledger

import (
	"net/http"

	"zhifa"
	"zhifa/web/kit"
)

// from api_items.go
// AuditList is one page of the audit log, newest first.
type AuditList struct {
	Entries []*zhifa.AuditEntry `json:"entries"`
	Total   int                 `json:"total"`
}

// from api_items.go
// APIMaxAuditLimit is the largest page of the audit log.
const APIMaxAuditLimit = 500

// from api_items.go
func (s *Handlers) APIAudit(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := zhifa.AuditFilter{Action: q.Text("action"), Object: q.Text("object"), Page: q.Page(APIMaxAuditLimit)}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	if kit.WantsExport(r) {
		s.ServeExport(w, r, s.AuditExport(f), kit.WriteError)
		return
	}
	list, total, err := s.App.Audit(r.Context(), f)
	if list == nil {
		list = []*zhifa.AuditEntry{}
	}
	kit.APIReply(w, r, http.StatusOK, AuditList{Entries: list, Total: total}, err)
}
