package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app/execution"
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

// TestUIProperty: the 涉案财物 section lists the items of a case that confiscates, and
// takes the disposal through its forms: the officer requests, the head alone decides
// (行政处罚法第七十四条); the API answers another government's officer as missing.
func TestUIProperty(t *testing.T) {
	env := newTestEnv(t)
	v := env.servedFine(t, 200_00, "销售过期食品（涉案财物）")
	if err := env.Store.Update(context.Background(), func(tx zhifa.Tx) error {
		c, err := tx.Case(context.Background(), v.ID)
		if err != nil {
			return err
		}
		c.State.Proposal.Penalties = append(c.State.Proposal.Penalties, "没收非法财物")
		return tx.UpdateCase(context.Background(), c)
	}); err != nil {
		t.Fatal(err)
	}
	api := fmt.Sprintf("/api/v1/cases/%d/property", v.ID)
	in := execution.PropertyInput{Name: "过期饮料", Quantity: "12箱", ValueFen: 1200_00, Custody: "本局涉案财物库，保管人王某"}
	if res := env.api(t, "POST", api, loginCountyOfficer, in); res.Status != http.StatusNotFound {
		t.Errorf("county officer listed an item: %d", res.Status)
	}
	var item execution.PropertyView
	env.apiOK(t, http.StatusCreated, "POST", api, loginOfficer, in, &item)

	path := fmt.Sprintf("/staff/cases/%d", v.ID)
	body := string(env.page(t, "GET", path, loginOfficer, nil).Body)
	section := sectionOf(body, "property")
	if !strings.Contains(section, "过期饮料") || !strings.Contains(section, "1,200.00元") || !strings.Contains(section, fmt.Sprintf(`id="property-request-%d"`, item.ID)) {
		t.Fatalf("property section %q", visibleText(section))
	}
	if faults := append(plainTextFaults(visibleText(section), false), executionCodeRE.FindAllString(visibleText(section), -1)...); len(faults) > 0 {
		t.Errorf("property section shows %v", faults)
	}
	form := url.Values{"act": {"request"}, "version": {fmt.Sprint(item.Version)}, "case": {fmt.Sprint(v.ID)}, "method": {"use"}, "reason": {"留用"}}
	if res := env.page(t, "POST", fmt.Sprintf("/staff/property/%d", item.ID), loginOfficer, form); res.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(string(res.Body), "行政处罚法第七十四条") {
		t.Errorf("use by the agency: %d", res.Status)
	}
	form.Set("method", "destroy")
	form.Set("reason", "过期饮料，依法销毁")
	if res := env.page(t, "POST", fmt.Sprintf("/staff/property/%d", item.ID), loginOfficer, form); res.Status != http.StatusSeeOther {
		t.Fatalf("request: %d %s", res.Status, visibleText(string(res.Body)))
	}
	if body := string(env.page(t, "GET", path, loginOfficer, nil).Body); strings.Contains(body, fmt.Sprintf(`id="property-decide-%d"`, item.ID)) {
		t.Error("the officer is offered the head's decision")
	}
	if body := string(env.page(t, "GET", path, loginHead, nil).Body); !strings.Contains(body, fmt.Sprintf(`id="property-decide-%d"`, item.ID)) {
		t.Error("the head is not offered the decision")
	}
	var items []execution.PropertyView
	env.apiOK(t, http.StatusOK, "GET", api, loginHead, nil, &items)
	if len(items) != 1 || items[0].Status != zhifa.PropertyPending {
		t.Errorf("items %+v", items)
	}
	if res := env.api(t, "GET", api, loginCountyOfficer, nil); res.Status != http.StatusNotFound {
		t.Errorf("county officer read the items: %d", res.Status)
	}
}
