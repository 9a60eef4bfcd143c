package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa/app/supervision"
)

// TestSocialSupervisionPages: the bureau appoints through the form (a bad phone keeps
// the input), sees the phone masked in the list and whole on the appointment's page,
// and dismisses; the market bureau replies to a remark through its form.
func TestSocialSupervisionPages(t *testing.T) {
	env := newTestEnv(t)
	u := env.socialAccount(t)
	if res := env.page(t, "GET", "/staff/social-supervisors/new", loginHead, nil); res.Status != http.StatusForbidden {
		t.Errorf("the head's appointment form: %d", res.Status)
	}
	if res := env.page(t, "GET", "/staff/social-supervisors/new", loginSupervisor, nil); res.Status != http.StatusOK || !strings.Contains(string(res.Body), "王监督") {
		t.Fatalf("the form offers no account: %d", res.Status)
	}
	form := url.Values{"user_id": {fmt.Sprint(u.ID)}, "name": {"王监督"}, "work_unit": {"东港市第一中学"}, "phone": {"电话"},
		"term_from": {"2026-03-02"}, "term_to": {"2028-03-01"}, "on_roster": {"1"}}
	res := env.page(t, "POST", "/staff/social-supervisors/new", loginSupervisor, form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "电话号码格式不正确") || !strings.Contains(string(res.Body), "东港市第一中学") {
		t.Fatalf("a bad phone: %d", res.Status)
	}
	form.Set("phone", "13912345678")
	res = env.page(t, "POST", "/staff/social-supervisors/new", loginSupervisor, form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("appoint: %d %s", res.Status, res.Body)
	}
	detail := res.Header.Get("Location")
	list := string(env.page(t, "GET", "/staff/social-supervisors", loginSupervisor, nil).Body)
	if !strings.Contains(list, "139****5678") || strings.Contains(list, "13912345678") {
		t.Errorf("the list shows the phone unmasked or not at all")
	}
	page := string(env.page(t, "GET", detail, loginSupervisor, nil).Body)
	if !strings.Contains(page, "13912345678") || !strings.Contains(page, "在聘") {
		t.Errorf("the appointment's page lacks the phone or the state")
	}

	var r supervision.RemarkView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/social-supervision/remarks", loginSocial, supervision.RemarkInput{AgencyID: env.Market.ID,
		AccompaniedOn: env.App.Today(), Text: "执法人员着装规范"}, &r)
	rPage := fmt.Sprintf("/staff/remarks/%d", r.ID)
	if body := string(env.page(t, "GET", "/staff/remarks", loginOfficer, nil).Body); !strings.Contains(body, "执法人员着装规范") {
		t.Errorf("the market bureau's list lacks the remark")
	}
	if body := string(env.page(t, "GET", rPage, loginSupervisor, nil).Body); strings.Contains(body, "reply-form") {
		t.Errorf("the bureau is offered the agency's reply")
	}
	if res := env.page(t, "POST", rPage+"/reply", loginOfficer, url.Values{"version": {"1"}, "reply": {""}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("an empty reply: %d", res.Status)
	}
	if res := env.page(t, "POST", rPage+"/reply", loginOfficer, url.Values{"version": {"1"}, "reply": {"感谢监督"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", res.Status, res.Body)
	}
	if body := string(env.page(t, "GET", "/staff/my-remarks", loginSocial, nil).Body); !strings.Contains(body, "感谢监督") {
		t.Errorf("the supervisor's page lacks the reply")
	}
	if res := env.page(t, "GET", "/staff/", loginSocial, nil); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/staff/my-remarks" {
		t.Errorf("the social supervisor's home: %d %q", res.Status, res.Header.Get("Location"))
	}
	if res := env.page(t, "GET", "/staff/cases", loginSocial, nil); res.Status != http.StatusForbidden {
		t.Errorf("the social supervisor opens the cases: %d", res.Status)
	}

	res = env.page(t, "POST", detail+"/dismiss", loginSupervisor, url.Values{"version": {"1"}, "reason": {""}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("a dismissal without reason: %d", res.Status)
	}
	if res := env.page(t, "POST", detail+"/dismiss", loginSupervisor, url.Values{"version": {"1"}, "reason": {"本人申请辞去"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("dismiss: %d %s", res.Status, res.Body)
	}
	if body := string(env.page(t, "GET", "/staff/my-remarks", loginSocial, nil).Body); strings.Contains(body, "remark-form") || !strings.Contains(body, "已被解聘") {
		t.Errorf("the dismissed supervisor is still offered the form")
	}
}
