package supervision

import (
	"context"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// The prominent-problem list (突出问题清单, REQUIREMENTS F8; seed 002 (八)). The justice
// bureau's supervisor opens a problem found by a case-file evaluation, a complaint, a
// reconsideration or lawsuit, or a fault review of its scope, names the agency that owns
// its rectification and the deadline in working days; the owner's handlers report the
// rectification with its evidence; the bureau accepts it (销号) or returns it. A problem
// not accepted by its deadline is overdue and warns on both sides' lists.

// ProblemInput opens a problem. AgencyID is the owner agency; zero means the agency of
// the source record.
type ProblemInput struct {
	Source   zhifa.ProblemSource `json:"source"`
	SourceID int64               `json:"source_id"`
	AgencyID int64               `json:"agency_id"`
	Title    string              `json:"title"`
	Detail   string              `json:"detail"`
	// Days is the rectification period in working days (default law.DefaultRectifyDays).
	Days int `json:"days"`
}

// ProblemActInput is the owner's report (action report: Report) or the bureau's review
// of it (action accept or return: Note, required on return).
type ProblemActInput struct {
	Action  string `json:"action"`
	Version int    `json:"version"`
	Report  string `json:"report"`
	Note    string `json:"note"`
}

// Problem actions.
const (
	ProblemReport = "report"
	ProblemAccept = "accept"
	ProblemReturn = "return"
)

// ProblemActions lists the actions ActProblem accepts (any other is refused before its
// write): the suffixes of its audit action "problem.ACTION" (app/audit_view.go).
func ProblemActions() []string { return []string{ProblemReport, ProblemAccept, ProblemReturn} }

// ProblemView is a problem with its labels, its source's page and its clock.
type ProblemView struct {
	*zhifa.Problem
	StateLabel  string `json:"state_label"`
	SourceLabel string `json:"source_label"`
	SourceURL   string `json:"source_url"`
	Overdue     bool   `json:"overdue"`
	// MayReport: the actor handles the owner agency's work; MayReview: the actor is the
	// bureau's supervisor over it.
	MayReport bool `json:"may_report"`
	MayReview bool `json:"may_review"`
}

// ProblemFilter selects a page of the list.
type ProblemFilter struct {
	State   zhifa.ProblemState `json:"state"`
	Overdue bool               `json:"overdue"`
	Cursor  string             `json:"cursor"`
}

// ProblemPage is one page of the list; Next is the cursor of the next page ("" at the end).
type ProblemPage struct {
	Items []*ProblemView `json:"items"`
	Next  string         `json:"next"`
}

// problemPageSize is the length of a list page.
const problemPageSize = 50

func (in *ProblemInput) check() error {
	c := kernel.NewChecker()
	if !in.Source.Valid() {
		c.Add("source", "请选择问题来源")
	}
	if in.SourceID <= 0 {
		c.Add("source_id", "请填写来源记录编号")
	}
	c.Text("title", &in.Title, true, kernel.MaxShort)
	c.Text("detail", &in.Detail, true, kernel.MaxText)
	if in.Days == 0 {
		in.Days = law.DefaultRectifyDays
	}
	if in.Days < 1 || in.Days > law.MaxRectifyDays {
		c.Add("days", "整改期限应为1至"+strconv.Itoa(law.MaxRectifyDays)+"个工作日")
	}
	return c.Err()
}

// OpenProblem puts a problem on the list.
func (s *Service) OpenProblem(ctx context.Context, in ProblemInput) (*ProblemView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermSupervise); err != nil {
		return nil, err
	}
	if actor.Role != zhifa.RoleSupervisor {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "突出问题清单由司法行政部门的执法监督人员梳理")
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.k.Write(ctx, "problem.open", func(tx zhifa.Tx, rec *kernel.Audit) error {
		srcAgency, origin, err := s.problemSource(ctx, tx, in.Source, in.SourceID)
		if err != nil {
			return err
		}
		src, err := tx.Agency(ctx, srcAgency)
		if err != nil || !mayOrganise(actor, src.Path) {
			return kernel.FieldError("source_id", "来源记录不存在或不在本部门监督范围内")
		}
		if in.AgencyID == 0 {
			in.AgencyID = srcAgency
		}
		owner, err := tx.Agency(ctx, in.AgencyID)
		if err != nil || !mayOrganise(actor, owner.Path) {
			return kernel.FieldError("agency_id", "责任单位不存在或不在本部门监督范围内")
		}
		today := s.k.Today()
		due, _ := cal.AddWorkdays(today, in.Days)
		p := &zhifa.Problem{AgencyID: owner.ID, BureauID: actor.AgencyID, Source: in.Source, SourceID: in.SourceID,
			Title: in.Title, Detail: in.Detail, State: zhifa.ProblemOpen, OpenedOn: today, DueOn: due, CreatedAt: s.k.Now(),
			Origin: origin}
		if err := tx.CreateProblem(ctx, p); err != nil {
			return err
		}
		if err := s.linkSource(ctx, tx, p); err != nil {
			return err
		}
		id = p.ID
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("problem", p.ID), owner.Path, owner.Name+" "+p.Title
		return s.entry(ctx, tx, "problem.open", map[string]string{"problem": strconv.FormatInt(p.ID, 10),
			"agency": strconv.FormatInt(owner.ID, 10), "source": string(p.Source), "source_id": strconv.FormatInt(p.SourceID, 10),
			"due": p.DueOn.String()})
	})
	if err != nil {
		return nil, err
	}
	return s.Problem(ctx, id)
}

