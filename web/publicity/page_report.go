package publicity

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/report"
	"zhifa/law"
	"zhifa/web/kit"
)

// Annual report pages (issue 13; REQUIREMENTS C6): on the portal the published reports,
// one report with its charts and its XLSX, PDF and print downloads, and a government's
// roll-up; in the workspace the reports of the scope, the generation, the preparer's
// notes and the head's approval. Every form works without JavaScript.

func (s *Handlers) RegisterReportPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	pub := func(method, pattern, summary string, h http.HandlerFunc) {
		s.Handle(kit.Route{Method: method, Pattern: pattern, Perm: app.PermPublic, Summary: summary}, h)
	}
	pub("GET", "/reports", "行政执法统计年报", s.portalReports)
	pub("GET", "/reports/{id}", "行政执法统计年报详情", s.portalReport)
	pub("GET", "/reports/{id}/xlsx", "下载统计年报（Excel）", s.reportXLSX)
	pub("GET", "/reports/{id}/pdf", "下载统计年报（PDF）", s.reportPDF)
	pub("GET", "/reports/{id}/print", "统计年报打印视图", s.reportPrint)
	pub("GET", "/governments/{id}/report", "本级人民政府行政执法统计汇总", s.portalRollup)

	staff("GET", "/staff/reports", app.PermStaff, "行政执法统计年报", s.staffReports)
	staff("POST", "/staff/reports", app.PermHandleCases, "生成统计年报", s.reportGenerate)
	staff("GET", "/staff/reports/{id}", app.PermStaff, "统计年报", s.staffReport)
	staff("POST", "/staff/reports/{id}/notes", app.PermHandleCases, "保存统计年报说明", s.reportNotes)
	staff("POST", "/staff/reports/{id}/approve", app.PermHandleCases, "审批并公开统计年报", s.reportApprove)
}

// reportSection is one group of figures with its chart.
type reportSection struct {
	Title   string
	Figures []shownFigure
	SVG     template.HTML
}

// shownFigure is a figure with its value as shown (yuan with two decimals).
type shownFigure struct {
	zhifa.ReportFigure
	Text string
}

// reportSections groups the figures and draws each group's chart (web/stats_svg.go).
func reportSections(figs []zhifa.ReportFigure) []reportSection {
	var out []reportSection
	for i, g := range report.Groups {
		list := report.Group(figs, g)
		if len(list) == 0 {
			continue
		}
		t := &app.StatTable{ID: "report-" + strconv.Itoa(i), Title: g, Unit: list[0].Unit}
		sec := reportSection{Title: g}
		for _, f := range list {
			v := float64(f.Value)
			if f.Unit == report.UnitYuan {
				v /= 100
			}
			t.Labels, t.Values = append(t.Labels, f.Label), append(t.Values, v)
			sec.Figures = append(sec.Figures, shownFigure{ReportFigure: f, Text: report.ValueText(f)})
		}
		sec.SVG = kit.ChartSVG(t)
		out = append(out, sec)
	}
	return out
}

// reportView is one report as a page shows it.
type reportView struct {
	R        *zhifa.AnnualReport
	V        *report.View // staff only
	Sections []reportSection
	Due      zhifa.Date
}

func newReportView(r *zhifa.AnnualReport) *reportView {
	return &reportView{R: r, Sections: reportSections(r.Figures), Due: law.AnnualReportDue(r.Year)}
}

// reportYear reads the year parameter: last year by default.
func (s *Handlers) reportYear(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("year"))
	if v == "" {
		return s.App.Today().Year - 1, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > s.App.Today().Year {
		return 0, zhifa.Errorf(zhifa.EINVALID, "年度无效")
	}
	return y, nil
}

// portalReportsView is the portal's list of published reports.
type portalReportsView struct {
	Year        int
	Years       []int
	List        *report.PublicList
	Pager       *kit.CursorPager
	Governments []kit.Option
}

