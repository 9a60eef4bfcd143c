package demo_test

import (
	"context"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
)

// TestSeedSocialSupervision: the demo city has two social supervisors on the portal's
// roster with remarks, one answered by the market bureau, and the market bureau's
// self-check, scored and marked, which the portal does not publish.
func TestSeedSocialSupervision(t *testing.T) {
	a := seedSmallCity(t, 40, zhifa.MustDate("2026-11-20").Time().Add(10*time.Hour))
	public := app.WithActor(context.Background(), &app.Actor{IP: "203.0.113.10"})
	roster, err := a.Supervision().Roster(public, "")
	if err != nil || len(roster.Items) != 2 {
		t.Fatalf("roster %+v, %v", roster, err)
	}
	remarks, err := a.Supervision().Remarks(demoLogin(t, a, "supervisor1"), supervision.RemarkFilter{})
	if err != nil {
		t.Fatal(err)
	}
	answered := 0
	for _, r := range remarks.Items {
		if r.Reply != "" {
			answered++
		}
	}
	if len(remarks.Items) < 2 || answered != 1 {
		t.Errorf("remarks %d, answered %d", len(remarks.Items), answered)
	}
	mine, err := a.Supervision().Remarks(demoLogin(t, a, "social1"), supervision.RemarkFilter{Mine: true})
	if err != nil || len(mine.Items) == 0 {
		t.Errorf("social1's remarks %+v, %v", mine, err)
	}
	// social2's remark with a photo, raised as a 突出问题 (remark_problem.go).
	raised := 0
	for _, r := range remarks.Items {
		if r.ProblemID == 0 {
			continue
		}
		raised++
		v, err := a.Supervision().Remark(demoLogin(t, a, "supervisor1"), r.ID)
		if err != nil || len(v.Files) != 1 || v.Files[0].MIME != "image/jpeg" {
			t.Errorf("the raised remark's photo %+v, %v", v, err)
		}
	}
	if raised != 1 {
		t.Errorf("%d remarks raised as problems, want 1", raised)
	}
	list, err := a.Supervision().Evaluations(demoLogin(t, a, "head1"), "")
	if err != nil || len(list.Items) != 1 || !list.Items[0].SelfCheck {
		t.Fatalf("the market bureau's self-checks %+v, %v", list, err)
	}
	ev, err := a.Supervision().Evaluation(demoLogin(t, a, "head1"), list.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ev.Files {
		if f.Grade == "" {
			t.Errorf("unscored self-check file %s", f.CaseNumber)
		}
	}
	if _, err := a.Supervision().PublicEvaluationByID(public, ev.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("the portal shows the self-check: %v", err)
	}
	t.Logf("%s: %d files of %d; %d remarks", ev.Title, len(ev.Files), ev.Population, len(remarks.Items))
}
