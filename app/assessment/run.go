package assessment

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// RunView is a run as the actor may see it: the scheme version it used, the results the
// actor may read (all for the bureau, its own for an assessed agency), and what the
// actor may do now.
type RunView struct {
	*zhifa.AssessmentRun
	Scheme     *zhifa.AssessmentScheme `json:"scheme"`
	MayAdjust  bool                    `json:"may_adjust"`
	MayApprove bool                    `json:"may_approve"`
	MayPublish bool                    `json:"may_publish"`
	// Bureau reports whether the actor sees the run as the bureau (every agency, the
	// adjustments' reasons).
	Bureau bool `json:"-"`
}

// Run computes the assessment of the year over the agencies of the bureau's scope (a
// supervisor of the bureau): the figures as of now under the scheme in force (the
// default is saved as version 1 when the bureau has none), frozen in a draft. Running
// again refreshes a draft's figures and scheme and keeps its adjustments; an approved
// run is final.
func (s *Service) Run(ctx context.Context, year int) (*zhifa.AssessmentRun, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireManager(actor); err != nil {
		return nil, err
	}
	if err := checkYear(year, s.k.Today()); err != nil {
		return nil, err
	}
	var out *zhifa.AssessmentRun
	err := s.k.Write(ctx, "assessment.run", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object, rec.ObjectPath = kernel.ObjectRef("agency", actor.AgencyID), actor.AgencyPath
		rec.Detail = strconv.Itoa(year) + "年度行政执法评议考核"
		sc, saved, err := latestScheme(ctx, tx, actor.AgencyID, year)
		if err != nil {
			return err
		}
		if !saved {
			sc.CreatedBy, sc.CreatedAt = actor.UserID, s.k.Now()
			if err := tx.AddAssessmentScheme(ctx, sc); err != nil {
				return err
			}
		}
		results, err := s.compute(ctx, tx, actor.ScopePath, year, sc)
		if err != nil {
			return err
		}
		r, err := s.runOf(ctx, tx, actor, year)
		if err != nil {
			return err
		}
		if r == nil {
			r = &zhifa.AssessmentRun{AgencyID: actor.AgencyID, ScopePath: actor.ScopePath, Year: year, Status: zhifa.AssessmentDraft,
				CreatedBy: actor.UserID}
		} else if r.Status != zhifa.AssessmentDraft {
			return zhifa.Errorf(zhifa.ECONFLICT, "%d年度评议考核结果已审定，不能重新生成", year)
		}
		keepAdjustments(results, r.Results)
		r.Results, r.SchemeID, r.SchemeVersion, r.AsOf = results, sc.ID, sc.Version, s.k.Now()
		rank(sc, r.Results)
		if r.ID == 0 {
			err = tx.AddAssessmentRun(ctx, r)
		} else {
			err = tx.UpdateAssessmentRun(ctx, r)
		}
		out = r
		return err
	})
	return out, err
}

