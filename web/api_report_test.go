package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	publicityweb "zhifa/web/publicity"

	"zhifa"
	"zhifa/app/publicity"
	"zhifa/app/report"
)

// TestReportAPI: the annual report through the API with the pages' checks — the
// officer generates last year's report and notes a figure, another government cannot
// see or generate it, the officer cannot approve it, the head approves it; then the
// public list, report and roll-up answer without login and carry no personal data, and
// bad input is a field error, never a 500 (issue 13, C6).
func TestReportAPI(t *testing.T) {
	env := newTestEnv(t)
	env.reportFixture(t)
	year := env.App.Today().Year - 1
	gen := publicityweb.ReportGenerateInput{AgencyID: env.Market.ID, Year: year}
	for login, want := range map[string]int{"": http.StatusUnauthorized, loginReviewer: http.StatusForbidden,
		loginCountyAdmin: http.StatusForbidden, loginCountyOfficer: http.StatusNotFound} {
		if res := env.api(t, "POST", "/api/v1/reports", login, gen); res.Status != want {
			t.Errorf("generate as %q: %d, want %d", login, res.Status, want)
		}
	}
	var rep zhifa.AnnualReport
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/reports", loginOfficer, gen, &rep)
	if rep.Status != zhifa.ReportDraft || rep.AgencyID != env.Market.ID || len(rep.Figures) == 0 {
		t.Fatalf("generated %+v", rep)
	}
	var overview publicityweb.ReportOverview
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/reports?year=%d", year), loginHead, nil, &overview)
	if len(overview.Reports) != 1 || overview.Reports[0].ID != rep.ID {
		t.Errorf("overview %+v", overview)
	}
	detail := fmt.Sprintf("/api/v1/reports/%d", rep.ID)
	if res := env.api(t, "GET", detail, loginCountyOfficer, nil); res.Status != http.StatusNotFound {
		t.Errorf("another government's officer reads the report: %d", res.Status)
	}
	var v report.View
	env.apiOK(t, http.StatusOK, "GET", detail, loginOfficer, nil, &v)
	if !v.MayPrepare || v.MayApprove {
		t.Errorf("officer may prepare %v, approve %v", v.MayPrepare, v.MayApprove)
	}
	env.apiOK(t, http.StatusOK, "POST", detail+"/notes", loginOfficer, report.NotesInput{Version: rep.Version,
		Notes: map[string]string{"money.fines": "含一件从轻处罚"}}, &rep)
	if res := env.api(t, "POST", detail+"/approve", loginOfficer, publicityweb.VersionInput{Version: rep.Version}); res.Status != http.StatusForbidden {
		t.Errorf("the officer approves: %d", res.Status)
	}
	if res := env.api(t, "POST", detail+"/approve", loginHead, publicityweb.VersionInput{Version: rep.Version - 1}); res.Status != http.StatusConflict {
		t.Errorf("a stale approval: %d", res.Status)
	}
	env.apiOK(t, http.StatusOK, "POST", detail+"/approve", loginHead, publicityweb.VersionInput{Version: rep.Version}, &rep)
	if rep.Status != zhifa.ReportPublished || rep.Entry == 0 {
		t.Fatalf("approved %+v", rep)
	}

	var list report.PublicList
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/public/reports?year=%d", year), "", nil, &list)
	if len(list.Reports) != 1 || list.Reports[0].ID != rep.ID {
		t.Errorf("public list %+v", list)
	}
	var roll report.Rollup
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/public/governments/%d/report?year=%d", env.CityGov.ID, year), "", nil, &roll)
	if len(roll.Reports) != 1 || len(roll.Figures) == 0 {
		t.Errorf("roll-up %+v", roll)
	}
	for _, path := range []string{fmt.Sprintf("/api/v1/public/reports?year=%d", year), fmt.Sprintf("/api/v1/public/reports/%d", rep.ID),
		fmt.Sprintf("/api/v1/public/governments/%d/report?year=%d", env.CityGov.ID, year)} {
		res := env.api(t, "GET", path, "", nil)
		if res.Status != http.StatusOK {
			t.Errorf("%s: %d", path, res.Status)
		}
		for _, secret := range publicSecrets {
			if strings.Contains(string(res.Body), secret) {
				t.Errorf("%s serves %q without login", path, secret)
			}
		}
	}
	for path, want := range map[string]int{
		"/api/v1/public/reports?year=abc":                                             http.StatusUnprocessableEntity,
		"/api/v1/public/reports?cursor=x":                                             http.StatusUnprocessableEntity,
		"/api/v1/public/reports/999999":                                               http.StatusNotFound,
		fmt.Sprintf("/api/v1/public/governments/%d/report", env.Market.ID):            http.StatusNotFound,
		fmt.Sprintf("/api/v1/public/governments/%d/report?year=1999", env.CityGov.ID): http.StatusUnprocessableEntity,
	} {
		if res := env.api(t, "GET", path, "", nil); res.Status != want {
			t.Errorf("%s: %d, want %d", path, res.Status, want)
		}
	}
	if res := env.api(t, "POST", "/api/v1/reports", loginOfficer, publicityweb.ReportGenerateInput{AgencyID: env.Market.ID, Year: env.App.Today().Year}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("the current year's report: %d %s", res.Status, res.Body)
	}
}

// TestStopPublicationAPI: the early stop through the API (信用修复, 公示规定第十四条): the
// head alone, an unmet condition refused with the article named and nothing changed,
// then the decision leaves the public API (issue 13).
func TestStopPublicationAPI(t *testing.T) {
	env := newTestEnv(t)
	p := env.publishFixture(t)
	stop := fmt.Sprintf("/api/v1/publications/%d/stop", p.ID)
	in := publicity.StopInput{Version: p.Version, AppliedOn: env.App.Today(), Performed: true, Remedied: true, NoRepeat: true,
		Reason: "当事人已缴清罚款并整改到位"}
	for login, want := range map[string]int{"": http.StatusUnauthorized, loginOfficer: http.StatusForbidden,
		loginSupervisor: http.StatusForbidden, loginCountyOfficer: http.StatusNotFound} {
		if res := env.api(t, "POST", stop, login, in); res.Status != want {
			t.Errorf("stop as %q: %d, want %d", login, res.Status, want)
		}
	}
	res := env.api(t, "POST", stop, loginHead, in)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "第十四条") {
		t.Errorf("a condition unmet: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/public/decisions/%d", p.ID), "", nil, nil)
	in.NotListed = true
	var out zhifa.Publication
	env.apiOK(t, http.StatusOK, "POST", stop, loginHead, in, &out)
	if out.StoppedOn.IsZero() || out.StopAppliedOn != env.App.Today() {
		t.Errorf("stopped %+v", out)
	}
	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/public/decisions/%d", p.ID), "", nil); res.Status != http.StatusNotFound {
		t.Errorf("the public API still serves the stopped decision: %d", res.Status)
	}
}
