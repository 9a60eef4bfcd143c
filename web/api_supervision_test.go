package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
)

// cheapAbuseControl keeps the proof of work cheap and the limits as given.
func cheapAbuseControl(env *testEnv, submits, lookups int) {
	env.App.Supervision().SetAbuseControl(supervision.NewRateLimiter(submits, time.Hour, env.Clock.Now),
		supervision.NewRateLimiter(lookups, time.Hour, env.Clock.Now), supervision.NewPoW(4, time.Hour, env.Clock.Now))
}

// publicComplaint submits a named report through the public API and returns the receipt.
func publicComplaint(t *testing.T, env *testEnv, agencyID int64, subject zhifa.ComplaintSubject) supervision.Receipt {
	t.Helper()
	var ch supervision.Challenge
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/complaints/challenge", "", nil, &ch)
	in := supervision.ComplaintInput{Kind: zhifa.ComplaintKindReport, Subject: subject, AgencyID: agencyID, Target: "东港市某超市",
		Content: "货架上有过期奶粉", Named: true, Name: "赵秘密", Phone: "13700001111", Address: "东港市隐私路9号",
		Challenge: ch.Challenge, Nonce: supervision.Solve(ch.Challenge, ch.Bits)}
	var rc supervision.Receipt
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/public/complaints", "", in, &rc)
	return rc
}

// personalData are the complainant's data and the content: none may be served publicly.
var personalData = []string{"赵秘密", "13700001111", "隐私路", "过期奶粉"}

func noPersonalData(t *testing.T, where string, body []byte) {
	t.Helper()
	for _, p := range personalData {
		if strings.Contains(string(body), p) {
			t.Errorf("%s serves %q", where, p)
		}
	}
}

