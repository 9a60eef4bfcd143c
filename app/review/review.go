// Package review is the bounded context of the legal review of major enforcement
// decisions (重大执法决定法制审核, issue #5; REQUIREMENTS E1–E6): the review rounds taken
// through the steps of a case, the assignment of a reviewer, the reviewer's queue, the
// agencies' major-decision catalogs (重大执法决定法制审核目录清单, E3, B5) and the reviewer
// pools (E2).
//
// Who may do what:
//   - The handling agency (PermHandleCases) marks a case major (mark_major), submits it
//     for review (submit_review) with the materials of its checklist and a reviewer of its
//     review unit or of a pool serving it, answers each problem and resubmits (resubmit),
//     or refuses an opinion (refuse_opinion).
//   - Only the reviewer assigned to the round (PermReviewCases) gives its opinion
//     (review_opinion) on every review point, and only reviewers have a queue.
//   - A head, or the deputy of a delegation the head configured, coordinates a dispute
//     (coordinate), the heads discuss it (discuss), and a head approves (approve) the
//     proposal revision that passed; decide checks it (law.CheckMajorDecision) and names
//     the people responsible (E5).
//   - Everyone on the staff reads the catalogs and pools in scope; admins
//     (PermManageCatalog) edit the catalogs of agencies in their scope and the pools. A
//     catalog marked as a template is what the agencies below adopt: an agency below a
//     template keeps a catalog based on the template's latest version and may only tighten
//     it (law.CheckCatalog). Every change is a new version and one ledger entry.
//
// Each review step is one step of the case (App.Act): one transaction, one case event, one
// ledger entry; this context's part runs as a stage of the step (Stages).
package review

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/workday"
)

// Service is the legal-review context over the kernel.
type Service struct {
	k kernel.Kernel
}

// New returns the legal-review context over k.
func New(k kernel.Kernel) *Service { return &Service{k: k} }

// Stages are the context's part of a case step: the review steps change the case's
// review state and rounds before the case moves (kernel.PhaseApplied), and a decision
// names who is responsible for it.
func (s *Service) Stages() []kernel.Stage {
	return []kernel.Stage{{Name: "review", Phase: kernel.PhaseApplied, Run: s.step}}
}

// Permission is the permission a case step needs: the reviewer's own step needs
// PermReviewCases, every other step PermHandleCases.
func Permission(action zhifa.Action) kernel.Permission {
	if law.IsReviewerStep(action) {
		return kernel.PermReviewCases
	}
	return kernel.PermHandleCases
}

// reviewActions are the actions step handles.
var reviewActions = []zhifa.Action{zhifa.ActMarkMajor, zhifa.ActSubmitReview, zhifa.ActReviewOpinion, zhifa.ActResubmit,
	zhifa.ActRefuseOpinion, zhifa.ActCoordinate, zhifa.ActDiscuss, zhifa.ActApprove, zhifa.ActDecide}

