package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
)

// loginSocial is the social supervisor's account of the city's justice bureau.
const loginSocial = "social1"

// socialAccount opens the social supervisor's account in the justice bureau.
func (env *testEnv) socialAccount(t *testing.T) *zhifa.User {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	u, err := env.App.CreateUser(sys, app.UserInput{Login: loginSocial, Name: "王监督", Role: zhifa.RoleSocialSupervisor,
		AgencyID: env.Justice.ID, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// appointSocial opens the account and appoints it for two years from the test's day,
// listed on the roster.
func (env *testEnv) appointSocial(t *testing.T) supervision.SocialSupervisorView {
	t.Helper()
	u := env.socialAccount(t)
	var v supervision.SocialSupervisorView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/social-supervisors", loginSupervisor, supervision.AppointInput{UserID: u.ID,
		Name: "王监督", WorkUnit: "东港市第一中学", Phone: "13912345678", TermFrom: zhifa.MustDate("2026-03-02"),
		TermTo: zhifa.MustDate("2028-03-01"), OnRoster: true}, &v)
	return v
}

// TestSocialSupervisionAPI walks an appointment and its remarks through the API: only
// the justice bureau appoints, assigns and dismisses; the social supervisor records
// remarks on its government's agencies and the cases assigned to them, and nothing
// else; the remarked agency replies; the portal's roster shows name and work unit only.
func TestSocialSupervisionAPI(t *testing.T) {
	env := newTestEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if _, err := env.App.CreateUser(sys, app.UserInput{Login: "social_bad", Name: "某某", Role: zhifa.RoleSocialSupervisor,
		AgencyID: env.Market.ID, Password: testPassword}); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Errorf("a social supervisor's account outside the justice bureau: %v", err)
	}
	u := env.socialAccount(t)
	in := supervision.AppointInput{UserID: u.ID, Name: "王监督", WorkUnit: "东港市第一中学", Phone: "13912345678",
		TermFrom: zhifa.MustDate("2026-03-02"), TermTo: zhifa.MustDate("2028-03-01"), OnRoster: true}
	for _, login := range []string{loginOfficer, loginHead, loginAdmin, loginReviewer, loginCountyAdmin} {
		if res := env.api(t, "POST", "/api/v1/social-supervisors", login, in); res.Status != http.StatusForbidden {
			t.Errorf("%s appoints: %d", login, res.Status)
		}
	}
	for name, bad := range map[string]func(*supervision.AppointInput){
		"an officer's account": func(i *supervision.AppointInput) { i.UserID = env.Users[loginOfficer].ID },
		"a term over 5 years":  func(i *supervision.AppointInput) { i.TermTo = zhifa.MustDate("2031-03-03") },
		"no phone":             func(i *supervision.AppointInput) { i.Phone = "" },
	} {
		b := in
		bad(&b)
		if res := env.api(t, "POST", "/api/v1/social-supervisors", loginSupervisor, b); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", name, res.Status, res.Body)
		}
	}
	var sv supervision.SocialSupervisorView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/social-supervisors", loginSupervisor, in, &sv)
	if sv.Phone == in.Phone || !sv.Active {
		t.Errorf("appointment %+v", sv)
	}
	if res := env.api(t, "POST", "/api/v1/social-supervisors", loginSupervisor, in); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("appointed twice: %d", res.Status)
	}
	var list supervision.SocialSupervisorPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/social-supervisors", loginSupervisor, nil, &list)
	if len(list.Items) != 1 || list.Items[0].Phone != "139****5678" {
		t.Errorf("the bureau's list %+v", list.Items)
	}
	svPath := fmt.Sprintf("/api/v1/social-supervisors/%d", sv.ID)
	var full supervision.SocialSupervisorView
	env.apiOK(t, http.StatusOK, "GET", svPath, loginSupervisor, nil, &full)
	if full.Phone != in.Phone || full.Login != loginSocial {
		t.Errorf("the appointment's page %+v", full)
	}
	if res := env.api(t, "GET", "/api/v1/audit?action=social_supervisor.read", loginSupervisor, nil); !strings.Contains(string(res.Body), "查看社会监督员联系方式") {
		t.Errorf("the read of the phone is not audited: %s", res.Body)
	}

	// The social supervisor: their page, remarks on agencies and assigned cases only.
	var mine supervision.MySupervision
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/social-supervision/me", loginSocial, nil, &mine)
	if mine.Appointment == nil || mine.Appointment.Phone == in.Phone || len(mine.Agencies) == 0 {
		t.Fatalf("the supervisor's own view %+v", mine)
	}
	c := env.fileTestCase(t)
	remark := func(r supervision.RemarkInput) *response {
		return env.api(t, "POST", "/api/v1/social-supervision/remarks", loginSocial, r)
	}
	for name, tc := range map[string]struct {
		in    supervision.RemarkInput
		field string
	}{
		"an unassigned case":      {supervision.RemarkInput{CaseID: c.ID, AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "x"}, "case_id"},
		"another government":      {supervision.RemarkInput{AgencyID: env.CountyMarket.ID, AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "x"}, "agency_id"},
		"the justice bureau":      {supervision.RemarkInput{AgencyID: env.Justice.ID, AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "x"}, "agency_id"},
		"tomorrow":                {supervision.RemarkInput{AgencyID: env.Market.ID, AccompaniedOn: zhifa.MustDate("2026-03-03"), Text: "x"}, "accompanied_on"},
		"before the term":         {supervision.RemarkInput{AgencyID: env.Market.ID, AccompaniedOn: zhifa.MustDate("2026-03-01"), Text: "x"}, "accompanied_on"},
		"no text":                 {supervision.RemarkInput{AgencyID: env.Market.ID, AccompaniedOn: zhifa.MustDate("2026-03-02")}, "text"},
		"neither agency nor case": {supervision.RemarkInput{AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "x"}, "agency_id"},
	} {
		if res := remark(tc.in); res.Status != http.StatusUnprocessableEntity || res.Error().Fields[tc.field] == "" {
			t.Errorf("%s: %d %s", name, res.Status, res.Body)
		}
	}
	for _, login := range []string{loginOfficer, loginSupervisor, loginHead, loginCountyAdmin} {
		if res := env.api(t, "POST", "/api/v1/social-supervision/remarks", login, supervision.RemarkInput{AgencyID: env.Market.ID,
			AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "冒名"}); res.Status != http.StatusForbidden {
			t.Errorf("%s records a remark: %d", login, res.Status)
		}
	}
	if res := env.api(t, "POST", svPath+"/cases", loginCountyAdmin, supervision.AssignInput{CaseID: c.ID}); res.Status != http.StatusForbidden {
		t.Errorf("the county assigns: %d", res.Status)
	}
	env.apiOK(t, http.StatusOK, "POST", svPath+"/cases", loginSupervisor, supervision.AssignInput{CaseID: c.ID}, nil)
	var onAgency, onCase supervision.RemarkView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/social-supervision/remarks", loginSocial, supervision.RemarkInput{AgencyID: env.Market.ID,
		AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "现场检查时执法人员出示了证件，态度文明"}, &onAgency)
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/social-supervision/remarks", loginSocial, supervision.RemarkInput{CaseID: c.ID,
		AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "询问笔录未当场交当事人核对"}, &onCase)
	if onCase.AgencyID != env.Market.ID || onCase.CaseID != c.ID {
		t.Errorf("the case's remark %+v", onCase)
	}
	// Nothing else: the narrow role meets refusals on the staff's routes.
	for _, path := range []string{"/api/v1/cases", "/api/v1/remarks", "/api/v1/complaints", "/api/v1/evaluations", "/api/v1/social-supervisors",
		fmt.Sprintf("/api/v1/remarks/%d", onCase.ID), fmt.Sprintf("/api/v1/cases/%d", c.ID)} {
		if res := env.api(t, "GET", path, loginSocial, nil); res.Status != http.StatusForbidden {
			t.Errorf("the social supervisor reads %s: %d", path, res.Status)
		}
	}

	// The agency sees and replies; the county and the reviewer do not.
	for _, tc := range []struct {
		login string
		n     int
	}{{loginOfficer, 2}, {loginHead, 2}, {loginSupervisor, 2}, {loginCountyOfficer, 0}} {
		var p supervision.RemarkPage
		env.apiOK(t, http.StatusOK, "GET", "/api/v1/remarks", tc.login, nil, &p)
		if len(p.Items) != tc.n {
			t.Errorf("%s sees %d remarks, want %d", tc.login, len(p.Items), tc.n)
		}
	}
	rPath := fmt.Sprintf("/api/v1/remarks/%d", onCase.ID)
	for _, tc := range []struct {
		login  string
		status int
	}{{"", 401}, {loginCountyOfficer, 404}, {loginCountyAdmin, 403}, {loginReviewer, 403}, {loginSupervisor, 403}, {loginSocial, 403}} {
		if res := env.api(t, "POST", rPath+"/reply", tc.login, supervision.ReplyInput{Version: 1, Reply: "冒名答复"}); res.Status != tc.status {
			t.Errorf("reply as %q: %d, want %d", tc.login, res.Status, tc.status)
		}
	}
	var replied supervision.RemarkView
	env.apiOK(t, http.StatusOK, "POST", rPath+"/reply", loginOfficer, supervision.ReplyInput{Version: 1, Reply: "已当场补正，感谢监督"}, &replied)
	if replied.Reply == "" || replied.MayReply {
		t.Errorf("replied %+v", replied)
	}
	if res := env.api(t, "POST", rPath+"/reply", loginHead, supervision.ReplyInput{Version: replied.Version, Reply: "再答"}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("replied twice: %d", res.Status)
	}
	var own supervision.RemarkPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/social-supervision/remarks", loginSocial, nil, &own)
	if len(own.Items) != 2 || own.Items[0].Reply != "已当场补正，感谢监督" {
		t.Errorf("the supervisor's own remarks %+v", own.Items)
	}

	// The roster: name and work unit while the appointment runs, never the phone.
	for _, path := range []string{"/api/v1/public/social-supervisors", "/social-supervisors"} {
		var body string
		if strings.HasPrefix(path, "/api/") {
			body = string(env.api(t, "GET", path, "", nil).Body)
		} else {
			body = string(env.page(t, "GET", path, "", nil).Body)
		}
		if !strings.Contains(body, "王监督") || !strings.Contains(body, "东港市第一中学") {
			t.Errorf("%s lacks the roster", path)
		}
		for _, secret := range []string{"13912345678", "5678", loginSocial, "询问笔录", "现场检查时"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s serves %q", path, secret)
			}
		}
	}
	env.apiOK(t, http.StatusOK, "POST", svPath+"/dismiss", loginSupervisor, supervision.DismissInput{Version: full.Version, Reason: "本人申请辞去"}, nil)
	if res := remark(supervision.RemarkInput{AgencyID: env.Market.ID, AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "解聘后"}); res.Status != http.StatusForbidden {
		t.Errorf("a remark after dismissal: %d", res.Status)
	}
	var roster supervision.RosterPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/social-supervisors", "", nil, &roster)
	if len(roster.Items) != 0 {
		t.Errorf("the dismissed supervisor stays on the roster %+v", roster.Items)
	}
}
