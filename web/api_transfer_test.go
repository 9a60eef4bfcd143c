package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
	"zhifa/app/personnel"
	"zhifa/app/transfer"
	"zhifa/law"
)

// apiTransferCase files a penalty case of the market bureau with two certified officers
// and returns its view.
func apiTransferCase(t *testing.T, env *testEnv) app.CaseView {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "钱七", IDNumber: testPersonID(t, 78),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.City.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("TRANS-%d", i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	var v app.CaseView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases", loginOfficer, map[string]any{"kind": "penalty", "procedure": "ordinary",
		"item": env.City.Item.Code, "parties": []map[string]any{{"kind": "person", "name": "李某", "id_number": "11010519491231002X"}},
		"officers": []int64{env.City.Officer.ID, o2.ID}, "occurred_on": "2026-01-05", "facts": "销售过期食品"}, &v)
	return v
}

// TestAPITransfer takes the transfer steps through POST /api/v1/cases/{id}/actions/{action}
// (移送规定第五条、第六条), checks the Art. 11 gate's answer, the transfer view with the
// 24-hour clock, and who sees the transfers.
func TestAPITransfer(t *testing.T) {
	env := newTestEnv(t)
	v := apiTransferCase(t, env)
	path := fmt.Sprintf("/api/v1/cases/%d", v.ID)
	act := func(login string, action zhifa.Action, body map[string]any) *response {
		var cur app.CaseView
		env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &cur)
		body["version"] = cur.Version
		return env.api(t, "POST", path+"/actions/"+string(action), login, body)
	}
	if res := act(loginOfficer, "propose_transfer", map[string]any{"transfer": map[string]any{"facts": ""}}); res.ErrorCode() != zhifa.EINVALID {
		t.Errorf("empty report: %d %s", res.Status, res.Body)
	}
	if res := act(loginOfficer, "propose_transfer", map[string]any{"transfer": map[string]any{"facts": "货值金额逾十万元", "offence": "生产、销售伪劣产品罪"}}); res.Status != http.StatusOK {
		t.Fatalf("propose: %d %s", res.Status, res.Body)
	}
	// 移送规定第十一条: no ending in place of the pending transfer, answered with the rule.
	res := act(loginHead, "withdraw", map[string]any{"reason": "情节轻微"})
	if res.ErrorCode() != zhifa.EGATE || (res.Status != http.StatusConflict && res.Status != http.StatusUnprocessableEntity) ||
		!strings.Contains(string(res.Body), "第十一条") {
		t.Errorf("withdraw while pending: %d %s", res.Status, res.Body)
	}
	if res := act(loginHead, "approve_transfer", map[string]any{}); res.Status != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Status, res.Body)
	}
	var tv transfer.CaseTransferView
	env.apiOK(t, http.StatusOK, "GET", path+"/transfer", loginSupervisor, nil, &tv)
	if tv.Status != zhifa.TransferApproved || len(tv.Clocks) != 2 || tv.Clocks[1].DueAt == nil || tv.CanAct ||
		len(tv.Next) != 1 || tv.Next[0] != "hand_over" {
		t.Errorf("transfer view %+v", tv)
	}
	if res := act(loginOfficer, "hand_over", map[string]any{"transfer": map[string]any{"organ_kind": "public_security", "organ": "东港市公安局"}}); res.ErrorCode() != zhifa.EGATE ||
		!strings.Contains(string(res.Body), "第六条") {
		t.Errorf("hand over without materials: %d %s", res.Status, res.Body)
	}
	for _, d := range law.TransferDocs[:3] {
		env.apiOK(t, http.StatusCreated, "POST", path+"/records", loginOfficer, map[string]any{"kind": "document", "title": d.Title, "act": d.Act}, nil)
	}
	env.Clock.Advance(2 * time.Hour)
	if res := act(loginOfficer, "hand_over", map[string]any{"transfer": map[string]any{"organ_kind": "public_security", "organ": "东港市公安局"}}); res.Status != http.StatusOK {
		t.Fatalf("hand over: %d %s", res.Status, res.Body)
	}
	var list transfer.TransferList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/transfers?pending=true", loginSupervisor, nil, &list)
	if list.Total != 1 || list.Transfers[0].Status != zhifa.TransferHandedOver || list.Transfers[0].Organ != "东港市公安局" {
		t.Errorf("supervisor's transfers %+v", list)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/transfers", loginCountyAdmin, nil, &list)
	if list.Total != 0 {
		t.Errorf("another government sees %d transfers", list.Total)
	}
	if res := env.api(t, "GET", path+"/transfer", loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("another government reads the transfer: %d", res.Status)
	}
	if res := env.api(t, "GET", "/api/v1/transfers?status=lost", loginSupervisor, nil); res.ErrorCode() != zhifa.EINVALID {
		t.Errorf("unknown status: %d %s", res.Status, res.Body)
	}
}

