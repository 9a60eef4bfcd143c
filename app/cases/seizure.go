package cases

import (
	"fmt"
	"slices"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/workday"
)

// Seizure procedure (行政强制法第十八条、第十九条) and registered preservation of evidence
// (行政处罚法第五十六条): what the steps record on the case. The rules are in
// law/seizure.go; the head's approvals (approve_seizure, preserve, end_preservation) are
// Head steps, so approvals.go makes them the head's own act.

// applySeizure records how the seizure was carried out; an emergency seizure without
// the head's approval starts the 24-hour report clock (第十九条). Its instant is now for
// an act of today; a seizure recorded late (补录) counts from the start of its day, so
// that recording late never lengthens the period.
func applySeizure(cal *workday.Calendar, c *zhifa.Case, in kernel.ActionInput, day, today zhifa.Date, facts *law.CaseFacts) string {
	st := &c.State
	rec := *in.Seizure
	// Emergency stays marked only for a seizure on the spot before any approval.
	rec.Emergency = rec.Emergency && (!st.SeizureApproved || day.Before(st.SeizureApprovedOn))
	if rec.PartyPresent {
		rec.Witness = ""
	} else {
		rec.Signed, rec.Refusal = false, ""
	}
	st.Seizure = &rec
	st.SeizedOn = day
	c.Clocks = append(c.Clocks, law.SeizureClock(cal, day))
	if !rec.Emergency || st.SeizureApproved {
		return seizureDetail(&rec)
	}
	at := facts.Now
	if day != today {
		at = day.Time()
	}
	c.Clocks = append(c.Clocks, law.SeizureReportClock(at))
	return "情况紧急，当场实施，须在24小时内报告负责人补办批准手续；" + seizureDetail(&rec)
}

// seizureDetail is the event's summary of the seizure record.
func seizureDetail(r *zhifa.SeizureRecord) string {
	parts := []string{"已当场告知理由、依据和权利救济途径"}
	switch {
	case r.PartyPresent && r.Signed:
		parts = append(parts, "当事人在现场笔录上签名")
	case r.PartyPresent:
		parts = append(parts, "当事人拒绝签名（"+r.Refusal+"）")
	default:
		parts = append(parts, "当事人不到场，见证人"+r.Witness+"签名")
	}
	return strings.Join(parts, "；")
}

// applyApproveSeizure records the head's approval; after an emergency seizure it closes
// the report clock.
func applyApproveSeizure(c *zhifa.Case, day zhifa.Date) string {
	c.State.SeizureApproved, c.State.SeizureApprovedOn = true, day
	if cl := c.Clock(zhifa.ClockSeizureReport); cl != nil {
		cl.Done = true
		return "补办批准手续"
	}
	return "批准实施查封、扣押"
}

// applyPreserve starts a registered preservation and its seven-working-day clock,
// replacing the clock of an earlier one (already decided).
func applyPreserve(cal *workday.Calendar, c *zhifa.Case, in kernel.ActionInput, day zhifa.Date) string {
	c.State.Preservation = &zhifa.Preservation{Items: in.Preservation.Items, On: day}
	c.Clocks = slices.DeleteFunc(c.Clocks, func(cl zhifa.Clock) bool { return cl.Kind == zhifa.ClockPreservation })
	cl := law.PreservationClock(cal, day)
	c.Clocks = append(c.Clocks, cl)
	return fmt.Sprintf("先行登记保存：%s；应于%s前作出处理决定", in.Preservation.Items, cl.Due.Chinese())
}

// applyEndPreservation records the handling decision on the preserved evidence.
func applyEndPreservation(c *zhifa.Case, in kernel.ActionInput, day zhifa.Date) string {
	p := c.State.Preservation
	p.Disposal, p.EndedOn = in.Disposal, day
	if cl := c.Clock(zhifa.ClockPreservation); cl != nil {
		cl.Done = true
	}
	return zhifa.PreservationDisposalLabel(in.Disposal)
}

// measureWarnings are the warnings of an emergency seizure not approved in time and of a
// preservation past its period.
func measureWarnings(clocks []ClockView) []string {
	var out []string
	for _, cl := range clocks {
		if cl.Status != law.ClockOverdue {
			continue
		}
		switch cl.Kind {
		case zhifa.ClockSeizureReport:
			out = append(out, "当场实施的查封、扣押超过24小时未经负责人批准，应当立即解除查封、扣押（"+law.RuleSeizureEmergency+"）")
		case zhifa.ClockPreservation:
			out = append(out, fmt.Sprintf("先行登记保存应于%s前作出处理决定，已逾期，应当解除先行登记保存（%s）", cl.Due.Chinese(), law.RulePreservationDays))
		}
	}
	return out
}
