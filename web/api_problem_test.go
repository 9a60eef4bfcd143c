package web

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"zhifa"
	"zhifa/app/supervision"
)

// problemSource opens a fault review on a decided case of the market bureau: the source
// record the tests' problems link.
func problemSource(t *testing.T, env *testEnv) *supervision.FaultView {
	t.Helper()
	c := faultCase(t, env)
	f, err := env.App.Supervision().OpenFault(appCtx(env.actor(t, loginSupervisor)), c.ID, supervision.FaultOpenInput{Reason: "评查发现"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestProblemAPI: the bureau lists a problem found by a fault review with the market
// bureau as owner and a deadline in working days; the owner reports, the bureau returns
// and then accepts; other identities are refused or meet a missing problem; an open
// problem past its deadline is overdue on the list and on the owner's to-do.
func TestProblemAPI(t *testing.T) {
	env := newTestEnv(t)
	src := problemSource(t, env)
	valid := supervision.ProblemInput{Source: zhifa.ProblemFromFault, SourceID: src.ID, Title: "事实认定不清",
		Detail: "未核实进货票据即认定违法事实，应完善证据审查制度", Days: 5}
	for _, tc := range []struct {
		name  string
		login string
		in    supervision.ProblemInput
		want  int
	}{
		{"officer", loginOfficer, valid, http.StatusForbidden},
		{"head", loginHead, valid, http.StatusForbidden},
		{"county", loginCountyOfficer, valid, http.StatusForbidden},
		{"missing source", loginSupervisor, supervision.ProblemInput{Source: zhifa.ProblemFromFault, SourceID: 999999, Title: "t", Detail: "d"}, http.StatusUnprocessableEntity},
		{"county owner", loginSupervisor, supervision.ProblemInput{Source: zhifa.ProblemFromFault, SourceID: src.ID, AgencyID: env.CountyMarket.ID, Title: "t", Detail: "d"}, http.StatusUnprocessableEntity},
		{"too long", loginSupervisor, supervision.ProblemInput{Source: zhifa.ProblemFromFault, SourceID: src.ID, Title: "t", Detail: "d", Days: 99}, http.StatusUnprocessableEntity},
		{"no source kind", loginSupervisor, supervision.ProblemInput{SourceID: src.ID, Title: "t", Detail: "d"}, http.StatusUnprocessableEntity},
	} {
		if res := env.api(t, "POST", "/api/v1/problems", tc.login, tc.in); res.Status != tc.want {
			t.Errorf("%s: %d, want %d\n%s", tc.name, res.Status, tc.want, res.Body)
		}
	}
	var p supervision.ProblemView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/problems", loginSupervisor, valid, &p)
	if p.AgencyID != env.Market.ID || p.State != zhifa.ProblemOpen || !p.DueOn.After(p.OpenedOn.AddDays(5)) || p.Overdue {
		t.Fatalf("opened %+v", p)
	}
	path := fmt.Sprintf("/api/v1/problems/%d", p.ID)
	var mine supervision.ProblemPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/problems", loginOfficer, nil, &mine)
	if len(mine.Items) != 1 || !mine.Items[0].MayReport {
		t.Fatalf("the owner's list %+v", mine.Items)
	}
	var county supervision.ProblemPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/problems", loginCountyOfficer, nil, &county)
	if len(county.Items) != 0 {
		t.Errorf("the county lists %d problems", len(county.Items))
	}
	if res := env.api(t, "GET", path, loginCountyOfficer, nil); res.Status != http.StatusNotFound {
		t.Errorf("the county reads the problem: %d", res.Status)
	}

	act := func(login, action string, version int, text string, want int) {
		t.Helper()
		in := supervision.ProblemActInput{Action: action, Version: version, Report: text, Note: text}
		res := env.api(t, "POST", path+"/act", login, in)
		if res.Status != want {
			t.Fatalf("%s as %s: %d, want %d\n%s", action, login, res.Status, want, res.Body)
		}
	}
	act(loginSupervisor, supervision.ProblemReport, 1, "越权报送", http.StatusForbidden)
	act(loginCountyOfficer, supervision.ProblemReport, 1, "越权报送", http.StatusNotFound)
	act(loginOfficer, supervision.ProblemAccept, 1, "", http.StatusForbidden)
	act(loginOfficer, supervision.ProblemReport, 1, "", http.StatusUnprocessableEntity)
	act(loginOfficer, supervision.ProblemReport, 1, "已修订证据审查制度并组织培训，附制度文本和培训签到表", http.StatusOK)
	act(loginOfficer, supervision.ProblemReport, 2, "再次报送", http.StatusConflict)
	act(loginOfficer, supervision.ProblemAccept, 2, "", http.StatusForbidden)
	act(loginSupervisor, supervision.ProblemReturn, 2, "", http.StatusUnprocessableEntity)
	act(loginSupervisor, supervision.ProblemReturn, 2, "缺少培训签到表", http.StatusOK)
	act(loginOfficer, supervision.ProblemReport, 3, "补充培训签到表", http.StatusOK)
	act(loginSupervisor, supervision.ProblemAccept, 4, "整改到位，予以销号", http.StatusOK)
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &p)
	if p.State != zhifa.ProblemAccepted || p.AcceptedOn.IsZero() || p.Report != "补充培训签到表" {
		t.Fatalf("accepted %+v", p)
	}

	// A second problem, one working day to rectify, left open past it.
	valid.Days, valid.Title = 1, "执法文书不规范"
	var late supervision.ProblemView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/problems", loginSupervisor, valid, &late)
	body := string(env.page(t, "GET", "/staff/problems", loginOfficer, nil).Body)
	wantText(t, "list", body, "执法文书不规范", "整改中", "已验收销号")
	// Ten days on, sessions have expired: the use cases are called as the same users.
	supervisor, officer := env.actor(t, loginSupervisor), env.actor(t, loginOfficer)
	env.Clock.Advance(10 * 24 * time.Hour)
	overdue, err := env.App.Supervision().Problems(appCtx(supervisor), supervision.ProblemFilter{Overdue: true})
	if err != nil || len(overdue.Items) != 1 || overdue.Items[0].ID != late.ID || !overdue.Items[0].Overdue {
		t.Errorf("overdue %+v, %v", overdue, err)
	}
	todo, err := env.App.Todo(appCtx(officer))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range todo.Items {
		found = found || (it.Kind == zhifa.TodoProblem && it.URL == fmt.Sprintf("/staff/problems/%d", late.ID))
	}
	if !found {
		t.Errorf("the owner's to-do lacks the open problem: %+v", todo.Items)
	}
}

// TestProblemPages: the supervisor opens a problem through the form, the owner reports
// through the problem's page and the supervisor accepts it there.
func TestProblemPages(t *testing.T) {
	env := newTestEnv(t)
	src := problemSource(t, env)
	if res := env.page(t, "GET", "/staff/problems/new", loginOfficer, nil); res.Status != http.StatusForbidden {
		t.Errorf("the officer opens the form: %d", res.Status)
	}
	res := env.page(t, "POST", "/staff/problems/new", loginSupervisor, url.Values{"source": {"fault"}, "source_id": {"999999"},
		"title": {"问题"}, "detail": {"说明"}, "days": {"5"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("missing source: %d", res.Status)
	}
	loc := location(t, env.page(t, "POST", "/staff/problems/new", loginSupervisor, url.Values{"source": {"fault"},
		"source_id": {fmt.Sprint(src.ID)}, "title": {"案件事实认定不清"}, "detail": {"完善证据审查制度"}, "days": {"5"}}))
	body := string(env.page(t, "GET", loc, loginOfficer, nil).Body)
	wantText(t, "owner's page", body, "案件事实认定不清", "报送整改情况", "!验收销号")
	location(t, env.page(t, "POST", loc+"/act", loginOfficer, url.Values{"action": {"report"}, "version": {"1"}, "report": {"已修订制度"}}))
	body = string(env.page(t, "GET", loc, loginSupervisor, nil).Body)
	wantText(t, "bureau's page", body, "已修订制度", "验收销号")
	location(t, env.page(t, "POST", loc+"/act", loginSupervisor, url.Values{"action": {"accept"}, "version": {"2"}, "note": {"整改到位"}}))
	body = string(env.page(t, "GET", "/staff/problems", loginSupervisor, nil).Body)
	wantText(t, "list", body, "案件事实认定不清", "已验收销号")
}
