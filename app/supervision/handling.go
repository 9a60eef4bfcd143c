package supervision

import (
	"context"
	"maps"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/workday"
)

// ListFilter selects the complaints of a staff list.
type ListFilter struct {
	State   zhifa.ComplaintState `json:"state"`
	Overdue bool                 `json:"overdue"`
	Cursor  string               `json:"cursor"`
}

// ListItem is one row of the staff list.
type ListItem struct {
	ID         int64       `json:"id"`
	Number     string      `json:"number"`
	Kind       string      `json:"kind"`
	Subject    string      `json:"subject"`
	Channel    string      `json:"channel"`
	AgencyName string      `json:"agency_name"`
	Target     string      `json:"target"`
	State      string      `json:"state"`
	ReceivedOn zhifa.Date  `json:"received_on"`
	CaseID     int64       `json:"case_id,omitempty"`
	Clocks     []ClockView `json:"clocks"`
}

// ListPage is one page of the list and the cursor of the next ("" on the last).
type ListPage struct {
	Items []ListItem `json:"items"`
	Next  string     `json:"next,omitempty"`
}

// PageSize is the length of a list page.
const PageSize = 50

// Complaints lists the complaints the actor handles or supervises, newest first, a page
// at a time (keyset): handlers see their agency's, supervisors their scope's.
func (s *Service) Complaints(ctx context.Context, f ListFilter) (*ListPage, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, err
	}
	if f.State != "" && !f.State.Valid() {
		return nil, kernel.FieldError("state", "状态无效")
	}
	before, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	q := zhifa.ComplaintFilter{State: f.State, Before: before, Limit: PageSize + 1}
	if actor.Can(kernel.PermSupervise) {
		q.UnderPath = actor.ScopePath
	} else {
		q.AgencyID = actor.AgencyID
	}
	today := s.k.Today()
	if f.Overdue {
		q.OverdueOn = today
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	page := &ListPage{Items: []ListItem{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.Complaints(ctx, q)
		if err != nil {
			return err
		}
		if len(list) > PageSize {
			list = list[:PageSize]
			page.Next = encodeCursor(list[PageSize-1].ID)
		}
		for _, c := range list {
			page.Items = append(page.Items, ListItem{ID: c.ID, Number: c.Number, Kind: c.Kind.Label(), Subject: c.Subject.Label(),
				Channel: c.Channel.Label(), AgencyName: c.AgencyName, Target: c.Target, State: c.State.Label(),
				ReceivedOn: c.ReceivedOn, CaseID: c.CaseID, Clocks: runningClocks(clockViews(cal, today, c.Clocks))})
		}
		return nil
	})
	return page, err
}

func runningClocks(cs []ClockView) []ClockView {
	out := cs[:0]
	for _, c := range cs {
		if !c.Done {
			out = append(out, c)
		}
	}
	return out
}

// EventView is a history step with the agencies named.
type EventView struct {
	*zhifa.ComplaintEvent
	Label      string `json:"label"`
	FromName   string `json:"from_name,omitempty"`
	ToName     string `json:"to_name,omitempty"`
	ActionName string `json:"action_name"`
}

// View is a complaint as staff see it.
type View struct {
	*zhifa.Complaint
	KindLabel    string                 `json:"kind_label"`
	SubjectLabel string                 `json:"subject_label"`
	ChannelLabel string                 `json:"channel_label"`
	StateLabel   string                 `json:"state_label"`
	ClockViews   []ClockView            `json:"clock_views"`
	Files        []*zhifa.ComplaintFile `json:"files"`
	Events       []EventView            `json:"events"`
	// MayHandle: the actor handles it (transfer, accept, refuse, open a case, reply).
	MayHandle bool `json:"may_handle"`
	// ShowsComplainant: the complainant's data is shown (to its handlers only; the read
	// is audited).
	ShowsComplainant bool `json:"shows_complainant"`
}

var actionNames = map[string]string{"receive": "接收", "transfer": "转交", "accept": "受理", "refuse": "不予受理",
	"open_case": "立案", "notify": "告知举报人", "reply": "答复"}

