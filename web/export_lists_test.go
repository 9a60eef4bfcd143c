package web

import (
	"net/http"
	"strings"
	"testing"

	"zhifa/web/kit"
)

// TestListExports exports every list through the API (?format=xlsx, and csv) and the
// pages: a file with the list's rows under the same filters, never another county's
// rows, each export audited, a bad format refused before anything is written (issue #12).
func TestListExports(t *testing.T) {
	env := newTestEnv(t)
	w := newBadInputWorld(t, env)
	city, county := w.cityCase.Number, w.countyCase.Number
	get := func(login, path string) *response {
		t.Helper()
		req := env.newRequest(t, "GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+env.token(t, login))
		return env.send(t, req)
	}
	for _, tc := range []struct {
		path, login, cityRow, countyRow string
	}{
		{"/api/v1/cases?format=xlsx", loginOfficer, city, county},
		{"/api/v1/cases?format=xlsx&mine=false", loginCountyAdmin, county, city},
		{"/api/v1/officers?format=xlsx", loginAdmin, "张三", "赵六"},
		{"/api/v1/officers?format=xlsx", loginCountyAdmin, "赵六", "张三"},
		{"/api/v1/items?format=xlsx", loginHead, env.City.Item.Code, env.County.Item.Code},
		{"/api/v1/filings?format=xlsx", loginSupervisor, "", county},
		{"/api/v1/audit?format=xlsx", loginCountyAdmin, "", "张三"},
		{"/api/v1/reviews?format=xlsx", loginReviewer, "", county},
	} {
		res := get(tc.login, tc.path)
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != kit.XLSXType {
			t.Errorf("%s as %s: %d %s %.200s", tc.path, tc.login, res.Status, res.Header.Get("Content-Type"), res.Body)
			continue
		}
		sheet := xlsxSheet(t, res.Body)
		if tc.cityRow != "" && !strings.Contains(sheet, tc.cityRow) {
			t.Errorf("%s as %s lacks %q", tc.path, tc.login, tc.cityRow)
		}
		if strings.Contains(sheet, tc.countyRow) {
			t.Errorf("%s as %s holds another agency's %q", tc.path, tc.login, tc.countyRow)
		}
	}
	// The filters apply: a stage no case is in exports the header only.
	if res := get(loginOfficer, "/api/v1/cases?format=csv&stage=archive"); res.Status != http.StatusOK ||
		strings.Count(string(res.Body), "\n") != 1 || strings.Contains(string(res.Body), city) {
		t.Errorf("filtered CSV: %d %q", res.Status, res.Body)
	}
	// Refusals come as errors, not files.
	for _, tc := range []struct {
		login, path string
		status      int
	}{
		{loginOfficer, "/api/v1/cases?format=pdf", http.StatusUnprocessableEntity},
		{loginOfficer, "/api/v1/audit?format=xlsx", http.StatusForbidden},
		{loginOfficer, "/api/v1/reviews?format=xlsx", http.StatusForbidden},
	} {
		if res := get(tc.login, tc.path); res.Status != tc.status || res.Header.Get("Content-Type") == kit.XLSXType {
			t.Errorf("%s as %s: %d, want %d", tc.path, tc.login, res.Status, tc.status)
		}
	}
	// The pages' export links answer the same files.
	for _, p := range []string{"/staff/cases?format=xlsx&mine=0", "/staff/officers?format=xlsx", "/staff/items?format=xlsx",
		"/staff/filings?format=xlsx", "/staff/audit?format=xlsx"} {
		res := env.page(t, "GET", p, loginAdmin, nil)
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != kit.XLSXType {
			t.Errorf("%s: %d %s", p, res.Status, res.Header.Get("Content-Type"))
		}
	}
	if res := env.page(t, "GET", "/staff/cases", loginOfficer, nil); !strings.Contains(string(res.Body), `href="/staff/cases?format=xlsx"`) {
		t.Error("the case list has no export link")
	}
	// Every export is in the audit log.
	var audit struct {
		Total int `json:"total"`
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/audit?action=list.export", loginAdmin, nil, &audit)
	if audit.Total < 5 {
		t.Errorf("%d exports audited in the city, want at least 5", audit.Total)
	}
}
