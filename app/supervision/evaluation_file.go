package supervision

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// MaxScoreNote bounds an evaluator's note on one item.
const MaxScoreNote = 500

// CaseFileView is what an evaluator reads of a sampled case: the case's facts, its
// history, records and issued documents (the parties' personal data is left out: the
// evaluation judges the file, not the party).
type CaseFileView struct {
	ID        int64              `json:"id"`
	Number    string             `json:"number"`
	Kind      string             `json:"kind"`
	Procedure string             `json:"procedure"`
	Stage     string             `json:"stage"`
	Outcome   string             `json:"outcome"`
	ItemName  string             `json:"item_name"`
	Facts     string             `json:"facts"`
	State     zhifa.CaseState    `json:"state"`
	Events    []*zhifa.CaseEvent `json:"events"`
	Records   []*zhifa.Record    `json:"records"`
	Documents []DocumentRef      `json:"documents"`
}

// DocumentRef is an issued document of the case file.
type DocumentRef struct {
	Type   string `json:"type"`
	Number string `json:"number"`
	State  string `json:"state"`
}

// FileDetail is one sampled file: its evaluation's checklist, the scores, and for the
// evaluator and the organisers the case file itself.
type FileDetail struct {
	FileView
	EvaluationTitle string           `json:"evaluation_title"`
	Items           []zhifa.EvalItem `json:"items"`
	Published       bool             `json:"published"`
	CaseFile        *CaseFileView    `json:"case_file,omitempty"`
	// MayScore and MayRectify say which forms the actor may submit.
	MayScore   bool `json:"may_score"`
	MayRectify bool `json:"may_rectify"`
}

// fileRole is how the actor stands to a sampled file.
type fileRole int

const (
	roleNone      fileRole = iota
	roleEvaluator          // assigned to score it
	roleOrganiser          // a supervisor of the organising bureau, or the organiser of a self-check
	roleAgency             // a handler or head of the evaluated agency, once it is scored
)

func roleOf(actor *kernel.Actor, e *zhifa.FileEvaluation, f *zhifa.EvalCase) fileRole {
	switch {
	case actor.LoggedIn() && f.EvaluatorID == actor.UserID:
		return roleEvaluator
	case mayOrganise(actor, e.AgencyPath), maySelfOrganise(actor, e):
		return roleOrganiser
	case f.Grade != "" && actor.AgencyID == f.AgencyID && actor.Can(kernel.PermHandleCases):
		return roleAgency
	}
	return roleNone
}

// loadFile loads a sampled file, its evaluation and the actor's role; a file the actor
// has no part in answers ENOTFOUND.
func (s *Service) loadFile(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.EvalCase, *zhifa.FileEvaluation, fileRole, error) {
	f, err := tx.EvalCase(ctx, id)
	if err != nil {
		return nil, nil, roleNone, err
	}
	e, err := tx.FileEvaluation(ctx, f.EvaluationID)
	if err != nil {
		return nil, nil, roleNone, err
	}
	role := roleOf(actor, e, f)
	if role == roleNone {
		return nil, nil, roleNone, zhifa.NotFound("评查案卷")
	}
	return f, e, role, nil
}

// EvalFile shows a sampled file. For its evaluator and the organisers it includes the
// case file, and the read is recorded in the audit log with the evaluation as its reason
// (调阅事由), like a supervisor's read of evidence.
func (s *Service) EvalFile(ctx context.Context, id int64) (*FileDetail, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	var d *FileDetail
	load := func(tx zhifa.Tx) (*zhifa.FileEvaluation, fileRole, error) {
		f, e, role, err := s.loadFile(ctx, tx, actor, id)
		if err != nil {
			return nil, roleNone, err
		}
		d = &FileDetail{FileView: fileView(cal, today, f), EvaluationTitle: e.Title, Items: e.Items, Published: !e.PublishedOn.IsZero(),
			MayScore:   role == roleEvaluator && e.PublishedOn.IsZero(),
			MayRectify: mayRectify(actor, f, role) && !f.RectifyDue.IsZero() && f.RectifiedOn.IsZero()}
		if role == roleAgency {
			d.EvaluatorName = ""
		}
		return e, role, nil
	}
	var role fileRole
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		_, role, err = load(tx)
		return err
	})
	if err != nil || (role != roleEvaluator && role != roleOrganiser) {
		return d, err
	}
	// The case file is read in a transaction of its own that writes the audit line.
	err = s.k.Write(ctx, "evaluation.read", func(tx zhifa.Tx, rec *kernel.Audit) error {
		e, _, err := load(tx)
		if err != nil {
			return err
		}
		cf, path, err := caseFile(ctx, tx, d.CaseID)
		if err != nil {
			return err
		}
		d.CaseFile = cf
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("case", d.CaseID), path, "调阅事由：案卷评查“"+e.Title+"”"
		return nil
	})
	return d, err
}

