package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"zhifa/app/personnel"
	personnelweb "zhifa/web/personnel"
)

// TestAgencyFormCaseSettings: admins set the statement period and the case-number
// template on the agency form; bad values are shown on the form and change nothing.
func TestAgencyFormCaseSettings(t *testing.T) {
	env := newTestEnv(t)
	path := "/staff/agencies/" + strconv.FormatInt(env.Market.ID, 10)
	form := func(days, template string) url.Values {
		f := personnelweb.AgencyFormOf(personnel.AgencyInputOf(env.Market))
		f.Set("statement_days", days)
		f.Set("number_template", template)
		return f.Values
	}
	res := env.page(t, "GET", path+"/edit", loginAdmin, nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `name="number_template"`) || !strings.Contains(string(res.Body), `name="statement_days"`) {
		t.Fatalf("edit form: %d", res.Status)
	}
	for _, tc := range []struct{ days, template, want string }{
		{"abc", "", "请输入整数"},
		{"45", "", "陈述申辩期应为1到30个工作日"},
		{"5", "{代字}{年}{号}", "编号模板须包含{类}"},
	} {
		res := env.page(t, "POST", path+"/edit", loginAdmin, form(tc.days, tc.template))
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), tc.want) {
			t.Errorf("%q %q: %d, want 422 with %q", tc.days, tc.template, res.Status, tc.want)
		}
	}
	if res := env.page(t, "POST", path+"/edit", loginAdmin, form("5", "〔{代字}〕{类}〔{年}〕{号}号")); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.Status, res.Body)
	}
	res = env.page(t, "GET", path, loginAdmin, nil)
	if body := string(res.Body); !strings.Contains(body, "5个工作日") || !strings.Contains(body, "〔{代字}〕{类}〔{年}〕{号}号") {
		t.Errorf("the agency page does not show the settings")
	}
	if res := env.page(t, "POST", path+"/edit", loginOfficer, form("7", "")); res.Status != http.StatusForbidden {
		t.Errorf("officer: %d", res.Status)
	}
}
