package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app/supervision"
	"zhifa/law"
)

// closedTestCase files a case of the market bureau and withdraws it (撤案, the head's
// act): a closed case on the test's day.
func (env *testEnv) closedTestCase(t *testing.T) string {
	t.Helper()
	v := env.fileTestCase(t)
	res := env.api(t, "POST", fmt.Sprintf("/api/v1/cases/%d/actions/withdraw", v.ID), loginHead, map[string]any{"version": v.Version, "reason": "违法事实不能成立"})
	if res.Status != http.StatusOK {
		t.Fatalf("withdraw: %d %s", res.Status, res.Body)
	}
	return v.Number
}

// evaluationFixture is an evaluation of the market bureau's closed case, scored by the
// justice bureau's supervisor.
func (env *testEnv) evaluationFixture(t *testing.T) (number string, ev supervision.EvaluationView) {
	t.Helper()
	number = env.closedTestCase(t)
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/evaluations", loginSupervisor, supervision.EvaluationInput{Title: "2026年第一季度案卷评查",
		AgencyIDs: []int64{env.Market.ID}, Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, From: zhifa.MustDate("2026-01-01"),
		To: zhifa.MustDate("2026-03-02"), SampleSize: 3, Seed: "东港-评查-1", EvaluatorIDs: []int64{env.Users[loginSupervisor].ID}}, &ev)
	return number, ev
}

