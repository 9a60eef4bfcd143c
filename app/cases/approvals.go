package cases

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
	"zhifa/workday"
)

// Approvals are the approver's own act (issue 9 §1, REQUIREMENTS E5). A step law.Steps
// marks Head (decide, approve, close, withdraw, no_penalty, extend, the clock changes,
// discuss, coordinate, the transfer decisions) is taken either
//   - by a head (机关负责人) of the case's agency, or a deputy the head named for the day
//     (app/personnel), in their own session; or
//   - by such a person approving a handler's approval request: the request keeps the
//     step, its input, the case version and a hash of the case content approved; on
//     approval the step runs in the approval's transaction with every gate re-checked,
//     and its event and ledger entry name the requester and the approver.
// approver_id names whom to ask, never who approved: a handler naming a head in a step
// is EFORBIDDEN. A request is void (已失效, ECONFLICT on approval) once its case changes.

// maxOpinion bounds an approver's opinion or a rejection's reason.
const maxOpinion = 1000

// ApprovalRequestInput files a request: the step's input (with Version, the case
// version the requester saw) and ApproverID, whom to ask.
type ApprovalRequestInput struct {
	Action zhifa.Action       `json:"action"`
	Input  kernel.ActionInput `json:"input"`
}

// ApprovalDecision is an approver's answer: an opinion (approval, optional) or the
// reason of a rejection (required).
type ApprovalDecision struct {
	Opinion string `json:"opinion"`
}

// ApprovalView is a request with what lists and pages show.
type ApprovalView struct {
	*zhifa.ApprovalRequest
	// Status shadows the stored status with the derived one (void when the case changed).
	Status        zhifa.ApprovalStatus `json:"status"`
	StatusLabel   string               `json:"status_label"`
	ActionLabel   string               `json:"action_label"`
	CaseNumber    string               `json:"case_number"`
	RequesterName string               `json:"requester_name"`
	ApproverName  string               `json:"approver_name"`
	DeciderName   string               `json:"decider_name,omitempty"`
	Summary       string               `json:"summary"`
	// CanDecide: the actor may approve or reject it now.
	CanDecide bool `json:"can_decide"`
}

// ApprovalList is one page of requests.
type ApprovalList struct {
	Approvals []*ApprovalView `json:"approvals"`
	// Total counts the matching requests up to zhifa.CountCap; above it Total is
	// CountCap+1, TotalCapped is set and TotalText reads "1000+" (issue #11).
	Total       int    `json:"total"`
	TotalCapped bool   `json:"total_capped"`
	TotalText   string `json:"total_text"`
	// Next is the cursor of the next page ("" on the last page).
	Next string `json:"next"`
}

// ApprovalListFilter selects requests of the actor's agency: Mine (asked of the actor;
// the default of the to-do list), a case, a status ("" = all) and a page.
type ApprovalListFilter struct {
	Mine   bool
	CaseID int64
	Status zhifa.ApprovalStatus
	// Cursor is the Next of the previous page ("" for the first); Page.Offset is ignored.
	Cursor string
	zhifa.Page
}

// headApproval checks who approves a Head step: the approver of the request by, or the
// actor acting in their own right. It returns the approver's ID and login ("" for a step
// that needs none).
func (s *Service) headApproval(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, c *zhifa.Case, step *law.Step, in kernel.ActionInput, by *zhifa.ApprovalRequest, day zhifa.Date) (int64, string, error) {
	if !step.Head {
		return 0, "", nil
	}
	if in.ApproverID != 0 && in.ApproverID != actor.UserID && by == nil {
		return 0, "", zhifa.Errorf(zhifa.EFORBIDDEN, "不能代替负责人批准：指定的负责人只能收到审批请求，请提交审批请求，由负责人本人审批")
	}
	ok, err := s.k.MayApprove(ctx, tx, actor, c.AgencyID, day)
	if err != nil {
		return 0, "", err
	}
	if !ok {
		return 0, "", zhifa.Errorf(zhifa.EFORBIDDEN, "“%s”须由本机关负责人（或其指定的负责人）本人办理；请提交审批请求", law.StepLabel(c, step.Action))
	}
	return actor.UserID, actor.Login, nil
}