// step applies the review part of a step to the case (and its rounds) before the case is
// saved; it returns a detail for the event and fields for the ledger entry.
func (s *Service) step(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
	if !slices.Contains(reviewActions, r.Step.Action) {
		return "", nil, nil
	}
	in, c, tx := r.Input, r.Case, r.Tx
	ri := in.Review
	if ri == nil {
		ri = &kernel.ReviewInput{}
	}
	st := &c.State
	rounds, err := tx.ReviewRounds(ctx, c.ID)
	if err != nil {
		return "", nil, err
	}
	var last *zhifa.ReviewRound
	if len(rounds) > 0 {
		last = rounds[len(rounds)-1]
	}
	status := ""
	if st.Review != nil {
		status = st.Review.Status
	}
	switch r.Step.Action {
	case zhifa.ActMarkMajor:
		clause := strings.TrimSpace(ri.Clause)
		if clause == "" {
			clause = "承办机构认定（国办发〔2018〕118号（十二））"
		}
		if len([]rune(clause)) > 100 {
			return "", nil, kernel.FieldError("review.clause", "条款不能超过100字")
		}
		st.MajorAdded = append(st.MajorAdded, zhifa.MajorReason{Source: "handler", Clause: clause, Text: in.Reason})
		return "添加重大执法决定情形：" + clause, map[string]string{"major_clause": clause}, nil

	case zhifa.ActSubmitReview, zhifa.ActResubmit:
		if r.Step.Action == zhifa.ActSubmitReview {
			switch {
			case status == "":
			case status == zhifa.ReviewPassed && !law.ReviewPassedFor(c):
				// The proposal changed after the pass: review reopens (E1).
			case status == zhifa.ReviewPassed:
				return "", nil, zhifa.Errorf(zhifa.EINVALID, "法制审核已通过，拟处理决定未修改，无需重新报送")
			case status == zhifa.ReviewProblems:
				return "", nil, zhifa.Errorf(zhifa.EINVALID, "审核意见指出存在问题，请逐项答复后“修改后重新报送法制审核”")
			default:
				return "", nil, zhifa.Errorf(zhifa.EINVALID, "本案法制审核正在进行（%s）", law.ReviewStatusLabel(status))
			}
		} else if status != zhifa.ReviewProblems || last == nil {
			return "", nil, zhifa.Errorf(zhifa.EINVALID, "只有审核意见指出存在问题后才能重新报送")
		}
		return s.submitRound(ctx, tx, r.Cal, c, r.Agency, r.Step.Action, ri, last, r.Actor, r.Day)

	case zhifa.ActReviewOpinion:
		return s.opinion(ctx, r, ri, last, status)

	case zhifa.ActRefuseOpinion:
		if status != zhifa.ReviewProblems || last == nil {
			return "", nil, zhifa.Errorf(zhifa.EINVALID, "只能对指出存在问题的审核意见提出异议")
		}
		last.Refusal, last.Status = in.Reason, zhifa.ReviewDisputed
		st.Review.Status = last.Status
		if err := s.saveRound(ctx, tx, last); err != nil {
			return "", nil, err
		}
		return fmt.Sprintf("承办机构不同意第%d轮审核意见，提请负责人协调", last.Round), map[string]string{"round": strconv.Itoa(last.Round)}, nil

	case zhifa.ActCoordinate:
		return s.coordinate(ctx, r, ri, last, status)

	case zhifa.ActDiscuss:
		return s.discuss(ctx, r, ri, last, status)

	case zhifa.ActApprove:
		if !law.ReviewPassedFor(c) {
			return "", nil, law.Gate(law.RuleMajorReview, "法制审核尚未通过或拟处理决定在审核通过后已修改，负责人不能审批")
		}
		st.Review.ApprovedBy, st.Review.ApprovedRevision = r.ApproverID, c.State.Proposal.Revision
		name, err := kernel.UserName(ctx, tx, r.ApproverID, r.Approver)
		if err != nil {
			return "", nil, err
		}
		return fmt.Sprintf("负责人%s审批同意拟处理决定第%d版", name, c.State.Proposal.Revision),
			map[string]string{"approved_revision": strconv.Itoa(c.State.Proposal.Revision)}, nil

	case zhifa.ActDecide:
		return responsibility(ctx, tx, c, rounds, r.ApproverID, r.Approver)
	}
	return "", nil, nil
}