// Complaint shows a complaint to its handlers and the supervisors of its scope; anyone
// else is told it does not exist. The complainant's name, phone and address are shown
// to the handlers only, and that read is written to the audit log (暂行办法第三十三条).
func (s *Service) Complaint(ctx context.Context, id int64) (*View, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, err
	}
	var v *View
	load := func(tx zhifa.Tx) error {
		c, err := tx.Complaint(ctx, id)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND || (err == nil && !mayRead(actor, c.AgencyID, c.AgencyPath)) {
			return zhifa.NotFound("投诉举报")
		} else if err != nil {
			return err
		}
		v, err = s.view(ctx, tx, actor, c)
		return err
	}
	if err := s.k.Read(ctx, load); err != nil {
		return nil, err
	}
	if !v.ShowsComplainant || !v.Named {
		return v, nil
	}
	// The handler reads the complainant: audited in a transaction of its own.
	err := s.k.Write(ctx, "complaint.read_personal", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object, rec.ObjectPath = kernel.ObjectRef("complaint", v.ID), v.AgencyPath
		return load(tx)
	})
	return v, err
}

func (s *Service) view(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, c *zhifa.Complaint) (*View, error) {
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	v := &View{Complaint: c, KindLabel: c.Kind.Label(), SubjectLabel: c.Subject.Label(), ChannelLabel: c.Channel.Label(),
		StateLabel: c.State.Label(), ClockViews: clockViews(cal, s.k.Today(), c.Clocks), MayHandle: mayHandle(actor, c.AgencyID)}
	v.ShowsComplainant = v.MayHandle
	if !v.ShowsComplainant {
		c.Complainant = zhifa.Complainant{}
	}
	if v.Files, err = tx.ComplaintFiles(ctx, c.ID); err != nil {
		return nil, err
	}
	events, err := tx.ComplaintEvents(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	name := func(id int64) (string, error) {
		if id == 0 {
			return "", nil
		}
		if n, ok := names[id]; ok {
			return n, nil
		}
		ag, err := tx.Agency(ctx, id)
		if err != nil {
			return "", err
		}
		names[id] = ag.Name
		return ag.Name, nil
	}
	for _, e := range events {
		ev := EventView{ComplaintEvent: e, ActionName: actionNames[e.Action]}
		if ev.FromName, err = name(e.FromAgency); err != nil {
			return nil, err
		}
		if ev.ToName, err = name(e.ToAgency); err != nil {
			return nil, err
		}
		v.Events = append(v.Events, ev)
	}
	return v, nil
}

// ActionInput is a handler's step on a complaint.
type ActionInput struct {
	Version int `json:"version"`
	// AgencyID: the agency a transfer goes to.
	AgencyID int64 `json:"agency_id"`
	// Reason: why it is transferred (internal), or the note of a notice.
	Reason string `json:"reason"`
	// Reply: what the complainant is told on a refusal or the final reply.
	Reply string `json:"reply"`
	// ReplyDays: the reply deadline set on acceptance (0: the default).
	ReplyDays int `json:"reply_days"`
	// Finding: what the handling found, with the final reply; required of a complaint
	// about enforcement conduct (law.CheckComplaintFinding).
	Finding zhifa.ComplaintFinding `json:"finding,omitempty"`
}

// Act takes a handler's step on a complaint: "transfer", "accept", "refuse", "notify" or
// "reply". Only the handlers of the complaint's agency act; to everyone else outside it
// the complaint does not exist.
func (s *Service) Act(ctx context.Context, id int64, action string, in ActionInput) (*View, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, err
	}
	step, ok := steps[action]
	if !ok {
		return nil, kernel.FieldError("action", "未知的办理操作")
	}
	c := kernel.NewChecker()
	c.Text("reason", &in.Reason, step.needsReason, 1000)
	c.Text("reply", &in.Reply, step.needsReply, kernel.MaxText)
	if err := c.Err(); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	var v *View
	err = s.k.Write(ctx, "complaint."+action, func(tx zhifa.Tx, rec *kernel.Audit) error {
		cp, err := s.handled(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("complaint", cp.ID), cp.AgencyPath
		if in.Version != cp.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "投诉举报已被他人修改，请刷新后重试")
		}
		ev := &zhifa.ComplaintEvent{ComplaintID: cp.ID, Action: action, Reason: in.Reason, ActorID: actor.UserID, ActorName: actor.Name}
		if err := step.run(ctx, tx, &stepRun{cp: cp, in: in, ev: ev, today: today, cal: cal}); err != nil {
			return err
		}
		cp.NextDue = law.NextDue(cp.Clocks)
		if err := tx.UpdateComplaint(ctx, cp); err != nil {
			return err
		}
		if err := tx.AddComplaintEvent(ctx, ev); err != nil {
			return err
		}
		rec.Detail = cp.Number + " " + actionNames[action]
		if err := s.entry(ctx, tx, "complaint."+action, complaintMeta(cp, string(cp.State), 0)); err != nil {
			return err
		}
		fresh, err := tx.Complaint(ctx, cp.ID)
		if err != nil {
			return err
		}
		v, err = s.view(ctx, tx, actor, fresh)
		return err
	})
	return v, err
}

