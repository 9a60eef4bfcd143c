package assessment

import (
	"bytes"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/assessment"
	"zhifa/web/kit"
)

// Assessment pages (评议考核, issue 14, F2): in the workspace the runs of the scope, one
// run with its chart, adjustments, approval, publication and exports, the drill-down
// behind a figure, the scheme and the scored inputs; on the portal the published
// results. Every form works without JavaScript.

// RegisterAssessmentPages registers the staff pages of 评议考核 and the portal's results.
func (s *Handlers) RegisterAssessmentPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc), pub func(method, pattern, summary string, h http.HandlerFunc)) {
	pub("GET", "/assessments", "行政执法评议考核结果", s.portalAssessments)
	pub("GET", "/assessments/{id}", "行政执法评议考核结果详情", s.portalAssessment)

	staff("GET", "/staff/assessments", app.PermStaff, "行政执法评议考核", s.staffAssessments)
	staff("POST", "/staff/assessments", app.PermSupervise, "生成年度评议考核", s.assessmentRun)
	staff("GET", "/staff/assessments/{id}", app.PermStaff, "评议考核结果", s.staffAssessment)
	staff("POST", "/staff/assessments/{id}/adjust", app.PermSupervise, "考核加减分", s.assessmentAdjust)
	staff("POST", "/staff/assessments/{id}/approve", app.PermStaff, "审定评议考核结果", s.assessmentApprove)
	staff("POST", "/staff/assessments/{id}/publish", app.PermSupervise, "公布评议考核结果", s.assessmentPublish)
	staff("GET", "/staff/assessments/{id}/agencies/{agency}/records/{key}", app.PermStaff, "考核指标明细", s.assessmentRecords)
	staff("GET", "/staff/assessments/{id}/xlsx", app.PermStaff, "导出评议考核结果（Excel）", s.assessmentXLSX)
	staff("GET", "/staff/assessments/{id}/print", app.PermStaff, "评议考核结果打印视图", s.assessmentPrint)
	staff("GET", "/staff/assessments/{id}/pdf", app.PermStaff, "导出评议考核结果（PDF）", s.assessmentPDF)
	staff("GET", "/staff/assessment-scheme", app.PermSupervise, "评议考核方案", s.assessmentScheme)
	staff("POST", "/staff/assessment-scheme", app.PermSupervise, "保存评议考核方案", s.assessmentSchemeSave)
	staff("GET", "/staff/assessment-inputs", app.PermStaff, "评议考核材料", s.assessmentInputs)
	staff("POST", "/staff/assessment-inputs/survey", app.PermSupervise, "录入群众满意度测评结果", s.assessmentSurvey)
	staff("POST", "/staff/assessment-inputs/selfcheck", app.PermHandleCases, "提交年度自查报告", s.assessmentSelfCheck)
	staff("POST", "/staff/assessment-inputs/{id}/score", app.PermSupervise, "评定年度自查报告", s.assessmentScore)
	staff("GET", "/staff/assessment-inputs/{id}/file", app.PermStaff, "年度自查报告附件", s.assessmentFile)
}

