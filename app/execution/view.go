package execution

import (
	"context"
	"fmt"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/workday"
)

// PaymentView is the execution of a case's decision as the case page and
// GET /api/v1/cases/{id} show it (`payment`): the deadline, what was paid, what is
// outstanding and the late fee with the days counted.
type PaymentView struct {
	Due            zhifa.Date  `json:"due"`
	OriginalDue    zhifa.Date  `json:"original_due"`
	ServedOn       zhifa.Date  `json:"served_on"`
	Reference      string      `json:"reference"`
	Payee          zhifa.Payee `json:"payee"`
	FineFen        int64       `json:"fine_fen"`
	ConfiscateFen  int64       `json:"confiscate_fen"`
	PrincipalFen   int64       `json:"principal_fen"`
	PaidFen        int64       `json:"paid_fen"`
	OutstandingFen int64       `json:"outstanding_fen"`
	LateFeeFen     int64       `json:"late_fee_fen"`
	LateFeeDays    int         `json:"late_fee_days"`
	SettledOn      zhifa.Date  `json:"settled_on,omitempty"`
	Overdue        bool        `json:"overdue"`
	// Basis is what the execution rests on now (law.ExecutionBasis), "" while it rests on
	// nothing.
	Basis      string               `json:"basis,omitempty"`
	BasisLabel string               `json:"basis_label,omitempty"`
	Execution  zhifa.ExecutionState `json:"execution"`
	Next       *zhifa.Instalment    `json:"next_instalment,omitempty"`
	Payments   []zhifa.Payment      `json:"payments"`
	CourtFrom  zhifa.Date           `json:"court_from,omitempty"`
	CourtLast  zhifa.Date           `json:"court_last,omitempty"`
	Version    int                  `json:"version"`
	// Acts are the execution acts open now that the reader may take (ActInput.Act), for
	// the forms of the case page: deciding a deferral only for whom kernel.MayApprove.
	Acts []string `json:"acts"`
}

// Payment returns the execution of the case's decision, nil when the decision created no
// payment obligation.
func (s *Service) Payment(ctx context.Context, caseID int64) (*PaymentView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var v *PaymentView
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, _, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		o, err := tx.Obligation(ctx, caseID)
		if isNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		v, err = s.view(ctx, tx, cal, c, o)
		return err
	})
	return v, err
}

// view is the payment view of o; cal is read before the transaction (Calendar reads in
// its own).
func (s *Service) view(ctx context.Context, tx zhifa.Tx, cal *workday.Calendar, c *zhifa.Case, o *zhifa.Obligation) (*PaymentView, error) {
	payments, err := tx.Payments(ctx, o.CaseID)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	a := Compute(o, payments, today)
	v := &PaymentView{Due: a.Due, OriginalDue: law.PaymentDue(cal, o.ServedOn).Date, ServedOn: o.ServedOn, Reference: o.Reference, Payee: o.Payee,
		FineFen: o.FineFen, ConfiscateFen: o.ConfiscateFen, PrincipalFen: a.PrincipalFen, PaidFen: a.PaidFen,
		OutstandingFen: a.OutstandingFen, LateFeeFen: a.LateFeeFen, LateFeeDays: a.LateFeeDays, SettledOn: a.SettledOn,
		Overdue: a.OutstandingFen > 0 && today.After(a.Due), Execution: o.Exec, Next: a.NextInstalment, Payments: payments,
		Version: o.Version}
	if v.Payments == nil {
		v.Payments = []zhifa.Payment{}
	}
	basis, err := law.ExecutionBasis(executionFacts(o, a))
	if err == nil {
		v.Basis, v.BasisLabel = basis, law.BasisLabel(basis)
	}
	if o.Exec.Reminder != nil {
		from, last := courtWindow(cal, c, o)
		v.CourtFrom, v.CourtLast = from, last.Date
	}
	v.Acts = []string{}
	actor := kernel.ActorFrom(ctx)
	if actor.Can(kernel.PermHandleCases) && actor.AgencyID == c.AgencyID {
		for _, act := range openActs(c, o, a, today) {
			if act == ActDecideDeferral {
				if ok, err := s.k.MayApprove(ctx, tx, actor, c.AgencyID, today); err != nil || !ok {
					continue
				}
			}
			v.Acts = append(v.Acts, act)
		}
	}
	return v, nil
}

