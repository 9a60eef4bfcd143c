package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/assessment"
	assessmentweb "zhifa/web/assessment"
)

// historicalInput is a major decision of the market bureau made before the test's day
// (the day its agencies were registered), with a seizure, carried over from its files.
func (env *testEnv) historicalInput() app.HistoricalCaseInput {
	return app.HistoricalCaseInput{Number: "东市监罚〔2025〕88号", Source: "档案号2025-永久-88", Item: env.City.Item.Code,
		Party: zhifa.Party{Kind: zhifa.PartyOrg, Name: "东港市某某食品有限公司", CreditCode: "91371800MA3C4B5X6Y"},
		Facts: "销售超过保质期的食品", FiledOn: zhifa.MustDate("2025-09-01"), SeizedOn: zhifa.MustDate("2025-09-03"),
		DecidedOn: zhifa.MustDate("2025-11-10"), FineFen: 30_000_000, Major: true}
}

// TestHistoricalImportAPI: the market bureau's head carries over a case decided before
// the bureau adopted the system; everyone else is refused, bad input answers its field,
// a decision made since the adoption is refused; the daily analysis run then finds the
// major decision without a passed legal review and the seizure without its A/V record,
// which the supervisor's warning page shows with the case as evidence.
func TestHistoricalImportAPI(t *testing.T) {
	env := newTestEnv(t)
	in := env.historicalInput()
	for _, tc := range []struct {
		login  string
		status int
	}{{"", 401}, {loginOfficer, 403}, {loginReviewer, 403}, {loginSupervisor, 403}, {loginAdmin, 403}, {loginCountyOfficer, 403}, {loginCountyAdmin, 403}} {
		if res := env.api(t, "POST", "/api/v1/cases/historical", tc.login, in); res.Status != tc.status {
			t.Errorf("import as %q: %d, want %d %s", tc.login, res.Status, tc.status, res.Body)
		}
	}
	for name, tc := range map[string]struct {
		bad   func(*app.HistoricalCaseInput)
		field string
	}{
		"no number":            {func(i *app.HistoricalCaseInput) { i.Number = "" }, "number"},
		"no source":            {func(i *app.HistoricalCaseInput) { i.Source = " " }, "source"},
		"no party kind":        {func(i *app.HistoricalCaseInput) { i.Party.Kind = "" }, "party.kind"},
		"a bad credit code":    {func(i *app.HistoricalCaseInput) { i.Party.CreditCode = "123" }, "party.credit_code"},
		"decided before filed": {func(i *app.HistoricalCaseInput) { i.DecidedOn = zhifa.MustDate("2025-08-01") }, "decided_on"},
		"seized after":         {func(i *app.HistoricalCaseInput) { i.SeizedOn = zhifa.MustDate("2025-12-01") }, "seized_on"},
		"a negative fine":      {func(i *app.HistoricalCaseInput) { i.FineFen = -1 }, "fine_fen"},
		"decided since":        {func(i *app.HistoricalCaseInput) { i.DecidedOn = zhifa.MustDate("2026-03-02") }, "decided_on"},
		"an unknown item":      {func(i *app.HistoricalCaseInput) { i.Item = "NO-SUCH" }, "item"},
		"another's item":       {func(i *app.HistoricalCaseInput) { i.Item = env.County.Item.Code }, "item"},
	} {
		b := in
		tc.bad(&b)
		if res := env.api(t, "POST", "/api/v1/cases/historical", loginHead, b); res.Status != http.StatusUnprocessableEntity || res.Error().Fields[tc.field] == "" {
			t.Errorf("%s: %d %s", name, res.Status, res.Body)
		}
	}
	before := env.ledgerSize(t)
	var v app.CaseView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases/historical", loginHead, in, &v)
	if v.Number != in.Number || v.Stage != zhifa.StageClose || v.Outcome != zhifa.OutcomePenalty || v.State.DecidedOn != in.DecidedOn {
		t.Errorf("carried over %+v", v.Case)
	}
	if data := env.ledgerSince(t, before); !bytes.Contains(data, []byte("case.import")) {
		t.Errorf("no ledger entry of the import")
	}
	if res := env.api(t, "POST", "/api/v1/cases/historical", loginHead, in); res.Status != http.StatusUnprocessableEntity || res.Error().Fields["number"] == "" {
		t.Errorf("imported twice: %d %s", res.Status, res.Body)
	}
	if res := env.page(t, "GET", fmt.Sprintf("/staff/cases/%d", v.ID), loginSupervisor, nil); res.Status != 200 || !strings.Contains(string(res.Body), in.Number) {
		t.Errorf("the carried-over case's page: %d", res.Status)
	}

	// The seizure counts in the A/V compliance indicator of the year it was made, as not
	// recorded, like the analytic rule below finds it.
	var run zhifa.AssessmentRun
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/assessments", loginSupervisor, assessmentweb.RunRequest{Year: 2025}, &run)
	var page assessment.RecordsPage
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/assessments/%d/agencies/%d/records/%s", run.ID, env.Market.ID, zhifa.IndAVCompliance),
		loginSupervisor, nil, &page)
	if page.Figure.Den != 1 || page.Figure.Num != 0 || len(page.Records) != 1 || page.Records[0].CaseID != v.ID ||
		page.Records[0].Detail != "实施“查封、扣押财产”未留存音像记录" {
		t.Errorf("A/V compliance of 2025: %+v", page)
	}

	daily, err := env.App.Analysis().RunDaily(context.Background())
	if err != nil || daily.MissingReviews != 1 || daily.MissingAV != 1 {
		t.Fatalf("daily run %+v %v", daily, err)
	}
	review := env.findWarning(t, zhifa.AnalysisMissingReview, fmt.Sprintf("case/%d", v.ID))
	if !strings.Contains(review.Rule, "第五十八条") || !hasEvidence(review, "case", v.ID) || !strings.Contains(review.Finding, "2025年11月10日") {
		t.Errorf("missing review %+v", review.AnalysisWarning)
	}
	av := env.findWarning(t, zhifa.AnalysisMissingAV, fmt.Sprintf("case/%d/seize", v.ID))
	if !strings.Contains(av.Rule, "第四十七条") || !hasEvidence(av, "case", v.ID) || !strings.Contains(av.Finding, "2025年9月3日") {
		t.Errorf("missing A/V %+v", av.AnalysisWarning)
	}
	for _, w := range []int64{review.ID, av.ID} {
		res := env.page(t, "GET", fmt.Sprintf("/staff/analysis/%d", w), loginSupervisor, nil)
		if res.Status != 200 || !strings.Contains(string(res.Body), in.Number) {
			t.Errorf("the warning's page %d lacks its evidence: %d", w, res.Status)
		}
	}
	if res := env.page(t, "GET", "/staff/analysis", loginSupervisor, nil); !strings.Contains(string(res.Body), "重大决定未经法制审核") ||
		!strings.Contains(string(res.Body), "缺少法定音像记录") {
		t.Errorf("the supervisor's warning list lacks the two kinds")
	}
}
