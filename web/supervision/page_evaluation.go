package supervision

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/law"
	"zhifa/web/kit"
)

// Pages of case-file evaluation (案卷评查, issue 14): the bureau's checklist, the list and
// creation of evaluations, an evaluation's files and results, the evaluator's scoring of
// one file beside its case file, the agency's rectification, and the portal's results.

func (s *Handlers) registerEvaluationPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc), pub func(method, pattern, summary string, h http.HandlerFunc)) {
	pub("GET", "/evaluations", "案卷评查结果", s.portalEvaluations)
	pub("GET", "/evaluations/{id}", "案卷评查结果详情", s.portalEvaluation)

	staff("GET", "/staff/evaluations", app.PermStaff, "案卷评查", s.evaluationList)
	staff("GET", "/staff/evaluations/new", app.PermSupervise, "组织案卷评查", s.evaluationNew)
	staff("POST", "/staff/evaluations/new", app.PermSupervise, "组织案卷评查", s.evaluationCreate)
	staff("GET", "/staff/evaluations/{id}", app.PermStaff, "案卷评查详情", s.evaluationDetail)
	staff("POST", "/staff/evaluations/{id}/publish", app.PermSupervise, "公布案卷评查结果", s.evaluationPublish)
	staff("GET", "/staff/evaluation-standard", app.PermSupervise, "案卷评查标准", s.evalStandardPage)
	staff("POST", "/staff/evaluation-standard", app.PermSupervise, "保存案卷评查标准", s.evalStandardSave)
	staff("GET", "/staff/evaluation-files", app.PermStaff, "评查案卷", s.evalFileList)
	staff("GET", "/staff/evaluation-files/{id}", app.PermStaff, "评查案卷详情", s.evalFileDetail)
	staff("POST", "/staff/evaluation-files/{id}/score", app.PermStaff, "评查评分", s.evalFileScore)
	staff("POST", "/staff/evaluation-files/{id}/rectify", app.PermHandleCases, "填报评查整改情况", s.evalFileRectify)
}

// evaluationListView is the data of the staff list.
type evaluationListView struct {
	Page      *supervision.EvalListPage
	Pager     *kit.CursorPager
	MayCreate bool
	// MaySelfCheck offers a head or legal reviewer the self-check of their agency.
	MaySelfCheck bool
}