// Stats are the collection statistics of the agencies in the actor's scope: the rate
// collected and the obligations overdue (for the head's dashboard and supervision).
func (s *Service) Stats(ctx context.Context) ([]CollectionRow, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var rows []zhifa.CollectionStat
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		rows, err = tx.CollectionStats(ctx, actor.ScopePath, s.k.Today())
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]CollectionRow, len(rows))
	for i, r := range rows {
		out[i] = CollectionRow{CollectionStat: r}
		if r.PrincipalFen > 0 {
			out[i].RatePermille = int(min(r.PaidFen, r.PrincipalFen) * 1000 / r.PrincipalFen)
		}
	}
	return out, nil
}

// CollectionRow is one agency's collection with its rate in ‰ (paid principal over
// principal ordered).
type CollectionRow struct {
	zhifa.CollectionStat
	RatePermille int `json:"rate_permille"`
}

// RateText is the rate as a percentage with one decimal ("87.5%").
func (r CollectionRow) RateText() string {
	return itoa(r.RatePermille/10) + "." + itoa(r.RatePermille%10) + "%"
}

// Principal and Paid are the row's amounts in yuan.
func (r CollectionRow) Principal() string { return Yuan(r.PrincipalFen) }

// Paid is the amount paid in yuan.
func (r CollectionRow) Paid() string { return Yuan(r.PaidFen) }

// DocumentLines are what the case's documents state of the execution: payment, for the
// decision (行政处罚法第五十九条第一款第五项、第六十七条), its payment reference (缴款码) and the
// payee account; executed, for the closing approval (结案审批表), what the execution rests
// on (law.ExecutionBasis) and what was paid. Both are "" where nothing applies.
func (s *Service) DocumentLines(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) (payment, executed string, err error) {
	if c.Kind != zhifa.CasePenalty {
		return "", "", nil
	}
	o, err := tx.Obligation(ctx, c.ID)
	switch {
	case isNotFound(err):
		o = nil
	case err != nil:
		return "", "", err
	}
	fine, confiscate := c.State.FineFen, int64(0)
	if p := c.State.Proposal; p != nil {
		confiscate = p.ConfiscateFen
		if fine == 0 {
			fine = p.FineFen
		}
	}
	if fine > 0 || confiscate > 0 {
		payee := zhifa.Payee{}
		if o != nil {
			payee = o.Payee
		} else if p, err := tx.Payee(ctx, c.AgencyID); err == nil {
			payee = *p
		} else if !isNotFound(err) {
			return "", "", err
		}
		payment = "缴款码：" + Reference(c.AgencyID, c.ID)
		if payee.Account != "" {
			payment += "；收款单位：" + payee.Name + "，开户银行：" + payee.Bank + "，账号：" + payee.Account
		}
		payment += "。"
	}
	if c.State.DecidedOn.IsZero() {
		return payment, "", nil
	}
	if o == nil {
		return payment, "执行情况：" + law.BasisLabel(law.BasisNone) + "。", nil
	}
	payments, err := tx.Payments(ctx, c.ID)
	if err != nil {
		return "", "", err
	}
	a := Compute(o, payments, s.k.Today())
	executed = fmt.Sprintf("执行情况：应缴罚没款%s，加处罚款%s，已缴%s", Yuan(a.PrincipalFen), Yuan(a.LateFeeFen), Yuan(a.PaidFen))
	if basis, err := law.ExecutionBasis(executionFacts(o, a)); err == nil {
		executed += "；执行依据：" + law.BasisLabel(basis)
	} else {
		executed += "；尚未执行完毕"
	}
	return payment, executed + "。", nil
}
