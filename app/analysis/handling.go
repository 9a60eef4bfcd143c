package analysis

import (
	"context"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"zhifa"
	"zhifa/app/kernel"
)

// Limits of the handling of a warning.
const (
	// MaxReasonRunes bounds an explanation, a rectification report or a note.
	MaxReasonRunes = 2000
	// MaxEscalateDays is the longest 督办 deadline, in working days.
	MaxEscalateDays = 60
)

// View is a warning as the workspace shows it: with the labels of its kind and state,
// whether its 督办 deadline has passed, and what the reader may do with it.
type View struct {
	*zhifa.AnalysisWarning
	KindLabel  string `json:"kind_label"`
	StateLabel string `json:"state_label"`
	Overdue    bool   `json:"overdue"`
	Can        Acts   `json:"can"`
}

// Acts are the handling acts open to the reader.
type Acts struct {
	Explain  bool `json:"explain"`
	Rectify  bool `json:"rectify"`
	Escalate bool `json:"escalate"`
	Close    bool `json:"close"`
}

// KindLabels and StateLabels name kinds and states for users.
var (
	KindLabels = map[zhifa.AnalysisKind]string{
		zhifa.AnalysisFineOutlier:        "同案不同罚",
		zhifa.AnalysisRepeatedEndings:    "反复不予处罚或撤案",
		zhifa.AnalysisLongNoPenalty:      "超期调查后不予处罚或撤案",
		zhifa.AnalysisOutsideCertificate: "执法人员超出证件执法领域",
		zhifa.AnalysisIdleItem:           "五年未实施的执法事项",
		zhifa.AnalysisComplaintCluster:   "投诉举报集中",
		zhifa.AnalysisMissingReview:      "重大决定未经法制审核",
		zhifa.AnalysisMissingAV:          "缺少法定音像记录",
	}
	StateLabels = map[zhifa.AnalysisState]string{
		zhifa.AnalysisOpen:      "待处理",
		zhifa.AnalysisExplained: "已说明理由",
		zhifa.AnalysisRectified: "已整改",
		zhifa.AnalysisEscalated: "督办中",
		zhifa.AnalysisClosed:    "已办结",
	}
)

// Kinds lists the kinds in the order filters show them.
var Kinds = []zhifa.AnalysisKind{zhifa.AnalysisFineOutlier, zhifa.AnalysisRepeatedEndings, zhifa.AnalysisLongNoPenalty,
	zhifa.AnalysisOutsideCertificate, zhifa.AnalysisIdleItem, zhifa.AnalysisComplaintCluster, zhifa.AnalysisMissingReview,
	zhifa.AnalysisMissingAV}

// Filter selects a page of warnings.
type Filter struct {
	Kind     zhifa.AnalysisKind
	State    zhifa.AnalysisState
	AgencyID int64
	Cursor   string
	Limit    int
}

// Page is one page of warnings; Next is the cursor of the next, "" at the end.
type Page struct {
	Items []*View `json:"items"`
	Next  string  `json:"next,omitempty"`
}

// Input is the input of a handling act.
type Input struct {
	// Reason is the explanation (说明理由), the rectification (整改情况) or the note of a
	// 督办 or of closing.
	Reason string `json:"reason"`
	// Days is the 督办 deadline in working days (escalate only).
	Days int `json:"days,omitempty"`
}

// isSupervisor reports whether the actor supervises other agencies' warnings: the
// justice bureau's supervisors (the acts that are theirs: 督办, 办结).
func isSupervisor(actor *kernel.Actor) bool {
	return actor.LoggedIn() && actor.Role == zhifa.RoleSupervisor
}

// requireReader answers the public with EUNAUTHORIZED and users who neither handle cases
// nor supervise with EFORBIDDEN.
func requireReader(actor *kernel.Actor) error {
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return err
	}
	if actor.Can(kernel.PermHandleCases) || actor.Can(kernel.PermSupervise) {
		return nil
	}
	return zhifa.Forbidden()
}

// mayRead reports whether the actor sees the warning: supervisors (and heads) across
// their scope, officers their own agency's.
func mayRead(actor *kernel.Actor, w *zhifa.AnalysisWarning) bool {
	if actor.Can(kernel.PermSupervise) {
		return actor.InScope(w.AgencyPath)
	}
	return actor.Can(kernel.PermHandleCases) && actor.AgencyID == w.AgencyID
}