// handled returns the complaint if the actor handles it: ENOTFOUND outside the actor's
// reading rights, EFORBIDDEN for a supervisor reading another agency's complaint.
func (s *Service) handled(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.Complaint, error) {
	cp, err := tx.Complaint(ctx, id)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND || (err == nil && !mayRead(actor, cp.AgencyID, cp.AgencyPath)) {
		return nil, zhifa.NotFound("投诉举报")
	} else if err != nil {
		return nil, err
	}
	if !mayHandle(actor, cp.AgencyID) {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只有承办机关的工作人员可以办理该投诉举报")
	}
	return cp, nil
}

type stepRun struct {
	cp    *zhifa.Complaint
	in    ActionInput
	ev    *zhifa.ComplaintEvent
	today zhifa.Date
	cal   *workday.Calendar
}

type complaintStep struct {
	needsReason, needsReply bool
	run                     func(ctx context.Context, tx zhifa.Tx, r *stepRun) error
}

var steps = map[string]complaintStep{
	"transfer": {needsReason: true, run: transfer},
	"accept":   {run: accept},
	"refuse":   {needsReply: true, run: refuse},
	"notify":   {run: notify},
	"reply":    {needsReply: true, run: reply},
}

// ComplaintActions lists the handlers' steps Act accepts, sorted: the suffixes of its
// audit action "complaint.STEP" (the audit log names each, app/audit_view.go).
func ComplaintActions() []string { return slices.Sorted(maps.Keys(steps)) }

// transfer passes a received complaint to the agency with jurisdiction (暂行办法第二十九条、
// 第三十七条), with the reason; its clocks keep running from the day it was received.
func transfer(ctx context.Context, tx zhifa.Tx, r *stepRun) error {
	cp := r.cp
	if cp.State != zhifa.ComplaintReceived {
		return zhifa.Errorf(zhifa.EINVALID, "只能转交尚未受理的投诉举报")
	}
	if r.in.AgencyID == cp.AgencyID {
		return kernel.FieldError("agency_id", "请选择其他机关")
	}
	to, err := tx.Agency(ctx, r.in.AgencyID)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND || (err == nil && !to.IsEnforcement()) {
		return kernel.FieldError("agency_id", "请选择具体的执法机关")
	} else if err != nil {
		return err
	}
	r.ev.FromAgency, r.ev.ToAgency = cp.AgencyID, to.ID
	cp.AgencyID = to.ID
	return nil
}

// accept accepts a complaint (第十四条) or takes up a report, starting the reply clock.
func accept(ctx context.Context, tx zhifa.Tx, r *stepRun) error {
	cp := r.cp
	if err := law.CheckComplaintStep(cp.State, zhifa.ComplaintAccepted); err != nil {
		return err
	}
	if err := law.CheckReplyDays(r.in.ReplyDays); err != nil {
		return err
	}
	acceptTx(r.cp, r.today, r.in.ReplyDays, r.cal)
	return nil
}

// acceptTx moves a received complaint to accepted on day: the acceptance clock done, the
// reply clock started.
func acceptTx(cp *zhifa.Complaint, day zhifa.Date, replyDays int, cal *workday.Calendar) {
	cp.State, cp.DecidedOn, cp.ReplyDays = zhifa.ComplaintAccepted, day, replyDays
	law.FinishClock(cp.Clocks, law.ClockComplaintAccept)
	cp.Clocks = append(cp.Clocks, law.ReplyClock(cal, day, replyDays))
}

// refuse refuses a complaint (第十五条) or declines to file a report, telling the
// complainant why: the reply is the notice, so every clock ends.
func refuse(ctx context.Context, tx zhifa.Tx, r *stepRun) error {
	cp := r.cp
	if err := law.CheckComplaintStep(cp.State, zhifa.ComplaintRefused); err != nil {
		return err
	}
	cp.State, cp.DecidedOn, cp.Reply, cp.RepliedOn = zhifa.ComplaintRefused, r.today, r.in.Reply, r.today
	if cp.Named {
		cp.Notified = r.today
	}
	finishAll(cp)
	return nil
}

