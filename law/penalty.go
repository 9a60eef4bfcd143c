package law

import (
	"fmt"

	"zhifa"
	"zhifa/workday"
)

// Rules of the Administrative Penalty Law (行政处罚法, 2021 revision). Each constant and
// function cites its article; the texts are in the statute library (statute.Lookup("行政处罚法")).
const (
	// MinOfficers is the least number of officers that act in a penalty case (Art. 42:
	// 执法人员不得少于两人，法律另有规定的除外).
	MinOfficers = 2
	// SummaryMaxFinePerson and SummaryMaxFineOrg cap on-the-spot penalties, in yuan
	// (Art. 51: 对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告).
	SummaryMaxFinePerson = 200
	SummaryMaxFineOrg    = 3000
	// LimitationYears and LimitationYearsHarm are the periods after which an undiscovered
	// violation is no longer penalized (Art. 36: 二年; 涉及公民生命健康安全、金融安全且有危害后果的 五年).
	LimitationYears     = 2
	LimitationYearsHarm = 5
	// DecisionDays is the period from filing to decision, in calendar days (Art. 60: 九十日).
	DecisionDays = 90
	// ServiceDays is the period to serve a decision on an absent party, in working days
	// (Art. 61: 七日, which Art. 85 makes working days).
	ServiceDays = 7
	// HearingRequestDays is the period a party has to ask for a hearing after the notice, in
	// working days (Art. 64(一): 告知后五日内; Art. 85).
	HearingRequestDays = 5
	// HearingNoticeDays is how long before the hearing the party is told of it, in working
	// days (Art. 64(二): 举行听证的七日前; Art. 85).
	HearingNoticeDays = 7
)

// Article citations used in gate messages.
const (
	RuleTwoOfficers = "行政处罚法第四十二条"
	RuleSummary     = "行政处罚法第五十一条"
	RuleLimitation  = "行政处罚法第三十六条"
	RuleDecision    = "行政处罚法第六十条"
	RuleService     = "行政处罚法第六十一条"
	RuleHearing     = "行政处罚法第六十四条"
	RuleWorkdays    = "行政处罚法第八十五条"
)

// PartyKind distinguishes a citizen from an organization, for the limits that differ.
type PartyKind string

// Party kinds.
const (
	PartyPerson PartyKind = "person" // 公民
	PartyOrg    PartyKind = "org"    // 法人或者其他组织
)

// SummaryAllowed checks that a penalty may be decided on the spot (简易程序, Art. 51): a
// warning, or a fine of at most 200 yuan for a citizen or 3,000 yuan for an organization.
// fineFen is the fine in fen (分), so that amounts are exact.
func SummaryAllowed(party PartyKind, fineFen int64, warningOnly bool) error {
	if warningOnly && fineFen == 0 {
		return nil
	}
	limit := int64(SummaryMaxFinePerson)
	who := "公民"
	if party == PartyOrg {
		limit, who = SummaryMaxFineOrg, "法人或者其他组织"
	}
	if fineFen < 0 {
		return Gate(RuleSummary, "罚款金额不能为负数")
	}
	if fineFen > limit*100 {
		return Gate(RuleSummary, fmt.Sprintf("对%s当场处以罚款不得超过%d元，本案拟罚款%s元，应当适用普通程序", who, limit, Yuan(fineFen)))
	}
	return nil
}

