package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/publicity"
	publicityweb "zhifa/web/publicity"
)

// licenceItem gives the market bureau a 行政许可 item, by its code.
func (env *testEnv) licenceItem(t *testing.T) string {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if _, err := env.App.Catalog().CreateItem(sys, catalog.ItemInput{Code: "DG-XK-0001", Name: "食品经营许可", Category: zhifa.CatLicense,
		AgencyID: env.Market.ID, Domain: "市场监管", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第三十五条"}}}); err != nil {
		t.Fatal(err)
	}
	return "DG-XK-0001"
}

// webLicence is a licence granted to a natural person on the test's first day.
func webLicence(agencyID int64, code, number, sourceID string) publicity.LicenceInput {
	in := publicity.LicenceInput{AgencyID: agencyID, ItemCode: code, Number: number, Decision: "grant", Content: "准予从事预包装食品销售",
		ValidFrom: "2026-03-02", ValidUntil: "2031-03-01", DecidedOn: "2026-03-02", Office: "东港市市场监督管理局",
		Source: "许可办理系统", SourceID: sourceID}
	in.Applicant.Kind, in.Applicant.Name, in.Applicant.IDNumber = zhifa.PartyPerson, "王小明", "370202199001011237"
	return in
}

// TestAPILicences: the licensing system's records through POST /api/v1/licences — one,
// the same again, a batch with bad rows (per-field errors, nothing written), malformed
// JSON — and the answers to other roles and another government; the staff list and
// detail pages; the portal serves the published licence without the applicant's name or
// 身份证号 (issue 13).
func TestAPILicences(t *testing.T) {
	env := newTestEnv(t)
	code := env.licenceItem(t)
	var got publicityweb.ReceivedList
	env.apiOK(t, http.StatusOK, "POST", "/api/v1/licences", loginOfficer,
		publicityweb.ReceiveBody{LicenceInput: webLicence(env.Market.ID, code, "东市监许〔2026〕1号", "R-1")}, &got)
	if len(got.Licences) != 1 || got.Licences[0].Outcome != publicity.LicenceCreated {
		t.Fatalf("receipt %+v", got)
	}
	id, pubID := got.Licences[0].ID, got.Licences[0].PublicationID
	env.apiOK(t, http.StatusOK, "POST", "/api/v1/licences", loginHead,
		publicityweb.ReceiveBody{LicenceInput: webLicence(env.Market.ID, code, "东市监许〔2026〕1号", "R-1")}, &got)
	if got.Licences[0].Outcome != publicity.LicenceUnchanged || got.Licences[0].ID != id {
		t.Errorf("re-delivery %+v", got)
	}

	bad := webLicence(env.Market.ID, code, "东市监许〔2026〕2号", "R-2")
	bad.Applicant.Kind, bad.ValidUntil = "robot", "2026-02-30"
	res := env.api(t, "POST", "/api/v1/licences", loginOfficer, publicityweb.ReceiveBody{Licences: []publicity.LicenceInput{
		webLicence(env.Market.ID, code, "东市监许〔2026〕3号", "R-3"), bad}})
	var e struct {
		Error struct {
			Code   string            `json:"code"`
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	res.JSON(t, &e)
	if res.Status != http.StatusUnprocessableEntity || e.Error.Fields["licences[1].applicant.kind"] == "" ||
		e.Error.Fields["licences[1].valid_until"] == "" || len(e.Error.Fields) != 2 {
		t.Errorf("bad batch: %d %+v", res.Status, e)
	}
	for _, body := range []string{`{"licences": 3}`, `{"agency_id": "x"}`, `[]`, `{}`} {
		res := env.api(t, "POST", "/api/v1/licences", loginOfficer, body)
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("body %s: %d %s", body, res.Status, res.Body)
		}
	}

	// Other roles and the other government.
	for _, tc := range []struct {
		login string
		body  publicity.LicenceInput
		want  int
	}{
		{"", webLicence(env.Market.ID, code, "东市监许〔2026〕4号", "R-4"), http.StatusUnauthorized},
		{loginReviewer, webLicence(env.Market.ID, code, "东市监许〔2026〕4号", "R-4"), http.StatusForbidden},
		{loginSupervisor, webLicence(env.Market.ID, code, "东市监许〔2026〕4号", "R-4"), http.StatusForbidden},
		{loginCountyOfficer, webLicence(env.Market.ID, code, "东市监许〔2026〕4号", "R-4"), http.StatusNotFound},
		{loginOfficer, webLicence(env.CountyMarket.ID, code, "西许〔2026〕1号", "X-1"), http.StatusNotFound},
	} {
		if res := env.api(t, "POST", "/api/v1/licences", tc.login, publicityweb.ReceiveBody{LicenceInput: tc.body}); res.Status != tc.want {
			t.Errorf("receipt as %q for agency %d: %d, want %d: %s", tc.login, tc.body.AgencyID, res.Status, tc.want, res.Body)
		}
	}
	for _, login := range []string{loginCountyOfficer, loginCountyAdmin} {
		if res := env.api(t, "GET", fmt.Sprintf("/api/v1/licences/%d", id), login, nil); res.Status != http.StatusNotFound {
			t.Errorf("%s reads the city's licence: %d", login, res.Status)
		}
	}
	var page publicity.LicencePage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/licences?decision=grant", loginSupervisor, nil, &page)
	if len(page.Licences) != 1 {
		t.Errorf("the supervisor's list: %+v", page)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/licences", loginCountyAdmin, nil, &page)
	if len(page.Licences) != 0 {
		t.Errorf("the county's admin lists the city's licences: %+v", page)
	}
	if res := env.api(t, "GET", "/api/v1/licences?from=2026-13-01", loginOfficer, nil); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("bad date: %d", res.Status)
	}
	detail := env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/licences/%d", id), loginOfficer, nil, nil)
	if strings.Contains(string(detail.Body), "370202199001011237") || !strings.Contains(string(detail.Body), "王小明") {
		t.Errorf("detail: %s", detail.Body)
	}

	// Pages.
	for _, path := range []string{"/staff/licences", fmt.Sprintf("/staff/licences/%d", id), fmt.Sprintf("/staff/publicity/%d", pubID)} {
		res := env.page(t, "GET", path, loginOfficer, nil)
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "东市监许〔2026〕1号") ||
			strings.Contains(string(res.Body), "370202199001011237") && !strings.HasPrefix(path, "/staff/publicity/") {
			t.Errorf("%s: %d", path, res.Status)
		}
	}
	if res := env.page(t, "GET", fmt.Sprintf("/staff/licences/%d", id), loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("the county's admin opens the licence page: %d", res.Status)
	}

	// Publish, then scan what the portal serves.
	officer := app.WithActor(context.Background(), env.actor(t, loginOfficer))
	head := app.WithActor(context.Background(), env.actor(t, loginHead))
	p, err := env.App.Publicity().Prepare(officer, pubID, publicity.PrepareInput{Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Publicity().Approve(head, pubID, p.Version); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/decisions", fmt.Sprintf("/decisions/%d", pubID), "/api/v1/public/decisions",
		fmt.Sprintf("/api/v1/public/decisions/%d", pubID), "/decisions.atom", "/decisions?q=" + "东市监许"} {
		res := env.page(t, "GET", path, "", nil)
		body := string(res.Body)
		if res.Status != http.StatusOK || !strings.Contains(body, "王某") || strings.Contains(body, "王小明") ||
			strings.Contains(body, "370202199001011237") || strings.Contains(body, "R-1") {
			t.Errorf("%s: %d serves personal or internal data or misses the licence:\n%.400s", path, res.Status, body)
		}
	}
}

// TestAPIImportLicences uploads a licence file through the API and the import page.
func TestAPIImportLicences(t *testing.T) {
	env := newTestEnv(t)
	code := env.licenceItem(t)
	header := make([]string, len(app.LicenceImportColumns))
	for i, c := range app.LicenceImportColumns {
		header[i] = c.Header
	}
	row := "东市监许〔2026〕21号," + code + ",准予行政许可,法人或者其他组织,东港市海鲜餐饮有限公司,91370200MA3C4LXX1L,赵大海,,准予从事餐饮服务,2026-03-02,2031-03-01,2026-03-02,东港市市场监督管理局,,许可办理系统,R-21\n"
	file := strings.Join(header, ",") + "\n" + row
	ct, body := multipartBody(t, "file", "licences.csv", []byte(file))
	req := env.newRequest(t, "POST", "/api/v1/licences/import", body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+env.token(t, loginOfficer))
	res := env.send(t, req)
	if res.Status != http.StatusCreated {
		t.Fatalf("API import: %d %s", res.Status, res.Body)
	}
	res = env.upload(t, "/staff/import/licences", loginOfficer, "licences.csv", strings.Join(header, ",")+"\n"+strings.Replace(row, "R-21", "R-22", 1))
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "决定文书号") {
		t.Errorf("page import of a second record with the same number: %d", res.Status)
	}
	res = env.upload(t, "/staff/import/licences", loginReviewer, "licences.csv", file)
	if res.Status != http.StatusForbidden {
		t.Errorf("a reviewer imports: %d", res.Status)
	}
	tpl := env.page(t, "GET", "/staff/import/licences.csv", loginOfficer, nil)
	if tpl.Status != http.StatusOK || !strings.Contains(string(tpl.Body), "来源记录编号") {
		t.Errorf("template: %d", tpl.Status)
	}
}
