package supervision

import (
	"context"
	"sort"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// ReviewInput records or updates a reconsideration (行政复议) or lawsuit (行政诉讼) against a
// case's decision. On update, Kind, Applicant, Body, ReceivedOn and ViaAgency are kept as
// first recorded.
type ReviewInput struct {
	Version        int                 `json:"version"`
	Kind           zhifa.ReviewKind    `json:"kind"`
	Applicant      string              `json:"applicant"`
	Body           string              `json:"body"`
	ReceivedOn     zhifa.Date          `json:"received_on"`
	ViaAgency      bool                `json:"via_agency"`
	ForwardedOn    zhifa.Date          `json:"forwarded_on"`
	CopyReceivedOn zhifa.Date          `json:"copy_received_on"`
	AnsweredOn     zhifa.Date          `json:"answered_on"`
	AcceptedOn     zhifa.Date          `json:"accepted_on"`
	Simple         bool                `json:"simple"`
	Instance       int                 `json:"instance"`
	HeadAppears    bool                `json:"head_appears"`
	Appealed       bool                `json:"appealed"`
	Outcome        zhifa.ReviewOutcome `json:"outcome"`
	OutcomeOn      zhifa.Date          `json:"outcome_on"`
	Summary        string              `json:"summary"`
}

func (in *ReviewInput) check(today zhifa.Date, create bool) error {
	c := kernel.NewChecker()
	if create {
		if !in.Kind.Valid() {
			c.Add("kind", "请选择行政复议或行政诉讼")
		}
		c.Text("applicant", &in.Applicant, true, kernel.MaxShort)
		c.Text("body", &in.Body, true, kernel.MaxShort)
		if in.ReceivedOn.IsZero() || in.ReceivedOn.After(today) {
			c.Add("received_on", "请填写收到日期（不晚于今天）")
		}
	}
	c.Text("summary", &in.Summary, false, kernel.MaxText)
	if in.Outcome != "" && !in.Outcome.Valid() {
		c.Add("outcome", "结果无效")
	}
	if (in.Outcome == "") != in.OutcomeOn.IsZero() {
		c.Add("outcome_on", "结果和结果日期应同时填写")
	}
	for field, d := range map[string]zhifa.Date{"forwarded_on": in.ForwardedOn, "copy_received_on": in.CopyReceivedOn,
		"answered_on": in.AnsweredOn, "accepted_on": in.AcceptedOn} {
		if d.After(today) {
			c.Add(field, "日期不能晚于今天")
		}
	}
	if in.Kind == zhifa.ReviewLitigation && (in.Instance < 1 || in.Instance > 3) {
		c.Add("instance", "请选择审级（一审、二审或再审）")
	}
	if err := c.Err(); err != nil {
		return err
	}
	return law.CheckOutcomeDates(in.ReceivedOn, in.OutcomeOn, today)
}

// ReviewView is a reconsideration or lawsuit with its labels and clocks.
type ReviewView struct {
	*zhifa.Reconsideration
	KindLabel    string      `json:"kind_label"`
	OutcomeLabel string      `json:"outcome_label"`
	Corrects     bool        `json:"corrects"`
	Article      string      `json:"article,omitempty"`
	ClockViews   []ClockView `json:"clock_views"`
}

// mayRecord reports whether the actor records outcomes of the agency's decisions: the
// agency's own handlers, or the justice bureau's supervisors whose scope covers it (the
// government's reconsideration office sits there).
func mayRecord(actor *kernel.Actor, ag *zhifa.Agency) bool {
	if actor.AgencyID == ag.ID && actor.Can(kernel.PermHandleCases) {
		return true
	}
	return actor.Role == zhifa.RoleSupervisor && actor.InScope(ag.Path)
}

// MayRecordReviews reports whether the actor records reconsiderations and lawsuits of
// the case (so that pages show the forms only to them).
func (s *Service) MayRecordReviews(ctx context.Context, caseID int64) bool {
	actor := kernel.ActorFrom(ctx)
	may := false
	_ = s.k.Read(ctx, func(tx zhifa.Tx) error {
		_, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		may = err == nil && mayRecord(actor, ag)
		return nil
	})
	return may
}

// RecordReview records a reconsideration or lawsuit against a decided case.
func (s *Service) RecordReview(ctx context.Context, caseID int64, in ReviewInput) (*ReviewView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, err
	}
	if err := in.check(s.k.Today(), true); err != nil {
		return nil, err
	}
	var id int64
	err := s.k.Write(ctx, "review.record", func(tx zhifa.Tx, rec *kernel.Audit) error {
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if !mayRecord(actor, ag) {
			return zhifa.Forbidden()
		}
		if c.State.DecidedOn.IsZero() {
			return zhifa.Errorf(zhifa.EINVALID, "案件尚未作出决定，不能登记复议或诉讼")
		}
		r := &zhifa.Reconsideration{CaseID: c.ID, AgencyID: c.AgencyID, Kind: in.Kind, Applicant: in.Applicant, Body: in.Body,
			ReceivedOn: in.ReceivedOn, ViaAgency: in.ViaAgency && in.Kind == zhifa.ReviewReconsideration}
		if err := s.apply(ctx, r, &in); err != nil {
			return err
		}
		if err := tx.CreateReconsideration(ctx, r); err != nil {
			return err
		}
		id = r.ID
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("reconsideration", r.ID), ag.Path, c.Number+" "+r.Kind.Label()
		return s.afterOutcome(ctx, tx, c, r, "", "review.record")
	})
	if err != nil {
		return nil, err
	}
	s.rates.clear()
	return s.Review(ctx, id)
}

