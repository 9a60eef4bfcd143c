package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	supervisionweb "zhifa/web/supervision"

	"zhifa"
	"zhifa/app/supervision"
	"zhifa/law"
)

// selfInput is a self-check of the market bureau's first quarter by the evaluators.
func (env *testEnv) selfInput(evaluators ...string) supervision.SelfEvaluationInput {
	in := supervision.SelfEvaluationInput{Title: "2026年第一季度案卷自查", Kinds: []zhifa.CaseKind{zhifa.CasePenalty},
		From: zhifa.MustDate("2026-01-01"), To: zhifa.MustDate("2026-03-02"), SampleSize: 3, Seed: "自查-1"}
	for _, l := range evaluators {
		in.EvaluatorIDs = append(in.EvaluatorIDs, env.Users[l].ID)
	}
	return in
}

// TestSelfEvaluationAPI walks the market bureau's self-check (案卷自查, F4) through the
// API: only its head or legal reviewer organises it, over its own cases, with its own
// staff who did not handle the file; the justice bureau sees it but cannot publish it,
// the public never sees it, and the head records the rectification.
func TestSelfEvaluationAPI(t *testing.T) {
	env := newTestEnv(t)
	number := env.closedTestCase(t) // filed by the officer, withdrawn by the head
	for _, login := range []string{loginOfficer, loginSupervisor, loginAdmin, loginCountyAdmin, loginCountyOfficer} {
		if res := env.api(t, "POST", "/api/v1/self-evaluations", login, env.selfInput(loginReviewer)); res.Status != http.StatusForbidden {
			t.Errorf("%s organises a self-check: %d", login, res.Status)
		}
	}
	for _, tc := range []struct {
		name       string
		evaluators []string
		want       string
	}{
		{"only the handler and the approver", []string{loginOfficer, loginHead}, "不得评查本人承办、审核或审批的案卷"},
		{"the bureau's supervisor", []string{loginSupervisor}, "不是本机关工作人员"},
		{"another government's officer", []string{loginCountyOfficer}, "不是本机关工作人员"},
	} {
		res := env.api(t, "POST", "/api/v1/self-evaluations", loginHead, env.selfInput(tc.evaluators...))
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Error().Message, tc.want) {
			t.Errorf("%s: %d %s", tc.name, res.Status, res.Body)
		}
	}
	var ev supervision.EvaluationView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/self-evaluations", loginHead, env.selfInput(loginOfficer, loginReviewer), &ev)
	if !ev.SelfCheck || ev.AgencyID != env.Market.ID || ev.MayPublish || len(ev.Files) != 1 || ev.Files[0].CaseNumber != number ||
		ev.Files[0].EvaluatorID != env.Users[loginReviewer].ID || !ev.Files[0].SelfCheck || len(ev.Items) != len(law.DefaultEvalStandard()) {
		t.Fatalf("self-check %+v", ev)
	}
	evPath := fmt.Sprintf("/api/v1/evaluations/%d", ev.ID)
	filePath := fmt.Sprintf("/api/v1/evaluation-files/%d", ev.Files[0].ID)
	for _, login := range []string{loginOfficer, loginCountyAdmin, loginCountyOfficer, loginAdmin} {
		if res := env.api(t, "GET", evPath, login, nil); res.Status != http.StatusNotFound {
			t.Errorf("%s reads the self-check: %d", login, res.Status)
		}
		if res := env.api(t, "GET", filePath, login, nil); res.Status != http.StatusNotFound {
			t.Errorf("%s reads its file: %d", login, res.Status)
		}
	}
	var seen supervision.EvaluationView
	env.apiOK(t, http.StatusOK, "GET", evPath, loginSupervisor, nil, &seen)
	if !seen.SelfCheck || !seen.MayManage || seen.MayPublish {
		t.Errorf("the bureau's view %+v", seen)
	}
	for _, login := range []string{loginSupervisor, loginHead} {
		var list supervision.EvalListPage
		env.apiOK(t, http.StatusOK, "GET", "/api/v1/evaluations", login, nil, &list)
		if len(list.Items) != 1 || list.Items[0].ID != ev.ID || !list.Items[0].SelfCheck {
			t.Errorf("%s's list %+v", login, list.Items)
		}
	}

	var d supervision.FileDetail
	env.apiOK(t, http.StatusOK, "GET", filePath, loginReviewer, nil, &d)
	if d.CaseFile == nil || !d.MayScore || !d.SelfCheck {
		t.Fatalf("the evaluator's file %+v", d)
	}
	scores := make([]zhifa.EvalScore, len(ev.Items))
	for i, it := range ev.Items {
		scores[i] = zhifa.EvalScore{Code: it.Code}
	}
	scores[0].Deduct, scores[0].Note = 2, "立案审批表未写明立案依据"
	if res := env.api(t, "PUT", filePath+"/score", loginHead, supervision.ScoreInput{Version: 1, Scores: scores}); res.Status != http.StatusForbidden {
		t.Errorf("the organising head scores: %d", res.Status)
	}
	env.apiOK(t, http.StatusOK, "PUT", filePath+"/score", loginReviewer, supervision.ScoreInput{Version: 1, Scores: scores}, &d)
	if d.Score != 98 || d.RectifyDue.IsZero() {
		t.Fatalf("scored %+v", d)
	}
	res := env.api(t, "POST", evPath+"/publish", loginSupervisor, supervisionweb.PublishRequest{Version: ev.Version})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Error().Message, "不在门户网站公布") {
		t.Errorf("the bureau publishes a self-check: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "GET", filePath, loginHead, nil, &d)
	if !d.MayRectify {
		t.Errorf("the head may not rectify %+v", d)
	}
	env.apiOK(t, http.StatusOK, "POST", filePath+"/rectify", loginHead, supervision.RectifyInput{Version: d.Version, Rectification: "已补写立案依据"}, &d)
	if d.RectifiedOn.IsZero() {
		t.Errorf("rectified %+v", d)
	}

	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/public/evaluations/%d", ev.ID), "", nil); res.Status != http.StatusNotFound {
		t.Errorf("the public reads the self-check: %d", res.Status)
	}
	for _, path := range []string{"/api/v1/public/evaluations", "/evaluations"} {
		var body []byte
		if strings.HasPrefix(path, "/api/") {
			body = env.api(t, "GET", path, "", nil).Body
		} else {
			body = env.page(t, "GET", path, "", nil).Body
		}
		if strings.Contains(string(body), ev.Title) {
			t.Errorf("%s lists the self-check", path)
		}
	}
}