// TestAPIFilings lists, reads and reviews a filing (REQUIREMENTS F6) through the API: the
// supervisor of the city sees and reviews it, the deciding agency's head reads it but may
// not review it, another government's admin does not see it.
func TestAPIFilings(t *testing.T) {
	env := newTestEnv(t)
	v := apiTransferCase(t, env)
	ctx := context.Background()
	f := &zhifa.Filing{CaseID: v.ID, CaseNumber: v.Number, AgencyID: env.Market.ID, Kind: zhifa.FilingPenalty, ToAgencyID: env.Justice.ID,
		Reasons: []string{"经过听证程序（行政处罚法第五十八条第一款第（二）项）"}, Summary: "罚款50000元",
		DecidedOn: zhifa.MustDate("2026-02-02"), Due: zhifa.MustDate("2026-02-17"), FiledAt: env.Clock.Now(), Status: zhifa.FilingFiled}
	if err := env.Store.Update(ctx, func(tx zhifa.Tx) error { return tx.CreateFiling(ctx, f) }); err != nil {
		t.Fatal(err)
	}
	var list filing.FilingList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/filings?late=true", loginSupervisor, nil, &list)
	if list.Total != 1 || list.Late != 1 || list.Pending != 1 || !list.Filings[0].Late || list.Filings[0].ToAgencyName != env.Justice.Name {
		t.Fatalf("late filings %+v", list)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/filings", loginCountyAdmin, nil, &list)
	if list.Total != 0 {
		t.Errorf("another government lists %d filings", list.Total)
	}
	fp := fmt.Sprintf("/api/v1/filings/%d", f.ID)
	if res := env.api(t, "GET", fp, loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("another government reads the filing: %d", res.Status)
	}
	var d filing.FilingDetail
	env.apiOK(t, http.StatusOK, "GET", fp, loginHead, nil, &d)
	if d.CanReview || d.Case.Number != v.Number {
		t.Errorf("head's view %+v", d)
	}
	if res := env.api(t, "POST", fp+"/review", loginHead, map[string]any{"version": 1, "result": "reviewed"}); res.Status != http.StatusForbidden {
		t.Errorf("head reviews own filing: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", fp+"/review", loginSupervisor, map[string]any{"version": 1, "result": "correction"}); res.ErrorCode() != zhifa.EINVALID {
		t.Errorf("correction without remark: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "POST", fp+"/review", loginSupervisor, map[string]any{"version": 1, "result": "correction", "remark": "逾期备案，责令说明原因"}, &d)
	if d.Status != zhifa.FilingCorrection || len(d.Events) != 1 || !d.CanReview {
		t.Errorf("after correction %+v", d)
	}
	if res := env.api(t, "POST", fp+"/review", loginSupervisor, map[string]any{"version": 1, "result": "reviewed"}); res.Status != http.StatusConflict {
		t.Errorf("stale review: %d %s", res.Status, res.Body)
	}
	// The staff page: the filing with the late warning and the review form.
	pp := fmt.Sprintf("/staff/filings/%d", f.ID)
	res := env.page(t, "GET", pp, loginSupervisor, nil)
	if body := string(res.Body); res.Status != http.StatusOK || !strings.Contains(body, "逾期备案") || !strings.Contains(body, "提交审查结果") {
		t.Errorf("filing page: %d\n%.1500s", res.Status, body)
	}
	res = env.page(t, "POST", pp+"/review", loginSupervisor, url.Values{"version": {"2"}, "result": {"reviewed"}, "remark": {"已说明"}})
	if res.Status != http.StatusSeeOther {
		t.Errorf("review from the page: %d\n%.800s", res.Status, res.Body)
	}
	if res := env.page(t, "GET", pp, loginSupervisor, nil); strings.Contains(string(res.Body), "提交审查结果") || !strings.Contains(string(res.Body), "已说明") {
		t.Errorf("reviewed filing page still offers the form\n%.1500s", res.Body)
	}
}
