package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/internal/plaintext"
)

// Issue 12 "Plain Chinese, people's names": what a user reads carries no requirement IDs,
// no English codes and no logins.

var (
	// demoLoginRE matches the seeded logins.
	demoLoginRE = regexp.MustCompile(`\b(officer1|head1|reviewer1|supervisor1|admin|county_admin|county_officer)\b`)
	// hiddenRE drops what the browser does not show as text (scripts, styles, tags with
	// their attributes: form values, URLs; comments) and the ledger's signed records, shown
	// verbatim in <code> so that they can be checked against the ledger.
	hiddenRE = regexp.MustCompile(`(?is)<script\b.*?</script>|<style\b.*?</style>|<code\b.*?</code>|<!--.*?-->|<[^>]*>`)
)

// visibleText is the text of an HTML page as its reader sees it.
func visibleText(body string) string {
	return html.UnescapeString(hiddenRE.ReplaceAllString(body, " "))
}

// plainTextFaults lists what in text a user must not read; logins are allowed where the
// page manages accounts (the login is the account's data there).
func plainTextFaults(text string, allowLogins bool) []string {
	var out []string
	for _, re := range []*regexp.Regexp{plaintext.RequirementID, plaintext.EnglishCode, demoLoginRE} {
		if re == demoLoginRE && allowLogins {
			continue
		}
		for _, loc := range re.FindAllStringIndex(text, 3) {
			from, to := max(0, loc[0]-30), min(len(text), loc[1]+30)
			out = append(out, fmt.Sprintf("%q in …%s…", text[loc[0]:loc[1]], strings.Join(strings.Fields(text[from:to]), " ")))
		}
	}
	return out
}

// namePeople gives the seeded accounts Chinese names, so that a login on a page is a
// login and not a name that happens to equal it.
func namePeople(t *testing.T, env *testEnv) {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	names := map[string]string{loginAdmin: "管理员甲", loginOfficer: "杨浩然", loginReviewer: "周审核", loginHead: "王局长",
		loginSupervisor: "陈监督", loginCountyAdmin: "县管理员", loginCountyOfficer: "县执法员"}
	for login, name := range names {
		var u *zhifa.User
		if err := env.Store.Update(context.Background(), func(tx zhifa.Tx) (err error) {
			u, err = tx.User(context.Background(), env.Users[login].ID) // as it is now: the tests link officers
			return err
		}); err != nil {
			t.Fatal(err)
		}
		named, err := env.App.UpdateUser(sys, u.ID, app.UserInput{Login: u.Login, Name: name, Role: u.Role, AgencyID: u.AgencyID,
			OfficerID: u.OfficerID})
		if err != nil {
			t.Fatalf("name %s: %v", login, err)
		}
		env.Users[login] = named
	}
}

