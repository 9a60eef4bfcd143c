package web

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa/web/kit"
)

// postPhoto posts data as the photo of the officer through the officer page's form.
func postPhoto(t *testing.T, env *testEnv, login string, officerID int64, data []byte) *response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("photo", "photo.png")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest("POST", env.HTTP.URL+fmt.Sprintf("/staff/officers/%d/photo", officerID), &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if login != "" {
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: env.sessionCookie(t, login)})
	}
	return env.send(t, req)
}

// TestOfficerPhotoPages uploads an officer's photo as the admin and finds it on the
// officer's page, the public officer page and the public certificate check; lower roles,
// another county and files that are not pictures are refused (issue #12).
func TestOfficerPhotoPages(t *testing.T) {
	env := newTestEnv(t)
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 3, 4))); err != nil {
		t.Fatal(err)
	}
	officer := env.City.Officer.ID
	if res := env.page(t, "GET", fmt.Sprintf("/officers/%d/photo", officer), "", nil); res.Status != http.StatusNotFound {
		t.Errorf("photo before the upload: %d", res.Status)
	}
	for _, tc := range []struct {
		login  string
		data   []byte
		status int
	}{
		{loginOfficer, img.Bytes(), http.StatusForbidden},
		{loginCountyAdmin, img.Bytes(), http.StatusNotFound},
		{loginAdmin, []byte("GIF89a? no, plain text"), http.StatusUnprocessableEntity},
		{"", img.Bytes(), http.StatusSeeOther},
	} {
		res := postPhoto(t, env, tc.login, officer, tc.data)
		if res.Status != tc.status || (tc.login == "" && !strings.HasPrefix(res.Header.Get("Location"), "/login")) {
			t.Errorf("upload as %q: %d, want %d", tc.login, res.Status, tc.status)
		}
	}
	if res := postPhoto(t, env, loginAdmin, officer, img.Bytes()); res.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d %.300s", res.Status, res.Body)
	}
	for _, p := range []struct{ path, login, want string }{
		{fmt.Sprintf("/staff/officers/%d", officer), loginHead, fmt.Sprintf(`src="/staff/officers/%d/photo"`, officer)},
		{fmt.Sprintf("/officers/%d", officer), "", fmt.Sprintf(`src="/officers/%d/photo"`, officer)},
		{"/cert/" + url.PathEscape(env.City.Cert.Number), "", fmt.Sprintf(`src="/officers/%d/photo"`, officer)},
	} {
		res := env.page(t, "GET", p.path, p.login, nil)
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), p.want) {
			t.Errorf("%s: %d, lacks %s", p.path, res.Status, p.want)
		}
	}
	for _, p := range []struct{ path, login string }{
		{fmt.Sprintf("/officers/%d/photo", officer), ""},
		{fmt.Sprintf("/staff/officers/%d/photo", officer), loginHead},
	} {
		res := env.page(t, "GET", p.path, p.login, nil)
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(res.Body, img.Bytes()) {
			t.Errorf("%s: %d %s", p.path, res.Status, res.Header.Get("Content-Type"))
		}
	}
	if res := env.page(t, "GET", fmt.Sprintf("/staff/officers/%d/photo", officer), loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("the county's admin reads the city officer's photo: %d", res.Status)
	}
}
