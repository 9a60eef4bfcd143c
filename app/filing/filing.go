// Package filing is the bounded context of the filings with the justice bureau (备案审查,
// REQUIREMENTS F6; law/filing.go). A major penalty decision (law.Major) and a compulsory
// measure (seize) are filed automatically in the transaction of the step (a stage of the
// case-step pipeline), with the justice bureau of the deciding agency's government: the
// agency under that government with a supervisor account. Benchmark versions and
// four-list changes are filed the same way by the catalog in the transaction of the save
// (rule filings, rules.go: FileBenchmark, FileListEntry).
//
// Who may do what: everyone with PermStaff sees the filings of the agencies in their
// scope (supervisors: every agency of their government; others: their own agency's
// subtree); a filing outside the scope answers like a missing one. Only supervisors
// (执法监督人员) of the bureau a filing was filed with review it, marking it 已审查 or 责令纠正
// with a remark. Each review is one filing event, one audit line and one ledger entry.
package filing

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// Service is the filing context over the kernel.
type Service struct {
	k kernel.Kernel
}

// New returns the filing context over k.
func New(k kernel.Kernel) *Service { return &Service{k: k} }

// Stages are the context's part of a case step: a major penalty decision or a compulsory
// measure is filed once the case row is saved.
func (s *Service) Stages() []kernel.Stage {
	return []kernel.Stage{{Name: "filing", Phase: kernel.PhaseSaved, Run: s.fileDecision}}
}

// FilingView is a filing with its names and deadline state.
type FilingView struct {
	*zhifa.Filing
	// Title names what is filed: the case number, or the rule and its version.
	Title        string `json:"title"`
	AgencyName   string `json:"agency_name"`
	ToAgencyName string `json:"to_agency_name"`
	KindLabel    string `json:"kind_label"`
	StatusLabel  string `json:"status_label"`
	// Late is set when the filing was made after its deadline; Warning says so.
	Late    bool   `json:"late"`
	Warning string `json:"warning,omitempty"`
	Rule    string `json:"rule"`
}

// FilingList is one page of filings with the counts the supervisor's list warns about.
type FilingList struct {
	Filings []*FilingView `json:"filings"`
	// Total counts the matching filings up to zhifa.CountCap; above it Total is
	// CountCap+1, TotalCapped is set and TotalText reads "1000+" (issue #11).
	Total       int    `json:"total"`
	TotalCapped bool   `json:"total_capped"`
	TotalText   string `json:"total_text"`
	// Next is the cursor of the next page ("" on the last page).
	Next string `json:"next"`
	// Pending counts the filings in scope awaiting review; Late those filed late. Both
	// are capped like Total; PendingText and LateText are how they are shown.
	Pending     int    `json:"pending"`
	PendingText string `json:"pending_text"`
	Late        int    `json:"late"`
	LateText    string `json:"late_text"`
}

// FilingCase is the filed case's summary as the supervisor sees it: personal data masked.
type FilingCase struct {
	ID        int64           `json:"id"`
	Number    string          `json:"number"`
	Kind      string          `json:"kind"`
	Procedure string          `json:"procedure"`
	ItemCode  string          `json:"item_code"`
	ItemName  string          `json:"item_name"`
	Parties   []zhifa.Party   `json:"parties"`
	Facts     string          `json:"facts"`
	Stage     string          `json:"stage"`
	Outcome   string          `json:"outcome"`
	DecidedOn zhifa.Date      `json:"decided_on,omitempty"`
	FineFen   int64           `json:"fine_fen,omitempty"`
	Proposal  *zhifa.Proposal `json:"proposal,omitempty"`
	Transfer  string          `json:"transfer,omitempty"`
}

// FilingDetail is one filing with its case summary, the case's legal-review record (E1)
// and the review history of the filing.
type FilingDetail struct {
	FilingView
	// Case is the filed case (case filings); Subject the filed rule version (rule filings).
	Case    FilingCase           `json:"case"`
	Subject *FilingSubject       `json:"subject,omitempty"`
	Reviews []*zhifa.ReviewRound `json:"reviews"`
	Events  []*zhifa.FilingEvent `json:"events"`
	// CanReview tells whether the actor may review the filing now.
	CanReview bool `json:"can_review"`
}

