// Package execution is the bounded context of the execution of decisions (行政处罚法第六章
// 第二节; 行政强制法第四章、第五章): the payment obligation a penalty decision creates when it
// is served, payments from the bank's or treasury's notices and statements, the late fee,
// deferral and instalments approved by the head, on-the-spot collection and its
// remittance, the reminder (催告) and the application to the court, and the closing gate.
// The statutory rules are in law/execution.go; this package enforces them on every path.
// It imports the kernel, never zhifa/app (issue 16).
package execution

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
	"zhifa/workday"
)

// Service runs the use cases of the execution context.
type Service struct {
	k kernel.Kernel
}

// New returns the execution context over the kernel.
func New(k kernel.Kernel) *Service { return &Service{k: k} }

// StageName names the context's stage in the case-step pipeline; its ledger fields are
// prefixed "execution_".
const StageName = "execution"

// Stages are the context's parts of a case step: serving a decision with a fine or a
// confiscation creates the payment obligation; execute and close rest on what the
// execution shows (law.ExecutionBasis).
func (s *Service) Stages() []kernel.Stage {
	return []kernel.Stage{{Name: StageName, Run: s.runStage}}
}

func (s *Service) runStage(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
	if r.Case.Kind != zhifa.CasePenalty {
		return "", nil, nil
	}
	switch r.Action {
	case zhifa.ActServe:
		return s.createObligation(ctx, r)
	case zhifa.ActExecute, zhifa.ActClose:
		return s.executionBasis(ctx, r)
	}
	return "", nil, nil
}

// createObligation creates the obligation of a decision served on r.Day, with the payee
// account of the agency and the payment clock (行政处罚法第六十七条第三款).
func (s *Service) createObligation(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
	c := r.Case
	fine, confiscate := c.State.FineFen, int64(0)
	if p := c.State.Proposal; p != nil {
		confiscate = p.ConfiscateFen
	}
	if fine <= 0 && confiscate <= 0 {
		return "", nil, nil
	}
	payee, err := r.Tx.Payee(ctx, c.AgencyID)
	if err != nil && zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		return "", nil, err
	}
	if payee == nil {
		payee = &zhifa.Payee{}
	}
	clock := law.PaymentClock(r.Cal, r.Day)
	o := &zhifa.Obligation{CaseID: c.ID, AgencyID: c.AgencyID, AgencyPath: r.Agency.Path, FineFen: fine, ConfiscateFen: confiscate,
		Payee: *payee, Reference: Reference(c.AgencyID, c.ID), ServedOn: r.Day, Due: clock.Due, CreatedAt: s.k.Now()}
	if err := r.Tx.CreateObligation(ctx, o); err != nil {
		return "", nil, err
	}
	setClock(c, clock)
	detail := fmt.Sprintf("应缴罚没款%s，缴款码%s，缴款期限至%s", Yuan(o.PrincipalFen()), o.Reference, o.Due.Chinese())
	return detail, map[string]string{"principal_fen": strconv.FormatInt(o.PrincipalFen(), 10), "reference": o.Reference, "due": o.Due.String()}, nil
}

// executionFacts are what the closing gate looks at of an obligation and its account.
func executionFacts(o *zhifa.Obligation, a Account) law.ExecutionFacts {
	x := o.Exec
	return law.ExecutionFacts{HasObligation: true, OutstandingFen: a.OutstandingFen,
		DeferralApproved: x.Deferral != nil && x.Deferral.Approved,
		CourtAccepted:    x.Court != nil && !x.Court.AcceptedOn.IsZero(),
		Ended:            x.Ended != nil}
}

