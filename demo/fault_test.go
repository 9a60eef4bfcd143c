package demo_test

import (
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
)

// checkSeededFault: the revoked decision's fault review is decided (批评教育) with one
// responsible handler of the case, and the officer sees it on the case (issue 14, F3).
// TestSeedComplaints calls it on the seeded city.
func checkSeededFault(t *testing.T, a *app.App) {
	t.Helper()
	officer := demoLogin(t, a, "officer1")
	for _, st := range []zhifa.Stage{zhifa.StageArchive, zhifa.StageClose, zhifa.StageExecute, zhifa.StageServe} {
		list, err := a.Cases(officer, app.CaseFilter{Stage: st, Kind: zhifa.CasePenalty, Page: zhifa.Page{Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list.Cases {
			if c.State.Corrected == "" {
				continue
			}
			cf, err := a.Supervision().CaseFaults(officer, c.ID)
			if err != nil || len(cf.Reviews) != 1 {
				t.Fatalf("fault reviews of %s: %v, %v", c.Number, cf, err)
			}
			f := cf.Reviews[0]
			if f.State != zhifa.FaultDecided || f.SanctionLabel != "批评教育" || len(f.Persons) != 1 || f.Persons[0].Role != zhifa.FaultRoleHandler {
				t.Errorf("fault review %+v", f)
			}
			checkSeededProblems(t, a)
			return
		}
	}
	t.Error("no corrected decision in the demo")
}

// checkSeededProblems: three problems on the list, one in each state, the open one
// overdue (issue 14, F8).
func checkSeededProblems(t *testing.T, a *app.App) {
	t.Helper()
	page, err := a.Supervision().Problems(demoLogin(t, a, "supervisor1"), supervision.ProblemFilter{})
	if err != nil || len(page.Items) != 3 {
		t.Fatalf("problems %v, %v", page, err)
	}
	states := map[zhifa.ProblemState]int{}
	for _, p := range page.Items {
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
}
