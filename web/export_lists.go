package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
	"zhifa/app/review"
)

// Exports of the lists (issue #12): each list page and list API answers
// ?format=xlsx (or csv) with the whole list under the same filters, read page by page
// through the list's own cursor (or offset) so that no page is held beyond the one being
// written. The app refuses an export above app.ExportCap and audits it before the first
// row is read.

// exportPageSize is the page size an export reads the list in.
const exportPageSize = 200

// listExport is one list as exported: its Chinese name (the file's and the audit line's),
// its header, and page, which reads the page at token ("" the first) and returns its
// rows, the total (from the first page) and the next token ("" after the last page).
type listExport struct {
	name   string
	header []string
	page   func(ctx context.Context, token string) (rows [][]string, total int, next string, err error)
}

// wantsExport says whether the request asks for a file instead of the list.
func wantsExport(r *http.Request) bool { return r.URL.Query().Get("format") != "" }

// serveExport writes the export of e in the request's format. Errors before the first
// byte (a bad format, a refusal, too many rows) go to fail; once the file has started,
// an error can only end it early, and is logged.
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request, e listExport, fail func(http.ResponseWriter, *http.Request, error)) {
	ctx := r.Context()
	format, err := exportFormat(r, formatXLSX)
	if err != nil {
		fail(w, r, err)
		return
	}
	rows, total, next, err := e.page(ctx, "")
	if err != nil {
		fail(w, r, err)
		return
	}
	if err := s.App.StartExport(ctx, e.name, exportFilters(r), total); err != nil {
		fail(w, r, err)
		return
	}
	sink, err := newTableSink(w, format, e.name)
	if err != nil {
		s.Log.Error("export", "list", e.name, "err", err)
		return
	}
	if err := sink.Row(e.header...); err != nil {
		return
	}
	for written := 0; ; {
		for _, row := range rows {
			if written == app.ExportCap {
				break
			}
			if err := sink.Row(row...); err != nil {
				return // the client went away
			}
			written++
		}
		if next == "" || written == app.ExportCap {
			break
		}
		if rows, _, next, err = e.page(ctx, next); err != nil {
			s.Log.Error("export", "list", e.name, "err", err)
			return
		}
	}
	if err := sink.Close(); err != nil {
		s.Log.Error("export", "list", e.name, "err", err)
	}
}

// exportFilters describes the request's filters for the audit line.
func exportFilters(r *http.Request) string {
	q := r.URL.Query()
	for _, k := range []string{"format", "cursor", "page", "offset", "limit"} {
		q.Del(k)
	}
	if len(q) == 0 {
		return ""
	}
	return "，筛选条件：" + q.Encode()
}

// offsetToken pages a list read by offset: the token is the next offset.
func offsetToken(token string) int {
	n, _ := strconv.Atoi(token)
	return max(n, 0)
}

func nextOffset(offset, got, total int) string {
	if got < exportPageSize || offset+got >= total {
		return ""
	}
	return strconv.Itoa(offset + got)
}

// cstMinute is an instant in Beijing time to the minute, "" for none.
func cstMinute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zhifa.CST).Format("2006-01-02 15:04")
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// casesExport is the case list under f.
func (s *Server) casesExport(f app.CaseFilter) listExport {
	return listExport{name: "案件列表", header: []string{"案号", "案件类型", "程序", "阶段", "结果", "当事人", "执法事项", "执法机关", "立案日期", "下一期限", "期限状态", "重大执法决定"},
		page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			f.Cursor, f.Page = token, zhifa.Page{Limit: exportPageSize}
			list, err := s.App.Cases(ctx, f)
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, c := range list.Cases {
				row := newCaseRow(c)
				rows = append(rows, []string{c.Number, c.Kind.Label(), c.Procedure.Label(), c.StageLabel, c.Outcome.Label(), row.Parties,
					c.ItemName, c.AgencyName, c.State.FiledOn.String(), c.NextDue.String(), row.DueText, yesNo(c.Major)})
			}
			return rows, list.Total, list.Next, nil
		}}
}

