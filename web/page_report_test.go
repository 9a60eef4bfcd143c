package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
)

// reportFixture gives the market bureau a penalty decided in 2025 (the publication
// fixture's case, decided on 2025-06-02 with 罚款 5,000 yuan): last year's report then
// has something to count.
func (env *testEnv) reportFixture(t *testing.T) *zhifa.Publication {
	t.Helper()
	p := env.publicationFixture(t)
	ctx := context.Background()
	err := env.Store.Update(ctx, func(tx zhifa.Tx) error {
		c, err := tx.Case(ctx, p.CaseID)
		if err != nil {
			return err
		}
		c.Stage, c.State.DecidedOn, c.State.FineFen = zhifa.StageDecide, zhifa.MustDate("2025-06-02"), 500000
		return tx.UpdateCase(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReportPages: the officer generates last year's report on the page and notes a
// figure, another government's admin cannot see it, the officer cannot approve it, the
// head approves it; then the portal's list, page, XLSX, print view, PDF (no printer here:
// the print view is offered) and the government's roll-up are served without login,
// carry no personal data nor internal ID, and the warning is gone (C6).
func TestReportPages(t *testing.T) {
	env := newTestEnv(t)
	namePeople(t, env)
	env.reportFixture(t)
	year := env.App.Today().Year - 1
	warned := func() bool {
		ws, err := env.App.CaseWarnings(app.WithActor(context.Background(), env.actor(t, loginHead)))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			if w.Kind == app.WarnAnnualReport && w.AgencyID == env.Market.ID {
				return true
			}
		}
		return false
	}
	if !warned() {
		t.Errorf("no warning before the report is published")
	}
	res := env.page(t, "GET", "/staff/reports", loginOfficer, nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), fmt.Sprintf(`id="generate-%d"`, env.Market.ID)) {
		t.Fatalf("reports page: %d", res.Status)
	}
	gen := url.Values{"agency_id": {fmt.Sprint(env.Market.ID)}, "year": {fmt.Sprint(year)}}
	if res := env.page(t, "POST", "/staff/reports", loginCountyAdmin, gen); res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
		t.Errorf("another government's admin generates: %d", res.Status)
	}
	res = env.page(t, "POST", "/staff/reports", loginOfficer, gen)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("generate: %d %s", res.Status, res.Body)
	}
	detail := res.Header.Get("Location")
	res = env.page(t, "GET", detail, loginOfficer, nil)
	body := string(res.Body)
	if res.Status != http.StatusOK || !strings.Contains(body, "notes-form") || strings.Contains(body, "approve-form") ||
		!strings.Contains(body, "5000.00") {
		t.Fatalf("officer's report page: %d\n%s", res.Status, body)
	}
	if res := env.page(t, "GET", detail, loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("another government's admin opens the report: %d", res.Status)
	}
	if res := env.page(t, "POST", detail+"/notes", loginOfficer, url.Values{"version": {"1"}, "note.money.fines": {"含一件从轻处罚"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("notes: %d", res.Status)
	}
	if res := env.page(t, "POST", detail+"/approve", loginOfficer, url.Values{"version": {"2"}}); res.Status != http.StatusForbidden {
		t.Errorf("the officer approves: %d", res.Status)
	}
	res = env.page(t, "GET", detail, loginHead, nil)
	if !strings.Contains(string(res.Body), "approve-form") {
		t.Fatalf("the head's page has no approval form")
	}
	if faults := plainTextFaults(visibleText(string(res.Body)), false); len(faults) > 0 {
		t.Errorf("the staff report page shows codes: %v", faults)
	}
	if res := env.page(t, "POST", detail+"/approve", loginHead, url.Values{"version": {"2"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.Status)
	}
	if warned() {
		t.Errorf("warning after publication")
	}
	id := strings.TrimPrefix(detail, "/staff/reports/")
	served := map[string]string{}
	for _, path := range []string{"/reports", "/reports/" + id, "/reports/" + id + "/xlsx", "/reports/" + id + "/print",
		fmt.Sprintf("/governments/%d/report?year=%d", env.CityGov.ID, year)} {
		res := env.page(t, "GET", path, "", nil)
		if res.Status != http.StatusOK {
			t.Errorf("%s: %d", path, res.Status)
		}
		served[path] = string(res.Body)
	}
	if res := env.page(t, "GET", "/reports/"+id+"/pdf", "", nil); res.Status != http.StatusServiceUnavailable || !strings.Contains(string(res.Body), "打印视图") {
		t.Errorf("pdf without a printer: %d", res.Status)
	}
	if !strings.Contains(served["/reports/"+id], "含一件从轻处罚") || !strings.Contains(served["/reports/"+id], "<svg") ||
		!strings.Contains(served["/reports/"+id], "东港市人民政府") {
		t.Errorf("the report page lacks the note, the charts or the recipient")
	}
	if !strings.HasPrefix(served["/reports/"+id+"/xlsx"], "PK") {
		t.Errorf("xlsx is not a zip")
	}
	for path, body := range served {
		for _, secret := range []string{"李建国", "建国", "11010519491231002X", "13912345678", "18号", "裁量理由", loginOfficer, loginHead} {
			if strings.Contains(body, secret) {
				t.Errorf("%s serves %q without login", path, secret)
			}
		}
	}
	for _, path := range []string{"/reports", "/reports/" + id, fmt.Sprintf("/governments/%d/report?year=%d", env.CityGov.ID, year)} {
		if faults := plainTextFaults(visibleText(served[path]), false); len(faults) > 0 {
			t.Errorf("%s shows codes: %v", path, faults)
		}
	}
	// Bad input: a page answer, never a 500.
	for path, want := range map[string]int{"/reports?year=abc": http.StatusUnprocessableEntity, "/reports?cursor=x": http.StatusUnprocessableEntity,
		fmt.Sprintf("/governments/%d/report", env.Market.ID): http.StatusNotFound, "/reports/999999": http.StatusNotFound} {
		if res := env.page(t, "GET", path, "", nil); res.Status != want {
			t.Errorf("%s: %d, want %d", path, res.Status, want)
		}
	}
}
