package law

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"

	"zhifa"
)

// Case-file evaluation (案卷评查, REQUIREMENTS F4): the justice bureau samples closed case
// files at least once a year and scores them against a checklist (seed 002 (十九)
// "每年至少集中组织一次行政执法案卷评查活动"). No statute fixes the checklist: the
// default below follows the structure the provinces' 行政执法案卷评查标准 share — a
// hundred points over 执法主体、程序、事实证据、法律适用、裁量、文书、归档, deductions per
// item, and veto items (否决项) that fail a file whatever its score.

// RuleEvalStandard names the standard the scores follow (in refusals and on the portal).
const RuleEvalStandard = "行政执法案卷评查标准"

// Grade thresholds (百分制) of the common standard: 90 points and above 优秀, 70 and
// above 合格, below 70 or any veto item 不合格.
const (
	EvalExcellent = 90
	EvalPass      = 70
	// EvalTotal is the full score of a standard.
	EvalTotal = 100
	// DefaultRectifyDays is the rectification period (working days from the scoring)
	// when the evaluation sets none; MaxRectifyDays bounds what the bureau may set.
	DefaultRectifyDays = 20
	MaxRectifyDays     = 60
	// MaxEvalSample bounds the sample of one evaluation.
	MaxEvalSample = 500
)

// Evaluation grades.
const (
	GradeExcellent = "excellent"
	GradePass      = "pass"
	GradeFail      = "fail"
)

// GradeLabel is the Chinese name of a grade ("" for an unscored file).
func GradeLabel(g string) string {
	switch g {
	case GradeExcellent:
		return "优秀"
	case GradePass:
		return "合格"
	case GradeFail:
		return "不合格"
	}
	return ""
}

// DefaultEvalStandard is the checklist of a bureau that has saved none of its own.
func DefaultEvalStandard() []zhifa.EvalItem {
	return []zhifa.EvalItem{
		{Code: "1", Category: "执法主体", Text: "执法主体合法，在法定职权范围内实施", Points: 6, Veto: true},
		{Code: "2", Category: "执法主体", Text: "执法人员具备执法资格，不少于两人", Points: 4},
		{Code: "3", Category: "执法程序", Text: "立案审批手续完备，立案及时", Points: 5},
		{Code: "4", Category: "执法程序", Text: "调查取证程序合法，出示证件，全过程记录", Points: 6},
		{Code: "5", Category: "执法程序", Text: "依法履行告知义务，保障陈述、申辩和听证权利", Points: 8, Veto: true},
		{Code: "6", Category: "执法程序", Text: "在法定期限内作出决定并送达", Points: 6},
		{Code: "7", Category: "执法程序", Text: "重大执法决定经法制审核、集体讨论", Points: 5},
		{Code: "8", Category: "事实证据", Text: "违法事实清楚，证据确凿充分", Points: 10, Veto: true},
		{Code: "9", Category: "事实证据", Text: "证据收集合法，形式要件齐全", Points: 6},
		{Code: "10", Category: "法律适用", Text: "适用法律、法规、规章准确，引用条款具体", Points: 10, Veto: true},
		{Code: "11", Category: "裁量", Text: "执行裁量基准，裁量理由充分、处罚适当", Points: 10},
		{Code: "12", Category: "执法文书", Text: "文书使用规范，要素齐全，送达回证完整", Points: 10},
		{Code: "13", Category: "执法文书", Text: "文书记载准确，签名、盖章、日期齐全", Points: 6},
		{Code: "14", Category: "立卷归档", Text: "按时立卷归档，卷内材料齐全、排列规范", Points: 8},
	}
}

