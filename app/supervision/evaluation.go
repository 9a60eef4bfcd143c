package supervision

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/workday"
)

// Case-file evaluation (案卷评查, REQUIREMENTS F4). The justice bureau's supervisors keep
// the scoring checklist (versioned), create an evaluation over agencies, case kinds and a
// closing period, draw its sample reproducibly from the closed cases (law.DrawSample,
// seed published) and assign evaluators — never to a file of their own agency. An
// evaluator reads the sampled case file inside the system (each read audited with the
// evaluation as its reason) and scores every item; a file with any deduction goes back
// to its agency for rectification within working days; the bureau publishes the results
// on the portal without evaluators or notes.

// ClockEvalRectify is the rectification clock of an evaluated file.
const ClockEvalRectify zhifa.ClockKind = "eval_rectify"

// mayOrganise reports whether the actor runs evaluations organised by an agency at path:
// the justice bureau's supervisors whose scope covers it.
func mayOrganise(actor *kernel.Actor, path string) bool {
	return actor.Role == zhifa.RoleSupervisor && actor.InScope(path)
}

// requireOrganiser answers users other than supervisors with EFORBIDDEN.
func requireOrganiser(actor *kernel.Actor) error {
	if err := kernel.Require(actor, kernel.PermSupervise); err != nil {
		return err
	}
	if actor.Role != zhifa.RoleSupervisor {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "案卷评查由司法行政部门的执法监督人员组织")
	}
	return nil
}

// StandardView is the checklist in force for the actor's bureau and its saved versions.
type StandardView struct {
	// Version 0 is the default standard (no version saved yet).
	Version  int                   `json:"version"`
	Name     string                `json:"name"`
	Items    []zhifa.EvalItem      `json:"items"`
	Versions []*zhifa.EvalStandard `json:"versions"`
}

// StandardInput is a new version of the checklist.
type StandardInput struct {
	Name  string           `json:"name"`
	Items []zhifa.EvalItem `json:"items"`
}

// EvalStandard returns the checklist in force for the actor's bureau.
func (s *Service) EvalStandard(ctx context.Context) (*StandardView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireOrganiser(actor); err != nil {
		return nil, err
	}
	var v *StandardView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		v, err = currentStandard(ctx, tx, actor.AgencyID)
		if err != nil {
			return err
		}
		v.Versions, err = tx.EvalStandards(ctx, actor.AgencyID)
		return err
	})
	return v, err
}

