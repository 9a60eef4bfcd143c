package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/app/publicity"
	publicityweb "zhifa/web/publicity"
)

// publishedFixture files a case whose natural-person party is 李建国 (身份证号, phone,
// home address), queues its decision for publication, and returns the publication: the
// decision steps themselves are tested in app (app/publicity_test.go).
func (env *testEnv) publicationFixture(t *testing.T) *zhifa.Publication {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "孙八", IDNumber: testPersonID(t, 79),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.City.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("PUB-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	res := env.api(t, "POST", "/api/v1/cases", loginOfficer, map[string]any{"kind": "penalty", "procedure": "ordinary",
		"item": env.City.Item.Code, "parties": []map[string]any{{"kind": "person", "name": "李建国", "id_number": "11010519491231002X",
			"phone": "13912345678", "address": "东港市海滨路18号3栋501室"}},
		"officers": []int64{env.City.Officer.ID, o2.ID}, "occurred_on": "2026-01-05",
		"facts": "经查，李建国于2026年1月在其摊位销售超过保质期的食品，车牌号辽B·12345的车辆用于运输。"})
	if res.Status != http.StatusCreated {
		t.Fatalf("file case: %d %s", res.Status, res.Body)
	}
	var v app.CaseView
	res.JSON(t, &v)
	ctx := context.Background()
	p := &zhifa.Publication{}
	err = env.Store.Update(ctx, func(tx zhifa.Tx) error {
		c, err := tx.Case(ctx, v.ID)
		if err != nil {
			return err
		}
		c.State.Proposal = &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 500000, Reason: "裁量理由：首次违法，内部讨论认为从轻"}
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		*p = zhifa.Publication{AgencyID: env.Market.ID, AgencyPath: env.Market.Path, CaseID: c.ID, CaseNumber: c.Number,
			ItemID: env.City.Item.ID, ItemName: env.City.Item.Name, Category: zhifa.PubPenalty, Status: zhifa.PubQueued,
			DecidedOn: env.App.Today(), Due: env.App.Today().AddDays(9), PublicParty: "李某", Conclusion: "罚款5000元"}
		return tx.AddPublication(ctx, p)
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPublicityPages: the handler prepares the public version on the page, the head
// approves it (the officer and another government cannot), and everything served
// without login — the portal list, the page, the feeds, the API — carries neither the
// person's name, 身份证号, phone, plate or address, nor the internal reasoning (C5; the
// portal carries no personal data).
func TestPublicityPages(t *testing.T) {
	env := newTestEnv(t)
	namePeople(t, env) // the pages show people by name (plainTextFaults)
	p := env.publicationFixture(t)
	detail := fmt.Sprintf("/staff/publicity/%d", p.ID)
	res := env.page(t, "GET", detail, loginOfficer, nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "11010519491231002X") || !strings.Contains(string(res.Body), "prepare-form") {
		t.Fatalf("officer's publication page: %d", res.Status)
	}
	if res := env.page(t, "GET", detail, loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("another government's admin opens the publication: %d", res.Status)
	}
	res = env.page(t, "POST", detail+"/prepare", loginOfficer, url.Values{"version": {"1"}, "text": {""}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("prepare: %d %s", res.Status, res.Body)
	}
	approve := fmt.Sprintf("/api/v1/publications/%d/approve", p.ID)
	for login, want := range map[string]int{loginOfficer: http.StatusForbidden, loginCountyOfficer: http.StatusNotFound, "": http.StatusUnauthorized} {
		if res := env.api(t, "POST", approve, login, publicityweb.VersionInput{Version: 2}); res.Status != want {
			t.Errorf("approve as %q: %d, want %d", login, res.Status, want)
		}
	}
	if res := env.page(t, "GET", fmt.Sprintf("/staff/cases/%d", p.CaseID), loginOfficer, nil); !strings.Contains(string(res.Body), `id="publicity"`) {
		t.Errorf("the case page does not show the publication: %d", res.Status)
	}
	res = env.page(t, "GET", detail, loginHead, nil)
	if !strings.Contains(string(res.Body), "approve-form") || !strings.Contains(string(res.Body), "<mark>") {
		t.Errorf("the head's page lacks the approval form or the highlighted redactions")
	}
	if res := env.page(t, "POST", detail+"/approve", loginHead, url.Values{"version": {"2"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.Status)
	}
	if _, err := env.App.IntegrateLedger(context.Background()); err != nil {
		t.Fatal(err)
	}
	var page publicity.PublicPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/decisions?q="+url.QueryEscape("李某"), "", nil, &page)
	if len(page.Decisions) != 1 || page.Decisions[0].ID != p.ID {
		t.Fatalf("public search: %+v", page)
	}
	served := map[string]string{}
	for _, path := range []string{"/decisions", fmt.Sprintf("/decisions/%d", p.ID), "/decisions.atom",
		fmt.Sprintf("/agencies/%d/decisions.atom", env.Market.ID), "/api/v1/public/decisions", fmt.Sprintf("/api/v1/public/decisions/%d", p.ID)} {
		res := env.page(t, "GET", path, "", nil)
		if res.Status != http.StatusOK {
			t.Errorf("%s: %d", path, res.Status)
		}
		served[path] = string(res.Body)
	}
	if !strings.Contains(served[fmt.Sprintf("/decisions/%d", p.ID)], "已核验") {
		t.Errorf("the decision page does not show its verified inclusion proof")
	}
	for path, body := range served {
		for _, secret := range []string{"李建国", "建国", "11010519491231002X", "13912345678", "辽B·12345", "18号", "裁量理由", "内部讨论"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s serves %q without login: %s", path, secret, body)
			}
		}
	}
	for _, path := range []string{"/decisions", fmt.Sprintf("/decisions/%d", p.ID)} {
		if faults := plainTextFaults(visibleText(served[path]), false); len(faults) > 0 {
			t.Errorf("%s shows codes: %v", path, faults)
		}
	}
	staffPage := env.page(t, "GET", detail, loginHead, nil)
	if faults := plainTextFaults(visibleText(string(staffPage.Body)), false); len(faults) > 0 {
		t.Errorf("the publication page shows codes: %v", faults)
	}
	if !strings.Contains(served["/decisions.atom"], "<feed xmlns=\"http://www.w3.org/2005/Atom\">") {
		t.Errorf("atom feed: %s", served["/decisions.atom"])
	}
	// Bad input: a precise field error, never a 500.
	for _, q := range []string{"q=" + url.QueryEscape("李"), "from=2026-13-01", "cursor=abc", "agency=x"} {
		res := env.api(t, "GET", "/api/v1/public/decisions?"+q, "", nil)
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", q, res.Status, res.Body)
		}
		if res := env.page(t, "GET", "/decisions?"+q, "", nil); res.Status != http.StatusOK {
			t.Errorf("page %s: %d", q, res.Status)
		}
	}

	// The agency's rule: the head only, never a longer period.
	rulePath := fmt.Sprintf("/api/v1/agencies/%d/publicity-rule", env.Market.ID)
	for _, tc := range []struct {
		login string
		days  int
		want  int
	}{{loginOfficer, 3, http.StatusForbidden}, {loginHead, 8, http.StatusUnprocessableEntity}, {loginHead, 3, http.StatusOK}, {loginCountyOfficer, 3, http.StatusNotFound}} {
		if res := env.api(t, "PUT", rulePath, tc.login, zhifa.PublicityRule{PenaltyDays: tc.days}); res.Status != tc.want {
			t.Errorf("rule %d days as %s: %d %s, want %d", tc.days, tc.login, res.Status, res.Body, tc.want)
		}
	}
	var rule zhifa.PublicityRule
	if env.apiOK(t, http.StatusOK, "GET", rulePath, loginOfficer, nil, &rule); rule.PenaltyDays != 3 {
		t.Errorf("rule read back: %+v", rule)
	}
}
