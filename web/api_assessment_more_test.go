package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app/assessment"
	"zhifa/app/supervision"
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

	// A scheme saved without the four: they are offered with no marks.
	var older []zhifa.AssessmentIndicator
	for _, ind := range assessment.DefaultIndicators() {
		switch ind.Key {
		case zhifa.IndServiceOnTime, zhifa.IndAVCompliance, zhifa.IndMajorReview, zhifa.IndComplaintsUpheld:
			continue
		case zhifa.IndEvaluation:
			ind.Points += 24
		}
		older = append(older, ind)
	}
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/assessment-scheme", loginSupervisor,
		assessment.SchemeInput{Year: 2026, Name: "2026年度考核方案", Indicators: older, Excellent: 90, Good: 80, Pass: 60}, nil)
	var sv assessment.SchemeView
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/assessment-scheme?year=2026", loginSupervisor, nil, &sv)
	if !sv.Saved || len(sv.Optional) != 4 || sv.Optional[0].Points != 0 || sv.Indicator(zhifa.IndAVCompliance) != nil {
		t.Errorf("scheme %+v optional %+v", sv.AssessmentScheme, sv.Optional)
	}
	if res := env.page(t, "GET", "/staff/assessment-scheme?year=2026", loginSupervisor, nil); !strings.Contains(string(res.Body), "音像记录合规率") {
		t.Errorf("the scheme page does not offer the A/V indicator: %d", res.Status)
	}
}

// TestComplaintFindingAssessed: the justice bureau answers a conduct complaint through
// the API only with its finding (EGATE naming 行政处罚法第七十五条第二款 without one, a
// field error for an unknown one), through the page with the form's choice; the public
// tracking page does not show the finding; the assessment counts the market bureau's
// upheld complaint and drills down to it (issue 14, F2).
func TestComplaintFindingAssessed(t *testing.T) {
	env := newTestEnv(t)
	namePeople(t, env)
	cheapAbuseControl(env, 50, 50)
	first := publicComplaint(t, env, env.Market.ID, zhifa.ComplaintAboutConduct)
	second := publicComplaint(t, env, env.Market.ID, zhifa.ComplaintAboutConduct)
	var list supervision.ListPage
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/complaints", loginSupervisor, nil, &list)
	ids := map[string]int64{}
	for _, it := range list.Items {
		ids[it.Number] = it.ID
	}
	var v supervision.View
	path := fmt.Sprintf("/api/v1/complaints/%d", ids[first.Number])
	env.apiOK(t, http.StatusOK, "GET", path, loginSupervisor, nil, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/act", loginSupervisor, map[string]any{"action": "accept", "version": v.Version}, &v)
	res := env.api(t, "POST", path+"/act", loginSupervisor, map[string]any{"action": "reply", "version": v.Version, "reply": "经核查属实。"})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Error().Rule, "第七十五条第二款") {
		t.Errorf("reply without a finding: %d %s", res.Status, res.Body)
	}
	res = env.api(t, "POST", path+"/act", loginSupervisor, map[string]any{"action": "reply", "version": v.Version, "reply": "经核查。", "finding": "maybe"})
	if res.Status != http.StatusUnprocessableEntity || res.Error().Fields["finding"] == "" {
		t.Errorf("reply with an unknown finding: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/act", loginSupervisor,
		map[string]any{"action": "reply", "version": v.Version, "reply": "经核查，执法人员未出示证件属实，已责令整改。", "finding": "upheld"}, &v)
	if v.Finding != zhifa.FindingUpheld || v.AboutAgencyID != env.Market.ID {
		t.Errorf("replied %+v", v.Complaint)
	}
	track := env.page(t, "POST", "/complaints/track", "", url.Values{"number": {first.Number}, "code": {first.Code}})
	if track.Status != http.StatusOK || strings.Contains(string(track.Body), "查实情况") {
		t.Errorf("tracking page: %d (the finding is the bureau's own)", track.Status)
	}

	// The page: the reply form of a conduct complaint asks for the finding.
	page := fmt.Sprintf("/staff/complaints/%d", ids[second.Number])
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/complaints/%d", ids[second.Number]), loginSupervisor, nil, &v)
	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/complaints/%d/act", ids[second.Number]), loginSupervisor,
		map[string]any{"action": "accept", "version": v.Version}, &v)
	form := env.page(t, "GET", page, loginSupervisor, nil)
	if !strings.Contains(string(form.Body), `name="finding"`) || !strings.Contains(string(form.Body), "部分属实") {
		t.Fatalf("the reply form has no finding: %d", form.Status)
	}
	if res := env.page(t, "POST", page+"/act", loginSupervisor, url.Values{"action": {"reply"}, "version": {fmt.Sprint(v.Version)},
		"reply": {"经核查，反映不属实。"}, "finding": {"unfounded"}}); res.Status != http.StatusSeeOther {
		t.Errorf("reply through the page: %d %.300s", res.Status, res.Body)
	}
	shown := env.page(t, "GET", page, loginSupervisor, nil)
	if !strings.Contains(string(shown.Body), "查实情况") || !strings.Contains(string(shown.Body), "不属实") {
		t.Error("the complaint page does not show the finding")
	}
	for _, f := range plainTextFaults(visibleText(string(shown.Body)), false) {
		t.Errorf("%s: %s", page, f)
	}

	var run zhifa.AssessmentRun
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/assessments", loginSupervisor, assessmentweb.RunRequest{Year: 2026}, &run)
	var records assessment.RecordsPage
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/assessments/%d/agencies/%d/records/%s", run.ID, env.Market.ID, zhifa.IndComplaintsUpheld),
		loginSupervisor, nil, &records)
	if records.Figure.Num != 1 || records.Figure.Den != 2 || len(records.Records) != 1 || records.Records[0].Label != first.Number ||
		records.Records[0].Detail != "执法监督投诉经查属实" {
		t.Errorf("complaints upheld %+v", records)
	}
	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/assessments/%d/agencies/%d/records/%s", run.ID, env.Market.ID, zhifa.IndComplaintsUpheld),
		loginOfficer, nil); res.Status != http.StatusNotFound {
		t.Errorf("the market bureau drills into the draft: %d", res.Status)
	}
}
