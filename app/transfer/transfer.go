// Package transfer is the bounded context of the transfer of suspected crimes
// (移送涉嫌犯罪案件, REQUIREMENTS G3; law/transfer.go). The transfer steps are steps of the
// case (App.Act, law.Steps with a Track) that this context runs as a stage of the
// case-step pipeline: officers propose (propose_transfer, the written report of
// 移送规定第五条第一款), a head approves or rejects within three days (approve_transfer,
// reject_transfer; 第五条第二款) as the head's own act, the case is handed over within 24
// hours with the Art. 6 materials recorded as case records (hand_over), the receiving
// organ's decision is recorded (transfer_reply; 第八条), a refusal may go to
// reconsideration once (request_reconsideration; 第九条), and a case the organ opened ends
// with "transfer" (第十二条). While a transfer is pending, no penalty replaces it (第十一条,
// law.checkTransferStep). Each step is one case event and one ledger entry; the Transfer
// row is saved in the same transaction.
//
// Who may do what: the officers and heads of the case's agency take the steps (the
// pipeline checks PermHandleCases, the agency and a head's approval); every staff member
// reads the transfers of the agencies in their scope (the transfer page of a case and the
// list with its warnings); a case outside the scope answers like a missing one.
package transfer

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// RecordAdder adds a document record of the case (the case context's AddRecord), with its
// own transaction, audit line and ledger entry.
type RecordAdder func(ctx context.Context, caseID int64, act, title string) (*zhifa.Record, error)

// Service is the transfer context over the kernel.
type Service struct {
	k         kernel.Kernel
	addRecord RecordAdder
}

// New returns the transfer context over k; addRecord records a transfer material on the
// case (AddDoc).
func New(k kernel.Kernel, addRecord RecordAdder) *Service {
	return &Service{k: k, addRecord: addRecord}
}

// Stages are the context's part of a case step: a transfer step records itself on the
// case and its Transfer row, seeing the case in the stage it had.
func (s *Service) Stages() []kernel.Stage {
	return []kernel.Stage{{Name: "transfer", Phase: kernel.PhaseApplied, Run: s.step}}
}

// actions are the case actions of the transfer track.
var actions = []zhifa.Action{zhifa.ActProposeTransfer, zhifa.ActApproveTransfer, zhifa.ActRejectTransfer, zhifa.ActHandOver, zhifa.ActTransferReply,
	zhifa.ActRequestReconsideration, zhifa.ActTransfer}

// IsAction reports whether action is a step of the transfer track.
func IsAction(action zhifa.Action) bool { return slices.Contains(actions, action) }