// runOf returns the bureau's run of the year over the actor's scope, nil without one.
func (s *Service) runOf(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, year int) (*zhifa.AssessmentRun, error) {
	var after int64
	for {
		runs, err := tx.AssessmentRuns(ctx, zhifa.AssessmentRunFilter{UnderPath: actor.ScopePath, After: after, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, r := range runs {
			if r.Year == year && r.AgencyID == actor.AgencyID && r.ScopePath == actor.ScopePath {
				return r, nil
			}
		}
		if len(runs) < 100 {
			return nil, nil
		}
		after = runs[len(runs)-1].ID
	}
}

// compute builds each assessed agency's figures and marks from the year's counts and
// the scored inputs: one grouped query per indicator, none per agency.
func (s *Service) compute(ctx context.Context, tx zhifa.Tx, scope string, year int, sc *zhifa.AssessmentScheme) ([]zhifa.AssessmentResult, error) {
	agencies, err := tx.Agencies(ctx, scope)
	if err != nil {
		return nil, err
	}
	counts, err := tx.AssessmentCounts(ctx, countFilter(scope, year, s.k.Today()))
	if err != nil {
		return nil, err
	}
	inputs, err := tx.AssessmentInputs(ctx, scope, year)
	if err != nil {
		return nil, err
	}
	type key struct {
		agency int64
		ind    string
	}
	figs := map[key]zhifa.AssessmentCount{}
	for _, c := range counts {
		figs[key{c.AgencyID, c.Key}] = c
	}
	for _, in := range inputs {
		c := zhifa.AssessmentCount{AgencyID: in.AgencyID, Key: string(in.Kind), Den: 100}
		if in.Scored {
			c.Num = in.Score
		}
		figs[key{in.AgencyID, string(in.Kind)}] = c
	}
	// The agencies of a government below the bureau's are that government's bureau's to
	// assess.
	var below []string
	for _, ag := range agencies {
		if ag.Type == zhifa.AgencyGovernment && ag.Path != scope {
			below = append(below, ag.Path)
		}
	}
	var out []zhifa.AssessmentResult
	for _, ag := range agencies {
		if !assessed(ag) || slices.ContainsFunc(below, func(p string) bool { return strings.HasPrefix(ag.Path, p) }) {
			continue
		}
		res := zhifa.AssessmentResult{AgencyID: ag.ID, AgencyName: ag.Name, Adjustments: []zhifa.AssessmentAdjustment{}}
		for _, ind := range sc.Indicators {
			c, ok := figs[key{ag.ID, ind.Key}]
			if !ok && (ind.Key == string(zhifa.InputSurvey) || ind.Key == string(zhifa.InputSelfCheck)) {
				c.Den = 100 // not surveyed, no self-check filed: no marks
			}
			rate, points, noData := law.IndicatorPoints(ind, c.Num, c.Den)
			res.Figures = append(res.Figures, zhifa.AssessmentFigure{Key: ind.Key, Num: c.Num, Den: c.Den, Rate: rate,
				Points: points, NoData: noData})
		}
		out = append(out, res)
	}
	return out, nil
}

// keepAdjustments copies the adjustments of the old results onto the agencies still
// assessed.
func keepAdjustments(results, old []zhifa.AssessmentResult) {
	adj := map[int64][]zhifa.AssessmentAdjustment{}
	for _, r := range old {
		adj[r.AgencyID] = r.Adjustments
	}
	for i := range results {
		if a, ok := adj[results[i].AgencyID]; ok {
			results[i].Adjustments = a
		}
	}
}

// rank totals each result (marks plus adjustments, within 0–100), grades it under the
// scheme and ranks the results by total, equal totals sharing a rank.
func rank(sc *zhifa.AssessmentScheme, results []zhifa.AssessmentResult) {
	for i := range results {
		total := 0.0
		for _, f := range results[i].Figures {
			total += f.Points
		}
		for _, a := range results[i].Adjustments {
			total += a.Points
		}
		results[i].Total = law.Round2(max(0, min(law.AssessmentFullMarks, total)))
		results[i].Grade = law.AssessmentGrade(sc, results[i].Total)
	}
	slices.SortStableFunc(results, func(a, b zhifa.AssessmentResult) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.AgencyName, b.AgencyName))
	})
	for i := range results {
		results[i].Rank = i + 1
		if i > 0 && results[i].Total == results[i-1].Total {
			results[i].Rank = results[i-1].Rank
		}
	}
}

// bureauOf reports whether the actor acts for the run's bureau: one of its users, or a
// supervisor whose scope covers the run's (a higher bureau).
func bureauOf(actor *kernel.Actor, r *zhifa.AssessmentRun) bool {
	if !actor.LoggedIn() {
		return false
	}
	if actor.AgencyID == r.AgencyID && actor.Can(kernel.PermSupervise) {
		return true
	}
	return actor.Role == zhifa.RoleSupervisor && actor.InScope(r.ScopePath)
}

// visible loads a run for the actor: the bureau sees it whole; the staff of an assessed
// agency see an approved run with their own agency's results (and those of the agencies
// under theirs) only. Anything else answers as missing.
func (s *Service) visible(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.AssessmentRun, bool, error) {
	r, err := tx.AssessmentRun(ctx, id)
	if err != nil {
		return nil, false, err
	}
	if bureauOf(actor, r) {
		return r, true, nil
	}
	if r.Status == zhifa.AssessmentDraft || !actor.LoggedIn() {
		return nil, false, zhifa.NotFound("评议考核")
	}
	mine, err := tx.Agencies(ctx, actor.ScopePath) // the actor's subtree, one query
	if err != nil {
		return nil, false, err
	}
	ids := map[int64]bool{}
	for _, ag := range mine {
		ids[ag.ID] = true
	}
	var own []zhifa.AssessmentResult
	for _, res := range r.Results {
		if ids[res.AgencyID] {
			own = append(own, res)
		}
	}
	if len(own) == 0 {
		return nil, false, zhifa.NotFound("评议考核")
	}
	r.Results = own
	return r, false, nil
}

