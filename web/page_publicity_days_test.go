package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	publicityweb "zhifa/web/publicity"

	"zhifa"
	"zhifa/app/publicity"
)

// publishFixture publishes the fixture's decision through the API: the officer saves
// the generated public version, the head approves it today.
func (env *testEnv) publishFixture(t *testing.T) *zhifa.Publication {
	t.Helper()
	p := env.publicationFixture(t)
	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/publications/%d/prepare", p.ID), loginOfficer, publicity.PrepareInput{Version: 1}, nil)
	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/publications/%d/approve", p.ID), loginHead, publicityweb.VersionInput{Version: 2}, p)
	return p
}

// publicSecrets are what nothing served without login may show of the fixture: the
// person's name, 身份证号, phone, plate and address, and the internal reasoning.
var publicSecrets = []string{"李建国", "建国", "11010519491231002X", "13912345678", "辽B·12345", "18号", "裁量理由", "内部讨论"}

// TestOpenDataAndNoticePages: the open-data index and the day's CSV (with BOM) and JSON
// files, cached by their SHA-256 (304 for a client that has it), the 公告栏 notice of the
// agency's week, all without login and without personal data or internal reasoning;
// bad days, weeks and file names are 404 or 422, never 500 (issue 13, C7).
func TestOpenDataAndNoticePages(t *testing.T) {
	env := newTestEnv(t)
	namePeople(t, env)
	p := env.publishFixture(t)
	today := env.App.Today()
	served := map[string]string{}
	for _, path := range []string{"/opendata/decisions", "/opendata/decisions?month=" + today.String()[:7],
		"/opendata/decisions/" + today.String() + ".csv", "/opendata/decisions/" + today.String() + ".json",
		fmt.Sprintf("/agencies/%d/notice", env.Market.ID), fmt.Sprintf("/agencies/%d/notice?week=%s", env.Market.ID, publicity.ISOWeek(today))} {
		res := env.page(t, "GET", path, "", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %.300s", path, res.Status, res.Body)
		}
		served[path] = string(res.Body)
		for _, secret := range publicSecrets {
			if strings.Contains(served[path], secret) {
				t.Errorf("%s serves %q without login", path, secret)
			}
		}
	}
	csvPath := "/opendata/decisions/" + today.String() + ".csv"
	csvBody := served[csvPath]
	if !strings.HasPrefix(csvBody, "\uFEFF记录类型,") || !strings.Contains(csvBody, p.CaseNumber) || !strings.Contains(csvBody, "李某") {
		t.Errorf("csv: %.400s", csvBody)
	}
	var day publicity.OpenDataDay
	if err := json.Unmarshal([]byte(served["/opendata/decisions/"+today.String()+".json"]), &day); err != nil || len(day.Decisions) != 1 || day.Decisions[0].ID != p.ID {
		t.Errorf("json: %v %+v", err, day)
	}
	index := served["/opendata/decisions"]
	if !strings.Contains(index, csvPath) || !strings.Contains(index, hexSHA256Text(csvBody)) {
		t.Errorf("the index lacks the day's file or its SHA-256")
	}
	notice := served[fmt.Sprintf("/agencies/%d/notice", env.Market.ID)]
	if !strings.Contains(notice, p.CaseNumber) || !strings.Contains(notice, env.Market.Name) || !strings.Contains(notice, "/decisions?agency=") ||
		!strings.Contains(notice, "@page") || !strings.Contains(notice, "zhifa-print") {
		t.Errorf("notice: %.600s", notice)
	}
	for _, path := range []string{"/opendata/decisions", fmt.Sprintf("/agencies/%d/notice", env.Market.ID)} {
		if faults := plainTextFaults(visibleText(served[path]), false); len(faults) > 0 {
			t.Errorf("%s shows codes: %v", path, faults)
		}
	}

	req := env.newRequest(t, "GET", csvPath, nil)
	first := env.send(t, req)
	etag := first.Header.Get("ETag")
	if etag == "" || !strings.HasPrefix(first.Header.Get("Content-Type"), "text/csv") || !strings.Contains(first.Header.Get("Cache-Control"), "max-age") {
		t.Errorf("csv headers: %v", first.Header)
	}
	req = env.newRequest(t, "GET", csvPath, nil)
	req.Header.Set("If-None-Match", etag)
	if res := env.send(t, req); res.Status != http.StatusNotModified {
		t.Errorf("a client with the file: %d, want 304", res.Status)
	}

	for path, want := range map[string]int{
		"/opendata/decisions/" + today.AddDays(1).String() + ".csv":     http.StatusNotFound,
		"/opendata/decisions/2026-13-01.json":                           http.StatusNotFound,
		"/opendata/decisions/" + today.String() + ".xml":                http.StatusNotFound,
		"/opendata/decisions/" + today.String():                         http.StatusNotFound,
		"/opendata/decisions?month=2026-13":                             http.StatusUnprocessableEntity,
		"/opendata/decisions?month=2099-01":                             http.StatusUnprocessableEntity,
		fmt.Sprintf("/agencies/%d/notice?week=2026-49", env.Market.ID):  http.StatusUnprocessableEntity,
		fmt.Sprintf("/agencies/%d/notice?week=2099-W01", env.Market.ID): http.StatusUnprocessableEntity,
		"/agencies/999999/notice":                                       http.StatusNotFound,
	} {
		if res := env.page(t, "GET", path, "", nil); res.Status != want {
			t.Errorf("%s: %d, want %d", path, res.Status, want)
		}
	}
}

// TestCreditExportAPI: the export answers staff who handle cases (the public 401, a
// supervisor 403), never exports a natural person, writes CSV with a BOM on request,
// and refuses a bad period or format with its field (issue 13, C7).
func TestCreditExportAPI(t *testing.T) {
	env := newTestEnv(t)
	env.publishFixture(t)
	today := env.App.Today().String()
	path := "/api/v1/publicity/credit-export?from=" + today + "&to=" + today
	var out publicityweb.CreditExport
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &out)
	if len(out.Records) != 0 || out.From.String() != today {
		t.Errorf("a natural person's decision exported: %+v", out)
	}
	res := env.api(t, "GET", path+"&format=csv", loginHead, nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(string(res.Body), "\uFEFF操作类型,记录编号") || strings.Contains(string(res.Body), "李") {
		t.Errorf("csv: %d %.300s", res.Status, res.Body)
	}
	for _, tt := range []struct {
		path, login string
		want        int
		field       string
	}{
		{path, "", http.StatusUnauthorized, ""},
		{path, loginSupervisor, http.StatusForbidden, ""},
		{path, loginReviewer, http.StatusForbidden, ""},
		{"/api/v1/publicity/credit-export?to=" + today, loginOfficer, http.StatusUnprocessableEntity, "from"},
		{"/api/v1/publicity/credit-export?from=x&to=" + today, loginOfficer, http.StatusUnprocessableEntity, "from"},
		{path + "&format=xml", loginOfficer, http.StatusUnprocessableEntity, "format"},
		{"/api/v1/publicity/credit-export?from=2024-01-01&to=" + today, loginOfficer, http.StatusUnprocessableEntity, "to"},
	} {
		res := env.api(t, "GET", tt.path, tt.login, nil)
		if res.Status != tt.want || (tt.field != "" && !strings.Contains(string(res.Body), `"`+tt.field+`"`)) {
			t.Errorf("%s as %q: %d %s, want %d on %s", tt.path, tt.login, res.Status, res.Body, tt.want, tt.field)
		}
	}
}

func hexSHA256Text(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