func currentStandard(ctx context.Context, tx zhifa.Tx, agencyID int64) (*StandardView, error) {
	st, err := tx.LatestEvalStandard(ctx, agencyID)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return &StandardView{Name: law.RuleEvalStandard, Items: law.DefaultEvalStandard(), Versions: []*zhifa.EvalStandard{}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &StandardView{Version: st.Version, Name: st.Name, Items: st.Items, Versions: []*zhifa.EvalStandard{}}, nil
}

// SaveEvalStandard saves a new version of the bureau's checklist; evaluations created
// before keep the version they copied.
func (s *Service) SaveEvalStandard(ctx context.Context, in StandardInput) (*StandardView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireOrganiser(actor); err != nil {
		return nil, err
	}
	c := kernel.NewChecker()
	c.Text("name", &in.Name, true, kernel.MaxShort)
	for i := range in.Items {
		it := &in.Items[i]
		it.Code, it.Category, it.Text = strings.TrimSpace(it.Code), strings.TrimSpace(it.Category), strings.TrimSpace(it.Text)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	if err := law.CheckEvalStandard(in.Items); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "evaluation.standard", func(tx zhifa.Tx, rec *kernel.Audit) error {
		cur, err := currentStandard(ctx, tx, actor.AgencyID)
		if err != nil {
			return err
		}
		st := &zhifa.EvalStandard{AgencyID: actor.AgencyID, Version: cur.Version + 1, Name: in.Name, Items: in.Items, CreatedBy: actor.UserID}
		if err := tx.CreateEvalStandard(ctx, st); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("eval_standard", st.ID), actor.AgencyPath, fmt.Sprintf("第%d版", st.Version)
		return s.entry(ctx, tx, "evaluation.standard", map[string]string{"standard": strconv.FormatInt(st.ID, 10),
			"agency": strconv.FormatInt(actor.AgencyID, 10), "version": strconv.Itoa(st.Version), "items_sha256": itemsDigest(st.Items)})
	})
	if err != nil {
		return nil, err
	}
	return s.EvalStandard(ctx)
}

func itemsDigest(items []zhifa.EvalItem) string {
	h := sha256.New()
	for _, it := range items {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%t\n", it.Code, it.Category, it.Text, it.Points, it.Veto)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// EvaluationInput creates an evaluation.
type EvaluationInput struct {
	Title     string           `json:"title"`
	AgencyIDs []int64          `json:"agency_ids"`
	Kinds     []zhifa.CaseKind `json:"kinds"`
	From      zhifa.Date       `json:"from"`
	To        zhifa.Date       `json:"to"`
	// SampleSize is how many closed files to draw; Seed the published seed (a random one
	// when empty).
	SampleSize   int     `json:"sample_size"`
	Seed         string  `json:"seed"`
	EvaluatorIDs []int64 `json:"evaluator_ids"`
	// RectifyDays is the rectification period in working days (law.DefaultRectifyDays
	// when 0).
	RectifyDays int `json:"rectify_days"`
}

func (in *EvaluationInput) check(today zhifa.Date) error {
	c := kernel.NewChecker()
	c.Text("title", &in.Title, true, kernel.MaxShort)
	c.Text("seed", &in.Seed, false, 64)
	if len(in.AgencyIDs) == 0 {
		c.Add("agency_ids", "请选择被评查的执法机关")
	}
	if len(in.Kinds) == 0 {
		c.Add("kinds", "请选择案件类型")
	}
	for _, k := range in.Kinds {
		if !k.Valid() {
			c.Add("kinds", "案件类型无效")
		}
	}
	if in.From.IsZero() || in.To.IsZero() || in.To.Before(in.From) || in.To.After(today) {
		c.Add("to", "请填写结案时间段（起止日期，止日不晚于今天）")
	}
	if in.SampleSize < 1 || in.SampleSize > law.MaxEvalSample {
		c.Add("sample_size", fmt.Sprintf("抽取案卷数应在1至%d件之间", law.MaxEvalSample))
	}
	if len(in.EvaluatorIDs) == 0 {
		c.Add("evaluator_ids", "请选择评查人员")
	}
	if in.RectifyDays == 0 {
		in.RectifyDays = law.DefaultRectifyDays
	}
	if in.RectifyDays < 1 || in.RectifyDays > law.MaxRectifyDays {
		c.Add("rectify_days", fmt.Sprintf("整改期限应在1至%d个工作日之间", law.MaxRectifyDays))
	}
	in.AgencyIDs, in.EvaluatorIDs, in.Kinds = uniqueIDs(in.AgencyIDs), uniqueIDs(in.EvaluatorIDs), slices.Compact(slices.Sorted(slices.Values(in.Kinds)))
	return c.Err()
}

func uniqueIDs(ids []int64) []int64 {
	return slices.Compact(slices.Sorted(slices.Values(ids)))
}

// CreateEvaluation creates an evaluation: it draws the sample from the cases closed in
// the period and assigns each file to an evaluator of another agency, in one transaction.
func (s *Service) CreateEvaluation(ctx context.Context, in EvaluationInput) (*EvaluationView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireOrganiser(actor); err != nil {
		return nil, err
	}
	if err := in.check(s.k.Today()); err != nil {
		return nil, err
	}
	if in.Seed == "" {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		in.Seed = hex.EncodeToString(b)
	}
	var id int64
	err := s.k.Write(ctx, "evaluation.create", func(tx zhifa.Tx, rec *kernel.Audit) error {
		for _, aid := range in.AgencyIDs {
			ag, err := s.k.VisibleAgency(ctx, tx, actor, aid)
			if zhifa.ErrorCode(err) == zhifa.ENOTFOUND || (err == nil && !ag.IsEnforcement()) {
				return kernel.FieldError("agency_ids", "所选执法机关不存在或不在本级监督范围内")
			} else if err != nil {
				return err
			}
		}
		evaluators, err := s.evaluators(ctx, tx, actor, in.EvaluatorIDs)
		if err != nil {
			return err
		}
		std, err := currentStandard(ctx, tx, actor.AgencyID)
		if err != nil {
			return err
		}
		closed, err := tx.ClosedCases(ctx, in.AgencyIDs, in.Kinds, in.From, in.To)
		if err != nil {
			return err
		}
		e := &zhifa.FileEvaluation{AgencyID: actor.AgencyID, Title: in.Title, AgencyIDs: in.AgencyIDs, Kinds: in.Kinds,
			From: in.From, To: in.To, StandardVersion: std.Version, Items: std.Items, Seed: in.Seed, Population: len(closed),
			RectifyDays: in.RectifyDays, CreatedBy: actor.UserID}
		if err := s.saveEvaluation(ctx, tx, rec, e, closed, in.SampleSize, evaluators, otherAgency); err != nil {
			return err
		}
		id = e.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Evaluation(ctx, id)
}

// saveEvaluation draws e's sample from the closed cases, assigns the files by the rule,
// and records the evaluation with its audit line and ledger entry.
func (s *Service) saveEvaluation(ctx context.Context, tx zhifa.Tx, rec *kernel.Audit, e *zhifa.FileEvaluation, closed []zhifa.ClosedCaseRef,
	k int, evaluators []evaluator, rule assignRule) error {
	if len(closed) == 0 {
		return kernel.FieldError("to", "所选范围内没有已结案件，无法抽取案卷")
	}
	files, err := drawFiles(e.Seed, closed, k, evaluators, rule)
	if err != nil {
		return err
	}
	e.SampleSize = len(files)
	if err := tx.CreateFileEvaluation(ctx, e, files); err != nil {
		return err
	}
	rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("evaluation", e.ID), kernel.AgencyPath(ctx, tx, e.AgencyID), e.Title
	meta := map[string]string{"evaluation": strconv.FormatInt(e.ID, 10),
		"seed": e.Seed, "population": strconv.Itoa(e.Population), "sample": sampleList(files),
		"standard_version": strconv.Itoa(e.StandardVersion), "items_sha256": itemsDigest(e.Items)}
	if e.SelfCheck {
		meta["self_check"] = "true"
	}
	return s.entry(ctx, tx, "evaluation.create", meta)
}

func sampleList(files []*zhifa.EvalCase) string {
	ids := make([]string, len(files))
	for i, f := range files {
		ids[i] = strconv.FormatInt(f.CaseID, 10)
	}
	return strings.Join(ids, ",")
}

// evaluator is an assignable evaluator and the agency they belong to.
type evaluator struct {
	user   *zhifa.User
	agency int64
}

// evaluators loads the chosen evaluators: enabled staff users (not administrators) of
// agencies within the organiser's scope.
func (s *Service) evaluators(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, ids []int64) ([]evaluator, error) {
	bad := kernel.FieldError("evaluator_ids", "所选评查人员不存在或不在本级监督范围内")
	var out []evaluator
	for _, id := range ids {
		u, err := tx.User(ctx, id)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return nil, bad
		} else if err != nil {
			return nil, err
		}
		if u.Disabled || u.Role == zhifa.RoleAdmin || u.Role == "" {
			return nil, bad
		}
		if _, err := s.k.VisibleAgency(ctx, tx, actor, u.AgencyID); zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return nil, bad
		} else if err != nil {
			return nil, err
		}
		out = append(out, evaluator{u, u.AgencyID})
	}
	return out, nil
}

// assignRule is who may evaluate which file (may reads what it needs of the file only
// once the file is drawn), and the refusal when no chosen evaluator may take one.
type assignRule struct {
	may    func(ev evaluator, c zhifa.ClosedCaseRef) (bool, error)
	refuse func(number string) error
}

// otherAgency is the bureau's rule: no one evaluates their own agency's case (F4).
var otherAgency = assignRule{
	may: func(ev evaluator, c zhifa.ClosedCaseRef) (bool, error) { return ev.agency != c.AgencyID, nil },
	refuse: func(number string) error {
		return kernel.FieldError("evaluator_ids", "评查人员不得评查本机关的案卷：案卷"+number+"没有其他机关的评查人员可以评查，请增加其他机关的评查人员")
	},
}

// drawFiles draws the sample (law.DrawSample) and assigns the files in turn to the
// evaluators, skipping any the rule refuses; a file no evaluator may take refuses the
// evaluation.
func drawFiles(seed string, closed []zhifa.ClosedCaseRef, k int, evaluators []evaluator, rule assignRule) ([]*zhifa.EvalCase, error) {
	// Numbers are unique within an agency; two agencies' numbers may coincide, and then
	// both enter the draw under the same number, taken in ID order.
	byNumber := make(map[string][]zhifa.ClosedCaseRef, len(closed))
	numbers := make([]string, 0, len(closed))
	for _, c := range closed {
		byNumber[c.Number] = append(byNumber[c.Number], c)
		numbers = append(numbers, c.Number)
	}
	var files []*zhifa.EvalCase
	next := 0
	for rank, number := range law.DrawSample(seed, numbers, k) {
		c := byNumber[number][0]
		byNumber[number] = byNumber[number][1:]
		assigned := false
		for try := 0; try < len(evaluators); try++ {
			ev := evaluators[(next+try)%len(evaluators)]
			if ok, err := rule.may(ev, c); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
			files = append(files, &zhifa.EvalCase{CaseID: c.ID, CaseNumber: c.Number, AgencyID: c.AgencyID, Rank: rank + 1, EvaluatorID: ev.user.ID})
			next = (next + try + 1) % len(evaluators)
			assigned = true
			break
		}
		if !assigned {
			return nil, rule.refuse(c.Number)
		}
	}
	return files, nil
}

// FileView is a sampled file with its labels and rectification clock.
type FileView struct {
	*zhifa.EvalCase
	GradeLabel string     `json:"grade_label"`
	Clock      *ClockView `json:"clock,omitempty"`
}

// AgencyResult is the result of one agency in an evaluation.
type AgencyResult struct {
	AgencyID   int64  `json:"agency_id"`
	AgencyName string `json:"agency_name"`
	Files      int    `json:"files"`
	Scored     int    `json:"scored"`
	Average    string `json:"average"`
	Excellent  int    `json:"excellent"`
	Pass       int    `json:"pass"`
	Fail       int    `json:"fail"`
	Open       int    `json:"open_rectifications"`
}

// EvaluationView is an evaluation with its files and results per agency.
type EvaluationView struct {
	*zhifa.FileEvaluation
	Algorithm string         `json:"algorithm"`
	Files     []FileView     `json:"files"`
	Agencies  []AgencyResult `json:"agencies"`
	// MayManage says whether the actor organises it (sees every file and the results);
	// MayPublish whether the actor may publish it (the bureau, never a self-check).
	MayManage  bool `json:"may_manage"`
	MayPublish bool `json:"may_publish"`
}

// Evaluation shows an evaluation to its organisers (every file) and to its evaluators
// (their own files); to anyone else it does not exist.
func (s *Service) Evaluation(ctx context.Context, id int64) (*EvaluationView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	var v *EvaluationView
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		e, err := tx.FileEvaluation(ctx, id)
		if err != nil {
			return err
		}
		files, err := tx.EvalCases(ctx, id)
		if err != nil {
			return err
		}
		manage := mayOrganise(actor, e.AgencyPath) || maySelfOrganise(actor, e)
		if !manage {
			files = slices.DeleteFunc(files, func(f *zhifa.EvalCase) bool { return f.EvaluatorID != actor.UserID })
			if len(files) == 0 {
				return zhifa.NotFound("案卷评查")
			}
		}
		v = &EvaluationView{FileEvaluation: e, Algorithm: law.SampleAlgorithm, MayManage: manage, Files: []FileView{},
			MayPublish: manage && !e.SelfCheck && e.PublishedOn.IsZero()}
		for _, f := range files {
			v.Files = append(v.Files, fileView(cal, today, f))
		}
		v.Agencies = agencyResults(files)
		return nil
	})
	return v, err
}

func fileView(cal *workday.Calendar, today zhifa.Date, f *zhifa.EvalCase) FileView {
	v := FileView{EvalCase: f, GradeLabel: law.GradeLabel(f.Grade)}
	if !f.RectifyDue.IsZero() {
		c := rectifyClock(f)
		v.Clock = &ClockView{Clock: c, Label: "评查整改", Status: law.ClockStatus(cal, today, c)}
	}
	return v
}

// rectifyClock is the file's rectification deadline as a clock.
func rectifyClock(f *zhifa.EvalCase) zhifa.Clock {
	return zhifa.Clock{Kind: ClockEvalRectify, Start: f.ScoredOn, Due: f.RectifyDue, Unit: zhifa.UnitWorkday,
		Rule: law.RuleEvalStandard, Done: !f.RectifiedOn.IsZero()}
}

// agencyResults sums the files per agency, in order of first appearance.
func agencyResults(files []*zhifa.EvalCase) []AgencyResult {
	out := []AgencyResult{}
	idx := map[int64]int{}
	sums := map[int64]int{}
	for _, f := range files {
		i, ok := idx[f.AgencyID]
		if !ok {
			i = len(out)
			idx[f.AgencyID] = i
			out = append(out, AgencyResult{AgencyID: f.AgencyID, AgencyName: f.AgencyName})
		}
		r := &out[i]
		r.Files++
		if f.Grade == "" {
			continue
		}
		r.Scored++
		sums[f.AgencyID] += f.Score
		switch f.Grade {
		case law.GradeExcellent:
			r.Excellent++
		case law.GradePass:
			r.Pass++
		case law.GradeFail:
			r.Fail++
		}
		if !f.RectifyDue.IsZero() && f.RectifiedOn.IsZero() {
			r.Open++
		}
	}
	for i := range out {
		if out[i].Scored > 0 {
			out[i].Average = fmt.Sprintf("%.1f", float64(sums[out[i].AgencyID])/float64(out[i].Scored))
		}
	}
	return out
}

// EvalListPage is one page of evaluations and the cursor of the next.
type EvalListPage struct {
	Items []*zhifa.FileEvaluation `json:"items"`
	Next  string                  `json:"next,omitempty"`
}

// Evaluations lists the evaluations the actor organises (supervisors: their scope's)
// or evaluates files in, newest first, a page at a time.
func (s *Service) Evaluations(ctx context.Context, cursor string) (*EvalListPage, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	before, err := decodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	f := zhifa.FileEvaluationFilter{EvaluatorID: actor.UserID, Before: before, Limit: PageSize + 1}
	if actor.Role == zhifa.RoleSupervisor || maySelfCheck(actor) {
		// The bureau's scope; a head's or reviewer's own agency subtree, whose only
		// evaluations are its self-checks.
		f.UnderPath = actor.ScopePath
	}
	page := &EvalListPage{Items: []*zhifa.FileEvaluation{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.FileEvaluations(ctx, f)
		if err != nil {
			return err
		}
		if len(list) > PageSize {
			list = list[:PageSize]
			page.Next = encodeCursor(list[PageSize-1].ID)
		}
		page.Items = append(page.Items, list...)
		return nil
	})
	return page, err
}

// FileListFilter selects sampled files: View "mine" (the actor's to evaluate) or
// "agency" (the files of the actor's agency, its rectification list).
type FileListFilter struct {
	View   string `json:"view"`
	Open   bool   `json:"open"`
	Cursor string `json:"cursor"`
}

// FilePage is one page of sampled files and the cursor of the next.
type FilePage struct {
	Items []FileView `json:"items"`
	Next  string     `json:"next,omitempty"`
}

// EvalFiles lists sampled files across evaluations, newest first, a page at a time: an
// evaluator's own, or the scored files of the actor's agency (with their rectification).
func (s *Service) EvalFiles(ctx context.Context, f FileListFilter) (*FilePage, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	before, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	q := zhifa.EvalCaseFilter{OpenRectification: f.Open, Before: before, Limit: PageSize + 1}
	switch f.View {
	case "", "mine":
		q.EvaluatorID = actor.UserID
	case "agency":
		if !actor.Can(kernel.PermHandleCases) {
			return nil, zhifa.Forbidden()
		}
		q.AgencyID = actor.AgencyID
	default:
		return nil, kernel.FieldError("view", "列表类型无效")
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	page := &FilePage{Items: []FileView{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.EvalCaseList(ctx, q)
		if err != nil {
			return err
		}
		if len(list) > PageSize {
			list = list[:PageSize]
			page.Next = encodeCursor(list[PageSize-1].ID)
		}
		for _, c := range list {
			if q.AgencyID != 0 && c.Grade == "" {
				continue // the agency sees a file once it is scored
			}
			v := fileView(cal, today, c)
			if q.AgencyID != 0 {
				v.EvaluatorName = "" // the agency sees the bureau's findings, not who scored
			}
			page.Items = append(page.Items, v)
		}
		return nil
	})
	return page, err
}

// Option is one choice of the evaluation form.
type Option struct {
	ID    int64  `json:"id"`
	Label string `json:"label"`
}

// EvaluationChoices are the agencies an evaluation may cover and the staff who may
// evaluate (users of the bureau's scope other than administrators).
type EvaluationChoices struct {
	Agencies   []Option `json:"agencies"`
	Evaluators []Option `json:"evaluators"`
}

// EvaluationChoices lists what the organiser may choose for a new evaluation.
func (s *Service) EvaluationChoices(ctx context.Context) (*EvaluationChoices, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireOrganiser(actor); err != nil {
		return nil, err
	}
	out := &EvaluationChoices{Agencies: []Option{}, Evaluators: []Option{}}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		ags, err := tx.Agencies(ctx, actor.ScopePath)
		if err != nil {
			return err
		}
		names := map[int64]string{}
		for _, a := range ags {
			names[a.ID] = a.Name
			if a.IsEnforcement() && a.ID != actor.AgencyID {
				out.Agencies = append(out.Agencies, Option{a.ID, a.Name})
			}
		}
		users, err := tx.Users(ctx, actor.ScopePath)
		if err != nil {
			return err
		}
		for _, u := range users {
			if !u.Disabled && u.Role != zhifa.RoleAdmin && u.Role != "" && u.ID > 0 {
				out.Evaluators = append(out.Evaluators, Option{u.ID, u.Name + "（" + names[u.AgencyID] + "）"})
			}
		}
		return nil
	})
	return out, err
}