// step records a transfer step on the case and its Transfer row. It runs in Act's
// transaction after the stage machine and the gates allowed the step; it returns the
// event detail and ledger metadata.
func (s *Service) step(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
	if !IsAction(r.Step.Action) {
		return "", nil, nil
	}
	tx, c, day, in := r.Tx, r.Case, r.Day, r.Input
	ti := in.Transfer
	if ti == nil {
		ti = &kernel.TransferInput{}
	}
	now := s.k.Now()
	done := func(k zhifa.ClockKind) {
		if cl := c.Clock(k); cl != nil {
			cl.Done = true
		}
	}
	if r.Step.Action == zhifa.ActProposeTransfer {
		return s.propose(ctx, r, ti)
	}
	list, err := tx.CaseTransfers(ctx, c.ID)
	if err != nil {
		return "", nil, err
	}
	if len(list) == 0 || list[0].Status != c.State.Transfer {
		return "", nil, zhifa.Errorf(zhifa.EINTERNAL, "移送记录与案件状态不一致")
	}
	tr := list[0]
	var detail string
	switch r.Step.Action {
	case zhifa.ActApproveTransfer, zhifa.ActRejectTransfer:
		late := ""
		if cl := c.Clock(zhifa.ClockTransferDecision); cl != nil && day.After(cl.Due) {
			late = fmt.Sprintf("（超过第五条第二款规定的3日期限，期限至%s）", cl.Due.Chinese())
		}
		done(zhifa.ClockTransferDecision)
		tr.DecidedAt, tr.DecidedBy = &now, r.Approver
		if r.Step.Action == zhifa.ActRejectTransfer {
			tr.Status, tr.RejectReason = zhifa.TransferRejected, in.Reason
			detail = "不批准移送" + late
			break
		}
		tr.Status = zhifa.TransferApproved
		clock := law.HandoverClock(now)
		tr.HandoverDue = clock.DueAt
		c.Clocks = append(c.Clocks, clock)
		detail = "批准移送" + late + "；应于" + clock.DueAt.In(zhifa.CST).Format("2006-01-02 15:04") + "前移送"
	case zhifa.ActHandOver:
		if !ti.OrganKind.Valid() {
			return "", nil, kernel.FieldError("transfer.organ_kind", "受移送机关类型应为公安机关、人民检察院或监察机关")
		}
		chk := kernel.NewChecker()
		chk.Text("transfer.organ", &ti.Organ, true, kernel.MaxShort)
		if err := chk.Err(); err != nil {
			return "", nil, err
		}
		have, err := docs(ctx, tx, c.ID)
		if err != nil {
			return "", nil, err
		}
		if err := law.CheckTransferDocs(have); err != nil {
			return "", nil, err
		}
		detail = "移送" + ti.Organ
		if cl := c.Clock(zhifa.ClockTransferHandover); cl != nil && cl.DueAt != nil && now.After(*cl.DueAt) {
			detail += fmt.Sprintf("（超过批准后24小时，逾期%s）", kernel.OverdueBy(now.Sub(*cl.DueAt)))
		}
		done(zhifa.ClockTransferHandover)
		tr.Status, tr.HandedOverAt, tr.OrganKind, tr.Organ = zhifa.TransferHandedOver, &now, ti.OrganKind, ti.Organ
		c.Clocks = append(c.Clocks, law.TransferReplyClock(r.Cal, day, law.RuleTransferReply))
	case zhifa.ActTransferReply:
		switch ti.Reply {
		case zhifa.ReplyFiled:
		case zhifa.ReplyDeclined:
			if in.Reason == "" {
				return "", nil, kernel.FieldError("reason", "不予立案的，请登记受移送机关说明的理由（移送规定第八条）")
			}
		default:
			return "", nil, kernel.FieldError("transfer.reply", "受移送机关的决定应为立案或不予立案")
		}
		done(zhifa.ClockTransferReply)
		tr.Reply, tr.ReplyOn, tr.ReplyReason = ti.Reply, day, in.Reason
		if ti.Reply == zhifa.ReplyFiled {
			tr.Status = zhifa.TransferAccepted
			clock := law.TransferItemsClock(r.Cal, day)
			c.Clocks = append(c.Clocks, clock)
			detail = fmt.Sprintf("%s决定立案；应于%s前移交涉案物品及有关材料（第十二条）", tr.Organ, clock.Due.Chinese())
			break
		}
		tr.Status = zhifa.TransferDeclined
		detail = tr.Organ + "决定不予立案"
		if tr.Reconsidered.IsZero() {
			clock := law.TransferReconClock(r.Cal, day)
			c.Clocks = append(c.Clocks, clock)
			detail += fmt.Sprintf("；认为应当立案的，可于%s前提请复议（第九条）", clock.Due.Chinese())
		} else {
			detail += "（复议决定）；仍有异议的，可以建议人民检察院依法进行立案监督（第九条第二款）"
		}
	case zhifa.ActRequestReconsideration:
		if !tr.Reconsidered.IsZero() {
			return "", nil, law.Gate(law.RuleTransferRecon, "已提请复议；对复议决定仍有异议的，应当建议人民检察院依法进行立案监督")
		}
		done(zhifa.ClockTransferRecon)
		tr.Status, tr.Reconsidered = zhifa.TransferReconsidering, day
		c.Clocks = append(c.Clocks, law.TransferReplyClock(r.Cal, day, law.RuleTransferRecon))
		detail = "提请" + tr.Organ + "复议"
	case zhifa.ActTransfer:
		// The case ends; a decision made before the transfer keeps its record (第十一条第二款、
		// 第三款): the penalties of ¶2 continue, a fine is set off against the criminal fine.
		detail = "移送" + tr.Organ + "，受移送机关已立案"
		if c.State.FineFen > 0 {
			detail += fmt.Sprintf("；移送前已作出罚款%s元，依第十一条第三款由人民法院判处罚金时折抵", law.Yuan(c.State.FineFen))
		}
		if !c.State.DecidedOn.IsZero() && c.Outcome == zhifa.OutcomePenalty {
			detail += fmt.Sprintf("；%s作出的行政处罚决定记录保留", c.State.DecidedOn.Chinese())
		}
	}
	if r.Step.Action != zhifa.ActTransfer {
		tr.UpdatedAt = now
		if err := tx.UpdateTransfer(ctx, tr); err != nil {
			return "", nil, err
		}
	}
	c.State.Transfer = tr.Status
	return detail, meta(tr), nil
}

