package law

import (
	"testing"

	"zhifa"
)

// findings gives a finding on every review point, those in wanting found wanting.
func findings(wanting ...string) []zhifa.ReviewFinding {
	var out []zhifa.ReviewFinding
	for _, p := range ReviewPoints {
		f := zhifa.ReviewFinding{Point: p, OK: true}
		for _, w := range wanting {
			if w == p {
				f.OK, f.Note = false, "证据不足"
			}
		}
		out = append(out, f)
	}
	return out
}

// The opinion follows the reviewer's own findings on the ten points (国办发〔2018〕118号（十三）).
func TestCheckOpinion(t *testing.T) {
	problem := []zhifa.ReviewProblem{{Point: PointEvidence, Text: "缺少抽样检验报告"}}
	for _, tc := range []struct {
		name     string
		findings []zhifa.ReviewFinding
		opinion  string
		problems []zhifa.ReviewProblem
		field    string // "" for accepted
	}{
		{"agree, every point passes", findings(), OpinionAgree, nil, ""},
		{"agree with a point found wanting", findings(PointEvidence), OpinionAgree, nil, "opinion"},
		{"agree listing a problem", findings(), OpinionAgree, problem, "opinion"},
		{"problems, a point found wanting", findings(PointEvidence), OpinionProblems, problem, ""},
		{"problems without a point found wanting", findings(), OpinionProblems, []zhifa.ReviewProblem{{Text: "理由不充分"}}, "opinion"},
		{"a problem naming a point found sound", findings(PointFacts), OpinionProblems, problem, "problems[0].point"},
		{"problems without listing them", findings(PointEvidence), OpinionProblems, nil, "problems"},
		{"a point without a finding", findings()[:9], OpinionAgree, nil, "findings"},
		{"a wanting point without its note", []zhifa.ReviewFinding{{Point: PointAgency}}, OpinionProblems, problem, "findings[0].note"},
		{"no opinion", findings(), "", nil, "opinion"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckOpinion(tc.findings, tc.opinion, "经审核，意见如下。", tc.problems)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if zhifa.ErrorCode(err) != zhifa.EINVALID || zhifa.ErrorFields(err)[tc.field] == "" {
				t.Errorf("error %v (fields %v), want EINVALID on %s", err, zhifa.ErrorFields(err), tc.field)
			}
		})
	}
}