// FilingFilter selects filings: kind, status, late only, agency, and a page.
type FilingFilter struct {
	Kind     zhifa.FilingKind
	Status   zhifa.FilingStatus
	Late     bool
	AgencyID int64
	// Cursor is the Next of the previous page ("" for the first); Page.Offset is ignored.
	Cursor string
	zhifa.Page
}

// FilingReviewInput is a supervisor's review of a filing: result reviewed (已审查) or
// correction (责令纠正, remark required), on the version seen.
type FilingReviewInput struct {
	Version int                `json:"version"`
	Result  zhifa.FilingStatus `json:"result"`
	Remark  string             `json:"remark,omitempty"`
}

// fileDecision files the case with the justice bureau when the step is a major penalty
// decision or a compulsory measure (law.FilingKindOf). It runs in Act's transaction after
// the case is saved and returns the event detail and ledger metadata.
func (s *Service) fileDecision(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
	tx, c, ag, facts, day := r.Tx, r.Case, r.Agency, r.Facts, r.Day
	kind, ok := law.FilingKindOf(c, r.Step.Action, facts != nil && facts.Major)
	if !ok {
		return "", nil, nil
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return "", nil, err
	}
	item, err := tx.Item(ctx, c.ItemID)
	if err != nil {
		return "", nil, err
	}
	bureau, err := kernel.JusticeBureau(ctx, tx, ag)
	if err != nil {
		return "", nil, err
	}
	f := &zhifa.Filing{CaseID: c.ID, CaseNumber: c.Number, AgencyID: c.AgencyID, Kind: kind, Summary: decisionSummary(c, item),
		DecidedOn: day, Due: law.FilingDue(cal, day).Date, FiledAt: s.k.Now(), Status: zhifa.FilingFiled, Reasons: []string{}}
	if kind == zhifa.FilingCompulsory {
		f.Reasons = append(f.Reasons, "实施行政强制措施（查封、扣押）")
	} else {
		for _, r := range facts.MajorReasons {
			f.Reasons = append(f.Reasons, r.Text+"（"+r.Clause+"）")
		}
	}
	to := "本级人民政府司法行政部门"
	if bureau != nil {
		f.ToAgencyID, to = bureau.ID, bureau.Name
	}
	if err := tx.CreateFiling(ctx, f); err != nil {
		return "", nil, err
	}
	return "已报" + to + "备案", map[string]string{"id": strconv.FormatInt(f.ID, 10), "kind": string(kind),
		"to": strconv.FormatInt(f.ToAgencyID, 10)}, nil
}

// decisionSummary describes what the case decided, for the filing's snapshot.
func decisionSummary(c *zhifa.Case, item *zhifa.Item) string {
	var parts []string
	parts = append(parts, "执法事项："+item.Code+" "+item.Name)
	var names []string
	for _, p := range c.Parties {
		names = append(names, p.Name)
	}
	parts = append(parts, "当事人："+strings.Join(names, "、"))
	st := c.State
	if c.Kind == zhifa.CaseCompulsory {
		parts = append(parts, "查封、扣押，期限至"+c.Clock(zhifa.ClockSeizure).Due.Chinese())
	} else {
		if p := st.Proposal; p != nil && len(p.Penalties) > 0 {
			parts = append(parts, "处罚种类："+strings.Join(p.Penalties, "、"))
		}
		if st.FineFen > 0 {
			parts = append(parts, "罚款"+law.Yuan(st.FineFen)+"元")
		}
		if st.Warning {
			parts = append(parts, "警告")
		}
	}
	return strings.Join(parts, "；")
}