// List returns a page of the warnings the actor sees, newest first.
func (s *Service) List(ctx context.Context, f Filter) (*Page, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireReader(actor); err != nil {
		return nil, err
	}
	if f.Kind != "" && KindLabels[f.Kind] == "" {
		return nil, kernel.FieldError("kind", "预警类型无效")
	}
	if f.State != "" && StateLabels[f.State] == "" {
		return nil, kernel.FieldError("state", "处理状态无效")
	}
	after, err := kernel.DecodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	limit := kernel.PageLimit(f.Limit)
	sf := zhifa.AnalysisFilter{Kind: f.Kind, State: f.State, AgencyID: f.AgencyID, Limit: limit + 1}
	if after != nil {
		sf.Before = after.ID
	}
	page := &Page{Items: []*View{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		if actor.Can(kernel.PermSupervise) {
			sf.UnderPath = actor.ScopePath
		} else {
			sf.AgencyID = actor.AgencyID
			if f.AgencyID != 0 && f.AgencyID != actor.AgencyID {
				return zhifa.NotFound("执法机关")
			}
		}
		if f.AgencyID != 0 {
			if _, err := s.k.VisibleAgency(ctx, tx, actor, f.AgencyID); err != nil {
				return err
			}
		}
		list, err := tx.AnalysisWarnings(ctx, sf)
		if err != nil {
			return err
		}
		if len(list) > limit {
			list = list[:limit]
			page.Next = kernel.EncodeCursor(zhifa.CaseKey{ID: list[limit-1].ID})
		}
		for _, w := range list {
			v, err := s.view(ctx, tx, actor, w)
			if err != nil {
				return err
			}
			page.Items = append(page.Items, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// Counts are the warnings not yet closed in the actor's scope, by kind (the dashboard).
func (s *Service) Counts(ctx context.Context) (map[zhifa.AnalysisKind]int, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireReader(actor); err != nil {
		return nil, err
	}
	var out map[zhifa.AnalysisKind]int
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		path := actor.ScopePath
		if !actor.Can(kernel.PermSupervise) {
			path = actor.AgencyPath
		}
		if path == "" {
			out = map[zhifa.AnalysisKind]int{}
			return nil
		}
		var err error
		out, err = tx.CountAnalysisWarnings(ctx, path)
		return err
	})
	return out, err
}

// Get returns one warning the actor sees; others answer ENOTFOUND.
func (s *Service) Get(ctx context.Context, id int64) (*View, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireReader(actor); err != nil {
		return nil, err
	}
	var v *View
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		w, err := visible(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		v, err = s.view(ctx, tx, actor, w)
		return err
	})
	return v, err
}

// visible loads a warning the actor may read; outside their scope it is missing.
func visible(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.AnalysisWarning, error) {
	w, err := tx.AnalysisWarning(ctx, id)
	if err != nil {
		return nil, err
	}
	if !mayRead(actor, w) {
		return nil, zhifa.NotFound("预警")
	}
	return w, nil
}

func (s *Service) view(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, w *zhifa.AnalysisWarning) (*View, error) {
	today := s.k.Today()
	v := &View{AnalysisWarning: w, KindLabel: KindLabels[w.Kind], StateLabel: StateLabels[w.State],
		Overdue: w.State == zhifa.AnalysisEscalated && !w.Deadline.IsZero() && today.After(w.Deadline)}
	agencyAct, err := s.agencyActs(ctx, tx, actor, w)
	if err != nil {
		return nil, err
	}
	v.Can = Acts{Explain: agencyAct && next(explain, w.State), Rectify: agencyAct && next(rectify, w.State)}
	if isSupervisor(actor) && actor.InScope(w.AgencyPath) {
		v.Can.Escalate, v.Can.Close = next(escalate, w.State), next(closeAct, w.State)
	}
	return v, nil
}

// agencyActs reports whether the actor answers for the warning's agency: its head, or the
// deputy of a delegation the head configured (Kernel.MayApprove).
func (s *Service) agencyActs(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, w *zhifa.AnalysisWarning) (bool, error) {
	if !actor.LoggedIn() || actor.AgencyID != w.AgencyID {
		return false, nil
	}
	return s.k.MayApprove(ctx, tx, actor, w.AgencyID, s.k.Today())
}

// The handling acts.
const (
	explain  = "explain"
	rectify  = "rectify"
	escalate = "escalate"
	closeAct = "close"
)

// transitions are the states each act may start from and the state it leads to: the
// agency explains or rectifies an open or escalated warning (rectifies an explained one
// too); the supervisor orders any unclosed one handled, and closes it.
var transitions = map[string]struct {
	from []zhifa.AnalysisState
	to   zhifa.AnalysisState
}{
	explain:  {[]zhifa.AnalysisState{zhifa.AnalysisOpen, zhifa.AnalysisEscalated}, zhifa.AnalysisExplained},
	rectify:  {[]zhifa.AnalysisState{zhifa.AnalysisOpen, zhifa.AnalysisExplained, zhifa.AnalysisEscalated}, zhifa.AnalysisRectified},
	escalate: {[]zhifa.AnalysisState{zhifa.AnalysisOpen, zhifa.AnalysisExplained, zhifa.AnalysisRectified}, zhifa.AnalysisEscalated},
	closeAct: {[]zhifa.AnalysisState{zhifa.AnalysisOpen, zhifa.AnalysisExplained, zhifa.AnalysisRectified, zhifa.AnalysisEscalated}, zhifa.AnalysisClosed},
}

// HandlingActs lists the handling acts, sorted: the suffixes of their audit action
// "analysis_ACT" (the audit log names each, app/audit_view.go).
func HandlingActs() []string { return slices.Sorted(maps.Keys(transitions)) }

// next reports whether the act may start from the state.
func next(name string, from zhifa.AnalysisState) bool {
	for _, s := range transitions[name].from {
		if s == from {
			return true
		}
	}
	return false
}

// Explain records the agency's reason for a warning (说明理由), by its head's own act.
func (s *Service) Explain(ctx context.Context, id int64, in Input) (*View, error) {
	return s.handle(ctx, id, explain, in)
}

// Rectify records the agency's rectification of a warning (整改), by its head's own act.
func (s *Service) Rectify(ctx context.Context, id int64, in Input) (*View, error) {
	return s.handle(ctx, id, rectify, in)
}

// Escalate orders the agency to handle a warning within in.Days working days (督办), by
// a supervisor of the justice bureau whose scope covers the agency.
func (s *Service) Escalate(ctx context.Context, id int64, in Input) (*View, error) {
	return s.handle(ctx, id, escalate, in)
}

// Close closes a warning (办结), by a supervisor whose scope covers the agency.
func (s *Service) Close(ctx context.Context, id int64, in Input) (*View, error) {
	return s.handle(ctx, id, closeAct, in)
}

// handle runs one act in one transaction with its audit line and ledger entry.
func (s *Service) handle(ctx context.Context, id int64, name string, in Input) (*View, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireReader(actor); err != nil {
		return nil, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if err := checkInput(name, in); err != nil {
		return nil, err
	}
	var v *View
	err := s.k.Write(ctx, "analysis_"+name, func(tx zhifa.Tx, rec *kernel.Audit) error {
		w, err := visible(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("analysis_warning", w.ID), w.AgencyPath
		if err := s.allowed(ctx, tx, actor, w, name); err != nil {
			return err
		}
		if !next(name, w.State) {
			return zhifa.Errorf(zhifa.ECONFLICT, "该预警%s，不能%s", StateLabels[w.State], actLabels[name])
		}
		w.State, w.Reason = transitions[name].to, in.Reason
		if name == escalate {
			cal, err := s.k.Calendar(ctx)
			if err != nil {
				return err
			}
			w.Deadline, _ = cal.AddWorkdays(s.k.Today(), in.Days)
		}
		if err := tx.UpdateAnalysisWarning(ctx, w); err != nil {
			return err
		}
		rec.Detail = string(w.State)
		if err := s.entry(ctx, tx, w, name); err != nil {
			return err
		}
		v, err = s.view(ctx, tx, actor, w)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

var actLabels = map[string]string{explain: "说明理由", rectify: "报告整改", escalate: "督办", closeAct: "办结"}

// allowed checks the actor's role for the act: the agency's head (or deputy) explains and
// rectifies, the supervisor orders and closes.
func (s *Service) allowed(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, w *zhifa.AnalysisWarning, name string) error {
	if name == escalate || name == closeAct {
		if !isSupervisor(actor) {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只有司法行政部门的执法监督人员可以%s", actLabels[name])
		}
		return nil
	}
	ok, err := s.agencyActs(ctx, tx, actor, w)
	if err != nil {
		return err
	}
	if !ok {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "只有本机关负责人可以%s", actLabels[name])
	}
	return nil
}

// checkInput validates the reason and, for a 督办, the deadline.
func checkInput(name string, in Input) error {
	if in.Reason == "" {
		return kernel.FieldError("reason", "请填写"+map[string]string{explain: "理由", rectify: "整改情况", escalate: "督办要求", closeAct: "办结意见"}[name])
	}
	if utf8.RuneCountInString(in.Reason) > MaxReasonRunes {
		return kernel.FieldError("reason", "内容不能超过2000字")
	}
	if name == escalate && (in.Days < 1 || in.Days > MaxEscalateDays) {
		return kernel.FieldError("days", "督办期限应为1至60个工作日")
	}
	return nil
}
