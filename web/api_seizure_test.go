package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/law"
)

// wantAPIGate checks an answer refusing with EGATE naming rule.
func wantAPIGate(t *testing.T, what string, res *response, rule string) {
	t.Helper()
	if e := res.Error(); res.Status < 400 || e.Code != zhifa.EGATE || e.Rule != rule || !strings.Contains(e.Message, "依据："+rule) {
		t.Errorf("%s: %d %s, want EGATE %s", what, res.Status, res.Body, rule)
	}
}

// TestAPIPreservation: 行政处罚法第五十六条 through /api/v1 — registered preservation is the
// head's act, refused without the items (EGATE naming the article), with its
// seven-working-day clock; its decision ends it.
func TestAPIPreservation(t *testing.T) {
	env := newTestEnv(t)
	v := *env.fileTestCase(t)
	path := fmt.Sprintf("/api/v1/cases/%d/actions/", v.ID)
	env.apiOK(t, http.StatusOK, "POST", path+"investigate", loginOfficer, map[string]any{"version": v.Version}, &v)
	body := map[string]any{"version": v.Version, "reason": "证据可能灭失", "preservation": map[string]any{"items": "涉案过期食品20箱"}}
	if res := env.api(t, "POST", path+"preserve", loginOfficer, body); res.Status != http.StatusForbidden || res.ErrorCode() != zhifa.EFORBIDDEN {
		t.Errorf("officer preserves: %d %s", res.Status, res.Body)
	}
	wantAPIGate(t, "no items", env.api(t, "POST", path+"preserve", loginHead, map[string]any{"version": v.Version, "reason": "证据可能灭失"}), law.RulePreservation)
	env.apiOK(t, http.StatusOK, "POST", path+"preserve", loginHead, body, &v)
	var cl *app.ClockView
	for i := range v.Clocks {
		if v.Clocks[i].Kind == zhifa.ClockPreservation {
			cl = &v.Clocks[i]
		}
	}
	if cl == nil || cl.Days != law.PreservationDays || cl.Unit != zhifa.UnitWorkday || !v.State.Preservation.Active() {
		t.Fatalf("preservation clock %+v, state %+v", cl, v.State.Preservation)
	}
	wantAPIGate(t, "withdrawn undecided", env.api(t, "POST", path+"withdraw", loginHead, map[string]any{"version": v.Version, "reason": "不构成违法"}), law.RulePreservation)
	env.apiOK(t, http.StatusOK, "POST", path+"end_preservation", loginHead, map[string]any{"version": v.Version, "disposal": "seize"}, &v)
	if p := v.State.Preservation; p.Active() || p.Disposal != "seize" {
		t.Errorf("ended %+v", p)
	}
}

// TestAPISeizure: 行政强制法第十八条 through /api/v1 — no seizure without the head's prior
// approval, the notice to the party and a 现场笔录 signed or its refusal noted (EGATE
// naming the article); with them it is taken and recorded.
func TestAPISeizure(t *testing.T) {
	env := newTestEnv(t)
	v := *env.seizureCase(t)
	path := fmt.Sprintf("/api/v1/cases/%d", v.ID)
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	signed := map[string]any{"notified": true, "party_present": true, "signed": true}
	wantAPIGate(t, "no approval", env.api(t, "POST", path+"/actions/seize", loginOfficer, map[string]any{"version": v.Version, "seizure": signed}), law.RuleSeizureApproval)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/approve_seizure", loginHead, map[string]any{"version": v.Version}, &v)
	wantAPIGate(t, "unsigned", env.api(t, "POST", path+"/actions/seize", loginOfficer,
		map[string]any{"version": v.Version, "seizure": map[string]any{"notified": true, "party_present": true}}), law.RuleSeizureRecord)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/seize", loginOfficer, map[string]any{"version": v.Version, "seizure": signed}, &v)
	if v.Stage != zhifa.StageSeize || v.State.Seizure == nil || !v.State.Seizure.Signed || !v.State.SeizureApproved {
		t.Errorf("seized %s %+v", v.Stage, v.State.Seizure)
	}
}

// seizureCase files a compulsory case through the API with the A/V record and the
// 查封扣押决定书 its seizure needs (D2, 行政强制法第二十四条).
func (env *testEnv) seizureCase(t *testing.T) *app.CaseView {
	t.Helper()
	env.fileTestCase(t) // certifies a second officer
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if _, err := env.App.Catalog().CreateItem(sys, catalog.ItemInput{Code: "SEIZE-1", Name: "查封、扣押不符合食品安全标准的食品", Category: zhifa.CatCompulsion,
		AgencyID: env.Market.ID, Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百一十条"}}}); err != nil {
		t.Fatal(err)
	}
	var officers []int64
	list, err := env.App.CaseOfficers(app.WithActor(context.Background(), env.actor(t, loginOfficer)))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range list {
		officers = append(officers, o.ID)
	}
	var v app.CaseView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases", loginOfficer, map[string]any{"kind": "compulsory", "item": "SEIZE-1",
		"parties": []map[string]any{{"kind": "person", "name": "李某", "id_number": "11010519491231002X"}}, "officers": officers}, &v)
	octx := app.WithActor(context.Background(), env.actor(t, loginOfficer))
	if _, err := env.App.AddRecord(octx, v.ID, app.RecordInput{Kind: zhifa.RecordAV, Title: "查封现场执法记录仪视频", Act: "seize"}); err != nil {
		t.Fatal(err)
	}
	env.issueDoc(t, v.ID, zhifa.DocSeizureDecision)
	return &v
}

// issueDoc drafts a document of the type for case id as the officer, fills every empty
// field and issues it (e.g. the 查封扣押决定书 of 行政强制法第二十四条, the 催告书 of 第三十五条).
func (env *testEnv) issueDoc(t *testing.T, id int64, typ zhifa.DocType) {
	t.Helper()
	ctx := app.WithActor(context.Background(), env.actor(t, loginOfficer))
	d, err := env.App.CreateDocument(ctx, id, app.DocumentCreate{Type: typ})
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
}
