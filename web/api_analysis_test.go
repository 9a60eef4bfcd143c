package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/analysis"
	"zhifa/law"
)

// repeatedEndingsFixture withdraws law.RepeatedEndingsThreshold cases of the market
// bureau's officers (撤案, the head's act), which the rule of repeated endings finds: the
// warning about the first officer.
func (env *testEnv) repeatedEndingsFixture(t *testing.T) *analysis.View {
	t.Helper()
	env.closedTestCase(t)
	for range law.RepeatedEndingsThreshold - 1 {
		v := env.fileTestCaseAgain(t)
		env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/cases/%d/actions/withdraw", v.ID), loginHead,
			map[string]any{"version": v.Version, "reason": "违法事实不能成立"}, nil)
	}
	var page analysis.Page
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/analysis/warnings?kind=repeated_endings", loginSupervisor, nil, &page)
	for _, w := range page.Items {
		if w.Subject == fmt.Sprintf("officer/%d", env.City.Officer.ID) {
			return w
		}
	}
	t.Fatalf("no warning about the officer: %+v", page)
	return nil
}

// TestAnalysisAPI: the market bureau's officer ends five cases by 撤案 within a year; the
// rule finds it, citing its rule and the five cases; the justice bureau's supervisor sees
// it across the city, the bureau its own, another county nothing; the supervisor orders
// it handled in working days (督办), the bureau's head explains it and reports its
// rectification, the supervisor closes it — each only by the person whose act it is.
func TestAnalysisAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("files and withdraws five cases")
	}
	env := newTestEnv(t)
	w := env.repeatedEndingsFixture(t)
	if w.State != zhifa.AnalysisOpen || w.AgencyID != env.Market.ID || !strings.Contains(w.Rule, "第七十五条") || w.KindLabel != "反复不予处罚或撤案" {
		t.Errorf("warning %+v", w)
	}
	cases := 0
	for _, e := range w.Evidence {
		if e.Kind == "case" && e.Label != "" {
			cases++
		}
	}
	if cases != law.RepeatedEndingsThreshold {
		t.Errorf("evidence %+v", w.Evidence)
	}
	if w.Can.Escalate != true || w.Can.Explain {
		t.Errorf("supervisor's acts %+v", w.Can)
	}
	path := fmt.Sprintf("/api/v1/analysis/warnings/%d", w.ID)

	// Who sees it.
	for login, want := range map[string]int{loginOfficer: 200, loginHead: 200, loginSupervisor: 200, loginCountyAdmin: 404,
		loginCountyOfficer: 404, loginReviewer: 403, "": 401} {
		if res := env.api(t, "GET", path, login, nil); res.Status != want {
			t.Errorf("%q reads the warning: %d, want %d", login, res.Status, want)
		}
	}
	var county analysis.Page
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/analysis/warnings", loginCountyOfficer, nil, &county)
	if len(county.Items) != 0 {
		t.Errorf("county sees %+v", county.Items)
	}
	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/analysis/warnings?agency_id=%d", env.CountyMarket.ID), loginSupervisor, nil); res.Status != 404 {
		t.Errorf("supervisor filters by another government's agency: %d", res.Status)
	}
	for _, q := range []string{"kind=x", "state=x", "cursor=abc", "agency_id=abc"} {
		if res := env.api(t, "GET", "/api/v1/analysis/warnings?"+q, loginSupervisor, nil); res.Status != http.StatusUnprocessableEntity && res.Status != http.StatusBadRequest {
			t.Errorf("%s: %d", q, res.Status)
		}
	}

	// Bad input is refused before anything changes.
	for _, tc := range []struct {
		name string
		body any
	}{
		{"no reason", analysis.Input{Days: 5}},
		{"no days", analysis.Input{Reason: "限期说明"}},
		{"too many days", analysis.Input{Reason: "限期说明", Days: 61}},
		{"long reason", analysis.Input{Reason: strings.Repeat("长", 2001), Days: 5}},
	} {
		if res := env.api(t, "POST", path+"/escalate", loginSupervisor, tc.body); res.Status != http.StatusUnprocessableEntity || res.Error().Fields == nil {
			t.Errorf("%s: %d %s", tc.name, res.Status, res.Body)
		}
	}

	steps := []struct {
		act, by string
		others  []string
		body    analysis.Input
		state   zhifa.AnalysisState
	}{
		{"escalate", loginSupervisor, []string{loginHead, loginOfficer, loginAdmin, loginCountyAdmin}, analysis.Input{Reason: "请于期限内说明理由并整改", Days: 5}, zhifa.AnalysisEscalated},
		{"explain", loginHead, []string{loginOfficer, loginSupervisor, loginAdmin, loginCountyOfficer}, analysis.Input{Reason: "五起案件均因违法事实不能成立撤案"}, zhifa.AnalysisExplained},
		{"rectify", loginHead, []string{loginOfficer, loginSupervisor, loginReviewer}, analysis.Input{Reason: "已组织立案审查培训"}, zhifa.AnalysisRectified},
		{"close", loginSupervisor, []string{loginHead, loginOfficer, loginCountyAdmin}, analysis.Input{Reason: "理由成立，整改到位"}, zhifa.AnalysisClosed},
	}
	for _, st := range steps {
		for _, login := range st.others {
			if res := env.api(t, "POST", path+"/"+st.act, login, st.body); res.Status != 403 && res.Status != 404 {
				t.Errorf("%s by %s: %d %s", st.act, login, res.Status, res.Body)
			}
		}
		var v analysis.View
		env.apiOK(t, http.StatusOK, "POST", path+"/"+st.act, st.by, st.body, &v)
		if v.State != st.state || v.Reason != st.body.Reason {
			t.Errorf("%s: %+v", st.act, v.AnalysisWarning)
		}
		if st.act == "escalate" {
			cal, err := env.App.Calendar(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if due, _ := cal.AddWorkdays(zhifa.DateOf(testStart), 5); v.Deadline != due || v.Overdue {
				t.Errorf("督办 deadline %s overdue %v, want %s", v.Deadline, v.Overdue, due)
			}
		}
	}
	// A closed warning takes no more acts.
	if res := env.api(t, "POST", path+"/explain", loginHead, analysis.Input{Reason: "再说明"}); res.Status != http.StatusConflict {
		t.Errorf("explain a closed warning: %d", res.Status)
	}
	// Each act is audited and has its ledger entry.
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	var kinds []string
	if err := env.Store.View(sys, func(tx zhifa.Tx) error {
		entries, err := tx.LedgerEntries(sys, 0, 1<<40)
		for _, e := range entries {
			for _, k := range []string{"analysis.found", "analysis.escalate", "analysis.explain", "analysis.rectify", "analysis.close"} {
				if strings.Contains(string(e.Data), k) {
					kinds = append(kinds, k)
				}
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(kinds) < 5 {
		t.Errorf("ledger entries %v", kinds)
	}
}