func (s *Handlers) evaluationList(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.Supervision().Evaluations(r.Context(), r.URL.Query().Get("cursor"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	actor := app.ActorFrom(r.Context())
	v := &evaluationListView{Page: p, Pager: kit.NewCursorPager(r, "", p.Next), MayCreate: actor.Role == zhifa.RoleSupervisor,
		MaySelfCheck: actor.Role == zhifa.RoleHead || actor.Role == zhifa.RoleReviewer}
	s.Render(w, r, http.StatusOK, "staff_evaluations", &kit.Page{Title: "案卷评查", Staff: true, Nav: "evaluations", D: v})
}

// evaluationFormView is the data of the creation form.
type evaluationFormView struct {
	Choices *supervision.EvaluationChoices
	Kinds   []kit.Option
}

func (s *Handlers) evaluationFormPage(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	ch, err := s.App.Supervision().EvaluationChoices(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &evaluationFormView{Choices: ch, Kinds: evaluationKinds()}
	s.Render(w, r, status, "staff_evaluation_form", &kit.Page{Title: "组织案卷评查", Staff: true, Nav: "evaluations", Form: f, D: v})
}

func (s *Handlers) evaluationNew(w http.ResponseWriter, r *http.Request) {
	s.evaluationFormPage(w, r, s.evaluationDefaults("%d年度行政执法案卷评查", 10), http.StatusOK)
}

// evaluationKinds are the case kinds an evaluation may cover.
func evaluationKinds() []kit.Option {
	var out []kit.Option
	for _, k := range []zhifa.CaseKind{zhifa.CasePenalty, zhifa.CaseCompulsory, zhifa.CaseInspection} {
		out = append(out, kit.Option{Value: string(k), Label: k.Label()})
	}
	return out
}

// evaluationDefaults prefills an evaluation form for last year's penalty cases: the
// title (a format of the year) and the sample size.
func (s *Handlers) evaluationDefaults(titleFormat string, sample int) *kit.Form {
	f := kit.NewForm()
	year := s.App.Today().Year - 1
	f.Set("title", fmt.Sprintf(titleFormat, year))
	f.Set("from", fmt.Sprintf("%d-01-01", year))
	f.Set("to", fmt.Sprintf("%d-12-31", year))
	f.Set("sample_size", strconv.Itoa(sample))
	f.Set("rectify_days", strconv.Itoa(law.DefaultRectifyDays))
	f.Values["kinds"] = []string{string(zhifa.CasePenalty)}
	return f
}

// checkedIDs reads the checked IDs of a checkbox group.
func checkedIDs(f *kit.Form, name string) []int64 {
	var out []int64
	for _, v := range f.Values[name] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			out = append(out, id)
		} else {
			f.Invalid(name, "选择无效")
		}
	}
	return out
}

func (s *Handlers) evaluationCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := supervision.EvaluationInput{Title: f.V("title"), AgencyIDs: checkedIDs(f, "agency_ids"), From: f.Date("from"), To: f.Date("to"),
		SampleSize: int(f.Int("sample_size")), Seed: f.V("seed"), EvaluatorIDs: checkedIDs(f, "evaluator_ids"), RectifyDays: int(f.Int("rectify_days"))}
	for _, k := range f.Values["kinds"] {
		in.Kinds = append(in.Kinds, zhifa.CaseKind(k))
	}
	var v *supervision.EvaluationView
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		v, err = s.App.Supervision().CreateEvaluation(r.Context(), in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/evaluations/"+kit.ID64(v.ID), fmt.Sprintf("已从%d件已结案件中抽取%d件案卷，并记入防篡改账本", v.Population, v.SampleSize))
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE:
		f.Fail(err)
		f.Show("agency_ids", "kinds", "evaluator_ids")
		s.evaluationFormPage(w, r, f, http.StatusUnprocessableEntity)
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) evaluationDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.App.Supervision().Evaluation(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_evaluation", &kit.Page{Title: v.Title, Staff: true, Nav: "evaluations", D: v})
}

func (s *Handlers) evaluationPublish(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	_, err := s.App.Supervision().PublishEvaluation(r.Context(), id, int(f.Int("version")))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RedirectFlash(w, r, "/staff/evaluations/"+kit.ID64(id), "评查结果已在门户网站公布，并记入防篡改账本")
}

// standardLines writes a checklist as the lines of the standard form.
func standardLines(items []zhifa.EvalItem) string {
	var b strings.Builder
	for _, it := range items {
		veto := "否"
		if it.Veto {
			veto = "是"
		}
		fmt.Fprintf(&b, "%s|%s|%s|%d|%s\n", it.Code, it.Category, it.Text, it.Points, veto)
	}
	return b.String()
}

// parseStandardLines reads the lines "编号|类别|评查内容|分值|否决项（是/否）".
func parseStandardLines(f *kit.Form) []zhifa.EvalItem {
	var items []zhifa.EvalItem
	for i, l := range f.Lines("items") {
		parts := strings.Split(strings.ReplaceAll(l, "｜", "|"), "|")
		if len(parts) != 5 {
			f.Invalid("items", fmt.Sprintf("第%d行应为“编号|类别|评查内容|分值|是否否决项”五栏", i+1))
			return nil
		}
		points, err := strconv.Atoi(strings.TrimSpace(parts[3]))
		if err != nil {
			f.Invalid("items", fmt.Sprintf("第%d行的分值应为整数", i+1))
			return nil
		}
		veto := strings.TrimSpace(parts[4])
		items = append(items, zhifa.EvalItem{Code: strings.TrimSpace(parts[0]), Category: strings.TrimSpace(parts[1]),
			Text: strings.TrimSpace(parts[2]), Points: points, Veto: veto == "是"})
	}
	return items
}

func (s *Handlers) evalStandardRender(w http.ResponseWriter, r *http.Request, f *kit.Form, status int) {
	v, err := s.App.Supervision().EvalStandard(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if f == nil {
		f = kit.NewForm()
		f.Set("name", v.Name)
		f.Set("items", standardLines(v.Items))
	}
	s.Render(w, r, status, "staff_evaluation_standard", &kit.Page{Title: "案卷评查标准", Staff: true, Nav: "evaluations", Form: f, D: v})
}

func (s *Handlers) evalStandardPage(w http.ResponseWriter, r *http.Request) {
	s.evalStandardRender(w, r, nil, http.StatusOK)
}

func (s *Handlers) evalStandardSave(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := supervision.StandardInput{Name: f.V("name"), Items: parseStandardLines(f)}
	var v *supervision.StandardView
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		v, err = s.App.Supervision().SaveEvalStandard(r.Context(), in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/evaluation-standard", fmt.Sprintf("已保存第%d版评查标准，并记入防篡改账本", v.Version))
		return
	}
	if c := zhifa.ErrorCode(err); c == zhifa.EINVALID {
		f.Fail(err)
		s.evalStandardRender(w, r, f, http.StatusUnprocessableEntity)
		return
	}
	s.Fail(w, r, err)
}

// evalFileListView is the data of the files list.
type evalFileListView struct {
	Page       *supervision.FilePage
	Pager      *kit.CursorPager
	View       string
	Open       bool
	MayHandle  bool
	Overdue    int
	ViewLabels []kit.Option
}

func (s *Handlers) evalFileList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := supervision.FileListFilter{View: q.Get("view"), Open: q.Get("open") == "1", Cursor: q.Get("cursor")}
	if f.View == "" {
		f.View = "mine"
	}
	p, err := s.App.Supervision().EvalFiles(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &evalFileListView{Page: p, Pager: kit.NewCursorPager(r, "", p.Next), View: f.View, Open: f.Open,
		MayHandle: app.ActorFrom(r.Context()).Can(app.PermHandleCases)}
	for _, it := range p.Items {
		if it.Clock != nil && it.Clock.Status == law.ClockOverdue {
			v.Overdue++
		}
	}
	s.Render(w, r, http.StatusOK, "staff_evaluation_files", &kit.Page{Title: "评查案卷", Staff: true, Nav: "evaluations", D: v})
}

// scoreRow is one checklist item with the evaluator's score, for the scoring form.
type scoreRow struct {
	zhifa.EvalItem
	Deduct string
	Vetoed bool
	Note   string
}

// evalFileView is the data of a file's page.
type evalFileView struct {
	F    *supervision.FileDetail
	Rows []scoreRow
}

func (s *Handlers) evalFilePage(w http.ResponseWriter, r *http.Request, id int64, f *kit.Form, status int) {
	d, err := s.App.Supervision().EvalFile(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	scores := map[string]zhifa.EvalScore{}
	for _, sc := range d.Scores {
		scores[sc.Code] = sc
	}
	v := &evalFileView{F: d}
	for _, it := range d.Items {
		sc := scores[it.Code]
		row := scoreRow{EvalItem: it, Deduct: strconv.Itoa(sc.Deduct), Vetoed: sc.Veto, Note: sc.Note}
		if f != nil && len(f.Values["code"]) > 0 { // a failed scoring keeps what was entered
			row.Deduct, row.Vetoed, row.Note = f.V("deduct_"+it.Code), f.Checked("veto_"+it.Code), f.V("note_"+it.Code)
		}
		v.Rows = append(v.Rows, row)
	}
	if f == nil {
		f = kit.NewForm()
	}
	s.Render(w, r, status, "staff_evaluation_file", &kit.Page{Title: "评查案卷 " + d.CaseNumber, Staff: true, Nav: "evaluations", Form: f, D: v})
}

func (s *Handlers) evalFileDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.evalFilePage(w, r, id, nil, http.StatusOK)
}

func (s *Handlers) evalFileScore(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in := supervision.ScoreInput{Version: int(f.Int("version"))}
	for _, code := range f.Values["code"] {
		deduct := 0
		if t := strings.TrimSpace(f.V("deduct_" + code)); t != "" {
			n, err := strconv.Atoi(t)
			if err != nil {
				f.Invalid("scores", "项目"+code+"的扣分应为整数")
			}
			deduct = n
		}
		in.Scores = append(in.Scores, zhifa.EvalScore{Code: code, Deduct: deduct, Veto: f.Checked("veto_" + code), Note: f.V("note_" + code)})
	}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		var d *supervision.FileDetail
		d, err = s.App.Supervision().ScoreFile(r.Context(), id, in)
		if err == nil {
			s.RedirectFlash(w, r, "/staff/evaluation-files/"+kit.ID64(id), fmt.Sprintf("已评分：%d分，%s，并记入防篡改账本", d.Score, d.GradeLabel))
			return
		}
	}
	if zhifa.ErrorCode(err) == zhifa.EINVALID {
		f.Fail(err)
		f.Show("scores")
		s.evalFilePage(w, r, id, f, http.StatusUnprocessableEntity)
		return
	}
	s.Fail(w, r, err)
}

func (s *Handlers) evalFileRectify(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	_, err := s.App.Supervision().Rectify(r.Context(), id, supervision.RectifyInput{Version: int(f.Int("version")), Rectification: f.V("rectification")})
	if err == nil {
		s.RedirectFlash(w, r, "/staff/evaluation-files/"+kit.ID64(id), "已填报整改情况，并记入防篡改账本")
		return
	}
	if zhifa.ErrorCode(err) == zhifa.EINVALID {
		f.Fail(err)
		s.evalFilePage(w, r, id, f, http.StatusUnprocessableEntity)
		return
	}
	s.Fail(w, r, err)
}

// portalEvaluationsView is the data of the portal list.
type portalEvaluationsView struct {
	Page  *supervision.PublicEvalPage
	Pager *kit.CursorPager
}

func (s *Handlers) portalEvaluations(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.Supervision().PublicEvaluations(kit.PublicContext(r), r.URL.Query().Get("cursor"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "portal_evaluations", &kit.Page{Title: "案卷评查结果", Nav: "evaluations",
		D: &portalEvaluationsView{Page: p, Pager: kit.NewCursorPager(r, "", p.Next)}})
}

func (s *Handlers) portalEvaluation(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.App.Supervision().PublicEvaluationByID(kit.PublicContext(r), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "portal_evaluation", &kit.Page{Title: v.Title, Nav: "evaluations", D: v})
}
