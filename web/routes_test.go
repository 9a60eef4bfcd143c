package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/assessment"
	"zhifa/app/catalog"
	"zhifa/app/execution"
	"zhifa/app/personnel"
	"zhifa/app/publicity"
	"zhifa/app/report"
	"zhifa/app/supervision"
	"zhifa/web/kit"
	personnelweb "zhifa/web/personnel"
	publicityweb "zhifa/web/publicity"
)

// publicObjectRoutes read objects that are public by design (the catalog, C1): any
// logged-in user may read them, whichever government they belong to, as the portal
// shows them to everyone anyway.
var publicObjectRoutes = map[string]bool{
	"GET /api/v1/items/{id}":                   true,
	"GET /api/v1/items/{id}/versions":          true,
	"GET /staff/items/{id}":                    true,
	"GET /staff/items/{id}/versions/{version}": true,
}

// routeParam returns the value of the path wildcard name of a route for the objects of
// one government; prev is the path segment before the wildcard. ok is false for a
// wildcard the walk does not know: add it here when adding such a route.
func routeParam(name, prev string, obj objects) (value string, object, ok bool) {
	id := func(n int64) string { return fmt.Sprint(n) }
	switch name {
	case "$":
		return "", false, true
	case "file":
		if prev == "decisions" { // the open-data file of a day (issue 13)
			return "2026-10-08.csv", false, true
		}
		return "htmx.min.js", false, true
	case "law":
		return url.PathEscape("行政处罚法"), false, true
	case "version":
		return "1", false, true
	case "path":
		return "entries/000.p/1", false, true
	case "index":
		return "0", false, true
	case "date":
		return "2026-10-08", false, true
	case "action":
		return "investigate", false, true
	case "channel":
		// No fixture payment channel (issue 15): an unknown ID under the agency's path.
		return "999999", false, true
	case "key":
		return zhifa.IndDecisionOnTime, false, true
	case "agency":
		return id(obj.Agency.ID), true, true
	case "cert":
		return id(obj.Cert.ID), true, true
	case "code":
		return url.PathEscape(obj.Item.Code), true, true
	case "number":
		return url.PathEscape(obj.Cert.Number), true, true
	case "id":
		switch prev {
		case "agencies":
			return id(obj.Agency.ID), true, true
		case "users":
			return id(obj.User.ID), true, true
		case "officers":
			return id(obj.Officer.ID), true, true
		case "certificates":
			return id(obj.Cert.ID), true, true
		case "items":
			return id(obj.Item.ID), true, true
		case "trainings":
			return id(obj.Training.ID), true, true
		case "evidence":
			if obj.Evidence == nil {
				return "", false, false // call env.seedEvidence first
			}
			return id(obj.Evidence.ID), true, true
		case "review-pools":
			// No fixture pool: an unknown ID, missing for every walker.
			return "999999", true, true
		case "lists":
			// No fixture list entry (issue #5): an unknown ID, missing for every walker.
			return "999999", true, true
		case "filings":
			// No fixture filing (it comes with a major decision): an unknown ID.
			return "999999", true, true
		case "approvals", "delegations":
			// No fixture approval request or delegation (issue 9 §1): an unknown ID.
			return "999999", true, true
		case "notifications", "seals":
			// No fixture notification (issue 12; another user's is tested in
			// api_workspace_test.go) or seal key (the test server has no seal CA): an
			// unknown ID, missing for every walker.
			return "999999", true, true
		case "documents":
			// No fixture document (it needs a case): an unknown ID, missing for every walker.
			return "999999", true, true
		case "complaints", "reviews", "property", "publications", "publicity", "decisions", "reports", "governments", "warnings", "analysis", "faults", "problems":
			// No fixture complaint or reconsideration (issue 14; web/api_supervision_test.go
			// walks them with real ones), property item (it needs a case, issue 15) or
			// publication (it comes with a decided case, issue 13; app/publicity tests check
			// scope on real ones): an unknown ID, missing for every walker.
			return "999999", true, true
		case "licences":
			// No fixture licence decision (issue 13; web/api_licence_test.go and the app
			// tests walk real ones across agencies): an unknown ID, missing for every walker.
			return "999999", true, true
		case "assessments", "assessment-inputs":
			// No fixture assessment (web/api_assessment_test.go walks a real one): an
			// unknown ID, missing for every walker.
			return "999999", true, true
		case "social-supervisors", "remarks":
			// No fixture appointment or remark (issue 14; web/api_socsup_test.go walks real
			// ones): an unknown ID, missing for every walker.
			return "999999", true, true
		case "evaluations", "evaluation-files":
			// No fixture evaluation (it needs closed cases; web/api_evaluation_test.go walks
			// real ones): an unknown ID, missing for every walker.
			return "999999", true, true
		case "cases":
			// No fixture case yet (filing needs two officers certified for the item's
			// domain): an unknown ID, which every walker must see as missing.
			return "999999", true, true
		}
	}
	return "", false, false
}

