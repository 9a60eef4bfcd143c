package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/assessment"
)

// TestAssessment walks the assessment of agencies (issue 14, F2) through the use cases:
// the scheme (default, versions, bounds), the survey and the self-check with their
// gates, the run over the bureau's scope, the adjustments, the head's approval, the
// agencies' own view and drill-down, publication, and who may not.
func TestAssessment(t *testing.T) {
	w := newWorld(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if _, err := w.app.CreateUser(sys, app.UserInput{Login: "judhead", Name: "孙立群", Role: zhifa.RoleHead, AgencyID: w.judge.ID, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	// An officer of the market bureau without a certificate: the drill-down names them.
	if _, err := w.app.Personnel().CreateOfficer(sys, officerInput(w.market.ID, 1)); err != nil {
		t.Fatal(err)
	}
	svc := w.app.Assessment()
	sup, head, officer, judhead, outsider := w.as(t, "supervisor1"), w.as(t, "head1"), w.as(t, "officer1"), w.as(t, "judhead"), w.as(t, "outsider")
	public := context.Background()

	// The scheme: the default until the bureau saves a version; bounds; who may.
	v, err := svc.Scheme(sup, 2026)
	if err != nil || v.Saved || len(v.Indicators) != len(assessment.DefaultIndicators()) {
		t.Fatalf("default scheme %+v %v", v, err)
	}
	_, err = svc.Scheme(officer, 2026)
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = svc.Scheme(public, 2026)
	wantCode(t, err, zhifa.EUNAUTHORIZED)
	in := assessment.SchemeInput{Year: 2026, Name: "2026年度考核方案", Indicators: assessment.DefaultIndicators(), Excellent: 90, Good: 80, Pass: 60}
	in.Indicators[0].Points = 2 // no longer 100 marks
	_, err = svc.SaveScheme(sup, in)
	wantCode(t, err, zhifa.EINVALID)
	in.Indicators[0].Points = 12
	in.Indicators = append(in.Indicators, zhifa.AssessmentIndicator{Key: "made_up", Name: "虚构", Points: 0})
	_, err = svc.SaveScheme(sup, in)
	wantCode(t, err, zhifa.EINVALID)
	in.Indicators = assessment.DefaultIndicators()
	sc, err := svc.SaveScheme(sup, in)
	if err != nil || sc.Version != 1 {
		t.Fatalf("save scheme %+v %v", sc, err)
	}

	// The survey: entered by the bureau for an agency in its scope.
	if _, err := svc.EnterSurvey(sup, assessment.SurveyInput{AgencyID: w.market.ID, Year: 2026, Score: 90, Source: "东港市统计局满意度测评报告"}); err != nil {
		t.Fatal(err)
	}
	_, err = svc.EnterSurvey(sup, assessment.SurveyInput{AgencyID: w.bureau.ID, Year: 2026, Score: 90, Source: "报告"})
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = svc.EnterSurvey(sup, assessment.SurveyInput{AgencyID: w.market.ID, Year: 2026, Score: 120, Source: "报告"})
	wantCode(t, err, zhifa.EINVALID)
	_, err = svc.EnterSurvey(sup, assessment.SurveyInput{AgencyID: w.judge.ID, Year: 2026, Score: 80, Source: "报告"})
	wantCode(t, err, zhifa.EINVALID) // the bureau does not assess itself

	// The self-check: the head's own act, at the year's end.
	_, err = svc.FileSelfCheck(head, assessment.SelfCheckInput{Year: 2026, Text: "本年度推行行政执法责任制情况"})
	wantCode(t, err, zhifa.EGATE)         // March is not the year's end
	w.clock.Advance(230 * 24 * time.Hour) // mid October
	todo, err := w.app.Todo(head)
	if err != nil || !hasTodoKind(todo.Items, zhifa.TodoAssessment) {
		t.Errorf("head's to-do without the self-check: %+v %v", todo, err)
	}
	_, err = svc.FileSelfCheck(officer, assessment.SelfCheckInput{Year: 2026, Text: "自查"})
	wantCode(t, err, zhifa.EFORBIDDEN)
	self, err := svc.FileSelfCheck(head, assessment.SelfCheckInput{Year: 2026, Text: "本年度推行行政执法责任制情况"})
	if err != nil {
		t.Fatal(err)
	}
	if self, err = svc.ScoreSelfCheck(sup, self.ID, assessment.ScoreInput{Score: 80, Version: self.Version}); err != nil {
		t.Fatal(err)
	}
	_, err = svc.FileSelfCheck(head, assessment.SelfCheckInput{Year: 2026, Text: "改"})
	wantCode(t, err, zhifa.ECONFLICT) // scored

	// The run: the enforcement agencies of the scope, the justice bureau left out.
	run, err := svc.Run(sup, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Results) != 2 || run.Result(w.judge.ID) != nil || run.Result(w.market.ID) == nil || run.SchemeVersion != 1 {
		t.Fatalf("run results %+v", run.Results)
	}
	market := run.Result(w.market.ID)
	points := map[string]float64{}
	for _, f := range market.Figures {
		points[f.Key] = f.Points
	}
	if points["survey"] != 6.75 || points["selfcheck"] != 3.5 || points["certificates"] != 0 || points["decision_on_time"] != 8 {
		t.Errorf("market's marks %v", points)
	}
	_, err = svc.Run(officer, 2026)
	wantCode(t, err, zhifa.EFORBIDDEN)
	for _, ctx := range []context.Context{head, outsider} {
		_, err = svc.Get(ctx, run.ID)
		wantCode(t, err, zhifa.ENOTFOUND) // a draft is the bureau's
	}

	// Adjustments with reasons, re-ranked; then the head approves.
	before := market.Total
	run, err = svc.Adjust(sup, run.ID, assessment.AdjustInput{AgencyID: w.market.ID, Points: -2, Reason: "未按要求报送执法数据", Version: run.Version})
	if err != nil {
		t.Fatal(err)
	}
	if got := run.Result(w.market.ID).Total; got != before-2 {
		t.Errorf("total after the deduction %v, want %v", got, before-2)
	}
	_, err = svc.Adjust(sup, run.ID, assessment.AdjustInput{AgencyID: w.market.ID, Points: -2, Reason: "", Version: run.Version})
	wantCode(t, err, zhifa.EINVALID)
	_, err = svc.Adjust(sup, run.ID, assessment.AdjustInput{AgencyID: w.market.ID, Points: -1, Reason: "旧版本", Version: run.Version - 1})
	wantCode(t, err, zhifa.ECONFLICT)
	_, err = svc.Approve(sup, run.ID, run.Version)
	wantCode(t, err, zhifa.EFORBIDDEN) // the supervisor is not the head
	_, err = svc.Approve(head, run.ID, run.Version)
	wantCode(t, err, zhifa.ENOTFOUND) // another agency's draft
	todo, err = w.app.Todo(judhead)
	if err != nil || !hasTodoKind(todo.Items, zhifa.TodoAssessment) {
		t.Errorf("bureau head's to-do without the run: %+v %v", todo, err)
	}
	run, err = svc.Approve(judhead, run.ID, run.Version)
	if err != nil || run.Status != zhifa.AssessmentApproved {
		t.Fatalf("approve %+v %v", run, err)
	}
	_, err = svc.Run(sup, 2026)
	wantCode(t, err, zhifa.ECONFLICT) // approved is final
	_, err = svc.ScoreSelfCheck(sup, self.ID, assessment.ScoreInput{Score: 95, Version: self.Version})
	wantCode(t, err, zhifa.ECONFLICT)

	// The agency sees its own results (and its sub-unit's), not who adjusted.
	mine, err := svc.Get(head, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine.Results) != 2 || mine.MayApprove || mine.MayAdjust {
		t.Errorf("head's view %+v", mine)
	}
	for _, res := range mine.Results {
		for _, a := range res.Adjustments {
			if a.ByName != "" || a.By != 0 {
				t.Errorf("adjustment's author shown to the agency: %+v", a)
			}
		}
	}
	_, err = svc.Get(outsider, run.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
	page, err := svc.Records(head, run.ID, w.market.ID, zhifa.IndCertificates, "", 0)
	if err != nil || len(page.Records) != 1 || page.Records[0].Label != "张三" || page.Records[0].Detail == "" {
		t.Errorf("drill-down %+v %v", page, err)
	}
	_, err = svc.Records(outsider, run.ID, w.market.ID, zhifa.IndCertificates, "", 0)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = svc.Records(head, run.ID, w.market.ID, "made_up", "", 0)
	wantCode(t, err, zhifa.ENOTFOUND)

	// Publication: the bureau decides; the public sees agencies, marks, rank, grade.
	_, err = svc.PublicRun(public, run.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = svc.Publish(judhead, run.ID, run.Version)
	wantCode(t, err, zhifa.EFORBIDDEN)
	run, err = svc.Publish(sup, run.ID, run.Version)
	if err != nil || run.Status != zhifa.AssessmentPublished || run.PublishEntry <= run.Entry { // two ledger entries
		t.Fatalf("publish %+v %v", run, err)
	}
	pv, err := svc.PublicRun(public, run.ID)
	if err != nil || len(pv.Results) != 2 || pv.Results[0].Rank != 1 {
		t.Fatalf("public run %+v %v", pv, err)
	}
	list, _, err := svc.Published(public, "", 0)
	if err != nil || len(list) != 1 {
		t.Errorf("published %d %v", len(list), err)
	}
	b, _ := json.Marshal(pv)
	for _, secret := range []string{"未按要求报送", "supervisor1", "孙立群", "张三"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("published results contain %q: %s", secret, b)
		}
	}
}

func hasTodoKind(items []zhifa.TodoItem, kind zhifa.TodoKind) bool {
	for _, it := range items {
		if it.Kind == kind {
			return true
		}
	}
	return false
}