// UpdateReview records the progress or the outcome of a reconsideration or lawsuit.
func (s *Service) UpdateReview(ctx context.Context, id int64, in ReviewInput) (*ReviewView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "review.update", func(tx zhifa.Tx, rec *kernel.Audit) error {
		r, err := tx.Reconsideration(ctx, id)
		if err != nil {
			return err
		}
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, r.CaseID)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return zhifa.NotFound("复议诉讼记录")
		} else if err != nil {
			return err
		}
		if !mayRecord(actor, ag) {
			return zhifa.Forbidden()
		}
		if in.Version != r.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "复议诉讼记录已被他人修改，请刷新后重试")
		}
		in.Kind, in.ReceivedOn = r.Kind, r.ReceivedOn
		if err := in.check(s.k.Today(), false); err != nil {
			return err
		}
		before := r.Outcome
		if err := s.apply(ctx, r, &in); err != nil {
			return err
		}
		if err := tx.UpdateReconsideration(ctx, r); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("reconsideration", r.ID), ag.Path, c.Number+" "+r.Outcome.Label()
		return s.afterOutcome(ctx, tx, c, r, before, "review.update")
	})
	if err != nil {
		return nil, err
	}
	s.rates.clear()
	return s.Review(ctx, id)
}

// apply copies the progress fields of in onto r and recomputes its clocks.
func (s *Service) apply(ctx context.Context, r *zhifa.Reconsideration, in *ReviewInput) error {
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return err
	}
	r.ForwardedOn, r.CopyReceivedOn, r.AnsweredOn, r.AcceptedOn = in.ForwardedOn, in.CopyReceivedOn, in.AnsweredOn, in.AcceptedOn
	r.Simple, r.HeadAppears, r.Appealed, r.Outcome, r.OutcomeOn, r.Summary = in.Simple, in.HeadAppears, in.Appealed, in.Outcome, in.OutcomeOn, in.Summary
	if r.Kind == zhifa.ReviewLitigation {
		r.Instance = in.Instance
		r.ForwardedOn, r.CopyReceivedOn, r.AnsweredOn, r.AcceptedOn, r.Simple = zhifa.Date{}, zhifa.Date{}, zhifa.Date{}, zhifa.Date{}, false
		r.Clocks = []zhifa.Clock{}
		return nil
	}
	r.Instance, r.HeadAppears, r.Appealed = 0, false, false
	r.Clocks = law.ReconClocks(cal, r)
	if r.Clocks == nil {
		r.Clocks = []zhifa.Clock{}
	}
	return nil
}