// TestSelfEvaluationPages: the head creates a self-check through the form (an evaluator
// who handled the only file is refused with the input kept), and the evaluation pages
// mark it; an officer gets no form.
func TestSelfEvaluationPages(t *testing.T) {
	env := newTestEnv(t)
	number := env.closedTestCase(t)
	if res := env.page(t, "GET", "/staff/self-evaluations/new", loginOfficer, nil); res.Status != http.StatusForbidden {
		t.Errorf("officer's form: %d", res.Status)
	}
	if res := env.page(t, "GET", "/staff/evaluations", loginHead, nil); !strings.Contains(string(res.Body), "/staff/self-evaluations/new") {
		t.Errorf("the head's list offers no self-check: %d", res.Status)
	}
	form := url.Values{"title": {"季度自查"}, "from": {"2026-01-01"}, "to": {"2026-03-02"}, "sample_size": {"5"}, "rectify_days": {"20"},
		"kinds": {"penalty"}, "evaluator_ids": {fmt.Sprint(env.Users[loginOfficer].ID)}}
	res := env.page(t, "POST", "/staff/self-evaluations/new", loginHead, form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "不得评查本人承办") || !strings.Contains(string(res.Body), "季度自查") {
		t.Fatalf("the handler as evaluator: %d", res.Status)
	}
	form.Set("evaluator_ids", fmt.Sprint(env.Users[loginReviewer].ID))
	res = env.page(t, "POST", "/staff/self-evaluations/new", loginHead, form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	detail := env.page(t, "GET", res.Header.Get("Location"), loginSupervisor, nil)
	for _, want := range []string{number, "本机关自查", "不在门户网站公布"} {
		if !strings.Contains(string(detail.Body), want) {
			t.Errorf("the bureau's view of the self-check lacks %q", want)
		}
	}
	if strings.Contains(string(detail.Body), "公布评查结果") {
		t.Error("the self-check offers publication")
	}
}
