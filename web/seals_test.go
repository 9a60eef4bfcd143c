package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app"
	"zhifa/seal"
	"zhifa/seal/sealtest"
)

// pdfStub prints a small real PDF for every document (no Chromium needed).
type pdfStub struct{}

func (pdfStub) PDF(context.Context, []byte) ([]byte, error) { return sealtest.PDF("document"), nil }

// sealEnv is a test server whose App has a seal CA and a PDF printer: the App and the
// handler are swapped under the running test server (sessions live in the store).
func sealEnv(t *testing.T) (*testEnv, *seal.CA) {
	t.Helper()
	env := newTestEnv(t)
	ca, err := seal.NewCA(seal.SM2, "测试电子印章证书机构", env.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	env.App = app.New(env.Store, app.Options{Now: env.Clock.Now, Logger: quiet, LedgerSigner: env.Signer, Blobs: env.Blobs,
		Argon2: testArgon2, Printer: pdfStub{}, SealCA: ca})
	env.Server = New(env.App, Options{Logger: quiet})
	env.HTTP.Config.Handler = env.Server
	return env, ca
}

// sealedDocument issues a 行政处罚事先告知书 of a new market case as the officer and
// returns its stored (signed) PDF.
func (env *testEnv) sealedDocument(t *testing.T) ([]byte, *app.DocumentView) {
	t.Helper()
	v := env.fileTestCase(t)
	ctx := app.WithActor(context.Background(), env.actor(t, loginOfficer))
	if _, err := env.App.Act(ctx, v.ID, "investigate", app.ActionInput{Version: v.Version}); err != nil {
		t.Fatal(err)
	}
	d, err := env.App.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocPenaltyNotice})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = env.App.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: map[string]string{
		"proposed": "罚款人民币五千元", "party_address": "东港市海滨路1号"}}); err != nil {
		t.Fatal(err)
	}
	if d, err = env.App.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version}); err != nil {
		t.Fatal(err)
	}
	pdf, _, err := env.App.DocumentPDF(ctx, d.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	return pdf, d
}