// caseFile reads the case file of a sampled case and its agency's path.
func caseFile(ctx context.Context, tx zhifa.Tx, caseID int64) (*CaseFileView, string, error) {
	c, err := tx.Case(ctx, caseID)
	if err != nil {
		return nil, "", err
	}
	ag, err := tx.Agency(ctx, c.AgencyID)
	if err != nil {
		return nil, "", err
	}
	v := &CaseFileView{ID: c.ID, Number: c.Number, Kind: c.Kind.Label(), Procedure: c.Procedure.Label(), Stage: c.Stage.Label(),
		Outcome: c.Outcome.Label(), Facts: c.Facts, State: c.State, Documents: []DocumentRef{}}
	if it, err := tx.Item(ctx, c.ItemID); err == nil {
		v.ItemName = it.Name
	} else if zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		return nil, "", err
	}
	if v.Events, err = tx.CaseEvents(ctx, c.ID); err != nil {
		return nil, "", err
	}
	if v.Records, err = tx.Records(ctx, c.ID); err != nil {
		return nil, "", err
	}
	docs, err := tx.Documents(ctx, c.ID)
	if err != nil {
		return nil, "", err
	}
	for _, doc := range docs {
		if doc.State != zhifa.DocDraft {
			v.Documents = append(v.Documents, DocumentRef{Type: doc.Type.Label(), Number: doc.Number, State: doc.State.Label()})
		}
	}
	return v, ag.Path, nil
}

// ScoreInput is an evaluator's scoring of a file: every checklist item.
type ScoreInput struct {
	Version int               `json:"version"`
	Scores  []zhifa.EvalScore `json:"scores"`
}

// ScoreFile records the evaluator's scores of a file (again, until the results are
// published): the grade follows law.ScoreFile, and a file with any deduction owes a
// rectification within the evaluation's working days.
func (s *Service) ScoreFile(ctx context.Context, id int64, in ScoreInput) (*FileDetail, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	for i := range in.Scores {
		sc := &in.Scores[i]
		sc.Code, sc.Note = strings.TrimSpace(sc.Code), strings.TrimSpace(sc.Note)
		if len([]rune(sc.Note)) > MaxScoreNote {
			return nil, kernel.FieldError("scores", fmt.Sprintf("项目%s的说明不能超过%d字", sc.Code, MaxScoreNote))
		}
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	err = s.k.Write(ctx, "evaluation.score", func(tx zhifa.Tx, rec *kernel.Audit) error {
		f, e, role, err := s.loadFile(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if role != roleEvaluator {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只有分配的评查人员可以评分")
		}
		if err := s.checkEvaluator(ctx, tx, actor, f); err != nil {
			return err
		}
		if !e.PublishedOn.IsZero() {
			return zhifa.Errorf(zhifa.EINVALID, "评查结果已公布，不能再修改评分")
		}
		if in.Version != f.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "评查案卷已被他人修改，请刷新后重试")
		}
		total, grade, err := law.ScoreFile(e.Items, in.Scores)
		if err != nil {
			return err
		}
		f.Scores, f.Score, f.Grade, f.ScoredOn = in.Scores, total, grade, today
		f.RectifyDue = zhifa.Date{}
		if law.NeedsRectification(total, grade) {
			f.RectifyDue, _ = cal.AddWorkdays(today, e.RectifyDays)
		}
		if err := tx.UpdateEvalCase(ctx, f); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("eval_file", f.ID), f.AgencyPath,
			fmt.Sprintf("%s %d分 %s", f.CaseNumber, total, law.GradeLabel(grade))
		return s.entry(ctx, tx, "evaluation.score", map[string]string{"evaluation": strconv.FormatInt(e.ID, 10),
			"case": strconv.FormatInt(f.CaseID, 10), "score": strconv.Itoa(total), "grade": grade})
	})
	if err != nil {
		return nil, err
	}
	return s.EvalFile(ctx, id)
}

