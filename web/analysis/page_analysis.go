package analysis

import (
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/analysis"
	"zhifa/law"
	"zhifa/web/kit"
)

// Pages of the analytic-warnings context (issue 14): the list of warnings in the
// reader's scope with filters by kind, state and agency, and a warning's detail with its
// rule, evidence and handling (说明理由, 整改, 督办, 办结).

func (s *Handlers) RegisterAnalysisPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/analysis", app.PermStaff, "分析预警", s.analysisList)
	staff("GET", "/staff/analysis/{id}", app.PermStaff, "分析预警详情", s.analysisDetail)
	staff("POST", "/staff/analysis/{id}/act", app.PermStaff, "处理分析预警", s.analysisAct)
	s.registerAnalysisMorePages(staff)
}

// analysisListView is the data of the warnings list.
type analysisListView struct {
	Page            *analysis.Page
	Kind, State     string
	AgencyID        string
	Kinds, States   []kit.Option
	Agencies        []kit.Option
	Pager           *kit.CursorPager
	ShowAgencyField bool
	// MayRun shows the supervisor the form that runs the periodic rules, with defaults.
	MayRun          bool
	Threshold, Days int
}

func (s *Handlers) analysisList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := analysis.Filter{Kind: zhifa.AnalysisKind(q.Get("kind")), State: zhifa.AnalysisState(q.Get("state")), Cursor: q.Get("cursor")}
	if id, ok := kit.QueryID(r, "agency_id"); ok {
		f.AgencyID = id
	}
	p, err := s.App.Analysis().List(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	actor := app.ActorFrom(r.Context())
	v := &analysisListView{Page: p, Kind: string(f.Kind), State: string(f.State), Pager: kit.NewCursorPager(r, "", p.Next),
		Kinds: []kit.Option{{Value: "", Label: "全部"}}, States: []kit.Option{{Value: "", Label: "全部"}}, ShowAgencyField: actor.Can(app.PermSupervise),
		MayRun: actor.Role == zhifa.RoleSupervisor, Threshold: law.ComplaintClusterThreshold, Days: law.ComplaintClusterDays}
	if f.AgencyID != 0 {
		v.AgencyID = strconv.FormatInt(f.AgencyID, 10)
	}
	for _, k := range analysis.Kinds {
		v.Kinds = append(v.Kinds, kit.Option{Value: string(k), Label: analysis.KindLabels[k]})
	}
	for _, st := range []zhifa.AnalysisState{zhifa.AnalysisOpen, zhifa.AnalysisExplained, zhifa.AnalysisRectified, zhifa.AnalysisEscalated, zhifa.AnalysisClosed} {
		v.States = append(v.States, kit.Option{Value: string(st), Label: analysis.StateLabels[st]})
	}
	if v.ShowAgencyField {
		ags, err := s.App.Personnel().Agencies(r.Context())
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		v.Agencies = []kit.Option{{Value: "", Label: "全部"}}
		for _, a := range ags {
			if a.IsEnforcement() {
				v.Agencies = append(v.Agencies, kit.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name})
			}
		}
	}
	s.Render(w, r, http.StatusOK, "staff_analysis", &kit.Page{Title: "分析预警", Staff: true, Nav: "analysis", D: v})
}

func (s *Handlers) analysisPage(w http.ResponseWriter, r *http.Request, id int64, f *kit.Form, status int) {
	v, err := s.App.Analysis().Get(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if f == nil {
		f = kit.NewForm()
	}
	d := &analysisDetailView{W: v, MayRaise: mayRaiseProblem(r, v)}
	if d.MayRaise {
		d.RaiseURL = raiseProblemURL(v)
	}
	for _, a := range []struct {
		name string
		may  bool
	}{{"escalate", v.Can.Escalate}, {"explain", v.Can.Explain}, {"rectify", v.Can.Rectify}, {"close", v.Can.Close}} {
		if a.may {
			d.Acts = append(d.Acts, kit.Option{Value: a.name, Label: analysisActLabels[a.name]})
		}
	}
	s.Render(w, r, status, "staff_analysis_detail", &kit.Page{Title: "分析预警 " + v.KindLabel, Staff: true, Nav: "analysis", Form: f, D: d})
}

// analysisDetailView is the data of a warning's page: the warning and the handling acts
// open to the reader, in one form.
type analysisDetailView struct {
	W    *analysis.View
	Acts []kit.Option
	// MayRaise offers the supervisor the problem form prefilled from the warning.
	MayRaise bool
	RaiseURL string
}

func (s *Handlers) analysisDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.analysisPage(w, r, id, nil, http.StatusOK)
}

// analysisActLabels name the handling acts in the flash message.
var analysisActLabels = map[string]string{"explain": "说明理由", "rectify": "报告整改情况", "escalate": "督办", "close": "办结"}

func (s *Handlers) analysisAct(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	action := f.V("action")
	in := analysis.Input{Reason: f.V("reason")}
	if f.V("days") != "" {
		in.Days = int(f.Int("days"))
	}
	svc := s.App.Analysis()
	acts := map[string]func() (*analysis.View, error){
		"explain":  func() (*analysis.View, error) { return svc.Explain(r.Context(), id, in) },
		"rectify":  func() (*analysis.View, error) { return svc.Rectify(r.Context(), id, in) },
		"escalate": func() (*analysis.View, error) { return svc.Escalate(r.Context(), id, in) },
		"close":    func() (*analysis.View, error) { return svc.Close(r.Context(), id, in) },
	}
	var err error
	switch run := acts[action]; {
	case f.HasErrors():
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	case run == nil:
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: "请选择处理方式"}
	default:
		_, err = run()
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/analysis/"+kit.ID64(id), "已"+analysisActLabels[action]+"，并记入防篡改账本")
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.ECONFLICT:
		f.Fail(err)
		f.Show("action")
		s.analysisPage(w, r, id, f, kit.StatusOf(err))
	default:
		s.Fail(w, r, err)
	}
}

// AnalysisTile counts the analytic warnings not yet closed for the dashboard: -1 for a
// reader who neither handles cases nor supervises.
func (s *Handlers) AnalysisTile(r *http.Request) (int, error) {
	actor := app.ActorFrom(r.Context())
	if !actor.Can(app.PermHandleCases) && !actor.Can(app.PermSupervise) {
		return -1, nil
	}
	counts, err := s.App.Analysis().Counts(r.Context())
	n := 0
	for _, c := range counts {
		n += c
	}
	return n, err
}