// afterOutcome appends the record's ledger entry and, when an outcome that corrects the
// decision is newly given, marks the case with an entry of its own linked to the case
// and tells the OnCorrected functions (the publication's withdrawal).
func (s *Service) afterOutcome(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, r *zhifa.Reconsideration, before zhifa.ReviewOutcome, kind string) error {
	meta := map[string]string{"review": strconv.FormatInt(r.ID, 10), "case": strconv.FormatInt(c.ID, 10),
		"kind": string(r.Kind), "outcome": string(r.Outcome)}
	if _, err := s.k.AppendCaseEntry(ctx, tx, c, &ledger.Entry{Kind: kind, Case: strconv.FormatInt(c.ID, 10), Meta: meta}); err != nil {
		return err
	}
	if !law.Corrects(r.Outcome) || r.Outcome == before || c.State.Corrected != "" {
		return nil
	}
	c.State.Corrected = r.Outcome
	if err := tx.UpdateCase(ctx, c); err != nil {
		return err
	}
	if _, err := s.k.AppendCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "case.corrected", Case: strconv.FormatInt(c.ID, 10),
		Meta: map[string]string{"case": strconv.FormatInt(c.ID, 10), "review": strconv.FormatInt(r.ID, 10),
			"outcome": string(r.Outcome), "on": r.OutcomeOn.String()}}); err != nil {
		return err
	}
	reason := r.Kind.Label() + "结果：" + r.Outcome.Label()
	for _, fn := range s.corrected {
		if err := fn(ctx, tx, c.ID, reason); err != nil {
			return err
		}
	}
	return nil
}

// Review shows one reconsideration or lawsuit to whoever may read its case.
func (s *Service) Review(ctx context.Context, id int64) (*ReviewView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var v *ReviewView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		r, err := tx.Reconsideration(ctx, id)
		if err != nil {
			return err
		}
		if _, _, err := s.k.VisibleCase(ctx, tx, actor, r.CaseID); zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return zhifa.NotFound("复议诉讼记录")
		} else if err != nil {
			return err
		}
		v, err = s.reviewView(ctx, r)
		return err
	})
	return v, err
}

