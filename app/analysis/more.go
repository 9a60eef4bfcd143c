package analysis

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// The further rules (issue 14, D5, H4): two more run in the step's transaction — a case
// closed without a penalty after its decision period (law.LongInvestigation), and a case
// whose officers act without a valid certificate for the item's domain
// (law.OfficersOutsideCertificate) — and two periodic ones a supervisor runs over their
// scope (Run): catalog items without a case in five years (law.IdleItemYears, B2),
// complaints clustered on one target (law.ComplaintCluster), and decisions taken without
// what must precede them — a major decision without a passed legal review
// (law.RuleMissingReview), a statutory step without its A/V record
// (law.MandatoryAVSteps). The gates refuse those steps; the run finds what got past them
// (data carried over from an earlier system, a gate bypassed).

// observeLong warns about a case ended without a penalty after its decision deadline
// (第六十条, as extended for the case).
func (s *Service) observeLong(ctx context.Context, r *kernel.StepRun) error {
	c := r.Case
	var due zhifa.Date
	for _, cl := range c.Clocks {
		if cl.Kind == zhifa.ClockDecision {
			due = cl.Due
		}
	}
	long, days := law.LongInvestigation(due, r.Day)
	if !long {
		return nil
	}
	w := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisLongNoPenalty, Subject: kernel.ObjectRef("case", c.ID), AgencyID: c.AgencyID,
		Rule: law.RuleLongNoPenalty,
		Finding: fmt.Sprintf("案件%s于%s立案，作出决定的期限至%s，%s以%s结案，超过期限%d日。",
			c.Number, c.State.FiledOn.Chinese(), due.Chinese(), r.Day.Chinese(), r.Step.Outcome.Label(), days),
		Evidence: []zhifa.AnalysisEvidence{{Kind: "case", ID: c.ID, Label: c.Number}}}
	return s.put(ctx, r.Tx, w)
}

// observeCertificates warns about a case whose officers, at a step of theirs, lack a
// valid certificate covering the item's domain. The case's facts already hold each
// officer's best certificate, so the rule costs no query unless it finds something; a
// warning closed by the supervisor stays closed when later steps find the same.
func (s *Service) observeCertificates(ctx context.Context, r *kernel.StepRun) error {
	if r.Step.Head || r.Step.Reviewer || r.Facts == nil {
		return nil
	}
	found := law.OfficersOutsideCertificate(r.Day, r.Facts.Domain, r.Facts.Officers, r.Facts.Certs)
	if len(found) == 0 {
		return nil
	}
	for i, f := range found {
		found[i] = withoutOfficerID(f)
	}
	c := r.Case
	domain := r.Facts.Domain
	if domain == "" {
		domain = "未限定"
	}
	w := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisOutsideCertificate, Subject: kernel.ObjectRef("case", c.ID), AgencyID: c.AgencyID,
		Rule: law.RuleOutsideCertificate, KeepClosed: true,
		Finding:  fmt.Sprintf("案件%s（执法领域：%s）%s时，%s。", c.Number, domain, r.Step.Label, strings.Join(found, "；")),
		Evidence: []zhifa.AnalysisEvidence{{Kind: "case", ID: c.ID, Label: c.Number}}}
	for _, oid := range c.OfficerIDs {
		w.Evidence = append(w.Evidence, zhifa.AnalysisEvidence{Kind: "officer", ID: oid, Label: officerLabel(r.Facts.Officers, oid)})
	}
	return s.putFinding(ctx, r.Tx, w)
}

// withoutOfficerID drops the "（12）" the case's facts key officers by, so users read the
// name only.
func withoutOfficerID(s string) string {
	open := strings.Index(s, "（")
	if open < 0 {
		return s
	}
	end := strings.Index(s[open:], "）")
	if end < 0 {
		return s
	}
	if _, err := strconv.ParseInt(s[open+len("（"):open+end], 10, 64); err != nil {
		return s
	}
	return s[:open] + s[open+end+len("）"):]
}

