package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/workday"
)

// Case warnings (预警, REQUIREMENTS H4 early-warning supervision) of legal review (E5), filing
// (F6) and transfer (G3): the review clocks due soon or overdue, the filings made after
// their deadline and not yet reviewed, and the transfer clocks overdue. Scope: everyone
// sees the cases of the agencies in their scope (officers, heads, reviewers: their
// agency's subtree; supervisors: every agency of their government); a reviewer also
// sees the review clocks of pooled cases of other agencies assigned to them (E2).

// Case warning kinds.
const (
	// WarnReviewDueSoon: a pending legal review with at most law.DueSoonWorkdays working
	// days left of the agency's review time limit (default law.ReviewDays, E5).
	WarnReviewDueSoon = "review_due_soon"
	// WarnReviewOverdue: a pending legal review past its time limit.
	WarnReviewOverdue = "review_overdue"
	// WarnFilingLate: a decision filed after the filing deadline (F6) whose filing the
	// justice bureau has not yet marked 已审查.
	WarnFilingLate = "filing_late"
	// WarnTransferOverdue: a transfer clock past its limit: the head's decision (移送规定
	// 第五条第二款, 3 days), the handover (24 hours), the receiving organ's decision (第八条)
	// or the handover of the items (第十二条).
	WarnTransferOverdue = "transfer_overdue"
)

// caseWarningClocks are the transfer clocks an overdue of which is warned about. The
// reconsideration period (第九条第一款) is a right of the agency, not a duty: it lapses
// without a warning.
var caseWarningClocks = []zhifa.ClockKind{zhifa.ClockTransferDecision, zhifa.ClockTransferHandover, zhifa.ClockTransferReply,
	zhifa.ClockTransferItems}

