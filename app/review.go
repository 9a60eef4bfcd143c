package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/law"
	"zhifa/workday"
)

// Legal review of major decisions (法制审核, issue #5, REQUIREMENTS E1, E2, E4, E5, E6). The
// review is taken through the stage actions of Act (law.Steps): the handling agency
// submits (submit_review) with the materials of its checklist and a reviewer of its review
// unit or of a pool serving it; the assigned reviewer gives an opinion (review_opinion) on
// every review point; problems go back to the handler, who answers each and resubmits
// (resubmit), or refuses the opinion (refuse_opinion) for the head to coordinate
// (coordinate) and, where needed, the heads to discuss (discuss). After a pass a head
// approves (approve) the proposal revision that passed; decide checks it (law.CheckMajorDecision).
// Each of these is one Act: one transaction, one case event, one ledger entry.

// reviewActions are the actions reviewStep handles.
var reviewActions = []string{"mark_major", "submit_review", "review_opinion", "resubmit", "refuse_opinion",
	"coordinate", "discuss", "approve", "decide"}

// actPermission is the permission an action needs: the reviewer's own step needs
// PermReviewCases, every other step PermHandleCases.
func actPermission(action string) Permission {
	if law.IsReviewerStep(action) {
		return PermReviewCases
	}
	return PermHandleCases
}

