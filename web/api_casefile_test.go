package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/app/personnel"
	"zhifa/casefile"
)

// caseEnv is the test server with two certified officers of the market bureau, a
// penalty case under investigation and the seeded evidence.
type caseEnv struct {
	*testEnv
	c    app.CaseView
	path string // the case's API path
}

func newCaseEnv(t *testing.T) *caseEnv {
	t.Helper()
	env := &caseEnv{testEnv: newTestEnv(t)}
	env.seedEvidence(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "钱七", IDNumber: testPersonID(t, 77),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.City.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("FOOD-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases", loginOfficer, env.filing(o2.ID), &env.c)
	env.path = "/api/v1/cases/" + strconv.FormatInt(env.c.ID, 10)
	env.apiOK(t, http.StatusOK, "POST", env.path+"/actions/investigate", loginOfficer, map[string]any{"version": env.c.Version}, &env.c)
	return env
}

func (env *caseEnv) filing(o2 int64) map[string]any {
	return map[string]any{"kind": "penalty", "procedure": "ordinary", "item": env.City.Item.Code,
		"parties":  []map[string]any{{"kind": "person", "name": "李某", "id_number": "11010519491231002X"}},
		"officers": []int64{env.City.Officer.ID, o2}, "occurred_on": "2026-01-05", "facts": "销售过期食品"}
}

// recordUpload builds a multipart record upload: the fields in name order, then the file.
func recordUpload(t testing.TB, fields map[string]string, mimeType string, content []byte) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		mw.WriteField(k, fields[k])
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="upload.bin"`)
	if mimeType != "" {
		h.Set("Content-Type", mimeType)
	}
	w, err := mw.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(content)
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

// upload posts a record upload to base (the test server or another) as login.
func (env *caseEnv) upload(t testing.TB, base, path, login string, fields map[string]string, mimeType string, content []byte) *response {
	t.Helper()
	ct, body := recordUpload(t, fields, mimeType, content)
	req, err := http.NewRequest("POST", base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+env.token(t, login))
	return env.send(t, req)
}

func (env *caseEnv) photoFields(act string) map[string]string {
	return map[string]string{"kind": "photo", "title": "仓库现场照片", "act": act, "device_id": "DSJ-A8-000123", "place": "东港市海滨路88号",
		"captured_at": env.Clock.Now().Add(-time.Hour).In(zhifa.CST).Format("2006-01-02T15:04")}
}

// state is what a refused request must leave unchanged.
type state struct {
	entries  int64
	evidence int
	records  int
	version  int
}

func (env *caseEnv) state(t *testing.T) state {
	t.Helper()
	var s state
	err := env.Store.View(context.Background(), func(tx zhifa.Tx) error {
		ctx := context.Background()
		var err error
		if s.entries, err = tx.LedgerSize(ctx); err != nil {
			return err
		}
		if _, s.evidence, err = tx.EvidenceList(ctx, zhifa.EvidenceFilter{}); err != nil {
			return err
		}
		recs, err := tx.Records(ctx, env.c.ID)
		s.records = len(recs)
		if err != nil {
			return err
		}
		c, err := tx.Case(ctx, env.c.ID)
		if err == nil {
			s.version = c.Version
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAPICaseRecords: a record is uploaded with its file in one call, or links evidence
// uploaded before; bad input of every kind issue 4 names gets a clear error and changes
// nothing (REQUIREMENTS D1-D3; 行政处罚法 Art. 47).
func TestAPICaseRecords(t *testing.T) {
	env := newCaseEnv(t)
	// One call: the photo is stored and linked.
	res := env.upload(t, env.HTTP.URL, env.path+"/records", loginOfficer, env.photoFields("investigate"), "image/jpeg", testJPEG(8000))
	if res.Status != http.StatusCreated {
		t.Fatalf("upload record: %d %s", res.Status, res.Body)
	}
	var up struct {
		Record   zhifa.Record
		Evidence struct {
			ID      int64
			CaseRef string `json:"case_ref"`
		}
	}
	res.JSON(t, &up)
	if up.Record.EvidenceID != up.Evidence.ID || up.Record.Kind != zhifa.RecordPhoto || up.Evidence.CaseRef != env.c.Number {
		t.Fatalf("uploaded %+v", up)
	}
	// Evidence uploaded before, linked by ID.
	env.apiOK(t, http.StatusCreated, "POST", env.path+"/records", loginOfficer,
		map[string]any{"kind": "photo", "title": "现场照片", "act": "investigate", "evidence_id": env.City.Evidence.ID}, nil)

	// Evidence naming another case.
	officer := app.WithActor(context.Background(), env.actor(t, loginOfficer))
	other, err := env.App.Evidence().UploadEvidence(officer, evidence.EvidenceInput{Kind: zhifa.EvidencePhoto, Title: "他案照片", CapturedAt: env.Clock.Now().Add(-time.Hour),
		DeviceID: "DSJ-01", Place: "现场", CaseRef: "东市监罚〔2026〕99号"}, bytes.NewReader(testJPEG(3000)))
	if err != nil {
		t.Fatal(err)
	}
	// A server whose evidence size limit is 4 KiB, over the same store.
	small := httptest.NewServer(New(app.New(env.Store, app.Options{Now: env.Clock.Now, Blobs: env.Blobs, LedgerSigner: env.Signer, MaxEvidenceSize: 4096,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer small.Close()

	record := func(m map[string]any) func() *response {
		return func() *response { return env.api(t, "POST", env.path+"/records", loginOfficer, m) }
	}
	exe := append([]byte("MZ\x90\x00"), make([]byte, 600)...) // a Windows program
	for _, tc := range []struct {
		name   string
		send   func() *response
		status int
		code   string
		field  string
	}{
		{"file over the size limit", func() *response {
			return env.upload(t, small.URL, env.path+"/records", loginOfficer, env.photoFields("investigate"), "image/jpeg", testJPEG(6000))
		}, 400, zhifa.EINVALID, "file"},
		{"unsupported type", func() *response {
			return env.upload(t, env.HTTP.URL, env.path+"/records", loginOfficer, map[string]string{"title": "程序", "act": "investigate",
				"captured_at": env.Clock.Now().Add(-time.Hour).In(zhifa.CST).Format("2006-01-02T15:04")}, "application/x-msdownload", exe)
		}, 400, zhifa.EINVALID, "mime"},
		{"content not the declared type", func() *response {
			return env.upload(t, env.HTTP.URL, env.path+"/records", loginOfficer, env.photoFields("investigate"), "image/jpeg", []byte("%PDF-1.7 不是照片"))
		}, 400, zhifa.EINVALID, "file"},
		{"upload to an invalid case ID", func() *response {
			return env.upload(t, env.HTTP.URL, "/api/v1/cases/abc/records", loginOfficer, env.photoFields("investigate"), "image/jpeg", testJPEG(2000))
		}, 400, zhifa.EINVALID, "id"},
		{"upload to an unknown case", func() *response {
			return env.upload(t, env.HTTP.URL, "/api/v1/cases/99999/records", loginOfficer, env.photoFields("investigate"), "image/jpeg", testJPEG(2000))
		}, 404, zhifa.ENOTFOUND, ""},
		{"unknown evidence ID", record(map[string]any{"kind": "photo", "title": "照片", "act": "investigate", "evidence_id": 99999}), 400, zhifa.EINVALID, "evidence_id"},
		{"negative evidence ID", record(map[string]any{"kind": "photo", "title": "照片", "act": "investigate", "evidence_id": -3}), 400, zhifa.EINVALID, "evidence_id"},
		{"evidence of another agency", record(map[string]any{"kind": "photo", "title": "照片", "act": "investigate", "evidence_id": env.County.Evidence.ID}), 400, zhifa.EINVALID, "evidence_id"},
		{"evidence of another case", record(map[string]any{"kind": "photo", "title": "照片", "act": "investigate", "evidence_id": other.ID}), 400, zhifa.EINVALID, "evidence_id"},
		{"evidence linked as another act", record(map[string]any{"kind": "photo", "title": "照片", "act": "seize", "evidence_id": env.City.Evidence.ID}), 400, zhifa.EINVALID, "evidence_id"},
		{"evidence linked again", record(map[string]any{"kind": "photo", "title": "照片", "act": "investigate", "evidence_id": env.City.Evidence.ID}), 409, zhifa.ECONFLICT, ""},
		{"a photo as an A/V record", record(map[string]any{"kind": "av", "title": "录像", "act": "seize", "evidence_id": other.ID}), 400, zhifa.EINVALID, "evidence_id"},
		{"unknown record kind", record(map[string]any{"kind": "movie", "title": "录像", "act": "investigate"}), 400, zhifa.EINVALID, "kind"},
		{"record of an unknown case", func() *response {
			return env.api(t, "POST", "/api/v1/cases/99999/records", loginOfficer, map[string]any{"kind": "document", "title": "笔录"})
		}, 404, zhifa.ENOTFOUND, ""},
		{"wrong stage transition", func() *response {
			return env.api(t, "POST", env.path+"/actions/serve", loginOfficer, map[string]any{"version": env.c.Version})
		}, 400, zhifa.EINVALID, ""},
		{"concurrent edit (stale version)", func() *response {
			return env.api(t, "POST", env.path+"/actions/notify", loginOfficer, map[string]any{"version": env.c.Version - 1})
		}, 409, zhifa.ECONFLICT, ""},
		{"unknown party kind", func() *response {
			b := env.filing(env.City.Officer.ID)
			b["parties"] = []map[string]any{{"kind": "robot", "name": "某某"}}
			return env.api(t, "POST", "/api/v1/cases", loginOfficer, b)
		}, 400, zhifa.EINVALID, "parties[0].kind"},
	} {
		before := env.state(t)
		res := tc.send()
		if res.Status != tc.status && !(tc.status == 400 && res.Status == http.StatusUnprocessableEntity) {
			t.Errorf("%s: status %d, want %d\n%s", tc.name, res.Status, tc.status, res.Body)
		}
		e := res.Error()
		if e.Code != tc.code || e.Message == "" {
			t.Errorf("%s: %s, want %s", tc.name, res.Body, tc.code)
		}
		if tc.field != "" && e.Fields[tc.field] == "" {
			t.Errorf("%s: no problem with field %q: %s", tc.name, tc.field, res.Body)
		}
		if after := env.state(t); after != before {
			t.Errorf("%s changed something: %+v, then %+v", tc.name, before, after)
		}
	}
	if res := env.api(t, "POST", env.path+"/records", loginReviewer, map[string]any{"kind": "document", "title": "笔录"}); res.Status != http.StatusForbidden {
		t.Errorf("reviewer: %d %s", res.Status, res.Body)
	}
}

// TestAPICaseFile exports the case file through the API and the staff pages and checks
// it; reads are scoped, logged, and need a reason from supervisors (D3, D4).
func TestAPICaseFile(t *testing.T) {
	env := newCaseEnv(t)
	res := env.upload(t, env.HTTP.URL, env.path+"/records", loginOfficer, env.photoFields("investigate"), "image/jpeg", testJPEG(8000))
	if res.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	res = env.get(t, env.path+"/casefile", loginOfficer)
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %v %.200s", res.Status, res.Header, res.Body)
	}
	rep, err := casefile.Verify(bytes.NewReader(res.Body), int64(len(res.Body)), casefile.Options{Keys: []string{env.Signer.VerifierKey(), env.Signer.SM2VerifierKey()}})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if rep.Files != 1 || rep.Manifest.Case.Number != env.c.Number || len(rep.Manifest.Events) != 2 {
		t.Fatalf("report: %d files, case %s, %d events", rep.Files, rep.Manifest.Case.Number, len(rep.Manifest.Events))
	}
	if res := env.get(t, env.path+"/casefile", loginSupervisor); res.ErrorCode() != zhifa.EINVALID || res.Error().Fields["reason"] == "" {
		t.Errorf("supervisor without a reason: %d %s", res.Status, res.Body)
	}
	if res := env.get(t, env.path+"/casefile?reason="+"案卷评查", loginSupervisor); res.Status != http.StatusOK {
		t.Errorf("supervisor with a reason: %d %s", res.Status, res.Body)
	}
	if res := env.get(t, env.path+"/casefile", loginCountyAdmin); res.Status != http.StatusNotFound {
		t.Errorf("other government: %d", res.Status)
	}
	if res := env.api(t, "GET", env.path+"/casefile", "", nil); res.Status != http.StatusUnauthorized {
		t.Errorf("public: %d", res.Status)
	}

	// The staff page and its download.
	page := "/staff/cases/" + strconv.FormatInt(env.c.ID, 10) + "/casefile"
	if res := env.page(t, "GET", page, loginOfficer, nil); res.Status != http.StatusOK || !strings.Contains(string(res.Body), "zhifa verify --casefile") {
		t.Errorf("case-file page: %d", res.Status)
	}
	if res := env.page(t, "GET", page+".zip", loginOfficer, nil); res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" {
		t.Errorf("download: %d %v", res.Status, res.Header)
	}
	if res := env.page(t, "GET", page+".zip", loginSupervisor, nil); res.Status != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Errorf("supervisor download without a reason: %d %v", res.Status, res.Header)
	}
	if res := env.page(t, "GET", page, loginSupervisor, nil); !strings.Contains(string(res.Body), `required aria-required="true"`) {
		t.Errorf("the supervisor's page does not ask for a reason")
	}
}
