package law

import (
	"fmt"
	"strings"

	"zhifa"
	"zhifa/workday"
)

// The summary procedure (简易程序, 行政处罚法第五十二条):
//
//	执法人员当场作出行政处罚决定的，应当向当事人出示执法证件，填写预定格式、编有号码的行政处罚
//	决定书，并当场交付当事人。当事人拒绝签收的，应当在行政处罚决定书上注明。
//	……
//	执法人员当场作出的行政处罚决定，应当报所属行政机关备案。
//
// and, as for every penalty, 第四十四条: the party is told the facts, grounds and basis and
// the right to state and defend before the decision.

// Citations of the summary-procedure rules.
const (
	RuleSummaryRecord   = "行政处罚法第五十二条第一款、第四十四条"
	RuleSummaryHandover = "行政处罚法第五十二条第一款（当场交付）"
	RuleSummaryFiling   = "行政处罚法第五十二条第三款（报所属行政机关备案）；本机关备案期限规定"
)

// SummaryFilingDays is the default deadline, in working days from the decision, for filing
// a summary decision with the agency. 第五十二条第三款 sets no period; the agency sets it
// (Agency.SummaryFilingDays). The default follows the statute's own period for what
// officers bring back to the agency from the spot: on-the-spot fines are handed to the
// agency within 二日 (第七十一条), and 第八十五条 makes 二日 two working days.
const SummaryFilingDays = 2

// MaxSummaryFilingDays bounds an agency's deadline: filing is a report of a decision
// already made, not a review, and a month is the longest any agency rule we know gives.
const MaxSummaryFilingDays = 30

// CheckSummaryRecord checks the record of a summary decision (第五十二条第一款, 第四十四条):
// the certificates shown, the party informed, and what the party said recorded.
func CheckSummaryRecord(r *zhifa.SummaryRecord) error {
	if r == nil {
		return Gate(RuleSummaryRecord, "当场作出行政处罚决定，应当记录出示执法证件、告知当事人违法事实、处罚理由和依据及陈述申辩权利的情况和当事人的陈述、申辩")
	}
	var missing []string
	if !r.CertificatesShown {
		missing = append(missing, "执法人员未向当事人出示执法证件")
	}
	if !r.Informed {
		missing = append(missing, "未告知当事人违法事实、处罚理由和依据及陈述、申辩权利")
	}
	if strings.TrimSpace(r.Statement) == "" {
		missing = append(missing, "未记录当事人的陈述、申辩（当事人未陈述申辩的，应予注明）")
	}
	if len(missing) > 0 {
		return Gate(RuleSummaryRecord, "不能当场作出行政处罚决定："+strings.Join(missing, "；"))
	}
	return nil
}

// CheckSummaryHandover checks that a summary decision decided on decided is handed to the
// party on the spot (当场交付, 第五十二条第一款): served in person on the day of the
// decision. A refusal to sign is noted on the decision, which is still direct service.
func CheckSummaryHandover(decided, served zhifa.Date, s *zhifa.Service) error {
	if s != nil && s.Method != zhifa.ServeDirect {
		return Gate(RuleSummaryHandover, fmt.Sprintf("当场作出的行政处罚决定书应当当场交付当事人，不能采用%s", s.Method.Label()))
	}
	if served != decided {
		return Gate(RuleSummaryHandover, fmt.Sprintf("当场作出的行政处罚决定书应当于作出决定当日（%s）当场交付当事人", decided.Chinese()))
	}
	return nil
}

// SummaryFilingClock is the clock of filing a summary decision made on decided with the
// agency within days working days (0: SummaryFilingDays).
func SummaryFilingClock(cal *workday.Calendar, decided zhifa.Date, days int) zhifa.Clock {
	if days <= 0 {
		days = SummaryFilingDays
	}
	d, prov := cal.AddWorkdays(decided, days)
	return NewClock(zhifa.ClockSummaryFiling, decided, Due{d, prov}, zhifa.UnitWorkday, days, RuleSummaryFiling)
}

// CheckSummaryFiled gates closing a summary case: its decision was filed with the agency
// (第五十二条第三款).
func CheckSummaryFiled(st *zhifa.CaseState) error {
	if st.SummaryFiledOn.IsZero() {
		return Gate(RuleSummaryFiling, "当场作出的行政处罚决定尚未报所属行政机关备案，备案后方可结案")
	}
	return nil
}
