package law

import (
	"sort"
	"testing"

	"zhifa"
)

func TestDefaultEvalStandard(t *testing.T) {
	if err := CheckEvalStandard(DefaultEvalStandard()); err != nil {
		t.Fatalf("default standard: %v", err)
	}
}

func TestCheckEvalStandard(t *testing.T) {
	ok := zhifa.EvalItem{Code: "A", Category: "程序", Text: "程序合法", Points: 100}
	tests := []struct {
		name  string
		items []zhifa.EvalItem
		valid bool
	}{
		{"one item of 100", []zhifa.EvalItem{ok}, true},
		{"empty", nil, false},
		{"sum 99", []zhifa.EvalItem{{Code: "A", Category: "程序", Text: "x", Points: 99}}, false},
		{"sum 101", []zhifa.EvalItem{{Code: "A", Category: "程序", Text: "x", Points: 60}, {Code: "B", Category: "文书", Text: "y", Points: 41}}, false},
		{"duplicate code", []zhifa.EvalItem{{Code: "A", Category: "程序", Text: "x", Points: 50}, {Code: "A", Category: "文书", Text: "y", Points: 50}}, false},
		{"zero points", []zhifa.EvalItem{ok, {Code: "B", Category: "文书", Text: "y", Points: 0}}, false},
		{"no text", []zhifa.EvalItem{{Code: "A", Category: "程序", Points: 100}}, false},
	}
	for _, tt := range tests {
		err := CheckEvalStandard(tt.items)
		if (err == nil) != tt.valid || (err != nil && zhifa.ErrorCode(err) != zhifa.EINVALID) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestGrade(t *testing.T) {
	tests := []struct {
		score  int
		vetoed bool
		want   string
	}{
		{100, false, GradeExcellent}, {90, false, GradeExcellent}, {89, false, GradePass}, {70, false, GradePass},
		{69, false, GradeFail}, {100, true, GradeFail}, {0, false, GradeFail},
	}
	for _, tt := range tests {
		if got := Grade(tt.score, tt.vetoed); got != tt.want {
			t.Errorf("Grade(%d, %v) = %s, want %s", tt.score, tt.vetoed, got, tt.want)
		}
	}
}

func TestScoreFile(t *testing.T) {
	items := []zhifa.EvalItem{{Code: "A", Category: "程序", Text: "x", Points: 60, Veto: true}, {Code: "B", Category: "文书", Text: "y", Points: 40}}
	tests := []struct {
		name   string
		scores []zhifa.EvalScore
		total  int
		grade  string
		valid  bool
	}{
		{"full marks", []zhifa.EvalScore{{Code: "A"}, {Code: "B"}}, 100, GradeExcellent, true},
		{"deductions", []zhifa.EvalScore{{Code: "A", Deduct: 10, Note: "n"}, {Code: "B", Deduct: 5, Note: "n"}}, 85, GradePass, true},
		{"below pass", []zhifa.EvalScore{{Code: "A", Deduct: 31, Note: "n"}}, 0, "", false},
		{"veto", []zhifa.EvalScore{{Code: "A", Veto: true, Note: "无执法资格"}, {Code: "B"}}, 100, GradeFail, true},
		{"veto on a plain item", []zhifa.EvalScore{{Code: "A"}, {Code: "B", Veto: true, Note: "n"}}, 0, "", false},
		{"deduction without note", []zhifa.EvalScore{{Code: "A", Deduct: 1}, {Code: "B"}}, 0, "", false},
		{"over the points", []zhifa.EvalScore{{Code: "A"}, {Code: "B", Deduct: 41, Note: "n"}}, 0, "", false},
		{"negative", []zhifa.EvalScore{{Code: "A", Deduct: -1}, {Code: "B"}}, 0, "", false},
		{"unknown item", []zhifa.EvalScore{{Code: "A"}, {Code: "B"}, {Code: "C"}}, 0, "", false},
		{"repeated item", []zhifa.EvalScore{{Code: "A"}, {Code: "A"}}, 0, "", false},
	}
	for _, tt := range tests {
		total, grade, err := ScoreFile(items, tt.scores)
		if (err == nil) != tt.valid {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if tt.valid && (total != tt.total || grade != tt.grade) {
			t.Errorf("%s: %d %s, want %d %s", tt.name, total, grade, tt.total, tt.grade)
		}
	}
	// 31 deducted of 100 leaves 69: 不合格 (a file is scored, the refusal above is only
	// for the missing item B).
	if total, grade, err := ScoreFile(items, []zhifa.EvalScore{{Code: "A", Deduct: 31, Note: "n"}, {Code: "B"}}); err != nil || total != 69 || grade != GradeFail {
		t.Errorf("69 points: %d %s %v", total, grade, err)
	}
}

// TestDrawSample redraws a sample from the published algorithm alone: sort the numbers,
// order by SHA-256(seed|number), take k — whatever order the numbers come in.
func TestDrawSample(t *testing.T) {
	numbers := []string{"东市监罚〔2025〕3号", "东市监罚〔2025〕1号", "东市监罚〔2025〕2号", "东交罚〔2025〕7号", "东城管罚〔2025〕4号"}
	got := DrawSample("2026-评查-1", numbers, 3)
	redraw := append([]string(nil), numbers...)
	sort.Slice(redraw, func(i, j int) bool {
		return SampleKey("2026-评查-1", redraw[i]) < SampleKey("2026-评查-1", redraw[j])
	})
	if len(got) != 3 {
		t.Fatalf("drew %d", len(got))
	}
	for i := range got {
		if got[i] != redraw[i] {
			t.Fatalf("draw %v, redraw %v", got, redraw[:3])
		}
	}
	reversed := []string{numbers[4], numbers[3], numbers[2], numbers[1], numbers[0]}
	if again := DrawSample("2026-评查-1", reversed, 3); again[0] != got[0] || again[2] != got[2] {
		t.Errorf("order of the input changed the draw: %v vs %v", again, got)
	}
	if other := DrawSample("another seed", numbers, 5); len(other) != 5 {
		t.Errorf("k above the population: %d", len(other))
	}
}