// view builds the run's view for the actor.
func (s *Service) view(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, r *zhifa.AssessmentRun, bureau bool) (*RunView, error) {
	sc, err := tx.AssessmentScheme(ctx, r.SchemeID)
	if err != nil {
		return nil, err
	}
	v := &RunView{AssessmentRun: r, Scheme: sc, Bureau: bureau}
	if !bureau {
		for i := range r.Results {
			r.Results[i].Adjustments = publicAdjustments(r.Results[i].Adjustments)
		}
		return v, nil
	}
	mine := actor.AgencyID == r.AgencyID
	v.MayAdjust = mine && manages(actor) && r.Status == zhifa.AssessmentDraft
	v.MayPublish = mine && manages(actor) && r.Status == zhifa.AssessmentApproved
	if mine && r.Status == zhifa.AssessmentDraft {
		if v.MayApprove, err = s.k.MayApprove(ctx, tx, actor, r.AgencyID, s.k.Today()); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// publicAdjustments keeps an adjustment's marks and reason for the agency assessed, not
// who made it.
func publicAdjustments(in []zhifa.AssessmentAdjustment) []zhifa.AssessmentAdjustment {
	out := make([]zhifa.AssessmentAdjustment, len(in))
	for i, a := range in {
		out[i] = zhifa.AssessmentAdjustment{Points: a.Points, Reason: a.Reason, At: a.At}
	}
	return out
}

// Get returns a run for the actor.
func (s *Service) Get(ctx context.Context, id int64) (*RunView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var v *RunView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		r, bureau, err := s.visible(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		v, err = s.view(ctx, tx, actor, r, bureau)
		return err
	})
	return v, err
}

// List lists the runs the actor may see, newest first, by keyset: the bureau's (and its
// subordinate governments'), or for an agency the approved runs that assess it.
func (s *Service) List(ctx context.Context, cursor string, limit int) ([]*zhifa.AssessmentRun, string, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, "", err
	}
	after, err := kernel.DecodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	f := zhifa.AssessmentRunFilter{Limit: kernel.PageLimit(limit)}
	if after != nil {
		f.After = after.ID
	}
	var out []*zhifa.AssessmentRun
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		if actor.Role == zhifa.RoleSupervisor {
			f.UnderPath = actor.ScopePath
		} else {
			// The runs over the actor's agency: for the head of a bureau its own runs too.
			f.Covering = actor.AgencyPath
		}
		runs, err := tx.AssessmentRuns(ctx, f)
		if err != nil {
			return err
		}
		for _, r := range runs {
			if bureauOf(actor, r) || r.Status != zhifa.AssessmentDraft {
				out = append(out, r)
			}
		}
		if len(runs) == f.Limit {
			cursor = kernel.EncodeCursor(zhifa.CaseKey{ID: runs[len(runs)-1].ID})
		} else {
			cursor = ""
		}
		return nil
	})
	return out, cursor, err
}

// AdjustInput is the bureau's deduction (negative) or addition to an agency's total,
// with its reason.
type AdjustInput struct {
	AgencyID int64   `json:"agency_id"`
	Points   float64 `json:"points"`
	Reason   string  `json:"reason"`
	Version  int     `json:"version"`
}

// MaxAdjust bounds one adjustment, in marks.
const MaxAdjust = 20

// Adjust adds a deduction or addition with its reason to an agency's result in a draft
// (a supervisor of the bureau); the run is re-ranked, and the audit line records it.
func (s *Service) Adjust(ctx context.Context, id int64, in AdjustInput) (*zhifa.AssessmentRun, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireManager(actor); err != nil {
		return nil, err
	}
	var out *zhifa.AssessmentRun
	err := s.k.Write(ctx, "assessment.adjust", func(tx zhifa.Tx, rec *kernel.Audit) error {
		// The run first: another bureau's answers as missing whatever the input.
		r, sc, err := s.ownDraft(ctx, tx, actor, id, in.Version, rec)
		if err != nil {
			return err
		}
		ck := kernel.NewChecker()
		ck.Text("reason", &in.Reason, true, MaxReason)
		if in.Points == 0 || in.Points < -MaxAdjust || in.Points > MaxAdjust {
			ck.Add("points", "加减分应在-20至20分之间且不为0")
		}
		if err := ck.Err(); err != nil {
			return err
		}
		res := r.Result(in.AgencyID)
		if res == nil {
			return kernel.FieldError("agency_id", "该机关不在本次考核范围内")
		}
		rec.Detail = fmt.Sprintf("%d年度评议考核 %s %+.2f分：%s", r.Year, res.AgencyName, in.Points, in.Reason)
		res.Adjustments = append(res.Adjustments, zhifa.AssessmentAdjustment{Points: law.Round2(in.Points), Reason: in.Reason,
			By: actor.UserID, ByName: actor.Name, At: s.k.Now()})
		rank(sc, r.Results)
		out = r
		return tx.UpdateAssessmentRun(ctx, r)
	})
	return out, err
}

