package law

import (
	"time"

	"zhifa"
)

// Analytic warnings (分析预警, REQUIREMENTS D5, H4): rules that find problems in decided
// cases rather than clocks running out. Each rule is a pure function over the figures
// an aggregate query found; the supervision it serves is 行政处罚法第七十五条第一款
// (监督检查), and each names the article its finding puts in doubt.

// Thresholds of the fine-outlier rule (同案不同罚).
const (
	// OutlierMinPeers is how many other decided fines of the same item and benchmark
	// level there must be before a fine is compared with them: fewer say nothing.
	OutlierMinPeers = 8
	// OutlierFenceNum/OutlierFenceDen is the fence factor (Tukey's 1.5): a fine more
	// than 1.5 interquartile ranges below the first or above the third quartile is
	// far from its peers.
	OutlierFenceNum = 3
	OutlierFenceDen = 2
)

// Thresholds of the repeated-ending rule (一名执法人员反复不予处罚、撤案).
const (
	// RepeatedEndingsThreshold cases ended with 不予行政处罚 or 撤案 by one officer
	// within RepeatedEndingsMonths months are a warning.
	RepeatedEndingsThreshold = 5
	RepeatedEndingsMonths    = 12
)

// Rules cited by the analytic warnings, in the words users read.
const (
	RuleFineOutlier = "《中华人民共和国行政处罚法》第五条第二款：设定和实施行政处罚必须以事实为依据，与违法行为的事实、性质、情节以及社会危害程度相当；" +
		"第三十四条：行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。适用同一裁量基准、同一裁量阶次的罚款明显偏离近三年的同类案件"
	RuleRepeatedEndings = "《中华人民共和国行政处罚法》第七十五条第一款：加强对行政处罚的监督检查。" +
		"同一执法人员12个月内不予行政处罚或撤案的案件达到5件"
)

// The peer group of a decided fine (同案不同罚, issue 14). Like cases are those that applied
// the same discretion benchmark at the same level: a benchmark is issued by one agency
// for its item (行政处罚法第三十四条) and binds the agencies that enforce the item under
// it, so the fines of one issuing agency, item and level are measured against one scale,
// and another agency's benchmark (or no benchmark) is another scale. Only recent
// decisions compare: the window is three years, and of them the newest FinePeerSample,
// enough for the quartiles and a bounded read whatever the number of cases.
const (
	FinePeerYears  = 3
	FinePeerSample = 200
)

// FinePeerScope is the scope of a fine's peers: the agency that issued the benchmark the
// decision applied, or the deciding agency itself when it applied none (its own
// practice is then the only common scale).
func FinePeerScope(benchmarkAgency, caseAgency int64) int64 {
	if benchmarkAgency != 0 {
		return benchmarkAgency
	}
	return caseAgency
}

// FinePeerSince is the first decision day of the peers of a fine decided on day: the
// same day FinePeerYears years before (29 February falls back to 28 February).
func FinePeerSince(day zhifa.Date) zhifa.Date {
	since := zhifa.Date{Year: day.Year - FinePeerYears, Month: day.Month, Day: day.Day}
	if since.Month == time.February && since.Day == 29 && zhifa.DateOf(since.Time()).Day != 29 {
		since.Day = 28
	}
	return since
}

// QuartilePositions are the 0-based positions of the first and third quartiles in n
// sorted values (nearest rank: the ⌈n/4⌉-th and ⌈3n/4⌉-th value), for an aggregate
// query that reads the value at an offset instead of loading all n. n must be positive.
func QuartilePositions(n int) (q1, q3 int) {
	return (n+3)/4 - 1, (3*n+3)/4 - 1
}

// FineOutlier reports whether fine lies outside the fences of its peers' distribution:
// below q1 − 1.5×IQR or above q3 + 1.5×IQR, with at least OutlierMinPeers peers (第五条
// 第二款 过罚相当). It returns the fences the fine was held against (low is not below 0).
func FineOutlier(fine, q1, q3 int64, peers int) (outlier bool, low, high int64) {
	if peers < OutlierMinPeers || q3 < q1 {
		return false, 0, 0
	}
	fence := (q3 - q1) * OutlierFenceNum / OutlierFenceDen
	low, high = max(q1-fence, 0), q3+fence
	return fine < low || fine > high, low, high
}

// RepeatedEndings reports whether count endings by one officer within
// RepeatedEndingsMonths months reach the threshold.
func RepeatedEndings(count int) bool { return count >= RepeatedEndingsThreshold }
