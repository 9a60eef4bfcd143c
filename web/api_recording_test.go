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
	"zhifa/app/evidence"
	"zhifa/law"
)

// TestAPIRecordingList: GET/PUT /api/v1/agencies/{id}/recording-list (B5): staff read,
// admins save new versions, the statutory minimum (D2) is EGATE naming the rule, a stale
// version is ECONFLICT, an officer is EFORBIDDEN, another government's admin ENOTFOUND;
// the portal and the public API show the current list; the staff page saves a version.
func TestAPIRecordingList(t *testing.T) {
	env := newTestEnv(t)
	path := fmt.Sprintf("/api/v1/agencies/%d/recording-list", env.Market.ID)
	var v evidence.RecordingListView
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	if v.Own || v.Current.Version != 0 || v.MayEdit || len(v.Acts) != len(law.RecordableActs) {
		t.Errorf("default view %+v", v)
	}
	in := evidence.RecordingListInput{Acts: []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true},
		{Act: "hearing", Level: zhifa.RecordingRequired}}, Note: "现场检查全程记录"}
	if res := env.api(t, "PUT", path, loginOfficer, in); res.Status != http.StatusForbidden {
		t.Errorf("officer PUT: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "PUT", path, loginCountyAdmin, in); res.Status != http.StatusNotFound {
		t.Errorf("county admin PUT: %d %s", res.Status, res.Body)
	}
	bad := evidence.RecordingListInput{Acts: []zhifa.RecordingAct{{Act: "seize", Level: zhifa.RecordingRecommended}}}
	res := env.api(t, "PUT", path, loginAdmin, bad)
	if res.ErrorCode() != zhifa.EGATE || !strings.Contains(res.Error().Message, "国办发〔2018〕118号") {
		t.Errorf("lowering seizure: %d %s", res.Status, res.Body)
	}
	env.apiOK(t, http.StatusOK, "PUT", path, loginAdmin, in, &v)
	if v.Current.Version != 1 || len(v.Versions) != 1 || v.Current.CreatedBy != loginAdmin {
		t.Errorf("saved %+v", v.Current)
	}
	if res := env.api(t, "PUT", path, loginAdmin, in); res.ErrorCode() != zhifa.ECONFLICT {
		t.Errorf("stale PUT: %d %s", res.Status, res.Body)
	}
	var pub evidence.RecordingListView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/public/agencies/%d/recording-list", env.Market.ID), "", nil, &pub)
	if pub.Current.Version != 1 || len(pub.Versions) != 0 || law.RecordingActOf(pub.Current, "hearing").Level != zhifa.RecordingRequired {
		t.Errorf("public %+v", pub)
	}
	page := env.page(t, "GET", fmt.Sprintf("/agencies/%d/recording-list", env.Market.ID), "", nil)
	if page.Status != http.StatusOK || !strings.Contains(string(page.Body), "举行听证") || !strings.Contains(string(page.Body), "第1版") {
		t.Errorf("portal page %d", page.Status)
	}
	if p := env.page(t, "GET", fmt.Sprintf("/agencies/%d", env.Market.ID), "", nil); !strings.Contains(string(p.Body), "/recording-list") {
		t.Error("the portal agency page does not link the list")
	}
	if p := env.page(t, "GET", fmt.Sprintf("/staff/agencies/%d", env.Market.ID), loginOfficer, nil); !strings.Contains(string(p.Body), "/recording-list") {
		t.Error("the staff agency page does not link the list")
	}
	// The staff page: an officer reads without the form; the admin saves version 2.
	staff := fmt.Sprintf("/staff/agencies/%d/recording-list", env.Market.ID)
	if p := env.page(t, "GET", staff, loginOfficer, nil); p.Status != http.StatusOK || strings.Contains(string(p.Body), "recording-form") {
		t.Errorf("officer page %d", p.Status)
	}
	p := env.page(t, "GET", staff, loginAdmin, nil)
	if p.Status != http.StatusOK || !strings.Contains(string(p.Body), "recording-form") {
		t.Fatalf("admin page %d", p.Status)
	}
	form := url.Values{"version": {"1"}, "note": {"送达也须记录"}}
	for i, ra := range law.RecordableActs {
		pre := fmt.Sprintf("act_%d_", i)
		lvl, scope := "none", "key"
		switch {
		case ra.Statutory:
			lvl, scope = "required", "whole"
		case ra.Act == "serve":
			lvl = "required"
		}
		form.Set(pre+"act", ra.Act)
		form.Set(pre+"level", lvl)
		form.Set(pre+"scope", scope)
	}
	if p := env.page(t, "POST", staff, loginAdmin, form); p.Status != http.StatusSeeOther {
		t.Fatalf("save page: %d %s", p.Status, p.Body)
	}
	env.apiOK(t, http.StatusOK, "GET", path, loginHead, nil, &v)
	if v.Current.Version != 2 || law.RecordingActOf(v.Current, "serve").Level != zhifa.RecordingRequired ||
		law.RecordingActOf(v.Current, "inspect").Level != zhifa.RecordingNone {
		t.Errorf("after the page save %+v", v.Current)
	}
	// The statutory minimum from the page: EGATE shown on the form, nothing saved.
	form.Set("version", "2")
	form.Set("act_0_level", "none")
	if p := env.page(t, "POST", staff, loginAdmin, form); p.Status == http.StatusSeeOther || !strings.Contains(string(p.Body), "不能从全过程记录清单中删除") {
		t.Errorf("lowering seizure on the page: %d", p.Status)
	}
}