// CheckEvalStandard checks a checklist a bureau saves: codes unique, every item with a
// category, a text and positive points, and the points summing to EvalTotal.
func CheckEvalStandard(items []zhifa.EvalItem) error {
	if len(items) == 0 {
		return invalid("items", "评查标准至少应有一个评查项目")
	}
	seen := map[string]bool{}
	sum := 0
	for i, it := range items {
		where := fmt.Sprintf("第%d项", i+1)
		switch {
		case it.Code == "" || len([]rune(it.Code)) > 16:
			return invalid("items", where+"的编号应为1至16个字符")
		case seen[it.Code]:
			return invalid("items", where+"的编号"+it.Code+"重复")
		case it.Category == "" || it.Text == "" || len([]rune(it.Text)) > 200 || len([]rune(it.Category)) > 20:
			return invalid("items", where+"应填写类别（20字以内）和评查内容（200字以内）")
		case it.Points <= 0:
			return invalid("items", where+"的分值应大于0")
		}
		seen[it.Code] = true
		sum += it.Points
	}
	if sum != EvalTotal {
		return invalid("items", fmt.Sprintf("各项分值合计应为%d分，现为%d分", EvalTotal, sum))
	}
	return nil
}

// ScoreFile scores one case file: each item's deduction (0 up to its points) and veto
// mark, the remaining score and the grade. A veto may be marked only on a veto item and
// needs a note saying what was found; a deduction needs a note as well.
func ScoreFile(items []zhifa.EvalItem, scores []zhifa.EvalScore) (total int, grade string, err error) {
	byCode := map[string]zhifa.EvalItem{}
	for _, it := range items {
		byCode[it.Code] = it
	}
	seen := map[string]bool{}
	total, vetoed := EvalTotal, false
	for _, s := range scores {
		it, ok := byCode[s.Code]
		switch {
		case !ok:
			return 0, "", invalid("scores", "评查标准中没有编号为"+s.Code+"的项目")
		case seen[s.Code]:
			return 0, "", invalid("scores", "项目"+s.Code+"重复评分")
		case s.Deduct < 0 || s.Deduct > it.Points:
			return 0, "", invalid("scores", fmt.Sprintf("项目%s的扣分应在0至%d分之间", s.Code, it.Points))
		case s.Veto && !it.Veto:
			return 0, "", invalid("scores", "项目"+s.Code+"不是否决项")
		case (s.Deduct > 0 || s.Veto) && s.Note == "":
			return 0, "", invalid("scores", "项目"+s.Code+"扣分或否决的，应写明发现的问题")
		}
		seen[s.Code] = true
		total -= s.Deduct
		vetoed = vetoed || s.Veto
	}
	if len(seen) != len(items) {
		return 0, "", invalid("scores", "请对评查标准的每一项评分")
	}
	return total, Grade(total, vetoed), nil
}

// Grade is the grade of a file with the score, failed outright by a veto item.
func Grade(score int, vetoed bool) string {
	switch {
	case vetoed || score < EvalPass:
		return GradeFail
	case score >= EvalExcellent:
		return GradeExcellent
	}
	return GradePass
}

// NeedsRectification reports whether a scored file is sent back for rectification: any
// deduction or veto (the bureau asks the agency to correct every problem it found).
func NeedsRectification(score int, grade string) bool {
	return grade == GradeFail || score < EvalTotal
}

// SampleAlgorithm describes the draw, published with every evaluation so that anyone
// holding the seed and the list of closed case numbers can redraw the sample.
const SampleAlgorithm = "将范围内已结案件的案号按字典序排列，逐一计算 SHA-256(种子 + \"|\" + 案号)，按所得十六进制值升序排列，取前 k 件"

// SampleKey is the draw order of one case number under the seed.
func SampleKey(seed, number string) string {
	h := sha256.Sum256([]byte(seed + "|" + number))
	return hex.EncodeToString(h[:])
}

// DrawSample returns the k case numbers drawn from numbers under the seed
// (SampleAlgorithm), in draw order. The input order does not matter.
func DrawSample(seed string, numbers []string, k int) []string {
	sorted := append([]string(nil), numbers...)
	sort.Strings(sorted)
	keys := make(map[string]string, len(sorted))
	for _, n := range sorted {
		keys[n] = SampleKey(seed, n)
	}
	sort.SliceStable(sorted, func(i, j int) bool { return keys[sorted[i]] < keys[sorted[j]] })
	if k < len(sorted) {
		sorted = sorted[:k]
	}
	return sorted
}

// invalid is an EINVALID error about one input field.
func invalid(field, msg string) *zhifa.Error {
	return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}