// marks formats marks with at most two decimals.
func marks(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// assessCell is one indicator's figure of an agency as the pages show it.
type assessCell struct {
	Key, Name    string
	Points, Full string
	Figure       string // the rate behind the marks, in words
	Drill        bool
}

// assessRow is one agency's result as the pages show it.
type assessRow struct {
	zhifa.AssessmentResult
	TotalText string
	Cells     []assessCell
}

// figureText says what a figure counted: a rate with its counts, an average score, a
// survey's score, or that there was nothing to count.
func figureText(f zhifa.AssessmentFigure) string {
	if f.NoData {
		return "无此类事项"
	}
	switch f.Key {
	case string(zhifa.InputSurvey), string(zhifa.InputSelfCheck):
		if f.Num == 0 {
			return "未评分"
		}
		return marks(f.Num) + "分"
	case zhifa.IndEvaluation:
		return fmt.Sprintf("平均%.1f分（%.0f件）", f.Rate*100, f.Den/100)
	case zhifa.IndAnnualReport:
		if f.Num > 0 {
			return "按时公开"
		}
		return "未按时公开"
	}
	return fmt.Sprintf("%.1f%%（%.0f/%.0f）", f.Rate*100, f.Num, f.Den)
}

// assessRows builds the rows of the results under the scheme.
func assessRows(sc *zhifa.AssessmentScheme, results []zhifa.AssessmentResult) []assessRow {
	out := make([]assessRow, 0, len(results))
	for _, res := range results {
		row := assessRow{AssessmentResult: res, TotalText: marks(res.Total)}
		for _, f := range res.Figures {
			c := assessCell{Key: f.Key, Name: f.Key, Points: marks(f.Points), Figure: figureText(f),
				Drill: assessment.RecordsDescribed(f.Key) && !f.NoData}
			if ind := sc.Indicator(f.Key); ind != nil {
				c.Name, c.Full = ind.Name, marks(ind.Points)
			}
			row.Cells = append(row.Cells, c)
		}
		out = append(out, row)
	}
	return out
}

// totalsChart draws the totals as bars (web/stats_svg.go).
func totalsChart(id string, rows []assessRow) template.HTML {
	t := &app.StatTable{ID: id, Title: "总分", Unit: "分"}
	for _, r := range rows {
		t.Labels, t.Values = append(t.Labels, r.AgencyName), append(t.Values, r.Total)
	}
	return kit.ChartSVG(t)
}

// staffAssessmentsView is the workspace's list of runs.
type staffAssessmentsView struct {
	Runs    []*zhifa.AssessmentRun
	Pager   *kit.CursorPager
	Manages bool
	Years   []int
	Year    int
}

func (s *Handlers) staffAssessments(w http.ResponseWriter, r *http.Request) {
	runs, next, err := s.App.Assessment().List(r.Context(), r.URL.Query().Get("cursor"), 0)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	actor := app.ActorFrom(r.Context())
	v := &staffAssessmentsView{Runs: runs, Manages: actor.Role == zhifa.RoleSupervisor && actor.ScopePath != actor.AgencyPath,
		Years: s.ReportYears(), Year: s.App.Today().Year - 1}
	v.Pager = kit.NewCursorPager(r, strconv.Itoa(len(runs))+map[bool]string{true: "+"}[next != ""], next)
	s.Render(w, r, http.StatusOK, "staff_assessments", &kit.Page{Title: "行政执法评议考核", Nav: "assessments", D: v})
}

// assessmentBack redirects to target with a flash: done, or the error's message when the
// user can fix it.
func (s *Handlers) assessmentBack(w http.ResponseWriter, r *http.Request, target, done string, err error) {
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, target, done)
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		s.RedirectFlash(w, r, target, "未能办理："+kit.FlashMessage(err))
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) assessmentRun(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	run, err := s.App.Assessment().Run(r.Context(), int(f.Int("year")))
	if err != nil {
		s.assessmentBack(w, r, "/staff/assessments", "", err)
		return
	}
	s.RedirectFlash(w, r, "/staff/assessments/"+strconv.FormatInt(run.ID, 10), "已根据执法数据生成考核结果，请核对后提请负责人审定")
}

// staffAssessmentView is one run in the workspace.
type staffAssessmentView struct {
	V     *assessment.RunView
	Rows  []assessRow
	Chart template.HTML
}

func (s *Handlers) loadAssessment(w http.ResponseWriter, r *http.Request) (*staffAssessmentView, bool) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return nil, false
	}
	v, err := s.App.Assessment().Get(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return nil, false
	}
	rows := assessRows(v.Scheme, v.Results)
	return &staffAssessmentView{V: v, Rows: rows, Chart: totalsChart("assessment", rows)}, true
}

func (s *Handlers) staffAssessment(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadAssessment(w, r)
	if !ok {
		return
	}
	s.Render(w, r, http.StatusOK, "staff_assessment", &kit.Page{Title: fmt.Sprintf("%d年度行政执法评议考核", v.V.Year), Nav: "assessments", D: v})
}

// assessmentAct runs a form's act on a run and returns to it with a flash.
func (s *Handlers) assessmentAct(w http.ResponseWriter, r *http.Request, done string, act func(id int64, f *kit.Form) error) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	err := act(id, f)
	s.assessmentBack(w, r, "/staff/assessments/"+strconv.FormatInt(id, 10), done, err)
}

func (s *Handlers) assessmentAdjust(w http.ResponseWriter, r *http.Request) {
	s.assessmentAct(w, r, "加减分已记录", func(id int64, f *kit.Form) error {
		_, err := s.App.Assessment().Adjust(r.Context(), id, assessment.AdjustInput{AgencyID: f.Int("agency_id"),
			Points: f.Float("points"), Reason: f.V("reason"), Version: kit.FormVersion(f)})
		return err
	})
}

