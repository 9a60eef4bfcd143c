package publicity

import (
	"bytes"
	"encoding/csv"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/web/kit"
)

// The open-data files, the credit-system export and the 公告栏 notice (issue 13, C7):
// the public day files of published decisions and their index, the printable notice of
// an agency's week, and the staff's export for the credit-publicity system.

// RegisterPublicityDayPages registers the public open-data files and the 公告栏 notice.
func (s *Handlers) RegisterPublicityDayPages() {
	pub := func(pattern, summary string, h http.HandlerFunc) {
		s.Handle(kit.Route{Method: "GET", Pattern: pattern, Perm: app.PermPublic, Summary: summary}, h)
	}
	pub("/opendata/decisions", "执法决定开放数据", s.openDataIndex)
	pub("/opendata/decisions/{file}", "执法决定开放数据文件（CSV、JSON）", s.openDataFile)
	pub("/agencies/{id}/notice", "执法决定公告栏（打印）", s.weekNotice)
}

// PublicityDayAPIOps are the API operations of the credit-system export for the route table.
func (s *Handlers) PublicityDayAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/publicity/credit-export", app.PermHandleCases, "信用信息公示系统推送数据", s.apiCreditExport), func(o *kit.APIOp) {
			o.Desc = "管理范围内在 from 至 to（含）公示或撤回的法人和其他组织的行政处罚决定，每个决定、每个当事人一条；operation 为 add（新增）或 delete（撤回后删除）。自然人不导出。format 为 json（默认）或 csv（UTF-8，带 BOM）。格式见 docs/credit-export.md。"
			o.Query = []kit.APIParam{{Name: "from", Type: "string", Desc: "起始日期（YYYY-MM-DD，必填）"}, {Name: "to", Type: "string", Desc: "截止日期（YYYY-MM-DD，必填，至多366日）"},
				{Name: "format", Type: "string", Desc: "json 或 csv"}}
			o.Resp = CreditExport{}
		}),
	}
}

// openDataIndexView is the index of one month's files.
type openDataIndexView struct {
	Month      string
	Prev, Next string
	Files      []*publicity.OpenDataFile
}

func (s *Handlers) openDataIndex(w http.ResponseWriter, r *http.Request) {
	today := s.App.Today()
	month := zhifa.Date{Year: today.Year, Month: today.Month, Day: 1}
	if m := strings.TrimSpace(r.URL.Query().Get("month")); m != "" {
		d, err := zhifa.ParseDate(m + "-01")
		if err != nil {
			s.Fail(w, r, zhifa.FieldErrors{"month": "月份格式应为“2026-12”"}.Err())
			return
		}
		month = d
	}
	files, err := s.App.Publicity().OpenDataIndex(kit.PublicContext(r), month)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &openDataIndexView{Month: month.String()[:7], Files: files,
		Prev: zhifa.DateOf(month.Time().AddDate(0, -1, 0)).String()[:7]}
	if next := zhifa.DateOf(month.Time().AddDate(0, 1, 0)); !next.After(today) {
		v.Next = next.String()[:7]
	}
	s.Render(w, r, http.StatusOK, "opendata", &kit.Page{Title: "执法决定开放数据", Nav: "decisions", D: v})
}

// openDataFile serves a day's file, "2026-12-05.csv" or "2026-12-05.json", with its
// SHA-256 as the ETag (a client that has it gets 304).
func (s *Handlers) openDataFile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	stem, ext, ok := strings.Cut(name, ".")
	day, err := zhifa.ParseDate(stem)
	if !ok || err != nil || (ext != "csv" && ext != "json") {
		s.NotFound(w, r)
		return
	}
	f, err := s.App.Publicity().OpenData(kit.PublicContext(r), day)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	body, sum, ctype := f.JSON, f.JSONSHA256, "application/json; charset=utf-8"
	if ext == "csv" {
		body, sum, ctype = f.CSV, f.CSVSHA256, "text/csv; charset=utf-8"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("ETag", `"`+sum+`"`)
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", `inline; filename="decisions-`+name+`"`)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

// noticeView is the print view of an agency's week.
type noticeView struct {
	N          *publicity.WeekNotice
	Portal     string // the portal's list of the agency's decisions, as a plain address
	Prev, Next string
	PrintJS    string
}

// noticeTemplate is the self-contained A4 page of the notice.
var noticeTemplate = template.Must(template.New("notice.html").Funcs(kit.TemplateFuncs).ParseFS(kit.Assets, "templates/print/notice.html"))

// noticeCSP allows the page's own style, the print script and the week form.
const noticeCSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

func (s *Handlers) weekNotice(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	n, err := s.App.Publicity().Notice(kit.PublicContext(r), id, r.URL.Query().Get("week"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &noticeView{N: n, Portal: kit.LedgerBase(r) + "/decisions?agency=" + strconv.FormatInt(id, 10),
		Prev:    publicity.ISOWeek(n.From.AddDays(-7)),
		PrintJS: kit.TemplateFuncs["static"].(func(string) string)("print.js")}
	if next := n.From.AddDays(7); !next.After(s.App.Today()) {
		v.Next = publicity.ISOWeek(next)
	}
	var b bytes.Buffer
	if err := noticeTemplate.Execute(&b, v); err != nil {
		s.Fail(w, r, err)
		return
	}
	kit.WriteDocumentHTML(w, b.Bytes(), noticeCSP)
}

// CreditExport is the JSON answer of the credit-system export.
type CreditExport struct {
	From    zhifa.Date                `json:"from"`
	To      zhifa.Date                `json:"to"`
	Records []*publicity.CreditRecord `json:"records"`
}

func (s *Handlers) apiCreditExport(w http.ResponseWriter, r *http.Request) {
	fields := zhifa.FieldErrors{}
	from, to := queryDate(r, "from", fields), queryDate(r, "to", fields)
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "csv" {
		fields.Add("format", "格式应为 json 或 csv")
	}
	if err := fields.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	out := CreditExport{From: from, To: to, Records: []*publicity.CreditRecord{}}
	err := s.App.Publicity().CreditExport(r.Context(), from, to, func(rec *publicity.CreditRecord) error {
		out.Records = append(out.Records, rec)
		return nil
	})
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	if format != "csv" {
		kit.APIReply(w, r, http.StatusOK, out, nil)
		return
	}
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	cw := csv.NewWriter(&b)
	cw.UseCRLF = true
	_ = cw.Write(publicity.CreditColumns)
	for _, rec := range out.Records {
		_ = cw.Write(publicity.CreditCSVRow(rec))
	}
	cw.Flush()
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="credit-`+from.String()+`-`+to.String()+`.csv"`)
	_, _ = w.Write(b.Bytes())
}

// queryDate reads an optional YYYY-MM-DD parameter; a bad one is a field error.
func queryDate(r *http.Request, name string, fields zhifa.FieldErrors) zhifa.Date {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return zhifa.Date{}
	}
	d, err := zhifa.ParseDate(v)
	if err != nil {
		fields.Add(name, "日期格式应为 YYYY-MM-DD")
	}
	return d
}