// ownDraft loads a draft run of the actor's bureau at the version given, with its scheme.
func (s *Service) ownDraft(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64, version int, rec *kernel.Audit) (*zhifa.AssessmentRun, *zhifa.AssessmentScheme, error) {
	r, bureau, err := s.visible(ctx, tx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	rec.Object, rec.ObjectPath = kernel.ObjectRef("assessment", r.ID), r.ScopePath
	rec.Detail = strconv.Itoa(r.Year) + "年度行政执法评议考核"
	if !bureau || actor.AgencyID != r.AgencyID {
		return nil, nil, zhifa.Forbidden()
	}
	if r.Status != zhifa.AssessmentDraft {
		return nil, nil, zhifa.Errorf(zhifa.ECONFLICT, "评议考核结果已审定，不能再修改")
	}
	if version != r.Version {
		return nil, nil, zhifa.Errorf(zhifa.ECONFLICT, "评议考核结果已被他人修改，请刷新后重试")
	}
	sc, err := tx.AssessmentScheme(ctx, r.SchemeID)
	return r, sc, err
}

// Approve is the bureau head's own act (or a deputy's by the head's delegation): the
// draft's results become final, with a ledger entry holding their digest.
func (s *Service) Approve(ctx context.Context, id int64, version int) (*zhifa.AssessmentRun, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var out *zhifa.AssessmentRun
	err := s.k.Write(ctx, "assessment.approve", func(tx zhifa.Tx, rec *kernel.Audit) error {
		r, err := tx.AssessmentRun(ctx, id)
		if err != nil {
			return err
		}
		if actor.AgencyID != r.AgencyID && !bureauOf(actor, r) {
			return zhifa.NotFound("评议考核")
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("assessment", r.ID), r.ScopePath
		rec.Detail = strconv.Itoa(r.Year) + "年度行政执法评议考核"
		today := s.k.Today()
		ok, err := s.k.MayApprove(ctx, tx, actor, r.AgencyID, today)
		if err != nil {
			return err
		}
		if !ok {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "评议考核结果须由司法行政部门负责人（或受其委托的负责人）本人审定")
		}
		if r.Status != zhifa.AssessmentDraft {
			return zhifa.Errorf(zhifa.ECONFLICT, "评议考核结果已审定")
		}
		if version != r.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "评议考核结果已被他人修改，请刷新后重试")
		}
		d, err := digest(r.Results)
		if err != nil {
			return err
		}
		r.Status, r.ApprovedBy, r.ApprovedOn = zhifa.AssessmentApproved, actor.UserID, today
		r.Entry, err = s.entry(ctx, tx, "assessment.approve", map[string]string{
			"agency": strconv.FormatInt(r.AgencyID, 10), "entry": strconv.FormatInt(r.ID, 10), "date": today.String(),
			"version": strconv.Itoa(r.SchemeVersion), "year": strconv.Itoa(r.Year), "digest": d})
		if err != nil {
			return err
		}
		out = r
		return tx.UpdateAssessmentRun(ctx, r)
	})
	return out, err
}

// Publish publishes an approved run on the portal (a supervisor of the bureau, as the
// bureau decides), with a ledger entry holding the digest of what is published.
func (s *Service) Publish(ctx context.Context, id int64, version int) (*zhifa.AssessmentRun, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireManager(actor); err != nil {
		return nil, err
	}
	var out *zhifa.AssessmentRun
	err := s.k.Write(ctx, "assessment.publish", func(tx zhifa.Tx, rec *kernel.Audit) error {
		r, bureau, err := s.visible(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("assessment", r.ID), r.ScopePath
		rec.Detail = strconv.Itoa(r.Year) + "年度行政执法评议考核结果公布"
		if !bureau || actor.AgencyID != r.AgencyID {
			return zhifa.Forbidden()
		}
		switch {
		case r.Status == zhifa.AssessmentDraft:
			return zhifa.Errorf(zhifa.ECONFLICT, "评议考核结果尚未审定，不能公布")
		case r.Status == zhifa.AssessmentPublished:
			return zhifa.Errorf(zhifa.ECONFLICT, "评议考核结果已公布")
		case version != r.Version:
			return zhifa.Errorf(zhifa.ECONFLICT, "评议考核结果已被他人修改，请刷新后重试")
		}
		d, err := digest(PublicResults(r))
		if err != nil {
			return err
		}
		today := s.k.Today()
		r.Status, r.PublishedOn = zhifa.AssessmentPublished, today
		r.PublishEntry, err = s.entry(ctx, tx, "assessment.publish", map[string]string{
			"agency": strconv.FormatInt(r.AgencyID, 10), "entry": strconv.FormatInt(r.ID, 10), "date": today.String(),
			"year": strconv.Itoa(r.Year), "digest": d})
		if err != nil {
			return err
		}
		out = r
		return tx.UpdateAssessmentRun(ctx, r)
	})
	return out, err
}