// officersExport is the officer list under f (身份证号 masked, as listed).
func (s *Server) officersExport(f zhifa.OfficerFilter) listExport {
	return listExport{name: "执法人员列表", header: []string{"姓名", "性别", "所属机关", "职务", "身份证号（脱敏）", "执法领域", "执法证号", "证件状态", "法制审核人员", "在岗"},
		page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			off := offsetToken(token)
			f.Page = zhifa.Page{Limit: exportPageSize, Offset: off}
			list, err := s.App.Personnel().Officers(ctx, f)
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, o := range list.Officers {
				cert, state := "", "无证件"
				if c := o.CurrentCert(); c != nil {
					cert, state = c.Number, c.Effective.Label()
				}
				rows = append(rows, []string{o.Name, o.Sex, o.AgencyName, o.Position, o.IDMasked, strings.Join(o.Domains, "、"), cert, state,
					yesNo(o.Reviewer), yesNo(o.Active)})
			}
			return rows, list.Total, nextOffset(off, len(list.Officers), list.Total), nil
		}}
}

// itemsExport is the item catalog under f.
func (s *Server) itemsExport(f zhifa.ItemFilter) listExport {
	return listExport{name: "执法事项清单", header: []string{"事项编码", "事项名称", "类别", "实施机关", "执法领域", "办理时限", "版本"},
		page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			off := offsetToken(token)
			f.Page = zhifa.Page{Limit: exportPageSize, Offset: off}
			list, err := s.App.Catalog().Items(ctx, f)
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, it := range list.Items {
				rows = append(rows, []string{it.Code, it.Name, it.Category.Label(), it.AgencyName, it.Domain, it.TimeLimit, strconv.Itoa(it.Version)})
			}
			return rows, list.Total, nextOffset(off, len(list.Items), list.Total), nil
		}}
}

// filingsExport is the filing list under f.
func (s *Server) filingsExport(f filing.FilingFilter) listExport {
	return listExport{name: "备案列表", header: []string{"案号/备案事项", "类别", "决定（修订）日期", "备案期限", "备案时间", "执法机关", "备案机关", "审查状态", "逾期备案"},
		page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			f.Cursor, f.Page = token, zhifa.Page{Limit: exportPageSize}
			list, err := s.App.Filing().Filings(ctx, f)
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, x := range list.Filings {
				rows = append(rows, []string{x.Title, x.KindLabel, x.DecidedOn.String(), x.Due.String(), cstMinute(x.FiledAt),
					x.AgencyName, x.ToAgencyName, x.StatusLabel, yesNo(x.Late)})
			}
			return rows, list.Total, list.Next, nil
		}}
}

// reviewsExport is the reviewer's queue.
func (s *Server) reviewsExport(finished bool) listExport {
	filter := func(cursor string) review.ReviewQueueFilter {
		return review.ReviewQueueFilter{Finished: finished, Cursor: cursor, Page: zhifa.Page{Limit: exportPageSize}}
	}
	return listExport{name: "法制审核任务", header: []string{"案号", "执法机关", "执法事项", "轮次", "报送日期", "审核期限", "状态", "期限状态"},
		page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			q, err := s.App.Review().ReviewQueue(ctx, filter(token))
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, it := range q.Reviews {
				_, clock := clockBadge(it.ClockStatus, it.Provisional)
				rows = append(rows, []string{it.CaseNumber, it.AgencyName, it.ItemName, strconv.Itoa(it.Round), it.SubmittedOn.String(),
					it.DueOn.String(), it.StatusLabel, clock})
			}
			// The queue has no count: on the first page, count the rest up to the cap, so
			// that a queue above it is refused rather than cut.
			total := len(rows)
			for next := q.Next; token == "" && next != "" && total <= app.ExportCap; {
				more, err := s.App.Review().ReviewQueue(ctx, filter(next))
				if err != nil {
					return nil, 0, "", err
				}
				total, next = total+len(more.Reviews), more.Next
			}
			return rows, total, q.Next, nil
		}}
}

// auditExport is the audit log under f, as sentences.
func (s *Server) auditExport(f zhifa.AuditFilter) listExport {
	return listExport{name: "审计日志", header: []string{"时间", "操作人", "操作", "对象", "结果", "说明"},
		page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			off := offsetToken(token)
			f.Page = zhifa.Page{Limit: exportPageSize, Offset: off}
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
			return rows, total, nextOffset(off, len(lines), total), nil
		}}
}

// exportLink is the request's list as an XLSX file: the same filters, from the start.
func exportLink(r *http.Request) string {
	q := r.URL.Query()
	q.Del("cursor")
	q.Del("page")
	q.Set("format", formatXLSX)
	return pathWithQuery(r.URL.Path, q)
}
