package law

import (
	"testing"

	"zhifa"
)

func TestIndicatorPoints(t *testing.T) {
	onTime := zhifa.AssessmentIndicator{Key: "decision_on_time", Points: 10, Zero: 0.8, Full: 1}
	corrections := zhifa.AssessmentIndicator{Key: "correction", Points: 10, Zero: 0.05, Full: 0}
	for _, tc := range []struct {
		name     string
		ind      zhifa.AssessmentIndicator
		num, den float64
		want     float64
		noData   bool
	}{
		{"all on time", onTime, 10, 10, 10, false},
		{"half way", onTime, 9, 10, 5, false},
		{"at zero", onTime, 8, 10, 0, false},
		{"below zero", onTime, 1, 10, 0, false},
		{"nothing to count", onTime, 0, 0, 10, true},
		{"lower is better, none corrected", corrections, 0, 100, 10, false},
		{"lower is better, 2%", corrections, 2, 100, 6, false},
		{"lower is better, above the 5% warning", corrections, 7, 100, 0, false},
		{"rounded", onTime, 2, 3, 0, false},
		{"rounded to cents", zhifa.AssessmentIndicator{Points: 10, Zero: 0, Full: 1}, 2, 3, 6.67, false},
	} {
		_, got, noData := IndicatorPoints(tc.ind, tc.num, tc.den)
		if got != tc.want || noData != tc.noData {
			t.Errorf("%s: points %v no data %v, want %v %v", tc.name, got, noData, tc.want, tc.noData)
		}
	}
}

func TestAssessmentGrade(t *testing.T) {
	s := &zhifa.AssessmentScheme{Excellent: 90, Good: 80, Pass: 60}
	for total, want := range map[float64]string{100: AssessExcellent, 90: AssessExcellent, 89.99: AssessGood, 80: AssessGood, 60: AssessPass, 59.5: AssessFail, 0: AssessFail} {
		if got := AssessmentGrade(s, total); got != want {
			t.Errorf("grade of %v = %s, want %s", total, got, want)
		}
	}
}

func TestCheckSelfCheckDate(t *testing.T) {
	for day, ok := range map[string]bool{"2025-09-30": false, "2025-10-01": true, "2025-12-31": true, "2026-01-31": true, "2026-02-01": false} {
		err := CheckSelfCheckDate(2025, zhifa.MustDate(day))
		if (err == nil) != ok {
			t.Errorf("%s: %v", day, err)
		}
		if err != nil && (zhifa.ErrorCode(err) != zhifa.EGATE || err.(*zhifa.Error).Rule != RuleSelfCheck) {
			t.Errorf("%s: %v, want the self-check gate", day, err)
		}
	}
	if got := SelfCheckDue(2025); got != zhifa.MustDate("2025-12-31") {
		t.Errorf("due %s", got)
	}
}

func TestCheckAssessmentScheme(t *testing.T) {
	valid := func() *zhifa.AssessmentScheme {
		return &zhifa.AssessmentScheme{Excellent: 90, Good: 80, Pass: 60, Indicators: []zhifa.AssessmentIndicator{
			{Key: "publication_on_time", Name: "公示", Points: 40, Zero: 0.8, Full: 1},
			{Key: "survey", Name: "满意度", Points: 60, Zero: 0.6, Full: 1},
		}}
	}
	three := []string{"publication_on_time"}
	for _, tc := range []struct {
		name   string
		change func(s *zhifa.AssessmentScheme)
		code   string
		rule   string
	}{
		{"valid", func(*zhifa.AssessmentScheme) {}, "", ""},
		{"marks not 100", func(s *zhifa.AssessmentScheme) { s.Indicators[0].Points = 30 }, zhifa.EINVALID, ""},
		{"duplicate", func(s *zhifa.AssessmentScheme) { s.Indicators[1].Key = s.Indicators[0].Key }, zhifa.EINVALID, ""},
		{"rate beyond 1", func(s *zhifa.AssessmentScheme) { s.Indicators[0].Full = 1.5 }, zhifa.EINVALID, ""},
		{"grades not descending", func(s *zhifa.AssessmentScheme) { s.Good = 95 }, zhifa.EINVALID, ""},
		{"no indicators", func(s *zhifa.AssessmentScheme) { s.Indicators = nil }, zhifa.EINVALID, ""},
		{"survey without marks", func(s *zhifa.AssessmentScheme) {
			s.Indicators[0].Points, s.Indicators[1].Points = 100, 0
		}, zhifa.EGATE, RuleAssessment},
		{"three systems left out", func(s *zhifa.AssessmentScheme) {
			s.Indicators[0].Key = "training"
		}, zhifa.EGATE, RuleThreeSystems},
	} {
		s := valid()
		tc.change(s)
		err := CheckAssessmentScheme(s, three)
		if zhifa.ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
		if tc.rule != "" && (err == nil || err.(*zhifa.Error).Rule != tc.rule) {
			t.Errorf("%s: %v, want rule %s", tc.name, err, tc.rule)
		}
	}
}
