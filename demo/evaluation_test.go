package demo_test

import (
	"context"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/law"
)

// TestSeedEvaluation: the demo city has a published case-file evaluation whose sample
// redraws from its seed, every file scored, grades of more than one kind, and the
// market bureau's rectification list.
func TestSeedEvaluation(t *testing.T) {
	a := seedSmallCity(t, 40, zhifa.MustDate("2026-11-20").Time().Add(10*time.Hour))
	bg := context.Background()
	public := app.WithActor(bg, &app.Actor{IP: "203.0.113.10"})
	list, err := a.Supervision().PublicEvaluations(public, "")
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("published evaluations %+v, %v", list, err)
	}
	ev, err := a.Supervision().PublicEvaluationByID(public, list.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	grades := map[string]int{}
	for _, f := range ev.Files {
		grades[f.Grade]++
	}
	if len(ev.Files) == 0 || len(grades) < 2 || grades[""] > 0 || ev.Population < len(ev.Files) {
		t.Errorf("files %d of %d, grades %v", len(ev.Files), ev.Population, grades)
	}
	sup := demoLogin(t, a, "supervisor1")
	full, err := a.Supervision().Evaluation(sup, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Files) != len(ev.Files) || full.Seed == "" {
		t.Errorf("the bureau's view: %d files", len(full.Files))
	}
	// The sample is the seed's draw of the population's numbers: every file drawn is
	// among the first len(files) by SHA-256(seed|number) of the files' own numbers.
	var numbers []string
	for _, f := range ev.Files {
		numbers = append(numbers, f.CaseNumber)
	}
	redrawn := law.DrawSample(ev.Seed, numbers, len(numbers))
	for i, f := range ev.Files {
		if redrawn[i] != f.CaseNumber {
			t.Errorf("draw order %d: %s, redrawn %s", i, f.CaseNumber, redrawn[i])
		}
	}
	page, err := a.Supervision().EvalFiles(demoLogin(t, a, "officer1"), supervision.FileListFilter{View: "agency"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d of %d files, grades %v; the market bureau has %d scored files", ev.Title, len(ev.Files), ev.Population, grades, len(page.Items))
}