func (s *Handlers) assessmentApprove(w http.ResponseWriter, r *http.Request) {
	s.assessmentAct(w, r, "考核结果已审定", func(id int64, f *kit.Form) error {
		_, err := s.App.Assessment().Approve(r.Context(), id, kit.FormVersion(f))
		return err
	})
}

func (s *Handlers) assessmentPublish(w http.ResponseWriter, r *http.Request) {
	s.assessmentAct(w, r, "考核结果已在门户网站公布", func(id int64, f *kit.Form) error {
		_, err := s.App.Assessment().Publish(r.Context(), id, kit.FormVersion(f))
		return err
	})
}

// assessmentRecordsView is the drill-down behind a figure.
type assessmentRecordsView struct {
	P      *assessment.RecordsPage
	RunID  int64
	Cell   assessCell
	People bool // the records are officers, not cases
	Pager  *kit.CursorPager
}

func (s *Handlers) assessmentRecords(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	agency, ok2 := kit.PathID(r, "agency")
	if !ok || !ok2 {
		s.NotFound(w, r)
		return
	}
	key := r.PathValue("key")
	p, err := s.App.Assessment().Records(r.Context(), id, agency, key, r.URL.Query().Get("cursor"), 0)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	cell := assessCell{Key: key, Name: p.Indicator.Name, Points: marks(p.Figure.Points), Full: marks(p.Indicator.Points), Figure: figureText(p.Figure)}
	v := &assessmentRecordsView{P: p, RunID: id, Cell: cell, People: key == zhifa.IndTraining || key == zhifa.IndCertificates}
	v.Pager = kit.NewCursorPager(r, strconv.Itoa(len(p.Records))+map[bool]string{true: "+"}[p.Next != ""], p.Next)
	s.Render(w, r, http.StatusOK, "staff_assessment_records", &kit.Page{Title: p.Agency + " · " + p.Indicator.Name, Nav: "assessments", D: v})
}

// assessmentFileName is the download name of a run ("assessment-2025-3").
func assessmentFileName(v *assessment.RunView) string {
	return fmt.Sprintf("assessment-%d-%d", v.Year, v.ID)
}

