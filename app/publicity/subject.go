package publicity

import (
	"context"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// subject is what a publication publishes: the decision of a case, or a licence decision
// received from a licensing system (migration 00046: exactly one of the two).
type subject struct {
	c    *zhifa.Case
	item *zhifa.Item // the case's item
	l    *zhifa.Licence
	ag   *zhifa.Agency
}

// subjectOf loads the subject of p, which the actor already sees (visible): a case
// through the kernel's scope check, a licence of the publication's own agency.
func (s *Service) subjectOf(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, p *zhifa.Publication) (*subject, error) {
	if p.LicenceID != 0 {
		l, err := tx.Licence(ctx, p.LicenceID)
		if err != nil {
			return nil, err
		}
		ag, err := s.k.VisibleAgency(ctx, tx, actor, l.AgencyID)
		if err != nil {
			return nil, err
		}
		return &subject{l: l, ag: ag}, nil
	}
	c, ag, err := s.k.VisibleCase(ctx, tx, actor, p.CaseID)
	if err != nil {
		return nil, err
	}
	item, err := tx.Item(ctx, c.ItemID)
	if err != nil {
		return nil, err
	}
	return &subject{c: c, item: item, ag: ag}, nil
}

// original is the decision as the publication starts from, with its personal data.
func (sb *subject) original(p *zhifa.Publication) string {
	if sb.l != nil {
		return licenceText(sb.l, sb.ag)
	}
	return decisionText(sb.c, sb.ag, sb.item, p)
}

// redactInput is what redaction treats in the subject.
func (sb *subject) redactInput(secrets, keep []string) law.RedactInput {
	if sb.l != nil {
		return licenceRedactInput(sb.l, sb.ag, secrets, keep)
	}
	return redactInput(sb.c, sb.ag, secrets, keep)
}

// displayUntil is the last day on the portal of a decision published today: a licence
// while it runs and at least three years (law.LicenceDisplayUntil), a case's decision by
// 公示规定第十三条.
func (sb *subject) displayUntil(today zhifa.Date, rule *zhifa.PublicityRule) zhifa.Date {
	if sb.l != nil {
		return law.LicenceDisplayUntil(today, sb.l.ValidUntil)
	}
	return law.DisplayUntil(today, law.DisplayMonthsOf(displayInput(sb.c, rule)))
}

// appendEntry appends a publicity entry about the subject: linked to the case for a
// case's decision (meta "case"), unlinked with the licence's ID (meta "licence").
func (s *Service) appendEntry(ctx context.Context, tx zhifa.Tx, sb *subject, kind string, meta map[string]string) (int64, error) {
	if sb.l != nil {
		meta["licence"] = strconv.FormatInt(sb.l.ID, 10)
		return s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: kind, Meta: meta})
	}
	meta["case"] = strconv.FormatInt(sb.c.ID, 10)
	return s.k.AppendCaseEntry(ctx, tx, sb.c, &ledger.Entry{Kind: kind, Meta: meta})
}

// stopSubjectClock stops the case's clock of the kind; a licence has no case clocks (its
// publication's due date is its clock).
func (s *Service) stopSubjectClock(ctx context.Context, tx zhifa.Tx, sb *subject, kind zhifa.ClockKind) error {
	if sb.c == nil {
		return nil
	}
	return s.stopClock(ctx, tx, sb.c, kind)
}