// checkEvaluator refuses an evaluator the file's evaluation excludes, again at scoring
// (F4): in the bureau's evaluation anyone of the file's agency, in a self-check anyone
// the case's record names as handling, reviewing or approving it.
func (s *Service) checkEvaluator(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, f *zhifa.EvalCase) error {
	if !f.SelfCheck {
		if actor.AgencyID == f.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "评查人员不得评查本机关的案卷")
		}
		return nil
	}
	h, err := loadCaseHandlers(ctx, tx, f.CaseID)
	if err != nil {
		return err
	}
	u, err := tx.User(ctx, actor.UserID)
	if err != nil {
		return err
	}
	if h.handled(u) {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "评查人员不得评查本人承办、审核或审批的案卷")
	}
	return nil
}

// RectifyInput records what the evaluated agency did about the findings.
type RectifyInput struct {
	Version       int    `json:"version"`
	Rectification string `json:"rectification"`
}

// Rectify records the evaluated agency's rectification of a scored file (its handlers
// or head), which stops the rectification clock.
func (s *Service) Rectify(ctx context.Context, id int64, in RectifyInput) (*FileDetail, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	c := kernel.NewChecker()
	c.Text("rectification", &in.Rectification, true, kernel.MaxText)
	if err := c.Err(); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "evaluation.rectify", func(tx zhifa.Tx, rec *kernel.Audit) error {
		f, e, role, err := s.loadFile(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !mayRectify(actor, f, role) {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "整改情况由被评查机关填报")
		}
		if f.RectifyDue.IsZero() {
			return zhifa.Errorf(zhifa.EINVALID, "该案卷没有整改要求")
		}
		if !f.RectifiedOn.IsZero() {
			return zhifa.Errorf(zhifa.EINVALID, "该案卷的整改情况已经填报")
		}
		if in.Version != f.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "评查案卷已被他人修改，请刷新后重试")
		}
		f.Rectification, f.RectifiedOn = in.Rectification, s.k.Today()
		if err := tx.UpdateEvalCase(ctx, f); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("eval_file", f.ID), f.AgencyPath, f.CaseNumber+" 整改"
		return s.entry(ctx, tx, "evaluation.rectify", map[string]string{"evaluation": strconv.FormatInt(e.ID, 10),
			"case": strconv.FormatInt(f.CaseID, 10)})
	})
	if err != nil {
		return nil, err
	}
	return s.EvalFile(ctx, id)
}

// PublishEvaluation publishes the results of an evaluation whose every file is scored;
// the portal then shows them (without evaluators and notes) and the scores are final.
func (s *Service) PublishEvaluation(ctx context.Context, id int64, version int) (*EvaluationView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireOrganiser(actor); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "evaluation.publish", func(tx zhifa.Tx, rec *kernel.Audit) error {
		e, err := tx.FileEvaluation(ctx, id)
		if err != nil {
			return err
		}
		if !mayOrganise(actor, e.AgencyPath) {
			return zhifa.NotFound("案卷评查")
		}
		if e.SelfCheck {
			return zhifa.Errorf(zhifa.EINVALID, "本机关自查的结果不在门户网站公布")
		}
		if !e.PublishedOn.IsZero() {
			return zhifa.Errorf(zhifa.EINVALID, "评查结果已经公布")
		}
		if version != e.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "案卷评查已被他人修改，请刷新后重试")
		}
		files, err := tx.EvalCases(ctx, id)
		if err != nil {
			return err
		}
		unscored := 0
		for _, f := range files {
			if f.Grade == "" {
				unscored++
			}
		}
		if unscored > 0 {
			return zhifa.Errorf(zhifa.EINVALID, "尚有%d件案卷未评分，不能公布评查结果", unscored)
		}
		e.PublishedOn = s.k.Today()
		if err := tx.PublishFileEvaluation(ctx, e); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("evaluation", e.ID), e.AgencyPath, e.Title
		return s.entry(ctx, tx, "evaluation.publish", map[string]string{"evaluation": strconv.FormatInt(e.ID, 10)})
	})
	if err != nil {
		return nil, err
	}
	return s.Evaluation(ctx, id)
}

