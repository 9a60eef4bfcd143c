package zhifa

// ComplaintFinding is what the handling of a complaint about enforcement conduct found
// (行政处罚法第七十五条第二款: the agency examines it and corrects an error it finds):
// given with the final reply, counted by the assessment's complaints-upheld indicator.
type ComplaintFinding string

// Complaint findings.
const (
	FindingUpheld    ComplaintFinding = "upheld"    // 属实（查实）
	FindingPartly    ComplaintFinding = "partly"    // 部分属实
	FindingUnfounded ComplaintFinding = "unfounded" // 不属实
)

// ComplaintFindings lists the findings in the order forms offer them.
var ComplaintFindings = []ComplaintFinding{FindingUpheld, FindingPartly, FindingUnfounded}

// Label is the Chinese name of the finding.
func (f ComplaintFinding) Label() string {
	return map[ComplaintFinding]string{FindingUpheld: "属实", FindingPartly: "部分属实", FindingUnfounded: "不属实"}[f]
}

// Valid reports whether f is a known finding.
func (f ComplaintFinding) Valid() bool { return f.Label() != "" }

// IndComplaintsUpheld is the assessment's indicator of the complaints about an agency's
// enforcement conduct found well-founded (投诉举报查实率; lower is better).
const IndComplaintsUpheld = "complaints_upheld"
