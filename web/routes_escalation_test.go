package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/execution"
	"zhifa/app/personnel"
	"zhifa/app/supervision"
	"zhifa/web/publicity"
)

// TestScopeEscalation walks the escalation paths of issue 9 §2 for every seeded identity
// (whose admin is the market bureau's) plus an admin of the city government: granting a
// role whose scope reaches beyond the granter's, and marking an agency as the justice
// bureau from below its government. Only the city government's admin may grant
// supervision, and only in the justice bureau.
func TestScopeEscalation(t *testing.T) {
	env := newTestEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	const loginCityAdmin = "city_admin"
	if _, err := env.App.CreateUser(sys, app.UserInput{Login: loginCityAdmin, Name: "市政府管理员", Role: zhifa.RoleAdmin,
		AgencyID: env.CityGov.ID, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	yes := true
	supervising := personnel.AgencyInputOf(env.Market)
	supervising.Supervises = &yes
	logins := append([]string{loginCityAdmin, loginCountyAdmin, loginCountyOfficer}, cityLogins...)
	seq := 0
	for _, login := range logins {
		for _, tc := range []struct {
			name    string
			method  string
			path    string
			body    func() any
			allowed bool // for the city's admin only
		}{
			{"supervisor in a bureau", "POST", "/api/v1/users", func() any {
				return app.UserInput{Login: fmt.Sprintf("esc%d", seq), Name: "某某", Role: zhifa.RoleSupervisor, AgencyID: env.Market.ID, Password: testPassword}
			}, false},
			{"supervisor in the justice bureau", "POST", "/api/v1/users", func() any {
				return app.UserInput{Login: fmt.Sprintf("esc%d", seq), Name: "某某", Role: zhifa.RoleSupervisor, AgencyID: env.Justice.ID, Password: testPassword}
			}, true},
			{"admin of the city government", "POST", "/api/v1/users", func() any {
				return app.UserInput{Login: fmt.Sprintf("esc%d", seq), Name: "某某", Role: zhifa.RoleAdmin, AgencyID: env.CityGov.ID, Password: testPassword}
			}, true},
			{"a bureau made the justice bureau", "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.Market.ID), func() any { return supervising }, true},
			{"a government made the justice bureau", "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.CityGov.ID), func() any {
				in := personnel.AgencyInputOf(env.CityGov)
				in.Supervises = &yes
				return in
			}, false},
			// Issue 15: the bank's payment channel and the payee account are issued from above
			// the agency only by an admin whose scope covers it.
			{"payment channel of the city government", "POST", fmt.Sprintf("/api/v1/agencies/%d/payment-channels", env.CityGov.ID), func() any {
				return execution.ChannelInput{Name: "工商银行缴款通知"}
			}, true},
			{"payee of the city government", "PUT", fmt.Sprintf("/api/v1/agencies/%d/payee", env.CityGov.ID), func() any {
				return zhifa.Payee{Name: "东港市财政局", Bank: "工商银行", Account: "3701"}
			}, true},
			// Issue 13: an agency's annual report is generated only by an officer of the agency
			// itself, never from below nor by an admin above it.
			{"annual report of the city government", "POST", "/api/v1/reports", func() any {
				return publicity.ReportGenerateInput{AgencyID: env.CityGov.ID, Year: 2025}
			}, false},
			{"annual report of the justice bureau", "POST", "/api/v1/reports", func() any {
				return publicity.ReportGenerateInput{AgencyID: env.Justice.ID, Year: 2025}
			}, false},
		} {
			seq++
			req := env.newRequest(t, tc.method, tc.path, tc.body())
			req.Header.Set("Authorization", "Bearer "+env.token(t, login))
			res := env.send(t, req)
			ok := res.Status >= 200 && res.Status < 300
			want := tc.allowed && login == loginCityAdmin
			if ok != want || res.Status >= 500 {
				t.Errorf("%s as %s: status %d, want allowed=%v\n%.300s", tc.name, login, res.Status, want, res.Body)
			}
			if ok && tc.method == "PUT" { // undo, so that the next walker meets the same state
				no := false
				undo := personnel.AgencyInputOf(env.Market)
				undo.Supervises = &no
				if _, err := env.App.Personnel().UpdateAgency(sys, env.Market.ID, undo); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// A supervisor's scope follows the agency: the market bureau's users never read
	// another bureau, whatever their role.
	for _, login := range []string{loginAdmin, loginOfficer, loginHead} {
		req := env.newRequest(t, http.MethodGet, fmt.Sprintf("/api/v1/agencies/%d", env.Ecology.ID), nil)
		req.Header.Set("Authorization", "Bearer "+env.token(t, login))
		if res := env.send(t, req); res.Status != http.StatusNotFound {
			t.Errorf("%s reads another bureau: %d", login, res.Status)
		}
	}
	// A notification is its owner's alone (issue 12): for everyone else it is missing.
	n := &zhifa.Notification{UserID: env.Users[loginHead].ID, Kind: zhifa.NotifyApprovalRequested, Key: "escalation", Title: "审批请求"}
	if err := env.Store.Update(sys, func(tx zhifa.Tx) (err error) { _, err = tx.AddNotification(sys, n); return err }); err != nil {
		t.Fatal(err)
	}
	for _, login := range logins {
		if login == loginHead {
			continue
		}
		req := env.newRequest(t, http.MethodPost, fmt.Sprintf("/api/v1/notifications/%d/read", n.ID), nil)
		req.Header.Set("Authorization", "Bearer "+env.token(t, login))
		if res := env.send(t, req); res.Status != http.StatusNotFound {
			t.Errorf("%s marks the head's notification read: %d", login, res.Status)
		}
	}
}

// TestSealKeyEscalation: an agency's seal keys are managed only by an admin whose scope
// covers the agency (issue 12): the market bureau's admin for the bureau, not for a
// sibling bureau; the city government's admin for both; nobody of the county, and no
// other role.
func TestSealKeyEscalation(t *testing.T) {
	env, _ := sealEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	const loginCityAdmin = "city_admin"
	if _, err := env.App.CreateUser(sys, app.UserInput{Login: loginCityAdmin, Name: "市政府管理员", Role: zhifa.RoleAdmin,
		AgencyID: env.CityGov.ID, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	for _, login := range append([]string{loginCityAdmin, loginCountyAdmin, loginCountyOfficer}, cityLogins...) {
		for _, ag := range []*zhifa.Agency{env.Market, env.Ecology} {
			page := fmt.Sprintf("/staff/agencies/%d/seals", ag.ID)
			res := env.page(t, "POST", page, login, url.Values{"algorithm": {"sm2"}})
			ok := res.Status == http.StatusSeeOther && res.Header.Get("Location") == page
			want := login == loginCityAdmin || (login == loginAdmin && ag.ID == env.Market.ID)
			if ok != want || (!ok && res.Status != http.StatusNotFound && res.Status != http.StatusForbidden) {
				t.Errorf("%s generates the seal of %s: status %d, want allowed=%v", login, ag.Name, res.Status, want)
			}
		}
	}
}

// TestExportEscalation asks for the files of issue #12 from below and from outside: an
// officer or reviewer never gets the statistics, a role without the audit log never its
// export, and the county's admin gets the city's officers in no export (their files
// hold the county's rows only).
func TestExportEscalation(t *testing.T) {
	env := newTestEnv(t)
	for _, tc := range []struct {
		login, path string
		status      int
	}{
		{loginOfficer, "/staff/stats/export?table=overdue&format=csv", http.StatusForbidden},
		{loginReviewer, "/staff/stats?year=2026", http.StatusForbidden},
		{loginOfficer, "/staff/audit?format=xlsx", http.StatusForbidden},
		{loginHead, "/staff/audit?format=csv", http.StatusForbidden},
		{loginCountyOfficer, "/staff/reviews?format=csv", http.StatusForbidden},
		{"", "/staff/officers?format=csv", http.StatusSeeOther},
	} {
		if res := env.page(t, http.MethodGet, tc.path, tc.login, nil); res.Status != tc.status {
			t.Errorf("%s as %q: %d, want %d", tc.path, tc.login, res.Status, tc.status)
		}
	}
	for _, path := range []string{"/staff/officers?format=csv", "/staff/audit?format=csv", "/staff/cases?format=csv&mine=0",
		"/staff/stats/export?table=overdue&format=csv", "/api/v1/officers?format=csv&agency_id=" + fmt.Sprint(env.Market.ID)} {
		var res *response
		if strings.HasPrefix(path, "/api/") {
			req := env.newRequest(t, http.MethodGet, path, nil)
			req.Header.Set("Authorization", "Bearer "+env.token(t, loginCountyAdmin))
			res = env.send(t, req)
		} else {
			res = env.page(t, http.MethodGet, path, loginCountyAdmin, nil)
		}
		if res.Status >= 500 || strings.Contains(string(res.Body), env.City.Officer.Name) || strings.Contains(string(res.Body), env.Market.Name) {
			t.Errorf("%s as the county's admin: %d, holds the city's rows:\n%.300s", path, res.Status, res.Body)
		}
	}
}

// TestEvaluationEscalation asks for every act of a case-file evaluation (issue 14) as
// every identity: only the justice bureau's supervisor organises and publishes, only the
// assigned evaluator reads the case file and scores, only the evaluated agency's
// handlers rectify (once scored); everyone else meets a refusal or a missing object.
func TestEvaluationEscalation(t *testing.T) {
	env := newTestEnv(t)
	_, ev := env.evaluationFixture(t)
	file := fmt.Sprintf("/api/v1/evaluation-files/%d", ev.Files[0].ID)
	scores := make([]zhifa.EvalScore, len(ev.Items))
	for i, it := range ev.Items {
		scores[i] = zhifa.EvalScore{Code: it.Code, Deduct: 0}
	}
	scores[0].Deduct, scores[0].Note = 1, "立案审批表未签署日期"
	allowed := func(act, login string) bool {
		switch act {
		case "organise", "read", "score", "publish":
			return login == loginSupervisor
		case "rectify": // the market bureau's handlers: its officer or its head
			return login == loginOfficer || login == loginHead
		case "self-check": // the market bureau's head or legal reviewer, for itself
			return login == loginHead || login == loginReviewer
		}
		return false
	}
	acts := []struct {
		name, method, path string
		body               func() any
	}{
		{"organise", "POST", "/api/v1/evaluations", func() any {
			return supervision.EvaluationInput{Title: "越权", AgencyIDs: []int64{env.Market.ID}, Kinds: []zhifa.CaseKind{zhifa.CasePenalty},
				From: zhifa.MustDate("2026-01-01"), To: zhifa.MustDate("2026-03-02"), SampleSize: 1, EvaluatorIDs: []int64{env.Users[loginSupervisor].ID}}
		}},
		{"read", "GET", file, func() any { return nil }},
		{"score", "PUT", file + "/score", func() any { return supervision.ScoreInput{Version: 1, Scores: scores} }},
		{"rectify", "POST", file + "/rectify", func() any { return supervision.RectifyInput{Version: 2, Rectification: "已补签日期"} }},
		{"publish", "POST", fmt.Sprintf("/api/v1/evaluations/%d/publish", ev.ID), func() any { return publicity.VersionInput{Version: 1} }},
		{"self-check", "POST", "/api/v1/self-evaluations", func() any {
			return supervision.SelfEvaluationInput{Title: "自查", Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, From: zhifa.MustDate("2026-01-01"),
				To: zhifa.MustDate("2026-03-02"), SampleSize: 1, EvaluatorIDs: []int64{env.Users[loginReviewer].ID}}
		}},
	}
	for _, act := range acts {
		// The others try first, so that a success of the allowed one changes nothing
		// they meet; then the allowed one acts.
		logins := append([]string{loginCountyAdmin, loginCountyOfficer}, cityLogins...)
		slices.SortStableFunc(logins, func(a, b string) int {
			return cmpBool(allowed(act.name, a), allowed(act.name, b))
		})
		done := false
		for _, login := range logins {
			res := env.api(t, act.method, act.path, login, act.body())
			ok := res.Status >= 200 && res.Status < 300
			if done && allowed(act.name, login) && res.Status == http.StatusUnprocessableEntity {
				continue // a second handler of the agency: already rectified
			}
			done = done || ok
			if ok != allowed(act.name, login) || res.Status >= 500 {
				t.Errorf("%s as %s: status %d, want allowed=%v\n%.300s", act.name, login, res.Status, allowed(act.name, login), res.Body)
			}
		}
	}
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// TestAnalysisEscalation: an analytic warning of the market bureau (issue 14) is handled
// only by the person whose act each step is — the bureau's head explains and rectifies,
// the justice bureau's supervisor orders (督办) and closes — and another government's
// users meet it as missing.
func TestAnalysisEscalation(t *testing.T) {
	env := newTestEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	w := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisFineOutlier, Subject: "case/escalation", AgencyID: env.Market.ID,
		Rule: "规则", Finding: "发现", Evidence: []zhifa.AnalysisEvidence{}}
	if err := env.Store.Update(sys, func(tx zhifa.Tx) error { return tx.PutAnalysisWarning(sys, w) }); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/analysis/warnings/%d/", w.ID)
	allowed := map[string]string{"escalate": loginSupervisor, "explain": loginHead, "rectify": loginHead, "close": loginSupervisor}
	for _, act := range []string{"escalate", "explain", "rectify", "close"} {
		logins := append([]string{loginCountyAdmin, loginCountyOfficer}, cityLogins...)
		slices.SortStableFunc(logins, func(a, b string) int { return cmpBool(allowed[act] == a, allowed[act] == b) })
		for _, login := range logins {
			res := env.api(t, "POST", path+act, login, map[string]any{"reason": "意见", "days": 5})
			ok := res.Status == http.StatusOK
			if ok != (allowed[act] == login) || res.Status >= 500 {
				t.Errorf("%s as %s: status %d\n%.300s", act, login, res.Status, res.Body)
			}
			if !ok && strings.HasPrefix(login, "county") && res.Status != http.StatusNotFound {
				t.Errorf("%s as %s: %d, want 404", act, login, res.Status)
			}
		}
	}
}

// TestFaultEscalation: only the justice bureau's supervisor opens and decides a fault
// review (issue 14, F3); every other city identity is refused, and the county meets a
// missing case; nobody reads it from outside the case's scope.
func TestFaultEscalation(t *testing.T) {
	env := newTestEnv(t)
	c := faultCase(t, env)
	var faultID int64
	acts := []struct {
		name, method string
		path         func() string
		body         func() any
	}{
		{"open", "POST", func() string { return fmt.Sprintf("/api/v1/cases/%d/faults", c.ID) },
			func() any { return supervision.FaultOpenInput{Reason: "抽查发现问题"} }},
		{"decide", "POST", func() string { return fmt.Sprintf("/api/v1/faults/%d/decision", faultID) },
			func() any {
				return supervision.FaultDecisionInput{Version: 1, Sanction: "none", Reasoning: "经调查未发现过错"}
			}},
	}
	for _, act := range acts {
		logins := append([]string{loginCountyAdmin, loginCountyOfficer}, cityLogins...)
		slices.SortStableFunc(logins, func(a, b string) int { return cmpBool(a == loginSupervisor, b == loginSupervisor) })
		for _, login := range logins {
			res := env.api(t, act.method, act.path(), login, act.body())
			ok := res.Status >= 200 && res.Status < 300
			if ok != (login == loginSupervisor) || res.Status >= 500 {
				t.Errorf("%s as %s: status %d\n%.300s", act.name, login, res.Status, res.Body)
			}
			if strings.HasPrefix(login, "county") && res.Status != http.StatusNotFound && res.Status != http.StatusForbidden {
				t.Errorf("%s as %s: status %d, want missing or forbidden", act.name, login, res.Status)
			}
		}
		if act.name == "open" {
			cf, err := env.App.Supervision().CaseFaults(appCtx(env.actor(t, loginSupervisor)), c.ID)
			if err != nil || len(cf.Reviews) != 1 {
				t.Fatalf("faults %v, %v", cf, err)
			}
			faultID = cf.Reviews[0].ID
		}
	}
	for _, login := range []string{loginCountyAdmin, loginCountyOfficer} {
		if res := env.api(t, "GET", fmt.Sprintf("/api/v1/faults/%d", faultID), login, nil); res.Status != http.StatusNotFound {
			t.Errorf("read as %s: %d, want 404", login, res.Status)
		}
	}
}

// TestProblemEscalation: only the justice bureau's supervisor lists a problem and
// accepts its rectification; only the owner agency's handlers (its officer, its head)
// report it (issue 14, F8).
func TestProblemEscalation(t *testing.T) {
	env := newTestEnv(t)
	src := problemSource(t, env)
	var problemID int64
	allowed := func(act, login string) bool {
		if act == "report" {
			return login == loginOfficer || login == loginHead
		}
		return login == loginSupervisor
	}
	acts := []struct {
		name string
		path func() string
		body func() any
	}{
		{"open", func() string { return "/api/v1/problems" }, func() any {
			return supervision.ProblemInput{Source: zhifa.ProblemFromFault, SourceID: src.ID, Title: "越权", Detail: "越权"}
		}},
		{"report", func() string { return fmt.Sprintf("/api/v1/problems/%d/act", problemID) }, func() any {
			return supervision.ProblemActInput{Action: supervision.ProblemReport, Version: 1, Report: "已整改"}
		}},
		{"accept", func() string { return fmt.Sprintf("/api/v1/problems/%d/act", problemID) }, func() any {
			return supervision.ProblemActInput{Action: supervision.ProblemAccept, Version: 2}
		}},
	}
	for _, act := range acts {
		logins := append([]string{loginCountyAdmin, loginCountyOfficer}, cityLogins...)
		slices.SortStableFunc(logins, func(a, b string) int { return cmpBool(allowed(act.name, a), allowed(act.name, b)) })
		done := false
		for _, login := range logins {
			res := env.api(t, "POST", act.path(), login, act.body())
			ok := res.Status >= 200 && res.Status < 300
			if done && allowed(act.name, login) && res.Status == http.StatusConflict {
				continue // the agency's second handler: already reported
			}
			done = done || ok
			if ok != allowed(act.name, login) || res.Status >= 500 {
				t.Errorf("%s as %s: status %d\n%.300s", act.name, login, res.Status, res.Body)
			}
		}
		if act.name == "open" {
			page, err := env.App.Supervision().Problems(appCtx(env.actor(t, loginSupervisor)), supervision.ProblemFilter{})
			if err != nil || len(page.Items) != 1 {
				t.Fatalf("problems %v, %v", page, err)
			}
			problemID = page.Items[0].ID
		}
	}
}

// TestAnalysisRunEscalation: only the justice bureau's supervisor runs the periodic
// analytic rules (issue 14); a problem cannot be raised from another government's warning,
// which answers like a missing one, nor twice from one warning.
func TestAnalysisRunEscalation(t *testing.T) {
	env := newTestEnv(t)
	for _, login := range append([]string{loginCountyAdmin, loginCountyOfficer, ""}, cityLogins...) {
		res := env.api(t, "POST", "/api/v1/analysis/run", login, map[string]any{})
		if ok := res.Status == http.StatusOK; ok != (login == loginSupervisor) || res.Status >= 500 {
			t.Errorf("run as %q: %d %.300s", login, res.Status, res.Body)
		}
	}
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	county := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisIdleItem, Subject: "item/county", AgencyID: env.CountyMarket.ID,
		Rule: "规则", Finding: "发现", Evidence: []zhifa.AnalysisEvidence{}}
	city := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisIdleItem, Subject: "item/city", AgencyID: env.Market.ID,
		Rule: "规则", Finding: "发现", Evidence: []zhifa.AnalysisEvidence{}}
	if err := env.Store.Update(sys, func(tx zhifa.Tx) error {
		if err := tx.PutAnalysisWarning(sys, county); err != nil {
			return err
		}
		return tx.PutAnalysisWarning(sys, city)
	}); err != nil {
		t.Fatal(err)
	}
	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/analysis/warnings/%d", county.ID), loginSupervisor, nil); res.Status != http.StatusNotFound {
		t.Errorf("the county's warning: %d", res.Status)
	}
	body := func(id int64) map[string]any {
		return map[string]any{"source": "warning", "source_id": id, "title": "问题", "detail": "说明"}
	}
	if res := env.api(t, "POST", "/api/v1/problems", loginSupervisor, body(county.ID)); res.Status != http.StatusUnprocessableEntity || res.Error().Fields["source_id"] == "" {
		t.Errorf("problem from the county's warning: %d %s", res.Status, res.Body)
	}
	for _, login := range []string{loginHead, loginOfficer, loginAdmin, loginCountyAdmin} {
		if res := env.api(t, "POST", "/api/v1/problems", login, body(city.ID)); res.Status != http.StatusForbidden {
			t.Errorf("problem raised by %s: %d", login, res.Status)
		}
	}
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/problems", loginSupervisor, body(city.ID), nil)
	if res := env.api(t, "POST", "/api/v1/problems", loginSupervisor, body(city.ID)); res.Status != http.StatusConflict {
		t.Errorf("second problem: %d %s", res.Status, res.Body)
	}
}

// TestSocialSupervisorRole walks every route as an appointed social supervisor (issue
// 14, F5): the narrow role answers 2xx only on the portal, on its own routes (its page,
// its remarks), on its own account (the password) and on the public reading room of the
// workspace (the law library and the ledger, public on the portal too); everything
// else is refused.
func TestSocialSupervisorRole(t *testing.T) {
	env := newTestEnv(t)
	env.seedEvidence(t)
	env.appointSocial(t)
	own := map[string]bool{
		"GET /staff/password": true, "POST /staff/password": true, "POST /api/v1/logout": true,
		"GET /staff/laws": true, "GET /staff/laws/{law}": true, "GET /staff/ledger": true, "GET /staff/ledger/{index}": true,
	}
	actor := env.actor(t, loginSocial)
	for _, rt := range env.Server.Routes() {
		key := rt.Method + " " + rt.Pattern
		method := rt.Method
		if method == "" {
			method = http.MethodGet
		}
		path, _, err := fillPath(rt.Pattern, env.City)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(rt.Pattern, "/logout") {
			continue // would end the walker's session
		}
		res := env.walk(t, rt, method, path, loginSocial, env.City, true)
		ok := res.Status >= 200 && res.Status < 300
		if res.Status >= 500 {
			t.Errorf("%s as the social supervisor: %d", key, res.Status)
		}
		if ok && rt.Perm != app.PermPublic && !actor.Can(rt.Perm) && !own[key] {
			t.Errorf("%s answers the social supervisor %d\n%.200s", key, res.Status, res.Body)
		}
	}
}

// TestLicenceEscalation sends a licence decision of the market bureau (issue 13) as every
// identity: only the bureau's own officer and head are its licensing system's voice; the
// reviewer, the supervisor and the city's admin are refused, the county's users meet a
// missing agency (the county's admin has no licence role at all); every city user in scope reads the licence, the county's do not.
func TestLicenceEscalation(t *testing.T) {
	env := newTestEnv(t)
	code := env.licenceItem(t)
	var id int64
	for i, login := range append([]string{loginCountyAdmin, loginCountyOfficer}, cityLogins...) {
		in := webLicence(env.Market.ID, code, fmt.Sprintf("东市监许〔2026〕%d号", 100+i), fmt.Sprintf("E-%d", i))
		res := env.api(t, "POST", "/api/v1/licences", login, publicity.ReceiveBody{LicenceInput: in})
		want := http.StatusForbidden
		switch login {
		case loginOfficer, loginHead:
			want = http.StatusOK
		case loginCountyOfficer: // may receive its own bureau's, but the city's is outside its scope
			want = http.StatusNotFound
		}
		if res.Status != want {
			t.Errorf("%s receives the market bureau's licence: %d, want %d", login, res.Status, want)
		}
		if res.Status == http.StatusOK && id == 0 {
			var got publicity.ReceivedList
			res.JSON(t, &got)
			id = got.Licences[0].ID
		}
	}
	for _, login := range append([]string{loginCountyAdmin, loginCountyOfficer}, cityLogins...) {
		want := http.StatusOK
		if login == loginCountyAdmin || login == loginCountyOfficer {
			want = http.StatusNotFound
		}
		if res := env.api(t, "GET", fmt.Sprintf("/api/v1/licences/%d", id), login, nil); res.Status != want {
			t.Errorf("%s reads the licence: %d, want %d", login, res.Status, want)
		}
	}
}

// TestRemarkEscalation asks for the acts on a social supervisor's remark (issue 14, F5,
// F8) as every identity: its attachment is read by the remarked agency's staff and the
// supervisors whose scope covers it, and raising it as a 突出问题 is the justice
// bureau's supervisor's own act — never the remark's author, the remarked agency or
// another government. Carrying over a historical case (D5) is the agency head's.
func TestRemarkEscalation(t *testing.T) {
	env := newTestEnv(t)
	env.appointSocial(t)
	res := env.postRemark(t, loginSocial, "执法人员检查时未出示执法证件", remarkFile{"现场.jpg", remarkJPEG})
	if res.Status != http.StatusCreated {
		t.Fatalf("remark: %d %s", res.Status, res.Body)
	}
	var rm supervision.RemarkView
	res.JSON(t, &rm)
	var seen supervision.RemarkView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/remarks/%d", rm.ID), loginSupervisor, nil, &seen)
	allowed := func(act, login string) bool {
		switch act {
		case "read file": // the market bureau's handlers and admin, the justice bureau
			return login == loginOfficer || login == loginHead || login == loginAdmin || login == loginSupervisor
		case "raise":
			return login == loginSupervisor
		case "carry over": // the market bureau's head, once
			return login == loginHead
		}
		return false
	}
	acts := []struct {
		name, method, path string
		body               func() any
	}{
		{"read file", "GET", fmt.Sprintf("/api/v1/remarks/%d/files/%d", rm.ID, seen.Files[0].ID), func() any { return nil }},
		{"raise", "POST", "/api/v1/problems", func() any {
			return supervision.ProblemInput{Source: zhifa.ProblemFromRemark, SourceID: rm.ID, Title: "未出示执法证件", Detail: "请整改"}
		}},
		{"carry over", "POST", "/api/v1/cases/historical", func() any { return env.historicalInput() }},
	}
	for _, act := range acts {
		logins := append([]string{"", loginSocial, loginCountyAdmin, loginCountyOfficer}, cityLogins...)
		slices.SortStableFunc(logins, func(a, b string) int {
			return cmpBool(allowed(act.name, a), allowed(act.name, b))
		})
		for _, login := range logins {
			res := env.api(t, act.method, act.path, login, act.body())
			ok := res.Status >= 200 && res.Status < 300
			if ok != allowed(act.name, login) || res.Status >= 500 {
				t.Errorf("%s as %q: status %d, want allowed=%v\n%.300s", act.name, login, res.Status, allowed(act.name, login), res.Body)
			}
		}
	}
}
