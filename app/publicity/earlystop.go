package publicity

import (
	"context"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// StopInput is the head's decision on the party's application to stop the publication
// early (信用修复): the day of the application, the four conditions of 公示规定第十四条第一款
// as established, and the reason.
type StopInput struct {
	Version   int        `json:"version"`
	AppliedOn zhifa.Date `json:"applied_on"`
	Performed bool       `json:"performed"`
	Remedied  bool       `json:"remedied"`
	NoRepeat  bool       `json:"no_repeat"`
	NotListed bool       `json:"not_listed"`
	Reason    string     `json:"reason"`
}

// StopEarly stops a published penalty decision's publication on the party's application
// (市场监督管理行政处罚信息公示规定第十四条): the head's own act; never for the penalties the
// article excludes, only when the four conditions hold (law.CheckEarlyStop). The decision
// leaves the portal and the feeds at once and stays in the archive and the ledger; the
// application and the decision are recorded with one ledger entry.
func (s *Service) StopEarly(ctx context.Context, id int64, in StopInput) (*zhifa.Publication, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	var out *zhifa.Publication
	err := s.k.Write(ctx, "publicity.stop", func(tx zhifa.Tx, rec *kernel.Audit) error {
		p, sb, err := s.headAct(ctx, tx, actor, id, in.Version, rec)
		if err != nil {
			return err
		}
		today := s.k.Today()
		ck := kernel.NewChecker() // after the scope check, as in Decline
		ck.Text("reason", &in.Reason, true, kernel.MaxText)
		switch {
		case in.AppliedOn.IsZero():
			ck.Add("applied_on", "请填写当事人提出申请的日期")
		case in.AppliedOn.After(today) || in.AppliedOn.Before(p.PublishedOn):
			ck.Add("applied_on", "申请日期应在公示之后、今天或之前")
		}
		if err := ck.Err(); err != nil {
			return err
		}
		if p.Status != zhifa.PubPublished || p.DisplayUntil.Before(today) {
			return zhifa.Errorf(zhifa.ECONFLICT, "只有正在公示的决定可以提前停止公示")
		}
		if p.Category != zhifa.PubPenalty {
			return kernel.FieldError("category", "提前停止公示只适用于行政处罚决定")
		}
		c := sb.c // a penalty decision is a case's
		facts := law.EarlyStopFacts{Performed: in.Performed, Remedied: in.Remedied, NoRepeat: in.NoRepeat, NotListed: in.NotListed}
		if c.State.Proposal != nil {
			facts.Penalties = c.State.Proposal.Penalties
		}
		if err := law.CheckEarlyStop(facts); err != nil {
			return err
		}
		p.StopAppliedOn, p.StoppedOn, p.StopReason = in.AppliedOn, today, in.Reason
		p.DisplayUntil = law.EarlyStopDisplayUntil(today)
		if _, err := s.k.AppendCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "publicity.stop", Meta: map[string]string{
			"case": strconv.FormatInt(c.ID, 10), "agency": strconv.FormatInt(p.AgencyID, 10), "entry": strconv.FormatInt(p.ID, 10),
			"ref": strconv.FormatInt(p.Entry, 10), "date": today.String(), "display_until": p.DisplayUntil.String(),
			"reason": in.Reason}}); err != nil {
			return err
		}
		rec.Detail = p.CaseNumber + " 提前停止公示"
		if err := tx.UpdatePublication(ctx, p); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}