// PublicEvaluation is a published evaluation as the portal shows it: scope, checklist,
// the seed and algorithm of the sample, and each file's score and grade — no
// evaluators, no notes.
type PublicEvaluation struct {
	ID              int64            `json:"id"`
	Title           string           `json:"title"`
	Organiser       string           `json:"organiser"`
	From            zhifa.Date       `json:"from"`
	To              zhifa.Date       `json:"to"`
	Kinds           []string         `json:"kinds"`
	StandardVersion int              `json:"standard_version"`
	Items           []zhifa.EvalItem `json:"items"`
	Seed            string           `json:"seed"`
	Algorithm       string           `json:"algorithm"`
	Population      int              `json:"population"`
	PublishedOn     zhifa.Date       `json:"published_on"`
	Files           []PublicFile     `json:"files"`
	Agencies        []AgencyResult   `json:"agencies"`
}

// PublicFile is one file's published result.
type PublicFile struct {
	Rank       int    `json:"rank"`
	CaseNumber string `json:"case_number"`
	AgencyName string `json:"agency_name"`
	Score      int    `json:"score"`
	Grade      string `json:"grade"`
}

// PublicEvalPage is one page of published evaluations.
type PublicEvalPage struct {
	Items []PublicEvaluation `json:"items"`
	Next  string             `json:"next,omitempty"`
}

// PublicEvaluations lists the published evaluations, newest first, a page at a time
// (without their files).
func (s *Service) PublicEvaluations(ctx context.Context, cursor string) (*PublicEvalPage, error) {
	before, err := decodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	page := &PublicEvalPage{Items: []PublicEvaluation{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.FileEvaluations(ctx, zhifa.FileEvaluationFilter{PublishedOnly: true, Before: before, Limit: PageSize + 1})
		if err != nil {
			return err
		}
		if len(list) > PageSize {
			list = list[:PageSize]
			page.Next = encodeCursor(list[PageSize-1].ID)
		}
		for _, e := range list {
			page.Items = append(page.Items, publicEvaluation(e, nil))
		}
		return nil
	})
	return page, err
}

// PublicEvaluationByID shows a published evaluation; an unpublished one does not exist
// for the public.
func (s *Service) PublicEvaluationByID(ctx context.Context, id int64) (*PublicEvaluation, error) {
	var v PublicEvaluation
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		e, err := tx.FileEvaluation(ctx, id)
		if err != nil {
			return err
		}
		if e.PublishedOn.IsZero() {
			return zhifa.NotFound("案卷评查")
		}
		files, err := tx.EvalCases(ctx, id)
		if err != nil {
			return err
		}
		v = publicEvaluation(e, files)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func publicEvaluation(e *zhifa.FileEvaluation, files []*zhifa.EvalCase) PublicEvaluation {
	v := PublicEvaluation{ID: e.ID, Title: e.Title, Organiser: e.AgencyName, From: e.From, To: e.To, StandardVersion: e.StandardVersion,
		Items: e.Items, Seed: e.Seed, Algorithm: law.SampleAlgorithm, Population: e.Population, PublishedOn: e.PublishedOn,
		Files: []PublicFile{}, Agencies: agencyResults(files)}
	for _, k := range e.Kinds {
		v.Kinds = append(v.Kinds, k.Label())
	}
	for _, f := range files {
		v.Files = append(v.Files, PublicFile{Rank: f.Rank, CaseNumber: f.CaseNumber, AgencyName: f.AgencyName, Score: f.Score,
			Grade: law.GradeLabel(f.Grade)})
	}
	for i := range v.Agencies {
		v.Agencies[i].Open = 0 // rectification is the agencies' business, not published
	}
	return v
}