// reviewStep applies the review part of a step to c (and its rounds) before the case is
// saved; it returns a detail for the event and fields for the ledger entry.
func (a *App) reviewStep(ctx context.Context, tx zhifa.Tx, cal *workday.Calendar, c *zhifa.Case, ag *zhifa.Agency, step *law.Step, in ActionInput,
	actor *Actor, day zhifa.Date, approverID int64, approver string) (string, map[string]string, error) {
	if !slices.Contains(reviewActions, step.Action) {
		return "", nil, nil
	}
	ri := in.Review
	if ri == nil {
		ri = &ReviewInput{}
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
	switch step.Action {
	case "mark_major":
		clause := strings.TrimSpace(ri.Clause)
		if clause == "" {
			clause = "承办机构认定（国办发〔2018〕118号（十二））"
		}
		if len([]rune(clause)) > 100 {
			return "", nil, fieldError("review.clause", "条款不能超过100字")
		}
		st.MajorAdded = append(st.MajorAdded, zhifa.MajorReason{Source: "handler", Clause: clause, Text: in.Reason})
		return "添加重大执法决定情形：" + clause, map[string]string{"major_clause": clause}, nil

	case "submit_review", "resubmit":
		if step.Action == "submit_review" {
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
		return a.submitRound(ctx, tx, cal, c, ag, step.Action, ri, last, actor, day)

	case "review_opinion":
		if status != zhifa.ReviewPending || last == nil {
			return "", nil, zhifa.Errorf(zhifa.EINVALID, "本案没有待审核的报送")
		}
		if last.ReviewerID != actor.UserID {
			return "", nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只有指派的法制审核人员可以出具本轮审核意见")
		}
		if err := law.CheckOpinion(ri.Findings, ri.Opinion, ri.OpinionText, ri.Problems); err != nil {
			return "", nil, err
		}
		last.Findings, last.Opinion, last.OpinionText, last.OpinionOn = ri.Findings, ri.Opinion, strings.TrimSpace(ri.OpinionText), day
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
		if err := a.saveRound(ctx, tx, last); err != nil {
			return "", nil, err
		}
		detail := fmt.Sprintf("第%d轮审核意见：%s", last.Round, opinionLabel(ri.Opinion))
		if len(ri.Problems) > 0 {
			detail += fmt.Sprintf("（%d个问题）", len(ri.Problems))
		}
		return detail, map[string]string{"round": strconv.Itoa(last.Round), "opinion": ri.Opinion,
			"reviewer": "user/" + strconv.FormatInt(actor.UserID, 10), "passed_revision": strconv.Itoa(st.Review.PassedRevision)}, nil

	case "refuse_opinion":
		if status != zhifa.ReviewProblems || last == nil {
			return "", nil, zhifa.Errorf(zhifa.EINVALID, "只能对指出存在问题的审核意见提出异议")
		}
		last.Refusal, last.Status = in.Reason, zhifa.ReviewDisputed
		st.Review.Status = last.Status
		if err := a.saveRound(ctx, tx, last); err != nil {
			return "", nil, err
		}
		return fmt.Sprintf("承办机构不同意第%d轮审核意见，提请负责人协调", last.Round), map[string]string{"round": strconv.Itoa(last.Round)}, nil

	case "coordinate":
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
			return "", nil, fieldError("review.coordination", "协调结果应为维持审核意见（承办机构修改后重新报送）或提交集体讨论")
		}
		last.Coordinator, last.Coordination = approver, ri.Coordination+"："+in.Reason
		st.Review.Status = last.Status
		if err := a.saveRound(ctx, tx, last); err != nil {
			return "", nil, err
		}
		label := map[string]string{law.CoordUphold: "维持审核意见", law.CoordDiscussion: "提交集体讨论"}[ri.Coordination]
		return fmt.Sprintf("负责人协调第%d轮审核分歧：%s", last.Round, label), map[string]string{"round": strconv.Itoa(last.Round), "coordination": ri.Coordination}, nil

	case "discuss":
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
			d.Held = day
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
		if err := a.saveRound(ctx, tx, last); err != nil {
			return "", nil, err
		}
		return discussionDetail(d), map[string]string{"round": strconv.Itoa(last.Round), "conclusion": d.Conclusion,
			"against_majority": strconv.FormatBool(d.AgainstMajority)}, nil

	case "approve":
		if !law.ReviewPassedFor(c) {
			return "", nil, law.Gate(law.RuleMajorReview, "法制审核尚未通过或拟处理决定在审核通过后已修改，负责人不能审批")
		}
		st.Review.ApprovedBy, st.Review.ApprovedRevision = approverID, c.State.Proposal.Revision
		name, err := userName(ctx, tx, approverID, approver)
		if err != nil {
			return "", nil, err
		}
		return fmt.Sprintf("负责人%s审批同意拟处理决定第%d版", name, c.State.Proposal.Revision),
			map[string]string{"approved_revision": strconv.Itoa(c.State.Proposal.Revision)}, nil

	case "decide":
		return a.responsibility(ctx, tx, c, rounds, approverID, approver)
	}
	return "", nil, nil
}

// responsibility names, for the decision's event and ledger entry, the handlers, the
// reviewers and the approving head (E5, 国办发〔2018〕118号 (十四)).
func (a *App) responsibility(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, rounds []*zhifa.ReviewRound, approverID int64, approver string) (string, map[string]string, error) {
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
		name, err := userName(ctx, tx, r.ReviewerID, r.Reviewer)
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
		name, err := userName(ctx, tx, approverID, approver)
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

func (a *App) saveRound(ctx context.Context, tx zhifa.Tx, r *zhifa.ReviewRound) error {
	r.UpdatedAt = a.now()
	return tx.UpdateReviewRound(ctx, r)
}

// submitRound starts a new round: materials checked against the checklist, a reviewer
// assigned, the snapshot and its differences from the previous round kept, the review
// clock started.
func (a *App) submitRound(ctx context.Context, tx zhifa.Tx, cal *workday.Calendar, c *zhifa.Case, ag *zhifa.Agency, action string, ri *ReviewInput,
	last *zhifa.ReviewRound, actor *Actor, day zhifa.Date) (string, map[string]string, error) {
	cat, err := a.effectiveCatalog(ctx, tx, ag)
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
			return "", nil, fieldError(fmt.Sprintf("review.materials[%d].code", i), "未知的送审材料："+m.Code)
		}
		j := slices.IndexFunc(records, func(r *zhifa.Record) bool { return r.ID == m.RecordID })
		if j < 0 {
			return "", nil, fieldError(fmt.Sprintf("review.materials[%d].record_id", i), "送审材料应为本案的记录")
		}
		mats = append(mats, zhifa.ReviewMaterial{Code: m.Code, Label: law.MaterialLabel(m.Code), RecordID: m.RecordID, Title: records[j].Title})
	}
	if err := law.CheckMaterials(cat.Materials, c.State.HearingHeld, c.State.Proposal, mats); err != nil {
		return "", nil, err
	}
	var answers []zhifa.ReviewProblem
	if action == "resubmit" {
		if err := law.CheckAnswers(last.Problems, problemsOf(ri.Answers)); err != nil {
			return "", nil, err
		}
		for i, p := range last.Problems {
			p.Answer = strings.TrimSpace(ri.Answers[i])
			answers = append(answers, p)
		}
	}
	reviewerID := ri.ReviewerID
	if reviewerID == 0 && action == "resubmit" {
		reviewerID = last.ReviewerID
	}
	reviewer, err := a.assignReviewer(ctx, tx, c, reviewerID)
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
		SubmittedOn: day, DueOn: clock.Due, Snapshot: snap, Answers: answers, CreatedAt: a.now()}
	if last != nil {
		r.Round = last.Round + 1
		r.Changes = law.Diff(last.Snapshot, snap)
		if last.Status != zhifa.ReviewPassed || action == "resubmit" {
			last.Status = zhifa.ReviewSuperseded
		}
		if err := a.saveRound(ctx, tx, last); err != nil {
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

// eligibleReviewers returns the reviewers who may review cases of the agency: active
// reviewer accounts of the agency's review unit and of the pools serving it (E2).
func (a *App) eligibleReviewers(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) ([]*zhifa.User, error) {
	users, err := tx.Users(ctx, ag.Path)
	if err != nil {
		return nil, err
	}
	var out []*zhifa.User
	for _, u := range users {
		if u.AgencyID == ag.ID && u.Role == zhifa.RoleReviewer && !u.Disabled {
			out = append(out, u)
		}
	}
	pools, err := tx.ReviewPools(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range pools {
		if !slices.Contains(p.Agencies, ag.ID) {
			continue
		}
		for _, id := range p.Reviewers {
			if slices.ContainsFunc(out, func(u *zhifa.User) bool { return u.ID == id }) {
				continue
			}
			u, err := tx.User(ctx, id)
			if isCode(err, zhifa.ENOTFOUND) {
				continue
			} else if err != nil {
				return nil, err
			}
			if u.Role == zhifa.RoleReviewer && !u.Disabled {
				out = append(out, u)
			}
		}
	}
	return out, nil
}

// reviewerProblem says why the user may not review the case, "" when they may: a
// reviewer who took part in the case cannot review it; one who has never reviewed must
// hold 法律职业资格 (行政处罚法第五十八条第二款).
func (a *App) reviewerProblem(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, u *zhifa.User) (rule, problem string, err error) {
	if u.OfficerID != 0 && slices.Contains(c.OfficerIDs, u.OfficerID) {
		return law.RuleReviewDuty, u.Name + "是本案承办人员，不能审核本案", nil
	}
	if c.CreatedBy == u.ID {
		return law.RuleReviewDuty, u.Name + "参与了本案办理（立案），不能审核本案", nil
	}
	events, err := tx.CaseEvents(ctx, c.ID)
	if err != nil {
		return "", "", err
	}
	for _, e := range events {
		if (e.ActorID == u.ID || e.ApproverID == u.ID) && e.Action != "review_opinion" {
			return law.RuleReviewDuty, u.Name + "参与了本案办理（" + e.Action + "），不能审核本案", nil
		}
	}
	given, err := tx.ReviewsGiven(ctx, u.ID)
	if err != nil {
		return "", "", err
	}
	if given == 0 {
		qualified := false
		if u.OfficerID != 0 {
			o, err := tx.Officer(ctx, u.OfficerID)
			if err != nil && !isCode(err, zhifa.ENOTFOUND) {
				return "", "", err
			}
			qualified = o != nil && o.LegalQual
		}
		if !qualified {
			return law.RuleReviewerQual, u.Name + "初次从事行政处罚决定法制审核，应当通过国家统一法律职业资格考试取得法律职业资格", nil
		}
	}
	return "", "", nil
}

// assignReviewer picks the reviewer of a round: the requested one if eligible, else the
// eligible reviewer with the fewest pending reviews.
func (a *App) assignReviewer(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, requested int64) (*zhifa.User, error) {
	ag, err := tx.Agency(ctx, c.AgencyID)
	if err != nil {
		return nil, err
	}
	cands, err := a.eligibleReviewers(ctx, tx, ag)
	if err != nil {
		return nil, err
	}
	if requested != 0 {
		i := slices.IndexFunc(cands, func(u *zhifa.User) bool { return u.ID == requested })
		if i < 0 {
			return nil, fieldError("review.reviewer_id", "审核人员应为本机关法制审核机构或服务本机关的审核人员库中的法制审核人员")
		}
		rule, problem, err := a.reviewerProblem(ctx, tx, c, cands[i])
		if err != nil {
			return nil, err
		}
		if problem != "" {
			return nil, law.Gate(rule, problem)
		}
		return cands[i], nil
	}
	var best *zhifa.User
	bestLoad := 0
	var problems []string
	lastRule := law.RuleReviewUnit
	for _, u := range cands {
		rule, problem, err := a.reviewerProblem(ctx, tx, c, u)
		if err != nil {
			return nil, err
		}
		if problem != "" {
			problems, lastRule = append(problems, problem), rule
			continue
		}
		q, err := tx.ReviewQueue(ctx, u.ID, zhifa.ReviewPending)
		if err != nil {
			return nil, err
		}
		if best == nil || len(q) < bestLoad {
			best, bestLoad = u, len(q)
		}
	}
	if best == nil {
		msg := "本机关没有可以审核本案的法制审核人员（请在法制审核机构或审核人员库中配备）"
		if len(problems) > 0 {
			msg += "：" + strings.Join(problems, "；")
		}
		return nil, law.Gate(lastRule, msg)
	}
	return best, nil
}
