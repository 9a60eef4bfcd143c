package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/blob"
	"zhifa/web/cases"
	"zhifa/web/kit"
)

// seedEvidence uploads a photo into the city's market bureau (by officer1) and one into
// the county's bureau (by county_officer), for the route walk.
func (env *testEnv) seedEvidence(t testing.TB) {
	t.Helper()
	up := func(login string, o *zhifa.Officer) *evidence.EvidenceView {
		t.Helper()
		ctx := app.WithActor(context.Background(), env.actor(t, login))
		v, err := env.App.Evidence().UploadEvidence(ctx, evidence.EvidenceInput{Kind: zhifa.EvidencePhoto, Title: "现场照片", CapturedAt: env.Clock.Now().Add(-time.Hour),
			DeviceID: "DSJ-01", OfficerIDs: []int64{o.ID}, Place: "现场"}, bytes.NewReader(testJPEG(4096)))
		if err != nil {
			t.Fatalf("seed evidence of %s: %v", login, err)
		}
		return v
	}
	env.City.Evidence = up(loginOfficer, env.City.Officer)
	env.County.Evidence = up(loginCountyOfficer, env.County.Officer)
}

// testJPEG returns n bytes that start like a JPEG file, random after that.
func testJPEG(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	copy(b, []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0})
	return b
}

// testMP4 returns n bytes that start like an MP4 file.
func testMP4(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	copy(b, mp4Head)
	return b
}

var mp4Head = []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")

// evidenceFields are valid metadata fields of a video by the city's officer.
func (env *testEnv) evidenceFields() url.Values {
	return url.Values{
		"kind":        {"video"},
		"title":       {"扣押现场录像"},
		"captured_at": {env.Clock.Now().Add(-2 * time.Hour).In(zhifa.CST).Format("2006-01-02T15:04")},
		"device_id":   {"DSJ-A8-000123"},
		"officer_ids": {strconv.FormatInt(env.City.Officer.ID, 10)},
		"place":       {"东港市海滨路88号"},
		"lat":         {"39.8612"},
		"lng":         {"124.1523"},
		"case_ref":    {"东市监立〔2026〕12号"},
	}
}

// multipartUpload builds an upload body: the fields, in a fixed order, then the file
// with its declared type (none when mimeType is "").
func multipartUpload(t testing.TB, fields url.Values, mimeType string, content []byte) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, k := range []string{"kind", "title", "mime", "captured_at", "device_id", "officer_ids", "place", "lat", "lng", "case_ref"} {
		for _, v := range fields[k] {
			mw.WriteField(k, v)
		}
	}
	if content != nil {
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
	}
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

// uploadAPI posts an upload to the API as login.
func (env *testEnv) uploadAPI(t testing.TB, base, login string, fields url.Values, mimeType string, content []byte) *response {
	t.Helper()
	ct, body := multipartUpload(t, fields, mimeType, content)
	req, err := http.NewRequest("POST", base+"/api/v1/evidence", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+env.token(t, login))
	return env.send(t, req)
}

// get sends a GET to the API (bearer token) or, for a /staff path, with the session
// cookie, with extra headers.
func (env *testEnv) get(t testing.TB, path, login string, headers ...string) *response {
	t.Helper()
	req, err := http.NewRequest("GET", env.HTTP.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if strings.HasPrefix(path, "/staff/") {
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: env.sessionCookie(t, login)})
	} else {
		req.Header.Set("Authorization", "Bearer "+env.token(t, login))
	}
	return env.send(t, req)
}

// evidenceState counts what uploads leave behind: rows, ledger entries, blobs and temp
// files of the blob store.
type evidenceState struct{ rows, entries, blobs, temps int }

