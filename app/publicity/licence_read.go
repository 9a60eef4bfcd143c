package publicity

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
)

// LicenceQuery is the staff list of licence decisions: an agency in scope, a decision
// kind, a range of decision dates, a 决定文书号, and the keyset cursor.
type LicenceQuery struct {
	AgencyID int64
	Decision string
	From, To zhifa.Date
	Number   string
	Cursor   string
	Limit    int
}

// LicencePage is one page of the list; Next is the cursor of the next page.
type LicencePage struct {
	Licences []*zhifa.Licence `json:"licences"`
	Next     string           `json:"next,omitempty"`
}

// Licences lists the licence decisions of the actor's scope, newest first, by keyset
// (one range of licences_agency_id per agency); applicants' 身份证号 masked.
func (s *Service) Licences(ctx context.Context, q LicenceQuery) (*LicencePage, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	f := zhifa.LicenceFilter{AgencyPath: actor.ScopePath, AgencyID: q.AgencyID, From: q.From, To: q.To,
		Limit: kernel.PageLimit(q.Limit) + 1}
	ck := kernel.NewChecker()
	if q.Decision != "" {
		d, ok := zhifa.ParseLicenceDecision(q.Decision)
		if !ok {
			ck.Add("decision", "许可决定类别无效")
		}
		f.Decision = d
	}
	ck.Text("number", &q.Number, false, kernel.MaxShort)
	f.Number = q.Number
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		ck.Add("to", "截止日期不能早于起始日期")
	}
	if err := ck.Err(); err != nil {
		return nil, err
	}
	key, err := kernel.DecodeCursor(q.Cursor)
	if err != nil {
		return nil, err
	}
	if key != nil {
		f.After = key.ID
	}
	var list []*zhifa.Licence
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		if f.AgencyID != 0 {
			if _, err := s.k.VisibleAgency(ctx, tx, actor, f.AgencyID); err != nil {
				return err
			}
		}
		var err error
		list, err = tx.Licences(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	page := &LicencePage{Licences: make([]*zhifa.Licence, 0, len(list))}
	if len(list) == f.Limit {
		list = list[:f.Limit-1]
		page.Next = kernel.EncodeCursor(zhifa.CaseKey{ID: list[len(list)-1].ID})
	}
	for _, l := range list {
		page.Licences = append(page.Licences, maskedLicence(l))
	}
	return page, nil
}

// LicenceView is a licence decision with its publication and the history of its
// corrections.
type LicenceView struct {
	*zhifa.Licence
	Publication *zhifa.Publication      `json:"publication"`
	Revisions   []zhifa.LicenceRevision `json:"revisions"`
}

// Licence returns a licence decision of the actor's scope (outside it: ENOTFOUND), the
// applicant's 身份证号 masked.
func (s *Service) Licence(ctx context.Context, id int64) (*LicenceView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var v *LicenceView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		l, err := tx.Licence(ctx, id)
		if err != nil {
			return err
		}
		if !actor.InScope(l.AgencyPath) {
			return zhifa.NotFound("许可决定")
		}
		v = &LicenceView{Licence: maskedLicence(l)}
		if v.Publication, err = tx.PublicationOfLicence(ctx, id); err != nil {
			return err
		}
		v.Publication.Draft, v.Publication.Redactions = "", nil // the draft is read on the publication's page
		v.Revisions, err = tx.LicenceRevisions(ctx, id)
		if v.Revisions == nil {
			v.Revisions = []zhifa.LicenceRevision{}
		}
		return err
	})
	return v, err
}
