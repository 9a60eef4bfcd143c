// Package report is the bounded context of the annual statistical report of enforcement
// (行政执法统计年报, issue 13; REQUIREMENTS C6): by 31 January each enforcement agency
// publishes last year's figures, generated from the data, checked and annotated by the
// officer who prepares the report, approved by the head's own act, published on the
// portal and reported to the government and the superior agency (国办发〔2018〕118号（六））.
// Until it is published, from 1 January, the agency and its supervisors see a warning.
package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// Service is the annual report context over the kernel.
type Service struct {
	k kernel.Kernel
}

// New returns the annual report context over k.
func New(k kernel.Kernel) *Service { return &Service{k: k} }

// MaxNote bounds a figure's note, in characters.
const MaxNote = 200

// View is a report as staff see it, with what the actor may do now.
type View struct {
	*zhifa.AnnualReport
	MayPrepare bool `json:"may_prepare"`
	MayApprove bool `json:"may_approve"`
}

// reporting reports whether the agency publishes its own report: an enforcement agency
// (a government's figures are the roll-up of its agencies; an entrusted organization acts
// in the name of the agency that entrusted it).
func reporting(ag *zhifa.Agency) bool {
	return ag.Type == zhifa.AgencyAdministrative || ag.Type == zhifa.AgencyAuthorized
}

// counts aggregates the agency's year.
func (s *Service) counts(ctx context.Context, tx zhifa.Tx, agencyID int64, year int) ([]zhifa.ReportFigure, error) {
	n, err := tx.AnnualCounts(ctx, zhifa.AnnualFilter{AgencyID: agencyID, Year: year})
	if err != nil {
		return nil, err
	}
	ag, err := tx.Agency(ctx, agencyID)
	if err != nil {
		return nil, err
	}
	// The collection of the year's fines and confiscations as it stood at the year's end.
	stats, err := tx.CollectionStats(ctx, ag.Path, zhifa.Date{Year: year, Month: time.December, Day: 31})
	if err != nil {
		return nil, err
	}
	var own zhifa.CollectionStat
	for _, st := range stats {
		if st.AgencyID == agencyID {
			own = st
		}
	}
	return append(Figures(n), CollectionFigures(own)...), nil
}

// Generate computes the agency's figures of the year from the data and saves them as
// the draft report (an officer of the agency prepares it). Generating again refreshes a
// draft's figures and keeps the notes of figures still present; a published report is
// final.
func (s *Service) Generate(ctx context.Context, agencyID int64, year int) (*zhifa.AnnualReport, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	var out *zhifa.AnnualReport
	err := s.k.Write(ctx, "report.generate", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("agency", ag.ID), ag.Path, strconv.Itoa(year)+"年度统计年报"
		if actor.AgencyID != ag.ID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只有本机关的执法人员可以制作本机关的统计年报")
		}
		if !reporting(ag) {
			return kernel.FieldError("agency", "人民政府和受委托组织不单独编制统计年报，由所属执法机关编制")
		}
		if err := law.CheckAnnualReportYear(year, s.k.Today()); err != nil {
			return err
		}
		figs, err := s.counts(ctx, tx, ag.ID, year)
		if err != nil {
			return err
		}
		r, err := tx.AnnualReportOf(ctx, ag.ID, year)
		switch {
		case zhifa.ErrorCode(err) == zhifa.ENOTFOUND:
			r = &zhifa.AnnualReport{AgencyID: ag.ID, AgencyPath: ag.Path, AgencyName: ag.Name, Year: year,
				Status: zhifa.ReportDraft, Figures: figs, GeneratedAt: s.k.Now(), PreparedBy: actor.UserID}
			if err := tx.AddAnnualReport(ctx, r); err != nil {
				return err
			}
		case err != nil:
			return err
		case r.Status == zhifa.ReportPublished:
			return zhifa.Errorf(zhifa.ECONFLICT, "%d年度统计年报已公开，不能重新生成", year)
		default:
			r.Figures = keepNotes(figs, r.Figures)
			r.GeneratedAt, r.PreparedBy = s.k.Now(), actor.UserID
			if err := tx.UpdateAnnualReport(ctx, r); err != nil {
				return err
			}
		}
		out = r
		return nil
	})
	return out, err
}

// keepNotes copies the notes of old figures onto the new ones with the same key.
func keepNotes(figs, old []zhifa.ReportFigure) []zhifa.ReportFigure {
	notes := map[string]string{}
	for _, f := range old {
		notes[f.Key] = f.Note
	}
	for i := range figs {
		figs[i].Note = notes[figs[i].Key]
	}
	return figs
}

