package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app/supervision"
)

// remarkFile is one attachment of a multipart remark.
type remarkFile struct {
	name    string
	content []byte
}

var (
	remarkJPEG = testJPEG(96)
	remarkPDF  = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
)

// postRemark sends a remark of the market bureau with attachments through the API's
// multipart form, as login.
func (env *testEnv) postRemark(t *testing.T, login, text string, files ...remarkFile) *response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("agency_id", fmt.Sprint(env.Market.ID))
	_ = mw.WriteField("accompanied_on", "2026-03-02")
	_ = mw.WriteField("text", text)
	for _, f := range files {
		fw, _ := mw.CreateFormFile("files", f.name)
		_, _ = fw.Write(f.content)
	}
	_ = mw.Close()
	req, err := http.NewRequest("POST", env.HTTP.URL+"/api/v1/social-supervision/remarks", &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if login != "" {
		req.Header.Set("Authorization", "Bearer "+env.token(t, login))
	}
	return env.send(t, req)
}

// TestRemarkFilesAPI: a social supervisor attaches photos and files to a remark with a
// complaint's types and limits; the remarked agency's staff and the bureau's supervisor
// download them, each read audited; the supervisor themself, another government, the
// public and the portal never get them.
func TestRemarkFilesAPI(t *testing.T) {
	env := newTestEnv(t)
	env.appointSocial(t)
	many := make([]remarkFile, supervision.MaxFiles+1)
	for i := range many {
		many[i] = remarkFile{fmt.Sprintf("%d.jpg", i), remarkJPEG}
	}
	for name, tc := range map[string]struct {
		files []remarkFile
		field string
	}{
		"a program":      {[]remarkFile{{"a.exe", []byte("MZ\x90\x00\x03binary")}}, "files[0]"},
		"an empty file":  {[]remarkFile{{"a.jpg", nil}}, "files[0]"},
		"too many files": {many, "files"},
		"too large":      {[]remarkFile{{"big.txt", bytes.Repeat([]byte("a"), supervision.MaxFileSize+1)}}, "files[0]"},
	} {
		if testing.Short() && name == "too large" {
			continue
		}
		if res := env.postRemark(t, loginSocial, "附件有误", tc.files...); res.Status != http.StatusUnprocessableEntity || res.Error().Fields[tc.field] == "" {
			t.Errorf("%s: %d %s", name, res.Status, res.Body)
		}
	}
	var own supervision.RemarkPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/social-supervision/remarks", loginSocial, nil, &own)
	if len(own.Items) != 0 {
		t.Fatalf("a refused attachment recorded the remark: %+v", own.Items)
	}
	for _, login := range []string{loginOfficer, loginSupervisor, ""} {
		if res := env.postRemark(t, login, "冒名", remarkFile{"a.jpg", remarkJPEG}); res.Status != http.StatusForbidden && res.Status != http.StatusUnauthorized {
			t.Errorf("%q records a remark with files: %d", login, res.Status)
		}
	}
	var rm supervision.RemarkView
	res := env.postRemark(t, loginSocial, "执法人员检查时未出示执法证件", remarkFile{"现场.jpg", remarkJPEG}, remarkFile{"说明.pdf", remarkPDF})
	if res.Status != http.StatusCreated {
		t.Fatalf("remark with files: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &rm)
	var seen supervision.RemarkView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/remarks/%d", rm.ID), loginHead, nil, &seen)
	if len(seen.Files) != 2 || seen.Files[0].MIME != "image/jpeg" || seen.Files[1].MIME != "application/pdf" || seen.Files[1].Name != "说明.pdf" {
		t.Fatalf("the remark's files %+v", seen.Files)
	}
	before := auditCount(t, env, "social_remark.file_read")
	path := fmt.Sprintf("/api/v1/remarks/%d/files/%d", rm.ID, seen.Files[1].ID)
	reads := 0
	for _, tc := range []struct {
		login  string
		status int
	}{{loginHead, 200}, {loginOfficer, 200}, {loginSupervisor, 200}, {"", 401}, {loginSocial, 403}, {loginCountyOfficer, 404},
		{loginCountyAdmin, 404}, {loginAdmin, 200}} {
		res := env.api(t, "GET", path, tc.login, nil)
		if res.Status != tc.status {
			t.Errorf("download as %q: %d, want %d", tc.login, res.Status, tc.status)
			continue
		}
		if tc.status == 200 {
			reads++
			if !bytes.Equal(res.Body, remarkPDF) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("download as %s: %q %q", tc.login, res.Body, res.Header.Get("Content-Disposition"))
			}
		}
	}
	if after := auditCount(t, env, "social_remark.file_read"); after != before+reads {
		t.Errorf("reads audited %d, want %d", after-before, reads)
	}
	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/remarks/%d/files/%d", rm.ID, seen.Files[1].ID+100), loginHead, nil); res.Status != 404 {
		t.Errorf("another file of the remark: %d", res.Status)
	}
	page := fmt.Sprintf("/staff/remarks/%d", rm.ID)
	if res := env.page(t, "GET", page, loginHead, nil); res.Status != 200 || !strings.Contains(string(res.Body), "说明.pdf") {
		t.Errorf("the remark's page lacks its files: %d", res.Status)
	}
	if res := env.page(t, "GET", fmt.Sprintf("%s/files/%d", page, seen.Files[0].ID), loginSupervisor, nil); res.Status != 200 || !bytes.Equal(res.Body, remarkJPEG) {
		t.Errorf("the page's download: %d", res.Status)
	}
	// The OpenAPI document offers the upload beside the JSON body, and the download.
	if content := env.openAPIContent(t, "/api/v1/social-supervision/remarks", "post"); content["application/json"] == nil ||
		!strings.Contains(string(content["multipart/form-data"]), `"files"`) {
		t.Errorf("OpenAPI request body %s", content)
	}
	if env.openAPIContent(t, "/api/v1/remarks/{id}/files/{file}", "get") == nil {
		t.Error("OpenAPI lacks the remark's download")
	}
	// Never public: the portal's pages and API serve neither the files nor the remark.
	for _, p := range []string{"/social-supervisors", "/api/v1/public/social-supervisors", page + "/files/1", path} {
		body := string(env.page(t, "GET", p, "", nil).Body)
		for _, secret := range []string{"说明.pdf", "现场.jpg", "%PDF", seen.Files[0].SHA256, "未出示执法证件"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s serves %q to the public", p, secret)
			}
		}
	}
}

