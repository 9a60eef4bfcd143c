package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app/assessment"
	assessmentweb "zhifa/web/assessment"
)

// TestAssessmentMoreDrillDown: the service, A/V and major-review figures drill down
// through the API and the workspace to the case behind each (a decision carried over
// unserved, without its A/V record, filed without a legal review), for the bureau and
// not for the agency while the run is a draft; a scheme saved without them offers them
// as optional indicators (issue 14, F2).
func TestAssessmentMoreDrillDown(t *testing.T) {
	env := newTestEnv(t)
	namePeople(t, env) // the header names the user
	v := env.fileTestCase(t)
	ctx := context.Background()
	decided := zhifa.MustDate("2026-03-02")
	if err := env.Store.Update(ctx, func(tx zhifa.Tx) error {
		c, err := tx.Case(ctx, v.ID)
		if err != nil {
			return err
		}
		c.Stage, c.State.DecidedOn = zhifa.StageDecide, decided
		c.Clocks = append(c.Clocks, zhifa.Clock{Kind: zhifa.ClockService, Start: decided, Due: zhifa.MustDate("2026-03-11"), Unit: zhifa.UnitWorkday, Days: 7})
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		if err := tx.CreateFiling(ctx, &zhifa.Filing{CaseID: c.ID, CaseNumber: c.Number, AgencyID: env.Market.ID, Kind: zhifa.FilingPenalty,
			ToAgencyID: env.Justice.ID, Reasons: []string{"较大数额罚款"}, Summary: "罚款", DecidedOn: decided, Due: zhifa.MustDate("2026-03-17"),
			FiledAt: env.Clock.Now(), Status: zhifa.FilingFiled}); err != nil {
			return err
		}
		return tx.AddAVStep(ctx, &zhifa.AVStep{CaseID: c.ID, AgencyID: env.Market.ID, Action: zhifa.ActSeize, Act: "seize", ActedOn: decided})
	}); err != nil {
		t.Fatal(err)
	}
	env.advanceDays(30)

	var run zhifa.AssessmentRun
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/assessments", loginSupervisor, assessmentweb.RunRequest{Year: 2026}, &run)
	for key, detail := range map[string]string{
		zhifa.IndServiceOnTime: "超过送达期限未送达行政处罚决定书（期限至2026年3月11日）",
		zhifa.IndAVCompliance:  "实施“查封、扣押财产”未留存音像记录",
		zhifa.IndMajorReview:   "重大行政处罚决定作出前未经法制审核通过",
	} {
		path := fmt.Sprintf("/api/v1/assessments/%d/agencies/%d/records/%s", run.ID, env.Market.ID, key)
		var page assessment.RecordsPage
		env.apiOK(t, http.StatusOK, "GET", path, loginSupervisor, nil, &page)
		if page.Figure.Den != 1 || page.Figure.Num != 0 || len(page.Records) != 1 || page.Records[0].CaseID != v.ID ||
			page.Records[0].Label != v.Number || page.Records[0].Detail != detail {
			t.Errorf("%s: %+v", key, page)
		}
		for login, status := range map[string]int{loginHead: http.StatusNotFound, "": http.StatusUnauthorized} {
			if res := env.api(t, "GET", path, login, nil); res.Status != status {
				t.Errorf("%s as %q: %d, want %d", key, login, res.Status, status)
			}
		}
		staff := fmt.Sprintf("/staff/assessments/%d/agencies/%d/records/%s", run.ID, env.Market.ID, key)
		res := env.page(t, "GET", staff, loginSupervisor, nil)
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), v.Number) || !strings.Contains(string(res.Body), detail) {
			t.Errorf("%s page: %d", staff, res.Status)
		}
		for _, f := range plainTextFaults(visibleText(string(res.Body)), false) {
			t.Errorf("%s: %s", staff, f)
		}
	}

	// A scheme saved without the three: they are offered with no marks.
	var older []zhifa.AssessmentIndicator
	for _, ind := range assessment.DefaultIndicators() {
		switch ind.Key {
		case zhifa.IndServiceOnTime, zhifa.IndAVCompliance, zhifa.IndMajorReview:
			continue
		case zhifa.IndEvaluation:
			ind.Points += 18
		}
		older = append(older, ind)
	}
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/assessment-scheme", loginSupervisor,
		assessment.SchemeInput{Year: 2026, Name: "2026年度考核方案", Indicators: older, Excellent: 90, Good: 80, Pass: 60}, nil)
	var sv assessment.SchemeView
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/assessment-scheme?year=2026", loginSupervisor, nil, &sv)
	if !sv.Saved || len(sv.Optional) != 3 || sv.Optional[0].Points != 0 || sv.Indicator(zhifa.IndAVCompliance) != nil {
		t.Errorf("scheme %+v optional %+v", sv.AssessmentScheme, sv.Optional)
	}
	if res := env.page(t, "GET", "/staff/assessment-scheme?year=2026", loginSupervisor, nil); !strings.Contains(string(res.Body), "音像记录合规率") {
		t.Errorf("the scheme page does not offer the A/V indicator: %d", res.Status)
	}
}
