package app_test

import (
	"context"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/kernel"
)

// TestStages: a bounded context's stage runs inside the step's transaction after the
// gates, sees the step's new stage, may add a clock that is saved with the case, and its
// error refuses the whole step with nothing written (issue 16: Act as a pipeline).
func TestStages(t *testing.T) {
	w := newCaseWorld(t)
	var seen []string
	stage := kernel.Stage{Name: "probe", Run: func(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
		seen = append(seen, string(r.Action)+":"+string(r.Case.Stage)+":"+r.Actor.Login)
		switch r.Action {
		case "investigate":
			r.Case.Clocks = append(r.Case.Clocks, zhifa.Clock{Kind: "probe", Start: r.Day, Due: r.Day.AddDays(3), Unit: "day", Days: 3, Rule: "测试"})
			return "探针已记录", map[string]string{"seen": "yes"}, nil
		case "propose":
			return "", nil, zhifa.Errorf(zhifa.EGATE, "探针拒绝")
		}
		return "", nil, nil
	}}
	a := app.New(w.store, app.Options{Now: w.clock.Now, Stages: []kernel.Stage{stage}})
	ctx := w.as(t, "officer1")
	v := w.file(t, w.input(zhifa.CasePenalty))
	v, err := a.Act(ctx, v.ID, "investigate", app.ActionInput{Version: v.Version})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0] != "investigate:investigate:officer1" {
		t.Fatalf("stage saw %q, want the step after its move to investigate, by officer1", seen)
	}
	var probe *zhifa.Clock
	for i := range v.Case.Clocks {
		if v.Case.Clocks[i].Kind == "probe" {
			probe = &v.Case.Clocks[i]
		}
	}
	if probe == nil {
		t.Fatalf("the stage's clock was not saved: %+v", v.Case.Clocks)
	}
	if last := v.Events[len(v.Events)-1]; !strings.Contains(last.Detail, "探针已记录") {
		t.Errorf("event detail %q lacks the stage's detail", last.Detail)
	}
	before := w.ledgerSize(t)
	_, err = a.Act(ctx, v.ID, "propose", app.ActionInput{Version: v.Version, Penalties: []string{"警告"}, Warning: true, Reason: "首次违法，情节轻微，及时改正，依法从轻处理"})
	wantCode(t, err, zhifa.EGATE)
	if !strings.Contains(zhifa.ErrorMessage(err), "探针拒绝") {
		t.Fatalf("refused by %v, want the stage's refusal", err)
	}
	after, err := a.Case(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != v.Version || after.Case.Stage != v.Case.Stage || w.ledgerSize(t) != before {
		t.Errorf("a refused stage left state behind: version %d→%d, stage %s→%s, ledger %d→%d",
			v.Version, after.Version, v.Case.Stage, after.Case.Stage, before, w.ledgerSize(t))
	}
}
