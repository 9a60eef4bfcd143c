package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// executionCodeRE matches the execution context's codes a user must not read.
var executionCodeRE = regexp.MustCompile(`\b(apply_deferral|decide_deferral|serve_reminder|record_statement|apply_court|court_accepted|` +
	`end_suspension|collect_on_spot|hand_in|on_spot|notice|remote|paid|deferred)\b`)

// TestUIExecutionSection: the case page's 执行 section and the head's collection table,
// in plain Chinese (issue 15); the section's forms are the acts open now, and none
// records a payment.
func TestUIExecutionSection(t *testing.T) {
	env := newTestEnv(t)
	v := env.servedFine(t, 200_00, "销售过期食品（页面）")
	path := fmt.Sprintf("/staff/cases/%d", v.ID)
	res := env.page(t, "GET", path, loginOfficer, nil)
	body := string(res.Body)
	if res.Status != http.StatusOK || !strings.Contains(body, `id="execution"`) || !strings.Contains(body, "200.00元") {
		t.Fatalf("case page %d lacks the execution section", res.Status)
	}
	for _, want := range []string{`id="exec-apply_deferral"`, `id="exec-suspend"`, `id="exec-collect_on_spot"`} {
		if !strings.Contains(body, want) {
			t.Errorf("case page lacks %s", want)
		}
	}
	for _, never := range []string{`id="exec-serve_reminder"`, `id="exec-decide_deferral"`, `name="paid"`} {
		if strings.Contains(body, never) {
			t.Errorf("case page offers %s", never)
		}
	}
	text := visibleText(sectionOf(body, "execution"))
	if faults := append(plainTextFaults(text, false), executionCodeRE.FindAllString(text, -1)...); len(faults) > 0 {
		t.Errorf("execution section shows %v", faults)
	}

	// A refused act re-renders the page with its form open and the article.
	form := url.Values{"act": {"collect_on_spot"}, "version": {"1"}, "ground": {"small"}, "receipt_no": {"鲁财0001"}, "amount": {"200"}}
	res = env.page(t, "POST", path+"/execution", loginOfficer, form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "行政处罚法第六十八条") {
		t.Errorf("on the spot over 100 yuan: %d", res.Status)
	}
	// The officer applies for instalments; the head sees the decision's form, the officer does not.
	form = url.Values{"act": {"apply_deferral"}, "version": {"1"}, "reason": {"经营困难"},
		"instalments": {"2026-04-10 100\n2026-05-11 100"}}
	if res = env.page(t, "POST", path+"/execution", loginOfficer, form); res.Status != http.StatusSeeOther {
		t.Fatalf("apply for instalments: %d %s", res.Status, visibleText(string(res.Body)))
	}
	if body := string(env.page(t, "GET", path, loginOfficer, nil).Body); strings.Contains(body, `id="exec-decide_deferral"`) {
		t.Error("the officer is offered the head's decision")
	}
	if body := string(env.page(t, "GET", path, loginHead, nil).Body); !strings.Contains(body, `id="exec-decide_deferral"`) {
		t.Error("the head is not offered the decision")
	}
	// Another government's officer cannot post an act.
	if res = env.page(t, "POST", path+"/execution", loginCountyOfficer, form); res.Status != http.StatusNotFound {
		t.Errorf("county officer: %d", res.Status)
	}

	dash := string(env.page(t, "GET", "/staff/", loginHead, nil).Body)
	if !strings.Contains(dash, `id="collection"`) || !strings.Contains(dash, "收缴率") {
		t.Errorf("head's dashboard lacks the collection table")
	}
	if faults := plainTextFaults(visibleText(sectionOf(dash, "collection")), false); len(faults) > 0 {
		t.Errorf("dashboard shows %v", faults)
	}
}

// sectionOf is the HTML of the page's <section> with the id ("" when there is none).
func sectionOf(body, id string) string {
	i := strings.Index(body, `<section class="card" id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</section>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}
