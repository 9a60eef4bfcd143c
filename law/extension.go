package law

import (
	"fmt"

	"zhifa"
)

// Extending the decision period. 行政处罚法第六十条：行政机关应当自行政处罚案件立案之日起九十日内
// 作出行政处罚决定。法律、法规、规章另有规定的，从其规定. The period is extended only within the
// rule that applies to the agency: by default the market-regulation procedure rule's — one
// extension of at most thirty days approved by the head; a further extension only by the
// heads' collective discussion. The agency sets its own rule (Agency.DecisionExtendDays,
// DecisionHeadExtends); every extension records that rule as its basis.

// RuleDecisionExtend cites the extension rule.
const RuleDecisionExtend = "行政处罚法第六十条（本机关办案期限延长规则）"

// DecisionExtension is an agency's rule for extending the decision period.
type DecisionExtension struct {
	// Days is the most one extension may add, in calendar days.
	Days int
	// HeadExtends is how many extensions the head alone may approve; further ones need
	// collective discussion.
	HeadExtends int
}

// DefaultDecisionExtension is the rule of an agency that set none.
var DefaultDecisionExtension = DecisionExtension{Days: 30, HeadExtends: 1}

// Or fills the zero fields of r with the default.
func (r DecisionExtension) Or() DecisionExtension {
	if r.Days <= 0 {
		r.Days = DefaultDecisionExtension.Days
	}
	if r.HeadExtends <= 0 {
		r.HeadExtends = DefaultDecisionExtension.HeadExtends
	}
	return r
}

// Basis is the Chinese statement of the rule, recorded with each extension.
func (r DecisionExtension) Basis() string {
	r = r.Or()
	return fmt.Sprintf("本机关办案期限延长规则：经行政机关负责人批准可延长%d次，每次不超过%d日；再次延长须经负责人集体讨论决定（行政处罚法第六十条）", r.HeadExtends, r.Days)
}

// CheckDecisionExtension checks an extension of days after prior extensions under rule;
// byDiscussion says the heads decided it collectively.
func CheckDecisionExtension(rule DecisionExtension, prior, days int, byDiscussion bool) error {
	rule = rule.Or()
	if days < 1 || days > rule.Days {
		return Gate(RuleDecisionExtend, fmt.Sprintf("每次延长办案期限不得超过%d日", rule.Days))
	}
	if prior >= rule.HeadExtends && !byDiscussion {
		return Gate(RuleDecisionExtend, fmt.Sprintf("办案期限已延长%d次，再次延长须经行政机关负责人集体讨论决定", prior))
	}
	return nil
}

// extendsDecision reports whether an extend step with clock k (input) extends c's
// decision period.
func extendsDecision(c *zhifa.Case, k zhifa.ClockKind) bool {
	return k == zhifa.ClockDecision || (k == "" && c.Kind != zhifa.CaseCompulsory)
}
