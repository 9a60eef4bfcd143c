package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"zhifa"
)

// postSelfCheck sends the self-check's multipart form to the API as login: the fields
// given, and the file when name is not empty.
func (env *testEnv) postSelfCheck(t *testing.T, login string, fields map[string]string, name string, content []byte) *response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(content)
	}
	_ = mw.Close()
	req, err := http.NewRequest("POST", env.HTTP.URL+"/api/v1/assessment-inputs/selfcheck/file", &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if login != "" {
		req.Header.Set("Authorization", "Bearer "+env.token(t, login))
	}
	return env.send(t, req)
}

// TestSelfCheckFileAPI: the market bureau's head files the year's self-check with its
// attachment through the API; bad input answers field errors, other people refusals;
// the agency's staff and the justice bureau download the file (reads audited), another
// government and the public do not.
func TestSelfCheckFileAPI(t *testing.T) {
	env := newTestEnv(t)
	env.Clock.Advance(230 * 24 * time.Hour) // mid October 2026, inside the filing window
	good := map[string]string{"year": "2026", "text": "本年度推行行政执法责任制情况良好"}
	for name, tc := range map[string]struct {
		fields  map[string]string
		file    string
		content []byte
		field   string
	}{
		"no file":          {good, "", nil, "file"},
		"a program":        {good, "a.exe", []byte("MZ\x90\x00binary"), "file"},
		"no year":          {map[string]string{"text": "x"}, "a.pdf", remarkPDF, "year"},
		"a year of words":  {map[string]string{"year": "今年", "text": "x"}, "a.pdf", remarkPDF, "year"},
		"no text":          {map[string]string{"year": "2026"}, "a.pdf", remarkPDF, "text"},
		"an empty file":    {good, "a.pdf", nil, "file"},
		"a nameless file":  {good, " ", remarkPDF, "file"},
		"next year's":      {map[string]string{"year": "2027", "text": "x"}, "a.pdf", remarkPDF, ""},
		"a year long past": {map[string]string{"year": "2020", "text": "x"}, "a.pdf", remarkPDF, ""},
	} {
		res := env.postSelfCheck(t, loginHead, tc.fields, tc.file, tc.content)
		if res.Status < 400 || res.Status >= 500 || (tc.field != "" && res.Error().Fields[tc.field] == "") {
			t.Errorf("%s: %d %s", name, res.Status, res.Body)
		}
	}
	if res := env.api(t, "POST", "/api/v1/assessment-inputs/selfcheck/file", loginHead, good); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("JSON to the upload: %d", res.Status)
	}
	for _, tc := range []struct {
		login  string
		status int
	}{{"", 401}, {loginOfficer, 403}, {loginSupervisor, 403}, {loginCountyOfficer, 403}} {
		if res := env.postSelfCheck(t, tc.login, good, "a.pdf", remarkPDF); res.Status != tc.status {
			t.Errorf("filed as %q: %d, want %d", tc.login, res.Status, tc.status)
		}
	}
	var in zhifa.AssessmentInput
	res := env.postSelfCheck(t, loginHead, good, "自查报告.pdf", remarkPDF)
	if res.Status != http.StatusOK {
		t.Fatalf("self-check: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &in)
	if in.File == nil || in.File.MIME != "application/pdf" || in.File.Name != "自查报告.pdf" || in.Text != good["text"] {
		t.Fatalf("self-check %+v", in)
	}
	before := auditCount(t, env, "assessment.file_read")
	path := fmt.Sprintf("/api/v1/assessment-inputs/%d/file", in.ID)
	reads := 0
	for _, tc := range []struct {
		login  string
		status int
	}{{loginHead, 200}, {loginOfficer, 200}, {loginSupervisor, 200}, {"", 401}, {loginCountyAdmin, 404}, {loginCountyOfficer, 404}} {
		res := env.api(t, "GET", path, tc.login, nil)
		if res.Status != tc.status {
			t.Errorf("download as %q: %d, want %d", tc.login, res.Status, tc.status)
			continue
		}
		if tc.status == 200 {
			reads++
			if !bytes.Equal(res.Body, remarkPDF) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("download as %s: %q", tc.login, res.Header.Get("Content-Disposition"))
			}
		}
	}
	if after := auditCount(t, env, "assessment.file_read"); after != before+reads {
		t.Errorf("reads audited %d, want %d", after-before, reads)
	}
	if content := env.openAPIContent(t, "/api/v1/assessment-inputs/selfcheck/file", "post"); !strings.Contains(string(content["multipart/form-data"]), `"file"`) ||
		!strings.Contains(string(content["multipart/form-data"]), `"year"`) {
		t.Errorf("OpenAPI request body %s", content)
	}
	if env.openAPIContent(t, "/api/v1/assessment-inputs/{id}/file", "get") == nil {
		t.Error("OpenAPI lacks the self-check's download")
	}
	for _, bad := range []string{"/api/v1/assessment-inputs/0/file", "/api/v1/assessment-inputs/x/file", "/api/v1/assessment-inputs/999999/file"} {
		if res := env.api(t, "GET", bad, loginHead, nil); res.Status != 404 && res.Status != 422 && res.Status != 400 {
			t.Errorf("%s: %d", bad, res.Status)
		}
	}
}
