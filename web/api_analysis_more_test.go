package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
	personnelweb "zhifa/web/personnel"

	"zhifa"
	"zhifa/app"
	"zhifa/app/analysis"
	"zhifa/app/supervision"
)

// advanceDays moves the test clock on by days; the sessions and tokens issued before
// have expired, so each login signs in again.
func (env *testEnv) advanceDays(days int) {
	env.Clock.Advance(time.Duration(days) * 24 * time.Hour)
	env.mu.Lock()
	defer env.mu.Unlock()
	env.tokens, env.cookie = map[string]string{}, map[string]string{}
}

// findWarning is the supervisor's warning of the kind about subject, failing without one.
func (env *testEnv) findWarning(t *testing.T, kind zhifa.AnalysisKind, subject string) *analysis.View {
	t.Helper()
	var page analysis.Page
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/analysis/warnings?kind="+string(kind), loginSupervisor, nil, &page)
	for _, w := range page.Items {
		if w.Subject == subject {
			return w
		}
	}
	t.Fatalf("no %s warning about %s in %+v", kind, subject, page.Items)
	return nil
}

// handleWarning checks who reads the warning and walks it through the supervisor's 督办
// and the head's explanation, each refused to the others.
func (env *testEnv) handleWarning(t *testing.T, w *analysis.View) {
	t.Helper()
	path := fmt.Sprintf("/api/v1/analysis/warnings/%d", w.ID)
	for login, want := range map[string]int{loginHead: 200, loginSupervisor: 200, loginCountyAdmin: 404, loginCountyOfficer: 404, "": 401} {
		if res := env.api(t, "GET", path, login, nil); res.Status != want {
			t.Errorf("%s: %q reads it: %d, want %d", w.Kind, login, res.Status, want)
		}
	}
	for _, login := range []string{loginHead, loginCountyAdmin} {
		if res := env.api(t, "POST", path+"/escalate", login, analysis.Input{Reason: "督办", Days: 5}); res.Status != 403 && res.Status != 404 {
			t.Errorf("%s: escalate by %s: %d", w.Kind, login, res.Status)
		}
	}
	var v analysis.View
	env.apiOK(t, http.StatusOK, "POST", path+"/escalate", loginSupervisor, analysis.Input{Reason: "请限期说明", Days: 5}, &v)
	if v.State != zhifa.AnalysisEscalated || v.Deadline.IsZero() {
		t.Errorf("%s: escalated %+v", w.Kind, v.AnalysisWarning)
	}
	if res := env.api(t, "POST", path+"/explain", loginSupervisor, analysis.Input{Reason: "说明"}); res.Status != 403 {
		t.Errorf("%s: explain by the supervisor: %d", w.Kind, res.Status)
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/explain", loginHead, analysis.Input{Reason: "已核实并说明"}, &v)
	if v.State != zhifa.AnalysisExplained {
		t.Errorf("%s: explained %+v", w.Kind, v.AnalysisWarning)
	}
}

// hasEvidence reports whether the warning lists the record.
func hasEvidence(w *analysis.View, kind string, id int64) bool {
	for _, e := range w.Evidence {
		if e.Kind == kind && e.ID == id && e.Label != "" {
			return true
		}
	}
	return false
}

// TestAnalysisMoreAPI raises each further kind with a minimal fixture through the API —
// a case withdrawn after its decision period, a step taken while an officer's
// certificate is suspended, complaints clustered on one enterprise, catalog items unused
// for five years — sees it with its rule and evidence, has it escalated and explained by
// the right persons, and raises a prominent problem from a warning, which keeps the
// warning's content and links both ways.
func TestAnalysisMoreAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("files and drives cases over years of test clock")
	}
	env := newTestEnv(t)

	// 超期调查后撤案: filed, withdrawn 100 days later (第六十条: 九十日).
	long := env.fileTestCase(t)
	env.advanceDays(100)
	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/cases/%d/actions/withdraw", long.ID), loginHead,
		map[string]any{"version": long.Version, "reason": "违法事实不能成立"}, nil)
	w := env.findWarning(t, zhifa.AnalysisLongNoPenalty, fmt.Sprintf("case/%d", long.ID))
	if !strings.Contains(w.Rule, "第六十条") || !hasEvidence(w, "case", long.ID) || !strings.Contains(w.Finding, "超过期限9日") {
		t.Errorf("long investigation %+v", w.AnalysisWarning)
	}
	env.handleWarning(t, w)

	// 超出证件执法领域: an officer's certificate is suspended after the investigation began.
	c := env.fileTestCaseAgain(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	var certs []*zhifa.Certificate
	if err := env.Store.View(sys, func(tx zhifa.Tx) error {
		var err error
		certs, err = tx.Certificates(sys, c.OfficerIDs[1])
		return err
	}); err != nil || len(certs) == 0 {
		t.Fatalf("certificates %v %v", certs, err)
	}
	for _, cert := range certs {
		env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/certificates/%d/state", cert.ID), loginAdmin,
			personnelweb.CertStateRequest{State: zhifa.CertSuspended, Reason: "年审未通过"}, nil)
	}
	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/cases/%d/actions/propose", c.ID), loginOfficer,
		map[string]any{"version": c.Version, "penalties": []string{"警告"}, "reason": "销售过期食品，情节轻微"}, nil)
	w = env.findWarning(t, zhifa.AnalysisOutsideCertificate, fmt.Sprintf("case/%d", c.ID))
	if !strings.Contains(w.Rule, "第四十二条") || !hasEvidence(w, "case", c.ID) || !hasEvidence(w, "officer", c.OfficerIDs[1]) ||
		!strings.Contains(w.Finding, "暂扣") || strings.Contains(w.Finding, fmt.Sprintf("（%d）", c.OfficerIDs[1])) {
		t.Errorf("outside certificate %+v", w.AnalysisWarning)
	}
	env.handleWarning(t, w)

	// 投诉举报集中: three reports about one enterprise; the run finds them, the county's
	// admin may not run it, bad settings are refused.
	var complaints []string
	for i := range 3 {
		var v supervision.Receipt
		env.apiOK(t, http.StatusCreated, "POST", "/api/v1/complaints", loginOfficer, supervision.ComplaintInput{Kind: zhifa.ComplaintKindReport,
			Subject: zhifa.ComplaintAboutEnterprise, AgencyID: env.Market.ID, Target: "东港市海鲜批发有限公司", Content: fmt.Sprintf("销售过期海鲜%d", i),
			Channel: zhifa.Channel12345}, &v)
		complaints = append(complaints, v.Number)
	}
	for login, want := range map[string]int{loginCountyAdmin: 403, loginHead: 403, loginOfficer: 403, "": 401} {
		if res := env.api(t, "POST", "/api/v1/analysis/run", login, analysis.RunInput{}); res.Status != want {
			t.Errorf("run by %q: %d, want %d", login, res.Status, want)
		}
	}
	if res := env.api(t, "POST", "/api/v1/analysis/run", loginSupervisor, analysis.RunInput{ComplaintThreshold: 1, ComplaintDays: 5}); res.Status != 422 ||
		res.Error().Fields["complaint_threshold"] == "" || res.Error().Fields["complaint_days"] == "" {
		t.Errorf("bad settings: %d %s", res.Status, res.Body)
	}
	var run analysis.RunResult
	env.apiOK(t, http.StatusOK, "POST", "/api/v1/analysis/run", loginSupervisor, analysis.RunInput{}, &run)
	if run.ComplaintClusters != 1 || run.IdleItems != 0 || run.ComplaintThreshold != 3 || run.ComplaintDays != 90 {
		t.Errorf("first run %+v", run)
	}
	var page analysis.Page
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/analysis/warnings?kind=complaint_cluster", loginSupervisor, nil, &page)
	if len(page.Items) != 1 {
		t.Fatalf("clusters %+v", page.Items)
	}
	w = page.Items[0]
	for _, number := range complaints {
		if !slices.ContainsFunc(w.Evidence, func(e zhifa.AnalysisEvidence) bool { return e.Kind == "complaint" && e.Label == number && e.ID > 0 }) {
			t.Errorf("cluster evidence %+v lacks %s", w.Evidence, number)
		}
	}
	if !strings.Contains(w.Rule, "暂行办法》第三十一条") || !strings.Contains(w.Finding, "东港市海鲜批发有限公司") {
		t.Errorf("cluster %+v", w.AnalysisWarning)
	}
	env.handleWarning(t, w)
	cluster := w
	// The daily run (serve's RunDailyJobs) covers the whole installation as the system
	// and refreshes the same finding rather than adding one.
	if daily, err := env.App.Analysis().RunDaily(context.Background()); err != nil || daily.ComplaintClusters != 1 {
		t.Errorf("daily run %+v %v", daily, err)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/analysis/warnings?kind=complaint_cluster", loginSupervisor, nil, &page)
	if len(page.Items) != 1 || page.Items[0].ID != cluster.ID {
		t.Errorf("clusters after the daily run %+v", page.Items)
	}

	// 重大决定未经法制审核, 缺少法定音像记录: carried over without their review or record.
	legacy := long
	if err := env.Store.Update(sys, func(tx zhifa.Tx) error {
		if err := tx.CreateFiling(sys, &zhifa.Filing{CaseID: legacy.ID, CaseNumber: legacy.Number, AgencyID: env.Market.ID, Kind: zhifa.FilingPenalty,
			ToAgencyID: env.Justice.ID, Reasons: []string{"罚款数额巨大"}, Summary: "罚款", DecidedOn: zhifa.MustDate("2026-05-06"),
			Due: zhifa.MustDate("2026-05-21"), FiledAt: env.Clock.Now(), Status: zhifa.FilingFiled}); err != nil {
			return err
		}
		return tx.AddCaseEvent(sys, &zhifa.CaseEvent{CaseID: legacy.ID, From: zhifa.StageInvestigate, To: zhifa.StageInvestigate,
			Action: zhifa.ActSeize, ActorID: env.Users[loginOfficer].ID, Actor: "officer1", ActedOn: zhifa.MustDate("2026-05-01")})
	}); err != nil {
		t.Fatal(err)
	}
	env.apiOK(t, http.StatusOK, "POST", "/api/v1/analysis/run", loginSupervisor, analysis.RunInput{}, &run)
	if run.MissingReviews != 1 || run.MissingAV != 1 {
		t.Errorf("run over carried-over data %+v", run)
	}
	w = env.findWarning(t, zhifa.AnalysisMissingReview, fmt.Sprintf("case/%d", legacy.ID))
	if !strings.Contains(w.Rule, "第五十八条") || !hasEvidence(w, "case", legacy.ID) || !strings.Contains(w.Finding, "2026年5月6日") {
		t.Errorf("missing review %+v", w.AnalysisWarning)
	}
	env.handleWarning(t, w)
	w = env.findWarning(t, zhifa.AnalysisMissingAV, fmt.Sprintf("case/%d/seize", legacy.ID))
	if !strings.Contains(w.Rule, "第四十七条") || !strings.Contains(w.Rule, "国办发〔2018〕118号（八）") || !hasEvidence(w, "case", legacy.ID) ||
		!strings.Contains(w.Finding, "查封、扣押") {
		t.Errorf("missing A/V %+v", w.AnalysisWarning)
	}
	env.handleWarning(t, w)

	// 五年未实施: six years on, the market bureau's item had no case since.
	env.advanceDays(6 * 366)
	env.apiOK(t, http.StatusOK, "POST", "/api/v1/analysis/run", loginSupervisor, analysis.RunInput{}, &run)
	if run.IdleItems < 1 {
		t.Errorf("second run %+v", run)
	}
	w = env.findWarning(t, zhifa.AnalysisIdleItem, fmt.Sprintf("item/%d", env.City.Item.ID))
	if !strings.Contains(w.Rule, "第（十四）项") || !hasEvidence(w, "item", env.City.Item.ID) || !strings.Contains(w.Finding, "最近一次立案在2026年6月") {
		t.Errorf("idle item %+v", w.AnalysisWarning)
	}
	env.handleWarning(t, w)
	// A closed finding stays closed when the run finds it again.
	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/analysis/warnings/%d/close", w.ID), loginSupervisor, analysis.Input{Reason: "已纳入清理"}, nil)
	env.apiOK(t, http.StatusOK, "POST", "/api/v1/analysis/run", loginSupervisor, analysis.RunInput{}, &run)
	var again analysis.View
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/analysis/warnings/%d", w.ID), loginSupervisor, nil, &again)
	if again.State != zhifa.AnalysisClosed {
		t.Errorf("rerun reopened the closed finding: %s", again.State)
	}

	// A prominent problem raised from the cluster keeps its content and links both ways.
	in := supervision.ProblemInput{Source: zhifa.ProblemFromWarning, SourceID: cluster.ID, Title: "投诉举报集中", Detail: "请核查并整改"}
	if res := env.api(t, "POST", "/api/v1/problems", loginHead, in); res.Status != 403 {
		t.Errorf("head raises a problem: %d", res.Status)
	}
	missing := in
	missing.SourceID = 999999
	if res := env.api(t, "POST", "/api/v1/problems", loginSupervisor, missing); res.Status != 422 || res.Error().Fields["source_id"] == "" {
		t.Errorf("unknown warning: %d %s", res.Status, res.Body)
	}
	var p supervision.ProblemView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/problems", loginSupervisor, in, &p)
	if p.Origin == nil || p.Origin.Kind != zhifa.AnalysisComplaintCluster || p.Origin.Finding != cluster.Finding ||
		len(p.Origin.Evidence) != 3 || p.SourceURL != fmt.Sprintf("/staff/analysis/%d", cluster.ID) || p.AgencyID != env.Market.ID {
		t.Errorf("problem %+v origin %+v", p.Problem, p.Origin)
	}
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/analysis/warnings/%d", cluster.ID), loginHead, nil, &again)
	if again.ProblemID != p.ID {
		t.Errorf("warning's problem %d, want %d", again.ProblemID, p.ID)
	}
	if res := env.api(t, "POST", "/api/v1/problems", loginSupervisor, in); res.Status != http.StatusConflict {
		t.Errorf("second problem from the warning: %d %s", res.Status, res.Body)
	}
}
