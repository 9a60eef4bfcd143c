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
	"zhifa/app/catalog"
	"zhifa/app/execution"
	"zhifa/app/personnel"
	"zhifa/law"
	"zhifa/web/cases"
)

// servedFine files a summary case with a fine of fineFen in the market bureau, decides it
// and serves the decision, through the app as the officer; facts makes each act its own.
func (env *testEnv) servedFine(t *testing.T, fineFen int64, facts string) *app.CaseView {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if env.execOfficer == 0 {
		o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.Market.ID, Name: "孙八", IDNumber: testPersonID(t, 88),
			Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range []int64{env.City.Officer.ID, o2.ID} {
			if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("EXE-%d", i), Issuer: "东港市人民政府",
				ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
				t.Fatal(err)
			}
		}
		env.execOfficer = o2.ID
		// An item whose basis sets no range, so that a summary fine stays within 第五十一条.
		if _, err := env.App.Catalog().CreateItem(sys, catalog.ItemInput{Code: "DG-EXE-0001", Name: "食品安全监督检查（执行测试）", Category: zhifa.CatPenalty,
			AgencyID: env.Market.ID, Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百一十条"}}}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := app.WithActor(context.Background(), env.actor(t, loginOfficer))
	v, err := env.App.FileCase(ctx, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcSummary, Item: "DG-EXE-0001",
		Parties:  []app.PartyInput{{Kind: zhifa.PartyPerson, Name: "李某", IDNumber: "11010519491231002X"}},
		Officers: []int64{env.City.Officer.ID, env.execOfficer}, OccurredOn: zhifa.MustDate("2026-01-05"), Facts: facts})
	if err != nil {
		t.Fatal(err)
	}
	step := func(action zhifa.Action, in app.ActionInput) {
		t.Helper()
		in.Version = v.Version
		if v, err = env.App.Act(ctx, v.ID, action, in); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	step("propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: fineFen, Reason: "当场查获，违法事实确凿"})
	step("decide", app.ActionInput{Summary: &zhifa.SummaryRecord{CertificatesShown: true, Informed: true, Statement: "当事人无异议"}})
	d, err := env.App.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocPenaltyDecision})
	if err != nil {
		t.Fatal(err)
	}
	fill := map[string]string{}
	for _, f := range d.FieldList {
		if strings.TrimSpace(d.Fields[f.Key]) == "" {
			fill[f.Key] = "经核实：" + f.Label
		}
	}
	if d, err = env.App.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: fill}); err != nil {
		t.Fatal(err)
	}
	if _, err = env.App.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version}); err != nil {
		t.Fatal(err)
	}
	step("serve", app.ActionInput{Service: &zhifa.Service{Method: zhifa.ServeDirect, Proof: "当场交付"}})
	return v
}

// issueChannel issues a payment channel for the agency as login and returns its token.
func (env *testEnv) issueChannel(t *testing.T, login string, agencyID int64) string {
	t.Helper()
	var iss execution.IssuedChannel
	env.apiOK(t, http.StatusCreated, "POST", fmt.Sprintf("/api/v1/agencies/%d/payment-channels", agencyID), login,
		execution.ChannelInput{Name: "工商银行缴款通知"}, &iss)
	return iss.Token
}

// notice posts a payment notice with the bearer token.
func (env *testEnv) notice(t *testing.T, token string, in execution.NoticeInput) *response {
	t.Helper()
	req := env.newRequest(t, "POST", "/api/v1/payments/notices", in)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return env.send(t, req)
}

