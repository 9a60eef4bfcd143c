package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app/filing"
	"zhifa/law"
	"zhifa/workday"
)

// The to-do list (待办, issue 12; REQUIREMENTS H1, H4): what each person has to do next,
// most urgent first. An officer sees the deadlines of the cases they handle, a head the
// approvals asked of them and the agency's own overdue work, a reviewer the reviews
// assigned to them, a supervisor the filings waiting for review and the case warnings.
// Every part is one index range with a limit (case_clocks, case_officers, the approval,
// review and filing indexes), so the list does not grow with the cases in scope.

// todoPart bounds each part of the list; a count says when there are more.
const todoPart = 20

// TodoGroup counts one part of the list and links to the list that shows it whole.
// Key names the part uniquely (an officer's overdue cases and a head's agency's overdue
// work are both of kind overdue).
type TodoGroup struct {
	Key       string         `json:"key"`
	Kind      zhifa.TodoKind `json:"kind"`
	Label     string         `json:"label"`
	Count     int            `json:"count"`
	CountText string         `json:"count_text"`
	URL       string         `json:"url"`
}

// TodoList is the actor's to-do list: the items, most urgent first, and the counts.
type TodoList struct {
	Items  []zhifa.TodoItem `json:"items"`
	Groups []TodoGroup      `json:"groups"`
}

// AddTodoSource adds the to-do items of another context to every person's list (the
// complaints waiting, from the supervision context). Call it while wiring the App.
func (a *App) AddTodoSource(src zhifa.TodoSource) { a.todoSources = append(a.todoSources, src) }

// Todo returns the actor's to-do list.
func (a *App) Todo(ctx context.Context) (*TodoList, error) { return a.todo(ctx, nil) }

// TodoWith is Todo for a caller that has read the actor's case warnings already (the
// dashboard lists them too, issue 14): a supervisor's list takes its warnings from
// warnings instead of reading them a second time.
func (a *App) TodoWith(ctx context.Context, warnings []Warning) (*TodoList, error) {
	if warnings == nil {
		warnings = []Warning{}
	}
	return a.todo(ctx, warnings)
}

