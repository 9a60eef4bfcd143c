package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/law"
	"zhifa/workday"
)

// closedCases files n penalty cases of the market bureau and withdraws them (撤案), so
// that they are closed on the world's day.
func (w *caseWorld) closedCases(t *testing.T, n int) []*app.CaseView {
	t.Helper()
	var out []*app.CaseView
	for range n {
		v := w.file(t, w.input(zhifa.CasePenalty))
		out = append(out, w.mustAct(t, "head1", v, "withdraw", app.ActionInput{Reason: "违法事实不能成立"}))
	}
	return out
}

func fullMarks(items []zhifa.EvalItem) []zhifa.EvalScore {
	out := make([]zhifa.EvalScore, len(items))
	for i, it := range items {
		out[i] = zhifa.EvalScore{Code: it.Code}
	}
	return out
}

// TestFileEvaluation: an evaluation drawn reproducibly from closed cases, evaluators kept
// off their own agency's files, the evaluator's logged read and scoring, rectification by
// the agency, publication once every file is scored, and the portal's view without
// evaluators or notes.
func TestFileEvaluation(t *testing.T) {
	w := newCaseWorld(t)
	cases := w.closedCases(t, 3)
	sv := w.app.Supervision()
	sup := w.as(t, "supervisor1")
	in := supervision.EvaluationInput{Title: "2026年第一季度案卷评查", AgencyIDs: []int64{w.market.ID}, Kinds: []zhifa.CaseKind{zhifa.CasePenalty},
		From: zhifa.MustDate("2026-01-01"), To: zhifa.MustDate("2026-03-02"), SampleSize: 2, Seed: "东港-2026-1"}

	// Only the bureau organises; no one evaluates their own agency's file.
	in.EvaluatorIDs = []int64{w.users["supervisor1"].ID}
	_, err := sv.CreateEvaluation(w.as(t, "head1"), in)
	wantCode(t, err, zhifa.EFORBIDDEN)
	own := in
	own.EvaluatorIDs = []int64{w.users["officer1"].ID}
	_, err = sv.CreateEvaluation(sup, own)
	wantCode(t, err, zhifa.EINVALID)
	if !strings.Contains(err.Error(), "不得评查本机关的案卷") {
		t.Errorf("own-agency refusal: %v", err)
	}
	foreign := in
	foreign.EvaluatorIDs = []int64{w.users["outsider"].ID}
	_, err = sv.CreateEvaluation(sup, foreign)
	wantCode(t, err, zhifa.EINVALID)
	empty := in
	empty.From, empty.To = zhifa.MustDate("2025-01-01"), zhifa.MustDate("2025-12-31")
	_, err = sv.CreateEvaluation(sup, empty)
	wantCode(t, err, zhifa.EINVALID)

	in.EvaluatorIDs = []int64{w.users["supervisor1"].ID, w.users["officer1"].ID}
	ev, err := sv.CreateEvaluation(sup, in)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Population != 3 || len(ev.Files) != 2 || ev.Seed != in.Seed || ev.StandardVersion != 0 || len(ev.Items) != len(law.DefaultEvalStandard()) {
		t.Fatalf("evaluation %+v", ev.FileEvaluation)
	}
	// Anyone redraws the sample from the seed and the closed case numbers.
	var numbers []string
	for _, c := range cases {
		numbers = append(numbers, c.Number)
	}
	redraw := law.DrawSample(in.Seed, numbers, 2)
	for i, f := range ev.Files {
		if f.CaseNumber != redraw[i] || f.EvaluatorID != w.users["supervisor1"].ID {
			t.Errorf("file %d: %s by %d, redraw %s", i, f.CaseNumber, f.EvaluatorID, redraw[i])
		}
	}

	// Another government's admin and the evaluated agency's officer see nothing yet.
	_, err = sv.Evaluation(w.as(t, "outsider"), ev.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = sv.EvalFile(w.as(t, "officer1"), ev.Files[0].ID)
	wantCode(t, err, zhifa.ENOTFOUND)

	d, err := sv.EvalFile(sup, ev.Files[0].ID)
	if err != nil || d.CaseFile == nil || d.CaseFile.Number != ev.Files[0].CaseNumber || len(d.CaseFile.Events) == 0 || !d.MayScore {
		t.Fatalf("evaluator's file %+v, %v", d, err)
	}

	scores := fullMarks(ev.Items)
	scores[0] = zhifa.EvalScore{Code: ev.Items[0].Code, Deduct: 2, Note: "立案审批表缺少负责人签字日期"}
	_, err = sv.ScoreFile(w.as(t, "officer1"), ev.Files[0].ID, supervision.ScoreInput{Version: 1, Scores: scores})
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = sv.ScoreFile(sup, ev.Files[0].ID, supervision.ScoreInput{Version: 1, Scores: scores[1:]})
	wantCode(t, err, zhifa.EINVALID)
	d, err = sv.ScoreFile(sup, ev.Files[0].ID, supervision.ScoreInput{Version: 1, Scores: scores})
	if err != nil {
		t.Fatal(err)
	}
	due, _ := mustCalendar(t, w).AddWorkdays(zhifa.MustDate("2026-03-02"), law.DefaultRectifyDays)
	if d.Score != 98 || d.GradeLabel != "优秀" || d.RectifyDue != due || d.Clock == nil {
		t.Fatalf("scored %+v", d.FileView)
	}

	_, err = sv.PublishEvaluation(sup, ev.ID, ev.Version)
	wantCode(t, err, zhifa.EINVALID) // one file unscored
	if _, err := sv.ScoreFile(sup, ev.Files[1].ID, supervision.ScoreInput{Version: 1, Scores: fullMarks(ev.Items)}); err != nil {
		t.Fatal(err)
	}
	if pub, err := sv.PublishEvaluation(sup, ev.ID, ev.Version); err != nil || pub.PublishedOn.IsZero() {
		t.Fatalf("publish: %v", err)
	}
	_, err = sv.ScoreFile(sup, ev.Files[1].ID, supervision.ScoreInput{Version: 2, Scores: fullMarks(ev.Items)})
	wantCode(t, err, zhifa.EINVALID)

	// The agency sees its scored files with the findings, not who scored them, and
	// records its rectification once.
	off := w.as(t, "officer1")
	page, err := sv.EvalFiles(off, supervision.FileListFilter{View: "agency", Open: true})
	if err != nil || len(page.Items) != 1 || page.Items[0].EvaluatorName != "" || page.Items[0].Clock == nil {
		t.Fatalf("agency's open rectifications %+v, %v", page, err)
	}
	_, err = sv.Rectify(off, ev.Files[0].ID, supervision.RectifyInput{Version: d.Version, Rectification: " "})
	wantCode(t, err, zhifa.EINVALID)
	r, err := sv.Rectify(off, ev.Files[0].ID, supervision.RectifyInput{Version: d.Version, Rectification: "已补签日期，组织全员学习立案程序"})
	if err != nil || r.RectifiedOn.IsZero() || r.Clock.Status != law.ClockDone || r.CaseFile != nil {
		t.Fatalf("rectified %+v, %v", r, err)
	}
	_, err = sv.Rectify(off, ev.Files[0].ID, supervision.RectifyInput{Version: r.Version, Rectification: "再次"})
	wantCode(t, err, zhifa.EINVALID)

	// The portal: scores and grades, the seed and algorithm; no evaluator, no note.
	pv, err := sv.PublicEvaluationByID(public("203.0.113.9"), ev.ID)
	if err != nil || len(pv.Files) != 2 || pv.Seed != in.Seed || pv.Agencies[0].Average != "99.0" {
		t.Fatalf("public view %+v, %v", pv, err)
	}
	b, _ := json.Marshal(pv)
	for _, secret := range []string{"supervisor1", "立案审批表缺少", "已补签日期", "李某", "13912345678"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the portal shows %q", secret)
		}
	}
	list, err := sv.PublicEvaluations(public("203.0.113.9"), "")
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("public list %+v, %v", list, err)
	}
}