// TestAPIPayments: the payment notice is the bank's channel's act (行政处罚法第六十七条),
// never an officer's, a head's or another agency's; GET /cases/{id} shows the payment;
// execute rests on it.
func TestAPIPayments(t *testing.T) {
	env := newTestEnv(t)
	v := env.servedFine(t, 200_00, "销售过期食品（执行）")
	var got cases.CaseResponse
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/cases/%d", v.ID), loginOfficer, nil, &got)
	p := got.Payment
	if p == nil || p.OutstandingFen != 200_00 || p.PaidFen != 0 || p.LateFeeFen != 0 || p.Due.IsZero() || !execution.ValidReference(p.Reference) {
		t.Fatalf("payment in the case %+v", p)
	}
	raw := env.api(t, "GET", fmt.Sprintf("/api/v1/cases/%d", v.ID), loginOfficer, nil).Body
	for _, key := range []string{`"payment":{`, `"due":`, `"paid_fen":`, `"outstanding_fen":`, `"late_fee_fen":`, `"late_fee_days":`} {
		if !strings.Contains(string(raw), key) {
			t.Errorf("GET case lacks %s", key)
		}
	}
	notice := execution.NoticeInput{Reference: p.Reference, ReceiptNo: "ICBC-1", AmountFen: 200_00, PaidOn: env.App.Today()}

	// Attackers: officers, the head and the admin with their own tokens, the public, a
	// forged channel token, and the channel of another government's agency.
	for _, login := range []string{loginOfficer, loginHead, loginAdmin, loginSupervisor} {
		if res := env.api(t, "POST", "/api/v1/payments/notices", login, notice); res.Status != http.StatusForbidden {
			t.Errorf("%s posted a payment: %d %s", login, res.Status, res.Body)
		}
	}
	if res := env.notice(t, "", notice); res.Status != http.StatusUnauthorized {
		t.Errorf("public posted a payment: %d", res.Status)
	}
	if res := env.notice(t, "zfpay_forged", notice); res.Status != http.StatusUnauthorized {
		t.Errorf("forged channel token: %d", res.Status)
	}
	county := env.issueChannel(t, loginCountyAdmin, env.CountyMarket.ID)
	if res := env.notice(t, county, notice); res.Status != http.StatusNotFound {
		t.Errorf("another agency's notice: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", fmt.Sprintf("/api/v1/agencies/%d/payment-channels", env.Market.ID), loginCountyAdmin,
		execution.ChannelInput{Name: "冒名"}); res.Status != http.StatusNotFound {
		t.Errorf("county admin issued a channel for the city: %d", res.Status)
	}
	if res := env.api(t, "POST", fmt.Sprintf("/api/v1/agencies/%d/payment-channels", env.Market.ID), loginOfficer,
		execution.ChannelInput{Name: "冒名"}); res.Status != http.StatusForbidden {
		t.Errorf("officer issued a channel: %d", res.Status)
	}
	// Nor may the officer take the step without the payment.
	res := env.api(t, "POST", fmt.Sprintf("/api/v1/cases/%d/actions/execute", v.ID), loginOfficer, map[string]any{"version": v.Version})
	if res.ErrorCode() != zhifa.EGATE || res.Error().Rule != law.RuleExecuted+"、"+law.RuleCourt {
		t.Errorf("execute unpaid: %d %s", res.Status, res.Body)
	}

	bank := env.issueChannel(t, loginAdmin, env.Market.ID)
	bad := notice
	bad.AmountFen = 0
	if res := env.notice(t, bank, bad); res.ErrorCode() != zhifa.EINVALID || res.Error().Fields["amount_fen"] == "" {
		t.Errorf("zero amount: %d %s", res.Status, res.Body)
	}
	var nr execution.NoticeResult
	if res := env.notice(t, bank, notice); res.Status != http.StatusOK {
		t.Fatalf("notice: %d %s", res.Status, res.Body)
	} else {
		res.JSON(t, &nr)
	}
	if nr.Duplicate || nr.Account.OutstandingFen != 0 || nr.CaseID != v.ID {
		t.Errorf("notice result %+v", nr)
	}
	env.notice(t, bank, notice).JSON(t, &nr)
	if !nr.Duplicate || nr.Account.PaidFen != 200_00 {
		t.Errorf("repeated notice %+v", nr)
	}
	var cur cases.CaseResponse
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/cases/%d", v.ID), loginOfficer, nil, &cur)
	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/cases/%d/actions/execute", v.ID), loginOfficer, map[string]any{"version": cur.Version}, nil)

	// The execution acts of another government's case are not found; stats are scoped.
	if res := env.api(t, "POST", fmt.Sprintf("/api/v1/cases/%d/execution", v.ID), loginCountyOfficer,
		execution.ActInput{Act: execution.ActSuspend, Version: 1, Reason: "申请行政复议"}); res.Status != http.StatusNotFound {
		t.Errorf("county officer's act: %d", res.Status)
	}
	var stats []execution.CollectionRow
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/execution/stats", loginHead, nil, &stats)
	if len(stats) != 1 || stats[0].RatePermille != 1000 {
		t.Errorf("stats %+v", stats)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/execution/stats", loginCountyAdmin, nil, &stats)
	if len(stats) != 0 {
		t.Errorf("county sees %+v", stats)
	}
}

// bankPays has the market bureau's bank report the outstanding amount of case id paid
// today, through a channel the admin issues.
func (env *testEnv) bankPays(t *testing.T, id int64) {
	t.Helper()
	ex := env.App.Execution()
	pv, err := ex.Payment(app.WithActor(context.Background(), env.actor(t, loginOfficer)), id)
	if err != nil || pv == nil {
		t.Fatalf("payment of case %d: %v %v", id, pv, err)
	}
	iss, err := ex.IssueChannel(app.WithActor(context.Background(), env.actor(t, loginAdmin)), env.Market.ID, execution.ChannelInput{Name: "工商银行缴款通知"})
	if err != nil {
		t.Fatal(err)
	}
	bank, err := ex.AuthenticateChannel(context.Background(), iss.Token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ex.RecordNotice(app.WithActor(context.Background(), bank), execution.NoticeInput{Reference: pv.Reference,
		ReceiptNo: fmt.Sprintf("BANK-%d-%d", id, pv.Version), AmountFen: pv.OutstandingFen, PaidOn: env.App.Today()}); err != nil {
		t.Fatal(err)
	}
}

// TestAPIPaymentStatement: a bank statement imported by the agency's admin records its
// payments in one transaction (a bad row imports nothing), skips receipts already
// recorded, and refuses officers and another government's admin; the settings page
// shows the admin the payee account and the channels.
func TestAPIPaymentStatement(t *testing.T) {
	env := newTestEnv(t)
	v := env.servedFine(t, 200_00, "销售过期食品（对账单）")
	pv, err := env.App.Execution().Payment(app.WithActor(context.Background(), env.actor(t, loginOfficer)), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/agencies/%d/payments/import", env.Market.ID)
	upload := func(login, csv string) *response {
		t.Helper()
		ct, body := multipartBody(t, "file", "对账单.csv", []byte(csv))
		req := env.newRequest(t, "POST", path, body)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+env.token(t, login))
		return env.send(t, req)
	}
	today := env.App.Today().String()
	good := "\uFEFF缴款码,缴款凭证号,金额,缴款日期\r\n" + pv.Reference + ",STM-1,150," + today + "\r\n" + pv.Reference + ",STM-2,50.00," + today + "\r\n"
	bad := "缴款码,缴款凭证号,金额,缴款日期\r\n" + pv.Reference + ",STM-1,150," + today + "\r\n" + pv.Reference + ",STM-3,abc," + today + "\r\n"
	if res := upload(loginOfficer, good); res.Status != http.StatusForbidden {
		t.Errorf("officer imported a statement: %d", res.Status)
	}
	if res := upload(loginCountyAdmin, good); res.Status != http.StatusNotFound {
		t.Errorf("county admin imported the city's statement: %d %s", res.Status, res.Body)
	}
	if res := upload(loginAdmin, bad); res.Status != http.StatusUnprocessableEntity || res.Error().Fields["第3行"] == "" {
		t.Errorf("bad row: %d %s", res.Status, res.Body)
	}
	after, err := env.App.Execution().Payment(app.WithActor(context.Background(), env.actor(t, loginOfficer)), v.ID)
	if err != nil || after.PaidFen != 0 {
		t.Fatalf("a refused statement recorded payments: %+v %v", after, err)
	}
	var out execution.StatementResult
	res := upload(loginAdmin, good)
	if res.Status != http.StatusCreated {
		t.Fatalf("import: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &out)
	if out.Imported != 2 || out.Skipped != 0 {
		t.Errorf("import %+v", out)
	}
	upload(loginAdmin, good).JSON(t, &out) // the same statement again
	if out.Imported != 0 || out.Skipped != 2 {
		t.Errorf("import again %+v", out)
	}
	after, _ = env.App.Execution().Payment(app.WithActor(context.Background(), env.actor(t, loginOfficer)), v.ID)
	if after.PaidFen != 200_00 || after.OutstandingFen != 0 || after.Payments[0].Source != zhifa.PaymentImport {
		t.Errorf("after import %+v", after)
	}

	settings := fmt.Sprintf("/staff/agencies/%d/payments", env.Market.ID)
	if res := env.page(t, "GET", settings, loginOfficer, nil); res.Status != http.StatusForbidden {
		t.Errorf("officer opened the settings: %d", res.Status)
	}
	if res := env.page(t, "GET", settings, loginCountyAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("county admin opened the settings: %d", res.Status)
	}
	form := url.Values{"name": {"东港市财政局"}, "bank": {"工商银行"}, "account": {"3701"}}
	if res := env.page(t, "POST", settings+"/payee", loginAdmin, form); res.Status != http.StatusSeeOther {
		t.Fatalf("save payee: %d", res.Status)
	}
	res = env.page(t, "POST", settings+"/channels", loginAdmin, url.Values{"name": {"工商银行缴款通知"}})
	body := string(res.Body)
	if res.Status != http.StatusOK || !strings.Contains(body, "zfpay_") || !strings.Contains(body, `value="3701"`) {
		t.Errorf("issue channel page: %d", res.Status)
	}
	if faults := plainTextFaults(visibleText(sectionOf(body, "channels")+sectionOf(body, "payee")), false); len(faults) > 0 {
		t.Errorf("settings show %v", faults)
	}
}

// TestAPIExecutionActs: the execution acts through the API — instalments applied by the
// officer and decided by the head alone (行政处罚法第六十六条第二款), a suspension with its
// basis (第七十三条第三款), a stale version, and the reminder refused before the deadline.
func TestAPIExecutionActs(t *testing.T) {
	env := newTestEnv(t)
	v := env.servedFine(t, 200_00, "销售过期食品（执行事项）")
	path := fmt.Sprintf("/api/v1/cases/%d/execution", v.ID)
	version := func() int {
		var got cases.CaseResponse
		env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/cases/%d", v.ID), loginOfficer, nil, &got)
		return got.Payment.Version
	}
	if res := env.api(t, "POST", path, loginOfficer, execution.ActInput{Act: execution.ActReminder, Version: version(), Proof: "直接送达"}); res.ErrorCode() != zhifa.EINVALID {
		t.Errorf("reminder before the deadline: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", path, loginOfficer, execution.ActInput{Act: execution.ActSuspend, Version: version(), Reason: " "}); res.ErrorCode() != zhifa.EGATE ||
		res.Error().Rule != law.RuleLateFeeRemedy {
		t.Errorf("suspension without basis: %d %s", res.Status, res.Body)
	}
	var pv execution.PaymentView
	env.apiOK(t, http.StatusOK, "POST", path, loginOfficer, execution.ActInput{Act: execution.ActSuspend, Version: version(), Reason: "当事人申请行政复议"}, &pv)
	if len(pv.Execution.Suspensions) != 1 {
		t.Errorf("suspension %+v", pv.Execution)
	}
	if res := env.api(t, "POST", path, loginOfficer, execution.ActInput{Act: execution.ActEndSuspension, Version: 1}); res.Status != http.StatusConflict {
		t.Errorf("stale version: %d", res.Status)
	}
	env.apiOK(t, http.StatusOK, "POST", path, loginOfficer, execution.ActInput{Act: execution.ActEndSuspension, Version: version()}, &pv)
	due := env.App.Today()
	apply := execution.ActInput{Act: execution.ActApplyDeferral, Version: version(), Reason: "经营困难", Instalments: []zhifa.Instalment{
		{Due: due.AddDays(30), AmountFen: 100_00}, {Due: due.AddDays(60), AmountFen: 100_00}}}
	env.apiOK(t, http.StatusOK, "POST", path, loginOfficer, apply, &pv)
	decide := execution.ActInput{Act: execution.ActDecideDeferral, Approve: true, Opinion: "同意"}
	decide.Version = version()
	if res := env.api(t, "POST", path, loginOfficer, decide); res.Status != http.StatusForbidden {
		t.Errorf("officer decided the deferral: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", path, loginSupervisor, decide); res.Status != http.StatusForbidden {
		t.Errorf("supervisor decided the deferral: %d", res.Status)
	}
	env.apiOK(t, http.StatusOK, "POST", path, loginHead, decide, &pv)
	if !pv.Execution.Deferral.Approved || pv.Due != due.AddDays(60) || pv.Basis != law.BasisDeferred {
		t.Errorf("approved deferral %+v", pv)
	}
}
