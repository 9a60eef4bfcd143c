package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPublicityStopPage: the head stops a published decision early on the page (信用修复,
// 公示规定第十四条); an unmet condition is a flash, nothing changes; then the portal page
// and the list no longer serve it and the staff page shows the stop (issue 13).
func TestPublicityStopPage(t *testing.T) {
	env := newTestEnv(t)
	namePeople(t, env)
	p := env.publicationFixture(t)
	detail := fmt.Sprintf("/staff/publicity/%d", p.ID)
	if res := env.page(t, "POST", detail+"/prepare", loginOfficer, url.Values{"version": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("prepare: %d", res.Status)
	}
	if res := env.page(t, "POST", detail+"/approve", loginHead, url.Values{"version": {"2"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.Status)
	}
	res := env.page(t, "GET", detail, loginHead, nil)
	if !strings.Contains(string(res.Body), "stop-form") {
		t.Fatalf("the head's page has no early-stop form")
	}
	today := env.App.Today().String()
	form := url.Values{"version": {"3"}, "applied_on": {today}, "performed": {"1"}, "remedied": {"1"}, "no_repeat": {"1"},
		"reason": {"已履行并整改"}}
	if res := env.page(t, "POST", detail+"/stop", loginOfficer, form); res.Status != http.StatusForbidden {
		t.Errorf("the officer stops: %d", res.Status)
	}
	env.page(t, "POST", detail+"/stop", loginHead, form) // not_listed unchecked: refused with a flash
	if res := env.page(t, "GET", fmt.Sprintf("/decisions/%d", p.ID), "", nil); res.Status != http.StatusOK {
		t.Fatalf("a refused stop removed the decision: %d", res.Status)
	}
	form.Set("not_listed", "1")
	form.Set("applied_on", "2026-13-01")
	env.page(t, "POST", detail+"/stop", loginHead, form) // a bad date: refused
	form.Set("applied_on", today)
	if res := env.page(t, "POST", detail+"/stop", loginHead, form); res.Status != http.StatusSeeOther {
		t.Fatalf("stop: %d", res.Status)
	}
	if res := env.page(t, "GET", fmt.Sprintf("/decisions/%d", p.ID), "", nil); res.Status != http.StatusNotFound {
		t.Errorf("the portal still serves the stopped decision: %d", res.Status)
	}
	if res := env.page(t, "GET", "/decisions", "", nil); strings.Contains(string(res.Body), fmt.Sprintf("/decisions/%d", p.ID)) {
		t.Errorf("the portal lists the stopped decision")
	}
	res = env.page(t, "GET", detail, loginHead, nil)
	if !strings.Contains(string(res.Body), `id="stopped"`) || strings.Contains(string(res.Body), "stop-form") {
		t.Errorf("the staff page does not show the stop")
	}
}
