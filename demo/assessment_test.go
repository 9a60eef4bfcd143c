package demo_test

import (
	"context"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/demo"
)

// TestSeedAssessment: the demo city has last year's assessment, approved and published:
// every enforcement agency ranked with a grade, the survey and the market bureau's
// self-check scored, one deduction; the market bureau's head sees its own result.
func TestSeedAssessment(t *testing.T) {
	a := seedSmallCity(t, 40, zhifa.MustDate("2026-11-20").Time().Add(10*time.Hour))
	public := app.WithActor(context.Background(), &app.Actor{IP: "203.0.113.10"})
	list, _, err := a.Assessment().Published(public, "", 0)
	if err != nil || len(list) != 1 {
		t.Fatalf("published assessments %+v, %v", list, err)
	}
	pv := list[0]
	if pv.Year != 2025 || len(pv.Results) < 3 || pv.Results[0].Rank != 1 || pv.Results[0].Grade == "" {
		t.Errorf("published %+v", pv)
	}
	sup := demoLogin(t, a, "supervisor1")
	run, err := a.Assessment().Get(sup, pv.ID)
	if err != nil {
		t.Fatal(err)
	}
	adjusted, selfScored := 0, false
	for _, res := range run.Results {
		adjusted += len(res.Adjustments)
		for _, f := range res.Figures {
			if f.Key == string(zhifa.InputSelfCheck) && f.Num == 88 {
				selfScored = true
			}
		}
	}
	if run.Status != zhifa.AssessmentPublished || adjusted != 1 || !selfScored {
		t.Errorf("run %s, %d adjustments, self-check scored %v", run.Status, adjusted, selfScored)
	}
	head := demoLogin(t, a, "head1")
	mine, err := a.Assessment().Get(head, pv.ID)
	if err != nil || len(mine.Results) == 0 || len(mine.Results) >= len(run.Results) {
		t.Errorf("the market bureau's view: %v, %v", mine, err)
	}
	if _, err := a.Assessment().Get(demoLogin(t, a, demo.JusticeHeadLogin), pv.ID); err != nil {
		t.Errorf("the bureau's head: %v", err)
	}
}