// Yuan formats an amount in fen as yuan, e.g. 12345 → "123.45", 20000 → "200".
func Yuan(fen int64) string {
	if fen%100 == 0 {
		return fmt.Sprint(fen / 100)
	}
	return fmt.Sprintf("%d.%02d", fen/100, abs(fen%100))
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// LimitationEnds is the last day on which a violation that ended on `ended` can still be
// discovered and penalized (Art. 36: the period runs from the day the violation happened,
// or for a continuing violation from the day it ended; 二年, or 五年 where citizens' life,
// health or financial safety was harmed).
//
// The years end on the corresponding day, or on the month's last day when there is none
// (民法典第二百零二条: a violation on 29 February 2024 is time-barred after 28 February
// 2026, not 1 March). The end does not roll over rest days (民法典第二百零三条): 发现 is not
// an act someone must do within the period, and rolling would lengthen the agency's power
// to punish at the party's expense.
func LimitationEnds(ended zhifa.Date, harm bool) zhifa.Date {
	years := LimitationYears
	if harm {
		years = LimitationYearsHarm
	}
	return AddYears(ended, years)
}

// CheckLimitation refuses to open a case for a violation discovered after its limitation
// period (Art. 36), unless a law-based reason (法律另有规定) is recorded.
func CheckLimitation(ended, discovered zhifa.Date, harm bool, lawReason string) error {
	if lawReason != "" {
		return nil
	}
	end := LimitationEnds(ended, harm)
	if discovered.After(end) {
		years := LimitationYears
		if harm {
			years = LimitationYearsHarm
		}
		return Gate(RuleLimitation, fmt.Sprintf("违法行为终了于%s，%d年内未被发现（追责期限至%s），不再给予行政处罚；如法律另有规定，请记录依据", ended.Chinese(), years, end.Chinese()))
	}
	return nil
}

// CheckOfficers requires at least two officers whose certificates are valid on day and
// cover the domain (Art. 42; REQUIREMENTS A2 持证上岗). certs maps each officer's name to
// the certificate that would let them act; a missing entry means none.
func CheckOfficers(day zhifa.Date, domain string, officers []string, certs map[string]*zhifa.Certificate) error {
	qualified := 0
	var problems []string
	for _, name := range officers {
		c := certs[name]
		switch {
		case c == nil:
			problems = append(problems, name+"无执法证件")
		case c.StateOn(day) != zhifa.CertValid:
			problems = append(problems, name+"的执法证件"+c.StateOn(day).Label())
		case domain != "" && !contains(c.Domains, domain):
			problems = append(problems, name+"的执法证件不含“"+domain+"”领域")
		default:
			qualified++
		}
	}
	if len(problems) > 0 {
		return Gate(RuleTwoOfficers, "执法人员资格不符："+join(problems))
	}
	if qualified < MinOfficers {
		return Gate(RuleTwoOfficers, fmt.Sprintf("执法人员不得少于%d人，当前%d人持有效证件", MinOfficers, qualified))
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func join(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += "；"
		}
		out += s
	}
	return out
}

// Due is a deadline and whether the calendar behind it was provisional.
type Due struct {
	Date        zhifa.Date `json:"date"`
	Provisional bool       `json:"provisional"`
}

// DecisionDue is the last day to decide a case filed on filed (Art. 60: 九十日, calendar
// days from the filing; a period whose last day is a holiday ends on the next working day).
func DecisionDue(cal *workday.Calendar, filed zhifa.Date) Due {
	return CalendarDue(cal, filed, DecisionDays)
}

// ServiceDue is the last day to serve a decision announced on decided to an absent party
// (Art. 61: 七日; working days per Art. 85).
func ServiceDue(cal *workday.Calendar, decided zhifa.Date) Due {
	d, prov := cal.AddWorkdays(decided, ServiceDays)
	return Due{d, prov}
}

// HearingRequestDue is the last day for the party to ask for a hearing after the notice was
// served on served (Art. 64(一): 五日; working days per Art. 85).
func HearingRequestDue(cal *workday.Calendar, served zhifa.Date) Due {
	d, prov := cal.AddWorkdays(served, HearingRequestDays)
	return Due{d, prov}
}

// LatestHearingNotice is the last day on which the party can be told of a hearing held on
// hearing (Art. 64(二): 举行听证的七日前; working days per Art. 85): the hearing must fall
// on or after the seventh working day after the notice.
func LatestHearingNotice(cal *workday.Calendar, hearing zhifa.Date) Due {
	for n := hearing.AddDays(-1); ; n = n.AddDays(-1) {
		if due, prov := cal.AddWorkdays(n, HearingNoticeDays); !due.After(hearing) {
			return Due{n, prov}
		}
	}
}
