package demo_test

import (
	"testing"
	"time"

	"zhifa"
	"zhifa/app/analysis"
)

// TestSeedAnalysis: the demo city has analytic warnings of each kind (issue 14), found by
// the rules as the seeded cases were decided and ended or by the supervisor's periodic
// run, a 督办, and a prominent problem raised from a warning.
func TestSeedAnalysis(t *testing.T) {
	a := seedSmallCity(t, 20, zhifa.MustDate("2026-11-20").Time().Add(10*time.Hour))
	sup := demoLogin(t, a, "supervisor1")
	page, err := a.Analysis().List(sup, analysis.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[zhifa.AnalysisKind]int{}
	states := map[zhifa.AnalysisState]int{}
	for _, w := range page.Items {
		kinds[w.Kind]++
		states[w.State]++
		if len(w.Evidence) == 0 || w.Rule == "" {
			t.Errorf("warning without rule or evidence: %+v", w.AnalysisWarning)
		}
	}
	// Every kind, a major decision without its review and a seizure without its A/V
	// record among them: the gates refuse both, so they come from the cases the market
	// bureau carried over from before it adopted the system (historical.go).
	for kind := range analysis.KindLabels {
		if kinds[kind] == 0 {
			t.Errorf("no demo warning of kind %s (kinds %v)", kind, kinds)
		}
	}
	for _, w := range page.Items {
		if (w.Kind == zhifa.AnalysisMissingReview || w.Kind == zhifa.AnalysisMissingAV) && w.Evidence[0].Label == "" {
			t.Errorf("warning %s names no carried-over case: %+v", w.Kind, w.Evidence)
		}
	}
	if states[zhifa.AnalysisEscalated] == 0 {
		t.Errorf("no 督办 in the demo: %v", states)
	}
	// A prominent problem raised from the complaint cluster, linked both ways.
	linked := 0
	for _, w := range page.Items {
		if w.ProblemID == 0 {
			continue
		}
		linked++
		p, err := a.Supervision().Problem(sup, w.ProblemID)
		if err != nil || p.Source != zhifa.ProblemFromWarning || p.SourceID != w.ID || p.Origin == nil || p.Origin.Finding == "" {
			t.Errorf("problem of warning %d: %+v %v", w.ID, p, err)
		}
	}
	if linked == 0 {
		t.Errorf("no problem raised from a warning in the demo")
	}
}
