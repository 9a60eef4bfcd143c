package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
)

// TestUISeizureForms: the case page carries the 行政强制法第十八条、第十九条 inputs of the
// seizure and the 行政处罚法第五十六条 preservation forms, with Chinese labels; a refused
// step reopens its form naming the article.
func TestUISeizureForms(t *testing.T) {
	env := newTestEnv(t)
	c := env.seizureCase(t)
	path := fmt.Sprintf("/staff/cases/%d", c.ID)
	body := string(env.page(t, "GET", path, loginOfficer, nil).Body)
	wantText(t, "seizure forms", body, "负责人批准查封扣押", "情况紧急，需要当场实施", "已当场告知当事人查封、扣押的理由、依据", "当事人不到场（须有见证人）", "见证人")
	absent := url.Values{"version": {fmt.Sprint(c.Version)}, "seizure_emergency": {"1"}, "seizure_notified": {"1"}, "seizure_party_present": {"absent"}}
	res := env.page(t, "POST", path+"/act/seize", loginOfficer, absent)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("absent without witness: %d", res.Status)
	}
	wantText(t, "refused seizure", string(res.Body), "行政强制法第十八条第九项", `id="step-seize" open`)
	absent.Set("seizure_witness", "王某")
	location(t, env.page(t, "POST", path+"/act/seize", loginOfficer, absent))
	body = string(env.page(t, "GET", path, loginOfficer, nil).Body)
	wantText(t, "emergency seizure", body, "紧急查封扣押报告批准期限（24小时）", `id="step-approve_seizure"`)

	p := env.fileTestCaseAgain(t)
	ppath := fmt.Sprintf("/staff/cases/%d", p.ID)
	body = string(env.page(t, "GET", ppath, loginHead, nil).Body)
	wantText(t, "preserve form", body, "证据先行登记保存", "先行登记保存物品清单")
	location(t, env.page(t, "POST", ppath+"/act/preserve", loginHead, url.Values{"version": {fmt.Sprint(p.Version)},
		"reason": {"证据可能灭失"}, "preservation_items": {"涉案过期食品20箱"}}))
	body = string(env.page(t, "GET", ppath, loginHead, nil).Body)
	wantText(t, "preserved", body, "先行登记保存处理期限", `id="step-end_preservation"`, "转为查封、扣押")
	if strings.Contains(body, `id="step-preserve"`) {
		t.Error("a second preservation is offered while one is pending")
	}
}

// fileTestCaseAgain files another penalty case with the officers fileTestCase certified
// and takes it to the investigation.
func (env *testEnv) fileTestCaseAgain(t *testing.T) *app.CaseView {
	t.Helper()
	ctx := appCtx(env.actor(t, loginOfficer))
	list, err := env.App.CaseOfficers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, o := range list {
		ids = append(ids, o.ID)
	}
	v, err := env.App.FileCase(ctx, app.CaseInput{Kind: "penalty", Item: env.City.Item.Code, Officers: ids, OccurredOn: zhifa.MustDate("2026-01-05"),
		Facts: "销售过期食品", Parties: []app.PartyInput{{Kind: "person", Name: "李某", IDNumber: "11010519491231002X"}}})
	if err != nil {
		t.Fatal(err)
	}
	if v, err = env.App.Act(ctx, v.ID, "investigate", app.ActionInput{Version: v.Version}); err != nil {
		t.Fatal(err)
	}
	return v
}
