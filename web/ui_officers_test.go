package web

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/web/kit"
	"zhifa/web/personnel"
)

// TestUIOfficerPersonalData checks where the 身份证号 and the phone appear: never on the
// portal, masked in the workspace, in full only after the audited reveal.
func TestUIOfficerPersonalData(t *testing.T) {
	env := newTestEnv(t)
	o := env.City.Officer
	idNumber := testPersonID(t, 1)
	full, err := env.App.Personnel().RevealOfficer(appCtx(env.actor(t, loginAdmin)), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if full.IDNumber != idNumber {
		t.Fatalf("seeded ID %s, want %s", full.IDNumber, idNumber)
	}
	birth := idNumber[6:14]

	for _, path := range []string{fmt.Sprintf("/officers/%d", o.ID), "/officers", fmt.Sprintf("/agencies/%d", env.Market.ID),
		"/cert/" + url.PathEscape(env.City.Cert.Number)} {
		body := string(env.page(t, "GET", path, "", nil).Body)
		wantText(t, "public "+path, body, "张三", "!"+idNumber, "!"+birth, "!"+o.IDMasked, "!"+full.Phone, "!身份证")
	}

	staff := fmt.Sprintf("/staff/officers/%d", o.ID)
	body := string(env.page(t, "GET", staff, loginAdmin, nil).Body)
	wantText(t, "staff page", body, o.IDMasked, "!"+idNumber, "!"+full.Phone, "查看完整信息")

	before := auditCount(t, env, "officer.read_personal")
	res := env.page(t, "POST", staff+"/reveal", loginAdmin, url.Values{})
	if res.Status != http.StatusOK {
		t.Fatalf("reveal: %d\n%s", res.Status, res.Body)
	}
	wantText(t, "revealed page", string(res.Body), idNumber, full.Phone, "本次查看已记入审计日志", "!查看完整信息")
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("revealed page Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	if after := auditCount(t, env, "officer.read_personal"); after != before+1 {
		t.Errorf("reveal audited %d times, want 1", after-before)
	}

	// A supervisor may reveal within scope; an officer may not; the county admin cannot
	// see the city's officer at all.
	if res := env.page(t, "POST", staff+"/reveal", loginSupervisor, url.Values{}); res.Status != 200 || !strings.Contains(string(res.Body), idNumber) {
		t.Errorf("supervisor reveal: %d", res.Status)
	}
	if res := env.page(t, "POST", staff+"/reveal", loginOfficer, url.Values{}); res.Status != http.StatusForbidden || strings.Contains(string(res.Body), idNumber) {
		t.Errorf("officer reveal: %d", res.Status)
	}
	if res := env.page(t, "POST", staff+"/reveal", loginCountyAdmin, url.Values{}); res.Status != http.StatusNotFound || strings.Contains(string(res.Body), idNumber) {
		t.Errorf("county admin reveal: %d", res.Status)
	}
	// The edit form never carries the personal data either.
	edit := string(env.page(t, "GET", staff+"/edit", loginAdmin, nil).Body)
	wantText(t, "edit form", edit, "!"+idNumber, "!"+full.Phone, o.IDMasked)
}

// auditCount counts the audit lines of an action.
func auditCount(t *testing.T, env *testEnv, action string) int {
	t.Helper()
	_, total, err := env.App.Audit(appCtx(env.actor(t, loginAdmin)), zhifa.AuditFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

// TestUIOfficerQRCode checks the QR code image of an officer's certificate.
func TestUIOfficerQRCode(t *testing.T) {
	env := newTestEnv(t)
	res := env.page(t, "GET", fmt.Sprintf("/officers/%d/qr.png", env.City.Officer.ID), "", nil)
	if res.Status != 200 || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("QR: %d %q", res.Status, res.Header.Get("Content-Type"))
	}
	img, err := png.Decode(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatalf("QR is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 100 || b.Dx() != b.Dy() {
		t.Errorf("QR image %v", b)
	}
	// An officer without a certificate has no QR code.
	if res := env.page(t, "GET", fmt.Sprintf("/officers/%d/qr.png", env.BranchOfficer.ID), "", nil); res.Status != http.StatusNotFound {
		t.Errorf("QR without certificate: %d", res.Status)
	}
}

// TestUICertURL checks the absolute address the QR code encodes.
func TestUICertURL(t *testing.T) {
	tests := []struct {
		host, proto string
		tls         bool
		want        string
	}{
		{"zhifa.example.gov.cn", "", false, "http://zhifa.example.gov.cn/cert/%E4%B8%9C%E5%B8%82%E7%9B%91%E6%89%A7001"},
		{"zhifa.example.gov.cn", "https", false, "https://zhifa.example.gov.cn/cert/%E4%B8%9C%E5%B8%82%E7%9B%91%E6%89%A7001"},
		{"127.0.0.1:8080", "", true, "https://127.0.0.1:8080/cert/%E4%B8%9C%E5%B8%82%E7%9B%91%E6%89%A7001"},
	}
	for _, tt := range tests {
		r, _ := http.NewRequest("GET", "http://"+tt.host+"/officers/1/qr.png", nil)
		r.Host = tt.host
		if tt.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tt.proto)
		}
		if tt.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if got := personnel.CertURL(r, "东市监执001"); got != tt.want {
			t.Errorf("certURL(%s, %q, tls=%v) = %s, want %s", tt.host, tt.proto, tt.tls, got, tt.want)
		}
	}
}

// TestUICrossOriginPost checks that a form posted from another site is refused (CSRF).
func TestUICrossOriginPost(t *testing.T) {
	env := newTestEnv(t)
	path := fmt.Sprintf("/staff/officers/%d/certificates/%d/state", env.City.Officer.ID, env.City.Cert.ID)
	form := url.Values{"state": {"suspended"}, "reason": {"跨站请求"}}
	req, _ := http.NewRequest("POST", env.HTTP.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: env.sessionCookie(t, loginAdmin)})
	if res := env.send(t, req); res.Status != http.StatusForbidden {
		t.Fatalf("cross-origin POST: %d", res.Status)
	}
	if c, err := env.App.Personnel().CheckCertificate(t.Context(), env.City.Cert.Number); err != nil || c.Label != "有效" {
		t.Fatalf("the certificate changed: %v %v", c, err)
	}
}