// TestCaseAVRequirement: under a list that requires A/V of the investigation (B5), the
// case's missing list (API and page) names the list's rule before the act, the upload
// form preselects the act, and the step is refused (EGATE, 409/422) until the A/V record.
func TestCaseAVRequirement(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	admin := env.actor(t, loginAdmin)
	if _, err := env.App.Evidence().SaveRecordingList(app.WithActor(context.Background(), admin), env.Market.ID, evidence.RecordingListInput{
		Acts: []zhifa.RecordingAct{{Act: "investigate", Level: zhifa.RecordingRequired}}}); err != nil {
		t.Fatal(err)
	}
	var c app.CaseView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases", loginOfficer, map[string]any{"kind": "penalty", "procedure": "ordinary",
		"item": env.City.Item.Code, "parties": []map[string]any{{"kind": "person", "name": "李某", "id_number": "11010519491231002X"}},
		"officers": []int64{env.City.Officer.ID, o2.ID}, "occurred_on": "2026-01-05", "facts": "销售过期食品"}, &c)
	rule := law.RuleAVList + "第1版；国办发〔2018〕118号（八）"
	hasRule := func(v *app.CaseView) bool {
		for _, m := range v.Missing {
			if m.Action == "investigate" && m.Rule == rule {
				return true
			}
		}
		return false
	}
	if !hasRule(&c) {
		t.Errorf("missing %+v, want %q for investigate", c.Missing, rule)
	}
	p := env.page(t, "GET", fmt.Sprintf("/staff/cases/%d", c.ID), loginOfficer, nil)
	if body := string(p.Body); !strings.Contains(body, `<option value="investigate" selected>`) || !strings.Contains(body, "本机关全过程记录清单") {
		t.Errorf("case page %d does not show the A/V requirement or preselect the act", p.Status)
	}
	act := fmt.Sprintf("/api/v1/cases/%d/actions/investigate", c.ID)
	res := env.api(t, "POST", act, loginOfficer, map[string]any{"version": c.Version})
	if res.ErrorCode() != zhifa.EGATE || res.Error().Rule != rule {
		t.Fatalf("investigate without A/V: %d %s", res.Status, res.Body)
	}
	if _, err := env.App.AddRecord(app.WithActor(context.Background(), env.actor(t, loginOfficer)), c.ID,
		app.RecordInput{Kind: zhifa.RecordAV, Title: "询问录像", Act: "investigate"}); err != nil {
		t.Fatal(err)
	}
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/cases/%d", c.ID), loginOfficer, nil, &c)
	if hasRule(&c) {
		t.Errorf("A/V recorded, still missing %+v", c.Missing)
	}
	env.apiOK(t, http.StatusOK, "POST", act, loginOfficer, map[string]any{"version": c.Version}, &c)
	if c.Stage != zhifa.StageInvestigate {
		t.Errorf("stage %s", c.Stage)
	}
}

