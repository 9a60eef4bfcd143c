package workspace

import (
	"html/template"
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// The statistics page (issue #12; REQUIREMENTS H1, H4): charts for heads (their agency)
// and supervisors (their scope), each with its numbers in a table beneath and as a CSV
// or XLSX download. The app counts; this file draws and serves.

// RegisterStatsPages registers the statistics page and its downloads.
func (s *Handlers) RegisterStatsPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/stats", app.PermSupervise, "统计分析", s.statsPage)
	staff("GET", "/staff/stats/export", app.PermSupervise, "下载统计数据", s.statsExport)
}

// statsChart is one chart of the page.
type statsChart struct {
	*app.StatTable
	SVG               template.HTML
	CSVLink, XLSXLink string
}

type statsView struct {
	Year   int
	Years  []int
	Charts []statsChart
}

// statsYear reads the year parameter; "" is the current year (0).
func statsYear(r *http.Request) (int, error) {
	y := r.URL.Query().Get("year")
	if y == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(y)
	if err != nil {
		return 0, &zhifa.Error{Code: zhifa.EINVALID, Message: "统计年度无效", Fields: zhifa.FieldErrors{"year": "统计年度应为四位数字年份"}}
	}
	return n, nil
}

func (s *Handlers) statsPage(w http.ResponseWriter, r *http.Request) {
	year, err := statsYear(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	st, err := s.App.Stats(r.Context(), year)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &statsView{Year: st.Year, Years: st.Years}
	for _, t := range st.Tables {
		link := "/staff/stats/export?year=" + strconv.Itoa(st.Year) + "&table=" + t.ID + "&format="
		v.Charts = append(v.Charts, statsChart{StatTable: t, SVG: kit.ChartSVG(t), CSVLink: link + kit.FormatCSV, XLSXLink: link + kit.FormatXLSX})
	}
	s.Render(w, r, http.StatusOK, "staff_stats", &kit.Page{Title: "统计分析", Nav: "stats", D: v})
}

// statsExport downloads the numbers of one chart.
func (s *Handlers) statsExport(w http.ResponseWriter, r *http.Request) {
	year, err := statsYear(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	format, err := kit.ExportFormat(r, kit.FormatCSV)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	st, err := s.App.Stats(r.Context(), year)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	id := r.URL.Query().Get("table")
	if id == "" {
		id = "month"
	}
	t := st.Table(id)
	if t == nil {
		s.Fail(w, r, zhifa.NotFound("统计表"))
		return
	}
	sink, err := kit.NewTableSink(w, format, strconv.Itoa(st.Year)+"年"+t.Title)
	if err != nil {
		s.Log.Error("stats export", "err", err)
		return
	}
	rows := append([][]string{t.Columns}, t.Rows...)
	for _, row := range rows {
		if err := sink.Row(row...); err != nil {
			return // the client went away; the status is already sent
		}
	}
	if err := sink.Close(); err != nil {
		s.Log.Error("stats export", "err", err)
	}
}