// sourceAgency is the agency of the source record, ENOTFOUND-free: a missing record is
// the caller's field error.
func sourceAgency(ctx context.Context, tx zhifa.Tx, src zhifa.ProblemSource, id int64) (int64, error) {
	var agency int64
	var err error
	switch src {
	case zhifa.ProblemFromEvaluation:
		var f *zhifa.EvalCase
		if f, err = tx.EvalCase(ctx, id); err == nil {
			agency = f.AgencyID
		}
	case zhifa.ProblemFromComplaint:
		var c *zhifa.Complaint
		if c, err = tx.Complaint(ctx, id); err == nil {
			agency = c.AgencyID
		}
	case zhifa.ProblemFromReview:
		var r *zhifa.Reconsideration
		if r, err = tx.Reconsideration(ctx, id); err == nil {
			agency = r.AgencyID
		}
	case zhifa.ProblemFromFault:
		var f *zhifa.FaultReview
		if f, err = tx.FaultReview(ctx, id); err == nil {
			agency = f.AgencyID
		}
	case zhifa.ProblemFromRemark:
		agency, err = remarkAgency(ctx, tx, id)
	}
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND || (err == nil && agency == 0) {
		return 0, kernel.FieldError("source_id", "来源记录不存在或不在本部门监督范围内")
	}
	return agency, err
}

// ActProblem is the owner's report or the bureau's acceptance or return.
func (s *Service) ActProblem(ctx context.Context, id int64, in ProblemActInput) (*ProblemView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, err
	}
	c := kernel.NewChecker()
	switch in.Action {
	case ProblemReport:
		c.Text("report", &in.Report, true, kernel.MaxText)
	case ProblemAccept:
		c.Text("note", &in.Note, false, kernel.MaxText)
	case ProblemReturn:
		c.Text("note", &in.Note, true, kernel.MaxText)
	default:
		c.Add("action", "操作无效")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "problem."+in.Action, func(tx zhifa.Tx, rec *kernel.Audit) error {
		p, err := s.visibleProblem(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		today := s.k.Today()
		switch in.Action {
		case ProblemReport:
			if !mayReportProblem(actor, p) {
				return zhifa.Errorf(zhifa.EFORBIDDEN, "整改情况由责任单位报送")
			}
			if p.State != zhifa.ProblemOpen {
				return zhifa.Errorf(zhifa.ECONFLICT, "该问题当前为“%s”，不能报送整改情况", p.State.Label())
			}
			p.State, p.Report, p.ReportedOn = zhifa.ProblemReported, in.Report, today
		default:
			if !mayOrganise(actor, p.AgencyPath) {
				return zhifa.Errorf(zhifa.EFORBIDDEN, "整改情况由司法行政部门的执法监督人员验收")
			}
			if p.State != zhifa.ProblemReported {
				return zhifa.Errorf(zhifa.ECONFLICT, "该问题当前为“%s”，不能验收", p.State.Label())
			}
			p.Note = in.Note
			if in.Action == ProblemAccept {
				p.State, p.AcceptedOn = zhifa.ProblemAccepted, today
			} else {
				p.State, p.ReportedOn = zhifa.ProblemOpen, zhifa.Date{}
			}
		}
		if in.Version != p.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "该问题已被他人处理，请刷新后重试")
		}
		p.UpdatedAt = s.k.Now()
		if err := tx.UpdateProblem(ctx, p); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("problem", p.ID), p.AgencyPath, p.AgencyName+" "+p.State.Label()
		return s.entry(ctx, tx, "problem."+in.Action, map[string]string{"problem": strconv.FormatInt(p.ID, 10), "state": string(p.State)})
	})
	if err != nil {
		return nil, err
	}
	return s.Problem(ctx, id)
}

// mayReportProblem reports whether the actor handles the owner agency's work.
func mayReportProblem(actor *kernel.Actor, p *zhifa.Problem) bool {
	return actor.AgencyID == p.AgencyID && actor.Can(kernel.PermHandleCases)
}