// caseSnapshot is the hash of the case content and the step a request approves.
func caseSnapshot(c *zhifa.Case, action zhifa.Action, input string) (string, error) {
	b, err := json.Marshal(struct {
		Case   *zhifa.Case  `json:"case"`
		Action zhifa.Action `json:"action"`
		Input  string       `json:"input"`
	}{c, action, input})
	if err != nil {
		return "", fmt.Errorf("case snapshot: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// RequestApproval files a request that the head (in.Input.ApproverID) take a Head step
// of a case of the actor's agency.
func (s *Service) RequestApproval(ctx context.Context, caseID int64, in ApprovalRequestInput) (*ApprovalView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	if err := in.Input.Check(); err != nil {
		return nil, err
	}
	if in.Input.ApproverID <= 0 {
		return nil, fieldError("input.approver_id", "请选择审批的负责人")
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.k.Write(ctx, "approval.request", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("case", caseID)
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		if c.AgencyID != actor.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只能办理本机关的案件")
		}
		if in.Input.Version != c.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "案件已被他人修改（当前版本%d），请刷新后重试", c.Version)
		}
		step, err := law.Transition(c, in.Action)
		if err != nil {
			return err
		}
		if !step.Head {
			return fieldError("action", "“"+step.Label+"”无需负责人审批，请直接办理")
		}
		if step.Reason && in.Input.Reason == "" {
			return fieldError("input.reason", "请说明理由")
		}
		// The gates now, so that the handler sees an unmet rule before asking; the
		// approval checks them again at its own moment.
		if err := s.checkGates(ctx, tx, cal, c, ag, step, in.Input); err != nil {
			return err
		}
		asked, err := tx.User(ctx, in.Input.ApproverID)
		if err != nil && !isCode(err, zhifa.ENOTFOUND) {
			return err
		}
		if err != nil || asked.Disabled || asked.ID == actor.UserID {
			return fieldError("input.approver_id", "审批人应为本机关的负责人（或其指定的负责人），且不能是本人")
		}
		askedActor := &kernel.Actor{UserID: asked.ID, Role: asked.Role, AgencyID: asked.AgencyID}
		if ok, err := s.k.MayApprove(ctx, tx, askedActor, c.AgencyID, s.k.Today()); err != nil {
			return err
		} else if !ok {
			return fieldError("input.approver_id", "审批人应为本机关的负责人（或其指定的负责人），且不能是本人")
		}
		input, err := json.Marshal(in.Input)
		if err != nil {
			return fmt.Errorf("approval input: %w", err)
		}
		snap, err := caseSnapshot(c, in.Action, string(input))
		if err != nil {
			return err
		}
		r := &zhifa.ApprovalRequest{CaseID: c.ID, AgencyID: c.AgencyID, Action: in.Action, Input: string(input),
			CaseVersion: c.Version, Snapshot: snap, RequesterID: actor.UserID, Requester: actor.Login,
			ApproverID: asked.ID, CreatedAt: s.k.Now()}
		if err := tx.CreateApprovalRequest(ctx, r); err != nil {
			return err
		}
		id = r.ID
		if err := s.deps.NotifyApprovalRequested(ctx, tx, r, c, actor.Name); err != nil {
			return err
		}
		rec.Detail = c.Number + " " + law.StepLabel(c, in.Action)
		_, err = s.k.AppendCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "approval.request", Meta: map[string]string{
			"case": strconv.FormatInt(c.ID, 10), "request": strconv.FormatInt(r.ID, 10), "action": string(in.Action),
			"version": strconv.Itoa(c.Version), "snapshot": snap,
			"requester": "user/" + strconv.FormatInt(actor.UserID, 10), "asked": "user/" + strconv.FormatInt(asked.ID, 10),
		}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Approval(ctx, id)
}

// checkGates runs the statutory gates of step for c with in as of today (law.CheckStep),
// as Act does before applying a step.
func (s *Service) checkGates(ctx context.Context, tx zhifa.Tx, cal *workday.Calendar, c *zhifa.Case, ag *zhifa.Agency, step *law.Step, in kernel.ActionInput) error {
	item, err := tx.Item(ctx, c.ItemID)
	if err != nil {
		return err
	}
	facts, err := s.caseFacts(ctx, tx, c, ag, item, cal, s.k.Today())
	if err != nil {
		return err
	}
	if step.Action == zhifa.ActDecide {
		if in.Fine, in.Warning, in.Disposal, err = decisionOf(c, in); err != nil {
			return err
		}
	}
	return law.CheckStep(facts, step, in.StepInput())
}

// loadDecidable reads a request the actor may decide now: of the actor's agency, still
// pending, on an unchanged case, not the actor's own, the actor a head or deputy.
func (s *Service) loadDecidable(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.ApprovalRequest, *zhifa.Case, error) {
	r, err := tx.ApprovalRequest(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if r.AgencyID != actor.AgencyID {
		return nil, nil, notVisible("审批请求")
	}
	if r.Status != zhifa.ApprovalPending {
		return nil, nil, zhifa.Errorf(zhifa.ECONFLICT, "审批请求已处理（%s）", r.Status.Label())
	}
	if r.RequesterID == actor.UserID {
		return nil, nil, zhifa.Errorf(zhifa.EFORBIDDEN, "不能审批本人提交的请求")
	}
	ok, err := s.k.MayApprove(ctx, tx, actor, r.AgencyID, s.k.Today())
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只有本机关负责人（或其指定的负责人）可以审批")
	}
	c, err := tx.Case(ctx, r.CaseID)
	if err != nil {
		return nil, nil, err
	}
	snap, err := caseSnapshot(c, r.Action, r.Input)
	if err != nil {
		return nil, nil, err
	}
	if c.Version != r.CaseVersion || snap != r.Snapshot {
		return nil, nil, zhifa.Errorf(zhifa.ECONFLICT, "审批请求已失效：案件在提交审批后已有变动，请重新提交")
	}
	return r, c, nil
}

// ApproveRequest approves a request as the actor (a head or deputy of the agency): the
// step runs now, in this transaction, with every gate re-checked, as the approver's act.
func (s *Service) ApproveRequest(ctx context.Context, id int64, in ApprovalDecision) (*ApprovalView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	chk := newChecker()
	chk.Text("opinion", &in.Opinion, false, maxOpinion)
	if err := chk.Err(); err != nil {
		return nil, err
	}
	if in.Opinion == "" {
		in.Opinion = "同意。"
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	err = s.k.Write(ctx, "approval.approve", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("approval", id)
		r, c, err := s.loadDecidable(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		var step kernel.ActionInput
		if err := json.Unmarshal([]byte(r.Input), &step); err != nil {
			return fmt.Errorf("approval %d input: %w", r.ID, err)
		}
		step.Version, step.ApproverID = c.Version, 0
		r.Status, r.DecidedBy, r.Decider, r.Opinion = zhifa.ApprovalApproved, actor.UserID, actor.Login, in.Opinion
		now := s.k.Now()
		r.DecidedAt = &now
		if _, err := s.actTx(ctx, tx, rec, cal, c.ID, r.Action, step, r); err != nil {
			return err
		}
		rec.Object = objectRef("approval", id)
		if err := tx.DecideApprovalRequest(ctx, r); err != nil {
			return err
		}
		return s.deps.NotifyApprovalDecided(ctx, tx, r, c, actor.Name)
	})
	if err != nil {
		return nil, err
	}
	return s.Approval(ctx, id)
}

// approvalDetail is the event detail of an approved request: the approver's opinion.
func approvalDetail(r *zhifa.ApprovalRequest) string {
	return "审批意见：" + r.Opinion
}

// RejectRequest rejects a request with a reason, as the actor (a head or deputy).
func (s *Service) RejectRequest(ctx context.Context, id int64, in ApprovalDecision) (*ApprovalView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "approval.reject", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("approval", id)
		r, c, err := s.loadDecidable(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		// The reason after the request: another agency's request answers as missing.
		chk := newChecker()
		chk.Text("opinion", &in.Opinion, true, maxOpinion)
		if err := chk.Err(); err != nil {
			return err
		}
		rec.ObjectPath = pathOf(ctx, tx, c.AgencyID)
		rec.Detail = c.Number + " " + law.StepLabel(c, r.Action)
		now := s.k.Now()
		r.Status, r.DecidedBy, r.Decider, r.Opinion, r.DecidedAt = zhifa.ApprovalRejected, actor.UserID, actor.Login, in.Opinion, &now
		if err := tx.DecideApprovalRequest(ctx, r); err != nil {
			return err
		}
		if err := s.deps.NotifyApprovalDecided(ctx, tx, r, c, actor.Name); err != nil {
			return err
		}
		_, err = s.k.AppendCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "approval.reject", Meta: map[string]string{
			"case": strconv.FormatInt(c.ID, 10), "request": strconv.FormatInt(r.ID, 10), "action": string(r.Action),
			"requester": "user/" + strconv.FormatInt(r.RequesterID, 10), "approver": "user/" + strconv.FormatInt(actor.UserID, 10),
		}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Approval(ctx, id)
}

// Approvals lists the requests of the actor's agency (Mine: those asked of the actor).
func (s *Service) Approvals(ctx context.Context, f ApprovalListFilter) (*ApprovalList, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, fieldError("status", "状态应为待审批、已批准、未批准或已作废")
	}
	after, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	if after != nil && !after.Due.IsZero() {
		return nil, fieldError("cursor", "分页位置与筛选条件不符，请从第一页重新浏览")
	}
	sf := zhifa.ApprovalFilter{AgencyID: actor.AgencyID, CaseID: f.CaseID, Status: f.Status, Page: zhifa.Page{Limit: caseListLimit(f.Limit)}}
	if after != nil {
		sf.AfterID = after.ID
	}
	if f.Mine {
		sf.ApproverID = actor.UserID
	}
	out := &ApprovalList{Approvals: []*ApprovalView{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, total, err := tx.ApprovalRequests(ctx, sf)
		if err != nil {
			return err
		}
		out.Total, out.TotalCapped, out.TotalText = total, total > zhifa.CountCap, countText(total)
		if len(list) == sf.Limit {
			out.Next = encodeCursor(zhifa.CaseKey{ID: list[len(list)-1].ID})
		}
		vc := newApprovalViewCache(s, tx, actor)
		for _, r := range list {
			v, err := vc.view(ctx, r)
			if err != nil {
				return err
			}
			out.Approvals = append(out.Approvals, v)
		}
		return nil
	})
	return out, err
}

// Approval returns one request of the actor's agency.
func (s *Service) Approval(ctx context.Context, id int64) (*ApprovalView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	var v *ApprovalView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		r, err := tx.ApprovalRequest(ctx, id)
		if err != nil {
			return err
		}
		if r.AgencyID != actor.AgencyID {
			return notVisible("审批请求")
		}
		v, err = newApprovalViewCache(s, tx, actor).view(ctx, r)
		return err
	})
	return v, err
}

// PendingApprovals counts the live requests asked of the actor (the dashboard's count).
func (s *Service) PendingApprovals(ctx context.Context) (int, error) {
	actor := kernel.ActorFrom(ctx)
	if !actor.Can(kernel.PermHandleCases) {
		return 0, nil
	}
	var n int
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		_, n, err = tx.ApprovalRequests(ctx, zhifa.ApprovalFilter{AgencyID: actor.AgencyID, ApproverID: actor.UserID,
			Status: zhifa.ApprovalPending, Page: zhifa.Page{Limit: 1}})
		return err
	})
	return n, err
}

