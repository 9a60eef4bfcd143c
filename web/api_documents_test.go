package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/web/kit"
)

// documentCase files a penalty case of the market bureau with two certified officers
// and moves it to the investigation, where the notice (告知书) is drafted.
func documentCase(t *testing.T, env *testEnv) *app.CaseView {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "钱七", IDNumber: testPersonID(t, 77),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.City.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("DOC-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := appCtx(env.actor(t, loginOfficer))
	v, err := env.App.FileCase(ctx, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: env.City.Item.Code,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市某某食品有限公司", CreditCode: "91371800MA3C4B5X6Y", Address: "东港市海滨路1号"}},
		Officers: []int64{env.City.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售超过保质期的食品"})
	if err != nil {
		t.Fatal(err)
	}
	if v, err = env.App.Act(ctx, v.ID, "investigate", app.ActionInput{Version: v.Version}); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAPIDocuments walks a notice through the API: the types offered, a prefilled draft,
// a stale save (409), the issue, the issued HTML (access-logged; supervisors give a
// reason), the PDF (or 503 without Chromium), a correction, and the scope: another
// government's officer sees nothing, a supervisor cannot write.
func TestAPIDocuments(t *testing.T) {
	env := newTestEnv(t)
	v := documentCase(t, env)
	casePath := fmt.Sprintf("/api/v1/cases/%d/documents", v.ID)

	var list app.DocumentList
	env.apiOK(t, http.StatusOK, "GET", casePath, loginOfficer, nil, &list)
	if !list.CanCreate || !hasDocType(list.Types, zhifa.DocPenaltyNotice) || hasDocType(list.Types, zhifa.DocPenaltyDecision) {
		t.Errorf("types at the investigation: %+v", list.Types)
	}
	if res := env.api(t, "POST", casePath, loginOfficer, map[string]any{"type": "penalty_decision"}); res.ErrorCode() != zhifa.EINVALID {
		t.Errorf("decision at the investigation: %d %s", res.Status, res.Body)
	}
	var d app.DocumentView
	env.apiOK(t, http.StatusCreated, "POST", casePath, loginOfficer, map[string]any{"type": "penalty_notice"}, &d)
	if d.Fields["party_name"] != "东港市某某食品有限公司" || d.Fields["party_code"] != "91371800MA3C4B5X6Y" || len(d.FieldList) == 0 {
		t.Errorf("prefilled %+v", d.Fields)
	}
	docPath := fmt.Sprintf("/api/v1/documents/%d", d.ID)
	if res := env.api(t, "PUT", docPath, loginOfficer, map[string]any{"version": d.Version + 1, "fields": map[string]string{"proposed": "x"}}); res.Status != http.StatusConflict || res.ErrorCode() != zhifa.ECONFLICT {
		t.Errorf("stale save: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "PUT", docPath, loginSupervisor, map[string]any{"version": d.Version, "fields": map[string]string{"proposed": "x"}}); res.Status != http.StatusForbidden {
		t.Errorf("supervisor save: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "GET", docPath, loginCountyOfficer, nil); res.Status != http.StatusNotFound {
		t.Errorf("county officer read: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "PUT", docPath, loginOfficer, map[string]any{"version": d.Version, "fields": map[string]string{"proposed": "罚款人民币五千元"}}, &d)
	if res := env.api(t, "GET", docPath+"/pdf", loginOfficer, nil); res.ErrorCode() != zhifa.EINVALID {
		t.Errorf("PDF of a draft: %d %s", res.Status, res.Body)
	}
	res := env.api(t, "GET", docPath+"/html", loginOfficer, nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "草稿") || !strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("draft HTML: %d %s", res.Status, res.Header)
	}

	env.apiOK(t, http.StatusOK, "POST", docPath+"/issue", loginOfficer, map[string]any{"version": d.Version}, &d)
	if d.State != zhifa.DocIssued || d.Number == "" || d.EvidenceID == 0 {
		t.Fatalf("issued %+v", d.Document)
	}
	if res := env.api(t, "PUT", docPath, loginOfficer, map[string]any{"version": d.Version, "fields": map[string]string{"proposed": "x"}}); res.Status != http.StatusConflict {
		t.Errorf("save after issue: %d %s", res.Status, res.Body)
	}
	res = env.api(t, "GET", docPath+"/html", loginOfficer, nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), d.Number) || !strings.Contains(string(res.Body), "罚款人民币五千元") ||
		strings.Contains(string(res.Body), "草稿") {
		t.Errorf("issued HTML: %d", res.Status)
	}
	if res := env.api(t, "GET", docPath+"/html", loginSupervisor, nil); res.ErrorCode() != zhifa.EINVALID {
		t.Errorf("supervisor without a reason: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "GET", docPath+"/html?reason="+kit.URLQueryEscape("案卷评查"), loginSupervisor, nil); res.Status != http.StatusOK {
		t.Errorf("supervisor with a reason: %d %s", res.Status, res.Body)
	}

	// The test server has no printer (app.Options.Printer): the document was issued
	// without a PDF, and asking for one is 503 with a Chinese message, on the API and
	// the page; the print view still works. Printing at issue: app's TestDocumentPDFStored.
	if res := env.api(t, "GET", docPath+"/pdf", loginOfficer, nil); res.Status != http.StatusServiceUnavailable ||
		!strings.Contains(string(res.Body), "EUNAVAILABLE") || !strings.Contains(string(res.Body), "打印") {
		t.Errorf("PDF without Chromium: %d %s", res.Status, res.Body)
	}
	pagePath := fmt.Sprintf("/staff/documents/%d", d.ID)
	if res := env.page(t, "GET", pagePath+"/pdf", loginOfficer, nil); res.Status != http.StatusServiceUnavailable || !strings.Contains(string(res.Body), "暂时无法生成 PDF") {
		t.Errorf("PDF page without Chromium: %d", res.Status)
	}
	if res := env.page(t, "GET", pagePath+"/print", loginOfficer, nil); res.Status != http.StatusOK {
		t.Errorf("print view without Chromium: %d", res.Status)
	}

	var c app.DocumentView
	env.apiOK(t, http.StatusCreated, "POST", docPath+"/correct", loginOfficer, map[string]any{"reason": "拟处罚金额笔误"}, &c)
	if c.Corrects != d.ID || c.State != zhifa.DocDraft {
		t.Errorf("correction %+v", c.Document)
	}
	env.apiOK(t, http.StatusOK, "GET", casePath, loginSupervisor, nil, &list)
	if len(list.Documents) != 2 || list.CanCreate {
		t.Errorf("supervisor's list %+v", list)
	}
	// Now the notice is issued, the party may be notified (行政处罚法 Art. 44).
	cv, err := env.App.Case(appCtx(env.actor(t, loginOfficer)), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range cv.Missing {
		if m.Action == "notify" && strings.Contains(m.Rule, "事先告知书") {
			t.Errorf("the notice gate is still listed: %+v", m)
		}
	}
}

func hasDocType(list []app.DocTypeOption, t zhifa.DocType) bool {
	for _, o := range list {
		if o.Type == t {
			return true
		}
	}
	return false
}

// TestPageDocuments drives the staff pages without a browser: the case page's section,
// a new draft, a save with a field error kept, the issue refused without the confirmation,
// then issued, and the print view with its toolbar.
func TestPageDocuments(t *testing.T) {
	env := newTestEnv(t)
	v := documentCase(t, env)
	casePage := fmt.Sprintf("/staff/cases/%d", v.ID)
	body := string(env.page(t, "GET", casePage, loginOfficer, nil).Body)
	wantText(t, "case page", body, `id="doc-new"`, "行政处罚事先告知书", "尚无文书")
	res := env.page(t, "POST", casePage+"/documents", loginOfficer, map[string][]string{"type": {"penalty_notice"}})
	doc := location(t, res)
	if !strings.HasPrefix(doc, "/staff/documents/") {
		t.Fatalf("created → %s", doc)
	}
	body = string(env.page(t, "GET", doc, loginOfficer, nil).Body)
	wantText(t, "edit page", body, `id="doc-form"`, "东港市某某食品有限公司", "保存草稿", "签发", doc+"/preview")
	if res := env.page(t, "GET", doc+"/preview", loginOfficer, nil); res.Status != 200 || !strings.Contains(string(res.Body), "草稿") {
		t.Errorf("preview %d", res.Status)
	}
	var version string
	if i := strings.Index(body, `name="version" value="`); i >= 0 {
		version = body[i+len(`name="version" value="`):]
		version = version[:strings.Index(version, `"`)]
	}
	res = env.page(t, "POST", doc, loginOfficer, map[string][]string{"version": {version}, "fields.proposed": {strings.Repeat("长", 8001)}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "不能超过") {
		t.Errorf("too long a field: %d", res.Status)
	}
	location(t, env.page(t, "POST", doc, loginOfficer, map[string][]string{"version": {version}, "fields.proposed": {"罚款人民币五千元"}}))
	res = env.page(t, "POST", doc+"/issue", loginOfficer, map[string][]string{"version": {"2"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "请勾选确认") {
		t.Errorf("issue without confirmation: %d", res.Status)
	}
	location(t, env.page(t, "POST", doc+"/issue", loginOfficer, map[string][]string{"version": {"2"}, "confirm": {"1"}}))
	body = string(env.page(t, "GET", doc, loginOfficer, nil).Body)
	wantText(t, "issued page", body, "已签发", "打印视图", "制作更正文书", "!保存草稿")
	res = env.page(t, "GET", doc+"/print", loginOfficer, nil)
	if res.Status != 200 || !strings.Contains(string(res.Body), `id="zhifa-print"`) || !strings.Contains(string(res.Body), "print.js") {
		t.Errorf("print view %d", res.Status)
	}
	body = string(env.page(t, "GET", casePage, loginOfficer, nil).Body)
	wantText(t, "case page after issue", body, "已签发", doc+"/print")
	// A supervisor reads, without the forms.
	body = string(env.page(t, "GET", doc, loginSupervisor, nil).Body)
	wantText(t, "supervisor's page", body, "调阅事由", "!制作更正文书")
	if res := env.page(t, "GET", doc, loginCountyOfficer, nil); res.Status != http.StatusNotFound {
		t.Errorf("county officer: %d", res.Status)
	}
}
