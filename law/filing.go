package law

import (
	"zhifa"
	"zhifa/workday"
)

// Filing with the justice bureau (备案审查, REQUIREMENTS F6): major penalty decisions,
// licences and compulsory measures are filed with the justice bureau of the deciding
// agency's government. The seeds (002 §16, 004 §27) set no deadline; the provincial rules
// on filing major enforcement decisions commonly give 15 days from the decision, which is
// this system's default setting.

// FilingDays is the default filing deadline in days after the decision.
const FilingDays = 15

// RuleFiling cites the filing duty and the deadline setting.
const RuleFiling = "东港市提升行政执法质量三年行动具体举措第（十六）项（重大行政处罚决定备案审查）；备案期限为本系统默认设置：作出决定之日起15日（省级重大行政执法决定备案办法的通行规定）"

// FilingDue is the last day to file a decision made on decided: FilingDays later, moved
// past a rest day (RuleDayCount).
func FilingDue(cal *workday.Calendar, decided zhifa.Date) Due {
	return dayDue(cal, decided, FilingDays)
}

// FilingKindOf tells whether the step files the case, and as what: the decision of a
// major penalty case (major from Major, E3) or a compulsory measure when it is taken
// (seize). Summary decisions are on-the-spot penalties within Art. 51's caps, never major.
func FilingKindOf(c *zhifa.Case, action zhifa.Action, major bool) (zhifa.FilingKind, bool) {
	switch {
	case action == zhifa.ActDecide && c.Kind == zhifa.CasePenalty && major:
		return zhifa.FilingPenalty, true
	case action == zhifa.ActSeize && c.Kind == zhifa.CaseCompulsory:
		return zhifa.FilingCompulsory, true
	}
	return "", false
}