// uploadPDF posts a file to the public verification page.
func (env *testEnv) uploadPDF(t *testing.T, pdf []byte) *response {
	t.Helper()
	ctype, body := multipartBody(t, "file", "文书.pdf", pdf)
	req, err := http.NewRequest("POST", env.HTTP.URL+"/seals/verify", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	return env.send(t, req)
}

// TestSealPages: the market admin generates and revokes the bureau's seal from its page;
// the officer and the county's admin cannot; the portal lists the certificates and the
// CA's, and verifies an issued PDF, refusing a flipped byte, all without the revocation
// reason, people or logins.
func TestSealPages(t *testing.T) {
	env, _ := sealEnv(t)
	namePeople(t, env)
	seals := fmt.Sprintf("/staff/agencies/%d/seals", env.Market.ID)
	for _, tc := range []struct {
		login  string
		status int
	}{
		{loginOfficer, http.StatusForbidden},
		{loginCountyAdmin, http.StatusNotFound},
	} {
		if res := env.page(t, "GET", seals, tc.login, nil); res.Status != tc.status {
			t.Errorf("GET as %s: %d, want %d", tc.login, res.Status, tc.status)
		}
		if res := env.page(t, "POST", seals, tc.login, url.Values{"algorithm": {"sm2"}}); res.Status != tc.status {
			t.Errorf("POST as %s: %d, want %d", tc.login, res.Status, tc.status)
		}
	}
	res := env.page(t, "POST", seals, loginAdmin, url.Values{"algorithm": {"sm2"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != seals {
		t.Fatalf("generate: %d %s", res.Status, res.Header.Get("Location"))
	}
	res = env.page(t, "GET", seals, loginAdmin, nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "在用") {
		t.Fatalf("seal page: %d\n%.500s", res.Status, res.Body)
	}
	pdf, d := env.sealedDocument(t)

	if res := env.page(t, "GET", fmt.Sprintf("/staff/documents/%d", d.ID), loginOfficer, nil); !strings.Contains(string(res.Body), "已加盖电子印章") {
		t.Errorf("the document page does not say it is sealed: %d", res.Status)
	}
	res = env.uploadPDF(t, pdf)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "签章有效") || !strings.Contains(string(res.Body), d.Number) {
		t.Fatalf("verify: %d\n%s", res.Status, res.Body)
	}
	// The same through the API.
	ctype, body := multipartBody(t, "file", "a.pdf", pdf)
	req, err := http.NewRequest("POST", env.HTTP.URL+"/api/v1/public/seals/verify", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	var check app.SealCheck
	if res := env.send(t, req); res.Status != http.StatusOK {
		t.Fatalf("API verify: %d %s", res.Status, res.Body)
	} else if res.JSON(t, &check); !check.Valid || check.Number != d.Number {
		t.Errorf("API verify: %+v", check)
	}
	var register app.SealKeyPage
	if res := env.api(t, "GET", "/api/v1/public/seals", "", nil); res.Status != http.StatusOK {
		t.Fatalf("API register: %d", res.Status)
	} else if res.JSON(t, &register); len(register.Keys) != 1 || strings.Contains(string(res.Body), "wrapped") {
		t.Errorf("API register: %s", res.Body)
	}
	if res := env.api(t, "POST", fmt.Sprintf("/api/v1/agencies/%d/seals", env.Ecology.ID), loginAdmin, app.SealKeyInput{}); res.Status != http.StatusNotFound {
		t.Errorf("market admin generates the ecology bureau's seal by API: %d", res.Status)
	}
	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/agencies/%d/seals", env.Market.ID), loginAdmin, nil); res.Status != http.StatusOK ||
		strings.Contains(string(res.Body), "wrapped") || strings.Contains(string(res.Body), "certificate") {
		t.Errorf("API agency seals: %d %s", res.Status, res.Body)
	}

	bad := bytes.Clone(pdf)
	bad[30] ^= 1
	if res := env.uploadPDF(t, bad); !strings.Contains(string(res.Body), "签章无效") || !strings.Contains(string(res.Body), "被修改过") {
		t.Errorf("flipped byte: %d\n%s", res.Status, res.Body)
	}
	if res := env.uploadPDF(t, nil); res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "请选择") {
		t.Errorf("empty upload: %d\n%s", res.Status, res.Body)
	}

	// Revoke from the page (the officer may not); the reason stays internal.
	var keyID int64
	if err := env.Store.View(context.Background(), func(tx zhifa.Tx) error {
		k, err := tx.ActiveSealKey(context.Background(), env.Market.ID)
		if err == nil {
			keyID = k.ID
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Minute)
	revoke := fmt.Sprintf("/staff/seals/%d/revoke", keyID)
	const reason = "内部原因：保管人员离职未交接"
	if res := env.page(t, "POST", revoke, loginOfficer, url.Values{"reason": {reason}}); res.Status != http.StatusForbidden {
		t.Errorf("officer revokes: %d %s", res.Status, res.Header.Get("Location"))
	}
	if res := env.page(t, "POST", revoke, loginCountyAdmin, url.Values{"reason": {reason}}); res.Status != http.StatusNotFound {
		t.Errorf("county admin revokes: %d", res.Status)
	}
	if res := env.page(t, "POST", revoke, loginAdmin, url.Values{"reason": {reason}, "agency": {fmt.Sprint(env.Market.ID)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	// What the portal serves carries no reason, person or login.
	served := map[string]string{}
	for _, path := range []string{"/seals", "/seals/verify", "/seals/ca.pem", fmt.Sprintf("/seals/%d/cert.pem", keyID)} {
		res := env.page(t, "GET", path, "", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.Status)
		}
		served[path] = string(res.Body)
	}
	served["verify result"] = string(env.uploadPDF(t, pdf).Body)
	for path, body := range served {
		for _, secret := range []string{reason, loginAdmin, loginOfficer, env.Users[loginAdmin].Name, env.Users[loginOfficer].Name, "李某", "11010519491231002X"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s serves %q", path, secret)
			}
		}
	}
	served["staff page"] = string(env.page(t, "GET", seals, loginAdmin, nil).Body)
	for path, body := range served {
		if strings.HasSuffix(path, ".pem") {
			continue
		}
		for _, f := range plainTextFaults(visibleText(body), false) {
			t.Errorf("%s: %s", path, f)
		}
	}
	if !strings.Contains(served["/seals"], "已吊销") || !strings.Contains(served["/seals/ca.pem"], "BEGIN CERTIFICATE") {
		t.Errorf("portal register:\n%s", served["/seals"])
	}
	if !strings.Contains(served["verify result"], "吊销之前签章") {
		t.Errorf("verify after revocation:\n%s", served["verify result"])
	}
}

// TestBrowserSealVerify: in a real browser, the public opens the verification page from
// the portal's navigation, uploads an issued PDF and reads that its seal is valid, then
// uploads a copy with one byte changed and reads that it was modified.
func TestBrowserSealVerify(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	env, _ := sealEnv(t)
	if _, err := env.App.GenerateSealKey(app.WithActor(context.Background(), env.actor(t, loginAdmin)), env.Market.ID, app.SealKeyInput{}); err != nil {
		t.Fatal(err)
	}
	pdf, d := env.sealedDocument(t)
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.pdf"), filepath.Join(dir, "bad.pdf")
	tampered := bytes.Clone(pdf)
	tampered[len(tampered)/3] ^= 1
	for p, b := range map[string][]byte{good: pdf, bad: tampered} {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx := caseBrowser(t)
	caseDo(t, ctx, "open the portal's seal page",
		chromedp.Navigate(env.HTTP.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/seals"]`)), domClick(`nav a[href="/seals"]`),
		chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "电子印章公示")]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/seals/verify"]`)), domClick(`a.btn[href="/seals/verify"]`),
		chromedp.WaitVisible(chromedp.ID("seal-file")),
	)
	for _, tc := range []struct {
		file, want, also string
	}{
		{good, "签章有效", d.Number},
		{bad, "签章无效", "被修改过"},
	} {
		caseDo(t, ctx, "upload "+filepath.Base(tc.file),
			chromedp.Navigate(env.HTTP.URL+"/seals/verify"),
			chromedp.WaitVisible(chromedp.ID("seal-file")),
			chromedp.SetUploadFiles(chromedp.ID("seal-file"), []string{tc.file}),
			domClick("#seal-verify"),
			chromedp.WaitVisible(chromedp.ID("seal-result")),
		)
		text := caseGet(t, ctx, "read the result", chromedp.Text(chromedp.ID("seal-result")))
		if !strings.Contains(text, tc.want) || !strings.Contains(text, tc.also) {
			t.Errorf("%s: result %q, want %q and %q", filepath.Base(tc.file), text, tc.want, tc.also)
		}
	}
}