// propose records the written report of a suspected crime (propose_transfer, 移送规定第五条
// 第一款) as a new Transfer row, with the head's three-day decision clock.
func (s *Service) propose(ctx context.Context, r *kernel.StepRun, ti *kernel.TransferInput) (string, map[string]string, error) {
	c, now := r.Case, s.k.Now()
	chk := kernel.NewChecker()
	chk.Text("transfer.facts", &ti.Facts, true, kernel.MaxText)
	chk.Text("transfer.offence", &ti.Offence, true, kernel.MaxShort)
	if err := chk.Err(); err != nil {
		return "", nil, err
	}
	// A new proposal replaces the clocks of an earlier, ended transfer (kept in its row).
	c.Clocks = slices.DeleteFunc(c.Clocks, func(cl zhifa.Clock) bool { return law.IsTransferClock(cl.Kind) })
	clock := law.TransferDecisionClock(r.Cal, r.Day)
	c.Clocks = append(c.Clocks, clock)
	tr := &zhifa.Transfer{CaseID: c.ID, AgencyID: c.AgencyID, Status: zhifa.TransferProposed, Facts: ti.Facts,
		Offence: ti.Offence, ProposedAt: now, ProposedBy: r.Actor.Login, DecisionDue: clock.Due, CreatedAt: now, UpdatedAt: now}
	if err := r.Tx.CreateTransfer(ctx, tr); err != nil {
		return "", nil, err
	}
	c.State.Transfer = tr.Status
	return fmt.Sprintf("报请移送，涉嫌%s；负责人应于%s前作出决定", tr.Offence, clock.Due.Chinese()), meta(tr), nil
}

// meta is the ledger metadata of a transfer step (prefixed "transfer_" by the pipeline).
func meta(tr *zhifa.Transfer) map[string]string {
	return map[string]string{"id": strconv.FormatInt(tr.ID, 10), "status": string(tr.Status)}
}

// AddDoc records a material of 移送规定第六条 (law.TransferDocs, named by its act) as a
// document record of the case; an empty title is the material's.
func (s *Service) AddDoc(ctx context.Context, caseID int64, act, title string) (*zhifa.Record, error) {
	i := slices.IndexFunc(law.TransferDocs, func(d law.TransferDoc) bool { return d.Act == act })
	if i < 0 {
		chk := kernel.NewChecker()
		chk.Add("act", "请选择移送材料")
		return nil, chk.Err()
	}
	if title == "" {
		title = law.TransferDocs[i].Title
	}
	return s.addRecord(ctx, caseID, act, title)
}

// docs returns the acts of the case's transfer materials (law.TransferDocs) that have a
// record.
func docs(ctx context.Context, tx zhifa.Tx, caseID int64) (map[string]bool, error) {
	recs, err := tx.Records(ctx, caseID)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, r := range recs {
		if law.IsTransferDoc(r.Act) {
			have[r.Act] = true
		}
	}
	return have, nil
}
