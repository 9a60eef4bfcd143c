package review

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/review"
	"zhifa/law"
	"zhifa/web/kit"
)

// The legal-review pages of the workspace (法制审核, issue #5, REQUIREMENTS E1–E6): the
// reviewer's queue with its clocks, and the case's legal-review page — the case file
// (facts, proposal, materials, records, every round with its differences) beside the form
// the actor may use now: submission or resubmission with an answer per problem for the
// handler, the E4 checklist for the assigned reviewer, coordination, collective discussion,
// approval and the decision for the head. Every step goes through app.Act, so a refused
// one shows the app's error with its rule and changes nothing.

// RegisterReviewPages registers the legal-review pages.
func (s *Handlers) RegisterReviewPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/reviews", app.PermReviewCases, "我的法制审核任务", s.reviewQueue)
	staff("GET", "/staff/cases/{id}/legal-review", app.PermStaff, "案件法制审核", s.legalReview)
	staff("POST", "/staff/cases/{id}/legal-review/{action}", app.PermStaff, "法制审核操作", s.legalReviewAct)
	staff("GET", "/staff/agencies/{id}/major-catalog", app.PermStaff, "重大执法决定法制审核目录清单", s.majorCatalogPage)
	staff("POST", "/staff/agencies/{id}/major-catalog", app.PermManageCatalog, "修改重大执法决定法制审核目录清单", s.majorCatalogSave)
	staff("POST", "/staff/agencies/{id}/major-catalog/adopt", app.PermManageCatalog, "采用上级模板", s.majorCatalogAdopt)
	staff("GET", "/staff/review-pools", app.PermStaff, "法制审核人员库", s.reviewPoolsPage)
	staff("POST", "/staff/review-pools", app.PermManageCatalog, "建立法制审核人员库", s.reviewPoolSave)
	staff("POST", "/staff/review-pools/{id}", app.PermManageCatalog, "修改法制审核人员库", s.reviewPoolSave)
}

// queueRow is one line of the reviewer's queue.
type queueRow struct {
	*review.QueueItem
	ClockClass string
	ClockText  string
}

func clockBadge(status string, provisional bool) (class, text string) {
	switch status {
	case law.ClockOverdue:
		class, text = "bad", "已超期"
	case law.ClockDueSoon:
		class, text = "warn", "即将到期"
	case law.ClockDone:
		class, text = "muted", "已完成"
	default:
		class, text = "ok", "期限内"
	}
	if provisional {
		text += "（暂定日历）"
	}
	return class, text
}

// reviewQueueView is the data of the reviewer's queue: pending or finished, a page.
type reviewQueueView struct {
	Status string // "pending" or "finished"
	Rows   []queueRow
	Pager  *kit.CursorPager
}