// NotesInput is the preparer's notes: one per figure key (empty removes it). The
// figures themselves come from the data and are not edited.
type NotesInput struct {
	Version int               `json:"version"`
	Notes   map[string]string `json:"notes"`
}

// SaveNotes records the preparer's notes on a draft (an officer of the agency).
func (s *Service) SaveNotes(ctx context.Context, id int64, in NotesInput) (*zhifa.AnnualReport, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	var out *zhifa.AnnualReport
	err := s.k.Write(ctx, "report.notes", func(tx zhifa.Tx, rec *kernel.Audit) error {
		r, err := s.visible(ctx, tx, actor, id, rec)
		if err != nil {
			return err
		}
		if actor.AgencyID != r.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只有本机关的执法人员可以修改本机关的统计年报")
		}
		ck := kernel.NewChecker()
		for key, note := range in.Notes {
			if !figureKey(r.Figures, key) {
				ck.Add("notes", "没有这项统计数据")
				continue
			}
			ck.Text("notes", &note, false, MaxNote)
			in.Notes[key] = note
		}
		if err := ck.Err(); err != nil {
			return err
		}
		if r.Status != zhifa.ReportDraft {
			return zhifa.Errorf(zhifa.ECONFLICT, "统计年报已公开，不能再修改")
		}
		if in.Version != r.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "统计年报已被他人修改，请刷新后重试")
		}
		for i := range r.Figures {
			if note, ok := in.Notes[r.Figures[i].Key]; ok {
				r.Figures[i].Note = note
			}
		}
		r.PreparedBy = actor.UserID
		if err := tx.UpdateAnnualReport(ctx, r); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}

// visible loads a report the actor may read: staff in scope of its agency; outside it
// answers like a missing one.
func (s *Service) visible(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64, rec *kernel.Audit) (*zhifa.AnnualReport, error) {
	r, err := tx.AnnualReport(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.InScope(r.AgencyPath) {
		return nil, zhifa.NotFound("统计年报")
	}
	if rec != nil {
		rec.Object, rec.ObjectPath = kernel.ObjectRef("annual_report", r.ID), r.AgencyPath
		rec.Detail = fmt.Sprintf("%s %d年度统计年报", r.AgencyName, r.Year)
	}
	return r, nil
}

// Approve is the head's own act (or a deputy's by delegation): the draft is published on
// the portal and reported to the government and the superior agency (118号（六）：并报本级
// 人民政府和上级主管部门), with one ledger entry holding the digest of the figures. The
// figures are computed again: if the data changed since they were checked, the approval
// is refused so that what is published is what the preparer checked.
func (s *Service) Approve(ctx context.Context, id int64, version int) (*zhifa.AnnualReport, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	var out *zhifa.AnnualReport
	err := s.k.Write(ctx, "report.publish", func(tx zhifa.Tx, rec *kernel.Audit) error {
		r, err := s.visible(ctx, tx, actor, id, rec)
		if err != nil {
			return err
		}
		today := s.k.Today()
		ok, err := s.k.MayApprove(ctx, tx, actor, r.AgencyID, today)
		if err != nil {
			return err
		}
		if !ok {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只有本机关负责人（或受其委托的负责人）可以审批公开统计年报")
		}
		if r.Status != zhifa.ReportDraft {
			return zhifa.Errorf(zhifa.ECONFLICT, "统计年报已公开")
		}
		if version != r.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "统计年报已被他人修改，请刷新后重试")
		}
		figs, err := s.counts(ctx, tx, r.AgencyID, r.Year)
		if err != nil {
			return err
		}
		if !sameValues(figs, r.Figures) {
			return zhifa.Errorf(zhifa.ECONFLICT, "生成统计年报后执法数据已有变化，请承办人员重新生成并核对后再审批")
		}
		if r.ReportedTo, err = recipients(ctx, tx, r.AgencyPath, r.AgencyID); err != nil {
			return err
		}
		digest, err := figuresDigest(r.Figures)
		if err != nil {
			return err
		}
		ids := make([]string, 0, len(r.ReportedTo))
		for _, to := range r.ReportedTo {
			ids = append(ids, strconv.FormatInt(to.AgencyID, 10))
		}
		r.Status, r.ApprovedBy, r.Approver, r.PublishedOn = zhifa.ReportPublished, actor.UserID, actor.Name, today
		r.Entry, err = s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "report.publish", Meta: map[string]string{
			"agency": strconv.FormatInt(r.AgencyID, 10), "entry": strconv.FormatInt(r.ID, 10), "date": today.String(),
			"version": strconv.Itoa(r.Year), "digest": digest, "agencies": strings.Join(ids, ",")}})
		if err != nil {
			return err
		}
		if err := tx.UpdateAnnualReport(ctx, r); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}