func (s *Handlers) portalReports(w http.ResponseWriter, r *http.Request) {
	ctx := kit.PublicContext(r)
	year, err := s.reportYear(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	list, err := s.App.Report().PublishedList(ctx, year, r.URL.Query().Get("cursor"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ags, err := s.App.Personnel().Agencies(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &portalReportsView{Year: year, Years: s.ReportYears(), List: list}
	for _, ag := range ags {
		if ag.Type == zhifa.AgencyGovernment {
			v.Governments = append(v.Governments, kit.Option{Value: strconv.FormatInt(ag.ID, 10), Label: ag.Name})
		}
	}
	v.Pager = kit.NewCursorPager(r, strconv.Itoa(len(list.Reports))+(map[bool]string{true: "+"}[list.Next != ""]), list.Next)
	s.Render(w, r, http.StatusOK, "reports", &kit.Page{Title: "行政执法统计年报", Nav: "reports", D: v})
}

// publishedReport loads the published report of the path.
func (s *Handlers) publishedReport(w http.ResponseWriter, r *http.Request) (*zhifa.AnnualReport, bool) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return nil, false
	}
	rep, err := s.App.Report().Published(kit.PublicContext(r), id)
	if err != nil {
		s.Fail(w, r, err)
		return nil, false
	}
	return rep, true
}

func (s *Handlers) portalReport(w http.ResponseWriter, r *http.Request) {
	rep, ok := s.publishedReport(w, r)
	if !ok {
		return
	}
	s.Render(w, r, http.StatusOK, "report", &kit.Page{Title: fmt.Sprintf("%s%d年度行政执法统计年报", rep.AgencyName, rep.Year),
		Nav: "reports", D: newReportView(rep)})
}

// reportFileName is the download name of a report ("report-2025-12").
func reportFileName(rep *zhifa.AnnualReport) string {
	return fmt.Sprintf("report-%d-%d", rep.Year, rep.ID)
}

func (s *Handlers) reportXLSX(w http.ResponseWriter, r *http.Request) {
	rep, ok := s.publishedReport(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := writeReportXLSX(&buf, rep); err != nil {
		s.Fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="`+reportFileName(rep)+`.xlsx"`)
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(buf.Bytes())
}

// writeReportXLSX writes the report as one sheet: a title row, then group, item, value,
// unit and note per figure.
func writeReportXLSX(buf *bytes.Buffer, rep *zhifa.AnnualReport) error {
	x, err := app.NewXLSXWriter(buf, fmt.Sprintf("%d年度统计年报", rep.Year))
	if err != nil {
		return err
	}
	if err := x.Row(fmt.Sprintf("%s%d年度行政执法统计年报", rep.AgencyName, rep.Year)); err != nil {
		return err
	}
	if err := x.Row("类别", "项目", "数值", "单位", "说明"); err != nil {
		return err
	}
	for _, f := range rep.Figures {
		var v any = f.Value
		if f.Unit == report.UnitYuan {
			v = float64(f.Value) / 100
		}
		if err := x.Values(f.Group, f.Label, v, f.Unit, f.Note); err != nil {
			return err
		}
	}
	return x.Close()
}

// printTemplate is the self-contained A4 page of a report, the source of its PDF.
var printTemplate = template.Must(template.New("report.html").Funcs(kit.TemplateFuncs).ParseFS(kit.Assets, "templates/print/report.html"))

// reportHTML renders the print view of a report.
func reportHTML(rep *zhifa.AnnualReport) ([]byte, error) {
	var b bytes.Buffer
	err := printTemplate.Execute(&b, newReportView(rep))
	return b.Bytes(), err
}

func (s *Handlers) reportPrint(w http.ResponseWriter, r *http.Request) {
	rep, ok := s.publishedReport(w, r)
	if !ok {
		return
	}
	b, err := reportHTML(rep)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	kit.ServePrintView(w, b)
}

func (s *Handlers) reportPDF(w http.ResponseWriter, r *http.Request) {
	rep, ok := s.publishedReport(w, r)
	if !ok {
		return
	}
	b, err := reportHTML(rep)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.ServePrintPDF(w, r, b, "统计年报", reportFileName(rep))
}

// rollupView is a government's roll-up.
type rollupView struct {
	R        *report.Rollup
	Sections []reportSection
	Years    []int
}

func (s *Handlers) portalRollup(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	year, err := s.reportYear(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	roll, err := s.App.Report().GovernmentRollup(kit.PublicContext(r), id, year)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "report_rollup", &kit.Page{Title: fmt.Sprintf("%s%d年度行政执法统计汇总", roll.Government, year),
		Nav: "reports", D: &rollupView{R: roll, Sections: reportSections(roll.Figures), Years: s.ReportYears()}})
}

// staffReportsView is the workspace's overview of a year.
type staffReportsView struct {
	Year    int
	Years   []int
	Reports []*zhifa.AnnualReport
	Missing []report.Agency
	Due     zhifa.Date
}

func (s *Handlers) staffReports(w http.ResponseWriter, r *http.Request) {
	year, err := s.reportYear(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	reports, missing, err := s.App.Report().Overview(r.Context(), year)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_reports", &kit.Page{Title: "行政执法统计年报", Nav: "reports",
		D: &staffReportsView{Year: year, Years: s.ReportYears(), Reports: reports, Missing: missing, Due: law.AnnualReportDue(year)}})
}

func (s *Handlers) reportGenerate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	year := int(f.Int("year"))
	rep, err := s.App.Report().Generate(r.Context(), f.Int("agency_id"), year)
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, fmt.Sprintf("/staff/reports/%d", rep.ID), "统计年报已根据执法数据生成，请核对后提请负责人审批")
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		s.RedirectFlash(w, r, "/staff/reports?year="+strconv.Itoa(year), "未能生成："+kit.FlashMessage(err))
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) staffReport(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.App.Report().Get(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	rv := newReportView(v.AnnualReport)
	rv.V = v
	s.Render(w, r, http.StatusOK, "staff_report", &kit.Page{Title: fmt.Sprintf("%s%d年度统计年报", v.AgencyName, v.Year), Nav: "reports", D: rv})
}

// reportAct runs one form's act on a report and returns to it with a flash.
func (s *Handlers) reportAct(w http.ResponseWriter, r *http.Request, done string, act func(id int64, f *kit.Form) error) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	err := act(id, f)
	back := fmt.Sprintf("/staff/reports/%d", id)
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, back, done)
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		s.RedirectFlash(w, r, back, "未能办理："+kit.FlashMessage(err))
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) reportNotes(w http.ResponseWriter, r *http.Request) {
	s.reportAct(w, r, "说明已保存", func(id int64, f *kit.Form) error {
		in := report.NotesInput{Version: kit.FormVersion(f), Notes: map[string]string{}}
		for name, vals := range f.Values {
			if key, ok := strings.CutPrefix(name, "note."); ok && len(vals) > 0 {
				in.Notes[key] = vals[0]
			}
		}
		_, err := s.App.Report().SaveNotes(r.Context(), id, in)
		return err
	})
}

func (s *Handlers) reportApprove(w http.ResponseWriter, r *http.Request) {
	s.reportAct(w, r, "统计年报已公开，并已报送本级人民政府和上级主管部门", func(id int64, f *kit.Form) error {
		_, err := s.App.Report().Approve(r.Context(), id, kit.FormVersion(f))
		return err
	})
}
