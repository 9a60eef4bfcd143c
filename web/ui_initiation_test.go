package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
)

// TestUICaseInitiation: the filing wizard asks how an inspection was initiated, refuses
// an inspection without it next to its field, and the case page shows it (issue 13).
func TestUICaseInitiation(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	item, err := env.App.Catalog().CreateItem(sys, catalog.ItemInput{Code: "DG-INSP-1", Name: "食品经营监督检查", Category: zhifa.CatInspection,
		AgencyID: env.Market.ID, Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百一十条"}}})
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, "wizard", string(env.page(t, "GET", "/staff/cases/new", loginOfficer, nil).Body),
		`name="initiation"`, "检查启动方式", "双随机抽查", "投诉举报", "上级交办、转办", "依职权检查")
	f := caseWizardForm(env, env.City.Officer.ID, o2.ID)
	f.Set("kind", "inspection")
	f.Set("item", item.Code)
	res := env.page(t, "POST", "/staff/cases/new", loginOfficer, f)
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("inspection without initiation: status %d", res.Status)
	}
	wantText(t, "inspection without initiation", string(res.Body), `id="err-initiation"`, "行政检查案件应当选择检查启动方式")
	f.Set("initiation", string(zhifa.InitComplaint))
	target := location(t, env.page(t, "POST", "/staff/cases/new", loginOfficer, f))
	if !strings.HasPrefix(target, "/staff/cases/") {
		t.Fatalf("filed: redirect to %s", target)
	}
	wantText(t, "case page", string(env.page(t, "GET", target, loginOfficer, nil).Body), `id="case-initiation">投诉举报`)
}

// TestAPICaseInitiation: POST /api/v1/cases takes the initiation of an inspection and
// refuses an inspection without it with the field named; the case answers with it.
func TestAPICaseInitiation(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	item, err := env.App.Catalog().CreateItem(sys, catalog.ItemInput{Code: "DG-INSP-2", Name: "食品经营监督检查", Category: zhifa.CatInspection,
		AgencyID: env.Market.ID, Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百一十条"}}})
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"kind": "inspection", "procedure": "ordinary", "item": item.Code,
		"parties":  []map[string]any{{"kind": "org", "name": "东港市某某食品有限公司", "credit_code": "91371800MA3C4B5X6Y"}},
		"officers": []int64{env.City.Officer.ID, o2.ID}}
	res := env.api(t, "POST", "/api/v1/cases", loginOfficer, body)
	if e := res.Error(); res.Status != http.StatusUnprocessableEntity || e.Code != zhifa.EINVALID || e.Fields["initiation"] == "" {
		t.Errorf("without initiation: %d %s", res.Status, res.Body)
	}
	body["initiation"] = "random"
	var v app.CaseView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/cases", loginOfficer, body, &v)
	if v.State.Initiation != zhifa.InitRandom {
		t.Errorf("filed: initiation %q", v.State.Initiation)
	}
}