// figuresDigest is the SHA-256 of the figures as published (JSON), named in the ledger
// entry so that the published report can be checked against it.
func figuresDigest(figs []zhifa.ReportFigure) (string, error) {
	b, err := json.Marshal(figs)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// recipients are the agencies a report is reported to: the government the agency
// belongs to (本级人民政府, the nearest government above it) and its superior agency (上级
// 主管部门: its parent, when that is not the government itself).
func recipients(ctx context.Context, tx zhifa.Tx, path string, self int64) ([]zhifa.ReportRecipient, error) {
	ids := strings.Split(strings.Trim(path, "/"), "/")
	var out []zhifa.ReportRecipient
	for i := len(ids) - 2; i >= 0; i-- { // the ancestors, nearest first
		id, err := strconv.ParseInt(ids[i], 10, 64)
		if err != nil || id == self {
			continue
		}
		ag, err := tx.Agency(ctx, id)
		if err != nil {
			return nil, err
		}
		if ag.Type == zhifa.AgencyGovernment {
			out = append(out, zhifa.ReportRecipient{AgencyID: ag.ID, Name: ag.Name, Role: "本级人民政府"})
			break
		}
		if len(out) == 0 {
			out = append(out, zhifa.ReportRecipient{AgencyID: ag.ID, Name: ag.Name, Role: "上级主管部门"})
		}
	}
	return out, nil
}

// Get returns a report for staff in scope, with what the actor may do.
func (s *Service) Get(ctx context.Context, id int64) (*View, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var v *View
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		r, err := s.visible(ctx, tx, actor, id, nil)
		if err != nil {
			return err
		}
		v = &View{AnnualReport: r}
		if r.Status == zhifa.ReportDraft {
			v.MayPrepare = actor.Can(kernel.PermHandleCases) && actor.AgencyID == r.AgencyID
			v.MayApprove, err = s.k.MayApprove(ctx, tx, actor, r.AgencyID, s.k.Today())
		}
		return err
	})
	return v, err
}

// Agency is an agency of the actor's scope with its report of the year (nil if none).
type Agency struct {
	ID     int64               `json:"id"`
	Name   string              `json:"name"`
	Report *zhifa.AnnualReport `json:"report,omitempty"`
	// MayGenerate says whether the actor may generate the agency's report.
	MayGenerate bool `json:"may_generate"`
}

// Overview lists, for staff, the reports of the year in the actor's scope and the
// enforcement agencies still without a published one.
func (s *Service) Overview(ctx context.Context, year int) ([]*zhifa.AnnualReport, []Agency, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, nil, err
	}
	if year < 2000 || year > s.k.Today().Year {
		return nil, nil, kernel.FieldError("year", "年度无效")
	}
	var reports []*zhifa.AnnualReport
	var missing []Agency
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		if reports, err = tx.AnnualReports(ctx, zhifa.ReportFilter{UnderPath: actor.ScopePath, Year: year, Limit: 500}); err != nil {
			return err
		}
		ags, err := tx.AgenciesWithoutReport(ctx, actor.ScopePath, year)
		if err != nil {
			return err
		}
		for _, ag := range ags {
			missing = append(missing, Agency{ID: ag.ID, Name: ag.Name,
				MayGenerate: actor.Can(kernel.PermHandleCases) && actor.AgencyID == ag.ID && year < s.k.Today().Year})
		}
		return nil
	})
	return reports, missing, err
}

// Warning is an agency that has not published last year's report.
type Warning struct {
	AgencyID int64
	Agency   string
	Year     int
	Due      zhifa.Date
	Overdue  bool
	Rule     string
}

// Warnings are the agencies of the actor's scope that have not published last year's
// report, from 1 January on (law.AnnualReportStatus).
func (s *Service) Warnings(ctx context.Context) ([]Warning, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	st := law.AnnualReportStatus(s.k.Today(), false)
	var out []Warning
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		ags, err := tx.AgenciesWithoutReport(ctx, actor.ScopePath, st.Year)
		if err != nil {
			return err
		}
		for _, ag := range ags {
			out = append(out, Warning{AgencyID: ag.ID, Agency: ag.Name, Year: st.Year, Due: st.Due, Overdue: st.Overdue,
				Rule: law.RuleAnnualReport})
		}
		return nil
	})
	return out, err
}
