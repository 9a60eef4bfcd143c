package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	assessmentweb "zhifa/web/assessment"
	"zhifa/web/kit"

	"zhifa"
	"zhifa/app"
	"zhifa/app/assessment"
)

// loginJusticeHead is the head of the city's justice bureau, who approves assessments.
const loginJusticeHead = "justice_head"

// assessmentPeople adds the justice bureau's head and the market bureau's survey of
// last year, through the API.
func (env *testEnv) assessmentPeople(t *testing.T) {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if _, err := env.App.CreateUser(sys, app.UserInput{Login: loginJusticeHead, Name: "孙立群", Role: zhifa.RoleHead,
		AgencyID: env.Justice.ID, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	env.apiOK(t, http.StatusOK, "POST", "/api/v1/assessment-inputs/survey", loginSupervisor,
		assessment.SurveyInput{AgencyID: env.Market.ID, Year: 2025, Score: 92, Source: "东港市2025年度群众满意度测评报告"}, nil)
}

// assessmentFixture adds assessmentPeople and the bureau's assessment of last year (a
// draft), through the API.
func (env *testEnv) assessmentFixture(t *testing.T) *zhifa.AssessmentRun {
	t.Helper()
	env.assessmentPeople(t)
	var run zhifa.AssessmentRun
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/assessments", loginSupervisor, assessmentweb.RunRequest{Year: 2025}, &run)
	return &run
}

// TestAssessmentAPI walks an assessment through the API: the run over the city's
// enforcement agencies, a deduction, the justice bureau head's approval, the market
// bureau's own view and drill-down, publication, and the portal's page, which shows
// no person and no deduction's reason.
func TestAssessmentAPI(t *testing.T) {
	env := newTestEnv(t)
	namePeople(t, env) // the adjustments keep their author's name
	run := env.assessmentFixture(t)
	path := fmt.Sprintf("/api/v1/assessments/%d", run.ID)
	if run.Result(env.Market.ID) == nil || run.Result(env.Justice.ID) != nil || run.Result(env.CountyMarket.ID) != nil {
		t.Fatalf("results %+v", run.Results)
	}
	if res := env.api(t, "GET", path, loginHead, nil); res.Status != http.StatusNotFound {
		t.Errorf("the market bureau reads the draft: %d", res.Status)
	}
	if res := env.api(t, "POST", path+"/adjustments", loginSupervisor, assessment.AdjustInput{AgencyID: env.Market.ID, Points: 30, Reason: "x", Version: run.Version}); res.Status != http.StatusUnprocessableEntity || res.Error().Fields["points"] == "" {
		t.Errorf("an adjustment of 30 marks: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/adjustments", loginSupervisor,
		assessment.AdjustInput{AgencyID: env.Market.ID, Points: -1.5, Reason: "执法数据报送迟延（内部核实）", Version: run.Version}, run)
	env.apiOK(t, http.StatusOK, "POST", path+"/approve", loginJusticeHead, assessmentweb.VersionRequest{Version: run.Version}, run)
	var mine assessment.RunView
	env.apiOK(t, http.StatusOK, "GET", path, loginHead, nil, &mine)
	if len(mine.Results) != 2 || mine.Result(env.Ecology.ID) != nil { // the bureau and its sub-unit
		t.Errorf("the market bureau sees %+v", mine.Results)
	}
	var page assessment.RecordsPage
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("%s/agencies/%d/records/%s", path, env.Market.ID, zhifa.IndTraining), loginHead, nil, &page)
	if page.Indicator.Key != zhifa.IndTraining || page.Records == nil {
		t.Errorf("drill-down %+v", page)
	}
	if res := env.api(t, "GET", fmt.Sprintf("%s/agencies/%d/records/%s", path, env.Ecology.ID, zhifa.IndTraining), loginHead, nil); res.Status != http.StatusNotFound {
		t.Errorf("the market bureau drills into the ecology bureau: %d", res.Status)
	}
	if res := env.api(t, "GET", "/api/v1/public/assessments/"+fmt.Sprint(run.ID), "", nil); res.Status != http.StatusNotFound {
		t.Errorf("unpublished on the portal: %d", res.Status)
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/publish", loginSupervisor, assessmentweb.VersionRequest{Version: run.Version}, run)
	var pub assessment.PublicView
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/assessments/"+fmt.Sprint(run.ID), "", nil, &pub)
	if len(pub.Results) != len(run.Results) || pub.Results[0].Rank != 1 {
		t.Errorf("public view %+v", pub)
	}
	// What the portal serves names agencies and marks only.
	officer := env.City.Officer.Name
	for _, p := range []string{"/assessments", fmt.Sprintf("/assessments/%d", run.ID), "/api/v1/public/assessments", fmt.Sprintf("/api/v1/public/assessments/%d", run.ID)} {
		res := env.api(t, "GET", p, "", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", p, res.Status)
		}
		for _, secret := range []string{"执法数据报送迟延", "内部核实", "孙立群", loginSupervisor, loginJusticeHead, officer} {
			if strings.Contains(string(res.Body), secret) {
				t.Errorf("%s serves %q", p, secret)
			}
		}
	}
	if !strings.Contains(string(env.api(t, "GET", fmt.Sprintf("/assessments/%d", run.ID), "", nil).Body), env.Market.Name) {
		t.Error("the portal's page does not name the market bureau")
	}
	// The workspace's pages read as plain Chinese for each of the people concerned.
	for _, p := range []string{"/staff/assessments", fmt.Sprintf("/staff/assessments/%d", run.ID), "/staff/assessment-scheme?year=2025",
		"/staff/assessment-inputs?year=2025", fmt.Sprintf("/staff/assessments/%d/agencies/%d/records/%s", run.ID, env.Market.ID, zhifa.IndTraining),
		fmt.Sprintf("/staff/assessments/%d/print", run.ID)} {
		for _, login := range []string{loginSupervisor, loginJusticeHead, loginHead} {
			res := env.page(t, "GET", p, login, nil)
			if res.Status != http.StatusOK {
				if !(strings.Contains(p, "scheme") && login != loginSupervisor) {
					t.Errorf("%s as %s: %d", p, login, res.Status)
				}
				continue
			}
			for _, f := range plainTextFaults(visibleText(string(res.Body)), false) {
				t.Errorf("%s as %s: %s", p, login, f)
			}
		}
	}
	res := env.page(t, "GET", fmt.Sprintf("/staff/assessments/%d/xlsx", run.ID), loginSupervisor, nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(string(res.Body), "PK") {
		t.Errorf("xlsx: %d", res.Status)
	}
}

// TestAssessmentEscalation asks for every act of an assessment as every identity: only
// the justice bureau's supervisor runs, adjusts, enters the survey and publishes; only
// the bureau's head approves; everyone else meets a refusal or a missing object.
func TestAssessmentEscalation(t *testing.T) {
	env := newTestEnv(t)
	run := env.assessmentFixture(t)
	path := fmt.Sprintf("/api/v1/assessments/%d", run.ID)
	allowed := func(act, login string) bool {
		switch act {
		case "run", "survey", "adjust", "publish", "scheme":
			return login == loginSupervisor
		case "approve":
			return login == loginJusticeHead
		case "read":
			return login == loginSupervisor || login == loginJusticeHead
		}
		return false
	}
	acts := []struct {
		name, method, path string
		body               func() any
	}{
		{"read", "GET", path, func() any { return nil }},
		{"scheme", "GET", "/api/v1/assessment-scheme?year=2025", func() any { return nil }},
		{"run", "POST", "/api/v1/assessments", func() any { return assessmentweb.RunRequest{Year: 2025} }},
		{"survey", "POST", "/api/v1/assessment-inputs/survey", func() any {
			return assessment.SurveyInput{AgencyID: env.Market.ID, Year: 2025, Score: 90, Source: "测评报告"}
		}},
		{"adjust", "POST", path + "/adjustments", func() any {
			return assessment.AdjustInput{AgencyID: env.Market.ID, Points: -1, Reason: "越权扣分", Version: env.runVersion(t, run.ID)}
		}},
		{"approve", "POST", path + "/approve", func() any { return assessmentweb.VersionRequest{Version: env.runVersion(t, run.ID)} }},
		{"publish", "POST", path + "/publish", func() any { return assessmentweb.VersionRequest{Version: env.runVersion(t, run.ID)} }},
	}
	logins := append([]string{loginCountyAdmin, loginCountyOfficer, loginJusticeHead}, cityLogins...)
	for _, act := range acts {
		order := slices.Clone(logins)
		slices.SortStableFunc(order, func(a, b string) int { return cmpBool(allowed(act.name, a), allowed(act.name, b)) })
		for _, login := range order {
			res := env.api(t, act.method, act.path, login, act.body())
			ok := res.Status >= 200 && res.Status < 300
			if ok != allowed(act.name, login) || res.Status >= 500 {
				t.Errorf("%s as %s: status %d, want allowed=%v\n%.300s", act.name, login, res.Status, allowed(act.name, login), res.Body)
			}
		}
	}
	// The pages refuse the same way: a stranger's draft or approval is missing.
	for _, login := range []string{loginHead, loginCountyAdmin} {
		if res := env.page(t, "POST", fmt.Sprintf("/staff/assessments/%d/approve", run.ID), login, url.Values{"version": {"1"}}); res.Status != http.StatusNotFound {
			t.Errorf("page approval as %s: %d", login, res.Status)
		}
	}
}

// runVersion reads the run's current version as the system.
func (env *testEnv) runVersion(t *testing.T, id int64) int {
	t.Helper()
	var v int
	err := env.Store.View(context.Background(), func(tx zhifa.Tx) error {
		r, err := tx.AssessmentRun(context.Background(), id)
		if err == nil {
			v = r.Version
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAssessmentSelfCheckFile: the market bureau's head files the year's self-check
// with its report as a PDF at the year's end; the bureau's staff and the justice
// bureau's supervisor download it (each read audited), no one else; a file of another
// type is refused.
func TestAssessmentSelfCheckFile(t *testing.T) {
	env := newTestEnv(t)
	env.Clock.Advance(230 * 24 * time.Hour) // mid October 2026
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	post := func(name string, content []byte) *response {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.WriteField("year", "2026")
		_ = mw.WriteField("text", "本年度推行行政执法责任制情况良好")
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(content)
		_ = mw.Close()
		req, err := http.NewRequest("POST", env.HTTP.URL+"/staff/assessment-inputs/selfcheck", &b)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: env.sessionCookie(t, loginHead)})
		return env.send(t, req)
	}
	if res := post("report.exe", []byte("MZ\x90\x00binary")); res.Status != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "assessment-inputs") {
		t.Fatalf("refused type: %d %s", res.Status, res.Header.Get("Location"))
	}
	var list assessmentweb.InputList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/assessment-inputs?year=2026", loginHead, nil, &list)
	if len(list.Items) != 0 {
		t.Fatalf("a refused attachment filed the self-check: %+v", list.Items)
	}
	post("自查报告.pdf", pdf)
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/assessment-inputs?year=2026", loginHead, nil, &list)
	if len(list.Items) != 1 || list.Items[0].File == nil || list.Items[0].File.MIME != "application/pdf" {
		t.Fatalf("self-check %+v", list.Items)
	}
	path := fmt.Sprintf("/staff/assessment-inputs/%d/file", list.Items[0].ID)
	for login, want := range map[string]int{loginHead: 200, loginOfficer: 200, loginSupervisor: 200, loginCountyAdmin: 404, loginReviewer: 200} {
		res := env.page(t, "GET", path, login, nil)
		if res.Status != want {
			t.Errorf("download as %s: %d, want %d", login, res.Status, want)
		}
		if want == 200 && !bytes.Equal(res.Body, pdf) {
			t.Errorf("download as %s: another content", login)
		}
	}
}
