package law

import (
	"math"

	"zhifa"
)

// The assessment of agencies (评议考核, REQUIREMENTS F2): scoring an indicator, the grade
// of a total, the self-check's deadline, and the bounds a scheme must keep.

// Sources cited by the assessment rules.
const (
	// RuleAssessment: the assessment is public and fair, hears the public's opinion, and
	// the agencies check themselves each year end (003 §4, quoting 国发〔2004〕10号).
	RuleAssessment = "国务院《全面推进依法行政实施纲要》（国发〔2004〕10号）：建立公开、公平、公正的评议考核制，评议考核应当听取公众的意见"
	RuleSelfCheck  = "《关于进一步深化和完善行政执法责任制工作的若干意见》第四部分：各行政执法部门每年年底要将本单位推行行政执法责任制的情况进行一次自查"
	// RuleThreeSystems: the three systems' compliance is an assessment indicator with a
	// real weight (002 第（七）项).
	RuleThreeSystems = "东港市提升行政执法质量三年行动具体举措第（七）项：将行政执法“三项制度”落实情况纳入法治建设考核指标体系，加大考核权重"
)

// Grades of an assessment.
const (
	AssessExcellent = "优秀"
	AssessGood      = "良好"
	AssessPass      = "合格"
	AssessFail      = "不合格"
)

// AssessmentFullMarks is the total of a scheme's indicators: a result reads as a score
// out of 100.
const AssessmentFullMarks = 100.0

// IndicatorPoints maps an indicator's rate to its marks: none at Zero or worse, full at
// Full or better, linear between, rounded to 0.01. Zero above Full scores a rate where
// lower is better. A figure with nothing to count (den 0) earns full marks: nothing in it
// went wrong.
func IndicatorPoints(ind zhifa.AssessmentIndicator, num, den float64) (rate, points float64, noData bool) {
	if den <= 0 {
		return 0, ind.Points, true
	}
	rate = num / den
	if ind.Zero == ind.Full {
		return rate, ind.Points, false
	}
	share := (rate - ind.Zero) / (ind.Full - ind.Zero)
	share = math.Max(0, math.Min(1, share))
	return rate, Round2(ind.Points * share), false
}

// Round2 rounds marks to two decimals.
func Round2(x float64) float64 { return math.Round(x*100) / 100 }

// AssessmentGrade is the grade of a total under the scheme's thresholds.
func AssessmentGrade(s *zhifa.AssessmentScheme, total float64) string {
	switch {
	case total >= s.Excellent:
		return AssessExcellent
	case total >= s.Good:
		return AssessGood
	case total >= s.Pass:
		return AssessPass
	}
	return AssessFail
}

// SelfCheckDue is the last day of a year's self-check: the year's end (RuleSelfCheck).
func SelfCheckDue(year int) zhifa.Date {
	return zhifa.Date{Year: year, Month: 12, Day: 31}
}

// CheckSelfCheckDate refuses a self-check filed before the last quarter of its year or
// after the year it reports on is long over: the report is a year-end review of the
// year (RuleSelfCheck), filed from 1 October to the end of the following January.
func CheckSelfCheckDate(year int, day zhifa.Date) error {
	from := zhifa.Date{Year: year, Month: 10, Day: 1}
	until := zhifa.Date{Year: year + 1, Month: 1, Day: 31}
	if day.Before(from) || until.Before(day) {
		return Gate(RuleSelfCheck, "年度自查报告应当在当年年底前后提交（当年10月1日至次年1月31日）")
	}
	return nil
}

// CheckAssessmentScheme checks a scheme's bounds: at least one indicator, unique keys,
// marks that add up to the full marks, rates between 0 and 1, and grade thresholds that
// descend within the full marks. The public-opinion survey must carry marks
// (RuleAssessment) and so must the three systems' indicators (RuleThreeSystems). Field
// errors name the indicator.
func CheckAssessmentScheme(s *zhifa.AssessmentScheme, threeSystems []string) error {
	fields := map[string]string{}
	if len(s.Indicators) == 0 {
		fields["indicators"] = "请至少设置一项考核指标"
	}
	seen := map[string]bool{}
	sum := 0.0
	for _, ind := range s.Indicators {
		switch {
		case seen[ind.Key]:
			fields["indicators"] = "考核指标重复：" + ind.Name
		case ind.Points < 0 || ind.Points > AssessmentFullMarks:
			fields["indicators"] = "分值应在0至100之间：" + ind.Name
		case ind.Zero < 0 || ind.Zero > 1 || ind.Full < 0 || ind.Full > 1:
			fields["indicators"] = "计分区间应在0%至100%之间：" + ind.Name
		}
		seen[ind.Key] = true
		sum += ind.Points
	}
	if len(s.Indicators) > 0 && math.Abs(sum-AssessmentFullMarks) > 0.001 {
		fields["indicators"] = "各项指标分值合计应为100分"
	}
	if !(s.Excellent <= AssessmentFullMarks && s.Good < s.Excellent && s.Pass < s.Good && s.Pass > 0) {
		fields["grades"] = "等次分数线应为：优秀＞良好＞合格＞0，且不超过100分"
	}
	if len(fields) > 0 {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "考核方案有误", Fields: fields}
	}
	if ind := s.Indicator(string(zhifa.InputSurvey)); ind == nil || ind.Points <= 0 {
		return Gate(RuleAssessment, "考核方案应当包含群众满意度测评并赋予分值")
	}
	for _, key := range threeSystems {
		if ind := s.Indicator(key); ind == nil || ind.Points <= 0 {
			return Gate(RuleThreeSystems, "考核方案应当包含行政执法“三项制度”落实情况的指标并赋予分值")
		}
	}
	return nil
}