// opinion records the assigned reviewer's opinion on the pending round (E4).
func (s *Service) opinion(ctx context.Context, r *kernel.StepRun, ri *kernel.ReviewInput, last *zhifa.ReviewRound, status string) (string, map[string]string, error) {
	c, st := r.Case, &r.Case.State
	if status != zhifa.ReviewPending || last == nil {
		return "", nil, zhifa.Errorf(zhifa.EINVALID, "本案没有待审核的报送")
	}
	if last.ReviewerID != r.Actor.UserID {
		return "", nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只有指派的法制审核人员可以出具本轮审核意见")
	}
	if err := law.CheckOpinion(ri.Findings, ri.Opinion, ri.OpinionText, ri.Problems); err != nil {
		return "", nil, err
	}
	last.Findings, last.Opinion, last.OpinionText, last.OpinionOn = ri.Findings, ri.Opinion, strings.TrimSpace(ri.OpinionText), r.Day
	last.Problems = ri.Problems
	if cl := c.Clock(zhifa.ClockReview); cl != nil {
		cl.Done = true
	}
	if ri.Opinion == law.OpinionAgree {
		last.Status = zhifa.ReviewPassed
		st.Review.PassedRevision = snapshotRevision(last)
	} else {
		last.Status = zhifa.ReviewProblems
	}
	st.Review.Status = last.Status
	st.Review.ApprovedBy, st.Review.ApprovedRevision = 0, 0
	if err := s.saveRound(ctx, r.Tx, last); err != nil {
		return "", nil, err
	}
	detail := fmt.Sprintf("第%d轮审核意见：%s", last.Round, opinionLabel(ri.Opinion))
	if len(ri.Problems) > 0 {
		detail += fmt.Sprintf("（%d个问题）", len(ri.Problems))
	}
	return detail, map[string]string{"round": strconv.Itoa(last.Round), "opinion": ri.Opinion,
		"reviewer": "user/" + strconv.FormatInt(r.Actor.UserID, 10), "passed_revision": strconv.Itoa(st.Review.PassedRevision)}, nil
}

// coordinate records the head's coordination of a disputed opinion: the opinion stands,
// or the heads discuss the case (国办发〔2018〕118号（十四）).
func (s *Service) coordinate(ctx context.Context, r *kernel.StepRun, ri *kernel.ReviewInput, last *zhifa.ReviewRound, status string) (string, map[string]string, error) {
	st := &r.Case.State
	if status != zhifa.ReviewDisputed || last == nil {
		return "", nil, zhifa.Errorf(zhifa.EINVALID, "本案没有待协调的审核分歧")
	}
	switch ri.Coordination {
	case law.CoordUphold:
		last.Status = zhifa.ReviewProblems
	case law.CoordDiscussion:
		last.Status = zhifa.ReviewDiscussion
		st.DiscussionReq = true
	default:
		return "", nil, kernel.FieldError("review.coordination", "协调结果应为维持审核意见（承办机构修改后重新报送）或提交集体讨论")
	}
	last.Coordinator, last.Coordination = r.Approver, ri.Coordination+"："+r.Input.Reason
	st.Review.Status = last.Status
	if err := s.saveRound(ctx, r.Tx, last); err != nil {
		return "", nil, err
	}
	label := map[string]string{law.CoordUphold: "维持审核意见", law.CoordDiscussion: "提交集体讨论"}[ri.Coordination]
	return fmt.Sprintf("负责人协调第%d轮审核分歧：%s", last.Round, label), map[string]string{"round": strconv.Itoa(last.Round), "coordination": ri.Coordination}, nil
}

// discuss records a collective discussion: of a review dispute it settles the round; an
// ordinary one (行政处罚法第五十七条第二款) only adds its record to the event.
func (s *Service) discuss(ctx context.Context, r *kernel.StepRun, ri *kernel.ReviewInput, last *zhifa.ReviewRound, status string) (string, map[string]string, error) {
	st := &r.Case.State
	if status != zhifa.ReviewDiscussion {
		if ri.Discussion == nil {
			return "", nil, nil // an ordinary discussion (Art. 57 ¶2) without a review dispute
		}
		if err := law.CheckDiscussion(ri.Discussion); err != nil {
			return "", nil, err
		}
		return discussionDetail(ri.Discussion), map[string]string{"conclusion": ri.Discussion.Conclusion}, nil
	}
	d := ri.Discussion
	if err := law.CheckDiscussion(d); err != nil {
		return "", nil, err
	}
	if d.Held.IsZero() {
		d.Held = r.Day
	}
	last.Discussion = d
	if d.Conclusion == law.ConcludeProposal {
		// The heads' collective decision settles the dispute for the proposal reviewed
		// (国办发〔2018〕118号 (十四) 协调机制; 行政处罚法第五十七条第二款).
		last.Status = zhifa.ReviewPassed
		st.Review.PassedRevision = snapshotRevision(last)
	} else {
		last.Status = zhifa.ReviewProblems
	}
	st.Review.Status = last.Status
	if err := s.saveRound(ctx, r.Tx, last); err != nil {
		return "", nil, err
	}
	return discussionDetail(d), map[string]string{"round": strconv.Itoa(last.Round), "conclusion": d.Conclusion,
		"against_majority": strconv.FormatBool(d.AgainstMajority)}, nil
}