// CaseReviews lists the reconsiderations and lawsuits of a case the actor may read.
func (s *Service) CaseReviews(ctx context.Context, caseID int64) ([]*ReviewView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var out []*ReviewView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		if _, _, err := s.k.VisibleCase(ctx, tx, actor, caseID); err != nil {
			return err
		}
		list, err := tx.CaseReconsiderations(ctx, caseID)
		if err != nil {
			return err
		}
		for _, r := range list {
			v, err := s.reviewView(ctx, r)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

func (s *Service) reviewView(ctx context.Context, r *zhifa.Reconsideration) (*ReviewView, error) {
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	v := &ReviewView{Reconsideration: r, KindLabel: r.Kind.Label(), OutcomeLabel: r.Outcome.Label(), Corrects: law.Corrects(r.Outcome)}
	if r.Kind == zhifa.ReviewReconsideration {
		v.Article = law.OutcomeArticle[r.Outcome]
	}
	today := s.k.Today()
	for _, c := range r.Clocks {
		v.ClockViews = append(v.ClockViews, ClockView{Clock: c, Label: law.ReconClockLabel(c.Kind), Status: law.ClockStatus(cal, today, c)})
	}
	return v, nil
}

// RateRow is the correction rate of one agency or one government in a year.
type RateRow struct {
	Name       string `json:"name"`
	Government bool   `json:"government"`
	Decisions  int    `json:"decisions"`
	Corrected  int    `json:"corrected"`
	// Permille is the rate in per mille, Percent its text ("5.2%").
	Permille int    `json:"permille"`
	Percent  string `json:"percent"`
	// Warning: above the 5% ceiling (REQUIREMENTS F7).
	Warning bool `json:"warning"`
}

// Rates is the correction-rate table of a year.
type Rates struct {
	Year      int       `json:"year"`
	Rule      string    `json:"rule"`
	Threshold string    `json:"threshold"`
	Rows      []RateRow `json:"rows"`
}

// correcting lists the outcomes that count as corrections.
func correcting() []zhifa.ReviewOutcome {
	var out []zhifa.ReviewOutcome
	for _, o := range zhifa.ReviewOutcomes {
		if law.Corrects(o) {
			out = append(out, o)
		}
	}
	return out
}

// CorrectionRates gives supervisors the correction rate (纠错率) of the year per agency
// of their scope and per government (its agencies summed), with a warning above 5%.
func (s *Service) CorrectionRates(ctx context.Context, year int) (*Rates, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermSupervise); err != nil {
		return nil, err
	}
	if year < 2000 || year > s.k.Today().Year {
		return nil, kernel.FieldError("year", "年度无效")
	}
	key := actor.ScopePath + " " + strconv.Itoa(year)
	if cached := s.rates.get(key, s.k.Now()); cached != nil {
		return cached, nil
	}
	out := &Rates{Year: year, Rule: law.RuleCorrectionRate, Threshold: percent(law.CorrectionThresholdPermille), Rows: []RateRow{}}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		stats, err := tx.CorrectionStats(ctx, actor.ScopePath, year, correcting())
		if err != nil {
			return err
		}
		agencies, err := tx.Agencies(ctx, actor.ScopePath)
		if err != nil {
			return err
		}
		byID := map[int64]*zhifa.Agency{}
		for _, a := range agencies {
			byID[a.ID] = a
		}
		govs := map[int64]*RateRow{}
		var govOrder []int64
		for _, st := range stats {
			out.Rows = append(out.Rows, rateRow(st.AgencyName, false, st.Decisions, st.Corrected))
			g := governmentOf(byID, byID[st.AgencyID])
			if g == nil {
				continue
			}
			if govs[g.ID] == nil {
				govs[g.ID] = &RateRow{Name: g.Name, Government: true}
				govOrder = append(govOrder, g.ID)
			}
			govs[g.ID].Decisions += st.Decisions
			govs[g.ID].Corrected += st.Corrected
		}
		sort.Slice(govOrder, func(i, j int) bool { return byID[govOrder[i]].Path < byID[govOrder[j]].Path })
		var rows []RateRow
		for _, id := range govOrder {
			g := govs[id]
			rows = append(rows, rateRow(g.Name, true, g.Decisions, g.Corrected))
		}
		out.Rows = append(rows, out.Rows...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.rates.put(key, out, s.k.Now().Add(RateCacheTTL))
	return out, nil
}

// governmentOf is the nearest government at or above the agency within the loaded
// agencies, nil when it lies outside them.
func governmentOf(byID map[int64]*zhifa.Agency, a *zhifa.Agency) *zhifa.Agency {
	for a != nil && a.Type != zhifa.AgencyGovernment {
		a = byID[a.ParentID]
	}
	return a
}

func rateRow(name string, gov bool, decisions, corrected int) RateRow {
	p := law.CorrectionRate(corrected, decisions)
	return RateRow{Name: name, Government: gov, Decisions: decisions, Corrected: corrected, Permille: p, Percent: percent(p),
		Warning: law.CorrectionWarning(corrected, decisions)}
}

func percent(permille int) string {
	return strconv.Itoa(permille/10) + "." + strconv.Itoa(permille%10) + "%"
}
