package ledger

import (
	"context"
	"net/http"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// auditPageSize is the number of audit lines per page.
const auditPageSize = 50

// auditView is one page of the audit log with its filters.
type auditView struct {
	Lines   []*app.AuditLine
	Actions []app.AuditAction
	Pager   *kit.Pager
	Action  string
	Object  string
	// ObjectName names the object filtered on, for the filter's caption.
	ObjectName string
}

// AuditLog shows the audit log within the actor's scope (admins, supervisors), one
// sentence per entry: when, who (by name), what they did and to what (issue 12).
func (s *Handlers) AuditLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &auditView{Action: strings.TrimSpace(q.Get("action")), Object: strings.TrimSpace(q.Get("object")), Actions: app.AuditActions()}
	if kit.WantsExport(r) { // the log as a file, same filters (issue #12)
		s.ServeExport(w, r, s.AuditExport(zhifa.AuditFilter{Action: v.Action, Object: v.Object}), s.Fail)
		return
	}
	pageNo, offset := kit.ListPage(r, auditPageSize)
	lines, total, err := s.App.AuditLines(r.Context(), zhifa.AuditFilter{Action: v.Action, Object: v.Object,
		Page: zhifa.Page{Limit: auditPageSize, Offset: offset}})
	if err != nil {
		s.Fail(w, r, err)
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
	v.Lines, v.Pager = lines, kit.NewPager(r, total, auditPageSize, pageNo)
	s.Render(w, r, http.StatusOK, "staff_audit", &kit.Page{Title: "审计日志", Nav: "audit", D: v})
}

// from export_lists.go
// auditExport is the audit log under f, as sentences.
func (s *Handlers) AuditExport(f zhifa.AuditFilter) kit.ListExport {
	return kit.ListExport{Name: "审计日志", Header: []string{"时间", "操作人", "操作", "对象", "结果", "说明"},
		Page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			off := kit.OffsetToken(token)
			f.Page = zhifa.Page{Limit: kit.ExportPageSize, Offset: off}
			lines, total, err := s.App.AuditLines(ctx, f)
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, l := range lines {
				result := "成功"
				if !l.Success {
					result = "失败"
				}
				rows = append(rows, []string{l.When, l.Who, l.Verb, l.What, result, l.Detail})
			}
			return rows, total, kit.NextOffset(off, len(lines), total), nil
		}}
}