// executionBasis refuses execute and close until the decision is executed, deferred by
// approval, accepted by the court or terminated by law, and records which on the step.
func (s *Service) executionBasis(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
	f := law.ExecutionFacts{}
	o, err := r.Tx.Obligation(ctx, r.Case.ID)
	switch {
	case zhifa.ErrorCode(err) == zhifa.ENOTFOUND:
	case err != nil:
		return "", nil, err
	default:
		payments, err := r.Tx.Payments(ctx, o.CaseID)
		if err != nil {
			return "", nil, err
		}
		f = executionFacts(o, Compute(o, payments, r.Day))
	}
	basis, err := law.ExecutionBasis(f)
	if err != nil {
		return "", nil, err
	}
	return "执行依据：" + law.BasisLabel(basis), map[string]string{"basis": basis}, nil
}

// Reference is the payment reference (缴款码) of a case: the agency and case IDs and two
// check digits (ISO 7064 MOD 97-10), so that a mistyped reference is refused rather than
// credited to another case.
func Reference(agencyID, caseID int64) string {
	body := fmt.Sprintf("%06d%012d", agencyID%1_000_000, caseID)
	return body + fmt.Sprintf("%02d", 98-mod97(body+"00"))
}

func mod97(digits string) int {
	r := 0
	for _, c := range digits {
		r = (r*10 + int(c-'0')) % 97
	}
	return r
}

// ValidReference reports whether ref is a well-formed payment reference.
func ValidReference(ref string) bool {
	if len(ref) != 20 {
		return false
	}
	for _, c := range ref {
		if c < '0' || c > '9' {
			return false
		}
	}
	return mod97(ref) == 1
}

// Yuan formats an amount in 分 as yuan ("1,234.50元").
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	y := strconv.FormatInt(fen/100, 10)
	for i := len(y) - 3; i > 0; i -= 3 {
		y = y[:i] + "," + y[i:]
	}
	return fmt.Sprintf("%s%s.%02d元", sign, y, fen%100)
}

// setClock replaces the case's clock of the same kind, or adds it.
func setClock(c *zhifa.Case, cl zhifa.Clock) {
	if old := c.Clock(cl.Kind); old != nil {
		*old = cl
	} else {
		c.Clocks = append(c.Clocks, cl)
	}
	c.NextDue = law.NextDue(c.Clocks)
}

// markDone marks the case's clocks of the kinds done.
func markDone(c *zhifa.Case, kinds ...zhifa.ClockKind) {
	for _, k := range kinds {
		if cl := c.Clock(k); cl != nil {
			cl.Done = true
		}
	}
	c.NextDue = law.NextDue(c.Clocks)
}

// Account is the state of an obligation's payments on a day.
type Account struct {
	// Due is the deadline the late fee runs from: the decision's, or the end of an
	// approved deferral (行政处罚法第六十六条第二款).
	Due            zhifa.Date
	PrincipalFen   int64
	PaidFen        int64
	LateFeeFen     int64
	LateFeeDays    int
	OutstandingFen int64
	// SettledOn is the day the principal was paid in full, which stops the late fee.
	SettledOn zhifa.Date
	// NextInstalment is the first instalment not yet covered by the payments.
	NextInstalment *zhifa.Instalment
}

// Compute is the account of o with its payments on today: payments go first to the
// principal; the late fee runs from the day after the deadline until the principal is
// paid (law.LateFee) — under an approved schedule, from the day after each instalment
// missed until it is paid (law.LateFeeInstalments) — not while a suspension lasts.
func Compute(o *zhifa.Obligation, payments []zhifa.Payment, today zhifa.Date) Account {
	a := Account{Due: o.Due, PrincipalFen: o.PrincipalFen()}
	d := o.Exec.Deferral
	if d != nil && d.Approved && d.End().After(a.Due) {
		a.Due = d.End()
	}
	for _, p := range payments {
		a.PaidFen += p.AmountFen
		if a.SettledOn.IsZero() && a.PaidFen >= a.PrincipalFen {
			a.SettledOn = p.PaidOn
		}
	}
	until := today
	if !a.SettledOn.IsZero() {
		until = a.SettledOn
	}
	if d != nil && d.Approved {
		// Each instalment missed accrues its own late fee (第六十六条第二款、第七十二条).
		a.LateFeeFen, a.LateFeeDays = law.LateFeeInstalments(o.FineFen, d.Instalments, payments, until, o.Exec.Suspensions)
	} else {
		a.LateFeeFen, a.LateFeeDays = law.LateFee(o.FineFen, a.Due, until, o.Exec.Suspensions)
	}
	a.OutstandingFen = max(a.PrincipalFen+a.LateFeeFen-a.PaidFen, 0)
	if d != nil && d.Approved && a.SettledOn.IsZero() {
		var sum int64
		for i := range d.Instalments {
			sum += d.Instalments[i].AmountFen
			if sum > a.PaidFen {
				in := d.Instalments[i]
				a.NextInstalment = &in
				break
			}
		}
	}
	return a
}

