package execution

import (
	"context"
	"fmt"
	"strings"

	"zhifa"
	"zhifa/document"
	"zhifa/law"
)

// EnforcementLines are what the reminder, the enforcement decision and the application to
// the court state of the case's execution on today (document.Enforcement): the decision,
// the amounts owed, the reminder and the enforcement decided. Empty before the decision
// is served with an amount to pay.
func (s *Service) EnforcementLines(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) (document.Enforcement, error) {
	var e document.Enforcement
	if c.Kind != zhifa.CasePenalty {
		return e, nil
	}
	o, err := tx.Obligation(ctx, c.ID)
	if isNotFound(err) {
		return e, nil
	}
	if err != nil {
		return e, err
	}
	docs, err := tx.Documents(ctx, c.ID)
	if err != nil {
		return e, err
	}
	number := ""
	for _, d := range docs {
		if d.Type == zhifa.DocPenaltyDecision && d.State != zhifa.DocDraft {
			number = d.Number // the latest issued (a correction comes later)
		}
	}
	e.Decision = fmt.Sprintf("本机关于%s作出%s行政处罚决定书，于%s送达你（单位）", c.State.DecidedOn.Chinese(), number, o.ServedOn.Chinese())
	payments, err := tx.Payments(ctx, c.ID)
	if err != nil {
		return e, err
	}
	today := s.k.Today()
	a := Compute(o, payments, today)
	var parts []string
	if o.FineFen > 0 {
		parts = append(parts, "罚款"+Yuan(o.FineFen))
	}
	if o.ConfiscateFen > 0 {
		parts = append(parts, "没收违法所得（没收非法财物的价款）"+Yuan(o.ConfiscateFen))
	}
	e.Amounts = fmt.Sprintf("应缴%s；截至%s，加处罚款%s（计%d日），已缴%s，尚欠%s。", strings.Join(parts, "、"), today.Chinese(),
		Yuan(a.LateFeeFen), a.LateFeeDays, Yuan(a.PaidFen), Yuan(a.OutstandingFen))
	if r := o.Exec.Reminder; r != nil {
		e.Reminder = "本机关于" + r.ServedOn.Chinese() + "向你（单位）送达催告书"
		if r.Statement != "" {
			e.Reminder += "；当事人陈述申辩：" + r.Statement + "；本机关复核意见：" + r.Response
		} else {
			e.Reminder += "，当事人未提出陈述申辩"
		}
	}
	if x := o.Exec.Enforcement; x != nil {
		e.Method = law.EnforceMethodLabel(x.Method) + "，依据：" + x.Basis
	}
	return e, nil
}