// officerLabel is the name of officer id among the facts' keys ("name（id）").
func officerLabel(keys []string, id int64) string {
	suffix := "（" + strconv.FormatInt(id, 10) + "）"
	for _, k := range keys {
		if strings.HasSuffix(k, suffix) {
			return strings.TrimSuffix(k, suffix)
		}
	}
	return "执法人员"
}

// putFinding stores a finding found again and again (periodic runs, later steps): its
// ledger entry is written when the warning is new, not at each refresh.
func (s *Service) putFinding(ctx context.Context, tx zhifa.Tx, w *zhifa.AnalysisWarning) error {
	if err := tx.PutAnalysisWarning(ctx, w); err != nil {
		return err
	}
	if w.Version > 1 {
		return nil
	}
	return s.entry(ctx, tx, w, "found")
}

// RunInput sets the complaint-cluster rule of a run; zero takes the defaults
// (law.ComplaintClusterThreshold complaints in law.ComplaintClusterDays days).
type RunInput struct {
	ComplaintThreshold int `json:"complaint_threshold,omitempty"`
	ComplaintDays      int `json:"complaint_days,omitempty"`
}

// RunResult counts the findings of a run (new or refreshed warnings).
type RunResult struct {
	IdleItems          int `json:"idle_items"`
	ComplaintClusters  int `json:"complaint_clusters"`
	MissingReviews     int `json:"missing_reviews"`
	MissingAV          int `json:"missing_av"`
	ComplaintThreshold int `json:"complaint_threshold"`
	ComplaintDays      int `json:"complaint_days"`
}

// idlePage is how many idle items one query returns; a run pages through its scope.
const idlePage = 200

// Run runs the periodic rules over the supervisor's scope in one transaction: catalog
// items held for five years without a case (B2), complaints clustered on one target
// within the window, major decisions without a passed legal review and statutory steps
// without their A/V record. A finding the supervisor closed stays closed when found again.
func (s *Service) Run(ctx context.Context, in RunInput) (*RunResult, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermSupervise); err != nil {
		return nil, err
	}
	if !isSupervisor(actor) {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只有司法行政部门的执法监督人员可以运行分析预警")
	}
	return s.run(ctx, actor, in)
}

// RunDaily runs the periodic rules over the whole installation with the default
// settings, as the system: serve runs it once a day (App.RunDailyJobs), so that the
// findings are there before a supervisor asks for them. Each scope's supervisors see
// the findings of their scope.
func (s *Service) RunDaily(ctx context.Context) (*RunResult, error) {
	actor := kernel.SystemActor("analysis")
	return s.run(kernel.WithActor(ctx, actor), actor, RunInput{})
}

