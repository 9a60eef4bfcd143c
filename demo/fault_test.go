package demo_test

import (
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
)

// checkSeededFault: the problems on the list (checkSeededProblems); the one found by
// the revoked decision's fault review links it, decided (批评教育) with one responsible
// handler, and the market bureau's officer reads it (issue 14, F3). TestSeedComplaints
// calls it on the seeded city.
func checkSeededFault(t *testing.T, a *app.App) {
	t.Helper()
	page := checkSeededProblems(t, a)
	officer := demoLogin(t, a, "officer1")
	for _, p := range page.Items {
		if p.Source != zhifa.ProblemFromFault {
			continue
		}
		f, err := a.Supervision().FaultReview(officer, p.SourceID)
		if err != nil {
			t.Fatal(err)
		}
		if f.State != zhifa.FaultDecided || f.SanctionLabel != "批评教育" || len(f.Persons) != 1 || f.Persons[0].Role != zhifa.FaultRoleHandler {
			t.Errorf("fault review %+v", f)
		}
		return
	}
	t.Error("no problem found by a fault review in the demo")
}

// checkSeededProblems: the three problems of fault.go on the list, one in each state, the
// open one overdue (issue 14, F8), besides the one raised from a warning (analysis_more.go)
// and the one raised from a social supervisor's remark (remark_problem.go), which links it.
func checkSeededProblems(t *testing.T, a *app.App) *supervision.ProblemPage {
	t.Helper()
	page, err := a.Supervision().Problems(demoLogin(t, a, "supervisor1"), supervision.ProblemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var fromWarnings, fromRemarks int
	states := map[zhifa.ProblemState]int{}
	for _, p := range page.Items {
		if p.Source == zhifa.ProblemFromWarning {
			fromWarnings++
			continue
		}
		if p.Source == zhifa.ProblemFromRemark {
			fromRemarks++
			r, err := a.Supervision().Remark(demoLogin(t, a, "supervisor1"), p.SourceID)
			if err != nil || r.ProblemID != p.ID || p.Overdue {
				t.Errorf("the remark of problem %q: %+v %v", p.Title, r, err)
			}
			continue
		}
		states[p.State]++
		if p.Overdue != (p.State == zhifa.ProblemOpen) {
			t.Errorf("problem %q overdue %v in state %s", p.Title, p.Overdue, p.State)
		}
	}
	for _, st := range zhifa.ProblemStates {
		if states[st] != 1 {
			t.Errorf("%d problems %s", states[st], st.Label())
		}
	}
	if fromWarnings != 1 || fromRemarks != 1 || len(page.Items) != 5 {
		t.Errorf("%d problems, %d of them from warnings, %d from remarks; want the three of fault.go, one from a warning and one from a remark",
			len(page.Items), fromWarnings, fromRemarks)
	}
	return page
}
