package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTransferPages: the transfer page of a case offers the steps the case may take
// (移送规定第五条), a step posted from its form moves the transfer on, a refused one shows
// the rule on the page; the lists of transfers and filings render for the supervisor.
func TestTransferPages(t *testing.T) {
	env := newTestEnv(t)
	v := apiTransferCase(t, env)
	tp := fmt.Sprintf("/staff/cases/%d/transfer", v.ID)
	res := env.page(t, "GET", tp, loginOfficer, nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "报请移送涉嫌犯罪案件") {
		t.Fatalf("transfer page: %d\n%.500s", res.Status, res.Body)
	}
	form := url.Values{"version": {fmt.Sprint(v.Version)}, "offence": {"生产、销售伪劣产品罪"}, "facts": {"货值金额逾十万元"}}
	res = env.page(t, "POST", tp+"/act/propose_transfer", loginOfficer, form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("propose: %d\n%.500s", res.Status, res.Body)
	}
	res = env.page(t, "GET", tp, loginOfficer, nil)
	body := string(res.Body)
	if !strings.Contains(body, "待负责人审批") || !strings.Contains(body, "批准移送") || !strings.Contains(body, "移送审批期限") {
		t.Errorf("after propose:\n%.2000s", body)
	}
	// The officer names no approving head: the app refuses, the page says why.
	res = env.page(t, "POST", tp+"/act/approve_transfer", loginOfficer, url.Values{"version": {fmt.Sprint(v.Version + 1)}})
	if res.Status < 400 || !strings.Contains(string(res.Body), "负责人") {
		t.Errorf("approve without a head: %d\n%.800s", res.Status, res.Body)
	}
	res = env.page(t, "POST", tp+"/docs", loginOfficer, url.Values{"act": {"transfer_notice"}})
	if res.Status != http.StatusSeeOther {
		t.Errorf("record a material: %d\n%.500s", res.Status, res.Body)
	}
	for _, p := range []string{"/staff/transfers", "/staff/filings", tp} {
		if res := env.page(t, "GET", p, loginSupervisor, nil); res.Status != http.StatusOK {
			t.Errorf("%s as supervisor: %d\n%.500s", p, res.Status, res.Body)
		}
	}
	if res := env.page(t, "GET", tp, loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("another government's transfer page: %d", res.Status)
	}
}
