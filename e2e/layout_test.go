package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
)

// seedCatalog adds an officer with a certificate and a training, and an item, and
// returns the officer's and the item's IDs.
func seedCatalog(t *testing.T, s *site) (officerID, itemID int64) {
	t.Helper()
	o, err := s.App.Personnel().CreateOfficer(s.Sys, personnel.OfficerInput{AgencyID: s.Market.ID, Name: "李明华", IDNumber: "11010519491231002X",
		Phone: "13800138000", Position: "执法大队副大队长", Domains: []string{"市场监管", "食品安全"}, Reviewer: true,
		ExamPassed: true, ExamDate: zhifa.MustDate("2019-06-01"), Active: true})
	if err != nil {
		t.Fatalf("seed officer: %v", err)
	}
	if _, err := s.App.Personnel().IssueCertificate(s.Sys, o.ID, personnel.CertInput{Number: "DGSJ-2024-018", Issuer: "东港市人民政府",
		ValidFrom: zhifa.MustDate("2024-01-01"), ValidUntil: zhifa.MustDate("2029-12-31")}); err != nil {
		t.Fatalf("seed certificate: %v", err)
	}
	if _, err := s.App.Personnel().AddTraining(s.Sys, o.ID, personnel.TrainingInput{Date: s.App.Today(), Hours: 16, Topic: "新修订行政处罚法专题培训",
		Kind: zhifa.TrainingGeneralLaw, Provider: "东港市司法局"}); err != nil {
		t.Fatalf("seed training: %v", err)
	}
	item, err := s.App.Catalog().CreateItem(s.Sys, catalog.ItemInput{Code: "DG-SJ-CF-0001", Name: "对经营超过保质期的食品的行政处罚", Category: zhifa.CatPenalty,
		AgencyID: s.Market.ID, Domain: "食品安全",
		Basis:     []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条"}, {Law: "行政处罚法", Article: "第四十四条"}},
		Procedure: "立案、调查取证、告知、听取陈述申辩、法制审核、决定、送达、执行", TimeLimit: "自立案之日起九十日内作出决定",
		Remedy:    "对处罚决定不服的，可以自收到决定书之日起六十日内申请行政复议，或者六个月内提起行政诉讼。",
		Guide:     zhifa.ServiceGuide{AcceptingOrg: "东港市市场监督管理局", OfficeHours: "工作日 8:30-17:00", Address: "东港市人民路1号", Phone: "0415-1234567"},
		Flowchart: []string{"立案", "调查取证", "告知", "法制审核", "决定", "送达", "执行"}})
	if err != nil {
		t.Fatalf("seed item: %v", err)
	}
	return o.ID, item.ID
}

// TestBrowserPhoneLayout opens the main pages of the portal and the workspace at the width
// of a phone and checks that none is wider than the screen: wide tables scroll inside
// their own box. It saves screenshots of a few pages to the temp directory.
func TestBrowserPhoneLayout(t *testing.T) {
	s := startSite(t)
	officerID, itemID := seedCatalog(t, s)
	ctx := newBrowser(t)
	jsErrors := consoleErrors(t, ctx)
	do(t, ctx, "log in",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-login")),
		chromedp.SendKeys(chromedp.ID("f-login"), adminLogin),
		chromedp.SendKeys(chromedp.ID("f-password"), adminPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "工作台")]`)),
	)
	oid, iid := strconv.FormatInt(officerID, 10), strconv.FormatInt(itemID, 10)
	pages := []struct{ path, shot string }{
		{"/", "zhifa-home-phone.png"},
		{"/agencies", ""},
		{"/agencies/" + strconv.FormatInt(s.Market.ID, 10), ""},
		{"/items", ""},
		{"/items/DG-SJ-CF-0001", "zhifa-item-phone.png"},
		{"/officers", ""},
		{"/officers/" + oid, ""},
		{"/cert/DGSJ-2024-018", ""},
		{"/laws", ""},
		{"/laws/行政处罚法", ""},
		{"/staff/", ""},
		{"/staff/officers", "zhifa-staff-officers-phone.png"},
		{"/staff/officers/" + oid, "zhifa-staff-officer-phone.png"},
		{"/staff/officers/new", ""},
		{"/staff/items", ""},
		{"/staff/items/" + iid, ""},
		{"/staff/items/" + iid + "/edit", ""},
		{"/staff/agencies", ""},
		{"/staff/users", ""},
		{"/staff/audit", ""},
		{"/staff/import", ""},
	}
	do(t, ctx, "phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, p := range pages {
		do(t, ctx, "open "+p.path, chromedp.Navigate(s.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		overflow := get(t, ctx, "measure "+p.path, chromedp.Evaluate[string](
			`(() => { const w = document.documentElement.scrollWidth, v = window.innerWidth; return w > v ? w + ">" + v : ""; })()`))
		if overflow != "" {
			t.Errorf("%s is wider than a phone screen: %s px", p.path, overflow)
		}
		if p.shot != "" {
			screenshot(t, ctx, p.shot)
		}
	}

	do(t, ctx, "desktop viewport", chromedp.EmulateViewport(1280, 900))
	for _, p := range []struct{ path, shot string }{
		{"/", "zhifa-home.png"},
		{"/staff/", "zhifa-dashboard.png"},
		{"/items/DG-SJ-CF-0001", "zhifa-item.png"},
		{"/laws/行政处罚法#art-42", "zhifa-law.png"},
		{"/staff/officers/new", "zhifa-officer-form.png"},
		{"/agencies", "zhifa-agencies.png"},
	} {
		do(t, ctx, "open "+p.path, chromedp.Navigate(s.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		screenshot(t, ctx, p.shot)
	}
	// A failed form keeps what was typed and shows the problem next to the field.
	do(t, ctx, "submit a bad item",
		chromedp.Navigate(s.URL+"/staff/items/new"),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SendKeys(chromedp.ID("f-code"), "DG-SJ-CF-0002"),
		chromedp.SendKeys(chromedp.CSS(`[id="f-basis.0.law"]`), "行政处罚法"),
		chromedp.SendKeys(chromedp.CSS(`[id="f-basis.0.article"]`), "第九百条"),
		chromedp.Click(chromedp.CSS(`main form .actions button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`[id="err-basis.0.article"]`)),
	)
	msg := get(t, ctx, "read error", chromedp.Text(chromedp.CSS(`[id="err-basis.0.article"]`)))
	if want := "没有第900条"; !strings.Contains(msg, want) {
		t.Errorf("basis error %q, want it to contain %q", msg, want)
	}
	if code := get(t, ctx, "read code", chromedp.Value(chromedp.ID("f-code"))); code != "DG-SJ-CF-0002" {
		t.Errorf("the form lost the code: %q", code)
	}
	screenshot(t, ctx, "zhifa-item-form-errors.png")
	for _, e := range jsErrors() {
		t.Errorf("browser error: %s", e)
	}
}