func (env *testEnv) evidenceState(t testing.TB) evidenceState {
	t.Helper()
	var s evidenceState
	ctx := context.Background()
	err := env.Store.View(ctx, func(tx zhifa.Tx) error {
		_, n, err := tx.EvidenceList(ctx, zhifa.EvidenceFilter{})
		if err != nil {
			return err
		}
		size, err := tx.LedgerSize(ctx)
		s.rows, s.entries = n, int(size)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Blobs.Walk(ctx, func(blob.Info) error { s.blobs++; return nil })
	entries, err := os.ReadDir(filepath.Join(env.Blobs.Root(), "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != ".lock" {
			s.temps++
		}
	}
	return s
}

// accessCount is the number of reads logged for an evidence file.
func (env *testEnv) accessCount(t testing.TB, id int64) int {
	t.Helper()
	var n int
	err := env.Store.View(context.Background(), func(tx zhifa.Tx) error {
		_, total, err := tx.AccessLogs(context.Background(), id, zhifa.Page{Limit: 1})
		n = total
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEvidenceAPI uploads a video through the API and reads it back whole and in ranges
// as the browser's video element does, checking the access log, the supervisor's reason,
// the scope and deduplication.
func TestEvidenceAPI(t *testing.T) {
	env := newTestEnv(t)
	content := testMP4(300_000)
	before := env.evidenceState(t)
	res := env.uploadAPI(t, env.HTTP.URL, loginOfficer, env.evidenceFields(), "video/mp4", content)
	if res.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	var doc struct {
		ID          int64    `json:"id"`
		Kind        string   `json:"kind"`
		MIME        string   `json:"mime"`
		Size        int64    `json:"size"`
		SHA256      string   `json:"sha256"`
		SM3         string   `json:"sm3"`
		CapturedAt  string   `json:"captured_at"`
		OfficerIDs  []int64  `json:"officer_ids"`
		Lat         *float64 `json:"lat"`
		CaseRef     string   `json:"case_ref"`
		AgencyName  string   `json:"agency_name"`
		LedgerIndex int64    `json:"ledger_index"`
		Ledger      struct {
			Index   int64 `json:"index"`
			Covered bool  `json:"covered"`
		} `json:"ledger"`
		Links cases.EvidenceLinks `json:"links"`
	}
	res.JSON(t, &doc)
	sum := sha256.Sum256(content)
	if doc.Kind != "video" || doc.MIME != "video/mp4" || doc.Size != int64(len(content)) || doc.SHA256 != hex.EncodeToString(sum[:]) ||
		len(doc.SM3) != 64 || doc.CaseRef != "东市监立〔2026〕12号" || doc.AgencyName != env.Market.Name || *doc.Lat != 39.8612 ||
		doc.Ledger.Index != doc.LedgerIndex || doc.Links.Content != fmt.Sprintf("/api/v1/evidence/%d/content", doc.ID) ||
		res.Header.Get("Location") != fmt.Sprintf("/api/v1/evidence/%d", doc.ID) {
		t.Errorf("upload answer: %+v\n%s", doc, res.Body)
	}
	if want := env.Clock.Now().Add(-2 * time.Hour).Truncate(time.Minute).UTC().Format(time.RFC3339); doc.CapturedAt != want {
		t.Errorf("captured at %s, want %s (the form's time is in CST)", doc.CapturedAt, want)
	}
	if after := env.evidenceState(t); after != (evidenceState{before.rows + 1, before.entries + 1, before.blobs + 1, 0}) {
		t.Errorf("state %+v after an upload, before %+v", after, before)
	}
	// The metadata, and the proof pointer once a checkpoint covers the entry.
	if _, err := env.App.IntegrateLedger(context.Background()); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/evidence/%d", doc.ID)
	env.apiOK(t, http.StatusOK, "GET", path, loginReviewer, nil, &doc)
	if !doc.Ledger.Covered || doc.Links.Proof != fmt.Sprintf("/api/v1/ledger/proof/inclusion?index=%d", doc.LedgerIndex) {
		t.Errorf("metadata after a checkpoint: %+v", doc)
	}
	var proof struct {
		Index int64 `json:"index"`
	}
	env.apiOK(t, http.StatusOK, "GET", doc.Links.Proof, "", nil, &proof)
	if proof.Index != doc.LedgerIndex {
		t.Errorf("proof of %d", proof.Index)
	}

	// The whole file.
	content200 := env.get(t, path+"/content", loginOfficer)
	etag := `"` + doc.SHA256 + `"`
	if content200.Status != http.StatusOK || !bytes.Equal(content200.Body, content) || content200.Header.Get("Content-Type") != "video/mp4" ||
		content200.Header.Get("ETag") != etag || content200.Header.Get("Accept-Ranges") != "bytes" ||
		content200.Header.Get("Content-Disposition") != fmt.Sprintf(`inline; filename=evidence-%d.mp4`, doc.ID) ||
		content200.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(content200.Header.Get("Cache-Control"), "no-store") {
		t.Errorf("content: %d %v (%d bytes)", content200.Status, content200.Header, len(content200.Body))
	}
	// Ranges, as a video element asks while scrubbing.
	for _, tt := range []struct {
		rng, ifRange string
		status       int
		from, to     int // expected bytes [from, to)
	}{
		{"bytes=0-", "", 206, 0, len(content)},
		{"bytes=1000-1999", "", 206, 1000, 2000},
		{"bytes=-500", "", 206, len(content) - 500, len(content)},
		{"bytes=250000-", etag, 206, 250000, len(content)},
		{"bytes=100-199", `"0000"`, 200, 0, len(content)}, // a stale validator gets the whole file
	} {
		headers := []string{"Range", tt.rng}
		if tt.ifRange != "" {
			headers = append(headers, "If-Range", tt.ifRange)
		}
		res := env.get(t, path+"/content", loginOfficer, headers...)
		if res.Status != tt.status || !bytes.Equal(res.Body, content[tt.from:tt.to]) {
			t.Errorf("%s (If-Range %s): %d, %d bytes", tt.rng, tt.ifRange, res.Status, len(res.Body))
		}
		if tt.status == 206 {
			if want := fmt.Sprintf("bytes %d-%d/%d", tt.from, tt.to-1, len(content)); res.Header.Get("Content-Range") != want {
				t.Errorf("%s: Content-Range %q, want %q", tt.rng, res.Header.Get("Content-Range"), want)
			}
		}
	}
	if res := env.get(t, path+"/content", loginOfficer, "Range", "bytes=400000-"); res.Status != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("range past the end: %d", res.Status)
	}
	if res := env.get(t, path+"/content", loginOfficer, "If-None-Match", etag); res.Status != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", res.Status)
	}
	if n := env.accessCount(t, doc.ID); n != 8 {
		t.Errorf("%d reads logged, want 8 (one per request)", n)
	}

	// A supervisor must give a reason; the read is logged with it.
	res = env.get(t, path+"/content", loginSupervisor)
	if res.Status != http.StatusUnprocessableEntity || res.ErrorCode() != zhifa.EINVALID || res.Error().Fields["reason"] == "" {
		t.Errorf("supervisor without reason: %d %s", res.Status, res.Body)
	}
	res = env.get(t, path+"/content?reason="+url.QueryEscape("投诉核查"), loginSupervisor, "Range", "bytes=0-99")
	if res.Status != http.StatusPartialContent || !bytes.Equal(res.Body, content[:100]) {
		t.Errorf("supervisor with reason: %d", res.Status)
	}
	var access evidence.AccessLogList
	env.apiOK(t, http.StatusOK, "GET", path+"/access", loginSupervisor, nil, &access)
	if access.Total != 9 || access.Entries[0].Login != loginSupervisor || access.Entries[0].Reason != "投诉核查" || access.Entries[0].IP != "127.0.0.1" {
		t.Errorf("access log: %+v", access)
	}
	if res := env.api(t, "GET", path+"/access", loginOfficer, nil); res.Status != http.StatusForbidden {
		t.Errorf("officer reads the access log: %d", res.Status)
	}
	// Another government's users see nothing.
	for _, p := range []string{path, path + "/content", path + "/content?reason=x", path + "/access"} {
		if res := env.api(t, "GET", p, loginCountyAdmin, nil); res.Status != http.StatusNotFound {
			t.Errorf("county admin GET %s: %d", p, res.Status)
		}
	}
	if res := env.api(t, "GET", path+"/content", "", nil); res.Status != http.StatusUnauthorized {
		t.Errorf("public: %d", res.Status)
	}
	if n := env.accessCount(t, doc.ID); n != 9 {
		t.Errorf("%d reads logged, want 9", n)
	}

	// The same content again, undeclared: one blob, two records.
	fields := env.evidenceFields()
	fields.Del("kind")
	res = env.uploadAPI(t, env.HTTP.URL, loginOfficer, fields, "", content)
	if res.Status != http.StatusCreated {
		t.Fatalf("second upload: %d %s", res.Status, res.Body)
	}
	var doc2 cases.EvidenceDoc
	res.JSON(t, &doc2)
	if doc2.ID == doc.ID || doc2.SHA256 != doc.SHA256 || doc2.Kind != zhifa.EvidenceVideo {
		t.Errorf("second upload: %+v", doc2.EvidenceView)
	}
	if after := env.evidenceState(t); after != (evidenceState{before.rows + 2, before.entries + 2, before.blobs + 1, 0}) {
		t.Errorf("state %+v after the same content twice, before %+v", after, before)
	}
	var list cases.EvidenceDocList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/evidence?kind=video&q="+url.QueryEscape("扣押"), loginSupervisor, nil, &list)
	if list.Total != 2 || list.Evidence[0].ID != doc2.ID {
		t.Errorf("list: %+v", list)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/evidence", loginCountyAdmin, nil, &list)
	if list.Total != 0 {
		t.Errorf("county admin lists %d", list.Total)
	}
	if res := env.api(t, "GET", "/api/v1/evidence?kind=movie", loginOfficer, nil); res.Status != 422 {
		t.Errorf("bad kind: %d", res.Status)
	}
}

// TestEvidenceAPIRefused checks that bad uploads are EINVALID and leave nothing
// behind, over HTTP.
func TestEvidenceAPIRefused(t *testing.T) {
	env := newTestEnv(t)
	// A server with a small limit, over the same store and blobs.
	small := httptest.NewServer(New(app.New(env.Store, app.Options{Now: env.Clock.Now, Blobs: env.Blobs, MaxEvidenceSize: 64 << 10}), Options{}))
	defer small.Close()
	before := env.evidenceState(t)
	tests := []struct {
		name    string
		base    string
		mod     func(url.Values)
		mime    string
		content []byte
		field   string
	}{
		{"declared type contradicts the content", env.HTTP.URL, nil, "video/webm", testMP4(5000), "file"},
		{"a photo declared as video", env.HTTP.URL, nil, "video/mp4", testJPEG(5000), "file"},
		{"unsupported type", env.HTTP.URL, func(v url.Values) { v.Del("kind") }, "text/html", []byte("<html><script>alert(1)</script></html>"), "mime"},
		{"over the size limit", small.URL, nil, "video/mp4", testMP4(64<<10 + 1), "file"},
		{"unknown officer", env.HTTP.URL, func(v url.Values) { v.Set("officer_ids", "999999") }, "video/mp4", testMP4(5000), "officer_ids"},
		{"officer of another agency", env.HTTP.URL, func(v url.Values) { v.Set("officer_ids", strconv.FormatInt(env.BranchOfficer.ID, 10)) }, "video/mp4", testMP4(5000), "officer_ids"},
		{"capture time in the future", env.HTTP.URL, func(v url.Values) {
			v.Set("captured_at", env.Clock.Now().Add(time.Hour).Format(time.RFC3339))
		}, "video/mp4", testMP4(5000), "captured_at"},
		{"malformed capture time", env.HTTP.URL, func(v url.Values) { v.Set("captured_at", "昨天") }, "video/mp4", testMP4(5000), "captured_at"},
		{"bad latitude", env.HTTP.URL, func(v url.Values) { v.Set("lat", "north") }, "video/mp4", testMP4(5000), "lat"},
		{"no file", env.HTTP.URL, nil, "", nil, "file"},
		{"empty file", env.HTTP.URL, nil, "video/mp4", []byte{}, "file"},
	}
	for _, tt := range tests {
		fields := env.evidenceFields()
		if tt.mod != nil {
			tt.mod(fields)
		}
		res := env.uploadAPI(t, tt.base, loginOfficer, fields, tt.mime, tt.content)
		if res.Status != http.StatusUnprocessableEntity || res.ErrorCode() != zhifa.EINVALID || res.Error().Fields[tt.field] == "" {
			t.Errorf("%s: %d %s, want EINVALID for %s", tt.name, res.Status, res.Body, tt.field)
		}
		if after := env.evidenceState(t); after != before {
			t.Errorf("%s: state %+v, before %+v", tt.name, after, before)
		}
	}
	// Not multipart; and refused roles are refused before the body is read.
	if res := env.api(t, "POST", "/api/v1/evidence", loginOfficer, `{"kind":"video"}`); res.Status != 422 || !strings.Contains(res.Error().Message, "multipart") {
		t.Errorf("JSON body: %d %s", res.Status, res.Body)
	}
	for _, login := range []string{loginReviewer, loginSupervisor} {
		if res := env.uploadAPI(t, env.HTTP.URL, login, env.evidenceFields(), "video/mp4", testMP4(5000)); res.Status != http.StatusForbidden {
			t.Errorf("%s uploads: %d", login, res.Status)
		}
	}
	if after := env.evidenceState(t); after != before {
		t.Errorf("state %+v, before %+v", after, before)
	}
}

// TestEvidenceInterruptedUpload cuts an upload's connection in the middle of the file,
// as a phone losing its network does: no row, no entry, no blob, no temp file remain.
func TestEvidenceInterruptedUpload(t *testing.T) {
	env := newTestEnv(t)
	before := env.evidenceState(t)
	ct, body := multipartUpload(t, env.evidenceFields(), "video/mp4", testMP4(3<<20))
	conn, err := net.Dial("tcp", strings.TrimPrefix(env.HTTP.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /api/v1/evidence HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
		env.token(t, loginOfficer), ct, len(body))
	if _, err := conn.Write(body[:2<<20]); err != nil { // the fields and two thirds of the file
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the file is being stored
	conn.Close()
	// The server notices and records the failure.
	deadline := time.Now().Add(10 * time.Second)
	for {
		entries, _, err := env.App.Audit(app.WithActor(context.Background(), app.SystemActor("test")), zhifa.AuditFilter{Action: "evidence.add"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) > 0 {
			if entries[0].Success || !strings.Contains(entries[0].Detail, "中断") {
				t.Errorf("audit: %+v", entries[0])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the interrupted upload was not recorded as failed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if after := env.evidenceState(t); after != before {
		t.Errorf("state %+v after an interrupted upload, before %+v", after, before)
	}
}

// TestEvidencePages uploads through the workspace form (multipart, no JavaScript) and
// reads the detail page as an officer and as a supervisor, who must give a reason
// before the player appears.
func TestEvidencePages(t *testing.T) {
	env := newTestEnv(t)
	form := env.page(t, "GET", "/staff/evidence/new", loginOfficer, nil)
	for _, want := range []string{`enctype="multipart/form-data"`, `accept="image/*,video/*,audio/*" capture`, `name="officer_ids"`,
		`type="datetime-local"`, `name="device_id"`, `name="place"`, env.City.Officer.Name} {
		if !strings.Contains(string(form.Body), want) {
			t.Errorf("upload form lacks %s", want)
		}
	}
	// The file inputs come after every other field.
	if b := string(form.Body); strings.LastIndex(b, `name="case_ref"`) > strings.Index(b, `name="file"`) {
		t.Error("a field follows the file input")
	}
	if res := env.page(t, "GET", "/staff/evidence/new", loginReviewer, nil); res.Status != http.StatusForbidden {
		t.Errorf("reviewer's form: %d", res.Status)
	}
	post := func(fields url.Values, content []byte) *response {
		t.Helper()
		// As a browser sends it: both file inputs, the camera one left empty.
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for _, k := range []string{"kind", "title", "captured_at", "device_id", "officer_ids", "place", "lat", "lng", "case_ref"} {
			for _, v := range fields[k] {
				mw.WriteField(k, v)
			}
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename=""`)
		h.Set("Content-Type", "application/octet-stream")
		mw.CreatePart(h)
		h.Set("Content-Disposition", `form-data; name="file"; filename="VID_0001.mp4"`)
		h.Set("Content-Type", "video/mp4")
		w, _ := mw.CreatePart(h)
		w.Write(content)
		mw.Close()
		req, err := http.NewRequest("POST", env.HTTP.URL+"/staff/evidence/new", &b)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: env.sessionCookie(t, loginOfficer)})
		return env.send(t, req)
	}
	content := testMP4(100_000)
	// A problem shows the form again with the values.
	bad := env.evidenceFields()
	bad.Set("captured_at", env.Clock.Now().Add(24*time.Hour).In(zhifa.CST).Format("2006-01-02T15:04"))
	res := post(bad, content)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "不能晚于当前时间") || !strings.Contains(string(res.Body), "扣押现场录像") {
		t.Errorf("bad upload: %d\n%.2000s", res.Status, res.Body)
	}
	res = post(env.evidenceFields(), content)
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/staff/evidence/") {
		t.Fatalf("upload: %d %s\n%.1000s", res.Status, res.Header.Get("Location"), res.Body)
	}
	page := res.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(page, "/staff/evidence/"), 10, 64)

	// The officer's page plays the video at once; nothing is read until it plays.
	res = env.page(t, "GET", page, loginOfficer, nil)
	content0 := fmt.Sprintf(`/staff/evidence/%d/content`, id)
	for _, want := range []string{`<video controls preload="none" src="` + content0 + `"`, "东港市海滨路88号", "DSJ-A8-000123", env.City.Officer.Name, "条目"} {
		if !strings.Contains(string(res.Body), want) {
			t.Errorf("officer's page lacks %s", want)
		}
	}
	if strings.Contains(string(res.Body), "调阅记录</h2>") {
		t.Error("the officer sees the access log")
	}
	if n := env.accessCount(t, id); n != 0 {
		t.Errorf("showing the page logged %d reads", n)
	}
	// The player's requests: cookie session, ranges.
	res = env.get(t, content0, loginOfficer, "Range", "bytes=10-19")
	if res.Status != http.StatusPartialContent || !bytes.Equal(res.Body, content[10:20]) {
		t.Errorf("page content range: %d", res.Status)
	}
	// The supervisor's page asks for a reason first.
	res = env.page(t, "GET", page, loginSupervisor, nil)
	if !strings.Contains(string(res.Body), `name="reason"`) || strings.Contains(string(res.Body), "<video") {
		t.Errorf("supervisor's page without a reason:\n%.3000s", res.Body)
	}
	res = env.page(t, "GET", page+"?reason="+url.QueryEscape("案卷评查"), loginSupervisor, nil)
	want := content0 + "?reason=" + url.QueryEscape("案卷评查")
	if !strings.Contains(string(res.Body), `<video controls preload="none" src="`+want+`"`) {
		t.Errorf("supervisor's page with a reason lacks the player %s", want)
	}
	if res := env.get(t, content0, loginSupervisor); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("supervisor's player without reason: %d", res.Status)
	}
	if res := env.get(t, want, loginSupervisor, "Range", "bytes=0-9"); res.Status != http.StatusPartialContent {
		t.Errorf("supervisor's player: %d", res.Status)
	}
	// The head sees the access log: the officer's read and the supervisor's with its reason.
	res = env.page(t, "GET", page, loginHead, nil)
	for _, want := range []string{"调阅记录</h2>", "案卷评查", loginSupervisor + "（执法监督人员）", loginOfficer + "（执法人员）"} {
		if !strings.Contains(string(res.Body), want) {
			t.Errorf("head's page lacks %s", want)
		}
	}
	// The list.
	res = env.page(t, "GET", "/staff/evidence?kind=video", loginSupervisor, nil)
	if !strings.Contains(string(res.Body), "扣押现场录像") || !strings.Contains(string(res.Body), "97.7 KiB") {
		t.Errorf("list:\n%.3000s", res.Body)
	}
	if res := env.page(t, "GET", page, loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("county admin's page: %d", res.Status)
	}
}

// slowReader yields its content in small pieces, pausing between them.
type slowReader struct {
	data  []byte
	piece int
	pause time.Duration
}

func (s *slowReader) Read(p []byte) (int, error) {
	if len(s.data) == 0 {
		return 0, io.EOF
	}
	time.Sleep(s.pause)
	n := copy(p[:min(len(p), s.piece)], s.data)
	s.data = s.data[n:]
	return n, nil
}

// TestEvidenceSlowUpload checks that an upload slower than the server's read and write
// timeouts succeeds while data keeps flowing: the deadlines follow the transfer.
func TestEvidenceSlowUpload(t *testing.T) {
	env := newTestEnv(t)
	srv := httptest.NewUnstartedServer(env.Server)
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
	srv.Start()
	defer srv.Close()
	ct, body := multipartUpload(t, env.evidenceFields(), "video/mp4", testMP4(40_000))
	req, err := http.NewRequest("POST", srv.URL+"/api/v1/evidence", &slowReader{data: body, piece: 4000, pause: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+env.token(t, loginOfficer))
	start := time.Now()
	res := env.send(t, req)
	if res.Status != http.StatusCreated {
		t.Fatalf("slow upload: %d %s", res.Status, res.Body)
	}
	if d := time.Since(start); d < time.Second {
		t.Fatalf("the upload took only %v: not slower than the timeouts", d)
	}
}