// ApprovalViewsTx are the views of the requests list in tx, as the actor sees them (the
// to-do's approvals), each user of the page read once.
func (s *Service) ApprovalViewsTx(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, list []*zhifa.ApprovalRequest) ([]*ApprovalView, error) {
	vc := newApprovalViewCache(s, tx, actor)
	out := make([]*ApprovalView, 0, len(list))
	for _, r := range list {
		v, err := vc.view(ctx, r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// approvalViewCache reads each user of a page of requests once (the users of one agency).
type approvalViewCache struct {
	s        *Service
	tx       zhifa.Tx
	actor    *kernel.Actor
	names    map[int64]string
	approver *bool
}

func newApprovalViewCache(s *Service, tx zhifa.Tx, actor *kernel.Actor) *approvalViewCache {
	return &approvalViewCache{s: s, tx: tx, actor: actor, names: map[int64]string{}}
}

func (vc *approvalViewCache) name(ctx context.Context, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	if n, ok := vc.names[id]; ok {
		return n, nil
	}
	u, err := vc.tx.User(ctx, id)
	if err != nil {
		return "", err
	}
	vc.names[id] = u.Name
	return u.Name, nil
}

func (vc *approvalViewCache) view(ctx context.Context, r *zhifa.ApprovalRequest) (*ApprovalView, error) {
	c := &zhifa.Case{ID: r.CaseID, Number: r.CaseNumber, Kind: r.CaseKind, Procedure: r.CaseProcedure}
	v := &ApprovalView{ApprovalRequest: r, Status: r.Effective(), CaseNumber: c.Number, ActionLabel: law.StepLabel(c, r.Action)}
	v.StatusLabel = v.Status.Label()
	var err error
	if v.RequesterName, err = vc.name(ctx, r.RequesterID); err != nil {
		return nil, err
	}
	if v.ApproverName, err = vc.name(ctx, r.ApproverID); err != nil {
		return nil, err
	}
	if v.DeciderName, err = vc.name(ctx, r.DecidedBy); err != nil {
		return nil, err
	}
	var in kernel.ActionInput
	if json.Unmarshal([]byte(r.Input), &in) == nil {
		v.Summary = stepSummary(r.Action, in)
	}
	if v.Status == zhifa.ApprovalPending && r.RequesterID != vc.actor.UserID {
		if vc.approver == nil {
			ok, err := vc.s.k.MayApprove(ctx, vc.tx, vc.actor, r.AgencyID, vc.s.k.Today())
			if err != nil {
				return nil, err
			}
			vc.approver = &ok
		}
		v.CanDecide = *vc.approver
	}
	return v, nil
}

// stepSummary says in a line what a request's step would do.
func stepSummary(action zhifa.Action, in kernel.ActionInput) string {
	s := ""
	switch action {
	case zhifa.ActExtend:
		s = fmt.Sprintf("延长%d日", in.Days)
	case zhifa.ActPauseClock, zhifa.ActResumeClock:
		s = in.Clock.Label()
	}
	if in.Reason != "" {
		if s != "" {
			s += "；"
		}
		s += "理由：" + in.Reason
	}
	return s
}