// todo builds the actor's to-do list; a nil warnings reads a supervisor's case warnings.
func (a *App) todo(ctx context.Context, warnings []Warning) (*TodoList, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	cal, err := a.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	b := &todoBuilder{a: a, actor: actor, cal: cal, today: a.Today(), out: &TodoList{Items: []zhifa.TodoItem{}, Groups: []TodoGroup{}}}
	err = a.read(ctx, func(tx zhifa.Tx) error {
		b.tx = tx
		if actor.Can(PermHandleCases) {
			if err := b.officerClocks(ctx); err != nil {
				return err
			}
			if err := b.approvals(ctx); err != nil {
				return err
			}
		}
		if actor.Role == zhifa.RoleHead {
			if err := b.agencyOverdue(ctx); err != nil {
				return err
			}
		}
		if actor.Can(PermReviewCases) {
			if err := b.reviews(ctx); err != nil {
				return err
			}
		}
		if actor.Role == zhifa.RoleSupervisor {
			return b.filings(ctx)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if actor.Role == zhifa.RoleSupervisor {
		if err := b.warnings(ctx, warnings); err != nil {
			return nil, err
		}
	}
	for _, src := range a.todoSources {
		items, err := src(ctx)
		if err != nil {
			return nil, err
		}
		b.out.Items = append(b.out.Items, items...)
	}
	sortTodo(b.out.Items, b.today)
	return b.out, nil
}

// sortTodo orders items most urgent first: by due date, an item without one (someone
// waits on the actor: an approval, a warning) counting as due today; then by kind and case.
func sortTodo(items []zhifa.TodoItem, today zhifa.Date) {
	due := func(it zhifa.TodoItem) zhifa.Date {
		if it.Due.IsZero() {
			return today
		}
		return it.Due
	}
	slices.SortStableFunc(items, func(x, y zhifa.TodoItem) int {
		dx, dy := due(x), due(y)
		switch {
		case dx.Before(dy):
			return -1
		case dy.Before(dx):
			return 1
		}
		return cmp.Or(cmp.Compare(todoRank[x.Kind], todoRank[y.Kind]), cmp.Compare(x.CaseID, y.CaseID))
	})
}

// todoRank orders the kinds of one day: what others wait on first, the party's periods last.
var todoRank = map[zhifa.TodoKind]int{zhifa.TodoApproval: 0, zhifa.TodoReview: 1, zhifa.TodoOverdue: 2, zhifa.TodoCaseStep: 3,
	zhifa.TodoWarning: 4, zhifa.TodoFiling: 5, zhifa.TodoComplaint: 6, zhifa.TodoWaiting: 7}

// todoBuilder gathers the parts of one actor's list in one read transaction.
type todoBuilder struct {
	a     *App
	tx    zhifa.Tx
	actor *Actor
	cal   *workday.Calendar
	today zhifa.Date
	out   *TodoList
}

// group appends a count read from the store (capped at zhifa.CountCap).
func (b *todoBuilder) group(kind zhifa.TodoKind, n int, url string) {
	b.out.Groups = append(b.out.Groups, TodoGroup{Key: string(kind), Kind: kind, Label: kind.Label(), Count: n, CountText: countText(n), URL: url})
}

// partCount is the count of a part read with limit todoPart+1: "20+" beyond it.
func partCount(n int) (int, string) {
	if n > todoPart {
		return n, strconv.Itoa(todoPart) + "+"
	}
	return n, strconv.Itoa(n)
}

// partGroup appends the count of a part read with limit todoPart+1.
func (b *todoBuilder) partGroup(kind zhifa.TodoKind, n int, url string) {
	n, text := partCount(n)
	b.out.Groups = append(b.out.Groups, TodoGroup{Key: string(kind), Kind: kind, Label: kind.Label(), Count: n, CountText: text, URL: url})
}

func caseURL(id int64) string { return "/staff/cases/" + strconv.FormatInt(id, 10) }

// officerClocks lists the running clocks of the cases the actor handles, the most urgent
// first, read from the officer's own clocks in due order (DueClocks; issue 11):
// the agency's deadlines as next steps, the party's periods as waiting.
func (b *todoBuilder) officerClocks(ctx context.Context) error {
	own, err := actorOfficer(ctx, b.tx, b.actor)
	if err != nil {
		if isCode(err, zhifa.EINVALID) {
			return nil // no officer record: no cases of one's own
		}
		return err
	}
	clocks, err := b.tx.DueClocks(ctx, zhifa.ClockQuery{OfficerID: own, UnderPath: b.actor.ScopePath, Limit: todoPart + 1})
	if err != nil {
		return err
	}
	cases, err := b.casesOf(ctx, clocks)
	if err != nil {
		return err
	}
	waiting := 0
	for i, k := range clocks {
		c := cases[k.CaseID]
		if c == nil || i == todoPart {
			continue
		}
		it := zhifa.TodoItem{Kind: zhifa.TodoCaseStep, CaseID: c.ID, Due: k.Due, URL: caseURL(c.ID) + "#next-step"}
		switch {
		case law.WaitsOnParty(k.Kind) && !b.today.After(k.Due):
			it.Kind, it.Action = zhifa.TodoWaiting, law.ClockTask(k.Kind)
			it.Title = fmt.Sprintf("%s 等待当事人：%s至%s届满", c.Number, k.Kind.Label(), k.Due.Chinese())
			waiting++
		case k.Kind == zhifa.ClockReview:
			// The reviewer's period: the handler waits for the opinion (E5).
			it.Action = "等待法制审核意见"
			it.Title = fmt.Sprintf("%s %s：%s", c.Number, k.Kind.Label(), dueText(b.cal, b.today, k.Due))
		case law.WaitsOnOthers(k.Kind) && b.today.After(k.Due):
			// A lapsed period of the party, or the receiving organ's: the next step is the agency's.
			it.Action = nextActionLabel(c)
			it.Title = fmt.Sprintf("%s %s已于%s届满", c.Number, k.Kind.Label(), k.Due.Chinese())
		case law.WaitsOnOthers(k.Kind):
			// The receiving organ's decision, or the agency's own right to ask it again.
			it.Action = law.ClockTask(k.Kind)
			it.Title = fmt.Sprintf("%s %s：期限至%s", c.Number, k.Kind.Label(), k.Due.Chinese())
		default:
			it.Action = law.ClockTask(k.Kind)
			it.Title = fmt.Sprintf("%s %s：%s", c.Number, k.Kind.Label(), dueText(b.cal, b.today, k.Due))
		}
		b.out.Items = append(b.out.Items, it)
	}
	soon, _ := b.cal.AddWorkdays(b.today, law.DueSoonWorkdays)
	for _, g := range []struct {
		key, label string
		kind       zhifa.TodoKind
		from, to   zhifa.Date
		url        string
	}{
		{"mine_soon", "我的案件即将到期", zhifa.TodoCaseStep, b.today, soon, "/staff/cases?mine=1&due=soon"},
		{"mine_overdue", "我的案件已超期", zhifa.TodoOverdue, zhifa.Date{}, b.today.AddDays(-1), "/staff/cases?mine=1&due=overdue"},
	} {
		_, n, err := b.tx.Cases(ctx, zhifa.CaseFilter{UnderPath: b.actor.ScopePath, OfficerID: own, DueFrom: g.from, DueTo: g.to,
			Page: zhifa.Page{Limit: 1}})
		if err != nil {
			return err
		}
		b.out.Groups = append(b.out.Groups, TodoGroup{Key: g.key, Kind: g.kind, Label: g.label, Count: n, CountText: countText(n), URL: g.url})
	}
	b.partGroup(zhifa.TodoWaiting, waiting, "/staff/cases?mine=1&stage=notify")
	return nil
}

// nextActionLabel names the steps the case may take next (law.NextSteps), for a to-do
// item whose own task is over.
func nextActionLabel(c *zhifa.Case) string {
	for _, s := range law.NextSteps(c) {
		if !slices.Contains(law.SideSteps, s.Action) {
			return s.Label
		}
	}
	return "办理下一步"
}

// dueText says how a due date stands on today: its day and how much is left or late.
func dueText(cal *workday.Calendar, today, due zhifa.Date) string {
	switch {
	case today.After(due):
		return fmt.Sprintf("应于%s前完成，已逾期%d日", due.Chinese(), daysBetween(due, today))
	case today == due:
		return fmt.Sprintf("今日（%s）届满", due.Chinese())
	}
	left, _ := cal.WorkdaysBetween(today, due)
	return fmt.Sprintf("应于%s前完成，剩余%d个工作日", due.Chinese(), left)
}

// casesOf reads the cases of the clocks at once (the clocks of one case share it); the
// clocks were selected within the actor's scope.
func (b *todoBuilder) casesOf(ctx context.Context, clocks []zhifa.DueClock) (map[int64]*zhifa.Case, error) {
	var ids []int64
	for _, k := range clocks {
		if !slices.Contains(ids, k.CaseID) {
			ids = append(ids, k.CaseID)
		}
	}
	list, err := b.tx.CasesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*zhifa.Case, len(list))
	for _, c := range list {
		out[c.ID] = c
	}
	return out, nil
}

// approvals lists the live approval requests asked of the actor (a head, or a deputy
// named by one: approvals.go).
func (b *todoBuilder) approvals(ctx context.Context) error {
	list, total, err := b.tx.ApprovalRequests(ctx, zhifa.ApprovalFilter{AgencyID: b.actor.AgencyID, ApproverID: b.actor.UserID,
		Status: zhifa.ApprovalPending, Page: zhifa.Page{Limit: todoPart}})
	if err != nil {
		return err
	}
	if total == 0 && b.actor.Role != zhifa.RoleHead {
		return nil // an officer who is no deputy has no approvals to show
	}
	views, err := b.a.ApprovalViewsTx(ctx, b.tx, b.actor, list)
	if err != nil {
		return err
	}
	for i, r := range list {
		v := views[i]
		b.out.Items = append(b.out.Items, zhifa.TodoItem{Kind: zhifa.TodoApproval, CaseID: r.CaseID, Action: "审批：" + v.ActionLabel,
			Title: fmt.Sprintf("%s %s（%s提交）", v.CaseNumber, v.ActionLabel, v.RequesterName), URL: "/staff/approvals"})
	}
	b.group(zhifa.TodoApproval, total, "/staff/approvals")
	return nil
}

// agencyOverdue lists the running clocks of the head's agency past their due date, the
// periods of the party and of the receiving organ apart (law.WaitsOnOthers).
func (b *todoBuilder) agencyOverdue(ctx context.Context) error {
	clocks, err := b.tx.DueClocks(ctx, zhifa.ClockQuery{UnderPath: b.actor.AgencyPath, NotKinds: law.OthersClocks,
		To: b.today.AddDays(-1), Limit: todoPart + 1})
	if err != nil {
		return err
	}
	cases, err := b.casesOf(ctx, clocks)
	if err != nil {
		return err
	}
	for i, k := range clocks {
		c := cases[k.CaseID]
		if c == nil || i == todoPart {
			continue
		}
		b.out.Items = append(b.out.Items, zhifa.TodoItem{Kind: zhifa.TodoOverdue, CaseID: c.ID, Due: k.Due, Action: law.ClockTask(k.Kind),
			Title: fmt.Sprintf("%s %s：%s", c.Number, k.Kind.Label(), dueText(b.cal, b.today, k.Due)), URL: caseURL(c.ID) + "#next-step"})
	}
	b.partGroup(zhifa.TodoOverdue, len(clocks), "/staff/cases?mine=0&due=overdue")
	return nil
}

// reviews lists the reviews waiting for the actor's opinion, by due date.
func (b *todoBuilder) reviews(ctx context.Context) error {
	rounds, err := b.tx.ReviewQueuePage(ctx, zhifa.ReviewQueueFilter{ReviewerID: b.actor.UserID, Limit: todoPart + 1})
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(rounds))
	for _, r := range rounds {
		ids = append(ids, r.CaseID)
	}
	cases, err := b.tx.CasesByIDs(ctx, ids)
	if err != nil {
		return err
	}
	numbers := map[int64]string{}
	for _, c := range cases {
		numbers[c.ID] = c.Number
	}
	for i, r := range rounds {
		if i == todoPart {
			break
		}
		b.out.Items = append(b.out.Items, zhifa.TodoItem{Kind: zhifa.TodoReview, CaseID: r.CaseID, Due: r.DueOn, Action: "出具法制审核意见",
			Title: fmt.Sprintf("%s 法制审核（第%d轮）：%s", numbers[r.CaseID], r.Round, dueText(b.cal, b.today, r.DueOn)),
			URL:   caseURL(r.CaseID) + "/legal-review"})
	}
	b.partGroup(zhifa.TodoReview, len(rounds), "/staff/reviews?status=pending")
	return nil
}

// filings lists the filings in the supervisor's scope waiting for review, oldest
// deadline first among the newest page.
func (b *todoBuilder) filings(ctx context.Context) error {
	list, total, err := b.tx.Filings(ctx, zhifa.FilingFilter{UnderPath: b.actor.ScopePath, Status: zhifa.FilingFiled,
		Page: zhifa.Page{Limit: todoPart}})
	if err != nil {
		return err
	}
	for _, f := range list {
		b.out.Items = append(b.out.Items, zhifa.TodoItem{Kind: zhifa.TodoFiling, CaseID: f.CaseID, Action: "审查备案",
			Title: filing.Title(f) + " " + f.Kind.Label() + "备案待审查", URL: "/staff/filings/" + strconv.FormatInt(f.ID, 10)})
	}
	b.group(zhifa.TodoFiling, total, "/staff/filings?status="+string(zhifa.FilingFiled))
	return nil
}

// warnings adds the case warnings of the supervisor's scope (warnings_review.go), list
// when the caller read them, the most urgent todoPart of them: the dashboard lists them
// all below the to-do list, and at a million cases a scope holds hundreds (issue 14).
func (b *todoBuilder) warnings(ctx context.Context, list []Warning) error {
	if list == nil {
		var err error
		if list, err = b.a.CaseWarnings(ctx); err != nil {
			return err
		}
	}
	for _, w := range list[:min(len(list), todoPart)] {
		b.out.Items = append(b.out.Items, zhifa.TodoItem{Kind: zhifa.TodoWarning, CaseID: w.CaseID, Action: "督促办理",
			Title: w.CaseNumber + " " + w.Message, URL: caseURL(w.CaseID)})
	}
	b.group(zhifa.TodoWarning, len(list), "/staff/cases/clocks")
	return nil
}