// TestComplaintAPI walks the complaint API as the public, the handlers and the attackers:
// tracking without or with a wrong code, another government's users, a reviewer, a
// supervisor acting for the agency, and the rate limits.
func TestComplaintAPI(t *testing.T) {
	env := newTestEnv(t)
	cheapAbuseControl(env, 50, 50)
	rc := publicComplaint(t, env, env.Market.ID, zhifa.ComplaintAboutEnterprise)
	if rc.Code == "" || rc.AgencyName != env.Market.Name {
		t.Fatalf("receipt %+v", rc)
	}

	track := "/api/v1/public/complaints/" + rc.Number
	res := env.apiOK(t, http.StatusOK, "GET", track+"?code="+rc.Code, "", nil, nil)
	noPersonalData(t, "tracking", res.Body)
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("tracking is cacheable: %q", res.Header.Get("Cache-Control"))
	}
	for _, q := range []string{"", "?code=", "?code=AAAAAAAAAAAAAAAA", "?code=" + rc.Code[:15]} {
		res := env.api(t, "GET", track+q, "", nil)
		if res.Status != http.StatusNotFound || !strings.Contains(string(res.Body), "编号或查询码不正确") {
			t.Errorf("tracking with %q: %d %s", q, res.Status, res.Body)
		}
		noPersonalData(t, "refused tracking", res.Body)
	}
	if res := env.api(t, "GET", "/api/v1/public/complaints/TS2026010100000000?code="+rc.Code, "", nil); res.Status != http.StatusNotFound {
		t.Errorf("another number with the code: %d", res.Status)
	}
	// Without the proof of work, or with a missing agency, nothing is taken.
	bad := map[string]any{"kind": "report", "subject": "enterprise", "agency_id": env.Market.ID, "target": "某店", "content": "x"}
	if res := env.api(t, "POST", "/api/v1/public/complaints", "", bad); res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"pow"`) {
		t.Errorf("no proof of work: %d %s", res.Status, res.Body)
	}

	var list supervision.ListPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/complaints", loginOfficer, nil, &list)
	if len(list.Items) != 1 || list.Items[0].Number != rc.Number {
		t.Fatalf("officer's list %+v", list.Items)
	}
	id := list.Items[0].ID
	path := fmt.Sprintf("/api/v1/complaints/%d", id)
	var v supervision.View
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	if v.Complainant.Name != "赵秘密" {
		t.Errorf("handler sees %+v", v.Complainant)
	}
	for _, tc := range []struct {
		login  string
		status int
	}{{"", 401}, {loginCountyOfficer, 404}, {loginCountyAdmin, 404}, {loginReviewer, 403}} {
		if res := env.api(t, "GET", path, tc.login, nil); res.Status != tc.status {
			t.Errorf("read as %q: %d, want %d", tc.login, res.Status, tc.status)
		}
		act := map[string]any{"action": "accept", "version": v.Version}
		if res := env.api(t, "POST", path+"/act", tc.login, act); res.Status != tc.status {
			t.Errorf("accept as %q: %d, want %d", tc.login, res.Status, tc.status)
		}
	}
	res = env.apiOK(t, http.StatusOK, "GET", path, loginSupervisor, nil, nil)
	noPersonalData(t, "the supervisor's view", []byte(strings.ReplaceAll(string(res.Body), "过期奶粉", ""))) // the content is theirs to read
	if res := env.api(t, "POST", path+"/act", loginSupervisor, map[string]any{"action": "accept", "version": v.Version}); res.Status != http.StatusForbidden {
		t.Errorf("the supervisor accepts for the bureau: %d", res.Status)
	}
	var county supervision.ListPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/complaints", loginCountyOfficer, nil, &county)
	if len(county.Items) != 0 {
		t.Errorf("the county sees %+v", county.Items)
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/act", loginOfficer, map[string]any{"action": "accept", "version": v.Version, "reply_days": 5}, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/act", loginOfficer, map[string]any{"action": "reply", "version": v.Version, "reply": "已立案查处，感谢监督。"}, &v)
	var pub supervision.PublicComplaint
	env.apiOK(t, http.StatusOK, "GET", track+"?code="+strings.ToLower(rc.Code), "", nil, &pub)
	if pub.Reply != "已立案查处，感谢监督。" || pub.State != zhifa.ComplaintReplied.Label() {
		t.Errorf("public view %+v", pub)
	}

	// Intake from 12345 by staff, with its ticket; not into another government's agency.
	intake := map[string]any{"kind": "report", "subject": "enterprise", "agency_id": env.Market.ID, "target": "某店",
		"content": "无证经营", "channel": "12345", "external_ref": "GD20260301001"}
	var irc supervision.Receipt
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/complaints", loginOfficer, intake, &irc)
	intake["agency_id"] = env.CountyMarket.ID
	if res := env.api(t, "POST", "/api/v1/complaints", loginOfficer, intake); res.Status != http.StatusNotFound {
		t.Errorf("intake into the county: %d", res.Status)
	}
	intake["channel"] = "portal"
	intake["agency_id"] = env.Market.ID
	if res := env.api(t, "POST", "/api/v1/complaints", loginOfficer, intake); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("staff intake posing as the portal: %d", res.Status)
	}

	// Rate limits: submissions and tracking queries per address.
	cheapAbuseControl(env, 1, 2)
	publicComplaint(t, env, env.Market.ID, zhifa.ComplaintAboutEnterprise)
	var ch supervision.Challenge
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/complaints/challenge", "", nil, &ch)
	again := map[string]any{"kind": "report", "subject": "enterprise", "agency_id": env.Market.ID, "target": "某店", "content": "x",
		"challenge": ch.Challenge, "nonce": supervision.Solve(ch.Challenge, ch.Bits)}
	if res := env.api(t, "POST", "/api/v1/public/complaints", "", again); res.Status != http.StatusForbidden {
		t.Errorf("over the submission limit: %d %s", res.Status, res.Body)
	}
	for i, want := range []int{404, 404, 403} {
		if res := env.api(t, "GET", track+"?code=WRONG", "", nil); res.Status != want {
			t.Errorf("lookup %d: %d, want %d", i, res.Status, want)
		}
	}
}

// TestComplaintPublicPages: the portal form and the tracking page work without login and
// serve no personal data; a conduct complaint goes to the justice bureau.
func TestComplaintPublicPages(t *testing.T) {
	env := newTestEnv(t)
	cheapAbuseControl(env, 50, 50)
	rc := publicComplaint(t, env, env.Market.ID, zhifa.ComplaintAboutConduct)
	if rc.AgencyName != env.Justice.Name {
		t.Errorf("conduct complaint went to %s", rc.AgencyName)
	}
	res := env.page(t, "GET", "/complaints/new", "", nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `name="challenge"`) {
		t.Fatalf("form: %d", res.Status)
	}
	noPersonalData(t, "the form", res.Body)
	res = env.page(t, "POST", "/complaints/track", "", url.Values{"number": {rc.Number}, "code": {rc.Code}})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), zhifa.ComplaintReceived.Label()) || !strings.Contains(string(res.Body), env.Justice.Name) {
		t.Errorf("tracking page: %d\n%.500s", res.Status, res.Body)
	}
	noPersonalData(t, "the tracking page", res.Body)
	if strings.Contains(string(res.Body), rc.Code) {
		t.Error("the tracking page echoes the query code")
	}
	res = env.page(t, "POST", "/complaints/track", "", url.Values{"number": {rc.Number}, "code": {"NOPE"}})
	if res.Status != http.StatusNotFound || !strings.Contains(string(res.Body), "编号或查询码不正确") {
		t.Errorf("wrong code page: %d", res.Status)
	}
	// The staff pages: the justice bureau's supervisor handles it and sees the complainant.
	var list supervision.ListPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/complaints", loginSupervisor, nil, &list)
	if len(list.Items) != 1 {
		t.Fatalf("justice bureau list %+v", list.Items)
	}
	res = env.page(t, "GET", fmt.Sprintf("/staff/complaints/%d", list.Items[0].ID), loginSupervisor, nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "赵秘密") || !strings.Contains(string(res.Body), "受理") {
		t.Errorf("staff page: %d", res.Status)
	}
	res = env.page(t, "GET", fmt.Sprintf("/staff/complaints/%d", list.Items[0].ID), loginOfficer, nil)
	if res.Status != http.StatusNotFound {
		t.Errorf("the market bureau reads the justice bureau's complaint: %d", res.Status)
	}
	res = env.page(t, "GET", "/staff/complaints?overdue=1", loginSupervisor, nil)
	if res.Status != http.StatusOK {
		t.Errorf("overdue list: %d", res.Status)
	}
}

// TestCaseReviewPages: on a decided case the officer records a reconsideration and its
// revoking outcome through the pages; the case page then says the decision was revoked,
// and the supervisor's correction rates warn. The reviewer sees no form, the county a
// missing case.
func TestCaseReviewPages(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	ctx := appCtx(env.actor(t, loginOfficer))
	c, err := env.App.FileCase(ctx, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcSummary, Item: env.City.Item.Code,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市某某食品有限公司", CreditCode: "91371800MA3C4B5X6Y"}},
		Officers: []int64{env.City.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售超过保质期的食品"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := env.App.Act(ctx, c.ID, "propose", app.ActionInput{Version: c.Version, Penalties: []string{"警告"}, Warning: true,
		Reason: "违法事实确凿、情节轻微，当场给予警告"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Act(ctx, c.ID, "decide", app.ActionInput{Version: v.Version, Warning: true,
		Summary: &zhifa.SummaryRecord{CertificatesShown: true, Informed: true, Statement: "当事人无异议"}}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/staff/cases/%d/reviews", c.ID)
	today := env.App.Today().String()
	if body := string(env.page(t, "GET", path, loginReviewer, nil).Body); strings.Contains(body, `action="`+path+`"`) {
		t.Error("the reviewer is shown the form")
	}
	if res := env.page(t, "GET", path, loginCountyOfficer, nil); res.Status != http.StatusNotFound {
		t.Errorf("the county reads the case's reviews: %d", res.Status)
	}
	res := env.page(t, "POST", path, loginOfficer, url.Values{"kind": {"reconsideration"}, "applicant": {"东港市某某食品有限公司"},
		"body": {"东港市人民政府"}, "received_on": {"2099-01-01"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("received in the future: %d", res.Status)
	}
	location(t, env.page(t, "POST", path, loginOfficer, url.Values{"kind": {"reconsideration"}, "applicant": {"东港市某某食品有限公司"},
		"body": {"东港市人民政府"}, "received_on": {today}, "copy_received_on": {today}}))
	list, err := env.App.Supervision().CaseReviews(ctx, c.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("reviews %v, %v", list, err)
	}
	location(t, env.page(t, "POST", fmt.Sprintf("/staff/reviews/%d", list[0].ID), loginOfficer, url.Values{"version": {fmt.Sprint(list[0].Version)},
		"copy_received_on": {today}, "outcome": {"revoke"}, "outcome_on": {today}, "summary": {"认定事实不清"}}))
	body := string(env.page(t, "GET", fmt.Sprintf("/staff/cases/%d", c.ID), loginOfficer, nil).Body)
	wantText(t, "case page", body, "决定已被撤销")
	body = string(env.page(t, "GET", "/staff/supervision/corrections", loginSupervisor, nil).Body)
	wantText(t, "correction rates", body, env.Market.Name, "100.0%", "超过5.0%")
	body = string(env.page(t, "GET", "/staff/", loginSupervisor, nil).Body)
	wantText(t, "dashboard", body, "纠错率超过5%")
}
