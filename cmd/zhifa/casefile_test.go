package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
)

// seedCaseWorld fills a migrated data directory with an agency, an officer account,
// two certified officers and a penalty item, and returns the officers' IDs.
func seedCaseWorld(t *testing.T, data string) []int64 {
	t.Helper()
	db, a := openTestStore(t, data)
	defer db.Close()
	ctx := sysCtx()
	gov, err := a.Personnel().CreateAgency(ctx, personnel.AgencyInput{Name: "东港市人民政府", Level: zhifa.LevelCity, Type: zhifa.AgencyGovernment, RegionCode: "370200"})
	if err != nil {
		t.Fatal(err)
	}
	ag, err := a.Personnel().CreateAgency(ctx, personnel.AgencyInput{ParentID: gov.Agency.ID, Name: "东港市市场监督管理局", ShortName: "东市监", Level: zhifa.LevelCity,
		Type: zhifa.AgencyAdministrative, RegionCode: "370200", LegalBasis: "《食品安全法》"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateUser(ctx, app.UserInput{Login: "officer1", Name: "王执法", Role: zhifa.RoleOfficer, AgencyID: ag.Agency.ID, Password: "secret-123"}); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, idn := range []string{"370202199001011237", "370202198507153414"} {
		o, err := a.Personnel().CreateOfficer(ctx, personnel.OfficerInput{AgencyID: ag.Agency.ID, Name: "执法员" + fmt.Sprint(i), IDNumber: idn, Phone: "13800138000",
			Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Personnel().IssueCertificate(ctx, o.ID, personnel.CertInput{Number: fmt.Sprintf("CF-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2020-01-01"), ValidUntil: zhifa.MustDate("2035-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	if _, err := a.Catalog().CreateItem(ctx, catalog.ItemInput{Code: "DG-CF-1", Name: "销售超过保质期食品的处罚", Category: zhifa.CatPenalty, AgencyID: ag.Agency.ID,
		Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条"}}}); err != nil {
		t.Fatal(err)
	}
	return ids
}

// apiCall sends a request with the bearer token and decodes a JSON answer into out.
func apiCall(t *testing.T, method, url, token, ctype string, body io.Reader, out any) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %.300s", method, url, err, b)
		}
	}
	return resp.StatusCode, b
}

// TestVerifyCaseFile exports a real case with evidence through the API and checks it
// with zhifa verify --casefile: intact with the pinned key, intact but said to be
// unpinned without one, and refused once a file in it is changed (REQUIREMENTS D3).
func TestVerifyCaseFile(t *testing.T) {
	clearEnv(t)
	data := t.TempDir()
	if r := runZhifa(t, "", "migrate", "--data", data); r.code != 0 {
		t.Fatalf("migrate: %q", r.stderr)
	}
	officers := seedCaseWorld(t, data)
	s := startServer(t, "serve", "--data", data, "--addr", "127.0.0.1:0")
	defer s.stop(t)
	api := s.url + "api/v1"

	var login struct{ Token string }
	if code, b := apiCall(t, "POST", api+"/login", "", "application/json", strings.NewReader(`{"login":"officer1","password":"secret-123"}`), &login); code != 200 {
		t.Fatalf("login: %d %s", code, b)
	}
	tok := login.Token
	today := zhifa.DateOf(time.Now())
	filing := map[string]any{"kind": "penalty", "item": "DG-CF-1", "officers": officers, "occurred_on": today.AddDays(-10).String(),
		"facts": "销售超过保质期的食品", "parties": []map[string]any{{"kind": "org", "name": "东港市某某食品有限公司", "credit_code": "91370200MA3C5LXX4K"}}}
	body, _ := json.Marshal(filing)
	var c struct {
		ID      int64
		Number  string
		Version int
	}
	if code, b := apiCall(t, "POST", api+"/cases", tok, "application/json", bytes.NewReader(body), &c); code != 201 {
		t.Fatalf("file case: %d %s", code, b)
	}

	// A photo uploaded and linked as a record in one call.
	photo := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte("现场"), 5000)...)
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	for k, v := range map[string]string{"kind": "photo", "title": "仓库现场照片", "act": "investigate", "device_id": "DSJ-A8-000123",
		"place": "东港市海滨路88号仓库", "captured_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "officer_ids": fmt.Sprint(officers[0])} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "photo.jpg")
	fw.Write(photo)
	mw.Close()
	var up struct {
		Record   zhifa.Record
		Evidence struct{ ID int64 }
	}
	if code, b := apiCall(t, "POST", fmt.Sprintf("%s/cases/%d/records", api, c.ID), tok, mw.FormDataContentType(), &mp, &up); code != 201 {
		t.Fatalf("upload record: %d %s", code, b)
	}
	if up.Record.EvidenceID != up.Evidence.ID || up.Record.Act != "investigate" || up.Record.Kind != zhifa.RecordPhoto {
		t.Fatalf("uploaded record %+v, evidence %d", up.Record, up.Evidence.ID)
	}

	code, zipped := apiCall(t, "GET", fmt.Sprintf("%s/cases/%d/casefile", api, c.ID), tok, "", nil, nil)
	if code != 200 {
		t.Fatalf("export: %d %s", code, zipped)
	}
	path := filepath.Join(t.TempDir(), "casefile.zip")
	if err := os.WriteFile(path, zipped, 0o600); err != nil {
		t.Fatal(err)
	}
	_, key := get(t, s.url+"ledger/key")
	key = strings.TrimSpace(key)

	r := runZhifa(t, "", "verify", "--casefile", path, "--key", key)
	if r.code != 0 || !strings.Contains(r.stdout, "OK: the case file is intact") || !strings.Contains(r.stdout, "1 evidence file(s)") ||
		!strings.Contains(r.stdout, c.Number) || !strings.Contains(r.stdout, "pinned key") {
		t.Fatalf("verify pinned: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Log(r.stdout)
	keyFile := filepath.Join(t.TempDir(), "ledger.pub")
	os.WriteFile(keyFile, []byte(key+"\n"), 0o600)
	if r := runZhifa(t, "", "verify", "--casefile", path, "--key-file", keyFile); r.code != 0 {
		t.Fatalf("verify --key-file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runZhifa(t, "", "verify", "--casefile", path)
	if r.code != 0 || !strings.Contains(r.stdout, "NOT PINNED") || !strings.Contains(r.stderr, "not pinned") {
		t.Fatalf("verify unpinned: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The photo changed inside the archive (rewritten, checksums and all).
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	changed := ""
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasPrefix(f.Name, "files/") {
			b[len(b)-1] ^= 1
			changed = f.Name
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	bad := filepath.Join(t.TempDir(), "tampered.zip")
	os.WriteFile(bad, out.Bytes(), 0o600)
	r = runZhifa(t, "", "verify", "--casefile", bad, "--key", key)
	if r.code != exitError {
		t.Fatalf("tampered: exit %d\n%s", r.code, r.stdout)
	}
	oneLine(t, r, changed+": the content differs from ledger entry")

	if r := runZhifa(t, "", "verify", "--casefile", path, "--data", data); r.code != exitUsage {
		t.Errorf("--casefile with --data: exit %d %q", r.code, r.stderr)
	}
}
