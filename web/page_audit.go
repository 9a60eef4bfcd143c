package web

import (
	"net/http"
	"strings"

	"zhifa"
	"zhifa/app"
)

// auditPageSize is the number of audit lines per page.
const auditPageSize = 50

// auditView is one page of the audit log with its filters.
type auditView struct {
	Lines   []*app.AuditLine
	Actions []app.AuditAction
	Pager   *pager
	Action  string
	Object  string
	// ObjectName names the object filtered on, for the filter's caption.
	ObjectName string
}

// auditLog shows the audit log within the actor's scope (admins, supervisors), one
// sentence per entry: when, who (by name), what they did and to what (issue 12).
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &auditView{Action: strings.TrimSpace(q.Get("action")), Object: strings.TrimSpace(q.Get("object")), Actions: app.AuditActions()}
	if wantsExport(r) { // the log as a file, same filters (issue #12)
		s.serveExport(w, r, s.auditExport(zhifa.AuditFilter{Action: v.Action, Object: v.Object}), s.fail)
		return
	}
	pageNo, offset := listPage(r, auditPageSize)
	lines, total, err := s.App.AuditLines(r.Context(), zhifa.AuditFilter{Action: v.Action, Object: v.Object,
		Page: zhifa.Page{Limit: auditPageSize, Offset: offset}})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Object != "" {
		v.ObjectName = app.AuditObjectName(v.Object)
		for _, l := range lines {
			if l.Object == v.Object && l.What != "" {
				v.ObjectName = l.What
				break
			}
		}
	}
	v.Lines, v.Pager = lines, newPager(r, total, auditPageSize, pageNo)
	s.render(w, r, http.StatusOK, "staff_audit", &page{Title: "审计日志", Nav: "audit", D: v})
}