// CaseWarnings lists the case warnings in the actor's scope at the app's clock: review
// clocks due soon or overdue, late filings awaiting review and overdue transfer clocks,
// most urgent first within each kind.
func (a *App) CaseWarnings(ctx context.Context) ([]Warning, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	cal, err := a.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	now := a.now()
	today := zhifa.DateOf(now)
	// A running clock due by the end of the due-soon window makes the case's NextDue fall
	// in it (law.NextDue), so the cases to look at are one indexed filter.
	soon, _ := cal.AddWorkdays(today, law.DueSoonWorkdays)
	out := []Warning{}
	err = a.read(ctx, func(tx zhifa.Tx) error {
		// The review clocks due by the end of the window and the transfer clocks past
		// their day, from the index of running clocks (case_clocks): the cases read are
		// the cases warned about, however many cases the scope holds (issue #11).
		ids, err := tx.CasesWithClocksDue(ctx, actor.ScopePath,
			zhifa.ClocksDue{Kinds: []zhifa.ClockKind{zhifa.ClockReview}, To: soon},
			zhifa.ClocksDue{Kinds: caseWarningClocks, To: today})
		if err != nil {
			return err
		}
		cases, err := tx.CasesByIDs(ctx, ids)
		if err != nil {
			return err
		}
		// The agencies are named once, for the rows warned about: never every agency in
		// scope (a province has thousands) nor one read a row (issue 11).
		seen := map[int64]bool{}
		var warned []Warning
		for _, c := range cases {
			seen[c.ID] = true
			warned = append(warned, caseClockWarnings(cal, now, c, "", true)...)
		}
		// Pooled cases of other agencies whose review is assigned to the actor (E2).
		if actor.Role == zhifa.RoleReviewer && actor.UserID > 0 {
			rounds, err := tx.ReviewQueue(ctx, actor.UserID, zhifa.ReviewPending)
			if err != nil {
				return err
			}
			var pooled []int64
			for _, r := range rounds {
				if !seen[r.CaseID] {
					seen[r.CaseID] = true
					pooled = append(pooled, r.CaseID)
				}
			}
			cases, err := tx.CasesByIDs(ctx, pooled)
			if err != nil {
				return err
			}
			for _, c := range cases {
				// A case in scope not seen has no clock due soon; one out of scope gives its
				// review clock only, never the agency's transfers.
				warned = append(warned, caseClockWarnings(cal, now, c, "", false)...)
			}
		}
		// Late filings not yet reviewed: one index range (filings_late); the reviewed
		// ones, which accumulate over the years, are not read.
		late, _, err := tx.Filings(ctx, zhifa.FilingFilter{UnderPath: actor.ScopePath, Late: true, Unreviewed: true,
			Page: zhifa.Page{Limit: maxLateFilingWarnings}})
		if err != nil {
			return err
		}
		for _, f := range late {
			state := "待审查"
			if f.Status == zhifa.FilingCorrection {
				state = "已责令纠正，待复查"
			}
			warned = append(warned, Warning{Kind: WarnFilingLate, AgencyID: f.AgencyID, CaseID: f.CaseID,
				CaseNumber: f.CaseNumber, Rule: law.RuleFiling,
				Message: fmt.Sprintf("%s决定应于%s前备案，%s才备案，逾期%d日（%s）", f.Kind.Label(), f.Due.Chinese(),
					zhifa.DateOf(f.FiledAt).Chinese(), daysBetween(f.Due, zhifa.DateOf(f.FiledAt)), state)})
		}
		if err := nameAgencies(ctx, tx, warned); err != nil {
			return err
		}
		out = append(out, warned...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	publish, err := a.publicityWarnings(ctx) // overdue publications (app/publicity, issue 13)
	if err != nil {
		return nil, err
	}
	out = append(out, publish...)
	order := map[string]int{WarnReviewOverdue: 0, WarnTransferOverdue: 1, WarnReviewDueSoon: 2, WarnFilingLate: 3, WarnPublishOverdue: 4, WarnAnnualReport: 5}
	slices.SortStableFunc(out, func(x, y Warning) int {
		return cmp.Or(cmp.Compare(order[x.Kind], order[y.Kind]), cmp.Compare(x.CaseNumber, y.CaseNumber))
	})
	return out, nil
}

// maxLateFilingWarnings bounds the late-filing warnings listed at once (the store's
// page limit); the filings page lists them all.
const maxLateFilingWarnings = 500

// caseClockWarnings are the warnings of c's review clock and, when transfers is set, of
// its transfer clocks, at now.
func caseClockWarnings(cal *workday.Calendar, now time.Time, c *zhifa.Case, agency string, transfers bool) []Warning {
	var out []Warning
	w := Warning{AgencyID: c.AgencyID, Agency: agency, CaseID: c.ID, CaseNumber: c.Number}
	if cl := c.Clock(zhifa.ClockReview); cl != nil && c.State.Review != nil && c.State.Review.Status == zhifa.ReviewPending {
		switch law.ClockStatusAt(cal, now, *cl) {
		case law.ClockOverdue:
			w.Kind, w.Rule = WarnReviewOverdue, cl.Rule
			w.Message = fmt.Sprintf("法制审核（第%d轮）应于%s前出具审核意见，已逾期%d日", c.State.Review.Round, cl.Due.Chinese(),
				daysBetween(cl.Due, zhifa.DateOf(now)))
			out = append(out, w)
		case law.ClockDueSoon:
			left, _ := cal.WorkdaysBetween(zhifa.DateOf(now), cl.Due)
			w.Kind, w.Rule = WarnReviewDueSoon, cl.Rule
			w.Message = fmt.Sprintf("法制审核（第%d轮）应于%s前出具审核意见，剩余%d个工作日", c.State.Review.Round, cl.Due.Chinese(), left)
			out = append(out, w)
		}
		if len(out) > 0 && cl.Provisional {
			out[0].Message += "（期限按暂定日历计算，请导入新年度节假日安排）"
		}
	}
	if !transfers {
		return out
	}
	for _, cl := range c.Clocks {
		if !slices.Contains(caseWarningClocks, cl.Kind) || law.ClockStatusAt(cal, now, cl) != law.ClockOverdue {
			continue
		}
		w.Kind, w.Rule = WarnTransferOverdue, cl.Rule
		due := cl.Due.Chinese()
		late := fmt.Sprintf("已逾期%d日", daysBetween(cl.Due, zhifa.DateOf(now)))
		if cl.DueAt != nil {
			due = cl.DueAt.In(zhifa.CST).Format("2006-01-02 15:04")
			late = "已逾期" + overdueSpan(now.Sub(*cl.DueAt))
		}
		switch cl.Kind {
		case zhifa.ClockTransferDecision:
			w.Message = "负责人应自接到移送报告之日起3日内作出批准或者不批准移送的决定"
		case zhifa.ClockTransferHandover:
			w.Message = "批准移送后应在24小时内向受移送机关移送"
		case zhifa.ClockTransferReply:
			w.Message = "受移送机关应在3日内作出立案或者不予立案的决定，可以建议人民检察院依法进行立案监督"
		case zhifa.ClockTransferItems:
			w.Message = "应自接到立案通知书之日起3日内移交涉案物品以及有关材料"
		}
		w.Message = fmt.Sprintf("%s：%s，期限至%s，%s", cl.Kind.Label(), w.Message, due, late)
		out = append(out, w)
	}
	return out
}

// overdueSpan says how long past an hour clock's instant d is: in days and hours from a
// day on, else in hours and minutes (kernel.OverdueBy).
func overdueSpan(d time.Duration) string {
	if d < 24*time.Hour {
		return kernel.OverdueBy(d)
	}
	h := int(d.Hours())
	return fmt.Sprintf("%d日%d小时", h/24, h%24)
}

// daysBetween is the number of calendar days from a to b (0 when b is not after a).
func daysBetween(a, b zhifa.Date) int {
	return max(0, int(b.Time().Sub(a.Time()).Hours()/24+0.5))
}
