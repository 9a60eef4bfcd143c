package app

import (
	"context"
	"fmt"

	"zhifa"
	"zhifa/law"
)

// Warning kinds.
const (
	WarnTrainingShort   = "training_short"   // an officer under 60 hours this year (A4)
	WarnReviewersShort  = "reviewers_short"  // an agency under 5% reviewers (A3)
	WarnCertExpiring    = "cert_expiring"    // a certificate that expires within 60 days
	WarnCertInvalid     = "cert_invalid"     // an active officer without a valid certificate (A2)
	WarnCalendarMissing = "calendar_missing" // the working-day calendar lacks a year (C3)
)

// Warning is one problem the actor should see (预警): a personnel problem, or a case clock
// or filing past its limit (warnings_review.go).
type Warning struct {
	Kind      string `json:"kind"`
	AgencyID  int64  `json:"agency_id"`
	Agency    string `json:"agency"`
	OfficerID int64  `json:"officer_id,omitempty"`
	Officer   string `json:"officer,omitempty"`
	// CaseID and CaseNumber name the case of a case warning (warnings_review.go).
	CaseID     int64  `json:"case_id,omitempty"`
	CaseNumber string `json:"case_number,omitempty"`
	Message    string `json:"message"`
	Rule       string `json:"rule"`
}

// PersonnelWarnings lists, within the actor's scope, the officers short of training hours
// in year, the agencies short of legal reviewers, and certificate problems.
func (a *App) PersonnelWarnings(ctx context.Context, year int) ([]Warning, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	var out []Warning
	today := a.Today()
	if actor.Can(PermManageCatalog) {
		cal, err := a.Calendar(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, calendarWarnings(cal, today)...)
	}
	err := a.read(ctx, func(tx zhifa.Tx) error {
		agencies, err := tx.Agencies(ctx, actor.ScopePath)
		if err != nil {
			return err
		}
		names := map[int64]string{}
		for _, ag := range agencies {
			names[ag.ID] = ag.Name
		}
		totals, err := tx.TrainingTotals(ctx, actor.ScopePath, year)
		if err != nil {
			return err
		}
		hours := map[int64]float64{}
		for _, t := range totals {
			hours[t.OfficerID] = t.Hours
		}
		officers, _, err := tx.Officers(ctx, zhifa.OfficerFilter{UnderPath: actor.ScopePath, Page: zhifa.Page{Limit: 100000}})
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(officers))
		for _, o := range officers {
			ids = append(ids, o.ID)
		}
		certs, err := tx.Certificates(ctx, ids...)
		if err != nil {
			return err
		}
		current := map[int64]*zhifa.Certificate{}
		for _, c := range certs {
			if _, ok := current[c.OfficerID]; !ok {
				current[c.OfficerID] = c
			}
		}
		type count struct{ officers, reviewers int }
		perAgency := map[int64]*count{}
		for _, o := range officers {
			if !o.Active {
				continue
			}
			n := perAgency[o.AgencyID]
			if n == nil {
				n = &count{}
				perAgency[o.AgencyID] = n
			}
			n.officers++
			if o.Reviewer {
				n.reviewers++
			}
			w := Warning{AgencyID: o.AgencyID, Agency: names[o.AgencyID], OfficerID: o.ID, Officer: o.Name}
			if h := hours[o.ID]; law.TrainingShort(h) {
				w.Kind, w.Rule = WarnTrainingShort, "东港市提升行政执法质量三年行动具体举措第（三）项（每人每年培训不少于60学时）"
				w.Message = fmt.Sprintf("%d年培训%.1f学时，不足%.0f学时", year, h, law.MinTrainingHours)
				out = append(out, w)
			}
			c := current[o.ID]
			switch {
			case c == nil || c.StateOn(today) != zhifa.CertValid:
				w.Kind, w.Rule = WarnCertInvalid, "东港市提升行政执法质量三年行动具体举措第（五）项（持证上岗）"
				w.Message = "无有效执法证件，不得从事执法活动"
				if c != nil {
					w.Message = "执法证件" + c.StateOn(today).Label() + "，不得从事执法活动"
				}
				out = append(out, w)
			case c.ValidUntil.Before(today.AddDays(60)):
				w.Kind, w.Rule = WarnCertExpiring, "东港市提升行政执法质量三年行动具体举措第（五）项（执法证件年审）"
				w.Message = "执法证件将于" + c.ValidUntil.Chinese() + "到期"
				out = append(out, w)
			}
		}
		for _, ag := range agencies {
			n := perAgency[ag.ID]
			if n == nil || !law.ReviewersShort(n.officers, n.reviewers) {
				continue
			}
			out = append(out, Warning{Kind: WarnReviewersShort, AgencyID: ag.ID, Agency: ag.Name, Rule: "国办发〔2018〕118号（十一）（法制审核人员原则上不少于本单位执法人员总数的5%）",
				Message: fmt.Sprintf("执法人员%d人，法制审核人员%d人，至少应有%d人", n.officers, n.reviewers, law.ReviewersNeeded(n.officers))})
		}
		return nil
	})
	return out, err
}

// Audit lists audit entries about objects within the actor's scope (admins, supervisors).
func (a *App) Audit(ctx context.Context, f zhifa.AuditFilter) ([]*zhifa.AuditEntry, int, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermReadAudit); err != nil {
		return nil, 0, err
	}
	f.UnderPath = actor.ScopePath
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var out []*zhifa.AuditEntry
	var total int
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		out, total, err = tx.Audit(ctx, f)
		return err
	})
	return out, total, err
}
