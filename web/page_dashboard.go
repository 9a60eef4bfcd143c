package web

import (
	"net/http"
	"slices"

	"zhifa"
	"zhifa/app"
	"zhifa/app/execution"
	"zhifa/web/analysis"
	"zhifa/web/kit"
	"zhifa/web/supervision"
)

// warningGroup is one kind of personnel warning on the dashboard.
type warningGroup struct {
	Kind     string
	Title    string
	Class    string // badge colour
	Case     bool   // warnings about cases (a case column) rather than personnel
	Warnings []app.Warning
	// More says the group lists only a page of its warnings (the training
	// shortfalls, app.TrainingShortRead): its count is a lower bound (issue 11). Next
	// is the cursor of the following page (the training_after parameter), After the
	// cursor of the page listed, 0 for the first.
	More        bool
	Next, After int64
}

// dashboardView is the data of the workspace home.
type dashboardView struct {
	Year   int
	Groups []*warningGroup
	Total  int
	// Supervision: overdue complaints and the correction-rate warning (page_supervision.go).
	Supervision *supervision.SupervisionTiles
	// Analysis counts the analytic warnings not yet closed in the reader's scope (issue 14,
	// page_analysis.go); -1 for a reader who does not see them.
	Analysis int
	// Collection is the collection of fines per agency, for heads and supervisors
	// (issue 15, page_execution.go).
	Collection []execution.CollectionRow
	// Todo is the actor's own work, most urgent first, with its counts (app/todo.go).
	Todo *app.TodoList
}

// dashboard is the workspace home: the actor's to-do list (待办), then the warnings
// within the actor's scope — legal reviews
// due soon or overdue, overdue transfer clocks and late filings (each linking to its
// case), and this year's personnel warnings: training shortfalls, agencies short of legal
// reviewers, certificates that are invalid or about to expire.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	if a := app.ActorFrom(r.Context()); !a.Can(app.PermStaff) && a.Can(app.PermRecordRemarks) {
		http.Redirect(w, r, "/staff/my-remarks", http.StatusSeeOther) // a social supervisor's only page (issue 14)
		return
	}
	year := s.App.Today().Year
	// The case warnings: legal review, filing and transfer clocks (app/warnings_review.go),
	// read once for the to-do list and the warnings below it.
	cases, err := s.App.CaseWarnings(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	todo, err := s.App.TodoWith(r.Context(), cases)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	// The personnel warnings are the supervisors' and heads' concern, not an officer's
	// or a reviewer's to-do (issue 12).
	// The training shortfalls page by officer (training_after): a province's year
	// begins with nearly every officer short of hours.
	q := kit.NewAPIQuery(r)
	trainingAfter := q.Int("training_after", 0, 0, 1<<62)
	if err := q.Err(); err != nil {
		s.Fail(w, r, err)
		return
	}
	var warnings []app.Warning
	var trainingNext int64
	if app.ActorFrom(r.Context()).Can(app.PermSupervise) {
		page, err := s.App.PersonnelWarningsPage(r.Context(), year, 0)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		warnings, trainingNext = page.Warnings, page.TrainingNext
		if trainingAfter > 0 {
			later, err := s.App.PersonnelWarningsPage(r.Context(), year, trainingAfter)
			if err != nil {
				s.Fail(w, r, err)
				return
			}
			warnings = slices.DeleteFunc(warnings, func(w app.Warning) bool { return w.Kind == app.WarnTrainingShort })
			warnings, trainingNext = append(warnings, later.Warnings...), later.TrainingNext
		}
	}
	warnings = append(cases, warnings...)
	v := &dashboardView{Year: year, Total: len(warnings), Todo: todo}
	if v.Analysis, err = analysis.New(s.Kit).AnalysisTile(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	if v.Supervision, err = supervision.New(s.Kit).SupervisionTiles(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	groups := []*warningGroup{
		{Kind: app.WarnReviewOverdue, Title: "法制审核已超期", Class: "bad", Case: true},
		{Kind: app.WarnReviewDueSoon, Title: "法制审核即将到期", Class: "warn", Case: true},
		{Kind: app.WarnTransferOverdue, Title: "移送涉嫌犯罪案件逾期", Class: "bad", Case: true},
		{Kind: app.WarnFilingLate, Title: "重大执法决定逾期备案", Class: "warn", Case: true},
		{Kind: app.WarnPublishOverdue, Title: "执法决定逾期未公示或未撤回", Class: "bad"},
		{Kind: app.WarnAnnualReport, Title: "上年度行政执法统计年报未公开", Class: "warn"},
		{Kind: app.WarnCertInvalid, Title: "无有效执法证件", Class: "bad"},
		{Kind: app.WarnCertExpiring, Title: "执法证件即将到期", Class: "warn"},
		{Kind: app.WarnTrainingShort, Title: "年度培训不足60学时", Class: "warn", More: trainingNext != 0 || trainingAfter > 0,
			Next: trainingNext, After: trainingAfter},
		{Kind: app.WarnReviewersShort, Title: "法制审核人员不足5%", Class: "bad"},
	}
	byKind := map[string]*warningGroup{}
	for _, g := range groups {
		byKind[g.Kind] = g
	}
	for _, wn := range warnings {
		g := byKind[wn.Kind]
		if g == nil {
			g = &warningGroup{Kind: wn.Kind, Title: "其他预警", Class: "warn"}
			byKind[wn.Kind] = g
			groups = append(groups, g)
		}
		g.Warnings = append(g.Warnings, wn)
	}
	v.Groups = groups
	if actor := app.ActorFrom(r.Context()); actor.Role == zhifa.RoleHead || actor.Can(app.PermSupervise) {
		if v.Collection, err = s.App.Execution().Stats(r.Context()); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	s.Render(w, r, http.StatusOK, "dashboard", &kit.Page{Title: "工作台", Nav: "dashboard", D: v})
}