func (s *Handlers) assessmentXLSX(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadAssessment(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := writeAssessmentXLSX(&buf, v); err != nil {
		s.Fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="`+assessmentFileName(v.V)+`.xlsx"`)
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(buf.Bytes())
}

// writeAssessmentXLSX writes the results as one sheet: a title row, the header (rank,
// agency, each indicator, adjustments, total, grade), one row per agency.
func writeAssessmentXLSX(buf *bytes.Buffer, v *staffAssessmentView) error {
	x, err := app.NewXLSXWriter(buf, fmt.Sprintf("%d年度评议考核", v.V.Year))
	if err != nil {
		return err
	}
	if err := x.Row(fmt.Sprintf("%s%d年度行政执法评议考核结果（%s）", v.V.AgencyName, v.V.Year, v.V.Status.Label())); err != nil {
		return err
	}
	head := []string{"名次", "执法机关"}
	for _, ind := range v.V.Scheme.Indicators {
		head = append(head, fmt.Sprintf("%s（%s分）", ind.Name, marks(ind.Points)))
	}
	if err := x.Row(append(head, "加减分", "总分", "等次")...); err != nil {
		return err
	}
	for _, row := range v.Rows {
		vals := []any{row.Rank, row.AgencyName}
		for _, f := range row.Figures {
			vals = append(vals, f.Points)
		}
		adj := 0.0
		for _, a := range row.Adjustments {
			adj += a.Points
		}
		if err := x.Values(append(vals, adj, row.Total, row.Grade)...); err != nil {
			return err
		}
	}
	return x.Close()
}

// assessmentPrintTemplate is the A4 page of a run, the source of its PDF.
var assessmentPrintTemplate = template.Must(template.New("assessment.html").Funcs(kit.TemplateFuncs).ParseFS(kit.Assets, "templates/print/assessment.html"))

func assessmentHTML(v *staffAssessmentView) ([]byte, error) {
	var b bytes.Buffer
	err := assessmentPrintTemplate.Execute(&b, v)
	return b.Bytes(), err
}

func (s *Handlers) assessmentPrint(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadAssessment(w, r)
	if !ok {
		return
	}
	b, err := assessmentHTML(v)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	kit.ServePrintView(w, b)
}

func (s *Handlers) assessmentPDF(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadAssessment(w, r)
	if !ok {
		return
	}
	b, err := assessmentHTML(v)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.ServePrintPDF(w, r, b, "考核结果", assessmentFileName(v.V))
}

// schemeRow is an indicator with its rates in percent, as the form edits them.
type schemeRow struct {
	zhifa.AssessmentIndicator
	ZeroPct, FullPct string
}

// schemeView is the scheme page.
type schemeView struct {
	V     *assessment.SchemeView
	Rows  []schemeRow
	Year  int
	Years []int
}

func (s *Handlers) assessmentScheme(w http.ResponseWriter, r *http.Request) {
	year, err := s.queryYear(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v, err := s.App.Assessment().Scheme(r.Context(), year)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	sv := &schemeView{V: v, Year: year, Years: s.ReportYears()}
	// The indicators an earlier version left out follow with no marks, for the bureau to weigh.
	for _, ind := range slices.Concat(v.Indicators, v.Optional) {
		sv.Rows = append(sv.Rows, schemeRow{ind, marks(ind.Zero * 100), marks(ind.Full * 100)})
	}
	s.Render(w, r, http.StatusOK, "staff_assessment_scheme", &kit.Page{Title: fmt.Sprintf("%d年度评议考核方案", year), Nav: "assessments", D: sv})
}

func (s *Handlers) assessmentSchemeSave(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	year := int(f.Int("year"))
	in := assessment.SchemeInput{Year: year, Name: f.V("name"), Excellent: f.Float("excellent"), Good: f.Float("good"), Pass: f.Float("pass")}
	for _, key := range f.Values["key"] {
		in.Indicators = append(in.Indicators, zhifa.AssessmentIndicator{Key: key, Name: f.V("name." + key),
			Points: f.Float("points." + key), Zero: f.Float("zero."+key) / 100, Full: f.Float("full."+key) / 100})
	}
	back := "/staff/assessment-scheme?year=" + strconv.Itoa(year)
	if f.HasErrors() {
		s.RedirectFlash(w, r, back, "未能保存：请填写数字")
		return
	}
	_, err := s.App.Assessment().SaveScheme(r.Context(), in)
	s.assessmentBack(w, r, back, "考核方案已保存为新版本", err)
}

// inputsView is the page of the scored inputs.
type inputsView struct {
	Year     int
	Years    []int
	Inputs   []*zhifa.AssessmentInput
	Manages  bool
	Agencies []kit.Option // the agencies a survey can be entered for
	Own      *zhifa.AssessmentInput
	MayFile  bool
}

func (s *Handlers) assessmentInputs(w http.ResponseWriter, r *http.Request) {
	year, err := s.queryYear(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	list, err := s.App.Assessment().Inputs(r.Context(), year)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	actor := app.ActorFrom(r.Context())
	v := &inputsView{Year: year, Years: s.ReportYears(), Inputs: list,
		Manages: actor.Role == zhifa.RoleSupervisor && actor.ScopePath != actor.AgencyPath,
		MayFile: actor.Role == zhifa.RoleHead}
	for _, in := range list {
		if in.AgencyID == actor.AgencyID && in.Kind == zhifa.InputSelfCheck {
			v.Own = in
		}
	}
	if v.Manages {
		ags, err := s.App.Personnel().Agencies(r.Context())
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		for _, ag := range ags {
			if (ag.Type == zhifa.AgencyAdministrative || ag.Type == zhifa.AgencyAuthorized) && !ag.Supervises {
				v.Agencies = append(v.Agencies, kit.Option{Value: strconv.FormatInt(ag.ID, 10), Label: ag.Name})
			}
		}
	}
	s.Render(w, r, http.StatusOK, "staff_assessment_inputs", &kit.Page{Title: fmt.Sprintf("%d年度评议考核材料", year), Nav: "assessments", D: v})
}

func (s *Handlers) assessmentSurvey(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	year := int(f.Int("year"))
	_, err := s.App.Assessment().EnterSurvey(r.Context(), assessment.SurveyInput{AgencyID: f.Int("agency_id"), Year: year,
		Score: f.Float("score"), Source: f.V("source")})
	s.assessmentBack(w, r, "/staff/assessment-inputs?year="+strconv.Itoa(year), "群众满意度测评结果已录入", err)
}

// assessmentSelfCheck takes the head's self-check: multipart, with its attachment.
func (s *Handlers) assessmentSelfCheck(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, assessment.MaxFileSize+1<<20)
	f := kit.NewForm()
	var in assessment.SelfCheckInput
	if err := r.ParseMultipartForm(1 << 20); err == nil {
		f.Values = r.MultipartForm.Value
		defer r.MultipartForm.RemoveAll()
		if fhs := r.MultipartForm.File["file"]; len(fhs) > 0 && (fhs[0].Size > 0 || fhs[0].Filename != "") {
			file, err := fhs[0].Open()
			if err != nil {
				s.RedirectFlash(w, r, "/staff/assessment-inputs", "未能办理：附件读取失败，请重试")
				return
			}
			defer file.Close()
			in.File = &assessment.Attachment{Name: fhs[0].Filename, R: file}
		}
	} else if err := r.ParseForm(); err == nil {
		f.Values = r.PostForm
	} else {
		s.RedirectFlash(w, r, "/staff/assessment-inputs", "未能办理：附件过大或上传中断，请重试")
		return
	}
	in.Year, in.Text = int(f.Int("year")), f.V("text")
	_, err := s.App.Assessment().FileSelfCheck(r.Context(), in)
	s.assessmentBack(w, r, "/staff/assessment-inputs?year="+strconv.Itoa(in.Year), "自查报告已提交", err)
}

// assessmentFile serves a self-check's attachment as a download, never inline.
func (s *Handlers) assessmentFile(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f, obj, err := s.App.Assessment().OpenFile(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	defer obj.Close()
	h := w.Header()
	h.Set("Content-Type", f.MIME)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "no-store")
	http.ServeContent(w, r, "", obj.ModTime(), obj)
}

func (s *Handlers) assessmentScore(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in, err := s.App.Assessment().ScoreSelfCheck(r.Context(), id, assessment.ScoreInput{Score: f.Float("score"), Version: kit.FormVersion(f)})
	year := f.V("year")
	if in != nil {
		year = strconv.Itoa(in.Year)
	}
	s.assessmentBack(w, r, "/staff/assessment-inputs?year="+year, "自查报告已评分", err)
}

// portalAssessmentsView is the portal's list of published results.
type portalAssessmentsView struct {
	List  []*assessment.PublicView
	Pager *kit.CursorPager
}

func (s *Handlers) portalAssessments(w http.ResponseWriter, r *http.Request) {
	list, next, err := s.App.Assessment().Published(kit.PublicContext(r), r.URL.Query().Get("cursor"), 0)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &portalAssessmentsView{List: list, Pager: kit.NewCursorPager(r, strconv.Itoa(len(list))+map[bool]string{true: "+"}[next != ""], next)}
	s.Render(w, r, http.StatusOK, "assessments", &kit.Page{Title: "行政执法评议考核结果", Nav: "assessments", D: v})
}

// portalAssessmentView is one published run on the portal.
type portalAssessmentView struct {
	V     *assessment.PublicView
	Rows  []publicAssessRow
	Chart template.HTML
}

// publicAssessRow is a published result with its marks as text.
type publicAssessRow struct {
	assessment.PublicResult
	Marks     []string
	TotalText string
}

func (s *Handlers) portalAssessment(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.App.Assessment().PublicRun(kit.PublicContext(r), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	pv := &portalAssessmentView{V: v}
	t := &app.StatTable{ID: "assessment", Title: "总分", Unit: "分"}
	for _, res := range v.Results {
		row := publicAssessRow{PublicResult: res, TotalText: marks(res.Total)}
		for _, p := range res.Points {
			row.Marks = append(row.Marks, marks(p))
		}
		pv.Rows = append(pv.Rows, row)
		t.Labels, t.Values = append(t.Labels, res.AgencyName), append(t.Values, res.Total)
	}
	pv.Chart = kit.ChartSVG(t)
	s.Render(w, r, http.StatusOK, "assessment", &kit.Page{Title: fmt.Sprintf("%s%d年度行政执法评议考核结果", v.Bureau, v.Year), Nav: "assessments", D: pv})
}
