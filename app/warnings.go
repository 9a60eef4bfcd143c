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

// TrainingShortRead is how many officers short of training hours PersonnelWarnings lists
// at most on a page: before the year has run long nearly every officer of a province is
// short, and the landing page lists the first ones and says that there are more
// (PersonnelWarningList.TrainingNext) rather than reading them all (issue 11).
const TrainingShortRead = 100

// PersonnelWarningList is a page of personnel warnings. TrainingNext, when not zero, is
// the cursor of the next page of training shortfalls: there are more than listed.
type PersonnelWarningList struct {
	Warnings     []Warning
	TrainingNext int64
}

// PersonnelWarnings lists, within the actor's scope, the first page of the officers short
// of training hours in year, the agencies short of legal reviewers, and certificate
// problems (PersonnelWarningsPage with no cursor, its cursor dropped).
func (a *App) PersonnelWarnings(ctx context.Context, year int) ([]Warning, error) {
	list, err := a.PersonnelWarningsPage(ctx, year, 0)
	if err != nil {
		return nil, err
	}
	return list.Warnings, nil
}

// PersonnelWarningsPage lists, within the actor's scope, the officers short of training
// hours in year (at most TrainingShortRead, by officer id after the cursor after), and,
// on the first page (after zero), the agencies short of legal reviewers, the certificate
// problems and the calendar's missing years. It reads trigger-kept summaries (migration
// 00064): only the officers it shows and one row per agency, never every officer in
// scope (issue 11). Warnings come by officer, then the agencies.
func (a *App) PersonnelWarningsPage(ctx context.Context, year int, after int64) (*PersonnelWarningList, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	if after < 0 {
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "分页位置无效", Fields: map[string]string{"after": "应为非负整数"}}
	}
	out := &PersonnelWarningList{}
	today := a.Today()
	if actor.Can(PermManageCatalog) && after == 0 {
		cal, err := a.Calendar(ctx)
		if err != nil {
			return nil, err
		}
		out.Warnings = append(out.Warnings, calendarWarnings(cal, today)...)
	}
	err := a.read(ctx, func(tx zhifa.Tx) error {
		short, err := tx.TrainingShortfalls(ctx, actor.ScopePath, year, law.MinTrainingHours, after, TrainingShortRead+1)
		if err != nil {
			return err
		}
		if len(short) > TrainingShortRead {
			short = short[:TrainingShortRead]
			out.TrainingNext = short[len(short)-1].OfficerID
		}
		var certs []zhifa.OfficerCertificate
		var staffing []zhifa.AgencyStaff
		if after == 0 {
			if certs, err = tx.CertificateWarnings(ctx, actor.ScopePath, today, today.AddDays(60)); err != nil {
				return err
			}
			if staffing, err = tx.AgencyStaffing(ctx, actor.ScopePath); err != nil {
				return err
			}
		}
		warned := officerWarnings(short, certs, year, today)
		for _, s := range staffing {
			if !law.ReviewersShort(s.Officers, s.Reviewers) {
				continue
			}
			warned = append(warned, Warning{Kind: WarnReviewersShort, AgencyID: s.AgencyID, Rule: "国办发〔2018〕118号（十一）（法制审核人员原则上不少于本单位执法人员总数的5%）",
				Message: fmt.Sprintf("执法人员%d人，法制审核人员%d人，至少应有%d人", s.Officers, s.Reviewers, law.ReviewersNeeded(s.Officers))})
		}
		if err := nameAgencies(ctx, tx, warned); err != nil {
			return err
		}
		out.Warnings = append(out.Warnings, warned...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// officerWarnings merges the training shortfalls and the certificate problems, both by
// officer id, into the warnings of each officer in turn: training first, as before the
// summaries (A2, A4).
func officerWarnings(short []zhifa.OfficerTraining, certs []zhifa.OfficerCertificate, year int, today zhifa.Date) []Warning {
	out := make([]Warning, 0, len(short)+len(certs))
	i, j := 0, 0
	for i < len(short) || j < len(certs) {
		if j == len(certs) || (i < len(short) && short[i].OfficerID <= certs[j].OfficerID) {
			s := short[i]
			i++
			out = append(out, Warning{Kind: WarnTrainingShort, AgencyID: s.AgencyID, OfficerID: s.OfficerID, Officer: s.Officer,
				Rule:    "东港市提升行政执法质量三年行动具体举措第（三）项（每人每年培训不少于60学时）",
				Message: fmt.Sprintf("%d年培训%.1f学时，不足%.0f学时", year, s.Hours, law.MinTrainingHours)})
			continue
		}
		c := certs[j]
		j++
		out = append(out, certificateWarning(c, today))
	}
	return out
}

// certificateWarning is the warning of an officer whose current certificate is missing,
// not valid on today, or expires within 60 days (A2).
func certificateWarning(oc zhifa.OfficerCertificate, today zhifa.Date) Warning {
	w := Warning{AgencyID: oc.AgencyID, OfficerID: oc.OfficerID, Officer: oc.Officer}
	c := oc.Cert
	if c == nil || c.StateOn(today) != zhifa.CertValid {
		w.Kind, w.Rule = WarnCertInvalid, "东港市提升行政执法质量三年行动具体举措第（五）项（持证上岗）"
		w.Message = "无有效执法证件，不得从事执法活动"
		if c != nil {
			w.Message = "执法证件" + c.StateOn(today).Label() + "，不得从事执法活动"
		}
		return w
	}
	w.Kind, w.Rule = WarnCertExpiring, "东港市提升行政执法质量三年行动具体举措第（五）项（执法证件年审）"
	w.Message = "执法证件将于" + c.ValidUntil.Chinese() + "到期"
	return w
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

// nameAgencies sets the agency name of each warning in one read of the agencies they
// name: never every agency in scope (a province has thousands) nor one read a warning
// (issue 11).
func nameAgencies(ctx context.Context, tx zhifa.Tx, warnings []Warning) error {
	ids := make([]int64, len(warnings))
	for i, w := range warnings {
		ids[i] = w.AgencyID
	}
	names, err := tx.AgencyNames(ctx, ids)
	if err != nil {
		return err
	}
	for i := range warnings {
		warnings[i].Agency = names[warnings[i].AgencyID]
	}
	return nil
}