// responsibility names, for the decision's event and ledger entry, the handlers, the
// reviewers and the approving head (E5, 国办发〔2018〕118号 (十四)).
func responsibility(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, rounds []*zhifa.ReviewRound, approverID int64, approver string) (string, map[string]string, error) {
	var handlers, reviewers []string
	for _, id := range c.OfficerIDs {
		o, err := tx.Officer(ctx, id)
		if err != nil {
			return "", nil, err
		}
		handlers = append(handlers, o.Name)
	}
	for _, r := range rounds {
		if r.Opinion == "" {
			continue
		}
		name, err := kernel.UserName(ctx, tx, r.ReviewerID, r.Reviewer)
		if err != nil {
			return "", nil, err
		}
		if !slices.Contains(reviewers, name) {
			reviewers = append(reviewers, name)
		}
	}
	meta := map[string]string{"handlers": strings.Join(handlers, "、"), "approver_login": approver}
	detail := "承办人员：" + strings.Join(handlers, "、")
	if len(reviewers) > 0 {
		meta["reviewers"] = strings.Join(reviewers, "、")
		detail += "；法制审核人员：" + strings.Join(reviewers, "、")
	}
	if approver != "" {
		name, err := kernel.UserName(ctx, tx, approverID, approver)
		if err != nil {
			return "", nil, err
		}
		detail += "；审批负责人：" + name
	}
	return detail, meta, nil
}

func discussionDetail(d *zhifa.Discussion) string {
	var views []string
	for _, at := range d.Attendees {
		views = append(views, at.Name+"："+map[string]string{law.ConcludeProposal: "同意拟处理决定", law.ConcludeOpinion: "同意审核意见"}[at.View])
	}
	s := fmt.Sprintf("集体讨论（主持：%s；出席：%s）结论：%s", d.Presider, strings.Join(views, "，"),
		map[string]string{law.ConcludeProposal: "采纳拟处理决定", law.ConcludeOpinion: "采纳审核意见"}[d.Conclusion])
	if d.AgainstMajority {
		s += "；与多数意见不一致的理由：" + d.Reason
	}
	return s
}

func opinionLabel(o string) string {
	return map[string]string{law.OpinionAgree: "同意", law.OpinionProblems: "存在问题"}[o]
}

func snapshotRevision(r *zhifa.ReviewRound) int {
	if r.Snapshot.Proposal == nil {
		return 0
	}
	return r.Snapshot.Proposal.Revision
}

func (s *Service) saveRound(ctx context.Context, tx zhifa.Tx, r *zhifa.ReviewRound) error {
	r.UpdatedAt = s.k.Now()
	return tx.UpdateReviewRound(ctx, r)
}

