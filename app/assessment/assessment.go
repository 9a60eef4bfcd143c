// Package assessment is the bounded context of the assessment of agencies (评议考核,
// issue 14; REQUIREMENTS F2). It owns the justice bureau's versioned schemes of weighted
// indicators, the yearly run over the enforcement agencies of the bureau's government
// (figures computed from the data by grouped queries, plus the scored inputs: the public
// opinion survey and each agency's self-check), the bureau's adjustments with reasons,
// approval, ranking, drill-down to the records behind a figure, and publication.
//
// Who may do what:
//   - a supervisor of the justice bureau (its scope is its government's subtree) sets the
//     scheme, enters the survey, scores the self-checks, runs the assessment, adjusts a
//     draft and publishes an approved run;
//   - the head of the bureau (or a deputy by the head's delegation, Kernel.MayApprove)
//     approves a run as their own act;
//   - the head of an assessed agency files its self-check; the agency's staff see their
//     own result and its drill-down once the run is approved; other agencies' results
//     and any draft answer as missing;
//   - the public sees published runs: agency, marks per indicator, rank and grade.
package assessment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
	"zhifa/law"
	"zhifa/ledger"
)

// Service holds the use cases of the context.
type Service struct {
	k     kernel.Kernel
	blobs blob.Store // the self-checks' attachments (nil: none can be stored)
}

// New returns the context's service over the kernel.
func New(k kernel.Kernel) *Service {
	s := &Service{k: k}
	if b, ok := k.(BlobSource); ok {
		s.blobs = b.Blobs()
	}
	return s
}

// MaxNote bounds a reason, a self-check and a source, in characters.
const (
	MaxReason   = 500
	MaxSelfText = 8000
)

// ThreeSystems are the indicators of the three systems' compliance that a scheme must
// weigh (law.RuleThreeSystems): publication of decisions and the legal review of major
// decisions are computed from the data.
var ThreeSystems = []string{zhifa.IndPublicationOnTime, zhifa.IndReviewOnTime}

// DefaultIndicators is the scheme a bureau starts from (issue 14's list): 100 marks. The
// service, A/V, major-review and complaints-upheld indicators (migration 00047) came
// after schemes were saved; a saved scheme without them is still valid and shows them as
// optional (SchemeView.Optional). The A/V and major-review ones measure the three systems
// too (全过程记录, 法制审核) but are not required of a scheme (ThreeSystems), so that the
// bureau's earlier versions stay valid.
//
// 投诉举报查实率 scores like 纠错率, lower being better (Zero above Full): of the complaints
// about an agency's enforcement conduct answered in the year, the share found upheld in
// whole or in part (law.ComplaintUpheld). Each is an error the agency made (行政处罚法第七十五条
// 第二款), so fewer is better; half or more upheld earns nothing. Complaints about an
// enterprise's violation say nothing of the agency and are not counted (F2, F5).
func DefaultIndicators() []zhifa.AssessmentIndicator {
	return []zhifa.AssessmentIndicator{
		{Key: zhifa.IndDecisionOnTime, Name: "按期作出处理决定率", Points: 8, Zero: 0.8, Full: 1},
		{Key: zhifa.IndServiceOnTime, Name: "行政处罚决定书按期送达率", Points: 6, Zero: 0.8, Full: 1},
		{Key: zhifa.IndPublicationOnTime, Name: "执法决定按时公示率", Points: 8, Zero: 0.8, Full: 1},
		{Key: zhifa.IndAVCompliance, Name: "音像记录合规率", Points: 6, Zero: 0.9, Full: 1},
		{Key: zhifa.IndFilingOnTime, Name: "重大执法决定按时备案率", Points: 5, Zero: 0.8, Full: 1},
		{Key: zhifa.IndReviewOnTime, Name: "法制审核按期完成率", Points: 5, Zero: 0.8, Full: 1},
		{Key: zhifa.IndMajorReview, Name: "重大执法决定法制审核覆盖率", Points: 6, Zero: 0.9, Full: 1},
		{Key: zhifa.IndCorrection, Name: "纠错率（复议诉讼被撤销、变更、确认违法或无效）", Points: 8, Zero: 0.05, Full: 0},
		{Key: zhifa.IndComplaintsUpheld, Name: "执法监督投诉查实率", Points: 6, Zero: 0.5, Full: 0},
		{Key: zhifa.IndEvaluation, Name: "案卷评查平均得分", Points: 12, Zero: 0.6, Full: 0.9},
		{Key: zhifa.IndTraining, Name: "执法人员培训达标率", Points: 5, Zero: 0.5, Full: 1},
		{Key: zhifa.IndCertificates, Name: "持证执法率", Points: 5, Zero: 0.8, Full: 1},
		{Key: zhifa.IndAnnualReport, Name: "统计年报按时公开", Points: 4, Zero: 0, Full: 1},
		{Key: string(zhifa.InputSurvey), Name: "群众满意度测评", Points: 9, Zero: 0.6, Full: 1},
		{Key: string(zhifa.InputSelfCheck), Name: "年度自查报告", Points: 7, Zero: 0.6, Full: 1},
	}
}