// fillPath substitutes the wildcards of pattern with the objects' IDs. object reports
// whether the path names one of the government's objects.
func fillPath(pattern string, obj objects) (path string, object bool, err error) {
	segs := strings.Split(pattern, "/")
	for i, seg := range segs {
		if !strings.HasPrefix(seg, "{") || !strings.HasSuffix(seg, "}") {
			continue
		}
		name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}"), "...")
		prev := ""
		if i > 0 {
			prev = segs[i-1]
		}
		v, isObj, ok := routeParam(name, prev, obj)
		if !ok {
			return "", false, fmt.Errorf("no fixture value for {%s} after %q: add one to routeParam in routes_test.go", name, prev)
		}
		segs[i], object = v, object || isObj
	}
	return strings.Join(segs, "/"), object, nil
}

// sampleBody is a valid JSON body of an API write that refers to the objects of obj, so
// that a request fails only for want of permission or scope. ok is false for routes
// without one (they are sent "{}").
func (env *testEnv) sampleBody(t testing.TB, rt kit.Route, obj objects) (any, bool) {
	agencyIn := personnel.AgencyInput{Name: "测试机关", Level: zhifa.LevelCounty, Type: zhifa.AgencyAdministrative, RegionCode: "210681", LegalBasis: "测试依据"}
	switch rt.Method + " " + rt.Pattern {
	case "POST /api/v1/agencies":
		agencyIn.ParentID = obj.Agency.ID
		return agencyIn, true
	case "PUT /api/v1/agencies/{id}":
		return agencyIn, true
	case "POST /api/v1/payments/notices":
		return execution.NoticeInput{Reference: execution.Reference(obj.Agency.ID, 999999), ReceiptNo: "WALK-1", AmountFen: 100, PaidOn: zhifa.MustDate("2026-03-02")}, true
	case "POST /api/v1/cases/{id}/execution":
		return execution.ActInput{Act: execution.ActSuspend, Version: 1, Reason: "申请行政复议"}, true
	case "POST /api/v1/cases/{id}/property":
		return execution.PropertyInput{Name: "过期食品", Quantity: "1箱", Custody: "本局财物库"}, true
	case "POST /api/v1/property/{id}":
		return execution.PropertyActInput{Act: execution.PropertyRequest, Version: 1, Method: "destroy", Reason: "依法销毁"}, true
	case "PUT /api/v1/agencies/{id}/payee":
		return zhifa.Payee{Name: "东港市财政局", Bank: "工商银行", Account: "3701"}, true
	case "POST /api/v1/agencies/{id}/payment-channels":
		return execution.ChannelInput{Name: "工商银行缴款通知"}, true
	case "POST /api/v1/agencies/{id}/seals":
		return app.SealKeyInput{Algorithm: "sm2"}, true
	case "POST /api/v1/seals/{id}/revoke":
		return app.SealRevoke{Reason: "测试"}, true
	case "POST /api/v1/users":
		return app.UserInput{Login: "walker", Name: "n", Role: zhifa.RoleOfficer, AgencyID: obj.Agency.ID, Password: "trail-Pass-1"}, true
	case "PUT /api/v1/users/{id}":
		return app.UserInput{Name: "n", Role: zhifa.RoleOfficer}, true
	case "POST /api/v1/officers":
		return validOfficer(t, obj.Agency.ID, 900), true
	case "PUT /api/v1/officers/{id}":
		in := validOfficer(t, obj.Agency.ID, 901)
		in.IDNumber = ""
		return in, true
	case "POST /api/v1/officers/{id}/certificates":
		return personnel.CertInput{Number: "WALK-1", Issuer: "i", ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-01-01")}, true
	case "POST /api/v1/officers/{id}/trainings":
		return personnel.TrainingInput{Date: zhifa.MustDate("2026-01-05"), Hours: 2, Topic: "t", Kind: zhifa.TrainingDrill}, true
	case "POST /api/v1/certificates/{id}/state":
		return personnelweb.CertStateRequest{State: zhifa.CertSuspended, Reason: "walk"}, true
	case "POST /api/v1/certificates/{id}/annual-reviews":
		return personnel.AnnualReviewInput{Year: 2025, Passed: true}, true
	case "POST /api/v1/items":
		return validItem(obj.Agency.ID, "WALK-ITEM"), true
	case "PUT /api/v1/items/{id}":
		in := validItem(obj.Agency.ID, obj.Item.Code)
		in.Version = 1
		return in, true
	case "POST /api/v1/items/{code}/benchmarks", "PUT /api/v1/items/{code}/benchmarks":
		return catalog.BenchmarkInput{Version: 1, Levels: []zhifa.BenchmarkLevel{{Name: "一般", Conditions: "一般情形",
			Penalties: []string{"罚款"}, Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: 100, MaxFen: 10000}}}}, true
	case "POST /api/v1/problems":
		return supervision.ProblemInput{Source: zhifa.ProblemFromComplaint, SourceID: 999999, Title: "walk", Detail: "walk"}, true
	case "POST /api/v1/problems/{id}/act":
		return supervision.ProblemActInput{Action: supervision.ProblemReport, Version: 1, Report: "walk"}, true
	case "POST /api/v1/cases/{id}/faults":
		return supervision.FaultOpenInput{Reason: "walk"}, true
	case "POST /api/v1/faults/{id}/decision":
		return supervision.FaultDecisionInput{Version: 1, Sanction: "none", Reasoning: "walk"}, true
	case "POST /api/v1/complaints":
		return supervision.ComplaintInput{Kind: zhifa.ComplaintKindReport, Subject: zhifa.ComplaintAboutEnterprise, AgencyID: obj.Agency.ID,
			Target: "某超市", Content: "销售过期食品", Channel: zhifa.Channel12345}, true
	case "POST /api/v1/evaluations":
		return supervision.EvaluationInput{Title: "walk", AgencyIDs: []int64{obj.Agency.ID}, Kinds: []zhifa.CaseKind{zhifa.CasePenalty},
			From: zhifa.MustDate("2026-01-01"), To: zhifa.MustDate("2026-03-02"), SampleSize: 1, EvaluatorIDs: []int64{obj.User.ID}}, true
	case "POST /api/v1/social-supervisors":
		return supervision.AppointInput{UserID: obj.User.ID, Name: "walk", WorkUnit: "walk", Phone: "13900000000",
			TermFrom: zhifa.MustDate("2026-03-02"), TermTo: zhifa.MustDate("2027-03-01")}, true
	case "POST /api/v1/social-supervisors/{id}/dismiss":
		return supervision.DismissInput{Version: 1, Reason: "walk"}, true
	case "POST /api/v1/social-supervisors/{id}/cases":
		return supervision.AssignInput{CaseID: 999999}, true
	case "POST /api/v1/cases/historical":
		in := env.historicalInput()
		in.Item = obj.Item.Code
		return in, true
	case "POST /api/v1/social-supervision/remarks":
		return supervision.RemarkInput{AgencyID: obj.Agency.ID, AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "walk"}, true
	case "POST /api/v1/remarks/{id}/reply":
		return supervision.ReplyInput{Version: 1, Reply: "walk"}, true
	case "POST /api/v1/self-evaluations":
		return supervision.SelfEvaluationInput{Title: "walk", Kinds: []zhifa.CaseKind{zhifa.CasePenalty},
			From: zhifa.MustDate("2026-01-01"), To: zhifa.MustDate("2026-03-02"), SampleSize: 1, EvaluatorIDs: []int64{obj.User.ID}}, true
	case "POST /api/v1/evaluations/{id}/publish":
		return publicityweb.VersionInput{Version: 1}, true
	case "PUT /api/v1/evaluation-files/{id}/score":
		return supervision.ScoreInput{Version: 1, Scores: []zhifa.EvalScore{{Code: "1"}}}, true
	case "POST /api/v1/evaluation-files/{id}/rectify":
		return supervision.RectifyInput{Version: 1, Rectification: "walk"}, true
	case "POST /api/v1/assessment-inputs/survey":
		return assessment.SurveyInput{AgencyID: obj.Agency.ID, Year: 2025, Score: 80, Source: "walk"}, true
	case "PUT /api/v1/agencies/{id}/publicity-rule":
		return zhifa.PublicityRule{PenaltyDays: 5}, true
	case "POST /api/v1/licences":
		in := publicity.LicenceInput{AgencyID: obj.Agency.ID, ItemCode: obj.Item.Code, Number: "walk-1", Decision: "grant",
			Content: "walk", DecidedOn: "2026-03-02", Office: "walk", Source: "walk", SourceID: "walk-1"}
		in.Applicant.Kind, in.Applicant.Name, in.Applicant.CreditCode, in.Applicant.LegalRep = zhifa.PartyOrg, "walk", "91370200MA3C4LXX1L", "walk"
		return publicityweb.ReceiveBody{LicenceInput: in}, true
	case "POST /api/v1/publications/{id}/prepare":
		return publicity.PrepareInput{Version: 1}, true
	case "POST /api/v1/publications/{id}/approve":
		return publicityweb.VersionInput{Version: 1}, true
	case "POST /api/v1/publications/{id}/decline":
		return publicity.DeclineInput{Version: 1, Ground: "trade_secret", Reason: "walk"}, true
	case "POST /api/v1/publications/{id}/withdraw":
		return publicity.WithdrawInput{Version: 1, Reason: "walk"}, true
	case "POST /api/v1/publications/{id}/stop":
		return publicity.StopInput{Version: 1, AppliedOn: zhifa.MustDate("2026-03-02"), Performed: true, Remedied: true, NoRepeat: true,
			NotListed: true, Reason: "walk"}, true
	case "POST /api/v1/reports":
		return publicityweb.ReportGenerateInput{AgencyID: obj.Agency.ID, Year: 2025}, true
	case "POST /api/v1/reports/{id}/notes":
		return report.NotesInput{Version: 1, Notes: map[string]string{"money.fines": "walk"}}, true
	case "POST /api/v1/reports/{id}/approve":
		return publicityweb.VersionInput{Version: 1}, true
	case "POST /api/v1/lists":
		return catalog.ListEntryInput{AgencyID: obj.Agency.ID, Kind: zhifa.ListLighter, Title: "walk", Conditions: "walk",
			Basis: []zhifa.Basis{{Law: "行政处罚法", Article: "第三十二条"}}}, true
	}
	return nil, false
}