func (s *Handlers) reviewQueue(w http.ResponseWriter, r *http.Request) {
	if kit.WantsExport(r) { // the queue as a file (issue 12)
		s.ServeExport(w, r, s.reviewsExport(r.URL.Query().Get("status") == "finished"), s.Fail)
		return
	}
	q := r.URL.Query()
	v := &reviewQueueView{Status: "pending"}
	f := review.ReviewQueueFilter{Cursor: q.Get("cursor"), Page: zhifa.Page{Limit: kit.StaffPageSize}}
	if q.Get("status") == "finished" {
		v.Status, f.Finished = "finished", true
	}
	list, err := s.App.Review().ReviewQueue(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Rows = make([]queueRow, 0, len(list.Reviews))
	for _, it := range list.Reviews {
		row := queueRow{QueueItem: it}
		row.ClockClass, row.ClockText = clockBadge(it.ClockStatus, it.Provisional)
		v.Rows = append(v.Rows, row)
	}
	v.Pager = kit.NewCursorPager(r, "", list.Next)
	s.Render(w, r, http.StatusOK, "staff_legalreview_queue", &kit.Page{Title: "我的法制审核任务", Nav: "reviews", D: v})
}

// materialRow is one material of the checklist with the case records to choose from.
type materialRow struct {
	Code, Label string
	Note        string
	Selected    string
}

// submittedMaterial is one material of a submission and where its file opens ("" for
// none: a material the proposal provides, or a record without a file).
type submittedMaterial struct {
	Label, Title, URL string
}

// submittedMaterials lists the materials of round r of case c; files open for the
// actor of the case's own agency (evidence is read within the agency's scope).
func submittedMaterials(c *app.CaseView, r *zhifa.ReviewRound, own bool) []submittedMaterial {
	files := map[int64]int64{}
	for _, rec := range c.Records {
		files[rec.ID] = rec.EvidenceID
	}
	var out []submittedMaterial
	for _, m := range r.Snapshot.Materials {
		sm := submittedMaterial{Label: m.Label, Title: m.Title}
		if eid := files[m.RecordID]; own && eid != 0 {
			sm.URL = "/staff/evidence/" + kit.ID64(eid) + "/content"
		}
		out = append(out, sm)
	}
	return out
}

// pointRow is one review point of the E4 checklist with its submitted finding.
type pointRow struct {
	Code, Label string
	OKLabel     string
	BadLabel    string
	Value       string // "ok" or "problem"
	Note        string
}

// roundView is a round with its labels.
type roundView struct {
	*zhifa.ReviewRound
	StatusLabel  string
	OpinionLabel string
	Findings     []findingView
}

type findingView struct {
	Label, Result, Note string
	OK                  bool
}

// legalReviewView is the data of the legal-review page.
type legalReviewView struct {
	Case        *app.CaseView
	Rounds      []roundView
	Last        *roundView
	Status      string
	StatusLabel string
	Fine        string
	Confiscate  string
	Records     []kit.Option
	Materials   []materialRow
	Reviewers   []kit.Option
	Excluded    []review.ReviewerChoice
	Points      []pointRow
	// Submitted are the materials of the latest round, each opening its file where the
	// actor may read the case's evidence (issue 12: the file beside the checklist).
	Submitted []submittedMaterial
	Problems  []zhifa.ReviewProblem
	Attendees []int
	// Own: the actor belongs to the case's agency.
	Own bool
	// What the actor may do now.
	CanHandle, CanSubmit, CanResubmit, CanRefuse, CanOpinion bool
	CanCoordinate, CanDiscuss, CanApprove, CanDecide         bool
	DecideGate                                               string
}

func (s *Handlers) legalReviewView(r *http.Request, id int64, f *kit.Form) (*legalReviewView, error) {
	ctx := r.Context()
	actor := app.ActorFrom(ctx)
	c, err := s.App.Case(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &legalReviewView{Case: c, Status: c.ReviewStatus, Attendees: []int{0, 1, 2, 3, 4}}
	v.StatusLabel = law.ReviewStatusLabel(c.ReviewStatus)
	switch c.ReviewStatus {
	case "none":
		v.StatusLabel = "尚未报送"
	case "reopened":
		v.StatusLabel = "审核通过后拟处理决定已修改，须重新报送"
	}
	if p := c.State.Proposal; p != nil {
		v.Fine, v.Confiscate = law.Yuan(p.FineFen), law.Yuan(p.ConfiscateFen)
	}
	for _, rd := range c.Reviews {
		rv := roundView{ReviewRound: rd, StatusLabel: law.ReviewStatusLabel(rd.Status),
			OpinionLabel: map[string]string{law.OpinionAgree: "同意", law.OpinionProblems: "存在问题"}[rd.Opinion]}
		for _, fd := range rd.Findings {
			rv.Findings = append(rv.Findings, findingView{Label: law.PointLabel(fd.Point), Result: law.PointOKLabel(fd.Point, fd.OK), Note: fd.Note, OK: fd.OK})
		}
		v.Rounds = append(v.Rounds, rv)
	}
	if n := len(v.Rounds); n > 0 {
		v.Last = &v.Rounds[n-1]
		v.Problems = v.Last.Problems
	}
	v.Records = []kit.Option{{Value: "", Label: "请选择本案记录"}}
	for _, rec := range c.Records {
		v.Records = append(v.Records, kit.Option{Value: kit.ID64(rec.ID), Label: fmt.Sprintf("%s（%s，%s）", rec.Title, rec.Kind.Label(), rec.CreatedAt.In(zhifa.CST).Format("2006-01-02"))})
	}
	for _, p := range law.ReviewPoints {
		pr := pointRow{Code: p, Label: law.PointLabel(p), OKLabel: law.PointOKLabel(p, true), BadLabel: law.PointOKLabel(p, false),
			Value: f.V("point_" + p), Note: f.V("note_" + p)}
		v.Points = append(v.Points, pr)
	}
	own := actor.AgencyID == c.AgencyID
	v.Own = own
	if v.Last != nil {
		v.Submitted = submittedMaterials(c, v.Last.ReviewRound, own)
	}
	if own {
		// The submission checklist of the agency (a pooled reviewer of another agency has
		// no form that needs it).
		cat, err := s.App.Review().MajorCatalog(ctx, c.AgencyID)
		if err != nil {
			return nil, err
		}
		need := law.NeededMaterials(cat.Current.Materials, c.State.HearingHeld)
		for _, code := range law.Materials {
			if !slices.Contains(need, code) && code != law.MatOther {
				continue
			}
			m := materialRow{Code: code, Label: law.MaterialLabel(code), Selected: f.V("material_" + code)}
			switch code {
			case law.MatProposal:
				m.Note = "已由本案拟处理决定提供，可另附文书"
			case law.MatDiscretion:
				m.Note = "已由拟处理决定的裁量理由提供，可另附说明"
			case law.MatOther:
				m.Note = "选填"
			}
			v.Materials = append(v.Materials, m)
		}
		if v.Materials, err = s.offerMaterialDocuments(ctx, c.ID, v.Materials); err != nil { // page_review_materials.go
			return nil, err
		}
	}
	v.CanHandle = own && actor.Can(app.PermHandleCases)
	isHead := own && actor.Role == zhifa.RoleHead
	pre := law.ReviewStage(c.Stage)
	st := c.ReviewStatus
	v.CanSubmit = v.CanHandle && pre && (st == "none" || st == "reopened")
	v.CanResubmit = v.CanHandle && st == zhifa.ReviewProblems
	v.CanRefuse = v.CanResubmit
	v.CanOpinion = st == zhifa.ReviewPending && v.Last != nil && v.Last.ReviewerID == actor.UserID && actor.Can(app.PermReviewCases)
	v.CanCoordinate = isHead && st == zhifa.ReviewDisputed
	// A review dispute sent to the heads, or the collective discussion the decision needs
	// anyway (行政处罚法第五十七条第二款, law.DiscussionRequired).
	needDiscussion, _ := law.DiscussionRequired(&c.State, c.Major)
	_, discussErr := law.Transition(c.Case, zhifa.ActDiscuss)
	v.CanDiscuss = isHead && (st == zhifa.ReviewDiscussion || (needDiscussion && !c.State.Discussed && discussErr == nil))
	v.CanApprove = isHead && law.ReviewPassedFor(c.Case) && (c.State.Review.ApprovedRevision != c.State.Proposal.Revision || c.State.Review.ApprovedBy == 0)
	v.CanDecide = isHead && slices.Contains(c.Next, "decide")
	for _, m := range c.Missing {
		if m.Action == zhifa.ActDecide {
			v.DecideGate = m.Message
			break
		}
	}
	if v.CanSubmit || v.CanResubmit {
		choices, err := s.App.Review().CaseReviewers(ctx, id)
		if err != nil {
			return nil, err
		}
		v.Reviewers = []kit.Option{{Value: "", Label: "自动指派（待审任务最少者）"}}
		for _, ch := range choices {
			if ch.Problem != "" {
				v.Excluded = append(v.Excluded, ch)
				continue
			}
			v.Reviewers = append(v.Reviewers, kit.Option{Value: kit.ID64(ch.UserID), Label: fmt.Sprintf("%s（%s，待审%d件）", ch.Name, ch.Agency, ch.Pending)})
		}
	}
	return v, nil
}

func (s *Handlers) legalReview(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.renderLegalReview(w, r, http.StatusOK, id, kit.NewForm())
}

func (s *Handlers) renderLegalReview(w http.ResponseWriter, r *http.Request, status int, id int64, f *kit.Form) {
	v, err := s.legalReviewView(r, id, f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, status, "staff_legalreview", &kit.Page{Title: "法制审核 " + v.Case.Number, Nav: "reviews", Form: f, D: v})
}

// legalReviewAct takes one review step from the page's forms.
func (s *Handlers) legalReviewAct(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	action := zhifa.Action(r.PathValue("action"))
	f := kit.PostedForm(r)
	in := app.ActionInput{Version: int(f.Int("version")), Reason: strings.TrimSpace(f.V("reason")), Review: &app.ReviewInput{}}
	ri := in.Review
	switch action {
	case zhifa.ActMarkMajor:
		ri.Clause = strings.TrimSpace(f.V("clause"))
	case zhifa.ActSubmitReview, zhifa.ActResubmit:
		for _, code := range law.Materials {
			if v := f.V("material_" + code); v != "" {
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					f.Invalid("material_"+code, "请选择本案记录")
				}
				ri.Materials = append(ri.Materials, app.MaterialInput{Code: code, RecordID: n})
			}
		}
		ri.ReviewerID = f.Int("reviewer_id")
		if action == zhifa.ActResubmit {
			for i := 0; ; i++ {
				k := "answer_" + strconv.Itoa(i)
				if _, ok := f.Values[k]; !ok {
					break
				}
				ri.Answers = append(ri.Answers, f.V(k))
			}
		}
	case zhifa.ActReviewOpinion:
		// No point is pre-selected: each needs the reviewer's own finding (issue 12, E4).
		for _, p := range law.ReviewPoints {
			val := f.V("point_" + p)
			if val != "ok" && val != "problem" {
				f.Invalid("point_"+p, "请对“"+law.PointLabel(p)+"”作出审核结论")
			}
			ri.Findings = append(ri.Findings, zhifa.ReviewFinding{Point: p, OK: val == "ok", Note: strings.TrimSpace(f.V("note_" + p))})
		}
		ri.Opinion, ri.OpinionText = f.V("opinion"), f.V("opinion_text")
		for _, l := range strings.Split(f.V("problems"), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				ri.Problems = append(ri.Problems, zhifa.ReviewProblem{Text: l})
			}
		}
	case zhifa.ActCoordinate:
		ri.Coordination = f.V("coordination")
	case zhifa.ActDiscuss:
		d := &zhifa.Discussion{Presider: f.V("presider"), Conclusion: f.V("conclusion"), Reason: f.V("discussion_reason")}
		d.Held = f.Date("held")
		for i := range 5 {
			name := strings.TrimSpace(f.V("attendee_" + strconv.Itoa(i)))
			if name == "" {
				continue
			}
			d.Attendees = append(d.Attendees, zhifa.DiscussionView{Name: name, View: f.V("view_" + strconv.Itoa(i))})
		}
		ri.Discussion = d
	case zhifa.ActApprove:
	case zhifa.ActDecide:
		in.Fine = f.Int("fine")
		in.Warning = f.Checked("warning")
	default:
		s.NotFound(w, r)
		return
	}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Act(r.Context(), id, action, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, fmt.Sprintf("/staff/cases/%d/legal-review", id), "已完成："+law.ActionLabel(action)+"，并记入防篡改账本")
		return
	}
	if !s.Fixable(w, r, err) {
		return
	}
	f.Fail(err)
	f.Show("findings", "problems", "answers", "opinion", "opinion_text", "discussion.reason", "discussion.attendees", "discussion.presider",
		"discussion.conclusion", "review.coordination", "reason", "review.reviewer_id")
	for _, p := range law.ReviewPoints {
		f.Show("point_" + p)
	}
	s.renderLegalReview(w, r, kit.StatusOf(err), id, f)
}