// submitRound starts a new round: materials checked against the checklist, a reviewer
// assigned, the snapshot and its differences from the previous round kept, the review
// clock started.
func (s *Service) submitRound(ctx context.Context, tx zhifa.Tx, cal *workday.Calendar, c *zhifa.Case, ag *zhifa.Agency, action zhifa.Action, ri *kernel.ReviewInput,
	last *zhifa.ReviewRound, actor *kernel.Actor, day zhifa.Date) (string, map[string]string, error) {
	cat, err := s.EffectiveCatalog(ctx, tx, ag)
	if err != nil {
		return "", nil, err
	}
	records, err := tx.Records(ctx, c.ID)
	if err != nil {
		return "", nil, err
	}
	var mats []zhifa.ReviewMaterial
	for i, m := range ri.Materials {
		if law.MaterialLabel(m.Code) == "" {
			return "", nil, kernel.FieldError(fmt.Sprintf("review.materials[%d].code", i), "未知的送审材料："+m.Code)
		}
		j := slices.IndexFunc(records, func(r *zhifa.Record) bool { return r.ID == m.RecordID })
		if j < 0 {
			return "", nil, kernel.FieldError(fmt.Sprintf("review.materials[%d].record_id", i), "送审材料应为本案的记录")
		}
		mats = append(mats, zhifa.ReviewMaterial{Code: m.Code, Label: law.MaterialLabel(m.Code), RecordID: m.RecordID, Title: records[j].Title})
	}
	if err := law.CheckMaterials(cat.Materials, c.State.HearingHeld, c.State.Proposal, mats); err != nil {
		return "", nil, err
	}
	var answers []zhifa.ReviewProblem
	if action == zhifa.ActResubmit {
		if err := law.CheckAnswers(last.Problems, problemsOf(ri.Answers)); err != nil {
			return "", nil, err
		}
		for i, p := range last.Problems {
			p.Answer = strings.TrimSpace(ri.Answers[i])
			answers = append(answers, p)
		}
	}
	reviewerID := ri.ReviewerID
	if reviewerID == 0 && action == zhifa.ActResubmit {
		reviewerID = last.ReviewerID
	}
	reviewer, err := assignReviewer(ctx, tx, c, reviewerID)
	if err != nil {
		return "", nil, err
	}
	item, err := tx.Item(ctx, c.ItemID)
	if err != nil {
		return "", nil, err
	}
	_, reasons := law.Major(c, item, cat)
	snap := zhifa.ReviewSnapshot{Facts: c.Facts, Materials: mats, Major: reasons}
	if c.State.Proposal != nil {
		p := *c.State.Proposal
		snap.Proposal = &p
	}
	clock := law.ReviewClock(cal, day, cat.ReviewDays)
	r := &zhifa.ReviewRound{CaseID: c.ID, AgencyID: c.AgencyID, Round: 1, Status: zhifa.ReviewPending,
		ReviewerID: reviewer.ID, Reviewer: reviewer.Login, SubmitterID: max(actor.UserID, 0), Submitter: actor.Login,
		SubmittedOn: day, DueOn: clock.Due, Snapshot: snap, Answers: answers, CreatedAt: s.k.Now()}
	if last != nil {
		r.Round = last.Round + 1
		r.Changes = law.Diff(last.Snapshot, snap)
		if last.Status != zhifa.ReviewPassed || action == zhifa.ActResubmit {
			last.Status = zhifa.ReviewSuperseded
		}
		if err := s.saveRound(ctx, tx, last); err != nil {
			return "", nil, err
		}
	}
	if err := tx.AddReviewRound(ctx, r); err != nil {
		return "", nil, err
	}
	if cl := c.Clock(zhifa.ClockReview); cl != nil {
		*cl = clock
	} else {
		c.Clocks = append(c.Clocks, clock)
	}
	rs := &zhifa.ReviewState{Round: r.Round, Status: zhifa.ReviewPending, ReviewerID: reviewer.ID, Due: clock.Due}
	if c.State.Review != nil {
		rs.Reviewers = c.State.Review.Reviewers
	}
	if !slices.Contains(rs.Reviewers, reviewer.ID) {
		rs.Reviewers = append(rs.Reviewers, reviewer.ID)
	}
	c.State.Review = rs
	detail := fmt.Sprintf("第%d轮报送法制审核，审核人员%s，审核期限至%s", r.Round, reviewer.Name, clock.Due)
	if len(r.Changes) > 0 {
		detail += fmt.Sprintf("；与上一轮相比%d处变化", len(r.Changes))
	}
	meta := map[string]string{"round": strconv.Itoa(r.Round), "reviewer": "user/" + strconv.FormatInt(reviewer.ID, 10),
		"due": clock.Due.String(), "snapshot": law.SnapshotJSON(snap)}
	return detail, meta, nil
}

func problemsOf(answers []string) []zhifa.ReviewProblem {
	out := make([]zhifa.ReviewProblem, len(answers))
	for i, s := range answers {
		out[i].Answer = s
	}
	return out
}

// Status is the review status shown on the case: none, the latest round's status, or
// "reopened" when the proposal changed after the pass (E1).
func Status(c *zhifa.Case) string {
	r := c.State.Review
	switch {
	case r == nil:
		return "none"
	case r.Status == zhifa.ReviewPassed && !law.ReviewPassedFor(c):
		return "reopened"
	}
	return r.Status
}
