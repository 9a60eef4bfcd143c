package web

import (
	"net/http"
	"strings"

	"zhifa"
)

// auditPageSize is the number of audit lines per page.
const auditPageSize = 50

// auditView is one page of the audit log with its filters.
type auditView struct {
	Entries []*zhifa.AuditEntry
	Pager   *pager
	Action  string
	Object  string
}

// auditLog shows the audit log within the actor's scope (admins, supervisors).
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &auditView{Action: strings.TrimSpace(q.Get("action")), Object: strings.TrimSpace(q.Get("object"))}
	pageNo, offset := listPage(r, auditPageSize)
	entries, total, err := s.app.Audit(r.Context(), zhifa.AuditFilter{Action: v.Action, Object: v.Object,
		Page: zhifa.Page{Limit: auditPageSize, Offset: offset}})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Entries, v.Pager = entries, newPager(r, total, auditPageSize, pageNo)
	s.render(w, r, http.StatusOK, "staff_audit", &page{Title: "审计日志", Nav: "audit", D: v})
}