// filingView names the filing's agencies, read through agencies (nil for none), and
// states its deadline.
func (s *Service) view(ctx context.Context, tx zhifa.Tx, f *zhifa.Filing, agencies map[int64]*zhifa.Agency) (*FilingView, error) {
	v := &FilingView{Filing: f, Title: Title(f), KindLabel: f.Kind.Label(), StatusLabel: f.Status.Label(), Late: f.Late(), Rule: law.RuleFiling,
		ToAgencyName: "本级人民政府司法行政部门"}
	ag, err := kernel.CachedAgency(ctx, tx, agencies, f.AgencyID)
	if err != nil {
		return nil, err
	}
	v.AgencyName = ag.Name
	if f.ToAgencyID != 0 {
		to, err := kernel.CachedAgency(ctx, tx, agencies, f.ToAgencyID)
		if err != nil {
			return nil, err
		}
		v.ToAgencyName = to.Name
	}
	if v.Late {
		v.Warning = fmt.Sprintf("逾期备案：应于%s前备案，实际备案于%s", f.Due.Chinese(), zhifa.DateOf(f.FiledAt).Chinese())
	}
	return v, nil
}

// Filings lists the filings in the actor's scope, newest first, with the counts of those
// awaiting review and those filed late.
func (s *Service) Filings(ctx context.Context, f FilingFilter) (*FilingList, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return nil, kernel.FieldError("kind", "备案类别应为行政处罚、行政强制、行政许可、裁量基准或四张清单")
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, kernel.FieldError("status", "审查状态应为待审查、已审查或责令纠正")
	}
	after, err := kernel.DecodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	if after != nil && !after.Due.IsZero() {
		return nil, kernel.FieldError("cursor", "分页位置与筛选条件不符，请从第一页重新浏览")
	}
	sf := zhifa.FilingFilter{UnderPath: actor.ScopePath, AgencyID: f.AgencyID, Kind: f.Kind, Status: f.Status, Late: f.Late,
		Page: zhifa.Page{Limit: kernel.PageLimit(f.Limit)}}
	if after != nil {
		sf.AfterID = after.ID
	}
	out := &FilingList{Filings: []*FilingView{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, total, err := tx.Filings(ctx, sf)
		if err != nil {
			return err
		}
		out.Total, out.TotalCapped, out.TotalText = total, total > zhifa.CountCap, kernel.CountText(total)
		if len(list) == sf.Limit {
			out.Next = kernel.EncodeCursor(zhifa.CaseKey{ID: list[len(list)-1].ID})
		}
		agencies := map[int64]*zhifa.Agency{}
		for _, x := range list {
			v, err := s.view(ctx, tx, x, agencies)
			if err != nil {
				return err
			}
			out.Filings = append(out.Filings, v)
		}
		one := zhifa.Page{Limit: 1}
		if _, out.Pending, err = tx.Filings(ctx, zhifa.FilingFilter{UnderPath: actor.ScopePath, Status: zhifa.FilingFiled, Page: one}); err != nil {
			return err
		}
		if _, out.Late, err = tx.Filings(ctx, zhifa.FilingFilter{UnderPath: actor.ScopePath, Late: true, Page: one}); err != nil {
			return err
		}
		out.PendingText, out.LateText = kernel.CountText(out.Pending), kernel.CountText(out.Late)
		return nil
	})
	return out, err
}