// DefaultScheme is the unsaved default scheme of a bureau's year.
func DefaultScheme(bureauID int64, year int) *zhifa.AssessmentScheme {
	return &zhifa.AssessmentScheme{AgencyID: bureauID, Year: year, Name: "行政执法评议考核方案", Indicators: DefaultIndicators(),
		Excellent: 90, Good: 80, Pass: 60}
}

// manages reports whether the actor runs the assessment of its bureau: a supervisor of
// a justice bureau (whose scope is the government above it).
func manages(actor *kernel.Actor) bool {
	return actor.LoggedIn() && actor.Role == zhifa.RoleSupervisor && actor.UserID > 0 && actor.ScopePath != actor.AgencyPath
}

// requireManager answers the public with EUNAUTHORIZED and others with EFORBIDDEN.
func requireManager(actor *kernel.Actor) error {
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return err
	}
	if !manages(actor) {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "只有司法行政部门的执法监督人员可以组织评议考核")
	}
	return nil
}

// assessed reports whether the agency is assessed: an enforcement agency that is not
// itself the supervising justice bureau.
func assessed(ag *zhifa.Agency) bool {
	return (ag.Type == zhifa.AgencyAdministrative || ag.Type == zhifa.AgencyAuthorized) && !ag.Supervises
}

// countFilter is what the figures of a year are counted with, the rules from law.
func countFilter(scope string, year int, asOf zhifa.Date) zhifa.AssessmentCountFilter {
	var corrects []zhifa.ReviewOutcome
	for _, o := range zhifa.ReviewOutcomes {
		if law.Corrects(o) {
			corrects = append(corrects, o)
		}
	}
	var upheld []zhifa.ComplaintFinding
	for _, f := range zhifa.ComplaintFindings {
		if law.ComplaintUpheld(f) {
			upheld = append(upheld, f)
		}
	}
	return zhifa.AssessmentCountFilter{UnderPath: scope, Year: year, Corrects: corrects,
		MinTrainingHours: law.MinTrainingHours, ReportDue: law.AnnualReportDue(year), AsOf: asOf, Upheld: upheld}
}

// checkYear refuses a year the system cannot assess: before 2000 or after this one.
func checkYear(year int, today zhifa.Date) error {
	if year < 2000 || year > today.Year {
		return kernel.FieldError("year", "考核年度无效")
	}
	return nil
}

// digest is the SHA-256 of v as JSON, named in a ledger entry so that what was approved
// or published can be checked against it.
func digest(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// entry appends a ledger entry of the context: IDs, dates and digests only.
func (s *Service) entry(ctx context.Context, tx zhifa.Tx, kind string, meta map[string]string) (int64, error) {
	return s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: kind, Meta: meta})
}