// from export_lists.go
// reviewsExport is the reviewer's queue.
func (s *Handlers) reviewsExport(finished bool) kit.ListExport {
	filter := func(cursor string) review.ReviewQueueFilter {
		return review.ReviewQueueFilter{Finished: finished, Cursor: cursor, Page: zhifa.Page{Limit: kit.ExportPageSize}}
	}
	return kit.ListExport{Name: "法制审核任务", Header: []string{"案号", "执法机关", "执法事项", "轮次", "报送日期", "审核期限", "状态", "期限状态"},
		Page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			q, err := s.App.Review().ReviewQueue(ctx, filter(token))
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, it := range q.Reviews {
				_, clock := clockBadge(it.ClockStatus, it.Provisional)
				rows = append(rows, []string{it.CaseNumber, it.AgencyName, it.ItemName, strconv.Itoa(it.Round), it.SubmittedOn.String(),
					it.DueOn.String(), it.StatusLabel, clock})
			}
			// The queue has no count: on the first page, count the rest up to the cap, so
			// that a queue above it is refused rather than cut.
			total := len(rows)
			for next := q.Next; token == "" && next != "" && total <= app.ExportCap; {
				more, err := s.App.Review().ReviewQueue(ctx, filter(next))
				if err != nil {
					return nil, 0, "", err
				}
				total, next = total+len(more.Reviews), more.Next
			}
			return rows, total, q.Next, nil
		}}
}
