package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/app/review"
	"zhifa/law"
)

// TestUICaseNextStep: the case page leads with the one next step and who takes it; a
// case in the party's statement period shows as waiting on the party, counted apart from
// the agency's overdue clocks, and the ended period as over, not overdue; the hearing
// forms appear only with a hearing right; a 暂定 due date explains itself in words.
func TestUICaseNextStep(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	caseAdvance(env, 247) // Wednesday 2026-11-04: the decision falls due in 2027, beyond the calendar
	c, err := env.App.FileCase(appCtx(env.actor(t, loginOfficer)), app.CaseInput{Kind: zhifa.CasePenalty, Item: env.City.Item.Code,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市某某食品有限公司", CreditCode: "91371800MA3C4B5X6Y"}},
		Officers: []int64{env.City.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-10-20"), Facts: "销售超过保质期的食品"})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/staff/cases/%d", c.ID)
	page := func(login string) string {
		t.Helper()
		res := env.page(t, "GET", path, login, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("case page as %s: %d", login, res.Status)
		}
		return string(res.Body)
	}
	version := func() string {
		v, err := env.App.Case(appCtx(env.actor(t, loginOfficer)), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(v.Version)
	}
	body := page(loginOfficer)
	wantText(t, "open case", body, `id="next-step"`, "下一步：调查取证", "由承办人员办理", "可以办理", `href="#step-investigate"`,
		"暂定：系统尚未导入2027年国务院节假日安排", "!title=\"该年度")
	if strings.Index(body, `id="next-step"`) > strings.Index(body, `id="summary"`) {
		t.Errorf("the next step does not lead the page")
	}
	wantText(t, "supervisor's view", page(loginSupervisor), "下一步：调查取证", "您无需办理此步骤", `!href="#step-investigate"`)

	location(t, env.page(t, "POST", path+"/act/investigate", loginOfficer, url.Values{"version": {version()}}))
	wantText(t, "investigating", page(loginOfficer), "下一步：拟作出处罚决定", fmt.Sprintf(`href="/staff/cases/%d/propose"`, c.ID))
	if _, err := env.App.Act(appCtx(env.actor(t, loginOfficer)), c.ID, "propose", app.ActionInput{Version: 2, Penalties: []string{"罚款"}, Fine: 6000000,
		Reason: "当事人首次违法，违法情节一般，积极配合调查，依裁量基准处以罚款"}); err != nil {
		t.Fatal(err)
	}
	wantText(t, "notice missing", page(loginOfficer), "下一步：送达告知书", "办理前还须", "行政处罚事先告知书")
	caseDocument(t, env, loginOfficer, c.ID, zhifa.DocPenaltyNotice)
	location(t, env.page(t, "POST", path+"/act/notify", loginOfficer, url.Values{"version": {version()}, "date": {"2026-11-04"}}))
	v, err := env.App.Case(appCtx(env.actor(t, loginOfficer)), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	body = page(loginOfficer)
	wantText(t, "statement period", body, `id="next-waiting"`, "等待当事人：陈述申辩期至2026年11月9日届满", "等待当事人 1 项",
		"下一步：负责人审查", "!本机关逾期")
	for _, form := range []string{`id="step-request_hearing"`, `id="step-waive_hearing"`} {
		if strings.Contains(body, form) != v.State.HearingRight {
			t.Errorf("hearing right %v, but the page has %s: %v", v.State.HearingRight, form, !v.State.HearingRight)
		}
	}
	if !strings.Contains(body, `id="step-waive_statement"`) {
		t.Errorf("the party's waiver form is missing during the statement period")
	}

	caseAdvance(env, 7) // 2026-11-11: the period has ended
	body = page(loginOfficer)
	wantText(t, "period over", body, "已届满", "!等待当事人 1 项", "!本机关逾期", "下一步：负责人审查", "可以办理")
}

// TestReviewQueueAndMaterials: the reviewer's queue filters pending and finished rounds
// and pages by keyset (page and API); the review page lists the submitted materials
// beside the checklist, a material with a file opening it; no finding is pre-selected
// and "存在问题" without a point found wanting is refused through the API (E4).
func TestReviewQueueAndMaterials(t *testing.T) {
	env := newTestEnv(t)
	id := reviewCase(t, env)
	officer := appCtx(env.actor(t, loginOfficer))
	ev, err := env.App.Evidence().UploadEvidence(officer, evidence.EvidenceInput{Kind: zhifa.EvidencePhoto, Title: "现场检查照片",
		CapturedAt: env.Clock.Now().Add(-time.Hour), DeviceID: "DSJ-01", Place: "现场"}, bytes.NewReader(testJPEG(3000)))
	if err != nil {
		t.Fatal(err)
	}
	photo, err := env.App.AddRecord(officer, id, app.RecordInput{Kind: zhifa.RecordPhoto, Title: "现场检查照片", Act: "investigate", EvidenceID: ev.ID})
	if err != nil {
		t.Fatal(err)
	}
	report, _ := reviewRecords(t, env, id)
	path := fmt.Sprintf("/api/v1/cases/%d", id)
	var v app.CaseView
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/submit_review", loginOfficer, map[string]any{"version": v.Version,
		"review": map[string]any{"materials": []map[string]any{{"code": "investigation_report", "record_id": report}, {"code": "evidence_list", "record_id": photo.ID}}}}, &v)

	if n := env.notificationsOf(t, loginReviewer); n.Unread != 1 || n.Notifications[0].Kind != zhifa.NotifyReviewAssigned {
		t.Errorf("the reviewer's notifications %+v", n)
	}
	body := string(env.page(t, "GET", fmt.Sprintf("/staff/cases/%d/legal-review", id), loginReviewer, nil).Body)
	wantText(t, "review page", body, `id="submitted-materials"`, "案件调查终结报告", fmt.Sprintf(`href="/staff/evidence/%d/content"`, ev.ID),
		`name="point_agency" value="ok">`, "!checked> 符合")
	if res := env.page(t, "GET", fmt.Sprintf("/staff/evidence/%d/content", ev.ID), loginReviewer, nil); res.Status != http.StatusOK {
		t.Errorf("the reviewer opens the material: %d", res.Status)
	}

	// Through the API: "存在问题" with every point found sound is refused, nothing written.
	findings := []map[string]any{}
	for _, p := range law.ReviewPoints {
		findings = append(findings, map[string]any{"point": p, "ok": true})
	}
	res := env.api(t, "POST", path+"/actions/review_opinion", loginReviewer, map[string]any{"version": v.Version, "review": map[string]any{
		"findings": findings, "opinion": "problems", "opinion_text": "退回", "problems": []map[string]any{{"text": "理由不充分"}}}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "须至少认定一项审核要点存在问题") {
		t.Errorf("problems without a point found wanting: %d %s", res.Status, res.Body)
	}

	var q review.ReviewQueueList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/reviews", loginReviewer, nil, &q)
	if len(q.Reviews) != 1 || q.Reviews[0].CaseID != id || q.Reviews[0].ClockStatus != law.ClockOK || q.Next != "" {
		t.Fatalf("pending %+v", q)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/reviews?status=finished", loginReviewer, nil, &q)
	if len(q.Reviews) != 0 {
		t.Errorf("finished before the opinion: %+v", q)
	}
	if res := env.api(t, "GET", "/api/v1/reviews?status=done", loginReviewer, nil); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("bad status: %d", res.Status)
	}
	findings[4]["ok"], findings[4]["note"] = false, "证据不足"
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/review_opinion", loginReviewer, map[string]any{"version": v.Version, "review": map[string]any{
		"findings": findings, "opinion": "problems", "opinion_text": "退回补充证据", "problems": []map[string]any{{"point": law.ReviewPoints[4], "text": "缺少检验报告"}}}}, nil)
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/reviews?status=finished&limit=1", loginReviewer, nil, &q)
	if len(q.Reviews) != 1 || q.Reviews[0].CaseID != id || q.Next == "" {
		t.Fatalf("finished page %+v", q)
	}
	next := q.Next
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/reviews?status=finished&limit=1&cursor="+url.QueryEscape(next), loginReviewer, nil, &q)
	if len(q.Reviews) != 0 || q.Next != "" {
		t.Errorf("second page %+v", q)
	}
	if res := env.api(t, "GET", "/api/v1/reviews?cursor="+url.QueryEscape(next), loginReviewer, nil); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("a finished cursor on the pending list: %d", res.Status)
	}
	body = string(env.page(t, "GET", "/staff/reviews?status=finished", loginReviewer, nil).Body)
	wantText(t, "finished queue", body, `value="finished" selected`, v.Number, "查看")
	wantText(t, "pending queue", string(env.page(t, "GET", "/staff/reviews", loginReviewer, nil).Body), "暂无待审核的任务")
	if n := env.notificationsOf(t, loginOfficer); n.Unread != 1 || n.Notifications[0].Kind != zhifa.NotifyReviewOpinion {
		t.Errorf("the submitter's notifications %+v", n)
	}
}