// TestRemarkProblemAPI: the justice bureau's supervisor raises a social supervisor's
// remark as a 突出问题 with its owner and deadline; the remark's author, the remarked
// agency and another government cannot; the problem and the remark link each other,
// once; the act is ledgered and audited.
func TestRemarkProblemAPI(t *testing.T) {
	env := newTestEnv(t)
	env.appointSocial(t)
	var rm supervision.RemarkView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/social-supervision/remarks", loginSocial, supervision.RemarkInput{AgencyID: env.Market.ID,
		AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "执法人员检查时未出示执法证件"}, &rm)
	in := supervision.ProblemInput{Source: zhifa.ProblemFromRemark, SourceID: rm.ID, Title: "检查时未出示执法证件", Detail: "请组织执法人员学习并整改", Days: 20}
	for _, tc := range []struct {
		login  string
		status int
	}{{"", 401}, {loginSocial, 403}, {loginHead, 403}, {loginOfficer, 403}, {loginReviewer, 403}, {loginCountyOfficer, 403}, {loginCountyAdmin, 403}} {
		if res := env.api(t, "POST", "/api/v1/problems", tc.login, in); res.Status != tc.status {
			t.Errorf("raise as %q: %d, want %d", tc.login, res.Status, tc.status)
		}
	}
	for name, bad := range map[string]func(*supervision.ProblemInput){
		"a missing remark":         func(p *supervision.ProblemInput) { p.SourceID = 999999 },
		"no title":                 func(p *supervision.ProblemInput) { p.Title = "" },
		"a deadline of 0 days":     func(p *supervision.ProblemInput) { p.Days = -1 },
		"an owner out of scope":    func(p *supervision.ProblemInput) { p.AgencyID = env.CountyMarket.ID },
		"an unknown source":        func(p *supervision.ProblemInput) { p.Source = "rumour" },
		"a remark as a complaint":  func(p *supervision.ProblemInput) { p.Source = zhifa.ProblemFromComplaint },
		"a remark's ID as a fault": func(p *supervision.ProblemInput) { p.Source = zhifa.ProblemFromFault },
	} {
		b := in
		bad(&b)
		if res := env.api(t, "POST", "/api/v1/problems", loginSupervisor, b); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", name, res.Status, res.Body)
		}
	}
	var before supervision.RemarkView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/remarks/%d", rm.ID), loginSupervisor, nil, &before)
	if !before.MayRaise || before.ProblemID != 0 {
		t.Errorf("the bureau may not raise the remark: %+v", before)
	}
	var head supervision.RemarkView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/remarks/%d", rm.ID), loginHead, nil, &head)
	if head.MayRaise {
		t.Error("the remarked agency may raise the remark")
	}
	ledgerBefore := env.ledgerSize(t)
	var p supervision.ProblemView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/problems", loginSupervisor, in, &p)
	if p.Source != zhifa.ProblemFromRemark || p.SourceID != rm.ID || p.AgencyID != env.Market.ID || p.SourceLabel != "社会监督员意见" ||
		p.SourceURL != fmt.Sprintf("/staff/remarks/%d", rm.ID) || p.DueOn.IsZero() {
		t.Errorf("problem %+v", p)
	}
	var after supervision.RemarkView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/remarks/%d", rm.ID), loginHead, nil, &after)
	if after.ProblemID != p.ID || after.MayRaise {
		t.Errorf("the remark's problem %+v", after)
	}
	if data := env.ledgerSince(t, ledgerBefore); !bytes.Contains(data, []byte("problem.open")) || !bytes.Contains(data, []byte("social_remark.problem")) {
		t.Errorf("the ledger lacks the problem or the remark's link: %q", data)
	}
	if res := env.api(t, "GET", "/api/v1/audit?action=problem.open", loginSupervisor, nil); !strings.Contains(string(res.Body), p.Title) {
		t.Errorf("the raise is not audited: %s", res.Body)
	}
	if res := env.api(t, "POST", "/api/v1/problems", loginSupervisor, in); res.Status != http.StatusConflict {
		t.Errorf("raised twice: %d %s", res.Status, res.Body)
	}
	// The owner sees it on its list and reports as for any other source.
	var mine supervision.ProblemPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/problems", loginOfficer, nil, &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != p.ID {
		t.Errorf("the owner's list %+v", mine.Items)
	}
	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/problems/%d", p.ID), loginCountyOfficer, nil); res.Status != http.StatusNotFound {
		t.Errorf("another government reads the problem: %d", res.Status)
	}
}

// openAPIContent returns the request body's media types of an operation of the
// OpenAPI document (an empty map for one without a body), nil without the operation.
func (env *testEnv) openAPIContent(t *testing.T, path, method string) map[string]json.RawMessage {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]json.RawMessage `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/openapi.json", "", nil, &doc)
	op, ok := doc.Paths[path][method]
	if !ok {
		return nil
	}
	if op.RequestBody.Content == nil {
		return map[string]json.RawMessage{}
	}
	return op.RequestBody.Content
}

// ledgerSize is the number of entries in the ledger.
func (env *testEnv) ledgerSize(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := env.Store.View(context.Background(), func(tx zhifa.Tx) error {
		var err error
		n, err = tx.LedgerSize(context.Background())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// ledgerSince is the data of the ledger's entries from index from on, joined.
func (env *testEnv) ledgerSince(t *testing.T, from int64) []byte {
	t.Helper()
	ctx := context.Background()
	var out []byte
	if err := env.Store.View(ctx, func(tx zhifa.Tx) error {
		n, err := tx.LedgerSize(ctx)
		if err != nil {
			return err
		}
		list, err := tx.LedgerEntries(ctx, from, n)
		for _, e := range list {
			out = append(out, e.Data...)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}