// run runs the periodic rules over the actor's scope.
func (s *Service) run(ctx context.Context, actor *kernel.Actor, in RunInput) (*RunResult, error) {
	if in.ComplaintThreshold == 0 {
		in.ComplaintThreshold = law.ComplaintClusterThreshold
	}
	if in.ComplaintDays == 0 {
		in.ComplaintDays = law.ComplaintClusterDays
	}
	if bad := law.CheckComplaintClusterSettings(in.ComplaintThreshold, in.ComplaintDays); len(bad) > 0 {
		c := kernel.NewChecker()
		for f, msg := range bad {
			c.Add(f, msg)
		}
		return nil, c.Err()
	}
	res := &RunResult{ComplaintThreshold: in.ComplaintThreshold, ComplaintDays: in.ComplaintDays}
	err := s.k.Write(ctx, "analysis_run", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object, rec.ObjectPath = "analysis_run", actor.ScopePath
		n, err := s.runIdleItems(ctx, tx, actor.ScopePath)
		if err != nil {
			return err
		}
		res.IdleItems = n
		if res.ComplaintClusters, err = s.runClusters(ctx, tx, actor.ScopePath, in); err != nil {
			return err
		}
		if res.MissingReviews, err = s.runMissingReviews(ctx, tx, actor.ScopePath); err != nil {
			return err
		}
		if res.MissingAV, err = s.runMissingAV(ctx, tx, actor.ScopePath); err != nil {
			return err
		}
		rec.Detail = fmt.Sprintf("idle=%d clusters=%d reviews=%d av=%d", res.IdleItems, res.ComplaintClusters, res.MissingReviews, res.MissingAV)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// runIdleItems stores a warning for each item of the scope unused for five years.
func (s *Service) runIdleItems(ctx context.Context, tx zhifa.Tx, path string) (int, error) {
	today := s.k.Today()
	since := law.IdleSince(today)
	count := 0
	var after int64
	for {
		items, err := tx.IdleItems(ctx, path, since, law.IdleHeldBefore(today), after, idlePage)
		if err != nil {
			return 0, err
		}
		for _, it := range items {
			last := "此后未立案办理过案件"
			if it.LastFiled != "" {
				last = "最近一次立案在" + monthLabel(it.LastFiled)
			}
			w := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisIdleItem, Subject: kernel.ObjectRef("item", it.ItemID), AgencyID: it.AgencyID,
				Rule: law.RuleIdleItem, KeepClosed: true,
				Finding: fmt.Sprintf("执法事项“%s”（编码%s）自%s起连续%d年没有立案办理的案件（%s），建议列入取消、调整或者暂停实施的清单。",
					it.Name, it.Code, monthLabel(since), law.IdleItemYears, last),
				Evidence: []zhifa.AnalysisEvidence{{Kind: "item", ID: it.ItemID, Label: it.Code + " " + it.Name}}}
			if err := s.putFinding(ctx, tx, w); err != nil {
				return 0, err
			}
			count++
		}
		if len(items) < idlePage {
			return count, nil
		}
		after = items[len(items)-1].ItemID
	}
}

// monthLabel writes "2021-12" as 2021年12月.
func monthLabel(m string) string {
	y, mm, ok := strings.Cut(m, "-")
	if !ok {
		return m
	}
	n, err := strconv.Atoi(mm)
	if err != nil {
		return m
	}
	return fmt.Sprintf("%s年%d月", y, n)
}

// runClusters stores a warning for each cluster of complaints about one target.
func (s *Service) runClusters(ctx context.Context, tx zhifa.Tx, path string, in RunInput) (int, error) {
	since := s.k.Today().AddDays(-in.ComplaintDays + 1)
	clusters, err := tx.ComplaintClusters(ctx, path, since, in.ComplaintThreshold)
	if err != nil {
		return 0, err
	}
	count := 0
	for _, k := range clusters {
		if !law.ComplaintCluster(k.Count, in.ComplaintThreshold) {
			continue
		}
		// The target names a person or an enterprise: the subject keys it by digest.
		sum := sha256.Sum256([]byte(k.Target))
		w := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisComplaintCluster,
			Subject:  fmt.Sprintf("complaints/%d/%s/%x", k.AgencyID, k.Subject, sum[:12]),
			AgencyID: k.AgencyID, Rule: law.ComplaintClusterRule(k.Subject, in.ComplaintThreshold, in.ComplaintDays), KeepClosed: true,
			Finding: fmt.Sprintf("%s以来（%d日内）收到反映“%s”的%s共%d件，达到预警标准（%d件）。",
				since.Chinese(), in.ComplaintDays, k.Target, k.Subject.Label(), k.Count, in.ComplaintThreshold),
			Evidence: k.Complaints}
		if err := s.putFinding(ctx, tx, w); err != nil {
			return 0, err
		}
		count++
	}
	return count, nil
}

// ProblemOrigin returns the agency of a warning and the copy of it a problem raised from
// it keeps (supervision.WarningSource, wired by app); ENOTFOUND for none. The caller
// checks its own scope on the agency.
func (s *Service) ProblemOrigin(ctx context.Context, tx zhifa.Tx, id int64) (int64, *zhifa.ProblemOrigin, error) {
	w, err := tx.AnalysisWarning(ctx, id)
	if err != nil {
		return 0, nil, err
	}
	return w.AgencyID, &zhifa.ProblemOrigin{Kind: w.Kind, KindLabel: KindLabels[w.Kind], Rule: w.Rule, Finding: w.Finding,
		Evidence: w.Evidence}, nil
}