// TestRecordingTemplatePages: a superior's template (B5) through the API and the pages:
// the market bureau publishes its list as a template (PUT with template), its sub-unit
// without its own list inherits it — the API names the source and the staff and portal
// pages say where the list comes from; the sub-unit's form offers no level below the
// template's, and a form lowering it is refused with the template's rule, nothing saved.
func TestRecordingTemplatePages(t *testing.T) {
	env := newTestEnv(t)
	in := evidence.RecordingListInput{Template: true, Acts: []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true}}}
	var v evidence.RecordingListView
	env.apiOK(t, http.StatusOK, "PUT", fmt.Sprintf("/api/v1/agencies/%d/recording-list", env.Market.ID), loginAdmin, in, &v)
	if !v.Current.Template || v.Current.Version != 1 || !strings.Contains(v.SourceText, "作为模板发布") {
		t.Errorf("template %+v %q", v.Current, v.SourceText)
	}
	branchPath := fmt.Sprintf("/api/v1/agencies/%d/recording-list", env.MarketBranch.ID)
	env.apiOK(t, http.StatusOK, "GET", branchPath, loginOfficer, nil, &v)
	if v.Own || v.Source != evidence.RecordingSourceTemplate || v.TemplateAgency != env.Market.Name || v.Acts[3].Act != "inspect" ||
		v.Acts[3].Level != zhifa.RecordingRequired || !v.Acts[3].WholeProcess || !v.Acts[3].FromTemplate {
		t.Errorf("inherited %+v", v)
	}
	want := "沿用" + env.Market.Name + "发布的模板第1版"
	staff := fmt.Sprintf("/staff/agencies/%d/recording-list", env.MarketBranch.ID)
	p := env.page(t, "GET", staff, loginAdmin, nil)
	body := string(p.Body)
	if p.Status != http.StatusOK || !strings.Contains(body, `data-source="template"`) || !strings.Contains(body, want) || !strings.Contains(body, "上级模板") {
		t.Errorf("staff page %d does not show the source", p.Status)
	}
	// The inspection's only choice is the template's level.
	if !strings.Contains(body, `<select name="act_3_level" aria-label="现场检查（现场执法）音像记录要求"><option value="required" selected>必须音像记录</option></select>`) {
		t.Error("the form offers a level below the template's")
	}
	if p := env.page(t, "GET", fmt.Sprintf("/agencies/%d/recording-list", env.MarketBranch.ID), "", nil); !strings.Contains(string(p.Body), want) {
		t.Errorf("portal page %d does not show the source", p.Status)
	}
	form := url.Values{"version": {"0"}}
	for i, ra := range law.RecordableActs {
		pre := fmt.Sprintf("act_%d_", i)
		lvl, scope := "none", "key"
		if ra.Statutory {
			lvl, scope = "required", "whole"
		}
		form.Set(pre+"act", ra.Act)
		form.Set(pre+"level", lvl)
		form.Set(pre+"scope", scope)
	}
	p = env.page(t, "POST", staff, loginAdmin, form)
	if p.Status == http.StatusSeeOther || !strings.Contains(string(p.Body), "只能在上级模板基础上从严") || !strings.Contains(string(p.Body), "本机关清单只能从严") {
		t.Errorf("lowering the template on the page: %d", p.Status)
	}
	res := env.api(t, "PUT", branchPath, loginAdmin, evidence.RecordingListInput{})
	if res.ErrorCode() != zhifa.EGATE || !strings.HasPrefix(res.Error().Rule, law.RuleAVTemplate) {
		t.Errorf("lowering the template by the API: %d %s", res.Status, res.Body)
	}
	form.Set("act_3_level", "required")
	form.Set("act_3_scope", "whole")
	form.Set("act_5_level", "required")
	if p := env.page(t, "POST", staff, loginAdmin, form); p.Status != http.StatusSeeOther {
		t.Fatalf("tightening on the page: %d %s", p.Status, p.Body)
	}
	env.apiOK(t, http.StatusOK, "GET", branchPath, loginHead, nil, &v)
	if !v.Own || v.Source != evidence.RecordingSourceOwn || v.Current.BaseAgencyID != env.Market.ID || !strings.Contains(v.SourceText, "基础上从严") {
		t.Errorf("own list %+v %q", v.Current, v.SourceText)
	}
}