// TestEvalStandardVersions: the bureau saves a checklist version that must sum to 100,
// and a new evaluation copies it.
func TestEvalStandardVersions(t *testing.T) {
	w := newCaseWorld(t)
	sv := w.app.Supervision()
	sup := w.as(t, "supervisor1")
	_, err := sv.SaveEvalStandard(w.as(t, "head1"), supervision.StandardInput{Name: "x", Items: law.DefaultEvalStandard()})
	wantCode(t, err, zhifa.EFORBIDDEN)
	bad := law.DefaultEvalStandard()
	bad[0].Points++
	_, err = sv.SaveEvalStandard(sup, supervision.StandardInput{Name: "东港市行政执法案卷评查标准", Items: bad})
	wantCode(t, err, zhifa.EINVALID)
	items := []zhifa.EvalItem{{Code: "A", Category: "执法程序", Text: "程序合法", Points: 60, Veto: true}, {Code: "B", Category: "执法文书", Text: "文书规范", Points: 40}}
	v, err := sv.SaveEvalStandard(sup, supervision.StandardInput{Name: "东港市行政执法案卷评查标准（2026年版）", Items: items})
	if err != nil || v.Version != 1 || len(v.Versions) != 1 || len(v.Items) != 2 {
		t.Fatalf("saved %+v, %v", v, err)
	}
	w.closedCases(t, 1)
	ev, err := sv.CreateEvaluation(sup, supervision.EvaluationInput{Title: "专项评查", AgencyIDs: []int64{w.market.ID},
		Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, From: zhifa.MustDate("2026-03-01"), To: zhifa.MustDate("2026-03-02"),
		SampleSize: 5, EvaluatorIDs: []int64{w.users["supervisor1"].ID}, RectifyDays: 2})
	if err != nil || ev.StandardVersion != 1 || len(ev.Items) != 2 || ev.Seed == "" || ev.SampleSize != 1 {
		t.Fatalf("evaluation %+v, %v", ev, err)
	}
	if !hasTodo(t, w, "supervisor1", "评分") {
		t.Error("the evaluator's to-do lacks the file to score")
	}
	// Veto: 不合格 whatever the points.
	d, err := sv.ScoreFile(sup, ev.Files[0].ID, supervision.ScoreInput{Version: 1, Scores: []zhifa.EvalScore{
		{Code: "A", Veto: true, Note: "未告知陈述申辩权利"}, {Code: "B"}}})
	if err != nil || d.GradeLabel != "不合格" || d.RectifyDue.IsZero() {
		t.Fatalf("vetoed %+v, %v", d, err)
	}
	// Due in two working days: on the agency's to-do, off the evaluator's.
	if !hasTodo(t, w, "officer1", "填报整改情况") || hasTodo(t, w, "supervisor1", "评分") {
		t.Error("to-do lists after scoring")
	}
}

// hasTodo reports whether login's to-do list holds an evaluation item with the action.
func hasTodo(t *testing.T, w *caseWorld, login, action string) bool {
	t.Helper()
	list, err := w.app.Todo(w.as(t, login))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range list.Items {
		if it.Kind == zhifa.TodoEvaluation && it.Action == action {
			return true
		}
	}
	return false
}

func mustCalendar(t *testing.T, w *caseWorld) *workday.Calendar {
	t.Helper()
	cal, err := w.app.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return cal
}