// visibleProblem loads a problem the actor may read: the owner agency's staff and the
// supervisors whose scope covers it; others meet a missing one.
func (s *Service) visibleProblem(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.Problem, error) {
	p, err := tx.Problem(ctx, id)
	if err != nil {
		return nil, err
	}
	if actor.AgencyID != p.AgencyID && !(actor.Can(kernel.PermSupervise) && actor.InScope(p.AgencyPath)) {
		return nil, zhifa.NotFound("突出问题")
	}
	return p, nil
}

// Problem shows one problem.
func (s *Service) Problem(ctx context.Context, id int64) (*ProblemView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, err
	}
	var v *ProblemView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		p, err := s.visibleProblem(ctx, tx, actor, id)
		if err == nil {
			v = s.problemView(actor, p)
		}
		return err
	})
	return v, err
}

// Problems lists a page of problems: the supervisor's whole scope, or the actor's own
// agency's, newest first.
func (s *Service) Problems(ctx context.Context, f ProblemFilter) (*ProblemPage, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, err
	}
	before, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	if f.State != "" && !f.State.Valid() {
		return nil, kernel.FieldError("state", "状态无效")
	}
	q := zhifa.ProblemFilter{State: f.State, BeforeID: before, Limit: problemPageSize + 1}
	if actor.Can(kernel.PermSupervise) {
		q.UnderPath = actor.ScopePath
	} else {
		q.AgencyID = actor.AgencyID
	}
	if f.Overdue {
		q.OverdueOn = s.k.Today()
	}
	page := &ProblemPage{Items: []*ProblemView{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.Problems(ctx, q)
		if err != nil {
			return err
		}
		if len(list) > problemPageSize {
			list = list[:problemPageSize]
			page.Next = encodeCursor(list[len(list)-1].ID)
		}
		for _, p := range list {
			page.Items = append(page.Items, s.problemView(actor, p))
		}
		return nil
	})
	return page, err
}

func (s *Service) problemView(actor *kernel.Actor, p *zhifa.Problem) *ProblemView {
	v := &ProblemView{Problem: p, StateLabel: p.State.Label(), SourceLabel: p.Source.Label(),
		Overdue:   p.State != zhifa.ProblemAccepted && p.DueOn.Before(s.k.Today()),
		MayReport: p.State == zhifa.ProblemOpen && mayReportProblem(actor, p),
		MayReview: p.State == zhifa.ProblemReported && mayOrganise(actor, p.AgencyPath)}
	id := strconv.FormatInt(p.SourceID, 10)
	switch p.Source {
	case zhifa.ProblemFromEvaluation:
		v.SourceURL = "/staff/evaluation-files/" + id
	case zhifa.ProblemFromComplaint:
		v.SourceURL = "/staff/complaints/" + id
	case zhifa.ProblemFromWarning:
		v.SourceURL = "/staff/analysis/" + id
	case zhifa.ProblemFromRemark:
		v.SourceURL = "/staff/remarks/" + id
	}
	return v
}

// ProblemTodo is the to-do source of the list (zhifa.TodoSource): for the owner agency's
// handlers, its open problems (to rectify and report); for the bureau's supervisors, the
// reports waiting for acceptance in their scope. One bounded indexed page each.
func (s *Service) ProblemTodo(ctx context.Context) ([]zhifa.TodoItem, error) {
	actor := kernel.ActorFrom(ctx)
	if !actor.LoggedIn() || actor.UserID < 0 {
		return nil, nil
	}
	var q zhifa.ProblemFilter
	action := ""
	switch {
	case actor.Role == zhifa.RoleSupervisor:
		q, action = zhifa.ProblemFilter{UnderPath: actor.ScopePath, State: zhifa.ProblemReported, Limit: todoLimit}, "验收整改情况"
	case actor.Can(kernel.PermHandleCases):
		q, action = zhifa.ProblemFilter{AgencyID: actor.AgencyID, State: zhifa.ProblemOpen, Limit: todoLimit}, "整改并报送整改情况"
	default:
		return nil, nil
	}
	var items []zhifa.TodoItem
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.Problems(ctx, q)
		if err != nil {
			return err
		}
		for _, p := range list {
			it := zhifa.TodoItem{Kind: zhifa.TodoProblem, Title: "突出问题：" + p.Title + "（" + p.AgencyName + "）", Action: action,
				URL: "/staff/problems/" + strconv.FormatInt(p.ID, 10)}
			if p.State == zhifa.ProblemOpen {
				it.Due = p.DueOn
			}
			items = append(items, it)
		}
		return nil
	})
	return items, err
}
