package web

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"zhifa/web/kit"
)

// TestStatsPage checks the statistics page and its downloads (issue #12): heads and
// supervisors see charts with titles and tables, officers and reviewers are refused, the
// downloads hold the chart's numbers, and another county's admin never sees the city's
// cases in them.
func TestStatsPage(t *testing.T) {
	env := newTestEnv(t)
	reviewCase(t, env)
	for _, tc := range []struct {
		login  string
		status int
	}{
		{loginHead, http.StatusOK}, {loginSupervisor, http.StatusOK}, {loginCountyAdmin, http.StatusOK},
		{loginOfficer, http.StatusForbidden}, {loginReviewer, http.StatusForbidden},
	} {
		res := env.page(t, "GET", "/staff/stats", tc.login, nil)
		if res.Status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.login, res.Status, tc.status)
			continue
		}
		if tc.status != http.StatusOK {
			continue
		}
		body := string(res.Body)
		for _, want := range []string{`<svg class="chart" role="img" aria-labelledby="chart-month-title"`, `<title id="chart-month-title">`,
			"查看数据表", "超期案件最多", "/staff/stats/export?year=2026&amp;table=kind&amp;format=xlsx"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the page lacks %q", tc.login, want)
			}
		}
	}
	if res := env.page(t, "GET", "/staff/stats", "", nil); res.Status != http.StatusSeeOther {
		t.Errorf("the public: %d", res.Status)
	}
	// The head's CSV counts the city's case; the county admin's the same table without it.
	kinds := func(login, format string) string {
		res := env.page(t, "GET", "/staff/stats/export?table=kind&format="+format, login, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("%s %s: %d %s", login, format, res.Status, res.Body)
		}
		if format == kit.FormatCSV {
			return string(res.Body)
		}
		return xlsxSheet(t, res.Body)
	}
	if got := kinds(loginHead, kit.FormatCSV); got != "\uFEFF案件类型,案件数（件）\n行政处罚,1\n" {
		t.Errorf("head's CSV = %q", got)
	}
	if got := kinds(loginCountyAdmin, kit.FormatCSV); strings.Contains(got, "行政处罚") {
		t.Errorf("county admin's CSV holds the city's case: %q", got)
	}
	if got := kinds(loginHead, kit.FormatXLSX); !strings.Contains(got, "行政处罚") || !strings.Contains(got, "<v>1</v>") && !strings.Contains(got, ">1<") {
		t.Errorf("head's XLSX sheet = %q", got)
	}
	for _, bad := range []string{"?table=kind&format=pdf", "?table=nothing", "?year=1999", "?year=abc"} {
		if res := env.page(t, "GET", "/staff/stats/export"+bad, loginHead, nil); res.Status < 400 || res.Status >= 500 {
			t.Errorf("export%s: status %d", bad, res.Status)
		}
	}
	if res := env.page(t, "GET", "/staff/stats/export", loginOfficer, nil); res.Status != http.StatusForbidden {
		t.Errorf("officer's export: %d", res.Status)
	}
}

// xlsxSheet is the XML of the first worksheet of an XLSX file.
func xlsxSheet(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not an XLSX: %v", err)
	}
	f, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
