package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"zhifa/app/supervision"
)

// pngBytes is the start of a PNG file: enough for the type check by content.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 64)...)

// complaintAttachment is one file of a multipart complaint.
type complaintAttachment struct {
	name string
	data []byte
}

// multipartComplaint builds a public complaint as multipart/form-data: the fields as
// form fields (a fresh proof of work unless fields sets its own) and the files in the
// repeated part "files".
func (env *testEnv) multipartComplaint(t *testing.T, fields map[string]string, files ...complaintAttachment) *http.Request {
	t.Helper()
	var ch supervision.Challenge
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/complaints/challenge", "", nil, &ch)
	all := map[string]string{"kind": "report", "subject": "enterprise", "agency_id": fmt.Sprint(env.Market.ID), "target": "东港市某超市",
		"content": "货架上有过期奶粉", "named": "true", "name": "赵秘密", "phone": "13700001111", "address": "东港市隐私路9号",
		"challenge": ch.Challenge, "nonce": supervision.Solve(ch.Challenge, ch.Bits)}
	for k, v := range fields {
		all[k] = v
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range all {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files"; filename=%q`, f.name))
		h.Set("Content-Type", "application/octet-stream")
		part, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(f.data)
	}
	mw.Close()
	req := env.newRequest(t, "POST", "/api/v1/public/complaints", body.Bytes())
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

// TestComplaintAPIAttachments: the public API takes a complaint with attachments as
// multipart/form-data under the form's limits; the handlers see and download them, the
// public tracking answer never lists them, and the OpenAPI document describes the upload.
func TestComplaintAPIAttachments(t *testing.T) {
	env := newTestEnv(t)
	cheapAbuseControl(env, 50, 50)
	for _, tc := range []struct {
		name   string
		fields map[string]string
		files  []complaintAttachment
		field  string
	}{
		{"an executable", nil, []complaintAttachment{{"a.exe", []byte("MZ\x90\x00\x03\x00\x00\x00")}}, "files[0]"},
		{"an empty file", nil, []complaintAttachment{{"a.png", nil}}, "files[0]"},
		{"too many files", nil, []complaintAttachment{{"1.png", pngBytes}, {"2.png", pngBytes}, {"3.png", pngBytes}, {"4.png", pngBytes},
			{"5.png", pngBytes}, {"6.png", pngBytes}}, "files"},
		{"no proof of work", map[string]string{"challenge": "不是验证题"}, []complaintAttachment{{"a.png", pngBytes}}, "pow"},
		{"a bad agency", map[string]string{"agency_id": "东港"}, nil, "agency_id"},
		{"a bad flag", map[string]string{"named": "maybe"}, nil, "named"},
	} {
		res := env.send(t, env.multipartComplaint(t, tc.fields, tc.files...))
		if res.Status != http.StatusUnprocessableEntity || res.Error().Fields[tc.field] == "" {
			t.Errorf("%s: %d %s", tc.name, res.Status, res.Body)
		}
	}
	big := complaintAttachment{"big.png", append(append([]byte{}, pngBytes...), bytes.Repeat([]byte{0}, supervision.MaxFileSize)...)}
	if res := env.send(t, env.multipartComplaint(t, nil, big)); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Error().Message, "超过") {
		t.Errorf("a file over the limit: %d %s", res.Status, res.Body)
	}

	res := env.send(t, env.multipartComplaint(t, nil, complaintAttachment{"现场照片.png", pngBytes}, complaintAttachment{"说明.txt", []byte("购买小票")}))
	if res.Status != http.StatusCreated {
		t.Fatalf("submit with attachments: %d %s", res.Status, res.Body)
	}
	var rc supervision.Receipt
	res.JSON(t, &rc)
	pub := env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/complaints/"+rc.Number+"?code="+rc.Code, "", nil, nil)
	noPersonalData(t, "tracking", pub.Body)
	for _, s := range []string{"现场照片", "说明.txt", "files", "sha256"} {
		if strings.Contains(string(pub.Body), s) {
			t.Errorf("tracking shows %q: %s", s, pub.Body)
		}
	}

	var list supervision.ListPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/complaints", loginOfficer, nil, &list)
	if len(list.Items) != 1 {
		t.Fatalf("complaints %+v", list.Items)
	}
	path := fmt.Sprintf("/api/v1/complaints/%d", list.Items[0].ID)
	var v supervision.View
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	if len(v.Files) != 2 || v.Files[0].Name != "现场照片.png" || v.Files[0].MIME != "image/png" {
		t.Fatalf("the handler's attachments %+v", v.Files)
	}
	file := fmt.Sprintf("%s/files/%d", path, v.Files[0].ID)
	got := env.apiOK(t, http.StatusOK, "GET", file, loginOfficer, nil, nil)
	if !bytes.Equal(got.Body, pngBytes) || !strings.HasPrefix(got.Header.Get("Content-Disposition"), "attachment") ||
		got.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download: %d %q %q", got.Status, got.Header.Get("Content-Disposition"), got.Body)
	}
	if page := env.page(t, "GET", fmt.Sprintf("/staff/complaints/%d", v.ID), loginOfficer, nil); !strings.Contains(string(page.Body), "现场照片.png") {
		t.Errorf("the complaint page lists no attachment: %d", page.Status)
	}
	for _, tc := range []struct {
		login  string
		status int
	}{{"", 401}, {loginCountyOfficer, 404}, {loginCountyAdmin, 404}, {loginReviewer, 403}} {
		if res := env.api(t, "GET", file, tc.login, nil); res.Status != tc.status {
			t.Errorf("download as %q: %d, want %d", tc.login, res.Status, tc.status)
		}
	}
	if res := env.api(t, "GET", path+"/files/999999", loginOfficer, nil); res.Status != http.StatusNotFound {
		t.Errorf("a missing attachment: %d", res.Status)
	}

	// The OpenAPI document offers the upload beside the JSON body.
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]json.RawMessage `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/openapi.json", "", nil, &doc)
	content := doc.Paths["/api/v1/public/complaints"]["post"].RequestBody.Content
	if _, ok := content["application/json"]; !ok || !strings.Contains(string(content["multipart/form-data"]), `"files"`) {
		t.Errorf("OpenAPI request body %s", content)
	}
}