// TestUIPlainChinese walks every staff and portal page as the public and as each role of
// the city, with a case under legal review, and fails on a requirement ID, an English
// code or a login in the text a user reads (issue 12).
func TestUIPlainChinese(t *testing.T) {
	env := newTestEnv(t)
	env.seedEvidence(t)
	caseID := reviewCase(t, env)
	namePeople(t, env)
	// The case goes to legal review; an approval request and a refused step leave their
	// traces in the lists and the log.
	path := fmt.Sprintf("/api/v1/cases/%d", caseID)
	var recs []zhifa.Record
	for _, title := range []string{"调查终结报告", "证据清单"} {
		var r zhifa.Record
		env.apiOK(t, http.StatusCreated, "POST", path+"/records", loginOfficer, map[string]any{"kind": "document", "title": title, "act": "review"}, &r)
		recs = append(recs, r)
	}
	var cv app.CaseView
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &cv)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/submit_review", loginOfficer, map[string]any{"version": cv.Version,
		"review": map[string]any{"materials": []map[string]any{{"code": "investigation_report", "record_id": recs[0].ID},
			{"code": "evidence_list", "record_id": recs[1].ID}}}}, &cv)
	extend := map[string]any{"version": cv.Version, "days": 5, "reason": "案情复杂", "approver_id": env.Users[loginHead].ID}
	if res := env.api(t, "POST", fmt.Sprintf("/api/v1/cases/%d/actions/extend", caseID), loginOfficer, extend); res.Status != http.StatusForbidden {
		t.Fatalf("officer names the head: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", fmt.Sprintf("/api/v1/cases/%d/approvals", caseID), loginOfficer,
		map[string]any{"action": "extend", "input": extend}); res.Status != http.StatusCreated {
		t.Fatalf("approval request: %d %s", res.Status, res.Body)
	}
	env.page(t, "GET", "/login", "", nil)
	if _, err := env.App.IntegrateLedger(context.Background()); err != nil {
		t.Fatal(err)
	}

	caseRef := fmt.Sprintf("/cases/%d", caseID)
	read := map[string]bool{} // the pages read, to check that the walk reached them
	for _, rt := range env.Server.Routes() {
		if rt.API || (rt.Method != "" && rt.Method != http.MethodGet) || strings.HasSuffix(rt.Pattern, "/logout") {
			continue
		}
		path, _, err := fillPath(rt.Pattern, env.City)
		if err != nil {
			t.Fatalf("%s: %v", rt.Pattern, err)
		}
		path = strings.Replace(path, "/cases/999999", caseRef, 1)
		for _, login := range append([]string{""}, cityLogins...) {
			if login == "" && rt.Perm != app.PermPublic {
				continue
			}
			res := env.page(t, http.MethodGet, path, login, nil)
			if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				continue
			}
			read[path] = true
			accounts := strings.HasPrefix(rt.Pattern, "/staff/users")
			for _, f := range plainTextFaults(visibleText(string(res.Body)), accounts) {
				t.Errorf("%s as %q: %s", path, login, f)
			}
		}
	}
	for _, p := range []string{"/", "/staff/", "/staff/audit", "/staff/ledger", "/staff/approvals", "/staff/reviews", "/staff" + caseRef,
		"/staff" + caseRef + "/legal-review", fmt.Sprintf("/staff/officers/%d", env.City.Officer.ID)} {
		if !read[p] {
			t.Errorf("the walk did not read %s", p)
		}
	}
	if len(read) < 40 {
		t.Errorf("the walk read only %d pages", len(read))
	}
}

// TestPlainTextFaults checks the detector itself on what it must and must not flag.
func TestPlainTextFaults(t *testing.T) {
	tests := []struct {
		html  string
		fault bool
	}{
		{`<p>依据：REQUIREMENTS D2</p>`, true},
		{`<p>两法衔接（G3）</p>`, true},
		{`<p>请先拟作出处罚决定（propose）</p>`, true},
		{`<td>officer1</td>`, true},
		{`<td>kind=ui</td>`, true},
		{`<p>2026年12月6日 10:14 杨浩然（执法人员） 提交法制审核 东市监罚〔2026〕161号</p>`, false},
		{`<input name="login" value="officer1"><a href="/staff/audit?action=case.decide">作出处罚决定</a>`, false},
		{`<p>国办发〔2018〕118号（八）；执法事项 DG-SC-CF-0001，证件 东市监执001</p>`, false},
	}
	for _, tt := range tests {
		if got := plainTextFaults(visibleText(tt.html), false); (len(got) > 0) != tt.fault {
			t.Errorf("%s: faults %v, want fault %v", tt.html, got, tt.fault)
		}
	}
}

// TestAuditSentences checks that the audit log tells who did what by name and in
// Chinese: "时间 杨浩然（执法人员） 提交法制审核 案号" (issue 12).
func TestAuditSentences(t *testing.T) {
	env := newTestEnv(t)
	caseID := reviewCase(t, env)
	namePeople(t, env)
	var cv app.CaseView
	env.api(t, "GET", fmt.Sprintf("/api/v1/cases/%d", caseID), loginOfficer, nil).JSON(t, &cv)
	body := string(env.page(t, "GET", "/staff/audit?action=case.open", loginAdmin, nil).Body)
	text := strings.Join(strings.Fields(visibleText(body)), " ")
	want := "杨浩然（执法人员） 立案 " + cv.Number
	if !strings.Contains(text, want) {
		t.Errorf("audit log lacks %q:\n%s", want, text)
	}
	if !regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}`).MatchString(text) {
		t.Errorf("audit log has no time in Chinese:\n%s", text)
	}
	if faults := plainTextFaults(text, false); len(faults) > 0 {
		t.Errorf("audit log: %v", faults)
	}
}