// TestEvaluationAPI walks an evaluation through the API as the bureau, the evaluated
// agency, the public and the attackers: who organises, who reads the case file, who
// scores, who rectifies, and what the portal shows.
func TestEvaluationAPI(t *testing.T) {
	env := newTestEnv(t)
	// Nobody below the bureau organises; a foreign agency is outside the scope.
	for _, login := range []string{loginOfficer, loginHead, loginAdmin, loginReviewer, loginCountyAdmin} {
		res := env.api(t, "POST", "/api/v1/evaluations", login, supervision.EvaluationInput{Title: "x", AgencyIDs: []int64{env.Market.ID},
			Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, From: zhifa.MustDate("2026-01-01"), To: zhifa.MustDate("2026-03-02"), SampleSize: 1,
			EvaluatorIDs: []int64{env.Users[loginSupervisor].ID}})
		if res.Status != http.StatusForbidden {
			t.Errorf("%s organises: %d", login, res.Status)
		}
	}
	number, ev := env.evaluationFixture(t)
	if ev.Population != 1 || len(ev.Files) != 1 || ev.Files[0].CaseNumber != number || ev.Algorithm != law.SampleAlgorithm {
		t.Fatalf("evaluation %+v", ev)
	}
	if got := law.DrawSample(ev.Seed, []string{number}, 1); got[0] != number {
		t.Errorf("redraw %v", got)
	}
	own := env.api(t, "POST", "/api/v1/evaluations", loginSupervisor, supervision.EvaluationInput{Title: "本机关", AgencyIDs: []int64{env.Market.ID},
		Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, From: zhifa.MustDate("2026-01-01"), To: zhifa.MustDate("2026-03-02"), SampleSize: 1,
		EvaluatorIDs: []int64{env.Users[loginOfficer].ID}})
	if own.Status != http.StatusUnprocessableEntity || !strings.Contains(own.Error().Message, "不得评查本机关的案卷") {
		t.Errorf("own agency's evaluator: %d %s", own.Status, own.Body)
	}
	foreign := env.api(t, "POST", "/api/v1/evaluations", loginSupervisor, supervision.EvaluationInput{Title: "外县", AgencyIDs: []int64{env.CountyMarket.ID},
		Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, From: zhifa.MustDate("2026-01-01"), To: zhifa.MustDate("2026-03-02"), SampleSize: 1,
		EvaluatorIDs: []int64{env.Users[loginSupervisor].ID}})
	if foreign.Status != http.StatusUnprocessableEntity {
		t.Errorf("another government's agency: %d", foreign.Status)
	}

	file := ev.Files[0].ID
	filePath := fmt.Sprintf("/api/v1/evaluation-files/%d", file)
	// Before scoring, nobody but the evaluator and the bureau sees the file.
	for _, login := range []string{loginOfficer, loginHead, loginCountyAdmin, loginCountyOfficer, loginReviewer} {
		if res := env.api(t, "GET", filePath, login, nil); res.Status != http.StatusNotFound {
			t.Errorf("%s reads the file: %d", login, res.Status)
		}
		if res := env.api(t, "GET", fmt.Sprintf("/api/v1/evaluations/%d", ev.ID), login, nil); res.Status != http.StatusNotFound {
			t.Errorf("%s reads the evaluation: %d", login, res.Status)
		}
	}
	var d supervision.FileDetail
	env.apiOK(t, http.StatusOK, "GET", filePath, loginSupervisor, nil, &d)
	if d.CaseFile == nil || d.CaseFile.Number != number || !d.MayScore {
		t.Fatalf("evaluator's file %+v", d)
	}
	if res := env.api(t, "GET", "/api/v1/audit?action=evaluation.read", loginSupervisor, nil); res.Status != http.StatusOK ||
		!strings.Contains(string(res.Body), "调阅事由：案卷评查") {
		t.Errorf("the read is not audited with its reason: %s", res.Body)
	}

	scores := make([]zhifa.EvalScore, len(ev.Items))
	for i, it := range ev.Items {
		scores[i] = zhifa.EvalScore{Code: it.Code}
	}
	scores[len(scores)-1] = zhifa.EvalScore{Code: ev.Items[len(scores)-1].Code, Deduct: 3, Note: "卷内目录缺失"}
	for _, login := range []string{loginOfficer, loginHead, loginCountyAdmin} {
		if res := env.api(t, "PUT", filePath+"/score", login, supervision.ScoreInput{Version: 1, Scores: scores}); res.Status != http.StatusNotFound {
			t.Errorf("%s scores: %d", login, res.Status)
		}
	}
	bad := env.api(t, "PUT", filePath+"/score", loginSupervisor, supervision.ScoreInput{Version: 1, Scores: scores[:2]})
	if bad.Status != http.StatusUnprocessableEntity || bad.Error().Fields["scores"] == "" {
		t.Errorf("incomplete scoring: %d %s", bad.Status, bad.Body)
	}
	env.apiOK(t, http.StatusOK, "PUT", filePath+"/score", loginSupervisor, supervision.ScoreInput{Version: 1, Scores: scores}, &d)
	if d.Score != 97 || d.GradeLabel != "优秀" || d.RectifyDue.IsZero() {
		t.Fatalf("scored %+v", d.FileView)
	}

	// The agency sees the findings, not the evaluator, and rectifies; another
	// government's officer cannot.
	var agencyView supervision.FileDetail
	env.apiOK(t, http.StatusOK, "GET", filePath, loginOfficer, nil, &agencyView)
	if agencyView.EvaluatorName != "" || agencyView.CaseFile != nil || !agencyView.MayRectify {
		t.Errorf("agency's view %+v", agencyView)
	}
	if res := env.api(t, "POST", filePath+"/rectify", loginCountyOfficer, supervision.RectifyInput{Version: d.Version, Rectification: "x"}); res.Status != http.StatusNotFound {
		t.Errorf("county officer rectifies: %d", res.Status)
	}
	env.apiOK(t, http.StatusOK, "POST", filePath+"/rectify", loginOfficer, supervision.RectifyInput{Version: d.Version, Rectification: "已补齐卷内目录"}, nil)
	var mine supervision.FilePage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/evaluation-files?view=agency&open=true", loginOfficer, nil, &mine)
	if len(mine.Items) != 0 {
		t.Errorf("rectified file still open: %+v", mine.Items)
	}

	// Unpublished, the portal does not know it; published, it shows no evaluator or note.
	pubPath := fmt.Sprintf("/api/v1/public/evaluations/%d", ev.ID)
	if res := env.api(t, "GET", pubPath, "", nil); res.Status != http.StatusNotFound {
		t.Errorf("unpublished on the portal: %d", res.Status)
	}
	if res := env.api(t, "POST", fmt.Sprintf("/api/v1/evaluations/%d/publish", ev.ID), loginHead, map[string]int{"version": ev.Version}); res.Status != http.StatusForbidden {
		t.Errorf("head publishes: %d", res.Status)
	}
	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/evaluations/%d/publish", ev.ID), loginSupervisor, map[string]int{"version": ev.Version}, nil)
	for _, where := range []string{pubPath, "/api/v1/public/evaluations"} {
		res := env.api(t, "GET", where, "", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", where, res.Status)
		}
		noEvaluationSecrets(t, env, where, res.Body)
	}
	for _, where := range []string{fmt.Sprintf("/evaluations/%d", ev.ID), "/evaluations"} {
		res := env.page(t, "GET", where, "", nil)
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "案卷评查") {
			t.Fatalf("%s: %d", where, res.Status)
		}
		noEvaluationSecrets(t, env, where, res.Body)
	}
	if res := env.api(t, "PUT", filePath+"/score", loginSupervisor, supervision.ScoreInput{Version: d.Version + 1, Scores: scores}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("scoring after publication: %d", res.Status)
	}
}