func isWrite(method string) bool {
	return method != "" && method != http.MethodGet && method != http.MethodHead
}

// TestRoutes walks every registered route as the public, as each role of the city, and
// as the admin of an unrelated county, with the IDs of the city's and of the county's
// objects, and checks the answers against the route's declared permission and the
// actor's scope.
func TestRoutes(t *testing.T) {
	env := newTestEnv(t)
	env.seedEvidence(t)
	routes := env.Server.Routes()
	if len(routes) < 40 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	type walker struct {
		login   string
		obj     objects
		foreign bool // obj belongs to the other government
	}
	walkers := []walker{{login: "", obj: env.City}, {login: loginCountyAdmin, obj: env.City, foreign: true}}
	for _, l := range cityLogins {
		walkers = append(walkers, walker{login: l, obj: env.City}, walker{login: l, obj: env.County, foreign: true})
	}
	actors := map[string]*app.Actor{}
	for _, w := range walkers {
		actors[w.login] = env.actor(t, w.login)
	}
	seen := map[string]bool{}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		if seen[key] {
			t.Errorf("route %s registered twice", key)
		}
		seen[key] = true
		if rt.Perm == "" {
			t.Errorf("route %s declares no permission", key)
		}
		if rt.Summary == "" {
			t.Errorf("route %s has no summary", key)
		}
		method := rt.Method
		if method == "" {
			method = http.MethodGet
		}
		for _, w := range walkers {
			path, object, err := fillPath(rt.Pattern, w.obj)
			if err != nil {
				t.Errorf("route %s: %v", key, err)
				break
			}
			if w.foreign && !object && !isWrite(method) {
				continue // the same request as with the own objects
			}
			res := env.walk(t, rt, method, path, w.login, w.obj, w.foreign || !actors[w.login].Can(rt.Perm))
			who := w.login
			if who == "" {
				who = "public"
			}
			if w.foreign {
				who += " (other government's objects)"
			}
			where := fmt.Sprintf("%s %s as %s", method, path, who)
			if res.Status >= 500 {
				t.Errorf("%s: status %d\n%.300s", where, res.Status, res.Body)
				continue
			}
			ok := res.Status >= 200 && res.Status < 300
			switch {
			case w.login == "" && rt.Perm != app.PermPublic:
				if rt.API && res.Status != http.StatusUnauthorized {
					t.Errorf("%s: status %d, want 401", where, res.Status)
				}
				if !rt.API && (res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login")) {
					t.Errorf("%s: status %d to %q, want a redirect to /login", where, res.Status, res.Header.Get("Location"))
				}
			case w.login != "" && !actors[w.login].Can(rt.Perm):
				if res.Status < 400 || res.Status >= 500 {
					t.Errorf("%s: status %d without permission %s, want 4xx\n%.300s", where, res.Status, rt.Perm, res.Body)
				}
			case w.foreign && rt.Perm != app.PermPublic && !publicObjectRoutes[key]:
				_, sample := env.sampleBody(t, rt, w.obj)
				if !object && !sample {
					break // nothing of the other government in the request
				}
				if ok || (res.Status >= 300 && res.Status < 400) {
					t.Errorf("%s: status %d on another government's object\n%.300s", where, res.Status, res.Body)
				}
				if object && (!isWrite(method) || sample) && res.Status != http.StatusNotFound && res.Status != http.StatusForbidden {
					t.Errorf("%s: status %d on another government's object, want 404 or 403\n%.300s", where, res.Status, res.Body)
				}
			}
		}
	}
}