// syncClocks brings the case's execution clocks in line with the obligation: the payment
// and instalment clocks end with payment, deferral or the court's acceptance; the
// reminder and court clocks with the application.
func syncClocks(cal *workday.Calendar, c *zhifa.Case, o *zhifa.Obligation, a Account) {
	if o.Exec.Ended != nil { // nothing runs after the execution is terminated (行政强制法第四十条)
		markDone(c, zhifa.ClockPayment, zhifa.ClockInstalment, zhifa.ClockReminder, zhifa.ClockCourt)
		return
	}
	settled := a.OutstandingFen == 0
	deferred := o.Exec.Deferral != nil && o.Exec.Deferral.Approved
	accepted := o.Exec.Court != nil && !o.Exec.Court.AcceptedOn.IsZero()
	if settled || deferred || accepted {
		markDone(c, zhifa.ClockPayment)
	}
	if deferred {
		if a.NextInstalment != nil && !accepted {
			setClock(c, law.NewClock(zhifa.ClockInstalment, o.Exec.Deferral.DecidedOn, law.Due{Date: a.NextInstalment.Due},
				zhifa.UnitCalendar, 0, law.RuleDeferral))
		} else {
			markDone(c, zhifa.ClockInstalment)
		}
	}
	if settled || o.Exec.Court != nil {
		markDone(c, zhifa.ClockReminder, zhifa.ClockCourt)
	}
	if os := o.Exec.OnSpot; os != nil {
		for _, cl := range law.RemitClocks(cal, os.CollectedOn, os.HandedInOn) {
			if cl.Kind == zhifa.ClockRemitBank {
				cl.Done = !os.BankedOn.IsZero()
			}
			setClock(c, cl)
		}
	}
	pauseForSuspension(c, o.Exec.Suspensions)
	c.NextDue = law.NextDue(c.Clocks)
}

// pauseForSuspension shows the payment and instalment clocks paused while a suspension
// lasts (行政处罚法第七十三条第三款: the late fee is not counted then), so that no overdue
// warning runs for days the law does not count. The deadline itself stays: the late fee
// (law.LateFee) leaves the suspended days out when the clock runs again.
func pauseForSuspension(c *zhifa.Case, spans []zhifa.Suspension) {
	var open *zhifa.Suspension
	if n := len(spans); n > 0 && spans[n-1].To.IsZero() {
		open = &spans[n-1]
	}
	for _, k := range []zhifa.ClockKind{zhifa.ClockPayment, zhifa.ClockInstalment} {
		cl := c.Clock(k)
		switch {
		case cl == nil || cl.Done:
		case open != nil:
			cl.Paused, cl.PausedOn = true, open.From
		default:
			cl.Paused, cl.PausedOn = false, zhifa.Date{}
		}
	}
}

// isNotFound reports whether err is ENOTFOUND.
func isNotFound(err error) bool {
	var e *zhifa.Error
	return errors.As(err, &e) && e.Code == zhifa.ENOTFOUND
}

// appendEntry records an execution act of the case in the ledger, linked to the case.
func (s *Service) appendEntry(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, kind string, meta map[string]string) error {
	meta["case"] = strconv.FormatInt(c.ID, 10)
	_, err := s.k.AppendCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "execution." + kind, Meta: meta})
	return err
}