// noEvaluationSecrets fails if a public answer names the evaluator, a note, the
// rectification or the case's party.
func noEvaluationSecrets(t *testing.T, env *testEnv, where string, body []byte) {
	t.Helper()
	for _, s := range []string{env.Users[loginSupervisor].Name, env.Users[loginSupervisor].Login, "卷内目录缺失", "已补齐卷内目录", "李某", "11010519491231002X"} {
		if strings.Contains(string(body), s) {
			t.Errorf("%s serves %q", where, s)
		}
	}
}

// TestEvaluationPages: the bureau's supervisor creates an evaluation, scores its file and
// saves a checklist version through the forms; a failed form keeps its input.
func TestEvaluationPages(t *testing.T) {
	env := newTestEnv(t)
	number := env.closedTestCase(t)
	if res := env.page(t, "GET", "/staff/evaluations/new", loginSupervisor, nil); res.Status != http.StatusOK {
		t.Fatalf("form: %d", res.Status)
	}
	form := url.Values{"title": {"专项评查"}, "from": {"2026-01-01"}, "to": {"2026-03-02"}, "sample_size": {"5"}, "rectify_days": {"20"},
		"kinds": {"penalty"}, "agency_ids": {fmt.Sprint(env.Market.ID)}, "evaluator_ids": {fmt.Sprint(env.Users[loginOfficer].ID)}}
	res := env.page(t, "POST", "/staff/evaluations/new", loginSupervisor, form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "不得评查本机关的案卷") || !strings.Contains(string(res.Body), "专项评查") {
		t.Fatalf("own agency's evaluator: %d", res.Status)
	}
	form.Set("evaluator_ids", fmt.Sprint(env.Users[loginSupervisor].ID))
	res = env.page(t, "POST", "/staff/evaluations/new", loginSupervisor, form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	detail := env.page(t, "GET", res.Header.Get("Location"), loginSupervisor, nil)
	if detail.Status != http.StatusOK || !strings.Contains(string(detail.Body), number) {
		t.Fatalf("detail: %d", detail.Status)
	}
	var list supervision.FilePage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/evaluation-files?view=mine", loginSupervisor, nil, &list)
	if len(list.Items) != 1 {
		t.Fatalf("my files %+v", list)
	}
	filePage := fmt.Sprintf("/staff/evaluation-files/%d", list.Items[0].ID)
	if res := env.page(t, "GET", filePage, loginSupervisor, nil); res.Status != http.StatusOK || !strings.Contains(string(res.Body), "score-form") {
		t.Fatalf("file page: %d %s", res.Status, res.Body)
	}
	score := url.Values{"version": {"1"}}
	for _, it := range law.DefaultEvalStandard() {
		score.Add("code", it.Code)
	}
	score.Set("deduct_8", "4")
	res = env.page(t, "POST", filePage+"/score", loginSupervisor, score)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "应写明发现的问题") {
		t.Fatalf("deduction without a note: %d", res.Status)
	}
	score.Set("note_8", "询问笔录未记载告知事项")
	res = env.page(t, "POST", filePage+"/score", loginSupervisor, score)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("score: %d %s", res.Status, res.Body)
	}
	if res := env.page(t, "GET", filePage, loginOfficer, nil); res.Status != http.StatusOK || !strings.Contains(string(res.Body), "询问笔录未记载告知事项") {
		t.Errorf("the agency's view of its findings: %d", res.Status)
	}

	std := env.page(t, "POST", "/staff/evaluation-standard", loginSupervisor, url.Values{"name": {"东港市标准"}, "items": {"A|程序|程序合法|60|是\nB|文书|文书规范|30|否"}})
	if std.Status != http.StatusUnprocessableEntity || !strings.Contains(string(std.Body), "合计应为100分") {
		t.Errorf("standard summing to 90: %d", std.Status)
	}
	std = env.page(t, "POST", "/staff/evaluation-standard", loginSupervisor, url.Values{"name": {"东港市标准"}, "items": {"A|程序|程序合法|60|是\nB|文书|文书规范|40|否"}})
	if std.Status != http.StatusSeeOther {
		t.Errorf("standard: %d %s", std.Status, std.Body)
	}
	if res := env.page(t, "GET", "/staff/evaluation-standard", loginHead, nil); res.Status != http.StatusForbidden {
		t.Errorf("head opens the standard: %d", res.Status)
	}
}