// walk sends one request of the route walk. Writes carry a valid sample body when
// refused is true (the request must fail for want of permission or scope, so nothing
// changes); otherwise "{}" or an empty form, which fails validation. Logout routes get
// a session of their own.
func (env *testEnv) walk(t *testing.T, rt kit.Route, method, path, login string, obj objects, refused bool) *response {
	t.Helper()
	logout := strings.HasSuffix(rt.Pattern, "/logout")
	if rt.API {
		var body any
		if isWrite(method) {
			body = "{}"
			if b, ok := env.sampleBody(t, rt, obj); ok && refused {
				body = b
			}
		}
		req := env.newRequest(t, method, path, body)
		if login != "" {
			tok := env.token(t, login)
			if logout {
				tok = env.login(t, login, zhifa.SessionAPI)
			}
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		return env.send(t, req)
	}
	var form url.Values
	if isWrite(method) {
		form = url.Values{}
	}
	if logout && login != "" {
		req, err := http.NewRequest(method, env.HTTP.URL+path, strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: env.login(t, login, zhifa.SessionUI)})
		return env.send(t, req)
	}
	return env.page(t, method, path, login, form)
}

// TestCrossOriginWrites checks that every state-changing route, page or API, refuses a
// cross-site browser request even with a valid session (CSRF), and that the same request
// from the site itself gets through.
func TestCrossOriginWrites(t *testing.T) {
	env := newTestEnv(t)
	pages := 0
	for _, rt := range env.Server.Routes() {
		if !isWrite(rt.Method) {
			continue
		}
		if !rt.API {
			pages++
		}
		path, _, err := fillPath(rt.Pattern, env.City)
		if err != nil {
			t.Errorf("route %s %s: %v", rt.Method, rt.Pattern, err)
			continue
		}
		for _, tc := range []struct {
			name    string
			headers map[string]string
			refused bool
		}{
			{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, true},
			{"cross-origin Origin only", map[string]string{"Origin": "https://evil.example"}, true},
			{"same-origin fetch", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": env.HTTP.URL}, false},
		} {
			req, err := http.NewRequest(rt.Method, env.HTTP.URL+path, strings.NewReader(""))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			if rt.API {
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+env.token(t, loginAdmin))
			} else {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: env.sessionCookie(t, loginAdmin)})
			}
			if strings.HasSuffix(rt.Pattern, "/logout") && !tc.refused {
				continue // would end the shared session
			}
			res := env.send(t, req)
			if tc.refused && res.Status != http.StatusForbidden {
				t.Errorf("%s %s, %s: status %d, want 403", rt.Method, path, tc.name, res.Status)
			}
			if tc.refused && rt.API && res.ErrorCode() != zhifa.EFORBIDDEN {
				t.Errorf("%s %s, %s: not a JSON error: %s", rt.Method, path, tc.name, res.Body)
			}
			if !tc.refused && res.Status >= 500 {
				t.Errorf("%s %s, %s: status %d", rt.Method, path, tc.name, res.Status)
			}
		}
	}
	if pages == 0 {
		t.Error("no state-changing page route registered")
	}
}