// visibleFiling returns the filing and its agency if the actor may read it.
func (s *Service) visible(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.Filing, *zhifa.Agency, error) {
	f, err := tx.Filing(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ag, err := tx.Agency(ctx, f.AgencyID)
	if err != nil {
		return nil, nil, err
	}
	if !actor.InScope(ag.Path) {
		return nil, nil, zhifa.NotFound("备案")
	}
	return f, ag, nil
}

// mayReviewFiling tells whether the actor reviews the filing: a supervisor (执法监督人员)
// of the justice bureau it was filed with, and no one else (issue 9 §2).
func mayReviewFiling(actor *kernel.Actor, f *zhifa.Filing) bool {
	return actor.Can(kernel.PermSupervise) && actor.Role == zhifa.RoleSupervisor && f.ToAgencyID != 0 &&
		actor.AgencyID == f.ToAgencyID && actor.AgencyID != f.AgencyID
}

// Filing returns one filing with the filed case's summary, its legal-review rounds and
// the filing's review history.
func (s *Service) Filing(ctx context.Context, id int64) (*FilingDetail, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var d *FilingDetail
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		f, _, err := s.visible(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		v, err := s.view(ctx, tx, f, nil)
		if err != nil {
			return err
		}
		d = &FilingDetail{FilingView: *v, Reviews: []*zhifa.ReviewRound{}, Events: []*zhifa.FilingEvent{},
			CanReview: mayReviewFiling(actor, f) && f.Status != zhifa.FilingReviewed}
		if f.Kind.OfRule() {
			if d.Subject, err = s.ruleSubject(ctx, tx, f); err != nil {
				return err
			}
			events, err := tx.FilingEvents(ctx, f.ID)
			if events != nil {
				d.Events = events
			}
			return err
		}
		c, err := tx.Case(ctx, f.CaseID)
		if err != nil {
			return err
		}
		item, err := tx.Item(ctx, c.ItemID)
		if err != nil {
			return err
		}
		for i := range c.Parties {
			c.Parties[i].IDNumber, c.Parties[i].Phone = "", kernel.MaskPhone(c.Parties[i].Phone)
		}
		d.Case = FilingCase{ID: c.ID, Number: c.Number, Kind: c.Kind.Label(), Procedure: c.Procedure.Label(), ItemCode: item.Code,
			ItemName: item.Name, Parties: c.Parties, Facts: c.Facts, Stage: c.Stage.Label(), Outcome: c.Outcome.Label(),
			DecidedOn: c.State.DecidedOn, FineFen: c.State.FineFen, Proposal: c.State.Proposal}
		if c.State.Transfer != zhifa.TransferNone {
			d.Case.Transfer = c.State.Transfer.Label()
		}
		rounds, err := tx.ReviewRounds(ctx, c.ID)
		if err != nil {
			return err
		}
		if rounds != nil {
			d.Reviews = rounds
		}
		events, err := tx.FilingEvents(ctx, f.ID)
		if events != nil {
			d.Events = events
		}
		return err
	})
	return d, err
}

// ReviewFiling records a supervisor's review of a filing: 已审查 (reviewed) with an
// optional remark, or 责令纠正 (correction) with the remark saying what to correct. A
// filing marked reviewed is final; one ordered to correct is reviewed again later.
func (s *Service) ReviewFiling(ctx context.Context, id int64, in FilingReviewInput) (*FilingDetail, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermSupervise); err != nil {
		return nil, err
	}
	chk := kernel.NewChecker()
	chk.Text("remark", &in.Remark, in.Result == zhifa.FilingCorrection, 1000)
	if in.Result != zhifa.FilingReviewed && in.Result != zhifa.FilingCorrection {
		chk.Add("result", "审查结果应为已审查或责令纠正")
	}
	if err := chk.Err(); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "filing.review", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object = kernel.ObjectRef("filing", id)
		f, ag, err := s.visible(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		if !mayReviewFiling(actor, f) {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只有司法行政部门的执法监督人员可以审查备案")
		}
		if in.Version != f.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "备案已被他人审查（当前版本%d），请刷新后重试", f.Version)
		}
		if f.Status == zhifa.FilingReviewed {
			return zhifa.Errorf(zhifa.EINVALID, "该备案已审查完毕")
		}
		now := s.k.Now()
		f.Status, f.Remark, f.ReviewerID, f.Reviewer, f.ReviewedAt = in.Result, in.Remark, actor.UserID, actor.Login, &now
		if err := tx.UpdateFiling(ctx, f); err != nil {
			return err
		}
		if err := tx.AddFilingEvent(ctx, &zhifa.FilingEvent{FilingID: f.ID, At: now, ActorID: actor.UserID, Actor: actor.Login,
			Status: in.Result, Remark: in.Remark}); err != nil {
			return err
		}
		if f.Kind.OfRule() {
			rec.Detail = Title(f) + " " + in.Result.Label()
			return s.ruleFilingEntry(ctx, tx, f, in)
		}
		c, err := tx.Case(ctx, f.CaseID)
		if err != nil {
			return err
		}
		rec.Detail = c.Number + " " + in.Result.Label()
		meta := map[string]string{"filing": strconv.FormatInt(f.ID, 10), "case": strconv.FormatInt(c.ID, 10),
			"result": string(in.Result), "version": strconv.Itoa(f.Version)}
		if in.Remark != "" {
			meta["remark"] = in.Remark
		}
		_, err = s.k.AppendCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "filing.review", Meta: meta})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Filing(ctx, id)
}
