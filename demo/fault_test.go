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

// checkSeededProblems: four problems on the list — the three the supervision demo seeds,
// one in each state, the open one overdue (issue 14, F8), and the one the analysis demo
// raised from a warning (issue 14, D5).
func checkSeededProblems(t *testing.T, a *app.App) *supervision.ProblemPage {
	t.Helper()
	page, err := a.Supervision().Problems(demoLogin(t, a, "supervisor1"), supervision.ProblemFilter{})
	if err != nil || len(page.Items) != 4 {
		t.Fatalf("problems %v, %v", page, err)
	}
	states, fromWarnings := map[zhifa.ProblemState]int{}, 0
	for _, p := range page.Items {
		if p.Source == zhifa.ProblemFromWarning {
			fromWarnings++
			continue
		}
		states[p.State]++
		if p.Overdue != (p.State == zhifa.ProblemOpen) {
			t.Errorf("problem %q overdue %v in state %s", p.Title, p.Overdue, p.State)
		}
	}
	if fromWarnings != 1 {
		t.Errorf("%d problems raised from warnings, want 1", fromWarnings)
	}
	for _, st := range zhifa.ProblemStates {
		if states[st] != 1 {
			t.Errorf("%d problems %s", states[st], st.Label())
		}
	}
	return page
}