// notify records that a named reporter was told of the filing decision (第三十一条第二款).
func notify(ctx context.Context, tx zhifa.Tx, r *stepRun) error {
	cp := r.cp
	if cp.Kind != zhifa.ComplaintKindReport || !cp.Named || cp.CaseID == 0 {
		return zhifa.Errorf(zhifa.EINVALID, "只有已立案的实名举报需要告知举报人")
	}
	if !cp.Notified.IsZero() {
		return zhifa.Errorf(zhifa.EINVALID, "已告知举报人")
	}
	cp.Notified = r.today
	law.FinishClock(cp.Clocks, law.ClockReportNotice)
	return nil
}

// reply gives the final reply and closes the matter.
func reply(ctx context.Context, tx zhifa.Tx, r *stepRun) error {
	cp := r.cp
	if err := law.CheckComplaintStep(cp.State, zhifa.ComplaintReplied); err != nil {
		return err
	}
	if err := law.CheckComplaintFinding(cp.Subject, r.in.Finding); err != nil {
		return err
	}
	cp.State, cp.Reply, cp.RepliedOn, cp.Finding = zhifa.ComplaintReplied, r.in.Reply, r.today, r.in.Finding
	if cp.Named && cp.Notified.IsZero() && cp.CaseID != 0 {
		cp.Notified = r.today
	}
	finishAll(cp)
	return nil
}

func finishAll(cp *zhifa.Complaint) {
	for i := range cp.Clocks {
		cp.Clocks[i].Done = true
	}
}

// LinkCaseTx links a case just filed to the complaint that led to it, inside the filing's
// transaction (App.FileCase): the complaint must be one the actor handles, of the case's
// agency, not yet linked and not closed. A received complaint is thereby accepted; a
// named report starts the five-working-day notice (暂行办法第三十一条第二款).
func (s *Service) LinkCaseTx(ctx context.Context, tx zhifa.Tx, complaintID, caseID int64) error {
	actor := kernel.ActorFrom(ctx)
	cp, err := s.handled(ctx, tx, actor, complaintID)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND || zhifa.ErrorCode(err) == zhifa.EFORBIDDEN {
		return kernel.FieldError("complaint_id", "投诉举报不存在或不由本机关办理")
	} else if err != nil {
		return err
	}
	k, err := tx.Case(ctx, caseID)
	if err != nil {
		return err
	}
	if k.AgencyID != cp.AgencyID {
		return kernel.FieldError("complaint_id", "投诉举报不由本机关办理")
	}
	if cp.CaseID != 0 {
		return kernel.FieldError("complaint_id", "该投诉举报已立案")
	}
	if cp.State != zhifa.ComplaintReceived && cp.State != zhifa.ComplaintAccepted {
		return kernel.FieldError("complaint_id", "该投诉举报已办结")
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return err
	}
	today := s.k.Today()
	if cp.State == zhifa.ComplaintReceived {
		acceptTx(cp, today, 0, cal)
	}
	cp.CaseID = caseID
	if cp.Kind == zhifa.ComplaintKindReport && cp.Named {
		cp.Clocks = append(cp.Clocks, law.ReportNoticeClock(cal, today))
	}
	cp.NextDue = law.NextDue(cp.Clocks)
	if err := tx.UpdateComplaint(ctx, cp); err != nil {
		return err
	}
	if err := tx.AddComplaintEvent(ctx, &zhifa.ComplaintEvent{ComplaintID: cp.ID, Action: "open_case", Reason: k.Number,
		ActorID: actor.UserID, ActorName: actor.Name}); err != nil {
		return err
	}
	meta := complaintMeta(cp, string(cp.State), 0)
	meta["case"] = strconv.FormatInt(caseID, 10)
	return s.entry(ctx, tx, "complaint.open_case", meta)
}

// CaseComplaints lists the complaints that opened a case the actor may read (the link
// back from the case page).
func (s *Service) CaseComplaints(ctx context.Context, caseID int64) ([]ListItem, error) {
	actor := kernel.ActorFrom(ctx)
	var out []ListItem
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		if _, _, err := s.k.VisibleCase(ctx, tx, actor, caseID); err != nil {
			return err
		}
		list, err := tx.CaseComplaints(ctx, caseID)
		if err != nil {
			return err
		}
		for _, c := range list {
			out = append(out, ListItem{ID: c.ID, Number: c.Number, Kind: c.Kind.Label(), State: c.State.Label(), ReceivedOn: c.ReceivedOn})
		}
		return nil
	})
	return out, err
}