// LinkProblem records on a warning the problem raised from it, with its ledger entry;
// ECONFLICT when one was raised already.
func (s *Service) LinkProblem(ctx context.Context, tx zhifa.Tx, warningID, problemID int64) error {
	w, err := tx.AnalysisWarning(ctx, warningID)
	if err != nil {
		return err
	}
	if w.ProblemID != 0 {
		return zhifa.Errorf(zhifa.ECONFLICT, "该预警已列入突出问题清单")
	}
	if err := tx.SetAnalysisWarningProblem(ctx, warningID, problemID); err != nil {
		return err
	}
	w.ProblemID = problemID
	return s.entry(ctx, tx, w, "problem")
}

// runMissingReviews stores a warning for each major penalty decision of the scope whose
// case has no passed legal review (行政处罚法第五十八条).
func (s *Service) runMissingReviews(ctx context.Context, tx zhifa.Tx, path string) (int, error) {
	return s.runCaseFindings(ctx, tx, func(after int64) ([]zhifa.CaseFinding, error) {
		return tx.UnreviewedDecisions(ctx, path, after, idlePage)
	}, func(f zhifa.CaseFinding) *zhifa.AnalysisWarning {
		return &zhifa.AnalysisWarning{Kind: zhifa.AnalysisMissingReview, Subject: kernel.ObjectRef("case", f.CaseID), AgencyID: f.AgencyID,
			Rule:     law.RuleMissingReview,
			Finding:  fmt.Sprintf("案件%s于%s作出重大行政处罚决定并已报送备案，但没有审核通过的法制审核记录。", f.Number, f.On.Chinese()),
			Evidence: []zhifa.AnalysisEvidence{{Kind: "case", ID: f.CaseID, Label: f.Number}}}
	})
}

// runMissingAV stores a warning for each statutory step of the scope whose case has no
// A/V record naming its act (行政处罚法第四十七条, 国办发〔2018〕118号（八）).
func (s *Service) runMissingAV(ctx context.Context, tx zhifa.Tx, path string) (int, error) {
	count := 0
	for _, step := range law.MandatoryAVSteps() {
		n, err := s.runCaseFindings(ctx, tx, func(after int64) ([]zhifa.CaseFinding, error) {
			return tx.UnrecordedSteps(ctx, path, step.Action, step.Act, after, idlePage)
		}, func(f zhifa.CaseFinding) *zhifa.AnalysisWarning {
			return &zhifa.AnalysisWarning{Kind: zhifa.AnalysisMissingAV, Subject: fmt.Sprintf("case/%d/%s", f.CaseID, step.Act), AgencyID: f.AgencyID,
				Rule:     step.Rule,
				Finding:  fmt.Sprintf("案件%s于%s实施%s，但没有记录该行为的音像记录。", f.Number, f.On.Chinese(), step.Label),
				Evidence: []zhifa.AnalysisEvidence{{Kind: "case", ID: f.CaseID, Label: f.Number}}}
		})
		if err != nil {
			return 0, err
		}
		count += n
	}
	return count, nil
}

// runCaseFindings pages through a finding query and stores the warning of each finding.
func (s *Service) runCaseFindings(ctx context.Context, tx zhifa.Tx, page func(after int64) ([]zhifa.CaseFinding, error),
	warning func(zhifa.CaseFinding) *zhifa.AnalysisWarning) (int, error) {
	count := 0
	var after int64
	for {
		list, err := page(after)
		if err != nil {
			return 0, err
		}
		for _, f := range list {
			w := warning(f)
			w.KeepClosed = true
			if err := s.putFinding(ctx, tx, w); err != nil {
				return 0, err
			}
			count++
		}
		if len(list) < idlePage {
			return count, nil
		}
		after = list[len(list)-1].RefID
	}
}
